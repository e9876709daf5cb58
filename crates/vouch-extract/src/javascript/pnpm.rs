//! pnpm's lockfile, `pnpm-lock.yaml` (YAML), as pnpm 7 (`lockfileVersion` 5.x), 8 (6.x) and 9+
//! (9.x) write it. Packages are keyed by dependency path: `/name/1.0.0_peer@2` (5.x),
//! `/name@1.0.0(peer@2)` (6.x) or `name@1.0.0` (9.x, peers only under `snapshots`); a `name` and
//! `version` field win over the path (git, tarball and `file:` packages). Spec:
//! <https://github.com/pnpm/spec/blob/master/lockfile/> (6.x and 9.x), otherwise pnpm's
//! `@pnpm/lockfile.types`.
//!
//! The graph: each package's `dependencies` and `optionalDependencies` (under `packages` before
//! 9.x, `snapshots` from 9.x) map names to the same references a project uses, which point at
//! `packages` keys. Peer dependencies are edges only where pnpm lists them among those.

use std::collections::HashMap;
use std::path::Path;

use vouch_model::{Component, ComponentSource, Relationship};

use super::graph::{Derive, Graph, Root};
use super::yaml::Node;
use super::{
    file_name, integrity_checksums, npm_component, skipped_entry, source_of_resolved,
    split_name_spec,
};
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// pnpm's `pnpm-lock.yaml`.
pub(crate) struct PnpmLock;

impl Cataloger for PnpmLock {
    fn name(&self) -> &'static str {
        "pnpm-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("pnpm-lock.yaml")
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

/// The sections in which a project (an importer) names its own dependencies.
const DEPENDENCY_SECTIONS: [&str; 3] = ["dependencies", "devDependencies", "optionalDependencies"];

/// Parses the text of a `pnpm-lock.yaml` named `display`.
fn parse_text(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    let doc = Node::parse(text).map_err(malformed)?;
    match &doc {
        Node::Null => return Ok(Parsed::default()),
        Node::Map(_) => {}
        _ => return Err(malformed("the top level is not a YAML mapping".into())),
    }
    let major = lockfile_major(&doc, display)?;
    let direct = direct_dependencies(&doc, major);
    let optional = optional_snapshots(&doc);
    let mut parsed = Parsed::default();
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    let packages = match doc.get("packages") {
        None | Some(Node::Null) => return Ok(parsed),
        Some(Node::Map(entries)) => entries,
        Some(_) => return Err(malformed("`packages` is not a mapping".into())),
    };
    for entry in packages {
        match component(&entry.key, entry.line, &entry.value, major, display) {
            Ok(mut c) => {
                if let Some(&only_optional) = optional.get(entry.key.as_str()) {
                    c.scope.optional = Some(only_optional);
                }
                if let Some(direct) = &direct {
                    let key = entry.key.as_str();
                    c.scope.relationship = Some(match direct.get(key) {
                        Some(_) => Relationship::Direct,
                        None => Relationship::Transitive,
                    });
                    // A direct dependency named only in `devDependencies` is a dev dependency.
                    if c.scope.dev.is_none()
                        && let Some(&dev_only) = direct.get(key)
                    {
                        c.scope.dev = Some(dev_only);
                    }
                }
                by_key.insert(entry.key.as_str(), parsed.components.len());
                parsed.components.push(c);
            }
            Err(message) => parsed
                .diagnostics
                .push(skipped_entry(display, &entry.key, message)),
        }
    }
    let mut graph = Graph::new(parsed.components.len());
    // 9.x lists dependencies per snapshot (`name@1.0.0(peer@2)`), of the package `name@1.0.0`.
    let holders = match major {
        9.. => doc.get("snapshots").map(Node::entries).unwrap_or_default(),
        _ => packages.as_slice(),
    };
    for holder in holders {
        let key = if major >= 9 {
            holder.key.split('(').next().unwrap_or(&holder.key)
        } else {
            holder.key.as_str()
        };
        let Some(&from) = by_key.get(key) else {
            continue;
        };
        for (section, optional) in [("dependencies", false), ("optionalDependencies", true)] {
            for dep in holder
                .value
                .get(section)
                .map(Node::entries)
                .unwrap_or_default()
            {
                let target = dep
                    .value
                    .as_str()
                    .and_then(|reference| package_key(&dep.key, reference, major))
                    .and_then(|key| by_key.get(key.as_str()));
                if let Some(&to) = target {
                    graph.add(from, to, optional);
                }
            }
        }
    }
    // 9.x no longer marks dev packages: what only dev dependencies reach is dev.
    if major >= 9
        && let Some(direct) = &direct
    {
        let roots: Vec<Root> = direct
            .iter()
            .filter_map(|(key, &dev)| {
                by_key.get(key.as_str()).map(|&index| Root {
                    index,
                    dev,
                    optional: false,
                })
            })
            .collect();
        let derive = Derive {
            dev: true,
            optional: false,
        };
        graph.apply(&mut parsed.components, &roots, derive);
    }
    parsed.dependencies = graph.purl_pairs(&parsed.components);
    Ok(parsed)
}

/// 9.x: whether every `snapshots` entry (one per peer set) of a `packages` key is
/// `optional: true`, by that key. Earlier versions mark `optional` on the package itself.
fn optional_snapshots(doc: &Node) -> HashMap<&str, bool> {
    let mut optional: HashMap<&str, bool> = HashMap::new();
    for entry in doc.get("snapshots").map(Node::entries).unwrap_or_default() {
        let key = entry.key.split('(').next().unwrap_or(&entry.key);
        let this = entry.value.str_at("optional") == Some("true");
        optional
            .entry(key)
            .and_modify(|o| *o = *o && this)
            .or_insert(this);
    }
    optional
}

/// The major of `lockfileVersion` (`5.4`, `'6.0'`, `'9.0'`); 5 when absent. pnpm 7 to 10 wrote
/// 5 to 9; another major is refused rather than misread.
fn lockfile_major(doc: &Node, display: &Path) -> Result<u32, ExtractError> {
    let Some(written) = doc.str_at("lockfileVersion") else {
        return Ok(5);
    };
    let major = written
        .trim()
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(m @ 5..=9) => Ok(m),
        _ => Err(ExtractError::UnsupportedVersion {
            path: display.to_path_buf(),
            what: "lockfileVersion",
            version: written.to_owned(),
        }),
    }
}

