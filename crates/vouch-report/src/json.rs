//! `vouch.report/v1`: the JSON wire format of `check` and `scan`. Field names and value
//! vocabularies here are a contract (docs/report-format.md); add fields, never rename them.

use serde::Serialize;
use vouch_baseline::{Report, Status};
use vouch_model::{Component, ComponentSource, Diagnostic, Finding, Level};

/// The schema id every report carries.
pub const SCHEMA: &str = "vouch.report/v1";

/// Renders the report as pretty JSON with a trailing newline.
pub fn to_json(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing into memory fails only if serialising does, and every field is a plain string,
    // number, bool or map with string keys.
    match write_json(report, &mut out) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned(),
        Err(e) => {
            format!("{{\"schema\":\"{SCHEMA}\",\"error\":\"cannot serialise the report: {e}\"}}\n")
        }
    }
}

/// Writes the report as pretty JSON with a trailing newline straight to `out`, without holding
/// the whole text in memory (a 100k-component report is tens of megabytes).
pub fn write_json(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &WireReport::from(report))?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct WireReport<'a> {
    schema: &'static str,
    command: vouch_baseline::Command,
    tool: &'a vouch_baseline::Tool,
    generated_at: String,
    target: &'a vouch_baseline::Target,
    #[serde(skip_serializing_if = "Option::is_none")]
    delivery_date: Option<String>,
    baseline: Option<&'a vouch_baseline::BaselineRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    declaration: Option<&'a vouch_baseline::DeclarationRef>,
    database: Option<WireDatabase<'a>>,
    sbom: Option<WireSbom<'a>>,
    summary: &'a vouch_baseline::Summary,
    verdicts: Vec<WireVerdict<'a>>,
    findings: Vec<WireFinding<'a>>,
    components: Vec<WireComponent<'a>>,
    scanned_files: Vec<String>,
    diagnostics: Vec<WireDiagnostic<'a>>,
}

#[derive(Serialize)]
struct WireDatabase<'a> {
    digest: String,
    updated: String,
    newest_advisory: Option<String>,
    records: usize,
    sources: Vec<WireSource<'a>>,
}

#[derive(Serialize)]
struct WireSource<'a> {
    name: &'a str,
    origin: &'a str,
    records: usize,
    updated: String,
}

#[derive(Serialize)]
struct WireSbom<'a> {
    format: &'a str,
    components: usize,
    digest: String,
}

#[derive(Serialize)]
struct WireVerdict<'a> {
    clause: &'a str,
    title: &'a str,
    status: Status,
    checks: Vec<WireCheck<'a>>,
}

#[derive(Serialize)]
struct WireCheck<'a> {
    check: &'a str,
    status: Status,
    summary: &'a str,
    evidence: &'a [vouch_baseline::Evidence],
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver: Option<&'a vouch_baseline::AppliedWaiver>,
}

#[derive(Serialize)]
struct WireFinding<'a> {
    kind: vouch_model::FindingKind,
    id: &'a str,
    aliases: Vec<&'a str>,
    ecosystem: &'a str,
    package: &'a str,
    version: &'a str,
    purl: &'a str,
    summary: Option<&'a str>,
    severity: &'static str,
    cvss: Option<WireCvss<'a>>,
    fixed_versions: &'a [String],
    url: Option<&'a str>,
    vex: Option<WireVex<'a>>,
}

#[derive(Serialize)]
struct WireVex<'a> {
    status: vouch_model::VexStatus,
    justification: Option<vouch_model::Justification>,
    statement: Option<&'a str>,
    source: WireVexSource<'a>,
}

#[derive(Serialize)]
struct WireVexSource<'a> {
    format: vouch_model::VexFormat,
    file: String,
    statement: &'a str,
}

#[derive(Serialize)]
struct WireCvss<'a> {
    score: Option<f64>,
    vector: Option<&'a str>,
}

#[derive(Serialize)]
struct WireComponent<'a> {
    purl: &'a str,
    ecosystem: &'a str,
    name: &'a str,
    version: Option<&'a str>,
    source: &'a ComponentSource,
    relationship: Option<vouch_model::Relationship>,
    dev: Option<bool>,
    optional: Option<bool>,
    groups: &'a [String],
    locations: Vec<WireLocation>,
}

