//! The JavaScript catalogers beyond npm (yarn.lock, pnpm-lock.yaml, bun.lock): conformance with
//! osv-scanner's and osv-scalibr's expectations, the file names they claim, and bad input.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::Path;

use vouch_extract::{ExtractError, Parsed, cataloger_named};
use vouch_model::Relationship;

use crate::conformance::{Compare, default_view, mutations, osv_scanner, run_all, scalibr};

/// Writes `bytes` as `file` in a fresh directory and parses it with `cataloger`.
fn parse_as(cataloger: &str, file: &str, bytes: &[u8]) -> Result<Parsed, ExtractError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    std::fs::write(&path, bytes).unwrap();
    cataloger_named(cataloger)
        .unwrap()
        .parse(&path, Path::new(file))
}

/// Checks `cataloger` claims exactly the paths osv-scanner's `extractor` claims.
fn claims_like_osv_scanner(corpus: &Path, cataloger: &str, extractor: &str) {
    let path = corpus.join("lockfiles/osv-scanner-v1.9.2/expected/filename-detection.json");
    let doc: serde_json::Value =
        serde_json::from_str(&fs_err::read_to_string(path).unwrap()).unwrap();
    let cases = doc["extractors"][extractor].as_array().unwrap();
    assert!(!cases.is_empty());
    let c = cataloger_named(cataloger).unwrap();
    for case in cases {
        let p = case["path"].as_str().unwrap();
        let want = case["should_extract"].as_bool().unwrap();
        assert_eq!(c.claims(Path::new(p)), want, "{cataloger}: {p}");
    }
}

/// Case ids that the root workspace (`name@workspace:.`) separates: osv-scanner lists the
/// project itself as a package, osv-scalibr (newer, and what vouch follows) leaves it out, since
/// the delivery is not a third-party component of itself.
const YARN_DEVIATIONS: &[(&str, &str)] = &[
    (
        "parse-yarn-lock-v2.json::TestParseYarnLock_v2_WithPrerelease",
        "the root workspace `eslint-plugin-jest@workspace:.` is the project, not a component (as osv-scalibr)",
    ),
    (
        "parse-yarn-lock-v2.json::TestParseYarnLock_v2_WithAliases",
        "the root workspace `mine@workspace:.` is the project, not a component (as osv-scalibr)",
    ),
    (
        "parse-yarn-lock-v2.json::TestParseYarnLock_v2_WithBuildString",
        "the root workspace `zone.js@workspace:.` is the project, not a component (as osv-scalibr)",
    ),
];

#[test]
fn yarn_conformance_with_osv_scanner_and_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("yarn conformance") else {
        return;
    };
    let how = Compare {
        cataloger: "yarn-lock",
        view: &default_view,
        groups: true,
        lines: true,
        transitive: true,
    };
    let mut ran = run_all(
        &osv_scanner(&corpus, "parse-yarn-lock-v1.json"),
        &how,
        YARN_DEVIATIONS,
    );
    ran += run_all(
        &osv_scanner(&corpus, "parse-yarn-lock-v2.json"),
        &how,
        YARN_DEVIATIONS,
    );
    ran += run_all(
        &scalibr(&corpus, "language/javascript/yarnlock.json"),
        &how,
        &[],
    );
    eprintln!("yarn-lock: {ran} conformance cases ran");
    assert!(ran >= 45, "only {ran} cases ran");
}

#[test]
fn yarn_claims_the_names_osv_scanner_claims() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("yarn filename detection") else {
        return;
    };
    claims_like_osv_scanner(&corpus, "yarn-lock", "YarnLockExtractor");
    assert_eq!(
        vouch_extract::cataloger_for(Path::new("web/yarn.lock")).map(|c| c.name()),
        Some("yarn-lock")
    );
}

