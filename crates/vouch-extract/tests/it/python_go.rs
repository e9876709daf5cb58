//! The pdm.lock, pylock.toml, go.mod and vendor/modules.txt catalogers: conformance with
//! osv-scanner's and osv-scalibr's expectations, file-name claims, and bad input.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::Path;

use vouch_extract::{ExtractError, Parsed, cataloger_for, cataloger_named};
use vouch_model::{Component, ComponentSource, Relationship};

use crate::conformance::{
    Compare, Expected, default_view, mutations, osv_scanner, run_all, scalibr,
};

/// Writes `text` as `name` in a fresh directory and parses it with `cataloger`.
fn parse_as(cataloger: &str, name: &str, text: &str) -> Result<Parsed, ExtractError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    cataloger_named(cataloger)
        .unwrap()
        .parse(&path, Path::new(name))
}

fn claimed_by(path: &str) -> Option<&'static str> {
    cataloger_for(Path::new(path)).map(|c| c.name())
}

#[test]
fn pdm_lock_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pdm_lock_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "pdm-lock",
        view: &default_view,
        groups: true,
        lines: true,
        transitive: false,
    };
    let mut ran = run_all(&osv_scanner(&corpus, "parse-pdm-lock.json"), &how, &[]);
    ran += run_all(&scalibr(&corpus, "language/python/pdmlock.json"), &how, &[]);
    eprintln!("pdm-lock: {ran} conformance cases passed");
    assert!(ran >= 15, "only {ran} cases ran");
}

#[test]
fn pdm_lock_claims_and_bad_input() {
    assert_eq!(claimed_by("a/pdm.lock"), Some("pdm-lock"));
    assert_eq!(claimed_by("a/pdm.lock.bak"), None);
    let err = parse_as("pdm-lock", "pdm.lock", "[[package]\nname = 1\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("pdm.lock: invalid TOML at line 1"),
        "{err}"
    );
    let parsed = parse_as(
        "pdm-lock",
        "pdm.lock",
        "[[package]]\nversion = \"1\"\n[[package]]\nname = \"x\"\nversion = \"1\"\n",
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.diagnostics.len(), 1);
}

#[test]
fn pylock_toml_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pylock_toml_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "pylock-toml",
        view: &default_view,
        groups: true,
        lines: true,
        transitive: false,
    };
    let ran = run_all(&scalibr(&corpus, "language/python/pylock.json"), &how, &[]);
    eprintln!("pylock-toml: {ran} conformance cases passed");
    assert!(ran >= 8, "only {ran} cases ran");
}

#[test]
fn pylock_toml_claims_and_bad_input() {
    assert_eq!(claimed_by("a/pylock.toml"), Some("pylock-toml"));
    assert_eq!(claimed_by("a/pylock.dev.toml"), Some("pylock-toml"));
    assert_eq!(claimed_by("a/pylock.a.b.toml"), None);
    let err = parse_as("pylock-toml", "pylock.toml", "lock-version = \"9\"\n").unwrap_err();
    assert!(
        matches!(err, ExtractError::UnsupportedVersion { .. }),
        "{err}"
    );
    let parsed = parse_as(
        "pylock-toml",
        "pylock.toml",
        "lock-version = \"1.0\"\npackages = [{ version = \"1\" }, { name = \"ok\", version = \"1\" }]\n",
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.components[0].locations[0].line, Some(2));
}

/// Go module versions are kept as go.mod writes them (`v1.0.0`, as Go, the purl spec's examples
/// and vouch's Go version scheme have them); the upstream tools drop the `v`. A representation,
/// not a different answer.
fn go_view(c: &Component) -> Expected {
    let mut e = default_view(c);
    if let Some(v) = e.version.strip_prefix('v') {
        e.version = v.to_owned();
    }
    e
}

#[test]
fn go_mod_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("go_mod_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "go-mod",
        view: &go_view,
        groups: true,
        lines: true,
        transitive: false,
    };
    let mut ran = run_all(&osv_scanner(&corpus, "parse-go-lock.json"), &how, &[]);
    const CONFIGURED: &str = "osv-scalibr's extractor was configured to leave out indirect \
        modules; vouch has no such setting and reports them as transitive (the same fixture's \
        default case passes)";
    ran += run_all(
        &scalibr(&corpus, "language/golang/gomod.json"),
        &how,
        &[
            ("language/golang/gomod.json::exclude indirect", CONFIGURED),
            (
                "language/golang/gomod.json::exclude indirect with go.sum",
                CONFIGURED,
            ),
        ],
    );
    eprintln!("go-mod: {ran} conformance cases passed");
    assert!(ran >= 25, "only {ran} cases ran");
}

