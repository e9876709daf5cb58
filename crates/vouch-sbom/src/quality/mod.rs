//! How complete an SBOM is, judged by the NTIA "Minimum Elements for a Software Bill of
//! Materials" (2021) and BSI TR-03183-2 v2.1 (2025): per profile, which document fields and which
//! fields of each component are present, missing or written in the wrong form, with a score.
//!
//! Works on the document as written: the readers in `read/` fill [`facts::DocumentFacts`] while
//! they read (supplier, licences, BSI properties and hashes are not in the inventory), and each
//! profile here judges those facts. The field mapping is in `docs/sbom-quality.md`.

mod facts;
mod licence;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub(crate) use facts::{
    ComponentFacts, DocumentFacts, HashFact, Licence, Party, blank, spdx_party,
};

use crate::read::{DocumentFormat, SbomDocumentInfo, SbomReadError};

/// A set of required fields an SBOM is judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[non_exhaustive]
pub enum QualityProfile {
    /// NTIA "The Minimum Elements for a Software Bill of Materials" (July 2021), data fields.
    #[serde(rename = "ntia")]
    Ntia,
    /// BSI TR-03183-2 "Software Bill of Materials (SBOM)" version 2.1.0 (2025): its required
    /// and additional fields.
    #[serde(rename = "bsi-tr-03183-2")]
    BsiTr03183_2,
}

impl QualityProfile {
    /// Every profile, in report order.
    pub const ALL: [QualityProfile; 2] = [QualityProfile::Ntia, QualityProfile::BsiTr03183_2];

    /// The profile's name as the CLI and the JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            QualityProfile::Ntia => "ntia",
            QualityProfile::BsiTr03183_2 => "bsi-tr-03183-2",
        }
    }

    /// The document it follows.
    pub fn title(self) -> &'static str {
        match self {
            QualityProfile::Ntia => "NTIA minimum elements (2021)",
            QualityProfile::BsiTr03183_2 => "BSI TR-03183-2 v2.1",
        }
    }
}

impl fmt::Display for QualityProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A field a profile asks for, of the document or of each component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum QualityField {
    /// NTIA "Author of SBOM Data" (a person, organisation or tool).
    SbomAuthor,
    /// BSI "Creator of the SBOM": an organisation or person with an e-mail address or URL.
    SbomCreator,
    /// NTIA "Timestamp", BSI "Timestamp": an RFC 3339 date-time.
    Timestamp,
    /// BSI formats: CycloneDX 1.6 or later, SPDX 3.0.1 or later.
    SpecVersion,
    /// BSI additional "SBOM-URI": CycloneDX `serialNumber`, SPDX `documentNamespace`.
    SbomUri,
    /// NTIA "Supplier Name".
    Supplier,
    /// BSI "Component creator": with an e-mail address or URL.
    Creator,
    /// NTIA and BSI "Component name".
    Name,
    /// NTIA and BSI "Component version".
    Version,
    /// NTIA "Other Unique Identifiers": purl, CPE or SWID.
    UniqueIdentifier,
    /// NTIA "Dependency Relationship": the component is in the dependency graph.
    DependencyRelationship,
    /// BSI "Filename of the component": `bsi:component:filename`.
    Filename,
    /// BSI "Dependencies on other components": its direct dependencies are enumerated (an
    /// entry in the graph, possibly empty) and each is in the SBOM.
    Dependencies,
    /// BSI "Distribution licences": SPDX expressions, acknowledged as `concluded`.
    DistributionLicence,
    /// BSI "Hash value of the deployable component": SHA-512, in
    /// `externalReferences[type=distribution].hashes`.
    DeployableHash,
    /// BSI "Executable property": `bsi:component:executable`.
    Executable,
    /// BSI "Archive property": `bsi:component:archive`.
    Archive,
    /// BSI "Structured property": `bsi:component:structured`.
    Structured,
    /// BSI additional "Source code URI".
    SourceCodeUri,
    /// BSI additional "URI of the deployable form of the component".
    DeployableUri,
    /// BSI additional "Other unique identifiers": purl, CPE or SWID.
    OtherIdentifiers,
    /// BSI additional "Original licences": SPDX expressions, acknowledged as `declared`.
    OriginalLicences,
}

