//! Poetry's lockfile, `poetry.lock` (TOML): one `[[package]]` per locked distribution, written
//! with `[metadata] lock-version` 1.x by Poetry 1 (groups as `category`, hashes under
//! `[metadata.files]`) and 2.x by Poetry 2 (`groups = [...]`, hashes in each package's `files`).
//! Format: <https://python-poetry.org/docs/basic-usage/#committing-your-poetrylock-file-to-version-control>
//! has no formal spec; the fields read here are those Poetry's own `Locker` writes.
//! Each package's `[package.dependencies]` gives the graph; which packages the project names
//! itself the lockfile does not say, so that is read from the pyproject.toml beside it, if any.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Value};
use vouch_model::{Checksum, Component, ComponentSource};

use super::{
    Declared, apply_declared, check_lock_version, file_name, git_source, link_dependencies,
    parse_checksum, pypi_name, skipped_entry, tidy, toml_error, toml_package, toml_str,
    with_manifest,
};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Poetry's `poetry.lock`.
pub(crate) struct PoetryLock;

impl Cataloger for PoetryLock {
    fn name(&self) -> &'static str {
        "poetry-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("poetry.lock")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        with_manifest(
            source,
            path,
            display,
            "pyproject.toml",
            Declared::from_pyproject,
            |declared| parse_text(&text, display, declared),
        )
    }
}

/// The lockfile as written; fields whose type may vary are read as [`Value`] so that one odd
/// package is skipped with a diagnostic instead of failing the file.
#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<Package>,
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(rename = "lock-version")]
    lock_version: Option<Value>,
    /// Lock-version 1.x: `name = [{ file, hash }]` for every package.
    files: Option<Value>,
}

#[derive(Deserialize)]
struct Package {
    name: Option<Spanned<Value>>,
    version: Option<Value>,
    /// Poetry 1: `main` or `dev`.
    category: Option<Value>,
    optional: Option<Value>,
    /// Poetry 2: the dependency groups that need the package (`main`, `dev`, ...).
    groups: Option<Value>,
    /// `[package.source]`: `type` (`git`, `legacy`, `directory`, `file`, `url`), `url`,
    /// `reference`, `resolved_reference`.
    source: Option<Value>,
    /// Lock-version 2.x: `[{ file, hash }]`.
    files: Option<Value>,
    /// `[package.dependencies]`: `name = "constraint"`, `name = { version, markers, optional,
    /// extras, ... }`, or a list of such tables (one per marker).
    dependencies: Option<Value>,
}

/// Parses the text of a `poetry.lock` named `display`, with what the project's pyproject.toml
/// names where there is one.
fn parse_text(
    text: &str,
    display: &Path,
    declared: Option<&Declared>,
) -> Result<Parsed, ExtractError> {
    let lock: Lock = toml::from_str(text).map_err(|e| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: toml_error(text, &e),
    })?;
    let metadata_files = match &lock.metadata {
        Some(metadata) => {
            // Poetry 1 writes lock-version 1.x (2.0 from Poetry 1.3), Poetry 2 writes 2.x; a
            // later major is refused rather than misread.
            check_lock_version(
                metadata.lock_version.as_ref(),
                display,
                "lock-version",
                1..=2,
            )?;
            files_by_name(metadata.files.as_ref())
        }
        None => HashMap::new(),
    };
    let lines = LineIndex::new(text);
    let mut versions_per_name: HashMap<String, usize> = HashMap::new();
    for name in lock.package.iter().filter_map(name_key) {
        *versions_per_name.entry(name).or_default() += 1;
    }
    let mut parsed = Parsed::default();
    let mut edges = Vec::new();
    for (i, package) in lock.package.iter().enumerate() {
        let record = package
            .name
            .as_ref()
            .and_then(|n| n.get_ref().as_str())
            .map_or_else(|| format!("package #{}", i + 1), str::to_owned);
        let line = package.name.as_ref().map(|n| lines.line(n.span().start));
        match component(package, display, line) {
            Ok(mut c) => {
                let shared = metadata_files.get(c.name.normalized());
                let only_version = versions_per_name.get(c.name.normalized()) == Some(&1);
                for (file, checksum) in shared.into_iter().flatten() {
                    let matches = match &c.version {
                        Some(v) => only_version || file_has_version(file, v),
                        None => only_version,
                    };
                    if matches {
                        c.checksums.push(checksum.clone());
                    }
                }
                tidy(&mut c);
                // A name locked at two versions (one per marker) is linked to both: the lockfile
                // keeps the constraint, not which version it chose.
                let deps = package
                    .dependencies
                    .as_ref()
                    .and_then(Value::as_table)
                    .into_iter()
                    .flatten()
                    .map(|(name, _)| (name.clone(), None))
                    .collect();
                edges.push((parsed.components.len(), deps));
                parsed.components.push(c);
            }
            Err(message) => parsed
                .diagnostics
                .push(skipped_entry(display, &record, message)),
        }
    }
    parsed.dependencies = link_dependencies(&parsed.components, &edges);
    if let Some(declared) = declared {
        apply_declared(&mut parsed.components, &parsed.dependencies, declared);
    }
    Ok(parsed)
}

