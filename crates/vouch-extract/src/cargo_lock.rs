//! `Cargo.lock`: every package cargo resolved for a workspace, in each encoding cargo has written
//! (v1 with `[root]` and `[metadata]` checksums, v2 without a marker, `version = 3`,
//! `version = 4`). The format has no written spec; cargo's own reader
//! (`src/cargo/core/resolver/encode.rs`) is the reference this module follows.
//!
//! Workspace members and path dependencies (packages without a `source`) are components too,
//! as osv-scanner and osv-scalibr report them, with a [`ComponentSource::Path`] source so that
//! nothing matches them against crates.io. When the lockfile has such packages, every package is
//! marked direct (a member, or named in a member's `dependencies`) or transitive. Each
//! package's line is that of its `name` key, as osv-scalibr reports it. `[patch.unused]`
//! entries are not built, so they are not read.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, Diagnostic, DiagnosticCode, Ecosystem,
    Location, PackageName, Relationship,
};

use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// The crates.io index as `registry+` sources name it.
const CRATES_IO_GIT_INDEX: &str = "https://github.com/rust-lang/crates.io-index";
/// The crates.io index as `sparse+` sources name it.
const CRATES_IO_SPARSE_INDEX: &str = "https://index.crates.io/";

/// Reads `Cargo.lock` files.
pub(crate) struct CargoLock;

impl Cataloger for CargoLock {
    fn name(&self) -> &'static str {
        "cargo-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name() == Some(OsStr::new("Cargo.lock"))
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

/// One `[[package]]` (or v1 `[root]`) entry, checked.
#[derive(Debug)]
struct Entry {
    name: PackageName,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
    dependencies: Vec<DepRef>,
    line: u32,
}

/// A reference in a package's `dependencies` list: `name`, `name version` or
/// `name version (source)`; cargo writes only as much as it needs to be unambiguous.
#[derive(Debug, PartialEq, Eq)]
struct DepRef {
    name: String,
    version: Option<String>,
    source: Option<String>,
}

impl DepRef {
    fn parse(text: &str) -> Option<DepRef> {
        let mut parts = text.splitn(3, ' ');
        let name = parts.next().filter(|n| !n.is_empty())?.to_owned();
        let version = parts.next().map(str::to_owned);
        let source = parts
            .next()
            .map(|s| s.trim_start_matches('(').trim_end_matches(')').to_owned());
        Some(DepRef {
            name,
            version,
            source,
        })
    }
}

/// Parses the text of a Cargo.lock; `display` names the file in errors and locations.
pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let lines = LineIndex::new(text);
    let doc = DeTable::parse(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| format!(" at line {}", lines.line(s.start)))
            .unwrap_or_default();
        ExtractError::Malformed {
            path: display.to_path_buf(),
            message: format!("invalid TOML{at}: {}", e.message()),
        }
    })?;
    let doc = doc.get_ref();
    check_version(doc, display)?;

    let mut parsed = Parsed::default();
    let skip = |parsed: &mut Parsed, record: String, line: u32, problem: String| {
        parsed.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::InvalidPackage,
                format!("line {line}: {problem}; package skipped"),
            )
            .with_path(display)
            .with_record(record),
        );
    };

    let mut tables: Vec<&Spanned<DeValue<'_>>> = Vec::new();
    match doc.get("package").map(|v| (v, v.get_ref())) {
        None => {}
        Some((_, DeValue::Array(items))) => tables.extend(items.iter()),
        Some((v, other)) => {
            return Err(ExtractError::Malformed {
                path: display.to_path_buf(),
                message: format!(
                    "line {}: `package` is a {}, not an array of tables",
                    lines.line(v.span().start),
                    other.type_str()
                ),
            });
        }
    }
    // Cargo before 1.0-ish wrote the root package in its own `[root]` table (lockfile v1).
    tables.extend(doc.get("root"));

    let mut entries = Vec::with_capacity(tables.len());
    for (i, table) in tables.into_iter().enumerate() {
        let line = lines.line(table.span().start);
        let Some(table) = table.get_ref().as_table() else {
            skip(
                &mut parsed,
                format!("package #{}", i + 1),
                line,
                "the entry is not a table".into(),
            );
            continue;
        };
        match read_entry(table, &lines) {
            Ok(entry) => entries.push(entry),
            Err((record, line, problem)) => skip(
                &mut parsed,
                record.unwrap_or_else(|| format!("package #{}", i + 1)),
                line.unwrap_or_else(|| lines.line(table_start(table))),
                problem,
            ),
        }
    }

    let metadata = metadata_checksums(doc);
    let relationships = relationships(&entries);
    let mut purls: Vec<Option<vouch_model::Purl>> = vec![None; entries.len()];
    for (i, entry) in entries.iter().enumerate() {
        let record = format!("{}@{}", entry.name, entry.version);
        let location = Location {
            path: display.to_path_buf(),
            line: Some(entry.line),
        };
        let mut component = match Component::new(
            Ecosystem::CratesIo,
            entry.name.clone(),
            Some(entry.version.clone()),
            location,
        ) {
            Ok(c) => c,
            Err(e) => {
                skip(&mut parsed, record, entry.line, e.to_string());
                continue;
            }
        };
        component.source = component_source(entry.source.as_deref());
        component.scope.relationship = relationships.as_ref().map(|r| r[i]);
        let checksum = entry.checksum.as_deref().or_else(|| {
            metadata
                .get(&(
                    entry.name.as_str(),
                    entry.version.as_str(),
                    entry.source.as_deref().unwrap_or_default(),
                ))
                .copied()
        });
        component.checksums.extend(checksum.and_then(sha256));
        purls[i] = Some(component.purl.clone());
        parsed.components.push(component);
    }
    // The graph: every package to the packages its `dependencies` name.
    let by_name = index_by_name(&entries);
    for (i, entry) in entries.iter().enumerate() {
        let Some(from) = &purls[i] else { continue };
        for dep in &entry.dependencies {
            if let Some(to) = resolve(&entries, &by_name, dep).and_then(|j| purls[j].as_ref()) {
                parsed.dependencies.push((from.clone(), to.clone()));
            }
        }
    }
    Ok(parsed)
}

