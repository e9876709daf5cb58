//! SPDX 2.2 and 2.3 (<https://spdx.github.io/spdx-spec/v2.3/>) in JSON and tag-value: packages
//! (§7) with their `purl` external reference (§7.21, category `PACKAGE-MANAGER`) and checksums
//! (§7.10), relationships (§11) as edges, creation info (§6). Both encodings become one
//! [`Document`], so they are read the same way.

use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;
use vouch_model::FileRole;

use super::{
    Builder, DocumentFormat, Entry, SbomDocument, SbomDocumentInfo, SbomReadError, SbomTool,
    timestamp,
};
use crate::quality::{ComponentFacts, DocumentFacts, HashFact, Licence, blank, spdx_party};

/// The SPDX id of the document itself.
const DOCUMENT_ID: &str = "SPDXRef-DOCUMENT";

/// A document in either encoding.
#[derive(Default)]
struct Document {
    spec_version: String,
    namespace: Option<String>,
    created: Option<String>,
    creators: Vec<String>,
    describes: Vec<String>,
    packages: Vec<(String, Package)>,
    relationships: Vec<Relationship>,
}

#[derive(Default)]
struct Package {
    id: Option<String>,
    name: Option<String>,
    version: Option<String>,
    purl: Option<String>,
    checksums: Vec<(String, String)>,
    // Read for the quality check: see `facts_of`.
    supplier: Option<String>,
    originator: Option<String>,
    license_concluded: Option<String>,
    license_declared: Option<String>,
    download_location: Option<String>,
    file_name: Option<String>,
    cpe: Option<String>,
    swid: Option<String>,
}

struct Relationship {
    from: String,
    ty: String,
    to: String,
}

/// The JSON root object, the fields read.
#[derive(Deserialize)]
struct JsonDocument<'a> {
    #[serde(rename = "spdxVersion")]
    spdx_version: String,
    #[serde(rename = "documentNamespace")]
    document_namespace: Option<String>,
    #[serde(rename = "creationInfo")]
    creation_info: Option<JsonCreationInfo>,
    #[serde(rename = "documentDescribes", default)]
    document_describes: Vec<String>,
    #[serde(borrow, default)]
    packages: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    relationships: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct JsonCreationInfo {
    created: Option<String>,
    #[serde(default)]
    creators: Vec<String>,
}

#[derive(Deserialize)]
struct JsonPackage {
    #[serde(rename = "SPDXID")]
    spdx_id: Option<String>,
    name: Option<String>,
    #[serde(rename = "versionInfo")]
    version_info: Option<String>,
    #[serde(rename = "externalRefs", default)]
    external_refs: Vec<JsonExternalRef>,
    #[serde(default)]
    checksums: Vec<JsonChecksum>,
    // For the quality check, leniently: a value that is not a string is as good as missing.
    #[serde(default, deserialize_with = "lenient_string")]
    supplier: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    originator: Option<String>,
    #[serde(
        rename = "licenseConcluded",
        default,
        deserialize_with = "lenient_string"
    )]
    license_concluded: Option<String>,
    #[serde(
        rename = "licenseDeclared",
        default,
        deserialize_with = "lenient_string"
    )]
    license_declared: Option<String>,
    #[serde(
        rename = "downloadLocation",
        default,
        deserialize_with = "lenient_string"
    )]
    download_location: Option<String>,
    #[serde(
        rename = "packageFileName",
        default,
        deserialize_with = "lenient_string"
    )]
    package_file_name: Option<String>,
}

fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(value.as_str().map(str::to_owned))
}

#[derive(Deserialize)]
struct JsonExternalRef {
    #[serde(rename = "referenceType")]
    reference_type: String,
    #[serde(rename = "referenceLocator")]
    reference_locator: String,
}

#[derive(Deserialize)]
struct JsonChecksum {
    algorithm: String,
    #[serde(rename = "checksumValue")]
    checksum_value: String,
}

