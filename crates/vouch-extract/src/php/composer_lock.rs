//! Composer's lockfile, `composer.lock` (JSON): `packages` lists what production installs,
//! `packages-dev` what `composer install --dev` adds. Each entry carries `name`, `version`,
//! `source` (a VCS checkout: `type`, `url`, `reference`) and `dist` (an archive: `type`, `url`,
//! `reference`, `shasum`). Schema: <https://getcomposer.org/doc/01-basic-usage.md#commit-your-composer-lock-file-to-version-control>
//! and the fields Composer's own `Locker` writes. Each package's `require` gives the graph (its
//! `require-dev` is for developing that package, never installed here); which packages are
//! direct the lockfile does not say, so that is read from the composer.json beside it, if any.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, Ecosystem, Location, PackageName,
    Purl, Relationship,
};

use super::{file_name, member_offset, skipped_entry};
use crate::read::{LineIndex, read_beside, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Composer's `composer.lock`.
pub(crate) struct ComposerLock;

impl Cataloger for ComposerLock {
    fn name(&self) -> &'static str {
        "composer-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("composer.lock")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        let mut beside = Parsed::default();
        let direct = read_beside(source, path, display, "composer.json", &mut beside).and_then(
            |(manifest, shown)| match direct_names(&manifest) {
                // A composer.json that requires no package cannot say what is direct.
                Ok(names) if names.is_empty() => None,
                Ok(names) => Some(names),
                Err(message) => {
                    let error = ExtractError::Malformed {
                        path: shown,
                        message,
                    };
                    beside.diagnostics.push(error.to_diagnostic());
                    None
                }
            },
        );
        let mut parsed = parse_text(&text, display, direct.as_ref())?;
        parsed.diagnostics.append(&mut beside.diagnostics);
        parsed.included.append(&mut beside.included);
        Ok(parsed)
    }
}

/// The packages a `composer.json` requires itself (`require` and `require-dev`), in lower case;
/// platform requirements (`php`, `ext-*`, ...) are left out.
fn direct_names(text: &str) -> Result<HashSet<String>, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "invalid composer.json at line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    let doc = doc
        .as_object()
        .ok_or("the top level is not a JSON object")?;
    Ok(["require", "require-dev"]
        .into_iter()
        .filter_map(|key| doc.get(key)?.as_object())
        .flat_map(|links| links.keys())
        .filter_map(|name| package_link(name))
        .collect())
}

/// A link target (`require`, `provide`, `replace` key) in lower case, `None` for a platform
/// package (`php`, `ext-json`, `lib-icu`, `composer-plugin-api`...): only packages are
/// `vendor/name`.
fn package_link(name: &str) -> Option<String> {
    name.contains('/').then(|| name.trim().to_ascii_lowercase())
}

/// The lockfile as written; each package is kept raw so one odd entry is skipped alone and
/// its line can be found.
#[derive(Deserialize)]
struct Lock<'a> {
    #[serde(default, borrow)]
    packages: Option<Vec<&'a RawValue>>,
    #[serde(default, borrow, rename = "packages-dev")]
    packages_dev: Option<Vec<&'a RawValue>>,
}

/// One package entry; fields of unexpected types are read as [`Value`] and judged later.
#[derive(Deserialize)]
struct Package {
    name: Option<Value>,
    version: Option<Value>,
    source: Option<Reference>,
    dist: Option<Reference>,
    #[serde(rename = "notification-url")]
    notification_url: Option<Value>,
    /// `{ name: constraint }`: what the package needs installed.
    require: Option<Value>,
    /// `{ name: constraint }`: virtual or real packages this one stands in for.
    provide: Option<Value>,
    replace: Option<Value>,
}

/// A package's links by name: what it requires and what it provides or replaces.
#[derive(Default)]
struct Links {
    require: Vec<String>,
    provides: Vec<String>,
}

/// The package names among the keys of a link object.
fn link_names(links: Option<&Value>) -> Vec<String> {
    links
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(name, _)| package_link(name))
        .collect()
}

/// `source` or `dist`.
#[derive(Deserialize)]
struct Reference {
    #[serde(rename = "type")]
    kind: Option<Value>,
    url: Option<Value>,
    reference: Option<Value>,
    shasum: Option<Value>,
}

