//! The checks decided from what the seller declares in `vouch.toml` (clauses 1, 2, 3.1, 3.3, 3.6,
//! 4, 5, 6): each judges the declaration as of the delivery date and cites every entry it looked
//! at (`vouch.toml#/isms_certificates/0`), with evidence files by path and SHA-256.
//!
//! vouch does not vouch for what it could not see: an evidence file named but not found is shown,
//! and no check passes on a file alone; a SARIF file that could not be read makes an otherwise
//! clean static-analysis result missing evidence (an open result in a readable file still fails).
//! An empty subcontractor register in a present `vouch.toml` means "no subcontractors": the
//! seller says so by declaring none, and flow-down is not applicable. Security contacts fall back
//! to the reporting vulnerability contact only when none is declared.

use jiff::civil::Date;
use jiff::{Span, Unit};

use crate::engine::{Evidence, result};
use crate::{
    AuditReport, CheckKind, CheckResult, CheckSpec, Contact, Declaration, EvidenceFile, Facts,
    IsmsCertificate, Opinion, SarifLevel, SarifSummary, Status,
};

/// How close to its end a valid certificate draws a renewal note in the evidence.
const EXPIRY_NOTICE_DAYS: u32 = 90;

/// Runs a declaration-based check.
pub(crate) fn run(spec: &CheckSpec, facts: &Facts<'_>) -> CheckResult {
    let kind = spec.kind();
    let Some(d) = facts.declaration else {
        return result(
            kind,
            Status::MissingEvidence,
            format!(
                "no vouch.toml found (`vouch init` writes one): needs {}",
                kind.needs()
            ),
            Vec::new(),
        );
    };
    let date = facts.date;
    match spec {
        CheckSpec::IsmsCertificate {
            standards,
            max_age_days,
        } => isms_certificate(d, date, standards, *max_age_days),
        CheckSpec::IsmsScope => isms_scope(d, date),
        CheckSpec::SecureDevelopmentStandard => secure_development_standard(d),
        CheckSpec::StaticAnalysisResults { fail_level } => static_analysis(d, *fail_level),
        CheckSpec::SupportPeriod { min_months } => support_period(d, date, *min_months),
        CheckSpec::SecurityContact => security_contact(d),
        CheckSpec::IncidentReporting {
            max_early_warning_hours,
            max_notification_hours,
            max_final_report_days,
        } => incident_reporting(
            d,
            [
                *max_early_warning_hours,
                *max_notification_hours,
                *max_final_report_days,
            ],
        ),
        CheckSpec::SubcontractorFlowDown => subcontractor_flow_down(d, date),
        CheckSpec::AuditReport { max_age_months } => audit_report(d, date, *max_age_months),
        other => result(
            kind,
            Status::MissingEvidence,
            format!(
                "`{}` is not decided from vouch.toml: needs {}",
                other.kind(),
                kind.needs()
            ),
            Vec::new(),
        ),
    }
}

// ---- clause 1: ISMS certificate ----

fn isms_certificate(
    d: &Declaration,
    date: Date,
    standards: &[String],
    max_age_days: Option<u32>,
) -> CheckResult {
    let kind = CheckKind::IsmsCertificate;
    if d.isms_certificates.is_empty() {
        return result(
            kind,
            Status::MissingEvidence,
            format!(
                "no ISMS certificate declared: add [[isms_certificates]] ({}) to {}",
                standards.join(" or "),
                d.origin
            ),
            Vec::new(),
        );
    }
    let mut evidence = Vec::new();
    let mut reasons = Vec::new();
    let mut best: Option<(usize, &IsmsCertificate)> = None;
    for (i, c) in d.isms_certificates.iter().enumerate() {
        let pointer = format!("/isms_certificates/{i}");
        let label = certificate_label(c);
        match certificate_problem(c, date, standards, max_age_days) {
            None => {
                evidence.push(
                    Evidence::new(format!(
                        "{label}: valid from {} until {}",
                        c.valid_from, c.valid_until
                    ))
                    .with_reference(at(d, &pointer)),
                );
                if best.is_none_or(|(_, b)| c.valid_until > b.valid_until) {
                    best = Some((i, c));
                }
            }
            Some(why) => {
                evidence
                    .push(Evidence::new(format!("{label}: {why}")).with_reference(at(d, &pointer)));
                reasons.push(format!("{} {} {why}", c.standard, c.id));
            }
        }
        if let Some(f) = &c.evidence {
            evidence.push(file_evidence(d, "certificate document", f));
        }
    }
    let Some((i, c)) = best else {
        return result(
            kind,
            Status::Fail,
            format!(
                "no declared ISMS certificate is valid on {date}: {}",
                reasons.join("; ")
            ),
            evidence,
        );
    };
    let left = days_between(date, c.valid_until);
    let mut summary = format!(
        "{} certificate {} by {} valid until {}",
        c.standard, c.id, c.issuer, c.valid_until
    );
    if left < i64::from(EXPIRY_NOTICE_DAYS) {
        summary.push_str(&format!(" (expires in {left} days)"));
        evidence.push(
            Evidence::new(format!(
                "{} expires on {}, {left} days after delivery: renewal is due",
                certificate_label(c),
                c.valid_until
            ))
            .with_reference(at(d, &format!("/isms_certificates/{i}/valid_until"))),
        );
    }
    result(kind, Status::Pass, summary, evidence)
}

fn certificate_label(c: &IsmsCertificate) -> String {
    format!("{} certificate {} by {}", c.standard, c.id, c.issuer)
}

/// Why a certificate does not count on `date`; `None` when it does.
fn certificate_problem(
    c: &IsmsCertificate,
    date: Date,
    standards: &[String],
    max_age_days: Option<u32>,
) -> Option<String> {
    let standard = c.standard.trim().to_lowercase();
    if !standards
        .iter()
        .any(|s| standard.starts_with(&s.trim().to_lowercase()))
    {
        return Some(format!(
            "is not of an accepted standard ({})",
            standards.join(", ")
        ));
    }
    if c.valid_from > date {
        return Some(format!("is not valid yet: valid from {}", c.valid_from));
    }
    if c.valid_until < date {
        return Some(format!("has expired: valid until {}", c.valid_until));
    }
    if let Some(max) = max_age_days
        && c.valid_from < days_before(date, max)
    {
        return Some(format!(
            "was issued on {}, more than {max} days before delivery: re-certification is due",
            c.valid_from
        ));
    }
    None
}

// ---- clause 2: ISMS scope ----

fn isms_scope(d: &Declaration, date: Date) -> CheckResult {
    let kind = CheckKind::IsmsScope;
    if d.isms_certificates.is_empty() {
        return result(
            kind,
            Status::MissingEvidence,
            format!(
                "no ISMS certificate declared, so no scope to judge: add [[isms_certificates]] with `scope` and `covers_offering` to {}",
                d.origin
            ),
            Vec::new(),
        );
    }
    let mut evidence = Vec::new();
    let mut scoped = Vec::new();
    for (i, c) in d.isms_certificates.iter().enumerate() {
        let pointer = at(d, &format!("/isms_certificates/{i}"));
        let label = certificate_label(c);
        if c.valid_from > date || c.valid_until < date {
            evidence.push(
                Evidence::new(format!(
                    "{label}: not valid on {date} (valid {} to {}), its scope does not count",
                    c.valid_from, c.valid_until
                ))
                .with_reference(pointer),
            );
            continue;
        }
        match c.scope.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => evidence
                .push(Evidence::new(format!("{label}: states no scope")).with_reference(pointer)),
            Some(scope) => {
                let covers = match c.covers_offering {
                    Some(true) => "declared to cover the offering",
                    Some(false) => "declared NOT to cover the offering",
                    None => "whether it covers the offering is not declared",
                };
                evidence.push(
                    Evidence::new(format!("{label}: scope \u{201c}{scope}\u{201d}; {covers}"))
                        .with_reference(pointer),
                );
                scoped.push(c);
            }
        }
    }
    if scoped.is_empty() {
        let summary = if d
            .isms_certificates
            .iter()
            .all(|c| c.valid_from > date || c.valid_until < date)
        {
            format!("no declared ISMS certificate is valid on {date}, so no scope to judge")
        } else {
            format!(
                "no valid ISMS certificate states its scope: add `scope` (as on the certificate) and `covers_offering` in {}",
                d.origin
            )
        };
        return result(kind, Status::MissingEvidence, summary, evidence);
    }
    match scoped.iter().find(|c| c.covers_offering != Some(false)) {
        Some(c) if c.covers_offering == Some(true) => result(
            kind,
            Status::Pass,
            format!(
                "the scope of {} certificate {} covers the offering",
                c.standard, c.id
            ),
            evidence,
        ),
        Some(c) => result(
            kind,
            Status::Pass,
            format!(
                "{} certificate {} states its scope (quoted in the evidence); `covers_offering` is not declared, so read the scope to confirm",
                c.standard, c.id
            ),
            evidence,
        ),
        None => result(
            kind,
            Status::Fail,
            "every valid ISMS certificate's scope is declared not to cover the offering (covers_offering = false)".into(),
            evidence,
        ),
    }
}

