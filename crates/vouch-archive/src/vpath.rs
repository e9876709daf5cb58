//! Member names as archives spell them, checked and normalised into relative `/`-separated paths.
//! A name that is absolute or climbs out with `..` is refused, and so is a link whose target
//! leaves the root of the tree it lives in.

use crate::ProblemKind;

/// Separator between an archive's virtual path and a member inside it, as in Java's
/// `jar:file:app.war!/WEB-INF/lib/x.jar`.
pub const NESTED_SEPARATOR: &str = "!/";

/// Normalises a member name: `./a//b/` becomes `a/b`. Refuses absolute names (`/etc`, `C:\x`,
/// `\\server`), `..` components, NUL bytes, and names that are empty once normalised.
pub(crate) fn normalize(raw: &[u8], backslash_is_separator: bool) -> Result<String, ProblemKind> {
    let text = String::from_utf8_lossy(raw);
    if text.contains('\0') {
        return Err(ProblemKind::UnsafePath);
    }
    let text = if backslash_is_separator {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    };
    let bytes = text.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if text.starts_with('/') || drive {
        return Err(ProblemKind::AbsolutePath);
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in text.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(ProblemKind::UnsafePath),
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(ProblemKind::UnsafePath);
    }
    Ok(parts.join("/"))
}

/// Resolves a symlink's target lexically against the directory of the link at `link` (a
/// normalised path). An absolute target is taken from the tree's root, as inside a container
/// image. Returns the resolved path, or `None` if it climbs above the root.
pub(crate) fn resolve_link(link: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = link.split('/').collect();
        p.pop();
        p
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The parent directory of a normalised path, `""` at the top.
pub(crate) fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The last component of a path.
pub(crate) fn file_name(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_refuses() {
        assert_eq!(normalize(b"./a//b/", false), Ok("a/b".to_owned()));
        assert_eq!(
            normalize(b"/etc/passwd", false),
            Err(ProblemKind::AbsolutePath)
        );
        assert_eq!(normalize(b"a/../../x", false), Err(ProblemKind::UnsafePath));
        assert_eq!(normalize(b"a\\..\\x", true), Err(ProblemKind::UnsafePath));
        assert_eq!(normalize(b"a\\..\\x", false), Ok("a\\..\\x".to_owned()));
        assert_eq!(normalize(b"C:\\x", true), Err(ProblemKind::AbsolutePath));
        assert_eq!(normalize(b"./", false), Err(ProblemKind::UnsafePath));
    }

    #[test]
    fn resolves_links() {
        assert_eq!(
            resolve_link("usr/bin/x", "../lib/y"),
            Some("usr/lib/y".to_owned())
        );
        assert_eq!(resolve_link("a/x", "../../etc/passwd"), None);
        assert_eq!(
            resolve_link("a/x", "/etc/passwd"),
            Some("etc/passwd".to_owned())
        );
        assert_eq!(resolve_link("x", ".."), None);
    }
}
