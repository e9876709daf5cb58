//! The database directory. `manifest.json` names the live index and every source; it is
//! written last, after the files it names, each written to a temporary file in the same
//! directory, flushed and renamed. Files are content-addressed and never rewritten, so a vouch
//! killed at any moment leaves the previous manifest pointing at complete files.
//!
//! ```text
//! DIR/manifest.json              sources, sync validators, the index's name and sha256
//! DIR/index-<sha256[..32]>.bin   the merged index (postcard): a directory, then one blob
//!                                per package and per record
//! DIR/sources/<sha256[..32]>.bin one source's converted records (postcard)
//! DIR/lock                       held while a writer changes the database
//! ```

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use vouch_model::{Diagnostic, DiagnosticCode, Ecosystem, Inventory};

use crate::AdvisoryError;
use crate::index::{self, EcosystemCount, Index, OpenError};
use crate::matching::{self, Matches};
use crate::model::Advisory;
use crate::read;

const MANIFEST: &str = "manifest.json";
const SOURCES: &str = "sources";
const LOCK: &str = "lock";

/// How a source came into the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// `vouch db import`: a directory, a record file or an `all.zip` on disk.
    Import,
    /// `vouch db sync`: one ecosystem's `all.zip` from an OSV server.
    Sync,
}

/// One source of the database, as `status` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceInfo {
    /// The source's key: the imported path, or `osv:<ecosystem>` for a synced ecosystem.
    pub name: String,
    /// Imported or synced.
    pub kind: SourceKind,
    /// The path or URL it was read from.
    pub origin: String,
    /// For a synced source, the OSV ecosystem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<String>,
    /// The ecosystems its records name, sorted.
    pub ecosystems: Vec<Ecosystem>,
    /// Records read from it (withdrawn ones included).
    pub records: usize,
    /// Of those, withdrawn records (they never match).
    pub withdrawn: usize,
    /// When its records last changed.
    pub updated: Timestamp,
    /// When it was last confirmed current (a sync that found it unchanged).
    pub checked: Timestamp,
}

/// What an opened database is built from; reports name it so "up to date at delivery" can be
/// shown later.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatabaseInfo {
    /// sha256 of the index file, lower-case hex.
    pub digest: String,
    /// When the database last changed.
    pub updated: Timestamp,
    /// Live advisories in the index (duplicates across sources merged, withdrawn left out).
    pub records: usize,
    /// Distinct (ecosystem, package) keys in the index.
    pub packages: usize,
    /// The newest `modified` time of its live records: how current the advisory data is, as
    /// opposed to `updated`, when this copy last changed.
    pub newest_advisory: Option<Timestamp>,
    /// Live records and packages per ecosystem, sorted by ecosystem.
    pub ecosystems: Vec<EcosystemInfo>,
    /// The sources, sorted by name.
    pub sources: Vec<SourceInfo>,
}

/// One ecosystem's share of the index, as `status` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EcosystemInfo {
    /// The OSV ecosystem.
    pub ecosystem: Ecosystem,
    /// Live records with an `affected[]` entry in it.
    pub records: usize,
    /// Distinct packages of it that some record names.
    pub packages: usize,
}

impl DatabaseInfo {
    /// A `DatabaseStale` diagnostic naming the source confirmed current longest ago, when that
    /// was more than `max_age` before `now`.
    pub fn staleness(&self, now: Timestamp, max_age: std::time::Duration) -> Option<Diagnostic> {
        let oldest = self.sources.iter().min_by_key(|s| s.checked)?;
        let age = now.as_second().saturating_sub(oldest.checked.as_second());
        let limit = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
        (age > limit).then(|| {
            Diagnostic::new(
                DiagnosticCode::DatabaseStale,
                format!(
                    "source {} was last updated or confirmed current {} days ago ({})",
                    oldest.name,
                    age / 86_400,
                    oldest.checked
                ),
            )
            .with_record(oldest.name.clone())
        })
    }
}

/// `vouch db status`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// The database directory.
    pub dir: PathBuf,
    /// What it holds.
    #[serde(flatten)]
    pub database: DatabaseInfo,
}

/// What `import` did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportSummary {
    /// The source as now recorded.
    pub source: SourceInfo,
    /// Record files read.
    pub files: usize,
    /// True when the same source had been imported before and was replaced.
    pub replaced: bool,
    /// Skipped files and bad records, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The database after the import.
    pub database: DatabaseInfo,
}