fn index_by_name(entries: &[Entry]) -> HashMap<&str, Vec<usize>> {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        by_name.entry(e.name.as_str()).or_default().push(i);
    }
    by_name
}

/// The entry a `dependencies` reference names: the one package with that name, or the one
/// whose version (and source) the reference also gives.
fn resolve(entries: &[Entry], by_name: &HashMap<&str, Vec<usize>>, dep: &DepRef) -> Option<usize> {
    by_name.get(dep.name.as_str()).and_then(|candidates| {
        candidates.iter().copied().find(|&i| {
            let e = &entries[i];
            dep.version.as_deref().is_none_or(|v| v == e.version)
                && dep
                    .source
                    .as_deref()
                    .is_none_or(|s| e.source.as_deref() == Some(s))
        })
    })
}

/// Accepts the encodings cargo has written: no marker (v1, v2) and `version = 1..=4`.
fn check_version(doc: &DeTable<'_>, display: &Path) -> Result<(), ExtractError> {
    let Some(version) = doc.get("version") else {
        return Ok(());
    };
    let known = version
        .get_ref()
        .as_integer()
        .and_then(|i| i.as_str().parse::<u32>().ok())
        .is_some_and(|v| (1..=4).contains(&v));
    if known {
        return Ok(());
    }
    let written = match version.get_ref() {
        DeValue::Integer(i) => i.as_str().to_owned(),
        DeValue::String(s) => format!("{s:?}"),
        other => format!("({})", other.type_str()),
    };
    Err(ExtractError::UnsupportedVersion {
        path: display.to_path_buf(),
        what: "Cargo.lock version",
        version: written,
    })
}

/// Where a table's first key starts (its header line is not in the tree).
fn table_start(table: &DeTable<'_>) -> usize {
    table.iter().map(|(k, _)| k.span().start).min().unwrap_or(0)
}

type EntryProblem = (Option<String>, Option<u32>, String);

