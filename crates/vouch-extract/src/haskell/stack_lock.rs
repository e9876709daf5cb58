//! `stack.yaml.lock`: the extra packages (`extra-deps`) Stack pinned, as YAML `packages:` of
//! `{completed, original}` pairs. `completed` is a Hackage package
//! (`hackage: name-1.2.3@sha256:<hex>,<size>`), a git or hg repository (`git`, `commit`,
//! `name`, `version`) or an archive (`url`, `name`, `version`, `sha256`). Stack's lock-file
//! documentation (<https://docs.haskellstack.org/en/stable/topics/lock_files/>) and pantry's
//! `RawPackageLocationImmutable` are the reference.
//!
//! The `snapshots` section pins a Stackage snapshot by URL and hash; the packages in it are not
//! listed in the file (reading them needs the snapshot), so they are not components here.

use std::ffi::OsStr;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;
use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, Diagnostic, DiagnosticCode, Ecosystem,
    Location, PackageName,
};

use super::cabal_freeze::is_package_name;
use crate::dart::pubspec_lock::one_line;
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Reads `stack.yaml.lock` files.
pub(crate) struct StackLock;

impl Cataloger for StackLock {
    fn name(&self) -> &'static str {
        "stack-yaml-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name() == Some(OsStr::new("stack.yaml.lock"))
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
struct Lock {
    #[serde(default)]
    packages: Option<Vec<Spanned<Loose>>>,
}

/// An entry of the expected shape, or anything else (skipped with a note).
#[derive(Deserialize)]
#[serde(untagged)]
enum Loose {
    Entry(Entry),
    Other(serde::de::IgnoredAny),
}

#[derive(Deserialize)]
struct Entry {
    completed: Option<Box<Completed>>,
}

/// pantry's completed package location.
#[derive(Deserialize)]
struct Completed {
    hackage: Option<String>,
    git: Option<String>,
    hg: Option<String>,
    commit: Option<String>,
    url: Option<String>,
    name: Option<String>,
    version: Option<String>,
    sha256: Option<String>,
    subdir: Option<String>,
}

/// Parses the text of a stack.yaml.lock; `display` names the file in errors and locations.
pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let mut parsed = Parsed::default();
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    }) {
        return Ok(parsed);
    }
    let lock: Lock = serde_saphyr::from_str(text).map_err(|e| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: format!("invalid stack.yaml.lock: {}", one_line(&e.to_string())),
    })?;
    for (i, entry) in lock.packages.unwrap_or_default().into_iter().enumerate() {
        let line = u32::try_from(entry.referenced.line())
            .ok()
            .filter(|&l| l > 0);
        let location = Location {
            path: display.to_path_buf(),
            line,
        };
        let (record, result) = read_entry(entry.value, location);
        if let Err(problem) = &result {
            parsed.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidPackage,
                    match line {
                        Some(line) => format!("line {line}: {problem}; package skipped"),
                        None => format!("{problem}; package skipped"),
                    },
                )
                .with_path(display)
                .with_record(record.unwrap_or_else(|| format!("package #{}", i + 1))),
            );
        }
        parsed.components.extend(result.ok());
    }
    Ok(parsed)
}

/// The component of one entry (and its record name for a note), or why there is none.
fn read_entry(entry: Loose, location: Location) -> (Option<String>, Result<Component, String>) {
    let Loose::Entry(Entry {
        completed: Some(completed),
    }) = entry
    else {
        return (None, Err("the entry has no `completed` location".into()));
    };
    let completed = *completed;
    if let Some(hackage) = completed.hackage {
        let result = hackage_component(&hackage, location);
        return (Some(hackage), result);
    }
    let record = completed.name.clone();
    let result = (|| {
        let name = completed.name.ok_or("the entry has no `name`")?;
        let version = completed.version.ok_or("the entry has no `version`")?;
        let source = if let Some(url) = completed.git.or(completed.hg) {
            ComponentSource::Git {
                url,
                commit: completed.commit,
            }
        } else if let Some(url) = completed.url {
            ComponentSource::Url { url }
        } else {
            return Err("the entry names no hackage, git, hg or url location".to_owned());
        };
        let mut component = component(&name, &version, location)?;
        component.source = source;
        component
            .checksums
            .extend(completed.sha256.as_deref().and_then(sha256));
        let _ = completed.subdir;
        Ok(component)
    })();
    (record, result)
}

