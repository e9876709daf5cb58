//! Why a file could not be cataloged at all. Each error names the file.

use std::path::PathBuf;

use vouch_model::{Diagnostic, DiagnosticCode};

/// A file that could not be read or parsed as a whole.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not valid UTF-8.
    #[error("{path}: not valid UTF-8 (at byte {offset})")]
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// Where the first invalid byte is.
        offset: usize,
    },
    /// The file's syntax or structure is wrong.
    #[error("{path}: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong, with a line/column where the parser gave one.
        message: String,
    },
    /// The file declares a format version vouch does not read.
    #[error("{path}: unsupported {what} {version}")]
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// Which version field (e.g. `lockfileVersion`).
        what: &'static str,
        /// The version found.
        version: String,
    },
    /// A `-r`/`-c` include names a file that does not exist.
    #[error("{path}: included file {include} not found")]
    IncludeNotFound {
        /// The including file.
        path: PathBuf,
        /// The include as resolved.
        include: PathBuf,
    },
}

impl ExtractError {
    /// The diagnostic a scan reports for this error.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let (code, path) = match self {
            ExtractError::Io { path, .. } => (DiagnosticCode::UnreadableFile, path),
            ExtractError::InvalidUtf8 { path, .. } => (DiagnosticCode::InvalidUtf8, path),
            ExtractError::Malformed { path, .. } => (DiagnosticCode::MalformedLockfile, path),
            ExtractError::UnsupportedVersion { path, .. } => {
                (DiagnosticCode::UnsupportedLockfileVersion, path)
            }
            ExtractError::IncludeNotFound { path, .. } => (DiagnosticCode::IncludeNotFound, path),
        };
        let full = self.to_string();
        let prefix = format!("{}: ", path.display());
        let message = full.strip_prefix(&prefix).unwrap_or(&full).to_owned();
        Diagnostic::new(code, message).with_path(path.clone())
    }
}
