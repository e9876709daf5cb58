//! Equivalence with cargo-audit: for each Cargo.lock of `tests/data/cargo-audit/results/`
//! (see its README), vouch, matching against the RustSec OSV export, reports the same
//! vulnerability ids and the same informational warnings as cargo-audit 0.22.2 does from the
//! native RustSec database of the same date, except for the differences listed below.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use vouch_advisory::{Database, import};

use super::common::*;

/// Deliberate or data-caused differences: (lockfile, id, package, why).
const ONLY_VOUCH: &[(&str, &str, &str, &str)] = &[(
    "lockfiles/withdrawn-and-edges.lock",
    "RUSTSEC-2025-0000",
    "matrix-sdk-base",
    "the OSV export has RUSTSEC-2025-0000, the native database of the same date does not",
)];

type Row = (String, String, String, String); // (kind, id, package, version)

fn rows(v: &serde_json::Value, kind: Option<&str>) -> BTreeSet<Row> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                kind.map(str::to_owned)
                    .unwrap_or_else(|| r["kind"].as_str().unwrap().to_owned()),
                r["id"].as_str().unwrap().to_owned(),
                r["package"].as_str().unwrap().to_owned(),
                r["version"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn vouch_reports_what_cargo_audit_reports() {
    let Some(corpus) = corpus("cargo_audit") else {
        return;
    };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let db_dir = tempfile::tempdir().unwrap();
    import(db_dir.path(), &advisories(&corpus, "rustsec/osv")).unwrap();
    let db = Database::open(db_dir.path()).unwrap();

    let mut results: Vec<PathBuf> = std::fs::read_dir(data.join("cargo-audit/results"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    results.sort();
    assert_eq!(results.len(), 19);
    let mut compared_vulns = 0;
    let mut compared_warnings = 0;
    for result in results {
        let expected: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&result).unwrap()).unwrap();
        let rel = expected["lockfile"].as_str().unwrap();
        let lock = match rel.strip_prefix("corpus/") {
            Some(r) => corpus.join(r),
            None => data.join(rel),
        };
        let m = db.match_inventory(&read_cargo_lock(&lock));

        // Every RustSec id a finding carries (its id, or one merged in as an alias).
        let mut vouch_vulns: BTreeSet<Row> = BTreeSet::new();
        for f in &m.findings {
            for id in std::iter::once(&f.id).chain(&f.aliases) {
                if id.prefix() == "RUSTSEC" {
                    vouch_vulns.insert((
                        "vulnerability".into(),
                        id.to_string(),
                        f.package.clone(),
                        f.version.clone(),
                    ));
                }
            }
        }
        for (file, id, package, _) in ONLY_VOUCH {
            if *file == rel {
                let removed = vouch_vulns
                    .iter()
                    .find(|r| r.1 == *id && r.2 == *package)
                    .cloned();
                assert!(
                    removed.is_some(),
                    "{rel}: the listed difference {id} no longer occurs"
                );
                vouch_vulns.remove(&removed.unwrap_or_default());
            }
        }
        let audit_vulns = rows(&expected["vulnerabilities"], Some("vulnerability"));
        assert_eq!(vouch_vulns, audit_vulns, "{rel}: vulnerabilities differ");

        let vouch_warnings: BTreeSet<Row> = m
            .warnings
            .iter()
            .map(|w| {
                (
                    w.kind.as_str().to_owned(),
                    w.id.to_string(),
                    w.package.clone(),
                    w.version.clone(),
                )
            })
            .collect();
        let audit_warnings = rows(&expected["warnings"], None);
        assert_eq!(vouch_warnings, audit_warnings, "{rel}: warnings differ");
        compared_vulns += audit_vulns.len();
        compared_warnings += audit_warnings.len();
    }
    // The comparison is not vacuous.
    assert!(compared_vulns >= 45, "{compared_vulns}");
    assert!(compared_warnings >= 35, "{compared_warnings}");
}
