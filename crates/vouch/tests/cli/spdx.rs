//! `vouch sbom --format spdx-json`: SPDX 2.3 that validates, on the RustSec Cargo.lock and on
//! real lockfiles of several ecosystems, with the same components as the CycloneDX output.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::support::{filters, real_lockfile_delivery, stderr, stdout, vouch, vulnerable_delivery};

/// Runs `vouch --offline sbom --format FORMAT PATH` and parses stdout; panics with stderr when
/// the run fails.
fn sbom(format: &str, path: &Path) -> Value {
    let out = vouch()
        .args(["--offline", "sbom", "--format", format])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn assert_valid_spdx(doc: &Value) {
    let Some(corpus) = vouch_testkit::corpus_or_skip("spdx schema") else {
        return;
    };
    if let Err(errors) = vouch_sbom::validate_spdx_2_3(doc, &corpus.join("schemas/spdx/2.3")) {
        panic!(
            "the SPDX document does not validate:\n{}",
            errors.join("\n")
        );
    }
}

/// The purls of an SPDX document's packages.
fn spdx_purls(doc: &Value) -> BTreeSet<String> {
    doc["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["externalRefs"][0]["referenceLocator"].as_str())
        .map(str::to_owned)
        .collect()
}

#[test]
fn sbom_writes_spdx_2_3() {
    let delivery = vulnerable_delivery();
    let out = vouch()
        .args(["--offline", "sbom", "--format", "spdx-json"])
        .arg(delivery.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_valid_spdx(&doc);
    assert_eq!(
        spdx_purls(&doc),
        [
            "pkg:cargo/regex@1.5.4",
            "pkg:cargo/smallvec@1.6.0",
            "pkg:cargo/time@0.1.43"
        ]
        .map(String::from)
        .into()
    );
    let mut filters = filters();
    // The delivery is a temp dir: its name, and so the namespace's UUID, changes every run.
    filters.push((r"\.tmp[A-Za-z0-9]+", "[DELIVERY]"));
    filters.push((
        r"[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[UUID]",
    ));
    filters.push((r"Tool: vouch-[0-9A-Za-z.+-]+", "Tool: vouch-[VERSION]"));
    insta::with_settings!({ filters => filters }, {
        insta::assert_snapshot!(text);
    });
}

#[test]
fn sbom_spdx_of_real_lockfiles_validates_and_lists_what_cyclonedx_lists() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("sbom spdx real lockfiles") else {
        return;
    };
    let delivery = real_lockfile_delivery(&corpus);
    let doc = sbom("spdx-json", delivery.path());
    assert_valid_spdx(&doc);
    let bom = sbom("cyclonedx-json", delivery.path());
    let components = bom["components"].as_array().unwrap();
    assert!(components.len() > 10, "{} components", components.len());
    assert_eq!(
        doc["packages"].as_array().unwrap().len(),
        components.len() + 1
    );
    let cyclonedx_purls: BTreeSet<String> = components
        .iter()
        .map(|c| c["purl"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(spdx_purls(&doc), cyclonedx_purls);
    // Both SBOMs of one delivery carry the same UUID.
    let uuid = bom["serialNumber"]
        .as_str()
        .unwrap()
        .strip_prefix("urn:uuid:")
        .unwrap();
    assert!(
        doc["documentNamespace"].as_str().unwrap().ends_with(uuid),
        "{}",
        doc["documentNamespace"]
    );
    // Pipfile.lock's `develop` section is a dev dependency.
    let dev = doc["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["relationshipType"] == "DEV_DEPENDENCY_OF")
        .count();
    assert!(dev >= 1, "no DEV_DEPENDENCY_OF");
}

#[test]
fn sbom_spdx_to_a_file() {
    let delivery = vulnerable_delivery();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sbom.spdx.json");
    vouch()
        .args(["--offline", "sbom", "--format", "spdx-json", "-o"])
        .arg(&file)
        .arg(delivery.path())
        .assert()
        .success()
        .stdout("");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["spdxVersion"], "SPDX-2.3");
    assert_eq!(doc["packages"].as_array().unwrap().len(), 4);
}
