//! Java: Maven pom.xml and Gradle lockfiles, version catalogs, verification metadata. Every
//! component is a Maven package named `groupId:artifactId` (the purl builder splits the two into
//! namespace and name); this module holds what the formats share.

pub(crate) mod gradle_catalog;
pub(crate) mod gradle_lock;
pub(crate) mod gradle_verification;
pub(crate) mod pom;

use std::path::Path;

use vouch_model::{Component, Diagnostic, DiagnosticCode, Ecosystem, Location, PackageName};

/// Checks one Maven coordinate part (a groupId, artifactId or version): not empty, no white
/// space, none of the separators `:`, `/`, `\` or the XML/property markers `$`, `{`, `}`, `<`,
/// `>`. Maven itself refuses such ids (`DefaultModelValidator`'s `ID_REGEX` is `[A-Za-z0-9_\-.]+`
/// for group and artifact); versions are freer, so only the separators are checked there.
fn coordinate_part(what: &str, text: &str, strict: bool) -> Result<(), String> {
    let bad = |c: char| {
        if strict {
            !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        } else {
            c.is_whitespace() || matches!(c, ':' | '/' | '\\' | '$' | '{' | '}' | '<' | '>')
        }
    };
    if text.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    if let Some(c) = text.chars().find(|&c| bad(c)) {
        return Err(format!(
            "the {what} `{}` has the character {c:?}, which Maven does not allow there",
            text.escape_debug()
        ));
    }
    Ok(())
}

/// A Maven component `group:artifact` at `version` (unpinned when `None`), found at `location`;
/// the message says why it cannot be one.
pub(crate) fn maven_component(
    group: &str,
    artifact: &str,
    version: Option<&str>,
    location: Location,
) -> Result<Component, String> {
    coordinate_part("groupId", group, true)?;
    coordinate_part("artifactId", artifact, true)?;
    if let Some(v) = version {
        coordinate_part("version", v, false)?;
    }
    let name = PackageName::new(Ecosystem::Maven, &format!("{group}:{artifact}"))
        .map_err(|e| e.to_string())?;
    Component::new(Ecosystem::Maven, name, version.map(str::to_owned), location)
        .map_err(|e| e.to_string())
}

/// A warning that one entry of `display` was skipped, naming the entry.
pub(crate) fn skipped_entry(
    display: &Path,
    record: &str,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(DiagnosticCode::InvalidPackage, message)
        .with_path(display)
        .with_record(record)
}

/// Whether `path` is a file named `name` directly inside a directory named `gradle`.
pub(crate) fn in_gradle_dir(path: &Path, matches: impl Fn(&str) -> bool) -> bool {
    let name_ok = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(matches);
    let parent_ok = path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|p| p == "gradle");
    name_ok && parent_ok
}

/// A one-line description of an XML error: `invalid XML at line L, column C: message`.
pub(crate) fn xml_error(error: &roxmltree::Error) -> String {
    let pos = error.pos();
    let message = error.to_string();
    // roxmltree appends ` at R:C`; say it once, in our words.
    let message = message
        .rsplit_once(" at ")
        .filter(|(_, at)| at.contains(':') && at.chars().all(|c| c.is_ascii_digit() || c == ':'))
        .map_or(message.as_str(), |(m, _)| m);
    format!(
        "invalid XML at line {}, column {}: {message}",
        pos.row, pos.col
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_checked() {
        let at = Location::file("pom.xml");
        let c = maven_component("org.a", "b-c", Some("1.0"), at.clone()).unwrap();
        assert_eq!(c.purl.as_str(), "pkg:maven/org.a/b-c@1.0");
        assert_eq!(c.name.as_str(), "org.a:b-c");
        assert!(maven_component("", "b", Some("1"), at.clone()).is_err());
        assert!(maven_component("a b", "b", Some("1"), at.clone()).is_err());
        assert!(maven_component("a", "${x}", Some("1"), at.clone()).is_err());
        assert!(maven_component("a", "b", Some("${v}"), at.clone()).is_err());
        assert!(maven_component("a", "b", None, at).is_ok());
    }

    #[test]
    fn gradle_directory() {
        let is = |n: &str| n == "verification-metadata.xml";
        assert!(in_gradle_dir(
            Path::new("gradle/verification-metadata.xml"),
            is
        ));
        assert!(in_gradle_dir(
            Path::new("a/gradle/verification-metadata.xml"),
            is
        ));
        assert!(!in_gradle_dir(Path::new("verification-metadata.xml"), is));
        assert!(!in_gradle_dir(Path::new("a/verification-metadata.xml"), is));
    }
}
