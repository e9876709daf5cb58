//! Third-party SBOMs into an inventory: CycloneDX JSON (1.2–1.7) and XML (1.2–1.6), SPDX 2.2/2.3
//! JSON and tag-value, and SPDX 3.0 JSON-LD, recognised by content. A seller's SBOM can then be
//! matched against advisories and diffed like a scanned delivery; what vouch writes reads back
//! to the same components and edges.
//!
//! Each format's wire structs stay in its module and become [`Entry`]s and edges by reference;
//! [`Builder`] turns those into components through the purl (the only identity every format
//! shares). An entry that cannot become a component is a diagnostic; the rest is kept.

mod cyclonedx_json;
mod cyclonedx_xml;
mod spdx2;
mod spdx3;

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::quality::DocumentFacts;
use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, DeliveredFile, Diagnostic,
    DiagnosticCode, Ecosystem, FileEvidence, FileRole, Inventory, Level, Location, PackageName,
    Purl, Relationship,
};

/// The largest SBOM read: beyond it the document is refused rather than held in memory.
pub const MAX_SBOM_BYTES: u64 = 1 << 30;

/// How many names a "components without a purl" diagnostic lists.
const NAMES_SHOWN: usize = 5;

/// The formats read, with their encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DocumentFormat {
    /// CycloneDX JSON (<https://cyclonedx.org/docs/1.6/json/>).
    CycloneDxJson,
    /// CycloneDX XML (<https://cyclonedx.org/docs/1.6/xml/>).
    CycloneDxXml,
    /// SPDX 2.x JSON (SPDX 2.3 §4–§11 in the JSON serialisation, Annex E).
    SpdxJson,
    /// SPDX 2.x tag-value (SPDX 2.3 Annex E.2 "Tag/value format").
    SpdxTagValue,
    /// SPDX 3.0 JSON-LD (<https://spdx.github.io/spdx-spec/v3.0.1/serializations/>).
    Spdx3JsonLd,
}

impl fmt::Display for DocumentFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DocumentFormat::CycloneDxJson => "CycloneDX JSON",
            DocumentFormat::CycloneDxXml => "CycloneDX XML",
            DocumentFormat::SpdxJson => "SPDX JSON",
            DocumentFormat::SpdxTagValue => "SPDX tag-value",
            DocumentFormat::Spdx3JsonLd => "SPDX 3 JSON-LD",
        })
    }
}

/// A tool that made the SBOM (CycloneDX `metadata.tools`, SPDX `Creator: Tool:`,
/// SPDX 3 `createdUsing`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SbomTool {
    /// The tool's name (with its vendor or group in front, where the document gives one).
    pub name: String,
    /// Its version, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// What the SBOM says it describes: CycloneDX `metadata.component`, the packages an SPDX
/// document `DESCRIBES`, SPDX 3 `rootElement`s.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SbomSubject {
    /// Its name.
    pub name: String,
    /// Its version, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Its purl, as written, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
}

/// What an SBOM says about itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SbomDocumentInfo {
    /// The format and encoding.
    pub format: DocumentFormat,
    /// The specification version (`1.6`, `SPDX-2.3`, `3.0.1`).
    pub spec_version: String,
    /// The document's identity: CycloneDX `serialNumber`, SPDX `documentNamespace`, the SPDX 3
    /// `SpdxDocument`'s `spdxId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// When it was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<jiff::Timestamp>,
    /// The tools that made it.
    pub tools: Vec<SbomTool>,
    /// What it describes.
    pub subjects: Vec<SbomSubject>,
}

/// An SBOM read into vouch's model.
#[derive(Debug, Clone)]
pub struct SbomDocument {
    /// The components, their dependency edges and the diagnostics of reading; finished
    /// ([`Inventory::finish`]), with the SBOM file as each component's location.
    pub inventory: Inventory,
    /// The document's own metadata.
    pub info: SbomDocumentInfo,
}

