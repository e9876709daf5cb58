//! `vouch sbom quality FILE`: how complete an SBOM is by the NTIA minimum elements and BSI
//! TR-03183-2 v2.1, as a table or as JSON (`vouch.sbom-quality/v1`). Quality is information:
//! exit 0 whatever the score (1 below `--min-score`), 2 when the SBOM cannot be read.

use std::fmt::Write as _;
use std::path::Path;

use vouch_model::DiagnosticCode;
use vouch_sbom::{FieldStatus, QualityProfile, QualityReport, Requirement, sbom_quality};

use crate::cli::{QualityProfileArg, SbomDiffFormat, SbomQualityArgs};
use crate::context::Context;
use crate::error::{Coded, CodedContext as _};

/// The JSON wire format's version; bump it when a field changes meaning or goes away.
const SCHEMA: &str = "vouch.sbom-quality/v1";

pub(crate) fn run(args: &SbomQualityArgs, ctx: &Context) -> anyhow::Result<u8> {
    let bytes = fs_err::read(&args.file).coded(DiagnosticCode::UnreadableInput, || {
        format!("reading {}", args.file.display())
    })?;
    let profiles: &[QualityProfile] = match args.profile {
        QualityProfileArg::Ntia => &[QualityProfile::Ntia],
        QualityProfileArg::BsiTr03183_2 => &[QualityProfile::BsiTr03183_2],
        QualityProfileArg::All => &QualityProfile::ALL,
    };
    let report = sbom_quality(&bytes, &args.file, profiles)
        .map_err(|e| Coded::error(DiagnosticCode::UnreadableInput, e.to_string()))?;
    let text = match args.format {
        SbomDiffFormat::Json => json(&args.file, &report)?,
        SbomDiffFormat::Table => table(&args.file, &report),
    };
    ctx.write_data(&text, args.output.as_deref())?;
    let below = args
        .min_score
        .is_some_and(|min| report.profiles.iter().any(|p| p.score.score < min));
    Ok(u8::from(below))
}

/// `{schema, file, format, spec_version, components, profiles}`, each profile as
/// [`vouch_sbom::ProfileQuality`] serialises it. Serialised straight from the report: a
/// `serde_json::Value` of a 100k-component report took 1.5 GB.
#[derive(serde::Serialize)]
struct Wire<'a> {
    schema: &'static str,
    file: &'a Path,
    #[serde(flatten)]
    report: &'a QualityReport,
}

fn json(file: &Path, report: &QualityReport) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(&Wire {
        schema: SCHEMA,
        file,
        report,
    })?;
    text.push('\n');
    Ok(text)
}

fn status(s: &FieldStatus) -> String {
    match s {
        FieldStatus::Present => "present".to_owned(),
        FieldStatus::Missing => "missing".to_owned(),
        FieldStatus::WrongForm { reason } => format!("wrong form: {reason}"),
    }
}

/// Per profile: the score, the document's fields, the count of components per field, and
/// each component's missing fields (additional ones after a `;`).
fn table(file: &Path, report: &QualityReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} {}, {} components",
        file.display(),
        report.format,
        report.spec_version,
        report.components
    );
    for p in &report.profiles {
        let _ = writeln!(
            out,
            "\n{}: score {:.1} ({} of {} required checks pass)",
            p.profile.title(),
            p.score.score,
            p.score.passed,
            p.score.checked
        );
        let width = p
            .document
            .iter()
            .map(|c| c.field.as_str().len())
            .chain(p.fields.iter().map(|c| c.field.as_str().len()))
            .max()
            .unwrap_or(0);
        let kind = |r: Requirement| match r {
            Requirement::Required => "",
            Requirement::Additional => " (additional)",
        };
        out.push_str("  document\n");
        for c in &p.document {
            let _ = writeln!(
                out,
                "    {:<width$}  {}{}",
                c.field.as_str(),
                status(&c.status),
                kind(c.requirement)
            );
        }
        out.push_str("  components: present / missing / wrong form\n");
        for c in &p.fields {
            let _ = writeln!(
                out,
                "    {:<width$}  {} / {} / {}{}",
                c.field.as_str(),
                c.present,
                c.missing,
                c.wrong_form,
                kind(c.requirement)
            );
        }
        if p.components.is_empty() {
            continue;
        }
        out.push_str("  components lacking fields\n");
        for c in &p.components {
            let label = match (&c.name, &c.version) {
                (Some(n), Some(v)) => format!("{n}@{v}"),
                (Some(n), None) => n.clone(),
                _ => "(no name)".to_owned(),
            };
            let issues = |requirement: Requirement| {
                c.issues
                    .iter()
                    .filter(|i| i.requirement == requirement)
                    .map(|i| match &i.status {
                        FieldStatus::WrongForm { reason } => format!("{} ({reason})", i.field),
                        _ => i.field.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (required, additional) = (
                issues(Requirement::Required),
                issues(Requirement::Additional),
            );
            let _ = write!(out, "    {} {label}: {required}", c.record);
            if !additional.is_empty() {
                let sep = if required.is_empty() { "" } else { "; " };
                let _ = write!(out, "{sep}additional: {additional}");
            }
            out.push('\n');
        }
    }
    out
}