/// The manifest as written to disk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Manifest {
    format: u32,
    updated: Timestamp,
    index: IndexFile,
    pub(crate) sources: Vec<SourceEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct IndexFile {
    file: String,
    /// sha256 of the whole file: the digest reports name.
    sha256: String,
    /// The index layout ([`index::INDEX_FORMAT`]); an index of another format (or none
    /// recorded: format 2) is rebuilt from the sources when the database is opened.
    #[serde(default)]
    format: u32,
    /// sha256 of the header and directory, checked on every open (the blobs carry CRC-32s).
    #[serde(default)]
    directory_sha256: String,
    records: usize,
    packages: usize,
    /// The newest `modified` of the live records: how current the advisory data is.
    #[serde(default)]
    newest_advisory: Option<Timestamp>,
    /// Per ecosystem (OSV name).
    #[serde(default)]
    ecosystems: BTreeMap<Ecosystem, EcosystemCount>,
}

/// One source in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SourceEntry {
    pub(crate) name: String,
    pub(crate) kind: SourceKind,
    pub(crate) origin: String,
    pub(crate) ecosystem: Option<String>,
    /// The ecosystems its records name, sorted (absent in manifests before vouch 0.2).
    #[serde(default)]
    pub(crate) ecosystems: Vec<Ecosystem>,
    pub(crate) file: String,
    pub(crate) sha256: String,
    pub(crate) records: usize,
    pub(crate) withdrawn: usize,
    pub(crate) updated: Timestamp,
    pub(crate) checked: Timestamp,
    /// HTTP validators of the last download (sync only).
    pub(crate) etag: Option<String>,
    pub(crate) last_modified: Option<String>,
}

impl SourceEntry {
    fn info(&self) -> SourceInfo {
        SourceInfo {
            name: self.name.clone(),
            kind: self.kind,
            origin: self.origin.clone(),
            ecosystem: self.ecosystem.clone(),
            ecosystems: self.ecosystems.clone(),
            records: self.records,
            withdrawn: self.withdrawn,
            updated: self.updated,
            checked: self.checked,
        }
    }
}

impl Manifest {
    fn info(&self) -> DatabaseInfo {
        DatabaseInfo {
            digest: self.index.sha256.clone(),
            updated: self.updated,
            records: self.index.records,
            packages: self.index.packages,
            newest_advisory: self.index.newest_advisory,
            ecosystems: self
                .index
                .ecosystems
                .iter()
                .map(|(&ecosystem, c)| EcosystemInfo {
                    ecosystem,
                    records: c.records,
                    packages: c.packages,
                })
                .collect(),
            sources: self.sources.iter().map(SourceEntry::info).collect(),
        }
    }
}

/// An opened, read-only advisory database.
#[derive(Debug)]
pub struct Database {
    info: DatabaseInfo,
    index: Index,
}

impl Database {
    /// Opens the database in `dir`: reads the manifest and the index's directory (checking
    /// its sha256); blobs are read when matching asks for them. No OSV record is parsed. An
    /// index written by an older vouch is rebuilt from the sources first.
    pub fn open(dir: &Path) -> Result<Database, AdvisoryError> {
        // A writer may replace the index between our reading the manifest and the index;
        // reading the manifest again then finds the new one.
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut manifest =
                load_manifest(dir)?.ok_or_else(|| AdvisoryError::DatabaseMissing {
                    dir: dir.to_path_buf(),
                })?;
            if manifest.index.format != index::INDEX_FORMAT {
                manifest = upgrade_index(dir)?;
            }
            let path = dir.join(&manifest.index.file);
            match Index::open(&path, &manifest.index.directory_sha256) {
                Ok(index) => {
                    return Ok(Database {
                        info: manifest.info(),
                        index,
                    });
                }
                Err(OpenError::Io(e))
                    if e.kind() == std::io::ErrorKind::NotFound && attempt < 3 => {}
                Err(OpenError::Io(e)) => return Err(e.into()),
                Err(OpenError::Damaged(reason)) => return Err(corrupt(dir, &path, reason)),
            }
        }
    }

    /// What the database is built from.
    pub fn info(&self) -> &DatabaseInfo {
        &self.info
    }

    /// Every (ecosystem, normalised package name) some live advisory names, sorted.
    pub fn packages(&self) -> impl Iterator<Item = (Ecosystem, &str)> + '_ {
        self.index.keys()
    }

    /// Matches every versioned component of `inventory` against the advisories.
    pub fn match_inventory(&self, inventory: &Inventory) -> Matches {
        matching::match_inventory(&self.index, inventory)
    }
}

