//! `conan.lock`: the C and C++ packages Conan locked. Conan 1 writes a graph
//! (`graph_lock.nodes`, each node a `ref` `name/version@user/channel#rrev` or, in lock versions
//! 0.0-0.3, a `pref` that adds `:package_id#prev`); Conan 2 writes flat `requires`,
//! `build_requires` and `python_requires` lists of `name/version#rrev%timestamp`. Conan's own
//! readers (`conans/model/graph_lock.py` in 1.x, `conan/internal/model/lockfile.py` in 2.x) are
//! the reference.
//!
//! The consuming project's own node (the one with a `path` to its conanfile) is not a
//! component. In a v1 graph, what the root node requires is direct and the rest transitive;
//! what is reached only through `build_requires` (or lives in the build context) is dev; every
//! node's `requires` and `build_requires` are the graph's edges. In v2 the list a reference is
//! in is its group; v2 records no graph and no root, so nothing there is direct or transitive.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;
use vouch_model::{
    Component, Diagnostic, DiagnosticCode, Ecosystem, Location, PackageName, Relationship,
};

use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Reads `conan.lock` files.
pub(crate) struct ConanLock;

impl Cataloger for ConanLock {
    fn name(&self) -> &'static str {
        "conan-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name() == Some(OsStr::new("conan.lock"))
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        parse_str(&text, display)
    }
}

/// Both lock generations; which fields are present tells them apart.
#[derive(Deserialize)]
struct Lock<'a> {
    #[serde(borrow, default)]
    graph_lock: Option<GraphLock<'a>>,
    #[serde(borrow, default)]
    requires: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    build_requires: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    python_requires: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct GraphLock<'a> {
    #[serde(borrow, default)]
    nodes: HashMap<String, &'a RawValue>,
}

/// One v1 node.
#[derive(Deserialize)]
struct Node {
    #[serde(rename = "ref")]
    reference: Option<String>,
    pref: Option<String>,
    path: Option<String>,
    context: Option<String>,
    #[serde(default)]
    requires: Option<Links>,
    #[serde(default)]
    build_requires: Option<Links>,
}

/// A node's links to other nodes: a list of node ids (0.4) or a map from reference to node id
/// (0.0-0.3).
#[derive(Deserialize)]
#[serde(untagged)]
enum Links {
    Ids(Vec<String>),
    ByRef(HashMap<String, String>),
}

impl Links {
    fn ids(&self) -> Vec<&str> {
        match self {
            Links::Ids(ids) => ids.iter().map(String::as_str).collect(),
            Links::ByRef(map) => map.values().map(String::as_str).collect(),
        }
    }
}

/// Where a problem is reported and what it is about.
struct Ctx<'a> {
    text: &'a str,
    lines: LineIndex,
    display: &'a Path,
    parsed: Parsed,
}

impl Ctx<'_> {
    fn line_of(&self, raw: &RawValue) -> u32 {
        let offset = raw
            .get()
            .as_ptr()
            .addr()
            .saturating_sub(self.text.as_ptr().addr());
        self.lines.line(offset)
    }

    fn skip(&mut self, record: &str, line: u32, problem: &str) {
        self.parsed.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::InvalidPackage,
                format!("line {line}: {problem}; package skipped"),
            )
            .with_path(self.display)
            .with_record(record),
        );
    }

    /// The component of a reference, or a note saying why there is none.
    fn component(&mut self, reference: &str, line: u32) -> Option<Component> {
        let result = ConanRef::parse(reference).and_then(|r| {
            let name =
                PackageName::new(Ecosystem::ConanCenter, r.name).map_err(|e| e.to_string())?;
            let location = Location {
                path: self.display.to_path_buf(),
                line: Some(line),
            };
            Component::new(
                Ecosystem::ConanCenter,
                name,
                Some(r.version.to_owned()),
                location,
            )
            .map_err(|e| e.to_string())
        });
        match result {
            Ok(c) => Some(c),
            Err(problem) => {
                self.skip(reference, line, &problem);
                None
            }
        }
    }
}

/// A reference `name/version[@user[/channel]][#rrev][%timestamp][:package_id[#prev]]`
/// (<https://docs.conan.io/2/reference/conanfile/attributes.html>, "references").
#[derive(Debug, PartialEq)]
struct ConanRef<'a> {
    name: &'a str,
    version: &'a str,
}

