//! The baseline file format (`vouch.baseline/v1`, documented in docs/baseline-format.md): read
//! as written, then validated as a whole so an author sees every mistake, with line and column,
//! in one run.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use toml::Spanned;
use vouch_model::{ClauseId, SeverityLevel};

/// The built-in Cybersecurity Baseline for Seller Offerings v1.1.
pub const SELLER_OFFERINGS: &str = include_str!("../baselines/seller-offerings.toml");

/// The built-in baselines: name (as given to `--baseline`) and text.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("seller-offerings", SELLER_OFFERINGS),
    (
        "eu-cra-annex-i",
        include_str!("../baselines/eu-cra-annex-i.toml"),
    ),
];

/// A validated baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// Short id (`seller-offerings`).
    pub id: String,
    /// Human title.
    pub title: String,
    /// The baseline's own version.
    pub version: String,
    /// Clauses in file order.
    pub clauses: Vec<Clause>,
}

/// One duty of the baseline and the checks that decide it.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// Its number (`3.4`).
    pub id: ClauseId,
    /// Short title.
    pub title: String,
    /// The duty in one or two sentences.
    pub duty: String,
    /// The checks; the verdict is the worst of their results.
    pub checks: Vec<CheckSpec>,
}

/// A check with its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckSpec {
    /// No known vulnerability at or above `min_severity` that is not evaluated as not affected
    /// or fixed. Findings of unknown severity count as failing.
    NoKnownVulnerabilities {
        /// The lowest severity that fails the check.
        min_severity: SeverityLevel,
    },
    /// No component is a known-malicious package.
    NoMaliciousComponents,
    /// An SBOM of the delivery's third-party components was produced from a complete read.
    SbomProduced,
    /// An ISMS certificate of an accepted standard, valid on the delivery date.
    IsmsCertificate {
        /// Accepted standards, matched as prefixes of the declared one (`ISO/IEC 27001`).
        standards: Vec<String>,
        /// When set, a certificate issued longer ago than this fails (re-certification due).
        max_age_days: Option<u32>,
    },
    /// The certificate's scope is stated and covers the offering.
    IsmsScope,
    /// A declared secure-development standard.
    SecureDevelopmentStandard,
    /// SAST results as SARIF with no open result at or above `fail_level`.
    StaticAnalysisResults {
        /// The lowest SARIF level that fails the check.
        fail_level: SarifLevel,
    },
    /// A declared support end date, at least `min_months` after the delivery date.
    SupportPeriod {
        /// The shortest acceptable support period from delivery, in months.
        min_months: u32,
    },
    /// A security contact with a well-formed e-mail address or https URL.
    SecurityContact,
    /// Reporting contacts and promised response times within the limits.
    IncidentReporting {
        /// Longest acceptable time to an early warning, in hours.
        max_early_warning_hours: Option<u32>,
        /// Longest acceptable time to an incident notification, in hours.
        max_notification_hours: Option<u32>,
        /// Longest acceptable time to a final report, in days.
        max_final_report_days: Option<u32>,
    },
    /// Each subcontractor's flow-down agreement signed, or still within its grace period.
    SubcontractorFlowDown,
    /// An audit report whose period ended at most `max_age_months` before delivery (or whose
    /// bridge letter covers the delivery date), with no adverse opinion.
    AuditReport {
        /// How old the end of the audit period may be, in months.
        max_age_months: u32,
    },
    /// A check vouch knows but cannot decide yet: it always reports missing evidence.
    Pending(CheckKind),
}

/// SARIF result levels, ordered by weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SarifLevel {
    /// `note` (and `none`).
    Note,
    /// `warning`.
    Warning,
    /// `error`.
    Error,
}

impl SarifLevel {
    /// The SARIF name.
    pub fn as_str(self) -> &'static str {
        match self {
            SarifLevel::Note => "note",
            SarifLevel::Warning => "warning",
            SarifLevel::Error => "error",
        }
    }

    fn from_label(s: &str) -> Option<SarifLevel> {
        [SarifLevel::Note, SarifLevel::Warning, SarifLevel::Error]
            .into_iter()
            .find(|l| l.as_str() == s)
    }
}

