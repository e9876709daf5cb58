//! The Cargo.lock cataloger: conformance with osv-scanner's and osv-scalibr's expectations,
//! each lockfile encoding cargo has written, and bad input.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::Path;

use vouch_extract::{ExtractError, Parsed, cataloger_named};
use vouch_model::{ChecksumAlgorithm, Component, ComponentSource, DiagnosticCode, Relationship};

use crate::conformance::{Compare, Expected, default_view, osv_scanner, run_all, scalibr};

/// Writes `bytes` as `Cargo.lock` in a fresh directory and parses it with display `Cargo.lock`.
fn parse_bytes(bytes: &[u8]) -> Result<Parsed, ExtractError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Cargo.lock");
    std::fs::write(&path, bytes).unwrap();
    cataloger_named("cargo-lock")
        .unwrap()
        .parse(&path, Path::new("Cargo.lock"))
}

fn parse(text: &str) -> Parsed {
    parse_bytes(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

fn find<'a>(parsed: &'a Parsed, name: &str, version: &str) -> &'a Component {
    parsed
        .components
        .iter()
        .find(|c| c.name.as_str() == name && c.version.as_deref() == Some(version))
        .unwrap_or_else(|| panic!("no {name} {version} in {:#?}", parsed.components))
}

#[test]
fn conformance_with_osv_scanner_and_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("cargo conformance") else {
        return;
    };
    // Neither upstream parser records git commits for Cargo.lock, so no case asserts one, and a
    // case's missing commit means "not asserted". Commits are checked by
    // `every_source_kind_and_relationship` below instead.
    let view = |c: &Component| Expected {
        commit: String::new(),
        ..default_view(c)
    };
    let how = Compare {
        cataloger: "cargo-lock",
        view: &view,
        groups: true,
        lines: true,
        transitive: true,
    };
    let mut ran = run_all(&osv_scanner(&corpus, "parse-cargo-lock.json"), &how, &[]);
    ran += run_all(&scalibr(&corpus, "language/rust/cargolock.json"), &how, &[]);
    eprintln!("cargo-lock: {ran} conformance cases passed");
    assert!(ran >= 15, "only {ran} cases ran");
}

#[test]
fn claims_the_names_osv_scanner_claims() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("cargo filename detection") else {
        return;
    };
    let path = corpus.join("lockfiles/osv-scanner-v1.9.2/expected/filename-detection.json");
    let doc: serde_json::Value =
        serde_json::from_str(&fs_read(&path)).unwrap_or_else(|e| panic!("{e}"));
    let cases = doc["extractors"]["CargoLockExtractor"].as_array().unwrap();
    assert!(!cases.is_empty());
    let cataloger = cataloger_named("cargo-lock").unwrap();
    for case in cases {
        let p = case["path"].as_str().unwrap();
        let want = case["should_extract"].as_bool().unwrap();
        assert_eq!(cataloger.claims(Path::new(p)), want, "{p}");
    }
    // And no other cataloger claims a Cargo.lock.
    assert_eq!(
        vouch_extract::cataloger_for(Path::new("a/Cargo.lock")).map(|c| c.name()),
        Some("cargo-lock")
    );
}

/// Reads a corpus file as text.
pub(crate) fn fs_read(path: &Path) -> String {
    fs_err::read_to_string(path).unwrap()
}

/// Lockfile v1 (cargo before 1.38): the root package in `[root]`, checksums in `[metadata]`,
/// every dependency written with version and source.
const V1: &str = r#"[root]
name = "app"
version = "0.1.0"
dependencies = [
 "libc 0.2.20 (registry+https://github.com/rust-lang/crates.io-index)",
 "mylib 0.1.0",
]

