//! PDM's lockfile, `pdm.lock` (TOML, `[metadata] lock_version` 4.x): one `[[package]]` per
//! locked distribution with the `groups` that need it, hashes, and `git`/`path`/`url` sources.
//! PDM has no formal spec; the fields read are those PDM's own lock writer emits.

use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Value};
use vouch_model::{Component, ComponentSource};

use super::{
    check_lock_version, file_name, git_source, link_dependencies, parse_checksum, pep508_name,
    skipped_entry, tidy, toml_error, toml_package, toml_str,
};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// PDM's `pdm.lock`.
pub(crate) struct PdmLock;

impl Cataloger for PdmLock {
    fn name(&self) -> &'static str {
        "pdm-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("pdm.lock")
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

/// The lockfile as written; fields whose type may vary are [`Value`]s so that one odd package
/// is skipped with a diagnostic instead of failing the file.
#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<Package>,
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    lock_version: Option<Value>,
}

#[derive(Deserialize)]
struct Package {
    name: Option<Spanned<Value>>,
    version: Option<Value>,
    /// The dependency groups that need the package: `default` (the main dependencies), `dev`,
    /// or a name from `[dependency-groups]` / `[project.optional-dependencies]`.
    groups: Option<Value>,
    /// A git dependency: the repository, and the commit PDM resolved (`revision`).
    git: Option<Value>,
    revision: Option<Value>,
    /// A local dependency, relative to the project.
    path: Option<Value>,
    /// A direct-URL dependency.
    url: Option<Value>,
    /// `[{ file, hash }]` (or `{ url, hash }` for direct URLs).
    files: Option<Value>,
    /// PEP 508 requirement strings of what the package needs.
    dependencies: Option<Value>,
}

/// Parses the text of a `pdm.lock` named `display`.
fn parse_text(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let lock: Lock = toml::from_str(text).map_err(|e| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: toml_error(text, &e),
    })?;
    if let Some(metadata) = &lock.metadata {
        // PDM 2.x writes lock_version 4.x (earlier majors were PDM 1's, with the same
        // `[[package]]` fields); a later major is refused rather than misread.
        check_lock_version(
            metadata.lock_version.as_ref(),
            display,
            "lock_version",
            1..=4,
        )?;
    }
    let lines = LineIndex::new(text);
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
                tidy(&mut c);
                let deps = package
                    .dependencies
                    .as_ref()
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|d| pep508_name(d.as_str()?))
                    .map(|name| (name.to_owned(), None))
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
    Ok(parsed)
}

/// One `[[package]]` as a component; the message says why it was skipped.
fn component(package: &Package, display: &Path, line: Option<u32>) -> Result<Component, String> {
    let mut c = toml_package(
        package.name.as_ref(),
        package.version.as_ref(),
        display,
        line,
    )?;
    let groups: Vec<&str> = match &package.groups {
        None => Vec::new(),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        Some(_) => return Err("`groups` is not a list of names".to_owned()),
    };
    // A package the default group needs is installed anyway, so it has no groups (as
    // osv-scanner and osv-scalibr record it). Otherwise the lockfile cannot tell a dev group from
    // an optional-dependencies extra except by the name `dev`, PDM's default dev group.
    if !groups.is_empty() && !groups.contains(&"default") {
        let dev = groups.contains(&"dev");
        c.groups
            .push(if dev { "dev" } else { "optional" }.to_owned());
        c.scope.dev = Some(dev);
        c.scope.optional = Some(!dev);
    } else if !groups.is_empty() {
        c.scope.dev = Some(false);
        c.scope.optional = Some(false);
    }
    if let Some(url) = toml_str(package.git.as_ref()) {
        c.source = git_source(url, toml_str(package.revision.as_ref()));
    } else if let Some(path) = toml_str(package.path.as_ref()) {
        c.source = ComponentSource::Path {
            path: path.to_owned(),
        };
    } else if let Some(url) = toml_str(package.url.as_ref()) {
        c.source = ComponentSource::Url {
            url: url.to_owned(),
        };
    }
    c.checksums = package
        .files
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| parse_checksum(toml_str(f.get("hash"))?))
        .collect();
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("pdm.lock"))
    }

    #[test]
    fn groups_sources_and_hashes() {
        let h = "a".repeat(64);
        let text = format!(
            r#"
[metadata]
groups = ["default", "dev", "docs"]
lock_version = "4.4.1"

[[package]]
name = "toml"
version = "0.10.2"
groups = ["default", "dev"]
files = [{{file = "toml-0.10.2.tar.gz", hash = "sha256:{h}"}}, {{file = "x", hash = "nope"}}]

[[package]]
name = "pytest"
version = "8.0.0"
groups = ["dev"]
dependencies = ["TOML[x]>=0.10; python_version < \"3.11\"", "colorama; sys_platform == \"win32\""]

[[package]]
name = "sphinx"
version = "7.0.0"
groups = ["docs"]

[[package]]
name = "ike"
version = "0.2.0"
git = "https://github.com/dzshn/ike"
revision = "cd66602cd29f61a2d2e7fb995fef1e61708c034d"

[[package]]
name = "local"
version = "0.1"
path = "./local"
"#
        );
        let parsed = parse(&text).unwrap();
        assert!(parsed.diagnostics.is_empty());
        let groups: Vec<_> = parsed.components.iter().map(|c| c.groups.clone()).collect();
        let none: Vec<String> = Vec::new();
        assert_eq!(
            groups,
            [
                none.clone(),
                vec!["dev".to_owned()],
                vec!["optional".to_owned()],
                none.clone(),
                none
            ]
        );
        assert_eq!(parsed.components[0].checksums.len(), 1);
        let edges: Vec<_> = parsed
            .dependencies
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(
            edges,
            [(
                "pkg:pypi/pytest@8.0.0".to_owned(),
                "pkg:pypi/toml@0.10.2".to_owned()
            )]
        );
        assert_eq!(parsed.components[0].locations[0].line, Some(7));
        assert_eq!(parsed.components[1].scope.dev, Some(true));
        assert_eq!(parsed.components[2].scope.optional, Some(true));
        assert_eq!(
            parsed.components[3].source,
            ComponentSource::Git {
                url: "https://github.com/dzshn/ike".into(),
                commit: Some("cd66602cd29f61a2d2e7fb995fef1e61708c034d".into())
            }
        );
        assert_eq!(
            parsed.components[4].source,
            ComponentSource::Path {
                path: "./local".into()
            }
        );
    }

    #[test]
    fn bad_packages_are_skipped_and_bad_files_refused() {
        let parsed = parse(
            "[[package]]\nname = \"a b\"\nversion = \"1\"\n[[package]]\nname = \"ok\"\n\
             version = \"1\"\ngroups = 3\n[[package]]\nname = \"good\"\nversion = \"2\"\n",
        )
        .unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert_eq!(parsed.diagnostics.len(), 2);
        assert_eq!(parsed.diagnostics[1].record.as_deref(), Some("ok"));
        assert!(matches!(
            parse("[metadata]\nlock_version = \"5.0\"\n"),
            Err(ExtractError::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            parse("[[package]\n"),
            Err(ExtractError::Malformed { .. })
        ));
        assert!(parse("").unwrap().components.is_empty());
    }
}
