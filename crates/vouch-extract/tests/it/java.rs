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

// --- pom.xml -----------------------------------------------------------------------------------

const RANGE_IS_NOT_A_VERSION: &str = "`[9.4.35.v20201120,9.5)` is a range: Maven resolves it to \
     the newest release inside it, not to its lower bound, which the upstream tools report. vouch \
     leaves the version unset with an unpinned note";

#[test]
fn pom_xml_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pom_xml_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "pom-xml",
        view: &default_view,
        groups: true,
        lines: true,
        transitive: true,
    };
    let mut ran = run_all(
        &osv_scanner(&corpus, "parse-maven-lock.json"),
        &how,
        &[
            (
                "parse-maven-lock.json::TestParseMavenLock_WithDependencyManagement",
                "a <dependencyManagement> entry that no dependency uses is a constraint, not a \
                 dependency (jsr305 here); osv-scanner 1.9 reports it, osv-scalibr and vouch do not",
            ),
            (
                "parse-maven-lock.json::TestParseMavenLock_Interpolation",
                RANGE_IS_NOT_A_VERSION,
            ),
        ],
    );
    ran += run_all(
        &scalibr(&corpus, "language/java/pomxml.json"),
        &how,
        &[
            (
                "language/java/pomxml.json::interpolation",
                RANGE_IS_NOT_A_VERSION,
            ),
            (
                "language/java/pomxml.json::ambiguous interpolation",
                "two declarations that resolve to one package: osv-scalibr gives up on the line \
                 (0), vouch keeps the first declaration's line and notes both locations",
            ),
        ],
    );
    eprintln!("pom-xml: {ran} conformance cases passed");
    assert!(ran >= 25, "only {ran} cases ran");
    check_claims(&corpus, "MavenLockExtractor", "pom-xml");
}

fn pom_components(path: &Path, display: &str) -> Parsed {
    cataloger_named("pom-xml")
        .unwrap()
        .parse(path, Path::new(display))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn pom_xml_reads_zeppelin_through_its_local_parents() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pom_xml_zeppelin") else {
        return;
    };
    let pom = corpus.join("advisories/ghsa-maven/poms/zeppelin-server/pom.xml");
    let parsed = pom_components(&pom, "zeppelin-server/pom.xml");
    let version = |name: &str| {
        parsed
            .components
            .iter()
            .find(|c| c.name.as_str() == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .version
            .clone()
    };
    // ${project.groupId} and ${project.version} come from the <parent> reference.
    assert_eq!(
        version("org.apache.zeppelin:zeppelin-zengine").as_deref(),
        Some("0.11.1")
    );
    // Declared as the main jar (compile) and as a test-jar (test): both scopes are groups.
    let zengine = parsed
        .components
        .iter()
        .find(|c| c.name.as_str() == "org.apache.zeppelin:zeppelin-zengine")
        .unwrap();
    assert_eq!(zengine.groups, ["compile", "test"]);
    assert_eq!(zengine.scope.dev, Some(false));
    // A property of the server pom itself.
    assert_eq!(
        version("org.glassfish.jersey.core:jersey-server").as_deref(),
        Some("2.30")
    );
    for c in &parsed.components {
        assert!(c.purl.as_str().starts_with("pkg:maven/"), "{}", c.purl);
        let location = &c.locations[0];
        assert_eq!(location.path, Path::new("zeppelin-server/pom.xml"));
    }
    // Every version is pinned or explained.
    let unpinned = parsed
        .components
        .iter()
        .filter(|c| c.version.is_none())
        .count();
    let notes = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::UnpinnedRequirement)
        .count();
    assert_eq!(unpinned, notes, "{:#?}", parsed.diagnostics);
    eprintln!(
        "zeppelin-server: {} components, {unpinned} unpinned",
        parsed.components.len()
    );
    assert!(parsed.components.len() >= 20, "{}", parsed.components.len());
}

#[test]
fn pom_xml_test_scope_is_dev_and_a_parent_elsewhere_is_named() {
    let text = r#"<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>org.remote</groupId><artifactId>parent</artifactId><version>3</version></parent>
  <artifactId>app</artifactId>
  <dependencies>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
    <dependency><groupId>org.x</groupId><artifactId>y</artifactId><version>${y.version}</version></dependency>
  </dependencies>
</project>"#;
    let parsed = parse_as("pom-xml", "app/pom.xml", text).unwrap();
    let junit = &parsed.components[0];
    assert_eq!(junit.purl.as_str(), "pkg:maven/junit/junit@4.13.2");
    assert_eq!(junit.scope.dev, Some(true));
    assert_eq!(junit.groups, ["test"]);
    let y = &parsed.components[1];
    assert_eq!(y.version, None);
    assert_eq!(y.purl.as_str(), "pkg:maven/org.x/y");
    let note = &parsed.diagnostics[0];
    assert_eq!(note.code, DiagnosticCode::UnpinnedRequirement);
    assert!(
        note.message.contains("`y.version`")
            && note
                .message
                .contains("org.remote:parent:3 is not a local file"),
        "{}",
        note.message
    );
}

