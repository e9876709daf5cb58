//! The catalogers of Dart, Elixir, R, C/C++, Swift, CocoaPods and Haskell lockfiles: conformance with
//! osv-scanner's and osv-scalibr's expectations, file-name claims, and bad input.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::Path;

use vouch_extract::{Cataloger, ExtractError, Parsed, cataloger_for, cataloger_named};
use vouch_model::{Component, ComponentSource, DiagnosticCode};

use crate::conformance::{
    Compare, Expected, default_view, mutations, osv_scanner, run_all, scalibr,
};

fn cataloger(name: &str) -> &'static dyn Cataloger {
    cataloger_named(name).unwrap_or_else(|| panic!("no cataloger {name}"))
}

/// Writes `text` to a file named `name` in a temporary directory and parses it.
fn parse_text(cataloger_name: &str, name: &str, text: &[u8]) -> Result<Parsed, ExtractError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    fs_err::write(&file, text).unwrap();
    cataloger(cataloger_name).parse(&file, Path::new(name))
}

fn compare(cataloger: &str) -> Compare<'_> {
    Compare {
        cataloger,
        view: &default_view,
        groups: true,
        lines: true,
        transitive: true,
    }
}

#[test]
fn pubspec_lock_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("pubspec_lock_conforms") else {
        return;
    };
    let mut ran = run_all(
        &osv_scanner(&corpus, "parse-pubspec-lock.json"),
        &compare("pubspec-lock"),
        &[],
    );
    ran += run_all(
        &scalibr(&corpus, "language/dart/pubspec.json"),
        &compare("pubspec-lock"),
        &[],
    );
    eprintln!("pubspec.lock: {ran} cases");
    assert!(ran >= 18, "{ran}");
}

/// osv-scanner and osv-scalibr put a hex package's inner checksum in the `commit` field; vouch
/// keeps it as the component's first SHA-256 checksum. A representation, not a different answer.
fn mix_view(c: &Component) -> Expected {
    let mut e = default_view(c);
    if !matches!(c.source, ComponentSource::Git { .. })
        && let Some(checksum) = c.checksums.first()
    {
        e.commit = checksum.hex.clone();
    }
    e
}

#[test]
fn mix_lock_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("mix_lock_conforms") else {
        return;
    };
    let how = Compare {
        view: &mix_view,
        ..compare("mix-lock")
    };
    let mut ran = run_all(&osv_scanner(&corpus, "parse-mix-lock.json"), &how, &[]);
    ran += run_all(&scalibr(&corpus, "language/elixir/mixlock.json"), &how, &[]);
    ran += run_all(&scalibr(&corpus, "language/erlang/mixlock.json"), &how, &[]);
    eprintln!("mix.lock: {ran} cases");
    assert!(ran >= 13, "{ran}");
}

#[test]
fn renv_lock_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("renv_lock_conforms") else {
        return;
    };
    const BIOCONDUCTOR: &str = "a Bioconductor package is installed too: OSV has a Bioconductor \
         ecosystem, so vouch reports it there where the upstream tools drop it";
    const GITHUB: &str = "a package installed from GitHub at a recorded commit (`RemoteSha`) is \
         installed too: vouch reports it with its git source where the upstream tools drop it";
    let mut ran = run_all(
        &osv_scanner(&corpus, "parse-renv-lock.json"),
        &compare("renv-lock"),
        &[
            (
                "parse-renv-lock.json::TestParseRenvLock_WithBioconductor",
                BIOCONDUCTOR,
            ),
            (
                "parse-renv-lock.json::TestParseRenvLock_WithMixedSources",
                GITHUB,
            ),
        ],
    );
    ran += run_all(
        &scalibr(&corpus, "language/r/renvlock.json"),
        &compare("renv-lock"),
        &[
            ("language/r/renvlock.json::with bioconductor", BIOCONDUCTOR),
            ("language/r/renvlock.json::with mixed sources", GITHUB),
        ],
    );
    eprintln!("renv.lock: {ran} cases");
    assert!(ran >= 13, "{ran}");
}

#[test]
fn conan_lock_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("conan_lock_conforms") else {
        return;
    };
    let mut ran = 0;
    for file in [
        "parse-conan-lock-v1.json",
        "parse-conan-lock-v1-revisions.json",
        "parse-conan-lock-v2.json",
    ] {
        ran += run_all(&osv_scanner(&corpus, file), &compare("conan-lock"), &[]);
    }
    ran += run_all(
        &scalibr(&corpus, "language/cpp/conanlock.json"),
        &compare("conan-lock"),
        &[],
    );
    eprintln!("conan.lock: {ran} cases");
    assert!(ran >= 48, "{ran}");
}