macro_rules! check_kinds {
    ($($variant:ident = $name:literal, $needs:literal;)*) => {
        /// Every check a baseline may name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CheckKind {
            $(
                #[doc = $needs]
                $variant,
            )*
        }

        impl CheckKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [CheckKind] = &[$(CheckKind::$variant),*];

            /// The name used in baseline files.
            pub fn as_str(self) -> &'static str {
                match self { $(CheckKind::$variant => $name,)* }
            }

            /// What the check looks at.
            pub fn needs(self) -> &'static str {
                match self { $(CheckKind::$variant => $needs,)* }
            }
        }
    };
}

check_kinds! {
    NoKnownVulnerabilities = "no-known-vulnerabilities", "the inventory matched against the OSV advisory database";
    NoMaliciousComponents = "no-malicious-components", "the inventory matched against known-malicious package records (OSV MAL-)";
    SbomProduced = "sbom-produced", "an SBOM generated from every lockfile and manifest in the delivery";
    IsmsCertificate = "isms-certificate", "a declared ISO/IEC 27001 or IEC 62443 certificate in vouch.toml";
    IsmsScope = "isms-scope", "the declared certificate's scope in vouch.toml";
    SecureDevelopmentStandard = "secure-development-standard", "a declared secure-development standard (e.g. OWASP ASVS) in vouch.toml";
    StaticAnalysisResults = "static-analysis-results", "SAST results as SARIF files named in vouch.toml";
    NoSecrets = "no-secrets", "a secret scan of the delivered files";
    SupportPeriod = "support-period", "the product's declared support end date in vouch.toml";
    NoEndOfLifeComponents = "no-end-of-life-components", "end-of-life data for the components and the support period";
    ComponentsUpToDate = "components-up-to-date", "registry metadata: the latest release of each component";
    IndependentVerification = "independent-verification", "a customer's verification of the SBOM against the artifact (vouch verify)";
    SecurityContact = "security-contact", "a security contact in vouch.toml or a valid security.txt (RFC 9116)";
    IncidentReporting = "incident-reporting", "declared reporting contacts and response times, and the incident register";
    SubcontractorFlowDown = "subcontractor-flow-down", "the subcontractor register in vouch.toml";
    AuditReport = "audit-report", "a declared audit report (e.g. SOC 2 Type II) and its period in vouch.toml";
    EvidenceBundle = "evidence-bundle", "a signed evidence bundle (vouch bundle create)";
}

impl CheckSpec {
    /// The kind of check.
    pub fn kind(&self) -> CheckKind {
        match self {
            CheckSpec::NoKnownVulnerabilities { .. } => CheckKind::NoKnownVulnerabilities,
            CheckSpec::NoMaliciousComponents => CheckKind::NoMaliciousComponents,
            CheckSpec::SbomProduced => CheckKind::SbomProduced,
            CheckSpec::IsmsCertificate { .. } => CheckKind::IsmsCertificate,
            CheckSpec::IsmsScope => CheckKind::IsmsScope,
            CheckSpec::SecureDevelopmentStandard => CheckKind::SecureDevelopmentStandard,
            CheckSpec::StaticAnalysisResults { .. } => CheckKind::StaticAnalysisResults,
            CheckSpec::SupportPeriod { .. } => CheckKind::SupportPeriod,
            CheckSpec::SecurityContact => CheckKind::SecurityContact,
            CheckSpec::IncidentReporting { .. } => CheckKind::IncidentReporting,
            CheckSpec::SubcontractorFlowDown => CheckKind::SubcontractorFlowDown,
            CheckSpec::AuditReport { .. } => CheckKind::AuditReport,
            CheckSpec::Pending(kind) => *kind,
        }
    }
}

