//! Reading a cataloged file: whole, as UTF-8, with errors that name the display path.

use std::path::Path;

use crate::ExtractError;
use crate::source::Source;

/// Files larger than this are refused rather than read into memory (no real lockfile is close).
pub(crate) const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Opens `path` for reading by ranges (executables, archives); errors name `display`.
pub(crate) fn open(
    source: &dyn Source,
    path: &Path,
    display: &Path,
) -> Result<Box<dyn crate::SeekRead>, ExtractError> {
    source.open(path).map_err(|source| ExtractError::Io {
        path: display.to_path_buf(),
        source,
    })
}

/// Reads `path` whole, refusing files over [`MAX_FILE_BYTES`]; errors name `display`.
pub(crate) fn read_bytes(
    source: &dyn Source,
    path: &Path,
    display: &Path,
) -> Result<Vec<u8>, ExtractError> {
    read_bytes_limited(source, path, display, MAX_FILE_BYTES)
}

/// Reads `path` whole, refusing files over `limit` bytes; errors name `display`.
pub(crate) fn read_bytes_limited(
    source: &dyn Source,
    path: &Path,
    display: &Path,
    limit: u64,
) -> Result<Vec<u8>, ExtractError> {
    let io = |source| ExtractError::Io {
        path: display.to_path_buf(),
        source,
    };
    let len = source.size(path).map_err(io)?;
    if len > limit {
        return Err(ExtractError::Malformed {
            path: display.to_path_buf(),
            message: format!("file is {len} bytes, more than the {limit}-byte limit"),
        });
    }
    source.read(path).map_err(io)
}

/// Reads `path` as UTF-8 text (a leading BOM is dropped); errors name `display`.
pub(crate) fn read_text(
    source: &dyn Source,
    path: &Path,
    display: &Path,
) -> Result<String, ExtractError> {
    let bytes = read_bytes(source, path, display)?;
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => Err(ExtractError::InvalidUtf8 {
            path: display.to_path_buf(),
            offset: e.utf8_error().valid_up_to(),
        }),
    }
}

/// The text of the manifest named `name` beside the cataloged file `path` (a lockfile's
/// pyproject.toml, Pipfile or composer.json), which says what the project names directly. `None`
/// when there is none; a manifest that cannot be read is a diagnostic in `parsed`, and one that
/// is read is listed in `parsed.included`. Returns the manifest's display path with its text.
pub(crate) fn read_beside(
    source: &dyn Source,
    path: &Path,
    display: &Path,
    name: &str,
    parsed: &mut crate::Parsed,
) -> Option<(String, std::path::PathBuf)> {
    let (real, shown) = (path.with_file_name(name), display.with_file_name(name));
    match read_text(source, &real, &shown) {
        Ok(text) => {
            parsed.included.push(shown.clone());
            Some((text, shown))
        }
        Err(ExtractError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            None
        }
        Err(e) => {
            parsed.diagnostics.push(e.to_diagnostic());
            None
        }
    }
}

/// Byte offsets to 1-based line numbers, for catalogers that report where a package is declared
/// (`Location::line`). Built once per file; each lookup is a binary search.
pub(crate) struct LineIndex {
    /// The byte offset where each line starts; line 1 starts at 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line that holds the byte at `offset`.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let line = self.starts.partition_point(|&start| start <= offset);
        u32::try_from(line).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn lines_are_one_based_and_a_newline_ends_its_line() {
        let index = LineIndex::new("ab\ncd\n\nef");
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(2), 1); // the '\n' itself
        assert_eq!(index.line(3), 2);
        assert_eq!(index.line(6), 3);
        assert_eq!(index.line(7), 4);
        assert_eq!(index.line(100), 4);
    }
}
