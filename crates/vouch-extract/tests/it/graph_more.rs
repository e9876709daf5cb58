//! The dependency graph of the .NET, Elixir, C/C++, R and CocoaPods catalogers over the real
//! fixtures of the corpus: every edge joins two components of the same file, and edges the
//! fixtures plainly record are there.

// Test code: a failed unwrap or panic is a failed test, and counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use vouch_extract::cataloger_named;

use crate::conformance::{Case, osv_scanner, scalibr};

/// Parses every present case that expects no error with `cataloger`; checks that each edge's
/// ends are components of the same file, and returns every edge as `from -> to` with the
/// number of files that have at least one edge.
fn edges_of(cases: &[Case], cataloger: &str) -> (BTreeSet<String>, usize) {
    let cataloger = cataloger_named(cataloger).unwrap();
    let mut all = BTreeSet::new();
    let mut files_with_edges = 0;
    let mut files = 0;
    for case in cases.iter().filter(|c| c.present && !c.expect_error) {
        let Ok(parsed) = cataloger.parse(&case.fixture, &case.fixture) else {
            continue;
        };
        files += 1;
        let purls: HashSet<&str> = parsed.components.iter().map(|c| c.purl.as_str()).collect();
        for (from, to) in &parsed.dependencies {
            assert!(
                purls.contains(from.as_str()) && purls.contains(to.as_str()),
                "{}: edge {from} -> {to} leaves the file's components",
                case.id
            );
            all.insert(format!("{from} -> {to}"));
        }
        let unique: HashSet<_> = parsed.dependencies.iter().collect();
        assert_eq!(
            unique.len(),
            parsed.dependencies.len(),
            "{}: repeated edges",
            case.id
        );
        files_with_edges += usize::from(!parsed.dependencies.is_empty());
    }
    eprintln!(
        "{}: {} edges in {files_with_edges} of {files} files",
        cataloger.name(),
        all.len()
    );
    (all, files_with_edges)
}

fn corpus(test: &str) -> Option<std::path::PathBuf> {
    vouch_testkit::corpus_or_skip(test)
}

fn osv_files(corpus: &Path, files: &[&str]) -> Vec<Case> {
    files
        .iter()
        .filter(|f| {
            corpus
                .join("lockfiles/osv-scanner-v1.9.2/expected")
                .join(f)
                .exists()
        })
        .flat_map(|f| osv_scanner(corpus, f))
        .collect()
}

/// The relationship of the component `purl` in the first present case of `cases` that has it.
fn relationship_in(
    cases: &[Case],
    cataloger: &str,
    purl: &str,
) -> Option<vouch_model::Relationship> {
    let cataloger = cataloger_named(cataloger).unwrap();
    cases
        .iter()
        .filter(|c| c.present && !c.expect_error)
        .filter_map(|c| cataloger.parse(&c.fixture, &c.fixture).ok())
        .flat_map(|p| p.components)
        .find(|c| c.purl.as_str() == purl)
        .and_then(|c| c.scope.relationship)
}

#[test]
fn nuget_packages_lock_graph() {
    let Some(corpus) = corpus("nuget_packages_lock_graph") else {
        return;
    };
    let mut cases = osv_files(
        &corpus,
        &["parse-nuget-lock.json", "parse-nuget-lock-v1.json"],
    );
    cases.extend(scalibr(&corpus, "language/dotnet/packageslockjson.json"));
    let (edges, files) = edges_of(&cases, "nuget-packages-lock");
    assert!(files >= 1);
    // osv-scalibr's `valid/packages.lock.json`: `Core.Dep` (Direct) lists `Some.Dep.One`.
    assert!(edges.contains("pkg:nuget/Core.Dep@1.24.0 -> pkg:nuget/Some.Dep.One@1.1.1"));
    let rel = |p| relationship_in(&cases, "nuget-packages-lock", p);
    assert_eq!(
        rel("pkg:nuget/Core.Dep@1.24.0"),
        Some(vouch_model::Relationship::Direct)
    );
    assert_eq!(
        rel("pkg:nuget/Some.Dep.One@1.1.1"),
        Some(vouch_model::Relationship::Transitive)
    );
}

#[test]
fn project_assets_json_graph() {
    let Some(corpus) = corpus("project_assets_json_graph") else {
        return;
    };
    let cases = scalibr(&corpus, "language/dotnet/projectassetsjson.json");
    let (edges, files) = edges_of(&cases, "dotnet-project-assets");
    assert!(files >= 1);
    // `targets` of osv-scalibr's `valid/project.assets.json`.
    assert!(edges.contains(
        "pkg:nuget/Microsoft.SourceLink.GitHub@1.0.0-beta2-19351-01 -> pkg:nuget/Microsoft.Build.Tasks.Git@1.0.0-beta2-19351-01"
    ));
    let rel = |p| relationship_in(&cases, "dotnet-project-assets", p);
    // A `PackageReference` of the project, and a package only reached through it.
    assert_eq!(
        rel("pkg:nuget/Microsoft.SourceLink.GitHub@1.0.0-beta2-19351-01"),
        Some(vouch_model::Relationship::Direct)
    );
    assert_eq!(
        rel("pkg:nuget/Microsoft.Build.Tasks.Git@1.0.0-beta2-19351-01"),
        Some(vouch_model::Relationship::Transitive)
    );
}

