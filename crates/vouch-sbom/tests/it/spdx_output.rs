//! Our SPDX 2.3 output: valid against the official schema and the spec's ID and reference rules
//! for every component shape, one package per component plus the delivery, relationships that
//! follow the dependency graph and the dev/optional scopes, and deterministic bytes.

use std::collections::BTreeSet;

use serde_json::Value;
use vouch_model::{
    Component, ComponentSource, Ecosystem, Inventory, Location, PackageName, Relationship,
};
use vouch_sbom::{cyclonedx_json, spdx_json};

use crate::support::{comp, every_shape_inventory, meta, small_inventory, spdx_validator};

fn write(inv: &Inventory) -> Value {
    serde_json::from_str(&spdx_json(inv, &meta()).unwrap()).unwrap()
}

fn assert_valid(doc: &Value) {
    let Some(corpus) = vouch_testkit::corpus_or_skip("spdx output validation") else {
        return;
    };
    if let Err(errors) = spdx_validator(&corpus).validate(doc) {
        panic!(
            "our document breaks SPDX 2.3:\n{}\n\n{doc:#}",
            errors.join("\n")
        );
    }
}

fn packages(doc: &Value) -> &Vec<Value> {
    doc["packages"].as_array().unwrap()
}

/// The package whose purl is `purl` (the first, when two share it).
fn by_purl<'a>(doc: &'a Value, purl: &str) -> &'a Value {
    packages(doc)
        .iter()
        .find(|p| p["externalRefs"][0]["referenceLocator"] == purl)
        .unwrap_or_else(|| panic!("no package with purl {purl}"))
}

fn id(p: &Value) -> &str {
    p["SPDXID"].as_str().unwrap()
}

/// `(from, type, to)` of every relationship, in document order.
fn relationships(doc: &Value) -> Vec<(String, String, String)> {
    doc["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_owned();
            (
                s("spdxElementId"),
                s("relationshipType"),
                s("relatedSpdxElement"),
            )
        })
        .collect()
}

/// What every document we write must satisfy, whatever the inventory.
fn assert_structure(inv: &Inventory, doc: &Value) {
    assert_valid(doc);
    assert_eq!(doc["spdxVersion"], "SPDX-2.3");
    assert_eq!(doc["dataLicense"], "CC0-1.0");
    assert_eq!(doc["SPDXID"], "SPDXRef-DOCUMENT");
    assert_eq!(packages(doc).len(), inv.len() + 1);
    let ids: BTreeSet<&str> = packages(doc).iter().map(id).collect();
    assert_eq!(ids.len(), packages(doc).len(), "SPDXIDs are unique");
    let purls: BTreeSet<&str> = packages(doc)
        .iter()
        .filter_map(|p| p["externalRefs"][0]["referenceLocator"].as_str())
        .collect();
    for c in inv.components() {
        assert!(purls.contains(c.purl.as_str()), "{} is missing", c.purl);
    }
    let rels = relationships(doc);
    for (from, _, to) in &rels {
        assert!(
            from == "SPDXRef-DOCUMENT" || ids.contains(from.as_str()),
            "{from}"
        );
        assert!(ids.contains(to.as_str()), "{to}");
    }
    assert!(rels.is_sorted(), "relationships are sorted");
    assert_eq!(
        rels[0],
        (
            "SPDXRef-DOCUMENT".into(),
            "DESCRIBES".into(),
            "SPDXRef-Delivery".into()
        )
    );
}

#[test]
fn every_component_shape_gives_a_valid_document() {
    let inv = every_shape_inventory();
    assert_structure(&inv, &write(&inv));
}

#[test]
fn the_small_document_is_valid() {
    let inv = small_inventory();
    assert_structure(&inv, &write(&inv));
}

#[test]
fn an_empty_inventory_gives_the_delivery_alone() {
    let inv = Inventory::new();
    let doc = write(&inv);
    assert_structure(&inv, &doc);
    assert_eq!(relationships(&doc).len(), 1);
}