impl QualityField {
    /// The field's name as the JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            QualityField::SbomAuthor => "sbom-author",
            QualityField::SbomCreator => "sbom-creator",
            QualityField::Timestamp => "timestamp",
            QualityField::SpecVersion => "spec-version",
            QualityField::SbomUri => "sbom-uri",
            QualityField::Supplier => "supplier",
            QualityField::Creator => "creator",
            QualityField::Name => "name",
            QualityField::Version => "version",
            QualityField::UniqueIdentifier => "unique-identifier",
            QualityField::DependencyRelationship => "dependency-relationship",
            QualityField::Filename => "filename",
            QualityField::Dependencies => "dependencies",
            QualityField::DistributionLicence => "distribution-licence",
            QualityField::DeployableHash => "deployable-hash",
            QualityField::Executable => "executable",
            QualityField::Archive => "archive",
            QualityField::Structured => "structured",
            QualityField::SourceCodeUri => "source-code-uri",
            QualityField::DeployableUri => "deployable-uri",
            QualityField::OtherIdentifiers => "other-identifiers",
            QualityField::OriginalLicences => "original-licences",
        }
    }
}

impl fmt::Display for QualityField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a profile requires a field (scored) or lists it as additional (reported only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Requirement {
    /// NTIA minimum element; BSI required field ("MUST").
    Required,
    /// BSI additional field: "MUST, if it exists".
    Additional,
}

/// What the SBOM says for one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum FieldStatus {
    /// Given, in the form asked for.
    Present,
    /// Not given.
    Missing,
    /// Given, but not in the form asked for (e.g. SHA-256 where SHA-512 is asked).
    WrongForm {
        /// What is wrong.
        reason: String,
    },
}

impl FieldStatus {
    fn wrong(reason: impl Into<String>) -> Self {
        FieldStatus::WrongForm {
            reason: reason.into(),
        }
    }

    /// Whether the field is present in the form asked for.
    pub fn is_present(&self) -> bool {
        matches!(self, FieldStatus::Present)
    }
}

/// One field's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldCheck {
    /// The field.
    pub field: QualityField,
    /// Required or additional.
    pub requirement: Requirement,
    /// The outcome.
    #[serde(flatten)]
    pub status: FieldStatus,
}

/// A component that lacks something a profile asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentQuality {
    /// Where it is in the document (`components[3]`, `packages[0]`).
    pub record: String,
    /// Its name, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its version, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The fields missing or in the wrong form, in field order.
    pub issues: Vec<FieldCheck>,
}

/// How many components have a field, lack it, or have it in the wrong form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldCount {
    /// The field.
    pub field: QualityField,
    /// Required or additional.
    pub requirement: Requirement,
    /// Components that have it.
    pub present: usize,
    /// Components that lack it.
    pub missing: usize,
    /// Components that have it in the wrong form.
    pub wrong_form: usize,
}

/// A profile's score: the share of its required checks that pass, document fields counted once
/// and component fields once per component.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QualityScore {
    /// Required checks that pass.
    pub passed: usize,
    /// Required checks made.
    pub checked: usize,
    /// `100 × passed / checked`, rounded to one decimal (0–100; 100 when nothing was checked).
    pub score: f64,
}

impl QualityScore {
    fn of(passed: usize, checked: usize) -> Self {
        // Tenths of a per cent, at most 1000: exact in f64.
        let score = match (passed * 1000 + checked / 2).checked_div(checked) {
            Some(tenths) => u32::try_from(tenths).map_or(0.0, f64::from) / 10.0,
            None => 100.0,
        };
        QualityScore {
            passed,
            checked,
            score,
        }
    }
}

