//! VEX in (issue 4): `--vex` documents and vouch.toml `[[triage]]` record how findings were
//! evaluated; `not_affected` and `fixed` findings no longer fail a scan.

use std::path::Path;

use crate::support::{filters, rustsec_db, stderr, stdout, vouch, vulnerable_delivery};

/// Runs `vouch --offline --db DB scan [extra..] DELIVERY` and snapshots exit code, stdout and
/// stderr together.
fn scan(corpus: &Path, delivery: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(rustsec_db(corpus))
        .arg("scan")
        .args(extra)
        .arg(delivery)
        .output()
        .unwrap();
    let text = format!(
        "exit code: {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        stdout(&out),
        stderr(&out)
    );
    (out.status.code(), text)
}

fn json_findings(corpus: &Path, delivery: &Path, extra: &[&str]) -> serde_json::Value {
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(rustsec_db(corpus))
        .args(["scan", "--format", "json"])
        .args(extra)
        .arg(delivery)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| serde_json::json!({"id": f["id"], "vex": f["vex"]}))
        .collect();
    serde_json::json!({
        "exit": out.status.code(),
        "findings": findings,
        "diagnostics": report["diagnostics"],
    })
}

const OPENVEX_ALL_THREE: &str = r#"{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/delivery-1",
  "author": "Seller PSIRT",
  "timestamp": "2026-11-01T00:00:00Z",
  "version": 1,
  "statements": [
    {"vulnerability": {"name": "CVE-2022-24713"},
     "products": [{"@id": "pkg:cargo/regex@1.5.4"}],
     "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
     "impact_statement": "regex only compiles constant patterns"},
    {"vulnerability": {"name": "RUSTSEC-2021-0003"},
     "products": [{"@id": "pkg:app/delivery@1.0", "subcomponents": [{"@id": "pkg:cargo/smallvec"}]}],
     "status": "fixed"},
    {"vulnerability": {"name": "CVE-2020-26235"},
     "products": [{"@id": "pkg:cargo/time@0.1.43"}],
     "status": "not_affected", "justification": "vulnerable_code_cannot_be_controlled_by_adversary"}
  ]
}"#;

#[test]
fn openvex_closes_every_finding_and_the_scan_passes() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("vex openvex") else {
        return;
    };
    let delivery = vulnerable_delivery();
    let vex = delivery.path().join("delivery.openvex.json");
    std::fs::write(&vex, OPENVEX_ALL_THREE).unwrap();
    let (code, text) = scan(&corpus, delivery.path(), &["--vex", vex.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(text);
        insta::assert_json_snapshot!(json_findings(&corpus, delivery.path(), &["--vex", vex.to_str().unwrap()]));
    });
}

#[test]
fn cyclonedx_vex_closes_one_finding() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("vex cyclonedx") else {
        return;
    };
    let delivery = vulnerable_delivery();
    let vex = delivery.path().join("vex.cdx.json");
    std::fs::write(
        &vex,
        r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "components": [{"bom-ref": "regex", "type": "library", "name": "regex",
                        "purl": "pkg:cargo/regex@1.5.4"}],
        "vulnerabilities": [{"id": "RUSTSEC-2022-0013",
          "analysis": {"state": "not_affected", "justification": "code_not_reachable",
                       "detail": "no user-supplied patterns"},
          "affects": [{"ref": "regex"}]}]}"#,
    )
    .unwrap();
    let (code, text) = scan(&corpus, delivery.path(), &["--vex", vex.to_str().unwrap()]);
    assert_eq!(code, Some(1), "two findings stay open");
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(text);
        insta::assert_json_snapshot!(json_findings(&corpus, delivery.path(), &["--vex", vex.to_str().unwrap()]));
    });
}

#[test]
fn triage_in_vouch_toml_applies_and_an_expired_entry_does_not() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("vex triage") else {
        return;
    };
    let delivery = vulnerable_delivery();
    std::fs::write(
        delivery.path().join("vouch.toml"),
        r#"
[product]
name = "tables of later issues are ignored"

[[triage]]
id = "RUSTSEC-2022-0013"
purl = "pkg:cargo/regex"
status = "not_affected"
justification = "inline_mitigations_already_exist"
statement = "patterns are length-limited before compiling"
expires = 2999-12-31

[[triage]]
id = "CVE-2021-25900"
status = "not_affected"
justification = "vulnerable_code_not_in_execute_path"
expires = 2020-01-01
"#,
    )
    .unwrap();
    let (code, text) = scan(&corpus, delivery.path(), &[]);
    assert_eq!(code, Some(1), "smallvec's entry expired, time has none");
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(text);
        insta::assert_json_snapshot!(json_findings(&corpus, delivery.path(), &[]));
    });
}

#[test]
fn a_not_affected_statement_without_justification_is_an_error_naming_the_file() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("vex missing justification") else {
        return;
    };
    let delivery = vulnerable_delivery();
    let vex = delivery.path().join("bad.openvex.json");
    std::fs::write(
        &vex,
        r#"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
          {"vulnerability": {"name": "CVE-2022-24713"}, "products": [{"@id": "pkg:cargo/regex@1.5.4"}],
           "status": "not_affected"}]}"#,
    )
    .unwrap();
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(rustsec_db(&corpus))
        .args(["scan", "--format", "json", "--vex"])
        .arg(&vex)
        .arg(delivery.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::with_settings!({ filters => filters() }, {
        // The error goes to stderr too, since the report went to a script.
        insta::assert_snapshot!(stderr(&out));
    });
    let (code, text) = scan(&corpus, delivery.path(), &["--vex", vex.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(text);
    });
}

#[test]
fn check_counts_vex_closed_findings_as_evaluated() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("vex check") else {
        return;
    };
    let delivery = vulnerable_delivery();
    let vex = delivery.path().join("delivery.openvex.json");
    std::fs::write(&vex, OPENVEX_ALL_THREE).unwrap();
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(rustsec_db(&corpus))
        .args(["check", "--format", "json", "--vex"])
        .arg(&vex)
        .arg(delivery.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let clause = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["clause"] == "3.2")
        .unwrap();
    assert_eq!(clause["status"], "pass", "{clause:#}");
}
