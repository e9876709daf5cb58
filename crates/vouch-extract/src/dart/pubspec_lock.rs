//! `pubspec.lock`: the packages `dart pub get` resolved, as a YAML map under `packages:`. Each
//! entry says how the root package depends on it (`dependency: direct main | direct dev |
//! direct overridden | transitive`) and where it came from (`source: hosted | git | path | sdk`,
//! with a `description`). pub's own reader (`lib/src/lock_file.dart` in dart-lang/pub) is the
//! reference; <https://dart.dev/tools/pub/glossary#lockfile> describes the file.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;
use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, Diagnostic, DiagnosticCode, Ecosystem,
    Location, PackageName, Relationship,
};

use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// The registries pub has used as its default (`PUB_HOSTED_URL` unset).
const PUB_DEV: [&str; 2] = ["https://pub.dev", "https://pub.dartlang.org"];

/// Reads `pubspec.lock` files.
pub(crate) struct PubspecLock;

impl Cataloger for PubspecLock {
    fn name(&self) -> &'static str {
        "pubspec-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name() == Some(OsStr::new("pubspec.lock"))
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

/// The document; only `packages` matters (`sdks` constrains the toolchain).
#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    packages: Option<HashMap<Spanned<String>, Spanned<Loose>>>,
}

/// An entry that is a map of the expected shape, or anything else (skipped with a note).
#[derive(Deserialize)]
#[serde(untagged)]
enum Loose {
    Entry(Entry),
    Other(serde::de::IgnoredAny),
}

/// One package: `lib/src/lock_file.dart` `_parsePackage`.
#[derive(Deserialize)]
struct Entry {
    dependency: Option<String>,
    description: Option<Description>,
    source: Option<String>,
    version: Option<String>,
}

/// `description` is a map for hosted, git and path sources, and the SDK's name for `sdk`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Description {
    Map(DescriptionMap),
    /// The SDK's name, or anything else: nothing in it locates the package.
    Other(serde::de::IgnoredAny),
}

#[derive(Deserialize)]
struct DescriptionMap {
    url: Option<String>,
    path: Option<String>,
    #[serde(rename = "resolved-ref")]
    resolved_ref: Option<String>,
    /// The archive's SHA-256 (pub 2.19 and later write it for hosted packages).
    sha256: Option<String>,
}

/// Parses the text of a pubspec.lock; `display` names the file in errors and locations.
pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let mut parsed = Parsed::default();
    // pub writes an empty file for a package without dependencies; YAML reads that as null.
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    }) {
        return Ok(parsed);
    }
    let lock: Lock = serde_saphyr::from_str(text).map_err(|e| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: format!("invalid pubspec.lock: {}", one_line(&e.to_string())),
    })?;
    let mut entries: Vec<_> = lock.packages.unwrap_or_default().into_iter().collect();
    entries.sort_by_key(|(name, _)| name.referenced.line());
    for (name, entry) in entries {
        let line = u32::try_from(name.referenced.line())
            .ok()
            .filter(|&l| l > 0);
        let name = name.value;
        match read_entry(&name, entry.value, display, line) {
            Ok(component) => parsed.components.push(component),
            Err(problem) => parsed.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidPackage,
                    match line {
                        Some(line) => format!("line {line}: {problem}; package skipped"),
                        None => format!("{problem}; package skipped"),
                    },
                )
                .with_path(display)
                .with_record(name),
            ),
        }
    }
    Ok(parsed)
}

/// The first line of a parser's message (serde-saphyr adds a source snippet below it).
pub(crate) fn one_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().trim().to_owned()
}