/// One profile's judgement of an SBOM.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileQuality {
    /// The profile.
    pub profile: QualityProfile,
    /// The score.
    #[serde(flatten)]
    pub score: QualityScore,
    /// The document's fields, in field order.
    pub document: Vec<FieldCheck>,
    /// Per component field, how many components have it; in field order.
    pub fields: Vec<FieldCount>,
    /// The components lacking something, in document order (complete ones are left out).
    pub components: Vec<ComponentQuality>,
}

/// An SBOM's quality under each profile asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityReport {
    /// The format read.
    pub format: DocumentFormat,
    /// Its specification version as written.
    pub spec_version: String,
    /// How many components it lists (with the described one).
    pub components: usize,
    /// One judgement per profile, in [`QualityProfile::ALL`] order.
    pub profiles: Vec<ProfileQuality>,
}

/// Why the quality of an SBOM could not be judged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QualityError {
    /// It could not be read.
    #[error(transparent)]
    Read(#[from] SbomReadError),
    /// It was read, but its format's fields are not gathered for the quality check (every
    /// format `read_sbom` reads has them today; kept for the next format).
    #[error("{}: the quality check does not read {format}", path.display())]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// Its format.
        format: DocumentFormat,
    },
}

/// Judges the SBOM in `bytes` (named `display` in errors) by each of `profiles`.
pub fn sbom_quality(
    bytes: &[u8],
    display: &Path,
    profiles: &[QualityProfile],
) -> Result<QualityReport, QualityError> {
    let (document, facts) = crate::read::read_sbom_facts(bytes, display)?;
    if !facts.supported {
        return Err(QualityError::Unsupported {
            path: display.to_owned(),
            format: document.info.format,
        });
    }
    let wanted: BTreeSet<QualityProfile> = profiles.iter().copied().collect();
    Ok(QualityReport {
        format: document.info.format,
        spec_version: document.info.spec_version.clone(),
        components: facts.components.len(),
        profiles: wanted
            .into_iter()
            .map(|p| judge(p, &document.info, &facts))
            .collect(),
    })
}

/// A document field check: the field, its requirement and how to judge it.
type DocumentCheck = (
    QualityField,
    Requirement,
    fn(&SbomDocumentInfo, &DocumentFacts) -> FieldStatus,
);

/// A component field check.
type ComponentCheck = (
    QualityField,
    Requirement,
    fn(&ComponentFacts, &Graph<'_>) -> FieldStatus,
);

const NTIA_DOCUMENT: &[DocumentCheck] = &[
    (QualityField::SbomAuthor, Requirement::Required, sbom_author),
    (QualityField::Timestamp, Requirement::Required, timestamp),
];

const NTIA_COMPONENT: &[ComponentCheck] = &[
    (QualityField::Supplier, Requirement::Required, supplier),
    (QualityField::Name, Requirement::Required, name),
    (QualityField::Version, Requirement::Required, version),
    (
        QualityField::UniqueIdentifier,
        Requirement::Required,
        identifier,
    ),
    (
        QualityField::DependencyRelationship,
        Requirement::Required,
        in_graph,
    ),
];

const BSI_DOCUMENT: &[DocumentCheck] = &[
    (
        QualityField::SbomCreator,
        Requirement::Required,
        sbom_creator,
    ),
    (QualityField::Timestamp, Requirement::Required, timestamp),
    (
        QualityField::SpecVersion,
        Requirement::Required,
        spec_version,
    ),
    (QualityField::SbomUri, Requirement::Additional, sbom_uri),
];

const BSI_COMPONENT: &[ComponentCheck] = &[
    (QualityField::Creator, Requirement::Required, creator),
    (QualityField::Name, Requirement::Required, name),
    (QualityField::Version, Requirement::Required, version),
    (QualityField::Filename, Requirement::Required, filename),
    (
        QualityField::Dependencies,
        Requirement::Required,
        dependencies,
    ),
    (
        QualityField::DistributionLicence,
        Requirement::Required,
        distribution_licence,
    ),
    (
        QualityField::DeployableHash,
        Requirement::Required,
        deployable_hash,
    ),
    (QualityField::Executable, Requirement::Required, executable),
    (QualityField::Archive, Requirement::Required, archive),
    (QualityField::Structured, Requirement::Required, structured),
    (
        QualityField::SourceCodeUri,
        Requirement::Additional,
        source_uri,
    ),
    (
        QualityField::DeployableUri,
        Requirement::Additional,
        deployable_uri,
    ),
    (
        QualityField::OtherIdentifiers,
        Requirement::Additional,
        identifier,
    ),
    (
        QualityField::OriginalLicences,
        Requirement::Additional,
        original_licences,
    ),
];

/// The dependency graph with every reference it names, for lookups.
struct Graph<'a> {
    facts: &'a DocumentFacts,
    /// References named anywhere in the graph, as a source or a target.
    named: BTreeSet<&'a str>,
    /// References of the document's components.
    components: BTreeSet<&'a str>,
}

