//! Installed Python distributions: the core-metadata headers (`Name:`, `Version:`) of
//! `*.dist-info/METADATA` (wheels, PEP 376), `*.egg-info/PKG-INFO`, `EGG-INFO/PKG-INFO` and a
//! single-file `*.egg-info`. The headers end at the first blank line (the description follows);
//! field names are case-insensitive and the first of a repeated field counts, as in pip.

use std::path::Path;

use vouch_model::{Diagnostic, DiagnosticCode, Ecosystem};

use super::{installed, parents};
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Reads installed distributions' metadata.
pub(crate) struct PythonMetadata;

impl Cataloger for PythonMetadata {
    fn lists_installed(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "python-installed"
    }

    fn claims(&self, path: &Path) -> bool {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        let (dir, _) = parents(path);
        let dir = dir.unwrap_or_default();
        (name == "METADATA" && dir.ends_with(".dist-info"))
            || (name == "PKG-INFO" && (dir.ends_with(".egg-info") || dir == "EGG-INFO"))
            || name.ends_with(".egg-info")
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

pub(crate) fn parse_str(text: &str, display: &Path) -> Parsed {
    let mut parsed = Parsed::default();
    let mut name: Option<(String, u32)> = None;
    let mut version: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue; // a folded continuation of the previous field
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if key.eq_ignore_ascii_case("name") && name.is_none() && !value.is_empty() {
            name = Some((value.to_owned(), u32::try_from(i + 1).unwrap_or(u32::MAX)));
        } else if key.eq_ignore_ascii_case("version") && version.is_none() && !value.is_empty() {
            version = Some(value.to_owned());
        }
    }
    match (name, version) {
        (Some((name, line)), Some(version)) => {
            match installed(Ecosystem::PyPI, &name, &version, display, Some(line)) {
                Ok(c) => parsed.components.push(c),
                Err(d) => parsed.diagnostics.push(d),
            }
        }
        _ => parsed.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::InvalidPackage,
                "no `Name` and `Version` in the distribution's metadata headers",
            )
            .with_path(display),
        ),
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_give_the_distribution_and_the_body_is_ignored() {
        let text = "Metadata-Version: 2.1\nname: Flask\nVersion: 2.0.1\nSummary: x\n  folded\n\nName: not-this\n";
        let p = parse_str(
            text,
            Path::new("site-packages/Flask-2.0.1.dist-info/METADATA"),
        );
        assert_eq!(p.components.len(), 1);
        assert_eq!(p.components[0].purl.as_str(), "pkg:pypi/flask@2.0.1");
        assert_eq!(p.components[0].locations[0].line, Some(2));
        let empty = parse_str("Summary: nothing\n", Path::new("x/PKG-INFO"));
        assert!(empty.components.is_empty() && empty.diagnostics.len() == 1);
    }

    #[test]
    fn claims_installed_metadata_only() {
        let c = PythonMetadata;
        assert!(c.claims(Path::new(
            "usr/lib/python3/dist-packages/pip-22.2.2.dist-info/METADATA"
        )));
        assert!(c.claims(Path::new("x/httplib2-0.20.4.egg-info/PKG-INFO")));
        assert!(c.claims(Path::new("x/setuptools.egg/EGG-INFO/PKG-INFO")));
        assert!(c.claims(Path::new("x/pycups-2.0.1.egg-info")));
        assert!(!c.claims(Path::new("src/METADATA")));
        assert!(!c.claims(Path::new("PKG-INFO")));
    }
}
