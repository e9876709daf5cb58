//! `vouch scan` options scripts rely on: `--fail-on` thresholds and SARIF output.

use crate::support::{filters, rustsec_db, stdout, vouch, vulnerable_delivery};

/// Exit code of `vouch scan` on `dir` with extra arguments.
fn scan_exit(corpus: &std::path::Path, dir: &std::path::Path, extra: &[&str]) -> Option<i32> {
    vouch()
        .args(["--offline", "--db"])
        .arg(rustsec_db(corpus))
        .arg("scan")
        .args(extra)
        .arg(dir)
        .output()
        .unwrap()
        .status
        .code()
}

#[test]
fn fail_on_sets_the_lowest_severity_that_fails() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("scan --fail-on") else {
        return;
    };
    // time 0.1.43 has one medium-severity advisory (RUSTSEC-2020-0071).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.lock"),
        "version = 3\n\n[[package]]\nname = \"time\"\nversion = \"0.1.43\"\n\
         source = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    )
    .unwrap();
    assert_eq!(scan_exit(&corpus, dir.path(), &[]), Some(1));
    assert_eq!(
        scan_exit(&corpus, dir.path(), &["--fail-on", "low"]),
        Some(1)
    );
    assert_eq!(
        scan_exit(&corpus, dir.path(), &["--fail-on", "medium"]),
        Some(1)
    );
    assert_eq!(
        scan_exit(&corpus, dir.path(), &["--fail-on", "high"]),
        Some(0)
    );
    // The three-crate delivery has a critical one.
    let all = vulnerable_delivery();
    assert_eq!(
        scan_exit(&corpus, all.path(), &["--fail-on", "critical"]),
        Some(1)
    );
    // A threshold that is not a severity is a usage error.
    assert_eq!(
        scan_exit(&corpus, all.path(), &["--fail-on", "severe"]),
        Some(2)
    );
}

#[test]
fn sarif_names_each_advisory_once_and_each_affected_lockfile_line() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("scan --format sarif") else {
        return;
    };
    let delivery = vulnerable_delivery();
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(rustsec_db(&corpus))
        .args(["scan", "--format", "sarif"])
        .arg(delivery.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(rules.len(), 3);
    assert_eq!(results.len(), 3);
    for r in results {
        // Each result points at its rule and at the Cargo.lock line of the crate.
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "Cargo.lock");
        assert!(loc["region"]["startLine"].as_u64().unwrap() > 1);
    }
    // Worst first: the critical smallvec advisory leads, as an error with its CVSS score.
    assert_eq!(results[0]["ruleId"], "RUSTSEC-2021-0003");
    assert_eq!(results[0]["level"], "error");
    assert_eq!(rules[0]["properties"]["security-severity"], "9.8");
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(stdout(&out));
    });
}
