//! The package-lock.json cataloger: conformance with osv-scanner's and osv-scalibr's
//! expectations, lockfileVersion 1 to 3 (workspaces, aliases, git, bundled, peer), and bad input.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::Path;

use vouch_extract::{ExtractError, Parsed, cataloger_named};
use vouch_model::{ChecksumAlgorithm, Component, ComponentSource, DiagnosticCode, Relationship};

use crate::cargo::fs_read;
use crate::conformance::{Compare, default_view, osv_scanner, run_all, scalibr};

/// Writes `bytes` as `package-lock.json` in a fresh directory and parses it with that display.
fn parse_bytes(bytes: &[u8]) -> Result<Parsed, ExtractError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("package-lock.json");
    std::fs::write(&path, bytes).unwrap();
    cataloger_named("npm-lock")
        .unwrap()
        .parse(&path, Path::new("package-lock.json"))
}

fn parse(text: &str) -> Parsed {
    parse_bytes(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

fn find<'a>(parsed: &'a Parsed, name: &str, version: Option<&str>) -> &'a Component {
    parsed
        .components
        .iter()
        .find(|c| c.name.as_str() == name && c.version.as_deref() == version)
        .unwrap_or_else(|| panic!("no {name} {version:?} in {:#?}", parsed.components))
}

#[test]
fn conformance_with_osv_scanner_and_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("npm conformance") else {
        return;
    };
    let how = Compare {
        cataloger: "npm-lock",
        view: &default_view,
        groups: true,
        lines: true,
        transitive: true,
    };
    let mut ran = 0;
    for file in ["parse-npm-lock-v1.json", "parse-npm-lock-v2.json"] {
        ran += run_all(&osv_scanner(&corpus, file), &how, &[]);
    }
    ran += run_all(
        &scalibr(&corpus, "language/javascript/packagelockjson.json"),
        &how,
        &[],
    );
    eprintln!("npm-lock: {ran} conformance cases passed");
    assert!(ran >= 56, "only {ran} cases ran");
}

#[test]
fn claims_the_names_osv_scanner_claims() {
    let cataloger = cataloger_named("npm-lock").unwrap();
    if let Some(corpus) = vouch_testkit::corpus_or_skip("npm filename detection") {
        let path = corpus.join("lockfiles/osv-scanner-v1.9.2/expected/filename-detection.json");
        let doc: serde_json::Value = serde_json::from_str(&fs_read(&path)).unwrap();
        let cases = doc["extractors"]["NpmLockExtractor"].as_array().unwrap();
        assert!(!cases.is_empty());
        for case in cases {
            let p = case["path"].as_str().unwrap();
            let want = case["should_extract"].as_bool().unwrap();
            assert_eq!(cataloger.claims(Path::new(p)), want, "{p}");
        }
    }
    assert!(cataloger.claims(Path::new("app/npm-shrinkwrap.json")));
    assert!(cataloger.claims(Path::new("node_modules/dep/npm-shrinkwrap.json")));
    // npm never reads a dependency's own package-lock.json (osv-scalibr skips it too).
    assert!(!cataloger.claims(Path::new("app/node_modules/dep/package-lock.json")));
    assert!(!cataloger.claims(Path::new("package.json")));
}

