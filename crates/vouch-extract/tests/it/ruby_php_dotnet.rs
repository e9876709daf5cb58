//! The Ruby, PHP and .NET catalogers (Gemfile.lock, composer.lock, packages.lock.json,
//! packages.config, *.deps.json, project.assets.json): conformance with osv-scanner's and
//! osv-scalibr's expectations, file-name claims and bad input.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::Path;

use vouch_extract::{ExtractError, cataloger_for, cataloger_named};
use vouch_model::DiagnosticCode;

use crate::conformance::{Case, Compare, default_view, mutations, osv_scanner, run_all, scalibr};

/// Why the composer.lock cases are compared without their commit.
const REGISTRY_PACKAGE_NOT_GIT: &str = "composer.lock records, for a package Packagist \
     serves, the git commit its release was built from (`source.reference`). vouch keeps such a \
     package a registry component, because advisories are matched by version against registry \
     components and a git source is left out of matching; the commit is not part of its \
     identity. A package that only a VCS checkout provides is a git component with its commit \
     (unit-tested in src/php/composer_lock.rs)";

/// The cases with the expected commits cleared (see [`REGISTRY_PACKAGE_NOT_GIT`]).
fn without_commits(mut cases: Vec<Case>) -> Vec<Case> {
    for case in &mut cases {
        for p in &mut case.packages {
            p.commit.clear();
        }
    }
    cases
}

/// Writes `text` to a file named `name` in a fresh directory and parses it with `cataloger`.
fn parse_text(
    cataloger: &str,
    name: &str,
    text: &[u8],
) -> Result<vouch_extract::Parsed, ExtractError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    fs_err::write(&file, text).unwrap();
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
        ("composer.lock", Some("composer-lock")),
        ("composer.json", None),
        ("src/packages.lock.json", Some("nuget-packages-lock")),
        ("packages.config", Some("nuget-packages-config")),
        (
            "bin/Release/net8.0/My.App.deps.json",
            Some("dotnet-deps-json"),
        ),
    ] {
        let got = cataloger_for(Path::new(file)).map(|c| c.name());
        assert_eq!(got, want, "{file}");
    }
}

/// osv-scanner's own file-name rules for the three extractors it shares with vouch.
#[test]
fn file_names_follow_osv_scanner() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("ruby_php_dotnet_file_names") else {
        return;
    };
    let path = corpus.join("lockfiles/osv-scanner-v1.9.2/expected/filename-detection.json");
    let doc: serde_json::Value =
        serde_json::from_str(&fs_err::read_to_string(path).unwrap()).unwrap();
    for (extractor, cataloger) in [
        ("GemfileLockExtractor", "gemfile-lock"),
        ("ComposerLockExtractor", "composer-lock"),
        ("NuGetLockExtractor", "nuget-packages-lock"),
    ] {
        let cases = doc["extractors"][extractor].as_array().unwrap();
        assert!(!cases.is_empty(), "{extractor}");
        for case in cases {
            let p = case["path"].as_str().unwrap();
            let want = case["should_extract"].as_bool().unwrap();
            let claimed_by = cataloger_for(Path::new(p)).map(|c| c.name());
            assert_eq!(claimed_by == Some(cataloger), want, "{p}: {claimed_by:?}");
        }
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

#[test]
fn composer_lock_conforms_to_osv_scanner() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("composer_lock_conforms_to_osv_scanner")
    else {
        return;
    };
    eprintln!("composer.lock: {REGISTRY_PACKAGE_NOT_GIT}");
    let cases = without_commits(osv_scanner(&corpus, "parse-composer-lock.json"));
    let ran = run_all(
        &cases,
        &Compare {
            cataloger: "composer-lock",
            view: &default_view,
            groups: true,
            lines: false,
            transitive: false,
        },
        &[],
    );
    eprintln!(
        "composer.lock vs osv-scanner: {ran} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 6, "only {ran} cases ran");
}

#[test]
fn composer_lock_conforms_to_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("composer_lock_conforms_to_osv_scalibr")
    else {
        return;
    };
    let cases = without_commits(scalibr(&corpus, "language/php/composerlock.json"));
    let ran = run_all(
        &cases,
        &Compare {
            cataloger: "composer-lock",
            view: &default_view,
            groups: true,
            lines: true,
            transitive: false,
        },
        &[],
    );
    eprintln!(
        "composer.lock vs osv-scalibr: {ran} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 9, "only {ran} cases ran");
}

#[test]
fn composer_lock_bad_input() {
    for bad in [&b"null"[..], b"[1]", b"{\"packages\": 3}", b"{"] {
        match parse_text("composer-lock", "composer.lock", bad) {
            Err(e @ ExtractError::Malformed { .. }) => {
                assert!(e.to_string().starts_with("composer.lock: "), "{e}");
                assert_eq!(e.to_diagnostic().code, DiagnosticCode::MalformedLockfile);
            }
            other => panic!("{other:?}"),
        }
    }
    let parsed = parse_text(
        "composer-lock",
        "composer.lock",
        br#"{"packages": [{"name": "no-slash", "version": "1"}, {"name": "a/b", "version": "1"}]}"#,
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("packages[0]"));
}

#[test]
fn nuget_lock_conforms_to_osv_scanner() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("nuget_lock_conforms_to_osv_scanner") else {
        return;
    };
    let mut ran = 0;
    let mut total = 0;
    for file in ["parse-nuget-lock.json", "parse-nuget-lock-v1.json"] {
        if !corpus
            .join("lockfiles/osv-scanner-v1.9.2/expected")
            .join(file)
            .exists()
        {
            continue;
        }
        let cases = osv_scanner(&corpus, file);
        total += cases.len();
        ran += run_all(
            &cases,
            &Compare {
                cataloger: "nuget-packages-lock",
                view: &default_view,
                groups: true,
                lines: false,
                transitive: false,
            },
            &[],
        );
    }
    eprintln!("packages.lock.json vs osv-scanner: {ran} of {total} cases ran");
    assert!(ran >= 7, "only {ran} cases ran");
}

