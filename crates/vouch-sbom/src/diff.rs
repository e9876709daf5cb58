//! What changed between two inventories (typically two SBOMs of one product): components added
//! and removed, upgraded and downgraded (ordered by the ecosystem's own version rules), and
//! same-version components whose hashes differ, i.e. different code under the same name.
//!
//! Components are keyed by ecosystem and purl without version. When a package is present at
//! several versions, the versions both sides have are compared by hash; the others are sorted
//! and paired lowest with lowest, and what is left over is added or removed.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;
use vouch_model::{Checksum, Component, Ecosystem, Inventory, Purl};
use vouch_version::Version;

/// A package at one version, on one side of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageVersion {
    /// The ecosystem.
    pub ecosystem: Ecosystem,
    /// The package name as written.
    pub name: String,
    /// The version, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The purl.
    pub purl: Purl,
}

/// One package whose version changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionChange {
    /// The ecosystem.
    pub ecosystem: Ecosystem,
    /// The package name as written in the new inventory.
    pub name: String,
    /// The purl without version (`pkg:cargo/regex`): what names the package in both.
    pub package: String,
    /// The old version.
    pub old: Option<String>,
    /// The new version.
    pub new: Option<String>,
}

/// One package at one version whose hashes differ between the two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentChange {
    /// The package at its version.
    #[serde(flatten)]
    pub component: PackageVersion,
    /// The old side's hashes.
    pub old: Vec<Checksum>,
    /// The new side's hashes.
    pub new: Vec<Checksum>,
}

/// The difference between two inventories, each list sorted by ecosystem, package, version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SbomDiff {
    /// In the new inventory only.
    pub added: Vec<PackageVersion>,
    /// In the old inventory only.
    pub removed: Vec<PackageVersion>,
    /// A higher version in the new inventory.
    pub upgraded: Vec<VersionChange>,
    /// A lower version in the new inventory.
    pub downgraded: Vec<VersionChange>,
    /// A different version that the ecosystem's rules cannot order against the old one
    /// (unparseable, no known scheme, or equal under the rules but written differently).
    pub version_changed: Vec<VersionChange>,
    /// The same version with a different hash for an algorithm both sides record.
    pub hash_changed: Vec<ComponentChange>,
}

impl SbomDiff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.upgraded.is_empty()
            && self.downgraded.is_empty()
            && self.version_changed.is_empty()
            && self.hash_changed.is_empty()
    }
}

type Key<'a> = (Ecosystem, &'a str);

fn group(inventory: &Inventory) -> BTreeMap<Key<'_>, Vec<&Component>> {
    let mut out: BTreeMap<Key<'_>, Vec<&Component>> = BTreeMap::new();
    for c in inventory.components() {
        out.entry((c.ecosystem, c.purl.package()))
            .or_default()
            .push(c);
    }
    out
}

/// Compares `old` with `new`.
pub fn diff_inventories(old: &Inventory, new: &Inventory) -> SbomDiff {
    let old_groups = group(old);
    let new_groups = group(new);
    let mut keys: Vec<Key<'_>> = old_groups
        .keys()
        .chain(new_groups.keys())
        .copied()
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let mut out = SbomDiff::default();
    for key in keys {
        let olds = old_groups.get(&key).map(Vec::as_slice).unwrap_or_default();
        let news = new_groups.get(&key).map(Vec::as_slice).unwrap_or_default();
        let mut only_old: Vec<&Component> = Vec::new();
        for o in olds {
            match news.iter().find(|n| n.version == o.version) {
                Some(n) => {
                    if hashes_differ(&o.checksums, &n.checksums) {
                        out.hash_changed.push(ComponentChange {
                            component: side(n),
                            old: o.checksums.clone(),
                            new: n.checksums.clone(),
                        });
                    }
                }
                None => only_old.push(o),
            }
        }
        let mut only_new: Vec<&Component> = news
            .iter()
            .copied()
            .filter(|n| !olds.iter().any(|o| o.version == n.version))
            .collect();
        only_old.sort_by(|a, b| order(key.0, a, b));
        only_new.sort_by(|a, b| order(key.0, a, b));
        let pairs = only_old.len().min(only_new.len());
        for (o, n) in only_old.iter().zip(&only_new) {
            let change = VersionChange {
                ecosystem: key.0,
                name: n.name.as_str().to_owned(),
                package: key.1.to_owned(),
                old: o.version.clone(),
                new: n.version.clone(),
            };
            match compare(key.0, o.version.as_deref(), n.version.as_deref()) {
                Some(Ordering::Less) => out.upgraded.push(change),
                Some(Ordering::Greater) => out.downgraded.push(change),
                _ => out.version_changed.push(change),
            }
        }
        out.removed
            .extend(only_old[pairs..].iter().map(|c| side(c)));
        out.added.extend(only_new[pairs..].iter().map(|c| side(c)));
    }
    out
}

fn side(c: &Component) -> PackageVersion {
    PackageVersion {
        ecosystem: c.ecosystem,
        name: c.name.as_str().to_owned(),
        version: c.version.clone(),
        purl: c.purl.clone(),
    }
}

