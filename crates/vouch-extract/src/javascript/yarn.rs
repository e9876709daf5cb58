//! Yarn's `yarn.lock`, in both of its formats. Classic (yarn 1, "yarn lockfile v1") is its own
//! indented syntax: `"pkg@^1.0.0", pkg@~1.1:` headers with `version`, `resolved` and `integrity`
//! fields. Berry (yarn 2+) is YAML with a `__metadata` entry and `"pkg@npm:^1.0.0":` keys holding
//! `version`, `resolution`, `checksum`. Neither has a formal spec; the fields read here are those
//! yarn's own lockfile writers emit (yarnpkg/yarn `src/lockfile/stringify.js`,
//! yarnpkg/berry `packages/yarnpkg-core/sources/Project.ts` `generateLockfile`).
//!
//! The graph: a classic entry's `dependencies` (`name "range"`) point at the entry whose header
//! lists `name@range`; a berry entry's `dependencies` (`name: descriptor`) at the entry keyed
//! `name@descriptor`. Which are direct comes from berry's workspace entries, or from the
//! `package.json` beside the lockfile (classic records no project); without either it is unknown.

use std::collections::HashMap;
use std::path::Path;

use vouch_model::{Checksum, ChecksumAlgorithm, Component, ComponentSource};

use super::graph::{Derive, Graph, Root};
use super::manifest::{Manifest, Project};
use super::yaml::Node;
use super::{
    file_name, integrity_checksums, npm_component, skipped_entry, source_of_resolved,
    split_name_spec,
};
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Yarn's `yarn.lock` (classic and berry).
pub(crate) struct YarnLock;

impl Cataloger for YarnLock {
    fn name(&self) -> &'static str {
        "yarn-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("yarn.lock")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        let mut side = Parsed::default();
        let project = Project::read(source, path, display, &mut side);
        let mut parsed = parse_text(&text, display, project.as_ref())?;
        parsed.included.append(&mut side.included);
        parsed.diagnostics.append(&mut side.diagnostics);
        Ok(parsed)
    }
}

/// Parses the text of a `yarn.lock` named `display`: berry when it has a `__metadata` entry,
/// classic otherwise. `project` is the `package.json` beside it (and its workspaces'), if any.
fn parse_text(
    text: &str,
    display: &Path,
    project: Option<&Project>,
) -> Result<Parsed, ExtractError> {
    if text.lines().any(|l| l.starts_with("__metadata:")) {
        parse_berry(text, display, project)
    } else {
        parse_classic(text, display, project)
    }
}

fn malformed(display: &Path, message: String) -> ExtractError {
    ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    }
}

/// One classic entry as written.
struct Block<'a> {
    header: &'a str,
    line: u32,
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
    /// `(name, range, optional)`, from `dependencies` and `optionalDependencies`.
    dependencies: Vec<(&'a str, &'a str, bool)>,
}

/// Removes one pair of surrounding double quotes (classic writes `"..."` with no escapes).
fn unquote(text: &str) -> &str {
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
}