#[test]
fn nuget_lock_conforms_to_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("nuget_lock_conforms_to_osv_scalibr") else {
        return;
    };
    let cases = scalibr(&corpus, "language/dotnet/packageslockjson.json");
    let ran = run_all(
        &cases,
        &Compare {
            cataloger: "nuget-packages-lock",
            view: &default_view,
            groups: true,
            lines: true,
            transitive: false,
        },
        &[],
    );
    eprintln!(
        "packages.lock.json vs osv-scalibr: {ran} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 1, "only {ran} cases ran");
}

#[test]
fn nuget_lock_bad_input() {
    match parse_text(
        "nuget-packages-lock",
        "packages.lock.json",
        b"{\"version\": 0}",
    ) {
        Err(e @ ExtractError::UnsupportedVersion { .. }) => {
            assert_eq!(
                e.to_string(),
                "packages.lock.json: unsupported lock file version 0"
            );
        }
        other => panic!("{other:?}"),
    }
    let parsed = parse_text(
        "nuget-packages-lock",
        "packages.lock.json",
        br#"{"version": 1, "dependencies": {"net8.0": {"a b": {"resolved": "1"}, "Ok": {"type": "Transitive", "resolved": "1.0"}}}}"#,
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.diagnostics[0].code, DiagnosticCode::InvalidPackage);
    assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("net8.0/a b"));
}

#[test]
fn packages_config_conforms_to_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("packages_config_conforms_to_osv_scalibr")
    else {
        return;
    };
    let cases = scalibr(&corpus, "language/dotnet/packagesconfig.json");
    let ran = run_all(
        &cases,
        &Compare {
            cataloger: "nuget-packages-config",
            view: &default_view,
            groups: true,
            lines: true,
            transitive: false,
        },
        &[],
    );
    eprintln!(
        "packages.config vs osv-scalibr: {ran} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 3, "only {ran} cases ran");
}