/// `name-1.2.3@sha256:<hex>,<size>` (the `@rev:N` revision form too): the version is the last
/// `-`-separated word, which is all digits and dots.
fn hackage_component(text: &str, location: Location) -> Result<Component, String> {
    let (package, hash) = match text.split_once('@') {
        Some((package, hash)) => (package, Some(hash)),
        None => (text, None),
    };
    let (name, version) = package
        .rsplit_once('-')
        .ok_or_else(|| format!("`{package}` is not `name-version`"))?;
    let mut component = component(name, version, location)?;
    let digest = hash
        .and_then(|h| h.strip_prefix("sha256:"))
        .map(|h| h.split(',').next().unwrap_or_default());
    component.checksums.extend(digest.and_then(sha256));
    Ok(component)
}

/// A Hackage component, checking name and version.
fn component(name: &str, version: &str, location: Location) -> Result<Component, String> {
    if !is_package_name(name) {
        return Err(format!(
            "`{name}` is not a Hackage package name (letters, digits and `-`)"
        ));
    }
    if version.is_empty()
        || !version
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("`{version}` is not a version (digits and dots)"));
    }
    let package = PackageName::new(Ecosystem::Hackage, name).map_err(|e| e.to_string())?;
    Component::new(
        Ecosystem::Hackage,
        package,
        Some(version.to_owned()),
        location,
    )
    .map_err(|e| e.to_string())
}

/// A SHA-256 digest as 64 hex digits (the cabal file's hash, or the archive's).
fn sha256(hex: &str) -> Option<Checksum> {
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checksum {
        algorithm: ChecksumAlgorithm::Sha256,
        hex: hex.to_ascii_lowercase(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_str(text, Path::new("stack.yaml.lock"))
    }

    #[test]
    fn hackage_git_and_archive_entries() {
        let sha = "f".repeat(64);
        let text = format!(
            "# generated\npackages:\n- completed:\n    hackage: fuzzyset-0.2.4@sha256:{sha},1618\n    pantry-tree:\n      sha256: {sha}\n      size: 574\n  original:\n    hackage: fuzzyset-0.2.4\n- completed:\n    name: mylib\n    version: 1.0.0\n    git: https://github.com/o/mylib\n    commit: 0123456789abcdef0123456789abcdef01234567\n  original:\n    git: https://github.com/o/mylib\n- completed:\n    hackage: bad_name-1.0\n- original: {{}}\nsnapshots:\n- completed:\n    url: https://x/lts.yaml\n  original: lts-22.41\n"
        );
        let parsed = parse(&text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.purl.to_string(), c.locations[0].line, c.checksums.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("pkg:hackage/fuzzyset@0.2.4".to_owned(), Some(3), 1),
                ("pkg:hackage/mylib@1.0.0".to_owned(), Some(10), 0),
            ]
        );
        assert!(matches!(
            &parsed.components[1].source,
            ComponentSource::Git {
                commit: Some(_),
                ..
            }
        ));
        let records: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| d.record.clone().unwrap_or_default())
            .collect();
        assert_eq!(records, ["bad_name-1.0", "package #4"]);
    }

    #[test]
    fn bad_yaml_is_malformed_and_empty_is_nothing() {
        let err = parse("packages: [\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("stack.yaml.lock: invalid stack.yaml.lock"),
            "{err}"
        );
        assert!(!err.to_string().contains('\n'));
        assert!(parse("packages:\n").unwrap().components.is_empty());
        assert!(parse("").unwrap().components.is_empty());
    }
}
