//! `vouch db sync`: fetches `<base>/<ecosystem>/all.zip` per ecosystem from an OSV server
//! (osv.dev's bucket or a mirror serving the same paths), with conditional requests, timeouts
//! and retries with exponential backoff, then imports each archive atomically.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use vouch_model::{Diagnostic, Ecosystem};

use crate::AdvisoryError;
use crate::read;
use crate::store::{self, DatabaseInfo, Draft, SourceKind};

/// osv.dev's public bucket of per-ecosystem archives.
pub const DEFAULT_OSV_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// The default largest archive a sync downloads (osv.dev's largest, npm with the
/// malicious-package records, is well under 1 GiB).
pub const DEFAULT_MAX_DOWNLOAD_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// How to sync.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncSettings {
    /// The server's base URL (`--osv-url`, `VOUCH_OSV_URL`, or [`DEFAULT_OSV_URL`]).
    pub base_url: String,
    /// The ecosystems to fetch, each as its own source.
    pub ecosystems: Vec<Ecosystem>,
    /// Limit for connecting and for each read (a stalled download fails after this long
    /// without data; a slow but moving one is not cut off).
    pub timeout: Duration,
    /// Further attempts after a connection error, an interrupted download or a 5xx answer
    /// (never after a 4xx).
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// A larger archive is refused, so a server that never stops sending cannot fill the disk.
    pub max_download_bytes: u64,
}

impl SyncSettings {
    /// Settings with the usual timeout (30 s), retries (3) and backoff (1 s).
    pub fn new(base_url: impl Into<String>, ecosystems: Vec<Ecosystem>) -> Self {
        SyncSettings {
            base_url: base_url.into(),
            ecosystems,
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_secs(1),
            max_download_bytes: DEFAULT_MAX_DOWNLOAD_BYTES,
        }
    }
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings::new(DEFAULT_OSV_URL, Vec::new())
    }
}

/// What a sync did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncSummary {
    /// One entry per requested ecosystem, in the order requested.
    pub ecosystems: Vec<EcosystemSync>,
    /// The database afterwards.
    pub database: Option<DatabaseInfo>,
}

/// One ecosystem's sync.
#[derive(Debug, Clone, Serialize)]
pub struct EcosystemSync {
    /// The ecosystem.
    pub ecosystem: Ecosystem,
    /// The URL fetched.
    pub url: String,
    /// Downloaded anew or confirmed unchanged.
    pub outcome: SyncOutcome,
    /// Records the ecosystem's source now holds.
    pub records: usize,
    /// HTTP requests made (more than one when retried).
    pub requests: u32,
    /// Bad records met in the archive.
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether an ecosystem's archive changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SyncOutcome {
    /// A new archive was downloaded and imported.
    Updated,
    /// The server said the archive had not changed (HTTP 304).
    Unchanged,
}