impl CheckKind {
    /// The kind named `name` in a baseline or waiver.
    pub fn from_name(name: &str) -> Option<CheckKind> {
        CheckKind::ALL.iter().copied().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for CheckKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ---- the file as written ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    schema: Spanned<String>,
    id: String,
    title: String,
    version: String,
    #[serde(default)]
    clauses: Vec<ClauseFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClauseFile {
    id: Spanned<String>,
    title: String,
    duty: String,
    #[serde(default)]
    checks: Vec<CheckFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckFile {
    check: Spanned<String>,
    #[serde(default)]
    min_severity: Option<Spanned<String>>,
    #[serde(default)]
    standards: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    max_age_days: Option<Spanned<u32>>,
    #[serde(default)]
    max_age_months: Option<Spanned<u32>>,
    #[serde(default)]
    fail_level: Option<Spanned<String>>,
    #[serde(default)]
    min_support_months: Option<Spanned<u32>>,
    #[serde(default)]
    max_early_warning_hours: Option<Spanned<u32>>,
    #[serde(default)]
    max_notification_hours: Option<Spanned<u32>>,
    #[serde(default)]
    max_final_report_days: Option<Spanned<u32>>,
}

impl CheckFile {
    /// Every parameter given, by name, with where it is.
    fn given(&self) -> Vec<(&'static str, std::ops::Range<usize>)> {
        let mut out = Vec::new();
        let mut add = |name, span: Option<std::ops::Range<usize>>| {
            if let Some(span) = span {
                out.push((name, span));
            }
        };
        add(
            "min_severity",
            self.min_severity.as_ref().map(Spanned::span),
        );
        add("standards", self.standards.as_ref().map(Spanned::span));
        add(
            "max_age_days",
            self.max_age_days.as_ref().map(Spanned::span),
        );
        add(
            "max_age_months",
            self.max_age_months.as_ref().map(Spanned::span),
        );
        add("fail_level", self.fail_level.as_ref().map(Spanned::span));
        add(
            "min_support_months",
            self.min_support_months.as_ref().map(Spanned::span),
        );
        add(
            "max_early_warning_hours",
            self.max_early_warning_hours.as_ref().map(Spanned::span),
        );
        add(
            "max_notification_hours",
            self.max_notification_hours.as_ref().map(Spanned::span),
        );
        add(
            "max_final_report_days",
            self.max_final_report_days.as_ref().map(Spanned::span),
        );
        out
    }
}

/// The parameters each check accepts.
fn parameters(kind: CheckKind) -> &'static [&'static str] {
    match kind {
        CheckKind::NoKnownVulnerabilities => &["min_severity"],
        CheckKind::IsmsCertificate => &["standards", "max_age_days"],
        CheckKind::StaticAnalysisResults => &["fail_level"],
        CheckKind::SupportPeriod => &["min_support_months"],
        CheckKind::IncidentReporting => &[
            "max_early_warning_hours",
            "max_notification_hours",
            "max_final_report_days",
        ],
        CheckKind::AuditReport => &["max_age_months"],
        _ => &[],
    }
}

/// Standards an ISMS certificate may name when a baseline does not say.
pub const DEFAULT_ISMS_STANDARDS: &[&str] = &["ISO/IEC 27001", "IEC 62443"];

/// One problem in a baseline file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineProblem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

/// A baseline file that cannot be used, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.origin, .problems))]
pub struct BaselineError {
    /// The file (or `built-in`).
    pub origin: String,
    /// All problems, in file order.
    pub problems: Vec<BaselineProblem>,
}

fn render(origin: &str, problems: &[BaselineProblem]) -> String {
    let mut out = format!("{origin}: {} problem(s) in the baseline", problems.len());
    for p in problems {
        out.push_str(&format!(
            "\n  {origin}:{}:{}: {}",
            p.line, p.column, p.message
        ));
        if let Some(h) = &p.hint {
            out.push_str(&format!("\n    hint: {h}"));
        }
    }
    out
}

pub(crate) fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |nl| before.len() - nl - 1)
        + 1;
    (line, column)
}

impl Baseline {
    /// The built-in seller-offerings baseline.
    pub fn seller_offerings() -> Result<Baseline, BaselineError> {
        Baseline::parse(SELLER_OFFERINGS, "built-in seller-offerings baseline")
    }