/// Why an SBOM could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SbomReadError {
    /// Over [`MAX_SBOM_BYTES`].
    #[error("{}: {size} bytes is more than the {MAX_SBOM_BYTES} bytes an SBOM may have", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
    },
    /// Not a document of a format read here.
    #[error(
        "{}: not a CycloneDX (JSON, XML) or SPDX (2.x JSON or tag-value, 3.0 JSON-LD) document{}",
        path.display(),
        detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
    )]
    Unrecognised {
        /// The file.
        path: PathBuf,
        /// What it looks like instead, when that is known (e.g. SPDX RDF/XML).
        detail: Option<String>,
    },
    /// Recognised, but broken beyond use.
    #[error("{}: malformed {format} document: {reason}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The format it was read as.
        format: DocumentFormat,
        /// What is wrong.
        reason: String,
    },
}

/// How many leading bytes [`may_be_sbom`] wants to see.
pub const SBOM_SNIFF_BYTES: usize = 64 * 1024;

/// Whether a file starting with `head` (its first [`SBOM_SNIFF_BYTES`] or fewer) may be an SBOM
/// [`read_sbom`] reads: JSON, XML, or SPDX tag-value. A cheap test before reading a whole file
/// that is much more likely a tarball or an image.
pub fn may_be_sbom(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'<') => true,
        Some(_) => spdx2::looks_like_tag_value(head),
        None => false,
    }
}

/// Reads an SBOM, recognising its format by content; `display` names it in diagnostics,
/// errors and component locations.
///
/// Bounded: more than [`MAX_SBOM_BYTES`] is refused; never panics. A document that is not an
/// SBOM gives [`SbomReadError::Unrecognised`], so callers can fall back to other readers.
pub fn read_sbom(bytes: &[u8], display: &Path) -> Result<SbomDocument, SbomReadError> {
    read_with(bytes, display, None)
}

/// As [`read_sbom`], also gathering what the quality check judges (supplier, licences, BSI
/// properties, ...); `supported` stays false for a format whose reader does not gather them.
pub(crate) fn read_sbom_facts(
    bytes: &[u8],
    display: &Path,
) -> Result<(SbomDocument, DocumentFacts), SbomReadError> {
    let mut facts = DocumentFacts::default();
    let document = read_with(bytes, display, Some(&mut facts))?;
    Ok((document, facts))
}

