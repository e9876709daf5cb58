//! CycloneDX XML 1.2–1.6 (<https://cyclonedx.org/docs/1.6/xml/>): the same parts as the JSON
//! reader, from the `bom` element of namespace `http://cyclonedx.org/schema/bom/<version>`.
//! roxmltree refuses DTDs, so entity expansion cannot blow up; dependencies nest in XML
//! (`<dependency ref><dependency ref/></dependency>`).

use std::path::Path;

use roxmltree::Node;

use super::{
    Builder, DocumentFormat, Entry, SbomDocument, SbomDocumentInfo, SbomReadError, SbomTool,
    timestamp,
};
use crate::quality::{ComponentFacts, DocumentFacts, HashFact, Licence, Party};

const NAMESPACE_PREFIX: &str = "http://cyclonedx.org/schema/bom/";

pub(super) fn read(
    bytes: &[u8],
    display: &Path,
    mut facts: Option<&mut DocumentFacts>,
) -> Result<SbomDocument, SbomReadError> {
    let malformed = |reason: String| SbomReadError::Malformed {
        path: display.to_owned(),
        format: DocumentFormat::CycloneDxXml,
        reason,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| malformed(format!("not UTF-8: {e}")))?;
    let doc = roxmltree::Document::parse(text).map_err(|e| malformed(e.to_string()))?;
    let bom = doc.root_element();
    let spec_version = bom
        .tag_name()
        .namespace()
        .and_then(|ns| ns.strip_prefix(NAMESPACE_PREFIX))
        .filter(|_| bom.tag_name().name() == "bom")
        .ok_or_else(|| {
            malformed(format!(
                "the root element is not `bom` in the namespace {NAMESPACE_PREFIX}<version>"
            ))
        })?
        .to_owned();

    let mut builder = Builder::new(display);
    let mut info = SbomDocumentInfo {
        format: DocumentFormat::CycloneDxXml,
        spec_version,
        serial: bom.attribute("serialNumber").map(str::to_owned),
        timestamp: None,
        tools: Vec::new(),
        subjects: Vec::new(),
    };
    let mut stack: Vec<(String, Node<'_, '_>)> = Vec::new();
    if let Some(f) = facts.as_deref_mut() {
        f.supported = true;
    }
    if let Some(metadata) = child(bom, "metadata") {
        let ts = child(metadata, "timestamp").and_then(|n| n.text());
        // `manufacturer` (1.6; `manufacture` before) and `supplier` make and supply the
        // described component, and so speak for it too.
        let makers: Vec<Party> = ["manufacturer", "manufacture", "supplier"]
            .into_iter()
            .filter_map(|name| child(metadata, name))
            .map(organization)
            .collect();
        if let Some(f) = facts.as_deref_mut() {
            f.timestamp = ts.map(str::to_owned);
            f.authors = authors(metadata).chain(makers.iter().cloned()).collect();
            if let Some(root) = child(metadata, "component") {
                let mut root = facts_of(root, "metadata/component");
                root.creators.extend(makers);
                f.components.push(root);
            }
        }
        info.timestamp = timestamp(&mut builder, "metadata/timestamp", ts);
        if let Some(tools) = child(metadata, "tools") {
            // ≤1.4: <tool>; 1.5+: <components><component> and <services><service>.
            let legacy = children(tools, "tool");
            let current = ["components", "services"]
                .into_iter()
                .filter_map(|list| child(tools, list))
                .flat_map(|list| list.children().filter(Node::is_element));
            info.tools = legacy.chain(current).filter_map(tool).collect();
        }
        if let Some(root) = child(metadata, "component") {
            let entry = entry(root);
            builder.root(entry.reference.as_deref());
            info.subjects.push(entry.subject());
            push_children(&mut stack, "metadata/component", root);
        }
    }
    if let Some(components) = child(bom, "components") {
        let list: Vec<Node<'_, '_>> = children(components, "component").collect();
        for (i, c) in list.into_iter().enumerate().rev() {
            stack.push((format!("components/component[{}]", i + 1), c));
        }
    }
    while let Some((record, node)) = stack.pop() {
        if let Some(f) = facts.as_deref_mut() {
            f.components.push(facts_of(node, &record));
        }
        builder.add(&entry(node), &record);
        push_children(&mut stack, &record, node);
    }
    if let Some(dependencies) = child(bom, "dependencies") {
        for (i, d) in children(dependencies, "dependency").enumerate() {
            match d.attribute("ref") {
                Some(from) => {
                    let to: Vec<String> = children(d, "dependency")
                        .filter_map(|n| n.attribute("ref").map(str::to_owned))
                        .collect();
                    if let Some(f) = facts.as_deref_mut() {
                        f.edges(from.to_owned(), to.clone());
                    }
                    builder.edge(from.to_owned(), to);
                }
                None => builder.skipped(
                    format!("dependencies/dependency[{}]", i + 1),
                    "a dependency without `ref`",
                ),
            }
        }
    }
    Ok(SbomDocument {
        inventory: builder.finish(),
        info,
    })
}

