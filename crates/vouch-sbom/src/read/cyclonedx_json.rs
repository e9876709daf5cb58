//! CycloneDX JSON 1.2–1.7 (<https://cyclonedx.org/docs/1.7/json/>): `components` (nested ones
//! flattened), `dependencies`, and `metadata` (timestamp, tools in both the ≤1.4 array form and
//! the 1.5+ object form, the described component). Components and dependencies are kept as raw
//! slices first, so one that does not fit the schema is a diagnostic, not a lost document.

use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use vouch_model::FileRole;

use super::{
    Builder, DocumentFormat, Entry, SbomDocument, SbomDocumentInfo, SbomReadError, SbomTool,
    timestamp,
};
use crate::quality::{ComponentFacts, DocumentFacts, HashFact, Licence, Party};

/// The root object (`#`), only what is read.
#[derive(Deserialize)]
struct Bom<'a> {
    #[serde(rename = "specVersion")]
    spec_version: String,
    #[serde(rename = "serialNumber")]
    serial_number: Option<String>,
    #[serde(borrow)]
    metadata: Option<&'a RawValue>,
    #[serde(borrow, default)]
    components: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    dependencies: Option<Vec<&'a RawValue>>,
}

/// `#/definitions/metadata`.
#[derive(Deserialize)]
struct Metadata<'a> {
    timestamp: Option<String>,
    #[serde(borrow)]
    tools: Option<&'a RawValue>,
    #[serde(borrow)]
    component: Option<&'a RawValue>,
    // Read for the quality check only, leniently: see `facts_of`.
    #[serde(borrow)]
    authors: Option<&'a RawValue>,
    #[serde(borrow)]
    manufacturer: Option<&'a RawValue>,
    /// `manufacture` before 1.6.
    #[serde(borrow)]
    manufacture: Option<&'a RawValue>,
    #[serde(borrow)]
    supplier: Option<&'a RawValue>,
}

/// `metadata.tools` in 1.5+: `{components, services}`; before, an array of `tool`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Tools {
    Legacy(Vec<LegacyTool>),
    Current {
        #[serde(default)]
        components: Vec<Tool>,
        #[serde(default)]
        services: Vec<Tool>,
    },
}

/// `#/definitions/tool` (deprecated in 1.5).
#[derive(Deserialize)]
struct LegacyTool {
    vendor: Option<String>,
    name: Option<String>,
    version: Option<String>,
}

/// A tool component or service: `group`, `name`, `version`.
#[derive(Deserialize)]
struct Tool {
    group: Option<String>,
    name: Option<String>,
    version: Option<String>,
}

/// `#/definitions/component`, the fields read.
#[derive(Deserialize)]
struct Component<'a> {
    #[serde(rename = "bom-ref")]
    bom_ref: Option<String>,
    name: Option<String>,
    version: Option<String>,
    purl: Option<String>,
    scope: Option<String>,
    #[serde(default)]
    hashes: Vec<Hash>,
    #[serde(default)]
    properties: Vec<Property>,
    #[serde(rename = "externalReferences", borrow, default)]
    external_references: Vec<ExternalReference<'a>>,
    #[serde(borrow, default)]
    components: Vec<&'a RawValue>,
    // Read for the quality check only, leniently (a malformed one is as good as missing, and
    // never costs the component): see `facts_of`.
    #[serde(borrow)]
    supplier: Option<&'a RawValue>,
    #[serde(borrow)]
    manufacturer: Option<&'a RawValue>,
    #[serde(borrow)]
    authors: Option<&'a RawValue>,
    #[serde(borrow)]
    author: Option<&'a RawValue>,
    #[serde(borrow)]
    licenses: Option<&'a RawValue>,
    #[serde(borrow)]
    cpe: Option<&'a RawValue>,
    #[serde(borrow)]
    swid: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Hash {
    alg: String,
    content: String,
}

#[derive(Deserialize)]
struct Property {
    name: String,
    value: Option<String>,
}

#[derive(Deserialize)]
struct ExternalReference<'a> {
    url: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(borrow)]
    hashes: Option<&'a RawValue>,
}

