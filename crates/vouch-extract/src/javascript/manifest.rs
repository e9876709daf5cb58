//! The `package.json` beside a lockfile, and those of the workspaces it names: the dependencies
//! the project asks for itself, which yarn.lock and package-lock.json v1 do not record. Only the
//! dependency sections, `name` and `workspaces` are read
//! (<https://docs.npmjs.com/cli/v10/configuring-npm/package-json>).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::read::read_text;
use crate::source::Source;
use crate::{ExtractError, Parsed};

/// How many workspace directories are read at most (a hostile glob must not read the disk).
const MAX_WORKSPACES: usize = 1_000;

/// A `package.json`, as far as it names dependencies.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Manifest {
    pub(crate) name: Option<String>,
    dependencies: BTreeMap<String, Value>,
    dev_dependencies: BTreeMap<String, Value>,
    optional_dependencies: BTreeMap<String, Value>,
    peer_dependencies: BTreeMap<String, Value>,
    /// `["packages/*"]`, or yarn's `{ "packages": [...], "nohoist": [...] }`.
    workspaces: Value,
}

/// One dependency a manifest names, merged over its sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Wanted<'m> {
    pub(crate) name: &'m str,
    /// The range as written (`^1.0.0`, `npm:real@^1`); where several sections name it, the
    /// production one (npm installs that range, not the devDependencies one).
    pub(crate) range: &'m str,
    /// Named only in `devDependencies`.
    pub(crate) dev: bool,
    /// Named only in `optionalDependencies`.
    pub(crate) optional: bool,
}

impl Manifest {
    /// Parses the text of a `package.json`; the message says what is wrong.
    pub(crate) fn parse(text: &str) -> Result<Manifest, String> {
        serde_json::from_str(text).map_err(|e| format!("invalid package.json: {e}"))
    }

    /// Every dependency named in `dependencies`, `devDependencies`, `optionalDependencies` or
    /// `peerDependencies`, once each, by name.
    pub(crate) fn wanted(&self) -> Vec<Wanted<'_>> {
        let sections = [
            (&self.peer_dependencies, false, false),
            (&self.dependencies, false, false),
            (&self.optional_dependencies, false, true),
            (&self.dev_dependencies, true, false),
        ];
        let mut wanted: BTreeMap<&str, Wanted<'_>> = BTreeMap::new();
        for (section, dev, optional) in sections {
            for (name, range) in section {
                let range = range.as_str().unwrap_or_default();
                wanted
                    .entry(name)
                    .and_modify(|w| {
                        w.dev &= dev;
                        w.optional &= optional;
                        if !dev {
                            w.range = range;
                        }
                    })
                    .or_insert(Wanted {
                        name,
                        range,
                        dev,
                        optional,
                    });
            }
        }
        wanted.into_values().collect()
    }

    /// The workspace patterns (`packages/*`), either form.
    fn workspace_patterns(&self) -> Vec<&str> {
        let list = match &self.workspaces {
            Value::Object(o) => o.get("packages").unwrap_or(&Value::Null),
            other => other,
        };
        list.as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect()
    }
}

/// The manifests of a project: its root `package.json` (beside the lockfile) first, then those
/// of its workspaces, with each manifest's directory relative to the root (`""` for the root).
#[derive(Debug, Default)]
pub(crate) struct Project {
    pub(crate) manifests: Vec<(String, Manifest)>,
}

impl Project {
    /// Reads the `package.json` beside `lockfile` and those of its workspaces. Each file read is
    /// recorded in `parsed.included`; one that cannot be read or parsed becomes a diagnostic
    /// and is left out. `None` when there is no root `package.json`.
    pub(crate) fn read(
        source: &dyn Source,
        lockfile: &Path,
        display: &Path,
        parsed: &mut Parsed,
    ) -> Option<Project> {
        let dir = lockfile.parent()?;
        let display_dir = display.parent().unwrap_or(Path::new(""));
        let root = read_manifest(source, dir, display_dir, parsed)?;
        let mut manifests = Vec::new();
        for workspace in workspace_dirs(source, dir, &root.workspace_patterns()) {
            if let Some(m) = read_manifest(
                source,
                &dir.join(&workspace),
                &display_dir.join(&workspace),
                parsed,
            ) {
                manifests.push((workspace, m));
            }
        }
        manifests.insert(0, (String::new(), root));
        Some(Project { manifests })
    }

    /// The manifest of the root project.
    pub(crate) fn root(&self) -> Option<&Manifest> {
        self.manifests.first().map(|(_, m)| m)
    }

    /// The manifest of the workspace named `name` (by its `name` field).
    pub(crate) fn named(&self, name: &str) -> Option<&Manifest> {
        self.manifests
            .iter()
            .map(|(_, m)| m)
            .find(|m| m.name.as_deref() == Some(name))
    }
}

