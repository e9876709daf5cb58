//! An SBOM held against the artifact it describes (issue 7; clause 3.5 of seller-offerings lets
//! the customer test the delivery): the SBOM's inventory is the claim, the inventory vouch
//! derives from the delivery itself is the truth, and every difference between them is drift.
//!
//! The comparison is [`diff_inventories`] run on copies of both inventories in which each
//! component is named by its ecosystem and normalised name only (PEP 503 for PyPI, case-folded
//! NuGet, ...), so purl namespaces and qualifiers (`?arch=...&distro=...`, `download_url`) and the
//! spelling of a name cannot make drift. A version the SBOM writes differently but the
//! ecosystem's rules hold equal (PEP 440 `1.0` and `1.0.0`), or as the artifact's purl writes it
//! (RPM without its epoch), is the same version. The SBOM's own subject (CycloneDX
//! `metadata.component`, what SPDX `DESCRIBES`) is not a component of the artifact and is set
//! aside; so are the artifact's development-only components an SBOM leaves out.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use vouch_model::{Checksum, Component, Ecosystem, Inventory, PackageName, Purl};
use vouch_version::Version;

use crate::diff::{PackageVersion, diff_inventories};
use crate::read::{SbomDocument, SbomSubject};

/// One package whose version in the SBOM is not the version in the artifact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionMismatch {
    /// The ecosystem.
    pub ecosystem: Ecosystem,
    /// The package name as the artifact writes it.
    pub name: String,
    /// The artifact's purl without version (`pkg:cargo/regex`).
    pub package: String,
    /// The version the SBOM claims.
    pub sbom: Option<String>,
    /// The version in the artifact.
    pub artifact: Option<String>,
}

/// One package at one version whose SBOM hash is not among the artifact's hashes of the same
/// algorithm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HashMismatch {
    /// The package at its version, as the artifact names it.
    #[serde(flatten)]
    pub component: PackageVersion,
    /// The hashes the SBOM claims.
    pub sbom: Vec<Checksum>,
    /// The hashes the artifact records (its lockfiles).
    pub artifact: Vec<Checksum>,
}

/// Whether the SBOM is true to the artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerifyVerdict {
    /// Nothing missing, nothing extra, no version or hash mismatch.
    Consistent,
    /// At least one difference.
    Drift,
}

/// What holding an SBOM against its artifact found; every list sorted by ecosystem, package,
/// version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Components the SBOM lists (after setting its subject aside).
    pub sbom_components: usize,
    /// Components vouch found in the artifact.
    pub artifact_components: usize,
    /// Components both name at the same version with no hash disagreement.
    pub matched: usize,
    /// In the artifact, not declared by the SBOM.
    pub missing_from_sbom: Vec<PackageVersion>,
    /// Declared by the SBOM, not found in the artifact.
    pub not_in_artifact: Vec<PackageVersion>,
    /// The same package at another version.
    pub version_mismatches: Vec<VersionMismatch>,
    /// The same package and version, a hash of an algorithm both record that differs.
    pub hash_mismatches: Vec<HashMismatch>,
    /// In the artifact, not declared by the SBOM, and only development or test builds need
    /// them (the lockfile says so): not part of what is shipped, so an SBOM may leave them
    /// out. Not drift.
    pub dev_only_not_in_sbom: Vec<PackageVersion>,
    /// Ecosystems of `not_in_artifact` components of which vouch found nothing at all in the
    /// artifact: either the SBOM is wrong or this kind of delivery does not show that ecosystem
    /// to vouch (OS packages in a directory without a package database, say). Still drift; this
    /// says where to look.
    pub unseen_ecosystems: Vec<Ecosystem>,
    /// SBOM components that are the SBOM's own subject (the product it describes), not
    /// compared.
    pub subjects: Vec<PackageVersion>,
}

impl Verification {
    /// `Consistent` when nothing is missing, extra or mismatched.
    pub fn verdict(&self) -> VerifyVerdict {
        if self.missing_from_sbom.is_empty()
            && self.not_in_artifact.is_empty()
            && self.version_mismatches.is_empty()
            && self.hash_mismatches.is_empty()
        {
            VerifyVerdict::Consistent
        } else {
            VerifyVerdict::Drift
        }
    }

    /// The number of differences (each missing, extra and mismatched component once).
    pub fn drift_count(&self) -> usize {
        self.missing_from_sbom.len()
            + self.not_in_artifact.len()
            + self.version_mismatches.len()
            + self.hash_mismatches.len()
    }
}