/// `#/definitions/organizationalEntity`.
#[derive(Deserialize)]
struct Organization {
    name: Option<String>,
    #[serde(default)]
    url: Vec<String>,
    #[serde(default)]
    contact: Vec<Contact>,
}

/// `#/definitions/organizationalContact`.
#[derive(Deserialize)]
struct Contact {
    name: Option<String>,
    email: Option<String>,
}

/// `#/definitions/licenseChoice`: a `license` (SPDX `id` or free `name`) or an `expression`,
/// each with the 1.6 `acknowledgement`.
#[derive(Deserialize)]
struct LicenseChoice {
    license: Option<License>,
    expression: Option<String>,
    acknowledgement: Option<String>,
}

#[derive(Deserialize)]
struct License {
    id: Option<String>,
    name: Option<String>,
    acknowledgement: Option<String>,
}

#[derive(Deserialize)]
struct Swid {
    #[serde(rename = "tagId")]
    tag_id: Option<String>,
}

/// `#/definitions/dependency`.
#[derive(Deserialize)]
struct Dependency {
    #[serde(rename = "ref")]
    reference: String,
    #[serde(rename = "dependsOn", default)]
    depends_on: Vec<String>,
}

pub(super) fn read(
    bytes: &[u8],
    display: &Path,
    mut facts: Option<&mut DocumentFacts>,
) -> Result<SbomDocument, SbomReadError> {
    let malformed = |reason: String| SbomReadError::Malformed {
        path: display.to_owned(),
        format: DocumentFormat::CycloneDxJson,
        reason,
    };
    let bom: Bom<'_> = serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))?;
    let mut builder = Builder::new(display);
    if let Some(f) = facts.as_deref_mut() {
        f.supported = true;
    }
    let mut info = SbomDocumentInfo {
        format: DocumentFormat::CycloneDxJson,
        spec_version: bom.spec_version,
        serial: bom.serial_number,
        timestamp: None,
        tools: Vec::new(),
        subjects: Vec::new(),
    };

    // Nested components, depth first, without recursion: (record label, raw JSON).
    let mut stack: Vec<(String, &RawValue)> = Vec::new();
    if let Some(raw) = bom.metadata {
        match serde_json::from_str::<Metadata<'_>>(raw.get()) {
            Ok(m) => {
                // `metadata.manufacturer` and `supplier` make and supply the described
                // component, and so speak for it too.
                let makers: Vec<Party> = [m.manufacturer, m.manufacture, m.supplier]
                    .into_iter()
                    .filter_map(lenient::<Organization>)
                    .map(party_of)
                    .collect();
                if let Some(f) = facts.as_deref_mut() {
                    f.timestamp.clone_from(&m.timestamp);
                    f.authors = lenient::<Vec<Contact>>(m.authors)
                        .unwrap_or_default()
                        .iter()
                        .map(party_of_contact)
                        .chain(makers.iter().cloned())
                        .collect();
                }
                info.timestamp =
                    timestamp(&mut builder, "metadata.timestamp", m.timestamp.as_deref());
                if let Some(tools) = m.tools {
                    info.tools = tools_of(&mut builder, tools);
                }
                if let Some(root) = m.component {
                    match serde_json::from_str::<Component<'_>>(root.get()) {
                        Ok(c) => {
                            if let Some(f) = facts.as_deref_mut() {
                                let mut root = facts_of(&c, "metadata.component");
                                root.creators.extend(makers);
                                f.components.push(root);
                            }
                            let entry = entry(&c);
                            builder.root(entry.reference.as_deref());
                            info.subjects.push(entry.subject());
                            push_children(&mut stack, "metadata.component", &c.components);
                        }
                        Err(e) => builder.skipped("metadata.component", e.to_string()),
                    }
                }
            }
            Err(e) => builder.skipped("metadata", e.to_string()),
        }
    }
    let components = bom.components.unwrap_or_default();
    for (i, raw) in components.iter().enumerate().rev() {
        stack.push((format!("components[{i}]"), raw));
    }
    while let Some((record, raw)) = stack.pop() {
        match serde_json::from_str::<Component<'_>>(raw.get()) {
            Ok(c) => {
                if let Some(f) = facts.as_deref_mut() {
                    f.components.push(facts_of(&c, &record));
                }
                builder.add(&entry(&c), &record);
                push_children(&mut stack, &record, &c.components);
            }
            Err(e) => builder.skipped(record, e.to_string()),
        }
    }
    for (i, raw) in bom.dependencies.unwrap_or_default().iter().enumerate() {
        match serde_json::from_str::<Dependency>(raw.get()) {
            Ok(d) => {
                if let Some(f) = facts.as_deref_mut() {
                    f.edges(d.reference.clone(), d.depends_on.clone());
                }
                builder.edge(d.reference, d.depends_on);
            }
            Err(e) => builder.skipped(format!("dependencies[{i}]"), e.to_string()),
        }
    }
    Ok(SbomDocument {
        inventory: builder.finish(),
        info,
    })
}

