//! GitHub-flavoured Markdown for pull-request comments: outcome, clause table, the worst
//! findings, evidence folded in `<details>`, diagnostics. Every text that comes from the delivery
//! or an advisory is escaped, so a hostile summary can neither break a table nor inject HTML.

use std::fmt::Write as _;

use vouch_baseline::{Command, Outcome, Report, Status};
use vouch_model::{Finding, FindingKind, Level};

use crate::html::escape as html;
use crate::terminal::{fixed_in, shorten};

/// Findings listed in the table; the rest are counted in an "and N more" line (the JSON report
/// lists every one). A PR comment is capped at 65 536 characters by GitHub.
pub const MARKDOWN_MAX_FINDINGS: usize = 50;

/// Diagnostics listed; the rest are counted, as for findings.
const MAX_DIAGNOSTICS: usize = 50;

/// Renders the report as GitHub-flavoured Markdown, ending with a newline.
pub fn to_markdown(report: &Report) -> String {
    let mut out = String::new();
    title(&mut out, report);
    if report.command == Command::Check {
        clauses(&mut out, report);
    }
    findings(&mut out, &report.findings);
    if report.command == Command::Check {
        evidence(&mut out, report);
    }
    diagnostics(&mut out, report);
    out
}

/// A short marker per status: words, not emoji, so it reads the same in every client.
fn marker(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "**FAIL**",
        Status::MissingEvidence => "missing evidence",
        Status::NotApplicable => "n/a",
        Status::Waived => "waived",
    }
}

fn title(out: &mut String, r: &Report) {
    let verb = match r.command {
        Command::Check => "check",
        Command::Scan => "scan",
    };
    let outcome = match r.summary.outcome {
        Outcome::Pass => "PASS",
        Outcome::Fail => "FAIL",
        Outcome::Error => "ERROR",
    };
    let _ = write!(
        out,
        "## vouch {verb}: {outcome} · {}",
        escape(&r.target.path)
    );
    if let Some(b) = &r.baseline {
        let _ = write!(out, " against {} {}", escape(&b.title), escape(&b.version));
    }
    out.push_str("\n\n");
    let plural = |n: usize, s: &str| format!("{n} {s}{}", if n == 1 { "" } else { "s" });
    let _ = write!(
        out,
        "{} from {}",
        plural(r.summary.components, "component"),
        plural(r.summary.files, "file")
    );
    match &r.database {
        Some(db) => {
            let _ = write!(
                out,
                " · {} advisory records, updated {} (sha256:{})",
                db.records,
                db.updated.strftime("%Y-%m-%d %H:%M UTC"),
                escape(db.digest.get(..12).unwrap_or(&db.digest))
            );
        }
        None => out.push_str(" · no advisory database used"),
    }
    if let Some(s) = &r.sbom {
        let _ = write!(out, " · SBOM {}", escape(&s.format));
    }
    out.push('\n');
}

fn clauses(out: &mut String, r: &Report) {
    out.push_str("\n### Clauses\n\n| Clause | Title | Status | Summary |\n|---|---|---|---|\n");
    for v in &r.verdicts {
        let why: Vec<String> = v.deciding_checks().map(|c| escape(&c.summary)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            escape(v.clause.as_str()),
            escape(&v.title),
            marker(v.status),
            why.join("; ")
        );
    }
}

fn findings(out: &mut String, findings: &[Finding]) {
    if findings.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "\n### Findings ({})\n\n| ID | Severity | Package | Fixed in | VEX | Summary |\n|---|---|---|---|---|---|\n",
        findings.len()
    );
    for f in findings.iter().take(MARKDOWN_MAX_FINDINGS) {
        let mut id = match f.url.as_deref().and_then(safe_url) {
            Some(url) => format!("[{}]({url})", escape(f.id.as_str())),
            None => escape(f.id.as_str()),
        };
        if f.kind != FindingKind::Vulnerability {
            let _ = write!(id, " ({})", f.kind.as_str());
        }
        let vex = f.vex.as_ref().map_or("-", |v| v.status().as_str());
        let _ = writeln!(
            out,
            "| {id} | {} | {}@{} | {} | {vex} | {} |",
            f.severity.level.as_str(),
            escape(&f.package),
            escape(&f.version),
            escape(&fixed_in(&f.fixed_versions)),
            escape(&shorten(f.summary.as_deref().unwrap_or_default(), 100)),
        );
    }
    if findings.len() > MARKDOWN_MAX_FINDINGS {
        let _ = writeln!(
            out,
            "\nand {} more (the JSON report lists every finding)",
            findings.len() - MARKDOWN_MAX_FINDINGS
        );
    }
}

