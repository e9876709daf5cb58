//! `package-lock.json` and `npm-shrinkwrap.json`: the packages npm installed, from
//! `lockfileVersion` 1 (a nested `dependencies` tree) and 2 and 3 (a flat `packages` map keyed
//! by install path; version 2 also carries the v1 tree, which is ignored here).
//! Format: <https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json>.
//!
//! Semantics follow osv-scalibr's extractor, whose expectations the tests hold us to: one
//! component per name and version (or git commit) in a file, dependency groups `dev`,
//! `optional` (and `bundled`, `peer`) merged so that a package needed in production anywhere has
//! none; workspace links are skipped while the linked workspace packages are reported.
//!
//! The graph: each package's dependencies (v2/v3) or `requires` (v1) are found where Node finds
//! them, in the package's own `node_modules`, then each enclosing one up to the root's. V1 does
//! not record the project's own dependencies: the `package.json` beside it names them, and
//! without one a top-level package no other package requires is taken as direct.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsStr;
use std::path::Path;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;
use vouch_model::{
    Component, ComponentSource, Diagnostic, DiagnosticCode, Ecosystem, Location, PackageName,
    Relationship,
};

use crate::javascript::manifest::Project;
use crate::javascript::source_of_resolved;
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Reads `package-lock.json` and `npm-shrinkwrap.json`.
pub(crate) struct NpmLock;

impl Cataloger for NpmLock {
    fn name(&self) -> &'static str {
        "npm-lock"
    }

    /// `npm-shrinkwrap.json` anywhere; `package-lock.json` unless it sits inside a
    /// `node_modules` directory (npm never reads a dependency's own package-lock.json, so it
    /// says nothing about what is installed; osv-scalibr skips it for the same reason).
    fn claims(&self, path: &Path) -> bool {
        match path.file_name().and_then(OsStr::to_str) {
            Some("npm-shrinkwrap.json") => true,
            Some("package-lock.json") => !path
                .parent()
                .is_some_and(|dir| dir.components().any(|c| c.as_os_str() == "node_modules")),
            _ => false,
        }
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        // npm reads npm-shrinkwrap.json and ignores package-lock.json when both exist.
        if path.file_name() == Some(OsStr::new("package-lock.json"))
            && source.is_file(&path.with_file_name("npm-shrinkwrap.json"))
        {
            return Ok(Parsed::default());
        }
        let text = read_text(source, path, display)?;
        parse_str(&text, display, Some((source, path)))
    }
}

/// The top of the file: only what decides the format.
#[derive(Deserialize)]
struct Lockfile<'a> {
    #[serde(rename = "lockfileVersion")]
    lockfile_version: Option<serde_json::Value>,
    #[serde(borrow)]
    packages: Option<BTreeMap<String, &'a RawValue>>,
    #[serde(borrow)]
    dependencies: Option<BTreeMap<String, &'a RawValue>>,
}

/// An entry of v2/v3 `packages`, keyed by its install path (`""` is the project itself).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct PackageEntry {
    /// Written for aliases (the real name) and workspace packages.
    name: Option<String>,
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
    link: bool,
    dev: bool,
    optional: bool,
    dev_optional: bool,
    peer: bool,
    in_bundle: bool,
    dependencies: BTreeMap<String, IgnoredAny>,
    dev_dependencies: BTreeMap<String, IgnoredAny>,
    optional_dependencies: BTreeMap<String, IgnoredAny>,
    peer_dependencies: BTreeMap<String, IgnoredAny>,
}

impl PackageEntry {
    fn dependency_names(&self) -> impl Iterator<Item = &str> {
        self.dependencies
            .keys()
            .chain(self.dev_dependencies.keys())
            .chain(self.optional_dependencies.keys())
            .chain(self.peer_dependencies.keys())
            .map(String::as_str)
    }
}

/// An entry of the v1 `dependencies` tree, keyed by the name it is installed under.
#[derive(Deserialize, Default)]
#[serde(default)]
struct TreeEntry<'a> {
    /// A version, or `npm:<name>@<version>` (alias), `file:<path>`, a git or tarball URL.
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
    dev: bool,
    optional: bool,
    bundled: bool,
    #[serde(borrow)]
    dependencies: Option<BTreeMap<String, &'a RawValue>>,
    /// The names (and ranges) this package requires, found by Node's resolution.
    requires: Requires,
}