/// The `packages` key of every package a project names itself, with whether it named it only
/// as a dev dependency; `None` when the lockfile lists no project dependencies at all.
/// Projects are the `importers` (workspaces, 6.x and 9.x) or the top level (single project).
fn direct_dependencies(doc: &Node, major: u32) -> Option<HashMap<String, bool>> {
    let importers = doc.get("importers").map(Node::entries).unwrap_or_default();
    let projects = importers
        .iter()
        .map(|e| &e.value)
        .chain(std::iter::once(doc));
    let mut direct: HashMap<String, bool> = HashMap::new();
    let mut any = false;
    for project in projects {
        for section in DEPENDENCY_SECTIONS {
            for entry in project.get(section).map(Node::entries).unwrap_or_default() {
                any = true;
                // 5.x writes the version; 6.x and 9.x `{ specifier, version }`.
                let reference = match &entry.value {
                    Node::Scalar(s) => s.as_str(),
                    other => other.str_at("version").unwrap_or_default(),
                };
                let Some(key) = package_key(&entry.key, reference, major) else {
                    continue;
                };
                let dev = section == "devDependencies";
                direct
                    .entry(key)
                    .and_modify(|d| *d = *d && dev)
                    .or_insert(dev);
            }
        }
    }
    any.then_some(direct)
}

/// The `packages` key a project's reference to `name` points at. A version (with its peer
/// suffix, which 5.x and 6.x keys keep and 9.x keys drop) is joined to the name as that
/// version's keys are written; anything else (an alias's `/real/1.0.0`, a git or tarball path)
/// is a dependency path already, as is any 9.x reference after `name@`. Links to workspaces
/// point at none.
fn package_key(name: &str, reference: &str, major: u32) -> Option<String> {
    if reference.is_empty() || reference.starts_with("link:") {
        return None;
    }
    let is_version = reference.starts_with(|c: char| c.is_ascii_digit());
    Some(match major {
        9.. => {
            let reference = reference.split('(').next().unwrap_or(reference);
            if is_version || !reference.contains('@') {
                format!("{name}@{reference}")
            } else {
                reference.to_owned()
            }
        }
        6..=8 if is_version => format!("/{name}@{reference}"),
        _ if is_version => format!("/{name}/{reference}"),
        _ => reference.to_owned(),
    })
}

