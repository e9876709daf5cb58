//! Every advisory set of the corpus imports with the expected counts and no diagnostics except
//! the documented dirty records.

use std::path::Path;

use vouch_advisory::{ImportSummary, import};
use vouch_model::DiagnosticCode;

use super::common::*;

/// Non-`SkippedFile` diagnostics as (record, code, file name), sorted.
fn problems(s: &ImportSummary) -> Vec<(String, DiagnosticCode, String)> {
    let mut v: Vec<_> = s
        .diagnostics
        .iter()
        .filter(|d| d.code != DiagnosticCode::SkippedFile)
        .map(|d| {
            (
                d.record.clone().unwrap_or_default(),
                d.code,
                d.path
                    .as_deref()
                    .and_then(Path::file_name)
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

fn skipped(s: &ImportSummary) -> usize {
    s.diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::SkippedFile)
        .count()
}

fn import_set(set: &str) -> Option<ImportSummary> {
    let corpus = corpus(set)?;
    let db = tempfile::tempdir().unwrap();
    Some(import(db.path(), &advisories(&corpus, set)).unwrap())
}

#[test]
fn rustsec_osv_export() {
    let Some(s) = import_set("rustsec/osv") else {
        return;
    };
    assert_eq!(
        (s.files, s.source.records, s.source.withdrawn),
        (1180, 1180, 11)
    );
    assert_eq!(s.database.records, 1169);
    assert_eq!(problems(&s), []);
    assert_eq!(skipped(&s), 1, "README.md"); // README.md
}

#[test]
fn pypa_yaml_with_its_dirty_records() {
    let Some(s) = import_set("pypa") else { return };
    assert_eq!(
        (s.files, s.source.records, s.source.withdrawn),
        (2636, 2636, 10)
    );
    assert_eq!(s.database.records, 2626);
    assert_eq!(skipped(&s), 2, "LICENSE and README.md");
    let range = DiagnosticCode::InvalidRange;
    let expected = [
        // The 7 records the corpus documents: GIT ranges with abbreviated hashes or `.patch`
        // names, and binderhub's ECOSYSTEM `fixed: 0.2.0-n653`, which is not PEP 440.
        ("PYSEC-2017-27", range, "PYSEC-2017-27.yaml"),
        // steam's ECOSYSTEM `fixed: "2019-09-12"` is a date, not a PEP 440 version.
        ("PYSEC-2019-125", range, "PYSEC-2019-125.yaml"),
        ("PYSEC-2019-155", range, "PYSEC-2019-155.yaml"),
        ("PYSEC-2021-371", range, "PYSEC-2021-371.yaml"),
        ("PYSEC-2021-371", range, "PYSEC-2021-371.yaml"),
        ("PYSEC-2021-424", range, "PYSEC-2021-424.yaml"),
        ("PYSEC-2021-425", range, "PYSEC-2021-425.yaml"),
        ("PYSEC-2021-436", range, "PYSEC-2021-436.yaml"),
        // keylime lists the alias `GHSA-jf66-3q76-h5p5,` with a stray comma.
        (
            "PYSEC-2022-184",
            DiagnosticCode::MalformedAdvisory,
            "PYSEC-2022-184.yaml",
        ),
        ("PYSEC-2023-80", range, "PYSEC-2023-80.yaml"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(r, c, f)| (r.to_string(), *c, f.to_string()))
        .collect();
    assert_eq!(problems(&s), expected);
}

#[test]
fn go_vulndb() {
    let Some(s) = import_set("go-vulndb") else {
        return;
    };
    assert_eq!(
        (s.files, s.source.records, s.source.withdrawn),
        (4267, 4267, 17)
    );
    assert_eq!(problems(&s), []);
}

#[test]
fn ghsa_maven() {
    let Some(s) = import_set("ghsa-maven/osv") else {
        return;
    };
    assert_eq!(
        (s.files, s.source.records, s.source.withdrawn),
        (334, 334, 0)
    );
    assert_eq!(problems(&s), []);
}

#[test]
fn ghsa_native_sample() {
    let Some(s) = import_set("ghsa-native-sample") else {
        return;
    };
    assert_eq!((s.files, s.source.records, s.source.withdrawn), (5, 5, 1));
    assert_eq!(s.database.records, 4);
    assert_eq!(problems(&s), []);
}

#[test]
fn malicious_packages() {
    let Some(s) = import_set("malicious-packages/osv") else {
        return;
    };
    assert_eq!(
        (s.files, s.source.records, s.source.withdrawn),
        (373, 373, 11)
    );
    assert_eq!(problems(&s), []);
}

#[test]
fn osv_linter_test_records() {
    let Some(corpus) = corpus("osv_linter_test_records") else {
        return;
    };
    let db = tempfile::tempdir().unwrap();
    let dir = corpus.join("schemas/osv/tools/osv-linter/testdata");
    let s = import(db.path(), &dir).unwrap();
    // 12 files; the three "bad" variants repeat the ids of clean ones and lose to them.
    assert_eq!((s.files, s.source.records), (12, 9));
    // Only RNG:001 (no `introduced`) is a structural problem; RNG:002 (overlapping events) is
    // legal to evaluate and PKG:001 needs the registry.
    let expected = vec![(
        "CVE-2023-41045".to_owned(),
        DiagnosticCode::InvalidRange,
        "nointroduced-CVE-2023-41045.json".to_owned(),
    )];
    assert_eq!(problems(&s), expected);
}

#[test]
fn the_whole_corpus_accumulates_into_one_database() {
    let Some(corpus) = corpus("whole_corpus") else {
        return;
    };
    let db = tempfile::tempdir().unwrap();
    let mut records = 0;
    for set in ALL_SETS {
        let s = import(db.path(), &advisories(&corpus, set)).unwrap();
        records += s.source.records - s.source.withdrawn;
    }
    let status = vouch_advisory::status(db.path()).unwrap();
    assert_eq!(status.database.sources.len(), ALL_SETS.len());
    // No id appears in two sets, so the index holds every live record of every set.
    assert_eq!(records, 1169 + 2626 + 4250 + 334 + 4 + 362);
    assert_eq!(status.database.records, records);
    let opened = vouch_advisory::Database::open(db.path()).unwrap();
    assert_eq!(opened.info(), &status.database);
    assert_eq!(opened.info().digest.len(), 64);
}