/// osv-scalibr does not report the revision a Swift pin records; vouch keeps it in the git
/// source. Compared without it.
fn without_commit(c: &Component) -> Expected {
    Expected {
        commit: String::new(),
        ..default_view(c)
    }
}

#[test]
fn package_resolved_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("package_resolved_conforms") else {
        return;
    };
    let how = Compare {
        view: &without_commit,
        ..compare("swift-package-resolved")
    };
    let cases = scalibr(&corpus, "language/swift/packageresolved.json");
    let ran = run_all(&cases, &how, &[]);
    eprintln!("Package.resolved: {ran} cases");
    assert!(ran >= 1, "{ran}");
    // The fixtures the upstream table does not list: an empty file, not JSON, three pins.
    let dir = cases[0].fixture.parent().unwrap();
    let parse =
        |name: &str| cataloger("swift-package-resolved").parse(&dir.join(name), Path::new(name));
    assert!(parse("empty").unwrap().components.is_empty());
    assert!(matches!(
        parse("invalid"),
        Err(ExtractError::Malformed { .. })
    ));
    let names: Vec<_> = parse("cve-packages")
        .unwrap()
        .components
        .iter()
        .map(|c| c.purl.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "pkg:swift/github.com/apple/swift-crypto@3.0.0",
            "pkg:swift/github.com/apple/swift-nio@2.65.0",
            "pkg:swift/github.com/apple/swift-nio-http2@1.29.0",
        ]
    );
}

#[test]
fn podfile_lock_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("podfile_lock_conforms") else {
        return;
    };
    let ran = run_all(
        &scalibr(&corpus, "language/swift/podfilelock.json"),
        &compare("podfile-lock"),
        &[],
    );
    eprintln!("Podfile.lock: {ran} cases");
    assert_eq!(ran, 2);
}

#[test]
fn cabal_freeze_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("cabal_freeze_conforms") else {
        return;
    };
    const UNQUALIFIED: &str = "an unqualified constraint (`foo ==2.4.0.3`) pins the top-level \
         package as `any.foo` does; vouch reports it where osv-scalibr drops it";
    let ran = run_all(
        &scalibr(&corpus, "language/haskell/cabal.json"),
        &compare("cabal-freeze"),
        &[(
            "language/haskell/cabal.json::valid stack.yaml.lock file with package problems",
            UNQUALIFIED,
        )],
    );
    eprintln!("cabal.project.freeze: {ran} cases");
    assert!(ran >= 3, "{ran}");
}

#[test]
fn stack_yaml_lock_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("stack_yaml_lock_conforms") else {
        return;
    };
    let ran = run_all(
        &scalibr(&corpus, "language/haskell/stacklock.json"),
        &compare("stack-yaml-lock"),
        &[],
    );
    eprintln!("stack.yaml.lock: {ran} cases");
    assert!(ran >= 2, "{ran}");
}

#[test]
fn file_names_are_claimed() {
    for (file, name) in [
        ("app/pubspec.lock", "pubspec-lock"),
        ("mix.lock", "mix-lock"),
        ("r/renv.lock", "renv-lock"),
        ("conan.lock", "conan-lock"),
        ("cabal.project.freeze", "cabal-freeze"),
        ("stack.yaml.lock", "stack-yaml-lock"),
        (
            "App.xcworkspace/xcshareddata/swiftpm/Package.resolved",
            "swift-package-resolved",
        ),
        ("ios/Podfile.lock", "podfile-lock"),
    ] {
        assert_eq!(
            cataloger_for(Path::new(file)).map(|c| c.name()),
            Some(name),
            "{file}"
        );
    }
    for file in [
        "pubspec.yaml",
        "pubspec.lock.bak",
        "mix.exs",
        "cabal.project",
        "stack.yaml",
        "Podfile",
        "podfile.lock",
    ] {
        assert!(cataloger_for(Path::new(file)).is_none(), "{file}");
    }
}

