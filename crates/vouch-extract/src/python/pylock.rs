//! The standard Python lockfile, `pylock.toml` (PEP 751, <https://peps.python.org/pep-0751/>),
//! written by pip, uv and PDM: one `[[packages]]` per distribution with its source (`vcs`,
//! `directory`, `archive`, or an `index` with `sdist`/`wheels`) and hashes.

use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Value};
use vouch_model::{Component, ComponentSource};

use super::poetry::is_pypi;
use super::{
    check_lock_version, file_name, git_source, link_dependencies, parse_checksum, skipped_entry,
    tidy, toml_error, toml_package, toml_str,
};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// `pylock.toml` and `pylock.<name>.toml`.
pub(crate) struct PyLock;

impl Cataloger for PyLock {
    fn name(&self) -> &'static str {
        "pylock-toml"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path).is_some_and(is_pylock_name)
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        parse_text(&text, display)
    }
}

/// PEP 751's file names: `pylock.toml`, or `pylock.<name>.toml` where the name has no dot
/// (the spec's `^pylock\.([^.]+)\.toml$`).
fn is_pylock_name(name: &str) -> bool {
    name == "pylock.toml"
        || name
            .strip_prefix("pylock.")
            .and_then(|rest| rest.strip_suffix(".toml"))
            .is_some_and(|middle| !middle.is_empty() && !middle.contains('.'))
}

/// The lockfile as written; package fields whose type may vary are [`Value`]s so that one odd
/// package is skipped with a diagnostic instead of failing the file.
#[derive(Deserialize)]
struct Lock {
    #[serde(rename = "lock-version")]
    lock_version: Option<Value>,
    #[serde(default)]
    packages: Vec<Package>,
    /// The dependency groups installed when none are asked for.
    #[serde(rename = "default-groups")]
    default_groups: Option<Value>,
}

#[derive(Deserialize)]
struct Package {
    name: Option<Spanned<Value>>,
    version: Option<Value>,
    /// `{ type, url, path, requested-revision, commit-id, subdirectory }`.
    vcs: Option<Value>,
    /// `{ path, editable, subdirectory }`: a local source tree.
    directory: Option<Value>,
    /// `{ url, path, size, hashes, subdirectory }`: a direct archive.
    archive: Option<Value>,
    /// The index the `sdist` and `wheels` come from.
    index: Option<Value>,
    /// `{ name, url, path, size, hashes }`.
    sdist: Option<Value>,
    /// `[{ name, url, path, size, hashes }]`.
    wheels: Option<Value>,
    /// `[{ name, version, ... }]`: enough keys to tell which locked package is meant.
    dependencies: Option<Value>,
    /// When the package is installed, a PEP 508 marker that may test `dependency_groups` and
    /// `extras`.
    marker: Option<Value>,
}

/// Parses the text of a `pylock.toml` named `display`.
fn parse_text(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let lock: Lock = toml::from_str(text).map_err(|e| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: toml_error(text, &e),
    })?;
    // PEP 751: a tool MUST refuse a major `lock-version` it does not know (only 1.x exists).
    check_lock_version(lock.lock_version.as_ref(), display, "lock-version", 1..=1)?;
    let defaults: Vec<&str> = lock
        .default_groups
        .as_ref()
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let lines = LineIndex::new(text);
    let mut parsed = Parsed::default();
    let mut edges = Vec::new();
    for (i, package) in lock.packages.iter().enumerate() {
        let record = package
            .name
            .as_ref()
            .and_then(|n| n.get_ref().as_str())
            .map_or_else(|| format!("package #{}", i + 1), str::to_owned);
        let line = package.name.as_ref().map(|n| lines.line(n.span().start));
        match component(package, display, line) {
            Ok(Some(mut c)) => {
                if let Some(marker) = toml_str(package.marker.as_ref()) {
                    c.groups = marker_groups(marker, &defaults);
                }
                tidy(&mut c);
                let deps = package
                    .dependencies
                    .as_ref()
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|d| {
                        let name = toml_str(d.get("name"))?.to_owned();
                        Some((name, toml_str(d.get("version")).map(str::to_owned)))
                    })
                    .collect();
                edges.push((parsed.components.len(), deps));
                parsed.components.push(c);
            }
            Ok(None) => {}
            Err(message) => parsed
                .diagnostics
                .push(skipped_entry(display, &record, message)),
        }
    }
    parsed.dependencies = link_dependencies(&parsed.components, &edges);
    Ok(parsed)
}