#[test]
fn yarn_bad_input_is_an_error_naming_the_file() {
    for bytes in [
        &b"not a yarn lockfile\n"[..],
        b"  version \"1.0.0\"\n",
        b"__metadata:\n  version: [\n",
        b"__metadata:\n  version: 8\n- a list\n",
        b"\xff\xfe",
    ] {
        let err = parse_as("yarn-lock", "yarn.lock", bytes).unwrap_err();
        assert!(err.to_string().starts_with("yarn.lock"), "{err}");
    }
}

/// Random mutations of real lockfiles never panic (each parse returns `Ok` or `Err`).
fn never_panics(cataloger: &str, file: &str, seeds: &[std::path::PathBuf]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let mut runs = 0;
    for seed in seeds {
        let original = fs_err::read(seed).unwrap();
        for bytes in mutations(
            &original,
            100,
            0x9E37_79B9_7F4A_7C15_u64,
            b"\"'@:#,{}[]()/ \n-",
        ) {
            let path = dir.path().join(file);
            std::fs::write(&path, &bytes).unwrap();
            let _ = cataloger_named(cataloger)
                .unwrap()
                .parse(&path, Path::new(file));
            runs += 1;
        }
    }
    runs
}

#[test]
fn yarn_mutated_lockfiles_never_panic() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("yarn mutations") else {
        return;
    };
    let dir = corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures/yarn");
    let seeds = [
        dir.join("commits.v1.lock"),
        dir.join("commits.v2.lock"),
        dir.join("with-aliases.v2.lock"),
    ];
    assert_eq!(never_panics("yarn-lock", "yarn.lock", &seeds), 300);
}

/// One malformed dependency path (`invalidpath`) fails the whole file in osv-scanner and
/// osv-scalibr; vouch skips that entry with a diagnostic and keeps the rest, as it does for
/// every format.
const PNPM_DEVIATIONS: &[(&str, &str)] = &[
    (
        "parse-pnpm-lock.json::TestParsePnpmLock_InvalidPackagePath",
        "one bad dependency path is skipped with a diagnostic, not an error for the file",
    ),
    (
        "language/javascript/pnpmlock.json::invalid dep path",
        "one bad dependency path is skipped with a diagnostic, not an error for the file",
    ),
    (
        "language/javascript/pnpmlock.json::invalid dep paths (first error)",
        "one bad dependency path is skipped with a diagnostic, not an error for the file",
    ),
    (
        "language/javascript/pnpmlock.json::invalid dep paths (second error)",
        "one bad dependency path is skipped with a diagnostic, not an error for the file",
    ),
];

#[test]
fn pnpm_conformance_with_osv_scanner_and_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pnpm conformance") else {
        return;
    };
    let how = Compare {
        cataloger: "pnpm-lock",
        view: &default_view,
        groups: true,
        lines: true,
        transitive: true,
    };
    let mut ran = run_all(
        &osv_scanner(&corpus, "parse-pnpm-lock.json"),
        &how,
        PNPM_DEVIATIONS,
    );
    ran += run_all(
        &osv_scanner(&corpus, "parse-pnpm-lock-v9.json"),
        &how,
        PNPM_DEVIATIONS,
    );
    ran += run_all(
        &scalibr(&corpus, "language/javascript/pnpmlock.json"),
        &how,
        PNPM_DEVIATIONS,
    );
    eprintln!("pnpm-lock: {ran} conformance cases ran");
    assert!(ran >= 55, "only {ran} cases ran");
}

#[test]
fn pnpm_claims_the_names_osv_scanner_claims() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pnpm filename detection") else {
        return;
    };
    claims_like_osv_scanner(&corpus, "pnpm-lock", "PnpmLockExtractor");
    assert_eq!(
        vouch_extract::cataloger_for(Path::new("web/pnpm-lock.yaml")).map(|c| c.name()),
        Some("pnpm-lock")
    );
}

