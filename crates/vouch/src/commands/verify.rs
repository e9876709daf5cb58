//! `vouch verify DELIVERY --sbom FILE`: the customer's own test of a seller's SBOM (clause 3.5).
//! The delivery is read as `scan` reads it, the SBOM as `scan` reads a seller's SBOM, and
//! [`vouch_sbom::verify_sbom`] holds one against the other. Exit 0 consistent, 1 drift, 2 when
//! the SBOM or the delivery could not be read (whole).

use std::fmt::Write as _;
use std::path::Path;

use vouch_model::{Checksum, Diagnostic, DiagnosticCode, Level};
use vouch_sbom::{PackageVersion, SbomDocumentInfo, Verification, VerifyVerdict};

use super::pipeline;
use crate::cli::{Delivery, VerifyArgs, VerifyFormat};
use crate::context::Context;
use crate::error::{Coded, CodedContext as _};

/// The JSON wire format's version; bump it when a field changes meaning or goes away.
const SCHEMA: &str = "vouch.verify/v1";

/// Everything a renderer needs.
struct Outcome<'a> {
    delivery: &'a Path,
    sbom: &'a Path,
    info: &'a SbomDocumentInfo,
    verification: &'a Verification,
    diagnostics: &'a [Diagnostic],
}

pub(crate) fn run(args: &VerifyArgs, ctx: &Context) -> anyhow::Result<u8> {
    let delivery = Delivery {
        path: args.path.clone(),
        exclude: args.exclude.clone(),
    };
    let document = read_sbom(&args.sbom)?;
    if pipeline::sbom_inventory(&delivery.path).is_some() {
        return Err(Coded::error(
            DiagnosticCode::InvalidArgument,
            format!(
                "{} is an SBOM, not a delivery: verify holds --sbom against the artifact it describes (a directory, lockfile, archive or image)",
                delivery.path.display()
            ),
        ));
    }
    let artifact = pipeline::inventory(&delivery)?;
    let verification = vouch_sbom::verify_sbom(&document, &artifact);
    let mut diagnostics: Vec<Diagnostic> = document.inventory.diagnostics.clone();
    diagnostics.extend(artifact.diagnostics.iter().cloned());
    for d in &diagnostics {
        if d.level != Level::Info {
            ctx.note(&d.to_string());
        }
    }
    // The artifact is the truth: where it could not be read whole, the comparison is not sure.
    let incomplete = artifact.diagnostics.iter().any(|d| d.level == Level::Error);
    let outcome = Outcome {
        delivery: &delivery.path,
        sbom: &args.sbom,
        info: &document.info,
        verification: &verification,
        diagnostics: &diagnostics,
    };
    let text = match args.format.unwrap_or(VerifyFormat::Table) {
        VerifyFormat::Table => table(&outcome),
        VerifyFormat::Json => json(&outcome)?,
        VerifyFormat::Markdown => markdown(&outcome),
        VerifyFormat::Sarif => sarif(&outcome)?,
    };
    ctx.write_data(&text, args.output.as_deref())?;
    Ok(if incomplete {
        2
    } else if verification.verdict() == VerifyVerdict::Consistent {
        0
    } else {
        1
    })
}

/// The SBOM, or an error naming it: missing, unreadable or not an SBOM is V0002, broken V0102.
fn read_sbom(path: &Path) -> anyhow::Result<vouch_sbom::SbomDocument> {
    let bytes = fs_err::read(path).coded(DiagnosticCode::UnreadableInput, || {
        format!("cannot read the SBOM {}", path.display())
    })?;
    vouch_sbom::read_sbom(&bytes, path).map_err(|e| {
        let code = match e {
            vouch_sbom::SbomReadError::Malformed { .. } => DiagnosticCode::MalformedLockfile,
            _ => DiagnosticCode::UnreadableInput,
        };
        Coded::error(code, e.to_string())
    })
}

fn verdict_word(v: &Verification) -> &'static str {
    match v.verdict() {
        VerifyVerdict::Consistent => "consistent",
        VerifyVerdict::Drift => "drift",
    }
}

fn version(v: Option<&str>) -> &str {
    v.unwrap_or("(no version)")
}

