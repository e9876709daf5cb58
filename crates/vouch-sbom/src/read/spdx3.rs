//! SPDX 3.0 JSON-LD (<https://spdx.github.io/spdx-spec/v3.0.1/>), in the compacted form of
//! the `spdx-context.jsonld` context: `@graph` elements of the package classes
//! (`software_Package`, and `ai_AIPackage` and `dataset_DatasetPackage`, which are packages too)
//! with `software_packageUrl` (or a `packageUrl` external identifier), `software_packageVersion`
//! and `verifiedUsing` hashes; `dependsOn` relationships as edges; `CreationInfo`, `Tool`s and
//! the `rootElement` of the `software_Sbom` (or `SpdxDocument`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;

use super::{
    Builder, DocumentFormat, Entry, SbomDocument, SbomDocumentInfo, SbomReadError, SbomTool,
    timestamp,
};
use crate::quality::{ComponentFacts, DocumentFacts, HashFact, Licence, Party};

const PACKAGE_TYPES: &[&str] = &["software_Package", "ai_AIPackage", "dataset_DatasetPackage"];
const RELATIONSHIP_TYPES: &[&str] = &["Relationship", "LifecycleScopedRelationship"];

pub(super) fn read(
    bytes: &[u8],
    display: &Path,
    facts: Option<&mut DocumentFacts>,
) -> Result<SbomDocument, SbomReadError> {
    let malformed = |reason: String| SbomReadError::Malformed {
        path: display.to_owned(),
        format: DocumentFormat::Spdx3JsonLd,
        reason,
    };
    let root: Value = serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))?;
    let context = match &root["@context"] {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .find(|s| s.contains("spdx.org/rdf/3"))
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    };
    if !context.contains("spdx.org/rdf/3") {
        return Err(SbomReadError::Unrecognised {
            path: display.to_owned(),
            detail: Some("JSON-LD, but not with an SPDX 3 @context".into()),
        });
    }
    let graph = root["@graph"]
        .as_array()
        .ok_or_else(|| malformed("`@graph` is not an array".into()))?;

    let mut builder = Builder::new(display);
    let ty = |e: &Value| e["type"].as_str().unwrap_or_default().to_owned();
    let id = |e: &Value| e["spdxId"].as_str().map(str::to_owned);
    let by_id: HashMap<String, &Value> = graph
        .iter()
        .filter_map(|e| Some((id(e).or_else(|| e["@id"].as_str().map(str::to_owned))?, e)))
        .collect();

    // The document, its creation info and what it describes.
    let document = graph.iter().find(|e| ty(e) == "SpdxDocument");
    let creation = document
        .map(|d| &d["creationInfo"])
        .and_then(|c| match c {
            Value::String(r) => by_id.get(r).copied(),
            Value::Object(_) => Some(c),
            _ => None,
        })
        .or_else(|| graph.iter().find(|e| ty(e) == "CreationInfo"));
    let spec_version = creation
        .and_then(|c| c["specVersion"].as_str())
        .map_or_else(|| context_version(&context), str::to_owned);
    let created = creation.and_then(|c| c["created"].as_str());
    let created = timestamp(&mut builder, "CreationInfo.created", created);
    let tools = creation
        .and_then(|c| c["createdUsing"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|t| match t {
            Value::String(r) => by_id.get(r).copied(),
            other => Some(other),
        })
        .filter_map(|t| t["name"].as_str())
        .map(|name| SbomTool {
            name: name.to_owned(),
            version: None,
        })
        .collect();
    // rootElement of the SBOM (else of the document), followed through Sbom → its roots.
    let mut roots: Vec<String> = Vec::new();
    let sbom = graph.iter().find(|e| ty(e) == "software_Sbom").or(document);
    let mut pending: Vec<String> = sbom.map(root_elements).unwrap_or_default();
    let mut seen = 0;
    while let Some(r) = pending.pop() {
        seen += 1;
        if seen > graph.len() {
            break;
        }
        match by_id.get(&r) {
            Some(e) if PACKAGE_TYPES.contains(&ty(e).as_str()) => roots.push(r),
            Some(e) if matches!(ty(e).as_str(), "software_Sbom" | "SpdxDocument" | "Bom") => {
                pending.extend(root_elements(e));
            }
            _ => {}
        }
    }
    roots.sort();
    roots.dedup();

    let single_root = (roots.len() == 1).then(|| roots[0].clone());
    builder.root(single_root.as_deref());
    let mut subjects = Vec::new();
    for (i, element) in graph.iter().enumerate() {
        if !PACKAGE_TYPES.contains(&ty(element).as_str()) {
            continue;
        }
        let entry = entry(element);
        if entry.reference.as_ref().is_some_and(|r| roots.contains(r)) {
            subjects.push(entry.subject());
            if entry.reference == single_root {
                continue;
            }
        }
        builder.add(&entry, &format!("@graph[{i}]"));
    }
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for element in graph {
        if !RELATIONSHIP_TYPES.contains(&ty(element).as_str())
            || element["relationshipType"].as_str() != Some("dependsOn")
        {
            continue;
        }
        let Some(from) = element["from"].as_str() else {
            continue;
        };
        edges
            .entry(from.to_owned())
            .or_default()
            .extend(ids(&element["to"]));
    }
    for (from, tos) in edges {
        builder.edge(from, tos);
    }
    if let Some(f) = facts {
        gather(graph, &by_id, creation, f);
    }
    Ok(SbomDocument {
        inventory: builder.finish(),
        info: SbomDocumentInfo {
            format: DocumentFormat::Spdx3JsonLd,
            spec_version,
            serial: document.and_then(id),
            timestamp: created,
            tools,
            subjects,
        },
    })
}

