//! The Python catalogers (requirements.txt, poetry.lock, uv.lock, Pipfile.lock): conformance
//! with osv-scanner's and osv-scalibr's expectations, file-name claims, bad input, and
//! snapshots of what they produce.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::{Path, PathBuf};

use vouch_extract::{Cataloger, ExtractError, Parsed, cataloger_named};
use vouch_model::{Component, ComponentSource, DiagnosticCode};

use crate::conformance::{
    Compare, Expected, default_view, mutations, osv_scanner, run_all, scalibr,
};

fn cataloger(name: &str) -> &'static dyn Cataloger {
    cataloger_named(name).unwrap_or_else(|| panic!("no cataloger {name}"))
}

/// osv-scanner writes `0.0.0` for a requirement that pins no version; vouch leaves the version
/// unset. A representation, not a different answer.
fn osv_scanner_requirements_view(c: &Component) -> Expected {
    let mut e = default_view(c);
    if e.version.is_empty() && e.commit.is_empty() {
        e.version = "0.0.0".to_owned();
    }
    e
}

// Why vouch deliberately answers differently from the upstream test tables.
const RANGE_IS_NOT_A_VERSION: &str = "a range (`>=`, `~=`, `<=`) says what may be installed, not \
     what is; the upstream tools report its bound as the version, which matches advisories \
     against a version that may not be installed. vouch leaves the version unset (with an \
     `unpinned requirement` note): only `==` and `===` pin a version";
const WHEELS_AND_URLS_ARE_COMPONENTS: &str = "a wheel file or `name @ URL` line is installed \
     too: vouch reports it (name and version from the wheel's file name, source Path/Url) where \
     the upstream tools drop it";
const GIT_PIN_IS_A_COMPONENT: &str = "a git dependency pinned by commit (`git` + `ref`) is a \
     real component: the upstream tools drop entries without a `version`, vouch keeps it with its \
     commit (OSV can match git commits)";

#[test]
fn requirements_txt_conforms_to_osv_scanner() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("requirements_txt_conforms_to_osv_scanner")
    else {
        return;
    };
    let cases = osv_scanner(&corpus, "parse-requirements-txt.json");
    // keyring >= 4.1.1, Mopidy-Dirble ~= 1.1; the numpy and wxPython wheel lines.
    let both = format!("{RANGE_IS_NOT_A_VERSION}; and {WHEELS_AND_URLS_ARE_COMPONENTS}");
    let ran = run_all(
        &cases,
        &Compare {
            cataloger: "requirements-txt",
            view: &osv_scanner_requirements_view,
            groups: true,
            lines: false,
            transitive: false,
        },
        &[
            (
                "parse-requirements-txt.json::TestParseRequirementsTxt_FileFormatExample",
                &both,
            ),
            (
                "parse-requirements-txt.json::TestParseRequirementsTxt_WithPerRequirementOptions",
                RANGE_IS_NOT_A_VERSION,
            ),
        ],
    );
    eprintln!(
        "requirements.txt vs osv-scanner: {ran} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 16, "only {ran} cases ran");
}

#[test]
fn requirements_txt_conforms_to_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("requirements_txt_conforms_to_osv_scalibr")
    else {
        return;
    };
    let cases = scalibr(&corpus, "language/python/requirements.json");
    // keyring >= 4.1.1, Mopidy-Dirble ~= 1.1; `urllib3 @ https://...zip` and the wheel lines.
    let both = format!("{RANGE_IS_NOT_A_VERSION}; and {WHEELS_AND_URLS_ARE_COMPONENTS}");
    let ran = run_all(
        &cases,
        &Compare {
            cataloger: "requirements-txt",
            view: &default_view,
            groups: false,
            lines: true,
            transitive: false,
        },
        &[
            (
                "language/python/requirements.json::with_version",
                RANGE_IS_NOT_A_VERSION,
            ),
            ("language/python/requirements.json::pip_example", &both),
            (
                "language/python/requirements.json::per_requirement_options",
                "`foo7==1.0 unexpected_text...`: osv-scalibr makes the stray text part of the \
                 version; pip refuses the line. vouch reads `foo7==1.0` and warns about the text",
            ),
            (
                "language/python/requirements.json::env_variable",
                "`qwert==${MY_VARIABLE_1}`: pip expands the variable at install time, so qwert \
                 is installed at a version vouch cannot know. osv-scalibr drops the line; vouch \
                 keeps qwert unpinned with a note, so the inventory does not lose a package",
            ),
        ],
    );
    eprintln!(
        "requirements.txt vs osv-scalibr: {ran} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 9, "only {ran} cases ran");
}