#[test]
fn packages_say_noassertion_where_a_lockfile_does_not_know() {
    let doc = write(&every_shape_inventory());
    let serde = by_purl(&doc, "pkg:cargo/serde_json@1.0.128");
    for key in [
        "supplier",
        "downloadLocation",
        "licenseConcluded",
        "licenseDeclared",
        "copyrightText",
    ] {
        assert_eq!(serde[key], "NOASSERTION", "{key}");
    }
    assert_eq!(serde["filesAnalyzed"], false);
    assert_eq!(serde["name"], "serde_json");
    assert_eq!(serde["versionInfo"], "1.0.128");
    assert_eq!(serde["primaryPackagePurpose"], "LIBRARY");
    assert_eq!(
        serde["externalRefs"],
        serde_json::json!([{
            "referenceCategory": "PACKAGE-MANAGER",
            "referenceType": "purl",
            "referenceLocator": "pkg:cargo/serde_json@1.0.128"
        }])
    );
    let npm = by_purl(&doc, "pkg:npm/%40types/node@20.11.5");
    assert_eq!(npm["name"], "@types/node");
    let unversioned = by_purl(&doc, "pkg:pypi/requests");
    assert!(unversioned.get("versionInfo").is_none());
}

#[test]
fn checksums_use_spdx_names_and_malformed_ones_go_to_the_comment() {
    let doc = write(&every_shape_inventory());
    let django = by_purl(&doc, "pkg:pypi/django@4.2.11");
    let algs: Vec<&str> = django["checksums"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["algorithm"].as_str().unwrap())
        .collect();
    assert_eq!(algs, ["SHA256", "SHA384", "MD5"]);
    let odd = by_purl(&doc, "pkg:cargo/odd-checksum@1.0.0");
    assert_eq!(odd["checksums"].as_array().unwrap().len(), 1);
    assert_eq!(odd["checksums"][0]["algorithm"], "SHA512");
    assert_eq!(odd["checksums"][0]["checksumValue"], "a".repeat(128));
    let comment = odd["comment"].as_str().unwrap();
    assert!(
        comment.contains("unusable checksum: SHA256:abc"),
        "{comment}"
    );
}

#[test]
fn sources_become_download_locations_and_source_info() {
    let doc = write(&every_shape_inventory());
    let git = by_purl(&doc, "pkg:cargo/patched@0.2.0");
    assert_eq!(
        git["downloadLocation"],
        "git+https://github.com/acme/patched@89abcdef0123456789abcdef0123456789abcdef"
    );
    assert_eq!(
        git["sourceInfo"],
        "from the git repository https://github.com/acme/patched?branch=fix at commit 89abcdef0123456789abcdef0123456789abcdef"
    );
    let scp = by_purl(&doc, "pkg:npm/private-lib");
    assert_eq!(scp["downloadLocation"], "NOASSERTION");
    assert_eq!(
        scp["sourceInfo"],
        "from the git repository git+ssh://git@github.com:acme/private-lib.git"
    );
    let url = by_purl(&doc, "pkg:pypi/vendored@1.0");
    assert_eq!(
        url["downloadLocation"],
        "https://files.example.com/vendored-1.0.tar.gz"
    );
    let spaced = by_purl(&doc, "pkg:pypi/spaced@2.0");
    assert_eq!(spaced["downloadLocation"], "NOASSERTION");
    let path = by_purl(&doc, "pkg:cargo/workspace-member");
    assert_eq!(path["sourceInfo"], "a path dependency in crates/member");
    let registry = by_purl(&doc, "pkg:npm/internal-ui@3.0.0");
    assert_eq!(
        registry["sourceInfo"],
        "from the registry https://npm.acme.example/"
    );
}

#[test]
fn the_comment_names_the_ecosystem_locations_and_groups() {
    let doc = write(&every_shape_inventory());
    let django = by_purl(&doc, "pkg:pypi/django@4.2.11");
    assert_eq!(
        django["comment"],
        "ecosystem: PyPI\nfound in: poetry.lock:120, services/api/requirements.txt\ndependency groups: main, web"
    );
}