// ---- clause 3.1: secure development ----

fn secure_development_standard(d: &Declaration) -> CheckResult {
    let kind = CheckKind::SecureDevelopmentStandard;
    match &d.secure_development {
        Some(s) if !s.standard.trim().is_empty() => {
            let level = s.level.map(|l| format!(", level {l}")).unwrap_or_default();
            result(
                kind,
                Status::Pass,
                format!("develops to {}{level}", s.standard.trim()),
                vec![
                    Evidence::new(format!(
                        "secure-development standard: {}{level}",
                        s.standard.trim()
                    ))
                    .with_reference(at(d, "/secure_development/standard")),
                ],
            )
        }
        Some(_) => result(
            kind,
            Status::MissingEvidence,
            "[secure_development] names no standard: set `standard` (e.g. \"OWASP ASVS 4.0.3\")"
                .into(),
            vec![
                Evidence::new("an empty `standard`")
                    .with_reference(at(d, "/secure_development/standard")),
            ],
        ),
        None => result(
            kind,
            Status::MissingEvidence,
            format!(
                "no [secure_development] in {}: name the standard you develop to (e.g. OWASP ASVS 4.0.3, level 2)",
                d.origin
            ),
            Vec::new(),
        ),
    }
}

fn static_analysis(d: &Declaration, fail_level: SarifLevel) -> CheckResult {
    let kind = CheckKind::StaticAnalysisResults;
    let files = d
        .secure_development
        .as_ref()
        .map_or(&[][..], |s| &s.sarif[..]);
    if files.is_empty() {
        return result(
            kind,
            Status::MissingEvidence,
            format!(
                "no SARIF file named in {}: add your SAST results under [secure_development] `sarif`",
                d.origin
            ),
            Vec::new(),
        );
    }
    let mut evidence = Vec::new();
    let mut failing = Vec::new();
    let mut unreadable = Vec::new();
    let mut open_total = 0;
    for s in files {
        let path = &s.file.path;
        let (summary, hex) = match (&s.content, &s.file.sha256) {
            (Ok(summary), Some(hex)) => (summary, hex),
            (Err(why), _) => {
                evidence.push(
                    Evidence::new(format!("SARIF file {path} could not be read: {why}"))
                        .with_reference(path.clone()),
                );
                unreadable.push(path.as_str());
                continue;
            }
            (Ok(_), None) => {
                evidence.push(
                    Evidence::new(format!(
                        "SARIF file {path} was not found or could not be read"
                    ))
                    .with_reference(path.clone()),
                );
                unreadable.push(path.as_str());
                continue;
            }
        };
        let open = open_at_or_above(summary, fail_level);
        let tools = if summary.tools.is_empty() {
            "an unnamed tool".to_owned()
        } else {
            summary.tools.join(", ")
        };
        evidence.push(
            Evidence::new(format!(
                "SARIF file {path} from {tools}: {} error, {} warning, {} note open; {} suppressed",
                summary.errors, summary.warnings, summary.notes, summary.suppressed
            ))
            .with_reference(format!("sha256:{hex}")),
        );
        if open > 0 {
            open_total += open;
            failing.push(path.as_str());
            for example in &summary.examples {
                evidence.push(
                    Evidence::new(format!("open result: {example}")).with_reference(path.clone()),
                );
            }
        }
    }
    let level = fail_level.as_str();
    let readable = files.len() - unreadable.len();
    if !failing.is_empty() {
        return result(
            kind,
            Status::Fail,
            format!(
                "{open_total} open SAST result(s) at level `{level}` or above in {}",
                failing.join(", ")
            ),
            evidence,
        );
    }
    if readable == 0 {
        return result(
            kind,
            Status::MissingEvidence,
            format!(
                "no named SARIF file could be read ({}), so the SAST results are unknown",
                unreadable.join(", ")
            ),
            evidence,
        );
    }
    if !unreadable.is_empty() {
        return result(
            kind,
            Status::MissingEvidence,
            format!(
                "no open result at `{level}` or above in {readable} SARIF file(s), but {} could not be read",
                unreadable.join(", ")
            ),
            evidence,
        );
    }
    result(
        kind,
        Status::Pass,
        format!("no open SAST result at level `{level}` or above in {readable} SARIF file(s)"),
        evidence,
    )
}

fn open_at_or_above(s: &SarifSummary, level: SarifLevel) -> usize {
    match level {
        SarifLevel::Error => s.errors,
        SarifLevel::Warning => s.errors + s.warnings,
        SarifLevel::Note => s.errors + s.warnings + s.notes,
    }
}

// ---- clause 3.3: support period ----

fn support_period(d: &Declaration, date: Date, min_months: u32) -> CheckResult {
    let kind = CheckKind::SupportPeriod;
    let Some(p) = &d.product else {
        return result(
            kind,
            Status::MissingEvidence,
            format!(
                "no [product] in {}: declare the product and its `support_until` date",
                d.origin
            ),
            Vec::new(),
        );
    };
    let Some(until) = p.support_until else {
        return result(
            kind,
            Status::MissingEvidence,
            format!(
                "[product] {} declares no `support_until`: the last day security patches are promised",
                p.name
            ),
            vec![Evidence::new(format!("product {}", p.name)).with_reference(at(d, "/product"))],
        );
    };
    let version = p
        .version
        .as_deref()
        .map(|v| format!(" {v}"))
        .unwrap_or_default();
    let evidence = vec![
        Evidence::new(format!(
            "{}{version}: security patches promised until {until}",
            p.name
        ))
        .with_reference(at(d, "/product/support_until")),
    ];
    if until < date {
        return result(
            kind,
            Status::Fail,
            format!("support ended on {until}, before the delivery date {date}"),
            evidence,
        );
    }
    let needed = months_after(date, min_months);
    let left = remaining(date, until);
    if until < needed {
        return result(
            kind,
            Status::Fail,
            format!(
                "support ends on {until}, {left} after delivery: at least {min_months} months are required (until {needed} or later)"
            ),
            evidence,
        );
    }
    result(
        kind,
        Status::Pass,
        format!("security patches promised until {until}, {left} after delivery"),
        evidence,
    )
}

/// "N months and M days" from `from` to `to` (`to` not before `from`).
fn remaining(from: Date, to: Date) -> String {
    let (months, days) = from
        .until((Unit::Month, to))
        .map_or((0, 0), |s| (s.get_months(), s.get_days()));
    match (months, days) {
        (0, d) => format!("{d} day(s)"),
        (m, 0) => format!("{m} month(s)"),
        (m, d) => format!("{m} month(s) and {d} day(s)"),
    }
}

// ---- clause 3.6: security contact ----

fn security_contact(d: &Declaration) -> CheckResult {
    let kind = CheckKind::SecurityContact;
    let contacts: Vec<(String, &Contact)> = if d.security_contacts.is_empty() {
        d.reporting
            .as_ref()
            .and_then(|r| r.vulnerability_contact.as_ref())
            .map(|c| ("/reporting/vulnerability_contact".to_owned(), c))
            .into_iter()
            .collect()
    } else {
        d.security_contacts
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("/security_contacts/{i}"), c))
            .collect()
    };
    if contacts.is_empty() {
        return result(
            kind,
            Status::MissingEvidence,
            format!(
                "no security contact declared: add [[security_contacts]] with an `email` or https `url` to {}",
                d.origin
            ),
            Vec::new(),
        );
    }
    let mut evidence = Vec::new();
    let mut usable = Vec::new();
    let mut bad = Vec::new();
    for (pointer, c) in &contacts {
        let reach = Reach::of(c);
        evidence.push(reach.evidence(d, pointer, c, "security contact"));
        usable.extend(reach.usable.iter().cloned());
        if reach.usable.is_empty() {
            bad.push(format!(
                "{}: {}",
                contact_name(c, "security contact"),
                reach.unusable.join("; ")
            ));
        }
    }
    let fallback = if d.security_contacts.is_empty() {
        " (the reporting vulnerability contact)"
    } else {
        ""
    };
    if usable.is_empty() {
        let mut summary = format!("no declared security contact is usable: {}", bad.join("; "));
        if contacts
            .iter()
            .any(|(_, c)| c.url.as_deref().is_some_and(is_plain_http))
        {
            summary.push_str(
                "; plain http:// is not accepted: a contact must be reachable securely (https://)",
            );
        }
        return result(kind, Status::Fail, summary, evidence);
    }
    let mut summary = format!("security contact{fallback}: {}", usable.join(", "));
    if !bad.is_empty() {
        summary.push_str(&format!(
            " ({} other contact(s) not usable, see evidence)",
            bad.len()
        ));
    }
    result(kind, Status::Pass, summary, evidence)
}