#[test]
fn pnpm_bad_input_is_an_error_naming_the_file() {
    for bytes in [
        &b"this is not valid yaml!\n"[..],
        b"lockfileVersion: '6.0'\npackages: [\n",
        b"lockfileVersion: '12.0'\n",
        b"packages: 3\n",
        b"\xff\xfe",
    ] {
        let err = parse_as("pnpm-lock", "pnpm-lock.yaml", bytes).unwrap_err();
        assert!(err.to_string().starts_with("pnpm-lock.yaml"), "{err}");
    }
    let parsed = parse_as(
        "pnpm-lock",
        "pnpm-lock.yaml",
        b"lockfileVersion: 5.4\npackages:\n  invalidpath: {}\n  /ok/1.0.0: {}\n",
    )
    .unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(
        parsed.diagnostics[0].code,
        vouch_model::DiagnosticCode::InvalidPackage
    );
}

#[test]
fn pnpm_mutated_lockfiles_never_panic() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pnpm mutations") else {
        return;
    };
    let dir = corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures/pnpm");
    let seeds = [
        dir.join("commits.yaml"),
        dir.join("peer-dependencies-advanced.v9.yaml"),
        dir.join("files.yaml"),
    ];
    assert_eq!(never_panics("pnpm-lock", "pnpm-lock.yaml", &seeds), 300);
}

/// osv-scalibr fails the whole file on one bad `packages` tuple; vouch skips that package
/// with a diagnostic and keeps the rest.
const BUN_DEVIATIONS: &[(&str, &str)] = &[
    (
        "language/javascript/bunlock.json::one package with bad tuple (first error)",
        "one bad tuple is skipped with a diagnostic, not an error for the file",
    ),
    (
        "language/javascript/bunlock.json::one package with bad tuple (second error)",
        "one bad tuple is skipped with a diagnostic, not an error for the file",
    ),
];

#[test]
fn bun_conformance_with_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("bun conformance") else {
        return;
    };
    let how = Compare {
        cataloger: "bun-lock",
        view: &default_view,
        groups: true,
        lines: true,
        transitive: true,
    };
    let cases = scalibr(&corpus, "language/javascript/bunlock.json");
    let ran = run_all(&cases, &how, BUN_DEVIATIONS);
    eprintln!("bun-lock: {ran} conformance cases ran");
    assert!(ran >= 20, "only {ran} cases ran");
}

#[test]
fn bun_claims_bun_lock_but_not_the_binary_lockb() {
    let c = cataloger_named("bun-lock").unwrap();
    assert!(c.claims(Path::new("bun.lock")));
    assert!(c.claims(Path::new("web/app/bun.lock")));
    assert!(!c.claims(Path::new("bun.lockb")));
    assert!(!c.claims(Path::new("bun.lock.bak")));
    assert_eq!(
        vouch_extract::cataloger_for(Path::new("web/bun.lock")).map(|c| c.name()),
        Some("bun-lock")
    );
    assert!(vouch_extract::cataloger_for(Path::new("web/bun.lockb")).is_none());
}

#[test]
fn bun_bad_input_is_an_error_naming_the_file() {
    for bytes in [
        &b"this is not json!"[..],
        b"",
        b"[]",
        b"{\"packages\": [1]}",
        b"{\"lockfileVersion\": 9}",
        b"{\"packages\": {\"a\": [\"a@1.0.0\"]",
        b"\xff\xfe",
    ] {
        let err = parse_as("bun-lock", "bun.lock", bytes).unwrap_err();
        assert!(err.to_string().starts_with("bun.lock"), "{err}");
    }
}

#[test]
fn bun_mutated_lockfiles_never_panic() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("bun mutations") else {
        return;
    };
    let dir = corpus.join("lockfiles/osv-scalibr/fixtures/language/javascript/bunlock/testdata");
    let seeds = [
        dir.join("commits.json5"),
        dir.join("nested-dependencies.json5"),
        dir.join("alias.json5"),
    ];
    assert_eq!(never_panics("bun-lock", "bun.lock", &seeds), 300);
}

// ---------------------------------------------------------------------------------------------
// Snapshots of what a user gets.