/// A version without its peer suffix: `1.0.0(react@18)` (6.x, 9.x) or `1.0.0_react@18` (5.x).
fn strip_peers(version: &str, major: u32) -> &str {
    let version = version.split('(').next().unwrap_or(version);
    if major < 6 {
        version.split('_').next().unwrap_or(version)
    } else {
        version
    }
}

/// Name and version from a dependency path; either may be empty where the path does not carry
/// it (`file:` paths, git paths): the entry's `name` and `version` fields then give them.
fn path_name_version(path: &str, major: u32) -> Result<(&str, &str), String> {
    if path.starts_with("file:") {
        return Ok(("", ""));
    }
    if major >= 9 {
        let (name, version) = split_name_spec(path);
        return Ok((name, strip_peers(version, major)));
    }
    // `[host]/name/version`, `[host]/@scope/name/version` or (6.x) `/name@version`, with peers
    // after `(` (6.x) or `_` (5.x); a peer can hold a `/` (`(@types/node@18.0.0)`), so it goes
    // first.
    let path = path.split('(').next().unwrap_or(path);
    let Some((_, rest)) = path.split_once('/') else {
        return Err(format!("invalid package path {path:?}: no `/`"));
    };
    let mut parts = rest.splitn(3, '/');
    let first = parts.next().unwrap_or_default();
    let (name, version) = if first.starts_with('@') {
        let second = parts.next().unwrap_or_default();
        let len = first.len() + 1 + second.len();
        (
            &rest[..len.min(rest.len())],
            parts.next().unwrap_or_default(),
        )
    } else {
        (first, parts.next().unwrap_or_default())
    };
    let version = version.split('/').next().unwrap_or(version);
    let (name, version) = if version.is_empty() {
        // 6.x: `name@version` in one segment.
        let (n, v) = split_name_spec(name);
        (n, v)
    } else {
        (name, version)
    };
    if !version.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok((name, ""));
    }
    Ok((name, strip_peers(version, 5)))
}

/// One `packages` entry as a component; the message says why it was skipped.
fn component(
    key: &str,
    line: Option<u32>,
    value: &Node,
    major: u32,
    display: &Path,
) -> Result<Component, String> {
    let (path_name, path_version) = path_name_version(key, major)?;
    let name = value.str_at("name").unwrap_or(path_name);
    let version = value.str_at("version").unwrap_or(path_version);
    if name.is_empty() {
        return Err("the dependency path names no package and there is no `name`".into());
    }
    if version.is_empty()
        || (major >= 9
            && value.str_at("version").is_none()
            && !version.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Err(format!(
            "{name}: the dependency path gives no version and there is no `version`"
        ));
    }
    let mut c = npm_component(name, Some(version), display, line)?;
    let resolution = value.get("resolution");
    c.source = resolution.map_or(ComponentSource::Registry, |r| source_of(r, name));
    if let Some(integrity) = resolution.and_then(|r| r.str_at("integrity")) {
        c.checksums = integrity_checksums(integrity);
    }
    match value.str_at("dev") {
        Some("true") => {
            c.scope.dev = Some(true);
            c.groups.push("dev".to_owned());
        }
        Some("false") => c.scope.dev = Some(false),
        _ => {}
    }
    if value.str_at("optional") == Some("true") {
        c.scope.optional = Some(true);
    }
    Ok(c)
}

