//! Reads `vouch.toml` in two phases: TOML syntax first, then every table and key checked
//! against the declaration format, collecting all problems (type, unknown key with a "did you
//! mean", impossible date) with line and column before giving up.

/// The schema id a `vouch.toml` may name (`schema = "vouch.declaration/v1"`).
pub const SCHEMA: &str = "vouch.declaration/v1";

/// One problem in a `vouch.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclarationProblem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The key it concerns, dotted (`isms_certificates[0].valid_until`).
    pub key: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

/// A `vouch.toml` that cannot be used, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.origin, .problems))]
pub struct DeclarationError {
    /// The file.
    pub origin: String,
    /// All problems, in file order.
    pub problems: Vec<DeclarationProblem>,
}

fn render(origin: &str, problems: &[DeclarationProblem]) -> String {
    let mut out = format!(
        "{origin}: {} problem(s) in the declarations",
        problems.len()
    );
    for p in problems {
        out.push_str(&format!(
            "\n  {origin}:{}:{}: {}: {}",
            p.line, p.column, p.key, p.message
        ));
        if let Some(h) = &p.hint {
            out.push_str(&format!("\n    hint: {h}"));
        }
    }
    out
}

use std::ops::Range;
use std::path::Path;

use jiff::civil::Date;
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use vouch_model::ClauseId;

use super::{
    AuditReport, Contact, Declaration, EvidenceFile, IsmsCertificate, Opinion, Organisation,
    Product, Reporting, SecureDevelopment, Subcontractor, Waiver,
};
use crate::CheckKind;
use crate::definition::position;
use crate::suggest;

/// Top-level keys; `triage` belongs to the VEX reader (vouch-advisory) and is not read here.
const TOP: &[&str] = &[
    "schema",
    "organisation",
    "product",
    "security_contacts",
    "isms_certificates",
    "audit_reports",
    "secure_development",
    "reporting",
    "subcontractors",
    "waivers",
    "triage",
];

