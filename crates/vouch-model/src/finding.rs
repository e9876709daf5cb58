//! Findings: a component matched to an advisory (or, in later issues, another failed check),
//! with what the advisory says and how the seller evaluated it (VEX).

use serde::Serialize;

use crate::{AdvisoryId, Ecosystem, Purl, Severity};

/// What kind of problem a finding is; the wire names are part of `vouch.report/v1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FindingKind {
    /// A known vulnerability in the component.
    Vulnerability,
    /// The component is a known-malicious package (OSV `MAL-` records).
    Malicious,
    /// An informational advisory says the package is no longer maintained (RustSec
    /// `unmaintained`); cargo-audit reports these as warnings, and so does vouch.
    Unmaintained,
    /// An informational advisory says the package has unsound code paths (RustSec `unsound`).
    Unsound,
    /// Any other informational advisory (RustSec `notice`, ...).
    Notice,
}

impl FindingKind {
    /// Vulnerabilities and malicious packages: the kinds that fail a scan. The others inform.
    pub fn is_security_defect(self) -> bool {
        matches!(self, FindingKind::Vulnerability | FindingKind::Malicious)
    }

    /// The wire name (`vulnerability`, `malicious`, `unmaintained`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Vulnerability => "vulnerability",
            FindingKind::Malicious => "malicious",
            FindingKind::Unmaintained => "unmaintained",
            FindingKind::Unsound => "unsound",
            FindingKind::Notice => "notice",
        }
    }
}

/// The seller's evaluation of a finding, in CISA's VEX status vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VexStatus {
    /// The product is affected.
    Affected,
    /// The product is not affected (a justification goes with it).
    NotAffected,
    /// Fixed in this delivery.
    Fixed,
    /// Being evaluated.
    UnderInvestigation,
}

/// A component matched to an advisory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What kind of problem.
    pub kind: FindingKind,
    /// The advisory's id.
    pub id: AdvisoryId,
    /// Other ids of the same advisory (CVE, GHSA, ...), merged across databases, sorted.
    pub aliases: Vec<AdvisoryId>,
    /// The component's ecosystem.
    pub ecosystem: Ecosystem,
    /// The component's name as written.
    pub package: String,
    /// The component's version.
    pub version: String,
    /// The component's purl.
    pub purl: Purl,
    /// One line on what the advisory is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// How bad it is.
    pub severity: Severity,
    /// Versions that fix it, lowest first, as the advisory lists them.
    pub fixed_versions: Vec<String>,
    /// Where to read more (the advisory's own page first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The seller's evaluation; `None` while nobody has evaluated it.
    pub vex: Option<VexStatus>,
}
