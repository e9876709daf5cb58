//! The terminal view: what a person reads after `vouch check` or `vouch scan`. Styled with ANSI
//! codes; the binary's output stream strips them when stdout is not a terminal or NO_COLOR is set.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use vouch_baseline::{Command, Outcome, Report, Status};
use vouch_model::{Diagnostic, Finding, FindingKind, Level, SeverityLevel};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const GREEN: Style = AnsiColor::Green.on_default();
const CYAN: Style = AnsiColor::Cyan.on_default();

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

fn status_style(s: Status) -> (Style, &'static str, &'static str) {
    match s {
        Status::Pass => (GREEN, "pass", "✓"),
        Status::Fail => (RED, "FAIL", "✗"),
        Status::MissingEvidence => (YELLOW, "missing evidence", "?"),
        Status::NotApplicable => (DIM, "not applicable", "-"),
        Status::Waived => (CYAN, "waived", "~"),
    }
}

fn severity_style(s: SeverityLevel) -> Style {
    match s {
        SeverityLevel::Critical | SeverityLevel::High => RED,
        SeverityLevel::Medium => YELLOW,
        _ => DIM,
    }
}

/// Renders the whole report for a terminal: header, verdicts (check), findings, problems, result.
pub fn to_terminal(report: &Report) -> String {
    let mut out = String::new();
    header(&mut out, report);
    if report.command == Command::Check {
        verdicts(&mut out, report);
    }
    if !report.findings.is_empty() {
        let _ = writeln!(out, "\n{}", paint(BOLD, "Findings"));
        out.push_str(&findings_table(&report.findings));
    }
    problems(&mut out, report);
    result_line(&mut out, report);
    out
}

