//! `gradle/verification-metadata.xml`: Gradle's dependency verification file
//! (<https://docs.gradle.org/current/userguide/dependency_verification.html>, schema
//! `dependency-verification-1.3.xsd`). Each `<component group name version>` is a module the
//! build resolved; the digests of its artifacts (not of its `.pom`/`.module` metadata) are kept.

use std::path::Path;

use vouch_model::{Checksum, ChecksumAlgorithm, Location};

use crate::java::{in_gradle_dir, maven_component, skipped_entry, xml_error};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Reads Gradle verification metadata.
pub(crate) struct GradleVerificationMetadata;

impl Cataloger for GradleVerificationMetadata {
    fn name(&self) -> &'static str {
        "gradle-verification-metadata"
    }

    fn claims(&self, path: &Path) -> bool {
        in_gradle_dir(path, |n| n == "verification-metadata.xml")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        parse_str(&text, display)
    }
}

/// Parses the text of a verification metadata file; `display` names it.
pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    let doc = roxmltree::Document::parse(text).map_err(|e| malformed(xml_error(&e)))?;
    let root = doc.root_element();
    if root.tag_name().name() != "verification-metadata" {
        return Err(malformed(format!(
            "the root element is <{}>, not <verification-metadata>",
            root.tag_name().name()
        )));
    }
    let lines = LineIndex::new(text);
    let mut parsed = Parsed::default();
    let components = root
        .children()
        .filter(|n| n.tag_name().name() == "components")
        .flat_map(|n| n.children())
        .filter(|n| n.tag_name().name() == "component");
    for node in components {
        let line = lines.line(node.range().start);
        let attr = |a: &str| node.attribute(a).unwrap_or_default();
        let (group, name, version) = (attr("group"), attr("name"), attr("version"));
        let record = format!("{group}:{name}:{version}");
        let problem = if version.is_empty() {
            Err("the component has no version".to_owned())
        } else {
            let location = Location {
                path: display.to_path_buf(),
                line: Some(line),
            };
            maven_component(group, name, Some(version), location)
        };
        match problem {
            Ok(mut c) => {
                c.checksums = artifact_checksums(node);
                c.checksums.sort();
                c.checksums.dedup();
                parsed.components.push(c);
            }
            Err(problem) => parsed.diagnostics.push(skipped_entry(
                display,
                &record,
                format!("line {line}: {problem}; component skipped"),
            )),
        }
    }
    Ok(parsed)
}

/// The digests of a component's artifacts other than its metadata (`.pom`, `.module`), which
/// verify the code itself. Digests that are not hex of the algorithm's length are dropped.
fn artifact_checksums(component: roxmltree::Node<'_, '_>) -> Vec<Checksum> {
    let mut out = Vec::new();
    for artifact in component
        .children()
        .filter(|n| n.tag_name().name() == "artifact")
    {
        let name = artifact.attribute("name").unwrap_or_default();
        if name.ends_with(".pom") || name.ends_with(".module") {
            continue;
        }
        for digest in artifact.children().filter(roxmltree::Node::is_element) {
            let (algorithm, len) = match digest.tag_name().name() {
                "sha256" => (ChecksumAlgorithm::Sha256, 64),
                "sha512" => (ChecksumAlgorithm::Sha512, 128),
                "sha1" => (ChecksumAlgorithm::Sha1, 40),
                "md5" => (ChecksumAlgorithm::Md5, 32),
                _ => continue,
            };
            let hex = digest.attribute("value").unwrap_or_default();
            if hex.len() == len && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                out.push(Checksum {
                    algorithm,
                    hex: hex.to_ascii_lowercase(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "2c3fd2bd1f1f6eb75db6d37e5e5e4b0bb0d3ce1d2f4ffa6c3bb6d3cbd1c7e0a1";

    #[test]
    fn components_lines_and_artifact_checksums() {
        let text = format!(
            r#"<?xml version="1.0"?>
<verification-metadata xmlns="https://schema.gradle.org/dependency-verification">
  <components>
    <component group="g" name="a" version="1.0">
      <artifact name="a-1.0.jar"><sha256 value="{SHA}" origin="x"/></artifact>
      <artifact name="a-1.0.pom"><sha256 value="{}"/></artifact>
    </component>
    <component name="nogroup" version="1"/>
  </components>
</verification-metadata>"#,
            "1".repeat(64)
        );
        let parsed = parse_str(&text, Path::new("gradle/verification-metadata.xml")).unwrap();
        assert_eq!(parsed.components.len(), 1);
        let c = &parsed.components[0];
        assert_eq!(c.name.as_str(), "g:a");
        assert_eq!(c.locations[0].line, Some(4));
        assert_eq!(c.checksums.len(), 1);
        assert_eq!(c.checksums[0].hex, SHA);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some(":nogroup:1"));
    }

    #[test]
    fn not_xml_or_another_root_is_malformed() {
        let d = Path::new("gradle/verification-metadata.xml");
        let err = parse_str("not xml", d).unwrap_err().to_string();
        assert!(
            err.starts_with("gradle/verification-metadata.xml: invalid XML at line 1"),
            "{err}"
        );
        let err = parse_str("<project/>", d).unwrap_err().to_string();
        assert!(err.contains("not <verification-metadata>"), "{err}");
        let err = parse_str("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", d).unwrap_err();
        assert!(matches!(err, ExtractError::Malformed { .. }));
    }
}
