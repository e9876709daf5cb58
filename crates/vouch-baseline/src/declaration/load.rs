//! Opening what `vouch.toml` points at: each evidence file is hashed (so the report and the
//! bundle pin the exact document) and each SARIF file is summarised. A file that is missing or
//! unreadable becomes a diagnostic and leaves the check that needs it without evidence.

use std::io::Read as _;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use vouch_model::{Diagnostic, DiagnosticCode};

use super::{Declaration, DeclarationError, EvidenceFile, SarifSummary};

/// SARIF files larger than this are refused rather than read into memory.
const MAX_SARIF_BYTES: u64 = 512 * 1024 * 1024;
/// Open results quoted per SARIF file.
const EXAMPLES: usize = 5;

/// Why a `vouch.toml` could not be used at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: cannot read the declarations: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// It was read but is not valid.
    #[error(transparent)]
    Invalid(#[from] DeclarationError),
}

impl Declaration {
    /// Reads `path`, validates it, hashes every evidence file it names and summarises its
    /// SARIF files. Problems with those files come back as diagnostics, not errors.
    pub fn load(path: &Path) -> Result<(Declaration, Vec<Diagnostic>), LoadError> {
        let origin = path.display().to_string();
        let text = fs_err::read_to_string(path).map_err(|source| LoadError::Io {
            path: origin.clone(),
            source,
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut decl = Declaration::parse(&text, &origin, base)?;
        let mut diagnostics = Vec::new();
        let hash = |file: &mut EvidenceFile, what: &str, diagnostics: &mut Vec<Diagnostic>| {
            match sha256_of(&file.resolved) {
                Ok(digest) => file.sha256 = Some(digest),
                Err(e) => diagnostics.push(
                    Diagnostic::new(
                        DiagnosticCode::DeclaredFileMissing,
                        format!("{what} `{}` cannot be read: {e}", file.path),
                    )
                    .with_path(origin.clone()),
                ),
            }
        };
        for c in &mut decl.isms_certificates {
            if let Some(f) = &mut c.evidence {
                hash(f, "the ISMS certificate", &mut diagnostics);
            }
        }
        for a in &mut decl.audit_reports {
            if let Some(f) = &mut a.evidence {
                hash(f, "the audit report", &mut diagnostics);
            }
        }
        for s in &mut decl.subcontractors {
            if let Some(f) = &mut s.evidence {
                hash(f, "the flow-down agreement", &mut diagnostics);
            }
        }
        if let Some(dev) = &mut decl.secure_development {
            for sarif in &mut dev.sarif {
                hash(&mut sarif.file, "the SARIF file", &mut diagnostics);
                if sarif.file.sha256.is_none() {
                    sarif.content = Err("the file cannot be read".into());
                    continue;
                }
                sarif.content = read_sarif(&sarif.file.resolved);
                if let Err(e) = &sarif.content {
                    diagnostics.push(
                        Diagnostic::new(
                            DiagnosticCode::UnreadableSarif,
                            format!("`{}` is not usable SARIF 2.1.0: {e}", sarif.file.path),
                        )
                        .with_path(origin.clone()),
                    );
                }
            }
        }
        Ok((decl, diagnostics))
    }
}

fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut file = fs_err::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

// The parts of SARIF 2.1.0 (OASIS, §3.13–§3.27) a summary needs.
#[derive(Deserialize)]
struct Log {
    version: String,
    #[serde(default)]
    runs: Vec<Run>,
}

#[derive(Deserialize)]
struct Run {
    tool: Tool,
    #[serde(default)]
    results: Option<Vec<SarifResult>>,
}

#[derive(Deserialize)]
struct Tool {
    driver: Driver,
}

#[derive(Deserialize)]
struct Driver {
    name: String,
    #[serde(default)]
    rules: Vec<Rule>,
}

#[derive(Deserialize)]
struct Rule {
    id: String,
    #[serde(default, rename = "defaultConfiguration")]
    default_configuration: Option<Configuration>,
}

#[derive(Deserialize)]
struct Configuration {
    level: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: Option<String>,
    rule_index: Option<usize>,
    level: Option<String>,
    kind: Option<String>,
    baseline_state: Option<String>,
    #[serde(default)]
    suppressions: Vec<Suppression>,
    #[serde(default)]
    locations: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Suppression {
    status: Option<String>,
}

/// Reads a SARIF log and counts its open results by level. A result is open when its `kind`
/// is `fail` (the default), it is not suppressed (a suppression whose status is `accepted` or
/// absent), and its baseline state is not `absent` (fixed since the previous run). Its level is
/// its own, else its rule's default, else `warning` (§3.27.10).
pub(crate) fn read_sarif(path: &Path) -> Result<SarifSummary, String> {
    let len = fs_err::metadata(path).map_err(|e| e.to_string())?.len();
    if len > MAX_SARIF_BYTES {
        return Err(format!(
            "{len} bytes is more than the {MAX_SARIF_BYTES} bytes vouch reads"
        ));
    }
    let text = fs_err::read(path).map_err(|e| e.to_string())?;
    parse_sarif(&text)
}

fn parse_sarif(bytes: &[u8]) -> Result<SarifSummary, String> {
    let log: Log = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if log.version != "2.1.0" {
        return Err(format!("version `{}`, expected 2.1.0", log.version));
    }
    let mut out = SarifSummary::default();
    let mut examples: Vec<(u8, String)> = Vec::new();
    for run in &log.runs {
        if !out.tools.contains(&run.tool.driver.name) {
            out.tools.push(run.tool.driver.name.clone());
        }
        let Some(results) = &run.results else {
            return Err(format!(
                "the run of {} has no `results`: it did not record whether it found anything",
                run.tool.driver.name
            ));
        };
        for r in results {
            if r.kind.as_deref().is_some_and(|k| k != "fail")
                || r.baseline_state.as_deref() == Some("absent")
            {
                continue;
            }
            if r.suppressions
                .iter()
                .any(|s| s.status.as_deref().is_none_or(|st| st == "accepted"))
            {
                out.suppressed += 1;
                continue;
            }
            let rule = r
                .rule_index
                .and_then(|i| run.tool.driver.rules.get(i))
                .or_else(|| {
                    r.rule_id
                        .as_ref()
                        .and_then(|id| run.tool.driver.rules.iter().find(|rule| &rule.id == id))
                });
            let level = r
                .level
                .as_deref()
                .or_else(|| {
                    rule.and_then(|rule| rule.default_configuration.as_ref())
                        .and_then(|c| c.level.as_deref())
                })
                .unwrap_or("warning");
            let weight = match level {
                "error" => {
                    out.errors += 1;
                    2
                }
                "warning" => {
                    out.warnings += 1;
                    1
                }
                _ => {
                    out.notes += 1;
                    0
                }
            };
            let id = r
                .rule_id
                .clone()
                .or_else(|| rule.map(|rule| rule.id.clone()))
                .unwrap_or_else(|| "(no rule id)".into());
            examples.push((weight, format!("{level} {id}{}", location(&r.locations))));
        }
    }
    examples.sort_by_key(|e| std::cmp::Reverse(e.0));
    out.examples = examples
        .into_iter()
        .take(EXAMPLES)
        .map(|(_, text)| text)
        .collect();
    Ok(out)
}

fn location(locations: &[serde_json::Value]) -> String {
    let Some(physical) = locations.first().and_then(|l| l.get("physicalLocation")) else {
        return String::new();
    };
    let uri = physical
        .pointer("/artifactLocation/uri")
        .and_then(|u| u.as_str())
        .unwrap_or("?");
    match physical
        .pointer("/region/startLine")
        .and_then(serde_json::Value::as_u64)
    {
        Some(line) => format!(" at {uri}:{line}"),
        None => format!(" at {uri}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_results_are_counted_by_level_and_the_rest_set_aside() {
        let sarif = br#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Semgrep OSS",
          "rules":[{"id":"r.err","defaultConfiguration":{"level":"error"}},{"id":"r.plain"}]}},
          "results":[
            {"ruleId":"r.err","locations":[{"physicalLocation":{"artifactLocation":{"uri":"src/a.rs"},"region":{"startLine":7}}}]},
            {"ruleId":"r.plain"},
            {"ruleId":"r.plain","level":"note"},
            {"ruleId":"r.err","suppressions":[{"kind":"inSource","status":"accepted"}]},
            {"ruleId":"r.err","suppressions":[{"kind":"external","status":"rejected"}]},
            {"ruleId":"r.err","baselineState":"absent"},
            {"ruleId":"r.err","kind":"pass"}
          ]}]}"#;
        let s = parse_sarif(sarif).unwrap();
        assert_eq!(s.tools, ["Semgrep OSS"]);
        assert_eq!((s.errors, s.warnings, s.notes, s.suppressed), (2, 1, 1, 1));
        assert_eq!(s.examples[0], "error r.err at src/a.rs:7");
    }

    #[test]
    fn not_sarif_or_no_results_is_an_error() {
        assert!(parse_sarif(b"{}").is_err());
        assert!(parse_sarif(br#"{"version":"2.0.0","runs":[]}"#).is_err());
        let err = parse_sarif(br#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}}}]}"#)
            .unwrap_err();
        assert!(err.contains("no `results`"), "{err}");
    }
}
