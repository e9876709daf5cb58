//! The Java catalogers (gradle.lockfile, Gradle verification metadata, Gradle version catalogs,
//! pom.xml): conformance with osv-scanner's and osv-scalibr's expectations, file-name claims and
//! bad input.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::Path;

use vouch_extract::{ExtractError, Parsed, cataloger_for, cataloger_named};
use vouch_model::{ChecksumAlgorithm, DiagnosticCode};

use crate::conformance::{Compare, default_view, osv_scanner, run_all, scalibr};

/// Writes `text` as `name` (a relative path) in a fresh directory and parses it with `cataloger`,
/// displayed as `name`.
fn parse_as(cataloger: &str, name: &str, text: &str) -> Result<Parsed, ExtractError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    cataloger_named(cataloger)
        .unwrap()
        .parse(&path, Path::new(name))
}

/// The claims osv-scanner's file-name table lists for `extractor`, checked against `cataloger`.
fn check_claims(corpus: &Path, extractor: &str, cataloger: &str) {
    let path = corpus.join("lockfiles/osv-scanner-v1.9.2/expected/filename-detection.json");
    let doc: serde_json::Value =
        serde_json::from_str(&fs_err::read_to_string(path).unwrap()).unwrap();
    let cases = doc["extractors"][extractor].as_array().unwrap();
    assert!(!cases.is_empty());
    for case in cases {
        let p = case["path"].as_str().unwrap();
        let want = case["should_extract"].as_bool().unwrap();
        let claimed_by = cataloger_for(Path::new(p)).map(|c| c.name());
        assert_eq!(claimed_by == Some(cataloger), want, "{p}: {claimed_by:?}");
    }
}

const MISSING_COORDINATE: &str = "a component without a group, name or version names no \
     package an advisory could match; the upstream parser reports `:pdfbox`, `org.apache.pdfbox:` \
     and a versionless entry, vouch skips each with an invalid-package note";

// --- gradle.lockfile ---------------------------------------------------------------------------

#[test]
fn gradle_lockfile_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("gradle_lockfile_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "gradle-lockfile",
        view: &default_view,
        groups: false,
        lines: true,
        transitive: false,
    };
    let mut ran = run_all(&osv_scanner(&corpus, "parse-gradle-lock.json"), &how, &[]);
    ran += run_all(
        &scalibr(&corpus, "language/java/gradlelockfile.json"),
        &how,
        &[],
    );
    eprintln!("gradle-lockfile: {ran} conformance cases passed");
    assert!(ran >= 9, "only {ran} cases ran");
    check_claims(&corpus, "GradleLockExtractor", "gradle-lockfile");
}

#[test]
fn gradle_lockfile_configurations_are_groups_and_bad_lines_are_skipped() {
    let parsed = parse_as(
        "gradle-lockfile",
        "gradle.lockfile",
        "# header\ncom.a:b:1.0=runtimeClasspath,compileClasspath\n:b:1=x\nnot a line\nempty=testCompileClasspath\n",
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    let c = &parsed.components[0];
    assert_eq!(c.purl.as_str(), "pkg:maven/com.a/b@1.0");
    assert_eq!(c.groups, ["compileClasspath", "runtimeClasspath"]);
    assert_eq!(parsed.diagnostics.len(), 2);
    for d in &parsed.diagnostics {
        assert_eq!(d.code, DiagnosticCode::InvalidPackage);
        assert_eq!(d.path.as_deref(), Some(Path::new("gradle.lockfile")));
    }
    assert!(
        parsed.diagnostics[0]
            .message
            .starts_with("line 3: the groupId is empty"),
        "{}",
        parsed.diagnostics[0].message
    );
    assert!(
        parsed.diagnostics[1].message.starts_with("line 4: "),
        "{}",
        parsed.diagnostics[1].message
    );
}

#[test]
fn gradle_lockfile_not_utf8_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gradle.lockfile");
    std::fs::write(&path, b"a:b:1=x\n\xff\n").unwrap();
    let err = cataloger_named("gradle-lockfile")
        .unwrap()
        .parse(&path, Path::new("gradle.lockfile"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "gradle.lockfile: not valid UTF-8 (at byte 8)"
    );
}

// --- gradle/verification-metadata.xml ----------------------------------------------------------

#[test]
fn gradle_verification_metadata_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("gradle_verification_metadata_conforms")
    else {
        return;
    };
    let how = Compare {
        cataloger: "gradle-verification-metadata",
        view: &default_view,
        groups: false,
        lines: true,
        transitive: false,
    };
    let mut ran = run_all(
        &osv_scanner(&corpus, "parse-gradle-verification-metadata.json"),
        &how,
        &[],
    );
    ran += run_all(
        &scalibr(&corpus, "language/java/gradleverificationmetadataxml.json"),
        &how,
        &[(
            "language/java/gradleverificationmetadataxml.json::missing attribute",
            MISSING_COORDINATE,
        )],
    );
    eprintln!("gradle-verification-metadata: {ran} conformance cases passed");
    assert!(ran >= 15, "only {ran} cases ran");
    check_claims(
        &corpus,
        "GradleVerificationMetadataExtractor",
        "gradle-verification-metadata",
    );
}

