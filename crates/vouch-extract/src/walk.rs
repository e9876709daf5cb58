//! TODO(helper): the parallel walk of a delivery.

use std::path::{Path, PathBuf};

use vouch_model::Inventory;

/// What the walk skips.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Glob patterns (gitignore syntax) of paths to leave out, relative to the root.
    pub exclude: Vec<String>,
}

/// Walks `root` (a directory or a single file) and catalogs every file a cataloger claims.
pub fn scan(root: &Path, options: &ScanOptions) -> Inventory {
    let _ = (root, options, PathBuf::new());
    Inventory::new()
}