/// Reads and checks one package table. The problem names the record and line where it can.
fn read_entry(table: &DeTable<'_>, lines: &LineIndex) -> Result<Entry, EntryProblem> {
    let string = |key: &str| -> Result<Option<(&str, u32)>, String> {
        match table.get(key) {
            None => Ok(None),
            Some(v) => match v.get_ref().as_str() {
                Some(s) => Ok(Some((s, lines.line(v.span().start)))),
                None => Err(format!(
                    "`{key}` is a {}, not a string",
                    v.get_ref().type_str()
                )),
            },
        }
    };
    let name = string("name").map_err(|p| (None, None, p))?;
    let Some((name, line)) = name else {
        return Err((None, None, "the entry has no `name`".into()));
    };
    let name_record = || Some(name.to_owned());
    let version = string("version").map_err(|p| (name_record(), Some(line), p))?;
    let Some((version, _)) = version else {
        return Err((
            name_record(),
            Some(line),
            "the entry has no `version`".into(),
        ));
    };
    let record = || Some(format!("{name}@{version}"));
    let name = PackageName::new(Ecosystem::CratesIo, name)
        .map_err(|e| (record(), Some(line), e.to_string()))?;
    semver::Version::parse(version).map_err(|e| {
        (
            record(),
            Some(line),
            format!("`{version}` is not a valid SemVer version: {e}"),
        )
    })?;
    let source = string("source")
        .map_err(|p| (record(), Some(line), p))?
        .map(|(s, _)| s.to_owned());
    let checksum = string("checksum")
        .map_err(|p| (record(), Some(line), p))?
        .map(|(s, _)| s.to_owned());
    let dependencies = match table.get("dependencies").map(|v| v.get_ref()) {
        None => Vec::new(),
        Some(DeValue::Array(items)) => items
            .iter()
            .filter_map(|d| d.get_ref().as_str())
            .filter_map(DepRef::parse)
            .collect(),
        Some(other) => {
            return Err((
                record(),
                Some(line),
                format!("`dependencies` is a {}, not an array", other.type_str()),
            ));
        }
    };
    Ok(Entry {
        name,
        version: version.to_owned(),
        source,
        checksum,
        dependencies,
        line,
    })
}

/// Lockfile v1 kept checksums apart: `"checksum <name> <version> (<source>)" = "<sha256>"`.
fn metadata_checksums<'a>(doc: &'a DeTable<'a>) -> HashMap<(&'a str, &'a str, &'a str), &'a str> {
    let mut out = HashMap::new();
    let Some(table) = doc.get("metadata").and_then(|m| m.get_ref().as_table()) else {
        return out;
    };
    for (key, value) in table.iter() {
        let (Some(rest), Some(sum)) = (
            key.get_ref().strip_prefix("checksum "),
            value.get_ref().as_str(),
        ) else {
            continue;
        };
        let mut parts = rest.splitn(3, ' ');
        if let (Some(name), Some(version), Some(source)) =
            (parts.next(), parts.next(), parts.next())
        {
            let source = source.trim_start_matches('(').trim_end_matches(')');
            out.insert((name, version, source), sum);
        }
    }
    out
}

/// A `checksum` as a SHA-256 [`Checksum`]; v1's `<none>` and anything not 64 hex digits is
/// dropped (cargo would refuse it; the package itself is still reported).
fn sha256(hex: &str) -> Option<Checksum> {
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checksum {
        algorithm: ChecksumAlgorithm::Sha256,
        hex: hex.to_ascii_lowercase(),
    })
}