#[test]
fn snapshot_yarn_lock_classic_and_berry() {
    let classic = parse_as(
        "yarn-lock",
        "yarn.lock",
        br#"# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
  version "7.12.13"
  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.12.13.tgz#dcfc826beef65e75c50e21d3837d7d95798dd658"
  integrity sha512-HV1Cm0Q3ZrpCR93tkWOYiuYIgLxZXZFVG2VgK+MBWjUqZTundupbfx2aXarXuw5Ko5aMcjtJgbSs4vUGBS5v6g==
  dependencies:
    "@babel/highlight" "^7.12.13"

"mine@git+ssh://git@github.com:G-Rath/npm-git-repo-2#0a2d2506c1":
  version "1.0.0-alpha.37"
  resolved "git+ssh://git@github.com:G-Rath/npm-git-repo-2#0a2d2506c1fe299691fc5db53a2097db3bd615bc"
"#,
    )
    .unwrap();
    assert!(classic.diagnostics.is_empty());
    insta::assert_json_snapshot!("yarn_lock_classic_components", classic.components);
    let berry = parse_as(
        "yarn-lock",
        "yarn.lock",
        br#"__metadata:
  version: 8
  cacheKey: 10c0

"ansi-regex-cjs@npm:ansi-regex@^5.0.0":
  version: 5.0.1
  resolution: "ansi-regex@npm:5.0.1"
  checksum: 10c0/9a64bb8627b434ba9327b60c027742e5d17ac69277960d041898596271d992d4d52ba7267a63ca10232e29f6107fc8a835f6ce8d719b88c5f8493f8254813737
  languageName: node
  linkType: hard

"mine@workspace:.":
  version: 0.0.0-use.local
  resolution: "mine@workspace:."
  dependencies:
    ansi-regex-cjs: "npm:ansi-regex@^5.0.0"
  languageName: unknown
  linkType: soft
"#,
    )
    .unwrap();
    assert!(berry.diagnostics.is_empty());
    insta::assert_json_snapshot!("yarn_lock_berry_components", berry.components);
}

#[test]
fn snapshot_pnpm_lock_v9() {
    let parsed = parse_as(
        "pnpm-lock",
        "pnpm-lock.yaml",
        br#"lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      ansi-regex:
        specifier: ^5.0.0
        version: 5.0.1
    devDependencies:
      is-number:
        specifier: github:jonschlinkert/is-number#98e8ff1
        version: https://codeload.github.com/jonschlinkert/is-number/tar.gz/98e8ff1da1a89f93d1397a24d7413ed15421c139

packages:

  ansi-regex@5.0.1:
    resolution: {integrity: sha512-quJQXlTSUGL2LH9SUXo8VwsY4soanhgo6LNSm84E1LBcE8s3O0wpdiRzyR9z/ZZJMlMWv37qOOb9pdJlMUEKFQ==}
    engines: {node: '>=8'}

  is-number@https://codeload.github.com/jonschlinkert/is-number/tar.gz/98e8ff1da1a89f93d1397a24d7413ed15421c139:
    resolution: {tarball: https://codeload.github.com/jonschlinkert/is-number/tar.gz/98e8ff1da1a89f93d1397a24d7413ed15421c139}
    version: 7.0.0

snapshots:

  ansi-regex@5.0.1: {}

  is-number@https://codeload.github.com/jonschlinkert/is-number/tar.gz/98e8ff1da1a89f93d1397a24d7413ed15421c139: {}
"#,
    )
    .unwrap();
    assert!(parsed.diagnostics.is_empty());
    insta::assert_json_snapshot!("pnpm_lock_v9_components", parsed.components);
}

#[test]
fn snapshot_bun_lock() {
    let parsed = parse_as(
        "bun-lock",
        "bun.lock",
        br#"{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": {
        "wrappy": "^1.0.0",
      },
      "devDependencies": {
        "raven-js": "github:getsentry/raven-js#91ef2d4",
      },
    },
  },
  "packages": {
    // registry packages: [ident, registry, info, integrity]
    "wrappy": ["wrappy@1.0.2", "", {}, "sha512-l4Sp/DRseor9wL6EvV2+TuQn63dMkPjZ/sp9XkghTEbV9KlPS1xUsZ3u7/IQO4wxtcFB4bgpQPRcR3QCvezPcQ=="],

    "raven-js": ["raven-js@github:getsentry/raven-js#91ef2d4", {}, "getsentry-sentry-javascript-91ef2d4"],
  },
}
"#,
    )
    .unwrap();
    assert!(parsed.diagnostics.is_empty());
    insta::assert_json_snapshot!("bun_lock_components", parsed.components);
}

