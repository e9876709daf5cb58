//! uv's lockfile, `uv.lock` (TOML, `version = 1` with a `revision`;
//! <https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile>): one `[[package]]` per
//! locked distribution. The project itself and its workspace members (`source = { editable }`,
//! `{ virtual }`, or the project as `{ directory = "." }`) are the delivery's own code, not components; their dependency lists say which
//! packages are direct, which groups name them, and which are needed only for development.
//! Every other package's `dependencies`, `optional-dependencies` and `dev-dependencies` give the
//! graph; where one name is locked at several versions (uv forks by marker) uv writes the version.

use std::collections::{HashMap, VecDeque};
use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Value};
use vouch_model::{Component, ComponentSource, Purl, Relationship};

use super::poetry::is_pypi;
use super::{
    file_name, git_source, parse_checksum, pypi_name, skipped_entry, tidy, toml_error,
    toml_package, toml_str,
};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// uv's `uv.lock`.
pub(crate) struct UvLock;

impl Cataloger for UvLock {
    fn name(&self) -> &'static str {
        "uv-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("uv.lock")
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

/// The lockfile as written; fields whose type may vary are read as [`Value`] so that one odd
/// package is skipped with a diagnostic instead of failing the file.
#[derive(Deserialize)]
struct Lock {
    version: Option<Value>,
    #[serde(default)]
    package: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: Option<Spanned<Value>>,
    version: Option<Value>,
    /// `{ registry }`, `{ git }`, `{ url }`, `{ path }`, `{ directory }`, `{ editable }`,
    /// `{ virtual }`.
    source: Option<Value>,
    /// `[{ name, version?, source?, extra?, marker? }]`.
    dependencies: Option<Value>,
    /// Extras: `{ extra = [dependency] }`.
    #[serde(rename = "optional-dependencies")]
    optional_dependencies: Option<Value>,
    /// Dependency groups (PEP 735, and uv's `dev`): `{ group = [dependency] }`.
    #[serde(rename = "dev-dependencies")]
    dev_dependencies: Option<Value>,
    sdist: Option<Value>,
    wheels: Option<Value>,
}

/// How a package is reached from the project: through its dependencies, its extras, or its
/// development groups.
#[derive(Debug, Default, Clone, Copy)]
struct Reach {
    main: bool,
    extra: bool,
    dev: bool,
}

#[derive(Debug, Clone, Copy)]
enum Via {
    Main,
    Extra,
    Dev,
}

impl Reach {
    /// Marks `via`; `false` when it was marked already.
    fn mark(&mut self, via: Via) -> bool {
        let flag = match via {
            Via::Main => &mut self.main,
            Via::Extra => &mut self.extra,
            Via::Dev => &mut self.dev,
        };
        !std::mem::replace(flag, true)
    }

    fn any(self) -> bool {
        self.main || self.extra || self.dev
    }
}

/// Parses the text of a `uv.lock` named `display`.
fn parse_text(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let lock: Lock = toml::from_str(text).map_err(|e| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: toml_error(text, &e),
    })?;
    if let Some(version) = &lock.version
        && version.as_integer() != Some(1)
    {
        return Err(ExtractError::UnsupportedVersion {
            path: display.to_path_buf(),
            what: "version",
            version: version.to_string(),
        });
    }
    let packages = &lock.package;
    let graph = Graph::new(packages);
    let lines = LineIndex::new(text);
    let mut parsed = Parsed::default();
    // The component each package became, for the edges.
    let mut component_of: Vec<Option<usize>> = vec![None; packages.len()];
    for (i, package) in packages.iter().enumerate() {
        if graph.is_root[i] {
            continue;
        }
        let record = package
            .name
            .as_ref()
            .and_then(|n| n.get_ref().as_str())
            .map_or_else(|| format!("package #{}", i + 1), str::to_owned);
        let line = package.name.as_ref().map(|n| lines.line(n.span().start));
        match component(package, display, line) {
            Ok(mut c) => {
                if !graph.roots.is_empty() {
                    let reach = graph.reach[i];
                    c.scope.relationship = if graph.groups[i].direct {
                        Some(Relationship::Direct)
                    } else {
                        reach.any().then_some(Relationship::Transitive)
                    };
                    if reach.any() {
                        c.scope.dev = Some(!(reach.main || reach.extra));
                        c.scope.optional = Some(reach.extra && !reach.main);
                    }
                }
                c.groups = graph.groups[i].names.clone();
                tidy(&mut c);
                component_of[i] = Some(parsed.components.len());
                parsed.components.push(c);
            }
            Err(message) => parsed
                .diagnostics
                .push(skipped_entry(display, &record, message)),
        }
    }
    parsed.dependencies = edges(packages, &graph, &component_of, &parsed.components);
    Ok(parsed)
}