/// A lockfileVersion 3 workspace with every kind of entry (also the snapshot's input).
const V3: &str = r#"{
  "name": "shop",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "shop",
      "version": "1.0.0",
      "workspaces": ["packages/*"],
      "dependencies": {
        "is-number": "github:jonschlinkert/is-number#main",
        "left-pad": "^1.3.0",
        "string-width-cjs": "npm:string-width@^4.2.0"
      },
      "devDependencies": {
        "@types/node": "^20.0.0"
      },
      "optionalDependencies": {
        "fsevents": "^2.3.3"
      }
    },
    "node_modules/@types/node": {
      "version": "20.11.5",
      "resolved": "https://registry.npmjs.org/@types/node/-/node-20.11.5.tgz",
      "dev": true
    },
    "node_modules/ansi-regex": {
      "version": "5.0.1",
      "resolved": "https://registry.npmjs.org/ansi-regex/-/ansi-regex-5.0.1.tgz"
    },
    "node_modules/fsevents": {
      "version": "2.3.3",
      "resolved": "https://registry.npmjs.org/fsevents/-/fsevents-2.3.3.tgz",
      "optional": true
    },
    "node_modules/is-number": {
      "version": "7.0.0",
      "resolved": "git+ssh://git@github.com/jonschlinkert/is-number.git#98e8ff1da1a89f93d1397a24d7413ed15421c139"
    },
    "node_modules/left-pad": {
      "version": "1.3.0",
      "resolved": "https://npm.corp.example/repository/npm/left-pad/-/left-pad-1.3.0.tgz",
      "integrity": "sha1-FsOFpsvXxq0GzWpxlar65JMvzz0="
    },
    "node_modules/left-pad/node_modules/semver": {
      "version": "5.7.2",
      "resolved": "https://registry.npmjs.org/semver/-/semver-5.7.2.tgz",
      "inBundle": true
    },
    "node_modules/react": {
      "version": "18.2.0",
      "resolved": "https://registry.npmjs.org/react/-/react-18.2.0.tgz",
      "peer": true
    },
    "node_modules/string-width-cjs": {
      "name": "string-width",
      "version": "4.2.3",
      "resolved": "https://registry.npmjs.org/string-width/-/string-width-4.2.3.tgz",
      "dependencies": {
        "ansi-regex": "^5.0.1"
      }
    },
    "node_modules/utils": {
      "resolved": "packages/utils",
      "link": true
    },
    "packages/utils": {
      "name": "utils",
      "version": "0.2.0",
      "dependencies": {
        "ms": "^2.1.3"
      },
      "peerDependencies": {
        "react": "*"
      }
    },
    "packages/utils/node_modules/ms": {
      "version": "2.1.3",
      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
      "integrity": "sha512-SyNc08X8gFJpY3/JQpM1+08hAGmUO+vpGmyI0DMbZhBljt2J2iDTM9NsdIThPRaOtEYH7QElOMh6+WGtg2FtvQ== sha1-notbase64!"
    }
  }
}
"#;