#[derive(Serialize)]
struct WireLocation {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
}

#[derive(Serialize)]
struct WireDiagnostic<'a> {
    code: &'static str,
    level: Level,
    path: Option<String>,
    record: Option<&'a str>,
    message: &'a str,
    hint: &'static str,
}

fn time(t: &jiff::Timestamp) -> String {
    // Seconds precision, `Z`: stable and what every RFC 3339 reader accepts.
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl<'a> From<&'a Report> for WireReport<'a> {
    fn from(r: &'a Report) -> Self {
        WireReport {
            schema: SCHEMA,
            command: r.command,
            tool: &r.tool,
            generated_at: time(&r.generated_at),
            target: &r.target,
            delivery_date: (r.command == vouch_baseline::Command::Check)
                .then(|| r.delivery_date.to_string()),
            baseline: r.baseline.as_ref(),
            declaration: r.declaration.as_ref(),
            database: r.database.as_ref().map(|d| WireDatabase {
                digest: format!("sha256:{}", d.digest),
                updated: time(&d.updated),
                newest_advisory: d.newest_advisory.as_ref().map(time),
                records: d.records,
                sources: d
                    .sources
                    .iter()
                    .map(|s| WireSource {
                        name: &s.name,
                        origin: &s.origin,
                        records: s.records,
                        updated: time(&s.updated),
                    })
                    .collect(),
            }),
            sbom: r.sbom.as_ref().map(|s| WireSbom {
                format: &s.format,
                components: s.components,
                digest: format!("sha256:{}", s.sha256),
            }),
            summary: &r.summary,
            verdicts: r
                .verdicts
                .iter()
                .map(|v| WireVerdict {
                    clause: v.clause.as_str(),
                    title: &v.title,
                    status: v.status,
                    checks: v
                        .checks
                        .iter()
                        .map(|c| WireCheck {
                            check: c.check,
                            status: c.status,
                            summary: &c.summary,
                            evidence: &c.evidence,
                            waiver: c.waiver.as_ref(),
                        })
                        .collect(),
                })
                .collect(),
            findings: r.findings.iter().map(finding).collect(),
            components: r.inventory.components().iter().map(component).collect(),
            scanned_files: r
                .inventory
                .scanned_files
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
            diagnostics: r.diagnostics.iter().map(diagnostic).collect(),
        }
    }
}

fn finding(f: &Finding) -> WireFinding<'_> {
    WireFinding {
        kind: f.kind,
        id: f.id.as_str(),
        aliases: f.aliases.iter().map(|a| a.as_str()).collect(),
        ecosystem: f.ecosystem.as_str(),
        package: &f.package,
        version: &f.version,
        purl: f.purl.as_str(),
        summary: f.summary.as_deref(),
        severity: f.severity.level.as_str(),
        cvss: (f.severity.score.is_some() || f.severity.vector.is_some()).then_some(WireCvss {
            score: f.severity.score,
            vector: f.severity.vector.as_deref(),
        }),
        fixed_versions: &f.fixed_versions,
        url: f.url.as_deref(),
        vex: f.vex.as_ref().map(|v| WireVex {
            status: v.status(),
            justification: v.state.justification(),
            statement: v.state.statement(),
            source: WireVexSource {
                format: v.source.format,
                file: v.source.file.to_string_lossy().into_owned(),
                statement: &v.source.statement,
            },
        }),
    }
}

fn component(c: &Component) -> WireComponent<'_> {
    WireComponent {
        purl: c.purl.as_str(),
        ecosystem: c.ecosystem.as_str(),
        name: c.name.as_str(),
        version: c.version.as_deref(),
        source: &c.source,
        relationship: c.scope.relationship,
        dev: c.scope.dev,
        optional: c.scope.optional,
        groups: &c.groups,
        locations: c
            .locations
            .iter()
            .map(|l| WireLocation {
                path: l.path.to_string_lossy().into_owned(),
                line: l.line,
            })
            .collect(),
    }
}

fn diagnostic(d: &Diagnostic) -> WireDiagnostic<'_> {
    WireDiagnostic {
        code: d.code.as_str(),
        level: d.level,
        path: d.path.as_ref().map(|p| p.to_string_lossy().into_owned()),
        record: d.record.as_deref(),
        message: &d.message,
        hint: d.hint,
    }
}