/// The `(from, to)` edges between components: every list of every package that is not the
/// project's own (the SBOM links the project to the direct ones).
fn edges(
    packages: &[Package],
    graph: &Graph<'_>,
    component_of: &[Option<usize>],
    components: &[Component],
) -> Vec<(Purl, Purl)> {
    let mut out = Vec::new();
    for (i, p) in packages.iter().enumerate() {
        let Some(from) = component_of[i].and_then(|c| components.get(c)) else {
            continue;
        };
        let tables = [
            p.optional_dependencies.as_ref(),
            p.dev_dependencies.as_ref(),
        ];
        let named = tables
            .into_iter()
            .filter_map(|t| t.and_then(Value::as_table))
            .flat_map(|t| t.values());
        for list in std::iter::once(p.dependencies.as_ref()).chain(named.map(Some)) {
            for dep in entries(list) {
                for target in targets(dep, &graph.by_name) {
                    // A package naming itself (`{ name = "a", extra = ["x"] }` in its own
                    // extras) is no edge.
                    if let Some(to) = component_of[target].and_then(|c| components.get(c))
                        && to.purl != from.purl
                    {
                        out.push((from.purl.clone(), to.purl.clone()));
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// One package as a component; the message says why it was skipped.
fn component(package: &Package, display: &Path, line: Option<u32>) -> Result<Component, String> {
    let mut c = toml_package(
        package.name.as_ref(),
        package.version.as_ref(),
        display,
        line,
    )?;
    if let Some(source) = package.source.as_ref().and_then(Value::as_table) {
        c.source = source_of(source);
    }
    let sdist = package.sdist.iter();
    let wheels = package
        .wheels
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    c.checksums = sdist
        .chain(wheels)
        .filter_map(|file| parse_checksum(toml_str(file.get("hash"))?))
        .collect();
    Ok(c)
}

/// Whether a package is the project or a workspace member: local source the delivery builds
/// (`editable` or `virtual`, or the project itself as a non-editable `directory = "."`). Any
/// other `directory` is a path dependency, a component the project depends on.
fn is_root(package: &Package) -> bool {
    package
        .source
        .as_ref()
        .and_then(Value::as_table)
        .is_some_and(|s| {
            s.contains_key("editable")
                || s.contains_key("virtual")
                || toml_str(s.get("directory")).is_some_and(|d| matches!(d, "." | "./"))
        })
}

/// A `source = { ... }` table as a component source.
fn source_of(source: &toml::Table) -> ComponentSource {
    if let Some(url) = toml_str(source.get("registry")) {
        return if is_pypi(url) {
            ComponentSource::Registry
        } else {
            ComponentSource::AlternateRegistry {
                url: url.to_owned(),
            }
        };
    }
    if let Some(git) = toml_str(source.get("git")) {
        // `https://host/repo?rev=main#<commit>`: the fragment is the resolved commit.
        let (url, commit) = match git.split_once('#') {
            Some((url, commit)) => (url, Some(commit)),
            None => (git, None),
        };
        return git_source(url, commit);
    }
    if let Some(url) = toml_str(source.get("url")) {
        return ComponentSource::Url {
            url: url.to_owned(),
        };
    }
    for key in ["path", "directory"] {
        if let Some(path) = toml_str(source.get(key)) {
            return ComponentSource::Path {
                path: path.to_owned(),
            };
        }
    }
    ComponentSource::Registry
}

/// What the project's own entries say about each package.
#[derive(Debug, Default, Clone)]
struct Direct {
    /// Named by the project (or a workspace member) itself.
    direct: bool,
    /// The extras and dependency groups of the project that name it.
    names: Vec<String>,
}

/// The dependency graph, walked from the project.
struct Graph<'a> {
    roots: Vec<usize>,
    /// Whether each package is one of `roots`.
    is_root: Vec<bool>,
    reach: Vec<Reach>,
    groups: Vec<Direct>,
    by_name: ByName<'a>,
}

impl<'a> Graph<'a> {
    fn new(packages: &'a [Package]) -> Self {
        let mut by_name: ByName<'_> = HashMap::new();
        for (i, p) in packages.iter().enumerate() {
            if let Some(name) = p.name.as_ref().and_then(|n| n.get_ref().as_str())
                && let Ok(name) = pypi_name(name)
            {
                by_name
                    .entry(name.normalized().to_owned())
                    .or_default()
                    .push((i, toml_str(p.version.as_ref())));
            }
        }
        let is_root: Vec<bool> = packages.iter().map(is_root).collect();
        let mut graph = Graph {
            roots: (0..packages.len()).filter(|&i| is_root[i]).collect(),
            is_root,
            reach: vec![Reach::default(); packages.len()],
            groups: vec![Direct::default(); packages.len()],
            by_name,
        };
        let mut queue = VecDeque::new();
        for &root in &graph.roots {
            let p = &packages[root];
            let lists = [(Via::Main, None, p.dependencies.as_ref())]
                .into_iter()
                .chain(named_lists(p.optional_dependencies.as_ref(), Via::Extra))
                .chain(named_lists(p.dev_dependencies.as_ref(), Via::Dev));
            for (via, group, list) in lists {
                for dep in entries(list) {
                    for target in targets(dep, &graph.by_name) {
                        let direct = &mut graph.groups[target];
                        direct.direct = true;
                        if let Some(group) = group {
                            direct.names.push(group.to_owned());
                        }
                        queue.push_back((target, via, dep));
                    }
                }
            }
        }
        // Breadth first: a package is expanded once per way it is reached.
        while let Some((i, via, edge)) = queue.pop_front() {
            if !graph.reach[i].mark(via) {
                continue;
            }
            let p = &packages[i];
            let extras = edge
                .get("extra")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str);
            let extra_lists = extras
                .filter_map(|extra| p.optional_dependencies.as_ref().and_then(|o| o.get(extra)));
            for list in std::iter::once(p.dependencies.as_ref()).chain(extra_lists.map(Some)) {
                for dep in entries(list) {
                    for target in targets(dep, &graph.by_name) {
                        queue.push_back((target, via, dep));
                    }
                }
            }
        }
        graph
    }
}

/// The `(via, group, list)` of each group in an `optional-dependencies` or `dev-dependencies`
/// table.
fn named_lists(table: Option<&Value>, via: Via) -> Vec<(Via, Option<&str>, Option<&Value>)> {
    table
        .and_then(Value::as_table)
        .into_iter()
        .flatten()
        .map(|(group, list)| (via, Some(group.as_str()), Some(list)))
        .collect()
}

/// The dependency tables of a list (non-tables are ignored).
fn entries(list: Option<&Value>) -> impl Iterator<Item = &toml::Table> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_table)
}

/// The packages a dependency entry points at: by name, narrowed by version where given (uv
/// writes the version when one name is locked at several).
fn targets(dep: &toml::Table, by_name: &ByName<'_>) -> Vec<usize> {
    let Some(name) = toml_str(dep.get("name")).and_then(|n| pypi_name(n).ok()) else {
        return Vec::new();
    };
    let Some(candidates) = by_name.get(name.normalized()) else {
        return Vec::new();
    };
    let wanted = toml_str(dep.get("version"));
    let exact: Vec<usize> = candidates
        .iter()
        .filter(|(_, version)| wanted.is_some() && *version == wanted)
        .map(|(i, _)| *i)
        .collect();
    if exact.is_empty() {
        candidates.iter().map(|(i, _)| *i).collect()
    } else {
        exact
    }
}

/// Package indices and versions by normalised name.
type ByName<'a> = HashMap<String, Vec<(usize, Option<&'a str>)>>;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("uv.lock"))
    }

    const PROJECT: &str = r#"
