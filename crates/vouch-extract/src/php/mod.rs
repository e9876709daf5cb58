//! PHP: Composer's composer.lock. Components are Packagist packages named `vendor/name`
//! (case-insensitive, compared in lower case).

pub(crate) mod composer_lock;

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

/// The byte offset, within the JSON object `object`, of its own member `key` (not one of a
/// nested object's), so a component can name the line of its `"name"`. `None` if the object
/// has no such member.
pub(crate) fn member_offset(object: &str, key: &str) -> Option<usize> {
    let bytes = object.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = i.min(bytes.len());
                if depth == 1 && object.get(start + 1..end) == Some(key) {
                    let after = object.get(end + 1..).unwrap_or_default().trim_start();
                    if after.starts_with(':') {
                        return Some(start);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::member_offset;

    #[test]
    fn member_offset_skips_nested_members_and_values() {
        let object = r#"{"a": {"name": 1}, "b": "name", "n\"": 2, "name" : "x"}"#;
        assert_eq!(member_offset(object, "name"), object.rfind("\"name\""));
        assert_eq!(member_offset(object, "missing"), None);
        assert_eq!(member_offset("{\"unterminated", "x"), None);
    }
}