#[test]
fn go_mod_claims_sources_and_bad_input() {
    assert_eq!(claimed_by("a/go.mod"), Some("go-mod"));
    for not in ["a/go.mod.file", "path.to.my.go.mod", "a/go.mod/file"] {
        assert_eq!(claimed_by(not), None, "{not}");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("go.mod"),
        "module m\n\ngo 1.16\n\nrequire github.com/a/b v1.0.0\n\
         replace github.com/a/b v1.0.0 => ./fork/b\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("go.sum"),
        "github.com/a/b v1.0.0 h1:x=\ngithub.com/c/d v0.1.0 h1:y=\n",
    )
    .unwrap();
    let parsed = cataloger_named("go-mod")
        .unwrap()
        .parse(&dir.path().join("go.mod"), Path::new("app/go.mod"))
        .unwrap();
    let got: Vec<_> = parsed
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.purl.to_string(), c.scope.relationship))
        .collect();
    assert_eq!(
        got,
        [
            (
                "./fork/b",
                "pkg:golang/./fork/b".to_owned(),
                Some(Relationship::Direct)
            ),
            ("stdlib", "pkg:golang/stdlib@1.16".to_owned(), None),
            (
                "github.com/c/d",
                "pkg:golang/github.com/c/d@v0.1.0".to_owned(),
                Some(Relationship::Transitive)
            ),
        ]
    );
    assert_eq!(parsed.included, [Path::new("app/go.sum")]);
    assert_eq!(
        parsed.components[0].source,
        ComponentSource::Path {
            path: "./fork/b".into()
        }
    );
    let d = parsed
        .components
        .iter()
        .find(|c| c.name.as_str() == "github.com/c/d")
        .unwrap();
    assert_eq!(d.scope.relationship, Some(Relationship::Transitive));
    assert_eq!(d.locations[0].path, Path::new("app/go.sum"));
    assert_eq!(d.purl.to_string(), "pkg:golang/github.com/c/d@v0.1.0");

    let err = parse_as("go-mod", "go.mod", "requires x v1.0.0\n").unwrap_err();
    assert!(matches!(err, ExtractError::Malformed { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("go.mod: line 1: unknown directive"),
        "{err}"
    );
}

#[test]
fn vendor_modules_conform() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("vendor_modules_conform") else {
        return;
    };
    let how = Compare {
        cataloger: "go-vendor-modules",
        view: &go_view,
        groups: true,
        lines: false,
        transitive: false,
    };
    let ran = run_all(
        &scalibr(&corpus, "language/golang/vendormodules.json"),
        &how,
        &[],
    );
    eprintln!("go-vendor-modules: {ran} conformance cases passed");
    assert!(ran >= 3, "only {ran} cases ran");
}