#[derive(Deserialize)]
struct JsonRelationship {
    #[serde(rename = "spdxElementId")]
    spdx_element_id: String,
    #[serde(rename = "relationshipType")]
    relationship_type: String,
    #[serde(rename = "relatedSpdxElement")]
    related_spdx_element: String,
}

pub(super) fn read_json(
    bytes: &[u8],
    display: &Path,
    facts: Option<&mut DocumentFacts>,
) -> Result<SbomDocument, SbomReadError> {
    let json: JsonDocument<'_> =
        serde_json::from_slice(bytes).map_err(|e| SbomReadError::Malformed {
            path: display.to_owned(),
            format: DocumentFormat::SpdxJson,
            reason: e.to_string(),
        })?;
    let mut builder = Builder::new(display);
    let mut doc = Document {
        spec_version: json.spdx_version,
        namespace: json.document_namespace,
        describes: json.document_describes,
        ..Document::default()
    };
    if let Some(info) = json.creation_info {
        doc.created = info.created;
        doc.creators = info.creators;
    }
    for (i, raw) in json.packages.iter().enumerate() {
        let record = format!("packages[{i}]");
        match serde_json::from_str::<JsonPackage>(raw.get()) {
            Ok(p) => {
                let reference = |types: &[&str]| {
                    p.external_refs
                        .iter()
                        .find(|r| types.contains(&r.reference_type.as_str()))
                        .map(|r| r.reference_locator.clone())
                };
                let package = Package {
                    purl: reference(&["purl"]),
                    cpe: reference(&["cpe23Type", "cpe22Type"]),
                    swid: reference(&["swid"]),
                    id: p.spdx_id,
                    name: p.name,
                    version: p.version_info,
                    checksums: p
                        .checksums
                        .into_iter()
                        .map(|c| (c.algorithm, c.checksum_value))
                        .collect(),
                    supplier: p.supplier,
                    originator: p.originator,
                    license_concluded: p.license_concluded,
                    license_declared: p.license_declared,
                    download_location: p.download_location,
                    file_name: p.package_file_name,
                };
                doc.packages.push((record, package));
            }
            Err(e) => builder.skipped(record, e.to_string()),
        }
    }
    for (i, raw) in json.relationships.iter().enumerate() {
        match serde_json::from_str::<JsonRelationship>(raw.get()) {
            Ok(r) => doc.relationships.push(Relationship {
                from: r.spdx_element_id,
                ty: r.relationship_type,
                to: r.related_spdx_element,
            }),
            Err(e) => builder.skipped(format!("relationships[{i}]"), e.to_string()),
        }
    }
    Ok(build(doc, builder, DocumentFormat::SpdxJson, facts))
}

/// A tag-value document starts (after comments and blank lines) with `SPDXVersion:`, or has
/// that tag among its first lines.
pub(super) fn looks_like_tag_value(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    String::from_utf8_lossy(head)
        .lines()
        .map(str::trim_start)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .take(50)
        .any(|l| l.starts_with("SPDXVersion:"))
}

