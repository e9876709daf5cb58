//! The check engine: decides each clause of a baseline from the facts a run gathered. Pure: the
//! same facts give the same verdicts, and every result carries the evidence it rests on.

use jiff::civil::Date;
use serde::Serialize;
use vouch_model::{
    ClauseId, Diagnostic, DiagnosticCode, Finding, FindingKind, Inventory, Level, SeverityLevel,
};

use crate::{Baseline, CheckKind, CheckSpec, DatabaseRef, Declaration, checks};

/// The outcome of a check or clause. Wire names are part of `vouch.report/v1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The duty is met, and the evidence shows it.
    Pass,
    /// The evidence shows the duty is not met.
    Fail,
    /// vouch could not find the evidence needed to decide.
    MissingEvidence,
    /// The duty does not apply to this delivery.
    NotApplicable,
    /// Failed, but waived by the customer (who, why and until when go in the evidence).
    Waived,
}

impl Status {
    /// How much a status weighs when a clause takes the worst of its checks.
    fn weight(self) -> u8 {
        match self {
            Status::NotApplicable => 0,
            Status::Pass => 1,
            Status::Waived => 2,
            Status::MissingEvidence => 3,
            Status::Fail => 4,
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::MissingEvidence => "missing-evidence",
            Status::NotApplicable => "not-applicable",
            Status::Waived => "waived",
        }
    }
}

/// One piece of evidence: what was looked at, and a reference to it (a file, an advisory id, a digest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// What it is, in one line.
    pub description: String,
    /// A reference to it, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl Evidence {
    pub(crate) fn new(description: impl Into<String>) -> Self {
        Evidence {
            description: description.into(),
            reference: None,
        }
    }
    pub(crate) fn with_reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// The check's name (`no-known-vulnerabilities`).
    pub check: &'static str,
    /// Its outcome.
    pub status: Status,
    /// One line saying why.
    pub summary: String,
    /// What it looked at.
    pub evidence: Vec<Evidence>,
    /// The waiver that turned a fail or missing evidence into `waived`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<AppliedWaiver>,
}

/// A waiver as applied to a check: who agreed, why, until when, and what it hid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedWaiver {
    /// Why the check is waived.
    pub reason: String,
    /// Who on the customer's side approved it.
    pub approved_by: String,
    /// The last day it applies.
    pub expires: Date,
    /// The status the check had before the waiver.
    pub waived_status: Status,
    /// Where the waiver is declared (`vouch.toml#/waivers/0`).
    pub reference: String,
}

/// A clause's verdict: the worst of its checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The clause.
    pub clause: ClauseId,
    /// The clause's title.
    pub title: String,
    /// The outcome.
    pub status: Status,
    /// Each check's result.
    pub checks: Vec<CheckResult>,
}

impl Verdict {
    /// The checks that decided the clause's status (those with the same status): what a
    /// summary should quote; the others would be noise.
    pub fn deciding_checks(&self) -> impl Iterator<Item = &CheckResult> {
        self.checks.iter().filter(move |c| c.status == self.status)
    }
}

/// What an SBOM run produced, for clause 3.4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SbomFacts {
    /// Format and version (`CycloneDX 1.6 JSON`).
    pub format: String,
    /// Components in it.
    pub components: usize,
    /// SHA-256 of the document, hex.
    pub sha256: String,
}

/// Everything the engine decides from.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The delivery's inventory, with the problems met reading it.
    pub inventory: &'a Inventory,
    /// Findings (empty when no advisories were matched).
    pub findings: &'a [Finding],
    /// The advisory database used; `None` when matching did not run.
    pub database: Option<&'a DatabaseRef>,
    /// The SBOM produced; `None` when none was.
    pub sbom: Option<&'a SbomFacts>,
    /// The seller's `vouch.toml`; `None` when there is none.
    pub declaration: Option<&'a Declaration>,
    /// The delivery date: certificates, audit periods and support periods are judged on it.
    pub date: Date,
}

/// The verdicts, and what the engine noticed on the way (expired or unused waivers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// One verdict per clause, in baseline order.
    pub verdicts: Vec<Verdict>,
    /// Diagnostics about the declarations the engine used.
    pub diagnostics: Vec<Diagnostic>,
}

