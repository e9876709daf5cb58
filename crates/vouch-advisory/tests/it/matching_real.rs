//! Matching real lockfile contents against the real advisory sets.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use vouch_advisory::{Database, import};
use vouch_model::{
    Component, ComponentSource, DiagnosticCode, Ecosystem, FindingKind, Inventory, Location,
    PackageName, SeverityLevel,
};

use super::common::*;

/// One database of the whole corpus, built once for this module's tests.
fn whole() -> Option<&'static Database> {
    static DB: OnceLock<Option<(tempfile::TempDir, Database)>> = OnceLock::new();
    DB.get_or_init(|| {
        let corpus = corpus("matching_real")?;
        let dir = tempfile::tempdir().unwrap();
        for set in ALL_SETS {
            import(dir.path(), &advisories(&corpus, set)).unwrap();
        }
        let db = Database::open(dir.path()).unwrap();
        Some((dir, db))
    })
    .as_ref()
    .map(|(_, db)| db)
}

fn lockfile(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/lockfiles")
        .join(name)
}

#[test]
fn the_classic_three_crates() {
    let Some(db) = whole() else { return };
    let m = db.match_inventory(&read_cargo_lock(&lockfile("classic-three.lock")));
    assert_eq!(
        finding_ids(&m),
        [
            "regex@1.5.4: RUSTSEC-2022-0013",
            "smallvec@1.6.0: RUSTSEC-2021-0003",
            "time@0.1.43: RUSTSEC-2020-0071",
        ]
    );
    assert_eq!(m.diagnostics, []);
    let f = m.findings.iter().find(|f| f.package == "smallvec").unwrap();
    assert_eq!(f.kind, FindingKind::Vulnerability);
    let aliases: Vec<_> = f.aliases.iter().map(|a| a.as_str()).collect();
    assert_eq!(aliases, ["CVE-2021-25900", "GHSA-43w2-9j62-hq99"]);
    assert_eq!(f.severity.level, SeverityLevel::Critical);
    assert_eq!(f.severity.score, Some(9.8));
    assert_eq!(
        f.severity.vector.as_deref(),
        Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
    );
    assert_eq!(f.fixed_versions, ["0.6.14", "1.6.1"]);
    assert_eq!(f.purl.as_str(), "pkg:cargo/smallvec@1.6.0");
    assert_eq!(
        f.url.as_deref(),
        Some("https://rustsec.org/advisories/RUSTSEC-2021-0003.html")
    );
    assert_eq!(
        f.summary.as_deref(),
        Some("Buffer overflow in SmallVec::insert_many")
    );
}

/// `name==version` pins of a requirements file (enough for the fixtures used here).
fn read_requirements(path: &Path, inv: &mut Inventory) {
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let line = line.split('#').next().unwrap().trim();
        let Some((name, version)) = line.split_once("==") else {
            continue;
        };
        let name = name.split('[').next().unwrap().trim();
        let name = PackageName::new(Ecosystem::PyPI, name).unwrap();
        let c = Component::new(
            Ecosystem::PyPI,
            name,
            Some(version.trim().to_owned()),
            Location::file(path),
        )
        .unwrap();
        inv.add(c);
    }
}

