//! Each kind of drift, and each way a true SBOM could look false (names spelled per the
//! ecosystem, purl qualifiers, versions written differently, the SBOM's own subject).

use std::path::Path;

use vouch_model::{ChecksumAlgorithm, Location, PackageName};

use super::*;
use crate::read_sbom;

fn comp(e: Ecosystem, name: &str, version: &str) -> Component {
    Component::new(
        e,
        PackageName::new(e, name).unwrap(),
        Some(version.into()),
        Location::file("Cargo.lock"),
    )
    .unwrap()
}

fn sha256(c: &mut Component, hex: &str) {
    c.checksums.push(Checksum {
        algorithm: ChecksumAlgorithm::Sha256,
        hex: hex.into(),
    });
}

fn inv(cs: Vec<Component>) -> Inventory {
    let mut i = Inventory::new();
    for c in cs {
        i.add(c);
    }
    i.finish();
    i
}

/// An installed Debian package as the dpkg cataloger names it: namespace and qualifiers.
fn deb(name: &str, version: &str) -> Component {
    let mut c = comp(Ecosystem::Debian, name, version);
    c.purl = Purl::for_os_package(
        Ecosystem::Debian,
        "debian",
        &c.name,
        Some(version),
        &[("arch", "amd64"), ("distro", "debian-12")],
    )
    .unwrap();
    c
}

/// An installed RPM with an epoch, as the rpm cataloger names it: `1:` in the version, the
/// epoch as a purl qualifier.
fn rpm_with_epoch() -> Component {
    let mut c = comp(Ecosystem::RockyLinux, "bash", "1:5.1.8-6.el9");
    c.purl = Purl::for_os_package(
        Ecosystem::RockyLinux,
        "rocky",
        &c.name,
        Some("5.1.8-6.el9"),
        &[("arch", "x86_64"), ("epoch", "1")],
    )
    .unwrap();
    c
}

fn artifact() -> Inventory {
    let mut regex = comp(Ecosystem::CratesIo, "regex", "1.5.4");
    sha256(&mut regex, "aa11");
    let mut django = comp(Ecosystem::PyPI, "Django", "4.2.10");
    // pip records every wheel's hash; an SBOM names one of them.
    sha256(&mut django, "d1");
    sha256(&mut django, "d2");
    inv(vec![
        regex,
        comp(Ecosystem::CratesIo, "serde", "1.0.200"),
        django,
        comp(Ecosystem::PyPI, "zope_interface", "5.4.0"),
        comp(Ecosystem::Npm, "@babel/core", "7.0.0"),
        comp(Ecosystem::NuGet, "Newtonsoft.Json", "13.0.1"),
        deb("curl", "7.88.1-10+deb12u5"),
        rpm_with_epoch(),
    ])
}

fn cdx(components: &str) -> SbomDocument {
    let text = format!(
        r#"{{"bomFormat": "CycloneDX", "specVersion": "1.5",
  "metadata": {{"component": {{"type": "application", "bom-ref": "app", "name": "seller-app",
     "version": "1.0.0", "purl": "pkg:cargo/seller-app@1.0.0"}}}},
  "components": [{components}]}}"#
    );
    read_sbom(text.as_bytes(), Path::new("seller.cdx.json")).unwrap()
}

/// The artifact as a third-party tool would describe it, spelling everything its own way.
const TRUE_COMPONENTS: &str = r#"
  {"type": "library", "name": "regex", "purl": "pkg:cargo/regex@1.5.4?download_url=https%3A%2F%2Fcrates.io",
   "hashes": [{"alg": "SHA-256", "content": "AA11"}]},
  {"type": "library", "name": "seller-app", "purl": "pkg:cargo/seller-app@1.0.0"},
  {"type": "library", "name": "serde", "purl": "pkg:cargo/serde@1.0.200"},
  {"type": "library", "name": "django", "purl": "pkg:pypi/django@4.2.10",
   "hashes": [{"alg": "SHA-256", "content": "d2"}]},
  {"type": "library", "name": "Zope.Interface", "purl": "pkg:pypi/Zope.Interface@5.4"},
  {"type": "library", "name": "core", "purl": "pkg:npm/%40babel/core@7.0.0"},
  {"type": "library", "name": "newtonsoft.json", "purl": "pkg:nuget/newtonsoft.json@13.0.1"},
  {"type": "library", "name": "curl", "purl": "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12"},
  {"type": "library", "name": "bash", "purl": "pkg:rpm/rocky/bash@5.1.8-6.el9?arch=x86_64&epoch=1&distro=rocky-9.2"}
"#;