/// Syncs each ecosystem of `settings` into the database in `dir`; each replaces that
/// ecosystem's synced source atomically. Stops at the first ecosystem that fails; those synced
/// before it stay.
pub fn sync(dir: &Path, settings: &SyncSettings) -> Result<SyncSummary, AdvisoryError> {
    let base = settings.base_url.trim().trim_end_matches('/');
    if base.is_empty() {
        return Err(AdvisoryError::InvalidSettings(
            "the OSV base URL is empty".into(),
        ));
    }
    if settings.ecosystems.is_empty() {
        return Err(AdvisoryError::InvalidSettings(
            "no ecosystem to sync".into(),
        ));
    }
    let agent = agent(settings);
    fs_err::create_dir_all(dir)?;

    // One writer for the whole sync: source files written along the way are not yet in the
    // manifest, and another writer's garbage collection must not take them.
    let _lock = store::lock(dir)?;
    let mut summary = SyncSummary {
        ecosystems: Vec::new(),
        database: None,
    };
    let mut new = Vec::new();
    let mut checked = Vec::new();
    let mut failure = None;
    for &ecosystem in &settings.ecosystems {
        match sync_one(&agent, dir, ecosystem, base, settings) {
            Ok((report, Some(entry))) => {
                new.push(entry);
                summary.ecosystems.push(report);
            }
            Ok((report, None)) => {
                checked.push(format!("osv:{ecosystem}"));
                summary.ecosystems.push(report);
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    // What was fetched before a failure is kept; the index is rebuilt once for all of it.
    let manifest = store::finish_sync(dir, new, &checked)?;
    if let Some(e) = failure {
        return Err(e);
    }
    summary.database = manifest
        .is_some()
        .then(|| store::status(dir))
        .transpose()?
        .map(|s| s.database);
    Ok(summary)
}

/// Fetches one ecosystem's archive; a changed archive is converted and written as a source
/// file (returned, not yet in the manifest).
fn sync_one(
    agent: &ureq::Agent,
    dir: &Path,
    ecosystem: Ecosystem,
    base: &str,
    settings: &SyncSettings,
) -> Result<(EcosystemSync, Option<store::SourceEntry>), AdvisoryError> {
    let url = format!("{base}/{}/all.zip", encode_segment(ecosystem.as_str()));
    let name = format!("osv:{ecosystem}");
    let previous = store::load_manifest(dir)?.and_then(|m| {
        m.sources
            .into_iter()
            .find(|s| s.name == name && s.origin == url)
    });
    let validators = previous
        .as_ref()
        .map(|p| (p.etag.clone(), p.last_modified.clone()))
        .unwrap_or_default();

    let (fetched, requests) = fetch(agent, &url, dir, &validators, settings)?;
    match fetched {
        Fetched::NotModified => Ok((
            EcosystemSync {
                ecosystem,
                url,
                outcome: SyncOutcome::Unchanged,
                records: previous.map(|p| p.records).unwrap_or_default(),
                requests,
                diagnostics: Vec::new(),
            },
            None,
        )),
        Fetched::Archive {
            file,
            etag,
            last_modified,
        } => {
            let loaded = read::read_zip(file.path(), &PathBuf::from(&url))?;
            drop(file);
            let draft = Draft {
                name,
                kind: SourceKind::Sync,
                origin: url.clone(),
                ecosystem: Some(ecosystem.as_str().to_owned()),
                etag,
                last_modified,
            };
            let entry = store::write_source(dir, draft, &loaded.advisories)?;
            Ok((
                EcosystemSync {
                    ecosystem,
                    url,
                    outcome: SyncOutcome::Updated,
                    records: loaded.advisories.len(),
                    requests,
                    diagnostics: loaded.diagnostics,
                },
                Some(entry),
            ))
        }
    }
}

fn agent(settings: &SyncSettings) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_resolve(Some(settings.timeout))
        .timeout_connect(Some(settings.timeout))
        .timeout_per_read(Some(settings.timeout))
        .timeout_per_write(Some(settings.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("vouch/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// What an OSV server says it publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Published {
    /// The ecosystems vouch knows, each once (release suffixes such as `Debian:12` folded into
    /// the ecosystem, whose own `all.zip` holds every release), in the server's order.
    pub ecosystems: Vec<Ecosystem>,
    /// Names vouch does not know (a newer osv.dev), in the server's order.
    pub unknown: Vec<String>,
}

/// Reads `<base>/ecosystems.txt`, the list of ecosystems osv.dev's bucket publishes (one name
/// per line), with the same timeouts and retries as [`sync`]. The download goes through a
/// temporary file in `dir` (created if needed) and is refused beyond 1 MiB.
pub fn published_ecosystems(
    dir: &Path,
    settings: &SyncSettings,
) -> Result<Published, AdvisoryError> {
    let base = settings.base_url.trim().trim_end_matches('/');
    let url = format!("{base}/ecosystems.txt");
    fs_err::create_dir_all(dir)?;
    let small = SyncSettings {
        max_download_bytes: 1 << 20,
        ..settings.clone()
    };
    let (fetched, _) = fetch(&agent(settings), &url, dir, &(None, None), &small)?;
    let Fetched::Archive { file, .. } = fetched else {
        return Err(AdvisoryError::Download {
            url,
            reason: "the server answered 304 to an unconditional request".into(),
        });
    };
    let text = fs_err::read_to_string(file.path())?;
    let mut out = Published {
        ecosystems: Vec::new(),
        unknown: Vec::new(),
    };
    for name in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match name.parse::<Ecosystem>() {
            Ok(e) if !out.ecosystems.contains(&e) => out.ecosystems.push(e),
            Ok(_) => {}
            Err(_) => out.unknown.push(name.to_owned()),
        }
    }
    Ok(out)
}

enum Fetched {
    NotModified,
    Archive {
        file: tempfile::NamedTempFile,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// Why one attempt failed, and whether another may help.
struct Failure {
    retry: bool,
    error: AdvisoryError,
}

/// GETs `url` into a temporary file in `dir`, retrying as the settings say.
fn fetch(
    agent: &ureq::Agent,
    url: &str,
    dir: &Path,
    validators: &(Option<String>, Option<String>),
    settings: &SyncSettings,
) -> Result<(Fetched, u32), AdvisoryError> {
    let mut requests = 0;
    loop {
        requests += 1;
        match attempt(agent, url, dir, validators, settings) {
            Ok(f) => return Ok((f, requests)),
            Err(Failure { retry, error }) => {
                if !retry || requests > settings.retries {
                    return Err(error);
                }
                let factor = 1u32 << (requests - 1).min(16);
                std::thread::sleep(settings.backoff.saturating_mul(factor));
            }
        }
    }
}

fn attempt(
    agent: &ureq::Agent,
    url: &str,
    dir: &Path,
    (etag, last_modified): &(Option<String>, Option<String>),
    settings: &SyncSettings,
) -> Result<Fetched, Failure> {
    let download = |reason: String, retry: bool| Failure {
        retry,
        error: AdvisoryError::Download {
            url: url.to_owned(),
            reason,
        },
    };
    let mut request = agent.get(url);
    if let Some(etag) = etag {
        request = request.header("If-None-Match", etag.as_str());
    }
    if let Some(lm) = last_modified {
        request = request.header("If-Modified-Since", lm.as_str());
    }
    let response = request.call().map_err(|e| {
        let retry = matches!(
            e,
            ureq::Error::Io(_)
                | ureq::Error::Timeout(_)
                | ureq::Error::ConnectionFailed
                | ureq::Error::HostNotFound
                | ureq::Error::Protocol(_)
        );
        download(e.to_string(), retry)
    })?;
    let status = response.status().as_u16();
    match status {
        304 => return Ok(Fetched::NotModified),
        200 => {}
        500..=599 => return Err(download(format!("the server answered HTTP {status}"), true)),
        _ => {
            return Err(Failure {
                retry: false,
                error: AdvisoryError::HttpStatus {
                    url: url.to_owned(),
                    status,
                },
            });
        }
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let etag = header("etag");
    let last_modified = header("last-modified");
    let expected: Option<u64> = header("content-length").and_then(|l| l.parse().ok());

    let local = |e: std::io::Error| Failure {
        retry: false,
        error: AdvisoryError::Io(e),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".tmp-download-")
        .tempfile_in(dir)
        .map_err(|e| {
            local(std::io::Error::new(
                e.kind(),
                format!("creating a temporary file in {}: {e}", dir.display()),
            ))
        })?;
    // A server that never stops sending must not fill the disk: anything past the limit is
    // refused (and not retried).
    let max = settings.max_download_bytes;
    let mut reader = response
        .into_body()
        .into_reader()
        .take(max.saturating_add(1));
    let written = std::io::copy(&mut reader, file.as_file_mut())
        .map_err(|e| download(format!("the download was interrupted: {e}"), true))?;
    if written > max {
        return Err(download(
            format!("the archive is larger than the {max}-byte limit; refused"),
            false,
        ));
    }
    if let Some(expected) = expected.filter(|&n| n != written) {
        return Err(download(
            format!("the download was interrupted after {written} of {expected} bytes"),
            true,
        ));
    }
    file.as_file_mut().flush().map_err(local)?;
    Ok(Fetched::Archive {
        file,
        etag,
        last_modified,
    })
}

/// Percent-encodes a path segment (OSV ecosystem names have spaces: `Red Hat`).
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecosystem_names_are_encoded_as_path_segments() {
        assert_eq!(encode_segment("crates.io"), "crates.io");
        assert_eq!(encode_segment("Red Hat"), "Red%20Hat");
        assert_eq!(encode_segment("PyPI"), "PyPI");
    }
}