#[test]
fn requirements_and_poetry_pins_against_pypa() {
    let Some(corpus) = corpus("pypa_matching") else {
        return;
    };
    let Some(db) = whole() else { return };
    let fixtures = corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures");
    let mut inv = Inventory::new();
    for f in [
        "pip/multiple-packages-constrained.txt",
        "pip/non-normalized-names.txt",
        "pip/multiple-packages-mixed.txt",
    ] {
        read_requirements(&fixtures.join(f), &mut inv);
    }
    let poetry: toml::Table = toml::from_str(
        &std::fs::read_to_string(fixtures.join("poetry/two-packages.lock")).unwrap(),
    )
    .unwrap();
    for p in poetry["package"].as_array().unwrap() {
        let name = PackageName::new(Ecosystem::PyPI, p["name"].as_str().unwrap()).unwrap();
        let version = p["version"].as_str().map(str::to_owned);
        inv.add(
            Component::new(
                Ecosystem::PyPI,
                name,
                version,
                Location::file("poetry.lock"),
            )
            .unwrap(),
        );
    }
    // Unpinned requirements (`flask`, `requests`, ...) have no version and are not matched.
    let mut unpinned = Component::new(
        Ecosystem::PyPI,
        PackageName::new(Ecosystem::PyPI, "requests").unwrap(),
        None,
        Location::file("requirements.txt"),
    )
    .unwrap();
    unpinned.scope.dev = Some(false);
    inv.add(unpinned);
    inv.finish();
    assert_eq!(inv.len(), 22);

    let m = db.match_inventory(&inv);
    // Expected PYSEC ids, computed independently: the OSV spec's pseudo-code over the PyPA
    // YAML with Python's `packaging.version` (a one-off cross-check, not part of the build).
    let expected: &[(&str, &[&str])] = &[
        ("certifi", &["PYSEC-2022-42986", "PYSEC-2023-135"]),
        (
            "django",
            &[
                "PYSEC-2021-439",
                "PYSEC-2022-1",
                "PYSEC-2022-19",
                "PYSEC-2022-190",
                "PYSEC-2022-191",
                "PYSEC-2022-2",
                "PYSEC-2022-20",
                "PYSEC-2022-3",
            ],
        ),
        (
            "Pillow",
            &[
                "PYSEC-2014-10",
                "PYSEC-2014-22",
                "PYSEC-2014-23",
                "PYSEC-2014-87",
                "PYSEC-2015-15",
                "PYSEC-2015-16",
                "PYSEC-2016-19",
                "PYSEC-2016-5",
                "PYSEC-2016-6",
                "PYSEC-2016-7",
                "PYSEC-2016-8",
                "PYSEC-2016-9",
                "PYSEC-2019-110",
                "PYSEC-2020-76",
                "PYSEC-2020-77",
                "PYSEC-2020-78",
                "PYSEC-2020-79",
                "PYSEC-2020-80",
                "PYSEC-2020-81",
                "PYSEC-2020-82",
                "PYSEC-2020-83",
                "PYSEC-2020-84",
                "PYSEC-2021-137",
                "PYSEC-2021-138",
                "PYSEC-2021-139",
                "PYSEC-2021-317",
                "PYSEC-2021-331",
                "PYSEC-2021-35",
                "PYSEC-2021-37",
                "PYSEC-2021-38",
                "PYSEC-2021-39",
                "PYSEC-2021-40",
                "PYSEC-2021-41",
                "PYSEC-2021-42",
                "PYSEC-2021-69",
                "PYSEC-2021-70",
                "PYSEC-2021-92",
                "PYSEC-2021-93",
                "PYSEC-2021-94",
                "PYSEC-2022-10",
                "PYSEC-2022-168",
                "PYSEC-2022-42979",
                "PYSEC-2022-8",
                "PYSEC-2022-9",
                "PYSEC-2023-175",
                "PYSEC-2023-227",
            ],
        ),
        (
            "Twisted",
            &[
                "PYSEC-2022-195",
                "PYSEC-2022-27",
                "PYSEC-2023-224",
                "PYSEC-2024-75",
            ],
        ),
        ("pandas", &["PYSEC-2020-73"]),
        (
            "numpy",
            &["PYSEC-2019-108", "PYSEC-2021-856", "PYSEC-2021-857"],
        ),
        ("scikit-learn", &["PYSEC-2020-107", "PYSEC-2020-108"]),
    ];
    let vulnerable: BTreeSet<&str> = m.findings.iter().map(|f| f.package.as_str()).collect();
    let want: BTreeSet<&str> = expected.iter().map(|(p, _)| *p).collect();
    assert_eq!(vulnerable, want);
    for (package, ids) in expected {
        let findings: Vec<_> = m
            .findings
            .iter()
            .filter(|f| f.package == *package)
            .collect();
        // Every PYSEC id is reported, as a finding's id or (merged by alias) in its aliases.
        let reported: BTreeSet<&str> = findings
            .iter()
            .flat_map(|f| std::iter::once(&f.id).chain(&f.aliases))
            .map(|a| a.as_str())
            .collect();
        for id in *ids {
            assert!(
                reported.contains(id),
                "{package}: {id} missing from {reported:?}"
            );
        }
        // PYSEC is PyPI's home database: every finding is named by a PYSEC id from the list
        // (GHSA records only add aliases).
        for f in &findings {
            assert!(
                ids.contains(&f.id.as_str()),
                "{package}: unexpected {}",
                f.id
            );
        }
    }
}

