//! BSI TR-03183-2 v2.1 file evidence in `vouch sbom` (issue 6, used by issue 7): a real jar from
//! the corpus, delivered as a directory and inside a tar.gz, gets its file name, SHA-256,
//! SHA-512 and executable / archive / structured properties on the component it *is*; the
//! artifact nested in it names the jar but gets no hash; a lockfile's packages get nothing.
//! Both SBOMs validate against their schemas, and the hashes are computed here independently.

use std::io::Write as _;
use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256, Sha512};

use crate::support::{VULNERABLE_CARGO_LOCK, stderr, stdout, vouch};

const JAR: &str = "lockfiles/osv-scalibr/fixtures/language/java/archive/testdata/complex.jar";
/// The artifact `complex.jar` is: its only top-level `pom.properties`.
const OWN: &str = "pkg:maven/com.some.package/package-name@1.2.3";
/// The artifact in the jar nested at `BOOT-INF/lib/inner.jar`.
const NESTED: &str = "pkg:maven/com.some.anotherpackage/another-package-name@3.2.1";
/// A package the Cargo.lock lists.
const LOCKED: &str = "pkg:cargo/regex@1.5.4";

fn lower_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sbom(format: &str, path: &Path) -> Value {
    let out = vouch()
        .args(["--offline", "sbom", "--format", format])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn by_purl<'a>(bom: &'a Value, purl: &str) -> &'a Value {
    bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["purl"] == purl)
        .unwrap_or_else(|| panic!("no component {purl} in {bom:#}"))
}

fn property<'a>(component: &'a Value, name: &str) -> Option<&'a str> {
    component["properties"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name)
        .and_then(|p| p["value"].as_str())
}

fn gzip_tar(files: &[(&str, &[u8], u32)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, bytes, mode) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(*mode);
        header.set_entry_type(tar::EntryType::Regular);
        builder.append_data(&mut header, path, *bytes).unwrap();
    }
    let tar = builder.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar).unwrap();
    gz.finish().unwrap()
}

/// What the CycloneDX and SPDX SBOMs of a delivery holding `complex.jar` at `jar_path` must say.
fn assert_file_evidence(delivery: &Path, jar_path: &str, jar: &[u8], corpus: &Path) {
    let sha256 = lower_hex(&Sha256::digest(jar));
    let sha512 = lower_hex(&Sha512::digest(jar));

    let bom = sbom("cyclonedx-json", delivery);
    if let Err(errors) =
        vouch_sbom::validate_cyclonedx_1_6(&bom, &corpus.join("schemas/cyclonedx/schema"))
    {
        panic!(
            "the CycloneDX BOM does not validate:\n{}",
            errors.join("\n")
        );
    }
    let own = by_purl(&bom, OWN);
    assert_eq!(
        own["externalReferences"],
        serde_json::json!([{
            "url": jar_path,
            "type": "distribution",
            "hashes": [
                {"alg": "SHA-256", "content": sha256},
                {"alg": "SHA-512", "content": sha512},
            ],
        }]),
        "the jar's own artifact carries the jar's hashes"
    );
    for c in [own, by_purl(&bom, NESTED)] {
        assert_eq!(property(c, "bsi:component:filename"), Some("complex.jar"));
        assert_eq!(
            property(c, "bsi:component:executable"),
            Some("non-executable")
        );
        assert_eq!(property(c, "bsi:component:archive"), Some("archive"));
        assert_eq!(property(c, "bsi:component:structured"), Some("structured"));
    }
    let nested = by_purl(&bom, NESTED);
    assert_eq!(
        nested.get("externalReferences"),
        None,
        "the jar's hash is not the nested artifact's own"
    );
    assert_eq!(property(nested, "vouch:delivered-in"), Some(jar_path));
    let locked = by_purl(&bom, LOCKED);
    assert_eq!(locked.get("externalReferences"), None);
    assert!(
        property(locked, "bsi:component:filename").is_none(),
        "a lockfile is not the deployable form of what it lists: {locked:#}"
    );

    let spdx = sbom("spdx-json", delivery);
    if let Err(errors) = vouch_sbom::validate_spdx_2_3(&spdx, &corpus.join("schemas/spdx/2.3")) {
        panic!(
            "the SPDX document does not validate:\n{}",
            errors.join("\n")
        );
    }
    let package = |purl: &str| {
        spdx["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["externalRefs"][0]["referenceLocator"] == purl)
            .unwrap_or_else(|| panic!("no package {purl}"))
            .clone()
    };
    let own = package(OWN);
    assert_eq!(own["packageFileName"], "complex.jar");
    assert_eq!(own["primaryPackagePurpose"], "ARCHIVE");
    assert_eq!(
        own["checksums"],
        serde_json::json!([
            {"algorithm": "SHA256", "checksumValue": sha256},
            {"algorithm": "SHA512", "checksumValue": sha512},
        ])
    );
    let nested = package(NESTED);
    assert_eq!(nested["packageFileName"], "complex.jar");
    assert_eq!(nested["primaryPackagePurpose"], "LIBRARY");
    assert_eq!(nested.get("checksums"), None);
    let locked = package(LOCKED);
    assert_eq!(locked.get("packageFileName"), None);
    assert!(
        !locked["checksums"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c["algorithm"] == "SHA512"),
        "only the lockfile's own checksums: {locked:#}"
    );

    // Read back: the SBOM as a delivery keeps the file evidence, so `vouch verify` can compare.
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("bom.cdx.json");
    std::fs::write(&written, serde_json::to_vec(&bom).unwrap()).unwrap();
    let reread = sbom("cyclonedx-json", &written);
    assert_eq!(
        by_purl(&reread, OWN)["externalReferences"],
        by_purl(&bom, OWN)["externalReferences"]
    );
    assert_eq!(
        property(by_purl(&reread, NESTED), "vouch:delivered-in"),
        Some(jar_path)
    );
}

#[test]
fn a_delivered_jar_carries_its_file_evidence_and_a_lockfile_none() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("file evidence") else {
        return;
    };
    let jar = std::fs::read(corpus.join(JAR)).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let delivery = dir.path().join("delivery");
    std::fs::create_dir_all(delivery.join("lib")).unwrap();
    std::fs::write(delivery.join("lib/complex.jar"), &jar).unwrap();
    std::fs::write(delivery.join("Cargo.lock"), VULNERABLE_CARGO_LOCK).unwrap();
    assert_file_evidence(&delivery, "lib/complex.jar", &jar, &corpus);

    let tarball = dir.path().join("delivery.tar.gz");
    std::fs::write(
        &tarball,
        gzip_tar(&[
            ("app/Cargo.lock", VULNERABLE_CARGO_LOCK.as_bytes(), 0o644),
            ("app/lib/complex.jar", &jar, 0o644),
        ]),
    )
    .unwrap();
    assert_file_evidence(&tarball, "app/lib/complex.jar", &jar, &corpus);
}