#[test]
fn spdxids_are_valid_and_unique_even_when_names_sanitize_alike() {
    let mut inv = Inventory::new();
    for name in ["a-b", "a_b", "a.b"] {
        inv.add(comp(
            Ecosystem::Npm,
            name,
            Some("1.0.0"),
            "package-lock.json",
            None,
        ));
    }
    inv.add(comp(
        Ecosystem::Debian,
        "curl",
        Some("7.88.1-10"),
        "var/lib/dpkg/status",
        None,
    ));
    inv.add(comp(
        Ecosystem::Ubuntu,
        "curl",
        Some("7.88.1-10"),
        "var/lib/dpkg/status",
        None,
    ));
    inv.finish();
    let doc = write(&inv);
    assert_structure(&inv, &doc);
    let ids: Vec<&str> = packages(&doc).iter().skip(1).map(id).collect();
    let shape = |id: &str| {
        let (label, hash) = id.rsplit_once('-').unwrap();
        assert_eq!(hash.len(), 8, "{id}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
        label.to_owned()
    };
    let labels: Vec<String> = ids.iter().map(|i| shape(i)).collect();
    assert_eq!(
        labels,
        [
            "SPDXRef-Package-deb-curl-7.88.1-10",
            "SPDXRef-Package-npm-a-b-1.0.0",
            "SPDXRef-Package-npm-a.b-1.0.0",
            "SPDXRef-Package-npm-a-b-1.0.0",
            "SPDXRef-Package-deb-curl-7.88.1-10",
        ]
    );
    // The same component keeps its SPDXID in another inventory.
    let mut alone = Inventory::new();
    alone.add(comp(
        Ecosystem::Npm,
        "a_b",
        Some("1.0.0"),
        "elsewhere/package-lock.json",
        Some(3),
    ));
    alone.finish();
    let alone = write(&alone);
    let a_b = by_purl(&doc, "pkg:npm/a_b@1.0.0");
    assert_eq!(id(&packages(&alone)[1]), id(a_b));
}

#[test]
fn an_overlong_name_gives_a_bounded_spdxid() {
    let doc = write(&every_shape_inventory());
    let long = packages(&doc)
        .iter()
        .find(|p| p["name"] == "long-version")
        .unwrap();
    assert!(id(long).len() < 100, "{}", id(long));
    assert_eq!(long["versionInfo"], "1.".repeat(600));
}

fn crate_of(name: &str, version: &str) -> Component {
    let n = PackageName::new(Ecosystem::CratesIo, name).unwrap();
    Component::new(
        Ecosystem::CratesIo,
        n,
        Some(version.into()),
        Location::file("Cargo.lock"),
    )
    .unwrap()
}

/// `SPDXID` → the package's name, for readable relationship asserts.
fn named(doc: &Value, rels: Vec<(String, String, String)>) -> Vec<(String, String, String)> {
    let name = |i: &str| {
        packages(doc)
            .iter()
            .find(|p| id(p) == i)
            .map_or_else(|| i.to_owned(), |p| p["name"].as_str().unwrap().to_owned())
    };
    rels.into_iter()
        .map(|(f, t, r)| (name(&f), t, name(&r)))
        .collect()
}

#[test]
fn the_dependency_graph_and_scopes_become_relationships() {
    let mut app = crate_of("app", "0.1.0");
    app.scope.relationship = Some(Relationship::Direct);
    let mut regex = crate_of("regex", "1.5.4");
    regex.scope.relationship = Some(Relationship::Direct);
    regex.scope.dev = Some(false);
    let mut memchr = crate_of("memchr", "2.4.0");
    memchr.scope.relationship = Some(Relationship::Transitive);
    let mut criterion = crate_of("criterion", "0.5.1");
    criterion.scope.relationship = Some(Relationship::Direct);
    criterion.scope.dev = Some(true);
    criterion.scope.optional = Some(true);
    let mut libc = crate_of("libc", "0.2.150");
    libc.scope.optional = Some(true);
    let mut inv = Inventory::new();
    inv.add_dependency(app.purl.clone(), regex.purl.clone());
    inv.add_dependency(regex.purl.clone(), memchr.purl.clone());
    inv.add_dependency(criterion.purl.clone(), regex.purl.clone());
    // An edge to a package the lockfile does not list is dropped, not written dangling.
    inv.add_dependency(regex.purl.clone(), "pkg:cargo/ghost@1.0.0".parse().unwrap());
    for c in [app, regex, memchr, criterion, libc] {
        inv.add(c);
    }
    inv.finish();
    let doc = write(&inv);
    assert_structure(&inv, &doc);
    let mut rels = named(&doc, relationships(&doc));
    rels.sort();
    let r = |a: &str, t: &str, b: &str| (a.to_owned(), t.to_owned(), b.to_owned());
    assert_eq!(
        rels,
        [
            r("SPDXRef-DOCUMENT", "DESCRIBES", "acme-delivery"),
            r("acme-delivery", "DEPENDS_ON", "app"),
            r("acme-delivery", "DEPENDS_ON", "regex"),
            r("app", "DEPENDS_ON", "regex"),
            r("criterion", "DEPENDS_ON", "regex"),
            r("criterion", "DEV_DEPENDENCY_OF", "acme-delivery"),
            r("libc", "OPTIONAL_DEPENDENCY_OF", "acme-delivery"),
            r("regex", "DEPENDS_ON", "memchr"),
        ]
    );
}

#[test]
fn the_delivery_is_the_described_application() {
    let doc = write(&small_inventory());
    let root = &packages(&doc)[0];
    assert_eq!(id(root), "SPDXRef-Delivery");
    assert_eq!(root["name"], "acme-delivery");
    assert_eq!(root["versionInfo"], "2.1.0");
    assert_eq!(root["primaryPackagePurpose"], "APPLICATION");
    assert_eq!(doc["name"], "acme-delivery");
    assert_eq!(
        doc["creationInfo"],
        serde_json::json!({"created": "2026-11-02T09:30:15Z", "creators": ["Tool: vouch-0.1.0"]})
    );
}

#[test]
fn the_namespace_carries_the_cyclonedx_serial_and_ignores_the_time() {
    let doc = write(&small_inventory());
    let bom: Value =
        serde_json::from_str(&cyclonedx_json(&small_inventory(), &meta()).unwrap()).unwrap();
    let uuid = bom["serialNumber"]
        .as_str()
        .unwrap()
        .strip_prefix("urn:uuid:")
        .unwrap();
    assert_eq!(
        doc["documentNamespace"],
        format!("https://vouch.invalid/spdx/acme-delivery-{uuid}")
    );

    let mut later = meta();
    later.timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
    let a = spdx_json(&small_inventory(), &meta()).unwrap();
    let b = spdx_json(&small_inventory(), &later).unwrap();
    assert_ne!(a, b);
    let mut b: Value = serde_json::from_str(&b).unwrap();
    b["creationInfo"]["created"] = doc["creationInfo"]["created"].clone();
    assert_eq!(b, doc, "only `created` differs");

    let mut more = small_inventory();
    more.add(comp(
        Ecosystem::CratesIo,
        "anyhow",
        Some("1.0.0"),
        "Cargo.lock",
        None,
    ));
    more.finish();
    assert_ne!(write(&more)["documentNamespace"], doc["documentNamespace"]);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let a = spdx_json(&every_shape_inventory(), &meta()).unwrap();
    let b = spdx_json(&every_shape_inventory(), &meta()).unwrap();
    assert_eq!(a, b);
    assert!(a.ends_with("}\n"));
}

#[test]
fn a_git_source_with_no_commit_is_still_a_vcs_location() {
    let mut c = crate_of("fork", "0.1.0");
    c.source = ComponentSource::Git {
        url: "https://github.com/acme/fork".into(),
        commit: None,
    };
    let mut inv = Inventory::new();
    inv.add(c);
    inv.finish();
    let doc = write(&inv);
    assert_structure(&inv, &doc);
    assert_eq!(
        packages(&doc)[1]["downloadLocation"],
        "git+https://github.com/acme/fork"
    );
}

#[test]
fn a_small_spdx_snapshot() {
    insta::assert_snapshot!(spdx_json(&small_inventory(), &meta()).unwrap());
}
