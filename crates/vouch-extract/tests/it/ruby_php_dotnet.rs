//! The Ruby, PHP and .NET catalogers (Gemfile.lock, composer.lock, packages.lock.json,
//! packages.config, *.deps.json, project.assets.json): conformance with osv-scanner's and
//! osv-scalibr's expectations, file-name claims and bad input.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::Path;

use vouch_extract::{ExtractError, cataloger_for, cataloger_named};
use vouch_model::DiagnosticCode;

use crate::conformance::{Compare, default_view, osv_scanner, run_all, scalibr};

/// Writes `text` to a file named `name` in a fresh directory and parses it with `cataloger`.
fn parse_text(
    cataloger: &str,
    name: &str,
    text: &[u8],
) -> Result<vouch_extract::Parsed, ExtractError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    cataloger_named(cataloger)
        .unwrap()
        .parse(&file, Path::new(name))
}

#[test]
fn file_names_are_claimed_by_the_right_cataloger() {
    for (file, want) in [
        ("Gemfile.lock", Some("gemfile-lock")),
        ("sub/gems.locked", Some("gemfile-lock")),
        ("Gemfile", None),
    ] {
        let got = cataloger_for(Path::new(file)).map(|c| c.name());
        assert_eq!(got, want, "{file}");
    }
}

#[test]
fn gemfile_lock_conforms_to_osv_scanner() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("gemfile_lock_conforms_to_osv_scanner") else {
        return;
    };
    let cases = osv_scanner(&corpus, "parse-gemfile-lock.json");
    let ran = run_all(
        &cases,
        &Compare {
            cataloger: "gemfile-lock",
            view: &default_view,
            groups: true,
            lines: false,
            transitive: false,
        },
        &[],
    );
    eprintln!(
        "Gemfile.lock vs osv-scanner: {ran} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 9, "only {ran} cases ran");
}

#[test]
fn gemfile_lock_conforms_to_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("gemfile_lock_conforms_to_osv_scalibr") else {
        return;
    };
    let cases = scalibr(&corpus, "language/ruby/gemfilelock.json");
    let ran = run_all(
        &cases,
        &Compare {
            cataloger: "gemfile-lock",
            view: &default_view,
            groups: true,
            lines: true,
            transitive: false,
        },
        &[],
    );
    eprintln!(
        "Gemfile.lock vs osv-scalibr: {ran} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 12, "only {ran} cases ran");
}

#[test]
fn gemfile_lock_bad_input() {
    // Not UTF-8: an error naming the file.
    match parse_text(
        "gemfile-lock",
        "Gemfile.lock",
        b"GEM\n  specs:\n    a (\xff)\n",
    ) {
        Err(ExtractError::InvalidUtf8 { path, .. }) => assert_eq!(path, Path::new("Gemfile.lock")),
        other => panic!("{other:?}"),
    }
    // One bad spec is skipped, the rest kept.
    let parsed = parse_text(
        "gemfile-lock",
        "Gemfile.lock",
        b"GEM\n  remote: https://rubygems.org/\n  specs:\n    bad\n    ok (1.0)\n",
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.diagnostics[0].code, DiagnosticCode::InvalidPackage);
    assert_eq!(
        parsed.diagnostics[0].path.as_deref(),
        Some(Path::new("Gemfile.lock"))
    );
}