/// Tag-value (SPDX 2.3 Annex E.2 / 2.2 Appendix IV): `Tag: value` lines, `<text>...</text>`
/// values over several lines, a `PackageName:` starting each package section, any other
/// section tag (`FileName:`, `SnippetSPDXID:`, `LicenseID:`) ending it.
pub(super) fn read_tag_value(
    bytes: &[u8],
    display: &Path,
    facts: Option<&mut DocumentFacts>,
) -> Result<SbomDocument, SbomReadError> {
    let malformed = |reason: String| SbomReadError::Malformed {
        path: display.to_owned(),
        format: DocumentFormat::SpdxTagValue,
        reason,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| malformed(format!("not UTF-8: {e}")))?;
    let mut builder = Builder::new(display);
    let mut doc = Document::default();
    let mut package: Option<(String, Package)> = None;
    let mut in_package = false;
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        let line_no = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((tag, value)) = trimmed.split_once(':') else {
            builder.skipped(
                format!("line {line_no}"),
                format!("`{trimmed}` is not `Tag: value`"),
            );
            continue;
        };
        let mut value = value.trim().to_owned();
        if let Some(rest) = value.strip_prefix("<text>") {
            // Multi-line text: read on to `</text>`.
            let mut full = rest.to_owned();
            while !full.contains("</text>") {
                match lines.next() {
                    Some((_, more)) => {
                        full.push('\n');
                        full.push_str(more);
                    }
                    None => {
                        return Err(malformed(format!(
                            "the <text> value of {tag} on line {line_no} has no </text>"
                        )));
                    }
                }
            }
            value = full.split("</text>").next().unwrap_or_default().to_owned();
        }
        match tag {
            "SPDXVersion" => doc.spec_version = value,
            "DocumentNamespace" => doc.namespace = Some(value),
            "Created" => doc.created = Some(value),
            "Creator" => doc.creators.push(value),
            "PackageName" => {
                doc.packages.extend(package.take());
                in_package = true;
                package = Some((
                    format!("line {line_no}"),
                    Package {
                        name: Some(value),
                        ..Package::default()
                    },
                ));
            }
            "FileName" | "SnippetSPDXID" | "LicenseID" => {
                doc.packages.extend(package.take());
                in_package = false;
            }
            "SPDXID" if in_package => {
                if let Some((_, p)) = &mut package {
                    p.id = Some(value);
                }
            }
            "PackageVersion" => {
                if let Some((_, p)) = &mut package {
                    p.version = Some(value);
                }
            }
            "PackageSupplier"
            | "PackageOriginator"
            | "PackageLicenseConcluded"
            | "PackageLicenseDeclared"
            | "PackageDownloadLocation"
            | "PackageFileName" => {
                if let Some((_, p)) = &mut package {
                    let field = match tag {
                        "PackageSupplier" => &mut p.supplier,
                        "PackageOriginator" => &mut p.originator,
                        "PackageLicenseConcluded" => &mut p.license_concluded,
                        "PackageLicenseDeclared" => &mut p.license_declared,
                        "PackageDownloadLocation" => &mut p.download_location,
                        _ => &mut p.file_name,
                    };
                    *field = Some(value);
                }
            }
            "PackageChecksum" => {
                if let Some((_, p)) = &mut package
                    && let Some((alg, hex)) = value.split_once(':')
                {
                    p.checksums
                        .push((alg.trim().to_owned(), hex.trim().to_owned()));
                }
            }
            "ExternalRef" => {
                // `CATEGORY TYPE LOCATOR`.
                let mut parts = value.split_whitespace();
                let (_, ty, locator) = (parts.next(), parts.next(), parts.next());
                if let Some((_, p)) = &mut package {
                    let field = match ty {
                        Some("purl") => &mut p.purl,
                        Some("cpe23Type" | "cpe22Type") => &mut p.cpe,
                        Some("swid") => &mut p.swid,
                        _ => continue,
                    };
                    if field.is_none() {
                        *field = locator.map(str::to_owned);
                    }
                }
            }
            "Relationship" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                match parts.as_slice() {
                    [from, ty, to, ..] => doc.relationships.push(Relationship {
                        from: (*from).to_owned(),
                        ty: (*ty).to_owned(),
                        to: (*to).to_owned(),
                    }),
                    _ => builder.skipped(
                        format!("line {line_no}"),
                        format!("`Relationship: {value}` is not `FROM TYPE TO`"),
                    ),
                }
            }
            _ => {}
        }
    }
    doc.packages.extend(package);
    if doc.spec_version.is_empty() {
        return Err(malformed("no SPDXVersion".into()));
    }
    Ok(build(doc, builder, DocumentFormat::SpdxTagValue, facts))
}