fn corrupt(dir: &Path, file: &Path, reason: String) -> AdvisoryError {
    AdvisoryError::CorruptDatabase {
        dir: dir.to_path_buf(),
        file: file.to_path_buf(),
        reason,
    }
}

/// `vouch db status`.
pub fn status(dir: &Path) -> Result<Status, AdvisoryError> {
    let manifest = load_manifest(dir)?.ok_or_else(|| AdvisoryError::DatabaseMissing {
        dir: dir.to_path_buf(),
    })?;
    Ok(Status {
        dir: dir.to_path_buf(),
        database: manifest.info(),
    })
}

/// Imports `source` (a directory tree of OSV records, one record file, or an `all.zip`) into
/// the database in `dir`, creating it if needed. Importing the same source again replaces what
/// it gave before; other sources stay.
pub fn import(dir: &Path, source: &Path) -> Result<ImportSummary, AdvisoryError> {
    let loaded = read::read_source(source)?;
    let canonical = fs_err::canonicalize(source)?;
    let name = canonical.display().to_string();
    let draft = Draft {
        name: name.clone(),
        kind: SourceKind::Import,
        origin: name,
        ecosystem: None,
        etag: None,
        last_modified: None,
    };
    let (manifest, replaced) = commit(dir, draft, &loaded.advisories)?;
    let source = manifest
        .sources
        .iter()
        .find(|s| s.name == canonical.display().to_string())
        .map(SourceEntry::info)
        .ok_or_else(|| corrupt(dir, &dir.join(MANIFEST), "the new source is missing".into()))?;
    Ok(ImportSummary {
        source,
        files: loaded.files,
        replaced,
        diagnostics: loaded.diagnostics,
        database: manifest.info(),
    })
}

/// A source about to be committed.
pub(crate) struct Draft {
    pub(crate) name: String,
    pub(crate) kind: SourceKind,
    pub(crate) origin: String,
    pub(crate) ecosystem: Option<String>,
    pub(crate) etag: Option<String>,
    pub(crate) last_modified: Option<String>,
}

/// Reads the manifest; `None` when there is none yet.
pub(crate) fn load_manifest(dir: &Path) -> Result<Option<Manifest>, AdvisoryError> {
    let path = dir.join(MANIFEST);
    let text = match fs_err::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| corrupt(dir, &path, e.to_string()))?;
    // A format-2 manifest names format-2 sources, which are still read (see
    // `index::source_from_bytes`); the next index rebuild writes a current manifest.
    if manifest.format != index::SOURCE_FORMAT && manifest.format != index::SOURCE_FORMAT_NO_RELEASE
    {
        return Err(corrupt(
            dir,
            &path,
            format!(
                "written in format {}, this vouch reads format {}",
                manifest.format,
                index::SOURCE_FORMAT
            ),
        ));
    }
    Ok(Some(manifest))
}

/// Holds the writer lock on `dir` until dropped (released by the OS if vouch dies).
pub(crate) struct Lock {
    _file: std::fs::File,
}

pub(crate) fn lock(dir: &Path) -> Result<Lock, AdvisoryError> {
    fs_err::create_dir_all(dir.join(SOURCES))?;
    let path = dir.join(LOCK);
    let file = fs_err::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)?;
    let file = file.into_file();
    file.lock()
        .map_err(|e| std::io::Error::new(e.kind(), format!("locking {}: {e}", path.display())))?;
    Ok(Lock { _file: file })
}

/// Writes `advisories` as the source `draft` (replacing a source of the same name), rebuilds
/// the index, and writes the manifest last. Returns the new manifest and whether a source was
/// replaced.
pub(crate) fn commit(
    dir: &Path,
    draft: Draft,
    advisories: &[Advisory],
) -> Result<(Manifest, bool), AdvisoryError> {
    let _lock = lock(dir)?;
    let entry = write_source(dir, draft, advisories)?;
    let (manifest, replaced) = rebuild(dir, vec![entry])?;
    Ok((manifest, replaced[0]))
}