/// A v1 entry's `requires`: a map of name to range (npm writes no other form; anything else
/// is read as requiring nothing rather than failing the entry).
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Requires {
    Names(BTreeMap<String, IgnoredAny>),
    Other(IgnoredAny),
    #[default]
    None,
}

/// One package as found, before it is checked and merged with its duplicates.
struct Found {
    name: String,
    version: Option<String>,
    source: ComponentSource,
    groups: Vec<&'static str>,
    dev: bool,
    optional: bool,
    relationship: Option<Relationship>,
    integrity: Option<String>,
    line: u32,
}

impl Found {
    /// Same package in the sense of osv-scalibr's de-duplication: name and commit or version.
    fn key(&self) -> (String, Option<String>) {
        let commit = match &self.source {
            ComponentSource::Git {
                commit: Some(c), ..
            } => Some(c.clone()),
            _ => None,
        };
        (self.name.clone(), commit.or_else(|| self.version.clone()))
    }

    /// Merges a duplicate: production anywhere wins for groups, dev and optional; direct
    /// anywhere wins; the first line is kept.
    fn merge(&mut self, other: Found) {
        if self.groups.is_empty() || other.groups.is_empty() {
            self.groups.clear();
        } else {
            self.groups.extend(other.groups);
            self.groups.sort_unstable();
            self.groups.dedup();
        }
        self.dev &= other.dev;
        self.optional &= other.optional;
        self.relationship = match (self.relationship, other.relationship) {
            (Some(Relationship::Direct), _) | (_, Some(Relationship::Direct)) => {
                Some(Relationship::Direct)
            }
            (a, b) => a.or(b),
        };
        self.line = self.line.min(other.line);
        if self.integrity.is_none() {
            self.integrity = other.integrity;
        }
    }
}

/// What the walk over one file collects.
struct Collector<'t> {
    text: &'t str,
    lines: LineIndex,
    display: &'t Path,
    found: Vec<Found>,
    diagnostics: Vec<Diagnostic>,
    /// v2/v3: which package each install path holds (its [`Found::key`]).
    keys_by_path: HashMap<String, (String, Option<String>)>,
    /// `(from path, to path)` for each dependency resolved the way Node resolves it.
    edges: Vec<(String, String)>,
    /// v1: the install path of each of `found` (in the v2/v3 form, `node_modules/a/node_modules/
    /// b`) and the names it requires.
    tree_paths: Vec<(String, Vec<String>)>,
}

impl Collector<'_> {
    /// The line of the key whose value is `raw` (the value starts on it in files npm writes;
    /// this walks back over `:` and white space to the key itself to be sure).
    fn key_line(&self, raw: &RawValue) -> u32 {
        let Some(offset) = raw
            .get()
            .as_ptr()
            .addr()
            .checked_sub(self.text.as_ptr().addr())
        else {
            return 0;
        };
        let before = self.text.get(..offset).unwrap_or_default();
        let key_end = before.trim_end_matches(|c: char| c.is_whitespace() || c == ':');
        self.lines.line(key_end.len().saturating_sub(1))
    }

    /// Reports an entry that was left out.
    fn skip(&mut self, record: &str, line: u32, problem: impl std::fmt::Display) {
        self.warn(record, line, format_args!("{problem}; package skipped"));
    }

    /// Reports part of an entry that was left out.
    fn warn(&mut self, record: &str, line: u32, message: impl std::fmt::Display) {
        self.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::InvalidPackage,
                format!("line {line}: {message}"),
            )
            .with_path(self.display)
            .with_record(record),
        );
    }
}