/// Hashes shown short in a table: `SHA-256:0123456789ab,...`.
pub(crate) fn hashes(hs: &[Checksum]) -> String {
    hs.iter()
        .map(|h| {
            let alg = serde_json::to_value(h.algorithm)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            format!("{alg}:{}", h.hex.get(..12).unwrap_or(&h.hex))
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// One drift item: rule id, ecosystem, name, what differs, the human sentence.
struct Item {
    rule: &'static str,
    ecosystem: String,
    name: String,
    detail: String,
    message: String,
    purl: String,
    /// True when it is located in the SBOM; false in the delivery.
    in_sbom: bool,
}

fn items(v: &Verification) -> Vec<Item> {
    let mut out = Vec::new();
    let pv = |p: &PackageVersion| {
        (
            p.ecosystem.to_string(),
            p.name.clone(),
            version(p.version.as_deref()).to_owned(),
        )
    };
    for p in &v.missing_from_sbom {
        let (ecosystem, name, detail) = pv(p);
        out.push(Item {
            rule: "sbom-missing-component",
            message: format!("{ecosystem} {name} {detail} is in the delivery but not in the SBOM"),
            ecosystem,
            name,
            detail,
            purl: p.purl.to_string(),
            in_sbom: false,
        });
    }
    for p in &v.not_in_artifact {
        let (ecosystem, name, detail) = pv(p);
        out.push(Item {
            rule: "sbom-extra-component",
            message: format!("{ecosystem} {name} {detail} is in the SBOM but not in the delivery"),
            ecosystem,
            name,
            detail,
            purl: p.purl.to_string(),
            in_sbom: true,
        });
    }
    for m in &v.version_mismatches {
        let (sbom, artifact) = (version(m.sbom.as_deref()), version(m.artifact.as_deref()));
        out.push(Item {
            rule: "sbom-version-mismatch",
            ecosystem: m.ecosystem.to_string(),
            name: m.name.clone(),
            detail: format!("SBOM {sbom}, delivery {artifact}"),
            message: format!(
                "{} {}: the SBOM says {sbom}, the delivery has {artifact}",
                m.ecosystem, m.name
            ),
            purl: m.package.clone(),
            in_sbom: true,
        });
    }
    for h in &v.hash_mismatches {
        let (ecosystem, name, ver) = pv(&h.component);
        out.push(Item {
            rule: "sbom-hash-mismatch",
            message: format!(
                "{ecosystem} {name} {ver}: the SBOM's hash {} is not the delivery's {}",
                hashes(&h.sbom),
                hashes(&h.artifact)
            ),
            detail: format!(
                "{ver} (SBOM {}, delivery {})",
                hashes(&h.sbom),
                hashes(&h.artifact)
            ),
            ecosystem,
            name,
            purl: h.component.purl.to_string(),
            in_sbom: true,
        });
    }
    out
}

fn summary_line(v: &Verification) -> String {
    format!(
        "{}: {} matched; missing from the SBOM {}, not in the delivery {}, version mismatches {}, hash mismatches {} (components: SBOM {}, delivery {})",
        verdict_word(v),
        v.matched,
        v.missing_from_sbom.len(),
        v.not_in_artifact.len(),
        v.version_mismatches.len(),
        v.hash_mismatches.len(),
        v.sbom_components,
        v.artifact_components,
    )
}

/// Notes that qualify the result: the subject set aside, ecosystems vouch saw nothing of.
fn notes(v: &Verification) -> Vec<String> {
    let mut out = Vec::new();
    for s in &v.subjects {
        out.push(format!(
            "{} {} is what the SBOM describes, not a component of it: not compared",
            s.name,
            version(s.version.as_deref())
        ));
    }
    if !v.dev_only_not_in_sbom.is_empty() {
        let names: Vec<String> = v
            .dev_only_not_in_sbom
            .iter()
            .map(|p| format!("{} {}", p.name, version(p.version.as_deref())))
            .collect();
        out.push(format!(
            "{} development-only component(s) of the delivery are not in the SBOM, which is fine: {}",
            names.len(),
            names.join(", ")
        ));
    }
    if !v.unseen_ecosystems.is_empty() {
        let names: Vec<String> = v.unseen_ecosystems.iter().map(|e| e.to_string()).collect();
        out.push(format!(
            "vouch found no {} components in the delivery at all: check that it is the artifact the SBOM describes and that vouch can see them in it",
            names.join(", ")
        ));
    }
    out
}

fn table(o: &Outcome<'_>) -> String {
    let v = o.verification;
    let rows: Vec<[String; 4]> = items(v)
        .into_iter()
        .map(|i| {
            let kind = match i.rule {
                "sbom-missing-component" => "missing from SBOM",
                "sbom-extra-component" => "not in delivery",
                "sbom-version-mismatch" => "version mismatch",
                _ => "hash mismatch",
            };
            [kind.to_owned(), i.ecosystem, i.name, i.detail]
        })
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} {}) against {}",
        o.sbom.display(),
        o.info.format,
        o.info.spec_version,
        o.delivery.display()
    );
    if !rows.is_empty() {
        let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
        let (w0, w1, w2) = (width(0), width(1), width(2));
        for r in &rows {
            let _ = writeln!(out, "{:<w0$}  {:<w1$}  {:<w2$}  {}", r[0], r[1], r[2], r[3]);
        }
    }
    for n in notes(v) {
        let _ = writeln!(out, "note: {n}");
    }
    let _ = writeln!(out, "\n{}", summary_line(v));
    out
}