fn read_with(
    bytes: &[u8],
    display: &Path,
    facts: Option<&mut DocumentFacts>,
) -> Result<SbomDocument, SbomReadError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > MAX_SBOM_BYTES {
        return Err(SbomReadError::TooLarge {
            path: display.to_owned(),
            size,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let unrecognised = |detail: Option<&str>| SbomReadError::Unrecognised {
        path: display.to_owned(),
        detail: detail.map(str::to_owned),
    };
    match start.map(|i| bytes[i]) {
        Some(b'{') => {
            let sniff: JsonSniff = serde_json::from_slice(bytes).map_err(|_| unrecognised(None))?;
            if sniff.bom_format.as_deref() == Some("CycloneDX") {
                cyclonedx_json::read(bytes, display, facts)
            } else if sniff.spdx_version.is_some() {
                spdx2::read_json(bytes, display, facts)
            } else if sniff.context.is_some() && sniff.graph.is_some() {
                spdx3::read(bytes, display, facts)
            } else {
                Err(unrecognised(None))
            }
        }
        Some(b'<') => {
            let head = &bytes[..bytes.len().min(64 * 1024)];
            if contains(head, b"cyclonedx.org/schema/bom") {
                cyclonedx_xml::read(bytes, display, facts)
            } else if contains(head, b"spdx.org/rdf") || contains(head, b"<SpdxDocument") {
                Err(unrecognised(Some("SPDX RDF/XML and XML are not read")))
            } else {
                Err(unrecognised(None))
            }
        }
        Some(_) if spdx2::looks_like_tag_value(bytes) => {
            spdx2::read_tag_value(bytes, display, facts)
        }
        _ => Err(unrecognised(None)),
    }
}

/// The top-level keys that tell the JSON formats apart; everything else is skipped unread.
#[derive(serde::Deserialize)]
struct JsonSniff {
    #[serde(rename = "bomFormat")]
    bom_format: Option<String>,
    #[serde(rename = "spdxVersion")]
    spdx_version: Option<serde::de::IgnoredAny>,
    #[serde(rename = "@context")]
    context: Option<serde::de::IgnoredAny>,
    #[serde(rename = "@graph")]
    graph: Option<serde::de::IgnoredAny>,
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// One component or package as a format module hands it over.
#[derive(Debug, Default)]
struct Entry {
    /// `bom-ref`, `SPDXID`, `spdxId`: what edges name it by.
    reference: Option<String>,
    name: Option<String>,
    version: Option<String>,
    purl: Option<String>,
    /// `(algorithm as written, hex)`.
    hashes: Vec<(String, String)>,
    /// `(name, value)` of CycloneDX properties; only `vouch:` ones are read.
    properties: Vec<(String, String)>,
    /// CycloneDX `scope`.
    scope: Option<String>,
    /// The URL of a CycloneDX `vcs` external reference.
    vcs_url: Option<String>,
    /// BSI TR-03183-2 file evidence: the delivered file the component is or is shipped in.
    file: Option<DeliveredFile>,
}

impl Entry {
    fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn subject(&self) -> SbomSubject {
        SbomSubject {
            name: self.name.clone().unwrap_or_default(),
            version: self.version.clone(),
            purl: self.purl.clone(),
        }
    }
}

/// Turns entries and reference edges into an inventory.
struct Builder<'a> {
    display: &'a Path,
    inventory: Inventory,
    /// Reference → the purl of the component made from it.
    purls: HashMap<String, Purl>,
    /// References of the described root(s): their edges mark direct dependencies.
    roots: BTreeSet<String>,
    /// Edges by reference, resolved in `finish`.
    edges: Vec<(String, Vec<String>)>,
    /// Components, added to the inventory in `finish` once the root's edges are known, each
    /// with whether vouch wrote it (then its `vouch:relationship` alone says direct or not).
    components: Vec<(Component, bool)>,
    without_purl: Vec<String>,
    without_ecosystem: Vec<String>,
}

impl<'a> Builder<'a> {
    fn new(display: &'a Path) -> Self {
        let mut inventory = Inventory::new();
        inventory.scanned_files.push(display.to_owned());
        Builder {
            display,
            inventory,
            purls: HashMap::new(),
            roots: BTreeSet::new(),
            edges: Vec::new(),
            components: Vec::new(),
            without_purl: Vec::new(),
            without_ecosystem: Vec::new(),
        }
    }

    /// A diagnostic about this file.
    fn diagnostic(&mut self, code: DiagnosticCode, record: Option<String>, message: String) {
        let mut d = Diagnostic::new(code, message).with_path(self.display);
        d.record = record;
        self.inventory.diagnostics.push(d);
    }

    /// A part of the document that could not be read; the rest was (a warning).
    fn skipped(&mut self, record: impl Into<String>, message: impl Into<String>) {
        let mut d = Diagnostic::new(DiagnosticCode::MalformedLockfile, message)
            .with_path(self.display)
            .with_record(record);
        d.level = Level::Warning;
        self.inventory.diagnostics.push(d);
    }

    fn root(&mut self, reference: Option<&str>) {
        if let Some(r) = reference {
            self.roots.insert(r.to_owned());
        }
    }

    fn edge(&mut self, from: String, to: Vec<String>) {
        self.edges.push((from, to));
    }

    /// Adds a component from `entry`; `record` names it in diagnostics (`components[3]`).
    fn add(&mut self, entry: &Entry, record: &str) {
        let label = || {
            entry
                .name
                .clone()
                .or_else(|| entry.reference.clone())
                .unwrap_or_else(|| record.to_owned())
        };
        let Some(text) = entry.purl.as_deref().filter(|p| !p.trim().is_empty()) else {
            self.without_purl.push(label());
            return;
        };
        let purl = match text.trim().parse::<Purl>() {
            Ok(p) => p,
            Err(e) => {
                self.diagnostic(DiagnosticCode::InvalidPackage, Some(label()), e.to_string());
                return;
            }
        };
        let package = match purl.package_of() {
            Ok(p) => p,
            Err(_) => {
                self.without_ecosystem.push(purl.to_string());
                return;
            }
        };
        // vouch's own `vouch:ecosystem` tells apart ecosystems that share a purl type.
        let (ecosystem, name) = match entry
            .property("vouch:ecosystem")
            .and_then(|e| e.parse::<Ecosystem>().ok())
            .filter(|e| e.purl_type() == Some(purl.ty()) && *e != package.ecosystem)
            .and_then(|e| Some((e, PackageName::new(e, package.name.as_str()).ok()?)))
        {
            Some(found) => found,
            None => (package.ecosystem, package.name),
        };
        let version = package.version.or_else(|| entry.version.clone());
        let mut component =
            match Component::new(ecosystem, name, version, Location::file(self.display)) {
                Ok(c) => c,
                Err(e) => {
                    self.diagnostic(DiagnosticCode::InvalidPackage, Some(label()), e.to_string());
                    return;
                }
            };
        apply_hints(entry, &mut component);
        if let Some(r) = &entry.reference {
            self.purls.insert(r.clone(), component.purl.clone());
        }
        let by_vouch = entry.property("vouch:ecosystem").is_some();
        self.components.push((component, by_vouch));
    }

    fn finish(mut self) -> Inventory {
        let mut direct: Option<BTreeSet<Purl>> = None;
        let edges = std::mem::take(&mut self.edges);
        for (from, tos) in edges {
            let targets: Vec<Purl> = tos
                .iter()
                .filter_map(|t| self.purls.get(t).cloned())
                .collect();
            if self.roots.contains(&from) {
                direct.get_or_insert_default().extend(targets);
                continue;
            }
            let Some(from) = self.purls.get(&from).cloned() else {
                continue;
            };
            self.inventory.add_dependency_node(from.clone());
            for to in targets {
                self.inventory.add_dependency(from.clone(), to);
            }
        }
        // With the root's edges known, its targets are direct and every other component
        // transitive, unless a `vouch:relationship` property already said.
        for (mut c, by_vouch) in std::mem::take(&mut self.components) {
            if let Some(direct) = &direct
                && !by_vouch
                && c.scope.relationship.is_none()
            {
                c.scope.relationship = Some(if direct.contains(&c.purl) {
                    Relationship::Direct
                } else {
                    Relationship::Transitive
                });
            }
            self.inventory.add(c);
        }
        if !self.without_purl.is_empty() {
            let message = summary(
                "component(s) have no purl and were left out (vouch identifies packages by purl)",
                &self.without_purl,
            );
            self.diagnostic(DiagnosticCode::InvalidPackage, None, message);
        }
        if !self.without_ecosystem.is_empty() {
            let message = summary(
                "purl(s) name no ecosystem vouch knows (e.g. `generic`, `docker`) and were left out",
                &self.without_ecosystem,
            );
            let mut d =
                Diagnostic::new(DiagnosticCode::InvalidPackage, message).with_path(self.display);
            d.level = Level::Info;
            self.inventory.diagnostics.push(d);
        }
        self.inventory.finish();
        self.inventory
    }
}

/// `N what: a, b, c, ...`.
fn summary(what: &str, names: &[String]) -> String {
    let mut shown: Vec<&str> = names.iter().take(NAMES_SHOWN).map(String::as_str).collect();
    if names.len() > NAMES_SHOWN {
        shown.push("...");
    }
    format!("{} {what}: {}", names.len(), shown.join(", "))
}

/// What the entry says beyond identity: hashes, CycloneDX scope, vouch's own properties.
fn apply_hints(entry: &Entry, c: &mut Component) {
    c.file = entry.file.clone();
    c.checksums = entry
        .hashes
        .iter()
        .filter_map(|(alg, hex)| checksum(alg, hex))
        .collect();
    match entry.scope.as_deref() {
        Some("excluded") => c.scope.dev = Some(true),
        Some("optional") => c.scope.optional = Some(true),
        Some("required") => c.scope.dev = Some(false),
        _ => {}
    }
    c.scope.relationship = match entry.property("vouch:relationship") {
        Some("direct") => Some(Relationship::Direct),
        Some("transitive") => Some(Relationship::Transitive),
        _ => None,
    };
    c.groups = entry
        .properties
        .iter()
        .filter(|(n, _)| n == "vouch:dependency-group")
        .map(|(_, v)| v.clone())
        .collect();
    let commit = entry.property("vouch:git-commit");
    let vcs = entry
        .property("vouch:vcs-url")
        .map(str::to_owned)
        .or_else(|| entry.vcs_url.clone());
    if let Some(url) = entry.property("vouch:registry") {
        c.source = ComponentSource::AlternateRegistry {
            url: url.to_owned(),
        };
    } else if let Some(path) = entry.property("vouch:source-path") {
        c.source = ComponentSource::Path {
            path: path.to_owned(),
        };
    } else if commit.is_some() || entry.property("vouch:vcs-url").is_some() {
        c.source = ComponentSource::Git {
            url: vcs.unwrap_or_default(),
            commit: commit.map(str::to_owned),
        };
    } else if let Some(url) = entry.property("vouch:download-url") {
        c.source = ComponentSource::Url {
            url: url.to_owned(),
        };
    }
}

/// A delivered file as an SBOM states it: `path` (or just its name), the role, `(algorithm,
/// hex)` hashes of which SHA-256 and SHA-512 are kept, and the executable / archive /
/// structured flags where stated. Evidence is recorded when a hash or a flag is known; an
/// unstated flag reads as `false`.
fn delivered_file(
    path: &str,
    role: FileRole,
    hashes: &[(String, String)],
    flags: Option<[Option<bool>; 3]>,
) -> DeliveredFile {
    let hash = |want: ChecksumAlgorithm| {
        hashes
            .iter()
            .filter_map(|(alg, hex)| checksum(alg, hex))
            .find(|c| c.algorithm == want)
            .map(|c| c.hex)
    };
    let (sha256, sha512) = (
        hash(ChecksumAlgorithm::Sha256),
        hash(ChecksumAlgorithm::Sha512),
    );
    let [executable, archive, structured] = flags.unwrap_or_default();
    let stated = sha256.is_some()
        || sha512.is_some()
        || executable.is_some()
        || archive.is_some()
        || structured.is_some();
    DeliveredFile {
        path: PathBuf::from(path),
        role,
        evidence: stated.then(|| FileEvidence {
            sha256,
            sha512,
            size: None,
            executable: executable.unwrap_or(false),
            archive: archive.unwrap_or(false),
            structured: structured.unwrap_or(false),
        }),
    }
}

/// A hash as the model keeps it: a known algorithm (CycloneDX `SHA-256`, SPDX `SHA256`, SPDX 3
/// `sha256`) and hex digits, lower-cased. Others (BLAKE, SHA-3, ...) are not kept.
fn checksum(alg: &str, hex: &str) -> Option<Checksum> {
    let alg: String = alg
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_uppercase();
    let algorithm = match alg.as_str() {
        "MD5" => ChecksumAlgorithm::Md5,
        "SHA1" => ChecksumAlgorithm::Sha1,
        "SHA256" => ChecksumAlgorithm::Sha256,
        "SHA384" => ChecksumAlgorithm::Sha384,
        "SHA512" => ChecksumAlgorithm::Sha512,
        _ => return None,
    };
    let hex = hex.trim();
    (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checksum {
        algorithm,
        hex: hex.to_ascii_lowercase(),
    })
}

/// An RFC 3339 timestamp, or a warning that it is not one.
fn timestamp(
    builder: &mut Builder<'_>,
    field: &str,
    text: Option<&str>,
) -> Option<jiff::Timestamp> {
    let text = text?;
    match text.trim().parse::<jiff::Timestamp>() {
        Ok(t) => Some(t),
        Err(e) => {
            builder.skipped(
                field,
                format!("`{text}` is not an RFC 3339 date-time ({e}); ignored"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests;