impl<'a> ConanRef<'a> {
    fn parse(text: &'a str) -> Result<ConanRef<'a>, String> {
        let reference = text.split(':').next().unwrap_or_default();
        let reference = reference.split(['#', '%']).next().unwrap_or_default();
        let reference = reference.split('@').next().unwrap_or_default();
        match reference.split_once('/') {
            Some((name, version)) if !name.is_empty() && !version.is_empty() => {
                Ok(ConanRef { name, version })
            }
            _ => Err(format!(
                "`{}` is not a reference `name/version`",
                text.escape_debug()
            )),
        }
    }
}

/// Parses the text of a conan.lock; `display` names the file in errors and locations.
pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let lock: Lock<'_> = serde_json::from_str(text).map_err(|e| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: format!("invalid JSON: {e}"),
    })?;
    let mut ctx = Ctx {
        text,
        lines: LineIndex::new(text),
        display,
        parsed: Parsed::default(),
    };
    if let Some(graph) = lock.graph_lock {
        read_graph(&mut ctx, graph);
    } else {
        for (group, list) in [
            ("requires", lock.requires),
            ("build-requires", lock.build_requires),
            ("python-requires", lock.python_requires),
        ] {
            for raw in list.unwrap_or_default() {
                let line = ctx.line_of(raw);
                let Ok(reference) = serde_json::from_str::<String>(raw.get()) else {
                    ctx.skip(raw.get(), line, "the reference is not a string");
                    continue;
                };
                if let Some(mut c) = ctx.component(&reference, line) {
                    c.groups.push(group.to_owned());
                    c.scope.dev = Some(group != "requires");
                    ctx.parsed.components.push(c);
                }
            }
        }
    }
    Ok(ctx.parsed)
}

/// Conan 1's graph: every node but the consumer's is a component.
fn read_graph(ctx: &mut Ctx<'_>, graph: GraphLock<'_>) {
    let mut nodes: Vec<(u32, String, Option<Node>)> = graph
        .nodes
        .into_iter()
        .map(|(id, raw)| {
            let line = ctx.line_of(raw);
            match serde_json::from_str::<Node>(raw.get()) {
                Ok(node) => (line, id, Some(node)),
                Err(e) => {
                    ctx.skip(&format!("node {id}"), line, &format!("not a node: {e}"));
                    (line, id, None)
                }
            }
        })
        .collect();
    nodes.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));

    // The consumer: the node with a conanfile `path`, else (lock 0.0/0.1) the one without a
    // reference.
    let is_root = |n: &Node| n.path.is_some() || (n.reference.is_none() && n.pref.is_none());
    let roots: Vec<&Node> = nodes
        .iter()
        .filter_map(|(_, _, n)| n.as_ref())
        .filter(|n| is_root(n))
        .collect();
    let has_root = !roots.is_empty();
    let direct: HashSet<&str> = roots
        .iter()
        .flat_map(|n| n.requires.iter().flat_map(Links::ids))
        .collect();
    let build_direct: HashSet<&str> = roots
        .iter()
        .flat_map(|n| n.build_requires.iter().flat_map(Links::ids))
        .collect();
    let host_reached = reached(&nodes, &direct);
    let mut out = Vec::new();
    let mut purl_of: HashMap<&str, vouch_model::Purl> = HashMap::new();
    for (line, id, node) in &nodes {
        let Some(node) = node else { continue };
        if is_root(node) {
            continue;
        }
        let Some(reference) = node.reference.as_deref().or(node.pref.as_deref()) else {
            continue;
        };
        let Some(mut c) = ctx.component(reference, *line) else {
            continue;
        };
        if has_root {
            let id = id.as_str();
            c.scope.relationship = Some(if direct.contains(id) || build_direct.contains(id) {
                Relationship::Direct
            } else {
                Relationship::Transitive
            });
            c.scope.dev =
                Some(node.context.as_deref() == Some("build") || !host_reached.contains(id));
        }
        purl_of.insert(id.as_str(), c.purl.clone());
        out.push(c);
    }
    ctx.parsed.components.extend(out);
    for (_, id, node) in &nodes {
        let (Some(node), Some(from)) = (node, purl_of.get(id.as_str())) else {
            continue;
        };
        let links = node.requires.iter().chain(&node.build_requires);
        for to in links.flat_map(Links::ids).filter_map(|to| purl_of.get(to)) {
            ctx.parsed.dependencies.push((from.clone(), to.clone()));
        }
    }
}