/// Writes one source's file (content-addressed, so an unfinished commit leaves only garbage
/// that the next one collects) and returns its manifest entry. The caller holds the lock.
pub(crate) fn write_source(
    dir: &Path,
    draft: Draft,
    advisories: &[Advisory],
) -> Result<SourceEntry, AdvisoryError> {
    let now = Timestamp::now();
    let bytes =
        index::source_to_bytes(advisories).map_err(|e| corrupt(dir, Path::new(SOURCES), e))?;
    let sha = hex::encode(Sha256::digest(&bytes));
    let file = format!("{SOURCES}/{}.bin", &sha[..32]);
    write_atomic(dir, &file, &bytes)?;
    let mut ecosystems: Vec<Ecosystem> = advisories
        .iter()
        .flat_map(|a| a.affected.iter().map(|af| af.ecosystem))
        .collect();
    ecosystems.sort();
    ecosystems.dedup();
    Ok(SourceEntry {
        name: draft.name,
        kind: draft.kind,
        origin: draft.origin,
        ecosystem: draft.ecosystem,
        ecosystems,
        file,
        sha256: sha,
        records: advisories.len(),
        withdrawn: advisories.iter().filter(|a| a.withdrawn).count(),
        updated: now,
        checked: now,
        etag: draft.etag,
        last_modified: draft.last_modified,
    })
}

/// Puts `new` sources in place of those of the same names, rebuilds the index from every
/// source once, and writes the manifest last. Returns it and, per new source, whether it
/// replaced one. The caller holds the lock.
pub(crate) fn rebuild(
    dir: &Path,
    new: Vec<SourceEntry>,
) -> Result<(Manifest, Vec<bool>), AdvisoryError> {
    let old = load_manifest(dir)?;
    let mut sources: Vec<SourceEntry> = old.map(|m| m.sources).unwrap_or_default();
    let replaced = new
        .iter()
        .map(|n| sources.iter().any(|s| s.name == n.name))
        .collect();
    for n in new {
        sources.retain(|s| s.name != n.name);
        sources.push(n);
    }
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    let manifest = build_index(dir, sources, Timestamp::now())?;
    write_manifest(dir, &manifest)?;
    collect_garbage(dir, &manifest);
    Ok((manifest, replaced))
}

/// Rebuilds the index of a database whose index an older vouch wrote, and returns the new
/// manifest (the sources and their times unchanged).
fn upgrade_index(dir: &Path) -> Result<Manifest, AdvisoryError> {
    let _lock = lock(dir)?;
    let manifest = load_manifest(dir)?.ok_or_else(|| AdvisoryError::DatabaseMissing {
        dir: dir.to_path_buf(),
    })?;
    if manifest.index.format == index::INDEX_FORMAT {
        return Ok(manifest); // another process upgraded it while we waited for the lock
    }
    let manifest = build_index(dir, manifest.sources, manifest.updated)?;
    write_manifest(dir, &manifest)?;
    collect_garbage(dir, &manifest);
    Ok(manifest)
}

/// Reads every source file (checking its sha256), merges them into an index and writes it.
fn build_index(
    dir: &Path,
    sources: Vec<SourceEntry>,
    updated: Timestamp,
) -> Result<Manifest, AdvisoryError> {
    let mut loaded: Vec<Vec<Advisory>> = Vec::with_capacity(sources.len());
    for s in &sources {
        let path = dir.join(&s.file);
        let bytes = fs_err::read(&path)?;
        if hex::encode(Sha256::digest(&bytes)) != s.sha256 {
            return Err(corrupt(
                dir,
                &path,
                "its sha256 differs from the manifest's".into(),
            ));
        }
        loaded.push(index::source_from_bytes(&bytes).map_err(|e| corrupt(dir, &path, e))?);
    }
    let built = Index::build(loaded.iter().map(Vec::as_slice))
        .map_err(|e| corrupt(dir, Path::new("index"), e))?;
    drop(loaded);
    let sha = hex::encode(Sha256::digest(&built.bytes));
    let file = format!("index-{}.bin", &sha[..32]);
    write_atomic(dir, &file, &built.bytes)?;
    Ok(Manifest {
        format: index::SOURCE_FORMAT,
        updated,
        index: IndexFile {
            file,
            sha256: sha,
            format: index::INDEX_FORMAT,
            directory_sha256: built.directory_sha256,
            records: built.records,
            packages: built.packages,
            newest_advisory: built
                .newest_modified_ns
                .and_then(|ns| Timestamp::from_nanosecond(ns).ok()),
            ecosystems: built.ecosystems,
        },
        sources,
    })
}