/// Cargo's source ids (`SourceId::as_encoded_url`): `registry+<index>`, `sparse+<index>`,
/// `git+<url>[?branch=|tag=|rev=]#<commit>`; no source is a workspace member or path dependency.
fn component_source(source: Option<&str>) -> ComponentSource {
    let Some(source) = source else {
        // The lockfile does not record where a path package lives.
        return ComponentSource::Path {
            path: String::new(),
        };
    };
    let same = |a: &str, b: &str| a.trim_end_matches('/') == b.trim_end_matches('/');
    if let Some(url) = source.strip_prefix("registry+") {
        if same(url, CRATES_IO_GIT_INDEX) {
            ComponentSource::Registry
        } else {
            ComponentSource::AlternateRegistry { url: url.into() }
        }
    } else if let Some(url) = source.strip_prefix("sparse+") {
        if same(url, CRATES_IO_SPARSE_INDEX) {
            ComponentSource::Registry
        } else {
            // Cargo's configuration names sparse indexes with the prefix, so it stays.
            ComponentSource::AlternateRegistry { url: source.into() }
        }
    } else if let Some(rest) = source.strip_prefix("git+") {
        let (url, commit) = match rest.split_once('#') {
            Some((url, commit)) if !commit.is_empty() => (url, Some(commit.to_owned())),
            Some((url, _)) => (url, None),
            None => (rest, None),
        };
        ComponentSource::Git {
            url: url.into(),
            commit,
        }
    } else if let Some(path) = source.strip_prefix("path+") {
        ComponentSource::Path { path: path.into() }
    } else {
        // An unknown kind: certainly not crates.io.
        ComponentSource::AlternateRegistry { url: source.into() }
    }
}

/// Direct (a workspace member or named in a member's `dependencies`) or transitive, for every
/// entry; `None` when the lockfile has no member to judge from.
fn relationships(entries: &[Entry]) -> Option<Vec<Relationship>> {
    let is_member = |e: &Entry| e.source.is_none();
    if !entries.iter().any(is_member) {
        return None;
    }
    let by_name = index_by_name(entries);
    let mut out: Vec<Relationship> = entries
        .iter()
        .map(|e| {
            if is_member(e) {
                Relationship::Direct
            } else {
                Relationship::Transitive
            }
        })
        .collect();
    for member in entries.iter().filter(|e| is_member(e)) {
        for dep in &member.dependencies {
            if let Some(i) = resolve(entries, &by_name, dep) {
                out[i] = Relationship::Direct;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_references_have_one_to_three_parts() {
        assert_eq!(
            DepRef::parse("serde"),
            Some(DepRef {
                name: "serde".into(),
                version: None,
                source: None
            })
        );
        assert_eq!(
            DepRef::parse("serde 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)"),
            Some(DepRef {
                name: "serde".into(),
                version: Some("1.0.0".into()),
                source: Some("registry+https://github.com/rust-lang/crates.io-index".into()),
            })
        );
        assert_eq!(DepRef::parse(""), None);
    }

    #[test]
    fn sources_map_to_their_kinds() {
        assert_eq!(
            component_source(Some(
                "registry+https://github.com/rust-lang/crates.io-index"
            )),
            ComponentSource::Registry
        );
        assert_eq!(
            component_source(Some("sparse+https://index.crates.io/")),
            ComponentSource::Registry
        );
        assert_eq!(
            component_source(Some("registry+https://my.example/index")),
            ComponentSource::AlternateRegistry {
                url: "https://my.example/index".into()
            }
        );
        assert_eq!(
            component_source(Some("sparse+https://my.example/index/")),
            ComponentSource::AlternateRegistry {
                url: "sparse+https://my.example/index/".into()
            }
        );
        assert_eq!(
            component_source(Some(
                "git+https://github.com/rust-lang/cargo?branch=master#061a9ab4cfabf2a403dbeab4bbcb8ff97d344dff"
            )),
            ComponentSource::Git {
                url: "https://github.com/rust-lang/cargo?branch=master".into(),
                commit: Some("061a9ab4cfabf2a403dbeab4bbcb8ff97d344dff".into()),
            }
        );
        assert_eq!(
            component_source(None),
            ComponentSource::Path {
                path: String::new()
            }
        );
    }

    #[test]
    fn checksums_must_be_sha256_hex() {
        assert!(sha256("<none>").is_none());
        assert!(sha256(&"A".repeat(64)).is_some_and(|c| c.hex == "a".repeat(64)));
        assert!(sha256(&"g".repeat(64)).is_none());
    }
}