fn contact_name<'a>(c: &'a Contact, role: &'a str) -> &'a str {
    c.name.as_deref().unwrap_or(role)
}

/// A contact's usable addresses, and why the others are not usable.
#[derive(Default)]
struct Reach {
    usable: Vec<String>,
    unusable: Vec<String>,
}

impl Reach {
    fn of(c: &Contact) -> Reach {
        let mut r = Reach::default();
        if let Some(e) = &c.email {
            match email_problem(e) {
                None => r.usable.push(e.clone()),
                Some(why) => r.unusable.push(format!("email `{e}` {why}")),
            }
        }
        if let Some(u) = &c.url {
            match url_problem(u) {
                None => r.usable.push(u.clone()),
                Some(why) => r.unusable.push(format!("URL `{u}` {why}")),
            }
        }
        if c.email.is_none() && c.url.is_none() {
            r.unusable.push("names neither an email nor a URL".into());
        }
        r
    }

    fn evidence(&self, d: &Declaration, pointer: &str, c: &Contact, role: &str) -> Evidence {
        let name = contact_name(c, role);
        let description = match (self.usable.is_empty(), self.unusable.is_empty()) {
            (false, true) => format!("{name}: {}", self.usable.join(", ")),
            (false, false) => format!(
                "{name}: {} (not usable: {})",
                self.usable.join(", "),
                self.unusable.join("; ")
            ),
            (true, _) => format!("{name}: not usable: {}", self.unusable.join("; ")),
        };
        Evidence::new(description).with_reference(at(d, pointer))
    }
}

/// Why `s` is not a well-formed e-mail address (RFC 5321/5322 dot-atom, RFC 6531 letters);
/// `None` when it is. Quoted local parts and address literals are not accepted.
fn email_problem(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("is empty".into());
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains a space or control character".into());
    }
    if strip_prefix_ci(s, "mailto:").is_some() {
        return Some("starts with `mailto:`: write the address alone".into());
    }
    if s.len() > 254 {
        return Some("is longer than 254 characters (RFC 5321)".into());
    }
    let Some((local, domain)) = s.split_once('@') else {
        return Some("has no `@`".into());
    };
    if domain.contains('@') {
        return Some("has more than one `@`".into());
    }
    if local.is_empty() {
        return Some("has nothing before the `@`".into());
    }
    if local.len() > 64 {
        return Some("has more than 64 characters before the `@` (RFC 5321)".into());
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Some("has a misplaced dot before the `@`".into());
    }
    if let Some(c) = local
        .chars()
        .find(|c| !(c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(*c)))
    {
        return Some(format!("has `{c}` before the `@`"));
    }
    domain_problem(domain).map(|why| format!("has a domain that {why}"))
}

/// Why `host` is not a usable DNS name; `None` when it is.
fn domain_problem(host: &str) -> Option<String> {
    if host.is_empty() {
        return Some("is empty".into());
    }
    if !host.contains('.') {
        return Some(format!("`{host}` has no dot"));
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Some(format!("`{host}` has an empty label"));
        }
        if label.len() > 63 {
            return Some(format!("`{host}` has a label longer than 63 characters"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!("`{host}` has a label starting or ending with `-`"));
        }
        if let Some(c) = label.chars().find(|c| !(c.is_alphanumeric() || *c == '-')) {
            return Some(format!("`{host}` holds `{c}`"));
        }
    }
    None
}

/// Why `url` is not an https URL with a host (or a `mailto:` with a well-formed address);
/// `None` when it is.
fn url_problem(url: &str) -> Option<String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains a space or control character".into());
    }
    if let Some(address) = strip_prefix_ci(url, "mailto:") {
        return email_problem(address).map(|why| format!("is a mailto: whose address {why}"));
    }
    if is_plain_http(url) {
        return Some(
            "uses plain http: a security contact must be reachable securely (https://)".into(),
        );
    }
    let Some(rest) = strip_prefix_ci(url, "https://") else {
        return Some("is not an https:// URL".into());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((addr, port))
                if !addr.is_empty()
                    && addr
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') =>
            {
                (None, port.strip_prefix(':'))
            }
            _ => return Some("has a malformed IPv6 host".into()),
        },
        None => match host_port.split_once(':') {
            Some((h, p)) => (Some(h), Some(p)),
            None => (Some(host_port), None),
        },
    };
    if let Some(p) = port
        && (p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) || p.parse::<u16>().is_err())
    {
        return Some(format!("has a bad port `{p}`"));
    }
    match host {
        Some("") => Some("has no host".into()),
        Some(h) => domain_problem(h).map(|why| format!("has a host that {why}")),
        None => None,
    }
}

fn is_plain_http(url: &str) -> bool {
    strip_prefix_ci(url, "http://").is_some()
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    s.get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .and_then(|_| s.get(prefix.len()..))
}

// ---- clause 4: reporting ----

fn incident_reporting(d: &Declaration, limits: [Option<u32>; 3]) -> CheckResult {
    let kind = CheckKind::IncidentReporting;
    let Some(r) = &d.reporting else {
        return result(
            kind,
            Status::MissingEvidence,
            format!(
                "no [reporting] in {}: declare the vulnerability and incident contacts and the promised reporting times",
                d.origin
            ),
            Vec::new(),
        );
    };
    let mut evidence = Vec::new();
    let mut fails = Vec::new();
    let mut missing = Vec::new();
    let mut usable = Vec::new();
    let contacts = [
        (
            "vulnerability contact",
            "/reporting/vulnerability_contact",
            &r.vulnerability_contact,
        ),
        (
            "incident contact",
            "/reporting/incident_contact",
            &r.incident_contact,
        ),
    ];
    for (role, pointer, c) in &contacts {
        if let Some(c) = c {
            let reach = Reach::of(c);
            evidence.push(reach.evidence(d, pointer, c, role));
            usable.extend(reach.usable.iter().cloned());
        }
    }
    if contacts.iter().all(|(_, _, c)| c.is_none()) {
        missing.push("no vulnerability or incident contact declared".to_owned());
    } else if usable.is_empty() {
        let mut why = "no reporting contact is usable (see evidence)".to_owned();
        if contacts.iter().any(|(_, _, c)| {
            c.as_ref()
                .and_then(|c| c.url.as_deref())
                .is_some_and(is_plain_http)
        }) {
            why.push_str(
                "; plain http:// is not accepted: contacts must be reachable securely (https://)",
            );
        }
        fails.push(why);
    }
    let promises = [
        (
            "early warning",
            r.early_warning_hours,
            limits[0],
            "hours",
            "early_warning_hours",
        ),
        (
            "notification",
            r.notification_hours,
            limits[1],
            "hours",
            "notification_hours",
        ),
        (
            "final report",
            r.final_report_days,
            limits[2],
            "days",
            "final_report_days",
        ),
    ];
    let mut declared = Vec::new();
    for (what, promised, limit, unit, key) in promises {
        let reference = at(d, &format!("/reporting/{key}"));
        match (promised, limit) {
            (Some(p), Some(l)) if p > l => {
                fails.push(format!(
                    "{what} promised within {p} {unit}, at most {l} allowed"
                ));
                evidence.push(
                    Evidence::new(format!(
                        "{what} within {p} {unit}: more than the {l} allowed"
                    ))
                    .with_reference(reference),
                );
            }
            (Some(p), Some(l)) => {
                declared.push(format!("{what} within {p} {unit}"));
                evidence.push(
                    Evidence::new(format!("{what} within {p} {unit} (at most {l} allowed)"))
                        .with_reference(reference),
                );
            }
            (Some(p), None) => {
                declared.push(format!("{what} within {p} {unit}"));
                evidence.push(
                    Evidence::new(format!("{what} within {p} {unit}")).with_reference(reference),
                );
            }
            (None, Some(l)) => missing.push(format!(
                "no {what} time declared (`{key}`, at most {l} {unit})"
            )),
            (None, None) => {}
        }
    }
    if !fails.is_empty() {
        fails.extend(missing);
        return result(kind, Status::Fail, fails.join("; "), evidence);
    }
    if !missing.is_empty() {
        return result(kind, Status::MissingEvidence, missing.join("; "), evidence);
    }
    let mut summary = format!("reported through {}", usable.join(", "));
    if !declared.is_empty() {
        summary.push_str(&format!("; {}", declared.join(", ")));
    }
    result(kind, Status::Pass, summary, evidence)
}

