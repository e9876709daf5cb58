//! `Package.resolved`: the Swift packages SwiftPM pinned, as JSON. Version 1 nests the pins in
//! `object.pins[]` (`package`, `repositoryURL`, `state`); versions 2 and 3 list `pins[]`
//! (`identity`, `kind`, `location`, `state`). SwiftPM's `PinsStore`
//! (`Sources/PackageGraph/PinsStore.swift`, `ResolvedPackagesStore.swift`) is the reference.
//!
//! A package is named as OSV's SwiftURL ecosystem names it: its repository URL without the
//! scheme and without `.git` (`github.com/apple/swift-nio`), which is also the purl's
//! namespace and name. Local and registry pins have no such URL and are left out with a note.

use std::ffi::OsStr;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;
use vouch_model::{
    Component, ComponentSource, Diagnostic, DiagnosticCode, Ecosystem, Location, PackageName,
};

use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Reads `Package.resolved` files.
pub(crate) struct PackageResolved;

impl Cataloger for PackageResolved {
    fn name(&self) -> &'static str {
        "swift-package-resolved"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name() == Some(OsStr::new("Package.resolved"))
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

#[derive(Deserialize)]
struct Resolved<'a> {
    version: Option<serde_json::Value>,
    #[serde(borrow)]
    pins: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    object: Option<Object<'a>>,
}

#[derive(Deserialize)]
struct Object<'a> {
    #[serde(borrow, default)]
    pins: Vec<&'a RawValue>,
}

/// One pin in any version: v1 names `package`/`repositoryURL`, v2+ `identity`/`location`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pin {
    package: Option<String>,
    #[serde(rename = "repositoryURL")]
    repository_url: Option<String>,
    identity: Option<String>,
    kind: Option<String>,
    location: Option<String>,
    #[serde(default)]
    state: State,
}

#[derive(Deserialize, Default)]
struct State {
    version: Option<String>,
    revision: Option<String>,
}

/// Parses the text of a Package.resolved; `display` names the file in errors and locations.
pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let mut parsed = Parsed::default();
    if text.trim().is_empty() {
        return Ok(parsed);
    }
    let resolved: Resolved<'_> =
        serde_json::from_str(text).map_err(|e| ExtractError::Malformed {
            path: display.to_path_buf(),
            message: format!("invalid JSON: {e}"),
        })?;
    if let Some(version) = &resolved.version
        && !version.as_u64().is_some_and(|v| (1..=3).contains(&v))
    {
        return Err(ExtractError::UnsupportedVersion {
            path: display.to_path_buf(),
            what: "Package.resolved version",
            version: version.to_string(),
        });
    }
    let lines = LineIndex::new(text);
    let pins = resolved
        .pins
        .or(resolved.object.map(|o| o.pins))
        .unwrap_or_default();
    for (i, raw) in pins.into_iter().enumerate() {
        let offset = raw
            .get()
            .as_ptr()
            .addr()
            .saturating_sub(text.as_ptr().addr());
        let line = lines.line(offset);
        let location = Location {
            path: display.to_path_buf(),
            line: Some(line),
        };
        let (record, result) = match serde_json::from_str::<Pin>(raw.get()) {
            Ok(pin) => (
                pin.identity
                    .clone()
                    .or(pin.package.clone())
                    .unwrap_or_else(|| format!("pin #{}", i + 1)),
                read_pin(pin, location),
            ),
            Err(e) => (format!("pin #{}", i + 1), Err(format!("not a pin: {e}"))),
        };
        match result {
            Ok(component) => parsed.components.push(component),
            Err(problem) => parsed.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidPackage,
                    format!("line {line}: {problem}; package skipped"),
                )
                .with_path(display)
                .with_record(record),
            ),
        }
    }
    Ok(parsed)
}

