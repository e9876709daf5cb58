//! The vocabulary every other vouch crate speaks, with no I/O: ecosystems, package names
//! normalised per ecosystem, purls, components and the inventory they form, advisory ids,
//! findings, severities and diagnostics. Values are parsed once into types that cannot hold bad
//! values, so the rest of the code never re-validates a string.

mod advisory_id;
mod clause;
mod component;
mod diagnostic;
mod ecosystem;
mod finding;
mod inventory;
mod package_name;
mod purl;
mod purl_package;
mod severity;

pub use advisory_id::{AdvisoryId, AdvisoryIdError};
pub use clause::{ClauseId, ClauseIdError};
pub use component::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, DeliveredFile, FileEvidence, FileRole,
    Location, OsPackage, Relationship, Scope, SourcePackage,
};
pub use diagnostic::{CodeGroup, Diagnostic, DiagnosticCode, Level};
pub use ecosystem::{Ecosystem, EcosystemError};
pub use finding::{
    Finding, FindingKind, Justification, VexAssessment, VexFormat, VexSource, VexState, VexStatus,
    VexVocabularyError,
};
pub use inventory::Inventory;
pub use package_name::{PackageName, PackageNameError};
pub use purl::{Purl, PurlError, percent_decode};
pub use purl_package::PurlPackage;
pub use severity::{Severity, SeverityLevel};