/// Decides every clause of `baseline` from `facts`, applying the declared waivers.
pub fn evaluate(baseline: &Baseline, facts: &Facts<'_>) -> Evaluation {
    let waivers = facts.declaration.map_or(&[][..], |d| &d.waivers[..]);
    let origin = facts
        .declaration
        .map_or("vouch.toml", |d| d.origin.as_str());
    let mut used = vec![false; waivers.len()];
    let mut diagnostics = Vec::new();
    for w in waivers.iter().filter(|w| w.expires < facts.date) {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::WaiverExpired,
                format!(
                    "the waiver of `{}` ({}) expired on {}; it no longer applies",
                    w.check, w.reason, w.expires
                ),
            )
            .with_path(format!("{origin}#{}", w.pointer)),
        );
    }
    let verdicts = baseline
        .clauses
        .iter()
        .map(|clause| {
            let checks: Vec<CheckResult> = clause
                .checks
                .iter()
                .map(|c| {
                    let mut r = run(c, facts);
                    if matches!(r.status, Status::Fail | Status::MissingEvidence)
                        && let Some(i) = waivers.iter().position(|w| {
                            w.check == c.kind()
                                && w.clause.as_ref().is_none_or(|id| *id == clause.id)
                                && w.expires >= facts.date
                        })
                    {
                        used[i] = true;
                        let w = &waivers[i];
                        r.waiver = Some(AppliedWaiver {
                            reason: w.reason.clone(),
                            approved_by: w.approved_by.clone(),
                            expires: w.expires,
                            waived_status: r.status,
                            reference: format!("{origin}#{}", w.pointer),
                        });
                        r.summary = format!(
                            "waived until {} by {} ({}); {}",
                            w.expires, w.approved_by, w.reason, r.summary
                        );
                        r.status = Status::Waived;
                    }
                    r
                })
                .collect();
            let status = checks
                .iter()
                .map(|c| c.status)
                .max_by_key(|s| s.weight())
                .unwrap_or(Status::MissingEvidence);
            Verdict {
                clause: clause.id.clone(),
                title: clause.title.clone(),
                status,
                checks,
            }
        })
        .collect();
    for (w, used) in waivers.iter().zip(used) {
        if !used && w.expires >= facts.date {
            diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::WaiverUnused,
                    format!(
                        "the waiver of `{}` was not needed: the check did not fail",
                        w.check
                    ),
                )
                .with_path(format!("{origin}#{}", w.pointer)),
            );
        }
    }
    Evaluation {
        verdicts,
        diagnostics,
    }
}

pub(crate) fn result(
    kind: CheckKind,
    status: Status,
    summary: String,
    evidence: Vec<Evidence>,
) -> CheckResult {
    CheckResult {
        check: kind.as_str(),
        status,
        summary,
        evidence,
        waiver: None,
    }
}

fn run(spec: &CheckSpec, facts: &Facts<'_>) -> CheckResult {
    match spec {
        CheckSpec::NoKnownVulnerabilities { min_severity } => {
            advisory_check(spec.kind(), facts, |f| {
                f.kind == FindingKind::Vulnerability
                    && (f.severity.level >= *min_severity
                        || f.severity.level == SeverityLevel::Unknown)
            })
        }
        CheckSpec::NoMaliciousComponents => {
            advisory_check(spec.kind(), facts, |f| f.kind == FindingKind::Malicious)
        }
        CheckSpec::SbomProduced => sbom_check(facts),
        CheckSpec::Pending(kind) => result(
            *kind,
            Status::MissingEvidence,
            format!("not checked yet: needs {}", kind.needs()),
            Vec::new(),
        ),
        declared => checks::run(declared, facts),
    }
}

fn advisory_check(
    kind: CheckKind,
    facts: &Facts<'_>,
    counts: impl Fn(&Finding) -> bool,
) -> CheckResult {
    let Some(db) = facts.database else {
        return result(
            kind,
            Status::MissingEvidence,
            "no advisory database was used".into(),
            Vec::new(),
        );
    };
    let versioned = facts
        .inventory
        .components()
        .iter()
        .filter(|c| c.version.is_some())
        .count();
    let mut evidence = vec![
        Evidence::new(format!(
            "{versioned} components with a version matched against {} advisory records, updated {}",
            db.records,
            db.updated.strftime("%Y-%m-%dT%H:%M:%SZ")
        ))
        .with_reference(format!("sha256:{}", db.digest)),
    ];
    let unversioned = facts.inventory.len() - versioned;
    if unversioned > 0 {
        evidence.push(Evidence::new(format!(
            "{unversioned} components have no pinned version and could not be matched"
        )));
    }
    let open: Vec<&Finding> = facts
        .findings
        .iter()
        .filter(|f| counts(f))
        .filter(|f| !f.vex.as_ref().is_some_and(|v| v.status().closes_finding()))
        .collect();
    let (noun, nouns) = if kind == CheckKind::NoMaliciousComponents {
        ("known-malicious component", "known-malicious components")
    } else {
        ("known vulnerability", "known vulnerabilities")
    };
    if open.is_empty() {
        return result(kind, Status::Pass, format!("no {noun} found"), evidence);
    }
    for f in &open {
        let fixed = if f.fixed_versions.is_empty() {
            "no fixed version".to_owned()
        } else {
            format!("fixed in {}", f.fixed_versions.join(", "))
        };
        evidence.push(
            Evidence::new(format!(
                "{} {} {} ({}): {fixed}",
                f.ecosystem,
                f.package,
                f.version,
                f.severity.level.as_str()
            ))
            .with_reference(f.id.to_string()),
        );
    }
    let what = if open.len() == 1 { noun } else { nouns };
    result(
        kind,
        Status::Fail,
        format!("{} {what} not evaluated as not affected", open.len()),
        evidence,
    )
}

