//! Applying statements to findings. A statement applies when one of its ids is the finding's id
//! or an alias and one of its products names the finding's package (same type, namespace and
//! name; the same version when it gives one; qualifiers ignored). The most specific statement
//! wins (a versioned purl over a versionless one over a triage entry for every component), then
//! the newest; at equal footing the one read last.

use vouch_model::{Diagnostic, DiagnosticCode, Finding, VexAssessment};

use super::Statement;

/// How a statement ranks for a finding: specificity, then time, then reading order.
type Rank = (u8, Option<jiff::Timestamp>, usize);

/// Sets each finding's `vex` from the statements that apply to it, and returns the notes: an
/// expired statement (not applied), a statement that names no finding.
pub fn apply(
    findings: &mut [Finding],
    statements: &[Statement],
    today: jiff::civil::Date,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut live: Vec<(usize, &Statement)> = Vec::new();
    for (i, s) in statements.iter().enumerate() {
        match s.expires {
            Some(day) if day < today => diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::VexExpired,
                    format!(
                        "the {} statement for {} expired on {day}; it no longer applies",
                        s.state.status().as_str(),
                        s.vulnerability
                    ),
                )
                .with_path(s.source.file.clone())
                .with_record(s.source.statement.clone()),
            ),
            _ => live.push((i, s)),
        }
    }
    let mut used = vec![false; statements.len()];
    for f in findings.iter_mut() {
        let mut best: Option<(Rank, &Statement)> = None;
        for &(i, s) in &live {
            let Some(specificity) = specificity(s, f) else {
                continue;
            };
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
            let key = (specificity, s.timestamp, i);
            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                best = Some((key, s));
            }
        }
        if let Some((_, s)) = best {
            f.vex = Some(VexAssessment {
                state: s.state.clone(),
                source: s.source.clone(),
            });
        }
    }
    for &(i, s) in &live {
        if used.get(i).copied().unwrap_or(true) {
            continue;
        }
        let why = if s.products.is_empty() && !s.every_product {
            " (it names no component by purl)"
        } else {
            ""
        };
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::VexUnmatched,
                format!(
                    "the {} statement for {} names no finding of this delivery{why}",
                    s.state.status().as_str(),
                    s.vulnerability
                ),
            )
            .with_path(s.source.file.clone())
            .with_record(s.source.statement.clone()),
        );
    }
    diagnostics
}

/// How closely `s` names `f`'s component, or `None` when it does not apply to `f`.
fn specificity(s: &Statement, f: &Finding) -> Option<u8> {
    let ids = std::iter::once(&s.vulnerability).chain(&s.aliases);
    let same_vulnerability = ids
        .into_iter()
        .any(|id| *id == f.id || f.aliases.contains(id));
    if !same_vulnerability {
        return None;
    }
    if s.every_product {
        return Some(0);
    }
    s.products
        .iter()
        .filter(|p| p.package() == f.purl.package())
        .filter_map(|p| match p.version() {
            None => Some(1),
            Some(v) if Some(v) == f.purl.version() => Some(2),
            Some(_) => None,
        })
        .max()
}
