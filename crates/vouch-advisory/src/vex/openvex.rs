//! OpenVEX 0.2.0 JSON (<https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md>): statements
//! of a vulnerability, products by purl (with their subcomponents) and a status. A `not_affected`
//! statement MUST carry a `justification` or an `impact_statement` (spec, "Statement Fields").

use std::path::Path;

use serde::Deserialize;
use vouch_model::{Purl, VexFormat, VexState};

use super::{
    Problems, Statement, VexDocument, VexError, advisory_id, given, invalid, source, timestamp,
};

#[derive(Deserialize)]
struct Doc {
    timestamp: Option<String>,
    last_updated: Option<String>,
    #[serde(default)]
    statements: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct RawStatement {
    vulnerability: Vulnerability,
    #[serde(default)]
    products: Vec<Product>,
    status: String,
    justification: Option<String>,
    impact_statement: Option<String>,
    action_statement: Option<String>,
    timestamp: Option<String>,
    last_updated: Option<String>,
}

/// 0.2.0 writes a struct; earlier drafts a bare string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Vulnerability {
    Name(String),
    Struct {
        name: Option<String>,
        #[serde(rename = "@id")]
        id: Option<String>,
        #[serde(default)]
        aliases: Vec<String>,
    },
}

/// 0.2.0 writes a struct; earlier drafts a bare IRI.
#[derive(Deserialize)]
#[serde(untagged)]
enum Product {
    Iri(String),
    Struct {
        #[serde(rename = "@id")]
        id: Option<String>,
        identifiers: Option<Identifiers>,
        #[serde(default)]
        subcomponents: Vec<Product>,
    },
}

#[derive(Deserialize)]
struct Identifiers {
    purl: Option<String>,
}

pub(super) fn parse(value: serde_json::Value, path: &Path) -> Result<VexDocument, VexError> {
    let doc: Doc = serde_json::from_value(value)
        .map_err(|e| VexError::new(path, format!("not an OpenVEX document: {e}")))?;
    let doc_time = timestamp(doc.last_updated.as_deref()).or(timestamp(doc.timestamp.as_deref()));
    let mut out = VexDocument::default();
    for (i, raw) in doc.statements.into_iter().enumerate() {
        let src = source(VexFormat::OpenVex, path, format!("/statements/{i}"));
        let raw: RawStatement = match serde_json::from_value(raw) {
            Ok(r) => r,
            Err(e) => {
                out.diagnostics
                    .push(invalid(&src, format!("malformed: {e}")));
                continue;
            }
        };
        let mut problems = Problems::new();

        let (name, id_iri, alias_texts) = match raw.vulnerability {
            Vulnerability::Name(n) => (Some(n), None, Vec::new()),
            Vulnerability::Struct { name, id, aliases } => (name, id, aliases),
        };
        let main = name
            .as_deref()
            .and_then(advisory_id)
            .or_else(|| id_iri.as_deref().and_then(advisory_id));
        let aliases: Vec<_> = alias_texts.iter().filter_map(|a| advisory_id(a)).collect();
        if main.is_none() {
            problems.push(format!(
                "the vulnerability has no usable name (`{}`)",
                name.or(id_iri).unwrap_or_default()
            ));
        }

        let mut products = Vec::new();
        let mut unidentified = 0;
        for p in &raw.products {
            collect(p, &mut products, &mut unidentified, &mut problems);
        }

        let justification = given(raw.justification);
        let impact = given(raw.impact_statement);
        let state = match raw.status.as_str() {
            "not_affected" => {
                let justification = match justification.as_deref().map(str::parse) {
                    Some(Ok(j)) => Some(j),
                    Some(Err(e)) => {
                        problems.push(format!("justification {e}"));
                        None
                    }
                    None => None,
                };
                if justification.is_none() && impact.is_none() {
                    problems.push(
                        "status not_affected needs a `justification` or an `impact_statement` \
                         (OpenVEX: a not_affected statement MUST include one)",
                    );
                }
                Some(VexState::NotAffected {
                    justification,
                    impact_statement: impact,
                })
            }
            other => {
                if let Some(j) = &justification {
                    problems.push(format!(
                        "justification `{j}` goes only with status not_affected, not {other}"
                    ));
                }
                match other {
                    "affected" => Some(VexState::Affected {
                        action_statement: given(raw.action_statement),
                    }),
                    "fixed" => Some(VexState::Fixed),
                    "under_investigation" => Some(VexState::UnderInvestigation),
                    _ => {
                        problems.push(format!(
                            "status `{other}` is not one of not_affected, affected, fixed, \
                             under_investigation"
                        ));
                        None
                    }
                }
            }
        };
        if let Err(d) = problems.finish(&src) {
            out.diagnostics.push(d);
            continue;
        }
        let (Some(vulnerability), Some(state)) = (main, state) else {
            continue;
        };
        out.statements.push(Statement {
            vulnerability,
            aliases,
            products,
            every_product: false,
            unidentified_products: unidentified,
            state,
            timestamp: timestamp(raw.last_updated.as_deref())
                .or(timestamp(raw.timestamp.as_deref()))
                .or(doc_time),
            expires: None,
            source: src,
        });
    }
    Ok(out)
}

/// The purls of a product and its subcomponents. A product's `identifiers.purl` is preferred to
/// its `@id`, which is any IRI and a purl only when it starts with `pkg:`.
fn collect(p: &Product, out: &mut Vec<Purl>, unidentified: &mut usize, problems: &mut Problems) {
    let (text, subcomponents) = match p {
        Product::Iri(iri) => (Some(iri.as_str()), &[][..]),
        Product::Struct {
            id,
            identifiers,
            subcomponents,
        } => (
            identifiers
                .as_ref()
                .and_then(|i| i.purl.as_deref())
                .or(id.as_deref().filter(|i| i.starts_with("pkg:"))),
            subcomponents.as_slice(),
        ),
    };
    match text.filter(|t| t.starts_with("pkg:")) {
        Some(t) => match t.parse::<Purl>() {
            Ok(purl) => out.push(purl),
            Err(e) => problems.push(e.to_string()),
        },
        None => *unidentified += 1,
    }
    for s in subcomponents {
        collect(s, out, unidentified, problems);
    }
}