impl Declaration {
    /// Parses and validates `vouch.toml` text. `origin` names the file in errors and evidence;
    /// evidence paths are resolved against `base` (the file's directory) but not opened: see
    /// [`Declaration::load`] for that.
    pub fn parse(text: &str, origin: &str, base: &Path) -> Result<Declaration, DeclarationError> {
        let (root, syntax) = DeTable::parse_recoverable(text);
        let mut reader = Reader {
            text,
            base,
            problems: Vec::new(),
            syntax_failed: !syntax.is_empty(),
        };
        for e in &syntax {
            let at = e.span().unwrap_or(0..0);
            reader.problem(at, "", e.message().trim().to_owned(), None);
        }
        let root_span = root.span();
        let mut top = reader.fields(root.get_ref(), root_span, "", TOP);
        let mut decl = Declaration {
            origin: origin.to_owned(),
            ..Declaration::default()
        };
        if let Some((schema, span)) = top.string("schema", false)
            && schema != SCHEMA
        {
            top.reader.problem(
                span,
                "schema",
                format!("unknown schema `{schema}`"),
                Some(format!("this vouch reads `schema = \"{SCHEMA}\"`")),
            );
        }
        decl.organisation = top.table(
            "organisation",
            |t| {
                Some(Organisation {
                    name: t.string("name", true)?.0,
                    website: t.string("website", false).map(|s| s.0),
                })
            },
            &["name", "website"],
        );
        decl.product = top.table(
            "product",
            |t| {
                let name = t.string("name", true).map(|s| s.0);
                let version = t.string("version", false).map(|s| s.0);
                let released = t.date("released", false);
                let support_until = t.date("support_until", false);
                if let (Some(r), Some(s)) = (released, support_until)
                    && s < r
                {
                    t.complain(
                        "support_until",
                        "support ends before the product is released",
                        None,
                    );
                }
                Some(Product {
                    name: name?,
                    version,
                    released,
                    support_until,
                })
            },
            &["name", "version", "released", "support_until"],
        );
        decl.security_contacts = top.array("security_contacts", contact, CONTACT);
        decl.isms_certificates = top.array(
            "isms_certificates",
            |t| {
                let standard = t.string("standard", true).map(|s| s.0);
                let issuer = t.string("issuer", true).map(|s| s.0);
                let id = t.string("id", true).map(|s| s.0);
                let scope = t.string("scope", false).map(|s| s.0);
                let covers_offering = t.boolean("covers_offering");
                let valid_from = t.date("valid_from", true);
                let valid_until = t.date("valid_until", true);
                let evidence = t.file("evidence");
                if let (Some(from), Some(until)) = (valid_from, valid_until)
                    && until < from
                {
                    t.complain(
                        "valid_until",
                        "the certificate expires before it is valid",
                        Some("check valid_from and valid_until"),
                    );
                }
                Some(IsmsCertificate {
                    standard: standard?,
                    issuer: issuer?,
                    id: id?,
                    scope,
                    covers_offering,
                    valid_from: valid_from?,
                    valid_until: valid_until?,
                    evidence,
                })
            },
            &[
                "standard",
                "issuer",
                "id",
                "scope",
                "covers_offering",
                "valid_from",
                "valid_until",
                "evidence",
            ],
        );
        decl.audit_reports = top.array("audit_reports", |t| {
            let kind = t.string("type", true).map(|s| s.0);
            let auditor = t.string("auditor", true).map(|s| s.0);
            let period_start = t.date("period_start", true);
            let period_end = t.date("period_end", true);
            let opinion = t.choice("opinion", &[
                ("unqualified", Opinion::Unqualified),
                ("qualified", Opinion::Qualified),
                ("adverse", Opinion::Adverse),
                ("disclaimer", Opinion::Disclaimer),
            ]);
            let bridge_letter_until = t.date("bridge_letter_until", false);
            let evidence = t.file("evidence");
            if let (Some(s), Some(e)) = (period_start, period_end)
                && e < s
            {
                t.complain("period_end", "the audit period ends before it starts", None);
            }
            if let (Some(e), Some(b)) = (period_end, bridge_letter_until)
                && b < e
            {
                t.complain("bridge_letter_until", "a bridge letter covers time after the audit period, but this one ends before it", None);
            }
            Some(AuditReport {
                kind: kind?,
                auditor: auditor?,
                period_start: period_start?,
                period_end: period_end?,
                opinion,
                bridge_letter_until,
                evidence,
            })
        }, &["type", "auditor", "period_start", "period_end", "opinion", "bridge_letter_until", "evidence"]);
        decl.secure_development = top.table(
            "secure_development",
            |t| {
                let standard = t.string("standard", true).map(|s| s.0);
                let level = t.integer("level", 1, 255).map(|l| l as u8);
                let sarif = t.files("sarif");
                Some(SecureDevelopment {
                    standard: standard?,
                    level,
                    sarif: sarif
                        .into_iter()
                        .map(|file| super::SarifEvidence {
                            file,
                            content: Err("not read yet".into()),
                        })
                        .collect(),
                })
            },
            &["standard", "level", "sarif"],
        );
        decl.reporting = top.table(
            "reporting",
            |t| {
                let vulnerability_contact = t.table("vulnerability_contact", contact, CONTACT);
                let incident_contact = t.table("incident_contact", contact, CONTACT);
                let early_warning_hours = t
                    .integer("early_warning_hours", 0, 100_000)
                    .map(|h| h as u32);
                let notification_hours = t
                    .integer("notification_hours", 0, 100_000)
                    .map(|h| h as u32);
                let final_report_days = t.integer("final_report_days", 0, 10_000).map(|d| d as u32);
                Some(Reporting {
                    vulnerability_contact,
                    incident_contact,
                    early_warning_hours,
                    notification_hours,
                    final_report_days,
                })
            },
            &[
                "vulnerability_contact",
                "incident_contact",
                "early_warning_hours",
                "notification_hours",
                "final_report_days",
            ],
        );
        decl.subcontractors = top.array(
            "subcontractors",
            |t| {
                let name = t.string("name", true).map(|s| s.0);
                let supplies = t.string("supplies", true).map(|s| s.0);
                let flow_down_signed = t.date("flow_down_signed", false);
                let flow_down_due = t.date("flow_down_due", false);
                let evidence = t.file("evidence");
                Some(Subcontractor {
                    name: name?,
                    supplies: supplies?,
                    flow_down_signed,
                    flow_down_due,
                    evidence,
                })
            },
            &[
                "name",
                "supplies",
                "flow_down_signed",
                "flow_down_due",
                "evidence",
            ],
        );
        decl.waivers = top.array(
            "waivers",
            |t| {
                let check = match t.string("check", true) {
                    Some((name, span)) => match CheckKind::from_name(&name) {
                        Some(kind) => Some(kind),
                        None => {
                            let known: Vec<&str> =
                                CheckKind::ALL.iter().map(|k| k.as_str()).collect();
                            let key = t.key("check");
                            t.reader.problem(
                                span,
                                &key,
                                format!("unknown check `{name}`"),
                                Some(suggest::hint(&name, &known)),
                            );
                            None
                        }
                    },
                    None => None,
                };
                let clause = match t.string("clause", false) {
                    Some((text, span)) => match text.parse::<ClauseId>() {
                        Ok(id) => Some(id),
                        Err(e) => {
                            let key = t.key("clause");
                            t.reader.problem(span, &key, e.to_string(), None);
                            return None;
                        }
                    },
                    None => None,
                };
                let reason = t.string("reason", true).map(|s| s.0);
                let approved_by = t.string("approved_by", true).map(|s| s.0);
                let expires = t.date("expires", true);
                Some(Waiver {
                    check: check?,
                    clause,
                    reason: reason?,
                    approved_by: approved_by?,
                    expires: expires?,
                    pointer: t.pointer.clone(),
                })
            },
            &["check", "clause", "reason", "approved_by", "expires"],
        );
        drop(top);
        if reader.problems.is_empty() {
            return Ok(decl);
        }
        let mut problems = reader.problems;
        problems.sort_by_key(|p| (p.line, p.column));
        Err(DeclarationError {
            origin: origin.to_owned(),
            problems,
        })
    }
}