fn markdown(o: &Outcome<'_>) -> String {
    let v = o.verification;
    let mut out = String::new();
    let _ = writeln!(out, "## vouch verify: {}\n", verdict_word(v));
    let _ = writeln!(
        out,
        "SBOM `{}` ({} {}) held against the delivery `{}`.\n",
        o.sbom.display(),
        o.info.format,
        o.info.spec_version,
        o.delivery.display()
    );
    let _ = writeln!(
        out,
        "| matched | missing from SBOM | not in delivery | version mismatches | hash mismatches |\n|---:|---:|---:|---:|---:|\n| {} | {} | {} | {} | {} |\n",
        v.matched,
        v.missing_from_sbom.len(),
        v.not_in_artifact.len(),
        v.version_mismatches.len(),
        v.hash_mismatches.len()
    );
    let rows = items(v);
    if !rows.is_empty() {
        out.push_str("| drift | ecosystem | package | detail |\n|---|---|---|---|\n");
        for i in rows {
            let _ = writeln!(
                out,
                "| `{}` | {} | `{}` | {} |",
                i.rule,
                i.ecosystem,
                i.name.replace('|', "\\|"),
                i.detail.replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    for n in notes(v) {
        let _ = writeln!(out, "> {n}\n");
    }
    out
}

/// `{schema, delivery, sbom: {path, format, spec_version, serial, tools}, verdict, summary,
/// missing_from_sbom, not_in_artifact, version_mismatches, hash_mismatches, unseen_ecosystems,
/// subjects, diagnostics}`; see docs/verify.md.
fn json(o: &Outcome<'_>) -> anyhow::Result<String> {
    let v = o.verification;
    let mut doc = serde_json::json!({
        "schema": SCHEMA,
        "delivery": o.delivery,
        "sbom": {
            "path": o.sbom,
            "format": o.info.format,
            "spec_version": o.info.spec_version,
            "serial": o.info.serial,
            "tools": o.info.tools,
        },
        "verdict": v.verdict(),
        "summary": {
            "sbom_components": v.sbom_components,
            "artifact_components": v.artifact_components,
            "matched": v.matched,
            "missing_from_sbom": v.missing_from_sbom.len(),
            "not_in_artifact": v.not_in_artifact.len(),
            "version_mismatches": v.version_mismatches.len(),
            "hash_mismatches": v.hash_mismatches.len(),
            "dev_only_not_in_sbom": v.dev_only_not_in_sbom.len(),
        },
    });
    let mut lists = serde_json::to_value(v)?;
    if let (Some(out), Some(lists)) = (doc.as_object_mut(), lists.as_object_mut()) {
        for key in ["sbom_components", "artifact_components", "matched"] {
            lists.remove(key);
        }
        out.extend(std::mem::take(lists));
        out.insert("diagnostics".into(), serde_json::to_value(o.diagnostics)?);
    }
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

/// SARIF 2.1.0: one rule per kind of drift, one result per drift item, located in the SBOM
/// (extra, version, hash) or the delivery (missing).
fn sarif(o: &Outcome<'_>) -> anyhow::Result<String> {
    let rules = [
        (
            "sbom-missing-component",
            "A component of the delivery is not in the SBOM",
        ),
        (
            "sbom-extra-component",
            "A component the SBOM lists is not in the delivery",
        ),
        (
            "sbom-version-mismatch",
            "The SBOM gives a component another version than the delivery has",
        ),
        (
            "sbom-hash-mismatch",
            "The SBOM's hash of a component is not the delivery's",
        ),
    ];
    let rules: Vec<serde_json::Value> = rules
        .iter()
        .map(|(id, text)| {
            serde_json::json!({
                "id": id,
                "shortDescription": {"text": text},
                "defaultConfiguration": {"level": "error"},
            })
        })
        .collect();
    let uri = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let results: Vec<serde_json::Value> = items(o.verification)
        .into_iter()
        .map(|i| {
            let at = if i.in_sbom { o.sbom } else { o.delivery };
            serde_json::json!({
                "ruleId": i.rule,
                "level": "error",
                "message": {"text": i.message},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": uri(at)}},
                    "logicalLocations": [{"name": i.purl, "kind": "package"}],
                }],
            })
        })
        .collect();
    let doc = serde_json::json!({
        "$schema": vouch_report::SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "vouch",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
            "invocations": [{
                "executionSuccessful": !o.diagnostics.iter().any(|d| d.level == Level::Error),
            }],
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}