version = 1
revision = 2

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "requests" }]

[package.optional-dependencies]
cli = [{ name = "click" }]

[package.dev-dependencies]
dev = [{ name = "pytest" }]

[[package]]
name = "requests"
version = "2.32.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "urllib3" }]
sdist = { url = "https://x/requests-2.32.0.tar.gz", hash = "sha256:1111111111111111111111111111111111111111111111111111111111111111" }

[[package]]
name = "urllib3"
version = "2.2.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "click"
version = "8.1.7"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "colorama", marker = "sys_platform == 'win32'" }]

[[package]]
name = "colorama"
version = "0.4.6"
source = { registry = "https://mirror.example/simple" }

[[package]]
name = "pytest"
version = "8.0.0"
source = { git = "https://github.com/pytest-dev/pytest?rev=main#0123456789abcdef0123456789abcdef01234567" }
dependencies = [{ name = "urllib3" }, { name = "pluggy" }]
wheels = [{ url = "https://x/pytest.whl", hash = "sha256:2222222222222222222222222222222222222222222222222222222222222222" }]

[[package]]
name = "pluggy"
version = "1.5.0"
source = { registry = "https://pypi.org/simple" }
"#;

    #[test]
    fn the_project_is_left_out_and_its_lists_give_scope_and_groups() {
        let parsed = parse(PROJECT).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.groups.join(","),
                    c.scope.relationship,
                    c.scope.dev,
                    c.scope.optional,
                )
            })
            .collect();
        use Relationship::*;
        assert_eq!(
            got,
            [
                (
                    "requests",
                    "".into(),
                    Some(Direct),
                    Some(false),
                    Some(false)
                ),
                (
                    "urllib3",
                    "".into(),
                    Some(Transitive),
                    Some(false),
                    Some(false)
                ),
                ("click", "cli".into(), Some(Direct), Some(false), Some(true)),
                (
                    "colorama",
                    "".into(),
                    Some(Transitive),
                    Some(false),
                    Some(true)
                ),
                (
                    "pytest",
                    "dev".into(),
                    Some(Direct),
                    Some(true),
                    Some(false)
                ),
                (
                    "pluggy",
                    "".into(),
                    Some(Transitive),
                    Some(true),
                    Some(false)
                ),
            ]
        );
        assert_eq!(parsed.components[0].checksums.len(), 1);
        assert_eq!(parsed.components[4].checksums.len(), 1);
        assert_eq!(
            parsed.components[4].source,
            ComponentSource::Git {
                url: "https://github.com/pytest-dev/pytest?rev=main".into(),
                commit: Some("0123456789abcdef0123456789abcdef01234567".into())
            }
        );
        assert_eq!(
            parsed.components[3].source,
            ComponentSource::AlternateRegistry {
                url: "https://mirror.example/simple".into()
            }
        );
        assert_eq!(parsed.components[0].locations[0].line, Some(18));
    }

    /// `(from, to)` edges as purl strings.
    fn edge_strings(parsed: &Parsed) -> Vec<(String, String)> {
        parsed
            .dependencies
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn every_package_lists_its_edges_and_the_project_is_no_endpoint() {
        let parsed = parse(PROJECT).unwrap();
        let p = |s: &str| format!("pkg:pypi/{s}");
        assert_eq!(
            edge_strings(&parsed),
            [
                (p("click@8.1.7"), p("colorama@0.4.6")),
                (p("pytest@8.0.0"), p("pluggy@1.5.0")),
                (p("pytest@8.0.0"), p("urllib3@2.2.0")),
                (p("requests@2.32.0"), p("urllib3@2.2.0")),
            ]
        );
    }

    #[test]
    fn forked_versions_extras_and_groups_of_dependencies_are_edges() {
        let text = r#"
version = 1
revision = 2
[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "a" }]
[[package]]
name = "a"
version = "1"
dependencies = [
    { name = "b", version = "1.0", marker = "python_version < '3.10'" },
    { name = "b", version = "2.0", marker = "python_version >= '3.10'" },
]
[package.optional-dependencies]
x = [{ name = "c" }]
all = [{ name = "a", extra = ["x"] }]
[[package]]
name = "b"
version = "1.0"
[[package]]
name = "b"
version = "2.0"
[[package]]
name = "c"
version = "1"
dependencies = [{ name = "b", version = "2.0" }, { name = "app" }, { name = "not-locked" }]
[[package]]
name = "d"
version = "1"
[package.dev-dependencies]
test = [{ name = "b", version = "1.0" }]
"#;
        let parsed = parse(text).unwrap();
        let p = |s: &str| format!("pkg:pypi/{s}");
        assert_eq!(
            edge_strings(&parsed),
            [
                (p("a@1"), p("b@1.0")),
                (p("a@1"), p("b@2.0")),
                (p("a@1"), p("c@1")),
                (p("c@1"), p("b@2.0")),
                (p("d@1"), p("b@1.0")),
            ]
        );
        let relationships: Vec<_> = parsed
            .components
            .iter()
            .map(|c| c.scope.relationship)
            .collect();
        use Relationship::*;
        assert_eq!(
            relationships,
            [Some(Direct), Some(Transitive), Some(Transitive), None, None]
        );
    }

    #[test]
    fn the_project_as_a_directory_is_a_root_and_other_directories_are_components() {
        let text = r#"
version = 1
[[package]]
name = "app"
version = "0.1.0"
source = { directory = "." }
dependencies = [{ name = "lib" }]
[[package]]
name = "lib"
version = "0.2.0"
source = { directory = "libs/lib" }
dependencies = [{ name = "six" }]
[[package]]
name = "six"
version = "1.16.0"
"#;
        let parsed = parse(text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.scope.relationship))
            .collect();
        use Relationship::*;
        assert_eq!(got, [("lib", Some(Direct)), ("six", Some(Transitive))]);
        assert_eq!(
            edge_strings(&parsed),
            [(
                "pkg:pypi/lib@0.2.0".to_owned(),
                "pkg:pypi/six@1.16.0".to_owned()
            )]
        );
    }

    #[test]
    fn extras_requested_by_a_dependency_are_followed() {
        let text = r#"
version = 1
[[package]]
name = "app"
source = { virtual = "." }
dependencies = [{ name = "a", extra = ["x"] }]
[[package]]
name = "a"
version = "1"
[package.optional-dependencies]
x = [{ name = "b" }]
y = [{ name = "c" }]
[[package]]
name = "b"
version = "1"
[[package]]
name = "c"
version = "1"
"#;
        let parsed = parse(text).unwrap();
        let reached: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.scope.relationship))
            .collect();
        assert_eq!(
            reached,
            [
                ("a", Some(Relationship::Direct)),
                ("b", Some(Relationship::Transitive)),
                ("c", None),
            ]
        );
    }

    #[test]
    fn other_lock_versions_are_refused() {
        let err = parse("version = 2\n").unwrap_err();
        assert!(
            matches!(
                err,
                ExtractError::UnsupportedVersion {
                    what: "version",
                    ..
                }
            ),
            "{err}"
        );
        assert!(parse("").unwrap().components.is_empty());
    }

    #[test]
    fn a_bad_package_is_skipped_and_the_rest_kept() {
        let text =
            "version = 1\n[[package]]\nname = 5\n[[package]]\nname = \"ok\"\nversion = \"1\"\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert!(parsed.diagnostics[0].message.contains("not a string"));
    }
}
