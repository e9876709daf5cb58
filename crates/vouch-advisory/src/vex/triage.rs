//! The `[[triage]]` table of `vouch.toml`: the seller's own VEX, one entry per evaluated
//! advisory. Only this table is read here; the other tables of `vouch.toml` belong to the
//! declarations reader and are ignored. Every problem of an entry is reported at once.

use std::path::Path;

use serde::Deserialize;
use vouch_model::{Justification, Purl, VexFormat, VexState, VexStatus};

use super::{Problems, Statement, VexDocument, VexError, advisory_id, given, invalid, source};

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    triage: Vec<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    purl: Option<String>,
    status: String,
    justification: Option<String>,
    statement: Option<String>,
    expires: Option<toml::Value>,
}

pub(super) fn parse(text: &str, path: &Path) -> Result<VexDocument, VexError> {
    let file: File = toml::from_str(text)
        .map_err(|e| VexError::new(path, format!("the [[triage]] table cannot be read: {e}")))?;
    let mut out = VexDocument::default();
    for (i, value) in file.triage.into_iter().enumerate() {
        let src = source(VexFormat::Triage, path, format!("/triage/{i}"));
        let entry: Entry = match value.try_into() {
            Ok(e) => e,
            Err(e) => {
                out.diagnostics
                    .push(invalid(&src, e.to_string().trim().to_owned()));
                continue;
            }
        };
        let mut problems = Problems::new();
        let vulnerability = entry.id.parse().ok().or_else(|| advisory_id(&entry.id));
        if vulnerability.is_none() {
            problems.push(format!("id `{}` is not an advisory id", entry.id));
        }
        let purl = match entry.purl.as_deref().map(str::parse::<Purl>) {
            Some(Ok(p)) => Some(p),
            Some(Err(e)) => {
                problems.push(e.to_string());
                None
            }
            None => None,
        };
        let statement = given(entry.statement);
        let justification = match given(entry.justification).as_deref().map(str::parse) {
            Some(Ok(j)) => Some(j),
            Some(Err(e)) => {
                problems.push(format!("justification {e}"));
                None
            }
            None => None,
        };
        let state = match entry.status.parse::<VexStatus>() {
            Ok(VexStatus::NotAffected) => {
                if justification.is_none() {
                    problems.push(format!(
                        "status not_affected needs a `justification` (one of {})",
                        labels()
                    ));
                }
                Some(VexState::NotAffected {
                    justification,
                    impact_statement: statement,
                })
            }
            Ok(other) => {
                if let Some(j) = justification {
                    problems.push(format!(
                        "justification `{j}` goes only with status not_affected, not {}",
                        other.as_str()
                    ));
                }
                Some(match other {
                    VexStatus::Affected => VexState::Affected {
                        action_statement: statement,
                    },
                    VexStatus::Fixed => VexState::Fixed,
                    _ => VexState::UnderInvestigation,
                })
            }
            Err(e) => {
                problems.push(format!("status {e}"));
                None
            }
        };
        let expires = match &entry.expires {
            None => None,
            Some(v) => match date(v) {
                Some(d) => Some(d),
                None => {
                    problems.push(format!("expires `{v}` is not a date (YYYY-MM-DD)"));
                    None
                }
            },
        };
        if let Err(d) = problems.finish(&src) {
            out.diagnostics.push(d);
            continue;
        }
        let (Some(vulnerability), Some(state)) = (vulnerability, state) else {
            continue;
        };
        out.statements.push(Statement {
            vulnerability,
            aliases: Vec::new(),
            every_product: purl.is_none(),
            products: purl.into_iter().collect(),
            unidentified_products: 0,
            state,
            timestamp: None,
            expires,
            source: src,
        });
    }
    Ok(out)
}

/// A TOML local date (`expires = 2027-01-31`) or the same as a string.
fn date(v: &toml::Value) -> Option<jiff::civil::Date> {
    let text = match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
        _ => return None,
    };
    text.parse().ok()
}

fn labels() -> String {
    Justification::ALL
        .iter()
        .map(|j| j.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