#[test]
fn gradle_verification_metadata_keeps_artifact_digests() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("gradle_verification_metadata_digests") else {
        return;
    };
    let fixture = corpus
        .join("lockfiles/osv-scanner-v1.9.2/fixtures/gradle-verification-metadata/one-package.xml");
    let parsed = cataloger_named("gradle-verification-metadata")
        .unwrap()
        .parse(&fixture, Path::new("gradle/verification-metadata.xml"))
        .unwrap();
    let c = &parsed.components[0];
    assert_eq!(c.purl.as_str(), "pkg:maven/org.apache.pdfbox/pdfbox@2.0.17");
    // The jar's digest, not the pom's.
    assert_eq!(c.checksums.len(), 1);
    assert_eq!(c.checksums[0].algorithm, ChecksumAlgorithm::Sha512);
    assert!(c.checksums[0].hex.starts_with("7e11e54a"));
}

#[test]
fn gradle_verification_metadata_refuses_dtds_and_bad_xml() {
    let name = "gradle/verification-metadata.xml";
    let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE v [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n<verification-metadata><components><component group=\"&b;\" name=\"x\" version=\"1\"/></components></verification-metadata>";
    let err = parse_as("gradle-verification-metadata", name, bomb).unwrap_err();
    assert!(matches!(err, ExtractError::Malformed { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with(
            "gradle/verification-metadata.xml: invalid XML at line 1, column 1: XML with DTD"
        ),
        "{err}"
    );
    let err = parse_as(
        "gradle-verification-metadata",
        name,
        "<verification-metadata><components>",
    )
    .unwrap_err();
    assert_eq!(err.to_diagnostic().code, DiagnosticCode::MalformedLockfile);
}

// --- gradle version catalogs -------------------------------------------------------------------

#[test]
fn gradle_version_catalog_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("gradle_version_catalog_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "gradle-version-catalog",
        view: &default_view,
        groups: false,
        lines: true,
        transitive: false,
    };
    let ran = run_all(
        &scalibr(&corpus, "language/java/gradleversioncatalog.json"),
        &how,
        &[],
    );
    eprintln!("gradle-version-catalog: {ran} conformance cases passed");
    assert!(ran >= 4, "only {ran} cases ran");
    assert_eq!(
        cataloger_for(Path::new("proj/gradle/libs.versions.toml")).map(|c| c.name()),
        Some("gradle-version-catalog")
    );
}

#[test]
fn gradle_version_catalog_notes_what_it_cannot_pin() {
    let parsed = parse_as(
        "gradle-version-catalog",
        "gradle/libs.versions.toml",
        "[libraries]\nx = { module = \"g:x\", version.ref = \"nope\" }\ny = \"g:y:1.+\"\n",
    )
    .unwrap();
    assert!(parsed.components.iter().all(|c| c.version.is_none()));
    assert_eq!(parsed.components[0].purl.as_str(), "pkg:maven/g/x");
    assert_eq!(parsed.diagnostics.len(), 2);
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| d.code == DiagnosticCode::UnpinnedRequirement)
    );
    assert!(
        parsed.diagnostics[0]
            .message
            .contains("names no entry of [versions]")
    );
    assert!(
        parsed.diagnostics[1]
            .message
            .contains("`1.+` is a range or dynamic version")
    );
}
