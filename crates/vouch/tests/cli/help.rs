//! The `--help` tree is part of the contract: snapshot it so every change is seen.

use crate::support::vouch;

#[test]
fn help_tree() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["scan", "--help"],
        &["sbom", "--help"],
        &["sbom", "diff", "--help"],
        &["verify", "--help"],
        &["sbom", "quality", "--help"],
        &["db", "--help"],
        &["db", "sync", "--help"],
        &["db", "import", "--help"],
        &["db", "status", "--help"],
    ] {
        let out = vouch().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let name = args.join("_").replace("--", "");
        insta::assert_snapshot!(name, String::from_utf8_lossy(&out.stdout));
    }
}

#[test]
fn usage_errors_exit_2() {
    let out = vouch()
        .args(["check", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'yaml'"));
}
