//! Catalogers reading from memory (files taken out of an archive or an image) give exactly what
//! they give reading the same tree on disk: components, edges, files read and problems, over
//! every corpus lockfile directory, siblings and includes included.

// Test code: a failed unwrap is a failed test, and std::fs is fine for files the test made.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use std::path::{Path, PathBuf};

use vouch_extract::{InMemory, ScanOptions, scan, scan_source, wanted};

fn load(root: &Path, dir: &Path, fs: &mut InMemory, count: &mut usize) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            load(root, &path, fs, count);
        } else if kind.is_file() && wanted(&path, &ScanOptions::default()) {
            let rel: PathBuf = path.strip_prefix(root).unwrap().to_path_buf();
            assert!(fs.insert(&rel, std::fs::read(&path).unwrap()));
            *count += 1;
        }
    }
}

fn same(label: &str, disk: &vouch_model::Inventory, memory: &vouch_model::Inventory) {
    let json = |i: &vouch_model::Inventory| serde_json::to_value(i).unwrap();
    assert_eq!(
        json(disk),
        json(memory),
        "{label}: disk and memory scans differ"
    );
}

#[test]
fn the_corpus_reads_the_same_from_memory_as_from_disk() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("memory source") else {
        return;
    };
    // The osv-scanner fixtures carry test names (`one-package.lock`), which no walk claims.
    let sub = "lockfiles/osv-scalibr";
    let root = corpus.join(sub);
    let mut fs = InMemory::new();
    let mut files = 0;
    load(&root, &root, &mut fs, &mut files);
    assert!(files >= 10, "{sub}: only {files} files taken");
    let disk = scan(&root, &ScanOptions::default());
    let memory = scan_source(&fs, &ScanOptions::default());
    assert!(disk.len() >= 10, "{sub}: {} components", disk.len());
    same(sub, &disk, &memory);
}

#[test]
fn excludes_and_listed_node_modules_apply_in_memory_too() {
    let lock = br#"{"name":"a","lockfileVersion":3,"packages":{"":{"dependencies":{"left-pad":"1.3.0"}},"node_modules/left-pad":{"version":"1.3.0"}}}"#;
    let mut fs = InMemory::new();
    fs.insert(Path::new("app/package-lock.json"), lock.to_vec());
    fs.insert(
        Path::new("app/node_modules/left-pad/package-lock.json"),
        lock.to_vec(),
    );
    fs.insert(Path::new("vendor/x/package-lock.json"), lock.to_vec());
    let options = ScanOptions {
        exclude: vec!["vendor/".into()],
        ..ScanOptions::default()
    };
    let inv = scan_source(&fs, &options);
    let files: Vec<String> = inv
        .scanned_files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(files, ["app/package-lock.json"]);
    assert_eq!(inv.len(), 1);
}

#[test]
fn siblings_and_includes_are_read_from_memory() {
    let dir = tempfile::tempdir().unwrap();
    let files: &[(&str, &str)] = &[
        ("py/requirements.txt", "-r base.txt\nflask==2.0.1\n"),
        ("py/base.txt", "requests==2.31.0\n"),
        (
            "js/package.json",
            r#"{"name":"root","private":true,"workspaces":["packages/*"],"dependencies":{"left-pad":"^1.3.0"}}"#,
        ),
        (
            "js/packages/a/package.json",
            r#"{"name":"a","version":"1.0.0","dependencies":{"is-number":"^7.0.0"}}"#,
        ),
        (
            "js/yarn.lock",
            "# yarn lockfile v1\n\n\"left-pad@^1.3.0\":\n  version \"1.3.0\"\n  resolved \"https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz\"\n\n\"is-number@^7.0.0\":\n  version \"7.0.0\"\n  resolved \"https://registry.yarnpkg.com/is-number/-/is-number-7.0.0.tgz\"\n",
        ),
        (
            "java/pom.xml",
            "<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>parent</artifactId><version>1</version><properties><junit.version>4.13.2</junit.version></properties></project>",
        ),
        (
            "java/app/pom.xml",
            "<project><modelVersion>4.0.0</modelVersion><parent><groupId>g</groupId><artifactId>parent</artifactId><version>1</version></parent><artifactId>app</artifactId><dependencies><dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>${junit.version}</version></dependency></dependencies></project>",
        ),
    ];
    let mut fs = InMemory::new();
    for (path, text) in files {
        let real = dir.path().join(path);
        std::fs::create_dir_all(real.parent().unwrap()).unwrap();
        std::fs::write(&real, text).unwrap();
        fs.insert(Path::new(path), text.as_bytes().to_vec());
    }
    let disk = scan(dir.path(), &ScanOptions::default());
    let memory = scan_source(&fs, &ScanOptions::default());
    same("synthetic tree", &disk, &memory);
    let names: Vec<String> = memory
        .components()
        .iter()
        .map(|c| c.purl.to_string())
        .collect();
    assert!(
        names.iter().any(|p| p.starts_with("pkg:pypi/requests@")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|p| p == "pkg:maven/junit/junit@4.13.2"),
        "{names:?}"
    );
    assert!(
        memory
            .scanned_files
            .iter()
            .any(|f| f.ends_with("js/packages/a/package.json"))
    );
}
