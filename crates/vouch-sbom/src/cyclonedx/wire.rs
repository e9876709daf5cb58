//! The CycloneDX 1.6 JSON objects vouch writes, mirroring <https://cyclonedx.org/docs/1.6/json/>
//! (schema `bom-1.6.schema.json`). Private: only the subset we emit, in the schema's own property
//! order, so serialisation order is fixed by these structs.

use serde::Serialize;

/// The root object (`#`).
#[derive(Debug, Serialize)]
pub(super) struct Bom {
    #[serde(rename = "$schema")]
    pub(super) schema: &'static str,
    #[serde(rename = "bomFormat")]
    pub(super) bom_format: &'static str,
    #[serde(rename = "specVersion")]
    pub(super) spec_version: &'static str,
    #[serde(rename = "serialNumber")]
    pub(super) serial_number: String,
    pub(super) version: u32,
    pub(super) metadata: Metadata,
    /// Always present, empty when the inventory is, so "no components" is stated, not implied.
    pub(super) components: Vec<Component>,
    /// The dependency graph, where lockfiles record it (omitted when none does).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) dependencies: Vec<Dependency>,
}

/// `#/definitions/dependency`: a component and the refs it directly depends on. Per the spec, a
/// component whose dependencies are known but empty is listed with an empty `dependsOn`.
#[derive(Debug, Serialize)]
pub(super) struct Dependency {
    #[serde(rename = "ref")]
    pub(super) reference: String,
    #[serde(rename = "dependsOn")]
    pub(super) depends_on: Vec<String>,
}

/// `#/definitions/metadata`.
#[derive(Debug, Serialize)]
pub(super) struct Metadata {
    /// RFC 3339 `date-time`.
    pub(super) timestamp: String,
    pub(super) tools: Tools,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) manufacturer: Option<Organization>,
    pub(super) component: Component,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) supplier: Option<Organization>,
}

/// `#/definitions/organizationalEntity` (name and website).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Organization {
    pub(super) name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) url: Vec<String>,
}

/// `metadata.tools` in its 1.5+ object form (the array of `tool` is deprecated).
#[derive(Debug, Serialize)]
pub(super) struct Tools {
    pub(super) components: Vec<Component>,
}

/// `#/definitions/component`.
#[derive(Debug, Serialize)]
pub(super) struct Component {
    #[serde(rename = "type")]
    pub(super) ty: ComponentType,
    #[serde(rename = "bom-ref", skip_serializing_if = "Option::is_none")]
    pub(super) bom_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) group: Option<String>,
    pub(super) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) scope: Option<Scope>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) hashes: Vec<Hash>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) purl: Option<String>,
    #[serde(rename = "externalReferences", skip_serializing_if = "Vec::is_empty")]
    pub(super) external_references: Vec<ExternalReference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) evidence: Option<Evidence>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) properties: Vec<Property>,
}

/// `component.type` (the values we use of the schema's enum).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum ComponentType {
    Application,
    Library,
}

/// `component.scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Scope {
    Required,
    Optional,
    Excluded,
}

/// `#/definitions/hash`; `content` must match `#/definitions/hash-content`.
#[derive(Debug, Serialize)]
pub(super) struct Hash {
    pub(super) alg: &'static str,
    pub(super) content: String,
}

/// `#/definitions/externalReference`; `url` must be an `iri-reference`.
#[derive(Debug, Serialize)]
pub(super) struct ExternalReference {
    pub(super) url: String,
    #[serde(rename = "type")]
    pub(super) ty: ExternalReferenceType,
    /// The referenced file's hashes (BSI TR-03183-2 puts the deployable file's SHA-512 here).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) hashes: Vec<Hash>,
}

/// `externalReference.type` (the values we use).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum ExternalReferenceType {
    Vcs,
    Distribution,
    SecurityContact,
}

/// `#/definitions/componentEvidence` (only `occurrences`).
#[derive(Debug, Serialize)]
pub(super) struct Evidence {
    pub(super) occurrences: Vec<Occurrence>,
}

/// `componentEvidence.occurrences[]`; `line` is new in 1.6.
#[derive(Debug, Serialize)]
pub(super) struct Occurrence {
    pub(super) location: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) line: Option<u32>,
}

/// `#/definitions/property`.
#[derive(Debug, Serialize)]
pub(super) struct Property {
    pub(super) name: &'static str,
    pub(super) value: String,
}