const CONTACT: &[&str] = &["name", "email", "url"];

fn contact(t: &mut Fields<'_, '_, '_, '_>) -> Option<Contact> {
    let name = t.string("name", false).map(|s| s.0);
    let email = t.string("email", false).map(|s| s.0);
    let url = t.string("url", false).map(|s| s.0);
    if email.is_none() && url.is_none() {
        t.complain_here(
            "a contact needs an `email` or a `url`",
            Some("add `email = \"security@example.com\"`"),
        );
        return None;
    }
    Some(Contact { name, email, url })
}

struct Reader<'t> {
    text: &'t str,
    base: &'t Path,
    problems: Vec<DeclarationProblem>,
    /// With syntax errors the recovered document may lack values that are really there, so
    /// "missing key" problems are not reported on top of them.
    syntax_failed: bool,
}

impl<'t> Reader<'t> {
    fn problem(&mut self, span: Range<usize>, key: &str, message: String, hint: Option<String>) {
        let (line, column) = position(self.text, span.start);
        self.problems.push(DeclarationProblem {
            line,
            column,
            key: key.to_owned(),
            message,
            hint,
        });
    }

    fn fields<'r, 'a, 'i>(
        &'r mut self,
        table: &'a DeTable<'i>,
        span: Range<usize>,
        path: &str,
        known: &[&str],
    ) -> Fields<'r, 't, 'a, 'i> {
        let pointer = if path.is_empty() {
            String::new()
        } else {
            format!("/{}", path.replace(['.', '['], "/").replace(']', ""))
        };
        let fields = Fields {
            reader: self,
            table,
            span,
            path: path.to_owned(),
            pointer,
        };
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if !known.contains(&name) {
                let full = fields.key(name);
                fields.reader.problem(
                    key.span(),
                    &full,
                    format!("unknown key `{name}`"),
                    Some(suggest::hint(name, known)),
                );
            }
        }
        fields
    }
}

/// The keys of one table, read one by one; each getter reports its own problems.
struct Fields<'r, 't, 'a, 'i> {
    reader: &'r mut Reader<'t>,
    table: &'a DeTable<'i>,
    span: Range<usize>,
    /// Dotted path for messages (`isms_certificates[0]`).
    path: String,
    /// JSON pointer for evidence references (`/isms_certificates/0`).
    pointer: String,
}

