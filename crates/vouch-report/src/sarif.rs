//! SARIF 2.1.0 (OASIS), the format code-scanning dashboards read (GitHub, GitLab, Azure DevOps):
//! one rule per advisory, one result per affected component at each lockfile that names it, and
//! for `check` one result per clause that failed. Severity travels as `level` and as GitHub's
//! `security-severity` rule property.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use vouch_baseline::{Report, Status};
use vouch_model::{Finding, FindingKind, SeverityLevel};

/// The SARIF schema the output declares.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders the report as a SARIF 2.1.0 log with one run, pretty-printed, with a trailing
/// newline.
pub fn to_sarif(report: &Report) -> String {
    let mut out = Vec::new();
    match write_sarif(report, &mut out) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned(),
        Err(e) => {
            format!("{{\"version\":\"2.1.0\",\"runs\":[],\"error\":\"cannot serialise: {e}\"}}\n")
        }
    }
}

/// Writes the SARIF log straight to `out` (see [`to_sarif`]).
pub fn write_sarif(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Log::from(report))?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult>,
    /// Whether the run did its job: false when a diagnostic was an error.
    invocations: [Invocation; 1],
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    /// GitHub's numeric severity (a CVSS-like score as text), which it buckets into
    /// critical/high/medium/low.
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<String>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    partial_fingerprints: BTreeMap<&'static str, String>,
    /// A finding the seller's VEX closed (not affected, fixed) is suppressed, not dropped.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
}

#[derive(Serialize)]
struct ResultProperties {
    purl: String,
    aliases: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixed_versions: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

impl<'a> From<&'a Report> for Log<'a> {
    fn from(report: &'a Report) -> Self {
        let mut rules: Vec<Rule> = Vec::new();
        let mut rule_index: BTreeMap<String, usize> = BTreeMap::new();
        let mut results = Vec::new();
        let mut index_of = |id: String, rule: &dyn Fn() -> Rule| -> usize {
            *rule_index.entry(id).or_insert_with(|| {
                rules.push(rule());
                rules.len() - 1
            })
        };
        // Where each purl was found, looked up once per finding.
        let mut found_at: HashMap<&str, Vec<&vouch_model::Location>> = HashMap::new();
        for c in report.inventory.components() {
            found_at
                .entry(c.purl.as_str())
                .or_default()
                .extend(&c.locations);
        }
        for f in &report.findings {
            let i = index_of(f.id.to_string(), &|| finding_rule(f));
            let at = found_at.get(f.purl.as_str()).map_or(&[][..], Vec::as_slice);
            results.push(finding_result(f, at, i));
        }
        for v in &report.verdicts {
            if v.status != Status::Fail {
                continue;
            }
            let id = format!("clause-{}", v.clause);
            let i = index_of(id.clone(), &|| Rule {
                id: id.clone(),
                short_description: Text {
                    text: format!("Baseline clause {}: {}", v.clause, v.title),
                },
                help_uri: None,
                default_configuration: Configuration { level: "error" },
                properties: RuleProperties {
                    tags: vec!["compliance"],
                    security_severity: None,
                },
            });
            let failed: Vec<&str> = v
                .checks
                .iter()
                .filter(|c| c.status == Status::Fail)
                .map(|c| c.summary.as_str())
                .collect();
            results.push(SarifResult {
                rule_id: id,
                rule_index: i,
                level: "error",
                message: Text {
                    text: format!(
                        "Clause {} ({}) fails: {}",
                        v.clause,
                        v.title,
                        failed.join("; ")
                    ),
                },
                locations: Vec::new(),
                partial_fingerprints: BTreeMap::new(),
                suppressions: Vec::new(),
                properties: None,
            });
        }
        let error = report
            .diagnostics
            .iter()
            .any(|d| d.level == vouch_model::Level::Error);
        Log {
            schema: SARIF_SCHEMA,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: &report.tool.name,
                        version: &report.tool.version,
                        rules,
                    },
                },
                results,
                invocations: [Invocation {
                    execution_successful: !error,
                }],
            }],
        }
    }
}