/// The inventory and document info of a document in either encoding.
fn build(
    doc: Document,
    mut builder: Builder<'_>,
    format: DocumentFormat,
    facts: Option<&mut DocumentFacts>,
) -> SbomDocument {
    if let Some(f) = facts {
        gather(&doc, f);
    }
    let mut described = doc.describes;
    for r in &doc.relationships {
        match r.ty.as_str() {
            "DESCRIBES" if r.from == DOCUMENT_ID => described.push(r.to.clone()),
            "DESCRIBED_BY" if r.to == DOCUMENT_ID => described.push(r.from.clone()),
            _ => {}
        }
    }
    described.sort();
    described.dedup();
    let described_packages: Vec<&Package> = doc
        .packages
        .iter()
        .map(|(_, p)| p)
        .filter(|p| p.id.as_ref().is_some_and(|id| described.contains(id)))
        .collect();
    // One described package is the delivery itself, as CycloneDX's `metadata.component`; when a
    // document describes several, they are components too (and their edges make none direct).
    let single_root = (described_packages.len() == 1)
        .then(|| described_packages.first().and_then(|p| p.id.clone()))
        .flatten();
    let subjects = described_packages
        .iter()
        .map(|p| entry(p).subject())
        .collect();
    builder.root(single_root.as_deref());
    let scopes = scopes(&doc.relationships);
    for (record, p) in &doc.packages {
        if p.id.is_some() && p.id == single_root {
            continue;
        }
        let mut entry = entry(p);
        entry.scope =
            p.id.as_ref()
                .and_then(|id| scopes.get(id.as_str()))
                .and_then(|s| *s)
                .map(str::to_owned);
        builder.add(&entry, record);
    }
    // Dependency edges, grouped by the depending element.
    let mut edges: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for r in &doc.relationships {
        let (from, to) = match r.ty.as_str() {
            "DEPENDS_ON" => (&r.from, &r.to),
            "DEPENDENCY_OF"
            | "DEV_DEPENDENCY_OF"
            | "OPTIONAL_DEPENDENCY_OF"
            | "BUILD_DEPENDENCY_OF"
            | "RUNTIME_DEPENDENCY_OF"
            | "TEST_DEPENDENCY_OF"
            | "PROVIDED_DEPENDENCY_OF" => (&r.to, &r.from),
            _ => continue,
        };
        edges.entry(from).or_default().push(to.clone());
    }
    for (from, tos) in edges {
        builder.edge(from.to_owned(), tos);
    }
    let created = timestamp(&mut builder, "creationInfo.created", doc.created.as_deref());
    let tools = doc
        .creators
        .iter()
        .filter_map(|c| c.strip_prefix("Tool:"))
        .map(|t| tool(t.trim()))
        .collect();
    SbomDocument {
        inventory: builder.finish(),
        info: SbomDocumentInfo {
            format,
            spec_version: doc.spec_version,
            serial: doc.namespace,
            timestamp: created,
            tools,
            subjects,
        },
    }
}

/// The scope a package's incoming dependency relationships give it, in CycloneDX's words:
/// `excluded` when every one is `DEV_`, `TEST_` or `BUILD_DEPENDENCY_OF`, `optional` when every
/// one is `OPTIONAL_DEPENDENCY_OF`; `None` when they are mixed or say nothing.
fn scopes(relationships: &[Relationship]) -> std::collections::HashMap<&str, Option<&'static str>> {
    let mut out: std::collections::HashMap<&str, Option<&'static str>> = Default::default();
    for r in relationships {
        let scope = match r.ty.as_str() {
            "DEV_DEPENDENCY_OF" | "TEST_DEPENDENCY_OF" | "BUILD_DEPENDENCY_OF" => Some("excluded"),
            "OPTIONAL_DEPENDENCY_OF" => Some("optional"),
            "DEPENDENCY_OF" | "RUNTIME_DEPENDENCY_OF" | "PROVIDED_DEPENDENCY_OF" => None,
            "DEPENDS_ON" => {
                out.insert(r.to.as_str(), None);
                continue;
            }
            _ => continue,
        };
        out.entry(r.from.as_str())
            .and_modify(|s| {
                if *s != scope {
                    *s = None;
                }
            })
            .or_insert(scope);
    }
    out
}

