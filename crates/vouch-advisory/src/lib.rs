//! OSV advisories for vouch: import records from directories and osv.dev `all.zip` archives,
//! sync them over HTTP, keep them as a compact on-disk index that opens without re-parsing,
//! and match an inventory's components against them following the OSV evaluation rules; then
//! read the seller's VEX statements (`vex`) and record on each finding how it was evaluated.
//!
//! The database directory (`--db DIR`) holds `manifest.json` (written last, so every change is
//! atomic), one content-addressed file per source under `sources/`, and the merged index.

use std::path::PathBuf;

use vouch_model::{Diagnostic, DiagnosticCode};

mod index;
mod matching;
mod model;
mod osv;
mod read;
mod store;
mod sync;
pub mod vex;

pub use matching::Matches;
pub use store::{
    Database, DatabaseInfo, EcosystemInfo, ImportSummary, SourceInfo, SourceKind, Status, import,
    status,
};
pub use sync::{
    DEFAULT_MAX_DOWNLOAD_BYTES, DEFAULT_OSV_URL, EcosystemSync, Published, SyncOutcome,
    SyncSettings, SyncSummary, published_ecosystems, sync,
};

/// Why an advisory operation failed. Problems with single records are never errors: they come
/// back as diagnostics in the summaries.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AdvisoryError {
    /// The directory holds no advisory database yet.
    #[error("no advisory database in {}: run `vouch db sync` or `vouch db import DIR`", dir.display())]
    DatabaseMissing {
        /// The database directory.
        dir: PathBuf,
    },
    /// A file of the database cannot be read back (damaged, or written by another format).
    #[error("the advisory database in {} is unusable ({}): {reason}; import or sync again", dir.display(), file.display())]
    CorruptDatabase {
        /// The database directory.
        dir: PathBuf,
        /// The damaged file.
        file: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A zip archive is truncated or corrupt; nothing of it was imported.
    #[error("{}: the archive is truncated or corrupt: {reason}", path.display())]
    CorruptArchive {
        /// The archive (or, for a sync, the URL it came from).
        path: PathBuf,
        /// What the zip reader said.
        reason: String,
    },
    /// Reading or writing a file failed; the message names the path.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A download failed after every retry.
    #[error("downloading {url}: {reason}")]
    Download {
        /// The URL.
        url: String,
        /// What went wrong the last time.
        reason: String,
    },
    /// The server answered with an error status that retrying does not help (4xx).
    #[error("downloading {url}: the server answered HTTP {status}")]
    HttpStatus {
        /// The URL.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// A sync setting cannot work (an empty base URL, no ecosystem).
    #[error("invalid sync settings: {0}")]
    InvalidSettings(String),
}

impl AdvisoryError {
    /// The diagnostic code the binary reports this error under.
    pub fn code(&self) -> DiagnosticCode {
        match self {
            AdvisoryError::DatabaseMissing { .. } => DiagnosticCode::DatabaseMissing,
            AdvisoryError::CorruptDatabase { .. } => DiagnosticCode::CorruptDatabase,
            AdvisoryError::CorruptArchive { .. } => DiagnosticCode::CorruptArchive,
            AdvisoryError::Io(_) => DiagnosticCode::DatabaseIo,
            AdvisoryError::Download { .. } | AdvisoryError::HttpStatus { .. } => {
                DiagnosticCode::DownloadFailed
            }
            AdvisoryError::InvalidSettings(_) => DiagnosticCode::InvalidArgument,
        }
    }

    /// The error as a diagnostic: its code, its message, and the file it names when it names
    /// one (then not repeated at the start of the message).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let path = match self {
            AdvisoryError::DatabaseMissing { dir } => Some(dir),
            AdvisoryError::CorruptDatabase { file, .. } => Some(file),
            AdvisoryError::CorruptArchive { path, .. } => Some(path),
            _ => None,
        };
        let full = self.to_string();
        match path {
            Some(path) => {
                let prefix = format!("{}: ", path.display());
                let message = full.strip_prefix(&prefix).unwrap_or(&full).to_owned();
                Diagnostic::new(self.code(), message).with_path(path.clone())
            }
            None => Diagnostic::new(self.code(), full),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_an_error_level_code_and_names_its_file() {
        let errors = [
            AdvisoryError::DatabaseMissing { dir: "db".into() },
            AdvisoryError::CorruptDatabase {
                dir: "db".into(),
                file: "db/manifest.json".into(),
                reason: "truncated".into(),
            },
            AdvisoryError::CorruptArchive {
                path: "all.zip".into(),
                reason: "bad crc".into(),
            },
            AdvisoryError::Io(std::io::Error::other("disk full")),
            AdvisoryError::Download {
                url: "http://x".into(),
                reason: "refused".into(),
            },
            AdvisoryError::HttpStatus {
                url: "http://x".into(),
                status: 404,
            },
            AdvisoryError::InvalidSettings("no ecosystem".into()),
        ];
        let codes: Vec<&str> = errors.iter().map(|e| e.code().as_str()).collect();
        assert_eq!(
            codes,
            [
                "V0206", "V0209", "V0205", "V0210", "V0211", "V0211", "V0001"
            ]
        );
        for e in &errors {
            assert_eq!(e.code().level(), vouch_model::Level::Error, "{e}");
        }
        let paths: Vec<Option<String>> = errors
            .iter()
            .map(|e| e.to_diagnostic().path.map(|p| p.display().to_string()))
            .collect();
        assert_eq!(
            paths[..3],
            [
                Some("db".to_owned()),
                Some("db/manifest.json".to_owned()),
                Some("all.zip".to_owned())
            ]
        );
        assert_eq!(
            errors[2].to_diagnostic().to_string(),
            "error[V0205] all.zip: the archive is truncated or corrupt: bad crc"
        );
    }
}
