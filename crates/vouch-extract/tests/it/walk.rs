//! The walk: which files it finds and skips, what a broken file becomes, and that its output
//! does not depend on thread timing. Every tree is built by the test in a temporary directory.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::{Path, PathBuf};

use vouch_extract::{ScanOptions, scan};
use vouch_model::{DiagnosticCode, Inventory};

const CARGO_LOCK: &str = r#"version = 3

[[package]]
name = "NAME"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

const PACKAGE_LOCK: &str = r#"{"lockfileVersion": 3, "packages": {
  "": {"dependencies": {"NAME": "^1"}},
  "node_modules/NAME": {"version": "1.0.0"}
}}"#;

/// A tree of files: `(relative path, contents)`.
fn tree(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn cargo(name: &str) -> String {
    CARGO_LOCK.replace("NAME", name)
}

fn npm(name: &str) -> String {
    PACKAGE_LOCK.replace("NAME", name)
}

/// `(ecosystem, name)` of every component.
fn names(inventory: &Inventory) -> Vec<String> {
    inventory
        .components()
        .iter()
        .map(|c| format!("{}:{}", c.ecosystem, c.name))
        .collect()
}

fn scanned(inventory: &Inventory) -> Vec<&Path> {
    inventory
        .scanned_files
        .iter()
        .map(PathBuf::as_path)
        .collect()
}

#[test]
fn finds_lockfiles_in_nested_directories_and_names_them_relative_to_the_root() {
    let dir = tree(&[
        ("Cargo.lock", cargo("top")),
        ("a/b/c/Cargo.lock", cargo("deep")),
        ("web/package-lock.json", npm("left-pad")),
        ("web/README.md", "not a lockfile".into()),
    ]);
    let inventory = scan(dir.path(), &ScanOptions::default());
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
    assert_eq!(
        names(&inventory),
        vec!["crates.io:deep", "crates.io:top", "npm:left-pad"]
    );
    assert_eq!(
        scanned(&inventory),
        vec![
            Path::new("Cargo.lock"),
            Path::new("a/b/c/Cargo.lock"),
            Path::new("web/package-lock.json")
        ]
    );
    let deep = &inventory.components()[0];
    assert_eq!(deep.locations[0].path, Path::new("a/b/c/Cargo.lock"));
    assert_eq!(deep.locations[0].line, Some(4));
}

#[test]
fn gitignore_files_do_not_hide_lockfiles() {
    let dir = tree(&[
        (".gitignore", "Cargo.lock\n*.json\n".into()),
        ("Cargo.lock", cargo("ignored-by-git")),
        (".hidden/package-lock.json", npm("in-hidden-dir")),
    ]);
    let inventory = scan(dir.path(), &ScanOptions::default());
    assert_eq!(
        names(&inventory),
        vec!["crates.io:ignored-by-git", "npm:in-hidden-dir"]
    );
}

#[test]
fn skips_git_directories() {
    let dir = tree(&[
        ("Cargo.lock", cargo("kept")),
        (".git/Cargo.lock", cargo("in-git-dir")),
        ("sub/.git/modules/Cargo.lock", cargo("in-submodule-git-dir")),
    ]);
    let inventory = scan(dir.path(), &ScanOptions::default());
    assert_eq!(names(&inventory), vec!["crates.io:kept"]);
}

#[test]
fn skips_node_modules_only_beside_a_javascript_lockfile() {
    let dir = tree(&[
        ("app/package-lock.json", npm("covered")),
        (
            "app/node_modules/dep/npm-shrinkwrap.json",
            npm("under-lockfile"),
        ),
        ("shrink/npm-shrinkwrap.json", npm("shrunk")),
        (
            "shrink/node_modules/dep/npm-shrinkwrap.json",
            npm("under-shrinkwrap"),
        ),
        (
            "bare/node_modules/dep/npm-shrinkwrap.json",
            npm("no-lockfile-above"),
        ),
        ("bare/node_modules/dep/Cargo.lock", cargo("vendored-crate")),
        // yarn, pnpm and bun lockfiles cover their node_modules too.
        ("yarn/yarn.lock", "# yarn lockfile v1\n".to_owned()),
        (
            "yarn/node_modules/dep/npm-shrinkwrap.json",
            npm("under-yarn"),
        ),
        ("pnpm/pnpm-lock.yaml", "lockfileVersion: '9.0'\n".to_owned()),
        (
            "pnpm/node_modules/dep/npm-shrinkwrap.json",
            npm("under-pnpm"),
        ),
        ("bun/bun.lock", "{\"lockfileVersion\": 1}".to_owned()),
        ("bun/node_modules/dep/npm-shrinkwrap.json", npm("under-bun")),
        // The binary bun.lockb is not read, so it covers nothing.
        ("lockb/bun.lockb", String::new()),
        (
            "lockb/node_modules/dep/npm-shrinkwrap.json",
            npm("under-lockb"),
        ),
    ]);
    let inventory = scan(dir.path(), &ScanOptions::default());
    assert_eq!(
        names(&inventory),
        vec![
            "crates.io:vendored-crate",
            "npm:covered",
            "npm:no-lockfile-above",
            "npm:shrunk",
            "npm:under-lockb"
        ]
    );
}

#[test]
fn honours_exclude_globs() {
    let dir = tree(&[
        ("Cargo.lock", cargo("kept")),
        ("vendor/x/Cargo.lock", cargo("vendored")),
        ("sub/vendor/Cargo.lock", cargo("nested-vendor")),
        ("fixtures/Cargo.lock", cargo("fixture")),
        ("sub/fixtures/Cargo.lock", cargo("nested-fixture")),
        ("web/package-lock.json", npm("web")),
    ]);
    let options = ScanOptions {
        exclude: vec!["vendor/".into(), "/fixtures".into(), "*.json".into()],
        ..ScanOptions::default()
    };
    let inventory = scan(dir.path(), &options);
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
    assert_eq!(
        names(&inventory),
        vec!["crates.io:kept", "crates.io:nested-fixture"]
    );
}

#[test]
fn an_invalid_exclude_glob_is_reported() {
    let dir = tree(&[("Cargo.lock", cargo("kept"))]);
    let options = ScanOptions {
        exclude: vec!["a/**{".into()],
        ..ScanOptions::default()
    };
    let inventory = scan(dir.path(), &options);
    assert_eq!(names(&inventory), vec!["crates.io:kept"]);
    assert_eq!(inventory.diagnostics.len(), 1);
    assert_eq!(inventory.diagnostics[0].code, DiagnosticCode::WalkError);
    assert!(
        inventory.diagnostics[0].message.contains("`a/**{`"),
        "{}",
        inventory.diagnostics[0]
    );
}

#[test]
fn a_broken_lockfile_is_one_diagnostic_and_the_rest_is_kept() {
    let dir = tree(&[
        ("a/Cargo.lock", cargo("good-a")),
        ("b/Cargo.lock", "[[package]\nbroken".into()),
        ("c/package-lock.json", npm("good-c")),
    ]);
    let inventory = scan(dir.path(), &ScanOptions::default());
    assert_eq!(names(&inventory), vec!["crates.io:good-a", "npm:good-c"]);
    assert_eq!(
        inventory.diagnostics.len(),
        1,
        "{:?}",
        inventory.diagnostics
    );
    let d = &inventory.diagnostics[0];
    assert_eq!(d.code, DiagnosticCode::MalformedLockfile);
    assert_eq!(d.path.as_deref(), Some(Path::new("b/Cargo.lock")));
    assert!(d.message.starts_with("invalid TOML at line 1"), "{d}");
    // Only files that parsed count as scanned.
    assert_eq!(
        scanned(&inventory),
        vec![Path::new("a/Cargo.lock"), Path::new("c/package-lock.json")]
    );
}

#[test]
fn a_single_file_root_is_cataloged_under_its_file_name() {
    let dir = tree(&[("deep/dir/Cargo.lock", cargo("only"))]);
    let root = dir.path().join("deep/dir/Cargo.lock");
    let inventory = scan(&root, &ScanOptions::default());
    assert_eq!(names(&inventory), vec!["crates.io:only"]);
    assert_eq!(scanned(&inventory), vec![Path::new("Cargo.lock")]);
    assert_eq!(
        inventory.components()[0].locations[0].path,
        Path::new("Cargo.lock")
    );
}

#[test]
fn a_missing_root_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = scan(&dir.path().join("nope"), &ScanOptions::default());
    assert!(inventory.is_empty());
    assert_eq!(inventory.diagnostics.len(), 1);
    assert_eq!(
        inventory.diagnostics[0].code,
        DiagnosticCode::UnreadableFile
    );
}

