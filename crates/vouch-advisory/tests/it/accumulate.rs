//! The database directory: sources accumulate, re-importing a source replaces it, duplicate
//! ids keep the newest record, withdrawn records never match, leftovers of a killed writer do
//! no harm.

use std::path::Path;

use vouch_advisory::{AdvisoryError, Database, import, status};
use vouch_model::{DiagnosticCode, Ecosystem};

use super::common::*;

fn copy(files: &[(&Path, &str)], to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for (from, name) in files {
        std::fs::copy(from, to.join(name)).unwrap();
    }
}

#[test]
fn opening_an_empty_directory_says_the_database_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let err = Database::open(tmp.path()).unwrap_err();
    assert!(
        matches!(err, AdvisoryError::DatabaseMissing { .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), DiagnosticCode::DatabaseMissing);
    assert!(status(tmp.path()).is_err());
}

#[test]
fn rustsec_then_pypa_both_match_and_reimport_replaces() {
    let Some(corpus) = corpus("accumulate") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let inv = inventory([
        component(Ecosystem::CratesIo, "smallvec", "1.6.0"),
        component(Ecosystem::CratesIo, "regex", "1.5.4"),
        component(Ecosystem::PyPI, "protobuf", "3.14.0"),
    ]);

    // A RustSec source of two advisories, then the whole PyPA database.
    let rustsec = tmp.path().join("rustsec");
    let crates = advisories(&corpus, "rustsec/osv/crates");
    let a = crates.join("RUSTSEC-2021-0003.json");
    let b = crates.join("RUSTSEC-2022-0013.json");
    copy(
        &[
            (&a, "RUSTSEC-2021-0003.json"),
            (&b, "RUSTSEC-2022-0013.json"),
        ],
        &rustsec,
    );
    let first = import(&db, &rustsec).unwrap();
    assert!(!first.replaced);
    let second = import(&db, &advisories(&corpus, "pypa")).unwrap();
    assert!(!second.replaced);
    assert_eq!(second.database.sources.len(), 2);
    assert_eq!(second.database.records, 2 + 2626);

    let m = Database::open(&db).unwrap().match_inventory(&inv);
    assert_eq!(
        finding_ids(&m),
        [
            "protobuf@3.14.0: PYSEC-2022-48",
            "regex@1.5.4: RUSTSEC-2022-0013",
            "smallvec@1.6.0: RUSTSEC-2021-0003",
        ]
    );

    // The same source again, now without the regex advisory: replaced, not added to.
    std::fs::remove_file(rustsec.join("RUSTSEC-2022-0013.json")).unwrap();
    let again = import(&db, &rustsec).unwrap();
    assert!(again.replaced);
    assert_eq!(again.source.records, 1);
    assert_eq!(again.database.sources.len(), 2);
    assert_eq!(again.database.records, 1 + 2626);
    assert_ne!(again.database.digest, second.database.digest);
    let m = Database::open(&db).unwrap().match_inventory(&inv);
    assert_eq!(
        finding_ids(&m),
        [
            "protobuf@3.14.0: PYSEC-2022-48",
            "smallvec@1.6.0: RUSTSEC-2021-0003"
        ]
    );
    // Old index and source files are gone; one index, two sources remain.
    let indexes = std::fs::read_dir(&db)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("index-")
        })
        .count();
    assert_eq!(indexes, 1);
    assert_eq!(std::fs::read_dir(db.join("sources")).unwrap().count(), 2);
}

#[test]
fn a_duplicate_id_keeps_the_newest_modified() {
    let Some(corpus) = corpus("duplicates") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let real = advisories(&corpus, "rustsec/osv/crates/RUSTSEC-2021-0003.json");
    let text = std::fs::read_to_string(&real).unwrap();
    // An older copy claiming every version, and a newer copy claiming none below 1.6.0.
    let older = text
        .replace(
            "\"modified\": \"2026-07-17T15:52:38Z\"",
            "\"modified\": \"2020-01-01T00:00:00Z\"",
        )
        .replace("\"introduced\": \"1.0.0\"", "\"introduced\": \"0.0.1\"");
    let newer = text
        .replace(
            "\"modified\": \"2026-07-17T15:52:38Z\"",
            "\"modified\": \"2030-01-01T00:00:00Z\"",
        )
        .replace("\"introduced\": \"1.0.0\"", "\"introduced\": \"1.6.0\"");
    assert_ne!(older, text);
    assert_ne!(newer, text);
    std::fs::create_dir_all(tmp.path().join("newer")).unwrap();
    std::fs::create_dir_all(tmp.path().join("older")).unwrap();
    std::fs::write(tmp.path().join("newer/a.json"), &newer).unwrap();
    std::fs::write(tmp.path().join("older/a.json"), &older).unwrap();
    // Import order must not matter: the newer one wins either way.
    import(&db, &tmp.path().join("newer")).unwrap();
    import(&db, &tmp.path().join("older")).unwrap();
    let inv = inventory([
        component(Ecosystem::CratesIo, "smallvec", "1.5.0"),
        component(Ecosystem::CratesIo, "smallvec", "1.6.0"),
    ]);
    let m = Database::open(&db).unwrap().match_inventory(&inv);
    assert_eq!(finding_ids(&m), ["smallvec@1.6.0: RUSTSEC-2021-0003"]);
    assert_eq!(status(&db).unwrap().database.records, 1);
}

