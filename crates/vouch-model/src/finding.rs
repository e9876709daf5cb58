//! Findings: a component matched to an advisory (or, in later issues, another failed check),
//! with what the advisory says and how the seller evaluated it (VEX).

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::Serialize;

use crate::{AdvisoryId, Ecosystem, Purl, Severity, SourcePackage};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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

impl VexStatus {
    /// The wire name (`affected`, `not_affected`, `fixed`, `under_investigation`).
    pub fn as_str(self) -> &'static str {
        match self {
            VexStatus::Affected => "affected",
            VexStatus::NotAffected => "not_affected",
            VexStatus::Fixed => "fixed",
            VexStatus::UnderInvestigation => "under_investigation",
        }
    }

    /// `not_affected` and `fixed` close a finding: it no longer fails a scan or a clause.
    pub fn closes_finding(self) -> bool {
        matches!(self, VexStatus::NotAffected | VexStatus::Fixed)
    }
}

impl FromStr for VexStatus {
    type Err = VexVocabularyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "affected" => VexStatus::Affected,
            "not_affected" => VexStatus::NotAffected,
            "fixed" => VexStatus::Fixed,
            "under_investigation" => VexStatus::UnderInvestigation,
            _ => {
                return Err(VexVocabularyError {
                    value: s.to_owned(),
                    expected: "affected, not_affected, fixed, under_investigation",
                });
            }
        })
    }
}

/// Why a product is not affected: the status justifications of CISA's VEX working group
/// ("Vulnerability Exploitability eXchange (VEX) – Status Justifications", June 2022), as OpenVEX
/// and the CSAF 2.0 flag labels (§3.2.3.5) spell them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Justification {
    /// The vulnerable component is not in the product.
    ComponentNotPresent,
    /// The component is there, but the vulnerable code is not (built without it).
    VulnerableCodeNotPresent,
    /// The vulnerable code is there but never executed by the product.
    VulnerableCodeNotInExecutePath,
    /// The vulnerable code runs, but an attacker cannot control it.
    VulnerableCodeCannotBeControlledByAdversary,
    /// Built-in protections prevent exploitation.
    InlineMitigationsAlreadyExist,
}

impl Justification {
    /// Every label, in the order the CISA document lists them.
    pub const ALL: &'static [Justification] = &[
        Justification::ComponentNotPresent,
        Justification::VulnerableCodeNotPresent,
        Justification::VulnerableCodeNotInExecutePath,
        Justification::VulnerableCodeCannotBeControlledByAdversary,
        Justification::InlineMitigationsAlreadyExist,
    ];

    /// The label as written (`component_not_present`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Justification::ComponentNotPresent => "component_not_present",
            Justification::VulnerableCodeNotPresent => "vulnerable_code_not_present",
            Justification::VulnerableCodeNotInExecutePath => "vulnerable_code_not_in_execute_path",
            Justification::VulnerableCodeCannotBeControlledByAdversary => {
                "vulnerable_code_cannot_be_controlled_by_adversary"
            }
            Justification::InlineMitigationsAlreadyExist => "inline_mitigations_already_exist",
        }
    }
}

impl FromStr for Justification {
    type Err = VexVocabularyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Justification::ALL
            .iter()
            .copied()
            .find(|j| j.as_str() == s)
            .ok_or_else(|| VexVocabularyError {
                value: s.to_owned(),
                expected: "component_not_present, vulnerable_code_not_present, \
                           vulnerable_code_not_in_execute_path, \
                           vulnerable_code_cannot_be_controlled_by_adversary, \
                           inline_mitigations_already_exist",
            })
    }
}

impl fmt::Display for Justification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not in the VEX vocabulary it was read as.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not one of {expected}")]
pub struct VexVocabularyError {
    /// The word as written.
    pub value: String,
    /// The words allowed there.
    pub expected: &'static str,
}

/// A status with what goes with it, so a justification can only stand beside `not_affected` and
/// an action statement only beside `affected`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum VexState {
    /// Not affected; the formats that require a reason have given a justification or an impact
    /// statement (CycloneDX makes both optional).
    NotAffected {
        /// The machine-readable reason.
        justification: Option<Justification>,
        /// Why, in words.
        impact_statement: Option<String>,
    },
    /// Affected, with what to do about it where the document says.
    Affected {
        /// How to remediate or mitigate.
        action_statement: Option<String>,
    },
    /// Fixed in this delivery.
    Fixed,
    /// Being evaluated.
    UnderInvestigation,
}

impl VexState {
    /// The bare status.
    pub fn status(&self) -> VexStatus {
        match self {
            VexState::NotAffected { .. } => VexStatus::NotAffected,
            VexState::Affected { .. } => VexStatus::Affected,
            VexState::Fixed => VexStatus::Fixed,
            VexState::UnderInvestigation => VexStatus::UnderInvestigation,
        }
    }