#[test]
fn output_is_the_same_on_every_run() {
    // Many files naming the same packages with different scopes: the merge order must not
    // depend on which walker thread finishes first.
    let mut files = Vec::new();
    for i in 0..40 {
        files.push((format!("p{i:02}/Cargo.lock"), cargo("shared")));
        files.push((
            format!("p{i:02}/x/package-lock.json"),
            npm(&format!("pkg{}", i % 7)),
        ));
    }
    let files: Vec<(&str, String)> = files.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
    let dir = tree(&files);
    let first = serde_json::to_string(&scan(dir.path(), &ScanOptions::default())).unwrap();
    for _ in 0..5 {
        let again = serde_json::to_string(&scan(dir.path(), &ScanOptions::default())).unwrap();
        assert_eq!(first, again);
    }
    let inventory = scan(dir.path(), &ScanOptions::default());
    assert_eq!(inventory.len(), 8);
    assert_eq!(inventory.scanned_files.len(), 80);
    let shared = &inventory.components()[0];
    assert_eq!(shared.locations.len(), 40);
    assert_eq!(shared.locations[0].path, Path::new("p00/Cargo.lock"));
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_so_loops_end() {
    use std::os::unix::fs::symlink;
    let dir = tree(&[("a/Cargo.lock", cargo("real"))]);
    symlink(dir.path(), dir.path().join("a/loop")).unwrap();
    symlink(dir.path().join("a"), dir.path().join("b")).unwrap();
    symlink(
        dir.path().join("a/Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .unwrap();
    let inventory = scan(dir.path(), &ScanOptions::default());
    assert_eq!(names(&inventory), vec!["crates.io:real"]);
    assert_eq!(scanned(&inventory), vec![Path::new("a/Cargo.lock")]);
}

#[cfg(unix)]
#[test]
fn an_unreadable_directory_is_a_walk_diagnostic() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[
        ("ok/Cargo.lock", cargo("readable")),
        ("locked/Cargo.lock", cargo("hidden")),
    ]);
    let locked = dir.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let still_readable = std::fs::read_dir(&locked).is_ok();
    let inventory = scan(dir.path(), &ScanOptions::default());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if still_readable {
        eprintln!("skipped the unreadable-directory check: running with privileges that read it");
        return;
    }
    assert_eq!(names(&inventory), vec!["crates.io:readable"]);
    assert_eq!(
        inventory.diagnostics.len(),
        1,
        "{:?}",
        inventory.diagnostics
    );
    let d = &inventory.diagnostics[0];
    assert_eq!(d.code, DiagnosticCode::WalkError);
    assert_eq!(d.path.as_deref(), Some(Path::new("locked")));
}