#[test]
fn poetry_lock_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("poetry_lock_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "poetry-lock",
        view: &default_view,
        groups: true,
        lines: true,
        transitive: false,
    };
    let cases = osv_scanner(&corpus, "parse-poetry-lock.json");
    let ran = run_all(&cases, &how, &[]);
    eprintln!(
        "poetry.lock vs osv-scanner: {ran} of {} cases ran",
        cases.len()
    );
    let cases = scalibr(&corpus, "language/python/poetrylock.json");
    let ran2 = run_all(&cases, &how, &[]);
    eprintln!(
        "poetry.lock vs osv-scalibr: {ran2} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 8 && ran2 >= 11, "{ran} + {ran2} cases ran");
}

#[test]
fn pipfile_lock_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pipfile_lock_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "pipfile-lock",
        view: &default_view,
        groups: true,
        lines: true,
        transitive: false,
    };
    let cases = osv_scanner(&corpus, "parse-pipenv-lock.json");
    let ran = run_all(
        &cases,
        &how,
        &[(
            "parse-pipenv-lock.json::TestParsePipenvLock_PackageWithoutVersion",
            GIT_PIN_IS_A_COMPONENT,
        )],
    );
    eprintln!(
        "Pipfile.lock vs osv-scanner: {ran} of {} cases ran",
        cases.len()
    );
    let cases = scalibr(&corpus, "language/python/pipfilelock.json");
    let ran2 = run_all(
        &cases,
        &how,
        &[(
            "language/python/pipfilelock.json::package without version",
            GIT_PIN_IS_A_COMPONENT,
        )],
    );
    eprintln!(
        "Pipfile.lock vs osv-scalibr: {ran2} of {} cases ran",
        cases.len()
    );
    assert!(ran >= 8 && ran2 >= 10, "{ran} + {ran2} cases ran");
}

#[test]
fn uv_lock_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("uv_lock_conforms") else {
        return;
    };
    let cases = scalibr(&corpus, "language/python/uvlock.json");
    let ran = run_all(
        &cases,
        &Compare {
            cataloger: "uv-lock",
            view: &default_view,
            groups: true,
            lines: true,
            transitive: false,
        },
        &[],
    );
    eprintln!("uv.lock vs osv-scalibr: {ran} of {} cases ran", cases.len());
    assert!(ran >= 9, "only {ran} cases ran");
}

/// osv-scanner's `*_ShouldExtract` tables, with the two paths vouch claims on purpose.
#[test]
fn file_names_claimed_as_osv_scanner_decides() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("file_names_claimed_as_osv_scanner_decides")
    else {
        return;
    };
    let path = corpus.join("lockfiles/osv-scanner-v1.9.2/expected/filename-detection.json");
    let doc: serde_json::Value =
        serde_json::from_str(&fs_err::read_to_string(&path).unwrap()).unwrap();
    // `requirements/*.txt` (`requirements/base.txt`, `requirements/production.txt`) is a common
    // Django layout; osv-scanner misses it, vouch reads it.
    let deliberate = ["requirements/txt.txt", "path/requirements/txt.txt"];
    let mut checked = 0;
    for (extractor, name) in [
        ("RequirementsTxtExtractor", "requirements-txt"),
        ("PoetryLockExtractor", "poetry-lock"),
        ("PipenvLockExtractor", "pipfile-lock"),
    ] {
        let c = cataloger(name);
        for case in doc["extractors"][extractor].as_array().unwrap() {
            let file = case["path"].as_str().unwrap();
            let want = case["should_extract"].as_bool().unwrap() != deliberate.contains(&file);
            assert_eq!(c.claims(Path::new(file)), want, "{name} claims {file:?}");
            checked += 1;
        }
    }
    assert!(cataloger("uv-lock").claims(Path::new("a/uv.lock")));
    assert!(!cataloger("uv-lock").claims(Path::new("a/uv.lock.bak")));
    eprintln!("file-name claims: {checked} paths checked");
    assert!(checked >= 30);
}