/// Parses the text of a package-lock.json; `display` names the file in errors and locations.
/// `path` is the real file, beside which a v1 lockfile's `package.json` is looked for.
pub(crate) fn parse_str(
    text: &str,
    display: &Path,
    beside: Option<(&dyn Source, &Path)>,
) -> Result<Parsed, ExtractError> {
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    if text.trim().is_empty() {
        return Err(malformed("the file is empty, not a JSON object".into()));
    }
    let top = match text.trim_start().as_bytes().first() {
        Some(b'{') => None,
        Some(b'[') => Some("array"),
        Some(b'"') => Some("string"),
        Some(b'n') => Some("null"),
        Some(b't' | b'f') => Some("boolean"),
        Some(b'-' | b'0'..=b'9') => Some("number"),
        _ => None,
    };
    if let Some(kind) = top
        && serde_json::from_str::<IgnoredAny>(text).is_ok()
    {
        return Err(malformed(format!(
            "the top level is a JSON {kind}, not an object"
        )));
    }
    let lockfile: Lockfile<'_> = serde_json::from_str(text)
        .map_err(|e| malformed(format!("invalid package-lock JSON: {e}")))?;
    match &lockfile.lockfile_version {
        None => {}
        Some(v) if v.as_u64().is_some_and(|v| (1..=3).contains(&v)) => {}
        Some(v) => {
            return Err(ExtractError::UnsupportedVersion {
                path: display.to_path_buf(),
                what: "lockfileVersion",
                version: v.to_string(),
            });
        }
    }
    let mut collector = Collector {
        text,
        lines: LineIndex::new(text),
        display,
        found: Vec::new(),
        diagnostics: Vec::new(),
        keys_by_path: HashMap::new(),
        edges: Vec::new(),
        tree_paths: Vec::new(),
    };
    // Version 2 holds both forms; `packages` is the complete one.
    if let Some(packages) = &lockfile.packages {
        read_packages(&mut collector, packages);
    } else if let Some(tree) = &lockfile.dependencies {
        read_tree(&mut collector, tree, 1, "");
        let mut side = Parsed::default();
        let project = beside.and_then(|(source, p)| Project::read(source, p, display, &mut side));
        tree_graph(&mut collector, project.as_ref());
        let mut parsed = finish(collector);
        parsed.included.append(&mut side.included);
        parsed.diagnostics.append(&mut side.diagnostics);
        return Ok(parsed);
    }
    Ok(finish(collector))
}

/// V1: resolves each package's `requires` to the installed package Node would load, and marks
/// the top-level packages the project names (in `project`, or else that no package requires)
/// direct; every other package is transitive.
fn tree_graph(c: &mut Collector<'_>, project: Option<&Project>) {
    let paths: std::collections::HashSet<&str> =
        c.tree_paths.iter().map(|(p, _)| p.as_str()).collect();
    let mut required: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut edges = Vec::new();
    for (from, requires) in &c.tree_paths {
        for name in requires {
            if let Some(to) = node_resolve(from, name, &paths) {
                required.insert(to);
                edges.push((from.clone(), to.to_owned()));
            }
        }
    }
    let named: Option<std::collections::HashSet<&str>> = project.map(|p| {
        p.manifests
            .iter()
            .flat_map(|(_, m)| m.wanted())
            .map(|w| w.name)
            .collect()
    });
    for ((path, _), found) in c.tree_paths.iter().zip(c.found.iter_mut()) {
        let top_level = path
            .strip_prefix("node_modules/")
            .filter(|n| !is_installed(n));
        let direct = match (top_level, &named) {
            (None, _) => false,
            (Some(name), Some(named)) => named.contains(name),
            (Some(_), None) => !required.contains(path.as_str()),
        };
        found.relationship = Some(if direct {
            Relationship::Direct
        } else {
            Relationship::Transitive
        });
    }
    c.edges = edges;
}

