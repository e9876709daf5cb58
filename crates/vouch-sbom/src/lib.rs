//! Software bills of materials for a delivery's inventory: CycloneDX 1.6 JSON and SPDX 2.3 JSON,
//! written with private serde structs so the wire formats stay at this edge, deterministic so
//! SBOMs diff well, and (feature `validate`) checked against the official schemas.

mod checksum;
mod cyclonedx;
mod diff;
mod quality;
mod read;
mod serial;
mod spdx;
#[cfg(feature = "validate")]
mod validate;
mod verify;

pub use cyclonedx::cyclonedx_json;
pub use diff::{ComponentChange, PackageVersion, SbomDiff, VersionChange, diff_inventories};
pub use quality::{
    ComponentQuality, FieldCheck, FieldCount, FieldStatus, ProfileQuality, QualityError,
    QualityField, QualityProfile, QualityReport, QualityScore, Requirement, sbom_quality,
};
pub use read::{
    DocumentFormat, MAX_SBOM_BYTES, SBOM_SNIFF_BYTES, SbomDocument, SbomDocumentInfo,
    SbomReadError, SbomSubject, SbomTool, may_be_sbom, read_sbom,
};
pub use serial::{SerialNumber, SerialNumberError};
pub use spdx::spdx_json;
#[cfg(feature = "validate")]
pub use validate::{
    CycloneDxValidator, SchemaLoadError, SpdxValidator, validate_cyclonedx_1_6, validate_spdx_2_3,
};
pub use verify::{HashMismatch, Verification, VerifyVerdict, VersionMismatch, verify_sbom};

/// What an SBOM says about itself and the delivery it describes (CycloneDX `metadata`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BomMetadata {
    /// The delivery's name (e.g. the scanned directory's name): `metadata.component.name`.
    pub component_name: String,
    /// The delivery's version, when known.
    pub component_version: Option<String>,
    /// When the SBOM was made; written in UTC with whole seconds.
    pub timestamp: jiff::Timestamp,
    /// The serial number; `None` derives one from the content, so the same inventory gives
    /// the same serial (see [`cyclonedx_json`]).
    pub serial: Option<SerialNumber>,
    /// The generating tool's name (`metadata.tools.components[0].name`), e.g. `vouch`.
    pub tool_name: &'static str,
    /// The generating tool's version.
    pub tool_version: &'static str,
    /// The organisation that makes and supplies the delivery (from the seller's vouch.toml):
    /// CycloneDX `metadata.manufacturer` and `metadata.supplier`, SPDX `creators` and the
    /// delivery package's `supplier`. BSI TR-03183-2 requires it.
    pub supplier: Option<Supplier>,
    /// Where to report vulnerabilities in the delivery, as URIs (`mailto:...`, `https://...`):
    /// CycloneDX `security-contact` external references of the delivery, SPDX `SECURITY` refs.
    pub security_contacts: Vec<String>,
}

/// An organisation named in an SBOM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplier {
    /// Its name.
    pub name: String,
    /// Its website.
    pub url: Option<String>,
}

/// Why an SBOM could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SbomError {
    /// The timestamp lies before year 0, which RFC 3339 cannot express.
    #[error("the SBOM timestamp {timestamp} is before year 0000, which RFC 3339 cannot write")]
    TimestampOutOfRange {
        /// The timestamp as given.
        timestamp: String,
    },
    /// JSON serialisation failed (not expected with vouch's own types).
    #[error("could not serialise the SBOM as JSON: {message}")]
    Serialize {
        /// The serialiser's message.
        message: String,
    },
}