/// Classic: headers start in column 0 and end with `:`; fields are indented by two spaces
/// (`key value` or `key: value`); the dependency lists under `dependencies:` and
/// `optionalDependencies:` by four (`name "range"`).
fn parse_classic(
    text: &str,
    display: &Path,
    project: Option<&Project>,
) -> Result<Parsed, ExtractError> {
    let mut blocks: Vec<Block<'_>> = Vec::new();
    // Inside a dependency list: whether it is `optionalDependencies`.
    let mut list: Option<bool> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = raw.trim_end();
        let content = trimmed.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = trimmed.len() - content.len();
        if indent == 0 {
            let header = content.strip_suffix(':').ok_or_else(|| {
                malformed(
                    display,
                    format!(
                        "line {line}: expected an entry header ending in `:`, found `{content}`"
                    ),
                )
            })?;
            blocks.push(Block {
                header,
                line,
                version: None,
                resolved: None,
                integrity: None,
                dependencies: Vec::new(),
            });
            list = None;
            continue;
        }
        let Some(block) = blocks.last_mut() else {
            return Err(malformed(
                display,
                format!("line {line}: an indented field before any entry header"),
            ));
        };
        if indent != 2 {
            if let Some(optional) = list
                && let Some((name, range)) = classic_dependency(content)
            {
                block.dependencies.push((name, range, optional));
            }
            continue;
        }
        let (key, value) = match content.split_once([' ', ':']) {
            Some((k, v)) => (k, v.trim_start_matches(':').trim()),
            None => (content, ""),
        };
        list = match (unquote(key), value) {
            ("dependencies", "") => Some(false),
            ("optionalDependencies", "") => Some(true),
            _ => None,
        };
        let value = unquote(value).to_owned();
        match unquote(key) {
            "version" => block.version = Some(value),
            "resolved" => block.resolved = Some(value),
            "integrity" => block.integrity = Some(value),
            _ => {}
        }
    }
    let mut parsed = Parsed::default();
    let mut component_of_block: Vec<Option<usize>> = Vec::with_capacity(blocks.len());
    for block in &blocks {
        match classic_component(block, display) {
            Ok(c) => {
                component_of_block.push(Some(parsed.components.len()));
                parsed.components.push(c);
            }
            Err(message) => {
                component_of_block.push(None);
                parsed
                    .diagnostics
                    .push(skipped_entry(display, block.header, message));
            }
        }
    }
    // Every `name@range` a header lists, to the component of its entry.
    let mut by_spec: HashMap<&str, usize> = HashMap::new();
    for (block, component) in blocks.iter().zip(&component_of_block) {
        if let Some(component) = component {
            for spec in block.header.split(',').map(|s| unquote(s.trim())) {
                by_spec.entry(spec).or_insert(*component);
            }
        }
    }
    let find = |name: &str, range: &str| by_spec.get(format!("{name}@{range}").as_str()).copied();
    let mut graph = Graph::new(parsed.components.len());
    for (block, from) in blocks.iter().zip(&component_of_block) {
        let Some(from) = *from else { continue };
        for &(name, range, optional) in &block.dependencies {
            if let Some(to) = find(name, range) {
                graph.add(from, to, optional);
            }
        }
    }
    if let Some(project) = project {
        let roots = project_roots(project.manifests.iter().map(|(_, m)| m), find);
        let derive = Derive {
            dev: true,
            optional: true,
        };
        graph.apply(&mut parsed.components, &roots, derive);
    }
    parsed.dependencies = graph.purl_pairs(&parsed.components);
    Ok(parsed)
}

/// One line of a classic dependency list, `name range` (either may be quoted): name and range.
fn classic_dependency(content: &str) -> Option<(&str, &str)> {
    let (name, range) = if let Some(quoted) = content.strip_prefix('"') {
        let end = quoted.find('"')?;
        (&quoted[..end], &quoted[end + 1..])
    } else {
        content.split_once(' ')?
    };
    let range = unquote(range.trim());
    (!name.is_empty()).then_some((name, range))
}

/// The components the manifests name (by `find(name, range)`), as graph roots.
fn project_roots<'m>(
    manifests: impl Iterator<Item = &'m Manifest>,
    find: impl Fn(&str, &str) -> Option<usize>,
) -> Vec<Root> {
    manifests
        .flat_map(Manifest::wanted)
        .filter_map(|w| {
            find(w.name, w.range).map(|index| Root {
                index,
                dev: w.dev,
                optional: w.optional,
            })
        })
        .collect()
}

/// The package a `name@spec` names: the spec's target for an alias (`alias@npm:real@^1`).
fn package_of(specifier: &str) -> (&str, &str) {
    let (name, spec) = split_name_spec(specifier);
    match spec.strip_prefix("npm:") {
        // `npm:real@^1` or `npm:@scope/real@^1`; `npm:^1.0.0` is no alias.
        Some(target) if target.contains('@') => split_name_spec(target),
        _ => (name, spec),
    }
}