#[test]
fn pom_xml_parent_cycles_and_bad_parents_end_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    std::fs::create_dir_all(&a).unwrap();
    // The child's parent is the directory above, whose parent is the child again.
    std::fs::write(
        dir.path().join("pom.xml"),
        "<project><groupId>g</groupId><artifactId>root</artifactId><version>1</version>\
         <parent><groupId>g</groupId><artifactId>child</artifactId><relativePath>a/pom.xml</relativePath></parent>\
         <properties><v>9</v></properties></project>",
    )
    .unwrap();
    std::fs::write(
        a.join("pom.xml"),
        "<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>1</version></parent>\
         <artifactId>child</artifactId>\
         <dependencies><dependency><groupId>d</groupId><artifactId>e</artifactId><version>${v}</version></dependency></dependencies></project>",
    )
    .unwrap();
    let parsed = pom_components(&a.join("pom.xml"), "a/pom.xml");
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.components[0].version.as_deref(), Some("9"));

    // A parent file that is not XML is noted; the child is still read.
    std::fs::write(dir.path().join("pom.xml"), "not xml").unwrap();
    let parsed = pom_components(&a.join("pom.xml"), "a/pom.xml");
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(
        parsed.diagnostics[0].path.as_deref(),
        Some(Path::new("pom.xml"))
    );
    assert_eq!(
        parsed.diagnostics[0].code,
        DiagnosticCode::MalformedLockfile
    );
    assert!(
        parsed.diagnostics[0]
            .message
            .ends_with("(read as the parent of a/pom.xml, line 1; what it declares is missing)"),
        "{}",
        parsed.diagnostics[0].message
    );
    assert!(
        parsed.diagnostics[0]
            .message
            .starts_with("invalid XML at line 1, column 1"),
        "{}",
        parsed.diagnostics[0].message
    );
}

#[test]
fn pom_xml_bad_input() {
    let err = parse_as("pom-xml", "pom.xml", "<project><dependencies>").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("pom.xml: invalid XML at line 1"),
        "{err}"
    );
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY a \"x\">]><project/>";
    let err = parse_as("pom-xml", "pom.xml", bomb).unwrap_err();
    assert!(err.to_string().contains("DTD"), "{err}");
    // Latin-1 declared and used.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pom.xml");
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<project><name>caf".to_vec();
    bytes.push(0xe9);
    bytes.extend_from_slice(b"</name><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency></dependencies></project>");
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(pom_components(&path, "pom.xml").components.len(), 1);
    // Not declared: not UTF-8 is an error.
    std::fs::write(
        &path,
        &bytes[bytes.iter().position(|&b| b == b'\n').unwrap() + 1..],
    )
    .unwrap();
    let err = cataloger_named("pom-xml")
        .unwrap()
        .parse(&path, Path::new("pom.xml"))
        .unwrap_err();
    assert!(matches!(err, ExtractError::InvalidUtf8 { .. }), "{err:?}");
}

#[test]
fn components_snapshot() {
    let lock = parse_as(
        "gradle-lockfile",
        "gradle.lockfile",
        "com.google.guava:guava:32.1.2-jre=compileClasspath,runtimeClasspath\njunit:junit:4.13.2=testCompileClasspath,testRuntimeClasspath\nempty=annotationProcessor\n",
    )
    .unwrap();
    insta::assert_json_snapshot!("gradle_lockfile_components", lock.components);
    let pom = parse_as(
        "pom-xml",
        "pom.xml",
        r#"<project>
  <groupId>org.example</groupId>
  <artifactId>app</artifactId>
  <version>1.0</version>
  <properties><jackson.version>2.15.2</jackson.version></properties>
  <dependencies>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.version}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>[2.0,3.0)</version><optional>true</optional></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.10.0</version><scope>test</scope></dependency>
  </dependencies>
</project>"#,
    )
    .unwrap();
    insta::assert_json_snapshot!("pom_xml_components", pom.components);
}

#[test]
fn pom_xml_parents_outside_the_scanned_tree_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        dir.path().join("pom.xml"),
        "<project><groupId>g</groupId><artifactId>root</artifactId><version>1</version>\
         <properties><v>9</v></properties></project>",
    )
    .unwrap();
    std::fs::write(
        app.join("pom.xml"),
        "<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>1</version></parent>\
         <artifactId>app</artifactId>\
         <dependencies><dependency><groupId>d</groupId><artifactId>e</artifactId><version>${v}</version></dependency></dependencies></project>",
    )
    .unwrap();
    // Scanned from the directory above: the parent is part of the delivery.
    let inside = pom_components(&app.join("pom.xml"), "app/pom.xml");
    assert_eq!(inside.components[0].version.as_deref(), Some("9"));
    // Scanned from `app`: `../pom.xml` is outside it.
    let outside = pom_components(&app.join("pom.xml"), "pom.xml");
    assert_eq!(outside.components[0].version, None);
    assert!(
        outside.diagnostics[0]
            .message
            .contains("g:root:1 is not a local file"),
        "{}",
        outside.diagnostics[0].message
    );
}