#[test]
fn lockfile_v3_workspaces_aliases_git_bundled_and_flags() {
    let parsed = parse(V3);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    // The root is the project, the link is a pointer: neither is a component.
    assert_eq!(parsed.components.len(), 10, "{:#?}", parsed.components);
    assert!(parsed.components.iter().all(|c| c.name.as_str() != "shop"));

    let utils = find(&parsed, "utils", Some("0.2.0"));
    assert_eq!(
        utils.source,
        ComponentSource::Path {
            path: "packages/utils".into()
        }
    );
    assert_eq!(utils.scope.relationship, Some(Relationship::Direct));

    // The alias is reported under the real name, and is direct under its alias.
    let alias = find(&parsed, "string-width", Some("4.2.3"));
    assert_eq!(alias.source, ComponentSource::Registry);
    assert_eq!(alias.scope.relationship, Some(Relationship::Direct));
    assert_eq!(
        find(&parsed, "ansi-regex", Some("5.0.1"))
            .scope
            .relationship,
        Some(Relationship::Transitive)
    );

    let git = find(&parsed, "is-number", Some("7.0.0"));
    assert_eq!(
        git.source,
        ComponentSource::Git {
            url: "git+ssh://git@github.com/jonschlinkert/is-number.git".into(),
            commit: Some("98e8ff1da1a89f93d1397a24d7413ed15421c139".into()),
        }
    );

    let left_pad = find(&parsed, "left-pad", Some("1.3.0"));
    assert_eq!(
        left_pad.source,
        ComponentSource::AlternateRegistry {
            url: "https://npm.corp.example/repository/npm".into()
        }
    );
    assert_eq!(left_pad.checksums.len(), 1);
    assert_eq!(left_pad.checksums[0].algorithm, ChecksumAlgorithm::Sha1);
    assert_eq!(
        left_pad.checksums[0].hex,
        "16c385a6cbd7c6ad06cd6a7195aafae4932fcf3d"
    );

    let semver = find(&parsed, "semver", Some("5.7.2"));
    assert_eq!(semver.groups, vec!["bundled"]);
    assert_eq!(semver.scope.relationship, Some(Relationship::Transitive));

    let types = find(&parsed, "@types/node", Some("20.11.5"));
    assert_eq!(types.groups, vec!["dev"]);
    assert_eq!(types.scope.dev, Some(true));
    assert_eq!(types.scope.relationship, Some(Relationship::Direct));
    assert_eq!(types.purl.as_str(), "pkg:npm/%40types/node@20.11.5");

    let fsevents = find(&parsed, "fsevents", Some("2.3.3"));
    assert_eq!(fsevents.groups, vec!["optional"]);
    assert_eq!(fsevents.scope.optional, Some(true));
    assert_eq!(fsevents.scope.dev, Some(false));

    // A workspace's own dependencies are direct, hoisted or not; its peers too.
    let react = find(&parsed, "react", Some("18.2.0"));
    assert_eq!(react.groups, vec!["peer"]);
    assert_eq!(react.scope.relationship, Some(Relationship::Direct));
    let ms = find(&parsed, "ms", Some("2.1.3"));
    assert_eq!(ms.scope.relationship, Some(Relationship::Direct));
    assert_eq!(ms.locations[0].line, Some(78));
    // The malformed second token is ignored, as Subresource Integrity says.
    assert_eq!(ms.checksums.len(), 1);
    assert_eq!(ms.checksums[0].algorithm, ChecksumAlgorithm::Sha512);
    assert_eq!(
        ms.checksums[0].hex,
        "4b235cd3c5fc805269637fc9429335fb4f210069943bebe91a6c88d0331b6610658edd89da20d333d36c7484e13d168eb44607ed012538c87af961ad83616dbd"
    );
}

#[test]
fn components_snapshot() {
    let parsed = parse(V3);
    insta::assert_json_snapshot!("package_lock_v3_components", parsed.components);
}

/// lockfileVersion 2 holds both forms; only `packages` is read.
#[test]
fn lockfile_v2_reads_packages_not_the_v1_tree() {
    let parsed = parse(
        r#"{"lockfileVersion": 2, "packages": {"": {}, "node_modules/a": {"version": "1.0.0"}},
            "dependencies": {"a": {"version": "1.0.0"}, "b": {"version": "2.0.0"}}}"#,
    );
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.components[0].name.as_str(), "a");
}

#[test]
fn lockfile_v1_nested_trees_aliases_files_and_git() {
    let parsed = parse(
        r#"{
  "lockfileVersion": 1,
  "dependencies": {
    "a": {
      "version": "1.0.0",
      "dev": true,
      "dependencies": {
        "b": { "version": "2.0.0", "optional": true, "bundled": true }
      }
    },
    "b": { "version": "3.0.0" },
    "c": { "version": "npm:@scope/c@4.0.0" },
    "d": { "version": "file:../d" },
    "e": { "version": "github:owner/e#0123456789abcdef0123456789abcdef01234567" },
    "f": { "version": "https://example.com/f-1.0.0.tgz" }
  }
}"#,
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(parsed.components.len(), 7);
    let nested = find(&parsed, "b", Some("2.0.0"));
    assert_eq!(nested.groups, vec!["bundled", "optional"]);
    assert_eq!(nested.locations[0].line, Some(8));
    assert_eq!(
        nested.scope.relationship,
        Some(Relationship::Transitive),
        "nested under the package that needs it"
    );
    assert_eq!(find(&parsed, "a", Some("1.0.0")).groups, vec!["dev"]);
    assert_eq!(
        find(&parsed, "@scope/c", Some("4.0.0")).source,
        ComponentSource::Registry
    );
    assert_eq!(
        find(&parsed, "d", None).source,
        ComponentSource::Path {
            path: "../d".into()
        }
    );
    assert_eq!(
        find(&parsed, "e", None).source,
        ComponentSource::Git {
            url: "github:owner/e".into(),
            commit: Some("0123456789abcdef0123456789abcdef01234567".into())
        }
    );
    assert_eq!(
        find(&parsed, "f", None).source,
        ComponentSource::Url {
            url: "https://example.com/f-1.0.0.tgz".into()
        }
    );
}