/// SARIF `level` for a finding: malicious and critical/high vulnerabilities are errors,
/// medium (and unknown: not known to be harmless) warnings, the rest notes.
fn level(f: &Finding) -> &'static str {
    match f.kind {
        FindingKind::Malicious => "error",
        FindingKind::Vulnerability => match f.severity.level {
            SeverityLevel::Critical | SeverityLevel::High => "error",
            SeverityLevel::Medium | SeverityLevel::Unknown => "warning",
            SeverityLevel::Low | SeverityLevel::None => "note",
        },
        _ => "note",
    }
}

/// The score GitHub sorts by: the CVSS base score where one was computed, else the middle of
/// the level's band; malicious packages are 10.
fn security_severity(f: &Finding) -> Option<String> {
    if f.kind == FindingKind::Malicious {
        return Some("10.0".into());
    }
    if !f.kind.is_security_defect() {
        return None;
    }
    let score = f.severity.score.or(match f.severity.level {
        SeverityLevel::Critical => Some(9.5),
        SeverityLevel::High => Some(8.0),
        SeverityLevel::Medium => Some(5.5),
        SeverityLevel::Low => Some(2.0),
        SeverityLevel::None => Some(0.0),
        SeverityLevel::Unknown => None,
    })?;
    Some(format!("{score:.1}"))
}

fn finding_rule(f: &Finding) -> Rule {
    let mut tags = vec!["security"];
    tags.push(f.kind.as_str());
    Rule {
        id: f.id.to_string(),
        short_description: Text {
            text: f
                .summary
                .clone()
                .unwrap_or_else(|| format!("{} advisory {}", f.kind.as_str(), f.id)),
        },
        help_uri: f.url.clone(),
        default_configuration: Configuration { level: level(f) },
        properties: RuleProperties {
            tags,
            security_severity: security_severity(f),
        },
    }
}

fn finding_result(f: &Finding, at: &[&vouch_model::Location], rule_index: usize) -> SarifResult {
    let fixed = if f.fixed_versions.is_empty() {
        String::new()
    } else {
        format!("; fixed in {}", f.fixed_versions.join(", "))
    };
    let what = match f.kind {
        FindingKind::Malicious => "is a known-malicious package",
        FindingKind::Vulnerability => "is affected by",
        _ => "is named by",
    };
    let message = format!(
        "{} {} {what} {}{}{fixed}",
        f.package,
        f.version,
        f.id,
        f.summary
            .as_deref()
            .map(|s| format!(": {s}"))
            .unwrap_or_default(),
    );
    // Every lockfile (and line) the component was found at.
    let locations = at
        .iter()
        .map(|l| SarifLocation {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri(&l.path.to_string_lossy()),
                },
                region: l.line.map(|start_line| Region { start_line }),
            },
        })
        .collect();
    let suppressions = f
        .vex
        .iter()
        .filter(|v| v.status().closes_finding())
        .map(|v| Suppression {
            kind: "external",
            status: "accepted",
            justification: format!(
                "{}{} ({})",
                v.status().as_str(),
                v.state
                    .justification()
                    .map(|j| format!(": {}", j.as_str()))
                    .unwrap_or_default(),
                v.source
            ),
        })
        .collect();
    let mut partial_fingerprints = BTreeMap::new();
    partial_fingerprints.insert("vouchFinding/v1", format!("{}|{}", f.id, f.purl.as_str()));
    SarifResult {
        rule_id: f.id.to_string(),
        rule_index,
        level: level(f),
        message: Text { text: message },
        locations,
        partial_fingerprints,
        suppressions,
        properties: Some(ResultProperties {
            purl: f.purl.as_str().to_owned(),
            aliases: f.aliases.iter().map(ToString::to_string).collect(),
            fixed_versions: f.fixed_versions.clone(),
        }),
    }
}

/// A relative path as a URI reference: `/` separators, characters outside RFC 3986's
/// unreserved and path sets percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("app/Cargo.lock"), "app/Cargo.lock");
        assert_eq!(
            uri("my app\\package-lock.json"),
            "my%20app/package-lock.json"
        );
        assert_eq!(uri("ä/x#y"), "%C3%A4/x%23y");
    }
}