#[test]
fn a_real_alias_pair_is_one_finding() {
    let Some(db) = whole() else { return };
    // PYSEC-2022-48 (PyPA) and GHSA-77rm-9x9h-xj3g (ghsa-maven) name each other.
    let m = db.match_inventory(&inventory([component(
        Ecosystem::PyPI,
        "protobuf",
        "3.14.0",
    )]));
    let f: Vec<_> = m
        .findings
        .iter()
        .filter(|f| {
            f.id.as_str() == "PYSEC-2022-48"
                || f.aliases.iter().any(|a| a.as_str() == "PYSEC-2022-48")
        })
        .collect();
    assert_eq!(f.len(), 1, "{:#?}", m.findings);
    let f = f[0];
    assert_eq!(f.id.as_str(), "PYSEC-2022-48");
    let aliases: Vec<_> = f.aliases.iter().map(|a| a.as_str()).collect();
    assert_eq!(aliases, ["CVE-2021-22570", "GHSA-77rm-9x9h-xj3g"]);
    // PYSEC gives no severity; the GHSA record's CVSS vector is used.
    assert_ne!(f.severity.level, SeverityLevel::Unknown);
    assert!(f.severity.vector.as_deref().unwrap().starts_with("CVSS:3"));
    assert_eq!(f.fixed_versions, ["3.15.0"]);
    assert!(
        !m.findings
            .iter()
            .any(|f| f.id.as_str() == "GHSA-77rm-9x9h-xj3g")
    );
}

#[test]
fn malicious_packages_are_reported_as_malicious() {
    let Some(db) = whole() else { return };
    // MAL-2022-1 (OSSF) and RUSTSEC-2022-0042 (category `malicious`) both cover rustdecimal
    // and share the alias GHSA-7pwq-f4pq-78gm: one finding, named by the MAL id.
    let m = db.match_inventory(&inventory([
        component(Ecosystem::CratesIo, "rustdecimal", "1.23.1"),
        component(Ecosystem::CratesIo, "rust_decimal", "1.23.1"),
    ]));
    assert_eq!(finding_ids(&m), ["rustdecimal@1.23.1: MAL-2022-1"]);
    let f = &m.findings[0];
    assert_eq!(f.kind, FindingKind::Malicious);
    let aliases: Vec<_> = f.aliases.iter().map(|a| a.as_str()).collect();
    assert_eq!(aliases, ["GHSA-7pwq-f4pq-78gm", "RUSTSEC-2022-0042"]);
}

#[test]
fn every_live_mal_record_of_the_corpus_marks_its_package() {
    let Some(corpus) = corpus("mal_all") else {
        return;
    };
    let Some(db) = whole() else { return };
    let root = advisories(&corpus, "malicious-packages/osv/malicious");
    let mut inv = Inventory::new();
    let mut expected = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let file = entry.unwrap().path();
            if file.is_dir() {
                stack.push(file);
                continue;
            }
            let rec: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
            let a = &rec["affected"][0];
            let eco: Ecosystem = a["package"]["ecosystem"].as_str().unwrap().parse().unwrap();
            let name = a["package"]["name"].as_str().unwrap();
            // A version the record lists, else "0.0.1" for `introduced: 0` records.
            let version = a["versions"]
                .as_array()
                .and_then(|v| v.first())
                .and_then(|v| v.as_str())
                .unwrap_or("0.0.1");
            inv.add(component(eco, name, version));
            expected.insert((name.to_owned(), version.to_owned()));
        }
    }
    inv.finish();
    let m = db.match_inventory(&inv);
    let malicious: BTreeSet<(String, String)> = m
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Malicious)
        .map(|f| (f.package.clone(), f.version.clone()))
        .collect();
    // Every such MAL record here lists its versions, so RubyGems and NuGet records match through
    // an exact `versions` entry whether or not their ranges are evaluated.
    let missing: Vec<_> = expected.difference(&malicious).collect();
    assert_eq!(missing, Vec::<&(String, String)>::new());
    assert_eq!(expected.len(), 362);
}