fn push_children<'a>(
    stack: &mut Vec<(String, &'a RawValue)>,
    parent: &str,
    children: &[&'a RawValue],
) {
    for (i, raw) in children.iter().enumerate().rev() {
        stack.push((format!("{parent}.components[{i}]"), raw));
    }
}

fn entry(c: &Component<'_>) -> Entry {
    Entry {
        reference: c.bom_ref.clone(),
        name: c.name.clone(),
        version: c.version.clone(),
        purl: c.purl.clone(),
        hashes: c
            .hashes
            .iter()
            .map(|h| (h.alg.clone(), h.content.clone()))
            .collect(),
        properties: c
            .properties
            .iter()
            .filter(|p| p.name.starts_with("vouch:"))
            .filter_map(|p| Some((p.name.clone(), p.value.clone()?)))
            .collect(),
        scope: c.scope.clone(),
        vcs_url: c
            .external_references
            .iter()
            .find(|r| r.ty == "vcs")
            .map(|r| r.url.clone()),
        file: delivered_file(c),
    }
}

/// BSI TR-03183-2 file evidence: `bsi:component:filename` and the executable / archive /
/// structured properties; the hashes of a `distribution` reference that carries a SHA-512 (the
/// deployable file's hash, whose URL gives its path); `vouch:delivered-in` for a component only
/// shipped inside the file. `None` without a file name or such a reference.
fn delivered_file(c: &Component<'_>) -> Option<vouch_model::DeliveredFile> {
    let property = |name: &str| {
        c.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.as_deref())
    };
    let distribution = c
        .external_references
        .iter()
        .map(|r| (r, hashes_of(r.hashes)))
        .find(|(r, hashes)| {
            r.ty == "distribution" && hashes.iter().any(|h| h.alg.eq_ignore_ascii_case("SHA-512"))
        });
    let delivered_in = property("vouch:delivered-in");
    let (path, role, hashes) = match (distribution, delivered_in) {
        (Some((r, hashes)), _) => (
            vouch_model::percent_decode(&r.url),
            FileRole::Is,
            hashes.into_iter().map(|h| (h.alg, h.content)).collect(),
        ),
        (None, Some(path)) => (path.to_owned(), FileRole::In, Vec::new()),
        (None, None) => (
            property("bsi:component:filename")?.to_owned(),
            FileRole::Is,
            Vec::new(),
        ),
    };
    let flags = [
        ("bsi:component:executable", "executable", "non-executable"),
        ("bsi:component:archive", "archive", "no archive"),
        ("bsi:component:structured", "structured", "unstructured"),
    ]
    .map(|(name, yes, no)| match property(name) {
        Some(v) if v == yes => Some(true),
        Some(v) if v == no => Some(false),
        _ => None,
    });
    Some(super::delivered_file(&path, role, &hashes, Some(flags)))
}

