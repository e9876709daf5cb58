//! CSAF 2.0 VEX profile (<https://docs.oasis-open.org/csaf/csaf/v2.0/os/csaf-v2.0-os.html>,
//! §4.5): `vulnerabilities[].product_status` lists product ids per status; the product tree
//! gives each id its purl (`product_identification_helper.purl`, §3.1.3.3.5). A
//! `known_not_affected` product needs a flag or an `impact` threat (§6.1.27.9); the flag labels
//! are CISA's justifications. One statement per vulnerability, status and product.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use vouch_model::{Justification, Purl, VexFormat, VexState};

use super::{Problems, Statement, VexDocument, VexError, advisory_id, invalid, source, timestamp};

#[derive(Deserialize)]
struct Doc {
    document: Document,
    #[serde(default)]
    product_tree: ProductTree,
    #[serde(default)]
    vulnerabilities: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Document {
    tracking: Option<Tracking>,
}

#[derive(Deserialize)]
struct Tracking {
    current_release_date: Option<String>,
}

#[derive(Deserialize, Default)]
struct ProductTree {
    #[serde(default)]
    branches: Vec<Branch>,
    #[serde(default)]
    full_product_names: Vec<FullProductName>,
    #[serde(default)]
    relationships: Vec<Relationship>,
    #[serde(default)]
    product_groups: Vec<ProductGroup>,
}

#[derive(Deserialize)]
struct Branch {
    #[serde(default)]
    branches: Vec<Branch>,
    product: Option<FullProductName>,
}

#[derive(Deserialize)]
struct FullProductName {
    product_id: String,
    product_identification_helper: Option<Helper>,
}

#[derive(Deserialize)]
struct Helper {
    purl: Option<String>,
}

#[derive(Deserialize)]
struct Relationship {
    product_reference: String,
    full_product_name: FullProductName,
}

#[derive(Deserialize)]
struct ProductGroup {
    group_id: String,
    #[serde(default)]
    product_ids: Vec<String>,
}

#[derive(Deserialize)]
struct Vulnerability {
    cve: Option<String>,
    #[serde(default)]
    ids: Vec<Id>,
    #[serde(default)]
    product_status: ProductStatus,
    #[serde(default)]
    flags: Vec<Flag>,
    #[serde(default)]
    threats: Vec<Note>,
    #[serde(default)]
    remediations: Vec<Note>,
}

#[derive(Deserialize)]
struct Id {
    text: String,
}

/// §3.2.3.9; `recommended` is advice, not a status, and is not read.
#[derive(Deserialize, Default)]
struct ProductStatus {
    #[serde(default)]
    known_not_affected: Vec<String>,
    #[serde(default)]
    known_affected: Vec<String>,
    #[serde(default)]
    first_affected: Vec<String>,
    #[serde(default)]
    last_affected: Vec<String>,
    #[serde(default)]
    fixed: Vec<String>,
    #[serde(default)]
    first_fixed: Vec<String>,
    #[serde(default)]
    under_investigation: Vec<String>,
}

#[derive(Deserialize)]
struct Flag {
    label: String,
    date: Option<String>,
    #[serde(default)]
    product_ids: Vec<String>,
    #[serde(default)]
    group_ids: Vec<String>,
}

/// A threat or a remediation: a category, text, and the products it is about.
#[derive(Deserialize)]
struct Note {
    category: String,
    details: String,
    #[serde(default)]
    product_ids: Vec<String>,
    #[serde(default)]
    group_ids: Vec<String>,
}

/// The product ids a flag, threat or remediation names, directly or through its groups.
fn names(product: &str, ids: &[String], groups: &[String], tree: &ProductTree) -> bool {
    ids.iter().any(|p| p == product)
        || tree
            .product_groups
            .iter()
            .filter(|g| groups.contains(&g.group_id))
            .any(|g| g.product_ids.iter().any(|p| p == product))
}

pub(super) fn parse(value: serde_json::Value, path: &Path) -> Result<VexDocument, VexError> {
    let doc: Doc = serde_json::from_value(value)
        .map_err(|e| VexError::new(path, format!("not a CSAF document: {e}")))?;
    let purls = product_purls(&doc.product_tree);
    let doc_time = timestamp(
        doc.document
            .tracking
            .as_ref()
            .and_then(|t| t.current_release_date.as_deref()),
    );
    let tree = &doc.product_tree;
    let mut out = VexDocument::default();
    for (i, raw) in doc.vulnerabilities.iter().enumerate() {
        let vsrc = source(VexFormat::Csaf, path, format!("/vulnerabilities/{i}"));
        let v: Vulnerability = match serde_json::from_value(raw.clone()) {
            Ok(v) => v,
            Err(e) => {
                out.diagnostics
                    .push(invalid(&vsrc, format!("malformed: {e}")));
                continue;
            }
        };
        let mut ids = v
            .cve
            .iter()
            .map(String::as_str)
            .chain(v.ids.iter().map(|id| id.text.as_str()))
            .filter_map(advisory_id);
        let Some(vulnerability) = ids.next() else {
            if has_status(&v.product_status) {
                out.diagnostics.push(invalid(
                    &vsrc,
                    "the vulnerability has neither a cve nor ids",
                ));
            }
            continue;
        };
        let aliases: Vec<_> = ids.collect();
        let s = &v.product_status;
        let lists: [(&str, &[String]); 7] = [
            ("known_not_affected", &s.known_not_affected),
            ("known_affected", &s.known_affected),
            ("first_affected", &s.first_affected),
            ("last_affected", &s.last_affected),
            ("fixed", &s.fixed),
            ("first_fixed", &s.first_fixed),
            ("under_investigation", &s.under_investigation),
        ];
        for (status, products) in lists {
            for (j, product) in products.iter().enumerate() {
                let src = source(
                    VexFormat::Csaf,
                    path,
                    format!("/vulnerabilities/{i}/product_status/{status}/{j}"),
                );
                let mut problems = Problems::new();
                let flags: Vec<&Flag> = v
                    .flags
                    .iter()
                    .filter(|f| names(product, &f.product_ids, &f.group_ids, tree))
                    .collect();
                let notes = |list: &[Note], category: &str| -> Option<String> {
                    let texts: Vec<&str> = list
                        .iter()
                        .filter(|n| n.category == category)
                        .filter(|n| names(product, &n.product_ids, &n.group_ids, tree))
                        .map(|n| n.details.as_str())
                        .collect();
                    (!texts.is_empty()).then(|| texts.join(" "))
                };
                let state = match status {
                    "known_not_affected" => {
                        let justification = match flags.first() {
                            Some(f) => match f.label.parse::<Justification>() {
                                Ok(j) => Some(j),
                                Err(e) => {
                                    problems.push(format!("flag label {e}"));
                                    None
                                }
                            },
                            None => None,
                        };
                        let impact = notes(&v.threats, "impact");
                        if flags.is_empty() && impact.is_none() {
                            problems.push(format!(
                                "known_not_affected product `{product}` has neither a flag nor a \
                                 threat of category impact (CSAF 2.0 §6.1.27.9)"
                            ));
                        }
                        VexState::NotAffected {
                            justification,
                            impact_statement: impact,
                        }
                    }
                    "known_affected" | "first_affected" | "last_affected" => VexState::Affected {
                        action_statement: [
                            "vendor_fix",
                            "workaround",
                            "mitigation",
                            "no_fix_planned",
                            "none_available",
                        ]
                        .iter()
                        .filter_map(|c| notes(&v.remediations, c))
                        .reduce(|a, b| format!("{a} {b}")),
                    },
                    "fixed" | "first_fixed" => VexState::Fixed,
                    _ => VexState::UnderInvestigation,
                };
                if let Err(d) = problems.finish(&src) {
                    out.diagnostics.push(d);
                    continue;
                }
                let (products, unidentified) = match purls.get(product.as_str()) {
                    Some(p) => (p.clone(), 0),
                    None => (Vec::new(), 1),
                };
                out.statements.push(Statement {
                    vulnerability: vulnerability.clone(),
                    aliases: aliases.clone(),
                    products,
                    every_product: false,
                    unidentified_products: unidentified,
                    state,
                    timestamp: flags
                        .iter()
                        .find_map(|f| timestamp(f.date.as_deref()))
                        .or(doc_time),
                    expires: None,
                    source: src,
                });
            }
        }
    }
    Ok(out)
}

fn has_status(s: &ProductStatus) -> bool {
    [
        &s.known_not_affected,
        &s.known_affected,
        &s.first_affected,
        &s.last_affected,
        &s.fixed,
        &s.first_fixed,
        &s.under_investigation,
    ]
    .iter()
    .any(|l| !l.is_empty())
}

/// Each product id's purls: its own helper's, and for a relationship (a component installed in
/// a product) also the component's, since findings are about components.
fn product_purls(tree: &ProductTree) -> HashMap<&str, Vec<Purl>> {
    fn helper(p: &FullProductName) -> Option<Purl> {
        p.product_identification_helper
            .as_ref()?
            .purl
            .as_deref()?
            .parse()
            .ok()
    }
    fn walk<'a>(b: &'a Branch, out: &mut HashMap<&'a str, Vec<Purl>>) {
        if let Some(p) = &b.product {
            out.entry(&p.product_id).or_default().extend(helper(p));
        }
        for sub in &b.branches {
            walk(sub, out);
        }
    }
    let mut out: HashMap<&str, Vec<Purl>> = HashMap::new();
    for b in &tree.branches {
        walk(b, &mut out);
    }
    for p in &tree.full_product_names {
        out.entry(&p.product_id).or_default().extend(helper(p));
    }
    for r in &tree.relationships {
        let mut purls: Vec<Purl> = helper(&r.full_product_name).into_iter().collect();
        if let Some(component) = out.get(r.product_reference.as_str()) {
            purls.extend(component.iter().cloned());
        }
        out.entry(&r.full_product_name.product_id)
            .or_default()
            .extend(purls);
    }
    out.retain(|_, purls| !purls.is_empty());
    out
}