[[package]]
name = "libc"
version = "0.2.20"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "mylib"
version = "0.1.0"
dependencies = [
 "rand 0.3.15 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "rand"
version = "0.3.15"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "rand_core 0.1.0 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "rand_core"
version = "0.1.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum libc 0.2.20 (registry+https://github.com/rust-lang/crates.io-index)" = "684f330624d8c3784fb9558ca46c4ce488073a8d22450415c5eb4f4cfb0d11b5"
"checksum rand 0.3.15 (registry+https://github.com/rust-lang/crates.io-index)" = "022e0636ec2519ddae48154b028864bdce4eaf7d35226ab8e65c611be97b189d"
"checksum rand_core 0.1.0 (registry+https://github.com/rust-lang/crates.io-index)" = "<none>"
"#;

#[test]
fn lockfile_v1_reads_root_and_metadata_checksums() {
    let parsed = parse(V1);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(parsed.components.len(), 5);
    let app = find(&parsed, "app", "0.1.0");
    assert_eq!(app.locations[0].line, Some(2));
    assert!(matches!(app.source, ComponentSource::Path { .. }));
    assert_eq!(app.scope.relationship, Some(Relationship::Direct));
    let libc = find(&parsed, "libc", "0.2.20");
    assert_eq!(libc.source, ComponentSource::Registry);
    assert_eq!(libc.scope.relationship, Some(Relationship::Direct));
    assert_eq!(libc.checksums.len(), 1);
    assert_eq!(libc.checksums[0].algorithm, ChecksumAlgorithm::Sha256);
    assert_eq!(
        libc.checksums[0].hex,
        "684f330624d8c3784fb9558ca46c4ce488073a8d22450415c5eb4f4cfb0d11b5"
    );
    // A path dependency counts as part of the project: what it names is direct.
    assert_eq!(
        find(&parsed, "rand", "0.3.15").scope.relationship,
        Some(Relationship::Direct)
    );
    let rand_core = find(&parsed, "rand_core", "0.1.0");
    assert_eq!(rand_core.scope.relationship, Some(Relationship::Transitive));
    assert!(rand_core.checksums.is_empty(), "`<none>` is no checksum");
}

/// Lockfile v2 (cargo 1.41 to 1.52 wrote it without a marker): checksums inline, dependencies
/// by name alone unless ambiguous.
const V2: &str = r#"# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "serde 1.0.100",
]

[[package]]
name = "serde"
version = "1.0.100"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "f4473e8506b213730ff2061073b48fa51dcc66349219e2e7c5608f0296a1d95a"

[[package]]
name = "serde"
version = "1.0.200"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "ddc6f9cc94d67c0e21aaf7eda3a010fd3af78ebf6e096aa6e2e13c79749cce4f"
"#;

#[test]
fn lockfile_v2_resolves_ambiguous_references_by_version() {
    let parsed = parse(V2);
    assert_eq!(parsed.components.len(), 3);
    let old = find(&parsed, "serde", "1.0.100");
    assert_eq!(old.scope.relationship, Some(Relationship::Direct));
    assert_eq!(old.locations[0].line, Some(11));
    assert_eq!(
        old.checksums[0].hex,
        "f4473e8506b213730ff2061073b48fa51dcc66349219e2e7c5608f0296a1d95a"
    );
    assert_eq!(
        find(&parsed, "serde", "1.0.200").scope.relationship,
        Some(Relationship::Transitive)
    );
}

/// Every source kind, in a `version = 3` lockfile (also the snapshot's input).
const V3: &str = r#"# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "cargo",
 "internal",
 "mirror-crate",
 "serde",
]

[[package]]
name = "cargo"
version = "0.60.0"
source = "git+https://github.com/rust-lang/cargo?branch=master#061a9ab4cfabf2a403dbeab4bbcb8ff97d344dff"

[[package]]
name = "internal"
version = "2.0.0-rc.1"
source = "registry+https://my-registry.example/index"
checksum = "a34fcf3e8b60f57e6a14301a2e916d323af98b0ea63cbe9b5780bda767844419"

[[package]]
name = "mirror-crate"
version = "1.2.3"
source = "sparse+https://mirror.example/api/v1/crates/"
checksum = "99227334921fae1a979cf0bfdfcc6b3e5ce376ef57e16fb6fb3ea2ed6095f80c"

