//! `vendor/modules.txt`, written by `go mod vendor` (<https://go.dev/ref/mod#vendoring>): a
//! `# module version [=> replacement]` header per module, then the packages copied into
//! `vendor/`. Only modules with at least one package are built into the program.

use std::path::Path;

use vouch_model::{Component, ComponentSource};

use super::{check_path_major, go_component, is_local_path, is_module_version, tokens};
use crate::python::skipped_entry;
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// `vendor/modules.txt`.
pub(crate) struct VendorModules;

impl Cataloger for VendorModules {
    fn name(&self) -> &'static str {
        "go-vendor-modules"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name().and_then(|n| n.to_str()) == Some("modules.txt")
            && path
                .parent()
                .and_then(Path::file_name)
                .and_then(|n| n.to_str())
                == Some("vendor")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        Ok(parse_text(&text, display))
    }
}

/// One `# ...` module header, read.
struct Module {
    component: Component,
    /// Whether a package line followed: a module without packages is not built in.
    has_packages: bool,
}

/// Parses the text of a modules.txt named `display`. Lines go does not write are skipped with
/// a diagnostic; nothing makes the whole file unreadable.
fn parse_text(text: &str, display: &Path) -> Parsed {
    let mut parsed = Parsed::default();
    let mut modules: Vec<Module> = Vec::new();
    // Whether package lines now belong to the last module in `modules` (false after a header
    // that was skipped, and before the first header).
    let mut current = false;
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let raw = raw.trim();
        if raw.is_empty() || raw.starts_with("##") {
            continue;
        }
        if let Some(header) = raw.strip_prefix('#') {
            current = false;
            match module(header, display, line) {
                Ok(c) => {
                    let known = modules.iter().position(|m| {
                        m.component.name == c.name && m.component.version == c.version
                    });
                    match known {
                        Some(at) => {
                            // The same module twice: keep one, its packages counted together.
                            let m = modules.remove(at);
                            modules.push(m);
                        }
                        None => modules.push(Module {
                            component: c,
                            has_packages: false,
                        }),
                    }
                    current = true;
                }
                Err(message) => parsed.diagnostics.push(skipped_entry(
                    display,
                    header.trim(),
                    format!("line {line}: {message}"),
                )),
            }
        } else if current {
            if let Some(m) = modules.last_mut() {
                m.has_packages = true;
            }
        } else {
            parsed.diagnostics.push(skipped_entry(
                display,
                raw,
                format!("line {line}: a package line with no valid `# module version` before it"),
            ));
        }
    }
    parsed.components = modules
        .into_iter()
        .filter(|m| m.has_packages)
        .map(|m| m.component)
        .collect();
    parsed
}

/// A header (after its `#`) as a component: `module version`, `module version => path`,
/// `module [version] => module version`.
fn module(header: &str, display: &Path, line: u32) -> Result<Component, String> {
    let (words, _) = tokens(header)?;
    let arrow = words.iter().position(|w| w == "=>");
    let (old, new) = match arrow {
        Some(at) => (&words[..at], Some(&words[at + 1..])),
        None => (&words[..], None),
    };
    let (path, version) = match old {
        [path] => (path, None),
        [path, version] if is_module_version(version) => (path, Some(version)),
        [_, version] => {
            return Err(format!(
                "`{}` is not a Go module version (`v` and SemVer)",
                version.escape_debug()
            ));
        }
        _ => return Err("a module header is `# module version [=> replacement]`".to_owned()),
    };
    match new {
        None => {
            let version = version.ok_or("the module has no version")?;
            check_path_major(path, version)?;
            go_component(path, Some(version), display, Some(line))
        }
        // A local directory stands in for this version of the module: the module's own name and
        // version are what it claims to be (as osv-scalibr reports it), the code from the path.
        Some([dir]) if is_local_path(dir) => {
            let version = version.ok_or("a module replaced by a directory has no version")?;
            check_path_major(path, version)?;
            let mut c = go_component(path, Some(version), display, Some(line))?;
            c.source = ComponentSource::Path { path: dir.clone() };
            Ok(c)
        }
        Some([target, target_version]) if is_module_version(target_version) => {
            check_path_major(target, target_version)?;
            go_component(target, Some(target_version), display, Some(line))
        }
        Some(_) => {
            Err("a replacement is a local directory or `module version` (`v` and SemVer)".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_with_packages_replacements_and_bad_headers() {
        let text = "# example.com/a v1.0.0\n## explicit; go 1.21\nexample.com/a\n\
            # example.com/b v1.0.0 => example.com/fork/b v1.1.0\n## explicit\nexample.com/fork/b/x\n\
            # example.com/c v0.1.0 => ../c\nexample.com/c\n\
            # example.com/unused v1.0.0\n## explicit\n\
            # example.com/bad nope\nexample.com/bad\n\
            # example.com/a v1.0.0\nexample.com/a/sub\n";
        let parsed = parse_text(text, Path::new("vendor/modules.txt"));
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.version.as_deref(), c.locations[0].line))
            .collect();
        assert_eq!(
            got,
            [
                ("example.com/fork/b", Some("v1.1.0"), Some(4)),
                ("example.com/c", Some("v0.1.0"), Some(7)),
                ("example.com/a", Some("v1.0.0"), Some(1)),
            ]
        );
        assert_eq!(
            parsed.components[1].source,
            ComponentSource::Path {
                path: "../c".into()
            }
        );
        // The bad header and the package line under it.
        assert_eq!(parsed.diagnostics.len(), 2);
    }

    #[test]
    fn claims_only_inside_vendor() {
        assert!(VendorModules.claims(Path::new("a/vendor/modules.txt")));
        assert!(VendorModules.claims(Path::new("vendor/modules.txt")));
        assert!(!VendorModules.claims(Path::new("a/modules.txt")));
        assert!(!VendorModules.claims(Path::new("a/vendor/x/modules.txt")));
    }
}