/// A package's identity whatever its version: ecosystem and normalised name, as the purl of
/// that name writes it (the purl spec lower-cases npm names, so a true SBOM names npm's
/// `JSONStream` `pkg:npm/jsonstream`).
type Identity = (Ecosystem, String);

fn identity(c: &Component) -> Identity {
    (c.ecosystem, identity_of(c.ecosystem, c.name.normalized()))
}

fn identity_of(ecosystem: Ecosystem, normalized: &str) -> String {
    PackageName::new(ecosystem, normalized)
        .ok()
        .and_then(|name| Purl::for_package(ecosystem, &name, None).ok())
        .map_or_else(|| normalized.to_owned(), |purl| purl.as_str().to_owned())
}

/// Holds `sbom` (the claim) against `artifact` (the inventory vouch derived from the delivery).
pub fn verify_sbom(sbom: &SbomDocument, artifact: &Inventory) -> Verification {
    let truth: BTreeSet<Identity> = artifact.components().iter().map(identity).collect();
    let subjects = subject_identities(&sbom.info.subjects);
    let (claimed, set_aside): (Vec<&Component>, Vec<&Component>) =
        sbom.inventory.components().iter().partition(|c| {
            let id = identity(c);
            truth.contains(&id) || !subjects.contains(&id)
        });

    // The artifact's versions of each package, to read the SBOM's versions against.
    let mut artifact_versions: BTreeMap<Identity, Vec<&Component>> = BTreeMap::new();
    for c in artifact.components() {
        artifact_versions.entry(identity(c)).or_default().push(c);
    }

    // Copies named by identity; originals kept to report by. The SBOM copy takes the
    // artifact's spelling of a version the ecosystem holds equal.
    let mut truth_copy = Inventory::new();
    let mut truth_original: BTreeMap<(Identity, Option<String>), &Component> = BTreeMap::new();
    for c in artifact.components() {
        truth_original
            .entry((identity(c), c.version.clone()))
            .or_insert(c);
        truth_copy.add(by_identity(c, c.version.clone()));
    }
    truth_copy.finish();
    let mut claim_copy = Inventory::new();
    let mut claim_original: BTreeMap<(Identity, Option<String>), &Component> = BTreeMap::new();
    for c in &claimed {
        let id = identity(c);
        let version = artifact_versions
            .get(&id)
            .and_then(|found| same_version(c, found))
            .unwrap_or_else(|| c.version.clone());
        claim_original.entry((id, version.clone())).or_insert(c);
        claim_copy.add(by_identity(c, version));
    }
    claim_copy.finish();

    let diff = diff_inventories(&claim_copy, &truth_copy);
    let original = |map: &BTreeMap<(Identity, Option<String>), &Component>, p: &PackageVersion| {
        map.get(&(
            (p.ecosystem, identity_of(p.ecosystem, &p.name)),
            p.version.clone(),
        ))
        .map_or_else(|| p.clone(), |c| package_version(c))
    };
    let dev_only = |p: &PackageVersion| {
        truth_original
            .get(&(
                (p.ecosystem, identity_of(p.ecosystem, &p.name)),
                p.version.clone(),
            ))
            .is_some_and(|c| c.scope.dev == Some(true))
    };
    let (dev_only_not_in_sbom, missing_from_sbom): (Vec<&PackageVersion>, Vec<&PackageVersion>) =
        diff.added.iter().partition(|p| dev_only(p));
    let missing_from_sbom: Vec<PackageVersion> = missing_from_sbom
        .into_iter()
        .map(|p| original(&truth_original, p))
        .collect();
    let dev_only_not_in_sbom: Vec<PackageVersion> = dev_only_not_in_sbom
        .into_iter()
        .map(|p| original(&truth_original, p))
        .collect();
    let not_in_artifact: Vec<PackageVersion> = diff
        .removed
        .iter()
        .map(|p| original(&claim_original, p))
        .collect();
    let version_mismatches: Vec<VersionMismatch> = diff
        .upgraded
        .iter()
        .chain(&diff.downgraded)
        .chain(&diff.version_changed)
        .map(|change| {
            let id = (
                change.ecosystem,
                identity_of(change.ecosystem, &change.name),
            );
            let artifact_side = truth_original
                .get(&(id.clone(), change.new.clone()))
                .copied();
            let sbom_side = claim_original.get(&(id, change.old.clone())).copied();
            VersionMismatch {
                ecosystem: change.ecosystem,
                name: artifact_side.map_or_else(|| change.name.clone(), |c| c.name.to_string()),
                package: artifact_side
                    .map_or_else(|| change.package.clone(), |c| c.purl.package().to_owned()),
                sbom: sbom_side.map_or_else(|| change.old.clone(), |c| c.version.clone()),
                artifact: change.new.clone(),
            }
        })
        .collect();
    let hash_mismatches: Vec<HashMismatch> = diff
        .hash_changed
        .iter()
        .map(|change| HashMismatch {
            component: original(&truth_original, &change.component),
            sbom: change.old.clone(),
            artifact: change.new.clone(),
        })
        .collect();
    let mut version_mismatches = version_mismatches;
    version_mismatches.sort_by(|a, b| {
        (a.ecosystem, &a.package, &a.artifact).cmp(&(b.ecosystem, &b.package, &b.artifact))
    });
    let seen: BTreeSet<Ecosystem> = artifact.components().iter().map(|c| c.ecosystem).collect();
    let unseen_ecosystems: Vec<Ecosystem> = not_in_artifact
        .iter()
        .map(|p| p.ecosystem)
        .filter(|e| !seen.contains(e))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let sbom_components = claim_copy.len();
    let artifact_components = truth_copy.len();
    let unmatched_truth =
        missing_from_sbom.len() + dev_only_not_in_sbom.len() + version_mismatches.len();
    let matched = artifact_components
        .saturating_sub(unmatched_truth)
        .saturating_sub(hash_mismatches.len());
    Verification {
        sbom_components,
        artifact_components,
        matched,
        missing_from_sbom,
        not_in_artifact,
        version_mismatches,
        hash_mismatches,
        dev_only_not_in_sbom,
        unseen_ecosystems,
        subjects: set_aside.into_iter().map(package_version).collect(),
    }
}