#[test]
fn go_npm_and_packagist_records_match() {
    let Some(db) = whole() else { return };
    let m = db.match_inventory(&inventory([
        component(Ecosystem::Go, "github.com/gin-gonic/gin", "v1.5.0"),
        component(Ecosystem::Go, "github.com/gin-gonic/gin", "v1.6.0"),
        component(Ecosystem::Npm, "@oneuptime/common-server", "7.0.1000"),
        component(Ecosystem::PyPI, "weasyprint", "61.1"),
        component(Ecosystem::PyPI, "WeasyPrint", "61.2"),
    ]));
    let ids = finding_ids(&m);
    assert!(
        ids.contains(&"github.com/gin-gonic/gin@v1.5.0: GO-2020-0001".to_owned()),
        "{ids:?}"
    );
    assert!(
        !ids.iter()
            .any(|i| i.starts_with("github.com/gin-gonic/gin@v1.6.0: GO-2020-0001"))
    );
    assert!(ids.contains(&"@oneuptime/common-server@7.0.1000: GHSA-246p-xmg8-wmcq".to_owned()));
    assert!(
        ids.contains(&"weasyprint@61.1: GHSA-35jj-wx47-4w8r".to_owned()),
        "{ids:?}"
    );
    assert!(!ids.iter().any(|i| i.starts_with("WeasyPrint@61.2")));
}

#[test]
fn uncomparable_versions_are_reported_and_only_exact_lists_match() {
    let Some(db) = whole() else { return };
    // A version PEP 440 cannot read, for a package with advisories.
    let m = db.match_inventory(&inventory([
        component(Ecosystem::PyPI, "django", "not-a-version"),
        component(Ecosystem::PyPI, "django", "2.2.24"),
    ]));
    let uncomparable: Vec<_> = m
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::UncomparableVersion)
        .collect();
    assert_eq!(uncomparable.len(), 1, "{:?}", m.diagnostics);
    assert_eq!(
        uncomparable[0].record.as_deref(),
        Some("pkg:pypi/django@not-a-version")
    );
    assert!(!m.findings.iter().any(|f| f.version == "not-a-version"));
    // A listed version matches by its exact text even where the order is unknown to vouch.
    let m = db.match_inventory(&inventory([component(Ecosystem::PyPI, "vyper", "0.2.16")]));
    assert!(
        m.findings.iter().any(|f| f.id.as_str() == "PYSEC-2023-80"),
        "{:?}",
        finding_ids(&m)
    );
}

#[test]
fn components_without_version_or_from_git_are_not_matched() {
    let Some(db) = whole() else { return };
    let mut git = component(Ecosystem::CratesIo, "smallvec", "1.6.0");
    git.source = ComponentSource::Git {
        url: "https://github.com/servo/rust-smallvec".into(),
        commit: None,
    };
    let mut path = component(Ecosystem::CratesIo, "regex", "1.5.4");
    path.source = ComponentSource::Path {
        path: "vendor/regex".into(),
    };
    let none = Component::new(
        Ecosystem::CratesIo,
        PackageName::new(Ecosystem::CratesIo, "time").unwrap(),
        None,
        Location::file("Cargo.toml"),
    )
    .unwrap();
    let m = db.match_inventory(&inventory([git, path, none]));
    assert_eq!(finding_ids(&m), Vec::<String>::new());
    assert_eq!(m.diagnostics, []);
}

