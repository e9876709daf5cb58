//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use vouch_model::{Component, ComponentSource, Ecosystem, Inventory, Location, PackageName};

/// The corpus directory, or `None` (the test returns early) when it is absent.
pub(crate) fn corpus(test: &str) -> Option<PathBuf> {
    vouch_testkit::corpus_or_skip(test)
}

/// The advisory sets of the corpus.
pub(crate) fn advisories(corpus: &Path, set: &str) -> PathBuf {
    corpus.join("advisories").join(set)
}

/// A registry component.
pub(crate) fn component(ecosystem: Ecosystem, name: &str, version: &str) -> Component {
    let name = PackageName::new(ecosystem, name).unwrap();
    Component::new(
        ecosystem,
        name,
        Some(version.to_owned()),
        Location::file("test"),
    )
    .unwrap()
}

/// An inventory of registry components.
pub(crate) fn inventory(components: impl IntoIterator<Item = Component>) -> Inventory {
    let mut inv = Inventory::new();
    for c in components {
        inv.add(c);
    }
    inv.finish();
    inv
}

/// A minimal Cargo.lock reader (the test must not depend on vouch-extract): every
/// `[[package]]` with its source as cargo writes it.
pub(crate) fn read_cargo_lock(path: &Path) -> Inventory {
    let text = std::fs::read_to_string(path).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let mut inv = Inventory::new();
    for p in doc
        .get("package")
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
    {
        let name = p["name"].as_str().unwrap();
        let version = p.get("version").and_then(|v| v.as_str()).map(str::to_owned);
        let source = p.get("source").and_then(|s| s.as_str());
        let mut c = Component::new(
            Ecosystem::CratesIo,
            PackageName::new(Ecosystem::CratesIo, name).unwrap(),
            version,
            Location::file(path),
        )
        .unwrap();
        c.source = match source {
            Some("registry+https://github.com/rust-lang/crates.io-index")
            | Some("sparse+https://index.crates.io/") => ComponentSource::Registry,
            Some(s) if s.starts_with("git+") => ComponentSource::Git {
                url: s.trim_start_matches("git+").to_owned(),
                commit: s.rsplit_once('#').map(|(_, c)| c.to_owned()),
            },
            Some(s) => ComponentSource::AlternateRegistry { url: s.to_owned() },
            None => ComponentSource::Path { path: ".".into() },
        };
        inv.add(c);
    }
    inv.finish();
    inv
}

/// Every advisory set of the corpus, as folders under `advisories/`.
pub(crate) const ALL_SETS: [&str; 6] = [
    "rustsec/osv",
    "pypa",
    "go-vulndb",
    "ghsa-maven/osv",
    "ghsa-native-sample",
    "malicious-packages/osv",
];

/// Finding ids per package as `package@version: ID` lines, sorted.
pub(crate) fn finding_ids(m: &vouch_advisory::Matches) -> Vec<String> {
    let mut v: Vec<String> = m
        .findings
        .iter()
        .map(|f| format!("{}@{}: {}", f.package, f.version, f.id))
        .collect();
    v.sort();
    v
}

/// Writes a zip of `files` (name, bytes) to `path`.
pub(crate) fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// The files of a corpus advisory folder as (file name, bytes), sorted, at most `limit`.
pub(crate) fn record_files(dir: &Path, limit: usize) -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .take(limit)
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}