/// Ends a sync (the caller holds the lock): marks the sources named in `checked` as confirmed
/// current (an HTTP 304), puts `new` ones in place, and rebuilds the index once if any is
/// new. `None` when there is no database yet and nothing new.
pub(crate) fn finish_sync(
    dir: &Path,
    new: Vec<SourceEntry>,
    checked: &[String],
) -> Result<Option<Manifest>, AdvisoryError> {
    let Some(mut manifest) = load_manifest(dir)? else {
        return if new.is_empty() {
            Ok(None)
        } else {
            rebuild(dir, new).map(|(m, _)| Some(m))
        };
    };
    let now = Timestamp::now();
    for s in manifest.sources.iter_mut() {
        if checked.contains(&s.name) {
            s.checked = now;
        }
    }
    write_manifest(dir, &manifest)?;
    if new.is_empty() {
        Ok(Some(manifest))
    } else {
        rebuild(dir, new).map(|(m, _)| Some(m))
    }
}

fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<(), AdvisoryError> {
    let mut text = serde_json::to_string_pretty(manifest)
        .map_err(|e| corrupt(dir, &dir.join(MANIFEST), e.to_string()))?;
    text.push('\n');
    write_atomic(dir, MANIFEST, text.as_bytes())?;
    Ok(())
}

/// Writes `bytes` to `dir/rel` atomically: a temporary file in the same directory, flushed to
/// disk, renamed over the target, and the directory flushed.
fn write_atomic(dir: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let target = dir.join(rel);
    let parent = target.parent().unwrap_or(dir);
    let named = |e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("writing {}: {e}", target.display()))
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(parent)
        .map_err(named)?;
    tmp.write_all(bytes).map_err(named)?;
    tmp.as_file().sync_all().map_err(named)?;
    tmp.persist(&target).map_err(|e| named(e.error))?;
    sync_dir(parent)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    fs_err::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Removes index and source files the manifest no longer names, and temporary files a killed
/// writer left (we hold the lock, so no writer is active). Failures only leave garbage.
fn collect_garbage(dir: &Path, manifest: &Manifest) {
    let keep: Vec<PathBuf> = std::iter::once(dir.join(&manifest.index.file))
        .chain(manifest.sources.iter().map(|s| dir.join(&s.file)))
        .collect();
    for folder in [dir.to_path_buf(), dir.join(SOURCES)] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let ours = name.starts_with(".tmp-")
                || (name.ends_with(".bin") && (folder != dir || name.starts_with("index-")));
            let path = entry.path();
            if ours && !keep.contains(&path) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(checked: &[&str]) -> DatabaseInfo {
        let ts = |s: &str| s.parse::<Timestamp>().unwrap();
        DatabaseInfo {
            digest: String::new(),
            updated: ts("2024-01-01T00:00:00Z"),
            records: 0,
            packages: 0,
            newest_advisory: None,
            ecosystems: Vec::new(),
            sources: checked
                .iter()
                .enumerate()
                .map(|(i, c)| SourceInfo {
                    name: format!("s{i}"),
                    kind: SourceKind::Sync,
                    origin: String::new(),
                    ecosystem: None,
                    ecosystems: Vec::new(),
                    records: 0,
                    withdrawn: 0,
                    updated: ts(c),
                    checked: ts(c),
                })
                .collect(),
        }
    }

    #[test]
    fn staleness_names_the_oldest_source() {
        let now: Timestamp = "2024-01-10T00:00:00Z".parse().unwrap();
        let week = std::time::Duration::from_secs(7 * 86_400);
        let i = info(&["2024-01-09T00:00:00Z", "2024-01-01T00:00:00Z"]);
        let d = i.staleness(now, week).unwrap();
        assert_eq!(d.code, DiagnosticCode::DatabaseStale);
        assert_eq!(d.record.as_deref(), Some("s1"));
        assert!(d.message.contains("9 days"), "{}", d.message);
        assert!(
            info(&["2024-01-09T00:00:00Z"])
                .staleness(now, week)
                .is_none()
        );
    }
}
