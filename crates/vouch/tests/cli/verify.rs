//! `vouch verify DELIVERY --sbom FILE` (issue 7, clause 3.5) on real lockfiles from the corpus:
//! the SBOM vouch writes for a delivery is consistent with it (exit 0); each edit of that SBOM
//! (a component dropped, one made up, a version or a hash changed) is reported (exit 1); a
//! third-party SBOM and a tarball delivery are verified too; what cannot be read exits 2.

use std::path::{Path, PathBuf};

use crate::support::{filters, stderr, stdout, vouch};

/// Corpus lockfiles (osv-scanner fixtures) and the names a delivery gives them: a Cargo.lock
/// with checksums, an npm lockfile with a scoped package and integrity hashes, and a
/// requirements file whose names are not PEP 503-normalised (`zope.interface`, `Pillow`).
const LOCKFILES: [(&str, &str); 3] = [
    (
        "lockfiles/osv-scanner-v1.9.2/fixtures/cargo/two-packages.lock",
        "Cargo.lock",
    ),
    (
        "lockfiles/osv-scanner-v1.9.2/fixtures/npm/scoped-packages.v2.json",
        "web/package-lock.json",
    ),
    (
        "lockfiles/osv-scanner-v1.9.2/fixtures/pip/non-normalized-names.txt",
        "py/requirements.txt",
    ),
];

/// A temp dir with `delivery/` holding the corpus lockfiles.
fn delivery(corpus: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in LOCKFILES {
        let to = dir.path().join("delivery").join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(corpus.join(from), to).unwrap();
    }
    dir
}

/// `vouch sbom delivery --format FORMAT -o NAME` in `dir`, read back as JSON.
fn write_sbom(dir: &Path, format: &str, name: &str) -> serde_json::Value {
    let out = vouch()
        .current_dir(dir)
        .args(["sbom", "delivery", "--format", format, "-o", name])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
}

fn save(dir: &Path, name: &str, sbom: &serde_json::Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(sbom).unwrap()).unwrap();
    path
}

/// `vouch verify DELIVERY --sbom SBOM [ARGS]` in `dir`: exit code, stdout, stderr.
fn verify(dir: &Path, delivery: &str, sbom: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = vouch()
        .current_dir(dir)
        .args(["verify", delivery, "--sbom", sbom])
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), stdout(&out), stderr(&out))
}

fn verify_json(dir: &Path, delivery: &str, sbom: &str) -> (Option<i32>, serde_json::Value) {
    let (code, out, err) = verify(dir, delivery, sbom, &["--format", "json"]);
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, json)
}

/// One edit of an SBOM's JSON.
type Edit = dyn Fn(&mut serde_json::Value);

/// The CycloneDX component whose purl starts with `prefix`.
fn component<'a>(sbom: &'a mut serde_json::Value, prefix: &str) -> &'a mut serde_json::Value {
    sbom["components"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["purl"].as_str().unwrap_or_default().starts_with(prefix))
        .unwrap_or_else(|| panic!("no component {prefix}"))
}

#[test]
fn the_sbom_vouch_writes_is_consistent_with_its_delivery() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("verify a written sbom") else {
        return;
    };
    let dir = delivery(&corpus);
    write_sbom(dir.path(), "cyclonedx-json", "sbom.cdx.json");
    write_sbom(dir.path(), "spdx-json", "sbom.spdx.json");
    let (code, out, err) = verify(dir.path(), "delivery", "sbom.cdx.json", &[]);
    assert_eq!(code, Some(0), "{out}{err}");
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(out);
    });
    let (code, report) = verify_json(dir.path(), "delivery", "sbom.spdx.json");
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(report["verdict"], "consistent");
    assert_eq!(report["summary"]["matched"], 7, "{report:#}");
}