#[test]
fn vendor_modules_claims_and_bad_input() {
    assert_eq!(
        claimed_by("a/vendor/modules.txt"),
        Some("go-vendor-modules")
    );
    assert_eq!(claimed_by("a/modules.txt"), None);
    let parsed = parse_as(
        "go-vendor-modules",
        "vendor/modules.txt",
        "# example.com/a v1.0.0\n## explicit\nexample.com/a\n# \"open\nx\n\u{0}\n",
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(
        parsed.components[0].purl.to_string(),
        "pkg:golang/example.com/a@v1.0.0"
    );
    assert_eq!(parsed.diagnostics.len(), 3);
    assert!(
        parsed.diagnostics[0]
            .message
            .contains("unterminated quoted string")
    );
}

/// Mutated copies of the corpus' fixtures: every cataloger here returns (an error or a
/// result) without panicking.
#[test]
fn mutated_fixtures_never_panic() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("mutated_fixtures_never_panic") else {
        return;
    };
    let fixtures = corpus.join("lockfiles/osv-scalibr/fixtures/language");
    let seeds = [
        (
            "pdm-lock",
            "pdm.lock",
            "python/pdmlock/testdata/dev-dependency.toml",
        ),
        (
            "pylock-toml",
            "pylock.toml",
            "python/pylock/testdata/commits.toml",
        ),
        (
            "go-mod",
            "go.mod",
            "golang/gomod/testdata/replace-mixed.mod",
        ),
        (
            "go-mod",
            "go.mod",
            "golang/gomod/testdata/indirect-packages.mod",
        ),
        (
            "go-vendor-modules",
            "vendor/modules.txt",
            "golang/vendormodules/testdata/valid/vendor/modules.txt",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("vendor")).unwrap();
    let mut runs = 0;
    for (cataloger, name, seed) in seeds {
        let original = fs_err::read(fixtures.join(seed)).unwrap();
        for bytes in mutations(
            &original,
            150,
            0x2545_F491_4F6C_DD1D_u64,
            b"\\#=[]{}()\"'`/-;@\n ,:",
        ) {
            let file = dir.path().join(name);
            std::fs::write(&file, &bytes).unwrap();
            let _ = cataloger_named(cataloger)
                .unwrap()
                .parse(&file, Path::new(name));
            runs += 1;
        }
    }
    assert_eq!(runs, 750);
}

// ---------------------------------------------------------------------------------------------
// Snapshots of what a user gets.

#[test]
fn snapshot_go_mod() {
    let parsed = parse_as(
        "go-mod",
        "go.mod",
        "module example.com/app\n\ngo 1.22\n\ntoolchain go1.22.4\n\n\
         require (\n\tgithub.com/gin-gonic/gin v1.9.0\n\tgolang.org/x/net v0.17.0 // indirect\n)\n\n\
         replace golang.org/x/net v0.17.0 => example.com/fork/net v0.17.1\n\
         require example.com/bad/v2 v1.0.0\n",
    )
    .unwrap();
    insta::assert_json_snapshot!("go_mod_components", parsed.components);
    insta::assert_json_snapshot!("go_mod_diagnostics", parsed.diagnostics);
}

#[test]
fn snapshot_pdm_lock() {
    let parsed = parse_as(
        "pdm-lock",
        "pdm.lock",
        r#"# This file is @generated by PDM.
[metadata]
groups = ["default", "dev"]
strategy = ["inherit_metadata"]
lock_version = "4.5.0"

[[package]]
name = "requests"
version = "2.32.3"
groups = ["default"]
dependencies = ["urllib3<3,>=1.21.1"]
files = [
    {file = "requests-2.32.3-py3-none-any.whl", hash = "sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6"},
]

[[package]]
name = "urllib3"
version = "2.2.3"
groups = ["default"]

[[package]]
name = "pytest"
version = "8.3.3"
groups = ["dev"]
git = "https://github.com/pytest-dev/pytest"
revision = "d0f136fe64f9374f18a04562305b178fb380d1ec"
"#,
    )
    .unwrap();
    assert!(parsed.diagnostics.is_empty());
    insta::assert_json_snapshot!("pdm_lock_components", parsed.components);
    insta::assert_json_snapshot!("pdm_lock_dependencies", parsed.dependencies);
}

/// The walk finds all four files by name in a delivery, and go.sum is read (for a pre-1.17
/// go.mod) and listed as scanned.
#[test]
fn the_walk_finds_all_four_formats() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "svc/go.mod",
            "module m\n\ngo 1.16\n\nrequire github.com/a/b v1.0.0\n",
        ),
        (
            "svc/go.sum",
            "github.com/a/b v1.0.0 h1:x=\ngithub.com/c/d v0.1.0 h1:y=\n",
        ),
        (
            "svc/vendor/modules.txt",
            "# github.com/a/b v1.0.0\n## explicit\ngithub.com/a/b\n",
        ),
        (
            "py/pdm.lock",
            "[[package]]\nname = \"six\"\nversion = \"1.16.0\"\n",
        ),
        (
            "py/pylock.dev.toml",
            "lock-version = \"1.0\"\n[[packages]]\nname = \"attrs\"\nversion = \"25.1.0\"\n",
        ),
        ("py/modules.txt", "# not a vendor list\n"),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let inventory = vouch_extract::scan(dir.path(), &vouch_extract::ScanOptions::default());
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
    let mut names: Vec<String> = inventory
        .components()
        .iter()
        .map(|c| {
            format!(
                "{}:{}@{}",
                c.ecosystem,
                c.name,
                c.version.as_deref().unwrap_or("")
            )
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Go:github.com/a/b@v1.0.0",
            "Go:github.com/c/d@v0.1.0",
            "Go:stdlib@1.16",
            "PyPI:attrs@25.1.0",
            "PyPI:six@1.16.0",
        ]
    );
    let scanned: Vec<String> = inventory
        .scanned_files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    for file in [
        "svc/go.mod",
        "svc/vendor/modules.txt",
        "py/pdm.lock",
        "py/pylock.dev.toml",
    ] {
        assert!(
            scanned.iter().any(|s| s == file),
            "{file} not in {scanned:?}"
        );
    }
}
