//! OS packages against OS advisories, end to end (issue 6): a real dpkg status file read by
//! the dpkg cataloger, matched through an imported database against records in the shape
//! osv.dev publishes Debian's (named by source package, scoped by release).

use std::path::Path;

use vouch_advisory::{Database, import};
use vouch_model::{Component, Inventory};

use super::common::*;

/// `util-linux-extra 2.38.1-5+b1` is a binNMU of source `util-linux (2.38.1-5)`; `libacl1` is
/// built from source `acl` at its own version.
const RECORDS: &[(&str, &str)] = &[
    (
        "DEBIAN-CVE-2024-28085.json",
        r#"{"schema_version":"1.6.0","id":"DEBIAN-CVE-2024-28085","modified":"2024-04-01T00:00:00Z",
          "details":"wall in util-linux through 2.40 does not filter escape sequences.",
          "affected":[{"package":{"ecosystem":"Debian:12","name":"util-linux"},
            "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.38.1-5+deb12u1"}]}]},
            {"package":{"ecosystem":"Debian:11","name":"util-linux"},
            "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.36.1-8+deb11u2"}]}]}]}"#,
    ),
    (
        "DLA-9999-1.json",
        r#"{"schema_version":"1.6.0","id":"DLA-9999-1","modified":"2024-04-01T00:00:00Z",
          "summary":"acl - security update","aliases":["CVE-2099-0001"],
          "affected":[{"package":{"ecosystem":"Debian:11","name":"acl"},
            "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.3.1-4"}]}]}]}"#,
    ),
    (
        "DSA-9999-1.json",
        r#"{"schema_version":"1.6.0","id":"DSA-9999-1","modified":"2024-04-01T00:00:00Z",
          "summary":"acl - security update","aliases":["CVE-2099-0002"],
          "affected":[{"package":{"ecosystem":"Debian:12","name":"acl"},
            "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.3.1-3"}]}]}]}"#,
    ),
];

fn database(dir: &Path) -> Database {
    let records = dir.join("records");
    std::fs::create_dir_all(&records).unwrap();
    for (name, text) in RECORDS {
        std::fs::write(records.join(name), text).unwrap();
    }
    let db = dir.join("db");
    let summary = import(&db, &records).unwrap();
    assert!(summary.diagnostics.is_empty(), "{:?}", summary.diagnostics);
    Database::open(&db).unwrap()
}

/// The packages of the fixture's status file, with the release set (the fixture has no
/// os-release beside it).
fn status_components(corpus: &Path, release: Option<&str>) -> Vec<Component> {
    let status = corpus.join("lockfiles/osv-scalibr/fixtures/os/dpkg/testdata/dpkg/valid");
    let parsed = vouch_extract::cataloger_named("dpkg-status")
        .unwrap()
        .parse(&status, Path::new("var/lib/dpkg/status"))
        .unwrap();
    parsed
        .components
        .into_iter()
        .map(|mut c| {
            c.os_package.as_mut().unwrap().release = release.map(str::to_owned);
            c
        })
        .collect()
}

fn findings(db: &Database, components: Vec<Component>) -> Vec<String> {
    let inv: Inventory = inventory(components);
    let m = db.match_inventory(&inv);
    assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
    m.findings
        .iter()
        .map(|f| {
            let source = f
                .source_package
                .as_ref()
                .map(|s| {
                    format!(
                        " (source {} {})",
                        s.name,
                        s.version.as_deref().unwrap_or("")
                    )
                })
                .unwrap_or_default();
            let unknown = if f.release_unknown {
                " release unknown"
            } else {
                ""
            };
            format!("{} {}{source}: {}{unknown}", f.package, f.version, f.id)
        })
        .collect()
}

#[test]
fn debian_status_packages_match_advisories_of_their_source_and_release() {
    let Some(corpus) =
        corpus("debian_status_packages_match_advisories_of_their_source_and_release")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let db = database(tmp.path());

    // Debian 12: util-linux's binNMU compared as its source version, the acl DSA fixed at the
    // installed version, Debian 11's DLA not about this release.
    assert_eq!(
        findings(&db, status_components(&corpus, Some("12"))),
        ["util-linux-extra 2.38.1-5+b1 (source util-linux 2.38.1-5): DEBIAN-CVE-2024-28085"]
    );
    // Debian 11: the DLA names acl, so both binaries built from it match; util-linux is past
    // the Debian 11 entry's fix, and the Debian 12 entry is not about this release.
    assert_eq!(
        findings(&db, status_components(&corpus, Some("11"))),
        [
            "acl 2.3.1-3: DLA-9999-1",
            "libacl1 2.3.1-3 (source acl 2.3.1-3): DLA-9999-1",
        ]
    );
    // No os-release: every release's records match, and each finding says so.
    assert_eq!(
        findings(&db, status_components(&corpus, None)),
        [
            "acl 2.3.1-3: DLA-9999-1 release unknown",
            "libacl1 2.3.1-3 (source acl 2.3.1-3): DLA-9999-1 release unknown",
            "util-linux-extra 2.38.1-5+b1 (source util-linux 2.38.1-5): DEBIAN-CVE-2024-28085 release unknown",
        ]
    );
}