    /// The justification of a `not_affected` state.
    pub fn justification(&self) -> Option<Justification> {
        match self {
            VexState::NotAffected { justification, .. } => *justification,
            _ => None,
        }
    }

    /// The impact statement (`not_affected`) or action statement (`affected`).
    pub fn statement(&self) -> Option<&str> {
        match self {
            VexState::NotAffected {
                impact_statement, ..
            } => impact_statement.as_deref(),
            VexState::Affected { action_statement } => action_statement.as_deref(),
            VexState::Fixed | VexState::UnderInvestigation => None,
        }
    }
}

/// The kind of document a VEX statement was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum VexFormat {
    /// OpenVEX 0.2.0 JSON.
    #[serde(rename = "openvex")]
    OpenVex,
    /// CycloneDX 1.4-1.6 JSON `vulnerabilities[].analysis`.
    #[serde(rename = "cyclonedx")]
    CycloneDx,
    /// CSAF 2.0 (the VEX profile, `csaf_vex`).
    #[serde(rename = "csaf")]
    Csaf,
    /// The `[[triage]]` table of `vouch.toml`.
    #[serde(rename = "triage")]
    Triage,
}

impl VexFormat {
    /// The wire name (`openvex`, `cyclonedx`, `csaf`, `triage`).
    pub fn as_str(self) -> &'static str {
        match self {
            VexFormat::OpenVex => "openvex",
            VexFormat::CycloneDx => "cyclonedx",
            VexFormat::Csaf => "csaf",
            VexFormat::Triage => "triage",
        }
    }
}

/// Where a statement was read: the file and a JSON pointer (RFC 6901) to the statement in it,
/// e.g. `/statements/2`, `/vulnerabilities/0/product_status/known_not_affected/1`, `/triage/0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct VexSource {
    /// The document's format.
    pub format: VexFormat,
    /// The file as it was named.
    pub file: PathBuf,
    /// Where in the file.
    pub statement: String,
}

impl fmt::Display for VexSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file.display(), self.statement)
    }
}

/// How the seller evaluated a finding (clause 3.2 "evaluate"), and which statement says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VexAssessment {
    /// The status with its justification or statement.
    #[serde(flatten)]
    pub state: VexState,
    /// The statement it came from.
    pub source: VexSource,
}

impl VexAssessment {
    /// The bare status.
    pub fn status(&self) -> VexStatus {
        self.state.status()
    }
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
    /// For an OS package whose advisories name its source package (Debian, Ubuntu, Alpine):
    /// the source package matched and the version compared, where either differs from the
    /// binary package's (`openssl 3.0.11-1~deb12u2` for `libssl3`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_package: Option<SourcePackage>,
    /// The OS package's distribution release is unknown (no os-release), so an advisory
    /// about one release (`Debian:12`) matched without knowing it is that release.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub release_unknown: bool,
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
    pub vex: Option<VexAssessment>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vex_words_round_trip_and_refuse_others() {
        for j in Justification::ALL {
            assert_eq!(j.as_str().parse::<Justification>().unwrap(), *j);
            assert_eq!(
                serde_json::to_value(j).unwrap(),
                serde_json::json!(j.as_str())
            );
        }
        for s in [
            VexStatus::Affected,
            VexStatus::NotAffected,
            VexStatus::Fixed,
            VexStatus::UnderInvestigation,
        ] {
            assert_eq!(s.as_str().parse::<VexStatus>().unwrap(), s);
        }
        assert!("code_not_reachable".parse::<Justification>().is_err());
        assert!("resolved".parse::<VexStatus>().is_err());
        assert!(VexStatus::NotAffected.closes_finding() && VexStatus::Fixed.closes_finding());
        assert!(!VexStatus::Affected.closes_finding());
        assert!(!VexStatus::UnderInvestigation.closes_finding());
    }

    #[test]
    fn only_not_affected_carries_a_justification() {
        let na = VexState::NotAffected {
            justification: Some(Justification::ComponentNotPresent),
            impact_statement: None,
        };
        assert_eq!(na.justification(), Some(Justification::ComponentNotPresent));
        assert_eq!(
            serde_json::to_value(&na).unwrap(),
            serde_json::json!({"status": "not_affected", "justification": "component_not_present", "impact_statement": null})
        );
        let affected = VexState::Affected {
            action_statement: Some("update".into()),
        };
        assert_eq!(affected.justification(), None);
        assert_eq!(affected.statement(), Some("update"));
        assert_eq!(VexState::Fixed.statement(), None);
    }
}