fn push_children<'a, 'i>(
    stack: &mut Vec<(String, Node<'a, 'i>)>,
    parent: &str,
    node: Node<'a, 'i>,
) {
    if let Some(list) = child(node, "components") {
        let nested: Vec<Node<'a, 'i>> = children(list, "component").collect();
        for (i, c) in nested.into_iter().enumerate().rev() {
            stack.push((format!("{parent}/components/component[{}]", i + 1), c));
        }
    }
}

fn entry(c: Node<'_, '_>) -> Entry {
    let text = |name: &str| {
        child(c, name)
            .and_then(|n| n.text())
            .map(|t| t.trim().to_owned())
    };
    Entry {
        reference: c.attribute("bom-ref").map(str::to_owned),
        name: text("name"),
        version: text("version"),
        purl: text("purl"),
        hashes: child(c, "hashes")
            .into_iter()
            .flat_map(|h| children(h, "hash"))
            .filter_map(|h| Some((h.attribute("alg")?.to_owned(), h.text()?.trim().to_owned())))
            .collect(),
        properties: child(c, "properties")
            .into_iter()
            .flat_map(|p| children(p, "property"))
            .filter_map(|p| {
                let name = p.attribute("name")?;
                name.starts_with("vouch:")
                    .then(|| (name.to_owned(), p.text().unwrap_or_default().to_owned()))
            })
            .collect(),
        scope: text("scope"),
        vcs_url: child(c, "externalReferences")
            .into_iter()
            .flat_map(|r| children(r, "reference"))
            .find(|r| r.attribute("type") == Some("vcs"))
            .and_then(|r| child(r, "url")?.text().map(|t| t.trim().to_owned())),
        // BSI file evidence is read from JSON only: vouch writes no XML.
        file: None,
    }
}

fn tool(node: Node<'_, '_>) -> Option<SbomTool> {
    let text = |name: &str| {
        child(node, name)
            .and_then(|n| n.text())
            .map(|t| t.trim().to_owned())
    };
    let front = text("vendor").or_else(|| text("group"));
    let name = match (front, text("name")) {
        (Some(v), Some(n)) => format!("{v} {n}"),
        (None, Some(n)) => n,
        (Some(v), None) => v,
        (None, None) => return None,
    };
    Some(SbomTool {
        name,
        version: text("version"),
    })
}

/// The first child element named `name` (in any namespace: CycloneDX documents use one).
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    children(node, name).next()
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The trimmed text of the first child `name`.
fn text_of(node: Node<'_, '_>, name: &str) -> Option<String> {
    child(node, name)
        .and_then(|n| n.text())
        .map(|t| t.trim().to_owned())
}

/// `organizationalEntity`: `name`, `url`*, `contact`* (with `email`).
fn organization(node: Node<'_, '_>) -> Party {
    let texts = |parent: Node<'_, '_>, name: &str| -> Vec<String> {
        children(parent, name)
            .filter_map(|n| n.text())
            .map(|t| t.trim().to_owned())
            .collect()
    };
    Party {
        name: text_of(node, "name"),
        emails: children(node, "contact")
            .flat_map(|c| texts(c, "email"))
            .collect(),
        urls: texts(node, "url"),
    }
}