#[test]
fn deps_json_graph() {
    let Some(corpus) = corpus("deps_json_graph") else {
        return;
    };
    let cases = scalibr(&corpus, "language/dotnet/depsjson.json");
    let (edges, _) = edges_of(&cases, "dotnet-deps-json");
    // The fixtures are cut short: `Microsoft.Extensions.DependencyInjection` names
    // `...DependencyInjection.Abstractions`, which is not among their libraries, so no real
    // edge can be checked; none may be invented.
    assert!(edges.is_empty(), "{edges:?}");
    // The project library `TestLibrary` names `Microsoft.Extensions.DependencyInjection`.
    assert_eq!(
        relationship_in(
            &cases,
            "dotnet-deps-json",
            "pkg:nuget/Microsoft.Extensions.DependencyInjection@6.0.0"
        ),
        Some(vouch_model::Relationship::Direct)
    );
    assert_eq!(
        relationship_in(&cases, "dotnet-deps-json", "pkg:nuget/AWSSDK.Core@3.7.10.6"),
        Some(vouch_model::Relationship::Transitive)
    );
}

#[test]
fn mix_lock_graph() {
    let Some(corpus) = corpus("mix_lock_graph") else {
        return;
    };
    let mut cases = osv_files(&corpus, &["parse-mix-lock.json"]);
    cases.extend(scalibr(&corpus, "language/elixir/mixlock.json"));
    cases.extend(scalibr(&corpus, "language/erlang/mixlock.json"));
    let (edges, files) = edges_of(&cases, "mix-lock");
    assert!(files >= 1);
    // osv-scanner's `mix/many.lock`: ecto 3.5.5 needs `{:decimal, "~> 1.6 or ~> 2.0", ...}`.
    assert!(edges.contains("pkg:hex/ecto@3.5.5 -> pkg:hex/decimal@2.0.0"));
}

#[test]
fn conan_lock_graph() {
    let Some(corpus) = corpus("conan_lock_graph") else {
        return;
    };
    let mut cases = osv_files(
        &corpus,
        &[
            "parse-conan-lock-v1.json",
            "parse-conan-lock-v1-revisions.json",
            "parse-conan-lock-v2.json",
        ],
    );
    cases.extend(scalibr(&corpus, "language/cpp/conanlock.json"));
    let (edges, files) = edges_of(&cases, "conan-lock");
    assert!(files >= 1);
    // osv-scanner's `conan/nested-dependencies.v1.json`: node libpng requires node zlib.
    assert!(edges.contains("pkg:conan/libpng@1.6.39 -> pkg:conan/zlib@1.2.13"));
    // v2 files record no graph.
    let v2: Vec<Case> = cases
        .iter()
        .filter(|c| c.id.starts_with("parse-conan-lock-v2.json"))
        .cloned()
        .collect();
    assert!(!v2.is_empty());
    assert!(edges_of(&v2, "conan-lock").0.is_empty());
}

#[test]
fn renv_lock_graph() {
    let Some(corpus) = corpus("renv_lock_graph") else {
        return;
    };
    let mut cases = osv_files(&corpus, &["parse-renv-lock.json"]);
    cases.extend(scalibr(&corpus, "language/r/renvlock.json"));
    let (edges, _) = edges_of(&cases, "renv-lock");
    // Every `Requirements` in the fixtures names a base R package (`tools`, `methods`), which
    // renv does not lock: nothing to link to, and nothing may be invented.
    assert!(edges.is_empty(), "{edges:?}");
}

#[test]
fn podfile_lock_graph() {
    let Some(corpus) = corpus("podfile_lock_graph") else {
        return;
    };
    let cases = scalibr(&corpus, "language/swift/podfilelock.json");
    let (edges, _) = edges_of(&cases, "podfile-lock");
    // osv-scalibr's fixtures are cut short: `GlossButtonNode` needs `Texture/Core`, which is not
    // in their `PODS`, so no real edge can be checked; none may be invented.
    assert!(edges.is_empty(), "{edges:?}");
    let rel = |p| relationship_in(&cases, "podfile-lock", p);
    // `DEPENDENCIES` names GlossButtonNode, not PINCache.
    assert_eq!(
        rel("pkg:cocoapods/GlossButtonNode@3.1.2"),
        Some(vouch_model::Relationship::Direct)
    );
    assert_eq!(
        rel("pkg:cocoapods/PINCache@3.0.3"),
        Some(vouch_model::Relationship::Transitive)
    );
}