/// Reads the v2/v3 `packages` map.
fn read_packages(c: &mut Collector<'_>, packages: &BTreeMap<String, &RawValue>) {
    let mut entries: Vec<(&str, PackageEntry, u32)> = Vec::with_capacity(packages.len());
    for (path, raw) in packages {
        let line = c.key_line(raw);
        match serde_json::from_str::<PackageEntry>(raw.get()) {
            Ok(entry) => entries.push((path, entry, line)),
            Err(e) => c.skip(path, line, format_args!("the entry is malformed: {e}")),
        }
    }
    // The project (`""`) and its workspace packages (paths outside node_modules) name the
    // direct dependencies. A hoisted dependency of a workspace lands in the root node_modules.
    let mut root_direct: Option<Vec<&str>> = None;
    let mut local_direct: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (path, entry, _) in &entries {
        if path.is_empty() {
            root_direct
                .get_or_insert_with(Vec::new)
                .extend(entry.dependency_names());
        } else if !is_installed(path) && !entry.link {
            local_direct.insert(path, entry.dependency_names().collect());
        }
    }
    if let Some(root) = &mut root_direct {
        root.extend(local_direct.values().flatten());
        root.sort_unstable();
        root.dedup();
    }
    let relationship = |path: &str| -> Option<Relationship> {
        let root = root_direct.as_ref()?;
        let (owner, install_name) = match path.rsplit_once("node_modules/") {
            None => return Some(Relationship::Direct),
            Some((owner, name)) => (owner.trim_end_matches('/'), name),
        };
        let direct = if owner.is_empty() {
            root.binary_search(&install_name).is_ok()
        } else if is_installed(owner) {
            false
        } else {
            local_direct
                .get(owner)
                .is_some_and(|names| names.contains(&install_name))
        };
        Some(if direct {
            Relationship::Direct
        } else {
            Relationship::Transitive
        })
    };

    for (path, entry, line) in &entries {
        if path.is_empty() || entry.link {
            continue;
        }
        let name = entry
            .name
            .clone()
            .unwrap_or_else(|| name_from_path(path).to_owned());
        let source = if is_installed(path) {
            entry
                .resolved
                .as_deref()
                .map_or(ComponentSource::Registry, |r| source_of_resolved(r, &name))
        } else {
            ComponentSource::Path {
                path: (*path).to_owned(),
            }
        };
        let mut groups = Vec::new();
        if entry.dev || entry.dev_optional {
            groups.push("dev");
        }
        if entry.optional || entry.dev_optional {
            groups.push("optional");
        }
        if entry.peer {
            groups.push("peer");
        }
        if entry.in_bundle {
            groups.push("bundled");
        }
        let found = Found {
            name,
            version: entry.version.clone(),
            source,
            groups,
            dev: entry.dev,
            optional: entry.optional || entry.dev_optional,
            relationship: relationship(path),
            integrity: entry.integrity.clone(),
            line: *line,
        };
        c.keys_by_path.insert((*path).to_owned(), found.key());
        c.found.push(found);
    }

    // The graph: each package's dependencies, found where Node looks for them (the
    // package's own node_modules, then each enclosing node_modules up to the root); a link
    // stands for the package it points to.
    let paths: std::collections::HashSet<&str> = entries.iter().map(|(p, _, _)| *p).collect();
    let links: HashMap<&str, &str> = entries
        .iter()
        .filter(|(_, e, _)| e.link)
        .filter_map(|(p, e, _)| e.resolved.as_deref().map(|r| (*p, r)))
        .collect();
    for (path, entry, _) in &entries {
        if path.is_empty() || entry.link {
            continue;
        }
        for dep in entry.dependency_names() {
            if let Some(target) = node_resolve(path, dep, &paths) {
                let target = links.get(target).copied().unwrap_or(target);
                c.edges.push(((*path).to_owned(), target.to_owned()));
            }
        }
    }
}

/// Where Node finds `name` required from the package installed at `from`: `from/node_modules/
/// name`, then the same under each enclosing `node_modules` owner, then the root's.
fn node_resolve<'p>(
    from: &str,
    name: &str,
    paths: &std::collections::HashSet<&'p str>,
) -> Option<&'p str> {
    let mut owner = from;
    loop {
        let candidate = if owner.is_empty() {
            format!("node_modules/{name}")
        } else {
            format!("{owner}/node_modules/{name}")
        };
        if let Some(found) = paths.get(candidate.as_str()) {
            return Some(found);
        }
        if owner.is_empty() {
            return None;
        }
        owner = match owner.rfind("/node_modules/") {
            Some(i) => &owner[..i],
            None if owner.starts_with("node_modules/") => "",
            // A workspace package: its own node_modules, then the root's.
            None => "",
        };
    }
}

