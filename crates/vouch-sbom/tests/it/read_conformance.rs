//! `read_sbom` over the corpus: every valid CycloneDX spec test BOM (1.4–1.7, JSON and XML) reads,
//! and its components with a purl of a known ecosystem come out; invalid ones never panic; every SPDX example (2.2/2.3 JSON and
//! tag-value, 3.0 JSON-LD) reads. And the round trip: real lockfiles → inventory → our
//! CycloneDX → read back gives the same components and edges.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use vouch_model::{Inventory, Purl};
use vouch_sbom::{DocumentFormat, SbomReadError, cyclonedx_json, read_sbom};

use crate::support::meta;

/// Valid spec test BOMs that read differently than the rule above says, with the reason.
/// Empty: none do.
const DEVIATIONS: &[(&str, &str)] = &[];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs_err::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

pub(crate) fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for p in files(dir) {
        out.push(p);
    }
    for e in fs_err::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        }
    }
}

fn purl_set(inv: &Inventory) -> BTreeSet<String> {
    inv.components()
        .iter()
        .map(|c| c.purl.to_string())
        .collect()
}

/// As [`expected_purls`], for XML.
fn expected_xml_purls(text: &str) -> BTreeSet<String> {
    let doc = roxmltree::Document::parse(text).unwrap();
    let Some(components) = doc
        .root_element()
        .children()
        .find(|n| n.tag_name().name() == "components")
    else {
        return BTreeSet::new();
    };
    // components/component, nested through component/components/component (not pedigree).
    let mut out = BTreeSet::new();
    let mut stack = vec![components];
    while let Some(list) = stack.pop() {
        for c in list
            .children()
            .filter(|n| n.tag_name().name() == "component")
        {
            for child in c.children() {
                match child.tag_name().name() {
                    "purl" => out.extend(child.text().and_then(|t| canonical(t.trim()))),
                    "components" => stack.push(child),
                    _ => {}
                }
            }
        }
    }
    out
}

fn canonical(text: &str) -> Option<String> {
    let p = text.parse::<Purl>().ok()?.package_of().ok()?;
    Purl::for_package(p.ecosystem, &p.name, p.version.as_deref())
        .ok()
        .map(|p| p.to_string())
}

/// The purls of `components` (recursively, not `metadata.component`) that name a package of a
/// known ecosystem, in the canonical form the inventory keeps (no qualifiers).
fn expected_purls(bom: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack: Vec<&Value> = bom["components"].as_array().into_iter().flatten().collect();
    while let Some(c) = stack.pop() {
        stack.extend(c["components"].as_array().into_iter().flatten());
        let Some(text) = c["purl"].as_str() else {
            continue;
        };
        let Some(p) = text.parse::<Purl>().ok().and_then(|p| p.package_of().ok()) else {
            continue;
        };
        if let Ok(purl) = Purl::for_package(p.ecosystem, &p.name, p.version.as_deref()) {
            out.insert(purl.to_string());
        }
    }
    out
}

