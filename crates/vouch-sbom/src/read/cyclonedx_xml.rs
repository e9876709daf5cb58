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

const NAMESPACE_PREFIX: &str = "http://cyclonedx.org/schema/bom/";

pub(super) fn read(bytes: &[u8], display: &Path) -> Result<SbomDocument, SbomReadError> {
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
    if let Some(metadata) = child(bom, "metadata") {
        let ts = child(metadata, "timestamp").and_then(|n| n.text());
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
        builder.add(&entry(node), &record);
        push_children(&mut stack, &record, node);
    }
    if let Some(dependencies) = child(bom, "dependencies") {
        for (i, d) in children(dependencies, "dependency").enumerate() {
            match d.attribute("ref") {
                Some(from) => {
                    let to = children(d, "dependency")
                        .filter_map(|n| n.attribute("ref").map(str::to_owned))
                        .collect();
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
