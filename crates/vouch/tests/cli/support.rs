//! Shared helpers: the binary, a database imported once per test process, and redactions.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;

/// The `vouch` binary with a clean environment: no colour, no user database, no network URL.
pub fn vouch() -> Command {
    let mut cmd = Command::cargo_bin("vouch").expect("the vouch binary is built");
    cmd.env_remove("VOUCH_DB")
        .env_remove("VOUCH_OSV_URL")
        .env("NO_COLOR", "1")
        .env("HOME", std::env::temp_dir());
    cmd
}

/// A database with the corpus' RustSec and malicious-package records, imported once.
pub fn rustsec_db(corpus: &Path) -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("db");
        for source in [
            "advisories/rustsec/osv",
            "advisories/malicious-packages/osv",
        ] {
            vouch()
                .args(["--offline", "--db"])
                .arg(&db)
                .args(["db", "import"])
                .arg(corpus.join(source))
                .assert()
                .success();
        }
        (dir, db)
    });
    path
}

/// The three-crate Cargo.lock that RustSec lists (regex 1.5.4, smallvec 1.6.0, time 0.1.43).
pub const VULNERABLE_CARGO_LOCK: &str = r#"version = 3

[[package]]
name = "regex"
version = "1.5.4"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "smallvec"
version = "1.6.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "time"
version = "0.1.43"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

/// A delivery directory holding only that Cargo.lock.
pub fn vulnerable_delivery() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("Cargo.lock"), VULNERABLE_CARGO_LOCK).expect("write");
    dir
}

/// Insta filters for what changes between runs: times, digests, temp paths, the version.
pub fn filters() -> Vec<(&'static str, &'static str)> {
    vec![
        (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "[TIME]"),
        (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "[TIME]"),
        (r"sha256:[0-9a-f]{12,64}", "sha256:[DIGEST]"),
        (r#""digest": "[0-9a-f]{64}""#, r#""digest": "[DIGEST]""#),
        (r"/tmp/\.tmp[A-Za-z0-9]+", "[TMP]"),
        (r"\(\d+ days ago\)", "(N days ago)"),
        (r"judged as of \d{4}-\d{2}-\d{2}", "judged as of [DATE]"),
    ]
}

/// The stdout of a finished command as a string.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The stderr of a finished command as a string.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `vouch --offline --db DB <command> --format json PATH` and returns the exit code and
/// the parsed report; panics with stderr when stdout is not JSON.
pub fn json_report(db: &Path, command: &str, path: &Path) -> (Option<i32>, serde_json::Value) {
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(db)
        .args([command, "--format", "json"])
        .arg(path)
        .output()
        .expect("vouch runs");
    let report = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}); stderr: {}", stderr(&out)));
    (out.status.code(), report)
}

/// A delivery of six real lockfiles from the corpus (npm twice, Cargo, Poetry, Pipenv, pip), each
/// in its own directory: what the SBOM schema tests write SBOMs of.
pub fn real_lockfile_delivery(corpus: &Path) -> tempfile::TempDir {
    let fixtures = corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures");
    let delivery = tempfile::tempdir().unwrap();
    for (from, to) in [
        (
            "npm/nested-dependencies-dup.v2.json",
            "web/package-lock.json",
        ),
        ("npm/commits.v2.json", "web2/package-lock.json"),
        ("cargo/two-packages.lock", "rust/Cargo.lock"),
        ("poetry/two-packages.lock", "py/poetry.lock"),
        ("pipenv/one-package-dev.json", "py2/Pipfile.lock"),
        ("pip/multiple-packages-mixed.txt", "py3/requirements.txt"),
    ] {
        let target = delivery.path().join(to);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(fixtures.join(from), &target).unwrap();
    }
    delivery
}