    /// A built-in baseline by name (`seller-offerings`, `eu-cra-annex-i`); `None` if there is
    /// no such built-in.
    pub fn built_in(name: &str) -> Option<Result<Baseline, BaselineError>> {
        BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, text)| Baseline::parse(text, &format!("built-in {n} baseline")))
    }

    /// Parses and validates a baseline file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Baseline, BaselineError> {
        let fail = |problems| BaselineError {
            origin: origin.to_owned(),
            problems,
        };
        let file: BaselineFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| position(text, s.start));
            fail(vec![BaselineProblem {
                line,
                column,
                message: e.message().to_owned(),
                hint: None,
            }])
        })?;
        let mut problems = Vec::new();
        let mut problem = |span: std::ops::Range<usize>, message: String, hint: Option<String>| {
            let (line, column) = position(text, span.start);
            problems.push(BaselineProblem {
                line,
                column,
                message,
                hint,
            });
        };
        if file.schema.get_ref() != "vouch.baseline/v1" {
            problem(
                file.schema.span(),
                format!("unknown schema `{}`", file.schema.get_ref()),
                Some("this vouch reads `schema = \"vouch.baseline/v1\"`".into()),
            );
        }
        let mut clauses = Vec::new();
        let mut seen = HashSet::new();
        for c in file.clauses {
            // A bad id is reported, and the clause's checks are still validated.
            let id = match c.id.get_ref().parse::<ClauseId>() {
                Ok(id) => Some(id),
                Err(e) => {
                    problem(c.id.span(), e.to_string(), None);
                    None
                }
            };
            let label = c.id.get_ref();
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                problem(
                    c.id.span(),
                    format!("clause {label} is defined twice"),
                    None,
                );
            }
            if c.checks.is_empty() {
                problem(
                    c.id.span(),
                    format!("clause {label} has no checks"),
                    Some("add `checks = [{ check = \"...\" }]`".into()),
                );
            }
            let mut checks = Vec::new();
            for ch in c.checks {
                let name = ch.check.get_ref().as_str();
                let Some(kind) = CheckKind::from_name(name) else {
                    let known: Vec<&str> = CheckKind::ALL.iter().map(|k| k.as_str()).collect();
                    problem(
                        ch.check.span(),
                        format!("unknown check `{name}`"),
                        Some(crate::suggest::hint(name, &known)),
                    );
                    continue;
                };
                let accepted = parameters(kind);
                let mut bad_parameter = false;
                for (param, span) in ch.given() {
                    if !accepted.contains(&param) {
                        bad_parameter = true;
                        let hint = if accepted.is_empty() {
                            format!("`{name}` takes no parameters")
                        } else {
                            format!("`{name}` takes: {}", accepted.join(", "))
                        };
                        problem(
                            span,
                            format!("`{param}` does not apply to `{name}`"),
                            Some(hint),
                        );
                    }
                }
                if bad_parameter {
                    continue;
                }
                let spec = match kind {
                    CheckKind::NoKnownVulnerabilities => {
                        let min_severity = match &ch.min_severity {
                            None => SeverityLevel::Low,
                            Some(s) => match SeverityLevel::from_label(s.get_ref()) {
                                Some(level) => level,
                                None => {
                                    problem(
                                        s.span(),
                                        format!("unknown severity `{}`", s.get_ref()),
                                        Some("use none, low, medium, high or critical".into()),
                                    );
                                    continue;
                                }
                            },
                        };
                        CheckSpec::NoKnownVulnerabilities { min_severity }
                    }
                    CheckKind::NoMaliciousComponents => CheckSpec::NoMaliciousComponents,
                    CheckKind::SbomProduced => CheckSpec::SbomProduced,
                    CheckKind::IsmsCertificate => {
                        let standards = match &ch.standards {
                            Some(list) if list.get_ref().is_empty() => {
                                problem(
                                    list.span(),
                                    "`standards` is empty: no certificate could pass".into(),
                                    Some("list at least one, e.g. [\"ISO/IEC 27001\"]".into()),
                                );
                                continue;
                            }
                            Some(list) => list.get_ref().clone(),
                            None => DEFAULT_ISMS_STANDARDS
                                .iter()
                                .map(|s| (*s).to_owned())
                                .collect(),
                        };
                        CheckSpec::IsmsCertificate {
                            standards,
                            max_age_days: ch.max_age_days.as_ref().map(|d| *d.get_ref()),
                        }
                    }
                    CheckKind::IsmsScope => CheckSpec::IsmsScope,
                    CheckKind::SecureDevelopmentStandard => CheckSpec::SecureDevelopmentStandard,
                    CheckKind::StaticAnalysisResults => {
                        let fail_level = match &ch.fail_level {
                            None => SarifLevel::Error,
                            Some(l) => match SarifLevel::from_label(l.get_ref()) {
                                Some(level) => level,
                                None => {
                                    problem(
                                        l.span(),
                                        format!("unknown SARIF level `{}`", l.get_ref()),
                                        Some("use note, warning or error".into()),
                                    );
                                    continue;
                                }
                            },
                        };
                        CheckSpec::StaticAnalysisResults { fail_level }
                    }
                    CheckKind::SupportPeriod => CheckSpec::SupportPeriod {
                        min_months: ch.min_support_months.as_ref().map_or(0, |m| *m.get_ref()),
                    },
                    CheckKind::SecurityContact => CheckSpec::SecurityContact,
                    CheckKind::IncidentReporting => CheckSpec::IncidentReporting {
                        max_early_warning_hours: ch
                            .max_early_warning_hours
                            .as_ref()
                            .map(|h| *h.get_ref()),
                        max_notification_hours: ch
                            .max_notification_hours
                            .as_ref()
                            .map(|h| *h.get_ref()),
                        max_final_report_days: ch
                            .max_final_report_days
                            .as_ref()
                            .map(|d| *d.get_ref()),
                    },
                    CheckKind::SubcontractorFlowDown => CheckSpec::SubcontractorFlowDown,
                    CheckKind::AuditReport => CheckSpec::AuditReport {
                        max_age_months: ch.max_age_months.as_ref().map_or(12, |m| *m.get_ref()),
                    },
                    other => CheckSpec::Pending(other),
                };
                checks.push(spec);
            }
            let Some(id) = id else { continue };
            clauses.push(Clause {
                id,
                title: c.title,
                duty: c.duty,
                checks,
            });
        }
        if !problems.is_empty() {
            return Err(fail(problems));
        }
        Ok(Baseline {
            id: file.id,
            title: file.title,
            version: file.version,
            clauses,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_baseline_is_valid_and_covers_every_clause() {
        let b = Baseline::seller_offerings().unwrap();
        let ids: Vec<&str> = b.clauses.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["1", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "4", "5", "6"]
        );
    }

    #[test]
    fn every_built_in_baseline_is_valid_and_decides_every_clause_with_a_known_check() {
        for (name, _) in BUILT_IN {
            let b = Baseline::built_in(name).unwrap().unwrap();
            assert_eq!(b.id, *name);
            assert!(b.clauses.len() >= 10, "{name}");
            assert!(b.clauses.iter().all(|c| !c.checks.is_empty()));
        }
        let cra = Baseline::built_in("eu-cra-annex-i").unwrap().unwrap();
        let support = cra
            .clauses
            .iter()
            .find(|c| c.id.as_str() == "13.8")
            .unwrap();
        assert_eq!(
            support.checks,
            [CheckSpec::SupportPeriod { min_months: 60 }]
        );
        assert!(Baseline::built_in("nope").is_none());
    }

    #[test]
    fn every_problem_is_reported_at_once_with_its_position() {
        let text = r#"schema = "vouch.baseline/v1"
id = "x"
title = "x"
version = "1"

[[clauses]]
id = "3.x"
title = "t"
duty = "d"
checks = [{ check = "sbom-produced" }]

[[clauses]]
id = "4"
title = "t"
duty = "d"
checks = [{ check = "no-such-check" }, { check = "no-known-vulnerabilities", min_severity = "huge" }]
"#;
        let err = Baseline::parse(text, "mine.toml").unwrap_err();
        assert_eq!(err.problems.len(), 3, "{err}");
        assert_eq!((err.problems[0].line, err.problems[0].column), (7, 6));
        assert!(err.problems[1].message.contains("no-such-check"));
        assert_eq!(err.problems[1].line, 16);
        assert!(err.problems[2].message.contains("huge"));
        assert!(err.to_string().starts_with("mine.toml: 3 problem(s)"));
    }

    #[test]
    fn syntax_errors_name_the_position() {
        let err = Baseline::parse("schema = \n", "bad.toml").unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert_eq!(err.problems[0].line, 1);
    }

    #[test]
    fn unknown_fields_are_refused() {
        let text = "schema = \"vouch.baseline/v1\"\nid = \"x\"\ntitle = \"x\"\nversion = \"1\"\ncolour = 1\n";
        let err = Baseline::parse(text, "b.toml").unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }
}