/// One `[[packages]]` entry as a component. `Ok(None)` for a local source tree without a
/// version (the project itself, or code of its own: nothing an advisory can name); the message
/// says why an entry was skipped.
fn component(
    package: &Package,
    display: &Path,
    line: Option<u32>,
) -> Result<Option<Component>, String> {
    let mut c = toml_package(
        package.name.as_ref(),
        package.version.as_ref(),
        display,
        line,
    )?;
    let table = |v: &Option<Value>, key: &str| -> Result<Option<toml::Table>, String> {
        match v {
            None => Ok(None),
            Some(Value::Table(t)) => Ok(Some(t.clone())),
            Some(_) => Err(format!("`{key}` is not a table")),
        }
    };
    if let Some(vcs) = table(&package.vcs, "vcs")? {
        let url = toml_str(vcs.get("url"))
            .or_else(|| toml_str(vcs.get("path")))
            .unwrap_or_default();
        let commit = toml_str(vcs.get("commit-id"));
        c.source = if toml_str(vcs.get("type")) == Some("git") {
            git_source(url, commit)
        } else {
            ComponentSource::Url {
                url: url.to_owned(),
            }
        };
    } else if let Some(directory) = table(&package.directory, "directory")? {
        if c.version.is_none() {
            return Ok(None);
        }
        c.source = ComponentSource::Path {
            path: toml_str(directory.get("path"))
                .unwrap_or_default()
                .to_owned(),
        };
    } else if let Some(archive) = table(&package.archive, "archive")? {
        c.source = match (toml_str(archive.get("url")), toml_str(archive.get("path"))) {
            (Some(url), _) => ComponentSource::Url {
                url: url.to_owned(),
            },
            (None, path) => ComponentSource::Path {
                path: path.unwrap_or_default().to_owned(),
            },
        };
        c.checksums.extend(hashes(archive.get("hashes")));
    } else if let Some(index) = toml_str(package.index.as_ref())
        && !is_pypi(index)
    {
        c.source = ComponentSource::AlternateRegistry {
            url: index.to_owned(),
        };
    }
    if let Some(sdist) = &package.sdist {
        c.checksums.extend(hashes(sdist.get("hashes")));
    }
    for wheel in package
        .wheels
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        c.checksums.extend(hashes(wheel.get("hashes")));
    }
    Ok(Some(c))
}

