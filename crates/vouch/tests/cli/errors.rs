//! Bad input: the tool says what is wrong, names the file, exits 2, and keeps what it could do.

use crate::support::{filters, rustsec_db, stderr, stdout, vouch, vulnerable_delivery};

#[test]
fn a_path_that_does_not_exist_exits_2_naming_it() {
    let out = vouch()
        .args(["--offline", "scan", "/no/such/delivery"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&out), @"error: /no/such/delivery: no such file or directory
");
}

#[test]
fn offline_without_a_database_reports_everything_else_and_exits_2() {
    let delivery = vulnerable_delivery();
    let db = tempfile::tempdir().unwrap();
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(db.path().join("db"))
        .args(["check", "--format", "json"])
        .arg(delivery.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("V0206") && err.contains("--offline"), "{err}");
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["summary"]["components"], 3);
    assert_eq!(report["database"], serde_json::Value::Null);
    let status = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["clause"] == "3.2")
        .unwrap()["status"]
        .clone();
    assert_eq!(status, "missing-evidence");
}

#[test]
fn a_failed_first_sync_is_reported_and_the_rest_is_still_checked() {
    let delivery = vulnerable_delivery();
    let db = tempfile::tempdir().unwrap();
    // Nothing listens on port 9 of the loopback: the download fails at once.
    let out = vouch()
        .env("VOUCH_OSV_URL", "http://127.0.0.1:9")
        .arg("--db")
        .arg(db.path().join("db"))
        .arg("scan")
        .arg(delivery.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("error[V0206]") && text.contains("127.0.0.1:9"),
        "{text}"
    );
    assert!(text.contains("3 components from 1 file"), "{text}");
}

#[test]
fn one_broken_lockfile_is_reported_and_the_rest_is_still_checked() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("broken lockfile") else {
        return;
    };
    let delivery = vulnerable_delivery();
    let broken = delivery.path().join("web");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(
        broken.join("package-lock.json"),
        "{\"lockfileVersion\": 3, \"packages\": {",
    )
    .unwrap();
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(rustsec_db(&corpus))
        .args(["check", "--format", "json"])
        .arg(delivery.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["summary"]["components"], 3);
    let diag = &report["diagnostics"][0];
    assert_eq!(diag["code"], "V0102");
    assert_eq!(diag["path"], "web/package-lock.json");
    let sbom = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["clause"] == "3.4")
        .unwrap();
    assert_eq!(sbom["checks"][0]["status"], "fail");
    assert_eq!(report["summary"]["outcome"], "error");
}

#[test]
fn a_bad_baseline_file_lists_every_problem_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    std::fs::write(
        &file,
        "schema = \"vouch.baseline/v1\"\nid = \"x\"\ntitle = \"x\"\nversion = \"1\"\n\n[[clauses]]\nid = \"3.x\"\ntitle = \"t\"\nduty = \"d\"\nchecks = [{ check = \"nope\" }]\n",
    )
    .unwrap();
    let out = vouch()
        .args(["--offline", "check", "--baseline"])
        .arg(&file)
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(stderr(&out));
    });
}