/// The identities of what the SBOM describes, where it names them by purl.
fn subject_identities(subjects: &[SbomSubject]) -> BTreeSet<Identity> {
    subjects
        .iter()
        .filter_map(|s| {
            s.purl
                .as_deref()?
                .trim()
                .parse::<Purl>()
                .ok()?
                .package_of()
                .ok()
        })
        .map(|p| (p.ecosystem, identity_of(p.ecosystem, p.name.normalized())))
        .collect()
}

/// A copy of `c` named by its identity at `version`: the normalised name, the purl built from
/// it (no namespace beyond what the name carries, no qualifiers), the hashes; nothing else. A
/// name whose normalised form the ecosystem refuses keeps its written form.
fn by_identity(c: &Component, version: Option<String>) -> Component {
    let name =
        PackageName::new(c.ecosystem, c.name.normalized()).unwrap_or_else(|_| c.name.clone());
    let location = c
        .locations
        .first()
        .cloned()
        .unwrap_or_else(|| vouch_model::Location::file(std::path::PathBuf::new()));
    match Component::new(c.ecosystem, name, version.clone(), location) {
        Ok(mut copy) => {
            copy.checksums = c.checksums.clone();
            copy
        }
        Err(_) => {
            let mut copy = c.clone();
            copy.version = version;
            copy.source = vouch_model::ComponentSource::Registry;
            copy
        }
    }
}

/// The artifact's version that `claimed` names, written differently: the same under the
/// ecosystem's rules, or as the artifact component's purl writes it (an RPM purl carries the
/// epoch as a qualifier, so an SBOM's purl version lacks it). `None` when the text already
/// matches one, or none is the same.
fn same_version(claimed: &Component, found: &[&Component]) -> Option<Option<String>> {
    let text = claimed.version.as_deref()?;
    if found.iter().any(|a| a.version.as_deref() == Some(text)) {
        return None;
    }
    let parsed = Version::parse_for(claimed.ecosystem, text).ok();
    found
        .iter()
        .find(|a| {
            let Some(theirs) = a.version.as_deref() else {
                return false;
            };
            let by_purl = a
                .purl
                .package_of()
                .ok()
                .and_then(|p| p.version)
                .is_some_and(|v| v == text);
            let by_rules = parsed.as_ref().is_some_and(|mine| {
                Version::parse_for(a.ecosystem, theirs).is_ok_and(|v| v.cmp(mine).is_eq())
            });
            by_purl || by_rules
        })
        .map(|a| a.version.clone())
}

fn package_version(c: &Component) -> PackageVersion {
    PackageVersion {
        ecosystem: c.ecosystem,
        name: c.name.as_str().to_owned(),
        version: c.version.clone(),
        purl: c.purl.clone(),
    }
}

#[cfg(test)]
mod tests;