fn tools_of(builder: &mut Builder<'_>, raw: &RawValue) -> Vec<SbomTool> {
    let named = |vendor: Option<&String>, name: Option<&String>, version: &Option<String>| {
        let name = match (vendor, name) {
            (Some(v), Some(n)) => format!("{v} {n}"),
            (None, Some(n)) => n.clone(),
            (Some(v), None) => v.clone(),
            (None, None) => return None,
        };
        Some(SbomTool {
            name,
            version: version.clone(),
        })
    };
    match serde_json::from_str::<Tools>(raw.get()) {
        Ok(Tools::Legacy(tools)) => tools
            .iter()
            .filter_map(|t| named(t.vendor.as_ref(), t.name.as_ref(), &t.version))
            .collect(),
        Ok(Tools::Current {
            components,
            services,
        }) => components
            .iter()
            .chain(&services)
            .filter_map(|t| named(t.group.as_ref(), t.name.as_ref(), &t.version))
            .collect(),
        Err(e) => {
            builder.skipped("metadata.tools", e.to_string());
            Vec::new()
        }
    }
}

/// A field read for the quality check: `None` when absent or not of the schema's shape.
fn lenient<T: DeserializeOwned>(raw: Option<&RawValue>) -> Option<T> {
    serde_json::from_str(raw?.get()).ok()
}

fn party_of(o: Organization) -> Party {
    Party {
        name: o.name,
        emails: o.contact.iter().filter_map(|c| c.email.clone()).collect(),
        urls: o.url,
    }
}

fn party_of_contact(c: &Contact) -> Party {
    Party {
        name: c.name.clone(),
        emails: c.email.iter().cloned().collect(),
        urls: Vec::new(),
    }
}

fn hashes_of(raw: Option<&RawValue>) -> Vec<HashFact> {
    lenient::<Vec<Hash>>(raw)
        .unwrap_or_default()
        .into_iter()
        .map(|h| HashFact {
            alg: h.alg,
            content: h.content,
        })
        .collect()
}

/// What the quality check judges of a component (`docs/sbom-quality.md` has the mapping).
fn facts_of(c: &Component<'_>, record: &str) -> ComponentFacts {
    let property = |name: &str| {
        c.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    let reference = |types: &[&str]| {
        c.external_references
            .iter()
            .find(|r| types.contains(&r.ty.as_str()))
            .map(|r| r.url.clone())
    };
    let mut creators: Vec<Party> = [c.supplier, c.manufacturer]
        .into_iter()
        .filter_map(lenient::<Organization>)
        .map(party_of)
        .collect();
    creators.extend(
        lenient::<Vec<Contact>>(c.authors)
            .unwrap_or_default()
            .iter()
            .map(party_of_contact),
    );
    creators.extend(lenient::<String>(c.author).map(|name| Party {
        name: Some(name),
        ..Party::default()
    }));
    let licences = lenient::<Vec<LicenseChoice>>(c.licenses)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|l| match (l.license, l.expression) {
            (Some(license), _) => {
                let spdx_form = license.id.is_some();
                Some(Licence {
                    text: license.id.or(license.name)?,
                    spdx_form,
                    acknowledgement: license.acknowledgement.or(l.acknowledgement),
                })
            }
            (None, Some(expression)) => Some(Licence {
                text: expression,
                spdx_form: true,
                acknowledgement: l.acknowledgement,
            }),
            (None, None) => None,
        })
        .collect();
    ComponentFacts {
        record: record.to_owned(),
        reference: c.bom_ref.clone(),
        name: c.name.clone(),
        version: c.version.clone(),
        purl: c.purl.clone(),
        cpe: lenient(c.cpe),
        swid: lenient::<Swid>(c.swid).and_then(|s| s.tag_id),
        creators,
        licences,
        hashes: c
            .hashes
            .iter()
            .map(|h| HashFact {
                alg: h.alg.clone(),
                content: h.content.clone(),
            })
            .collect(),
        deployable_hashes: c
            .external_references
            .iter()
            .filter(|r| matches!(r.ty.as_str(), "distribution" | "distribution-intake"))
            .flat_map(|r| hashes_of(r.hashes))
            .collect(),
        deployable_uri: reference(&["distribution", "distribution-intake"]),
        source_uri: reference(&["vcs", "source-distribution"]),
        filename: property("bsi:component:filename"),
        executable: property("bsi:component:executable"),
        archive: property("bsi:component:archive"),
        structured: property("bsi:component:structured"),
    }
}
