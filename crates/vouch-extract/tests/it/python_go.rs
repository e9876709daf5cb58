//! The pdm.lock, pylock.toml, go.mod and vendor/modules.txt catalogers: conformance with
//! osv-scanner's and osv-scalibr's expectations, file-name claims, and bad input.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::Path;

use vouch_extract::{ExtractError, Parsed, cataloger_for, cataloger_named};

use crate::conformance::{Compare, default_view, osv_scanner, run_all, scalibr};

/// Writes `text` as `name` in a fresh directory and parses it with `cataloger`.
fn parse_as(cataloger: &str, name: &str, text: &str) -> Result<Parsed, ExtractError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    cataloger_named(cataloger)
        .unwrap()
        .parse(&path, Path::new(name))
}

fn claimed_by(path: &str) -> Option<&'static str> {
    cataloger_for(Path::new(path)).map(|c| c.name())
}

#[test]
fn pdm_lock_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pdm_lock_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "pdm-lock",
        view: &default_view,
        groups: true,
        lines: true,
        transitive: false,
    };
    let mut ran = run_all(&osv_scanner(&corpus, "parse-pdm-lock.json"), &how, &[]);
    ran += run_all(&scalibr(&corpus, "language/python/pdmlock.json"), &how, &[]);
    eprintln!("pdm-lock: {ran} conformance cases passed");
    assert!(ran >= 15, "only {ran} cases ran");
}

#[test]
fn pdm_lock_claims_and_bad_input() {
    assert_eq!(claimed_by("a/pdm.lock"), Some("pdm-lock"));
    assert_eq!(claimed_by("a/pdm.lock.bak"), None);
    let err = parse_as("pdm-lock", "pdm.lock", "[[package]\nname = 1\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("pdm.lock: invalid TOML at line 1"),
        "{err}"
    );
    let parsed = parse_as(
        "pdm-lock",
        "pdm.lock",
        "[[package]]\nversion = \"1\"\n[[package]]\nname = \"x\"\nversion = \"1\"\n",
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.diagnostics.len(), 1);
}

#[test]
fn pylock_toml_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pylock_toml_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "pylock-toml",
        view: &default_view,
        groups: true,
        lines: true,
        transitive: false,
    };
    let ran = run_all(&scalibr(&corpus, "language/python/pylock.json"), &how, &[]);
    eprintln!("pylock-toml: {ran} conformance cases passed");
    assert!(ran >= 8, "only {ran} cases ran");
}

#[test]
fn pylock_toml_claims_and_bad_input() {
    assert_eq!(claimed_by("a/pylock.toml"), Some("pylock-toml"));
    assert_eq!(claimed_by("a/pylock.dev.toml"), Some("pylock-toml"));
    assert_eq!(claimed_by("a/pylock.a.b.toml"), None);
    let err = parse_as("pylock-toml", "pylock.toml", "lock-version = \"9\"\n").unwrap_err();
    assert!(
        matches!(err, ExtractError::UnsupportedVersion { .. }),
        "{err}"
    );
    let parsed = parse_as(
        "pylock-toml",
        "pylock.toml",
        "lock-version = \"1.0\"\npackages = [{ version = \"1\" }, { name = \"ok\", version = \"1\" }]\n",
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.components[0].locations[0].line, Some(2));
}