// ---------------------------------------------------------------------------------------------
// Bad input: every error names the file, and nothing panics.

/// A directory of files to parse, named relative to it as a scan would name them.
struct Tree(tempfile::TempDir);

impl Tree {
    fn new(files: &[(&str, &[u8])]) -> Tree {
        let dir = tempfile::tempdir().unwrap();
        for (name, content) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        Tree(dir)
    }

    fn parse(&self, cataloger_name: &str, file: &str) -> Result<Parsed, ExtractError> {
        self.parse_in("", cataloger_name, file)
    }

    /// Parses `dir/file` as a scan of `dir` would: displayed relative to `dir`.
    fn parse_in(
        &self,
        dir: &str,
        cataloger_name: &str,
        file: &str,
    ) -> Result<Parsed, ExtractError> {
        cataloger(cataloger_name).parse(&self.0.path().join(dir).join(file), Path::new(file))
    }
}

fn names(parsed: &Parsed) -> Vec<String> {
    parsed
        .components
        .iter()
        .map(|c| {
            format!(
                "{}@{}",
                c.name.normalized(),
                c.version.as_deref().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn malformed_toml_and_json_are_errors_naming_the_file() {
    let tree = Tree::new(&[
        ("a/poetry.lock", b"[[package]\nname = \"x\"\n"),
        ("b/uv.lock", b"version = 1\n[[package]]\nname = \n"),
        ("c/Pipfile.lock", b"{\"default\": {\"x\": }"),
        ("d/poetry.lock", b"package = 5\n"),
    ]);
    for (cataloger_name, file, expect) in [
        (
            "poetry-lock",
            "a/poetry.lock",
            "a/poetry.lock: invalid TOML at line 1, column",
        ),
        (
            "uv-lock",
            "b/uv.lock",
            "b/uv.lock: invalid TOML at line 3, column",
        ),
        (
            "pipfile-lock",
            "c/Pipfile.lock",
            "c/Pipfile.lock: invalid JSON: expected value at line 1",
        ),
        (
            "poetry-lock",
            "d/poetry.lock",
            "d/poetry.lock: invalid TOML",
        ),
    ] {
        let err = tree.parse(cataloger_name, file).unwrap_err();
        assert!(matches!(err, ExtractError::Malformed { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.starts_with(expect), "{message}");
        assert!(!message.contains('\n'), "{message}");
        assert_eq!(err.to_diagnostic().code, DiagnosticCode::MalformedLockfile);
    }
}

#[test]
fn invalid_utf8_is_an_error_naming_the_file() {
    let bad: &[u8] = b"flask==1.0\n\xff\xfe==2\n";
    let tree = Tree::new(&[
        ("requirements.txt", bad),
        ("poetry.lock", bad),
        ("uv.lock", bad),
        ("Pipfile.lock", bad),
        // An include that is not UTF-8 names the included file.
        ("inc/requirements.txt", b"-r ../requirements.txt\n"),
    ]);
    for (cataloger_name, file, named) in [
        ("requirements-txt", "requirements.txt", "requirements.txt"),
        ("poetry-lock", "poetry.lock", "poetry.lock"),
        ("uv-lock", "uv.lock", "uv.lock"),
        ("pipfile-lock", "Pipfile.lock", "Pipfile.lock"),
        (
            "requirements-txt",
            "inc/requirements.txt",
            "requirements.txt",
        ),
    ] {
        match tree.parse(cataloger_name, file) {
            Err(ExtractError::InvalidUtf8 { path, offset }) => {
                assert_eq!(path, PathBuf::from(named));
                assert_eq!(offset, 11);
            }
            other => panic!("{file}: {other:?}"),
        }
    }
}

/// osv-scanner's `does-not-exist` cases: the harness skips them (no fixture), so here.
#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let tree = Tree::new(&[]);
    for (cataloger_name, file) in [
        ("requirements-txt", "requirements.txt"),
        ("poetry-lock", "poetry.lock"),
        ("uv-lock", "uv.lock"),
        ("pipfile-lock", "Pipfile.lock"),
    ] {
        match tree.parse(cataloger_name, file) {
            Err(ExtractError::Io { path, source }) => {
                assert_eq!(path, Path::new(file));
                assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
            }
            other => panic!("{file}: {other:?}"),
        }
    }
}

#[test]
fn a_missing_include_names_both_files() {
    let tree = Tree::new(&[
        ("requirements.txt", b"flask==2.0\n-r sub/dev.txt\n"),
        (
            "sub/dev.txt",
            b"pytest==8.0\n--requirement=../gone/base.txt\n",
        ),
    ]);
    let err = tree
        .parse("requirements-txt", "requirements.txt")
        .unwrap_err();
    match &err {
        ExtractError::IncludeNotFound { path, include } => {
            assert_eq!(path, Path::new("sub/dev.txt"));
            assert_eq!(include, Path::new("gone/base.txt"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "sub/dev.txt: included file gone/base.txt not found"
    );
    assert_eq!(err.to_diagnostic().code, DiagnosticCode::IncludeNotFound);
}

#[test]
fn include_cycles_end_and_read_each_file_once() {
    let tree = Tree::new(&[
        (
            "proj/requirements.txt",
            b"-r a.txt\n-r requirements.txt\nroot==1\n",
        ),
        ("proj/a.txt", b"-rb.txt\na==1\n"),
        (
            "proj/b.txt",
            b"-r ./requirements.txt\n-r a.txt\n-r c.txt\nb==1\n",
        ),
        ("proj/c.txt", b"-r ../c.txt\n-r a.txt\nc==1\n"),
        ("c.txt", b"outside==1\n"),
    ]);
    let parsed = tree
        .parse_in("proj", "requirements-txt", "requirements.txt")
        .unwrap();
    let mut got = names(&parsed);
    got.sort();
    assert_eq!(got, ["a@1", "b@1", "c@1", "root@1"]);
    assert_eq!(
        parsed.included,
        [PathBuf::from("a.txt"), "b.txt".into(), "c.txt".into()]
    );
    let cycles = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::IncludeCycle)
        .count();
    assert_eq!(cycles, 4, "{:#?}", parsed.diagnostics);
    // `../c.txt` leaves the scanned directory: noted, not read.
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::IncludeNotFound
                && d.message.contains("outside the scanned directory")),
        "{:#?}",
        parsed.diagnostics
    );
    // The group is the stem of the file that listed the requirement.
    let groups: Vec<_> = parsed
        .components
        .iter()
        .map(|c| c.groups.join(","))
        .collect();
    assert!(groups.contains(&"b".to_owned()), "{groups:?}");
}

#[test]
fn constraints_pin_versions_but_add_no_components() {
    let tree = Tree::new(&[
        (
            "requirements.txt",
            b"flask\nrequests>=2\n-c constraints.txt\n-c missing-constraints.txt\n",
        ),
        (
            "constraints.txt",
            b"flask==2.0.1\nunused==1.0\nRequests == 2.31.0\n",
        ),
    ]);
    let parsed = tree.parse("requirements-txt", "requirements.txt").unwrap();
    assert_eq!(names(&parsed), ["flask@2.0.1", "requests@2.31.0"]);
    assert_eq!(parsed.included, [PathBuf::from("constraints.txt")]);
    let notes: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(notes, [DiagnosticCode::IncludeNotFound]);
}

#[test]
fn invalid_requirements_are_skipped_with_a_diagnostic_and_the_rest_kept() {
    let tree = Tree::new(&[(
        "requirements.txt",
        b"bad$name==1.0\n==1.0\nasdf==\n-trailing-==1\ngood==1.0\nfoo7==1.0 stray --hash=sha256:1\n\
          https://example.com/archive.zip\n",
    )]);
    let parsed = tree.parse("requirements-txt", "requirements.txt").unwrap();
    assert_eq!(names(&parsed), ["good@1.0", "foo7@1.0"]);
    let messages: Vec<_> = parsed
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.path.as_deref(), Some(Path::new("requirements.txt")));
            format!("{} {}", d.code, d.message)
        })
        .collect();
    assert_eq!(messages.len(), 5, "{messages:#?}");
    assert!(
        messages[0].starts_with("V0104 line 1: expected a version specifier"),
        "{messages:#?}"
    );
    assert!(
        messages[1].starts_with("V0104 line 2: no package name"),
        "{messages:#?}"
    );
    assert!(
        messages[2].starts_with("V0104 line 3: `==` is not followed by a version"),
        "{messages:#?}"
    );
    assert!(
        messages[3].starts_with("V0104 line 6: unexpected text `stray`"),
        "{messages:#?}"
    );
    assert!(
        messages[4].contains("line 7: `https://example.com/archive.zip` names no package"),
        "{messages:#?}"
    );
}

#[test]
fn invalid_names_in_lockfiles_are_skipped_and_the_rest_kept() {
    let tree = Tree::new(&[
        ("poetry.lock", b"[[package]]\nname = \"a b\"\nversion = \"1\"\n[[package]]\nname = \"ok\"\nversion = \"1\"\n"),
        ("uv.lock", b"version = 1\n[[package]]\nname = \"-x\"\nversion = \"1\"\n[[package]]\nname = \"ok\"\nversion = \"1\"\n"),
        ("Pipfile.lock", b"{\"default\": {\"a\\u0000\": {\"version\": \"==1\"}, \"ok\": {\"version\": \"==1\"}}}"),
    ]);
    for (cataloger_name, file) in [
        ("poetry-lock", "poetry.lock"),
        ("uv-lock", "uv.lock"),
        ("pipfile-lock", "Pipfile.lock"),
    ] {
        let parsed = tree.parse(cataloger_name, file).unwrap();
        assert_eq!(names(&parsed), ["ok@1"], "{file}");
        assert_eq!(
            parsed.diagnostics.len(),
            1,
            "{file}: {:#?}",
            parsed.diagnostics
        );
        let d = &parsed.diagnostics[0];
        assert_eq!(d.code, DiagnosticCode::InvalidPackage);
        assert_eq!(d.path.as_deref(), Some(Path::new(file)));
        assert!(d.message.contains("not a valid PyPI package name"), "{d}");
    }
}

#[test]
fn huge_continuation_runs_parse() {
    let mut text = "\\\n".repeat(500_000);
    text.push_str("foo==1.0\n");
    text.push_str(&"a\\\n".repeat(100_000));
    text.push_str("==2\n");
    text.push_str(&"\\".repeat(1_000_001));
    let tree = Tree::new(&[("requirements.txt", text.as_bytes())]);
    let parsed = tree.parse("requirements-txt", "requirements.txt").unwrap();
    let foo = &parsed.components[0];
    assert_eq!(foo.version.as_deref(), Some("1.0"));
    assert_eq!(foo.locations[0].line, Some(1));
    assert_eq!(parsed.components[1].name.as_str().len(), 100_000);
    assert_eq!(parsed.components[1].locations[0].line, Some(500_002));
}

#[test]
fn urls_paths_and_editables() {
    let commit = "0123456789abcdef0123456789abcdef01234567";
    let text = format!(
        "-e git+https://github.com/pallets/click.git@{commit}#egg=click\n\
         -e .\n\
         ./libs/local\n\
         ./dist/wheelpkg-1.2-py3-none-any.whl\n\
         urllib3 @ https://h/urllib3-2.2.1-py3-none-any.whl\n\
         tool @ git+https://github.com/o/tool@v1.0\n\
         --index-url https://pypi.org/simple\n\
         --extra-index-url=https://mirror/simple\n"
    );
    let tree = Tree::new(&[("requirements.txt", text.as_bytes())]);
    let parsed = tree.parse("requirements-txt", "requirements.txt").unwrap();
    let got: Vec<_> = parsed
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.version.as_deref(), c.source.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "click",
                None,
                ComponentSource::Git {
                    url: "https://github.com/pallets/click.git".into(),
                    commit: Some(commit.into())
                }
            ),
            (
                "wheelpkg",
                Some("1.2"),
                ComponentSource::Path {
                    path: "./dist/wheelpkg-1.2-py3-none-any.whl".into()
                }
            ),
            (
                "urllib3",
                Some("2.2.1"),
                ComponentSource::Url {
                    url: "https://h/urllib3-2.2.1-py3-none-any.whl".into()
                }
            ),
            (
                "tool",
                None,
                ComponentSource::Git {
                    url: "https://github.com/o/tool@v1.0".into(),
                    commit: None
                }
            ),
        ]
    );
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
}

