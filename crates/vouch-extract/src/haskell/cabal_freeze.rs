//! `cabal.project.freeze`: the versions `cabal freeze` pinned, as a `constraints:` field of
//! cabal's project-file syntax (`any.name ==1.2.3, any.name +flag, ...`). The field layout
//! (continuation lines indented, `--` comments) and constraint grammar are cabal's
//! (<https://cabal.readthedocs.io/en/stable/cabal-project-description-file.html#cfg-field-constraints>).
//!
//! A version constraint `==V` is a component; flag (`+f`/`-f`), `installed` and `source`
//! constraints pin nothing and are not. A qualified constraint (`setup.name`, `exe.name`,
//! `pkg:setup.name`) pins a build tool, which is marked dev.

use std::ffi::OsStr;
use std::path::Path;

use vouch_model::{Component, Diagnostic, DiagnosticCode, Ecosystem, Location, PackageName};

use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Reads `cabal.project.freeze` files.
pub(crate) struct CabalFreeze;

impl Cataloger for CabalFreeze {
    fn name(&self) -> &'static str {
        "cabal-freeze"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name() == Some(OsStr::new("cabal.project.freeze"))
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        Ok(parse_str(&text, display))
    }
}

/// Parses the text of a cabal.project.freeze; `display` names the file in locations. The
/// syntax is lenient (cabal ignores unknown fields with a warning), so nothing is an error
/// for the whole file; a constraint that cannot be read is a note.
pub(crate) fn parse_str(text: &str, display: &Path) -> Parsed {
    let mut parsed = Parsed::default();
    let mut in_constraints = false;
    for (i, raw_line) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = strip_comment(raw_line);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let value = if indented {
            if !in_constraints {
                continue;
            }
            line
        } else {
            match line.split_once(':') {
                Some((field, value)) if field.trim().eq_ignore_ascii_case("constraints") => {
                    in_constraints = true;
                    value
                }
                _ => {
                    in_constraints = false;
                    continue;
                }
            }
        };
        for item in value.split(',') {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            match read_constraint(item, display, line_no) {
                Ok(Some(component)) => parsed.components.push(component),
                Ok(None) => {}
                Err(problem) => parsed.diagnostics.push(
                    Diagnostic::new(
                        DiagnosticCode::InvalidPackage,
                        format!("line {line_no}: {problem}; constraint skipped"),
                    )
                    .with_path(display)
                    .with_record(item),
                ),
            }
        }
    }
    parsed
}

/// The line without a `--` comment (cabal comments start a line, after white space).
fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with("--") {
        ""
    } else {
        line
    }
}

/// The component a constraint pins, `None` for a constraint that pins no version.
fn read_constraint(item: &str, display: &Path, line: u32) -> Result<Option<Component>, String> {
    let (target, rest) = item
        .split_once(|c: char| c.is_whitespace() || matches!(c, '=' | '<' | '>' | '^'))
        .map_or((item, ""), |(t, _)| (t, &item[t.len()..]));
    let rest = rest.trim();
    let Some(version) = rest.strip_prefix("==") else {
        // `+flag -flag`, `installed`, `source`, or a range: nothing is pinned.
        return Ok(None);
    };
    let version = version.trim();
    if version.is_empty()
        || !version
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("`{version}` is not a version (digits and dots)"));
    }
    // `any.name`, `setup.name`, `pkg:setup.name`, or a bare name; names hold no `.`.
    let (qualifier, name) = target.rsplit_once('.').unwrap_or(("", target));
    if !is_package_name(name) {
        return Err(format!(
            "`{name}` is not a Hackage package name (letters, digits and `-`)"
        ));
    }
    let package = PackageName::new(Ecosystem::Hackage, name).map_err(|e| e.to_string())?;
    let location = Location {
        path: display.to_path_buf(),
        line: Some(line),
    };
    let mut component = Component::new(
        Ecosystem::Hackage,
        package,
        Some(version.to_owned()),
        location,
    )
    .map_err(|e| e.to_string())?;
    if !qualifier.is_empty() && qualifier != "any" {
        component.scope.dev = Some(true);
    }
    Ok(Some(component))
}

/// A Hackage package name: words of letters and digits joined by `-`, each with a letter
/// (<https://cabal.readthedocs.io/en/stable/cabal-package-description-file.html#pkg-field-name>).
pub(crate) fn is_package_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|word| {
            !word.is_empty()
                && word.chars().all(char::is_alphanumeric)
                && word.chars().any(char::is_alphabetic)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        parse_str(text, Path::new("cabal.project.freeze"))
    }

    #[test]
    fn constraints_across_lines() {
        let text = "active-repositories: hackage.haskell.org:merge\n\
                    constraints: any.AC-Angle ==1.0,\n\
                    \x20            any.base ==4.18.2.1, transformers-base +orphaninstances,\n\
                    -- a comment\n\
                    \n\
                    \x20            setup.Cabal ==3.10.3.0,\n\
                    \x20            foo ==2.4.0.3,\n\
                    \x20            any.bad ==1.x, any.zlib installed\n\
                    index-state: hackage.haskell.org 2024-06-01T00:00:00Z\n\
                    \x20 any.notaconstraint ==1\n";
        let parsed = parse(text);
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.purl.to_string(),
                    c.locations[0].line.unwrap_or(0),
                    c.scope.dev,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("pkg:hackage/AC-Angle@1.0".to_owned(), 2, None),
                ("pkg:hackage/base@4.18.2.1".to_owned(), 3, None),
                ("pkg:hackage/Cabal@3.10.3.0".to_owned(), 6, Some(true)),
                ("pkg:hackage/foo@2.4.0.3".to_owned(), 7, None),
            ]
        );
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(
            parsed.diagnostics[0].record.as_deref(),
            Some("any.bad ==1.x")
        );
    }

    #[test]
    fn package_names() {
        for ok in ["a", "AC-Angle", "base64-bytestring", "x11"] {
            assert!(is_package_name(ok), "{ok}");
        }
        for bad in ["", "1", "a-1", "a--b", "-a", "a_b", "a.b"] {
            assert!(!is_package_name(bad), "{bad}");
        }
    }
}
