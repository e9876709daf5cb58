//! `vouch check`, `scan` and `sbom` end to end on a lockfile RustSec lists.

use std::collections::BTreeSet;

use crate::support::{
    filters, json_report, real_lockfile_delivery, rustsec_db, stderr, stdout, vouch,
    vulnerable_delivery,
};

fn ids(report: &serde_json::Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn scan_finds_the_three_rustsec_advisories_and_exits_1() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("scan") else {
        return;
    };
    let delivery = vulnerable_delivery();
    let (code, report) = json_report(rustsec_db(&corpus), "scan", delivery.path());
    assert_eq!(code, Some(1));
    assert_eq!(report["schema"], "vouch.report/v1");
    assert_eq!(report["command"], "scan");
    assert_eq!(
        ids(&report),
        [
            "RUSTSEC-2020-0071",
            "RUSTSEC-2021-0003",
            "RUSTSEC-2022-0013"
        ]
        .map(String::from)
        .into()
    );
    for f in report["findings"].as_array().unwrap() {
        assert_eq!(f["kind"], "vulnerability");
        assert!(f["purl"].as_str().unwrap().starts_with("pkg:cargo/"));
    }
    assert_eq!(report["verdicts"], serde_json::json!([]));
}

#[test]
fn check_decides_every_clause_and_fails_3_2() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("check json") else {
        return;
    };
    let delivery = vulnerable_delivery();
    let (code, report) = json_report(rustsec_db(&corpus), "check", delivery.path());
    assert_eq!(code, Some(1));
    let verdicts: Vec<(String, String)> = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["clause"].as_str().unwrap().to_owned(),
                v["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    insta::assert_debug_snapshot!(verdicts);
    assert!(
        report["database"]["digest"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert!(
        report["sbom"]["digest"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
}

#[test]
fn check_terminal_view() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("check terminal") else {
        return;
    };
    let delivery = vulnerable_delivery();
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(rustsec_db(&corpus))
        .arg("check")
        .arg(delivery.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "no colour when not a terminal");
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(text);
    });
}

#[test]
fn color_always_colours_and_output_files_never_do() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("colour") else {
        return;
    };
    let delivery = vulnerable_delivery();
    let out = vouch()
        .env_remove("NO_COLOR")
        .args(["--offline", "--color", "always", "--db"])
        .arg(rustsec_db(&corpus))
        .arg("scan")
        .arg(delivery.path())
        .output()
        .unwrap();
    assert!(stdout(&out).contains('\u{1b}'));
    let file = delivery.path().join("report.txt");
    vouch()
        .env_remove("NO_COLOR")
        .args(["--offline", "--color", "always", "--db"])
        .arg(rustsec_db(&corpus))
        .arg("scan")
        .arg(delivery.path())
        .arg("-o")
        .arg(&file)
        .assert()
        .code(1)
        .stdout("");
    assert!(!std::fs::read_to_string(&file).unwrap().contains('\u{1b}'));
}

#[test]
fn an_empty_delivery_passes_nothing_and_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let (code, report) = json_report(&dir.path().join("no-db"), "check", dir.path());
    assert_eq!(code, Some(0));
    let status = |c: &str| {
        report["verdicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["clause"] == c)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("3.4"), "missing-evidence");
    assert_eq!(status("3.2"), "missing-evidence");
}

#[test]
fn sbom_writes_cyclonedx_1_6() {
    let delivery = vulnerable_delivery();
    let out = vouch()
        .args(["--offline", "sbom"])
        .arg(delivery.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let bom: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(bom["bomFormat"], "CycloneDX");
    assert_eq!(bom["specVersion"], "1.6");
    let purls: BTreeSet<&str> = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["purl"].as_str().unwrap())
        .collect();
    assert_eq!(
        purls,
        [
            "pkg:cargo/regex@1.5.4",
            "pkg:cargo/smallvec@1.6.0",
            "pkg:cargo/time@0.1.43"
        ]
        .into()
    );
}

#[test]
fn unmaintained_crates_are_reported_but_do_not_fail_the_scan() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("informational") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.lock"),
        "version = 3\n\n[[package]]\nname = \"atomic-polyfill\"\nversion = \"1.0.3\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    )
    .unwrap();
    let (code, report) = json_report(rustsec_db(&corpus), "scan", dir.path());
    assert_eq!(code, Some(0));
    let f = &report["findings"][0];
    assert_eq!(f["id"], "RUSTSEC-2023-0089");
    assert_eq!(f["kind"], "unmaintained");
    assert_eq!(report["summary"]["findings"]["unmaintained"], 1);
    assert_eq!(report["summary"]["outcome"], "pass");
}

#[test]
fn sbom_of_real_lockfiles_validates_against_the_cyclonedx_1_6_schema() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("sbom schema") else {
        return;
    };
    let delivery = real_lockfile_delivery(&corpus);
    let out = vouch()
        .args(["--offline", "sbom"])
        .arg(delivery.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let bom: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let components = bom["components"].as_array().unwrap();
    assert!(components.len() > 10, "{} components", components.len());
    let schemas = corpus.join("schemas/cyclonedx/schema");
    if let Err(errors) = vouch_sbom::validate_cyclonedx_1_6(&bom, &schemas) {
        panic!("the SBOM does not validate:\n{}", errors.join("\n"));
    }
}