fn sbom_check(facts: &Facts<'_>) -> CheckResult {
    let kind = CheckKind::SbomProduced;
    let Some(sbom) = facts.sbom else {
        return result(
            kind,
            Status::MissingEvidence,
            "no SBOM was produced".into(),
            Vec::new(),
        );
    };
    let inv = facts.inventory;
    let unread: Vec<_> = inv
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error && d.code.as_str().starts_with("V01"))
        .collect();
    let mut evidence = vec![
        Evidence::new(format!(
            "{} with {} components from {} files",
            sbom.format,
            sbom.components,
            inv.scanned_files.len()
        ))
        .with_reference(format!("sha256:{}", sbom.sha256)),
    ];
    for f in &inv.scanned_files {
        evidence.push(Evidence::new("read").with_reference(f.display().to_string()));
    }
    if !unread.is_empty() {
        for d in &unread {
            let mut e = Evidence::new(format!("could not be read: {}", d.message));
            if let Some(p) = &d.path {
                e = e.with_reference(p.display().to_string());
            }
            evidence.push(e);
        }
        return result(
            kind,
            Status::Fail,
            format!(
                "the SBOM is incomplete: {} file(s) could not be read",
                unread.len()
            ),
            evidence,
        );
    }
    if inv.scanned_files.is_empty() {
        return result(
            kind,
            Status::MissingEvidence,
            "no lockfile or manifest found: the third-party components cannot be listed".into(),
            evidence,
        );
    }
    result(
        kind,
        Status::Pass,
        format!("SBOM of {} components produced", sbom.components),
        evidence,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use vouch_model::{
        AdvisoryId, Component, Diagnostic, DiagnosticCode, Ecosystem, Justification, Location,
        PackageName, Severity, VexAssessment, VexFormat, VexSource, VexState,
    };

    fn inventory() -> Inventory {
        let mut inv = Inventory::new();
        let name = PackageName::new(Ecosystem::CratesIo, "regex").unwrap();
        inv.add(
            Component::new(
                Ecosystem::CratesIo,
                name,
                Some("1.5.4".into()),
                Location::file("Cargo.lock"),
            )
            .unwrap(),
        );
        inv.scanned_files.push("Cargo.lock".into());
        inv
    }

    fn finding(kind: FindingKind, level: SeverityLevel, vex: Option<VexState>) -> Finding {
        let inv = inventory();
        let c = &inv.components()[0];
        Finding {
            kind,
            id: "RUSTSEC-2022-0013".parse::<AdvisoryId>().unwrap(),
            aliases: vec![],
            ecosystem: c.ecosystem,
            package: "regex".into(),
            version: "1.5.4".into(),
            purl: c.purl.clone(),
            source_package: None,
            release_unknown: false,
            summary: None,
            severity: Severity {
                level,
                score: None,
                vector: None,
            },
            fixed_versions: vec!["1.5.5".into()],
            url: None,
            vex: vex.map(|state| VexAssessment {
                state,
                source: VexSource {
                    format: VexFormat::Triage,
                    file: "vouch.toml".into(),
                    statement: "/triage/0".into(),
                },
            }),
        }
    }

    fn db() -> DatabaseRef {
        DatabaseRef {
            digest: "ab".into(),
            updated: jiff::Timestamp::UNIX_EPOCH,
            newest_advisory: None,
            records: 1,
            sources: vec![],
        }
    }

    fn status_of(verdicts: &[Verdict], clause: &str) -> Status {
        verdicts
            .iter()
            .find(|v| v.clause.as_str() == clause)
            .unwrap()
            .status
    }

    fn sbom() -> SbomFacts {
        SbomFacts {
            format: "CycloneDX 1.6 JSON".into(),
            components: 1,
            sha256: "cd".into(),
        }
    }

    #[test]
    fn an_open_vulnerability_fails_3_2_and_names_the_advisory() {
        let b = Baseline::seller_offerings().unwrap();
        let inv = inventory();
        let findings = [finding(
            FindingKind::Vulnerability,
            SeverityLevel::High,
            None,
        )];
        let db = db();
        let v = evaluate(
            &b,
            &Facts {
                inventory: &inv,
                findings: &findings,
                database: Some(&db),
                sbom: None,
                declaration: None,
                date: jiff::civil::date(2026, 11, 28),
            },
        )
        .verdicts;
        assert_eq!(status_of(&v, "3.2"), Status::Fail);
        let check = &v
            .iter()
            .find(|v| v.clause.as_str() == "3.2")
            .unwrap()
            .checks[0];
        assert!(
            check
                .evidence
                .iter()
                .any(|e| e.reference.as_deref() == Some("RUSTSEC-2022-0013"))
        );
        assert_eq!(status_of(&v, "1"), Status::MissingEvidence);
    }

    #[test]
    fn not_affected_and_below_threshold_findings_pass() {
        let b = Baseline::seller_offerings().unwrap();
        let inv = inventory();
        let findings = [
            finding(
                FindingKind::Vulnerability,
                SeverityLevel::Critical,
                Some(VexState::NotAffected {
                    justification: Some(Justification::VulnerableCodeNotInExecutePath),
                    impact_statement: None,
                }),
            ),
            finding(FindingKind::Vulnerability, SeverityLevel::None, None),
        ];
        let db = db();
        let v = evaluate(
            &b,
            &Facts {
                inventory: &inv,
                findings: &findings,
                database: Some(&db),
                sbom: None,
                declaration: None,
                date: jiff::civil::date(2026, 11, 28),
            },
        )
        .verdicts;
        assert_eq!(status_of(&v, "3.2"), Status::Pass);
    }

    #[test]
    fn a_malicious_component_fails_3_2_and_unknown_severity_counts() {
        let b = Baseline::seller_offerings().unwrap();
        let inv = inventory();
        let db = db();
        for f in [
            finding(FindingKind::Malicious, SeverityLevel::Unknown, None),
            finding(FindingKind::Vulnerability, SeverityLevel::Unknown, None),
        ] {
            let findings = [f];
            let v = evaluate(
                &b,
                &Facts {
                    inventory: &inv,
                    findings: &findings,
                    database: Some(&db),
                    sbom: None,
                    declaration: None,
                    date: jiff::civil::date(2026, 11, 28),
                },
            )
            .verdicts;
            assert_eq!(status_of(&v, "3.2"), Status::Fail);
        }
    }

    #[test]
    fn without_a_database_3_2_is_missing_evidence() {
        let b = Baseline::seller_offerings().unwrap();
        let inv = inventory();
        let v = evaluate(
            &b,
            &Facts {
                inventory: &inv,
                findings: &[],
                database: None,
                sbom: None,
                declaration: None,
                date: jiff::civil::date(2026, 11, 28),
            },
        )
        .verdicts;
        assert_eq!(status_of(&v, "3.2"), Status::MissingEvidence);
    }

    #[test]
    fn the_sbom_check_passes_fails_on_unreadable_files_and_wants_files() {
        let b = Baseline::seller_offerings().unwrap();
        let sbom = sbom();
        let mut inv = inventory();
        let check = |inv: &Inventory| {
            let v = evaluate(
                &b,
                &Facts {
                    inventory: inv,
                    findings: &[],
                    database: None,
                    sbom: Some(&sbom),
                    declaration: None,
                    date: jiff::civil::date(2026, 11, 28),
                },
            )
            .verdicts;
            v.iter()
                .find(|v| v.clause.as_str() == "3.4")
                .unwrap()
                .checks[0]
                .status
        };
        assert_eq!(check(&inv), Status::Pass);
        inv.diagnostics.push(
            Diagnostic::new(DiagnosticCode::MalformedLockfile, "bad").with_path("x/Cargo.lock"),
        );
        assert_eq!(check(&inv), Status::Fail);
        assert_eq!(check(&Inventory::new()), Status::MissingEvidence);
    }
}