#[test]
fn malformed_files_are_errors_naming_the_file() {
    for (cataloger_name, file, text) in [
        ("pubspec-lock", "pubspec.lock", "packages: [\n"),
        (
            "swift-package-resolved",
            "Package.resolved",
            "{\"pins\": {}}",
        ),
        ("stack-yaml-lock", "stack.yaml.lock", "packages: [\n"),
        ("conan-lock", "conan.lock", "{\"requires\": \"x\"}"),
        ("renv-lock", "renv.lock", "{\"Packages\": 1"),
        ("mix-lock", "mix.lock", "%{\n  \"a\": {:hex, :a\n"),
        ("podfile-lock", "Podfile.lock", "PODS:\n  - A (1.0)\n"),
    ] {
        let err = parse_text(cataloger_name, file, text.as_bytes()).unwrap_err();
        assert!(matches!(err, ExtractError::Malformed { .. }), "{err:?}");
        assert!(err.to_string().starts_with(&format!("{file}: ")), "{err}");
        assert!(!err.to_string().contains('\n'), "{err}");
        assert_eq!(err.to_diagnostic().code, DiagnosticCode::MalformedLockfile);
    }
}

/// Every cataloger here, with the file name it claims.
const CATALOGERS: [(&str, &str); 8] = [
    ("pubspec-lock", "pubspec.lock"),
    ("mix-lock", "mix.lock"),
    ("renv-lock", "renv.lock"),
    ("conan-lock", "conan.lock"),
    ("swift-package-resolved", "Package.resolved"),
    ("cabal-freeze", "cabal.project.freeze"),
    ("stack-yaml-lock", "stack.yaml.lock"),
    ("podfile-lock", "Podfile.lock"),
];

#[test]
fn missing_and_non_utf8_files_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (name, file) in CATALOGERS {
        match cataloger(name).parse(&dir.path().join(file), Path::new(file)) {
            Err(ExtractError::Io { path, source }) => {
                assert_eq!(path, Path::new(file));
                assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
            }
            other => panic!("{file}: {other:?}"),
        }
        match parse_text(name, file, b"packages:\n\xff\n") {
            Err(ExtractError::InvalidUtf8 { path, offset }) => {
                assert_eq!(path, Path::new(file));
                assert_eq!(offset, 10);
            }
            other => panic!("{file}: {other:?}"),
        }
    }
}

/// Mangled versions of real fixtures: whatever comes back, it is a value, not a panic.
#[test]
fn mangled_input_never_panics() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("more_ecosystems_mangled_input") else {
        return;
    };
    let osv = corpus.join("lockfiles/osv-scanner-v1.9.2/fixtures");
    let scalibr = corpus.join("lockfiles/osv-scalibr/fixtures/language");
    let seeds = [
        ("pubspec-lock", osv.join("pub/source-git.lock")),
        ("mix-lock", osv.join("mix/many.lock")),
        ("mix-lock", osv.join("mix/git.lock")),
        ("renv-lock", osv.join("renv/with-mixed-sources.lock")),
        ("conan-lock", osv.join("conan/nested-dependencies.v1.json")),
        ("conan-lock", osv.join("conan/old-format-0.0.json")),
        ("conan-lock", osv.join("conan/nested-dependencies.v2.json")),
        (
            "swift-package-resolved",
            scalibr.join("swift/packageresolved/testdata/valid"),
        ),
        (
            "cabal-freeze",
            scalibr.join("haskell/cabal/testdata/valid_2"),
        ),
        (
            "stack-yaml-lock",
            scalibr.join("haskell/stacklock/testdata/valid"),
        ),
        (
            "podfile-lock",
            scalibr.join("swift/podfilelock/testdata/valid"),
        ),
        (
            "podfile-lock",
            scalibr.join("swift/podfilelock/testdata/valid2"),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut runs = 0;
    for (name, seed) in seeds {
        let original = fs_err::read(&seed).unwrap();
        for bytes in mutations(
            &original,
            150,
            0x2545_F491_4F6C_DD1D_u64,
            b"\\#=[]{}%\"':-,@/\n \t",
        ) {
            let file = dir.path().join("input");
            std::fs::write(&file, &bytes).unwrap();
            if let Ok(parsed) = cataloger(name).parse(&file, Path::new("input")) {
                for c in &parsed.components {
                    assert_eq!(c.locations[0].path, Path::new("input"));
                }
            }
            runs += 1;
        }
    }
    assert_eq!(runs, 1800);
}

// ---------------------------------------------------------------------------------------------
// Snapshots of what a user gets.

#[test]
fn snapshot_pubspec_lock() {
    let parsed = parse_text(
        "pubspec-lock",
        "pubspec.lock",
        br#"# Generated by pub
packages:
  build_runner:
    dependency: "direct dev"
    description:
      name: build_runner
      sha256: "3ac61a79bfb6f6cc11f693591063a7f19a7af628dc52f141743edac5c16e8c22"
      url: "https://pub.dev"
    source: hosted
    version: "2.4.9"
  window_manager:
    dependency: "direct main"
    description:
      path: "."
      ref: "32b24be"
      resolved-ref: "32b24be5ef21e4fe9c2ba4a4d5d5a2ec4e5e4e1f"
      url: "https://github.com/rustdesk-org/window_manager"
    source: git
    version: "0.3.6"
  flutter:
    dependency: "direct main"
    description: flutter
    source: sdk
    version: "0.0.0"
sdks:
  dart: ">=3.3.0 <4.0.0"
"#,
    )
    .unwrap();
    assert!(parsed.diagnostics.is_empty());
    insta::assert_json_snapshot!("pubspec_lock_components", parsed.components);
}

#[test]
fn snapshot_mix_lock() {
    let parsed = parse_text(
        "mix-lock",
        "mix.lock",
        br#"%{
  "plug": {:hex, :plug, "1.11.1", "f2992bac66fdae679453c9e86134a4201f6f43a687d8ff1cd1b2862d53c80259", [:mix], [{:mime, "~> 1.0", [hex: :mime, repo: "hexpm", optional: false]}], "hexpm", "23524e4fefbb587c11f0833b3910bfb414bf2e2534d61928e920f54e3a1b881f"},
  "foo": {:git, "https://github.com/my-org/foo.git", "fc94cce7830fa4dc455024bc2a83720afe244531", [branch: "feat/my-improvement"]},
  "broken": {:hex, },
}
"#,
    )
    .unwrap();
    insta::assert_json_snapshot!("mix_lock_components", parsed.components);
    insta::assert_json_snapshot!("mix_lock_diagnostics", parsed.diagnostics);
}