/// Where a `resolution` says the package came from: `{ type: git, repo, commit }`,
/// `{ type: directory, directory }`, `{ tarball }` or the registry (`{ integrity }` alone).
fn source_of(resolution: &Node, name: &str) -> ComponentSource {
    if resolution.str_at("type") == Some("git") || resolution.get("commit").is_some() {
        return ComponentSource::Git {
            url: resolution.str_at("repo").unwrap_or_default().to_owned(),
            commit: resolution.str_at("commit").map(str::to_owned),
        };
    }
    if let Some(directory) = resolution.str_at("directory") {
        return ComponentSource::Path {
            path: directory.to_owned(),
        };
    }
    match resolution.str_at("tarball") {
        Some(tarball) => source_of_resolved(tarball, name),
        None => ComponentSource::Registry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("pnpm-lock.yaml"))
    }

    #[test]
    fn dependency_paths_of_each_lockfile_version() {
        let cases = [
            ("/foo/1.0.0", 5, ("foo", "1.0.0")),
            ("/@foo/bar/1.0.0", 5, ("@foo/bar", "1.0.0")),
            (
                "registry.npmjs.org/@foo/bar/1.1.0",
                5,
                ("@foo/bar", "1.1.0"),
            ),
            ("/foo/1.3.0_bar@2.0.0", 5, ("foo", "1.3.0")),
            ("/foo/1.4.0_@types+babel__core@7.1.14", 5, ("foo", "1.4.0")),
            ("/foo/bar", 5, ("foo", "")),
            (
                "/@babel/core@7.0.0(@types/node@18.0.0)",
                6,
                ("@babel/core", "7.0.0"),
            ),
            ("/react@18.2.0", 6, ("react", "18.2.0")),
            ("@scope/x@1.0.0(peer@1.0.0)", 9, ("@scope/x", "1.0.0")),
            ("file:../x", 6, ("", "")),
        ];
        for (path, major, want) in cases {
            assert_eq!(path_name_version(path, major).unwrap(), want, "{path}");
        }
        assert!(path_name_version("invalidpath", 5).is_err());
    }

    #[test]
    fn project_references_point_at_package_keys() {
        let cases = [
            ("a", "1.0.0_b@2.0.0", 5, "/a/1.0.0_b@2.0.0"),
            ("m", "github.com/o/m/590f321b", 5, "github.com/o/m/590f321b"),
            ("a", "1.0.0(b@2.0.0)", 6, "/a@1.0.0(b@2.0.0)"),
            ("alias", "/real@1.0.0", 6, "/real@1.0.0"),
            ("a", "1.0.0(b@2.0.0)", 9, "a@1.0.0"),
            ("alias", "real@1.0.0", 9, "real@1.0.0"),
            (
                "n",
                "https://codeload.github.com/o/n/tar.gz/98e8ff1",
                9,
                "n@https://codeload.github.com/o/n/tar.gz/98e8ff1",
            ),
        ];
        for (name, reference, major, want) in cases {
            assert_eq!(package_key(name, reference, major).as_deref(), Some(want));
        }
        assert_eq!(package_key("ws", "link:packages/ws", 9), None);
    }

    #[test]
    fn importers_make_direct_and_dev_dependencies() {
        let text = r#"lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      a:
        specifier: ^1
        version: 1.0.0(b@2.0.0)
    devDependencies:
      b:
        specifier: ^2
        version: 2.0.0
packages:
  a@1.0.0:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
  b@2.0.0:
    resolution: {tarball: https://codeload.github.com/o/b/tar.gz/0a2d2506c1fe299691fc5db53a2097db3bd615bc}
    version: 2.0.0
  c@3.0.0:
    resolution: {directory: ../c, type: directory}
snapshots:
  a@1.0.0(b@2.0.0): {}
  b@2.0.0:
    optional: true
  c@3.0.0:
    optional: true
  c@3.0.0(a@1.0.0): {}
"#;
        let parsed = parse(text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.scope.relationship,
                    c.scope.dev,
                    c.locations[0].line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a", Some(Relationship::Direct), Some(false), Some(13)),
                ("b", Some(Relationship::Direct), Some(true), Some(15)),
                ("c", Some(Relationship::Transitive), None, Some(18)),
            ]
        );
        let optional: Vec<_> = parsed.components.iter().map(|c| c.scope.optional).collect();
        assert_eq!(optional, [Some(false), Some(true), Some(false)]);
        assert_eq!(parsed.components[0].checksums[0].hex, "0".repeat(40));
        assert!(matches!(
            &parsed.components[1].source,
            ComponentSource::Git { commit: Some(c), .. } if c.starts_with("0a2d2506")
        ));
        assert_eq!(
            parsed.components[2].source,
            ComponentSource::Path {
                path: "../c".into()
            }
        );
    }

    #[test]
    fn bad_entries_are_skipped_and_bad_files_refused() {
        let text = "lockfileVersion: 5.4\npackages:\n  invalidpath:\n    dev: false\n  /ok/1.0.0:\n    dev: true\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert_eq!(parsed.components[0].groups, ["dev"]);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("invalidpath"));
        assert!(parse("this is not yaml!\n").is_err());
        assert!(matches!(
            parse("lockfileVersion: '42.0'\n"),
            Err(ExtractError::UnsupportedVersion { .. })
        ));
        assert!(parse("packages: [1]\n").is_err());
        assert!(parse("").unwrap().components.is_empty());
    }

    #[test]
    fn each_version_gives_the_graph_with_peer_suffixes_resolved() {
        use crate::javascript::seen::{edges, scopes};
        let v5 = r#"lockfileVersion: 5.4
specifiers:
  a: ^1
  t: ^3
dependencies:
  a: 1.0.0_react@18.2.0
devDependencies:
  t: 3.0.0
packages:
  /a/1.0.0_react@18.2.0:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
    peerDependencies:
      react: '*'
    dependencies:
      '@s/b': 2.0.0
      react: 18.2.0
    optionalDependencies:
      fsevents: 2.3.3
    dev: false
  /@s/b/2.0.0:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
    dev: false
  /react/18.2.0:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
    dev: false
  /fsevents/2.3.3:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
    dev: false
    optional: true
  /t/3.0.0:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
    dependencies:
      '@s/b': 2.0.0
      ws: link:../ws
    dev: true
"#;
        let v6 = r#"lockfileVersion: '6.0'
importers:
  .:
    dependencies:
      a:
        specifier: ^1
        version: 1.0.0(react@18.2.0)
    devDependencies:
      t:
        specifier: ^3
        version: 3.0.0
packages:
  /a@1.0.0(react@18.2.0):
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
    dependencies:
      '@s/b': 2.0.0
      react: 18.2.0
    optionalDependencies:
      fsevents: 2.3.3
    dev: false
  /@s/b@2.0.0:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
    dev: false
  /react@18.2.0:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
    dev: false
  /fsevents@2.3.3:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
    dev: false
    optional: true
  /t@3.0.0:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
    dependencies:
      '@s/b': 2.0.0
    dev: true
"#;
        let v9 = r#"lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      a:
        specifier: ^1
        version: 1.0.0(react@18.2.0)
    devDependencies:
      t:
        specifier: ^3
        version: 3.0.0
packages:
  a@1.0.0:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
  '@s/b@2.0.0':
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
  react@18.2.0:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
  fsevents@2.3.3:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
  t@3.0.0:
    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}
