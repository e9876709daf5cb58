//! The dependency graph of one JavaScript lockfile, by component index. Its edges become the
//! `(from, to)` purl pairs of [`crate::Parsed`]; walked from the project's own dependencies (the
//! roots) it says which components are direct, and which only development or optional builds
//! need, for the formats that do not write that down per package (yarn.lock, bun.lock).

use vouch_model::{Component, Purl, Relationship};

/// Edges between the components of one file, each marked optional or not.
#[derive(Debug, Default)]
pub(crate) struct Graph {
    edges: Vec<Vec<(usize, bool)>>,
}

/// Which of dev and optional [`Graph::apply`] derives from the roots (a format that records one
/// per package keeps its own).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Derive {
    pub(crate) dev: bool,
    pub(crate) optional: bool,
}

/// A component the project names itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Root {
    pub(crate) index: usize,
    /// Named only as a development dependency.
    pub(crate) dev: bool,
    /// Named only as an optional dependency.
    pub(crate) optional: bool,
}

impl Graph {
    /// A graph over `len` components, without edges.
    pub(crate) fn new(len: usize) -> Self {
        Graph {
            edges: vec![Vec::new(); len],
        }
    }

    /// Adds `from → to` (an optional dependency when `optional`); a self edge is dropped.
    pub(crate) fn add(&mut self, from: usize, to: usize, optional: bool) {
        if from != to
            && to < self.edges.len()
            && let Some(out) = self.edges.get_mut(from)
        {
            out.push((to, optional));
        }
    }

    /// The edges as purl pairs, sorted, without duplicates or self edges (two entries of one
    /// package, e.g. under different peer sets, share a purl).
    pub(crate) fn purl_pairs(&self, components: &[Component]) -> Vec<(Purl, Purl)> {
        let mut pairs: Vec<(Purl, Purl)> = Vec::new();
        for (from, out) in self.edges.iter().enumerate() {
            let Some(from) = components.get(from) else {
                continue;
            };
            for &(to, _) in out {
                if let Some(to) = components.get(to)
                    && to.purl != from.purl
                {
                    pairs.push((from.purl.clone(), to.purl.clone()));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// Sets each component's scope from the roots: roots are direct, the rest transitive; a
    /// component reached from the roots is dev when only dev roots reach it and optional when
    /// every path to it starts at an optional root or crosses an optional edge (each only as
    /// `derive` asks: the roots' dev flags may be unknown). Components no root reaches keep
    /// their dev and optional as they were. Linear in the size of the graph.
    pub(crate) fn apply(&self, components: &mut [Component], roots: &[Root], derive: Derive) {
        let len = self.edges.len().min(components.len());
        let mut reached = vec![false; len];
        let mut production = vec![false; len];
        let mut required = vec![false; len];
        let starts = |keep: &dyn Fn(&Root) -> bool| -> Vec<usize> {
            roots
                .iter()
                .filter(|r| keep(r))
                .map(|r| r.index)
                .filter(|&i| i < len)
                .collect()
        };
        self.mark(starts(&|_| true), &mut reached, false);
        self.mark(starts(&|r| !r.dev), &mut production, false);
        self.mark(starts(&|r| !r.optional), &mut required, true);
        let mut direct = vec![false; len];
        for root in roots.iter().filter(|r| r.index < len) {
            direct[root.index] = true;
        }
        for (i, c) in components.iter_mut().enumerate().take(len) {
            c.scope.relationship = Some(if direct[i] {
                Relationship::Direct
            } else {
                Relationship::Transitive
            });
            if reached[i] {
                if derive.dev {
                    c.scope.dev = Some(!production[i]);
                }
                if derive.optional {
                    c.scope.optional = Some(!required[i]);
                }
            }
        }
    }

    /// Marks everything reachable from `starts` (over required edges only, if `required_only`).
    fn mark(&self, starts: Vec<usize>, seen: &mut [bool], required_only: bool) {
        let mut stack = starts;
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            for &(to, optional) in &self.edges[i] {
                let skip = seen[to] || (required_only && optional);
                if !skip {
                    stack.push(to);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: Derive = Derive {
        dev: true,
        optional: true,
    };

    fn component(name: &str) -> Component {
        crate::javascript::npm_component(name, Some("1.0.0"), std::path::Path::new("x"), None)
            .unwrap()
    }

    #[test]
    fn roots_decide_direct_dev_and_optional() {
        // app → a (dev) → b; app → c (optional) → b; c ⇢ d (optional edge); e is unreachable;
        // f is a root reached by a required edge too.
        let mut components: Vec<Component> = ["a", "b", "c", "d", "e", "f"].map(component).into();
        let mut graph = Graph::new(components.len());
        graph.add(0, 1, false);
        graph.add(2, 1, false);
        graph.add(2, 3, true);
        graph.add(0, 5, false);
        graph.add(1, 1, false);
        let roots = [
            Root {
                index: 0,
                dev: true,
                optional: false,
            },
            Root {
                index: 2,
                dev: false,
                optional: true,
            },
            Root {
                index: 5,
                dev: false,
                optional: true,
            },
        ];
        graph.apply(&mut components, &roots, BOTH);
        let got: Vec<_> = components
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.scope.relationship,
                    c.scope.dev,
                    c.scope.optional,
                )
            })
            .collect();
        let (d, t) = (Some(Relationship::Direct), Some(Relationship::Transitive));
        assert_eq!(
            got,
            [
                ("a", d, Some(true), Some(false)),
                ("b", t, Some(false), Some(false)),
                ("c", d, Some(false), Some(true)),
                ("d", t, Some(false), Some(true)),
                ("e", t, None, None),
                ("f", d, Some(false), Some(false)),
            ]
        );
        let pairs: Vec<_> = graph
            .purl_pairs(&components)
            .iter()
            .map(|(f, t)| format!("{f} {t}"))
            .collect();
        assert_eq!(
            pairs,
            [
                "pkg:npm/a@1.0.0 pkg:npm/b@1.0.0",
                "pkg:npm/a@1.0.0 pkg:npm/f@1.0.0",
                "pkg:npm/c@1.0.0 pkg:npm/b@1.0.0",
                "pkg:npm/c@1.0.0 pkg:npm/d@1.0.0",
            ]
        );
    }

    #[test]
    fn unknown_dev_is_left_alone() {
        let mut components: Vec<Component> = ["a", "b"].map(component).into();
        let mut graph = Graph::new(2);
        graph.add(0, 1, false);
        let root = Root {
            index: 0,
            dev: false,
            optional: false,
        };
        let derive = Derive {
            dev: false,
            optional: true,
        };
        graph.apply(&mut components, &[root], derive);
        assert_eq!(components[1].scope.dev, None);
        assert_eq!(components[1].scope.optional, Some(false));
    }
}
