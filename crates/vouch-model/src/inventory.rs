//! The inventory: every component found in a delivery, merged across the files that name it,
//! plus the problems met on the way, so a report can say what it could not read.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use serde::Serialize;

use crate::{Component, Diagnostic, Ecosystem, FileRole, Purl};

/// What makes two components the same: ecosystem, normalised name, version, and for git
/// sources the commit (two commits of one version are two different pieces of code).
type Key = (Ecosystem, String, Option<String>, Option<String>);

fn key(c: &Component) -> Key {
    let commit = match &c.source {
        crate::ComponentSource::Git { commit, .. } => commit.clone(),
        _ => None,
    };
    (
        c.ecosystem,
        c.name.normalized().to_owned(),
        c.version.clone(),
        commit,
    )
}

/// All components of a delivery, in a stable order, and the diagnostics of the scan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    components: Vec<Component>,
    /// Files that a cataloger read successfully, sorted.
    pub scanned_files: Vec<PathBuf>,
    /// Problems met on the way (unreadable files, malformed lockfiles), in the order met.
    pub diagnostics: Vec<Diagnostic>,
    /// The dependency graph where lockfiles record it: each component (by purl) and the
    /// components it depends on. A component absent here has unknown dependencies; one present
    /// with an empty set has none.
    dependencies: BTreeMap<Purl, BTreeSet<Purl>>,
    #[serde(skip)]
    index: HashMap<Key, usize>,
}

impl Inventory {
    /// An empty inventory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a component; the same package at the same version (and git commit) found again is
    /// merged into the first (locations, groups and checksums united; scope kept where the first left it open).
    pub fn add(&mut self, component: Component) {
        let key = key(&component);
        match self.index.get(&key) {
            Some(&i) => merge(&mut self.components[i], component),
            None => {
                self.index.insert(key, self.components.len());
                self.components.push(component);
            }
        }
    }

    /// Records that `from` depends on `to` (both by purl); `to` enters the graph as a node too,
    /// with no dependencies of its own unless some are recorded.
    pub fn add_dependency(&mut self, from: Purl, to: Purl) {
        self.dependencies.entry(to.clone()).or_default();
        self.dependencies.entry(from).or_default().insert(to);
    }

    /// Records that `purl`'s dependencies are known, even when it has none (an SBOM's
    /// `dependsOn: []`); a purl already in the graph keeps its edges.
    pub fn add_dependency_node(&mut self, purl: Purl) {
        self.dependencies.entry(purl).or_default();
    }

    /// The dependency graph, sorted: each component that lockfiles describe and what it depends
    /// on.
    pub fn dependencies(&self) -> &BTreeMap<Purl, BTreeSet<Purl>> {
        &self.dependencies
    }

    /// Merges another inventory into this one.
    pub fn extend(&mut self, other: Inventory) {
        for c in other.components {
            self.add(c);
        }
        for (from, tos) in other.dependencies {
            let set = self.dependencies.entry(from).or_default();
            set.extend(tos);
        }
        self.scanned_files.extend(other.scanned_files);
        self.diagnostics.extend(other.diagnostics);
    }

    /// Sorts components (ecosystem, name, version), their lists, and the scanned files, so the
    /// same delivery always gives the same output.
    pub fn finish(&mut self) {
        for c in &mut self.components {
            c.locations.sort();
            c.locations.dedup();
            c.groups.sort();
            c.groups.dedup();
            c.checksums.sort();
            c.checksums.dedup();
        }
        self.components.sort_by(|a, b| {
            (
                a.ecosystem,
                a.name.normalized(),
                &a.version,
                a.purl.as_str(),
            )
                .cmp(&(
                    b.ecosystem,
                    b.name.normalized(),
                    &b.version,
                    b.purl.as_str(),
                ))
        });
        self.index = self
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (key(c), i))
            .collect();
        self.scanned_files.sort();
        self.scanned_files.dedup();
    }

    /// The components, in insertion order until [`Inventory::finish`] sorts them.
    pub fn components(&self) -> &[Component] {
        &self.components
    }

    /// Number of components.
    pub fn len(&self) -> usize {
        self.components.len()
    }

    /// True when no component was found.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
    }
}