#[test]
fn the_same_package_twice_is_one_component_in_production_if_needed_there() {
    let parsed = parse(
        r#"{"lockfileVersion": 3, "packages": {
            "": {"dependencies": {"t": "1"}},
            "node_modules/t": {"version": "1.0.0"},
            "node_modules/t/node_modules/x": {"version": "1.0.0", "dev": true},
            "node_modules/x": {"version": "1.0.0"},
            "node_modules/y": {"version": "1.0.0", "dev": true},
            "node_modules/t/node_modules/y": {"version": "1.0.0", "optional": true}
        }}"#,
    );
    assert_eq!(parsed.components.len(), 3);
    let x = find(&parsed, "x", Some("1.0.0"));
    assert!(x.groups.is_empty());
    assert_eq!(x.scope.dev, Some(false));
    let y = find(&parsed, "y", Some("1.0.0"));
    assert_eq!(y.groups, vec!["dev", "optional"]);
    assert_eq!(y.scope.dev, Some(false));
    assert_eq!(y.scope.optional, Some(false));
}

#[test]
fn npm_shrinkwrap_takes_precedence_over_package_lock() {
    let dir = tempfile::tempdir().unwrap();
    let lock = r#"{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0"}}}"#;
    std::fs::write(dir.path().join("package-lock.json"), lock).unwrap();
    let cataloger = cataloger_named("npm-lock").unwrap();
    let alone = cataloger
        .parse(
            &dir.path().join("package-lock.json"),
            Path::new("package-lock.json"),
        )
        .unwrap();
    assert_eq!(alone.components.len(), 1);
    std::fs::write(dir.path().join("npm-shrinkwrap.json"), lock).unwrap();
    let shadowed = cataloger
        .parse(
            &dir.path().join("package-lock.json"),
            Path::new("package-lock.json"),
        )
        .unwrap();
    assert!(shadowed.components.is_empty());
    let shrinkwrap = cataloger
        .parse(
            &dir.path().join("npm-shrinkwrap.json"),
            Path::new("npm-shrinkwrap.json"),
        )
        .unwrap();
    assert_eq!(shrinkwrap.components.len(), 1);
    assert_eq!(
        shrinkwrap.components[0].locations[0].path,
        Path::new("npm-shrinkwrap.json")
    );
}

// --- bad input: each error names the file ----------------------------------------------------

fn error_of(bytes: &[u8]) -> ExtractError {
    match parse_bytes(bytes) {
        Ok(p) => panic!("expected an error, got {} components", p.components.len()),
        Err(e) => e,
    }
}