// ---------------------------------------------------------------------------------------------
// The dependency graph over the real fixtures.

/// Parses every fixture in `dir` (named as `file` would be) with `cataloger`, checks that every
/// edge joins two components of that file, and returns each parsed fixture's edges as
/// `from -> to` purls, by fixture file name. Fixtures that fail to parse are left out.
pub(crate) fn graphs(
    cataloger: &str,
    dirs: &[std::path::PathBuf],
) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut out = std::collections::BTreeMap::new();
    for dir in dirs {
        let mut files: Vec<_> = fs_err::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            let Ok(parsed) = cataloger_named(cataloger).unwrap().parse(&file, &file) else {
                continue;
            };
            let purls: std::collections::HashSet<_> =
                parsed.components.iter().map(|c| &c.purl).collect();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            for (from, to) in &parsed.dependencies {
                assert!(purls.contains(from), "{name}: {from} is no component");
                assert!(purls.contains(to), "{name}: {to} is no component");
                assert_ne!(from, to, "{name}: a self edge");
            }
            let edges = parsed
                .dependencies
                .iter()
                .map(|(from, to)| format!("{from} -> {to}"))
                .collect();
            let key = format!(
                "{}/{name}",
                dir.parent().unwrap().file_name().unwrap().to_string_lossy()
            );
            out.insert(key, edges);
        }
    }
    out
}

/// Asserts `edge` is among those of `fixture`, and that exactly the fixtures `with_edges` have
/// edges: in the others no dependency names a package the same file locks (the upstream
/// fixtures are trimmed to a few entries), as checked by reading them.
pub(crate) fn assert_graph(
    graphs: &std::collections::BTreeMap<String, Vec<String>>,
    fixture: &str,
    edge: &str,
    with_edges: &[&str],
) {
    let edges = graphs
        .get(fixture)
        .unwrap_or_else(|| panic!("{fixture} not parsed"));
    assert!(edges.iter().any(|e| e == edge), "{fixture}: {edges:#?}");
    let got: Vec<&str> = graphs
        .iter()
        .filter(|(_, edges)| !edges.is_empty())
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(got, with_edges);
}

#[test]
fn yarn_fixtures_give_real_edges() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("yarn graph") else {
        return;
    };
    let dirs = [
        corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures/yarn"),
        corpus.join("lockfiles/osv-scalibr/fixtures/language/javascript/yarnlock/testdata"),
    ];
    let graphs = graphs("yarn-lock", &dirs);
    let with_edges = [
        "fixtures/files.v1.lock",
        "yarnlock/exclude-root.v2.lock",
        "yarnlock/files.v1.lock",
    ];
    assert_graph(
        &graphs,
        "fixtures/files.v1.lock",
        "pkg:npm/other_package@0.0.2 -> pkg:npm/lodash@1.3.1",
        &with_edges,
    );
    assert_graph(
        &graphs,
        "yarnlock/exclude-root.v2.lock",
        "pkg:npm/%40ws/ansi-regex@0.0.0-use.local -> pkg:npm/ansi-regex@6.1.0",
        &with_edges,
    );
    // Berry's root workspace names the direct dependencies.
    let aliases = cataloger_named("yarn-lock")
        .unwrap()
        .parse(
            &dirs[0].join("with-aliases.v2.lock"),
            Path::new("yarn.lock"),
        )
        .unwrap();
    assert_eq!(aliases.components.len(), 3);
    for c in &aliases.components {
        assert_eq!(
            c.scope.relationship,
            Some(Relationship::Direct),
            "{}",
            c.purl
        );
    }
}

