//! `vouch init`: writes a commented `vouch.toml` for the delivery, filled with what can be
//! detected (product name and version from the manifest, security contacts from security.txt
//! or SECURITY.md, SARIF files), so a seller starts from a valid file instead of the docs.

use std::path::{Path, PathBuf};

use vouch_baseline::{Detected, template};
use vouch_model::DiagnosticCode;

use crate::cli::InitArgs;
use crate::context::Context;
use crate::error::{Coded, CodedContext as _};

/// How deep the search for SARIF files goes.
const SARIF_DEPTH: usize = 4;
/// Directories never searched: dependencies, build output, VCS data.
const SKIP: &[&str] = &["node_modules", "target", "vendor", ".git", "dist", "build"];

pub(crate) fn run(args: &InitArgs, ctx: &Context) -> anyhow::Result<u8> {
    let root = &args.path;
    if !root.is_dir() {
        return Err(Coded::error(
            DiagnosticCode::UnreadableInput,
            format!(
                "{}: not a directory; give the delivery's directory",
                root.display()
            ),
        ));
    }
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| root.join("vouch.toml"));
    if target.exists() && !args.force {
        return Err(Coded::error(
            DiagnosticCode::InvalidArgument,
            format!(
                "{} exists already; use --force to replace it or -o FILE to write elsewhere",
                target.display()
            ),
        ));
    }
    let detected = detect(root);
    let text = template(&detected, jiff::Zoned::now().date());
    fs_err::write(&target, &text).coded(DiagnosticCode::CannotWriteOutput, || {
        format!("cannot write {}", target.display())
    })?;
    let mut found = Vec::new();
    if let Some(src) = &detected.product_source {
        found.push(format!("the product from {src}"));
    }
    if let Some(src) = &detected.contacts_source {
        found.push(format!("{} contact(s) from {src}", detected.contacts.len()));
    }
    if !detected.sarif.is_empty() {
        found.push(format!("{} SARIF file(s)", detected.sarif.len()));
    }
    let found = if found.is_empty() {
        "nothing detected".to_owned()
    } else {
        format!("filled in {}", found.join(", "))
    };
    ctx.note(&format!(
        "wrote {} ({found}); uncomment and complete the other blocks, then run `vouch check`",
        target.display()
    ));
    Ok(0)
}

fn detect(root: &Path) -> Detected {
    let mut d = Detected::default();
    product(root, &mut d);
    contacts(root, &mut d);
    let mut sarif = Vec::new();
    find_sarif(root, root, 0, &mut sarif);
    sarif.sort();
    d.sarif = sarif;
    d
}

fn product(root: &Path, d: &mut Detected) {
    if let Ok(text) = fs_err::read_to_string(root.join("package.json"))
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text)
        && let Some(name) = json.get("name").and_then(|n| n.as_str())
    {
        d.product_name = Some(name.to_owned());
        d.product_version = json
            .get("version")
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        d.product_source = Some("package.json".into());
        return;
    }
    for (file, table) in [("Cargo.toml", "package"), ("pyproject.toml", "project")] {
        if let Ok(text) = fs_err::read_to_string(root.join(file))
            && let Ok(doc) = toml::from_str::<toml::Table>(&text)
            && let Some(section) = doc.get(table)
            && let Some(name) = section.get("name").and_then(|n| n.as_str())
        {
            d.product_name = Some(name.to_owned());
            d.product_version = section
                .get("version")
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            d.product_source = Some(file.into());
            return;
        }
    }
}

fn contacts(root: &Path, d: &mut Detected) {
    for file in [".well-known/security.txt", "security.txt"] {
        let Ok(text) = fs_err::read_to_string(root.join(file)) else {
            continue;
        };
        // RFC 9116 §2.5.3: `Contact:` fields, URIs; mailto: is shown as the bare address.
        let found: Vec<String> = text
            .lines()
            .filter_map(|l| {
                let (field, value) = l.split_once(':')?;
                field.trim().eq_ignore_ascii_case("contact").then(|| {
                    let v = value.trim();
                    v.strip_prefix("mailto:").unwrap_or(v).to_owned()
                })
            })
            .filter(|v| !v.is_empty())
            .collect();
        if !found.is_empty() {
            d.contacts = found;
            d.contacts_source = Some(file.into());
            return;
        }
    }
    if let Ok(text) = fs_err::read_to_string(root.join("SECURITY.md"))
        && let Some(email) = text
            .split(|c: char| c.is_whitespace() || "<>()[]`*,;".contains(c))
            .map(|w| w.trim_start_matches("mailto:").trim_end_matches('.'))
            .find(|w| {
                w.split_once('@')
                    .is_some_and(|(l, dom)| !l.is_empty() && dom.contains('.'))
            })
    {
        d.contacts = vec![email.to_owned()];
        d.contacts_source = Some("SECURITY.md".into());
    }
}

fn find_sarif(root: &Path, dir: &Path, depth: usize, out: &mut Vec<String>) {
    let Ok(entries) = fs_err::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path: PathBuf = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if depth < SARIF_DEPTH && !SKIP.contains(&name.as_str()) {
                find_sarif(root, &path, depth + 1, out);
            }
        } else if kind.is_file()
            && (name.ends_with(".sarif") || name.ends_with(".sarif.json"))
            && let Ok(rel) = path.strip_prefix(root)
        {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}
