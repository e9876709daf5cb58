//! JUnit XML for CI systems (Jenkins, GitLab, Azure DevOps): one `<testsuite>` per clause, one
//! `<testcase>` per check. A check fails the build exactly when the report fails its clause;
//! missing evidence, waived and not-applicable checks are `<skipped>`, visible but not red.

use std::fmt::Write as _;

use vouch_baseline::{CheckResult, Report, Status, Verdict};
use vouch_model::{Diagnostic, Level};

/// Renders the report as a JUnit XML document (the de-facto Ant/Surefire schema), ending with
/// a newline. Diagnostics of level error become `<error>` test cases in a last suite, `inputs`,
/// so a run that could not read an input is red as its exit code 2 says.
pub fn to_junit(report: &Report) -> String {
    let errors: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .collect();
    let mut totals = Counts::default();
    let mut suites = String::new();
    let props = properties(report);
    for v in &report.verdicts {
        let counts = Counts::of(v);
        totals.add(&counts);
        suite(&mut suites, v, &counts, &props);
    }
    if !errors.is_empty() {
        let counts = Counts {
            tests: errors.len(),
            errors: errors.len(),
            ..Counts::default()
        };
        totals.add(&counts);
        let _ = writeln!(
            suites,
            "  <testsuite name=\"inputs\" tests=\"{}\" failures=\"0\" errors=\"{}\" skipped=\"0\">",
            counts.tests, counts.errors
        );
        suites.push_str(&props);
        for d in errors {
            let name = match &d.path {
                Some(p) => format!("{} {}", d.code, p.display()),
                None => d.code.to_string(),
            };
            let _ = writeln!(
                suites,
                "    <testcase classname=\"inputs\" name=\"{}\">\n      <error message=\"{}\" type=\"{}\">{}</error>\n    </testcase>",
                xml(&name),
                xml(&d.message),
                xml(d.code.as_str()),
                xml(&format!("{d}\nhint: {}", d.hint))
            );
        }
        suites.push_str("  </testsuite>\n");
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"vouch {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" timestamp=\"{}\">",
        xml(&report.target.path),
        totals.tests,
        totals.failures,
        totals.errors,
        totals.skipped,
        report.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    );
    out.push_str(&suites);
    out.push_str("</testsuites>\n");
    out
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn of(v: &Verdict) -> Counts {
        let mut c = Counts {
            tests: v.checks.len(),
            ..Counts::default()
        };
        for check in &v.checks {
            match check.status {
                Status::Fail => c.failures += 1,
                Status::MissingEvidence | Status::Waived | Status::NotApplicable => c.skipped += 1,
                Status::Pass => {}
            }
        }
        c
    }

    fn add(&mut self, other: &Counts) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
        self.skipped += other.skipped;
    }
}

/// The run's provenance, repeated in each suite because the schema has no place for it on
/// `<testsuites>`.
fn properties(r: &Report) -> String {
    let mut props = vec![
        ("vouch.version", r.tool.version.clone()),
        ("vouch.target", r.target.path.clone()),
    ];
    if let Some(b) = &r.baseline {
        props.push(("vouch.baseline", format!("{} {}", b.id, b.version)));
    }
    if let Some(db) = &r.database {
        props.push(("vouch.database.digest", format!("sha256:{}", db.digest)));
        props.push((
            "vouch.database.updated",
            db.updated.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        ));
    }
    let mut out = String::from("    <properties>\n");
    for (name, value) in props {
        let _ = writeln!(
            out,
            "      <property name=\"{name}\" value=\"{}\"/>",
            xml(&value)
        );
    }
    out.push_str("    </properties>\n");
    out
}

fn suite(out: &mut String, v: &Verdict, counts: &Counts, props: &str) {
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        xml(&format!("clause {}: {}", v.clause.as_str(), v.title)),
        counts.tests,
        counts.failures,
        counts.skipped
    );
    out.push_str(props);
    for c in &v.checks {
        testcase(out, v, c);
    }
    out.push_str("  </testsuite>\n");
}

fn testcase(out: &mut String, v: &Verdict, c: &CheckResult) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\"",
        xml(v.clause.as_str()),
        xml(c.check)
    );
    match c.status {
        Status::Pass => out.push_str("/>\n"),
        Status::Fail => {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                xml(&c.summary),
                c.status.as_str(),
                xml(&evidence_text(c))
            );
        }
        Status::MissingEvidence | Status::Waived | Status::NotApplicable => {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                xml(&format!("{}: {}", c.status.as_str(), c.summary))
            );
        }
    }
}