/// The component of one entry, or why there is none.
fn read_entry(
    name: &str,
    entry: Loose,
    display: &Path,
    line: Option<u32>,
) -> Result<Component, String> {
    let Loose::Entry(entry) = entry else {
        return Err("the entry is not a map of `dependency`, `source`, `version`".into());
    };
    let version = entry
        .version
        .filter(|v| !v.trim().is_empty())
        .ok_or("the entry has no `version`")?;
    let package = PackageName::new(Ecosystem::Pub, name).map_err(|e| e.to_string())?;
    let location = Location {
        path: display.to_path_buf(),
        line,
    };
    let mut component = Component::new(Ecosystem::Pub, package, Some(version), location)
        .map_err(|e| e.to_string())?;
    let dependency = entry.dependency.as_deref().unwrap_or_default();
    component.scope.relationship = match dependency {
        "transitive" => Some(Relationship::Transitive),
        d if d.starts_with("direct") => Some(Relationship::Direct),
        _ => None,
    };
    if dependency == "direct dev" {
        component.scope.dev = Some(true);
        component.groups.push("dev".to_owned());
    } else if dependency == "direct main" {
        component.scope.dev = Some(false);
    }
    let mut description = match entry.description {
        Some(Description::Map(map)) => Some(map),
        _ => None,
    };
    let sha256 = description.as_mut().and_then(|d| d.sha256.take());
    component
        .checksums
        .extend(sha256.as_deref().and_then(checksum));
    component.source = match (entry.source.as_deref(), description) {
        (Some("git"), Some(d)) => ComponentSource::Git {
            url: d.url.unwrap_or_default(),
            commit: d.resolved_ref.filter(|r| !r.is_empty()),
        },
        (Some("git"), None) => ComponentSource::Git {
            url: String::new(),
            commit: None,
        },
        (Some("path"), d) => ComponentSource::Path {
            path: d.and_then(|d| d.path).unwrap_or_default(),
        },
        // An SDK package (flutter, flutter_test) ships with the SDK; it is not on pub.dev.
        (Some("sdk"), _) => ComponentSource::Path {
            path: String::new(),
        },
        (Some("hosted"), Some(DescriptionMap { url: Some(url), .. }))
            if !PUB_DEV.contains(&url.trim_end_matches('/')) =>
        {
            ComponentSource::AlternateRegistry { url }
        }
        _ => ComponentSource::Registry,
    };
    Ok(component)
}

/// A SHA-256 digest as 64 hex digits.
fn checksum(hex: &str) -> Option<Checksum> {
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checksum {
        algorithm: ChecksumAlgorithm::Sha256,
        hex: hex.to_ascii_lowercase(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_str(text, Path::new("pubspec.lock"))
    }

    #[test]
    fn sources_scopes_and_lines() {
        let text = "packages:\n  a:\n    dependency: \"direct dev\"\n    description:\n      name: a\n      url: \"https://pub.dev\"\n    source: hosted\n    version: \"1.0.0\"\n  b:\n    dependency: transitive\n    description:\n      name: b\n      url: \"https://my.pub\"\n    source: hosted\n    version: \"2.0.0\"\n  c:\n    dependency: \"direct main\"\n    description:\n      path: \".\"\n      ref: main\n      resolved-ref: \"0123456789abcdef0123456789abcdef01234567\"\n      url: \"https://github.com/o/c.git\"\n    source: git\n    version: \"0.1.0\"\n  flutter:\n    dependency: \"direct main\"\n    description: flutter\n    source: sdk\n    version: \"0.0.0\"\nsdks:\n  dart: \">=3.0.0 <4.0.0\"\n";
        let parsed = parse(text).unwrap();
        assert!(parsed.diagnostics.is_empty());
        let c = &parsed.components;
        assert_eq!(c.len(), 4);
        assert_eq!(c[0].name.as_str(), "a");
        assert_eq!(c[0].groups, ["dev"]);
        assert_eq!(c[0].scope.dev, Some(true));
        assert_eq!(c[0].locations[0].line, Some(2));
        assert_eq!(c[0].source, ComponentSource::Registry);
        assert_eq!(c[0].purl.to_string(), "pkg:pub/a@1.0.0");
        assert_eq!(c[1].scope.relationship, Some(Relationship::Transitive));
        assert_eq!(
            c[1].source,
            ComponentSource::AlternateRegistry {
                url: "https://my.pub".into()
            }
        );
        assert_eq!(
            c[2].source,
            ComponentSource::Git {
                url: "https://github.com/o/c.git".into(),
                commit: Some("0123456789abcdef0123456789abcdef01234567".into())
            }
        );
        assert_eq!(c[3].locations[0].line, Some(25));
    }

    #[test]
    fn a_bad_entry_is_skipped_and_the_rest_kept() {
        let text =
            "packages:\n  a:\n    source: hosted\n  b: [1, 2]\n  c:\n    version: \"1.0.0\"\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert_eq!(parsed.diagnostics.len(), 2);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("a"));
        assert!(
            parsed.diagnostics[0].message.starts_with("line 2: "),
            "{}",
            parsed.diagnostics[0].message
        );
    }

    #[test]
    fn not_yaml_is_malformed_in_one_line() {
        let err = parse("packages: [\n  : {\n").unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, ExtractError::Malformed { .. }), "{message}");
        assert!(message.starts_with("pubspec.lock: invalid pubspec.lock"));
        assert!(!message.contains('\n'), "{message}");
        assert!(parse("").unwrap().components.is_empty());
        assert!(parse("# nothing\n").unwrap().components.is_empty());
    }
}
