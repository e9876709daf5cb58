//! One `check` report for the renderers' tests: the built-in baseline over a two-component
//! inventory with a finding whose advisory text is hostile, one VEX-closed finding, an advisory
//! database and a diagnostic.

#![allow(clippy::expect_used)]
use vouch_baseline::{
    Baseline, Command, DatabaseRef, Report, ReportInputs, SbomFacts, Target, Tool,
};
use vouch_model::{
    AdvisoryId, Component, Diagnostic, DiagnosticCode, Ecosystem, Finding, FindingKind, Inventory,
    Justification, Location, PackageName, Severity, SeverityLevel, VexAssessment, VexFormat,
    VexSource, VexState,
};

pub(crate) const HOSTILE: &str =
    "a | b *bold* _x_ `code` <script>alert(1)</script> & \"q\" 'a'\n| new row \u{1}\u{7f}";

fn finding(
    inv: &Inventory,
    index: usize,
    id: &str,
    level: SeverityLevel,
    summary: &str,
) -> Finding {
    let c = &inv.components()[index];
    Finding {
        kind: FindingKind::Vulnerability,
        id: id.parse::<AdvisoryId>().expect("advisory id"),
        aliases: vec![],
        ecosystem: c.ecosystem,
        package: c.name.to_string(),
        version: c.version.clone().unwrap_or_default(),
        purl: c.purl.clone(),
        source_package: None,
        release_unknown: false,
        summary: Some(summary.into()),
        severity: Severity {
            level,
            score: None,
            vector: None,
        },
        fixed_versions: vec!["1.5.5".into()],
        url: Some(format!("https://rustsec.org/advisories/{id}.html")),
        vex: None,
    }
}

/// The report, with `extra` more medium findings on `regex` to exercise caps.
pub(crate) fn check_report(extra: usize) -> Report {
    let mut inventory = Inventory::new();
    for (name, version) in [("regex", "1.5.4"), ("time", "0.1.43")] {
        let name = PackageName::new(Ecosystem::CratesIo, name).expect("name");
        inventory.add(
            Component::new(
                Ecosystem::CratesIo,
                name,
                Some(version.into()),
                Location::file("Cargo.lock"),
            )
            .expect("component"),
        );
    }
    inventory.scanned_files.push("Cargo.lock".into());
    let mut findings = vec![
        finding(
            &inventory,
            0,
            "RUSTSEC-2022-0013",
            SeverityLevel::High,
            HOSTILE,
        ),
        finding(
            &inventory,
            1,
            "RUSTSEC-2020-0071",
            SeverityLevel::Medium,
            "Potential segfault in the time crate",
        ),
    ];
    findings[1].vex = Some(VexAssessment {
        state: VexState::NotAffected {
            justification: Some(Justification::VulnerableCodeNotInExecutePath),
            impact_statement: None,
        },
        source: VexSource {
            format: VexFormat::Triage,
            file: "vouch.toml".into(),
            statement: "/triage/0".into(),
        },
    });
    for i in 0..extra {
        findings.push(finding(
            &inventory,
            0,
            &format!("RUSTSEC-2099-{:04}", i + 1),
            SeverityLevel::Medium,
            "more",
        ));
    }
    let baseline = Baseline::seller_offerings().expect("built-in baseline");
    let updated = "2026-11-01T00:00:00Z".parse().expect("timestamp");
    Report::generate(ReportInputs {
        declaration: None,
        delivery_date: None,
        fail_on: None,
        command: Command::Check,
        tool: Tool {
            name: "vouch".into(),
            version: "0.0.0-test".into(),
        },
        generated_at: jiff::Timestamp::UNIX_EPOCH,
        target: Target {
            path: "deliveries/app<1>".into(),
        },
        inventory,
        findings,
        database: Some(DatabaseRef {
            digest: "ab".repeat(32),
            updated,
            newest_advisory: Some(updated),
            records: 1234,
            sources: Vec::new(),
        }),
        baseline: Some(&baseline),
        sbom: Some(SbomFacts {
            format: "CycloneDX 1.6 JSON".into(),
            components: 2,
            sha256: "cd".repeat(32),
        }),
        diagnostics: vec![
            Diagnostic::new(
                DiagnosticCode::UnpinnedRequirement,
                "`flask|<b>` names no version",
            )
            .with_path("requirements.txt"),
        ],
    })
}