/// How deep a v1 tree is followed. npm's own trees stay far shallower; a hostile file must
/// not exhaust the stack (the JSON parser itself skips nested values without recursing).
const MAX_TREE_DEPTH: usize = 64;

/// Reads the v1 `dependencies` tree, depth first; `owner` is the install path of the package
/// whose nested tree this is (`""` for the top level).
fn read_tree(c: &mut Collector<'_>, tree: &BTreeMap<String, &RawValue>, depth: usize, owner: &str) {
    for (key, raw) in tree {
        let path = if owner.is_empty() {
            format!("node_modules/{key}")
        } else {
            format!("{owner}/node_modules/{key}")
        };
        let line = c.key_line(raw);
        let entry = match serde_json::from_str::<TreeEntry<'_>>(raw.get()) {
            Ok(entry) => entry,
            Err(e) => {
                c.skip(key, line, format_args!("the entry is malformed: {e}"));
                continue;
            }
        };
        match &entry.dependencies {
            Some(_) if depth >= MAX_TREE_DEPTH => c.warn(
                key,
                line,
                format_args!(
                    "its dependencies nest deeper than {MAX_TREE_DEPTH} levels; \
                     the deeper entries were skipped"
                ),
            ),
            Some(nested) => read_tree(c, nested, depth + 1, &path),
            None => {}
        }
        let mut name = key.clone();
        let mut version = entry.version.clone();
        let mut source = entry
            .resolved
            .as_deref()
            .map_or(ComponentSource::Registry, |r| source_of_resolved(r, key));
        if let Some(written) = entry.version.as_deref() {
            if let Some(alias) = written.strip_prefix("npm:") {
                // `npm:<real name>@<version>`; the `@` of a scope is not the separator.
                match alias.rsplit_once('@').filter(|(n, _)| !n.is_empty()) {
                    Some((real, v)) => {
                        name = real.to_owned();
                        version = Some(v.to_owned());
                    }
                    None => {
                        name = alias.to_owned();
                        version = None;
                    }
                }
            } else if let Some(path) = written.strip_prefix("file:") {
                source = ComponentSource::Path { path: path.into() };
                version = None;
            } else if let Some(s) = git_source(written) {
                source = s;
                version = None;
            } else if written.contains("://") {
                source = ComponentSource::Url {
                    url: written.into(),
                };
                version = None;
            }
        }
        let mut groups = Vec::new();
        if entry.dev {
            groups.push("dev");
        }
        if entry.optional {
            groups.push("optional");
        }
        if entry.bundled {
            groups.push("bundled");
        }
        let found = Found {
            name,
            version,
            source,
            groups,
            dev: entry.dev,
            optional: entry.optional,
            relationship: None,
            integrity: entry.integrity.clone(),
            line,
        };
        let requires = match &entry.requires {
            Requires::Names(names) => names.keys().cloned().collect(),
            Requires::Other(_) | Requires::None => Vec::new(),
        };
        c.keys_by_path.insert(path.clone(), found.key());
        c.tree_paths.push((path, requires));
        c.found.push(found);
    }
}

