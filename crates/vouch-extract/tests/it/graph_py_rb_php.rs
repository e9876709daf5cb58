//! The dependency graph of the Python, Ruby and PHP lockfiles (issue 3): over the real corpus
//! fixtures every edge joins two components of its own file and a known real edge is found;
//! in a temporary tree, the manifest beside a lockfile (pyproject.toml, Pipfile, composer.json)
//! says which components are direct, and a broken one is a diagnostic, not a failure.

// Test code: a failed unwrap or panic is a failed test.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use vouch_extract::{Parsed, ScanOptions, cataloger_named, scan};
use vouch_model::{DiagnosticCode, Relationship};

/// Every file of the corpus directories `dirs` (relative to `lockfiles/`), parsed by
/// `cataloger`; files it refuses (the corpus' bad-input cases) are left out.
fn parse_corpus(corpus: &Path, cataloger: &str, dirs: &[&str]) -> Vec<(PathBuf, Parsed)> {
    let cataloger = cataloger_named(cataloger).unwrap();
    let mut out = Vec::new();
    for dir in dirs {
        let dir = corpus.join("lockfiles").join(dir);
        let mut files: Vec<PathBuf> = fs_err::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no fixtures in {}", dir.display());
        for file in files {
            if let Ok(parsed) = cataloger.parse(&file, &file) {
                out.push((file, parsed));
            }
        }
    }
    out
}

/// Asserts that every edge joins two components of the same file, and returns all edges as
/// purl strings.
fn edges_within_files(parsed: &[(PathBuf, Parsed)]) -> BTreeSet<(String, String)> {
    let mut all = BTreeSet::new();
    for (file, p) in parsed {
        let purls: BTreeSet<&str> = p.components.iter().map(|c| c.purl.as_str()).collect();
        for (from, to) in &p.dependencies {
            assert!(
                purls.contains(from.as_str()) && purls.contains(to.as_str()),
                "{}: edge {from} -> {to} leaves the file's components",
                file.display()
            );
            assert_ne!(from, to, "{}: self edge", file.display());
            all.insert((from.to_string(), to.to_string()));
        }
    }
    all
}

fn edge(from: &str, to: &str) -> (String, String) {
    (from.to_owned(), to.to_owned())
}

#[test]
fn poetry_lock_edges_in_the_corpus() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("poetry_lock_edges_in_the_corpus") else {
        return;
    };
    let parsed = parse_corpus(
        &corpus,
        "poetry-lock",
        &[
            "osv-scalibr/fixtures/language/python/poetrylock/testdata",
            "osv-scanner-v1.9.2/fixtures/poetry",
        ],
    );
    let edges = edges_within_files(&parsed);
    // multiple-packages.v2.lock (Poetry 2): factory-boy's `Faker = ">=0.7.0"`.
    assert!(
        edges.contains(&edge("pkg:pypi/factory-boy@3.3.1", "pkg:pypi/faker@33.3.0")),
        "{edges:#?}"
    );
    // osv-scanner's poetry/two-packages.lock (Poetry 1, lock-version 1.1, `category`).
    assert!(
        edges.contains(&edge(
            "pkg:pypi/proto-plus@1.22.0",
            "pkg:pypi/protobuf@4.21.5"
        )),
        "{edges:#?}"
    );
    // proto-plus is locked twice in multiple-packages.v2.lock (by marker); both depend on its
    // one protobuf.
    for from in ["pkg:pypi/proto-plus@1.22.0", "pkg:pypi/proto-plus@1.23.0"] {
        assert!(
            edges.contains(&edge(from, "pkg:pypi/protobuf@4.25.5")),
            "{edges:#?}"
        );
    }
}

#[test]
fn uv_lock_edges_in_the_corpus() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("uv_lock_edges_in_the_corpus") else {
        return;
    };
    let parsed = parse_corpus(
        &corpus,
        "uv-lock",
        &["osv-scalibr/fixtures/language/python/uvlock/testdata"],
    );
    let edges = edges_within_files(&parsed);
    assert!(
        edges.contains(&edge("pkg:pypi/black@24.10.0", "pkg:pypi/click@8.1.7")),
        "{edges:#?}"
    );
    assert!(
        edges.contains(&edge("pkg:pypi/click@8.1.7", "pkg:pypi/colorama@0.4.6")),
        "{edges:#?}"
    );
}

#[test]
fn pipfile_lock_has_no_graph_and_no_direct_without_a_pipfile() {
    let Some(corpus) =
        vouch_testkit::corpus_or_skip("pipfile_lock_has_no_graph_and_no_direct_without_a_pipfile")
    else {
        return;
    };
    let parsed = parse_corpus(
        &corpus,
        "pipfile-lock",
        &["osv-scalibr/fixtures/language/python/pipfilelock/testdata"],
    );
    assert!(parsed.iter().any(|(_, p)| !p.components.is_empty()));
    for (file, p) in &parsed {
        assert!(p.dependencies.is_empty(), "{}", file.display());
        assert!(
            p.components.iter().all(|c| c.scope.relationship.is_none()),
            "{}",
            file.display()
        );
    }
}

