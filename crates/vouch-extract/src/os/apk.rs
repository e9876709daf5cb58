//! apk's database of installed packages, `lib/apk/db/installed` (Alpine, Wolfi, Chainguard):
//! one `K:value` line per field, a blank line between packages (apk-tools `doc/apk-v2.5`,
//! "Installed Database"). `P` name, `V` version, `A` architecture, `o` origin (the source
//! package OSV's Alpine advisories name), `m` maintainer, `L` license.

use std::path::Path;

use vouch_model::{Diagnostic, DiagnosticCode, SourcePackage};

use super::{Family, Installed, distro_of, ends_with, non_empty, push};
use crate::read::read_bytes;
use crate::{Cataloger, ExtractError, Parsed};

/// Where apk keeps its database, under the root.
const INSTALLED: &[&str] = &["lib", "apk", "db", "installed"];

/// Reads apk's installed database.
pub(crate) struct ApkInstalled;

impl Cataloger for ApkInstalled {
    fn lists_installed(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "apk-installed"
    }

    fn claims(&self, path: &Path) -> bool {
        ends_with(path, INSTALLED)
    }

    fn parse_from(
        &self,
        source: &dyn crate::Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let bytes = read_bytes(source, path, display)?;
        let (installed, diagnostics) = parse_installed(&String::from_utf8_lossy(&bytes), display)?;
        let mut parsed = Parsed::default();
        let distro = distro_of(
            Family::Apk,
            source,
            path,
            display,
            &[INSTALLED],
            &mut parsed,
        );
        parsed.diagnostics.extend(diagnostics);
        for package in installed {
            push(&mut parsed, package, &distro, display);
        }
        Ok(parsed)
    }
}

/// One package's lines.
struct Block {
    line: u32,
    fields: Vec<(u8, String)>,
    bad_line: Option<u32>,
}

impl Block {
    fn get(&self, key: u8) -> Option<String> {
        self.fields
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| non_empty(v))
    }
}

/// Parses the database text. A block with a line that is not `K:value`, or without `P` or `V`,
/// is skipped with a diagnostic; a file with no well-formed block at all is an error.
pub(crate) fn parse_installed(
    text: &str,
    display: &Path,
) -> Result<(Vec<Installed>, Vec<Diagnostic>), ExtractError> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if line.trim().is_empty() {
            blocks.extend(current.take());
            continue;
        }
        let block = current.get_or_insert_with(|| Block {
            line: number,
            fields: Vec::new(),
            bad_line: None,
        });
        match line.as_bytes() {
            [key, b':', ..] if key.is_ascii_alphanumeric() => {
                block.fields.push((*key, line[2..].to_owned()));
            }
            _ => {
                block.bad_line.get_or_insert(number);
            }
        }
    }
    blocks.extend(current);
    if !blocks.is_empty() && blocks.iter().all(|b| b.bad_line.is_some()) {
        let line = blocks.first().and_then(|b| b.bad_line).unwrap_or(1);
        return Err(ExtractError::Malformed {
            path: display.to_path_buf(),
            message: format!(
                "line {line}: not an apk installed database (expected `K:value` lines)"
            ),
        });
    }
    let mut installed = Vec::new();
    let mut diagnostics = Vec::new();
    for block in blocks {
        let name = block.get(b'P');
        let problem = match (&block.bad_line, &name, block.get(b'V')) {
            (Some(bad), _, _) => Err(format!("line {bad} is not a `K:value` line")),
            (None, None, _) => Err("the entry has no `P:` (name)".to_owned()),
            (None, Some(name), None) => Err(format!("package `{name}` has no `V:` (version)")),
            (None, Some(name), Some(version)) => Ok((name.clone(), version)),
        };
        match problem {
            Ok((name, version)) => installed.push(Installed {
                source: block.get(b'o').map(|name| SourcePackage {
                    name,
                    version: None,
                }),
                architecture: block.get(b'A'),
                maintainer: block.get(b'm'),
                license: block.get(b'L'),
                line: Some(block.line),
                name,
                version,
                ..Installed::default()
            }),
            Err(problem) => {
                let mut d = Diagnostic::new(
                    DiagnosticCode::InvalidPackage,
                    format!("line {}: {problem}; entry skipped", block.line),
                )
                .with_path(display);
                if let Some(name) = name {
                    d = d.with_record(name);
                }
                diagnostics.push(d);
            }
        }
    }
    Ok((installed, diagnostics))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_version_arch_origin_maintainer_license() {
        let (packages, diagnostics) = parse_installed(
            "C:Q1YCAH7jdO2W816b85sUh9Z8av4Cc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\n\
             o:musl\nm:Timo Teräs <timo.teras@iki.fi>\nF:lib\nR:ld-musl-x86_64.so.1\n\n\
             P:busybox-binsh\nV:1.36.1-r5\nA:x86_64\no:busybox\n",
            Path::new("lib/apk/db/installed"),
        )
        .unwrap();
        assert!(diagnostics.is_empty());
        let [musl, binsh] = &packages[..] else {
            panic!("{packages:?}")
        };
        assert_eq!(
            (musl.name.as_str(), musl.version.as_str()),
            ("musl", "1.2.4-r2")
        );
        assert_eq!(musl.license.as_deref(), Some("MIT"));
        assert_eq!(
            musl.maintainer.as_deref(),
            Some("Timo Teräs <timo.teras@iki.fi>")
        );
        assert_eq!(binsh.source.as_ref().unwrap().name, "busybox");
        assert_eq!(binsh.line, Some(11));
    }

    #[test]
    fn bad_blocks_are_skipped_and_a_file_of_only_bad_blocks_is_an_error() {
        let (packages, diagnostics) = parse_installed(
            "P:a\nV:1\n\nthis is not a field\nP:b\nV:2\n\nV:3\n",
            Path::new("installed"),
        )
        .unwrap();
        assert_eq!(packages.len(), 1);
        let messages: Vec<_> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "line 4: line 4 is not a `K:value` line; entry skipped",
                "line 8: the entry has no `P:` (name); entry skipped"
            ]
        );
        let err =
            parse_installed("asdf\n\nyolo\n", Path::new("x/lib/apk/db/installed")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("x/lib/apk/db/installed: line 1:"),
            "{err}"
        );
    }
}