fn judge(
    profile: QualityProfile,
    info: &SbomDocumentInfo,
    facts: &DocumentFacts,
) -> ProfileQuality {
    let (document_checks, component_checks) = match profile {
        QualityProfile::Ntia => (NTIA_DOCUMENT, NTIA_COMPONENT),
        QualityProfile::BsiTr03183_2 => (BSI_DOCUMENT, BSI_COMPONENT),
    };
    let graph = Graph {
        facts,
        named: facts
            .graph
            .iter()
            .flat_map(|(from, to)| std::iter::once(from).chain(to))
            .map(String::as_str)
            .collect(),
        components: facts
            .components
            .iter()
            .filter_map(|c| c.reference.as_deref())
            .collect(),
    };
    let (mut passed, mut checked) = (0, 0);
    let document: Vec<FieldCheck> = document_checks
        .iter()
        .map(|(field, requirement, check)| FieldCheck {
            field: *field,
            requirement: *requirement,
            status: check(info, facts),
        })
        .collect();
    for c in document
        .iter()
        .filter(|c| c.requirement == Requirement::Required)
    {
        checked += 1;
        passed += usize::from(c.status.is_present());
    }
    let mut fields: Vec<FieldCount> = component_checks
        .iter()
        .map(|(field, requirement, _)| FieldCount {
            field: *field,
            requirement: *requirement,
            present: 0,
            missing: 0,
            wrong_form: 0,
        })
        .collect();
    let mut components = Vec::new();
    for component in &facts.components {
        let mut issues = Vec::new();
        for ((field, requirement, check), count) in component_checks.iter().zip(&mut fields) {
            let status = check(component, &graph);
            match &status {
                FieldStatus::Present => count.present += 1,
                FieldStatus::Missing => count.missing += 1,
                FieldStatus::WrongForm { .. } => count.wrong_form += 1,
            }
            if *requirement == Requirement::Required {
                checked += 1;
                passed += usize::from(status.is_present());
            }
            if !status.is_present() {
                issues.push(FieldCheck {
                    field: *field,
                    requirement: *requirement,
                    status,
                });
            }
        }
        if !issues.is_empty() {
            components.push(ComponentQuality {
                record: component.record.clone(),
                name: component.name.clone(),
                version: component.version.clone(),
                issues,
            });
        }
    }
    ProfileQuality {
        profile,
        score: QualityScore::of(passed, checked),
        document,
        fields,
        components,
    }
}

fn given(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !blank(t))
}

fn present_if(yes: bool) -> FieldStatus {
    if yes {
        FieldStatus::Present
    } else {
        FieldStatus::Missing
    }
}

// Document fields.

