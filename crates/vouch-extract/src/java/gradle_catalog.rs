//! Gradle version catalogs (`gradle/libs.versions.toml`,
//! <https://docs.gradle.org/current/userguide/version_catalogs.html#sec:version-catalog-declaration>):
//! the `[libraries]` a build may depend on, in all three notations (`"g:a:v"`,
//! `{ module = "g:a", version... }`, `{ group, name, version... }`), with versions written inline,
//! by `version.ref` into `[versions]`, or as rich versions (`strictly`, `require`, `prefer`).
//! A catalog declares; it does not resolve: a library whose version is absent, a range or a
//! reference to nothing is reported unpinned, with a note. `[bundles]` and `[plugins]` are not
//! libraries and are not read.

use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use vouch_model::{Diagnostic, DiagnosticCode, Location};

use crate::java::{in_gradle_dir, maven_component, skipped_entry};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Reads Gradle version catalogs.
pub(crate) struct GradleVersionCatalog;

impl Cataloger for GradleVersionCatalog {
    fn name(&self) -> &'static str {
        "gradle-version-catalog"
    }

    fn claims(&self, path: &Path) -> bool {
        in_gradle_dir(path, |n| {
            n.strip_suffix(".versions.toml")
                .is_some_and(|stem| !stem.is_empty())
        })
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

/// A version as a catalog writes it, once read: a pin, or why there is none.
#[derive(Debug, PartialEq, Eq)]
enum Version {
    Pinned(String),
    Unpinned(String),
}

/// Parses the text of a version catalog; `display` names it.
pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let lines = LineIndex::new(text);
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    let doc = DeTable::parse(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| format!(" at line {}", lines.line(s.start)))
            .unwrap_or_default();
        malformed(format!("invalid TOML{at}: {}", e.message().trim()))
    })?;
    let doc = doc.get_ref();
    let section = |name: &str| -> Result<Option<&DeTable<'_>>, ExtractError> {
        match doc.get(name) {
            None => Ok(None),
            Some(v) => match v.get_ref() {
                DeValue::Table(t) => Ok(Some(t)),
                other => Err(malformed(format!(
                    "line {}: `[{name}]` is a {}, not a table",
                    lines.line(v.span().start),
                    other.type_str()
                ))),
            },
        }
    };
    let versions = section("versions")?;
    let Some(libraries) = section("libraries")? else {
        return Ok(Parsed::default());
    };
    let mut parsed = Parsed::default();
    // In the order the file writes them (the table's own order is by key).
    let mut entries: Vec<_> = libraries.iter().collect();
    entries.sort_by_key(|(_, v)| v.span().start);
    for (alias, value) in entries {
        let alias = alias.get_ref().as_ref();
        let line = lines.line(value.span().start);
        let library = match read_library(value, versions) {
            Ok(l) => l,
            Err(problem) => {
                parsed.diagnostics.push(skipped_entry(
                    display,
                    alias,
                    format!("line {line}: library `{alias}`: {problem}; library skipped"),
                ));
                continue;
            }
        };
        let (group, artifact, version) = library;
        let location = Location {
            path: display.to_path_buf(),
            line: Some(line),
        };
        let pinned = match &version {
            Version::Pinned(v) => Some(v.as_str()),
            Version::Unpinned(_) => None,
        };
        match maven_component(&group, &artifact, pinned, location) {
            Ok(c) => {
                if let Version::Unpinned(why) = version {
                    parsed.diagnostics.push(
                        Diagnostic::new(
                            DiagnosticCode::UnpinnedRequirement,
                            format!("line {line}: library `{alias}` ({group}:{artifact}): {why}; reported without a version"),
                        )
                        .with_path(display)
                        .with_record(alias),
                    );
                }
                parsed.components.push(c);
            }
            Err(problem) => parsed.diagnostics.push(skipped_entry(
                display,
                alias,
                format!("line {line}: library `{alias}`: {problem}; library skipped"),
            )),
        }
    }
    Ok(parsed)
}

/// Group, artifact and version of one `[libraries]` entry.
fn read_library(
    value: &Spanned<DeValue<'_>>,
    versions: Option<&DeTable<'_>>,
) -> Result<(String, String, Version), String> {
    match value.get_ref() {
        DeValue::String(s) => {
            let parts: Vec<&str> = s.split(':').collect();
            match parts.as_slice() {
                [g, a] => Ok((
                    (*g).to_owned(),
                    (*a).to_owned(),
                    Version::Unpinned("the notation has no version".into()),
                )),
                [g, a, v] => Ok(((*g).to_owned(), (*a).to_owned(), plain_version(v))),
                _ => Err(format!(
                    "`{}` is not `group:artifact:version`",
                    s.escape_debug()
                )),
            }
        }
        DeValue::Table(t) => {
            let string = |key: &str| -> Result<Option<&str>, String> {
                match t.get(key).map(|v| v.get_ref()) {
                    None => Ok(None),
                    Some(DeValue::String(s)) => Ok(Some(s.as_ref())),
                    Some(other) => Err(format!("`{key}` is a {}, not a string", other.type_str())),
                }
            };
            let (group, artifact) = match (string("module")?, string("group")?, string("name")?) {
                (Some(module), None, None) => module
                    .split_once(':')
                    .filter(|(_, a)| !a.contains(':'))
                    .map(|(g, a)| (g.to_owned(), a.to_owned()))
                    .ok_or_else(|| {
                        format!(
                            "`module = \"{}\"` is not `group:artifact`",
                            module.escape_debug()
                        )
                    })?,
                (None, Some(g), Some(n)) => (g.to_owned(), n.to_owned()),
                _ => {
                    return Err("it needs either `module` or both `group` and `name`".to_owned());
                }
            };
            let version = match t.get("version").map(|v| v.get_ref()) {
                None => Version::Unpinned("no version is declared".into()),
                Some(v) => version_of(v, versions)?,
            };
            Ok((group, artifact, version))
        }
        other => Err(format!(
            "the entry is a {}, not a string or table",
            other.type_str()
        )),
    }
}