impl<'t, 'a, 'i> Fields<'_, 't, 'a, 'i> {
    fn key(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    fn get(&mut self, name: &str, required: bool) -> Option<&'a Spanned<DeValue<'i>>> {
        let found = self
            .table
            .iter()
            .find(|(k, _)| {
                let k: &str = k.get_ref();
                k == name
            })
            .map(|(_, v)| v);
        if found.is_none() && required && !self.reader.syntax_failed {
            let key = self.key(name);
            let at = self.span.clone();
            self.reader.problem(
                at,
                &key,
                format!("`{name}` is required here"),
                Some(format!("add `{name} = ...` to this table")),
            );
        }
        found
    }

    fn wrong_type(&mut self, name: &str, value: &Spanned<DeValue<'_>>, want: &str) {
        let key = self.key(name);
        let got = match value.get_ref() {
            DeValue::String(_) => "a string",
            DeValue::Integer(_) => "an integer",
            DeValue::Float(_) => "a float",
            DeValue::Boolean(_) => "a boolean",
            DeValue::Datetime(_) => "a date-time",
            DeValue::Array(_) => "an array",
            DeValue::Table(_) => "a table",
        };
        self.reader.problem(
            value.span(),
            &key,
            format!("expected {want}, found {got}"),
            None,
        );
    }

    fn complain(&mut self, name: &str, message: &str, hint: Option<&str>) {
        let key = self.key(name);
        let at = self
            .table
            .iter()
            .find(|(k, _)| {
                let k: &str = k.get_ref();
                k == name
            })
            .map_or(self.span.clone(), |(_, v)| v.span());
        self.reader
            .problem(at, &key, message.to_owned(), hint.map(str::to_owned));
    }

    fn complain_here(&mut self, message: &str, hint: Option<&str>) {
        let key = self.path.clone();
        let at = self.span.clone();
        self.reader
            .problem(at, &key, message.to_owned(), hint.map(str::to_owned));
    }

    /// A non-blank string and where it is.
    fn string(&mut self, name: &str, required: bool) -> Option<(String, Range<usize>)> {
        let value = self.get(name, required)?;
        match value.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                let key = self.key(name);
                self.reader.problem(
                    value.span(),
                    &key,
                    format!("`{name}` is empty"),
                    Some("fill it in or remove the key".into()),
                );
                None
            }
            DeValue::String(s) => Some((s.trim().to_owned(), value.span())),
            _ => {
                self.wrong_type(name, value, "a string");
                None
            }
        }
    }

    fn boolean(&mut self, name: &str) -> Option<bool> {
        let value = self.get(name, false)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(name, value, "true or false");
                None
            }
        }
    }

    fn integer(&mut self, name: &str, min: i64, max: i64) -> Option<i64> {
        let value = self.get(name, false)?;
        let DeValue::Integer(i) = value.get_ref() else {
            self.wrong_type(name, value, "an integer");
            return None;
        };
        let parsed = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok();
        match parsed {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                let key = self.key(name);
                self.reader.problem(
                    value.span(),
                    &key,
                    format!("`{name}` must be a whole number from {min} to {max}"),
                    None,
                );
                None
            }
        }
    }

    /// A calendar date: a TOML local date (`2027-01-31`) or a string holding one.
    fn date(&mut self, name: &str, required: bool) -> Option<Date> {
        let value = self.get(name, required)?;
        let key = self.key(name);
        let date = match value.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => Date::new(d.year as i16, d.month as i8, d.day as i8).ok(),
                _ => {
                    self.reader.problem(
                        value.span(),
                        &key,
                        format!("`{name}` must be a date without a time"),
                        Some("write it as YYYY-MM-DD, e.g. 2027-01-31".into()),
                    );
                    return None;
                }
            },
            DeValue::String(s) => s
                .trim()
                .parse::<Date>()
                .ok()
                .filter(|_| s.trim().len() == 10),
            _ => {
                self.wrong_type(name, value, "a date (YYYY-MM-DD)");
                return None;
            }
        };
        if date.is_none() {
            self.reader.problem(
                value.span(),
                &key,
                format!("`{name}` is not a real calendar date"),
                Some("write it as YYYY-MM-DD, e.g. 2027-01-31".into()),
            );
        }
        date
    }

    fn choice<T: Copy>(&mut self, name: &str, options: &[(&str, T)]) -> Option<T> {
        let (given, span) = self.string(name, false)?;
        if let Some((_, v)) = options
            .iter()
            .find(|(label, _)| label.eq_ignore_ascii_case(&given))
        {
            return Some(*v);
        }
        let labels: Vec<&str> = options.iter().map(|(l, _)| *l).collect();
        let key = self.key(name);
        self.reader.problem(
            span,
            &key,
            format!("unknown {name} `{given}`"),
            Some(suggest::hint(&given, &labels)),
        );
        None
    }

    fn evidence_file(&self, path: &str) -> EvidenceFile {
        EvidenceFile {
            path: path.to_owned(),
            resolved: self.reader.base.join(path),
            sha256: None,
        }
    }

    fn file(&mut self, name: &str) -> Option<EvidenceFile> {
        let (path, _) = self.string(name, false)?;
        Some(self.evidence_file(&path))
    }

    fn files(&mut self, name: &str) -> Vec<EvidenceFile> {
        let Some(value) = self.get(name, false) else {
            return Vec::new();
        };
        let items = match value.get_ref() {
            DeValue::Array(items) => items,
            DeValue::String(_) => {
                return self.file(name).into_iter().collect();
            }
            _ => {
                self.wrong_type(name, value, "an array of paths");
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => {
                    out.push(self.evidence_file(s.trim()));
                }
                _ => {
                    let key = format!("{}[{i}]", self.key(name));
                    self.reader.problem(
                        item.span(),
                        &key,
                        "expected a path (a non-empty string)".into(),
                        None,
                    );
                }
            }
        }
        out
    }

    /// A sub-table read by `read`; unknown keys in it are reported against `known`.
    fn table<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut Fields<'_, 't, 'a, 'i>) -> Option<T>,
        known: &[&str],
    ) -> Option<T> {
        let value = self.get(name, false)?;
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type(name, value, "a table");
            return None;
        };
        let path = self.key(name);
        let mut fields = self.reader.fields(table, value.span(), &path, known);
        read(&mut fields)
    }

    /// An array of tables (`[[name]]`), each read by `read`.
    fn array<T>(
        &mut self,
        name: &str,
        mut read: impl FnMut(&mut Fields<'_, 't, 'a, 'i>) -> Option<T>,
        known: &[&str],
    ) -> Vec<T> {
        let Some(value) = self.get(name, false) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(name, value, &format!("an array of tables (`[[{name}]]`)"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("{}[{i}]", self.key(name));
            let DeValue::Table(table) = item.get_ref() else {
                self.wrong_type(&format!("{name}[{i}]"), item, "a table");
                continue;
            };
            let mut fields = self.reader.fields(table, item.span(), &path, known);
            if let Some(v) = read(&mut fields) {
                out.push(v);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../../../examples/acme-gateway/vouch.toml");

    fn parse(text: &str) -> Result<Declaration, DeclarationError> {
        Declaration::parse(text, "vouch.toml", Path::new("/repo"))
    }

    #[test]
    fn the_example_declaration_reads_in_full() {
        let d = parse(EXAMPLE).unwrap();
        assert_eq!(d.organisation.unwrap().name, "Acme Devices GmbH");
        let product = d.product.unwrap();
        assert_eq!(product.support_until, Some(jiff::civil::date(2031, 12, 31)));
        assert_eq!(d.security_contacts.len(), 1);
        let cert = &d.isms_certificates[0];
        assert_eq!(cert.valid_until, jiff::civil::date(2027, 2, 28));
        assert_eq!(cert.covers_offering, Some(true));
        assert_eq!(
            cert.evidence.as_ref().unwrap().resolved,
            Path::new("/repo/evidence/iso27001-certificate.txt")
        );
        assert_eq!(d.audit_reports[0].opinion, Some(Opinion::Unqualified));
        let dev = d.secure_development.unwrap();
        assert_eq!((dev.level, dev.sarif.len()), (Some(2), 1));
        let reporting = d.reporting.unwrap();
        assert_eq!(reporting.notification_hours, Some(72));
        assert_eq!(
            reporting.incident_contact.unwrap().name.as_deref(),
            Some("Acme SOC")
        );
        assert_eq!(d.subcontractors.len(), 2);
        assert_eq!(d.subcontractors[1].flow_down_signed, None);
        assert_eq!(d.waivers[0].check, CheckKind::ComponentsUpToDate);
        assert_eq!(d.waivers[0].pointer, "/waivers/0");
    }

    #[test]
    fn an_empty_file_declares_nothing_and_triage_is_left_to_the_vex_reader() {
        let d = parse("[[triage]]\nid = \"GHSA-x\"\n").unwrap();
        assert_eq!(d.isms_certificates.len(), 0);
        assert!(d.product.is_none());
    }

    #[test]
    fn every_problem_is_reported_at_once_with_position_and_hint() {
        let text = r#"schema = "vouch.declaration/v1"
[product]
name = "x"
suport_until = 2030-01-01
released = "2026-02-30"

[[isms_certificates]]
standard = 27001
issuer = "x"
id = "1"
valid_from = 2027-01-01
valid_until = 2026-01-01

[[waivers]]
check = "components-uptodate"
reason = "r"
approved_by = "me"
expires = 2026-01-01T10:00:00Z

[colour]
"#;
        let err = parse(text).unwrap_err();
        let got: Vec<(usize, usize, &str)> = err
            .problems
            .iter()
            .map(|p| (p.line, p.column, p.key.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (4, 1, "product.suport_until"),
                (5, 12, "product.released"),
                (8, 12, "isms_certificates[0].standard"),
                (12, 15, "isms_certificates[0].valid_until"),
                (15, 9, "waivers[0].check"),
                (18, 11, "waivers[0].expires"),
                (20, 2, "colour"),
            ],
            "{err}"
        );
        let hints: Vec<Option<&str>> = err.problems.iter().map(|p| p.hint.as_deref()).collect();
        assert_eq!(hints[0], Some("did you mean `support_until`?"));
        assert_eq!(hints[4], Some("did you mean `components-up-to-date`?"));
        assert!(
            err.problems[2]
                .message
                .contains("expected a string, found an integer")
        );
        assert!(err.problems[1].message.contains("not a real calendar date"));
        assert!(
            err.to_string().starts_with("vouch.toml: 7 problem(s)"),
            "{err}"
        );
    }

    #[test]
    fn missing_required_keys_name_the_table() {
        let err = parse("[[audit_reports]]\ntype = \"SOC 2 Type II\"\n").unwrap_err();
        let keys: Vec<&str> = err.problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "audit_reports[0].auditor",
                "audit_reports[0].period_start",
                "audit_reports[0].period_end"
            ]
        );
        assert!(err.problems.iter().all(|p| p.line >= 1));
    }

    #[test]
    fn impossible_toml_dates_and_syntax_errors_are_reported_with_the_rest() {
        let err =
            parse("[product]\nname = \"x\"\nsupport_until = 2026-02-30\ncolor = 1\n").unwrap_err();
        assert!(err.problems.iter().any(|p| p.line == 3), "{err}");
        assert!(
            err.problems.iter().any(|p| p.key == "product.color"),
            "{err}"
        );
    }

    #[test]
    fn contacts_need_a_way_to_reach_them_and_numbers_stay_in_range() {
        let err = parse(
            "[[security_contacts]]\nname = \"PSIRT\"\n[reporting]\nnotification_hours = -3\n",
        )
        .unwrap_err();
        assert_eq!(err.problems.len(), 2, "{err}");
        assert!(
            err.problems[0]
                .message
                .contains("needs an `email` or a `url`")
        );
        assert!(err.problems[1].message.contains("from 0 to 100000"));
    }

    #[test]
    fn a_wrong_schema_is_refused() {
        let err = parse("schema = \"vouch.declaration/v9\"\n").unwrap_err();
        assert!(err.problems[0].message.contains("unknown schema"));
    }
}
