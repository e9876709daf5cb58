//! The SPDX 2.3 JSON objects vouch writes, mirroring the SPDX 2.3 specification
//! (<https://spdx.github.io/spdx-spec/v2.3/>) and its JSON schema (`spdx-schema.json`). Private:
//! only the subset we emit; field order here is the serialisation order.

use serde::Serialize;

/// The document (§6, "Document Creation Information").
#[derive(Debug, Serialize)]
pub(super) struct Document {
    /// §6.1, always `SPDX-2.3`.
    #[serde(rename = "spdxVersion")]
    pub(super) spdx_version: &'static str,
    /// §6.2, always `CC0-1.0`.
    #[serde(rename = "dataLicense")]
    pub(super) data_license: &'static str,
    /// §6.3, always `SPDXRef-DOCUMENT`.
    #[serde(rename = "SPDXID")]
    pub(super) spdx_id: &'static str,
    /// §6.4.
    pub(super) name: String,
    /// §6.5: a URI unique to this document, without `#`.
    #[serde(rename = "documentNamespace")]
    pub(super) document_namespace: String,
    /// §6.8–6.10.
    #[serde(rename = "creationInfo")]
    pub(super) creation_info: CreationInfo,
    /// §7: the delivery first, then one per component.
    pub(super) packages: Vec<Package>,
    /// §11.
    pub(super) relationships: Vec<Relationship>,
}

/// `creationInfo`.
#[derive(Debug, Serialize)]
pub(super) struct CreationInfo {
    /// §6.9: `YYYY-MM-DDThh:mm:ssZ`.
    pub(super) created: String,
    /// §6.8: `Tool: name-version`.
    pub(super) creators: Vec<String>,
}

/// A package (§7).
#[derive(Debug, Serialize)]
pub(super) struct Package {
    /// §7.2: `SPDXRef-` and letters, digits, `.` and `-`.
    #[serde(rename = "SPDXID")]
    pub(super) spdx_id: String,
    /// §7.1.
    pub(super) name: String,
    /// §7.3.
    #[serde(rename = "versionInfo", skip_serializing_if = "Option::is_none")]
    pub(super) version_info: Option<String>,
    /// §7.5: `NOASSERTION` or an `Organization:`/`Person:` agent.
    pub(super) supplier: String,
    /// §7.7: a URI, a VCS location, or `NOASSERTION`.
    #[serde(rename = "downloadLocation")]
    pub(super) download_location: String,
    /// §7.8: `false`, since vouch reads lockfiles, not the packages' files.
    /// §7.4: the package's file name (BSI TR-03183-2's filename of the component).
    #[serde(rename = "packageFileName", skip_serializing_if = "Option::is_none")]
    pub(super) package_file_name: Option<String>,

    #[serde(rename = "filesAnalyzed")]
    pub(super) files_analyzed: bool,
    /// §7.10.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) checksums: Vec<Checksum>,
    /// §7.19: where the package came from when not from its registry.
    #[serde(rename = "sourceInfo", skip_serializing_if = "Option::is_none")]
    pub(super) source_info: Option<String>,
    /// §7.13.
    #[serde(rename = "licenseConcluded")]
    pub(super) license_concluded: &'static str,
    /// §7.15.
    #[serde(rename = "licenseDeclared")]
    pub(super) license_declared: &'static str,
    /// §7.17.
    #[serde(rename = "copyrightText")]
    pub(super) copyright_text: &'static str,
    /// §7.20: what else vouch knows and SPDX 2.3 has no field for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) comment: Option<String>,
    /// §7.21.
    #[serde(rename = "externalRefs", skip_serializing_if = "Vec::is_empty")]
    pub(super) external_refs: Vec<ExternalRef>,
    /// §7.24.
    #[serde(rename = "primaryPackagePurpose")]
    pub(super) primary_package_purpose: Purpose,
}

/// `primaryPackagePurpose` (the values we use).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(super) enum Purpose {
    Application,
    Archive,
    Library,
}

/// `checksums[]` (§7.10).
#[derive(Debug, Serialize)]
pub(super) struct Checksum {
    pub(super) algorithm: &'static str,
    #[serde(rename = "checksumValue")]
    pub(super) checksum_value: String,
}

/// `externalRefs[]` (§7.21, Annex F).
#[derive(Debug, Serialize)]
pub(super) struct ExternalRef {
    #[serde(rename = "referenceCategory")]
    pub(super) reference_category: &'static str,
    #[serde(rename = "referenceType")]
    pub(super) reference_type: &'static str,
    #[serde(rename = "referenceLocator")]
    pub(super) reference_locator: String,
}

/// `relationships[]` (§11.1).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(super) struct Relationship {
    #[serde(rename = "spdxElementId")]
    pub(super) spdx_element_id: String,
    #[serde(rename = "relationshipType")]
    pub(super) relationship_type: RelationshipType,
    #[serde(rename = "relatedSpdxElement")]
    pub(super) related_spdx_element: String,
}

/// `relationshipType` (the values we use, §11.1 table 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(super) enum RelationshipType {
    Describes,
    DependsOn,
    DevDependencyOf,
    OptionalDependencyOf,
}