#[test]
fn every_valid_cyclonedx_spec_test_bom_reads_with_its_components() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("cyclonedx spec tests read") else {
        return;
    };
    let root = corpus.join("sbom/cyclonedx-spec-tests");
    let mut failures = Vec::new();
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut with_components = 0;
    for version in ["1.4", "1.5", "1.6", "1.7"] {
        for path in files(&root.join(version)) {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            let bytes = fs_err::read(&path).unwrap();
            // Whatever the file, no panic.
            let result = read_sbom(&bytes, &path);
            let ext = path.extension().unwrap().to_str().unwrap().to_owned();
            let entry = counts.entry(format!("{version} {ext}")).or_default();
            if !name.starts_with("valid-") {
                entry.2 += 1;
                continue;
            }
            if DEVIATIONS.iter().any(|(f, _)| *f == name) {
                continue;
            }
            let doc = match result {
                Ok(doc) => doc,
                Err(e) => {
                    failures.push(format!("{version}/{name}: {e}"));
                    continue;
                }
            };
            let expected_format = if ext == "json" {
                DocumentFormat::CycloneDxJson
            } else {
                DocumentFormat::CycloneDxXml
            };
            if doc.info.format != expected_format || doc.info.spec_version != version {
                failures.push(format!(
                    "{version}/{name}: read as {} {}",
                    doc.info.format, doc.info.spec_version
                ));
            }
            let got = purl_set(&doc.inventory);
            if ext == "json" {
                let bom: Value = serde_json::from_slice(&bytes).unwrap();
                let expected = expected_purls(&bom);
                if !expected.is_empty() {
                    with_components += 1;
                }
                if got != expected {
                    failures.push(format!(
                        "{version}/{name}: components {got:?}, expected {expected:?}"
                    ));
                }
                entry.0 += 1;
            } else {
                entry.1 += 1;
                let text = std::str::from_utf8(&bytes).unwrap();
                let expected = expected_xml_purls(text);
                if got != expected {
                    failures.push(format!(
                        "{version}/{name}: components {got:?}, expected {expected:?}"
                    ));
                }
            }
        }
    }
    eprintln!(
        "CycloneDX spec tests read (valid json, valid xml, others): {counts:?}; {with_components} JSON BOMs with package components"
    );
    let valid_json: usize = counts
        .iter()
        .filter(|(k, _)| k.ends_with("json"))
        .map(|(_, v)| v.0)
        .sum();
    // The corpus README: 29 + 36 + 45 + 61 valid JSON BOMs.
    assert_eq!(valid_json + DEVIATIONS.len(), 171);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_spdx_example_reads() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("spdx examples read") else {
        return;
    };
    let mut paths = Vec::new();
    for dir in [
        "sbom/spdx-2.3-spec-examples",
        "sbom/spdx-examples",
        "sbom/spdx-3.0-example",
    ] {
        walk(&corpus.join(dir), &mut paths);
    }
    let mut read = BTreeMap::<String, usize>::new();
    let mut failures = Vec::new();
    let mut components = 0;
    let mut without_purl = 0;
    for path in &paths {
        let name = path.to_string_lossy();
        let spdx = name.ends_with(".spdx") || name.ends_with(".json");
        let other = [".rdf.xml", ".spdx.xml", ".yaml"]
            .iter()
            .any(|e| name.ends_with(e));
        let bytes = fs_err::read(path).unwrap();
        let result = read_sbom(&bytes, path);
        match (spdx, other, result) {
            (true, _, Ok(doc)) => {
                components += doc.inventory.len();
                *read.entry(doc.info.format.to_string()).or_default() += 1;
                // Packages without a purl are common in the examples (and reported); a part of
                // the document that could not be read is not.
                let errors: Vec<_> = doc
                    .inventory
                    .diagnostics
                    .iter()
                    .filter(|d| d.code != vouch_model::DiagnosticCode::InvalidPackage)
                    .collect();
                without_purl += doc
                    .inventory
                    .diagnostics
                    .iter()
                    .filter(|d| d.code == vouch_model::DiagnosticCode::InvalidPackage)
                    .count();
                if !errors.is_empty() {
                    failures.push(format!("{name}: {errors:?}"));
                }
            }
            (true, _, Err(e)) => failures.push(format!("{name}: {e}")),
            // SPDX RDF/XML, XML and YAML are not read: recognised as not ours, not misread.
            (false, true, Err(SbomReadError::Unrecognised { .. })) => {}
            (false, true, other) => failures.push(format!("{name}: {:?}", other.map(|d| d.info))),
            (false, false, _) => {}
        }
    }
    eprintln!(
        "SPDX examples read: {read:?}, {components} components, {without_purl} documents with packages left out for want of a purl"
    );
    let total: usize = read.values().sum();
    assert_eq!(total, 59, "{read:?}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The lockfiles `vouch sbom`'s schema test uses (crates/vouch/tests/cli/check.rs).
const LOCKFILES: &[(&str, &str)] = &[
    (
        "npm/nested-dependencies-dup.v2.json",
        "web/package-lock.json",
    ),
    ("npm/commits.v2.json", "web2/package-lock.json"),
    ("cargo/two-packages.lock", "rust/Cargo.lock"),
    ("poetry/two-packages.lock", "py/poetry.lock"),
    ("pipenv/one-package-dev.json", "py2/Pipfile.lock"),
    ("pip/multiple-packages-mixed.txt", "py3/requirements.txt"),
];

/// Edges between components (what the writer can express), as strings.
fn component_edges(inv: &Inventory) -> BTreeSet<(String, String)> {
    let purls = purl_set(inv);
    inv.dependencies()
        .iter()
        .filter(|(from, _)| purls.contains(from.as_str()))
        .flat_map(|(from, tos)| {
            tos.iter()
                .filter(|to| purls.contains(to.as_str()))
                .map(move |to| (from.to_string(), to.to_string()))
        })
        .collect()
}

#[test]
fn our_cyclonedx_reads_back_to_the_same_components_and_edges() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("sbom round trip") else {
        return;
    };
    let fixtures = corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures");
    let delivery = tempfile::tempdir().unwrap();
    for (from, to) in LOCKFILES {
        let target = delivery.path().join(to);
        fs_err::create_dir_all(target.parent().unwrap()).unwrap();
        fs_err::copy(fixtures.join(from), &target).unwrap();
    }
    let mut inventories = vec![(
        "all",
        vouch_extract::scan(delivery.path(), &Default::default()),
    )];
    // The Cargo project alone has a dependency graph with a root.
    let cargo = corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures/cargo");
    let one = tempfile::tempdir().unwrap();
    fs_err::copy(
        cargo.join("two-packages.lock"),
        one.path().join("Cargo.lock"),
    )
    .unwrap();
    inventories.push((
        "cargo",
        vouch_extract::scan(one.path(), &Default::default()),
    ));
    inventories.push(("every shape", crate::support::every_shape_inventory()));

    for (label, inventory) in inventories {
        let json = cyclonedx_json(&inventory, &meta()).unwrap();
        let doc = read_sbom(json.as_bytes(), Path::new("bom.json")).unwrap();
        assert!(inventory.len() > 1, "{label}");
        assert_eq!(purl_set(&doc.inventory), purl_set(&inventory), "{label}");
        assert_eq!(
            doc.inventory.len(),
            inventory.len(),
            "{label}: same components, git commits and ecosystems kept apart"
        );
        assert_eq!(
            component_edges(&doc.inventory),
            component_edges(&inventory),
            "{label}"
        );
        for (a, b) in doc
            .inventory
            .components()
            .iter()
            .zip(inventory.components())
        {
            assert_eq!(
                (
                    a.ecosystem,
                    &a.name,
                    &a.version,
                    &a.scope.relationship,
                    &a.groups
                ),
                (
                    b.ecosystem,
                    &b.name,
                    &b.version,
                    &b.scope.relationship,
                    &b.groups
                ),
                "{label}"
            );
        }
        assert_eq!(doc.info.subjects[0].name, "acme-delivery");
        assert_eq!(doc.info.tools[0].name, "vouch");
        assert!(
            doc.inventory.diagnostics.is_empty(),
            "{label}: {:?}",
            doc.inventory.diagnostics
        );
    }
}