[[package]]
name = "serde"
version = "1.0.100"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "f4473e8506b213730ff2061073b48fa51dcc66349219e2e7c5608f0296a1d95a"
dependencies = [
 "serde_derive",
]

[[package]]
name = "serde_derive"
version = "1.0.100"
source = "sparse+https://index.crates.io/"
"#;

#[test]
fn every_source_kind_and_relationship() {
    let parsed = parse(V3);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let cargo = find(&parsed, "cargo", "0.60.0");
    assert_eq!(
        cargo.source,
        ComponentSource::Git {
            url: "https://github.com/rust-lang/cargo?branch=master".into(),
            commit: Some("061a9ab4cfabf2a403dbeab4bbcb8ff97d344dff".into()),
        }
    );
    assert_eq!(
        find(&parsed, "internal", "2.0.0-rc.1").source,
        ComponentSource::AlternateRegistry {
            url: "https://my-registry.example/index".into()
        }
    );
    assert_eq!(
        find(&parsed, "mirror-crate", "1.2.3").source,
        ComponentSource::AlternateRegistry {
            url: "sparse+https://mirror.example/api/v1/crates/".into()
        }
    );
    let derive = find(&parsed, "serde_derive", "1.0.100");
    assert_eq!(derive.source, ComponentSource::Registry);
    assert_eq!(derive.scope.relationship, Some(Relationship::Transitive));
    assert_eq!(derive.purl.as_str(), "pkg:cargo/serde_derive@1.0.100");
    for direct in [
        ("cargo", "0.60.0"),
        ("internal", "2.0.0-rc.1"),
        ("serde", "1.0.100"),
    ] {
        assert_eq!(
            find(&parsed, direct.0, direct.1).scope.relationship,
            Some(Relationship::Direct),
            "{direct:?}"
        );
    }
}

#[test]
fn lockfile_v4_is_read_like_v3() {
    let parsed = parse(&V3.replace("version = 3", "version = 4"));
    assert_eq!(parsed.components.len(), 6);
}

#[test]
fn without_a_workspace_member_relationships_are_unknown() {
    let parsed = parse(&V2.replace(
        "[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"serde 1.0.100\",\n]\n",
        "",
    ));
    assert_eq!(parsed.components.len(), 2);
    assert!(
        parsed
            .components
            .iter()
            .all(|c| c.scope.relationship.is_none())
    );
}

#[test]
fn components_snapshot() {
    let parsed = parse(V3);
    insta::assert_json_snapshot!("cargo_lock_v3_components", parsed.components);
}

// --- bad input: each error names the file ----------------------------------------------------

fn error_of(bytes: &[u8]) -> ExtractError {
    match parse_bytes(bytes) {
        Ok(p) => panic!("expected an error, got {} components", p.components.len()),
        Err(e) => e,
    }
}