/// NTIA: a named or reachable author; a tool counts (NTIA counts a third-party analysis tool
/// as an author of SBOM data).
fn sbom_author(info: &SbomDocumentInfo, facts: &DocumentFacts) -> FieldStatus {
    present_if(facts.authors.iter().any(|a| a.named() || a.reachable()) || !info.tools.is_empty())
}

/// BSI: an organisation or person with an e-mail address or URL; a tool does not count.
fn sbom_creator(_: &SbomDocumentInfo, facts: &DocumentFacts) -> FieldStatus {
    if facts.authors.iter().any(Party::reachable) {
        FieldStatus::Present
    } else if facts.authors.iter().any(Party::named) {
        FieldStatus::wrong("the SBOM's creator has no e-mail address or URL")
    } else {
        FieldStatus::Missing
    }
}

fn timestamp(info: &SbomDocumentInfo, facts: &DocumentFacts) -> FieldStatus {
    match (&info.timestamp, given(facts.timestamp.as_deref())) {
        (Some(_), _) => FieldStatus::Present,
        (None, Some(text)) => FieldStatus::wrong(format!("`{text}` is not an RFC 3339 date-time")),
        (None, None) => FieldStatus::Missing,
    }
}

/// CycloneDX 1.6 or later, SPDX 3.0.1 or later (BSI TR-03183-2 v2.1).
fn spec_version(info: &SbomDocumentInfo, _: &DocumentFacts) -> FieldStatus {
    let version = info.spec_version.trim();
    let numbers: Vec<u32> = version
        .trim_start_matches("SPDX-")
        .split('.')
        .map_while(|n| n.parse().ok())
        .collect();
    let (ok, needed) = match info.format {
        DocumentFormat::CycloneDxJson | DocumentFormat::CycloneDxXml => {
            (numbers.as_slice() >= [1, 6].as_slice(), "CycloneDX 1.6")
        }
        _ => (numbers.as_slice() >= [3, 0, 1].as_slice(), "SPDX 3.0.1"),
    };
    if ok {
        FieldStatus::Present
    } else {
        FieldStatus::wrong(format!(
            "{} {version}; {needed} or later is required",
            info.format
        ))
    }
}

fn sbom_uri(info: &SbomDocumentInfo, _: &DocumentFacts) -> FieldStatus {
    present_if(given(info.serial.as_deref()).is_some())
}

// Component fields.

/// NTIA: a named supplier (or manufacturer, or author).
fn supplier(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    present_if(c.creators.iter().any(Party::named))
}

/// BSI: a creator with an e-mail address or URL.
fn creator(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    if c.creators.iter().any(Party::reachable) {
        FieldStatus::Present
    } else if c.creators.iter().any(Party::named) {
        FieldStatus::wrong("the creator has no e-mail address or URL")
    } else {
        FieldStatus::Missing
    }
}

fn name(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    present_if(given(c.name.as_deref()).is_some())
}

fn version(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    present_if(given(c.version.as_deref()).is_some())
}

/// A purl that parses, a CPE or a SWID tag id.
fn identifier(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    if given(c.cpe.as_deref()).is_some() || given(c.swid.as_deref()).is_some() {
        return FieldStatus::Present;
    }
    match given(c.purl.as_deref()) {
        Some(p) if p.trim().parse::<vouch_model::Purl>().is_ok() => FieldStatus::Present,
        Some(p) => FieldStatus::wrong(format!("`{p}` is not a valid purl")),
        None => FieldStatus::Missing,
    }
}

/// NTIA: the component is named in the dependency graph, as a source or a target.
fn in_graph(c: &ComponentFacts, graph: &Graph<'_>) -> FieldStatus {
    present_if(
        c.reference
            .as_deref()
            .is_some_and(|r| graph.named.contains(r)),
    )
}

