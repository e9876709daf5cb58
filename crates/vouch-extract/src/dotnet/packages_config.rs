//! NuGet's older manifest, `packages.config` (XML): one `<package id version targetFramework
//! developmentDependency>` per package a project installs, every one pinned to an exact
//! version. Format: <https://learn.microsoft.com/en-us/nuget/reference/packages-config>.

use std::path::Path;

use super::{file_name, nuget_component, skipped_entry};
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// NuGet's `packages.config`.
pub(crate) struct PackagesConfig;

impl Cataloger for PackagesConfig {
    fn name(&self) -> &'static str {
        "nuget-packages-config"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("packages.config")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        parse_text(&text, display)
    }
}

/// Parses the text of a `packages.config` named `display`. roxmltree refuses DTDs, so entity
/// expansion cannot blow up.
fn parse_text(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        let message = e.to_string();
        // roxmltree ends its message with ` at R:C`; say where once, in our words.
        let message = message
            .rsplit_once(" at ")
            .filter(|(_, at)| at.bytes().all(|b| b.is_ascii_digit() || b == b':'))
            .map_or(message.as_str(), |(m, _)| m);
        malformed(format!(
            "invalid XML at line {}, column {}: {message}",
            pos.row, pos.col
        ))
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "packages" {
        return Err(malformed(format!(
            "the root element is <{}>, not <packages>",
            root.tag_name().name()
        )));
    }
    let mut parsed = Parsed::default();
    let packages = root
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "package");
    for (i, node) in packages.enumerate() {
        let line = doc.text_pos_at(node.range().start).row;
        let id = node.attribute("id").unwrap_or_default();
        let record = if id.is_empty() {
            format!("package #{} (line {line})", i + 1)
        } else {
            id.to_owned()
        };
        let version = node.attribute("version").unwrap_or_default();
        match nuget_component(id, version, display, Some(line)) {
            Ok(mut c) => {
                // packages.config lists every package the project installs, with no record of
                // which one pulled in which: the relationship is unknown.
                let dev = node
                    .attribute("developmentDependency")
                    .is_some_and(|d| d.eq_ignore_ascii_case("true"));
                c.scope.dev = Some(dev);
                if dev {
                    c.groups.push("dev".to_owned());
                }
                parsed.components.push(c);
            }
            Err(message) => parsed
                .diagnostics
                .push(skipped_entry(display, &record, message)),
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("packages.config"))
    }

    #[test]
    fn packages_with_dev_flags_and_lines() {
        let text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<packages>\n  <package id=\"A.B\" version=\"1.0.0\" targetFramework=\"net46\" />\n  <!-- c -->\n  <package id=\"Tool\" version=\"2.0.0-beta\" developmentDependency=\"true\" />\n  <package version=\"1.0\" />\n  <package id=\"NoVersion\" />\n</packages>\n";
        let parsed = parse(text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.purl.as_str().to_owned(),
                    c.scope.dev,
                    c.groups.clone(),
                    c.locations[0].line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "pkg:nuget/A.B@1.0.0".to_owned(),
                    Some(false),
                    vec![],
                    Some(3)
                ),
                (
                    "pkg:nuget/Tool@2.0.0-beta".to_owned(),
                    Some(true),
                    vec!["dev".to_owned()],
                    Some(5)
                ),
            ]
        );
        let records: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| d.record.clone().unwrap_or_default())
            .collect();
        assert_eq!(records, ["package #3 (line 6)", "NoVersion"]);
    }

    #[test]
    fn bad_documents_are_refused() {
        for (text, start) in [
            (
                "not\nxml\n",
                "packages.config: invalid XML at line 1, column 1",
            ),
            (
                "<project/>",
                "packages.config: the root element is <project>",
            ),
            (
                "<!DOCTYPE p [<!ENTITY a \"b\">]><packages/>",
                "packages.config: invalid XML",
            ),
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.to_string().starts_with(start), "{err}");
        }
        assert!(parse("<packages/>").unwrap().components.is_empty());
    }
}