/// The normalised name of a package entry, where it has a valid one.
fn name_key(package: &Package) -> Option<String> {
    let name = package.name.as_ref()?.get_ref().as_str()?;
    pypi_name(name).ok().map(|n| n.normalized().to_owned())
}

/// One `[[package]]` as a component; the message says why it was skipped.
fn component(package: &Package, display: &Path, line: Option<u32>) -> Result<Component, String> {
    let mut c = toml_package(
        package.name.as_ref(),
        package.version.as_ref(),
        display,
        line,
    )?;

    let groups: Vec<&str> = package
        .groups
        .as_ref()
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let category = toml_str(package.category.as_ref());
    let optional = package.optional.as_ref().and_then(Value::as_bool);
    // Groups say what a package is needed for beyond the default `main`: one that `main` needs
    // is installed anyway, so it has none (as osv-scanner and osv-scalibr record it).
    let needed_by_main = groups.contains(&"main") || category == Some("main");
    if !needed_by_main {
        c.groups = groups
            .iter()
            .copied()
            .chain(category)
            .map(str::to_owned)
            .collect();
    }
    if optional == Some(true) {
        c.groups.push("optional".to_owned());
    }
    c.scope.dev = if !groups.is_empty() {
        Some(!groups.contains(&"main"))
    } else {
        category.map(|c| c == "dev")
    };
    c.scope.optional = optional;
    if let Some(source) = package.source.as_ref().and_then(Value::as_table) {
        c.source = source_of(source);
    }
    c.checksums = file_hashes(package.files.as_ref())
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    Ok(c)
}

/// `[package.source]` as a component source.
fn source_of(source: &toml::Table) -> ComponentSource {
    let kind = toml_str(source.get("type")).unwrap_or_default();
    let url = toml_str(source.get("url")).unwrap_or_default().to_owned();
    match kind {
        "git" => {
            let rev = toml_str(source.get("resolved_reference"))
                .or_else(|| toml_str(source.get("reference")));
            git_source(&url, rev)
        }
        "directory" | "file" => ComponentSource::Path { path: url },
        "url" => ComponentSource::Url { url },
        _ if url.is_empty() || is_pypi(&url) => ComponentSource::Registry,
        // `legacy`, `explicit`, `supplemental`, `primary`: a package index of the project's own.
        _ => ComponentSource::AlternateRegistry { url },
    }
}

/// Whether an index URL is PyPI itself.
pub(super) fn is_pypi(url: &str) -> bool {
    let url = url.trim_end_matches('/');
    [
        "https://pypi.org/simple",
        "https://pypi.python.org/simple",
        "https://pypi.org/pypi",
    ]
    .contains(&url)
}

/// The `(file, hash)` pairs of a `files = [{ file, hash }]` list; unreadable entries are left
/// out (they cannot verify anything).
fn file_hashes(files: Option<&Value>) -> Vec<(String, Checksum)> {
    files
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let file = toml_str(f.get("file")).unwrap_or_default();
            let checksum = parse_checksum(toml_str(f.get("hash"))?)?;
            Some((file.to_owned(), checksum))
        })
        .collect()
}

/// Lock-version 1.x `[metadata.files]`, by normalised package name.
fn files_by_name(files: Option<&Value>) -> HashMap<String, Vec<(String, Checksum)>> {
    let mut out: HashMap<String, Vec<(String, Checksum)>> = HashMap::new();
    for (name, list) in files.and_then(Value::as_table).into_iter().flatten() {
        if let Ok(name) = pypi_name(name) {
            out.entry(name.normalized().to_owned())
                .or_default()
                .extend(file_hashes(Some(list)));
        }
    }
    out
}