/// The ids reached from `start` through `requires` links (iteratively, so any graph is safe).
fn reached<'a>(
    nodes: &'a [(u32, String, Option<Node>)],
    start: &HashSet<&'a str>,
) -> HashSet<&'a str> {
    let by_id: HashMap<&str, &Node> = nodes
        .iter()
        .filter_map(|(_, id, n)| n.as_ref().map(|n| (id.as_str(), n)))
        .collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut stack: Vec<&str> = start.iter().copied().collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Some(node) = by_id.get(id) {
            stack.extend(node.requires.iter().flat_map(Links::ids));
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_str(text, Path::new("conan.lock"))
    }

    #[test]
    fn references_in_every_spelling() {
        for (text, name, version) in [
            ("zlib/1.2.11", "zlib", "1.2.11"),
            (
                "zlib/1.2.11@bincrafters/testing#5f49:1972#5884",
                "zlib",
                "1.2.11",
            ),
            ("ninja/1.11.1#a2f0%1667050636.338", "ninja", "1.11.1"),
            ("zlib/1.2.11:19729b95", "zlib", "1.2.11"),
        ] {
            assert_eq!(
                ConanRef::parse(text),
                Ok(ConanRef { name, version }),
                "{text}"
            );
        }
        assert!(ConanRef::parse("1.2.3#abc").is_err());
        assert!(ConanRef::parse("zlib/").is_err());
    }

    #[test]
    fn v1_graph_scopes() {
        let text = r#"{"graph_lock": {"nodes": {
  "0": {"ref": "app/1.0", "path": "conanfile.py", "requires": ["1"], "build_requires": ["3"]},
  "1": {"ref": "libpng/1.6.39", "requires": ["2"]},
  "2": {"ref": "zlib/1.2.13#abc", "context": "host"},
  "3": {"ref": "cmake/3.27.0", "context": "build"},
  "4": {"ref": "1.2.3"}
}}, "version": "0.4"}"#;
        let parsed = parse(text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.purl.to_string(),
                    c.scope.relationship,
                    c.scope.dev,
                    c.locations[0].line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "pkg:conan/libpng@1.6.39".to_owned(),
                    Some(Relationship::Direct),
                    Some(false),
                    Some(3)
                ),
                (
                    "pkg:conan/zlib@1.2.13".to_owned(),
                    Some(Relationship::Transitive),
                    Some(false),
                    Some(4)
                ),
                (
                    "pkg:conan/cmake@3.27.0".to_owned(),
                    Some(Relationship::Direct),
                    Some(true),
                    Some(5)
                ),
            ]
        );
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("1.2.3"));
        // The root's links are not edges (the root is not a component).
        assert_eq!(
            edges(&parsed),
            ["pkg:conan/libpng@1.6.39 -> pkg:conan/zlib@1.2.13"]
        );
    }

    fn edges(parsed: &Parsed) -> Vec<String> {
        parsed
            .dependencies
            .iter()
            .map(|(a, b)| format!("{a} -> {b}"))
            .collect()
    }

    #[test]
    fn v1_build_requires_and_old_maps_are_edges() {
        // Lock 0.2 writes links as reference → node id maps.
        let text = r#"{"graph_lock": {"nodes": {
  "0": {"path": "conanfile.txt", "requires": {"pkga/1.0": "1"}},
  "1": {"pref": "pkga/1.0:5ab8", "requires": {"zlib/1.2.13": "2"}, "build_requires": {"cmake/3.27.0": "3", "gone/1.0": "9"}},
  "2": {"pref": "zlib/1.2.13:5ab8"},
  "3": {"pref": "cmake/3.27.0:5ab8"}
}}, "version": "0.2"}"#;
        let parsed = parse(text).unwrap();
        let mut got = edges(&parsed);
        got.sort();
        assert_eq!(
            got,
            [
                "pkg:conan/pkga@1.0 -> pkg:conan/cmake@3.27.0",
                "pkg:conan/pkga@1.0 -> pkg:conan/zlib@1.2.13",
            ]
        );
        let scopes: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.scope.relationship, c.scope.dev))
            .collect();
        let t = Some(Relationship::Transitive);
        assert_eq!(
            scopes,
            [
                ("pkga", Some(Relationship::Direct), Some(false)),
                ("zlib", t, Some(false)),
                ("cmake", t, Some(true)),
            ]
        );
    }

    #[test]
    fn v2_lists_are_groups() {
        let text = "{\"version\": \"0.5\",\n\"requires\": [\"zlib/1.2.11#f%1\", 7],\n\"build_requires\": [\"ninja/1.11.1\"],\n\"python_requires\": [\"tool/1.0\"]}";
        let parsed = parse(text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.groups.join(","), c.locations[0].line))
            .collect();
        assert_eq!(
            got,
            [
                ("zlib", "requires".to_owned(), Some(2)),
                ("ninja", "build-requires".to_owned(), Some(3)),
                ("tool", "python-requires".to_owned(), Some(4)),
            ]
        );
        assert_eq!(parsed.diagnostics.len(), 1);
        assert!(parsed.dependencies.is_empty());
        assert!(
            parsed
                .components
                .iter()
                .all(|c| c.scope.relationship.is_none())
        );
    }

    #[test]
    fn bad_json_is_malformed() {
        let err = parse("{\"graph_lock\": 1}").unwrap_err();
        assert!(
            err.to_string().starts_with("conan.lock: invalid JSON"),
            "{err}"
        );
        assert!(parse("{}").unwrap().components.is_empty());
    }
}