/// The component of one pin, or why there is none.
fn read_pin(pin: Pin, location: Location) -> Result<Component, String> {
    match pin.kind.as_deref() {
        None | Some("remoteSourceControl") => {}
        Some(kind @ ("localSourceControl" | "fileSystem")) => {
            return Err(format!(
                "a `{kind}` pin is a local package with no repository URL to name it by"
            ));
        }
        Some("registry") => {
            return Err(
                "a registry pin (`scope.name`) has no repository URL, and OSV names Swift \
                 packages by their URL"
                    .into(),
            );
        }
        Some(kind) => return Err(format!("unknown pin kind `{kind}`")),
    }
    let url = pin
        .location
        .or(pin.repository_url)
        .filter(|u| !u.trim().is_empty())
        .ok_or("the pin has no repository URL")?;
    let name = swift_url_name(&url)
        .ok_or_else(|| format!("`{url}` is not a repository URL (host/path)"))?;
    let name = PackageName::new(Ecosystem::SwiftUrl, &name).map_err(|e| e.to_string())?;
    let version = pin.state.version.filter(|v| !v.is_empty());
    let mut component =
        Component::new(Ecosystem::SwiftUrl, name, version, location).map_err(|e| e.to_string())?;
    component.source = ComponentSource::Git {
        url,
        commit: pin.state.revision.filter(|r| !r.is_empty()),
    };
    Ok(component)
}

/// `https://github.com/apple/swift-nio.git` → `github.com/apple/swift-nio`; scp-like
/// `git@github.com:apple/swift-nio.git` too. `None` when there is no host and path.
fn swift_url_name(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest.to_owned(),
        // scp-like syntax: `user@host:path`.
        None => {
            let (host, path) = url.split_once(':')?;
            format!("{host}/{}", path.trim_start_matches('/'))
        }
    };
    // Drop credentials and a port.
    let rest = rest.rsplit_once('@').map_or(rest.as_str(), |(_, r)| r);
    let (host, path) = rest.split_once('/')?;
    let host = host.split(':').next().unwrap_or(host);
    let path = path.trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    (!host.is_empty() && !path.is_empty()).then(|| format!("{host}/{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_str(text, Path::new("Package.resolved"))
    }

    #[test]
    fn urls_become_names() {
        for (url, name) in [
            (
                "https://github.com/apple/swift-nio.git",
                "github.com/apple/swift-nio",
            ),
            (
                "https://github.com/apple/swift-nio",
                "github.com/apple/swift-nio",
            ),
            ("git@github.com:o/r.git", "github.com/o/r"),
            ("ssh://git@host.example:2222/o/r.git/", "host.example/o/r"),
        ] {
            assert_eq!(swift_url_name(url).as_deref(), Some(name), "{url}");
        }
        assert_eq!(swift_url_name("https://host"), None);
        assert_eq!(swift_url_name("local-dir"), None);
    }

    #[test]
    fn version_1_and_2() {
        let v1 = r#"{"object": {"pins": [
  {"package": "Alamofire", "repositoryURL": "https://github.com/Alamofire/Alamofire.git",
   "state": {"branch": null, "revision": "f96b619bcb2383b43d898402283924b80e2c4bae", "version": "5.4.3"}},
  {"package": "Dev", "repositoryURL": "https://github.com/o/dev",
   "state": {"branch": "main", "revision": "0123456789abcdef0123456789abcdef01234567", "version": null}}
]}, "version": 1}"#;
        let parsed = parse(v1).unwrap();
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let c = &parsed.components;
        assert_eq!(
            c[0].purl.to_string(),
            "pkg:swift/github.com/Alamofire/Alamofire@5.4.3"
        );
        assert_eq!(c[0].locations[0].line, Some(2));
        assert_eq!(c[1].version, None);
        assert!(matches!(
            &c[1].source,
            ComponentSource::Git {
                commit: Some(_),
                ..
            }
        ));

        let v2 = r#"{"pins": [
  {"identity": "a", "kind": "localSourceControl", "location": "/src/a", "state": {"revision": "x"}},
  {"identity": "swift-nio", "kind": "remoteSourceControl", "location": "https://github.com/apple/swift-nio.git", "state": {"revision": "1f61", "version": "2.65.0"}}
], "version": 3}"#;
        let parsed = parse(v2).unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert_eq!(
            parsed.components[0].name.as_str(),
            "github.com/apple/swift-nio"
        );
        assert_eq!(parsed.components[0].locations[0].line, Some(3));
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("a"));
    }

    #[test]
    fn bad_files() {
        assert!(matches!(
            parse("not\njson\n").unwrap_err(),
            ExtractError::Malformed { .. }
        ));
        let err = parse(r#"{"pins": [], "version": 9}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Package.resolved: unsupported Package.resolved version 9"
        );
        assert!(parse("").unwrap().components.is_empty());
    }
}
