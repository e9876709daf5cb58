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
    assert_eq!(err.code(), Some(DiagnosticCode::DatabaseMissing));
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

#[test]
fn a_damaged_index_is_reported_not_trusted() {
    let Some(corpus) = corpus("damaged_index") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    import(tmp.path(), &advisories(&corpus, "ghsa-native-sample")).unwrap();
    let index = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("index-")
        })
        .unwrap();
    let mut bytes = std::fs::read(&index).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&index, bytes).unwrap();
    let err = Database::open(tmp.path()).unwrap_err();
    assert!(
        matches!(err, AdvisoryError::CorruptDatabase { .. }),
        "{err:?}"
    );
}
