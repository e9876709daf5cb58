//! CycloneDX 1.4–1.6 JSON VEX (<https://cyclonedx.org/docs/1.6/json/#vulnerabilities>): each
//! `vulnerabilities[]` entry with an `analysis.state` is a statement about the components its
//! `affects[].ref` names, resolved through `components[].bom-ref` (or a BOM-Link) to purls.
//! CycloneDX makes `analysis.justification` optional, so `not_affected` may come without one.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use vouch_model::{Justification, Purl, VexFormat, VexState};

use super::{
    Problems, Statement, VexDocument, VexError, advisory_id, given, invalid, source, timestamp,
};

#[derive(Deserialize)]
struct Bom {
    metadata: Option<Metadata>,
    #[serde(default)]
    components: Vec<Component>,
    #[serde(default)]
    vulnerabilities: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Metadata {
    timestamp: Option<String>,
    component: Option<Component>,
}

#[derive(Deserialize)]
struct Component {
    #[serde(rename = "bom-ref")]
    bom_ref: Option<String>,
    purl: Option<String>,
    #[serde(default)]
    components: Vec<Component>,
}

#[derive(Deserialize)]
struct Vulnerability {
    id: Option<String>,
    #[serde(default)]
    references: Vec<Reference>,
    analysis: Option<Analysis>,
    #[serde(default)]
    affects: Vec<Affects>,
    updated: Option<String>,
    published: Option<String>,
}

#[derive(Deserialize)]
struct Reference {
    id: Option<String>,
}

#[derive(Deserialize)]
struct Analysis {
    state: Option<String>,
    justification: Option<String>,
    #[serde(default)]
    response: Vec<String>,
    detail: Option<String>,
    #[serde(rename = "lastUpdated")]
    last_updated: Option<String>,
    #[serde(rename = "firstIssued")]
    first_issued: Option<String>,
}

#[derive(Deserialize)]
struct Affects {
    #[serde(rename = "ref")]
    reference: String,
}

/// CycloneDX's `impactAnalysisJustification` in CISA's vocabulary, as CISA's VEX mapping and
/// vexctl pair them: the `requires_*` values say an attacker cannot reach the code as shipped,
/// the `protected_*` values that mitigations exist.
fn justification(cdx: &str) -> Option<Justification> {
    Some(match cdx {
        "code_not_present" => Justification::VulnerableCodeNotPresent,
        "code_not_reachable" => Justification::VulnerableCodeNotInExecutePath,
        "requires_configuration" | "requires_environment" => {
            Justification::VulnerableCodeCannotBeControlledByAdversary
        }
        "requires_dependency" => Justification::ComponentNotPresent,
        "protected_by_compiler"
        | "protected_at_runtime"
        | "protected_at_perimeter"
        | "protected_by_mitigating_control" => Justification::InlineMitigationsAlreadyExist,
        _ => return None,
    })
}

pub(super) fn parse(value: serde_json::Value, path: &Path) -> Result<VexDocument, VexError> {
    let bom: Bom = serde_json::from_value(value)
        .map_err(|e| VexError::new(path, format!("not a CycloneDX document: {e}")))?;
    let mut refs: HashMap<&str, &str> = HashMap::new();
    let meta_component = bom.metadata.as_ref().and_then(|m| m.component.as_ref());
    for c in meta_component.into_iter().chain(&bom.components) {
        index(c, &mut refs);
    }
    let doc_time = timestamp(bom.metadata.as_ref().and_then(|m| m.timestamp.as_deref()));
    let mut out = VexDocument::default();
    for (i, raw) in bom.vulnerabilities.iter().enumerate() {
        let src = source(VexFormat::CycloneDx, path, format!("/vulnerabilities/{i}"));
        let v: Vulnerability = match serde_json::from_value(raw.clone()) {
            Ok(v) => v,
            Err(e) => {
                out.diagnostics
                    .push(invalid(&src, format!("malformed: {e}")));
                continue;
            }
        };
        // A vulnerability without an analysis is a finding someone reported, not a statement.
        let Some(analysis) = v.analysis else {
            continue;
        };
        let Some(state_text) = analysis.state.as_deref() else {
            continue;
        };
        let mut problems = Problems::new();
        let main = v.id.as_deref().and_then(advisory_id);
        if main.is_none() {
            problems.push(format!(
                "the vulnerability id `{}` is not an advisory id",
                v.id.as_deref().unwrap_or_default()
            ));
        }
        let aliases = v
            .references
            .iter()
            .filter_map(|r| r.id.as_deref().and_then(advisory_id))
            .collect();

        let detail = given(analysis.detail);
        let state = match state_text {
            "not_affected" | "false_positive" => {
                let j = match given(analysis.justification).as_deref() {
                    Some(text) => {
                        let j = justification(text);
                        if j.is_none() {
                            problems.push(format!(
                                "analysis.justification `{text}` is not a CycloneDX justification"
                            ));
                        }
                        j
                    }
                    None => None,
                };
                let impact = detail.or_else(|| {
                    (state_text == "false_positive")
                        .then(|| "false positive (CycloneDX analysis.state)".to_owned())
                });
                Some(VexState::NotAffected {
                    justification: j,
                    impact_statement: impact,
                })
            }
            "exploitable" => {
                let responses = (!analysis.response.is_empty())
                    .then(|| format!("response: {}", analysis.response.join(", ")));
                let action = match (detail, responses) {
                    (Some(d), Some(r)) => Some(format!("{d} ({r})")),
                    (d, r) => d.or(r),
                };
                Some(VexState::Affected {
                    action_statement: action,
                })
            }
            "resolved" | "resolved_with_pedigree" => Some(VexState::Fixed),
            "in_triage" => Some(VexState::UnderInvestigation),
            other => {
                problems.push(format!(
                    "analysis.state `{other}` is not one of resolved, resolved_with_pedigree, \
                     exploitable, in_triage, false_positive, not_affected"
                ));
                None
            }
        };

        let mut products = Vec::new();
        let mut unidentified = 0;
        for a in &v.affects {
            match resolve(&a.reference, &refs) {
                Some(Ok(p)) => products.push(p),
                Some(Err(e)) => problems.push(e),
                None => unidentified += 1,
            }
        }
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
            timestamp: timestamp(analysis.last_updated.as_deref())
                .or(timestamp(analysis.first_issued.as_deref()))
                .or(timestamp(v.updated.as_deref()))
                .or(timestamp(v.published.as_deref()))
                .or(doc_time),
            expires: None,
            source: src,
        });
    }
    Ok(out)
}

fn index<'a>(c: &'a Component, refs: &mut HashMap<&'a str, &'a str>) {
    if let (Some(r), Some(p)) = (&c.bom_ref, &c.purl) {
        refs.insert(r, p);
    }
    for sub in &c.components {
        index(sub, refs);
    }
}

/// An `affects[].ref`: a bom-ref of this document, a BOM-Link (`urn:cdx:serial/version#ref`)
/// whose fragment is one, or a purl itself (many tools use the purl as the bom-ref). `None`
/// when it names no purl.
fn resolve(reference: &str, refs: &HashMap<&str, &str>) -> Option<Result<Purl, String>> {
    let fragment = reference
        .strip_prefix("urn:cdx:")
        .and_then(|r| r.split_once('#'))
        .map(|(_, f)| vouch_model::percent_decode(f));
    let key = fragment.as_deref().unwrap_or(reference);
    let text = refs
        .get(key)
        .copied()
        .or_else(|| key.starts_with("pkg:").then_some(key))?;
    Some(text.parse::<Purl>().map_err(|e| e.to_string()))
}