/// Reads `<dir>/package.json` if it exists.
fn read_manifest(
    source: &dyn Source,
    dir: &Path,
    display_dir: &Path,
    parsed: &mut Parsed,
) -> Option<Manifest> {
    let path = dir.join("package.json");
    if !source.is_file(&path) {
        return None;
    }
    let display = display_dir.join("package.json");
    let result = read_text(source, &path, &display).and_then(|text| {
        Manifest::parse(&text).map_err(|message| ExtractError::Malformed {
            path: display.clone(),
            message,
        })
    });
    match result {
        Ok(manifest) => {
            parsed.included.push(display);
            Some(manifest)
        }
        Err(e) => {
            parsed.diagnostics.push(e.to_diagnostic());
            None
        }
    }
}

/// The directories (relative to `root`, `/`-separated) the workspace patterns match. A
/// pattern's segments are literal names or hold `*` wildcards (`**` counts as one level);
/// negated (`!x`), absolute and `..` patterns are not followed.
fn workspace_dirs(source: &dyn Source, root: &Path, patterns: &[&str]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for pattern in patterns {
        let segments: Vec<&str> = pattern
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect();
        if pattern.starts_with(['!', '/']) || segments.contains(&"..") || segments.is_empty() {
            continue;
        }
        let mut dirs: Vec<PathBuf> = vec![PathBuf::new()];
        for segment in segments {
            let mut next = Vec::new();
            for dir in &dirs {
                if !segment.contains('*') {
                    next.push(dir.join(segment));
                    continue;
                }
                let Ok(names) = source.subdirs(&root.join(dir)) else {
                    continue;
                };
                let names: Vec<String> = names
                    .into_iter()
                    .filter(|n| n != "node_modules" && wildcard_match(segment, n))
                    .collect();
                next.extend(names.into_iter().map(|n| dir.join(n)));
                if next.len() > MAX_WORKSPACES {
                    break;
                }
            }
            dirs = next;
        }
        for dir in dirs {
            let text = dir.to_string_lossy().replace('\\', "/");
            if !found.contains(&text) && found.len() < MAX_WORKSPACES {
                found.push(text);
            }
        }
    }
    found
}

/// Whether `name` matches `pattern`, where `*` stands for any run of characters.
fn wildcard_match(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, rest) = match parts.split_first() {
        Some(split) => split,
        None => return pattern == name,
    };
    let Some(mut remaining) = name.strip_prefix(first) else {
        return false;
    };
    let Some((last, middle)) = rest.split_last() else {
        return remaining.is_empty();
    };
    for part in middle {
        match remaining.find(part) {
            Some(i) => remaining = &remaining[i + part.len()..],
            None => return false,
        }
    }
    remaining.len() >= last.len() && remaining.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_merge_into_one_wanted_per_name() {
        let m = Manifest::parse(
            r#"{"name": "app", "dependencies": {"a": "^1", "b": "^2"},
                "devDependencies": {"b": "^2", "c": "^3"},
                "optionalDependencies": {"d": "^4"}, "peerDependencies": {"e": "*"},
                "workspaces": {"packages": ["packages/*"]}}"#,
        )
        .unwrap();
        let w = |name, range, dev, optional| Wanted {
            name,
            range,
            dev,
            optional,
        };
        assert_eq!(
            m.wanted(),
            [
                w("a", "^1", false, false),
                w("b", "^2", false, false),
                w("c", "^3", true, false),
                w("d", "^4", false, true),
                w("e", "*", false, false),
            ]
        );
        assert_eq!(m.workspace_patterns(), ["packages/*"]);
        assert!(Manifest::parse("[1]").is_err());
    }

    #[test]
    fn wildcards_match_names() {
        assert!(wildcard_match("*", "web"));
        assert!(wildcard_match("app-*", "app-web"));
        assert!(wildcard_match("*-lib*", "ui-lib2"));
        assert!(!wildcard_match("app-*", "web"));
        assert!(!wildcard_match("a*b", "ab-c"));
        assert!(wildcard_match("web", "web"));
    }

    #[test]
    fn workspaces_are_found_by_their_patterns() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        for d in [
            "packages/a",
            "packages/b",
            "packages/node_modules",
            "apps/web",
        ] {
            fs_err::create_dir_all(dir.join(d)).unwrap();
        }
        let found = workspace_dirs(
            &crate::Disk,
            dir,
            &["packages/*", "apps/web", "../x", "!packages/b", "/abs"],
        );
        assert_eq!(found, ["packages/a", "packages/b", "apps/web"]);
    }
}