fn header(out: &mut String, r: &Report) {
    let verb = match r.command {
        Command::Check => "check",
        Command::Scan => "scan",
    };
    let _ = writeln!(
        out,
        "{} {}",
        paint(BOLD, &format!("vouch {verb}")),
        r.target.path
    );
    if let Some(b) = &r.baseline {
        let _ = writeln!(
            out,
            "  baseline    {} {}, judged as of {}",
            b.title, b.version, r.delivery_date
        );
    }
    if let Some(d) = &r.declaration {
        let who: Vec<String> = [
            d.organisation.clone(),
            d.product.as_ref().map(|p| {
                format!("{p} {}", d.version.as_deref().unwrap_or_default())
                    .trim_end()
                    .to_owned()
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        let who = if who.is_empty() {
            String::new()
        } else {
            format!("{} ", who.join(" · "))
        };
        let _ = writeln!(
            out,
            "  declared    {who}{}",
            paint(DIM, &format!("({})", d.file))
        );
    } else if r.command == Command::Check {
        let _ = writeln!(
            out,
            "  declared    {}",
            paint(YELLOW, "no vouch.toml (vouch init writes one)")
        );
    }
    let plural = |n: usize, s: &str| format!("{n} {s}{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        out,
        "  inventory   {} from {}",
        plural(r.summary.components, "component"),
        plural(r.summary.files, "file")
    );
    match &r.database {
        Some(db) => {
            let current = db
                .newest_advisory
                .map(|t| format!(", newest {}", t.strftime("%Y-%m-%d")))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  advisories  {} records{current}, updated {} {}",
                db.records,
                db.updated.strftime("%Y-%m-%d %H:%M UTC"),
                paint(
                    DIM,
                    &format!("(sha256:{})", db.digest.get(..12).unwrap_or(&db.digest))
                )
            );
        }
        None => {
            let _ = writeln!(out, "  advisories  {}", paint(YELLOW, "none used"));
        }
    }
    if let Some(s) = &r.sbom {
        let _ = writeln!(
            out,
            "  sbom        {}, {} {}",
            s.format,
            plural(s.components, "component"),
            paint(
                DIM,
                &format!("(sha256:{})", s.sha256.get(..12).unwrap_or(&s.sha256))
            )
        );
    }
}

fn verdicts(out: &mut String, r: &Report) {
    let _ = writeln!(out, "\n{}", paint(BOLD, "Clauses"));
    let width = r
        .verdicts
        .iter()
        .map(|v| v.clause.as_str().len())
        .max()
        .unwrap_or(1);
    for v in &r.verdicts {
        let (style, label, _) = status_style(v.status);
        let _ = writeln!(
            out,
            "  {:<width$}  {}  {}",
            v.clause.as_str(),
            paint(style, &format!("{label:<16}")),
            v.title
        );
        for c in &v.checks {
            let (style, _, mark) = status_style(c.status);
            let _ = writeln!(
                out,
                "  {:<width$}    {} {}  {}",
                "",
                paint(style, mark),
                c.check,
                paint(DIM, &c.summary)
            );
            if c.status == Status::Fail {
                let cited = c.evidence.iter().filter(|e| {
                    e.reference
                        .as_deref()
                        .is_some_and(|r| !r.starts_with("sha256:"))
                });
                for e in cited {
                    let reference = e.reference.as_deref().unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "  {:<width$}        {reference}  {}",
                        "", e.description
                    );
                }
            }
        }
    }
}

fn findings_table(findings: &[Finding]) -> String {
    let rows: Vec<[String; 5]> = findings
        .iter()
        .map(|f| {
            let mut id = match f.kind {
                FindingKind::Vulnerability => f.id.to_string(),
                other => format!("{} ({})", f.id, other.as_str()),
            };
            if let Some(vex) = &f.vex {
                // The seller's evaluation beside the id; the JSON report has the justification.
                let _ = write!(id, " [{}]", vex.status().as_str());
            }
            [
                id,
                f.severity.level.as_str().to_owned(),
                format!("{} {}", f.package, f.version),
                fixed_in(&f.fixed_versions),
                shorten(f.summary.as_deref().unwrap_or_default(), 72),
            ]
        })
        .collect();
    let heads = ["ID", "SEVERITY", "PACKAGE", "FIXED IN", "SUMMARY"];
    let mut widths = heads.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  {}",
        paint(
            DIM,
            &format!(
                "{:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {}",
                heads[0],
                heads[1],
                heads[2],
                heads[3],
                heads[4],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2],
                w3 = widths[3]
            )
        )
    );
    for (row, f) in rows.iter().zip(findings) {
        let sev = paint(
            severity_style(f.severity.level),
            &format!("{:<w$}", row[1], w = widths[1]),
        );
        let _ = writeln!(
            out,
            "  {:<w0$}  {sev}  {:<w2$}  {:<w3$}  {}",
            row[0],
            row[2],
            row[3],
            row[4],
            w0 = widths[0],
            w2 = widths[2],
            w3 = widths[3]
        );
    }
    out
}

/// `text` cut to `max` characters at a word boundary where one is near, with `…`.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", at_word.trim_end())
}

/// At most three fixed versions, so one advisory with many fixed lines keeps the table readable.
pub(crate) fn fixed_in(versions: &[String]) -> String {
    match versions.len() {
        0 => "-".to_owned(),
        1..=3 => versions.join(", "),
        n => format!("{}, … (+{})", versions[..2].join(", "), n - 2),
    }
}

/// Errors and warnings one by one; notes (level info) grouped by code with their first
/// occurrence, so a delivery with hundreds of unpinned requirements stays readable (the JSON
/// report lists every one).
fn problems(out: &mut String, r: &Report) {
    if r.diagnostics.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        paint(BOLD, &format!("Problems ({})", r.diagnostics.len()))
    );
    let mut notes: Vec<(&Diagnostic, usize)> = Vec::new();
    for d in &r.diagnostics {
        if d.level == Level::Info {
            match notes.iter_mut().find(|(first, _)| first.code == d.code) {
                Some((_, n)) => *n += 1,
                None => notes.push((d, 1)),
            }
            continue;
        }
        let style = if d.level == Level::Error { RED } else { YELLOW };
        problem(out, style, &d.to_string(), d.hint);
    }
    for (first, n) in notes {
        let text = first.to_string();
        let text = if n == 1 {
            text
        } else {
            let (head, rest) = text.split_once(' ').unwrap_or((&text, ""));
            format!("{head} {n} notes like: {rest}")
        };
        problem(out, DIM, &text, first.hint);
    }
}