#[test]
fn each_edit_of_the_sbom_is_reported_as_drift() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("verify an edited sbom") else {
        return;
    };
    let dir = delivery(&corpus);
    let mut sbom = write_sbom(dir.path(), "cyclonedx-json", "sbom.cdx.json");
    // Each edit alone, then all of them at once.
    let drop = |sbom: &mut serde_json::Value| {
        sbom["components"]
            .as_array_mut()
            .unwrap()
            .retain(|c| c["name"] != "wrappy");
    };
    let add =
        |sbom: &mut serde_json::Value| {
            sbom["components"].as_array_mut().unwrap().push(serde_json::json!({
            "type": "library", "bom-ref": "left-pad", "name": "left-pad", "version": "1.3.0",
            "purl": "pkg:npm/left-pad@1.3.0"
        }));
        };
    let version = |sbom: &mut serde_json::Value| {
        let syn = component(sbom, "pkg:cargo/syn@");
        syn["version"] = "1.0.99".into();
        syn["purl"] = "pkg:cargo/syn@1.0.99".into();
    };
    let hash = |sbom: &mut serde_json::Value| {
        component(sbom, "pkg:cargo/addr2line@")["hashes"] = serde_json::json!([
            {"alg": "SHA-256", "content": "0000000000000000000000000000000000000000000000000000000000000000"}
        ]);
    };
    let edits: [(&str, &Edit); 4] = [
        ("missing_from_sbom", &drop),
        ("not_in_artifact", &add),
        ("version_mismatches", &version),
        ("hash_mismatches", &hash),
    ];
    for (list, edit) in edits {
        let mut edited = sbom.clone();
        edit(&mut edited);
        save(dir.path(), "edited.cdx.json", &edited);
        let (code, report) = verify_json(dir.path(), "delivery", "edited.cdx.json");
        assert_eq!(code, Some(1), "{list}: {report:#}");
        assert_eq!(report["verdict"], "drift");
        for other in [
            "missing_from_sbom",
            "not_in_artifact",
            "version_mismatches",
            "hash_mismatches",
        ] {
            let expected = usize::from(other == list);
            assert_eq!(report["summary"][other], expected, "{list}: {report:#}");
        }
    }
    for (_, edit) in edits {
        edit(&mut sbom);
    }
    save(dir.path(), "edited.cdx.json", &sbom);
    let (code, out, err) = verify(dir.path(), "delivery", "edited.cdx.json", &[]);
    assert_eq!(code, Some(1), "{err}");
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!("all_edits_table", out);
    });
    let (code, json, _) = verify(
        dir.path(),
        "delivery",
        "edited.cdx.json",
        &["--format", "json"],
    );
    assert_eq!(code, Some(1));
    let mut json: serde_json::Value = serde_json::from_str(&json).unwrap();
    json["sbom"]["serial"] = "[SERIAL]".into();
    json["sbom"]["tools"][0]["version"] = "[VERSION]".into();
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!("all_edits_json", serde_json::to_string_pretty(&json).unwrap());
    });
    let (code, sarif, _) = verify(
        dir.path(),
        "delivery",
        "edited.cdx.json",
        &["--format", "sarif"],
    );
    assert_eq!(code, Some(1));
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let mut rules: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    rules.sort_unstable();
    assert_eq!(
        rules,
        [
            "sbom-extra-component",
            "sbom-hash-mismatch",
            "sbom-missing-component",
            "sbom-version-mismatch"
        ]
    );
    let (code, markdown, _) = verify(
        dir.path(),
        "delivery",
        "edited.cdx.json",
        &["--format", "markdown", "-o", "verify.md"],
    );
    assert_eq!((code, markdown.as_str()), (Some(1), ""));
    insta::assert_snapshot!(
        "all_edits_markdown",
        std::fs::read_to_string(dir.path().join("verify.md")).unwrap()
    );
}

#[test]
fn third_party_sboms_are_verified_against_a_directory() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("verify third-party sboms") else {
        return;
    };
    let dir = delivery(&corpus);
    // The CycloneDX spec's example BOM and the SPDX 2.3 spec's example describe Java
    // applications; this delivery holds none of their Maven components: all drift, and the
    // output says vouch saw no Maven components at all.
    for (name, sbom) in [
        (
            "cyclonedx_spec_bom",
            "sbom/cyclonedx-spec-tests/1.6/valid-bom-1.6.json",
        ),
        (
            "spdx_spec_example",
            "sbom/spdx-2.3-spec-examples/SPDXJSONExample-v2.3.spdx.json",
        ),
    ] {
        let sbom = corpus.join(sbom);
        let (code, out, err) = verify(dir.path(), "delivery", sbom.to_str().unwrap(), &[]);
        assert_eq!(code, Some(1), "{out}{err}");
        let out = out.replace(corpus.to_str().unwrap(), "[CORPUS]");
        insta::with_settings!({ filters => filters() }, {
            insta::assert_snapshot!(name, out);
        });
    }
}

#[test]
fn a_tarball_delivery_is_verified_without_extracting_it() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("verify a tarball") else {
        return;
    };
    let dir = delivery(&corpus);
    write_sbom(dir.path(), "cyclonedx-json", "sbom.cdx.json");
    let mut builder = tar::Builder::new(Vec::new());
    builder
        .append_dir_all("delivery", dir.path().join("delivery"))
        .unwrap();
    let tarball = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut tarball = tarball;
    std::io::Write::write_all(&mut tarball, &builder.into_inner().unwrap()).unwrap();
    std::fs::write(
        dir.path().join("delivery.tar.gz"),
        tarball.finish().unwrap(),
    )
    .unwrap();
    let (code, report) = verify_json(dir.path(), "delivery.tar.gz", "sbom.cdx.json");
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(report["summary"]["matched"], 7);
    assert_eq!(report["delivery"], "delivery.tar.gz");
}

#[test]
fn what_cannot_be_read_exits_2_with_a_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("delivery")).unwrap();
    std::fs::write(dir.path().join("notes.json"), r#"{"hello": "world"}"#).unwrap();
    std::fs::write(
        dir.path().join("broken.cdx.json"),
        r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {"not": "a list"}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("empty.cdx.json"),
        r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": []}"#,
    )
    .unwrap();
    let mut seen = Vec::new();
    for (delivery, sbom) in [
        ("delivery", "missing.cdx.json"),
        ("delivery", "notes.json"),
        ("delivery", "broken.cdx.json"),
        ("no-such-delivery", "empty.cdx.json"),
        ("broken.cdx.json", "empty.cdx.json"),
    ] {
        let (code, out, err) = verify(dir.path(), delivery, sbom, &[]);
        assert_eq!(
            (code, out.as_str()),
            (Some(2), ""),
            "{delivery} {sbom}: {err}"
        );
        seen.push(format!("$ vouch verify {delivery} --sbom {sbom}\n{err}"));
    }
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(seen.join("\n"));
    });
}

#[test]
fn a_development_only_component_the_sbom_leaves_out_is_no_drift() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("verify dev-only components") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("delivery")).unwrap();
    std::fs::copy(
        corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures/npm/one-package-dev.v2.json"),
        dir.path().join("delivery/package-lock.json"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("runtime.cdx.json"),
        r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": []}"#,
    )
    .unwrap();
    let (code, out, err) = verify(dir.path(), "delivery", "runtime.cdx.json", &[]);
    assert_eq!(code, Some(0), "{err}");
    insta::with_settings!({ filters => filters() }, {
        insta::assert_snapshot!(out);
    });
}