snapshots:
  a@1.0.0(react@18.2.0):
    dependencies:
      '@s/b': 2.0.0
      react: 18.2.0
    optionalDependencies:
      fsevents: 2.3.3
  '@s/b@2.0.0': {}
  react@18.2.0: {}
  fsevents@2.3.3:
    optional: true
  t@3.0.0:
    dependencies:
      '@s/b': 2.0.0
"#;
        let want_edges = [
            "pkg:npm/a@1.0.0 -> pkg:npm/%40s/b@2.0.0",
            "pkg:npm/a@1.0.0 -> pkg:npm/fsevents@2.3.3",
            "pkg:npm/a@1.0.0 -> pkg:npm/react@18.2.0",
            "pkg:npm/t@3.0.0 -> pkg:npm/%40s/b@2.0.0",
        ];
        for (text, opt) in [(v5, '?'), (v6, '?'), (v9, 'n')] {
            let parsed = parse(text).unwrap();
            assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
            assert_eq!(edges(&parsed), want_edges, "{text}");
            assert_eq!(
                scopes(&parsed),
                [
                    format!("a@1.0.0 D dev:n opt:{opt}"),
                    format!("@s/b@2.0.0 T dev:n opt:{opt}"),
                    format!("react@18.2.0 T dev:n opt:{opt}"),
                    "fsevents@2.3.3 T dev:n opt:y".to_owned(),
                    format!("t@3.0.0 D dev:y opt:{opt}"),
                ],
                "{text}"
            );
        }
    }
}