/// Differ when some algorithm both record has different digests.
fn hashes_differ(old: &[Checksum], new: &[Checksum]) -> bool {
    old.iter().any(|o| {
        let same_alg: Vec<&Checksum> = new.iter().filter(|n| n.algorithm == o.algorithm).collect();
        !same_alg.is_empty() && !same_alg.iter().any(|n| n.hex == o.hex)
    })
}

/// The ecosystem's order where both versions parse under it; `None` otherwise.
fn compare(ecosystem: Ecosystem, old: Option<&str>, new: Option<&str>) -> Option<Ordering> {
    let old = Version::parse_for(ecosystem, old?).ok()?;
    let new = Version::parse_for(ecosystem, new?).ok()?;
    Some(old.cmp(&new))
}

/// Sorting for pairing: by the ecosystem's order where it applies, else by the text.
fn order(ecosystem: Ecosystem, a: &Component, b: &Component) -> Ordering {
    compare(ecosystem, a.version.as_deref(), b.version.as_deref())
        .filter(|o| o.is_ne())
        .unwrap_or_else(|| a.version.cmp(&b.version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use vouch_model::{ChecksumAlgorithm, Location, PackageName};

    fn comp(e: Ecosystem, name: &str, version: &str, sha: Option<&str>) -> Component {
        let mut c = Component::new(
            e,
            PackageName::new(e, name).unwrap(),
            Some(version.into()),
            Location::file("sbom.json"),
        )
        .unwrap();
        if let Some(hex) = sha {
            c.checksums = vec![Checksum {
                algorithm: ChecksumAlgorithm::Sha256,
                hex: hex.into(),
            }];
        }
        c
    }

    fn inv(cs: Vec<Component>) -> Inventory {
        let mut i = Inventory::new();
        for c in cs {
            i.add(c);
        }
        i.finish();
        i
    }

    #[test]
    fn each_kind_of_change_is_found() {
        let old = inv(vec![
            comp(Ecosystem::CratesIo, "regex", "1.5.4", Some("aa")),
            comp(Ecosystem::CratesIo, "serde", "1.0.200", Some("bb")),
            comp(Ecosystem::Npm, "lodash", "4.17.21", None),
            comp(Ecosystem::PyPI, "django", "4.2.10", None),
            comp(Ecosystem::Go, "github.com/x/y", "v1.0.0", None),
        ]);
        let new = inv(vec![
            comp(Ecosystem::CratesIo, "regex", "1.5.4", Some("cc")),
            comp(Ecosystem::CratesIo, "serde", "1.0.210", Some("bb")),
            comp(Ecosystem::Npm, "lodash", "4.17.20", None),
            comp(Ecosystem::PyPI, "django", "4.2.10", None),
            comp(Ecosystem::PyPI, "requests", "2.31.0", None),
        ]);
        let d = diff_inventories(&old, &new);
        let names = |v: &[VersionChange]| -> Vec<String> {
            v.iter()
                .map(|c| format!("{} {:?}->{:?}", c.package, c.old, c.new))
                .collect()
        };
        assert_eq!(
            names(&d.upgraded),
            ["pkg:cargo/serde Some(\"1.0.200\")->Some(\"1.0.210\")"]
        );
        assert_eq!(
            names(&d.downgraded),
            ["pkg:npm/lodash Some(\"4.17.21\")->Some(\"4.17.20\")"]
        );
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].purl.as_str(), "pkg:pypi/requests@2.31.0");
        assert_eq!(
            d.removed[0].purl.as_str(),
            "pkg:golang/github.com/x/y@v1.0.0"
        );
        assert_eq!(d.hash_changed.len(), 1);
        assert_eq!(d.hash_changed[0].component.name, "regex");
        assert!(d.version_changed.is_empty());
        assert!(diff_inventories(&new, &new).is_empty());
    }

    #[test]
    fn versions_are_ordered_by_the_ecosystem_not_the_text() {
        // 1.10 > 1.9 numerically, < as text; two versions each side pair lowest with lowest.
        let old = inv(vec![
            comp(Ecosystem::PyPI, "a", "1.9", None),
            comp(Ecosystem::PyPI, "a", "2.0", None),
        ]);
        let new = inv(vec![
            comp(Ecosystem::PyPI, "a", "1.10", None),
            comp(Ecosystem::PyPI, "a", "2.0", None),
            comp(Ecosystem::PyPI, "a", "3.0", None),
        ]);
        let d = diff_inventories(&old, &new);
        assert_eq!(d.upgraded.len(), 1, "{d:?}");
        assert_eq!(d.upgraded[0].new.as_deref(), Some("1.10"));
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].version.as_deref(), Some("3.0"));
    }

    #[test]
    fn versions_that_cannot_be_ordered_are_just_changed() {
        let old = inv(vec![comp(Ecosystem::CocoaPods, "Foo", "1.0.0", None)]);
        let new = inv(vec![comp(Ecosystem::CocoaPods, "Foo", "1.1.0", None)]);
        let d = diff_inventories(&old, &new);
        assert_eq!(d.version_changed.len(), 1);
        assert!(d.upgraded.is_empty());
    }
}