/// Checks names and versions, merges duplicates and builds the components.
fn finish(mut c: Collector<'_>) -> Parsed {
    let mut merged: Vec<(Found, PackageName)> = Vec::new();
    let mut index: HashMap<(String, Option<String>), usize> = HashMap::new();
    for found in std::mem::take(&mut c.found) {
        let record = match &found.version {
            Some(v) => format!("{}@{v}", found.name),
            None => found.name.clone(),
        };
        let name = match PackageName::new(Ecosystem::Npm, &found.name) {
            Ok(name) => name,
            Err(e) => {
                c.skip(&record, found.line, e);
                continue;
            }
        };
        if let Some(v) = &found.version
            && let Err(e) = semver::Version::parse(v)
        {
            c.skip(
                &record,
                found.line,
                format_args!("`{v}` is not a valid SemVer version: {e}"),
            );
            continue;
        }
        match index.get(&found.key()) {
            Some(&i) => merged[i].0.merge(found),
            None => {
                index.insert(found.key(), merged.len());
                merged.push((found, name));
            }
        }
    }
    let mut parsed = Parsed {
        diagnostics: std::mem::take(&mut c.diagnostics),
        ..Parsed::default()
    };
    let mut purls: HashMap<(String, Option<String>), vouch_model::Purl> = HashMap::new();
    for (found, name) in merged {
        let location = Location {
            path: c.display.to_path_buf(),
            line: Some(found.line),
        };
        let record = name.to_string();
        let mut component =
            match Component::new(Ecosystem::Npm, name, found.version.clone(), location) {
                Ok(component) => component,
                Err(e) => {
                    parsed.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticCode::InvalidPackage,
                            format!("line {}: {e}; package skipped", found.line),
                        )
                        .with_path(c.display)
                        .with_record(record),
                    );
                    continue;
                }
            };
        let key = found.key();
        component.source = found.source;
        component.scope.relationship = found.relationship;
        component.scope.dev = Some(found.dev);
        component.scope.optional = Some(found.optional);
        component.groups = found.groups.iter().map(|g| (*g).to_owned()).collect();
        component.groups.sort();
        component.checksums = found
            .integrity
            .as_deref()
            .map(crate::javascript::integrity_checksums)
            .unwrap_or_default();
        purls.insert(key, component.purl.clone());
        parsed.components.push(component);
    }
    for (from, to) in &c.edges {
        let purl_at = |path: &String| c.keys_by_path.get(path).and_then(|k| purls.get(k));
        if let (Some(from), Some(to)) = (purl_at(from), purl_at(to))
            && from != to
        {
            parsed.dependencies.push((from.clone(), to.clone()));
        }
    }
    parsed
}

/// Whether a `packages` key is an install location (under some `node_modules`), as opposed
/// to the project, a workspace package or a `file:` dependency's directory.
fn is_installed(path: &str) -> bool {
    path.split('/').any(|segment| segment == "node_modules")
}

/// The package name an install path implies: its last segment, with the scope before it.
fn name_from_path(path: &str) -> &str {
    let mut segments = path.rsplitn(3, '/');
    let last = segments.next().unwrap_or(path);
    match segments.next() {
        Some(scope) if scope.starts_with('@') => {
            let start = path.len() - last.len() - scope.len() - 1;
            &path[start..]
        }
        _ => last,
    }
}

/// A git source for a git specifier or URL, with the commit where one can be read.
pub(crate) fn git_source(spec: &str) -> Option<ComponentSource> {
    let commit = try_extract_commit(spec);
    let looks_git = [
        "git+",
        "git://",
        "ssh://",
        "github:",
        "gitlab:",
        "bitbucket:",
        "gist:",
    ]
    .iter()
    .any(|p| spec.starts_with(p));
    if commit.is_none() && !looks_git {
        return None;
    }
    let url = spec.split_once('#').map_or(spec, |(url, _)| url);
    Some(ComponentSource::Git {
        url: url.into(),
        commit: commit.map(str::to_owned),
    })
}