#[test]
fn informational_rustsec_advisories_are_warnings() {
    let Some(db) = whole() else { return };
    let m = db.match_inventory(&inventory([
        component(Ecosystem::CratesIo, "ansi_term", "0.12.1"),
        component(Ecosystem::CratesIo, "atty", "0.2.14"),
    ]));
    assert_eq!(finding_ids(&m), Vec::<String>::new());
    let w: Vec<_> = m
        .warnings
        .iter()
        .map(|w| format!("{} {} {}", w.package, w.kind.as_str(), w.id))
        .collect();
    assert_eq!(
        w,
        [
            "ansi_term unmaintained RUSTSEC-2021-0139",
            "atty unsound RUSTSEC-2021-0145",
            "atty unmaintained RUSTSEC-2024-0375",
        ]
    );
}

#[test]
fn findings_are_deterministic() {
    let Some(db) = whole() else { return };
    let inv = read_cargo_lock(&lockfile("web-stack-2021.lock"));
    let a = db.match_inventory(&inv);
    for _ in 0..3 {
        let b = db.match_inventory(&inv);
        assert_eq!(a.findings, b.findings);
        assert_eq!(a.warnings, b.warnings);
        assert_eq!(a.diagnostics, b.diagnostics);
    }
}

#[test]
fn maven_ranges_are_evaluated_with_maven_order() {
    let Some(db) = whole() else { return };
    // osv.dev's GHSA records enumerate the affected versions, so a listed version matches
    // exactly ...
    let m = db.match_inventory(&inventory([component(
        Ecosystem::Maven,
        "com.google.protobuf:protobuf-java",
        "3.14.0",
    )]));
    assert!(
        finding_ids(&m)
            .contains(&"com.google.protobuf:protobuf-java@3.14.0: GHSA-77rm-9x9h-xj3g".to_owned()),
        "{:?}",
        finding_ids(&m)
    );
    // ... and versions no list names are placed in the ranges by Maven's version order
    // (vouch-version's `Scheme::Maven`): `3.19.2.1-internal` is past `fixed 3.19.2` of
    // GHSA-wrvw but inside `3.17.0-rc-1 .. 3.19.6` of GHSA-h4h5; `3.16.3.1-internal` is in none.
    let pj = "com.google.protobuf:protobuf-java";
    let m = db.match_inventory(&inventory([
        component(Ecosystem::Maven, pj, "3.14.0.1-internal"),
        component(Ecosystem::Maven, pj, "3.16.3.1-internal"),
        component(Ecosystem::Maven, pj, "3.19.2.1-internal"),
    ]));
    assert_eq!(
        finding_ids(&m),
        [
            "com.google.protobuf:protobuf-java@3.14.0.1-internal: GHSA-4gg5-vx3j-xwc7",
            "com.google.protobuf:protobuf-java@3.14.0.1-internal: GHSA-77rm-9x9h-xj3g",
            "com.google.protobuf:protobuf-java@3.14.0.1-internal: GHSA-h4h5-3hr4-j3g2",
            "com.google.protobuf:protobuf-java@3.14.0.1-internal: GHSA-wrvw-hg22-4m67",
            "com.google.protobuf:protobuf-java@3.19.2.1-internal: GHSA-4gg5-vx3j-xwc7",
            "com.google.protobuf:protobuf-java@3.19.2.1-internal: GHSA-h4h5-3hr4-j3g2",
        ]
    );
    assert_eq!(m.diagnostics, []);
}

#[test]
fn a_range_of_only_introduced_zero_needs_no_version_order() {
    let tmp = tempfile::tempdir().unwrap();
    let records = tmp.path().join("records");
    std::fs::create_dir_all(&records).unwrap();
    std::fs::write(
        records.join("MAL-2099-1.json"),
        r#"{"id":"MAL-2099-1","modified":"2099-01-01T00:00:00Z","affected":[
            {"package":{"ecosystem":"NuGet","name":"Evil.Package"},
             "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]}]}"#,
    )
    .unwrap();
    let db = tmp.path().join("db");
    import(&db, &records).unwrap();
    let m = Database::open(&db)
        .unwrap()
        .match_inventory(&inventory([component(
            Ecosystem::NuGet,
            "evil.package",
            "1.2.3",
        )]));
    assert_eq!(finding_ids(&m), ["evil.package@1.2.3: MAL-2099-1"]);
    assert_eq!(m.findings[0].kind, FindingKind::Malicious);
    assert_eq!(m.diagnostics, []);
}