/// One classic entry as a component; the message says why it was skipped.
fn classic_component(block: &Block<'_>, display: &Path) -> Result<Component, String> {
    let first = block
        .header
        .split(',')
        .map(|s| unquote(s.trim()))
        .next()
        .unwrap_or_default();
    let (name, spec) = package_of(first);
    let version = block
        .version
        .as_deref()
        .ok_or_else(|| format!("{first} has no version"))?;
    let mut c = npm_component(name, Some(version), display, Some(block.line))?;
    c.source = match &block.resolved {
        Some(resolved) => source_of_resolved(resolved, name),
        None => spec_source(spec, name),
    };
    if let Some(integrity) = &block.integrity {
        c.checksums = integrity_checksums(integrity);
    }
    // Classic writes the tarball's SHA-1 as the `resolved` URL's fragment.
    if c.checksums.is_empty()
        && !matches!(c.source, ComponentSource::Git { .. })
        && let Some((_, fragment)) = block.resolved.as_deref().and_then(|r| r.rsplit_once('#'))
        && fragment.len() == 40
        && fragment.bytes().all(|b| b.is_ascii_hexdigit())
    {
        c.checksums.push(Checksum {
            algorithm: ChecksumAlgorithm::Sha1,
            hex: fragment.to_ascii_lowercase(),
        });
    }
    Ok(c)
}

/// Where a dependency spec without a resolved URL points: a local path or the registry.
fn spec_source(spec: &str, name: &str) -> ComponentSource {
    for prefix in ["file:", "link:", "portal:", "workspace:"] {
        if let Some(path) = spec.strip_prefix(prefix) {
            // Berry appends `::locator=...` (who asked for it) and `#path` to local specs.
            let path = path.split("::").next().unwrap_or(path);
            let path = path.split('#').next().unwrap_or(path);
            return ComponentSource::Path { path: path.into() };
        }
    }
    if spec.is_empty()
        || spec.starts_with("npm:")
        || spec.starts_with("patch:")
        || !spec.contains([':', '/'])
    {
        return ComponentSource::Registry;
    }
    source_of_resolved(spec, name)
}

/// Berry: a YAML mapping from `name@spec[, name@spec]` to the locked package.
fn parse_berry(
    text: &str,
    display: &Path,
    project: Option<&Project>,
) -> Result<Parsed, ExtractError> {
    let doc = Node::parse(text).map_err(|e| malformed(display, e))?;
    let entries = match &doc {
        Node::Null => &[][..],
        Node::Map(entries) => entries,
        _ => {
            return Err(malformed(
                display,
                "the top level is not a mapping of package entries".into(),
            ));
        }
    };
    let entries: Vec<_> = entries.iter().filter(|e| e.key != "__metadata").collect();
    let mut parsed = Parsed::default();
    let mut component_of_entry: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    for entry in &entries {
        match berry_component(&entry.key, entry.line, &entry.value, display) {
            Ok(Some(c)) => {
                component_of_entry.push(Some(parsed.components.len()));
                parsed.components.push(c);
            }
            Ok(None) => component_of_entry.push(None),
            Err(message) => {
                component_of_entry.push(None);
                parsed
                    .diagnostics
                    .push(skipped_entry(display, &entry.key, message));
            }
        }
    }
    let mut by_descriptor: HashMap<&str, usize> = HashMap::new();
    for (entry, component) in entries.iter().zip(&component_of_entry) {
        if let Some(component) = component {
            for descriptor in entry.key.split(',').map(str::trim) {
                by_descriptor.entry(descriptor).or_insert(*component);
            }
        }
    }
    // Lockfiles before version 6 leave the default `npm:` protocol out of dependency values.
    let find = |name: &str, range: &str| {
        by_descriptor
            .get(format!("{name}@{range}").as_str())
            .or_else(|| by_descriptor.get(format!("{name}@npm:{range}").as_str()))
            .copied()
    };
    let mut graph = Graph::new(parsed.components.len());
    let mut roots: Vec<Root> = Vec::new();
    let mut workspaces = 0;
    for (entry, component) in entries.iter().zip(&component_of_entry) {
        let workspace = berry_workspace(&entry.key, &entry.value);
        if workspace.is_none() && component.is_none() {
            continue;
        }
        let manifest = match workspace {
            Some((_, true)) => project.and_then(Project::root),
            Some((name, false)) => project.and_then(|p| p.named(name)),
            None => None,
        };
        let wanted = manifest.map(Manifest::wanted).unwrap_or_default();
        let optional_meta = berry_optional(&entry.value);
        for dep in entry
            .value
            .get("dependencies")
            .map(Node::entries)
            .unwrap_or_default()
        {
            let Some(to) = dep.value.as_str().and_then(|range| find(&dep.key, range)) else {
                continue;
            };
            let optional = optional_meta.contains(&dep.key.as_str());
            if let Some(from) = *component {
                graph.add(from, to, optional);
            }
            if workspace.is_some() {
                let named = wanted.iter().find(|w| w.name == dep.key);
                roots.push(Root {
                    index: to,
                    dev: named.is_some_and(|w| w.dev),
                    optional: optional || named.is_some_and(|w| w.optional),
                });
            }
        }
        if let (Some(_), Some(index)) = (workspace, *component) {
            roots.push(Root {
                index,
                dev: false,
                optional: false,
            });
        }
        workspaces += usize::from(workspace.is_some());
    }
    // A lockfile without workspace entries (written by hand, or trimmed): the manifests say.
    if workspaces == 0
        && let Some(project) = project
    {
        roots = project_roots(project.manifests.iter().map(|(_, m)| m), find);
    }
    if workspaces > 0 || project.is_some() {
        let derive = Derive {
            dev: project.is_some(),
            optional: true,
        };
        graph.apply(&mut parsed.components, &roots, derive);
    }
    parsed.dependencies = graph.purl_pairs(&parsed.components);
    Ok(parsed)
}