#[test]
fn snapshot_conan_lock_v1() {
    let parsed = parse_text(
        "conan-lock",
        "conan.lock",
        br#"{
 "graph_lock": {
  "nodes": {
   "0": {"ref": "app/1.0", "path": "conanfile.py", "requires": ["1"], "build_requires": ["3"]},
   "1": {"ref": "libpng/1.6.39#a1b2", "requires": ["2"], "context": "host"},
   "2": {"ref": "zlib/1.2.13", "context": "host"},
   "3": {"ref": "cmake/3.27.0", "context": "build"}
  },
  "revisions_enabled": true
 },
 "version": "0.4"
}
"#,
    )
    .unwrap();
    assert!(parsed.diagnostics.is_empty());
    insta::assert_json_snapshot!("conan_lock_v1_components", parsed.components);
}

#[test]
fn snapshot_podfile_lock() {
    let parsed = parse_text(
        "podfile-lock",
        "Podfile.lock",
        br#"PODS:
  - Firebase/Core (8.0.0):
    - Firebase/CoreOnly
    - FirebaseAnalytics (= 8.0.0)
  - Firebase/CoreOnly (8.0.0)
  - FirebaseAnalytics (8.0.0)
  - MyFork (2.0.0):
    - FirebaseAnalytics (~> 8.0)

DEPENDENCIES:
  - Firebase/Core
  - MyFork (from `https://github.com/me/MyFork.git`, branch `main`)

SPEC REPOS:
  trunk:
    - Firebase
    - FirebaseAnalytics

EXTERNAL SOURCES:
  MyFork:
    :branch: main
    :git: https://github.com/me/MyFork.git

CHECKOUT OPTIONS:
  MyFork:
    :commit: 0123456789abcdef0123456789abcdef01234567
    :git: https://github.com/me/MyFork.git

SPEC CHECKSUMS:
  Firebase: 7a8fc1a691173d21dbddbf86cd515de6efa55086
  FirebaseAnalytics: 4ea1197a744f2fb5fb875fe31caf17ded4762e8f

PODFILE CHECKSUM: 07aa55f54421f6e6d3a920c11716a89fc9243d1b

COCOAPODS: 1.11.2
"#,
    )
    .unwrap();
    assert!(parsed.diagnostics.is_empty());
    insta::assert_json_snapshot!("podfile_lock_components", parsed.components);
    insta::assert_json_snapshot!("podfile_lock_dependencies", parsed.dependencies);
}