fn problem(out: &mut String, style: Style, text: &str, hint: &str) {
    let (head, rest) = text.split_once(' ').unwrap_or((text, ""));
    let _ = writeln!(out, "  {} {rest}", paint(style, head));
    let _ = writeln!(out, "      {}", paint(DIM, &format!("hint: {hint}")));
}

fn result_line(out: &mut String, r: &Report) {
    let (style, word) = match r.summary.outcome {
        Outcome::Pass if r.summary.verdicts.contains_key("missing-evidence") => {
            (YELLOW, "INCOMPLETE")
        }
        Outcome::Pass => (GREEN, "PASS"),
        Outcome::Fail => (RED, "FAIL"),
        Outcome::Error => (RED, "ERROR"),
    };
    let mut parts = Vec::new();
    for (status, n) in &r.summary.verdicts {
        parts.push(format!("{n} {}", status.replace('-', " ")));
    }
    if r.command == Command::Scan || parts.is_empty() {
        let open: usize = r.summary.severities.values().sum();
        parts.insert(
            0,
            format!("{open} open finding{}", if open == 1 { "" } else { "s" }),
        );
    }
    if let Some(errors) = r.summary.diagnostics.get("error") {
        parts.push(format!(
            "{errors} input error{}",
            if *errors == 1 { "" } else { "s" }
        ));
    }
    let _ = writeln!(out, "\n{} {}", paint(style, word), parts.join(" · "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_summaries_are_cut_at_a_word() {
        assert_eq!(shorten("short", 72), "short");
        let long = "Null Pointer Dereference vulnerability exists in numpy.sort in NumPy";
        assert_eq!(shorten(long, 30), "Null Pointer Dereference…");
        assert_eq!(shorten(&"x".repeat(40), 10), format!("{}…", "x".repeat(9)));
    }

    #[test]
    fn notes_are_grouped_and_errors_listed_one_by_one() {
        use vouch_baseline::{ReportInputs, Target, Tool};
        use vouch_model::{DiagnosticCode, Inventory};
        let mut inventory = Inventory::new();
        for name in ["flask", "requests", "gevent"] {
            inventory.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::UnpinnedRequirement,
                    format!("`{name}` names no version"),
                )
                .with_path("requirements.txt"),
            );
        }
        inventory.diagnostics.push(
            Diagnostic::new(DiagnosticCode::MalformedLockfile, "invalid TOML at line 3")
                .with_path("Cargo.lock"),
        );
        let report = Report::generate(ReportInputs {
            declaration: None,
            delivery_date: None,
            fail_on: None,
            command: Command::Scan,
            tool: Tool {
                name: "vouch".into(),
                version: "0".into(),
            },
            generated_at: jiff::Timestamp::UNIX_EPOCH,
            target: Target { path: "d".into() },
            inventory,
            findings: Vec::new(),
            database: None,
            baseline: None,
            sbom: None,
            diagnostics: Vec::new(),
        });
        let mut out = String::new();
        problems(&mut out, &report);
        // Drop the ANSI styles: ESC '[' ... 'm'.
        let mut plain = String::new();
        let mut in_escape = false;
        for c in out.chars() {
            match (in_escape, c) {
                (false, '\u{1b}') => in_escape = true,
                (true, 'm') => in_escape = false,
                (true, _) => {}
                (false, c) => plain.push(c),
            }
        }
        assert!(
            plain.contains("error[V0102] Cargo.lock: invalid TOML at line 3"),
            "{plain}"
        );
        assert!(
            plain.contains("3 notes like: requirements.txt: `flask` names no version"),
            "{plain}"
        );
        assert_eq!(plain.matches("hint:").count(), 2, "{plain}");
    }

    #[test]
    fn many_fixed_versions_are_summarised() {
        let v: Vec<String> = ["0.2.0", "0.2.1", "0.2.2", "0.2.23"]
            .map(String::from)
            .into();
        assert_eq!(fixed_in(&v), "0.2.0, 0.2.1, … (+2)");
        assert_eq!(fixed_in(&v[..1]), "0.2.0");
        assert_eq!(fixed_in(&[]), "-");
    }
}
