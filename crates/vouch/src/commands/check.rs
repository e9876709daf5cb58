//! `vouch check`: the main job — inventory, SBOM, advisories, and a verdict per clause of the
//! baseline, rendered for a person or a script.

use anyhow::Context as _;
use sha2::{Digest, Sha256};
use vouch_baseline::{Baseline, Command, Report, ReportInputs, SbomFacts, Target};
use vouch_model::{Diagnostic, DiagnosticCode};

use super::{pipeline, sbom};
use crate::cli::{CheckArgs, CheckFormat};
use crate::context::Context;

fn baseline(name: &str) -> anyhow::Result<Baseline> {
    if name == "seller-offerings" {
        return Ok(Baseline::seller_offerings()?);
    }
    let text = fs_err::read_to_string(name).with_context(|| {
        format!("--baseline {name}: not a built-in baseline (seller-offerings) nor a readable file")
    })?;
    Ok(Baseline::parse(&text, name)?)
}

pub(crate) fn run(args: &CheckArgs, ctx: &Context) -> anyhow::Result<u8> {
    let baseline = baseline(&args.baseline)?;
    let inventory = pipeline::inventory(&args.delivery)?;
    let mut diagnostics = Vec::new();

    let declaration = args
        .declaration
        .clone()
        .or_else(|| Some(args.delivery.path.join("vouch.toml")).filter(|p| p.is_file()));
    if let Some(path) = declaration.clone() {
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::DeclarationsNotRead,
                "declarations other than [[triage]] are not read yet; the clauses that need them report missing evidence",
            )
            .with_path(path),
        );
    }

    let bom = sbom::cyclonedx(&args.delivery, &inventory)?;
    let sbom_facts = SbomFacts {
        format: "CycloneDX 1.6 JSON".into(),
        components: inventory.len(),
        sha256: hex(&Sha256::digest(bom.as_bytes())),
    };

    let (mut findings, database, db_diagnostics) = pipeline::advisories(ctx, &inventory)?;
    diagnostics.extend(db_diagnostics);
    diagnostics.extend(pipeline::apply_vex(
        &args.vex,
        declaration.as_deref(),
        &mut findings,
    ));
    let report = Report::generate(ReportInputs {
        fail_on: None,
        command: Command::Check,
        tool: pipeline::tool(),
        generated_at: jiff::Timestamp::now(),
        target: Target {
            path: args.delivery.path.display().to_string(),
        },
        inventory,
        findings,
        database,
        baseline: Some(&baseline),
        sbom: Some(sbom_facts),
        diagnostics,
    });
    let format = args.format.unwrap_or(CheckFormat::Terminal);
    let to_terminal = format == CheckFormat::Terminal;
    let output = args.output.as_deref();
    match format {
        CheckFormat::Terminal => ctx.write_data(&vouch_report::to_terminal(&report), output)?,
        CheckFormat::Json => ctx.write_stream(output, |w| vouch_report::write_json(&report, w))?,
        CheckFormat::Sarif => {
            ctx.write_stream(output, |w| vouch_report::write_sarif(&report, w))?
        }
        CheckFormat::Markdown => ctx.write_data(&vouch_report::to_markdown(&report), output)?,
        CheckFormat::Junit => ctx.write_data(&vouch_report::to_junit(&report), output)?,
        CheckFormat::Html => ctx.write_data(&vouch_report::to_html(&report), output)?,
    }
    pipeline::echo_errors(ctx, &report, to_terminal && args.output.is_none());
    Ok(report.summary.outcome.exit_code())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
