//! `vouch sbom`: the delivery's bill of materials as CycloneDX 1.6 JSON or SPDX 2.3 JSON.

use vouch_model::{Inventory, Level};

use super::pipeline;
use super::sbom_diff;
use super::sbom_quality;
use crate::cli::{Delivery, SbomArgs, SbomCommand, SbomFormat};
use crate::context::Context;

/// The CycloneDX 1.6 JSON of an inventory, named after the delivery.
pub(crate) fn cyclonedx(delivery: &Delivery, inventory: &Inventory) -> anyhow::Result<String> {
    Ok(vouch_sbom::cyclonedx_json(inventory, &metadata(delivery))?)
}

/// The SPDX 2.3 JSON of an inventory, named after the delivery.
pub(crate) fn spdx(delivery: &Delivery, inventory: &Inventory) -> anyhow::Result<String> {
    Ok(vouch_sbom::spdx_json(inventory, &metadata(delivery))?)
}

/// The SBOM's metadata: the delivery (named by vouch.toml's `[product]` when there is one, else
/// by its directory), now, this vouch, and from vouch.toml the supplier and security contacts.
/// A vouch.toml that cannot be read leaves those out; `vouch check` reports its problems.
fn metadata(delivery: &Delivery) -> vouch_sbom::BomMetadata {
    let name = std::path::absolute(&delivery.path)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "delivery".to_owned());
    let declared = Some(delivery.path.join("vouch.toml"))
        .filter(|p| p.is_file())
        .and_then(|p| vouch_baseline::Declaration::load(&p).ok())
        .map(|(d, _)| d);
    let declared = declared.as_ref();
    let product = declared.and_then(|d| d.product.as_ref());
    vouch_sbom::BomMetadata {
        component_name: product.map_or(name, |p| p.name.clone()),
        component_version: product.and_then(|p| p.version.clone()),
        timestamp: jiff::Timestamp::now(),
        serial: None,
        tool_name: "vouch",
        tool_version: env!("CARGO_PKG_VERSION"),
        supplier: declared
            .and_then(|d| d.organisation.as_ref())
            .map(|o| vouch_sbom::Supplier {
                name: o.name.clone(),
                url: o.website.clone(),
            }),
        security_contacts: declared
            .map(|d| {
                d.security_contacts
                    .iter()
                    .flat_map(|c| {
                        c.email
                            .iter()
                            .map(|e| format!("mailto:{e}"))
                            .chain(c.url.iter().cloned())
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

pub(crate) fn run(args: &SbomArgs, ctx: &Context) -> anyhow::Result<u8> {
    match &args.command {
        Some(SbomCommand::Diff(diff)) => return sbom_diff::run(diff, ctx),
        Some(SbomCommand::Quality(quality)) => return sbom_quality::run(quality, ctx),
        None => {}
    }
    let inventory = pipeline::inventory(&args.delivery)?;
    let text = match args.format {
        SbomFormat::CyclonedxJson => cyclonedx(&args.delivery, &inventory)?,
        SbomFormat::SpdxJson => spdx(&args.delivery, &inventory)?,
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
