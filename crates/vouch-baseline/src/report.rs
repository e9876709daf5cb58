//! The report model: everything a run found and decided, computed once by
//! [`Report::generate`] and then handed to a renderer (terminal, JSON, ...). Nothing here
//! formats for a reader; `vouch-report` does.

use std::collections::BTreeMap;

use serde::Serialize;
use vouch_model::{Diagnostic, Finding, FindingKind, Inventory, Level, SeverityLevel};

use crate::{Baseline, Declaration, Evaluation, Facts, SbomFacts, Status, Verdict, evaluate};

/// Which command produced the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Command {
    /// `vouch check`: inventory, findings and verdicts.
    Check,
    /// `vouch scan`: inventory and findings only.
    Scan,
}

/// The tool that made the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tool {
    /// `vouch`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// What was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The path as given on the command line.
    pub path: String,
}

/// Which baseline decided the verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaselineRef {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its version.
    pub version: String,
}

/// Who declared what about the delivery: the headline facts of `vouch.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeclarationRef {
    /// The file.
    pub file: String,
    /// The seller.
    pub organisation: Option<String>,
    /// The product.
    pub product: Option<String>,
    /// Its delivered version.
    pub version: Option<String>,
    /// The last day of promised security patches.
    pub support_until: Option<jiff::civil::Date>,
}

impl DeclarationRef {
    fn of(d: &Declaration) -> Self {
        DeclarationRef {
            file: d.origin.clone(),
            organisation: d.organisation.as_ref().map(|o| o.name.clone()),
            product: d.product.as_ref().map(|p| p.name.clone()),
            version: d.product.as_ref().and_then(|p| p.version.clone()),
            support_until: d.product.as_ref().and_then(|p| p.support_until),
        }
    }
}

/// The advisory database a run used, so "known at delivery" can be proven later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatabaseRef {
    /// SHA-256 of the database index, hex.
    pub digest: String,
    /// When it last changed.
    pub updated: jiff::Timestamp,
    /// The newest `modified` time of its advisories: how current the data is.
    pub newest_advisory: Option<jiff::Timestamp>,
    /// Advisory records in it.
    pub records: usize,
    /// Where its records came from.
    pub sources: Vec<DatabaseSourceRef>,
}

/// One source of the advisory database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatabaseSourceRef {
    /// The source's name (`osv:crates.io`, `import:...`).
    pub name: String,
    /// A URL or path.
    pub origin: String,
    /// Records from it.
    pub records: usize,
    /// When it was last updated.
    pub updated: jiff::Timestamp,
}

/// The run's overall outcome; the binary's exit code follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Nothing failed (exit 0).
    Pass,
    /// A finding or a clause failed (exit 1).
    Fail,
    /// Part of the job could not be done: an input could not be read (exit 2). The report is
    /// still complete for everything that could be read.
    Error,
}

impl Outcome {
    /// The process exit code of DESIGN.md: 0, 1 or 2.
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Pass => 0,
            Outcome::Fail => 1,
            Outcome::Error => 2,
        }
    }
}

/// Counts for the headline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Components in the inventory.
    pub components: usize,
    /// Files cataloged.
    pub files: usize,
    /// Findings by kind (`vulnerability`, `malicious`, `unmaintained`, `unsound`, `notice`).
    pub findings: BTreeMap<&'static str, usize>,
    /// Open (not evaluated as not affected or fixed) vulnerabilities and malicious packages by
    /// severity.
    pub severities: BTreeMap<&'static str, usize>,
    /// Clause verdicts by status (check only).
    pub verdicts: BTreeMap<&'static str, usize>,
    /// Diagnostics by level.
    pub diagnostics: BTreeMap<&'static str, usize>,
    /// The overall outcome.
    pub outcome: Outcome,
}

/// Everything [`Report::generate`] needs.
#[derive(Debug, Clone)]
pub struct ReportInputs<'a> {
    /// The command.
    pub command: Command,
    /// The tool.
    pub tool: Tool,
    /// When the run happened.
    pub generated_at: jiff::Timestamp,
    /// What was checked.
    pub target: Target,
    /// The inventory.
    pub inventory: Inventory,
    /// Findings, sorted.
    pub findings: Vec<Finding>,
    /// The database used, if any.
    pub database: Option<DatabaseRef>,
    /// The baseline (check only).
    pub baseline: Option<&'a Baseline>,
    /// The SBOM produced (check only).
    pub sbom: Option<SbomFacts>,
    /// The seller's declarations (check only).
    pub declaration: Option<&'a Declaration>,
    /// The date the delivery is judged on; `None`: the day of `generated_at` (UTC).
    pub delivery_date: Option<jiff::civil::Date>,
    /// Diagnostics from other steps (advisory matching, declarations).
    pub diagnostics: Vec<Diagnostic>,
    /// `scan --fail-on`: vulnerabilities below this severity (and of unknown severity) do not
    /// fail a scan; malicious packages always do. `None`: every open finding fails.
    pub fail_on: Option<SeverityLevel>,
}