#[test]
fn withdrawn_records_never_match() {
    let Some(corpus) = corpus("withdrawn") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    import(tmp.path(), &advisories(&corpus, "ghsa-native-sample")).unwrap();
    // GHSA-3x9g-xfj5-fq84 (gradio < 4.19.2) is withdrawn.
    let m = Database::open(tmp.path())
        .unwrap()
        .match_inventory(&inventory([component(Ecosystem::PyPI, "gradio", "4.0.0")]));
    assert_eq!(finding_ids(&m), Vec::<String>::new());
}

#[test]
fn leftovers_of_a_killed_writer_do_no_harm() {
    let Some(corpus) = corpus("killed_writer") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    import(&db, &advisories(&corpus, "ghsa-native-sample")).unwrap();
    let before = status(&db).unwrap();
    // What a writer killed before its manifest write leaves: a temporary file, a new source
    // file and a new index that no manifest names.
    std::fs::write(db.join(".tmp-abc"), b"partial").unwrap();
    std::fs::write(
        db.join("sources/ffffffffffffffffffffffffffffffff.bin"),
        b"x",
    )
    .unwrap();
    std::fs::write(db.join("index-ffffffffffffffffffffffffffffffff.bin"), b"y").unwrap();
    let opened = Database::open(&db).unwrap();
    assert_eq!(opened.info(), &before.database);
    // The next writer cleans them up.
    import(&db, &advisories(&corpus, "malicious-packages/osv")).unwrap();
    assert!(!db.join(".tmp-abc").exists());
    assert!(
        !db.join("index-ffffffffffffffffffffffffffffffff.bin")
            .exists()
    );
    assert!(
        !db.join("sources/ffffffffffffffffffffffffffffffff.bin")
            .exists()
    );
}

/// The index file of a database freshly imported into a temporary directory.
fn index_file(dir: &Path) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("index-")
        })
        .unwrap()
}

fn flip_byte(path: &Path, at: impl Fn(usize) -> usize) {
    let mut bytes = std::fs::read(path).unwrap();
    let i = at(bytes.len());
    bytes[i] ^= 1;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_damaged_index_directory_is_reported_on_open() {
    let Some(corpus) = corpus("damaged_index") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    import(tmp.path(), &advisories(&corpus, "ghsa-native-sample")).unwrap();
    // Byte 45 lies in the directory (after the 40-byte header).
    flip_byte(&index_file(tmp.path()), |_| 45);
    let err = Database::open(tmp.path()).unwrap_err();
    assert!(
        matches!(err, AdvisoryError::CorruptDatabase { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("sha256"), "{err}");
}

#[test]
fn a_damaged_index_entry_is_reported_when_read_never_matched() {
    let Some(corpus) = corpus("damaged_entry") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    import(tmp.path(), &advisories(&corpus, "ghsa-native-sample")).unwrap();
    // The last byte belongs to the last record's blob.
    flip_byte(&index_file(tmp.path()), |len| len - 1);
    let db = Database::open(tmp.path()).unwrap();
    // Every package the database names, at a version every scheme reads.
    let mut inventory = vouch_model::Inventory::new();
    for (ecosystem, name) in db.packages() {
        let version = if ecosystem == Ecosystem::Go {
            "v0.0.1"
        } else {
            "0.0.1"
        };
        let Ok(name) = vouch_model::PackageName::new(ecosystem, name) else {
            continue;
        };
        if let Ok(c) = vouch_model::Component::new(
            ecosystem,
            name,
            Some(version.into()),
            vouch_model::Location::file("x.lock"),
        ) {
            inventory.add(c);
        }
    }
    inventory.finish();
    let matches = db.match_inventory(&inventory);
    assert!(
        matches
            .diagnostics
            .iter()
            .any(|d| d.message.contains("checksum does not match")),
        "{:?}",
        matches.diagnostics
    );
}

#[test]
fn an_index_an_older_vouch_wrote_is_rebuilt_on_open() {
    let Some(corpus) = corpus("older_index") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let imported = import(tmp.path(), &advisories(&corpus, "rustsec/osv")).unwrap();
    // What vouch 0.1 wrote: no index format, no directory digest.
    let path = tmp.path().join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let index = manifest["index"].as_object_mut().unwrap();
    index.remove("format");
    index.remove("directory_sha256");
    std::fs::write(&path, manifest.to_string()).unwrap();

    let db = Database::open(tmp.path()).unwrap();
    assert_eq!(db.info().records, imported.database.records);
    assert_eq!(db.info().sources, imported.database.sources);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(manifest["index"]["format"], 6);
}
