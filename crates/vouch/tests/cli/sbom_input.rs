//! Third-party SBOMs as input (issue 7): `vouch scan FILE` on a CycloneDX or SPDX file matches
//! its components as it would the lockfile they came from, and `vouch sbom diff OLD NEW` says
//! what changed between two SBOMs.

use std::path::Path;

use crate::support::{
    filters, json_report, rustsec_db, stderr, stdout, vouch, vulnerable_delivery,
};

/// The three crates of `VULNERABLE_CARGO_LOCK`, as a seller's CycloneDX 1.5 SBOM would list
/// them, plus one package whose purl names no ecosystem.
const VULNERABLE_CYCLONEDX: &str = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.5",
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "version": 1,
  "metadata": {
    "tools": {"components": [{"type": "application", "name": "cargo-cyclonedx", "version": "0.5.0"}]},
    "component": {"type": "application", "bom-ref": "seller-app", "name": "seller-app", "version": "1.0.0"}
  },
  "components": [
    {"type": "library", "bom-ref": "regex", "name": "regex", "version": "1.5.4", "purl": "pkg:cargo/regex@1.5.4"},
    {"type": "library", "bom-ref": "smallvec", "name": "smallvec", "version": "1.6.0", "purl": "pkg:cargo/smallvec@1.6.0"},
    {"type": "library", "bom-ref": "time", "name": "time", "version": "0.1.43", "purl": "pkg:cargo/time@0.1.43?download_url=https%3A%2F%2Fcrates.io"},
    {"type": "library", "bom-ref": "openssl", "name": "openssl", "version": "3.0.0", "purl": "pkg:generic/openssl@3.0.0"}
  ],
  "dependencies": [
    {"ref": "seller-app", "dependsOn": ["regex", "time"]},
    {"ref": "regex", "dependsOn": ["smallvec"]}
  ]
}"#;

/// `(id, purl)` of each finding.
fn findings(report: &serde_json::Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_owned(),
                f["purl"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn scanning_a_cyclonedx_sbom_finds_what_scanning_its_lockfile_finds() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("scan an sbom") else {
        return;
    };
    let db = rustsec_db(&corpus);
    let dir = tempfile::tempdir().unwrap();
    let sbom = dir.path().join("seller-sbom.cdx.json");
    std::fs::write(&sbom, VULNERABLE_CYCLONEDX).unwrap();

    let (code, from_sbom) = json_report(db, "scan", &sbom);
    assert_eq!(code, Some(1), "{from_sbom:#}");
    let (_, from_lockfile) = json_report(db, "scan", vulnerable_delivery().path());
    assert_eq!(findings(&from_sbom).len(), 3, "{from_sbom:#}");
    assert_eq!(findings(&from_sbom), findings(&from_lockfile));
    // Each component is located in the SBOM; the generic purl is left out, and said so.
    let components = from_sbom["components"].as_array().unwrap();
    assert_eq!(components.len(), 3);
    for c in components {
        let location = c["locations"][0]["path"].as_str().unwrap_or_default();
        assert!(location.ends_with("seller-sbom.cdx.json"), "{c:#}");
    }
    let notes: Vec<&str> = from_sbom["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|m| m.contains("pkg:generic/openssl@3.0.0")),
        "{notes:?}"
    );
}

#[test]
fn scanning_an_spdx_tag_value_sbom_matches_too() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("scan an spdx sbom") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sbom = dir.path().join("seller.spdx");
    std::fs::write(
        &sbom,
        "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n\
         DocumentNamespace: https://example.com/seller\n\n\
         PackageName: time\nSPDXID: SPDXRef-time\nPackageVersion: 0.1.43\n\
         ExternalRef: PACKAGE-MANAGER purl pkg:cargo/time@0.1.43\n",
    )
    .unwrap();
    let (code, report) = json_report(rustsec_db(&corpus), "scan", &sbom);
    assert_eq!(code, Some(1));
    assert_eq!(
        findings(&report),
        [(
            "RUSTSEC-2020-0071".to_owned(),
            "pkg:cargo/time@0.1.43".to_owned()
        )]
    );
}

#[test]
fn a_broken_sbom_is_an_input_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let sbom = dir.path().join("broken.cdx.json");
    std::fs::write(
        &sbom,
        r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {"not": "a list"}}"#,
    )
    .unwrap();
    let out = vouch()
        .args(["--offline", "--db"])
        .arg(dir.path().join("db"))
        .arg("scan")
        .arg(&sbom)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("broken.cdx.json: malformed CycloneDX JSON document: invalid type: map"),
        "{text}"
    );
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const NEW_SPDX: &str = "SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentNamespace: https://example.com/seller-2

PackageName: regex
SPDXID: SPDXRef-regex
PackageVersion: 1.10.0
ExternalRef: PACKAGE-MANAGER purl pkg:cargo/regex@1.10.0

PackageName: smallvec
SPDXID: SPDXRef-smallvec
ExternalRef: PACKAGE-MANAGER purl pkg:cargo/smallvec@1.5.0

PackageName: serde
SPDXID: SPDXRef-serde
ExternalRef: PACKAGE-MANAGER purl pkg:cargo/serde@1.0.210
";

#[test]
fn sbom_diff_lists_each_kind_of_change_as_a_table_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.cdx.json", VULNERABLE_CYCLONEDX);
    let new = write(dir.path(), "new.spdx", NEW_SPDX);
    let out = vouch()
        .current_dir(dir.path())
        .args(["sbom", "diff", "old.cdx.json", "new.spdx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(stdout(&out));
    });

    let out = vouch()
        .args(["sbom", "diff", "--format", "json"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(diff["schema"], "vouch.sbom-diff/v1");
    assert_eq!(
        diff["summary"],
        serde_json::json!({"added": 1, "removed": 1, "upgraded": 1, "downgraded": 1,
                           "version_changed": 0, "hash_changed": 0})
    );
    assert_eq!(diff["added"][0]["purl"], "pkg:cargo/serde@1.0.210");
    assert_eq!(diff["removed"][0]["purl"], "pkg:cargo/time@0.1.43");
    assert_eq!(diff["upgraded"][0]["old"], "1.5.4");
    assert_eq!(diff["upgraded"][0]["new"], "1.10.0");
    assert_eq!(diff["downgraded"][0]["package"], "pkg:cargo/smallvec");

    // The same SBOM against itself: nothing changed.
    let out = vouch()
        .args(["sbom", "diff"])
        .arg(&old)
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).ends_with("no changes\n"), "{}", stdout(&out));
}

#[test]
fn sbom_with_a_path_still_writes_the_sbom() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Cargo.lock",
        crate::support::VULNERABLE_CARGO_LOCK,
    );
    let out = vouch().args(["sbom"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bom: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(bom["components"].as_array().unwrap().len(), 3);
    // `diff` and an SBOM path do not mix.
    let out = vouch()
        .args(["sbom", "--output", "x.json", "diff", "a", "b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
