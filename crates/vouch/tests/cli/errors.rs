//! Bad input: the tool says what is wrong, names the file, exits 2, and keeps what it could do.
//! An error that stops a command has a code and a hint like every diagnostic (issue 5).

use crate::support::{filters, rustsec_db, stderr, stdout, vouch, vulnerable_delivery};

#[test]
fn a_path_that_does_not_exist_exits_2_naming_it() {
    let out = vouch()
        .args(["--offline", "scan", "/no/such/delivery"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&out), @"
    error[V0002]: /no/such/delivery: no such file or directory
      hint: check that the path given on the command line exists and is readable
    ");
}

#[test]
fn sync_with_offline_is_a_command_line_error() {
    let out = vouch().args(["--offline", "db", "sync"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&out), @"
    error[V0001]: `vouch db sync` downloads advisories, which --offline forbids; use `vouch db import DIR|ZIP` instead
      hint: check the command line: `vouch help COMMAND` lists each option and the values it takes
    ");
}

#[test]
fn an_unknown_ecosystem_to_sync_is_a_command_line_error() {
    let db = tempfile::tempdir().unwrap();
    let out = vouch()
        .arg("--db")
        .arg(db.path())
        .args(["db", "sync", "--ecosystem", "cobol"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&out), @"
    error[V0001]: unknown ecosystem `cobol` (OSV names such as `crates.io`, `npm`, `PyPI`, `Go`, `Maven`)
      hint: check the command line: `vouch help COMMAND` lists each option and the values it takes
    ");
}

#[test]
fn init_does_not_replace_a_vouch_toml_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vouch.toml"), "# mine\n").unwrap();
    let out = vouch().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(stderr(&out), @"
        error[V0001]: [TMP]/vouch.toml exists already; use --force to replace it or -o FILE to write elsewhere
          hint: check the command line: `vouch help COMMAND` lists each option and the values it takes
        ");
    });
    let kept = std::fs::read_to_string(dir.path().join("vouch.toml")).unwrap();
    assert_eq!(kept, "# mine\n");
}

#[test]
fn an_output_file_that_cannot_be_written_names_it() {
    let delivery = vulnerable_delivery();
    let out = vouch()
        .args(["--offline", "sbom", "-o", "/no/such/dir/bom.json"])
        .arg(delivery.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&out), @"
    error[V0003]: writing /no/such/dir/bom.json
      caused by: failed to create file `/no/such/dir/bom.json`: No such file or directory (os error 2)
      hint: check that the output file's directory exists and is writable and the disk has space (or that stdout is still open)
    ");
}

#[test]
fn an_unreadable_baseline_file_is_an_unreadable_input() {
    let delivery = vulnerable_delivery();
    let out = vouch()
        .args(["--offline", "check", "--baseline", "/no/such/baseline.toml"])
        .arg(delivery.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("error[V0002]: --baseline /no/such/baseline.toml:"),
        "{err}"
    );
}

#[test]
fn a_corrupt_archive_is_refused_and_the_database_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("all.zip");
    std::fs::write(&zip, b"PK\x03\x04 truncated").unwrap();
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(dir.path().join("db"))
        .args(["db", "import"])
        .arg(&zip)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(stderr(&out), @"
        error[V0205]: import of [TMP]/all.zip failed; the database is unchanged
          caused by: [TMP]/all.zip: the archive is truncated or corrupt: invalid Zip archive: Could not find EOCD
          hint: the archive is truncated or corrupt; download it again
        ");
    });
    assert!(!dir.path().join("db").join("manifest.json").exists());
}

#[test]
fn status_without_a_database_says_how_to_get_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(dir.path().join("db"))
        .args(["db", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(stderr(&out), @"
        error[V0206]: no advisory database in [TMP]/db: run `vouch db sync` or `vouch db import DIR`
          hint: no advisory database yet: run `vouch db sync` or `vouch db import DIR`
        ");
    });
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