/// For a workspace entry (`name@workspace:path`), its name and whether it is the root (`.`).
fn berry_workspace<'a>(key: &'a str, value: &'a Node) -> Option<(&'a str, bool)> {
    let first = key.split(',').map(str::trim).next().unwrap_or_default();
    let resolution = value.str_at("resolution").unwrap_or(first);
    let (name, spec) = split_name_spec(resolution);
    let path = spec.strip_prefix("workspace:")?;
    Some((name, path == "."))
}

/// The dependencies `dependenciesMeta` marks `optional: true` (keyed by name, or `name@version`).
fn berry_optional(value: &Node) -> Vec<&str> {
    value
        .get("dependenciesMeta")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter(|meta| meta.value.str_at("optional") == Some("true"))
        .map(|meta| split_name_spec(&meta.key).0)
        .collect()
}

/// One berry entry as a component; `None` for the project's own root workspace
/// (`name@workspace:.`), which is the delivery itself rather than a third-party component.
fn berry_component(
    key: &str,
    line: Option<u32>,
    value: &Node,
    display: &Path,
) -> Result<Option<Component>, String> {
    if !matches!(value, Node::Map(_)) {
        return Err("the entry is not a mapping".into());
    }
    let first = key.split(',').map(str::trim).next().unwrap_or_default();
    // `resolution` names the package actually locked (an alias's key names the alias).
    let resolution = value.str_at("resolution").unwrap_or(first);
    let (name, spec) = split_name_spec(resolution);
    if spec == "workspace:." {
        return Ok(None);
    }
    let version = value
        .str_at("version")
        .ok_or_else(|| format!("{first} has no version"))?;
    let mut c = npm_component(name, Some(version), display, line)?;
    c.source = spec_source(spec, name);
    // Berry's `checksum` is of yarn's own cache archive, not of the registry's tarball, so it
    // cannot verify what the registry serves and is not recorded.
    Ok(Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("yarn.lock"), None)
    }

    #[test]
    fn classic_entries_give_name_version_source_and_hashes() {
        let text = r#"# yarn lockfile v1


"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
  version "7.12.13"
  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.12.13.tgz#dcfc826beef65e75c50e21d3837d7d95798dd658"
  dependencies:
    "@babel/highlight" "^7.12.13"

alias@npm:real@^1:
  version "1.0.0"
  resolved "https://npm.example.com/real/-/real-1.0.0.tgz"
  integrity sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=

mine@G-Rath/repo#0a2d2506c1:
  version "0.0.1"
  resolved "https://codeload.github.com/G-Rath/repo/tar.gz/0a2d2506c1fe299691fc5db53a2097db3bd615bc"
"#;
        let parsed = parse(text).unwrap();
        assert!(parsed.diagnostics.is_empty());
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.version.as_deref().unwrap(),
                    c.locations[0].line.unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("@babel/code-frame", "7.12.13", 4),
                ("real", "1.0.0", 10),
                ("mine", "0.0.1", 15)
            ]
        );
        let c = &parsed.components;
        assert_eq!(c[0].source, ComponentSource::Registry);
        assert_eq!(
            c[0].checksums[0].hex,
            "dcfc826beef65e75c50e21d3837d7d95798dd658"
        );
        assert_eq!(
            c[1].source,
            ComponentSource::AlternateRegistry {
                url: "https://npm.example.com".into()
            }
        );
        assert_eq!(c[1].checksums[0].hex, "0".repeat(40));
        assert!(matches!(
            &c[2].source,
            ComponentSource::Git { commit: Some(commit), .. } if commit.starts_with("0a2d2506")
        ));
    }

    #[test]
    fn classic_bad_entries_are_skipped_and_bad_files_refused() {
        let parsed = parse("a@^1:\n  resolved \"x\"\n\nb@^1:\n  version \"1.0.0\"\n").unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("a@^1"));
        let err = parse("a@^1:\n  version \"1\"\nthis is not yarn\n").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
        assert!(parse("  version \"1\"\n").is_err());
    }

    #[test]
    fn berry_entries_follow_resolution_and_drop_the_root_workspace() {
        let text = r#"__metadata:
  version: 8
  cacheKey: 10c0

"alias@npm:real@^5.0.0":
  version: 5.0.1
  resolution: "real@npm:5.0.1"
  checksum: 10c0/9a64
  languageName: node
  linkType: hard

"@ws/lib@workspace:packages/lib":
  version: 0.0.0-use.local
  resolution: "@ws/lib@workspace:packages/lib"
  languageName: unknown
  linkType: soft

"vuejs@https://github.com/vuejs/vue.git":
  version: 2.5.0
  resolution: "vuejs@https://github.com/vuejs/vue.git#commit=0948d999f2fddf9f90991956493f976273c5da1f"

"local@file:../x::locator=me%40workspace%3A.":
  version: 0.0.2
  resolution: "local@file:../x#../x::hash=351be1&locator=me%40workspace%3A."

"me@workspace:.":
  version: 0.0.0-use.local
  resolution: "me@workspace:."

"bad@npm:1":
  resolution: "bad@npm:1.0.0"
"#;
        let parsed = parse(text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.locations[0].line, c.source.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("real", Some(5), ComponentSource::Registry),
                (
                    "@ws/lib",
                    Some(12),
                    ComponentSource::Path {
                        path: "packages/lib".into()
                    }
                ),
                (
                    "vuejs",
                    Some(18),
                    ComponentSource::Git {
                        url: "https://github.com/vuejs/vue.git".into(),
                        commit: Some("0948d999f2fddf9f90991956493f976273c5da1f".into())
                    }
                ),
                (
                    "local",
                    Some(22),
                    ComponentSource::Path {
                        path: "../x".into()
                    }
                ),
            ]
        );
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("bad@npm:1"));
    }

    #[test]
    fn berry_that_is_not_yaml_is_refused_with_a_line() {
        let err = parse("__metadata:\n  version: [\n").unwrap_err();
        assert!(matches!(err, ExtractError::Malformed { .. }), "{err}");
    }

    fn project(package_json: &str) -> Project {
        Project {
            manifests: vec![(String::new(), Manifest::parse(package_json).unwrap())],
        }
    }

    const CLASSIC_GRAPH: &str = r#"# yarn lockfile v1