/// Hostile input: every corpus SBOM cut short at many points, and with bytes overwritten, reads
/// or fails with an error; it never panics (a panic fails this test).
#[test]
fn truncated_and_corrupted_sboms_never_panic() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("sbom robustness") else {
        return;
    };
    let mut paths = Vec::new();
    for dir in [
        "sbom/cyclonedx-spec-tests/1.6",
        "sbom/spdx-2.3-spec-examples",
        "sbom/spdx-3.0-example",
        "sbom/spdx-examples/software/example7",
    ] {
        walk(&corpus.join(dir), &mut paths);
    }
    let (mut ok, mut err) = (0usize, 0usize);
    for path in paths.iter().filter(|p| {
        let n = p.to_string_lossy();
        n.contains("valid-bom") || n.contains("valid-dependency") || !n.contains("cyclonedx")
    }) {
        let bytes = fs_err::read(path).unwrap();
        let step = (bytes.len() / 40).max(1);
        let mut cases: Vec<Vec<u8>> = (0..bytes.len())
            .step_by(step)
            .map(|n| bytes[..n].to_vec())
            .collect();
        for (k, at) in (0..bytes.len()).step_by(step).enumerate() {
            let mut flipped = bytes.clone();
            flipped[at] = [b'"', b'{', b'<', b'\n', 0xff, b':'][k % 6];
            cases.push(flipped);
        }
        for case in cases {
            match read_sbom(&case, path) {
                Ok(_) => ok += 1,
                Err(_) => err += 1,
            }
        }
    }
    eprintln!("corrupted SBOMs: {ok} read, {err} refused, no panic");
    assert!(ok > 0 && err > 0);
}

/// osv-scalibr's SBOM extractor tests (`lockfiles/osv-scalibr/expected/sbom/{cdx,spdx}.json`):
/// every expected package whose purl type names an OSV ecosystem comes out, at its version.
/// Packages scalibr keeps without a purl or with a `generic`/`docker` one are left out here by
/// design (counted in a diagnostic); YAML and RDF SPDX fixtures are not read.
#[test]
fn osv_scalibr_sbom_fixtures_give_their_expected_packages() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("scalibr sbom fixtures") else {
        return;
    };
    let base = corpus.join("lockfiles/osv-scalibr");
    let mut checked = 0;
    let mut failures = Vec::new();
    for table in ["cdx", "spdx"] {
        let expected: Value = serde_json::from_str(
            &fs_err::read_to_string(base.join(format!("expected/sbom/{table}.json"))).unwrap(),
        )
        .unwrap();
        let root = base
            .join("fixtures")
            .join(expected["fixture_root"].as_str().unwrap());
        for case in expected["cases"].as_array().unwrap() {
            let fixture = case["fixture"].as_str().unwrap();
            if fixture.ends_with(".yml") || fixture.ends_with(".rdf") {
                continue;
            }
            let path = root.join(fixture);
            let doc = match read_sbom(&fs_err::read(&path).unwrap(), &path) {
                Ok(doc) => doc,
                Err(e) => {
                    failures.push(format!("{fixture}: {e}"));
                    continue;
                }
            };
            let ours: BTreeSet<(String, Option<String>)> = doc
                .inventory
                .components()
                .iter()
                .map(|c| (c.name.as_str().to_owned(), c.version.clone()))
                .collect();
            for p in case["packages"].as_array().unwrap() {
                let ty = p["purl_type"].as_str().unwrap_or_default();
                if !matches!(ty, "cargo" | "npm" | "maven" | "pypi" | "golang") {
                    continue;
                }
                checked += 1;
                let name = p["name"].as_str().unwrap().to_owned();
                let version = p["version"].as_str().map(str::to_owned);
                let found = ours.iter().any(|(n, v)| {
                    (n == &name || n.ends_with(&format!(":{name}"))) && *v == version
                });
                if !found {
                    failures.push(format!(
                        "{fixture}: {name} {version:?} missing from {ours:?}"
                    ));
                }
            }
        }
    }
    eprintln!("osv-scalibr SBOM fixtures: {checked} expected packages checked");
    assert!(checked >= 5, "{checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
