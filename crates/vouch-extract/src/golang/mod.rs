//! Go modules: go.mod (with go.sum before Go 1.17) and vendor/modules.txt, each component a Go
//! module named by its path (purl `pkg:golang/<path>@<version>`). Shared here: line tokens and
//! module version checks.

pub(crate) mod gomod;
pub(crate) mod vendor;

use std::path::Path;

use vouch_model::{Component, Ecosystem, Location, PackageName};

/// The tokens of one line of a go.mod or modules.txt line: words split at white space, `"..."`
/// and `` `...` `` strings unquoted, `(` and `)` tokens of their own
/// (<https://go.dev/ref/mod#go-mod-file-lexical>), a `//` comment cut off and returned apart. `Err` for an unterminated string.
pub(crate) fn tokens(line: &str) -> Result<(Vec<String>, Option<&str>), String> {
    let mut out = Vec::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return Ok((out, None));
        }
        if let Some(comment) = rest.strip_prefix("//") {
            return Ok((out, Some(comment.trim())));
        }
        let first = rest.chars().next().unwrap_or(' ');
        if first == '"' || first == '`' {
            let body = &rest[1..];
            let mut end = None;
            let mut escaped = false;
            for (i, ch) in body.char_indices() {
                if first == '"' && escaped {
                    escaped = false;
                } else if first == '"' && ch == '\\' {
                    escaped = true;
                } else if ch == first {
                    end = Some(i);
                    break;
                }
            }
            let end = end.ok_or_else(|| "unterminated quoted string".to_owned())?;
            out.push(body[..end].replace("\\\"", "\"").replace("\\\\", "\\"));
            rest = &body[end + 1..];
        } else {
            if first == '(' || first == ')' {
                out.push(first.to_string());
                rest = &rest[1..];
                continue;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '`' | '(' | ')'))
                .unwrap_or(rest.len());
            let end = rest[..end].find("//").unwrap_or(end);
            out.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
}

/// Whether `version` is a Go module version: `v` and SemVer (`v1.2.3`, `v0.0.0-2021...-abc`,
/// `v2.0.0+incompatible`; <https://go.dev/ref/mod#versions>).
pub(crate) fn is_module_version(version: &str) -> bool {
    version
        .strip_prefix('v')
        .is_some_and(|v| semver::Version::parse(v).is_ok())
}

/// Checks that a module path's major-version suffix agrees with `version`
/// (<https://go.dev/ref/mod#major-version-suffixes>): `example.com/m/v2` needs a v2 version,
/// `gopkg.in/yaml.v3` a v3 one, and a path without a suffix v0 or v1, or a later major marked
/// `+incompatible`. The go command refuses any other pair.
pub(crate) fn check_path_major(path: &str, version: &str) -> Result<(), String> {
    let major = version
        .strip_prefix('v')
        .and_then(|v| v.split(['.', '-', '+']).next())
        .and_then(|m| m.parse::<u64>().ok())
        .ok_or_else(|| format!("`{version}` has no major version"))?;
    let incompatible = version.ends_with("+incompatible");
    let suffix_major = if let Some(rest) = path.strip_prefix("gopkg.in/") {
        rest.rsplit_once(".v")
            .map(|(_, n)| n.strip_suffix("-unstable").unwrap_or(n))
            .and_then(|n| n.parse::<u64>().ok())
    } else {
        path.rsplit_once('/')
            .and_then(|(_, last)| last.strip_prefix('v'))
            .filter(|n| !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<u64>().ok())
            .filter(|n| *n >= 2)
    };
    let ok = match suffix_major {
        Some(n) => major == n && !incompatible,
        None if incompatible => major >= 2,
        None => major <= 1,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "version `{version}` does not agree with the major version of module path `{path}`"
        ))
    }
}

/// Whether a replacement target is a file path rather than a module path
/// (<https://go.dev/ref/mod#go-mod-file-replace>: it starts with `./`, `../` or is absolute).
pub(crate) fn is_local_path(target: &str) -> bool {
    target.starts_with("./")
        || target.starts_with("../")
        || target.starts_with('/')
        || target == "."
        || target == ".."
        || target.starts_with(".\\")
        || target.starts_with("..\\")
        || target.get(1..3) == Some(":\\")
}

/// A Go component at `location`; the message says why it cannot be one.
pub(crate) fn go_component(
    module: &str,
    version: Option<&str>,
    display: &Path,
    line: Option<u32>,
) -> Result<Component, String> {
    let name = PackageName::new(Ecosystem::Go, module).map_err(|e| e.to_string())?;
    let location = Location {
        path: display.to_path_buf(),
        line,
    };
    Component::new(Ecosystem::Go, name, version.map(str::to_owned), location)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_into_tokens_and_comment() {
        let (t, c) = tokens("\tgithub.com/a/b v1.0.0 // indirect").unwrap();
        assert_eq!(t, ["github.com/a/b", "v1.0.0"]);
        assert_eq!(c, Some("indirect"));
        let (t, c) = tokens(r#"require "example.com/a b" `v1`//x"#).unwrap();
        assert_eq!(t, ["require", "example.com/a b", "v1"]);
        assert_eq!(c, Some("x"));
        assert!(tokens("\"open").is_err());
        assert_eq!(tokens("require(").unwrap().0, ["require", "("]);
        assert_eq!(tokens("").unwrap().0.len(), 0);
    }

    #[test]
    fn versions_and_paths() {
        assert!(is_module_version("v1.2.3"));
        assert!(is_module_version("v0.0.0-20210630005230-0f9fa26af87c"));
        assert!(is_module_version("v2.0.0+incompatible"));
        assert!(!is_module_version("1.2.3"));
        assert!(!is_module_version("vnope"));
        assert!(check_path_major("example.com/m", "v1.2.3").is_ok());
        assert!(check_path_major("example.com/m", "v2.0.0+incompatible").is_ok());
        assert!(check_path_major("example.com/m", "v2.0.0").is_err());
        assert!(check_path_major("example.com/m/v2", "v2.1.0").is_ok());
        assert!(check_path_major("example.com/m/v2", "v1.0.0").is_err());
        assert!(check_path_major("gopkg.in/yaml.v3", "v3.0.0-20200313102051-9f266ea9e77c").is_ok());
        assert!(check_path_major("gopkg.in/yaml.v2", "v3.0.0").is_err());
        assert!(check_path_major("example.com/v1", "v1.0.0").is_ok());
        assert!(is_local_path("./fork"));
        assert!(is_local_path("../x"));
        assert!(!is_local_path("example.com/fork"));
    }
}