/// `3.0.1` from `https://spdx.org/rdf/3.0.1/spdx-context.jsonld`.
fn context_version(context: &str) -> String {
    context
        .split("spdx.org/rdf/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("3")
        .to_owned()
}

fn root_elements(e: &Value) -> Vec<String> {
    ids(&e["rootElement"])
}

/// Element references: a string, an array of strings, or embedded elements with `spdxId`.
fn ids(v: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(_) => v["spdxId"].as_str().map(str::to_owned),
        _ => None,
    };
    match v {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}

fn entry(e: &Value) -> Entry {
    let s = |key: &str| e[key].as_str().map(str::to_owned);
    let purl = s("software_packageUrl").or_else(|| {
        e["externalIdentifier"]
            .as_array()?
            .iter()
            .find(|x| x["externalIdentifierType"] == "packageUrl")
            .and_then(|x| x["identifier"].as_str().map(str::to_owned))
    });
    Entry {
        reference: s("spdxId"),
        name: s("name"),
        version: s("software_packageVersion"),
        purl,
        hashes: e["verifiedUsing"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|h| h["type"] == "Hash")
            .filter_map(|h| {
                Some((
                    h["algorithm"].as_str()?.to_owned(),
                    h["hashValue"].as_str()?.to_owned(),
                ))
            })
            .collect(),
        ..Entry::default()
    }
}

/// What the quality check judges (`docs/sbom-quality.md` has the mapping): the creators of
/// `CreationInfo.createdBy`; each package with its `suppliedBy`/`originatedBy` agents, its
/// `hasConcludedLicense`/`hasDeclaredLicense` licences, and the `software_File` of its
/// `hasDistributionArtifact` (name, hashes, purposes); `dependsOn` and `contains` between
/// elements as the graph.
fn gather<'a>(
    graph: &'a [Value],
    by_id: &HashMap<String, &'a Value>,
    creation: Option<&'a Value>,
    facts: &mut DocumentFacts,
) {
    let resolve = |v: &'a Value| resolve(v, by_id);
    facts.supported = true;
    facts.timestamp = creation
        .and_then(|c| c["created"].as_str())
        .map(str::to_owned);
    facts.authors = creation
        .map(|c| resolve(&c["createdBy"]))
        .unwrap_or_default()
        .into_iter()
        .map(agent)
        .collect();
    // Relationships by source element and type.
    let mut related: HashMap<(&str, &str), Vec<String>> = HashMap::new();
    for r in graph.iter().filter(|e| {
        e["type"]
            .as_str()
            .is_some_and(|t| RELATIONSHIP_TYPES.contains(&t))
    }) {
        let (Some(from), Some(ty)) = (r["from"].as_str(), r["relationshipType"].as_str()) else {
            continue;
        };
        let to = ids(&r["to"]);
        // A package containing packages; the files a package contains are its content.
        let packages: Vec<String> = to
            .iter()
            .filter(|t| {
                by_id
                    .get(*t)
                    .and_then(|e| e["type"].as_str())
                    .is_some_and(|t| PACKAGE_TYPES.contains(&t))
            })
            .cloned()
            .collect();
        match ty {
            "dependsOn" => facts.edges(from.to_owned(), to.clone()),
            "contains" if !packages.is_empty() => facts.edges(from.to_owned(), packages),
            _ => {}
        }
        related.entry((from, ty)).or_default().extend(to);
    }
    let targets = |from: &str, ty: &str| -> Vec<&Value> {
        related
            .get(&(from, ty))
            .into_iter()
            .flatten()
            .filter_map(|id| by_id.get(id).copied())
            .collect()
    };
    for (i, e) in graph.iter().enumerate() {
        if !e["type"]
            .as_str()
            .is_some_and(|t| PACKAGE_TYPES.contains(&t))
        {
            continue;
        }
        let entry = entry(e);
        let id = entry.reference.clone().unwrap_or_default();
        let identifier = |kind: &[&str]| {
            e["externalIdentifier"]
                .as_array()?
                .iter()
                .find(|x| {
                    x["externalIdentifierType"]
                        .as_str()
                        .is_some_and(|t| kind.contains(&t))
                })
                .and_then(|x| x["identifier"].as_str().map(str::to_owned))
        };
        let licences = [
            ("hasConcludedLicense", "concluded"),
            ("hasDeclaredLicense", "declared"),
        ]
        .into_iter()
        .flat_map(|(ty, acknowledgement)| {
            targets(&id, ty)
                .into_iter()
                .filter_map(move |l| licence(l, acknowledgement))
        })
        .collect();
        let artifacts = targets(&id, "hasDistributionArtifact");
        let purpose = |word: &[&str]| {
            artifacts.iter().any(|a| {
                a["software_primaryPurpose"]
                    .as_str()
                    .is_some_and(|p| word.contains(&p))
                    || a["software_additionalPurpose"]
                        .as_array()
                        .is_some_and(|ps| {
                            ps.iter()
                                .any(|p| p.as_str().is_some_and(|p| word.contains(&p)))
                        })
            })
        };
        let s = |key: &str| e[key].as_str().map(str::to_owned);
        facts.components.push(ComponentFacts {
            record: format!("@graph[{i}]"),
            reference: entry.reference,
            name: entry.name,
            version: entry.version,
            purl: entry.purl,
            cpe: identifier(&["cpe23", "cpe22"]),
            swid: identifier(&["swid"]),
            creators: resolve(&e["suppliedBy"])
                .into_iter()
                .chain(resolve(&e["originatedBy"]))
                .map(agent)
                .collect(),
            licences,
            hashes: hashes(e),
            deployable_hashes: artifacts.iter().flat_map(|a| hashes(a)).collect(),
            deployable_uri: s("software_downloadLocation"),
            source_uri: e["externalRef"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|r| {
                    r["externalRefType"]
                        .as_str()
                        .is_some_and(|t| matches!(t, "vcs" | "sourceArtifact"))
                })
                .and_then(|r| ids(&r["locator"]).into_iter().next()),
            filename: artifacts
                .iter()
                .find_map(|a| a["name"].as_str().map(str::to_owned)),
            // SPDX 3 can state a purpose, not its absence (as sbomqs reads it).
            executable: purpose(&["executable"]).then(|| "executable".to_owned()),
            archive: purpose(&["archive"]).then(|| "archive".to_owned()),
            structured: purpose(&["container", "firmware"]).then(|| "structured".to_owned()),
        });
    }
}