/// The dependency groups and extras a package's marker limits it to (PEP 751 markers test
/// `'name' in dependency_groups` and `'name' in extras`). Empty when the package is installed
/// without any of them: a disjunct that tests no group, a default group named, or a marker
/// with parentheses, which this does not evaluate (so it claims no limit).
fn marker_groups(marker: &str, defaults: &[&str]) -> Vec<String> {
    if marker.contains('(') {
        return Vec::new();
    }
    let mut names = Vec::new();
    for disjunct in marker.split(" or ") {
        let before = names.len();
        for condition in disjunct.split(" and ") {
            let condition = condition.trim();
            let subject = condition
                .strip_suffix("in dependency_groups")
                .or_else(|| condition.strip_suffix("in extras"))
                .map(str::trim);
            let name = subject.and_then(|s| {
                s.strip_prefix('\'')
                    .and_then(|s| s.strip_suffix('\''))
                    .or_else(|| s.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
            });
            if let Some(name) = name {
                names.push(name.to_owned());
            }
        }
        if names.len() == before {
            return Vec::new();
        }
    }
    if names.iter().any(|n| defaults.contains(&n.as_str())) {
        return Vec::new();
    }
    names
}

/// A `hashes = { sha256 = "..." }` table as checksums; unknown algorithms and malformed digests
/// are left out (they cannot verify anything).
fn hashes(value: Option<&Value>) -> Vec<vouch_model::Checksum> {
    value
        .and_then(Value::as_table)
        .into_iter()
        .flatten()
        .filter_map(|(algorithm, hex)| parse_checksum(&format!("{algorithm}:{}", hex.as_str()?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("pylock.toml"))
    }

    #[test]
    fn file_names_follow_pep_751() {
        assert!(is_pylock_name("pylock.toml"));
        assert!(is_pylock_name("pylock.dev.toml"));
        assert!(!is_pylock_name("pylock.a.b.toml"));
        assert!(!is_pylock_name("pylock..toml"));
        assert!(!is_pylock_name("pylock.tomlx"));
        assert!(!is_pylock_name("my-pylock.toml"));
    }

    #[test]
    fn sources_and_hashes() {
        let h = "b".repeat(64);
        let text = format!(
            r#"lock-version = "1.0"
created-by = "test"

[[packages]]
name = "attrs"
version = "25.1.0"
index = "https://pypi.org/simple"
sdist = {{ url = "https://x/attrs-25.1.0.tar.gz", hashes = {{ sha256 = "{h}" }} }}
wheels = [{{ url = "https://x/attrs-25.1.0-py3-none-any.whl", hashes = {{ sha256 = "{h}", blake2b = "00" }} }}]

[[packages]]
name = "mleroc"
version = "0.1.0"
dependencies = [{{ name = "Attrs" }}, {{ name = "arch", version = "9" }}, {{ name = "gone" }}]
vcs = {{ type = "git", url = "https://github.com/V/mleroc.git", commit-id = "735093f03c4d8be70bfaaae44074ac92d7419b6d" }}

[[packages]]
name = "self"
directory = {{ path = ".", editable = true }}

[[packages]]
name = "internal"
version = "2"
index = "https://pkgs.example/simple"

[[packages]]
name = "arch"
version = "3"
archive = {{ url = "https://x/arch-3.zip", hashes = {{ sha256 = "{h}" }} }}
"#
        );
        let parsed = parse(&text).unwrap();
        assert!(parsed.diagnostics.is_empty());
        let names: Vec<_> = parsed.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["attrs", "mleroc", "internal", "arch"]);
        assert_eq!(parsed.components[0].checksums.len(), 1);
        assert_eq!(parsed.components[0].locations[0].line, Some(5));
        assert_eq!(parsed.dependencies.len(), 1);
        assert_eq!(
            parsed.dependencies[0].1.to_string(),
            "pkg:pypi/attrs@25.1.0"
        );
        assert_eq!(
            parsed.components[1].source,
            ComponentSource::Git {
                url: "https://github.com/V/mleroc.git".into(),
                commit: Some("735093f03c4d8be70bfaaae44074ac92d7419b6d".into())
            }
        );
        assert_eq!(
            parsed.components[2].source,
            ComponentSource::AlternateRegistry {
                url: "https://pkgs.example/simple".into()
            }
        );
        assert_eq!(
            parsed.components[3].source,
            ComponentSource::Url {
                url: "https://x/arch-3.zip".into()
            }
        );
        assert_eq!(parsed.components[3].checksums.len(), 1);
    }

    #[test]
    fn markers_give_groups() {
        let d = ["default"];
        assert_eq!(
            marker_groups("'dev' in dependency_groups and sys_platform == 'win32'", &d),
            ["dev"]
        );
        assert_eq!(
            marker_groups("\"docs\" in extras or 'test' in dependency_groups", &d),
            ["docs", "test"]
        );
        let none: Vec<String> = Vec::new();
        assert_eq!(
            marker_groups(
                "\"default\" in dependency_groups or \"security\" in extras",
                &d
            ),
            none
        );
        assert_eq!(marker_groups("os_name == 'nt'", &d), none);
        assert_eq!(
            marker_groups("'dev' in dependency_groups or python_version < '3.9'", &d),
            none
        );
        assert_eq!(marker_groups("'dev' not in dependency_groups", &d), none);
        assert_eq!(marker_groups("('dev' in dependency_groups)", &d), none);
    }

    #[test]
    fn bad_input() {
        assert!(matches!(
            parse("lock-version = \"2.0\"\n"),
            Err(ExtractError::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            parse("packages = 3\n"),
            Err(ExtractError::Malformed { .. })
        ));
        let parsed = parse(
            "lock-version = \"1.0\"\n[[packages]]\nname = \"-x\"\n[[packages]]\nname = \"y\"\n\
             version = \"1\"\nvcs = \"git\"\n[[packages]]\nname = \"z\"\nversion = \"1\"\n",
        )
        .unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert_eq!(parsed.diagnostics.len(), 2);
    }
}