#[test]
fn gemfile_lock_edges_in_the_corpus() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("gemfile_lock_edges_in_the_corpus") else {
        return;
    };
    let parsed = parse_corpus(
        &corpus,
        "gemfile-lock",
        &[
            "osv-scalibr/fixtures/language/ruby/gemfilelock/testdata",
            "osv-scanner-v1.9.2/fixtures/bundler",
        ],
    );
    let edges = edges_within_files(&parsed);
    // rails.lock: `actionpack (7.0.2.2)` lists `rack (~> 2.0, >= 2.2.0)`, locked at 2.2.3.
    assert!(
        edges.contains(&edge("pkg:gem/actionpack@7.0.2.2", "pkg:gem/rack@2.2.3")),
        "{edges:#?}"
    );
    let (_, rails) = parsed
        .iter()
        .find(|(f, _)| f.ends_with("gemfilelock/testdata/rails.lock"))
        .unwrap();
    let direct: Vec<&str> = rails
        .components
        .iter()
        .filter(|c| c.scope.relationship == Some(Relationship::Direct))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(direct, ["rails"]);
}

#[test]
fn composer_lock_edges_in_the_corpus() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("composer_lock_edges_in_the_corpus") else {
        return;
    };
    let parsed = parse_corpus(
        &corpus,
        "composer-lock",
        &[
            "osv-scalibr/fixtures/language/php/composerlock/testdata",
            "osv-scanner-v1.9.2/fixtures/composer",
        ],
    );
    let edges = edges_within_files(&parsed);
    // drupal-packages.json: drupal/tfa requires `drupal/core: ^10.1 || ^11`.
    assert!(
        edges.contains(&edge(
            "pkg:composer/drupal/tfa@2.0.0-alpha4",
            "pkg:composer/drupal/core@10.4.5"
        )),
        "{edges:#?}"
    );
    // Platform requirements (`php`, `ext-*`) are no components, so they are no edges.
    assert!(
        edges
            .iter()
            .all(|(_, to)| !to.contains("/php@") && !to.contains("ext-"))
    );
}

/// A tree of files: `(relative path, contents)`.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs_err::create_dir_all(path.parent().unwrap()).unwrap();
        fs_err::write(path, text).unwrap();
    }
    dir
}

/// Parses `sub/<lock>` of `dir` with `cataloger`, shown as `sub/<lock>`.
fn parse_in(dir: &tempfile::TempDir, cataloger: &str, lock: &str) -> Parsed {
    let shown = Path::new("sub").join(lock);
    cataloger_named(cataloger)
        .unwrap()
        .parse(&dir.path().join(&shown), &shown)
        .unwrap()
}

/// `(name, relationship, dev)` of each component.
fn scopes(parsed: &Parsed) -> Vec<(String, Option<Relationship>, Option<bool>)> {
    parsed
        .components
        .iter()
        .map(|c| {
            (
                c.name.as_str().to_owned(),
                c.scope.relationship,
                c.scope.dev,
            )
        })
        .collect()
}

const POETRY_LOCK: &str = r#"
[[package]]
name = "flask"
version = "3.0.0"

[package.dependencies]
Werkzeug = ">=3.0.0"

[[package]]
name = "werkzeug"
version = "3.0.1"

[[package]]
name = "pytest"
version = "8.0.0"

[metadata]
lock-version = "2.0"
"#;

#[test]
fn poetry_lock_reads_the_pyproject_beside_it() {
    let dir = tree(&[
        ("sub/poetry.lock", POETRY_LOCK),
        (
            "sub/pyproject.toml",
            "[project]\ndependencies = [\"Flask>=3\"]\n[dependency-groups]\ndev = [\"pytest\"]\n",
        ),
    ]);
    let parsed = parse_in(&dir, "poetry-lock", "poetry.lock");
    use Relationship::{Direct, Transitive};
    assert_eq!(
        scopes(&parsed),
        [
            ("flask".into(), Some(Direct), Some(false)),
            ("werkzeug".into(), Some(Transitive), Some(false)),
            ("pytest".into(), Some(Direct), Some(true)),
        ]
    );
    assert_eq!(parsed.included, [Path::new("sub/pyproject.toml")]);
    assert_eq!(parsed.dependencies.len(), 1);

    // The walk links the same edge and lists the pyproject.toml as scanned.
    let inventory = scan(dir.path(), &ScanOptions::default());
    let edges: Vec<_> = inventory
        .dependencies()
        .iter()
        .flat_map(|(from, tos)| tos.iter().map(move |to| edge(from.as_str(), to.as_str())))
        .collect();
    assert_eq!(
        edges,
        [edge("pkg:pypi/flask@3.0.0", "pkg:pypi/werkzeug@3.0.1")]
    );
    assert!(
        inventory
            .scanned_files
            .iter()
            .any(|f| f == Path::new("sub/pyproject.toml"))
    );
}