// ---- clause 5: subcontractors ----

fn subcontractor_flow_down(d: &Declaration, date: Date) -> CheckResult {
    let kind = CheckKind::SubcontractorFlowDown;
    if d.subcontractors.is_empty() {
        return result(
            kind,
            Status::NotApplicable,
            format!(
                "no subcontractors declared in {}: nothing to flow down",
                d.origin
            ),
            Vec::new(),
        );
    }
    let mut evidence = Vec::new();
    let (mut signed, mut grace) = (0, 0);
    let mut overdue = Vec::new();
    for (i, s) in d.subcontractors.iter().enumerate() {
        let label = format!("{} ({})", s.name, s.supplies);
        let future = match s.flow_down_signed {
            Some(day) if day > date => format!(
                "; its signing date {day} is after the delivery date, so it counts as not signed"
            ),
            _ => String::new(),
        };
        let description = match (
            s.flow_down_signed.filter(|day| *day <= date),
            s.flow_down_due,
        ) {
            (Some(day), _) => {
                signed += 1;
                format!("{label}: flow-down agreement signed on {day}")
            }
            (None, Some(due)) if due >= date => {
                grace += 1;
                format!("{label}: flow-down agreement not signed yet, due by {due}{future}")
            }
            (None, Some(due)) => {
                overdue.push(s.name.as_str());
                format!("{label}: flow-down agreement not signed, was due by {due}{future}")
            }
            (None, None) => {
                overdue.push(s.name.as_str());
                format!("{label}: flow-down agreement not signed and no due date agreed{future}")
            }
        };
        evidence.push(
            Evidence::new(description).with_reference(at(d, &format!("/subcontractors/{i}"))),
        );
        if let Some(f) = &s.evidence {
            evidence.push(file_evidence(d, "flow-down agreement", f));
        }
    }
    let mut summary = format!(
        "{} subcontractor(s): {signed} signed, {grace} within the grace period, {} overdue",
        d.subcontractors.len(),
        overdue.len()
    );
    if overdue.is_empty() {
        return result(kind, Status::Pass, summary, evidence);
    }
    summary.push_str(&format!(" ({})", overdue.join(", ")));
    result(kind, Status::Fail, summary, evidence)
}

// ---- clause 6: audit report ----

fn audit_report(d: &Declaration, date: Date, max_age_months: u32) -> CheckResult {
    let kind = CheckKind::AuditReport;
    if d.audit_reports.is_empty() {
        return result(
            kind,
            Status::MissingEvidence,
            format!(
                "no audit report declared: add [[audit_reports]] (e.g. SOC 2 Type II) to {}",
                d.origin
            ),
            Vec::new(),
        );
    }
    let oldest = months_before(date, max_age_months);
    let mut evidence = Vec::new();
    let mut reasons = Vec::new();
    let mut best: Option<&AuditReport> = None;
    for (i, r) in d.audit_reports.iter().enumerate() {
        let label = format!(
            "{} by {}, period {} to {}",
            r.kind, r.auditor, r.period_start, r.period_end
        );
        let reference = at(d, &format!("/audit_reports/{i}"));
        match audit_problem(r, date, oldest, max_age_months) {
            Some(why) => {
                evidence.push(Evidence::new(format!("{label}: {why}")).with_reference(reference));
                reasons.push(format!("{} by {} {why}", r.kind, r.auditor));
            }
            None => {
                let mut notes = Vec::new();
                if r.period_end < oldest
                    && let Some(until) = r.bridge_letter_until
                {
                    notes.push(format!("a bridge letter covers it until {until}"));
                }
                match r.opinion {
                    Some(Opinion::Qualified) => {
                        notes.push("qualified opinion: read the exceptions noted".into());
                    }
                    Some(o) => notes.push(format!("{} opinion", o.as_str())),
                    None => notes.push("opinion not declared".into()),
                }
                evidence.push(
                    Evidence::new(format!("{label}: usable; {}", notes.join("; ")))
                        .with_reference(reference),
                );
                if best.is_none_or(|b| r.period_end > b.period_end) {
                    best = Some(r);
                }
            }
        }
        if let Some(f) = &r.evidence {
            evidence.push(file_evidence(d, "audit report", f));
        }
    }
    let Some(r) = best else {
        return result(
            kind,
            Status::Fail,
            format!("no declared audit report is usable: {}", reasons.join("; ")),
            evidence,
        );
    };
    let mut summary = format!(
        "{} by {} for the period ending {}",
        r.kind, r.auditor, r.period_end
    );
    if r.period_end < oldest
        && let Some(until) = r.bridge_letter_until
    {
        summary.push_str(&format!(", bridged until {until}"));
    }
    if r.opinion == Some(Opinion::Qualified) {
        summary.push_str(" (qualified opinion)");
    }
    result(kind, Status::Pass, summary, evidence)
}

/// Why a report does not count on `date`; `None` when it does.
fn audit_problem(r: &AuditReport, date: Date, oldest: Date, max_age_months: u32) -> Option<String> {
    match r.opinion {
        Some(Opinion::Adverse) => return Some("has an adverse opinion".into()),
        Some(Opinion::Disclaimer) => return Some("has a disclaimer of opinion".into()),
        _ => {}
    }
    if r.period_end > date {
        return Some(format!(
            "has a period ending on {}, after the delivery date: not yet usable",
            r.period_end
        ));
    }
    if r.period_end >= oldest || r.bridge_letter_until.is_some_and(|b| b >= date) {
        return None;
    }
    let bridge = r
        .bridge_letter_until
        .map(|b| format!(", and its bridge letter ended on {b}"))
        .unwrap_or_default();
    Some(format!(
        "has a period that ended on {}, more than {max_age_months} months before delivery (on or after {oldest} needed){bridge}",
        r.period_end
    ))
}

// ---- shared ----

/// A reference to an entry of the declaration: its file and a JSON pointer into it.
fn at(d: &Declaration, pointer: &str) -> String {
    format!("{}#{pointer}", d.origin)
}

/// An evidence file: by path and digest, or shown as missing.
fn file_evidence(d: &Declaration, what: &str, f: &EvidenceFile) -> Evidence {
    match &f.sha256 {
        Some(hex) => {
            Evidence::new(format!("{what} {}", f.path)).with_reference(format!("sha256:{hex}"))
        }
        None => Evidence::new(format!(
            "{what} {} is named in {} but was not found or could not be read",
            f.path, d.origin
        ))
        .with_reference(f.resolved.display().to_string()),
    }
}

fn months_after(date: Date, months: u32) -> Date {
    Span::new()
        .try_months(i64::from(months))
        .map_or(Date::MAX, |s| date.saturating_add(s))
}

fn months_before(date: Date, months: u32) -> Date {
    Span::new()
        .try_months(i64::from(months))
        .map_or(Date::MIN, |s| date.saturating_sub(s))
}

