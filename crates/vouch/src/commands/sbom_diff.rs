//! `vouch sbom diff OLD NEW`: what changed between two SBOMs of one product, as a table or as
//! JSON (`vouch.sbom-diff/v1`). Each side is read as `scan` reads a delivery, so an SBOM, a
//! lockfile or a directory can be compared with any other. Exit 0 whatever changed; 2 when a
//! side could not be read whole.

use std::fmt::Write as _;
use std::path::Path;

use vouch_model::{Inventory, Level};
use vouch_sbom::{SbomDiff, diff_inventories};

use super::pipeline;
use crate::cli::{Delivery, SbomDiffArgs, SbomDiffFormat};
use crate::context::Context;

/// The JSON wire format's version; bump it when a field changes meaning or goes away.
const SCHEMA: &str = "vouch.sbom-diff/v1";

struct Summary {
    added: usize,
    removed: usize,
    upgraded: usize,
    downgraded: usize,
    version_changed: usize,
    hash_changed: usize,
}

fn summary(d: &SbomDiff) -> Summary {
    Summary {
        added: d.added.len(),
        removed: d.removed.len(),
        upgraded: d.upgraded.len(),
        downgraded: d.downgraded.len(),
        version_changed: d.version_changed.len(),
        hash_changed: d.hash_changed.len(),
    }
}

/// `{schema, old, new, summary, added, removed, upgraded, downgraded, version_changed,
/// hash_changed}`; each list as [`SbomDiff`] serialises it.
fn json(old: &Path, new: &Path, d: &SbomDiff) -> anyhow::Result<String> {
    let s = summary(d);
    let mut doc = serde_json::json!({
        "schema": SCHEMA,
        "old": old,
        "new": new,
        "summary": {
            "added": s.added,
            "removed": s.removed,
            "upgraded": s.upgraded,
            "downgraded": s.downgraded,
            "version_changed": s.version_changed,
            "hash_changed": s.hash_changed,
        },
    });
    if let (Some(out), serde_json::Value::Object(lists)) =
        (doc.as_object_mut(), serde_json::to_value(d)?)
    {
        out.extend(lists);
    }
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

fn side(path: &Path, ctx: &Context) -> anyhow::Result<(Inventory, bool)> {
    let inventory = pipeline::inventory(&Delivery {
        path: path.to_owned(),
        exclude: Vec::new(),
    })?;
    let mut failed = false;
    for d in &inventory.diagnostics {
        if d.level != Level::Info {
            ctx.note(&d.to_string());
        }
        failed |= d.level == Level::Error;
    }
    Ok((inventory, failed))
}

pub(crate) fn run(args: &SbomDiffArgs, ctx: &Context) -> anyhow::Result<u8> {
    let (old, old_failed) = side(&args.old, ctx)?;
    let (new, new_failed) = side(&args.new, ctx)?;
    let diff = diff_inventories(&old, &new);
    let text = match args.format {
        SbomDiffFormat::Json => json(&args.old, &args.new, &diff)?,
        SbomDiffFormat::Table => table(&args.old, &args.new, &diff),
    };
    ctx.write_data(&text, args.output.as_deref())?;
    Ok(if old_failed || new_failed { 2 } else { 0 })
}

/// One line per change, grouped by kind, then a count of each kind.
fn table(old: &Path, new: &Path, d: &SbomDiff) -> String {
    let mut rows: Vec<[String; 4]> = Vec::new();
    let version = |v: &Option<String>| v.clone().unwrap_or_else(|| "(no version)".to_owned());
    for c in &d.added {
        rows.push([
            "added".into(),
            c.ecosystem.to_string(),
            c.name.clone(),
            version(&c.version),
        ]);
    }
    for c in &d.removed {
        rows.push([
            "removed".into(),
            c.ecosystem.to_string(),
            c.name.clone(),
            version(&c.version),
        ]);
    }
    for (kind, changes) in [
        ("upgraded", &d.upgraded),
        ("downgraded", &d.downgraded),
        ("changed", &d.version_changed),
    ] {
        for c in changes {
            rows.push([
                kind.into(),
                c.ecosystem.to_string(),
                c.name.clone(),
                format!("{} -> {}", version(&c.old), version(&c.new)),
            ]);
        }
    }
    for c in &d.hash_changed {
        let hashes = super::verify::hashes;
        rows.push([
            "hash changed".into(),
            c.component.ecosystem.to_string(),
            c.component.name.clone(),
            format!(
                "{} ({} -> {})",
                version(&c.component.version),
                hashes(&c.old),
                hashes(&c.new)
            ),
        ]);
    }
    let mut out = String::new();
    let _ = writeln!(out, "{} -> {}", old.display(), new.display());
    if rows.is_empty() {
        out.push_str("no changes\n");
        return out;
    }
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1, w2) = (width(0), width(1), width(2));
    for r in &rows {
        let _ = writeln!(out, "{:<w0$}  {:<w1$}  {:<w2$}  {}", r[0], r[1], r[2], r[3]);
    }
    let s = summary(d);
    let _ = writeln!(
        out,
        "\n{} added, {} removed, {} upgraded, {} downgraded, {} changed, {} hash changed",
        s.added, s.removed, s.upgraded, s.downgraded, s.version_changed, s.hash_changed
    );
    out
}
