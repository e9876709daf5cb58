//! `vouch check`: the main job — inventory, SBOM, advisories, and a verdict per clause of the
//! baseline, rendered for a person or a script.

use sha2::{Digest, Sha256};
use std::path::Path;

use vouch_baseline::{
    Baseline, Command, Declaration, DeclarationLoadError, Report, ReportInputs, SbomFacts, Target,
};
use vouch_model::{Diagnostic, DiagnosticCode};

use super::{pipeline, sbom};
use crate::cli::{CheckArgs, CheckFormat};
use crate::context::Context;
use crate::error::{Coded, CodedContext as _};

fn baseline(name: &str) -> anyhow::Result<Baseline> {
    if let Some(built_in) = Baseline::built_in(name) {
        return Ok(built_in?);
    }
    let names: Vec<&str> = vouch_baseline::BUILT_IN.iter().map(|(n, _)| *n).collect();
    let text = fs_err::read_to_string(name).coded(DiagnosticCode::UnreadableInput, || {
        format!(
            "--baseline {name}: not a built-in baseline ({}) nor a readable file",
            names.join(", ")
        )
    })?;
    Ok(Baseline::parse(&text, name)?)
}

pub(crate) fn run(args: &CheckArgs, ctx: &Context) -> anyhow::Result<u8> {
    let baseline = baseline(&args.baseline)?;
    let inventory = pipeline::inventory(&args.delivery)?;
    let mut diagnostics = Vec::new();

    let declaration_path = match &args.declaration {
        Some(path) if !path.is_file() => {
            return Err(Coded::error(
                DiagnosticCode::UnreadableInput,
                format!(
                    "--declaration {}: no such file (vouch init writes one)",
                    path.display()
                ),
            ));
        }
        Some(path) => Some(path.clone()),
        None => Some(args.delivery.path.join("vouch.toml")).filter(|p| p.is_file()),
    };
    let declaration = match &declaration_path {
        Some(path) => declarations(path, &mut diagnostics),
        None => None,
    };
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
        declaration_path.as_deref(),
        &mut findings,
    ));
    let report = Report::generate(ReportInputs {
        declaration: declaration.as_ref(),
        delivery_date: args.delivery_date,
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

/// Reads the seller's declarations. An invalid file is not the end of the run: each problem
/// becomes an error diagnostic (so the exit code is 2) and the clauses that need declarations
/// report missing evidence, while the rest of the report is still produced.
fn declarations(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Declaration> {
    match Declaration::load(path) {
        Ok((declaration, found)) => {
            diagnostics.extend(found);
            Some(declaration)
        }
        Err(DeclarationLoadError::Invalid(e)) => {
            diagnostics.extend(e.problems.iter().map(|p| {
                let hint = p
                    .hint
                    .as_deref()
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                Diagnostic::new(
                    DiagnosticCode::InvalidDeclaration,
                    format!("line {}, column {}: {}{hint}", p.line, p.column, p.message),
                )
                .with_path(path)
                .with_record(p.key.clone())
            }));
            None
        }
        Err(e @ DeclarationLoadError::Io { .. }) => {
            diagnostics.push(
                Diagnostic::new(DiagnosticCode::InvalidDeclaration, e.to_string()).with_path(path),
            );
            None
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