/// The summary, then one line per piece of evidence with its reference first: for the
/// advisory checks, one line per open finding (`RUSTSEC-2022-0013  crates.io regex 1.5.4 ...`).
fn evidence_text(c: &CheckResult) -> String {
    let mut text = c.summary.clone();
    for e in &c.evidence {
        match &e.reference {
            Some(r) => {
                let _ = write!(text, "\n{r}  {}", e.description);
            }
            None => {
                let _ = write!(text, "\n{}", e.description);
            }
        }
    }
    text
}

/// Escapes text for XML 1.0 attribute values and character data: the five predefined entities,
/// line breaks and tabs as character references (so attribute normalisation keeps them), and
/// characters XML 1.0 §2.2 does not allow (other C0 controls, U+FFFE, U+FFFF) replaced by U+FFFD.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::fixture::{HOSTILE, check_report};

    fn count(doc: &roxmltree::Document<'_>, tag: &str) -> usize {
        doc.descendants().filter(|n| n.has_tag_name(tag)).count()
    }

    #[test]
    fn hostile_text_is_escaped_and_illegal_characters_replaced() {
        let escaped = xml(HOSTILE);
        for c in ['<', '>', '"', '\'', '\n', '\u{1}'] {
            assert!(!escaped.contains(c), "{c:?} in {escaped}");
        }
        let wrapped = format!("<a b=\"{escaped}\">{escaped}</a>");
        let doc = roxmltree::Document::parse(&wrapped).unwrap();
        let root = doc.root_element();
        let expected = HOSTILE.replace('\u{1}', "\u{fffd}");
        assert_eq!(root.attribute("b"), Some(expected.as_str()));
        assert_eq!(root.text(), Some(expected.as_str()));
    }

    #[test]
    fn output_is_well_formed_and_counts_match_the_elements() {
        let report = check_report(0);
        let out = to_junit(&report);
        let doc = roxmltree::Document::parse(&out).unwrap();
        let checks: usize = report.verdicts.iter().map(|v| v.checks.len()).sum();
        assert_eq!(count(&doc, "testsuite"), report.verdicts.len());
        assert_eq!(count(&doc, "testcase"), checks);
        let root = doc.root_element();
        let attr = |name: &str| root.attribute(name).unwrap().parse::<usize>().unwrap();
        assert_eq!(attr("tests"), checks);
        assert_eq!(attr("failures"), count(&doc, "failure"));
        assert_eq!(attr("skipped"), count(&doc, "skipped"));
        assert_eq!(attr("errors"), 0);
        for suite in doc.descendants().filter(|n| n.has_tag_name("testsuite")) {
            let n = |name: &str| suite.attribute(name).unwrap().parse::<usize>().unwrap();
            let cases = suite.children().filter(|c| c.has_tag_name("testcase"));
            assert_eq!(n("tests"), cases.count());
        }
    }

    #[test]
    fn a_failing_clause_is_a_failure_and_missing_evidence_is_skipped() {
        let report = check_report(0);
        let out = to_junit(&report);
        let doc = roxmltree::Document::parse(&out).unwrap();
        for v in &report.verdicts {
            for c in &v.checks {
                let case = doc
                    .descendants()
                    .find(|n| {
                        n.has_tag_name("testcase")
                            && n.attribute("classname") == Some(v.clause.as_str())
                            && n.attribute("name") == Some(c.check)
                    })
                    .unwrap();
                let child = case.first_element_child().map(|e| e.tag_name().name());
                let expected = match c.status {
                    Status::Fail => Some("failure"),
                    Status::Pass => None,
                    _ => Some("skipped"),
                };
                assert_eq!(child, expected, "{} {}", v.clause.as_str(), c.check);
            }
        }
        // The vulnerability check fails with the open finding in its text, not the VEX-closed one.
        let failure = doc
            .descendants()
            .find(|n| n.has_tag_name("failure"))
            .unwrap();
        let text = failure.text().unwrap();
        assert!(text.contains("RUSTSEC-2022-0013"), "{text}");
        assert!(!text.contains("RUSTSEC-2020-0071"), "{text}");
        assert!(
            report
                .verdicts
                .iter()
                .any(|v| v.status == Status::MissingEvidence)
        );
    }

    #[test]
    fn input_errors_are_junit_errors() {
        let mut report = check_report(0);
        report.diagnostics.push(
            Diagnostic::new(vouch_model::DiagnosticCode::MalformedLockfile, "bad <toml>")
                .with_path("Cargo.lock"),
        );
        let out = to_junit(&report);
        let doc = roxmltree::Document::parse(&out).unwrap();
        assert_eq!(count(&doc, "error"), 1);
        assert_eq!(doc.root_element().attribute("errors"), Some("1"));
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(to_junit(&check_report(0)));
    }
}