#[test]
fn a_broken_manifest_is_a_diagnostic_and_the_lockfile_is_still_read() {
    let dir = tree(&[
        ("sub/poetry.lock", POETRY_LOCK),
        ("sub/pyproject.toml", "[project\n"),
        (
            "sub/Pipfile.lock",
            r#"{"default": {"requests": {"version": "==2.31.0"}}}"#,
        ),
        ("sub/Pipfile", "[packages\n"),
        (
            "sub/composer.lock",
            r#"{"packages": [{"name": "psr/log", "version": "3.0.0"}]}"#,
        ),
        ("sub/composer.json", "[1]"),
    ]);
    for (cataloger, lock, manifest) in [
        ("poetry-lock", "poetry.lock", "sub/pyproject.toml"),
        ("pipfile-lock", "Pipfile.lock", "sub/Pipfile"),
        ("composer-lock", "composer.lock", "sub/composer.json"),
    ] {
        let parsed = parse_in(&dir, cataloger, lock);
        assert!(!parsed.components.is_empty(), "{cataloger}");
        assert!(
            parsed
                .components
                .iter()
                .all(|c| c.scope.relationship.is_none()),
            "{cataloger}"
        );
        assert_eq!(parsed.diagnostics.len(), 1, "{cataloger}");
        let d = &parsed.diagnostics[0];
        assert_eq!(d.code, DiagnosticCode::MalformedLockfile, "{cataloger}");
        assert_eq!(d.path.as_deref(), Some(Path::new(manifest)), "{cataloger}");
    }
}

#[test]
fn pipfile_lock_reads_the_pipfile_beside_it() {
    let dir = tree(&[
        (
            "sub/Pipfile.lock",
            "{\"default\": {\n\"requests\": {\"version\": \"==2.31.0\"},\n\"urllib3\": {\"version\": \"==2.2.1\"}\n},\n\"develop\": {\n\"pytest\": {\"version\": \"==8.0.0\"}\n}}",
        ),
        (
            "sub/Pipfile",
            "[packages]\nrequests = \"*\"\n[dev-packages]\npytest = \"*\"\n",
        ),
    ]);
    let parsed = parse_in(&dir, "pipfile-lock", "Pipfile.lock");
    use Relationship::{Direct, Transitive};
    assert_eq!(
        scopes(&parsed),
        [
            ("requests".into(), Some(Direct), Some(false)),
            ("urllib3".into(), Some(Transitive), Some(false)),
            ("pytest".into(), Some(Direct), Some(true)),
        ]
    );
    assert!(parsed.dependencies.is_empty());
    assert_eq!(parsed.included, [Path::new("sub/Pipfile")]);
}

#[test]
fn composer_lock_reads_the_composer_json_beside_it() {
    let dir = tree(&[
        (
            "sub/composer.lock",
            r#"{"packages": [
  {"name": "monolog/monolog", "version": "3.5.0", "require": {"php": ">=8.1", "psr/log": "^3"}},
  {"name": "psr/log", "version": "3.0.0"}
], "packages-dev": [
  {"name": "phpunit/phpunit", "version": "10.5.0", "require": {"ext-dom": "*"}}
]}"#,
        ),
        (
            "sub/composer.json",
            r#"{"require": {"php": "^8.1", "monolog/monolog": "^3"}, "require-dev": {"phpunit/phpunit": "^10"}}"#,
        ),
    ]);
    let parsed = parse_in(&dir, "composer-lock", "composer.lock");
    use Relationship::{Direct, Transitive};
    assert_eq!(
        scopes(&parsed),
        [
            ("monolog/monolog".into(), Some(Direct), Some(false)),
            ("psr/log".into(), Some(Transitive), Some(false)),
            ("phpunit/phpunit".into(), Some(Direct), Some(true)),
        ]
    );
    let edges: Vec<_> = parsed
        .dependencies
        .iter()
        .map(|(a, b)| edge(a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        edges,
        [edge(
            "pkg:composer/monolog/monolog@3.5.0",
            "pkg:composer/psr/log@3.0.0"
        )]
    );
    assert_eq!(parsed.included, [Path::new("sub/composer.json")]);
}

#[test]
fn without_a_manifest_nothing_is_read_and_nothing_is_marked() {
    let dir = tree(&[("sub/poetry.lock", POETRY_LOCK)]);
    let parsed = parse_in(&dir, "poetry-lock", "poetry.lock");
    assert!(parsed.included.is_empty());
    assert!(parsed.diagnostics.is_empty());
    assert!(
        parsed
            .components
            .iter()
            .all(|c| c.scope.relationship.is_none())
    );

    // A pyproject.toml that names no dependency (another tool's) says nothing either.
    let dir = tree(&[
        ("sub/poetry.lock", POETRY_LOCK),
        (
            "sub/pyproject.toml",
            "[build-system]\nrequires = [\"poetry-core\"]\n",
        ),
    ]);
    let parsed = parse_in(&dir, "poetry-lock", "poetry.lock");
    assert!(parsed.diagnostics.is_empty());
    assert!(
        parsed
            .components
            .iter()
            .all(|c| c.scope.relationship.is_none())
    );
}