/// The elements `v` names: references looked up, embedded elements as they are.
fn resolve<'a>(v: &'a Value, by_id: &HashMap<String, &'a Value>) -> Vec<&'a Value> {
    let list: Vec<&Value> = match v {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    };
    list.into_iter()
        .filter_map(|item| match item {
            Value::String(r) => by_id.get(r).copied(),
            Value::Object(_) => Some(item),
            _ => None,
        })
        .collect()
}

/// An `Agent`, `Person`, `Organization` or `SoftwareAgent`: its name, `email` external
/// identifiers, and `externalRef` locators as URLs.
fn agent(a: &Value) -> Party {
    Party {
        name: a["name"].as_str().map(str::to_owned),
        emails: a["externalIdentifier"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|x| x["externalIdentifierType"] == "email")
            .filter_map(|x| x["identifier"].as_str().map(str::to_owned))
            .collect(),
        urls: a["externalRef"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|r| ids(&r["locator"]))
            .collect(),
    }
}

/// A licence element: `simplelicensing_LicenseExpression`, a listed licence (its id is the
/// last segment of `https://spdx.org/licenses/MIT`), or another licence by name.
fn licence(l: &Value, acknowledgement: &str) -> Option<Licence> {
    let (text, spdx_form) = match l["type"].as_str()? {
        "simplelicensing_LicenseExpression" => (
            l["simplelicensing_licenseExpression"].as_str()?.to_owned(),
            true,
        ),
        "expandedlicensing_ListedLicense" => {
            (l["spdxId"].as_str()?.rsplit('/').next()?.to_owned(), true)
        }
        _ => (l["name"].as_str()?.to_owned(), false),
    };
    Some(Licence {
        text,
        spdx_form,
        acknowledgement: Some(acknowledgement.to_owned()),
    })
}

/// `verifiedUsing` hashes.
fn hashes(e: &Value) -> Vec<HashFact> {
    e["verifiedUsing"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|h| h["type"] == "Hash")
        .filter_map(|h| {
            Some(HashFact {
                alg: h["algorithm"].as_str()?.to_owned(),
                content: h["hashValue"].as_str()?.to_owned(),
            })
        })
        .collect()
}
