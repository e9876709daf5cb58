//! `vouch scan`: findings only, like osv-scanner — inventory, advisory matching, report.

use vouch_baseline::{Command, Report, ReportInputs, Target};

use super::pipeline;
use crate::cli::{ScanArgs, ScanFormat};
use crate::context::Context;

pub(crate) fn run(args: &ScanArgs, ctx: &Context) -> anyhow::Result<u8> {
    let inventory = pipeline::inventory(&args.delivery)?;
    let (mut findings, database, mut diagnostics) = pipeline::advisories(ctx, &inventory)?;
    let triage = Some(args.delivery.path.join("vouch.toml")).filter(|p| p.is_file());
    diagnostics.extend(pipeline::apply_vex(
        &args.vex,
        triage.as_deref(),
        &mut findings,
    ));
    let report = Report::generate(ReportInputs {
        declaration: None,
        delivery_date: None,
        fail_on: args.fail_on.map(Into::into),
        command: Command::Scan,
        tool: pipeline::tool(),
        generated_at: jiff::Timestamp::now(),
        target: Target {
            path: args.delivery.path.display().to_string(),
        },
        inventory,
        findings,
        database,
        baseline: None,
        sbom: None,
        diagnostics,
    });
    let format = args.format.unwrap_or(ScanFormat::Table);
    let to_terminal = format == ScanFormat::Table;
    let output = args.output.as_deref();
    match format {
        ScanFormat::Table => ctx.write_data(&vouch_report::to_terminal(&report), output)?,
        ScanFormat::Json => ctx.write_stream(output, |w| vouch_report::write_json(&report, w))?,
        ScanFormat::Sarif => ctx.write_stream(output, |w| vouch_report::write_sarif(&report, w))?,
    }
    pipeline::echo_errors(ctx, &report, to_terminal && args.output.is_none());
    Ok(report.summary.outcome.exit_code())
}