#[test]
fn a_true_sbom_spelled_another_way_is_consistent() {
    let v = verify_sbom(&cdx(TRUE_COMPONENTS), &artifact());
    assert_eq!(v.verdict(), VerifyVerdict::Consistent, "{v:#?}");
    assert_eq!(
        (v.matched, v.sbom_components, v.artifact_components),
        (8, 8, 8)
    );
    // The SBOM's subject is set aside, not reported as extra.
    assert_eq!(v.subjects.len(), 1);
    assert_eq!(v.subjects[0].name, "seller-app");
}

#[test]
fn what_vouch_writes_verifies_against_what_it_was_written_from() {
    let truth = artifact();
    let metadata = crate::BomMetadata {
        component_name: "delivery".into(),
        component_version: None,
        timestamp: jiff::Timestamp::UNIX_EPOCH,
        serial: None,
        tool_name: "vouch",
        tool_version: "0",
        supplier: None,
        security_contacts: Vec::new(),
    };
    for (format, text) in [
        (
            "cyclonedx",
            crate::cyclonedx_json(&truth, &metadata).unwrap(),
        ),
        ("spdx", crate::spdx_json(&truth, &metadata).unwrap()),
    ] {
        let doc = read_sbom(text.as_bytes(), Path::new("sbom.json")).unwrap();
        let v = verify_sbom(&doc, &truth);
        assert_eq!(v.verdict(), VerifyVerdict::Consistent, "{format}: {v:#?}");
        assert_eq!(v.matched, truth.len(), "{format}");
    }
}