#[test]
fn unsupported_lock_versions_are_errors_naming_the_file() {
    let tree = Tree::new(&[
        ("poetry.lock", b"[metadata]\nlock-version = \"9.0\"\n"),
        ("uv.lock", b"version = 7\n"),
    ]);
    let err = tree.parse("poetry-lock", "poetry.lock").unwrap_err();
    assert_eq!(err.to_string(), "poetry.lock: unsupported lock-version 9.0");
    let err = tree.parse("uv-lock", "uv.lock").unwrap_err();
    assert_eq!(err.to_string(), "uv.lock: unsupported version 7");
}

/// Mangled versions of real fixtures: whatever comes back, it is a value, not a panic.
#[test]
fn mangled_input_never_panics() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("mangled_input_never_panics") else {
        return;
    };
    let python = corpus.join("lockfiles/osv-scalibr/fixtures/language/python");
    let seeds = [
        (
            "requirements-txt",
            python.join("requirements/testdata/per_req_options.txt"),
        ),
        (
            "requirements-txt",
            python.join("requirements/testdata/example.txt"),
        ),
        (
            "poetry-lock",
            python.join("poetrylock/testdata/multiple-packages.v2.lock"),
        ),
        (
            "uv-lock",
            python.join("uvlock/testdata/grouped-packages.lock"),
        ),
        (
            "pipfile-lock",
            python.join("pipfilelock/testdata/two-packages.json"),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut runs = 0;
    for (name, seed) in seeds {
        let original = fs_err::read(&seed).unwrap();
        for bytes in mutations(
            &original,
            150,
            0x9E37_79B9_7F4A_7C15_u64,
            b"\\#=[]{}\"'-;@\n ,:",
        ) {
            let file = dir.path().join("requirements.txt");
            std::fs::write(&file, &bytes).unwrap();
            let _ = cataloger(name).parse(&file, Path::new("requirements.txt"));
            runs += 1;
        }
    }
    assert_eq!(runs, 750);
}

// ---------------------------------------------------------------------------------------------
// Snapshots of what a user gets.

#[test]
fn snapshot_requirements_txt() {
    let tree = Tree::new(&[
        (
            "requirements.txt",
            b"# web\n\
              requests[security]==2.31.0 ; python_version >= \"3.8\" \\\n    \
              --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f\n\
              Django>=4.2  # not pinned\n\
              -r requirements-dev.txt\n",
        ),
        (
            "requirements-dev.txt",
            b"pytest===8.0.0\nrequests==2.31.0\n",
        ),
    ]);
    let parsed = tree.parse("requirements-txt", "requirements.txt").unwrap();
    insta::assert_json_snapshot!("requirements_txt_components", parsed.components);
    insta::assert_json_snapshot!("requirements_txt_diagnostics", parsed.diagnostics);
}

#[test]
fn snapshot_poetry_lock() {
    let tree = Tree::new(&[(
        "poetry.lock",
        br#"# This file is automatically @generated by Poetry 2.0.0 and should not be changed by hand.

[[package]]
name = "certifi"
version = "2024.8.30"
description = "Python package for providing Mozilla's CA Bundle."
optional = false
python-versions = ">=3.6"
groups = ["main"]
files = [
    {file = "certifi-2024.8.30-py3-none-any.whl", hash = "sha256:922820b53db7a7257ffbda3f597266d435245903d80737e34f8a45ff3e3230d8"},
]

[[package]]
name = "ike"
version = "0.2.0"
description = "multi-purpose evil functions"
optional = true
python-versions = "^3.6"
groups = ["dev"]
files = []

[package.source]
type = "git"
url = "https://github.com/dzshn/ike"
reference = "main"
resolved_reference = "cd66602cd29f61a2d2e7fb995fef1e61708c034d"

[metadata]
lock-version = "2.1"
python-versions = "^3.10"
content-hash = "0000"
"#,
    )]);
    let parsed = tree.parse("poetry-lock", "poetry.lock").unwrap();
    assert!(parsed.diagnostics.is_empty());
    insta::assert_json_snapshot!("poetry_lock_components", parsed.components);
}
