//! Ruby: Bundler's Gemfile.lock. Components are RubyGems gems; names are case-sensitive and
//! kept as written.

pub(crate) mod gemfile_lock;

use std::path::Path;

use vouch_model::{Diagnostic, DiagnosticCode};

/// The file name of `path` if it is UTF-8.
fn file_name(path: &Path) -> Option<&str> {
    path.file_name().and_then(|n| n.to_str())
}

/// A warning that one entry of `display` was skipped, naming the entry.
fn skipped_entry(display: &Path, record: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(DiagnosticCode::InvalidPackage, message)
        .with_path(display)
        .with_record(record)
}