/// Whether a distribution file name (`pkg-1.0.tar.gz`, `pkg-1.0-py3-none-any.whl`) is of
/// `version`, so `1.0` does not claim `pkg-1.0.1.tar.gz`.
fn file_has_version(file: &str, version: &str) -> bool {
    let needle = format!("-{version}");
    file.match_indices(&needle).any(|(i, _)| {
        let mut after = file[i + needle.len()..].chars();
        match after.next() {
            Some('-') => true,
            Some('.') => after.next().is_some_and(|c| !c.is_ascii_digit()),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("poetry.lock"), None)
    }

    /// `(from, to)` edges as purl strings.
    fn edge_strings(parsed: &Parsed) -> Vec<(String, String)> {
        parsed
            .dependencies
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    const GRAPH: &str = r#"
[[package]]
name = "requests"
version = "2.31.0"

[package.dependencies]
certifi = ">=2017.4.17"
urllib3 = [
    {version = "<2", markers = "python_version < \"3.8\""},
    {version = ">=2", markers = "python_version >= \"3.8\""},
]
PySocks = {version = ">=1.5.6,!=1.5.7", optional = true}

[[package]]
name = "certifi"
version = "2024.2.2"

[[package]]
name = "urllib3"
version = "1.26.18"

[[package]]
name = "urllib3"
version = "2.2.1"

[[package]]
name = "pytest"
version = "8.0.0"

[package.dependencies]
Pluggy = ">=1"
colorama = {version = "*", markers = "sys_platform == \"win32\""}

[[package]]
name = "pluggy"
version = "1.4.0"

[[package]]
name = "orphan"
version = "1"

[metadata]
lock-version = "2.0"
"#;

    #[test]
    fn package_dependencies_are_edges_by_normalised_name() {
        let parsed = parse(GRAPH).unwrap();
        let p = |s: &str| format!("pkg:pypi/{s}");
        assert_eq!(
            edge_strings(&parsed),
            [
                (p("pytest@8.0.0"), p("pluggy@1.4.0")),
                (p("requests@2.31.0"), p("certifi@2024.2.2")),
                (p("requests@2.31.0"), p("urllib3@1.26.18")),
                (p("requests@2.31.0"), p("urllib3@2.2.1")),
            ]
        );
        // Without a pyproject.toml nothing says what the project names itself.
        assert!(
            parsed
                .components
                .iter()
                .all(|c| c.scope.relationship.is_none() && c.scope.dev.is_none())
        );
    }

    #[test]
    fn the_pyproject_beside_marks_direct_and_dev() {
        let pyproject = r#"
[tool.poetry.dependencies]
python = "^3.8"
Requests = "^2.31"

[tool.poetry.group.test.dependencies]
pytest = "^8"
"#;
        let declared = Declared::from_pyproject(pyproject).unwrap();
        let parsed = parse_text(GRAPH, Path::new("poetry.lock"), Some(&declared)).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.purl.as_str().to_owned(),
                    c.scope.relationship,
                    c.scope.dev,
                )
            })
            .collect();
        use vouch_model::Relationship::{Direct, Transitive};
        let p = |s: &str| format!("pkg:pypi/{s}");
        assert_eq!(
            got,
            [
                (p("requests@2.31.0"), Some(Direct), Some(false)),
                (p("certifi@2024.2.2"), Some(Transitive), Some(false)),
                (p("urllib3@1.26.18"), Some(Transitive), Some(false)),
                (p("urllib3@2.2.1"), Some(Transitive), Some(false)),
                (p("pytest@8.0.0"), Some(Direct), Some(true)),
                (p("pluggy@1.4.0"), Some(Transitive), Some(true)),
                (p("orphan@1"), Some(Transitive), None),
            ]
        );
    }

    #[test]
    fn dev_from_the_lockfile_groups_is_kept() {
        // Lock-version 2.1 says `pytest` is needed by `main` too: the pyproject's dev group
        // does not make it dev.
        let text =
            "[[package]]\nname = \"pytest\"\nversion = \"8\"\ngroups = [\"main\", \"dev\"]\n";
        let declared =
            Declared::from_pyproject("[dependency-groups]\ndev = [\"pytest>=8\"]\n").unwrap();
        let parsed = parse_text(text, Path::new("poetry.lock"), Some(&declared)).unwrap();
        assert_eq!(parsed.components[0].scope.dev, Some(false));
        assert_eq!(
            parsed.components[0].scope.relationship,
            Some(vouch_model::Relationship::Direct)
        );
    }

    #[test]
    fn groups_follow_category_groups_and_optional() {
        let text = r#"
[[package]]
name = "a"
version = "1"
category = "dev"

[[package]]
name = "b"
version = "2"
optional = true
groups = ["main"]

[[package]]
name = "c"
version = "3"
groups = ["dev", "test"]

[[package]]
name = "d"
version = "4"
groups = ["main", "dev"]
"#;
        let parsed = parse(text).unwrap();
        let groups: Vec<_> = parsed.components.iter().map(|c| c.groups.clone()).collect();
        let none: Vec<&str> = Vec::new();
        assert_eq!(
            groups,
            [vec!["dev"], vec!["optional"], vec!["dev", "test"], none]
        );
        let dev: Vec<_> = parsed.components.iter().map(|c| c.scope.dev).collect();
        assert_eq!(dev, [Some(true), Some(false), Some(true), Some(false)]);
        assert_eq!(parsed.components[0].locations[0].line, Some(3));
    }

    #[test]
    fn sources_become_component_sources() {
        let text = r#"
[[package]]
name = "ike"
version = "0.2.0"
[package.source]
type = "git"
url = "https://github.com/dzshn/ike"
reference = "main"
resolved_reference = "cd66602cd29f61a2d2e7fb995fef1e61708c034d"

[[package]]
name = "appdirs"
version = "1.4.4"
[package.source]
type = "legacy"
url = "https://piwheels.org/simple"

[[package]]
name = "local"
version = "0.1"
[package.source]
type = "directory"
url = "../local"
"#;
        let parsed = parse(text).unwrap();
        let sources: Vec<_> = parsed.components.iter().map(|c| c.source.clone()).collect();
        assert_eq!(
            sources,
            [
                ComponentSource::Git {
                    url: "https://github.com/dzshn/ike".into(),
                    commit: Some("cd66602cd29f61a2d2e7fb995fef1e61708c034d".into())
                },
                ComponentSource::AlternateRegistry {
                    url: "https://piwheels.org/simple".into()
                },
                ComponentSource::Path {
                    path: "../local".into()
                },
            ]
        );
    }

    #[test]
    fn hashes_come_from_files_and_metadata_files() {
        let h1 = "1".repeat(64);
        let h2 = "2".repeat(64);
        let h3 = "3".repeat(64);
        let text = format!(
            r#"
[[package]]
name = "a"
version = "1.0"
files = [{{file = "a-1.0.tar.gz", hash = "sha256:{h1}"}}, {{file = "x", hash = "bogus"}}]

[[package]]
name = "b"
version = "1.0"

[[package]]
name = "b"
version = "1.0.1"

[metadata]
lock-version = "1.1"

[metadata.files]
b = [{{file = "b-1.0.tar.gz", hash = "sha256:{h2}"}}, {{file = "b-1.0.1-py3-none-any.whl", hash = "sha256:{h3}"}}]
"#
        );
        let parsed = parse(&text).unwrap();
        let hashes: Vec<Vec<String>> = parsed
            .components
            .iter()
            .map(|c| c.checksums.iter().map(|c| c.hex.clone()).collect())
            .collect();
        assert_eq!(hashes, [vec![h1], vec![h2], vec![h3]]);
    }

    #[test]
    fn unknown_lock_versions_are_refused() {
        let err = parse("[metadata]\nlock-version = \"3.0\"\n").unwrap_err();
        assert!(
            matches!(err, ExtractError::UnsupportedVersion { ref version, .. } if version == "3.0"),
            "{err}"
        );
        assert!(parse("[metadata]\nlock-version = \"2.1\"\n").is_ok());
    }

    #[test]
    fn a_bad_package_is_skipped_and_the_rest_kept() {
        let text = "[[package]]\nname = \"bad name\"\nversion = \"1\"\n\n[[package]]\nversion = \"1\"\n\n[[package]]\nname = \"good\"\nversion = \"1\"\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert_eq!(parsed.diagnostics.len(), 2);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("bad name"));
        assert_eq!(parsed.diagnostics[1].record.as_deref(), Some("package #2"));
    }

    #[test]
    fn version_boundaries_in_file_names() {
        assert!(file_has_version("pkg-1.0.tar.gz", "1.0"));
        assert!(file_has_version("pkg-1.0-py3-none-any.whl", "1.0"));
        assert!(!file_has_version("pkg-1.0.1.tar.gz", "1.0"));
        assert!(!file_has_version("pkg-1.00.tar.gz", "1.0"));
    }
}