fn merge(into: &mut Component, from: Component) {
    into.locations.extend(from.locations);
    into.groups.extend(from.groups);
    into.checksums.extend(from.checksums);
    // The file the component *is* beats one it is merely inside; otherwise the first found
    // (merges happen in path order) stays.
    match (&into.file, from.file) {
        (None, Some(file)) => into.file = Some(file),
        (Some(kept), Some(file)) if kept.role == FileRole::In && file.role == FileRole::Is => {
            into.file = Some(file);
        }
        _ => {}
    }
    let s = &mut into.scope;
    // A package that is direct anywhere is direct; prod anywhere is prod.
    s.relationship = match (s.relationship, from.scope.relationship) {
        (Some(crate::Relationship::Direct), _) | (_, Some(crate::Relationship::Direct)) => {
            Some(crate::Relationship::Direct)
        }
        (a, b) => a.or(b),
    };
    s.dev = match (s.dev, from.scope.dev) {
        (Some(a), Some(b)) => Some(a && b),
        (a, b) => a.or(b),
    };
    s.optional = match (s.optional, from.scope.optional) {
        (Some(a), Some(b)) => Some(a && b),
        (a, b) => a.or(b),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Location, PackageName, Relationship};

    fn comp(name: &str, version: &str, file: &str) -> Component {
        let name = PackageName::new(Ecosystem::PyPI, name).unwrap();
        Component::new(
            Ecosystem::PyPI,
            name,
            Some(version.into()),
            Location::file(file),
        )
        .unwrap()
    }

    #[test]
    fn the_same_package_found_twice_is_one_component_with_two_locations() {
        let mut inv = Inventory::new();
        let mut a = comp("Django", "4.2", "b/requirements.txt");
        a.scope.relationship = Some(Relationship::Transitive);
        a.scope.dev = Some(true);
        let mut b = comp("django", "4.2", "a/requirements.txt");
        b.scope.relationship = Some(Relationship::Direct);
        b.scope.dev = Some(false);
        inv.add(a);
        inv.add(b);
        inv.add(comp("django", "5.0", "a/requirements.txt"));
        let git = |commit: &str| {
            let mut c = comp("flask", "2.0", "poetry.lock");
            c.source = crate::ComponentSource::Git {
                url: "https://github.com/pallets/flask".into(),
                commit: Some(commit.into()),
            };
            c
        };
        inv.add(git("aaaa"));
        inv.add(git("bbbb"));
        inv.add(git("aaaa"));
        inv.finish();
        assert_eq!(
            inv.len(),
            4,
            "two commits of one version stay two components"
        );
        let first = &inv.components()[0];
        assert_eq!(first.locations.len(), 2);
        assert_eq!(first.locations[0].path, PathBuf::from("a/requirements.txt"));
        assert_eq!(first.scope.relationship, Some(Relationship::Direct));
        assert_eq!(first.scope.dev, Some(false));
    }
}

#[cfg(test)]
mod graph_tests {
    use super::*;

    #[test]
    fn edges_make_both_ends_nodes_and_merge_across_inventories() {
        let p = |s: &str| s.parse::<Purl>().unwrap();
        let mut a = Inventory::new();
        a.add_dependency(p("pkg:cargo/app@1.0.0"), p("pkg:cargo/regex@1.5.4"));
        let mut b = Inventory::new();
        b.add_dependency(p("pkg:cargo/app@1.0.0"), p("pkg:cargo/serde@1.0.0"));
        a.extend(b);
        let g = a.dependencies();
        assert_eq!(g.len(), 3);
        assert_eq!(g[&p("pkg:cargo/app@1.0.0")].len(), 2);
        assert!(
            g[&p("pkg:cargo/regex@1.5.4")].is_empty(),
            "a leaf is a node with no edges"
        );
    }
}

#[cfg(test)]
mod file_tests {
    use super::*;
    use crate::{DeliveredFile, Location, PackageName};

    fn go(file: &str, role: FileRole) -> Component {
        let name = PackageName::new(Ecosystem::Go, "golang.org/x/text").unwrap();
        let mut c = Component::new(
            Ecosystem::Go,
            name,
            Some("v0.3.7".into()),
            Location::file(file),
        )
        .unwrap();
        c.file = Some(DeliveredFile {
            path: file.into(),
            role,
            evidence: None,
        });
        c
    }

    #[test]
    fn the_file_a_component_is_beats_one_it_is_only_inside() {
        let mut inv = Inventory::new();
        inv.add(go("bin/a", FileRole::In));
        inv.add(go("bin/b", FileRole::Is));
        inv.add(go("bin/c", FileRole::Is));
        inv.finish();
        let file = inv.components()[0].file.as_ref().unwrap();
        assert_eq!(
            (file.path.as_path(), file.role),
            (std::path::Path::new("bin/b"), FileRole::Is)
        );
    }

    #[test]
    fn the_file_name_drops_directories_and_archive_members_before_it() {
        let file = |p: &str| DeliveredFile {
            path: p.into(),
            role: FileRole::Is,
            evidence: None,
        };
        assert_eq!(file("app/lib/x.jar").file_name(), "x.jar");
        assert_eq!(file("delivery.tar.gz!/opt/tool").file_name(), "tool");
        assert_eq!(file("tool").file_name(), "tool");
        assert_eq!(file("bin/wow!.exe").file_name(), "wow!.exe");
    }
}
