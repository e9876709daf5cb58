//! `vouch sbom`: the delivery's bill of materials as CycloneDX 1.6 JSON.

use vouch_model::{Inventory, Level};

use super::pipeline;
use super::sbom_diff;
use crate::cli::{Delivery, SbomArgs, SbomCommand, SbomFormat};
use crate::context::Context;

/// The CycloneDX 1.6 JSON of an inventory, named after the delivery.
pub(crate) fn cyclonedx(delivery: &Delivery, inventory: &Inventory) -> anyhow::Result<String> {
    let name = std::path::absolute(&delivery.path)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "delivery".to_owned());
    let meta = vouch_sbom::BomMetadata {
        component_name: name,
        component_version: None,
        timestamp: jiff::Timestamp::now(),
        serial: None,
        tool_name: "vouch",
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    Ok(vouch_sbom::cyclonedx_json(inventory, &meta)?)
}

pub(crate) fn run(args: &SbomArgs, ctx: &Context) -> anyhow::Result<u8> {
    if let Some(SbomCommand::Diff(diff)) = &args.command {
        return sbom_diff::run(diff, ctx);
    }
    let inventory = pipeline::inventory(&args.delivery)?;
    let text = match args.format {
        SbomFormat::CyclonedxJson => cyclonedx(&args.delivery, &inventory)?,
    };
    ctx.write_data(&text, args.output.as_deref())?;
    // Warnings and errors one by one; notes (unpinned requirements and the like) as a count,
    // since `check` and `scan --format json` list them all.
    let mut notes = 0;
    for d in &inventory.diagnostics {
        if d.level == Level::Info {
            notes += 1;
        } else {
            ctx.note(&d.to_string());
        }
    }
    if notes > 0 {
        ctx.note(&format!(
            "{notes} note(s), e.g. requirements without a pinned version: `vouch scan --format json` lists them"
        ));
    }
    let failed = inventory
        .diagnostics
        .iter()
        .any(|d| d.level == Level::Error);
    Ok(if failed { 2 } else { 0 })
}
