//! `vouch db sync|import|status`: the local OSV advisory database.

use std::fmt::Write as _;

use anyhow::Context as _;
use vouch_advisory::{DatabaseInfo, ImportSummary, Status, SyncOutcome, SyncSummary};
use vouch_model::{Diagnostic, DiagnosticCode, Ecosystem};

use super::pipeline;
use crate::cli::{DbCommand, StatusFormat};
use crate::context::Context;
use crate::error::Coded;

pub(crate) fn run(cmd: DbCommand, ctx: &Context) -> anyhow::Result<u8> {
    match cmd {
        DbCommand::Sync(args) => {
            if ctx.offline {
                return Err(Coded::error(
                    DiagnosticCode::InvalidArgument,
                    "`vouch db sync` downloads advisories, which --offline forbids; use `vouch db import DIR|ZIP` instead",
                ));
            }
            let url = pipeline::osv_url(args.osv_url.as_deref());
            let ecosystems = if args.all {
                let settings = pipeline::sync_settings(url.clone(), Vec::new());
                let published = vouch_advisory::published_ecosystems(&ctx.db_dir, &settings)
                    .context("listing the ecosystems the OSV server publishes failed")?;
                if !published.unknown.is_empty() {
                    let skipped = Diagnostic::new(
                        DiagnosticCode::UnknownEcosystem,
                        format!(
                            "{url} publishes ecosystems this vouch does not know; they are skipped: {}",
                            published.unknown.join(", ")
                        ),
                    );
                    ctx.note(&skipped.to_string());
                }
                published.ecosystems
            } else {
                args.ecosystems
                    .iter()
                    .map(|e| e.parse::<Ecosystem>())
                    .collect::<Result<Vec<_>, _>>()?
            };
            let names: Vec<&str> = ecosystems.iter().map(|e| e.as_str()).collect();
            ctx.note(&format!("syncing {} from {url}", names.join(", ")));
            let summary =
                vouch_advisory::sync(&ctx.db_dir, &pipeline::sync_settings(url, ecosystems))
                    .with_context(|| {
                        format!(
                            "sync into {} failed; the database is as it was before this ecosystem",
                            ctx.db_dir.display()
                        )
                    })?;
            for e in &summary.ecosystems {
                for d in &e.diagnostics {
                    ctx.note(&d.to_string());
                }
            }
            ctx.write_data(&sync_text(&summary), None)?;
            Ok(0)
        }
        DbCommand::Import(args) => {
            if !args.source.exists() {
                return Err(Coded::error(
                    DiagnosticCode::UnreadableInput,
                    format!("{}: no such file or directory", args.source.display()),
                ));
            }
            let summary = vouch_advisory::import(&ctx.db_dir, &args.source).with_context(|| {
                format!(
                    "import of {} failed; the database is unchanged",
                    args.source.display()
                )
            })?;
            for d in &summary.diagnostics {
                ctx.note(&d.to_string());
            }
            ctx.write_data(&import_text(&summary), None)?;
            Ok(0)
        }
        DbCommand::Status(args) => {
            let status = vouch_advisory::status(&ctx.db_dir)?;
            let text = match args.format {
                StatusFormat::Text => status_text(&status),
                StatusFormat::Json => format!("{}\n", serde_json::to_string_pretty(&status)?),
            };
            ctx.write_data(&text, None)?;
            Ok(0)
        }
    }
}

fn time(t: &jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

fn database_line(db: &DatabaseInfo) -> String {
    format!(
        "database: {} advisories for {} packages, updated {} (sha256:{})\n",
        db.records,
        db.packages,
        time(&db.updated),
        db.digest
    )
}

fn sync_text(s: &SyncSummary) -> String {
    let mut out = String::new();
    for e in &s.ecosystems {
        let what = match e.outcome {
            SyncOutcome::Updated => "updated",
            SyncOutcome::Unchanged => "unchanged",
        };
        let _ = writeln!(
            out,
            "{:<12} {what:<9} {} records  {}",
            e.ecosystem.as_str(),
            e.records,
            e.url
        );
    }
    if let Some(db) = &s.database {
        out.push_str(&database_line(db));
    }
    out
}

fn import_text(s: &ImportSummary) -> String {
    let verb = if s.replaced { "replaced" } else { "imported" };
    let mut out = format!(
        "{verb} {}: {} records from {} files ({} withdrawn), {} problems\n",
        s.source.origin,
        s.source.records,
        s.files,
        s.source.withdrawn,
        s.diagnostics.len()
    );
    out.push_str(&database_line(&s.database));
    out
}

fn status_text(s: &Status) -> String {
    let db = &s.database;
    let mut out = format!("{}\n", s.dir.display());
    out.push_str(&database_line(db));
    if let Some(newest) = &db.newest_advisory {
        let _ = writeln!(out, "newest advisory: {}", time(newest));
    }
    let now = jiff::Timestamp::now();
    if !db.ecosystems.is_empty() {
        let _ = writeln!(
            out,
            "\n  {:<24} {:>8} {:>9}  {:<8} sources",
            "ecosystem", "records", "packages", "checked"
        );
    }
    for e in &db.ecosystems {
        // The sources that hold the ecosystem, and how long ago the freshest was confirmed.
        let sources: Vec<&vouch_advisory::SourceInfo> = db
            .sources
            .iter()
            .filter(|src| src.ecosystems.contains(&e.ecosystem))
            .collect();
        let checked = sources.iter().map(|src| src.checked).max();
        let names: Vec<&str> = sources.iter().map(|src| src.name.as_str()).collect();
        let _ = writeln!(
            out,
            "  {:<24} {:>8} {:>9}  {:<8} {}",
            e.ecosystem.as_str(),
            e.records,
            e.packages,
            checked.map_or_else(|| "?".to_owned(), |c| age(now, c)),
            if names.is_empty() {
                "?".to_owned()
            } else {
                names.join(", ")
            },
        );
    }
    out.push_str("\nsources:\n");
    for src in &db.sources {
        let _ = writeln!(
            out,
            "  {:<8} {:>7} records  updated {}  {}",
            format!("{:?}", src.kind).to_lowercase(),
            src.records,
            time(&src.updated),
            src.origin
        );
    }
    out
}

/// How long ago `then` was, in the largest whole unit: `5m`, `3h`, `12d`.
fn age(now: jiff::Timestamp, then: jiff::Timestamp) -> String {
    let secs = now.as_second().saturating_sub(then.as_second()).max(0);
    match secs {
        s if s < 3_600 => format!("{}m ago", s / 60),
        s if s < 86_400 => format!("{}h ago", s / 3_600),
        s => format!("{}d ago", s / 86_400),
    }
}
