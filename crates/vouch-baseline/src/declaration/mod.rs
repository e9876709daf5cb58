//! What the seller declares in `vouch.toml` (organisation, contacts, certificates, audit
//! reports, support period, subcontractors, waivers), as a validated model. The reader in
//! [`read`] reports every problem at once with line and column; the engine only sees this model.

mod load;
mod read;
mod template;

use std::path::PathBuf;

use jiff::civil::Date;
use vouch_model::ClauseId;

use crate::CheckKind;

pub use load::LoadError as DeclarationLoadError;
pub use read::{DeclarationError, DeclarationProblem, SCHEMA as DECLARATION_SCHEMA};
pub use template::{Detected, template};

/// A validated `vouch.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Declaration {
    /// Where it was read from, as given (references in evidence name it).
    pub origin: String,
    /// The seller.
    pub organisation: Option<Organisation>,
    /// The delivered product.
    pub product: Option<Product>,
    /// Security contacts (clause 3.6).
    pub security_contacts: Vec<Contact>,
    /// ISMS certificates (clause 1).
    pub isms_certificates: Vec<IsmsCertificate>,
    /// Audit reports such as SOC 2 Type II (clause 6).
    pub audit_reports: Vec<AuditReport>,
    /// The secure-development standard and SAST evidence (clause 3.1).
    pub secure_development: Option<SecureDevelopment>,
    /// How vulnerabilities and incidents are reported to the customer (clause 4).
    pub reporting: Option<Reporting>,
    /// Subcontractors and their flow-down agreements (clause 5).
    pub subcontractors: Vec<Subcontractor>,
    /// Checks the customer agreed to waive.
    pub waivers: Vec<Waiver>,
}

/// The seller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Legal name.
    pub name: String,
    /// Website, as written.
    pub website: Option<String>,
}

/// The delivered product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// Its name.
    pub name: String,
    /// The delivered version.
    pub version: Option<String>,
    /// When this version was (or will be) delivered.
    pub released: Option<Date>,
    /// The last day security patches are promised for (clause 3.3).
    pub support_until: Option<Date>,
}

/// A way to reach someone. At least one of `email` and `url` is set; their syntax is judged by
/// the check, so a malformed address fails the clause instead of hiding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Who (a team or role).
    pub name: Option<String>,
    /// An e-mail address, as written.
    pub email: Option<String>,
    /// A URL (a form, a security.txt), as written.
    pub url: Option<String>,
}

/// A file named as evidence, resolved against the directory of `vouch.toml` when read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    /// The path as written.
    pub path: String,
    /// The resolved path.
    pub resolved: PathBuf,
    /// SHA-256 of its contents, hex; `None` when it does not exist or cannot be read.
    pub sha256: Option<String>,
}

/// An ISMS certificate (ISO/IEC 27001, IEC 62443-x).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsmsCertificate {
    /// The standard as written (`ISO/IEC 27001:2022`, `IEC 62443-4-1`).
    pub standard: String,
    /// The certification body.
    pub issuer: String,
    /// The certificate's number.
    pub id: String,
    /// The scope statement, as on the certificate.
    pub scope: Option<String>,
    /// Whether the scope covers the operations behind this offering (development, support,
    /// hosting); `None` when not stated.
    pub covers_offering: Option<bool>,
    /// First day of validity.
    pub valid_from: Date,
    /// Last day of validity.
    pub valid_until: Date,
    /// The certificate itself.
    pub evidence: Option<EvidenceFile>,
}

/// An auditor's opinion on a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opinion {
    /// Unqualified ("clean").
    Unqualified,
    /// Qualified: exceptions noted.
    Qualified,
    /// Adverse.
    Adverse,
    /// The auditor disclaimed an opinion.
    Disclaimer,
}

impl Opinion {
    /// The name used in `vouch.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Opinion::Unqualified => "unqualified",
            Opinion::Qualified => "qualified",
            Opinion::Adverse => "adverse",
            Opinion::Disclaimer => "disclaimer",
        }
    }
}

/// An independent audit report (SOC 2 Type II, ISAE 3402, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    /// The kind of report as written (`SOC 2 Type II`).
    pub kind: String,
    /// The audit firm.
    pub auditor: String,
    /// First day of the period examined.
    pub period_start: Date,
    /// Last day of the period examined.
    pub period_end: Date,
    /// The auditor's opinion, where stated.
    pub opinion: Option<Opinion>,
    /// A bridge (gap) letter covering the time since the period ended, valid until this day.
    pub bridge_letter_until: Option<Date>,
    /// The report itself.
    pub evidence: Option<EvidenceFile>,
}

/// The secure-development standard and SAST evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecureDevelopment {
    /// The standard (`OWASP ASVS 4.0.3`, `OWASP SAMM`, `IEC 62443-4-1`).
    pub standard: String,
    /// The level claimed, where the standard has levels.
    pub level: Option<u8>,
    /// SAST results as SARIF 2.1.0 files.
    pub sarif: Vec<SarifEvidence>,
}

/// A SARIF file and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SarifEvidence {
    /// The file.
    pub file: EvidenceFile,
    /// What was read from it; `Err` says why it could not be.
    pub content: Result<SarifSummary, String>,
}

/// The results of a SARIF file that are still open (not suppressed, not baseline-absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SarifSummary {
    /// The tools that produced the runs (`Semgrep OSS`, `CodeQL`).
    pub tools: Vec<String>,
    /// Open results at level `error`.
    pub errors: usize,
    /// Open results at level `warning`.
    pub warnings: usize,
    /// Open results at level `note` or `none`.
    pub notes: usize,
    /// Results suppressed in the file (accepted by the seller, with a justification there).
    pub suppressed: usize,
    /// The first few open results at the highest level present: rule id and location.
    pub examples: Vec<String>,
}

/// Reporting duties toward the customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reporting {
    /// Where vulnerability reports go to and come from (a PSIRT).
    pub vulnerability_contact: Option<Contact>,
    /// Where incidents are reported from.
    pub incident_contact: Option<Contact>,
    /// Promised hours from awareness to an early warning.
    pub early_warning_hours: Option<u32>,
    /// Promised hours from awareness to an incident notification.
    pub notification_hours: Option<u32>,
    /// Promised days from awareness to a final report.
    pub final_report_days: Option<u32>,
}

/// A subcontractor and its flow-down agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subcontractor {
    /// Its name.
    pub name: String,
    /// What it supplies.
    pub supplies: String,
    /// When the flow-down agreement was signed; `None` when not yet.
    pub flow_down_signed: Option<Date>,
    /// The agreed date by which it must be signed (the grace period).
    pub flow_down_due: Option<Date>,
    /// The signed agreement.
    pub evidence: Option<EvidenceFile>,
}

/// A check the customer agreed to waive, for a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// The waived check.
    pub check: CheckKind,
    /// Only in this clause; `None`: wherever the check is used.
    pub clause: Option<ClauseId>,
    /// Why.
    pub reason: String,
    /// Who on the customer's side approved it.
    pub approved_by: String,
    /// The last day it applies.
    pub expires: Date,
    /// Where in `vouch.toml` it is (`/waivers/0`).
    pub pointer: String,
}
