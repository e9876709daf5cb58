//! Reading a source of OSV records: a directory tree (`.json`, and `.yaml`/`.yml` as the PyPA
//! database keeps them), one record file, or an osv.dev `all.zip`. Everything is read and
//! converted before the database is touched, so a corrupt archive leaves nothing half-imported.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use vouch_model::{Diagnostic, DiagnosticCode};

use crate::AdvisoryError;
use crate::model::Advisory;
use crate::osv::{self, Format};

/// A single record larger than this is refused (the largest real OSV records are a few MB).
const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;
/// An archive that expands beyond this is refused as hostile.
const MAX_ARCHIVE_BYTES: u64 = 16 * 1024 * 1024 * 1024;
/// Entries are decompressed and parsed in batches of about this many bytes, so memory holds
/// the converted records plus one batch, never the whole expanded archive.
const BATCH_BYTES: usize = 64 * 1024 * 1024;

/// The records of one source, converted, with what was met on the way.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// One advisory per id (the newest `modified` where a source repeats an id), sorted by id.
    pub(crate) advisories: Vec<Advisory>,
    /// Skipped files and bad records, in file order.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// How many record files were read.
    pub(crate) files: usize,
}

/// Reads `source`: a directory, an OSV record file, or a zip of record files.
pub(crate) fn read_source(source: &Path) -> Result<Loaded, AdvisoryError> {
    let meta = fs_err::metadata(source)?;
    if meta.is_dir() {
        return Ok(read_dir(source)?);
    }
    if let Some(format) = format_of(source) {
        let bytes = fs_err::read(source)?;
        let mut loaded = Loaded::default();
        let advisory = osv::parse_record(&bytes, format, source, &mut loaded.diagnostics);
        loaded.files = 1;
        loaded.advisories.extend(advisory);
        return Ok(loaded);
    }
    read_zip(source, source)
}

fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(Format::Json),
        "yaml" | "yml" => Some(Format::Yaml),
        _ => None,
    }
}

/// Walks `root` (hidden entries such as `.git` are left out), sorted, parsing in parallel.
fn read_dir(root: &Path) -> std::io::Result<Loaded> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut links = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = fs_err::read_dir(&dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            // Symlinked files are read; symlinked directories are not followed (a link to an
            // ancestor would loop).
            let is_link = entry.file_type()?.is_symlink();
            let meta = fs_err::metadata(&path)?;
            if meta.is_dir() && is_link {
                links.push(path);
            } else if meta.is_dir() {
                stack.push(path);
            } else if let Some(format) = format_of(&path) {
                files.push((path, format));
            } else {
                skipped.push(path);
            }
        }
    }
    files.sort();
    skipped.sort();
    let results: Vec<(Option<Advisory>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|(path, format)| {
            let mut diags = Vec::new();
            let advisory = match fs_err::read(path) {
                Ok(bytes) => osv::parse_record(&bytes, *format, path, &mut diags),
                Err(e) => {
                    diags.push(
                        Diagnostic::new(DiagnosticCode::MalformedAdvisory, e.to_string())
                            .with_path(path),
                    );
                    None
                }
            };
            (advisory, diags)
        })
        .collect();
    let mut loaded = Loaded {
        files: files.len(),
        ..Loaded::default()
    };
    for path in skipped {
        loaded.diagnostics.push(skipped_file(path));
    }
    links.sort();
    for path in links {
        loaded.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::SkippedFile,
                "a symbolic link to a directory; not followed",
            )
            .with_path(path),
        );
    }
    collect(&mut loaded, results);
    Ok(loaded)
}

fn skipped_file(path: PathBuf) -> Diagnostic {
    Diagnostic::new(
        DiagnosticCode::SkippedFile,
        "not an OSV record file (.json, .yaml, .yml); skipped",
    )
    .with_path(path)
}

/// Reads an osv.dev `all.zip` at `path`, naming it `shown` in errors and diagnostics (a sync
/// names the URL, not the temporary file): every entry must decompress cleanly, else the whole
/// archive is refused as corrupt.
pub(crate) fn read_zip(path: &Path, shown: &Path) -> Result<Loaded, AdvisoryError> {
    let corrupt = |reason: String| AdvisoryError::CorruptArchive {
        path: shown.to_path_buf(),
        reason,
    };
    let file = fs_err::File::open(path)?;
    let mut archive =
        zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| corrupt(e.to_string()))?;
    let mut batch: Vec<(PathBuf, Format, Vec<u8>)> = Vec::new();
    let mut batch_bytes = 0;
    let mut results: Vec<(Option<Advisory>, Vec<Diagnostic>)> = Vec::new();
    let mut files = 0;
    let mut skipped = Vec::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| corrupt(e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map_err(|e| corrupt(e.to_string()))?
            .into_owned();
        let entry_shown = PathBuf::from(format!("{}!{name}", shown.display()));
        let Some(format) = format_of(Path::new(&name)) else {
            skipped.push(entry_shown);
            continue;
        };
        let mut bytes = Vec::with_capacity(entry.size().min(MAX_RECORD_BYTES) as usize);
        (&mut entry)
            .take(MAX_RECORD_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| corrupt(format!("entry `{name}`: {e}")))?;
        if bytes.len() as u64 > MAX_RECORD_BYTES {
            return Err(corrupt(format!(
                "entry `{name}` expands beyond {MAX_RECORD_BYTES} bytes"
            )));
        }
        total += bytes.len() as u64;
        if total > MAX_ARCHIVE_BYTES {
            return Err(corrupt(format!(
                "the archive expands beyond {MAX_ARCHIVE_BYTES} bytes"
            )));
        }
        files += 1;
        batch_bytes += bytes.len();
        batch.push((entry_shown, format, bytes));
        if batch_bytes >= BATCH_BYTES {
            results.extend(parse_batch(&batch));
            batch.clear();
            batch_bytes = 0;
        }
    }
    results.extend(parse_batch(&batch));
    let mut loaded = Loaded {
        files,
        ..Loaded::default()
    };
    for entry_shown in skipped {
        loaded.diagnostics.push(skipped_file(entry_shown));
    }
    collect(&mut loaded, results);
    Ok(loaded)
}

fn parse_batch(batch: &[(PathBuf, Format, Vec<u8>)]) -> Vec<(Option<Advisory>, Vec<Diagnostic>)> {
    batch
        .par_iter()
        .map(|(shown, format, bytes)| {
            let mut diags = Vec::new();
            let advisory = osv::parse_record(bytes, *format, shown, &mut diags);
            (advisory, diags)
        })
        .collect()
}

/// Keeps one advisory per id (the newest `modified`; on a tie the first met).
fn collect(loaded: &mut Loaded, results: Vec<(Option<Advisory>, Vec<Diagnostic>)>) {
    let mut by_id: HashMap<vouch_model::AdvisoryId, usize> = HashMap::new();
    for (advisory, diags) in results {
        loaded.diagnostics.extend(diags);
        let Some(a) = advisory else { continue };
        match by_id.get(&a.meta.id) {
            Some(&i) => {
                if a.meta.modified_ns > loaded.advisories[i].meta.modified_ns {
                    loaded.advisories[i] = a;
                }
            }
            None => {
                by_id.insert(a.meta.id.clone(), loaded.advisories.len());
                loaded.advisories.push(a);
            }
        }
    }
    loaded.advisories.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
}
