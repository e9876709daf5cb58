//! osv.dev `all.zip` archives: a whole export imports; a truncated or damaged one is refused
//! naming the file, and the database is left exactly as it was.

use vouch_advisory::{AdvisoryError, Database, import, status};
use vouch_model::{DiagnosticCode, Ecosystem};

use super::common::*;

#[test]
fn an_all_zip_built_from_the_rustsec_export_imports_like_the_directory() {
    let Some(corpus) = corpus("all_zip") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mut files = record_files(&advisories(&corpus, "rustsec/osv/crates"), usize::MAX);
    assert_eq!(files.len(), 1180);
    files.push(("README.txt".into(), b"not a record".to_vec()));
    let zip = tmp.path().join("all.zip");
    write_zip(&zip, &files);

    let db = tmp.path().join("db");
    let s = import(&db, &zip).unwrap();
    assert_eq!(
        (s.files, s.source.records, s.source.withdrawn),
        (1180, 1180, 11)
    );
    let skipped: Vec<_> = s.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(skipped, [DiagnosticCode::SkippedFile]);
    assert!(
        s.diagnostics[0]
            .path
            .as_deref()
            .unwrap()
            .to_string_lossy()
            .ends_with("all.zip!README.txt")
    );

    let m = Database::open(&db)
        .unwrap()
        .match_inventory(&inventory([component(
            Ecosystem::CratesIo,
            "smallvec",
            "1.6.0",
        )]));
    assert_eq!(finding_ids(&m), ["smallvec@1.6.0: RUSTSEC-2021-0003"]);
}

fn damaged_archive_is_refused(damage: impl Fn(&mut Vec<u8>), test: &str) {
    let Some(corpus) = corpus(test) else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    // A database that already holds something.
    import(&db, &advisories(&corpus, "ghsa-native-sample")).unwrap();
    let before = status(&db).unwrap();
    let files_before: Vec<_> = walk(&db);

    let files = record_files(&advisories(&corpus, "rustsec/osv/crates"), 200);
    let zip = tmp.path().join("all.zip");
    write_zip(&zip, &files);
    let mut bytes = std::fs::read(&zip).unwrap();
    damage(&mut bytes);
    std::fs::write(&zip, &bytes).unwrap();

    let err = import(&db, &zip).unwrap_err();
    assert!(
        matches!(err, AdvisoryError::CorruptArchive { ref path, .. } if *path == zip),
        "{err:?}"
    );
    assert_eq!(err.code(), DiagnosticCode::CorruptArchive);
    assert!(err.to_string().contains("all.zip"), "{err}");
    // Nothing half-imported: the same manifest, the same files, the same index.
    assert_eq!(status(&db).unwrap(), before);
    assert_eq!(walk(&db), files_before);
    assert_eq!(Database::open(&db).unwrap().info(), &before.database);
}

fn walk(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_truncated_zip_is_refused_and_the_database_is_unchanged() {
    damaged_archive_is_refused(|b| b.truncate(b.len() / 2), "truncated_zip");
}

#[test]
fn a_zip_with_a_damaged_entry_is_refused_and_the_database_is_unchanged() {
    // Overwrite bytes inside the first entry's compressed data: the deflate stream or its
    // CRC-32 no longer checks out.
    damaged_archive_is_refused(
        |b| {
            for x in &mut b[80..200] {
                *x ^= 0x5a;
            }
        },
        "damaged_zip",
    );
}

#[test]
fn a_file_that_is_not_a_zip_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let junk = tmp.path().join("all.zip");
    std::fs::write(&junk, b"<html>not found</html>").unwrap();
    let err = import(&tmp.path().join("db"), &junk).unwrap_err();
    assert_eq!(err.code(), DiagnosticCode::CorruptArchive);
    assert!(!tmp.path().join("db").join("manifest.json").exists());
}

#[cfg(unix)]
#[test]
fn a_directory_symlink_loop_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    std::os::unix::fs::symlink(&src, src.join("sub/loop")).unwrap();
    std::fs::write(
        src.join("sub/X-1.json"),
        r#"{"id":"OSV-2099-1","modified":"2099-01-01T00:00:00Z"}"#,
    )
    .unwrap();
    let s = import(&tmp.path().join("db"), &src).unwrap();
    assert_eq!(s.source.records, 1);
    let codes: Vec<_> = s.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [DiagnosticCode::SkippedFile]);
}