/// A computed report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The command.
    pub command: Command,
    /// The tool.
    pub tool: Tool,
    /// When.
    pub generated_at: jiff::Timestamp,
    /// The date certificates, periods and waivers were judged on.
    pub delivery_date: jiff::civil::Date,
    /// What.
    pub target: Target,
    /// Which baseline (check only).
    pub baseline: Option<BaselineRef>,
    /// The seller's declarations used (check only).
    pub declaration: Option<DeclarationRef>,
    /// Which advisory database.
    pub database: Option<DatabaseRef>,
    /// The SBOM produced (check only).
    pub sbom: Option<SbomFacts>,
    /// The inventory.
    pub inventory: Inventory,
    /// Findings, worst first: malicious, then by severity, then by package and id.
    pub findings: Vec<Finding>,
    /// Verdicts (check only), in baseline order.
    pub verdicts: Vec<Verdict>,
    /// Every diagnostic: reading the delivery first, then the other steps.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts and the outcome.
    pub summary: Summary,
}

fn is_open(f: &Finding) -> bool {
    !f.vex.as_ref().is_some_and(|v| v.status().closes_finding())
}

/// Whether an open security finding fails a scan with this `--fail-on` threshold.
fn fails_scan(f: &Finding, fail_on: Option<SeverityLevel>) -> bool {
    f.kind.is_security_defect()
        && is_open(f)
        && match fail_on {
            None => true,
            Some(threshold) => {
                f.kind == FindingKind::Malicious
                    || (f.severity.level != SeverityLevel::Unknown && f.severity.level >= threshold)
            }
        }
}

/// Worst first: open security findings before those VEX closed and informational ones, then
/// malicious, then by severity (a CVSS score breaking ties within a level), then by package
/// and id so the order is stable.
fn worst_first(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    let rank = |f: &Finding| {
        (
            f.kind.is_security_defect() && is_open(f),
            f.kind == FindingKind::Malicious,
            f.severity.level,
        )
    };
    rank(b)
        .cmp(&rank(a))
        .then_with(|| {
            let score = |f: &Finding| f.severity.score.unwrap_or(-1.0);
            score(b).total_cmp(&score(a))
        })
        .then_with(|| {
            (a.ecosystem, a.purl.as_str(), &a.version, &a.id).cmp(&(
                b.ecosystem,
                b.purl.as_str(),
                &b.version,
                &b.id,
            ))
        })
}

impl Report {
    /// Computes the report: verdicts (when a baseline is given), counts and outcome.
    pub fn generate(inputs: ReportInputs<'_>) -> Report {
        let delivery_date = inputs
            .delivery_date
            .unwrap_or_else(|| inputs.generated_at.to_zoned(jiff::tz::TimeZone::UTC).date());
        let Evaluation {
            verdicts,
            diagnostics: engine_diagnostics,
        } = match inputs.baseline {
            Some(baseline) => evaluate(
                baseline,
                &Facts {
                    inventory: &inputs.inventory,
                    findings: &inputs.findings,
                    database: inputs.database.as_ref(),
                    sbom: inputs.sbom.as_ref(),
                    declaration: inputs.declaration,
                    date: delivery_date,
                },
            ),
            None => Evaluation {
                verdicts: Vec::new(),
                diagnostics: Vec::new(),
            },
        };
        let mut diagnostics = inputs.inventory.diagnostics.clone();
        diagnostics.extend(inputs.diagnostics);
        diagnostics.extend(engine_diagnostics);

        let mut findings = BTreeMap::new();
        let mut severities = BTreeMap::new();
        for f in &inputs.findings {
            *findings.entry(f.kind.as_str()).or_insert(0) += 1;
            if f.kind.is_security_defect() && is_open(f) {
                *severities.entry(f.severity.level.as_str()).or_insert(0) += 1;
            }
        }
        let mut verdict_counts = BTreeMap::new();
        for v in &verdicts {
            *verdict_counts.entry(v.status.as_str()).or_insert(0) += 1;
        }
        let mut diagnostic_counts = BTreeMap::new();
        for d in &diagnostics {
            let level = match d.level {
                Level::Info => "info",
                Level::Warning => "warning",
                Level::Error => "error",
            };
            *diagnostic_counts.entry(level).or_insert(0) += 1;
        }
        let failed = match inputs.command {
            Command::Check => verdicts.iter().any(|v| v.status == Status::Fail),
            Command::Scan => inputs
                .findings
                .iter()
                .any(|f| fails_scan(f, inputs.fail_on)),
        };
        let outcome = if diagnostics.iter().any(|d| d.level == Level::Error) {
            Outcome::Error
        } else if failed {
            Outcome::Fail
        } else {
            Outcome::Pass
        };
        Report {
            command: inputs.command,
            tool: inputs.tool,
            generated_at: inputs.generated_at,
            delivery_date,
            target: inputs.target,
            declaration: inputs.declaration.map(DeclarationRef::of),
            baseline: inputs.baseline.map(|b| BaselineRef {
                id: b.id.clone(),
                title: b.title.clone(),
                version: b.version.clone(),
            }),
            summary: Summary {
                components: inputs.inventory.len(),
                files: inputs.inventory.scanned_files.len(),
                findings,
                severities,
                verdicts: verdict_counts,
                diagnostics: diagnostic_counts,
                outcome,
            },
            database: inputs.database,
            sbom: inputs.sbom,
            inventory: inputs.inventory,
            findings: {
                let mut findings = inputs.findings;
                findings.sort_by(worst_first);
                findings
            },
            verdicts,
            diagnostics,
        }
    }
}
