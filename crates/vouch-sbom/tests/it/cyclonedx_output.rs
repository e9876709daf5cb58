//! Our CycloneDX 1.6 output, validated against the official schema with format assertions on.

use serde_json::Value;
use vouch_model::Inventory;
use vouch_sbom::cyclonedx_json;

use crate::support::{every_shape_inventory, meta, small_inventory, validator};

fn write(inv: &Inventory) -> Value {
    serde_json::from_str(&cyclonedx_json(inv, &meta()).unwrap()).unwrap()
}

fn assert_valid(bom: &Value) {
    let Some(corpus) = vouch_testkit::corpus_or_skip("cyclonedx output validation") else {
        return;
    };
    if let Err(errors) = validator(&corpus).validate(bom) {
        panic!(
            "our BOM breaks the CycloneDX 1.6 schema:\n{}\n\n{bom:#}",
            errors.join("\n")
        );
    }
}

/// The component whose `bom-ref` is `bom_ref`.
fn by_ref<'a>(bom: &'a Value, bom_ref: &str) -> &'a Value {
    bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["bom-ref"] == bom_ref)
        .unwrap_or_else(|| panic!("no component {bom_ref}"))
}

/// `(name, value)` of each property of a component.
fn properties(c: &Value) -> Vec<(String, String)> {
    c["properties"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap().to_owned(),
                        p["value"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn has_property(c: &Value, name: &str, value: &str) -> bool {
    properties(c).iter().any(|(n, v)| n == name && v == value)
}

#[test]
fn every_component_shape_gives_a_valid_bom() {
    let bom = write(&every_shape_inventory());
    assert_valid(&bom);
}

#[test]
fn the_small_bom_is_valid() {
    assert_valid(&write(&small_inventory()));
}

#[test]
fn an_empty_inventory_gives_a_valid_bom_with_no_components() {
    let bom = write(&Inventory::new());
    assert_eq!(bom["components"], serde_json::json!([]));
    assert_valid(&bom);
}

#[test]
fn names_and_groups_follow_ecosystem_conventions() {
    let bom = write(&every_shape_inventory());
    let npm = by_ref(&bom, "pkg:npm/%40types/node@20.11.5");
    assert_eq!(
        (&npm["group"], &npm["name"]),
        (&"@types".into(), &"node".into())
    );
    let maven = by_ref(&bom, "pkg:maven/org.apache.commons/commons-text@1.10.0");
    assert_eq!(
        (&maven["group"], &maven["name"]),
        (&"org.apache.commons".into(), &"commons-text".into())
    );
    let go = by_ref(&bom, "pkg:golang/github.com/gin-gonic/gin@v1.9.1");
    assert_eq!(go["name"], "github.com/gin-gonic/gin");
    assert!(go.get("group").is_none());
    let pypi = by_ref(&bom, "pkg:pypi/django@4.2.11");
    assert_eq!(pypi["name"], "Django");
    assert_eq!(pypi["purl"], "pkg:pypi/django@4.2.11");
}

#[test]
fn scopes_say_excluded_for_dev_optional_for_optional_and_nothing_when_unknown() {
    let bom = write(&every_shape_inventory());
    assert_eq!(
        by_ref(&bom, "pkg:npm/%40types/node@20.11.5")["scope"],
        "excluded"
    );
    assert_eq!(by_ref(&bom, "pkg:npm/fsevents@2.3.3")["scope"], "optional");
    assert_eq!(
        by_ref(&bom, "pkg:cargo/serde_json@1.0.128")["scope"],
        "required"
    );
    assert!(
        by_ref(&bom, "pkg:golang/github.com/gin-gonic/gin@v1.9.1")
            .get("scope")
            .is_none()
    );
}

#[test]
fn sources_become_external_references_or_properties() {
    let bom = write(&every_shape_inventory());
    let git = by_ref(&bom, "pkg:cargo/patched@0.2.0");
    assert_eq!(
        git["externalReferences"],
        serde_json::json!([{"url": "https://github.com/acme/patched?branch=fix", "type": "vcs"}])
    );
    assert!(has_property(
        git,
        "vouch:git-commit",
        "89abcdef0123456789abcdef0123456789abcdef"
    ));
    let scp = by_ref(&bom, "pkg:npm/private-lib");
    assert!(scp.get("externalReferences").is_none());
    assert!(scp.get("version").is_none());
    assert!(has_property(
        scp,
        "vouch:vcs-url",
        "git+ssh://git@github.com:acme/private-lib.git"
    ));
    let url = by_ref(&bom, "pkg:pypi/vendored@1.0");
    assert_eq!(url["externalReferences"][0]["type"], "distribution");
    let spaced = by_ref(&bom, "pkg:pypi/spaced@2.0");
    assert!(has_property(
        spaced,
        "vouch:download-url",
        "https://files.example.com/a file.tar.gz"
    ));
    let path = by_ref(&bom, "pkg:cargo/workspace-member");
    assert!(has_property(path, "vouch:source-path", "crates/member"));
    let registry = by_ref(&bom, "pkg:npm/internal-ui@3.0.0");
    assert!(has_property(
        registry,
        "vouch:registry",
        "https://npm.acme.example/"
    ));
}

#[test]
fn hashes_use_cyclonedx_names_and_unusable_ones_are_kept_as_properties() {
    let bom = write(&every_shape_inventory());
    let django = by_ref(&bom, "pkg:pypi/django@4.2.11");
    let algs: Vec<&str> = django["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["alg"].as_str().unwrap())
        .collect();
    assert_eq!(algs, ["SHA-256", "SHA-384", "MD5"]);
    let odd = by_ref(&bom, "pkg:cargo/odd-checksum@1.0.0");
    assert_eq!(odd["hashes"].as_array().unwrap().len(), 1);
    assert_eq!(odd["hashes"][0]["alg"], "SHA-512");
    assert!(has_property(odd, "vouch:unusable-checksum", "SHA-256:abc"));
}

#[test]
fn occurrences_name_each_lockfile_and_line() {
    let bom = write(&every_shape_inventory());
    let django = by_ref(&bom, "pkg:pypi/django@4.2.11");
    assert_eq!(
        django["evidence"]["occurrences"],
        serde_json::json!([
            {"location": "poetry.lock", "line": 120},
            {"location": "services/api/requirements.txt"}
        ])
    );
    assert!(has_property(django, "vouch:dependency-group", "main"));
    assert!(has_property(django, "vouch:dependency-group", "web"));
    assert!(has_property(django, "vouch:relationship", "direct"));
    assert!(has_property(django, "vouch:ecosystem", "PyPI"));
}

#[test]
fn bom_refs_are_unique_even_when_purls_coincide() {
    let bom = write(&every_shape_inventory());
    let mut refs: Vec<&str> = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["bom-ref"].as_str().unwrap())
        .collect();
    refs.push(bom["metadata"]["component"]["bom-ref"].as_str().unwrap());
    let count = refs.len();
    refs.sort_unstable();
    refs.dedup();
    assert_eq!(refs.len(), count);
    let debian = by_ref(&bom, "pkg:deb/curl@7.88.1-10");
    let ubuntu = by_ref(&bom, "pkg:deb/curl@7.88.1-10 [Ubuntu]");
    assert_eq!(debian["purl"], ubuntu["purl"]);
    assert!(has_property(ubuntu, "vouch:ecosystem", "Ubuntu"));
}

#[test]
fn an_overlong_version_moves_to_a_property() {
    let bom = write(&every_shape_inventory());
    let c = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "long-version")
        .unwrap();
    assert!(c.get("version").is_none());
    assert!(has_property(c, "vouch:overlong-version", &"1.".repeat(600)));
}

#[test]
fn the_dependency_graph_is_written_with_the_delivery_as_its_root() {
    use vouch_model::{Component, Ecosystem, Location, PackageName, Relationship};
    let mut inv = Inventory::new();
    let crate_of = |name: &str, version: &str, rel: Relationship| {
        let n = PackageName::new(Ecosystem::CratesIo, name).unwrap();
        let mut c = Component::new(
            Ecosystem::CratesIo,
            n,
            Some(version.into()),
            Location::file("Cargo.lock"),
        )
        .unwrap();
        c.scope.relationship = Some(rel);
        c
    };
    let app = crate_of("app", "0.1.0", Relationship::Direct);
    let regex = crate_of("regex", "1.5.4", Relationship::Direct);
    let memchr = crate_of("memchr", "2.4.0", Relationship::Transitive);
    inv.add_dependency(app.purl.clone(), regex.purl.clone());
    inv.add_dependency(regex.purl.clone(), memchr.purl.clone());
    // An edge to a package the lockfile does not list is dropped, not written dangling.
    inv.add_dependency(regex.purl.clone(), "pkg:cargo/ghost@1.0.0".parse().unwrap());
    for c in [app, regex, memchr] {
        inv.add(c);
    }
    inv.finish();
    let bom = write(&inv);
    assert_valid(&bom);
    let deps: Vec<(String, Vec<String>)> = bom["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let on = d["dependsOn"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_owned());
            (d["ref"].as_str().unwrap().to_owned(), on.collect())
        })
        .collect();
    let root = bom["metadata"]["component"]["bom-ref"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        deps,
        [
            (
                root,
                vec![
                    "pkg:cargo/app@0.1.0".to_owned(),
                    "pkg:cargo/regex@1.5.4".to_owned()
                ]
            ),
            (
                "pkg:cargo/app@0.1.0".to_owned(),
                vec!["pkg:cargo/regex@1.5.4".to_owned()]
            ),
            ("pkg:cargo/memchr@2.4.0".to_owned(), vec![]),
            (
                "pkg:cargo/regex@1.5.4".to_owned(),
                vec!["pkg:cargo/memchr@2.4.0".to_owned()]
            ),
        ]
    );
    assert!(
        write(&small_inventory()).get("dependencies").is_none(),
        "no graph, no section"
    );
}