#[test]
fn each_kind_of_drift_is_reported() {
    let sbom = cdx(r#"
  {"type": "library", "name": "regex", "purl": "pkg:cargo/regex@1.5.4",
   "hashes": [{"alg": "SHA-256", "content": "bb22"}]},
  {"type": "library", "name": "serde", "purl": "pkg:cargo/serde@1.0.190"},
  {"type": "library", "name": "django", "purl": "pkg:pypi/django@4.2.10",
   "hashes": [{"alg": "SHA-256", "content": "d3"}]},
  {"type": "library", "name": "zope.interface", "purl": "pkg:pypi/zope.interface@5.4.0"},
  {"type": "library", "name": "left-pad", "purl": "pkg:npm/left-pad@1.3.0"},
  {"type": "library", "name": "newtonsoft.json", "purl": "pkg:nuget/newtonsoft.json@13.0.1"},
  {"type": "library", "name": "curl", "purl": "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64"},
  {"type": "library", "name": "bash", "purl": "pkg:rpm/rocky/bash@5.1.8-6.el9?epoch=1"}
"#);
    let v = verify_sbom(&sbom, &artifact());
    assert_eq!(v.verdict(), VerifyVerdict::Drift);
    let purls =
        |ps: &[PackageVersion]| -> Vec<String> { ps.iter().map(|p| p.purl.to_string()).collect() };
    assert_eq!(purls(&v.missing_from_sbom), ["pkg:npm/%40babel/core@7.0.0"]);
    assert_eq!(purls(&v.not_in_artifact), ["pkg:npm/left-pad@1.3.0"]);
    assert_eq!(
        v.version_mismatches,
        [VersionMismatch {
            ecosystem: Ecosystem::CratesIo,
            name: "serde".into(),
            package: "pkg:cargo/serde".into(),
            sbom: Some("1.0.190".into()),
            artifact: Some("1.0.200".into()),
        }]
    );
    let hashes: Vec<(&str, Vec<&str>)> = v
        .hash_mismatches
        .iter()
        .map(|h| {
            (
                h.component.name.as_str(),
                h.sbom.iter().map(|c| c.hex.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(hashes, [("regex", vec!["bb22"]), ("Django", vec!["d3"])]);
    assert_eq!(v.drift_count(), 5);
    // 8 in the artifact: @babel/core missing, serde at another version, two hash mismatches.
    assert_eq!(v.matched, 4);
    assert!(
        v.unseen_ecosystems.is_empty(),
        "npm was seen in the artifact"
    );
}

#[test]
fn components_of_an_ecosystem_the_artifact_shows_none_of_are_flagged() {
    let sbom = cdx(r#"
  {"type": "library", "name": "openssl", "purl": "pkg:apk/alpine/openssl@3.1.4-r5?arch=x86_64"}
"#);
    let truth = inv(vec![comp(Ecosystem::CratesIo, "regex", "1.5.4")]);
    let v = verify_sbom(&sbom, &truth);
    assert_eq!(v.verdict(), VerifyVerdict::Drift);
    assert_eq!(v.not_in_artifact.len(), 1);
    assert_eq!(v.unseen_ecosystems, [Ecosystem::Alpine]);
    assert_eq!(v.missing_from_sbom.len(), 1);
}

#[test]
fn the_subject_is_compared_when_the_artifact_has_it() {
    // A workspace's own crate is in its Cargo.lock: then the SBOM's subject must match it.
    let truth = inv(vec![comp(Ecosystem::CratesIo, "seller-app", "1.0.1")]);
    let v = verify_sbom(
        &cdx(r#"
  {"type": "library", "name": "seller-app", "purl": "pkg:cargo/seller-app@1.0.0"}
"#),
        &truth,
    );
    assert!(v.subjects.is_empty());
    assert_eq!(v.version_mismatches.len(), 1, "{v:#?}");
}

#[test]
fn versions_are_compared_by_the_ecosystems_rules_not_their_text() {
    let truth = inv(vec![comp(Ecosystem::PyPI, "requests", "2.31.0")]);
    let same = verify_sbom(
        &cdx(r#"{"type": "library", "name": "requests", "purl": "pkg:pypi/requests@2.31"}"#),
        &truth,
    );
    assert_eq!(same.verdict(), VerifyVerdict::Consistent, "{same:#?}");
    let other = verify_sbom(
        &cdx(r#"{"type": "library", "name": "requests", "purl": "pkg:pypi/requests@2.31.1"}"#),
        &truth,
    );
    assert_eq!(other.version_mismatches.len(), 1);
    // The purl spec lower-cases npm names: a true SBOM can only call `JSONStream` so.
    let npm = inv(vec![comp(Ecosystem::Npm, "JSONStream", "1.3.5")]);
    let v = verify_sbom(
        &cdx(r#"{"type": "library", "name": "JSONStream", "purl": "pkg:npm/jsonstream@1.3.5"}"#),
        &npm,
    );
    assert_eq!(v.verdict(), VerifyVerdict::Consistent, "{v:#?}");
    // Maven names are case-sensitive and not lower-cased by the purl spec.
    let maven = inv(vec![comp(Ecosystem::Maven, "org.example:Foo", "1.0")]);
    let v = verify_sbom(
        &cdx(r#"{"type": "library", "name": "foo", "purl": "pkg:maven/org.example/foo@1.0"}"#),
        &maven,
    );
    assert_eq!(
        (v.missing_from_sbom.len(), v.not_in_artifact.len()),
        (1, 1),
        "{v:#?}"
    );
}

#[test]
fn a_hash_of_an_algorithm_only_one_side_records_is_no_mismatch() {
    let mut regex = comp(Ecosystem::CratesIo, "regex", "1.5.4");
    sha256(&mut regex, "aa11");
    let v = verify_sbom(
        &cdx(
            r#"{"type": "library", "name": "regex", "purl": "pkg:cargo/regex@1.5.4",
              "hashes": [{"alg": "SHA-512", "content": "ffff"}]}"#,
        ),
        &inv(vec![regex]),
    );
    assert_eq!(v.verdict(), VerifyVerdict::Consistent, "{v:#?}");
}

#[test]
fn development_only_components_an_sbom_leaves_out_are_not_drift() {
    let mut jest = comp(Ecosystem::Npm, "jest", "29.7.0");
    jest.scope.dev = Some(true);
    let mut undeclared = comp(Ecosystem::Npm, "left-pad", "1.3.0");
    undeclared.scope.dev = Some(false);
    let truth = inv(vec![
        jest,
        undeclared,
        comp(Ecosystem::Npm, "wrappy", "1.0.2"),
    ]);
    let v = verify_sbom(
        &cdx(r#"{"type": "library", "name": "wrappy", "purl": "pkg:npm/wrappy@1.0.2"}"#),
        &truth,
    );
    let names =
        |ps: &[PackageVersion]| -> Vec<String> { ps.iter().map(|p| p.name.clone()).collect() };
    assert_eq!(names(&v.dev_only_not_in_sbom), ["jest"]);
    assert_eq!(names(&v.missing_from_sbom), ["left-pad"]);
    assert_eq!(v.matched, 1);
    // Listed at another version, a development-only component is still a mismatch.
    let v = verify_sbom(
        &cdx(r#"{"type": "library", "name": "jest", "purl": "pkg:npm/jest@29.6.0"}"#),
        &inv(vec![{
            let mut jest = comp(Ecosystem::Npm, "jest", "29.7.0");
            jest.scope.dev = Some(true);
            jest
        }]),
    );
    assert_eq!(v.version_mismatches.len(), 1);
    assert!(v.dev_only_not_in_sbom.is_empty());
}
