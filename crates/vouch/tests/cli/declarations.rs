//! `vouch.toml` as the seller writes it: the example delivery decided clause by clause, the
//! same declarations judged on a later date, a broken file reported whole, and `vouch init`.

use std::path::{Path, PathBuf};

use crate::support::{rustsec_db, stderr, stdout, vouch};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/acme-gateway")
}

/// `check --format json` on `path` as of `date`: the exit code and the report.
fn check_on(
    db: &Path,
    path: &Path,
    date: &str,
    extra: &[&str],
) -> (Option<i32>, serde_json::Value) {
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(db)
        .args(["check", "--format", "json", "--delivery-date", date])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    let report = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}); stderr: {}", stderr(&out)));
    (out.status.code(), report)
}

/// `clause: status [check=status, ...]`, one line per verdict.
fn statuses(report: &serde_json::Value) -> Vec<String> {
    report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let checks: Vec<String> = v["checks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    format!(
                        "{}={}",
                        c["check"].as_str().unwrap(),
                        c["status"].as_str().unwrap()
                    )
                })
                .collect();
            format!(
                "{}: {} [{}]",
                v["clause"].as_str().unwrap(),
                v["status"].as_str().unwrap(),
                checks.join(", ")
            )
        })
        .collect()
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_example_delivery_gets_a_verdict_for_every_clause() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("example delivery") else {
        return;
    };
    let (code, report) = check_on(rustsec_db(&corpus), &example(), "2026-11-28", &[]);
    insta::assert_debug_snapshot!(statuses(&report));
    assert_eq!(code, Some(0), "nothing fails: {:?}", codes(&report));
    assert_eq!(report["delivery_date"], "2026-11-28");
    assert_eq!(report["declaration"]["organisation"], "Acme Devices GmbH");
    assert_eq!(report["declaration"]["support_until"], "2031-12-31");
    let waived = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| v["checks"].as_array().unwrap())
        .find(|c| c["status"] == "waived")
        .expect("the waiver applies");
    assert_eq!(
        waived["waiver"]["approved_by"],
        "J. Doe, Customer Procurement"
    );
    assert_eq!(waived["waiver"]["waived_status"], "missing-evidence");
    // Evidence files are pinned by digest.
    let text = report.to_string();
    assert!(text.contains("iso27001-certificate.txt"), "{text}");
    assert!(codes(&report).is_empty(), "{:?}", codes(&report));
}

#[test]
fn later_the_certificate_has_expired_and_the_waiver_with_it() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("example delivery later") else {
        return;
    };
    let (code, report) = check_on(rustsec_db(&corpus), &example(), "2027-08-01", &[]);
    assert_eq!(code, Some(1));
    let lines = statuses(&report);
    assert!(
        lines[0].starts_with("1: fail [isms-certificate=fail"),
        "{lines:#?}"
    );
    assert!(
        codes(&report).contains(&"V0305".to_owned()),
        "{:?}",
        codes(&report)
    );
    assert!(
        !report.to_string().contains("\"waived\""),
        "an expired waiver waives nothing"
    );
}

#[test]
fn a_broken_vouch_toml_lists_every_problem_and_the_report_still_comes() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("broken vouch.toml") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vouch.toml"),
        "[product]\nname = \"x\"\nsuport_until = 2030-01-01\n\n[[isms_certificates]]\nstandard = 27001\n\n[[waivers]]\ncheck = \"sbom-produce\"\nreason = \"r\"\napproved_by = \"a\"\nexpires = \"2026-02-30\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("Cargo.lock"),
        crate::support::VULNERABLE_CARGO_LOCK,
    )
    .unwrap();
    let (code, report) = check_on(rustsec_db(&corpus), dir.path(), "2026-11-28", &[]);
    assert_eq!(code, Some(2), "an unusable input is exit 2");
    let problems: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "V0302")
        .map(|d| {
            format!(
                "{} {}",
                d["record"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_debug_snapshot!(problems);
    assert_eq!(
        report["verdicts"].as_array().unwrap().len(),
        10,
        "still a verdict per clause"
    );

    // The terminal shows them all too, with the file named.
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(rustsec_db(&corpus))
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(text.matches("V0302").count() >= 7, "{text}");
    assert!(text.contains("did you mean `support_until`?"), "{text}");
}

#[test]
fn a_missing_declaration_file_is_refused_up_front() {
    let dir = tempfile::tempdir().unwrap();
    let out = vouch()
        .args(["--offline", "check", "--declaration"])
        .arg(dir.path().join("nope.toml"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nope.toml: no such file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn init_writes_a_valid_template_once_and_check_reads_it() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("vouch init") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"gizmo\"\nversion = \"0.3.1\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("SECURITY.md"),
        "# Security\n\nMail <security@gizmo.example>.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("Cargo.lock"),
        crate::support::VULNERABLE_CARGO_LOCK,
    )
    .unwrap();
    let init = vouch().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    assert!(
        stderr(&init).contains("the product from Cargo.toml"),
        "{}",
        stderr(&init)
    );
    let written = std::fs::read_to_string(dir.path().join("vouch.toml")).unwrap();
    assert!(written.contains("name = \"gizmo\"") && written.contains("security@gizmo.example"));

    let again = vouch().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    let forced = vouch()
        .args(["init", "--force"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0));

    let (_, report) = check_on(rustsec_db(&corpus), dir.path(), "2026-11-28", &[]);
    assert!(
        !codes(&report).contains(&"V0302".to_owned()),
        "{:?}",
        codes(&report)
    );
    let contact = statuses(&report)
        .into_iter()
        .find(|l| l.starts_with("3.6:"))
        .unwrap();
    assert_eq!(contact, "3.6: pass [security-contact=pass]");
}

#[test]
fn the_sboms_name_the_supplier_and_security_contact_from_vouch_toml() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("sbom metadata from vouch.toml") else {
        return;
    };
    let sbom = |format: &str| -> serde_json::Value {
        let out = vouch()
            .args(["--offline", "sbom", "--format", format])
            .arg(example())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let bom = sbom("cyclonedx-json");
    if let Err(errors) =
        vouch_sbom::validate_cyclonedx_1_6(&bom, &corpus.join("schemas/cyclonedx/schema"))
    {
        panic!("the SBOM does not validate:\n{}", errors.join("\n"));
    }
    let meta = &bom["metadata"];
    assert_eq!(meta["supplier"]["name"], "Acme Devices GmbH");
    assert_eq!(meta["manufacturer"]["url"][0], "https://acme.example");
    assert_eq!(meta["component"]["name"], "Acme Gateway");
    assert_eq!(meta["component"]["version"], "4.2.0");
    assert_eq!(
        meta["component"]["externalReferences"][0],
        serde_json::json!({"url": "mailto:psirt@acme.example", "type": "security-contact"})
    );

    let spdx = sbom("spdx-json");
    if let Err(errors) = vouch_sbom::validate_spdx_2_3(&spdx, &corpus.join("schemas/spdx/2.3")) {
        panic!(
            "the SPDX document does not validate:\n{}",
            errors.join("\n")
        );
    }
    assert_eq!(
        spdx["creationInfo"]["creators"][1],
        "Organization: Acme Devices GmbH"
    );
    let root = &spdx["packages"][0];
    assert_eq!(root["supplier"], "Organization: Acme Devices GmbH");
    assert_eq!(root["externalRefs"][0]["referenceCategory"], "SECURITY");
}
