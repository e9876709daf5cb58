//! CycloneDX JSON 1.2–1.7 (<https://cyclonedx.org/docs/1.7/json/>): `components` (nested ones
//! flattened), `dependencies`, and `metadata` (timestamp, tools in both the ≤1.4 array form and
//! the 1.5+ object form, the described component). Components and dependencies are kept as raw
//! slices first, so one that does not fit the schema is a diagnostic, not a lost document.

use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use vouch_model::FileRole;

use super::{
    Builder, DocumentFormat, Entry, SbomDocument, SbomDocumentInfo, SbomReadError, SbomTool,
    timestamp,
};

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
    #[serde(rename = "externalReferences", default)]
    external_references: Vec<ExternalReference>,
    #[serde(borrow, default)]
    components: Vec<&'a RawValue>,
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
struct ExternalReference {
    url: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    hashes: Vec<Hash>,
}

/// `#/definitions/dependency`.
#[derive(Deserialize)]
struct Dependency {
    #[serde(rename = "ref")]
    reference: String,
    #[serde(rename = "dependsOn", default)]
    depends_on: Vec<String>,
}

pub(super) fn read(bytes: &[u8], display: &Path) -> Result<SbomDocument, SbomReadError> {
    let malformed = |reason: String| SbomReadError::Malformed {
        path: display.to_owned(),
        format: DocumentFormat::CycloneDxJson,
        reason,
    };
    let bom: Bom<'_> = serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))?;
    let mut builder = Builder::new(display);
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
                info.timestamp =
                    timestamp(&mut builder, "metadata.timestamp", m.timestamp.as_deref());
                if let Some(tools) = m.tools {
                    info.tools = tools_of(&mut builder, tools);
                }
                if let Some(root) = m.component {
                    match serde_json::from_str::<Component<'_>>(root.get()) {
                        Ok(c) => {
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
                builder.add(&entry(&c), &record);
                push_children(&mut stack, &record, &c.components);
            }
            Err(e) => builder.skipped(record, e.to_string()),
        }
    }
    for (i, raw) in bom.dependencies.unwrap_or_default().iter().enumerate() {
        match serde_json::from_str::<Dependency>(raw.get()) {
            Ok(d) => builder.edge(d.reference, d.depends_on),
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
    let distribution = c.external_references.iter().find(|r| {
        r.ty == "distribution"
            && r.hashes
                .iter()
                .any(|h| h.alg.eq_ignore_ascii_case("SHA-512"))
    });
    let delivered_in = property("vouch:delivered-in");
    let (path, role, hashes) = match (distribution, delivered_in) {
        (Some(r), _) => (
            super::percent_decoded(&r.url),
            FileRole::Is,
            r.hashes
                .iter()
                .map(|h| (h.alg.clone(), h.content.clone()))
                .collect(),
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