/// Parses the text of a `composer.lock` named `display`, with the names composer.json requires
/// where there is one.
fn parse_text(
    text: &str,
    display: &Path,
    direct: Option<&HashSet<String>>,
) -> Result<Parsed, ExtractError> {
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    let lock: Option<Lock<'_>> = serde_json::from_str(text).map_err(|e| {
        malformed(format!(
            "invalid composer.lock at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    // serde would also read a struct from an array: only an object is a lockfile.
    let lock = lock
        .filter(|_| text.trim_start().starts_with('{'))
        .ok_or_else(|| malformed("the top level is not a JSON object".to_owned()))?;
    let lines = LineIndex::new(text);
    let mut parsed = Parsed::default();
    let mut links = Vec::new();
    for (entries, dev) in [(&lock.packages, false), (&lock.packages_dev, true)] {
        let section = if dev { "packages-dev" } else { "packages" };
        for (i, raw) in entries.iter().flatten().enumerate() {
            let json = raw.get();
            let start = json.as_ptr().addr().saturating_sub(text.as_ptr().addr());
            let line = lines.line(start + member_offset(json, "name").unwrap_or(0));
            let record = format!("{section}[{i}]");
            match component(json, dev, display, line) {
                Ok((c, l)) => {
                    parsed.components.push(c);
                    links.push(l);
                }
                Err(message) => {
                    parsed
                        .diagnostics
                        .push(skipped_entry(display, &record, message));
                }
            }
        }
    }
    parsed.dependencies = edges(&parsed.components, &links);
    if let Some(direct) = direct {
        for c in &mut parsed.components {
            c.scope.relationship = Some(if direct.contains(c.name.normalized()) {
                Relationship::Direct
            } else {
                Relationship::Transitive
            });
        }
    }
    Ok(parsed)
}

/// The `(from, to)` edges: each package to the locked package of each name it requires, or,
/// where no package of that name is locked, to those that provide or replace it
/// (`psr/log-implementation`, a `symfony/polyfill-*` that `symfony/symfony` replaces).
fn edges(components: &[Component], links: &[Links]) -> Vec<(Purl, Purl)> {
    let mut by_name: HashMap<&str, Vec<&Purl>> = HashMap::new();
    let mut providers: HashMap<&str, Vec<&Purl>> = HashMap::new();
    for (c, l) in components.iter().zip(links) {
        by_name
            .entry(c.name.normalized())
            .or_default()
            .push(&c.purl);
        for name in &l.provides {
            providers.entry(name.as_str()).or_default().push(&c.purl);
        }
    }
    let mut out = Vec::new();
    for (c, l) in components.iter().zip(links) {
        for name in &l.require {
            let targets = by_name
                .get(name.as_str())
                .or_else(|| providers.get(name.as_str()));
            for to in targets.into_iter().flatten() {
                if **to != c.purl {
                    out.push((c.purl.clone(), (*to).clone()));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// One package entry as a component, with its links; the message says why it was skipped.
fn component(
    json: &str,
    dev: bool,
    display: &Path,
    line: u32,
) -> Result<(Component, Links), String> {
    let package: Package =
        serde_json::from_str(json).map_err(|e| format!("not a package object: {e}"))?;
    let name = package
        .name
        .as_ref()
        .and_then(Value::as_str)
        .ok_or("no `name` string")?;
    check_name(name)?;
    let version = package
        .version
        .as_ref()
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty() && !v.chars().any(|c| c.is_whitespace() || c.is_control()))
        .ok_or_else(|| format!("`{name}` has no valid `version` string"))?;
    let name = PackageName::new(Ecosystem::Packagist, name).map_err(|e| e.to_string())?;
    let location = Location {
        path: display.to_path_buf(),
        line: Some(line),
    };
    let mut c = Component::new(
        Ecosystem::Packagist,
        name,
        Some(version.to_owned()),
        location,
    )
    .map_err(|e| e.to_string())?;
    c.scope.dev = Some(dev);
    if dev {
        c.groups.push("dev".to_owned());
    }
    c.source = source_of(&package);
    if let Some(checksum) = package
        .dist
        .as_ref()
        .and_then(|d| str_of(d.shasum.as_ref()))
        .and_then(sha1)
    {
        c.checksums.push(checksum);
    }
    let links = Links {
        require: link_names(package.require.as_ref()),
        provides: link_names(package.provide.as_ref())
            .into_iter()
            .chain(link_names(package.replace.as_ref()))
            .collect(),
    };
    Ok((c, links))
}

/// Composer's package-name rule (the `name` pattern of its `composer-schema.json`), applied
/// case-insensitively since the registry compares names in lower case.
fn check_name(name: &str) -> Result<(), String> {
    let lower = name.to_ascii_lowercase();
    let part_ok = |part: &str| {
        let b = part.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
    };
    match lower.split_once('/') {
        Some((vendor, package)) if part_ok(vendor) && part_ok(package) => Ok(()),
        _ => Err(format!(
            "`{}` is not a valid Packagist name (`vendor/package`, letters, digits, `_`, `.`, `-`)",
            name.escape_debug()
        )),
    }
}

/// Where the package comes from. A package Packagist (or another Composer repository)
/// serves is a registry component even though Composer also records the git commit it was
/// built from: advisories are matched by version against registry components, and a `Git`
/// source would take it out of matching. Only a package with nothing but a VCS checkout (a
/// `vcs` repository without a dist archive) is a git component at its commit; `path`
/// repositories are paths.
fn source_of(package: &Package) -> ComponentSource {
    let source_kind = package
        .source
        .as_ref()
        .and_then(|s| str_of(s.kind.as_ref()));
    let dist_kind = package.dist.as_ref().and_then(|d| str_of(d.kind.as_ref()));
    if dist_kind == Some("path") {
        let path = package
            .dist
            .as_ref()
            .and_then(|d| str_of(d.url.as_ref()))
            .unwrap_or_default();
        return ComponentSource::Path {
            path: path.to_owned(),
        };
    }
    let notification = str_of(package.notification_url.as_ref());
    if package.dist.is_none()
        && notification.is_none()
        && let Some(source) = &package.source
        && source_kind == Some("git")
    {
        let url = str_of(source.url.as_ref()).unwrap_or_default().to_owned();
        let commit = str_of(source.reference.as_ref())
            .filter(|r| is_commit(r))
            .map(str::to_owned);
        return ComponentSource::Git { url, commit };
    }
    match notification {
        Some(url) if !url.starts_with("https://packagist.org/") => {
            let registry = url.trim_end_matches("/downloads/").trim_end_matches('/');
            ComponentSource::AlternateRegistry {
                url: registry.to_owned(),
            }
        }
        _ => ComponentSource::Registry,
    }
}

/// A full SHA-1 or SHA-256 git commit id.
fn is_commit(reference: &str) -> bool {
    matches!(reference.len(), 40 | 64) && reference.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A `dist.shasum` (SHA-1 of the archive; often `""`).
fn sha1(hex: &str) -> Option<Checksum> {
    (hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checksum {
        algorithm: ChecksumAlgorithm::Sha1,
        hex: hex.to_ascii_lowercase(),
    })
}

fn str_of(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("composer.lock"), None)
    }

    const COMMIT: &str = "4c115873c86ad5bd0ac6d962db70ca53bf8fb874";

    #[test]
    fn sections_sources_and_lines() {
        let text = format!(
            r#"{{
  "packages": [
    {{
      "source": {{"type": "git", "url": "https://github.com/getsentry/sentry-php-sdk.git", "reference": "{COMMIT}"}},
      "name": "Sentry/SDK",
      "version": "2.0.4",
      "dist": {{"type": "zip", "url": "https://x/zip", "reference": "{COMMIT}", "shasum": "{COMMIT}"}},
      "notification-url": "https://packagist.org/downloads/"
    }},
    {{"name": "acme/tool", "version": "dev-main", "source": {{"type": "git", "url": "https://git.example/tool.git", "reference": "{COMMIT}"}}}},
    {{"name": "acme/local", "version": "1.0", "dist": {{"type": "path", "url": "../local"}}}},
    {{"name": "acme/private", "version": "1.0", "dist": {{"type": "zip"}}, "notification-url": "https://repo.example.com/downloads/"}}
  ],
  "packages-dev": [{{"name": "theseer/tokenizer", "version": "1.1.3"}}]
}}"#
        );
        let parsed = parse(&text).unwrap();
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.purl.as_str().to_owned(),
                    c.source.clone(),
                    c.groups.clone(),
                    c.scope.dev,
                    c.locations[0].line,
                )
            })
            .collect();
        let none: Vec<String> = Vec::new();
        assert_eq!(
            got,
            [
                (
                    "pkg:composer/sentry/sdk@2.0.4".to_owned(),
                    ComponentSource::Registry,
                    none.clone(),
                    Some(false),
                    Some(5)
                ),
                (
                    "pkg:composer/acme/tool@dev-main".to_owned(),
                    ComponentSource::Git {
                        url: "https://git.example/tool.git".into(),
                        commit: Some(COMMIT.into())
                    },
                    none.clone(),
                    Some(false),
                    Some(10)
                ),
                (
                    "pkg:composer/acme/local@1.0".to_owned(),
                    ComponentSource::Path {
                        path: "../local".into()
                    },
                    none.clone(),
                    Some(false),
                    Some(11)
                ),
                (
                    "pkg:composer/acme/private@1.0".to_owned(),
                    ComponentSource::AlternateRegistry {
                        url: "https://repo.example.com".into()
                    },
                    none,
                    Some(false),
                    Some(12)
                ),
                (
                    "pkg:composer/theseer/tokenizer@1.1.3".to_owned(),
                    ComponentSource::Registry,
                    vec!["dev".to_owned()],
                    Some(true),
                    Some(14)
                ),
            ]
        );
        assert_eq!(parsed.components[0].checksums[0].hex, COMMIT);
    }

    const GRAPH: &str = r#"{
  "packages": [
    {"name": "monolog/monolog", "version": "3.5.0", "require": {"php": ">=8.1", "psr/log": "^2.0 || ^3.0"}, "provide": {"psr/log-implementation": "3.0.0"}},
    {"name": "psr/log", "version": "3.0.0", "require": {"php": ">=8.0"}},
    {"name": "acme/app-lib", "version": "1.0", "require": {"psr/log-implementation": "*", "Monolog/Monolog": "^3", "ext-json": "*", "lib-icu": "*", "composer-plugin-api": "^2", "php-64bit": "*"}, "require-dev": {"phpunit/phpunit": "^10"}},
    {"name": "symfony/symfony", "version": "6.4.0", "require": {"symfony/polyfill-mbstring": "~1.0"}, "replace": {"symfony/console": "self.version"}},
    {"name": "acme/cli", "version": "1.0", "require": {"symfony/console": "^6"}}
  ],
  "packages-dev": [{"name": "phpunit/phpunit", "version": "10.5.0", "require": {"psr/log": "*"}}]
}"#;

    #[test]
    fn require_gives_edges_and_composer_json_gives_direct() {
        let direct = direct_names(
            r#"{"require": {"php": "^8.1", "Acme/App-Lib": "*", "ext-json": "*"}, "require-dev": {"phpunit/phpunit": "^10"}}"#,
        )
        .unwrap();
        let parsed = parse_text(GRAPH, Path::new("composer.lock"), Some(&direct)).unwrap();
        let edges: Vec<_> = parsed
            .dependencies
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            edges,
            [
                (
                    "pkg:composer/acme/app-lib@1.0",
                    "pkg:composer/monolog/monolog@3.5.0"
                ),
                (
                    "pkg:composer/acme/cli@1.0",
                    "pkg:composer/symfony/symfony@6.4.0"
                ),
                (
                    "pkg:composer/monolog/monolog@3.5.0",
                    "pkg:composer/psr/log@3.0.0"
                ),
                (
                    "pkg:composer/phpunit/phpunit@10.5.0",
                    "pkg:composer/psr/log@3.0.0"
                ),
            ]
        );
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.scope.relationship, c.scope.dev))
            .collect();
        use Relationship::{Direct, Transitive};
        assert_eq!(
            got,
            [
                ("monolog/monolog", Some(Transitive), Some(false)),
                ("psr/log", Some(Transitive), Some(false)),
                ("acme/app-lib", Some(Direct), Some(false)),
                ("symfony/symfony", Some(Transitive), Some(false)),
                ("acme/cli", Some(Transitive), Some(false)),
                ("phpunit/phpunit", Some(Direct), Some(true)),
            ]
        );
        let without = parse(GRAPH).unwrap();
        assert_eq!(without.dependencies, parsed.dependencies);
        assert!(
            without
                .components
                .iter()
                .all(|c| c.scope.relationship.is_none())
        );
        assert!(direct_names("[]").is_err());
        assert!(
            direct_names("{")
                .unwrap_err()
                .starts_with("invalid composer.json at line 1")
        );
    }

    #[test]
    fn bad_entries_are_skipped_and_bad_files_refused() {
        let text = r#"{"packages": [1, {"name": "novendor", "version": "1"}, {"name": "a/b"}, {"name": "a/b", "version": "1"}]}"#;
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.components.len(), 1);
        let records: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| d.record.clone().unwrap_or_default())
            .collect();
        assert_eq!(records, ["packages[0]", "packages[1]", "packages[2]"]);
        for bad in ["null", "[]", "{\"packages\": {}}", "not json"] {
            let err = parse(bad).unwrap_err();
            assert!(
                matches!(err, ExtractError::Malformed { .. }),
                "{bad}: {err}"
            );
            assert!(err.to_string().starts_with("composer.lock: "), "{err}");
        }
        assert!(parse("{}").unwrap().components.is_empty());
    }
}