#[test]
fn packages_config_bad_input() {
    let err = parse_text("nuget-packages-config", "packages.config", b"not\nxml\n").unwrap_err();
    assert!(matches!(err, ExtractError::Malformed { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("packages.config: invalid XML at line 1"),
        "{err}"
    );
    let parsed = parse_text(
        "nuget-packages-config",
        "packages.config",
        br#"<packages><package version="1"/><package id="Ok" version="1.0"/></packages>"#,
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.diagnostics[0].code, DiagnosticCode::InvalidPackage);
}

/// Why the `project` libraries of a deps.json are not compared.
const PROJECT_IS_NOT_A_PACKAGE: &str = "a deps.json library of type `project` is the \
     application's own code (or another project of its solution), not a NuGet package: \
     osv-scalibr reports it as one, which would match it against advisories for whatever \
     nuget.org package has that name. vouch leaves it out, so those expected entries (found \
     from the fixture's own `libraries`) are removed before comparing";

/// The cases without the packages the fixture's `libraries` marks `type: project`.
fn without_project_libraries(mut cases: Vec<Case>) -> Vec<Case> {
    for case in &mut cases {
        let Ok(text) = fs_err::read_to_string(&case.fixture) else {
            continue;
        };
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let projects: Vec<String> = doc["libraries"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, l)| l["type"] == "project")
            .map(|(key, _)| key.clone())
            .collect();
        case.packages
            .retain(|p| !projects.contains(&format!("{}/{}", p.name, p.version)));
    }
    cases
}

#[test]
fn deps_json_conforms_to_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("deps_json_conforms_to_osv_scalibr") else {
        return;
    };
    eprintln!("deps.json: {PROJECT_IS_NOT_A_PACKAGE}");
    let cases = without_project_libraries(scalibr(&corpus, "language/dotnet/depsjson.json"));
    let ran = run_all(
        &cases,
        &Compare {
            cataloger: "dotnet-deps-json",
            view: &default_view,
            groups: true,
            lines: true,
            transitive: false,
        },
        &[],
    );
    eprintln!(
        "deps.json vs osv-scalibr: {ran} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 2, "only {ran} cases ran");
}

#[test]
fn deps_json_bad_input() {
    let err = parse_text("dotnet-deps-json", "app.deps.json", b"not json").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("app.deps.json: invalid deps.json at line 1"),
        "{err}"
    );
    let parsed = parse_text(
        "dotnet-deps-json",
        "app.deps.json",
        br#"{"libraries": {"NoVersion": {"type": "package"}, "Ok/1.0": {"type": "package"}}}"#,
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("NoVersion"));
}

#[test]
fn project_assets_json_conforms_to_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("project_assets_json_conforms_to_osv_scalibr")
    else {
        return;
    };
    let cases = scalibr(&corpus, "language/dotnet/projectassetsjson.json");
    let ran = run_all(
        &cases,
        &Compare {
            cataloger: "dotnet-project-assets",
            view: &default_view,
            groups: true,
            lines: true,
            transitive: false,
        },
        &[],
    );
    eprintln!(
        "project.assets.json vs osv-scalibr: {ran} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 1, "only {ran} cases ran");
}

#[test]
fn project_assets_json_bad_input() {
    let err = parse_text("dotnet-project-assets", "project.assets.json", b"not json").unwrap_err();
    assert!(matches!(err, ExtractError::Malformed { .. }), "{err}");
    assert_eq!(err.to_diagnostic().code, DiagnosticCode::MalformedLockfile);
    let parsed = parse_text(
        "dotnet-project-assets",
        "project.assets.json",
        br#"{"version": 3, "libraries": {"bad id/1": {"type": "package"}, "Ok/1.0": {"type": "package"}}}"#,
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("bad id/1"));
}