#[test]
fn malformed_toml_is_an_error_with_its_line() {
    let err = error_of(b"version = 3\n\n[[package]\nname = \"x\"\n");
    assert!(matches!(err, ExtractError::Malformed { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("Cargo.lock: invalid TOML at line 3"),
        "{text}"
    );
    assert_eq!(err.to_diagnostic().code, DiagnosticCode::MalformedLockfile);
}

#[test]
fn unknown_versions_are_unsupported() {
    for (version, shown) in [("5", "5"), ("\"3\"", "\"3\""), ("[]", "(array)")] {
        let err = error_of(format!("version = {version}\n").as_bytes());
        assert!(
            matches!(err, ExtractError::UnsupportedVersion { .. }),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!("Cargo.lock: unsupported Cargo.lock version {shown}")
        );
        assert_eq!(
            err.to_diagnostic().code,
            DiagnosticCode::UnsupportedLockfileVersion
        );
    }
}

#[test]
fn invalid_utf8_is_an_error() {
    let mut bytes = b"version = 3\n# caf".to_vec();
    bytes.push(0xe9);
    let err = error_of(&bytes);
    assert_eq!(err.to_string(), "Cargo.lock: not valid UTF-8 (at byte 17)");
}

#[test]
fn a_truncated_file_is_an_error() {
    let cut = &V3[..V3.find("checksum = \"a34").unwrap() + 20];
    let err = error_of(cut.as_bytes());
    assert!(matches!(err, ExtractError::Malformed { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("Cargo.lock: invalid TOML at line 24"),
        "{err}"
    );
}

#[test]
fn a_package_that_is_not_an_array_is_an_error() {
    let err = error_of(b"[package]\nname = \"x\"\n");
    assert_eq!(
        err.to_string(),
        "Cargo.lock: line 1: `package` is a table, not an array of tables"
    );
}

#[test]
fn invalid_entries_are_skipped_with_a_diagnostic_and_the_rest_kept() {
    let text = format!(
        "{V2}\n[[package]]\nname = \"bad\"\nversion = \"one point two\"\n\n[[package]]\nname = \"no-version\"\n\n[[package]]\nname = 7\nversion = \"1.0.0\"\n\n[[package]]\nname = \"white space\\t\"\nversion = \"1.0.0\"\n"
    );
    let parsed = parse(&text);
    assert_eq!(parsed.components.len(), 3, "the good packages are kept");
    let seen: Vec<(Option<&str>, &str)> = parsed
        .diagnostics
        .iter()
        .map(|d| (d.record.as_deref(), d.message.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                Some("bad@one point two"),
                "line 23: `one point two` is not a valid SemVer version: unexpected character 'o' while parsing major version number; package skipped"
            ),
            (
                Some("no-version"),
                "line 27: the entry has no `version`; package skipped"
            ),
            (
                Some("package #6"),
                "line 30: `name` is a integer, not a string; package skipped"
            ),
            (
                Some("white space\t@1.0.0"),
                "line 34: `white space\t` is not a valid crates.io package name: it has leading or trailing white space; package skipped"
            ),
        ]
    );
    for d in &parsed.diagnostics {
        assert_eq!(d.code, DiagnosticCode::InvalidPackage);
        assert_eq!(d.path.as_deref(), Some(Path::new("Cargo.lock")));
    }
}

#[test]
fn an_empty_file_has_no_packages() {
    let parsed = parse("");
    assert!(parsed.components.is_empty() && parsed.diagnostics.is_empty());
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let err = cataloger_named("cargo-lock")
        .unwrap()
        .parse(
            Path::new("/nonexistent/Cargo.lock"),
            Path::new("x/Cargo.lock"),
        )
        .unwrap_err();
    assert!(matches!(err, ExtractError::Io { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("x/Cargo.lock: cannot read"),
        "{err}"
    );
}

#[test]
fn the_dependency_graph_follows_each_packages_dependencies_list() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.lock"),
        r#"version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["regex", "memchr 2.4.0"]

[[package]]
name = "memchr"
version = "2.4.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "memchr"
version = "2.7.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "regex"
version = "1.5.4"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["memchr 2.7.0 (registry+https://github.com/rust-lang/crates.io-index)"]
"#,
    )
    .unwrap();
    let inv = vouch_extract::scan(dir.path(), &vouch_extract::ScanOptions::default());
    let graph: Vec<(String, Vec<String>)> = inv
        .dependencies()
        .iter()
        .map(|(from, tos)| {
            (
                from.to_string(),
                tos.iter().map(ToString::to_string).collect(),
            )
        })
        .collect();
    assert_eq!(
        graph,
        [
            (
                "pkg:cargo/app@0.1.0".to_owned(),
                vec![
                    "pkg:cargo/memchr@2.4.0".to_owned(),
                    "pkg:cargo/regex@1.5.4".to_owned()
                ]
            ),
            ("pkg:cargo/memchr@2.4.0".to_owned(), vec![]),
            ("pkg:cargo/memchr@2.7.0".to_owned(), vec![]),
            (
                "pkg:cargo/regex@1.5.4".to_owned(),
                vec!["pkg:cargo/memchr@2.7.0".to_owned()]
            ),
        ]
    );
}
