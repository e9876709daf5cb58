//! `vouch sbom quality FILE` (issue 7, clause 3.4 evidence): the NTIA minimum elements and the
//! BSI TR-03183-2 v2.1 fields a seller's SBOM lacks, per component, with a score per profile.

use std::path::Path;

use crate::support::{filters, stderr, stdout, vouch};

/// A seller's CycloneDX 1.6 SBOM: one component with every BSI field (the form vouch writes),
/// one with a SHA-256 only and a licence name, one with nothing but a name.
const SELLER_SBOM: &str = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "version": 1,
  "metadata": {
    "timestamp": "2026-11-02T09:30:15Z",
    "tools": {"components": [{"type": "application", "name": "bommer", "version": "2.0"}]},
    "manufacturer": {"name": "Seller GmbH", "url": ["https://seller.example"]},
    "component": {"type": "application", "bom-ref": "app", "name": "seller-app", "version": "1.0.0",
                  "purl": "pkg:generic/seller-app@1.0.0"}
  },
  "components": [
    {"type": "library", "bom-ref": "regex", "name": "regex", "version": "1.5.4", "purl": "pkg:cargo/regex@1.5.4",
     "supplier": {"name": "rust-lang", "url": ["https://github.com/rust-lang"]},
     "licenses": [{"expression": "MIT OR Apache-2.0", "acknowledgement": "concluded"},
                  {"expression": "MIT OR Apache-2.0", "acknowledgement": "declared"}],
     "externalReferences": [
       {"type": "distribution", "url": "https://static.crates.io/crates/regex/regex-1.5.4.crate",
        "hashes": [{"alg": "SHA-512", "content": "e8f33e424f3f4ed6db76a482fde1a5298970e442c531729119e37991884bdffab4f9426b7ee11fccd074eeda0634d71697d6f88a460dce0ac8d627a29f7d1282"}]},
       {"type": "vcs", "url": "https://github.com/rust-lang/regex"}],
     "properties": [{"name": "bsi:component:filename", "value": "regex-1.5.4.crate"},
                    {"name": "bsi:component:executable", "value": "non-executable"},
                    {"name": "bsi:component:archive", "value": "archive"},
                    {"name": "bsi:component:structured", "value": "structured"}]},
    {"type": "library", "bom-ref": "time", "name": "time", "version": "0.1.43", "purl": "pkg:cargo/time@0.1.43",
     "supplier": {"name": "time-rs"},
     "licenses": [{"license": {"name": "MIT License", "acknowledgement": "concluded"}}],
     "externalReferences": [
       {"type": "distribution", "url": "https://static.crates.io/crates/time/time-0.1.43.crate",
        "hashes": [{"alg": "SHA-256", "content": "a74f733635a19aefb1f73e5947cef59cd7440c6952ef0f03d09d974274cbd6df"}]}]},
    {"type": "library", "name": "vendored-blob"}
  ],
  "dependencies": [
    {"ref": "app", "dependsOn": ["regex", "time"]},
    {"ref": "regex", "dependsOn": []},
    {"ref": "time", "dependsOn": []}
  ]
}"#;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn sbom_quality_lists_what_each_component_lacks_with_a_score() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "seller.cdx.json", SELLER_SBOM);
    let out = vouch()
        .current_dir(dir.path())
        .args(["sbom", "quality", "seller.cdx.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(stdout(&out));
    });

    let out = vouch()
        .current_dir(dir.path())
        .args(["sbom", "quality", "--format", "json", "--profile", "ntia"])
        .arg("seller.cdx.json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["schema"], "vouch.sbom-quality/v1");
    assert_eq!(report["format"], "cyclone-dx-json");
    assert_eq!(report["components"], 4);
    let profiles = report["profiles"].as_array().unwrap();
    assert_eq!(profiles.len(), 1);
    // 2 + 4 × 5 checks: vendored-blob lacks all but its name (the app's supplier is the
    // document's manufacturer).
    assert_eq!(profiles[0]["profile"], "ntia");
    assert_eq!(
        (
            profiles[0]["passed"].as_u64(),
            profiles[0]["checked"].as_u64()
        ),
        (Some(18), Some(22))
    );
    assert_eq!(profiles[0]["score"], 81.8);
    assert_eq!(
        profiles[0]["components"].as_array().unwrap()[..],
        [
            serde_json::json!({"record": "components[2]", "name": "vendored-blob", "issues": [
                {"field": "supplier", "requirement": "required", "status": "missing"},
                {"field": "version", "requirement": "required", "status": "missing"},
                {"field": "unique-identifier", "requirement": "required", "status": "missing"},
                {"field": "dependency-relationship", "requirement": "required", "status": "missing"}
            ]})
        ]
    );
}

#[test]
fn min_score_fails_below_and_an_unreadable_sbom_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "seller.cdx.json", SELLER_SBOM);
    let run = |args: &[&str]| {
        vouch()
            .current_dir(dir.path())
            .args(["sbom", "quality"])
            .args(args)
            .output()
            .unwrap()
    };
    // NTIA 81.8, BSI below: 70 passes NTIA alone, not both.
    let ntia = run(&["seller.cdx.json", "--profile", "ntia", "--min-score", "70"]);
    assert_eq!(ntia.status.code(), Some(0), "{}", stderr(&ntia));
    let all = run(&["seller.cdx.json", "--min-score", "70"]);
    assert_eq!(all.status.code(), Some(1), "{}", stderr(&all));

    let missing = run(&["nowhere.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("nowhere.json"),
        "{}",
        stderr(&missing)
    );
    write(dir.path(), "notes.json", r#"{"hello": "world"}"#);
    let not_sbom = run(&["notes.json"]);
    assert_eq!(not_sbom.status.code(), Some(2));
    assert!(
        stderr(&not_sbom).contains("notes.json: not a CycloneDX"),
        "{}",
        stderr(&not_sbom)
    );
}
