//! The commented `vouch.toml` that `vouch init` writes: every table of the format, filled with
//! what could be detected in the delivery and left commented out where it could not, so the
//! file is valid from the start and each clause's gap is one uncommented block away.

use std::fmt::Write as _;

/// What `vouch init` found in the delivery.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detected {
    /// The product's name (from a manifest).
    pub product_name: Option<String>,
    /// Its version (from a manifest).
    pub product_version: Option<String>,
    /// Where the name and version were found.
    pub product_source: Option<String>,
    /// Security contacts (`mailto:` stripped), from security.txt or SECURITY.md.
    pub contacts: Vec<String>,
    /// Where the contacts were found.
    pub contacts_source: Option<String>,
    /// SARIF files, relative to the delivery.
    pub sarif: Vec<String>,
}

fn quoted(s: &str) -> String {
    // TOML basic strings: the JSON escaping rules are a subset TOML accepts.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The template text. `today` dates the example entries.
pub fn template(detected: &Detected, today: jiff::civil::Date) -> String {
    let mut t = String::new();
    let year = today.year();
    t.push_str(
        "# vouch.toml: what the seller declares about this delivery. `vouch check` reads it to decide\n\
         # the clauses a scan cannot (format: docs/declarations.md). Dates are YYYY-MM-DD.\n\
         # Uncomment and fill in each block; a clause whose block is missing reports missing evidence.\n\
         schema = \"vouch.declaration/v1\"\n\n",
    );
    t.push_str(
        "# [organisation]\n# name = \"Example Ltd\"\n# website = \"https://example.com\"\n\n",
    );

    t.push_str("# Clause 3.3: the product and how long it gets security patches.\n");
    match &detected.product_name {
        Some(name) => {
            if let Some(src) = &detected.product_source {
                let _ = writeln!(t, "# (detected from {src})");
            }
            let _ = writeln!(t, "[product]\nname = {}", quoted(name));
            if let Some(v) = &detected.product_version {
                let _ = writeln!(t, "version = {}", quoted(v));
            }
            let _ = writeln!(
                t,
                "# released = {today}\n# support_until = {}-12-31\n",
                year + 5
            );
        }
        None => {
            let _ = writeln!(
                t,
                "# [product]\n# name = \"Example Product\"\n# version = \"1.0.0\"\n# released = {today}\n# support_until = {}-12-31\n",
                year + 5
            );
        }
    }

    t.push_str(
        "# Clause 3.6: who to tell about a vulnerability (an e-mail address or an https URL).\n",
    );
    if detected.contacts.is_empty() {
        t.push_str(
            "# [[security_contacts]]\n# name = \"PSIRT\"\n# email = \"security@example.com\"\n\n",
        );
    } else {
        if let Some(src) = &detected.contacts_source {
            let _ = writeln!(t, "# (detected from {src})");
        }
        for c in &detected.contacts {
            let key = if c.contains("://") { "url" } else { "email" };
            let _ = writeln!(t, "[[security_contacts]]\n{key} = {}\n", quoted(c));
        }
    }

    let _ = writeln!(
        t,
        "# Clause 1: the ISMS certificate (ISO/IEC 27001 or IEC 62443) and its scope.\n\
         # [[isms_certificates]]\n\
         # standard = \"ISO/IEC 27001:2022\"\n\
         # issuer = \"Certification body\"\n\
         # id = \"certificate number\"\n\
         # scope = \"as written on the certificate\"\n\
         # covers_offering = true          # does the scope cover the operations behind this product?\n\
         # valid_from = {}-01-01\n\
         # valid_until = {}-12-31\n\
         # evidence = \"evidence/iso27001.pdf\"\n",
        year - 1,
        year + 1
    );
    t.push_str("# Clause 3.1: the secure-development standard and SAST results (SARIF 2.1.0).\n");
    if detected.sarif.is_empty() {
        t.push_str("# [secure_development]\n# standard = \"OWASP ASVS 4.0.3\"\n# level = 2\n# sarif = [\"reports/sast.sarif\"]\n\n");
    } else {
        let files: Vec<String> = detected.sarif.iter().map(|s| quoted(s)).collect();
        let _ = writeln!(
            t,
            "# (SARIF files found in the delivery)\n[secure_development]\nstandard = \"OWASP ASVS 4.0.3\"   # the standard you follow\nsarif = [{}]\n",
            files.join(", ")
        );
    }
    let _ = writeln!(
        t,
        "# Clause 4: how vulnerabilities and incidents reach the customer, and how fast.\n\
         # [reporting]\n\
         # vulnerability_contact = {{ email = \"psirt@example.com\" }}\n\
         # incident_contact = {{ email = \"soc@example.com\" }}\n\
         # early_warning_hours = 24\n\
         # notification_hours = 72\n\
         # final_report_days = 14\n\n\
         # Clause 5: each subcontractor and its flow-down agreement (declare none if there are none).\n\
         # [[subcontractors]]\n\
         # name = \"Supplier Ltd\"\n\
         # supplies = \"what it supplies\"\n\
         # flow_down_signed = {today}\n\
         # flow_down_due = {today}          # while unsigned: the agreed deadline\n\
         # evidence = \"evidence/flow-down.pdf\"\n\n\
         # Clause 6: the latest independent audit report.\n\
         # [[audit_reports]]\n\
         # type = \"SOC 2 Type II\"\n\
         # auditor = \"Audit firm\"\n\
         # period_start = {}-01-01\n\
         # period_end = {}-12-31\n\
         # opinion = \"unqualified\"         # unqualified | qualified | adverse | disclaimer\n\
         # bridge_letter_until = {today}\n\
         # evidence = \"evidence/soc2.pdf\"\n\n\
         # Checks the customer agreed to waive, each until a date.\n\
         # [[waivers]]\n\
         # check = \"components-up-to-date\"\n\
         # clause = \"3.4\"\n\
         # reason = \"why\"\n\
         # approved_by = \"who, at the customer\"\n\
         # expires = {}-12-31\n\n\
         # Your evaluation of findings (VEX): docs/vex.md.\n\
         # [[triage]]\n\
         # id = \"GHSA-xxxx-xxxx-xxxx\"\n\
         # status = \"not_affected\"\n\
         # justification = \"vulnerable_code_not_in_execute_path\"",
        year - 1,
        year - 1,
        year
    );
    t
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::Declaration;

    fn parse(text: &str) -> Declaration {
        Declaration::parse(text, "vouch.toml", Path::new("."))
            .unwrap_or_else(|e| panic!("{e}\n---\n{text}"))
    }

    #[test]
    fn the_bare_template_is_valid_and_declares_nothing() {
        let d = parse(&template(
            &Detected::default(),
            jiff::civil::date(2026, 11, 28),
        ));
        assert!(d.product.is_none() && d.security_contacts.is_empty());
    }

    #[test]
    fn every_commented_block_is_valid_once_uncommented() {
        let text = template(&Detected::default(), jiff::civil::date(2026, 11, 28));
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|rest| rest.starts_with('[') || rest.contains(" = "))
                    .unwrap_or(l)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let d = parse(&uncommented);
        assert_eq!(d.isms_certificates.len(), 1);
        assert_eq!(d.audit_reports.len(), 1);
        assert_eq!(d.subcontractors.len(), 1);
        assert_eq!(d.waivers.len(), 1);
        assert!(d.reporting.is_some() && d.secure_development.is_some());
        assert_eq!(
            d.product.unwrap().support_until,
            Some(jiff::civil::date(2031, 12, 31))
        );
    }

    #[test]
    fn detected_facts_are_filled_in_and_quoted() {
        let detected = Detected {
            product_name: Some("acme \"ui\"".into()),
            product_version: Some("4.2.0".into()),
            product_source: Some("package.json".into()),
            contacts: vec![
                "psirt@acme.example".into(),
                "https://acme.example/report".into(),
            ],
            contacts_source: Some(".well-known/security.txt".into()),
            sarif: vec!["reports/semgrep.sarif".into()],
        };
        let d = parse(&template(&detected, jiff::civil::date(2026, 11, 28)));
        let p = d.product.unwrap();
        assert_eq!(
            (p.name.as_str(), p.version.as_deref()),
            ("acme \"ui\"", Some("4.2.0"))
        );
        assert_eq!(d.security_contacts.len(), 2);
        assert_eq!(
            d.security_contacts[1].url.as_deref(),
            Some("https://acme.example/report")
        );
        assert_eq!(
            d.secure_development.unwrap().sarif[0].file.path,
            "reports/semgrep.sarif"
        );
    }
}