/// BSI: the component's own entry (its direct dependencies, possibly none), each one in the
/// SBOM.
fn dependencies(c: &ComponentFacts, graph: &Graph<'_>) -> FieldStatus {
    let Some(targets) = c.reference.as_ref().and_then(|r| graph.facts.graph.get(r)) else {
        return FieldStatus::Missing;
    };
    match targets
        .iter()
        .find(|t| !graph.components.contains(t.as_str()))
    {
        Some(t) => FieldStatus::wrong(format!("depends on `{t}`, which the SBOM does not list")),
        None => FieldStatus::Present,
    }
}

fn filename(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    present_if(given(c.filename.as_deref()).is_some())
}

/// Licences acknowledged as `acknowledgement`, judged as SPDX expressions.
fn licences(c: &ComponentFacts, acknowledgement: &str) -> FieldStatus {
    let acknowledged: Vec<&Licence> = c
        .licences
        .iter()
        .filter(|l| !blank(&l.text) && l.acknowledgement.as_deref() == Some(acknowledgement))
        .collect();
    if acknowledged.is_empty() {
        return if c.licences.iter().any(|l| !blank(&l.text)) {
            FieldStatus::wrong(format!("no licence is acknowledged as `{acknowledgement}`"))
        } else {
            FieldStatus::Missing
        };
    }
    match acknowledged
        .iter()
        .find(|l| !l.spdx_form || !licence::is_spdx_expression(&l.text))
    {
        Some(l) => FieldStatus::wrong(format!("`{}` is not an SPDX license expression", l.text)),
        None => FieldStatus::Present,
    }
}

fn distribution_licence(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    licences(c, "concluded")
}

fn original_licences(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    licences(c, "declared")
}

/// `SHA-512`, `SHA512`, `sha512` alike.
fn is_sha512(h: &HashFact) -> bool {
    let alg: String = h.alg.chars().filter(|c| *c != '-' && *c != '_').collect();
    alg.eq_ignore_ascii_case("SHA512")
        && h.content.trim().len() == 128
        && h.content.trim().bytes().all(|b| b.is_ascii_hexdigit())
}

/// BSI: a SHA-512 of the deployable form.
fn deployable_hash(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    if c.deployable_hashes.iter().any(is_sha512) {
        return FieldStatus::Present;
    }
    if !c.deployable_hashes.is_empty() {
        let algs: BTreeSet<&str> = c.deployable_hashes.iter().map(|h| h.alg.as_str()).collect();
        let algs: Vec<&str> = algs.into_iter().collect();
        return FieldStatus::wrong(format!(
            "no SHA-512 of the deployable form, only {}",
            algs.join(", ")
        ));
    }
    if c.hashes.iter().any(is_sha512) {
        return FieldStatus::wrong(
            "the SHA-512 is in `hashes`, not in `externalReferences[type=distribution].hashes`",
        );
    }
    FieldStatus::Missing
}

/// A BSI property whose value must be one of two words.
fn property(value: Option<&str>, name: &str, allowed: [&str; 2]) -> FieldStatus {
    match given(value) {
        Some(v) if allowed.contains(&v.trim()) => FieldStatus::Present,
        Some(v) => FieldStatus::wrong(format!(
            "`{name}` is `{v}`, not `{}` or `{}`",
            allowed[0], allowed[1]
        )),
        None => FieldStatus::Missing,
    }
}

fn executable(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    property(
        c.executable.as_deref(),
        "bsi:component:executable",
        ["executable", "non-executable"],
    )
}

fn archive(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    property(
        c.archive.as_deref(),
        "bsi:component:archive",
        ["archive", "no archive"],
    )
}

fn structured(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    property(
        c.structured.as_deref(),
        "bsi:component:structured",
        ["structured", "unstructured"],
    )
}

fn source_uri(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    present_if(given(c.source_uri.as_deref()).is_some())
}

fn deployable_uri(c: &ComponentFacts, _: &Graph<'_>) -> FieldStatus {
    present_if(given(c.deployable_uri.as_deref()).is_some())
}

#[cfg(test)]
mod tests;