fn days_before(date: Date, days: u32) -> Date {
    Span::new()
        .try_days(i64::from(days))
        .map_or(Date::MIN, |s| date.saturating_sub(s))
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |s| i64::from(s.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        Baseline, Organisation, Product, Reporting, SarifEvidence, SecureDevelopment,
        Subcontractor, Waiver, evaluate,
    };
    use vouch_model::Inventory;

    const TODAY: Date = jiff::civil::date(2026, 11, 28);

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn decl() -> Declaration {
        Declaration {
            origin: "vouch.toml".into(),
            ..Declaration::default()
        }
    }

    fn file(path: &str, present: bool) -> EvidenceFile {
        EvidenceFile {
            path: path.into(),
            resolved: format!("/delivery/{path}").into(),
            sha256: present.then(|| "ab12".into()),
        }
    }

    fn cert(standard: &str, from: &str, until: &str) -> IsmsCertificate {
        IsmsCertificate {
            standard: standard.into(),
            issuer: "BSI Group".into(),
            id: "IS 123".into(),
            scope: Some("Development and support of Acme Gateway".into()),
            covers_offering: Some(true),
            valid_from: day(from),
            valid_until: day(until),
            evidence: Some(file("evidence/iso.pdf", true)),
        }
    }

    fn email(e: &str) -> Contact {
        Contact {
            name: Some("PSIRT".into()),
            email: Some(e.into()),
            url: None,
        }
    }

    fn url(u: &str) -> Contact {
        Contact {
            name: None,
            email: None,
            url: Some(u.into()),
        }
    }

    fn sarif(path: &str, errors: usize, warnings: usize, notes: usize) -> SarifEvidence {
        SarifEvidence {
            file: file(path, true),
            content: Ok(SarifSummary {
                tools: vec!["Semgrep OSS".into()],
                errors,
                warnings,
                notes,
                suppressed: 1,
                examples: vec!["rust.unsafe-block at src/lib.rs:10".into()],
            }),
        }
    }

    fn unreadable(path: &str) -> SarifEvidence {
        SarifEvidence {
            file: file(path, false),
            content: Err("not found".into()),
        }
    }

    fn secure_dev(sarif: Vec<SarifEvidence>) -> SecureDevelopment {
        SecureDevelopment {
            standard: "OWASP ASVS 4.0.3".into(),
            level: Some(2),
            sarif,
        }
    }

    fn product(support_until: Option<Date>) -> Product {
        Product {
            name: "Acme Gateway".into(),
            version: Some("3.2.0".into()),
            released: Some(TODAY),
            support_until,
        }
    }

    fn reporting() -> Reporting {
        Reporting {
            vulnerability_contact: Some(email("psirt@acme.example")),
            incident_contact: Some(url("https://acme.example/incident")),
            early_warning_hours: Some(24),
            notification_hours: Some(72),
            final_report_days: Some(14),
        }
    }

    fn sub(signed: Option<&str>, due: Option<&str>) -> Subcontractor {
        Subcontractor {
            name: "Hosting GmbH".into(),
            supplies: "hosting".into(),
            flow_down_signed: signed.map(day),
            flow_down_due: due.map(day),
            evidence: signed.map(|_| file("evidence/flow-down.pdf", true)),
        }
    }

    fn audit(end: &str, opinion: Option<Opinion>, bridge: Option<&str>) -> AuditReport {
        AuditReport {
            kind: "SOC 2 Type II".into(),
            auditor: "Audit LLP".into(),
            period_start: day("2025-01-01"),
            period_end: day(end),
            opinion,
            bridge_letter_until: bridge.map(day),
            evidence: Some(file("evidence/soc2.pdf", true)),
        }
    }

    fn full() -> Declaration {
        Declaration {
            organisation: Some(Organisation {
                name: "Acme".into(),
                website: None,
            }),
            product: Some(product(Some(day("2031-12-31")))),
            security_contacts: vec![email("security@acme.example")],
            isms_certificates: vec![cert("ISO/IEC 27001:2022", "2025-01-10", "2028-01-09")],
            audit_reports: vec![audit("2026-06-30", Some(Opinion::Unqualified), None)],
            secure_development: Some(secure_dev(vec![sarif("semgrep.sarif", 0, 3, 2)])),
            reporting: Some(reporting()),
            subcontractors: vec![sub(Some("2025-03-01"), None)],
            ..decl()
        }
    }

    fn check_on(spec: &CheckSpec, d: Option<&Declaration>, date: Date) -> CheckResult {
        let inv = Inventory::new();
        run(
            spec,
            &Facts {
                inventory: &inv,
                findings: &[],
                database: None,
                sbom: None,
                declaration: d,
                date,
            },
        )
    }

    fn check(spec: &CheckSpec, d: &Declaration) -> CheckResult {
        check_on(spec, Some(d), TODAY)
    }

    fn refs(r: &CheckResult) -> Vec<&str> {
        r.evidence
            .iter()
            .filter_map(|e| e.reference.as_deref())
            .collect()
    }

    fn isms(max_age_days: Option<u32>) -> CheckSpec {
        CheckSpec::IsmsCertificate {
            standards: vec!["ISO/IEC 27001".into(), "IEC 62443".into()],
            max_age_days,
        }
    }

    const SARIF_ERROR: CheckSpec = CheckSpec::StaticAnalysisResults {
        fail_level: SarifLevel::Error,
    };
    const SUPPORT_24: CheckSpec = CheckSpec::SupportPeriod { min_months: 24 };
    const AUDIT_12: CheckSpec = CheckSpec::AuditReport { max_age_months: 12 };
    const REPORTING_CRA: CheckSpec = CheckSpec::IncidentReporting {
        max_early_warning_hours: Some(24),
        max_notification_hours: Some(72),
        max_final_report_days: Some(14),
    };

    #[test]
    fn without_a_declaration_every_check_is_missing_evidence_and_says_vouch_init() {
        let b = Baseline::seller_offerings().unwrap();
        let specs: Vec<&CheckSpec> = b
            .clauses
            .iter()
            .flat_map(|c| &c.checks)
            .filter(|s| {
                !matches!(
                    s,
                    CheckSpec::Pending(_)
                        | CheckSpec::NoKnownVulnerabilities { .. }
                        | CheckSpec::NoMaliciousComponents
                        | CheckSpec::SbomProduced
                )
            })
            .collect();
        assert_eq!(specs.len(), 9);
        for spec in specs {
            let r = check_on(spec, None, TODAY);
            assert_eq!(r.status, Status::MissingEvidence, "{}", r.check);
            assert!(r.summary.contains("`vouch init`"), "{}", r.summary);
        }
    }

    // ---- isms-certificate ----

    #[test]
    fn a_valid_certificate_passes_and_is_cited_with_its_document() {
        let r = check(&isms(None), &full());
        assert_eq!(r.status, Status::Pass, "{}", r.summary);
        assert_eq!(
            r.summary,
            "ISO/IEC 27001:2022 certificate IS 123 by BSI Group valid until 2028-01-09"
        );
        assert_eq!(refs(&r), ["vouch.toml#/isms_certificates/0", "sha256:ab12"]);
    }

    #[test]
    fn certificate_validity_boundaries_are_inclusive() {
        for (from, until, status) in [
            ("2026-11-28", "2029-01-01", Status::Pass),
            ("2024-01-01", "2026-11-28", Status::Pass),
            ("2026-11-29", "2029-01-01", Status::Fail),
            ("2024-01-01", "2026-11-27", Status::Fail),
        ] {
            let d = Declaration {
                isms_certificates: vec![cert("ISO/IEC 27001:2022", from, until)],
                ..decl()
            };
            assert_eq!(check(&isms(None), &d).status, status, "{from}..{until}");
        }
    }

    #[test]
    fn a_certificate_about_to_expire_passes_with_a_renewal_note() {
        let d = Declaration {
            isms_certificates: vec![cert("ISO/IEC 27001:2022", "2024-01-01", "2027-01-15")],
            ..decl()
        };
        let r = check(&isms(None), &d);
        assert_eq!(r.status, Status::Pass);
        assert!(r.summary.ends_with("(expires in 48 days)"), "{}", r.summary);
        assert!(
            r.evidence
                .iter()
                .any(|e| e.description.contains("renewal is due"))
        );
    }

    #[test]
    fn certificates_that_do_not_count_fail_and_each_says_why() {
        let d = Declaration {
            isms_certificates: vec![
                cert("ISO 9001:2015", "2025-01-01", "2028-01-01"),
                cert("ISO/IEC 27001:2013", "2020-01-01", "2023-01-01"),
                cert("IEC 62443-4-1", "2027-01-01", "2030-01-01"),
            ],
            ..decl()
        };
        let r = check(&isms(None), &d);
        assert_eq!(r.status, Status::Fail);
        assert_eq!(
            r.summary,
            "no declared ISMS certificate is valid on 2026-11-28: ISO 9001:2015 IS 123 is not of an \
             accepted standard (ISO/IEC 27001, IEC 62443); ISO/IEC 27001:2013 IS 123 has expired: \
             valid until 2023-01-01; IEC 62443-4-1 IS 123 is not valid yet: valid from 2027-01-01"
        );
    }

    #[test]
    fn standards_match_as_case_insensitive_prefixes() {
        let d = Declaration {
            isms_certificates: vec![cert("iso/iec 27001:2022", "2025-01-01", "2028-01-01")],
            ..decl()
        };
        assert_eq!(check(&isms(None), &d).status, Status::Pass);
    }

    #[test]
    fn max_age_days_fails_an_old_certificate_on_the_day_after_the_limit() {
        // 2026-11-28 minus 365 days is 2025-11-28.
        for (from, status) in [("2025-11-28", Status::Pass), ("2025-11-27", Status::Fail)] {
            let d = Declaration {
                isms_certificates: vec![cert("ISO/IEC 27001:2022", from, "2028-11-27")],
                ..decl()
            };
            let r = check(&isms(Some(365)), &d);
            assert_eq!(r.status, status, "{from}: {}", r.summary);
            if status == Status::Fail {
                assert!(
                    r.summary.contains("re-certification is due"),
                    "{}",
                    r.summary
                );
            }
        }
    }

    #[test]
    fn no_certificate_is_missing_evidence() {
        let r = check(&isms(None), &decl());
        assert_eq!(r.status, Status::MissingEvidence);
        assert!(r.summary.contains("[[isms_certificates]]"));
    }

    #[test]
    fn a_missing_certificate_document_is_shown() {
        let mut d = full();
        d.isms_certificates[0].evidence = Some(file("evidence/gone.pdf", false));
        let r = check(&isms(None), &d);
        assert_eq!(r.status, Status::Pass);
        assert_eq!(
            r.evidence[1].description,
            "certificate document evidence/gone.pdf is named in vouch.toml but was not found or could not be read"
        );
        assert_eq!(
            r.evidence[1].reference.as_deref(),
            Some("/delivery/evidence/gone.pdf")
        );
    }

    // ---- isms-scope ----

    #[test]
    fn a_valid_certificate_whose_scope_covers_the_offering_passes_and_quotes_it() {
        let r = check(&CheckSpec::IsmsScope, &full());
        assert_eq!(r.status, Status::Pass, "{}", r.summary);
        assert!(
            r.evidence[0]
                .description
                .contains("\u{201c}Development and support of Acme Gateway\u{201d}")
        );
    }

    #[test]
    fn a_scope_without_covers_offering_passes_and_asks_to_read_it() {
        let mut d = full();
        d.isms_certificates[0].covers_offering = None;
        let r = check(&CheckSpec::IsmsScope, &d);
        assert_eq!(r.status, Status::Pass);
        assert!(r.summary.contains("read the scope"), "{}", r.summary);
    }

    #[test]
    fn scopes_declared_not_to_cover_the_offering_fail() {
        let mut d = full();
        d.isms_certificates[0].covers_offering = Some(false);
        let mut other = cert("IEC 62443-2-1", "2025-01-01", "2028-01-01");
        other.scope = None;
        d.isms_certificates.push(other);
        let r = check(&CheckSpec::IsmsScope, &d);
        assert_eq!(r.status, Status::Fail, "{}", r.summary);
    }

    #[test]
    fn no_stated_scope_or_no_valid_certificate_is_missing_evidence() {
        let mut d = full();
        d.isms_certificates[0].scope = Some("  ".into());
        let r = check(&CheckSpec::IsmsScope, &d);
        assert_eq!(r.status, Status::MissingEvidence);
        assert!(r.summary.contains("states its scope"), "{}", r.summary);

        // An expired certificate's covering scope does not count.
        let d = Declaration {
            isms_certificates: vec![cert("ISO/IEC 27001:2013", "2020-01-01", "2023-01-01")],
            ..decl()
        };
        let r = check(&CheckSpec::IsmsScope, &d);
        assert_eq!(r.status, Status::MissingEvidence);
        assert!(
            r.summary.contains("is valid on 2026-11-28"),
            "{}",
            r.summary
        );
        assert_eq!(
            check(&CheckSpec::IsmsScope, &decl()).status,
            Status::MissingEvidence
        );
    }

    // ---- secure-development-standard ----

    #[test]
    fn a_secure_development_standard_passes_blank_or_absent_is_missing() {
        let r = check(&CheckSpec::SecureDevelopmentStandard, &full());
        assert_eq!(r.status, Status::Pass);
        assert_eq!(r.summary, "develops to OWASP ASVS 4.0.3, level 2");
        assert_eq!(refs(&r), ["vouch.toml#/secure_development/standard"]);
        let mut d = full();
        d.secure_development.as_mut().unwrap().standard = " ".into();
        assert_eq!(
            check(&CheckSpec::SecureDevelopmentStandard, &d).status,
            Status::MissingEvidence
        );
        assert_eq!(
            check(&CheckSpec::SecureDevelopmentStandard, &decl()).status,
            Status::MissingEvidence
        );
    }

    // ---- static-analysis-results ----

    fn with_sarif(files: Vec<SarifEvidence>) -> Declaration {
        Declaration {
            secure_development: Some(secure_dev(files)),
            ..decl()
        }
    }

    #[test]
    fn sarif_below_the_fail_level_passes() {
        let r = check(&SARIF_ERROR, &with_sarif(vec![sarif("a.sarif", 0, 3, 2)]));
        assert_eq!(r.status, Status::Pass, "{}", r.summary);
        assert_eq!(
            r.evidence[0].description,
            "SARIF file a.sarif from Semgrep OSS: 0 error, 3 warning, 2 note open; 1 suppressed"
        );
        assert_eq!(r.evidence[0].reference.as_deref(), Some("sha256:ab12"));
    }

    #[test]
    fn sarif_at_or_above_the_fail_level_fails_with_examples() {
        let d = with_sarif(vec![sarif("a.sarif", 0, 3, 0), sarif("b.sarif", 0, 0, 4)]);
        let warning = CheckSpec::StaticAnalysisResults {
            fail_level: SarifLevel::Warning,
        };
        let r = check(&warning, &d);
        assert_eq!(r.status, Status::Fail);
        assert_eq!(
            r.summary,
            "3 open SAST result(s) at level `warning` or above in a.sarif"
        );
        assert!(
            r.evidence
                .iter()
                .any(|e| e.description == "open result: rust.unsafe-block at src/lib.rs:10")
        );
        let note = CheckSpec::StaticAnalysisResults {
            fail_level: SarifLevel::Note,
        };
        assert!(check(&note, &d).summary.starts_with("7 open"));
        assert_eq!(check(&SARIF_ERROR, &d).status, Status::Pass);
    }

    #[test]
    fn sarif_unreadable_or_absent_is_missing_evidence_but_a_readable_failure_still_fails() {
        assert_eq!(
            check(&SARIF_ERROR, &with_sarif(vec![])).status,
            Status::MissingEvidence
        );
        assert_eq!(check(&SARIF_ERROR, &decl()).status, Status::MissingEvidence);
        let r = check(&SARIF_ERROR, &with_sarif(vec![unreadable("gone.sarif")]));
        assert_eq!(r.status, Status::MissingEvidence);
        assert!(r.summary.contains("gone.sarif"), "{}", r.summary);

        let r = check(
            &SARIF_ERROR,
            &with_sarif(vec![sarif("a.sarif", 0, 0, 0), unreadable("gone.sarif")]),
        );
        assert_eq!(r.status, Status::MissingEvidence);
        assert_eq!(
            r.summary,
            "no open result at `error` or above in 1 SARIF file(s), but gone.sarif could not be read"
        );
        assert!(
            r.evidence
                .iter()
                .any(|e| e.description == "SARIF file gone.sarif could not be read: not found")
        );

        let r = check(
            &SARIF_ERROR,
            &with_sarif(vec![sarif("a.sarif", 2, 0, 0), unreadable("gone.sarif")]),
        );
        assert_eq!(r.status, Status::Fail);
    }

    // ---- support-period ----

    fn with_support(until: &str) -> Declaration {
        Declaration {
            product: Some(product(Some(day(until)))),
            ..decl()
        }
    }

    #[test]
    fn a_support_period_long_enough_passes_and_says_how_long() {
        let r = check(&SUPPORT_24, &with_support("2029-01-15"));
        assert_eq!(r.status, Status::Pass);
        assert_eq!(
            r.summary,
            "security patches promised until 2029-01-15, 25 month(s) and 18 day(s) after delivery"
        );
        assert_eq!(refs(&r), ["vouch.toml#/product/support_until"]);
    }

    #[test]
    fn the_support_period_boundary_is_exact() {
        assert_eq!(
            check(&SUPPORT_24, &with_support("2028-11-28")).status,
            Status::Pass
        );
        let r = check(&SUPPORT_24, &with_support("2028-11-27"));
        assert_eq!(r.status, Status::Fail);
        assert_eq!(
            r.summary,
            "support ends on 2028-11-27, 23 month(s) and 30 day(s) after delivery: at least 24 \
             months are required (until 2028-11-28 or later)"
        );
        let none = CheckSpec::SupportPeriod { min_months: 0 };
        assert_eq!(
            check(&none, &with_support("2026-11-28")).status,
            Status::Pass
        );
    }

    #[test]
    fn support_that_already_ended_fails() {
        let none = CheckSpec::SupportPeriod { min_months: 0 };
        let r = check(&none, &with_support("2026-11-27"));
        assert_eq!(r.status, Status::Fail);
        assert_eq!(
            r.summary,
            "support ended on 2026-11-27, before the delivery date 2026-11-28"
        );
    }

    #[test]
    fn no_product_or_no_support_date_is_missing_evidence() {
        assert_eq!(check(&SUPPORT_24, &decl()).status, Status::MissingEvidence);
        let d = Declaration {
            product: Some(product(None)),
            ..decl()
        };
        let r = check(&SUPPORT_24, &d);
        assert_eq!(r.status, Status::MissingEvidence);
        assert!(r.summary.contains("support_until"));
    }

    // ---- security-contact ----

    fn contacts(c: Vec<Contact>) -> Declaration {
        Declaration {
            security_contacts: c,
            ..decl()
        }
    }

    #[test]
    fn a_well_formed_email_or_https_url_passes() {
        for c in [
            email("security@acme.example"),
            email("first.last+psirt@mail.acme.co.uk"),
            email("sécurité@exämple.de"),
            url("https://acme.example/.well-known/security.txt"),
            url("HTTPS://acme.example:8443"),
            url("https://[2001:db8::1]/report"),
            url("mailto:psirt@acme.example"),
        ] {
            let r = check(&CheckSpec::SecurityContact, &contacts(vec![c.clone()]));
            assert_eq!(r.status, Status::Pass, "{c:?}: {}", r.summary);
        }
    }

    #[test]
    fn malformed_email_addresses_fail_and_say_why() {
        let long_local = format!("{}@acme.example", "a".repeat(65));
        let long_total = format!("a@{}.example", "b.".repeat(130));
        for (address, why) in [
            ("security.acme.example", "has no `@`"),
            ("a@b@acme.example", "has more than one `@`"),
            ("@acme.example", "has nothing before the `@`"),
            (
                "security@localhost",
                "has a domain that `localhost` has no dot",
            ),
            (
                "security @acme.example",
                "contains a space or control character",
            ),
            (
                "security@acme.example\n",
                "contains a space or control character",
            ),
            (
                long_local.as_str(),
                "has more than 64 characters before the `@` (RFC 5321)",
            ),
            (
                long_total.as_str(),
                "is longer than 254 characters (RFC 5321)",
            ),
            (
                ".security@acme.example",
                "has a misplaced dot before the `@`",
            ),
            (
                "se..curity@acme.example",
                "has a misplaced dot before the `@`",
            ),
            (
                "mailto:security@acme.example",
                "starts with `mailto:`: write the address alone",
            ),
            (
                "security@-acme.example",
                "has a domain that `-acme.example` has a label starting or ending with `-`",
            ),
            (
                "security@acme..example",
                "has a domain that `acme..example` has an empty label",
            ),
            ("sec(urity)@acme.example", "has `(` before the `@`"),
            ("", "is empty"),
        ] {
            assert_eq!(email_problem(address).as_deref(), Some(why), "{address}");
        }
        let r = check(
            &CheckSpec::SecurityContact,
            &contacts(vec![email("security.acme.example")]),
        );
        assert_eq!(r.status, Status::Fail);
        assert_eq!(
            r.summary,
            "no declared security contact is usable: PSIRT: email `security.acme.example` has no `@`"
        );
        assert_eq!(refs(&r), ["vouch.toml#/security_contacts/0"]);
    }

    #[test]
    fn plain_http_fails_and_the_summary_says_https() {
        let r = check(
            &CheckSpec::SecurityContact,
            &contacts(vec![url("http://acme.example/security")]),
        );
        assert_eq!(r.status, Status::Fail);
        assert!(
            r.summary.ends_with(
                "plain http:// is not accepted: a contact must be reachable securely (https://)"
            ),
            "{}",
            r.summary
        );
        for (u, why) in [
            ("ftp://acme.example", "is not an https:// URL"),
            ("https://", "has no host"),
            ("https://acme.example:http/", "has a bad port `http`"),
            (
                "https://intranet/security",
                "has a host that `intranet` has no dot",
            ),
        ] {
            assert_eq!(url_problem(u).as_deref(), Some(why), "{u}");
        }
    }

    #[test]
    fn one_usable_contact_passes_and_the_bad_ones_are_listed() {
        let r = check(
            &CheckSpec::SecurityContact,
            &contacts(vec![email("nope"), url("https://acme.example/psirt")]),
        );
        assert_eq!(r.status, Status::Pass);
        assert_eq!(
            r.summary,
            "security contact: https://acme.example/psirt (1 other contact(s) not usable, see evidence)"
        );
        assert_eq!(
            r.evidence[0].description,
            "PSIRT: not usable: email `nope` has no `@`"
        );
    }

    #[test]
    fn the_reporting_vulnerability_contact_is_the_fallback_and_none_is_missing() {
        let d = Declaration {
            reporting: Some(reporting()),
            ..decl()
        };
        let r = check(&CheckSpec::SecurityContact, &d);
        assert_eq!(r.status, Status::Pass);
        assert_eq!(
            r.summary,
            "security contact (the reporting vulnerability contact): psirt@acme.example"
        );
        assert_eq!(refs(&r), ["vouch.toml#/reporting/vulnerability_contact"]);
        assert_eq!(
            check(&CheckSpec::SecurityContact, &decl()).status,
            Status::MissingEvidence
        );
    }

    // ---- incident-reporting ----

    fn with_reporting(r: Reporting) -> Declaration {
        Declaration {
            reporting: Some(r),
            ..decl()
        }
    }

    #[test]
    fn reporting_within_the_limits_passes_even_at_the_limit() {
        let r = check(&REPORTING_CRA, &with_reporting(reporting()));
        assert_eq!(r.status, Status::Pass, "{}", r.summary);
        assert_eq!(
            r.summary,
            "reported through psirt@acme.example, https://acme.example/incident; early warning \
             within 24 hours, notification within 72 hours, final report within 14 days"
        );
        assert!(refs(&r).contains(&"vouch.toml#/reporting/final_report_days"));
    }

    #[test]
    fn a_promise_over_the_limit_fails_with_declared_and_allowed() {
        let mut rep = reporting();
        rep.notification_hours = Some(96);
        let r = check(&REPORTING_CRA, &with_reporting(rep));
        assert_eq!(r.status, Status::Fail);
        assert_eq!(
            r.summary,
            "notification promised within 96 hours, at most 72 allowed"
        );
    }

    #[test]
    fn a_missing_promise_or_contact_or_section_is_missing_evidence() {
        let mut rep = reporting();
        rep.final_report_days = None;
        let r = check(&REPORTING_CRA, &with_reporting(rep.clone()));
        assert_eq!(r.status, Status::MissingEvidence);
        assert_eq!(
            r.summary,
            "no final report time declared (`final_report_days`, at most 14 days)"
        );
        // No limit in the spec: a missing promise is fine.
        let lax = CheckSpec::IncidentReporting {
            max_early_warning_hours: None,
            max_notification_hours: None,
            max_final_report_days: None,
        };
        assert_eq!(check(&lax, &with_reporting(rep)).status, Status::Pass);
        let mut rep = reporting();
        rep.vulnerability_contact = None;
        rep.incident_contact = None;
        assert_eq!(
            check(&REPORTING_CRA, &with_reporting(rep)).status,
            Status::MissingEvidence
        );
        assert_eq!(
            check(&REPORTING_CRA, &decl()).status,
            Status::MissingEvidence
        );
    }

    #[test]
    fn malformed_reporting_contacts_fail() {
        let mut rep = reporting();
        rep.vulnerability_contact = Some(email("psirt(at)acme.example"));
        rep.incident_contact = Some(url("http://acme.example/incident"));
        let r = check(&REPORTING_CRA, &with_reporting(rep));
        assert_eq!(r.status, Status::Fail);
        assert!(r.summary.contains("plain http://"), "{}", r.summary);
    }

    // ---- subcontractor-flow-down ----

    fn with_subs(s: Vec<Subcontractor>) -> Declaration {
        Declaration {
            subcontractors: s,
            ..decl()
        }
    }

    #[test]
    fn signed_agreements_pass_and_cite_the_document() {
        let r = check(
            &CheckSpec::SubcontractorFlowDown,
            &with_subs(vec![sub(Some("2026-11-28"), None)]),
        );
        assert_eq!(r.status, Status::Pass);
        assert_eq!(
            r.summary,
            "1 subcontractor(s): 1 signed, 0 within the grace period, 0 overdue"
        );
        assert_eq!(refs(&r), ["vouch.toml#/subcontractors/0", "sha256:ab12"]);
    }

    #[test]
    fn an_unsigned_agreement_within_its_grace_period_passes_saying_due_by() {
        let r = check(
            &CheckSpec::SubcontractorFlowDown,
            &with_subs(vec![
                sub(None, Some("2026-11-28")),
                sub(Some("2025-01-01"), None),
            ]),
        );
        assert_eq!(r.status, Status::Pass);
        assert_eq!(
            r.summary,
            "2 subcontractor(s): 1 signed, 1 within the grace period, 0 overdue"
        );
        assert!(
            r.evidence[0]
                .description
                .ends_with("not signed yet, due by 2026-11-28")
        );
    }

    #[test]
    fn overdue_undated_and_future_signed_agreements_fail() {
        let mut future = sub(Some("2026-12-01"), Some("2026-11-27"));
        future.name = "Future AG".into();
        let mut undated = sub(None, None);
        undated.name = "Undated Ltd".into();
        let r = check(
            &CheckSpec::SubcontractorFlowDown,
            &with_subs(vec![sub(None, Some("2026-11-27")), future, undated]),
        );
        assert_eq!(r.status, Status::Fail);
        assert_eq!(
            r.summary,
            "3 subcontractor(s): 0 signed, 0 within the grace period, 3 overdue (Hosting GmbH, Future AG, Undated Ltd)"
        );
        assert!(r.evidence.iter().any(|e| {
            e.description
                .contains("after the delivery date, so it counts as not signed")
        }));
    }

    #[test]
    fn no_subcontractors_is_not_applicable_only_with_a_declaration() {
        let r = check(&CheckSpec::SubcontractorFlowDown, &decl());
        assert_eq!(r.status, Status::NotApplicable);
        assert_eq!(
            check_on(&CheckSpec::SubcontractorFlowDown, None, TODAY).status,
            Status::MissingEvidence
        );
    }

    // ---- audit-report ----

    fn with_audits(a: Vec<AuditReport>) -> Declaration {
        Declaration {
            audit_reports: a,
            ..decl()
        }
    }

    #[test]
    fn a_recent_report_passes_on_the_exact_boundary() {
        let r = check(
            &AUDIT_12,
            &with_audits(vec![audit("2025-11-28", Some(Opinion::Unqualified), None)]),
        );
        assert_eq!(r.status, Status::Pass, "{}", r.summary);
        assert_eq!(
            r.summary,
            "SOC 2 Type II by Audit LLP for the period ending 2025-11-28"
        );
        assert_eq!(refs(&r), ["vouch.toml#/audit_reports/0", "sha256:ab12"]);
    }

    #[test]
    fn a_report_too_old_fails_unless_a_bridge_letter_covers_the_delivery() {
        let r = check(
            &AUDIT_12,
            &with_audits(vec![audit("2025-11-27", None, Some("2026-11-27"))]),
        );
        assert_eq!(r.status, Status::Fail);
        assert_eq!(
            r.summary,
            "no declared audit report is usable: SOC 2 Type II by Audit LLP has a period that \
             ended on 2025-11-27, more than 12 months before delivery (on or after 2025-11-28 \
             needed), and its bridge letter ended on 2026-11-27"
        );
        let r = check(
            &AUDIT_12,
            &with_audits(vec![audit("2025-06-30", None, Some("2026-11-28"))]),
        );
        assert_eq!(r.status, Status::Pass);
        assert_eq!(
            r.summary,
            "SOC 2 Type II by Audit LLP for the period ending 2025-06-30, bridged until 2026-11-28"
        );
        assert!(r.evidence[0].description.contains("opinion not declared"));
    }

    #[test]
    fn adverse_and_disclaimed_opinions_fail_and_qualified_passes_with_a_note() {
        for opinion in [Opinion::Adverse, Opinion::Disclaimer] {
            let r = check(
                &AUDIT_12,
                &with_audits(vec![audit("2026-06-30", Some(opinion), None)]),
            );
            assert_eq!(r.status, Status::Fail, "{opinion:?}");
        }
        let r = check(
            &AUDIT_12,
            &with_audits(vec![audit("2026-06-30", Some(Opinion::Qualified), None)]),
        );
        assert_eq!(r.status, Status::Pass);
        assert!(r.summary.ends_with("(qualified opinion)"));
        assert!(
            r.evidence[0]
                .description
                .contains("read the exceptions noted")
        );
    }

    #[test]
    fn a_period_ending_after_delivery_is_not_yet_usable() {
        let r = check(
            &AUDIT_12,
            &with_audits(vec![audit("2026-12-31", Some(Opinion::Unqualified), None)]),
        );
        assert_eq!(r.status, Status::Fail);
        assert!(r.summary.contains("not yet usable"), "{}", r.summary);
        assert_eq!(check(&AUDIT_12, &decl()).status, Status::MissingEvidence);
    }

    // ---- through the engine ----

    fn checks_of(v: &[crate::Verdict], clause: &str) -> Vec<(&'static str, Status)> {
        v.iter()
            .find(|v| v.clause.as_str() == clause)
            .unwrap()
            .checks
            .iter()
            .map(|c| (c.check, c.status))
            .collect()
    }

    #[test]
    fn a_full_declaration_passes_the_declared_clauses_of_the_built_in_baseline() {
        let b = Baseline::seller_offerings().unwrap();
        let inv = Inventory::new();
        let d = full();
        let facts = Facts {
            inventory: &inv,
            findings: &[],
            database: None,
            sbom: None,
            declaration: Some(&d),
            date: TODAY,
        };
        let e = evaluate(&b, &facts);
        let v = &e.verdicts;
        for clause in ["1", "3.6", "4", "5"] {
            let verdict = v.iter().find(|v| v.clause.as_str() == clause).unwrap();
            assert_eq!(
                verdict.status,
                Status::Pass,
                "{clause}: {:?}",
                verdict.checks
            );
        }
        assert_eq!(
            checks_of(v, "3.1"),
            [
                ("secure-development-standard", Status::Pass),
                ("static-analysis-results", Status::Pass),
                ("no-secrets", Status::MissingEvidence),
            ]
        );
        assert_eq!(checks_of(v, "3.3")[0], ("support-period", Status::Pass));
        assert_eq!(checks_of(v, "6")[0], ("audit-report", Status::Pass));
        assert!(e.diagnostics.is_empty());
    }

    #[test]
    fn a_declared_waiver_turns_a_failing_check_into_waived() {
        let b = Baseline::seller_offerings().unwrap();
        let inv = Inventory::new();
        let mut d = full();
        d.audit_reports = vec![audit("2026-06-30", Some(Opinion::Adverse), None)];
        d.waivers = vec![Waiver {
            check: CheckKind::AuditReport,
            clause: None,
            reason: "re-audit scheduled for Q1".into(),
            approved_by: "CISO, Buyer AG".into(),
            expires: day("2027-03-31"),
            pointer: "/waivers/0".into(),
        }];
        let facts = Facts {
            inventory: &inv,
            findings: &[],
            database: None,
            sbom: None,
            declaration: Some(&d),
            date: TODAY,
        };
        let v = evaluate(&b, &facts).verdicts;
        let audit = &v.iter().find(|v| v.clause.as_str() == "6").unwrap().checks[0];
        assert_eq!(audit.status, Status::Waived);
        let w = audit.waiver.as_ref().unwrap();
        assert_eq!(w.waived_status, Status::Fail);
        assert_eq!(w.reference, "vouch.toml#/waivers/0");
    }
}
