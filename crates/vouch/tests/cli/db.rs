//! `vouch db import` and `status` on real advisory data.

use crate::support::{filters, rustsec_db, stdout, vouch};

#[test]
fn status_lists_each_imported_source() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("db status") else {
        return;
    };
    let db = rustsec_db(&corpus);
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(db)
        .args(["db", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let status: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let text = serde_json::to_string(&status).unwrap();
    assert!(text.contains("rustsec"), "{text}");
    assert!(text.contains("malicious-packages"), "{text}");
}

#[test]
fn status_shows_each_ecosystem_with_its_sources_and_age() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("db status text") else {
        return;
    };
    let db = rustsec_db(&corpus);
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(db)
        .args(["db", "status"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out).replace(&corpus.display().to_string(), "[CORPUS]");
    let mut filters = filters();
    filters.push((r"\d+[mhd] ago", "[AGE]"));
    filters.push((r"(?m)^/\S+$", "[DB]"));
    insta::with_settings!({ filters => filters }, {
        insta::assert_snapshot!(text);
    });
}

#[test]
fn importing_a_missing_directory_exits_2_and_names_it() {
    let db = tempfile::tempdir().unwrap();
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(db.path())
        .args(["db", "import", "/no/such/advisories"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error[V0002]: /no/such/advisories: no such file or directory"),
        "{err}"
    );
}

#[test]
fn the_report_says_how_current_the_advisories_are() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("newest advisory") else {
        return;
    };
    let delivery = crate::support::vulnerable_delivery();
    let (_, report) = crate::support::json_report(rustsec_db(&corpus), "scan", delivery.path());
    // The corpus snapshots were taken in August 2026: the newest record is from then, long
    // before the import time that `updated` shows.
    let newest = report["database"]["newest_advisory"].as_str().unwrap();
    assert!(newest.starts_with("2026-0"), "{newest}");
    assert!(newest < report["database"]["updated"].as_str().unwrap());
}