/// A version written as a string: a pin unless it is a range or dynamic version
/// (<https://docs.gradle.org/current/userguide/dynamic_versions.html>), which says what may be
/// resolved, not what is.
fn plain_version(v: &str) -> Version {
    let v = v.trim();
    if v.is_empty() {
        Version::Unpinned("the version is empty".into())
    } else if v.contains(['[', ']', '(', ')', ',', '+']) || v.starts_with("latest.") {
        Version::Unpinned(format!("`{v}` is a range or dynamic version, not a pin"))
    } else {
        Version::Pinned(v.to_owned())
    }
}

/// A `version` value: a string, or a table with `ref` into `[versions]` or the rich-version
/// keys (<https://docs.gradle.org/current/userguide/rich_versions.html>), of which `strictly`,
/// then `require`, then `prefer` names what resolution starts from.
fn version_of(value: &DeValue<'_>, versions: Option<&DeTable<'_>>) -> Result<Version, String> {
    match value {
        DeValue::String(s) => Ok(plain_version(s)),
        DeValue::Table(t) => {
            if let Some(r) = t.get("ref") {
                let name = r
                    .get_ref()
                    .as_str()
                    .ok_or_else(|| "`version.ref` is not a string".to_owned())?;
                return match versions.and_then(|v| v.get(name)) {
                    None => Ok(Version::Unpinned(format!(
                        "`version.ref = \"{}\"` names no entry of [versions]",
                        name.escape_debug()
                    ))),
                    // A [versions] entry is a string or a rich-version table, never another ref
                    // (Gradle refuses that), so this recursion is one level deep at most.
                    Some(v) => match v.get_ref() {
                        DeValue::Table(rich) if rich.contains_key("ref") => {
                            Err(format!("[versions] entry `{name}` is itself a reference"))
                        }
                        other => version_of(other, None),
                    },
                };
            }
            for key in ["strictly", "require", "prefer"] {
                if let Some(v) = t.get(key) {
                    return match v.get_ref().as_str() {
                        Some(s) => Ok(plain_version(s)),
                        None => Err(format!("`version.{key}` is not a string")),
                    };
                }
            }
            Ok(Version::Unpinned(
                "the version table has no `ref`, `strictly`, `require` or `prefer`".into(),
            ))
        }
        other => Err(format!(
            "`version` is a {}, not a string or table",
            other.type_str()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        parse_str(text, Path::new("gradle/libs.versions.toml")).unwrap()
    }

    #[test]
    fn every_notation_and_version_form() {
        let parsed = parse(
            r#"
[versions]
k = "1.9"
rich = { strictly = "2.1" }

[libraries]
a = "g:a:1.0"
b = { module = "g:b", version.ref = "k" }
c = { group = "g", name = "c", version = { prefer = "3" } }
d = { module = "g:d", version.ref = "rich" }
e = { module = "g:e", version.ref = "missing" }
f = { module = "g:f", version = "[1.0,2.0)" }
h = "g:h"
bad = { module = "nocolon" }

[plugins]
p = { id = "x", version = "1" }
"#,
        );
        let got: Vec<(&str, Option<&str>, Option<u32>)> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.version.as_deref(), c.locations[0].line))
            .collect();
        assert_eq!(
            got,
            [
                ("g:a", Some("1.0"), Some(7)),
                ("g:b", Some("1.9"), Some(8)),
                ("g:c", Some("3"), Some(9)),
                ("g:d", Some("2.1"), Some(10)),
                ("g:e", None, Some(11)),
                ("g:f", None, Some(12)),
                ("g:h", None, Some(13)),
            ]
        );
        let codes: Vec<(DiagnosticCode, Option<&str>)> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.code, d.record.as_deref()))
            .collect();
        assert_eq!(
            codes,
            [
                (DiagnosticCode::UnpinnedRequirement, Some("e")),
                (DiagnosticCode::UnpinnedRequirement, Some("f")),
                (DiagnosticCode::UnpinnedRequirement, Some("h")),
                (DiagnosticCode::InvalidPackage, Some("bad")),
            ]
        );
    }

    #[test]
    fn bad_toml_and_bad_sections_are_malformed() {
        let d = Path::new("gradle/libs.versions.toml");
        let err = parse_str("[libraries\n", d).unwrap_err().to_string();
        assert!(
            err.starts_with("gradle/libs.versions.toml: invalid TOML at line 1"),
            "{err}"
        );
        let err = parse_str("libraries = 3\n", d).unwrap_err().to_string();
        assert!(err.contains("`[libraries]` is a integer"), "{err}");
    }

    #[test]
    fn claims() {
        let c = GradleVersionCatalog;
        assert!(c.claims(Path::new("gradle/libs.versions.toml")));
        assert!(c.claims(Path::new("x/gradle/deps.versions.toml")));
        assert!(!c.claims(Path::new("libs.versions.toml")));
        assert!(!c.claims(Path::new("gradle/.versions.toml")));
    }
}