#[test]
fn malformed_json_is_an_error_with_its_position() {
    let err = error_of(b"{\"lockfileVersion\": 3,\n \"packages\": {,}}");
    assert!(matches!(err, ExtractError::Malformed { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "package-lock.json: invalid package-lock JSON: key must be a string at line 2 column 15"
    );
    assert_eq!(err.to_diagnostic().code, DiagnosticCode::MalformedLockfile);
}

#[test]
fn json_that_is_not_an_object_is_an_error() {
    for text in ["null", "[]", "\"x\""] {
        let err = error_of(text.as_bytes());
        assert!(
            matches!(err, ExtractError::Malformed { .. }),
            "{text}: {err:?}"
        );
        assert!(
            err.to_string()
                .starts_with("package-lock.json: the top level is a JSON "),
            "{err}"
        );
    }
}

#[test]
fn unknown_lockfile_versions_are_unsupported() {
    for (version, shown) in [("4", "4"), ("0", "0"), ("\"2\"", "\"2\""), ("2.5", "2.5")] {
        let err = error_of(format!("{{\"lockfileVersion\": {version}}}").as_bytes());
        assert!(
            matches!(err, ExtractError::UnsupportedVersion { .. }),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!("package-lock.json: unsupported lockfileVersion {shown}")
        );
    }
}

#[test]
fn invalid_utf8_is_an_error() {
    let err = error_of(b"{\"name\": \"caf\xe9\"}");
    assert_eq!(
        err.to_string(),
        "package-lock.json: not valid UTF-8 (at byte 13)"
    );
    assert_eq!(err.to_diagnostic().code, DiagnosticCode::InvalidUtf8);
}

#[test]
fn a_truncated_file_is_an_error() {
    let err = error_of(&V3.as_bytes()[..V3.len() / 2]);
    assert!(matches!(err, ExtractError::Malformed { .. }), "{err:?}");
    assert!(err.to_string().contains("EOF while parsing"), "{err}");
}

#[test]
fn an_empty_file_is_an_error() {
    for text in ["", " \n"] {
        let err = error_of(text.as_bytes());
        assert_eq!(
            err.to_string(),
            "package-lock.json: the file is empty, not a JSON object"
        );
    }
}

#[test]
fn invalid_entries_are_skipped_with_a_diagnostic_and_the_rest_kept() {
    let parsed = parse(
        r#"{
  "lockfileVersion": 3,
  "packages": {
    "node_modules/good": { "version": "1.0.0" },
    "node_modules/bad-version": { "version": "latest" },
    "node_modules/@scope": { "version": "1.0.0" },
    "node_modules/wrong-type": { "version": 1 },
    "node_modules/also-good": { "version": "2.0.0-beta.1+build.5" }
  }
}"#,
    );
    let names: Vec<&str> = parsed.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["also-good", "good"]);
    let seen: Vec<(Option<&str>, &str)> = parsed
        .diagnostics
        .iter()
        .map(|d| (d.record.as_deref(), d.message.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                Some("node_modules/wrong-type"),
                "line 7: the entry is malformed: invalid type: integer `1`, expected a string at line 1 column 14; package skipped"
            ),
            (
                Some("@scope@1.0.0"),
                "line 6: `@scope` is not a valid npm package name: a scoped npm name needs `@scope/name`; package skipped"
            ),
            (
                Some("bad-version@latest"),
                "line 5: `latest` is not a valid SemVer version: unexpected character 'l' while parsing major version number; package skipped"
            ),
        ]
    );
    for d in &parsed.diagnostics {
        assert_eq!(d.code, DiagnosticCode::InvalidPackage);
        assert_eq!(d.path.as_deref(), Some(Path::new("package-lock.json")));
    }
}