/// `authors/author` (`organizationalContact`: `name`, `email`).
fn authors<'a>(node: Node<'a, '_>) -> impl Iterator<Item = Party> + 'a {
    child(node, "authors")
        .into_iter()
        .flat_map(|a| children(a, "author"))
        .map(|a| Party {
            name: text_of(a, "name"),
            emails: text_of(a, "email").into_iter().collect(),
            urls: Vec::new(),
        })
}

/// What the quality check judges of a component, as the JSON reader's `facts_of` does.
fn facts_of(c: Node<'_, '_>, record: &str) -> ComponentFacts {
    let property = |name: &str| {
        child(c, "properties")
            .into_iter()
            .flat_map(|p| children(p, "property"))
            .find(|p| p.attribute("name") == Some(name))
            .map(|p| p.text().unwrap_or_default().trim().to_owned())
    };
    let references: Vec<Node<'_, '_>> = child(c, "externalReferences")
        .into_iter()
        .flat_map(|r| children(r, "reference"))
        .collect();
    let of_type = |types: &[&str]| {
        references
            .iter()
            .filter(|r| r.attribute("type").is_some_and(|t| types.contains(&t)))
            .copied()
            .collect::<Vec<_>>()
    };
    let distribution = of_type(&["distribution", "distribution-intake"]);
    let hashes = |node: Node<'_, '_>| -> Vec<HashFact> {
        child(node, "hashes")
            .into_iter()
            .flat_map(|h| children(h, "hash"))
            .filter_map(|h| {
                Some(HashFact {
                    alg: h.attribute("alg")?.to_owned(),
                    content: h.text()?.trim().to_owned(),
                })
            })
            .collect()
    };
    let mut creators: Vec<Party> = ["supplier", "manufacturer"]
        .into_iter()
        .filter_map(|name| child(c, name))
        .map(organization)
        .collect();
    creators.extend(authors(c));
    // `author` directly under the component: a name (`authors/author` is handled above).
    creators.extend(text_of(c, "author").map(|name| Party {
        name: Some(name),
        ..Party::default()
    }));
    let licences = child(c, "licenses")
        .into_iter()
        .flat_map(|l| l.children().filter(Node::is_element))
        .filter_map(|l| {
            let acknowledgement = l.attribute("acknowledgement").map(str::to_owned);
            match l.tag_name().name() {
                "license" => {
                    let id = text_of(l, "id");
                    Some(Licence {
                        spdx_form: id.is_some(),
                        text: id.or_else(|| text_of(l, "name"))?,
                        acknowledgement,
                    })
                }
                "expression" => Some(Licence {
                    text: l.text()?.trim().to_owned(),
                    spdx_form: true,
                    acknowledgement,
                }),
                // 1.7: the expression as an attribute, with per-licence details inside.
                "expression-detailed" => Some(Licence {
                    text: l.attribute("expression")?.trim().to_owned(),
                    spdx_form: true,
                    acknowledgement,
                }),
                _ => None,
            }
        })
        .collect();
    let url = |nodes: Vec<Node<'_, '_>>| nodes.into_iter().find_map(|r| text_of(r, "url"));
    ComponentFacts {
        record: record.to_owned(),
        reference: c.attribute("bom-ref").map(str::to_owned),
        name: text_of(c, "name"),
        version: text_of(c, "version"),
        purl: text_of(c, "purl"),
        cpe: text_of(c, "cpe"),
        swid: child(c, "swid").and_then(|s| s.attribute("tagId").map(str::to_owned)),
        creators,
        licences,
        hashes: hashes(c),
        deployable_hashes: distribution.iter().flat_map(|r| hashes(*r)).collect(),
        deployable_uri: url(distribution),
        source_uri: url(of_type(&["vcs", "source-distribution"])),
        filename: property("bsi:component:filename"),
        executable: property("bsi:component:executable"),
        archive: property("bsi:component:archive"),
        structured: property("bsi:component:structured"),
    }
}
