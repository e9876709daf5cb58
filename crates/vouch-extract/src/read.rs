//! Reading a cataloged file: whole, as UTF-8, with errors that name the display path.

use std::path::Path;

use crate::ExtractError;

/// Files larger than this are refused rather than read into memory (no real lockfile is close).
pub(crate) const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads `path` as UTF-8 text (a leading BOM is dropped); errors name `display`.
pub(crate) fn read_text(path: &Path, display: &Path) -> Result<String, ExtractError> {
    let io = |source| ExtractError::Io {
        path: display.to_path_buf(),
        source,
    };
    let len = fs_err::metadata(path).map_err(io)?.len();
    if len > MAX_FILE_BYTES {
        return Err(ExtractError::Malformed {
            path: display.to_path_buf(),
            message: format!("file is {len} bytes, more than the {MAX_FILE_BYTES}-byte limit"),
        });
    }
    let bytes = fs_err::read(path).map_err(io)?;
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