fn entry(p: &Package) -> Entry {
    Entry {
        reference: p.id.clone(),
        name: p.name.clone(),
        version: p.version.clone(),
        purl: p.purl.clone(),
        hashes: p.checksums.clone(),
        // SPDX 2.3 §7.10: a package's checksums are those of its package file, so a named
        // package file is the component's own file with those hashes.
        file: p
            .file_name
            .as_deref()
            .map(|name| super::delivered_file(name, FileRole::Is, &p.checksums, None)),
        ..Entry::default()
    }
}

/// `name-version` (SPDX 2.3 §6.8: "Tool: toolidentifier-version"): split at the last `-` when
/// a digit follows it.
fn tool(text: &str) -> SbomTool {
    match text.rsplit_once('-') {
        Some((name, version))
            if !name.is_empty()
                && version.starts_with(|c: char| c.is_ascii_digit() || c == 'v') =>
        {
            SbomTool {
                name: name.to_owned(),
                version: Some(version.to_owned()),
            }
        }
        _ => SbomTool {
            name: text.to_owned(),
            version: None,
        },
    }
}

/// What the quality check judges of the document (`docs/sbom-quality.md` has the mapping).
fn gather(doc: &Document, facts: &mut DocumentFacts) {
    facts.supported = true;
    facts.timestamp.clone_from(&doc.created);
    facts.authors = doc.creators.iter().filter_map(|c| spdx_party(c)).collect();
    facts.components = doc.packages.iter().map(|(r, p)| facts_of(r, p)).collect();
    let packages: std::collections::HashSet<&str> = doc
        .packages
        .iter()
        .filter_map(|(_, p)| p.id.as_deref())
        .collect();
    let package = |id: &String| packages.contains(id.as_str());
    for r in &doc.relationships {
        let (from, to) = match r.ty.as_str() {
            "DEPENDS_ON" | "STATIC_LINK" | "DYNAMIC_LINK" => (&r.from, &r.to),
            ty if ty.ends_with("DEPENDENCY_OF") => (&r.to, &r.from),
            // A package containing a package; the files a package contains are its content.
            "CONTAINS" if package(&r.to) => (&r.from, &r.to),
            "CONTAINED_BY" if package(&r.from) => (&r.to, &r.from),
            _ => continue,
        };
        // `X DEPENDS_ON NONE`: X is known to depend on nothing.
        let to = (!blank(to)).then(|| to.clone());
        facts.edges(from.clone(), to);
    }
}

fn facts_of(record: &str, p: &Package) -> ComponentFacts {
    let licence = |text: &Option<String>, acknowledgement: &str| {
        text.clone().map(|text| Licence {
            text,
            spdx_form: true,
            acknowledgement: Some(acknowledgement.to_owned()),
        })
    };
    ComponentFacts {
        record: record.to_owned(),
        reference: p.id.clone(),
        name: p.name.clone(),
        version: p.version.clone(),
        purl: p.purl.clone(),
        cpe: p.cpe.clone(),
        swid: p.swid.clone(),
        creators: [&p.supplier, &p.originator]
            .into_iter()
            .flatten()
            .filter_map(|s| spdx_party(s))
            .collect(),
        licences: licence(&p.license_concluded, "concluded")
            .into_iter()
            .chain(licence(&p.license_declared, "declared"))
            .collect(),
        hashes: Vec::new(),
        // §7.10: the checksums are of the package file, the deployable form.
        deployable_hashes: p
            .checksums
            .iter()
            .map(|(alg, content)| HashFact {
                alg: alg.clone(),
                content: content.clone(),
            })
            .collect(),
        deployable_uri: p.download_location.clone(),
        source_uri: None,
        filename: p.file_name.clone(),
        executable: None,
        archive: None,
        structured: None,
    }
}