#[test]
fn pnpm_fixtures_give_real_edges() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pnpm graph") else {
        return;
    };
    let dirs = [
        corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures/pnpm"),
        corpus.join("lockfiles/osv-scalibr/fixtures/language/javascript/pnpmlock/testdata"),
    ];
    let graphs = graphs("pnpm-lock", &dirs);
    let with_edges = [
        "fixtures/commits.yaml",
        "fixtures/invalid-package-path.yaml",
        "fixtures/multiple-packages.yaml",
        "fixtures/peer-dependencies-advanced.v9.yaml",
        "fixtures/peer-dependencies-advanced.yaml",
        "fixtures/peer-dependencies.v9.yaml",
        "fixtures/peer-dependencies.yaml",
        "pnpmlock/commits.yaml",
        "pnpmlock/multiple-packages.yaml",
        "pnpmlock/peer-dependencies-advanced-rc-v6.yaml",
        "pnpmlock/peer-dependencies-advanced-v6.yaml",
        "pnpmlock/peer-dependencies-advanced.v9.yaml",
        "pnpmlock/peer-dependencies-advanced.yaml",
        "pnpmlock/peer-dependencies-v6.yaml",
        "pnpmlock/peer-dependencies.v9.yaml",
        "pnpmlock/peer-dependencies.yaml",
    ];
    // 5.x: a peer-suffixed reference (`5.13.0_eslint@8.10.0+typescript@4.6.2`) to its package.
    assert_graph(
        &graphs,
        "fixtures/peer-dependencies-advanced.yaml",
        "pkg:npm/%40typescript-eslint/eslint-plugin@5.13.0 -> pkg:npm/%40typescript-eslint/parser@5.13.0",
        &with_edges,
    );
    // 6.x and 9.x (from `snapshots`, peers in parentheses).
    assert_graph(
        &graphs,
        "pnpmlock/peer-dependencies-advanced-v6.yaml",
        "pkg:npm/loose-envify@1.4.0 -> pkg:npm/js-tokens@4.0.0",
        &with_edges,
    );
    assert_graph(
        &graphs,
        "fixtures/peer-dependencies-advanced.v9.yaml",
        "pkg:npm/%40typescript-eslint/eslint-plugin@5.62.0 -> pkg:npm/%40typescript-eslint/parser@5.62.0",
        &with_edges,
    );
    assert_eq!(
        graphs["fixtures/peer-dependencies-advanced.v9.yaml"].len(),
        30
    );
}

#[test]
fn bun_fixtures_give_real_edges() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("bun graph") else {
        return;
    };
    let dirs = [corpus.join("lockfiles/osv-scalibr/fixtures/language/javascript/bunlock/testdata")];
    let graphs = graphs("bun-lock", &dirs);
    // Peer dependencies are no edges, and the other fixtures name none.
    let with_edges = [
        "bunlock/alias.json5",
        "bunlock/commits.json5",
        "bunlock/nested-dependencies-dup.json5",
        "bunlock/nested-dependencies.json5",
        "bunlock/optional-package.json5",
        "bunlock/same-package-different-groups.json5",
        "bunlock/scoped-packages-mixed.json5",
    ];
    // `chalk/supports-color` shadows the top-level `supports-color` for chalk, and
    // `chalk/supports-color/has-flag` the others for it.
    assert_graph(
        &graphs,
        "bunlock/nested-dependencies.json5",
        "pkg:npm/chalk@4.1.2 -> pkg:npm/supports-color@7.2.0",
        &with_edges,
    );
    let nested = &graphs["bunlock/nested-dependencies.json5"];
    assert!(nested.contains(&"pkg:npm/supports-color@7.2.0 -> pkg:npm/has-flag@4.0.0".to_owned()));
    assert!(nested.contains(&"pkg:npm/supports-color@5.5.0 -> pkg:npm/has-flag@3.0.0".to_owned()));
    assert_eq!(nested.len(), 6, "{nested:#?}");
}