/// `\w+` in Go's regexp syntax: ASCII letters, digits, `_`.
fn is_word(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The commit a git specifier or resolved URL pins, by the rules of osv-scalibr's
/// `commitextractor` (written out here without regular expressions):
/// 1. `[...@]{git,git+ssh,git+https,ssh}://...#<commit>`
/// 2. `[...@]https://....git#<commit>`
/// 3. `https://codeload.github.com/<owner>/<repo>/tar.gz/<commit>`
/// 4. `...#commit:<commit>` or `...#commit=<commit>`
/// 5. `{github,gitlab,bitbucket}:...#<commit>`
/// 6. a URL on github.com, gitlab.com or bitbucket.org: its `ref` query, else its fragment.
pub(crate) fn try_extract_commit(spec: &str) -> Option<&str> {
    // Positions where a `(?:^|.+@)` prefix can end.
    let starts = || {
        std::iter::once(0).chain(
            spec.char_indices()
                .filter(|&(i, c)| c == '@' && i >= 1)
                .map(|(i, _)| i + 1),
        )
    };
    if let Some((before, fragment)) = spec.rsplit_once('#') {
        if is_word(fragment) {
            // 1.
            for start in starts() {
                let rest = &spec[start..before.len()];
                for scheme in ["git://", "git+ssh://", "git+https://", "ssh://"] {
                    if rest.strip_prefix(scheme).is_some_and(|r| !r.is_empty()) {
                        return Some(fragment);
                    }
                }
            }
            // 2.
            for start in starts() {
                let rest = &spec[start..before.len()];
                if rest
                    .strip_prefix("https://")
                    .and_then(|r| r.strip_suffix(".git"))
                    .is_some_and(|r| !r.is_empty())
                {
                    return Some(fragment);
                }
            }
            // 5.
            for host in ["github:", "gitlab:", "bitbucket:"] {
                if before.strip_prefix(host).is_some_and(|r| !r.is_empty()) {
                    return Some(fragment);
                }
            }
        }
        // 4.
        let pinned = fragment
            .strip_prefix("commit:")
            .or_else(|| fragment.strip_prefix("commit="));
        if let Some(commit) = pinned.filter(|c| is_word(c) && !before.is_empty()) {
            return Some(commit);
        }
    }
    // 3.
    const CODELOAD: &str = "https://codeload.github.com";
    for (i, _) in spec.match_indices(CODELOAD) {
        let parts: Vec<&str> = spec[i + CODELOAD.len()..].split('/').collect();
        let segment = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        };
        if let ["", owner, repo, "tar.gz", commit] = parts.as_slice()
            && segment(owner)
            && segment(repo)
            && is_word(commit)
        {
            return Some(commit);
        }
    }
    // 6.
    let (rest, fragment) = spec.split_once('#').unwrap_or((spec, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (scheme, rest) = rest.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return None;
    }
    let authority = rest.split('/').next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if !["bitbucket.org", "github.com", "gitlab.com"].contains(&host) {
        return None;
    }
    let found = if query.is_empty() {
        fragment
    } else {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("ref="))
            .unwrap_or_default()
    };
    (!found.is_empty()).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vouch_model::{Checksum, ChecksumAlgorithm};

    #[test]
    fn commits_are_read_from_each_git_form() {
        let sha = "af885e2e890b9ef0875edd2b117305119ee5bdc5";
        for spec in [
            format!("git+ssh://git@github.com/jonschlinkert/is-number.git#{sha}"),
            format!("git+https://dummy-token@github.com/jonschlinkert/is-number.git#{sha}"),
            format!("git://github.com/brianfryer/slick.git#{sha}"),
            format!("is-number@https://github.com/jonschlinkert/is-number.git#{sha}"),
            format!("github:jonschlinkert/is-number#{sha}"),
            format!("gitlab:kornelski/babel-preset-php#{sha}"),
            format!("https://codeload.github.com/owner/repo.js/tar.gz/{sha}"),
            format!("https://example.com/x.tgz#commit={sha}"),
            format!("https://github.com/owner/repo?ref={sha}"),
            format!("https://gitlab.com/owner/repo#{sha}"),
        ] {
            assert_eq!(try_extract_commit(&spec), Some(sha), "{spec}");
        }
        for spec in [
            "1.0.0",
            "https://registry.npmjs.org/a/-/a-1.0.0.tgz",
            "github:owner/repo",
            "https://example.com/repo.git#not-a-word",
            "https://github.com/owner/repo",
        ] {
            assert_eq!(try_extract_commit(spec), None, "{spec}");
        }
    }

    #[test]
    fn base64_round_trips_known_digests() {
        let sums = crate::javascript::integrity_checksums(
            "sha1-tSQ9jz7BqjXxNkYFvA0QNuMKtp8= md5-xx sha512-bad",
        );
        assert_eq!(
            sums,
            vec![Checksum {
                algorithm: ChecksumAlgorithm::Sha1,
                hex: "b5243d8f3ec1aa35f1364605bc0d1036e30ab69f".into()
            }]
        );
    }

    #[test]
    fn install_paths_name_their_package() {
        assert_eq!(name_from_path("node_modules/wrappy"), "wrappy");
        assert_eq!(name_from_path("node_modules/@babel/core"), "@babel/core");
        assert_eq!(name_from_path("node_modules/a/node_modules/@s/b"), "@s/b");
        assert_eq!(name_from_path("deps/etag"), "etag");
        assert_eq!(name_from_path("etag"), "etag");
    }
}