a@^1.0.0, a@^1.1.0:
  version "1.2.0"
  dependencies:
    b "^2.0.0"
    "@s/c" "~3.0.0"
  optionalDependencies:
    d "^4.0.0"

b@^2.0.0:
  version "2.1.0"
  dependencies:
    a "^1.1.0"
    missing "^9"

"@s/c@~3.0.0":
  version "3.0.1"

d@^4.0.0:
  version "4.0.0"
  dependencies:
    e "^5.0.0"

e@^5.0.0:
  version "5.0.0"

tool@^6.0.0:
  version "6.0.0"
  dependencies:
    b "^2.0.0"
"#;

    #[test]
    fn classic_dependencies_resolve_by_header_specs() {
        use crate::javascript::seen::{edges, scopes};
        let parsed = parse(CLASSIC_GRAPH).unwrap();
        assert_eq!(
            edges(&parsed),
            [
                "pkg:npm/a@1.2.0 -> pkg:npm/%40s/c@3.0.1",
                "pkg:npm/a@1.2.0 -> pkg:npm/b@2.1.0",
                "pkg:npm/a@1.2.0 -> pkg:npm/d@4.0.0",
                "pkg:npm/b@2.1.0 -> pkg:npm/a@1.2.0",
                "pkg:npm/d@4.0.0 -> pkg:npm/e@5.0.0",
                "pkg:npm/tool@6.0.0 -> pkg:npm/b@2.1.0",
            ]
        );
        // Without a package.json, yarn.lock does not say what the project asks for.
        assert!(
            scopes(&parsed).iter().all(|s| s.ends_with("? dev:? opt:?")),
            "{:?}",
            scopes(&parsed)
        );
        let with = parse_text(
            CLASSIC_GRAPH,
            Path::new("yarn.lock"),
            Some(&project(
                r#"{"dependencies": {"a": "^1.0.0"}, "devDependencies": {"tool": "^6.0.0"}}"#,
            )),
        )
        .unwrap();
        assert_eq!(edges(&with), edges(&parsed));
        assert_eq!(
            scopes(&with),
            [
                "a@1.2.0 D dev:n opt:n",
                "b@2.1.0 T dev:n opt:n",
                "@s/c@3.0.1 T dev:n opt:n",
                "d@4.0.0 T dev:n opt:y",
                "e@5.0.0 T dev:n opt:y",
                "tool@6.0.0 D dev:y opt:n",
            ]
        );
    }

    const BERRY_GRAPH: &str = r#"__metadata:
  version: 4
  cacheKey: 8