/// Classic yarn.lock records no project: the package.json beside it (and its workspaces') says
/// which packages are direct and which only development builds need; each one read is reported
/// as scanned with the lockfile.
#[test]
fn yarn_classic_reads_the_package_json_beside_it_and_its_workspaces() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("packages/web")).unwrap();
    std::fs::write(
        root.join("yarn.lock"),
        r#"# yarn lockfile v1


a@^1.0.0:
  version "1.0.0"
  dependencies:
    b "^2.0.0"

b@^2.0.0:
  version "2.0.0"

jest@^29.0.0:
  version "29.0.0"
  dependencies:
    b "^2.0.0"

react@^18.0.0:
  version "18.2.0"
"#,
    )
    .unwrap();
    std::fs::write(
        root.join("package.json"),
        r#"{"name": "app", "private": true, "workspaces": ["packages/*"],
            "dependencies": {"a": "^1.0.0"}, "devDependencies": {"jest": "^29.0.0"}}"#,
    )
    .unwrap();
    std::fs::write(
        root.join("packages/web/package.json"),
        r#"{"name": "web", "dependencies": {"react": "^18.0.0", "app": "1.0.0"}}"#,
    )
    .unwrap();
    let parsed = cataloger_named("yarn-lock")
        .unwrap()
        .parse(&root.join("yarn.lock"), Path::new("site/yarn.lock"))
        .unwrap();
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(
        parsed.included,
        [
            Path::new("site/package.json"),
            Path::new("site/packages/web/package.json")
        ]
    );
    let got: Vec<_> = parsed
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.scope.relationship, c.scope.dev))
        .collect();
    let (d, t) = (Some(Relationship::Direct), Some(Relationship::Transitive));
    assert_eq!(
        got,
        [
            ("a", d, Some(false)),
            ("b", t, Some(false)),
            ("jest", d, Some(true)),
            ("react", d, Some(false)),
        ]
    );
    let edges: Vec<String> = parsed
        .dependencies
        .iter()
        .map(|(from, to)| format!("{from} -> {to}"))
        .collect();
    assert_eq!(
        edges,
        [
            "pkg:npm/a@1.0.0 -> pkg:npm/b@2.0.0",
            "pkg:npm/jest@29.0.0 -> pkg:npm/b@2.0.0"
        ]
    );

    // A package.json that is not JSON is reported; the lockfile is still read.
    std::fs::write(root.join("package.json"), "{").unwrap();
    let parsed = cataloger_named("yarn-lock")
        .unwrap()
        .parse(&root.join("yarn.lock"), Path::new("yarn.lock"))
        .unwrap();
    assert_eq!(parsed.components.len(), 4);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.components[0].scope.relationship, None);
}

/// A monorepo-sized pnpm lockfile (30,000 packages, ~6 YAML nodes each) is read whole: the YAML
/// budget grows with the file instead of refusing it as malformed.
#[test]
fn pnpm_lockfiles_of_tens_of_thousands_of_packages_are_read() {
    let n = 30_000;
    let mut text = String::from(
        "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      pkg-0:\n        specifier: ^1.0.0\n        version: 1.0.0\n\npackages:\n\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "  pkg-{i}@1.0.0:\n    resolution: {{integrity: sha512-AAAA}}\n\n"
        ));
    }
    text.push_str("snapshots:\n\n");
    for i in 0..n {
        text.push_str(&format!("  pkg-{i}@1.0.0:\n"));
        if i + 1 < n {
            text.push_str(&format!("    dependencies:\n      pkg-{}: 1.0.0\n", i + 1));
        }
        text.push('\n');
    }
    let parsed = parse_as("pnpm-lock", "pnpm-lock.yaml", text.as_bytes()).unwrap();
    assert_eq!(parsed.components.len(), n);
    assert_eq!(parsed.dependencies.len(), n - 1);
}