fn evidence(out: &mut String, r: &Report) {
    if r.verdicts.is_empty() {
        return;
    }
    out.push_str("\n### Evidence\n");
    for v in &r.verdicts {
        // A check without evidence (not checked yet) says all it has in the clause table.
        for c in v.checks.iter().filter(|c| !c.evidence.is_empty()) {
            // `<summary>` is raw HTML to a Markdown parser: escape as HTML there.
            let _ = write!(
                out,
                "\n<details>\n<summary>{} {}: {}</summary>\n\n{}\n\n",
                html(v.clause.as_str()),
                html(c.check),
                html(c.status.as_str()),
                escape(&c.summary)
            );
            for e in &c.evidence {
                match &e.reference {
                    Some(reference) => {
                        let _ =
                            writeln!(out, "- {} ({})", escape(&e.description), escape(reference));
                    }
                    None => {
                        let _ = writeln!(out, "- {}", escape(&e.description));
                    }
                }
            }
            out.push_str("\n</details>\n");
        }
    }
}

fn diagnostics(out: &mut String, r: &Report) {
    if r.diagnostics.is_empty() {
        return;
    }
    let _ = write!(out, "\n### Diagnostics ({})\n\n", r.diagnostics.len());
    // Errors first, then warnings, then notes: the order a reader acts in.
    let mut sorted: Vec<_> = r.diagnostics.iter().collect();
    sorted.sort_by_key(|d| match d.level {
        Level::Error => 0,
        Level::Warning => 1,
        Level::Info => 2,
    });
    for d in sorted.iter().take(MAX_DIAGNOSTICS) {
        let _ = writeln!(
            out,
            "- {} (hint: {})",
            escape(&d.to_string()),
            escape(d.hint)
        );
    }
    if sorted.len() > MAX_DIAGNOSTICS {
        let _ = writeln!(
            out,
            "\nand {} more (the JSON report lists every diagnostic)",
            sorted.len() - MAX_DIAGNOSTICS
        );
    }
}

/// Escapes text for a Markdown paragraph, list item or table cell: the characters that GFM gives
/// a meaning to inline get a backslash (CommonMark §2.4 lets any ASCII punctuation be escaped),
/// as do those that open a block at the start of a line (heading, list, thematic break); line
/// breaks become spaces (a newline would end a table row) and other control characters are
/// dropped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Still at the start of the text, ignoring spaces, or after a leading run of digits.
    let mut at_start = true;
    let mut leading_digits = false;
    for c in text.chars() {
        let block_opener = match c {
            '#' | '-' | '+' | '=' => at_start,
            '.' | ')' => leading_digits,
            _ => false,
        };
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c if block_opener => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        leading_digits = (at_start || leading_digits) && c.is_ascii_digit();
        at_start = at_start && c == ' ';
    }
    out
}

/// An advisory URL fit for a link target: http(s) only (no `javascript:`), with the characters
/// that would end a Markdown link or a table cell percent-encoded.
pub(crate) fn safe_url(url: &str) -> Option<String> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '|' | '"' | '`' | '\\' | '[' | ']' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::fixture::{HOSTILE, check_report};

    #[test]
    fn hostile_text_cannot_break_a_table_or_inject_html() {
        let escaped = escape(HOSTILE);
        assert!(!escaped.contains('\n'), "{escaped}");
        assert!(!escaped.chars().any(char::is_control), "{escaped}");
        // Every significant character is preceded by a backslash.
        for (i, c) in escaped.char_indices() {
            if "|*_`<>&[]".contains(c) {
                assert_eq!(&escaped[i - 1..i], "\\", "{c} at {i} in {escaped}");
            }
        }
        let md = to_markdown(&check_report(0));
        assert!(!md.contains("<script>"), "{md}");
        // Each table row keeps its cell count, escaped pipes aside.
        for line in md.lines().filter(|l| l.starts_with('|')) {
            let cells = line.replace("\\|", "").matches('|').count();
            assert!(cells == 5 || cells == 7, "{line}");
        }
    }

    #[test]
    fn block_openers_are_escaped_only_where_they_open_a_block() {
        assert_eq!(escape("# h"), "\\# h");
        assert_eq!(escape("  - item"), "  \\- item");
        assert_eq!(escape("12. x"), "12\\. x");
        assert_eq!(escape("a-b 1.2 #3"), "a-b 1.2 #3");
    }

    #[test]
    fn only_web_urls_are_linked_and_they_cannot_end_the_link() {
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(
            safe_url("https://x.test/a (b)|c").unwrap(),
            "https://x.test/a%20%28b%29%7Cc"
        );
    }

    #[test]
    fn findings_are_capped_with_a_count_of_the_rest() {
        let md = to_markdown(&check_report(MARKDOWN_MAX_FINDINGS));
        let rows = md.lines().filter(|l| l.starts_with("| [RUSTSEC")).count();
        assert_eq!(rows, MARKDOWN_MAX_FINDINGS);
        assert!(
            md.contains("\nand 2 more (the JSON report lists every finding)\n"),
            "{md}"
        );
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(to_markdown(&check_report(0)));
    }
}