"a@npm:^1.0.0":
  version: 1.2.0
  resolution: "a@npm:1.2.0"
  dependencies:
    b: ^2.0.0
    fsevents: ~2.3.2
  dependenciesMeta:
    fsevents:
      optional: true
  peerDependencies:
    react: "*"

"b@npm:^2.0.0":
  version: 2.1.0
  resolution: "b@npm:2.1.0"

"fsevents@npm:~2.3.2":
  version: 2.3.3
  resolution: "fsevents@npm:2.3.3"

"alias@npm:real@^5.0.0":
  version: 5.0.1
  resolution: "real@npm:5.0.1"

"react@npm:18.2.0":
  version: 18.2.0
  resolution: "react@npm:18.2.0"

"@ws/lib@workspace:packages/lib":
  version: 0.0.0-use.local
  resolution: "@ws/lib@workspace:packages/lib"
  dependencies:
    alias: "npm:real@^5.0.0"

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    "@ws/lib": "workspace:packages/lib"
    a: "npm:^1.0.0"
    react: "npm:18.2.0"
"#;

    #[test]
    fn berry_dependencies_resolve_by_descriptor_and_workspaces_are_direct() {
        use crate::javascript::seen::{edges, scopes};
        let parsed = parse(BERRY_GRAPH).unwrap();
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(
            edges(&parsed),
            [
                "pkg:npm/%40ws/lib@0.0.0-use.local -> pkg:npm/real@5.0.1",
                "pkg:npm/a@1.2.0 -> pkg:npm/b@2.1.0",
                "pkg:npm/a@1.2.0 -> pkg:npm/fsevents@2.3.3",
            ]
        );
        // Berry merges a workspace's devDependencies into `dependencies`: dev is unknown.
        assert_eq!(
            scopes(&parsed),
            [
                "a@1.2.0 D dev:? opt:n",
                "b@2.1.0 T dev:? opt:n",
                "fsevents@2.3.3 T dev:? opt:y",
                "real@5.0.1 D dev:? opt:n",
                "react@18.2.0 D dev:? opt:n",
                "@ws/lib@0.0.0-use.local D dev:? opt:n",
            ]
        );
        let with = parse_text(
            BERRY_GRAPH,
            Path::new("yarn.lock"),
            Some(&project(
                r#"{"dependencies": {"a": "^1.0.0"}, "devDependencies": {"react": "18.2.0"}}"#,
            )),
        )
        .unwrap();
        assert_eq!(
            scopes(&with)[..5],
            [
                "a@1.2.0 D dev:n opt:n",
                "b@2.1.0 T dev:n opt:n",
                "fsevents@2.3.3 T dev:n opt:y",
                "real@5.0.1 D dev:n opt:n",
                "react@18.2.0 D dev:y opt:n",
            ]
        );
    }
}