/// Mangled versions of the real fixtures: whatever comes back, it is a value, not a panic.
#[test]
fn mangled_input_never_panics() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("ruby_php_dotnet_mangled_input_never_panics")
    else {
        return;
    };
    let scalibr = corpus.join("lockfiles/osv-scalibr/fixtures/language");
    let seeds = [
        (
            "gemfile-lock",
            scalibr.join("ruby/gemfilelock/testdata/has-git-gem.lock"),
        ),
        (
            "composer-lock",
            scalibr.join("php/composerlock/testdata/two-packages.json"),
        ),
        (
            "nuget-packages-lock",
            scalibr.join("dotnet/packageslockjson/testdata/valid/packages.lock.json"),
        ),
        (
            "nuget-packages-config",
            scalibr.join("dotnet/packagesconfig/testdata/valid"),
        ),
        (
            "dotnet-deps-json",
            scalibr.join("dotnet/depsjson/testdata/valid"),
        ),
        (
            "dotnet-project-assets",
            scalibr.join("dotnet/projectassetsjson/testdata/valid/project.assets.json"),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut runs = 0;
    for (name, seed) in seeds {
        let original = fs_err::read(&seed).unwrap();
        for bytes in mutations(
            &original,
            100,
            0x9E37_79B9_7F4A_7C15_u64,
            b"\\\"{}[]<>/:,() -=\n",
        ) {
            let file = dir.path().join("mangled");
            fs_err::write(&file, &bytes).unwrap();
            let _ = cataloger_named(name)
                .unwrap()
                .parse(&file, Path::new("mangled"));
            runs += 1;
        }
    }
    assert_eq!(runs, 600);
}

/// osv-scanner's `does-not-exist` cases: the harness skips them (no fixture), so here.
#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    for (name, file) in [
        ("gemfile-lock", "Gemfile.lock"),
        ("composer-lock", "composer.lock"),
        ("nuget-packages-lock", "packages.lock.json"),
        ("nuget-packages-config", "packages.config"),
        ("dotnet-deps-json", "app.deps.json"),
        ("dotnet-project-assets", "project.assets.json"),
    ] {
        match cataloger_named(name)
            .unwrap()
            .parse(&dir.path().join(file), Path::new(file))
        {
            Err(ExtractError::Io { path, source }) => {
                assert_eq!(path, Path::new(file));
                assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
            }
            other => panic!("{file}: {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots of what a user gets.

#[test]
fn snapshot_gemfile_lock() {
    let parsed = parse_text(
        "gemfile-lock",
        "Gemfile.lock",
        b"GIT\n  remote: https://github.com/hanami/utils.git\n  revision: 5904fc9a70683b8749aa2861257d0c8c01eae4aa\n  branch: unstable\n  specs:\n    hanami-utils (2.0.0.alpha1)\n      concurrent-ruby (~> 1.0)\n\n\
GEM\n  remote: https://rubygems.org/\n  specs:\n    concurrent-ruby (1.1.7)\n    nokogiri (1.16.0-x86_64-linux)\n\n\
PLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  hanami-utils!\n  nokogiri\n\n\
CHECKSUMS\n  concurrent-ruby (1.1.7) sha256=7e2b0ea8fd1e4d6c8fb4e0d9ea6a6a1e0e0c1d8f6a9f6f4a0e6b7ac5c0de1e2f\n\n\
BUNDLED WITH\n   2.5.3\n",
    )
    .unwrap();
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    insta::assert_json_snapshot!("gemfile_lock_components", parsed.components);
}

#[test]
fn snapshot_composer_lock() {
    let parsed = parse_text(
        "composer-lock",
        "composer.lock",
        br#"{
  "packages": [
    {
      "name": "sentry/sdk",
      "version": "2.0.4",
      "source": {"type": "git", "url": "https://github.com/getsentry/sentry-php-sdk.git", "reference": "4c115873c86ad5bd0ac6d962db70ca53bf8fb874"},
      "dist": {"type": "zip", "url": "https://api.github.com/repos/getsentry/sentry-php-sdk/zipball/4c115873c86ad5bd0ac6d962db70ca53bf8fb874", "reference": "4c115873c86ad5bd0ac6d962db70ca53bf8fb874", "shasum": ""},
      "notification-url": "https://packagist.org/downloads/"
    }
  ],
  "packages-dev": [
    {"name": "theseer/tokenizer", "version": "1.1.3", "dist": {"type": "zip", "shasum": "11336f6f84e16a720dae9d8e6ed5019efa85a0f9"}}
  ]
}"#,
    )
    .unwrap();
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    insta::assert_json_snapshot!("composer_lock_components", parsed.components);
}

#[test]
fn snapshot_nuget_packages_lock() {
    let parsed = parse_text(
        "nuget-packages-lock",
        "packages.lock.json",
        br#"{
  "version": 1,
  "dependencies": {
    "net8.0": {
      "Newtonsoft.Json": {
        "type": "Direct",
        "requested": "[13.0.3, )",
        "resolved": "13.0.3",
        "contentHash": "HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ=="
      },
      "Microsoft.Extensions.Primitives": {
        "type": "Transitive",
        "resolved": "8.0.0",
        "contentHash": "bXJEZrW9ny8vjMF1JV253WeLhpEVzFo1lyaZu1vQ4ZxWUlVvknZ/+ftFgVheLubb4eZPSwwxBeqS1JkCOjxd8g=="
      }
    }
  }
}"#,
    )
    .unwrap();
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    insta::assert_json_snapshot!("nuget_packages_lock_components", parsed.components);
}