#[test]
fn a_hostile_nesting_depth_is_cut_off_without_exhausting_the_stack() {
    let depth = 20_000;
    let mut text = String::from(r#"{"lockfileVersion": 1, "dependencies": "#);
    for _ in 0..depth {
        text.push_str(r#"{"a": {"version": "1.0.0", "dependencies": "#);
    }
    text.push_str("{}");
    for _ in 0..depth {
        text.push_str("}}");
    }
    text.push('}');
    // Run where the stack is as small as a walker thread's.
    let parsed = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || parse(&text))
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(parsed.components.len(), 1, "one name and version");
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    assert_eq!(
        parsed.diagnostics[0].message,
        "line 1: its dependencies nest deeper than 64 levels; the deeper entries were skipped"
    );
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let err = cataloger_named("npm-lock")
        .unwrap()
        .parse(
            Path::new("/nonexistent/package-lock.json"),
            Path::new("web/package-lock.json"),
        )
        .unwrap_err();
    assert!(matches!(err, ExtractError::Io { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("web/package-lock.json: cannot read"),
        "{err}"
    );
}

#[test]
fn the_dependency_graph_resolves_requires_the_way_node_does() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("package-lock.json"),
        r#"{
  "name": "app", "version": "1.0.0", "lockfileVersion": 3,
  "packages": {
    "": { "name": "app", "version": "1.0.0", "dependencies": { "a": "^1", "ws": "*" } },
    "node_modules/a": { "version": "1.0.0", "dependencies": { "b": "^2" } },
    "node_modules/a/node_modules/b": { "version": "2.0.0", "dependencies": { "c": "^1" } },
    "node_modules/b": { "version": "1.0.0" },
    "node_modules/c": { "version": "1.0.0" },
    "node_modules/ws": { "resolved": "packages/ws", "link": true },
    "packages/ws": { "name": "ws", "version": "0.1.0", "dependencies": { "b": "^1" } }
  }
}"#,
    )
    .unwrap();
    let inv = vouch_extract::scan(dir.path(), &vouch_extract::ScanOptions::default());
    let graph: Vec<(String, Vec<String>)> = inv
        .dependencies()
        .iter()
        .map(|(from, tos)| {
            (
                from.to_string(),
                tos.iter().map(ToString::to_string).collect(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        graph,
        [
            ("pkg:npm/a@1.0.0".to_owned(), s(&["pkg:npm/b@2.0.0"])),
            ("pkg:npm/b@1.0.0".to_owned(), s(&[])),
            ("pkg:npm/b@2.0.0".to_owned(), s(&["pkg:npm/c@1.0.0"])),
            ("pkg:npm/c@1.0.0".to_owned(), s(&[])),
            ("pkg:npm/ws@0.1.0".to_owned(), s(&["pkg:npm/b@1.0.0"])),
        ]
    );
}

/// A v1 tree: `requires` resolve through the nested `dependencies` the way Node resolves them.
const V1_GRAPH: &str = r#"{
  "name": "app", "version": "1.0.0", "lockfileVersion": 1, "requires": true,
  "dependencies": {
    "a": {
      "version": "1.0.0",
      "requires": { "b": "^2", "c": "^1" },
      "dependencies": {
        "b": { "version": "2.0.0", "requires": { "c": "^1", "d": "^1" },
               "dependencies": { "d": { "version": "1.0.0" } } }
      }
    },
    "b": { "version": "1.0.0", "requires": { "c": "^1" } },
    "c": { "version": "1.0.0" },
    "d": { "version": "2.0.0", "dev": true },
    "t": { "version": "3.0.0", "dev": true, "requires": { "b": "^1" } }
  }
}"#;

fn edges_of(parsed: &Parsed) -> Vec<String> {
    parsed
        .dependencies
        .iter()
        .map(|(from, to)| format!("{from} -> {to}"))
        .collect()
}

fn relationships(parsed: &Parsed) -> Vec<(String, Option<Relationship>)> {
    let mut got: Vec<_> = parsed
        .components
        .iter()
        .map(|c| (c.purl.to_string(), c.scope.relationship))
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    got
}

#[test]
fn lockfile_v1_requires_resolve_through_the_nested_tree() {
    let parsed = parse(V1_GRAPH);
    let mut edges = edges_of(&parsed);
    edges.sort();
    assert_eq!(
        edges,
        [
            "pkg:npm/a@1.0.0 -> pkg:npm/b@2.0.0",
            "pkg:npm/a@1.0.0 -> pkg:npm/c@1.0.0",
            "pkg:npm/b@1.0.0 -> pkg:npm/c@1.0.0",
            "pkg:npm/b@2.0.0 -> pkg:npm/c@1.0.0",
            "pkg:npm/b@2.0.0 -> pkg:npm/d@1.0.0",
            "pkg:npm/t@3.0.0 -> pkg:npm/b@1.0.0",
        ]
    );
    // Without a package.json: the top-level packages nothing requires are direct.
    let (d, t) = (Some(Relationship::Direct), Some(Relationship::Transitive));
    let want = |b1, dd| {
        vec![
            ("pkg:npm/a@1.0.0".to_owned(), d),
            ("pkg:npm/b@1.0.0".to_owned(), b1),
            ("pkg:npm/b@2.0.0".to_owned(), t),
            ("pkg:npm/c@1.0.0".to_owned(), t),
            ("pkg:npm/d@1.0.0".to_owned(), t),
            ("pkg:npm/d@2.0.0".to_owned(), dd),
            ("pkg:npm/t@3.0.0".to_owned(), d),
        ]
    };
    assert_eq!(relationships(&parsed), want(t, d));
    assert!(parsed.included.is_empty());

    // With one, what it names (in any section) is direct, and the rest transitive.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("package-lock.json"), V1_GRAPH).unwrap();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"dependencies": {"a": "^1", "b": "^1"}, "devDependencies": {"t": "^3"}}"#,
    )
    .unwrap();
    let parsed = cataloger_named("npm-lock")
        .unwrap()
        .parse(
            &dir.path().join("package-lock.json"),
            Path::new("web/package-lock.json"),
        )
        .unwrap();
    assert_eq!(relationships(&parsed), want(d, t));
    assert_eq!(parsed.included, [Path::new("web/package.json")]);
    assert_eq!(parsed.dependencies.len(), 6);

    // A package.json that is not JSON is reported, and the lockfile still read.
    std::fs::write(dir.path().join("package.json"), "{ not json").unwrap();
    let parsed = cataloger_named("npm-lock")
        .unwrap()
        .parse(
            &dir.path().join("package-lock.json"),
            Path::new("package-lock.json"),
        )
        .unwrap();
    assert_eq!(parsed.components.len(), 7);
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    assert!(
        parsed.diagnostics[0]
            .message
            .starts_with("invalid package.json"),
        "{:?}",
        parsed.diagnostics[0]
    );
}

#[test]
fn fixtures_give_real_edges_in_every_lockfile_version() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("npm graph") else {
        return;
    };
    let dirs = [
        corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures/npm"),
        corpus.join("lockfiles/osv-scalibr/fixtures/language/javascript/packagelockjson/testdata"),
    ];
    let graphs = crate::javascript::graphs("npm-lock", &dirs);
    // The others name no dependency the same file locks (v2 `nested-dependencies-dup` lists
    // `has-flag` without its entry), as checked by reading them.
    let with_edges = [
        "fixtures/files.v1.json",
        "fixtures/nested-dependencies-dup.v1.json",
        "fixtures/nested-dependencies.v1.json",
        "fixtures/nested-dependencies.v2.json",
        "packagelockjson/bundled-dependencies.v3.json",
        "packagelockjson/files.v1.json",
        "packagelockjson/nested-dependencies-dup.v1.json",
        "packagelockjson/nested-dependencies.v1.json",
        "packagelockjson/nested-dependencies.v2.json",
    ];
    // v1: `requires` through the nested tree; v2 and v3: `packages` by install path.
    crate::javascript::assert_graph(
        &graphs,
        "fixtures/nested-dependencies.v1.json",
        "pkg:npm/postcss@6.0.23 -> pkg:npm/supports-color@5.5.0",
        &with_edges,
    );
    crate::javascript::assert_graph(
        &graphs,
        "fixtures/nested-dependencies.v2.json",
        "pkg:npm/postcss@6.0.23 -> pkg:npm/supports-color@5.5.0",
        &with_edges,
    );
    crate::javascript::assert_graph(
        &graphs,
        "packagelockjson/bundled-dependencies.v3.json",
        "pkg:npm/strip-ansi@7.1.2 -> pkg:npm/ansi-regex@6.2.2",
        &with_edges,
    );
    assert_eq!(graphs["fixtures/nested-dependencies-dup.v1.json"].len(), 30);
}
