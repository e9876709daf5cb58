//! Go's module file, `go.mod` (<https://go.dev/ref/mod#go-mod-file>): `require` (indirect ones
//! transitive), `replace`, and the `go`/`toolchain` release, whose standard library OSV tracks as
//! Go package `stdlib`. Before Go 1.17 indirect modules are only in the `go.sum` beside it.

use std::path::{Path, PathBuf};

use vouch_model::{Component, ComponentSource, Relationship};

use super::{check_path_major, go_component, is_local_path, is_module_version, tokens};
use crate::python::skipped_entry;
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Go's `go.mod`.
pub(crate) struct GoMod;

impl Cataloger for GoMod {
    fn name(&self) -> &'static str {
        "go-mod"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name().and_then(|n| n.to_str()) == Some("go.mod")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        let mut parsed = Parsed::default();
        let file = parse_text(&text, display, &mut parsed)?;
        if file.needs_go_sum() {
            let (sum_path, sum_display) = (sum_name(path), sum_name(display));
            match read_text(source, &sum_path, &sum_display) {
                Ok(sum) => {
                    add_go_sum(&sum, &sum_display, &file.required, &mut parsed);
                    parsed.included.push(sum_display);
                }
                Err(ExtractError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => parsed.diagnostics.push(e.to_diagnostic()),
            }
        }
        Ok(parsed)
    }
}

/// The `go.sum` beside a go.mod: `go.mod` → `go.sum` (and `x.mod` → `x.sum`).
fn sum_name(path: &Path) -> PathBuf {
    path.with_extension("sum")
}

/// One `require` line.
struct Require {
    module: String,
    version: String,
    line: u32,
    indirect: bool,
}

/// One `replace` line: `old [version] => new [version]`.
struct Replace {
    old: String,
    old_version: Option<String>,
    new: String,
    new_version: Option<String>,
    line: u32,
}

/// What the go.mod says that matters here.
#[derive(Default)]
struct ModFile {
    /// The `go` directive's version and line.
    go: Option<(String, u32)>,
    /// The module paths go.mod requires, before replacement: go.sum lists them too.
    required: Vec<String>,
}

impl ModFile {
    /// Before Go 1.17 go.mod does not list the indirect modules (a missing `go` line means 1.16,
    /// <https://go.dev/ref/mod#go-mod-file-go>).
    fn needs_go_sum(&self) -> bool {
        let Some((version, _)) = &self.go else {
            return true;
        };
        let mut parts = version.split('.');
        let major = parts.next().and_then(|p| p.parse::<u32>().ok());
        let minor = parts.next().and_then(|p| {
            let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        });
        matches!((major, minor), (Some(1), Some(m)) if m <= 16)
    }
}

/// The directives of go.mod (<https://go.dev/ref/mod#go-mod-file-grammar>); any other word
/// starting a line makes the file malformed, as `go` itself says.
const DIRECTIVES: [&str; 10] = [
    "module",
    "go",
    "toolchain",
    "godebug",
    "require",
    "exclude",
    "replace",
    "retract",
    "tool",
    "ignore",
];

/// Parses the text of a go.mod named `display` into `parsed`; returns what decides whether
/// go.sum is read.
fn parse_text(text: &str, display: &Path, parsed: &mut Parsed) -> Result<ModFile, ExtractError> {
    let malformed = |line: u32, message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: format!("line {line}: {message}"),
    };
    let mut file = ModFile::default();
    let mut toolchain: Option<(String, u32)> = None;
    let mut requires: Vec<Require> = Vec::new();
    let mut replaces: Vec<Replace> = Vec::new();
    let mut block: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let (words, comment) = tokens(raw).map_err(|m| malformed(line, m))?;
        if words.is_empty() {
            continue;
        }
        let (verb, args): (String, &[String]) = match &block {
            Some(verb) if words == [")"] => {
                let _ = verb;
                block = None;
                continue;
            }
            Some(verb) => (verb.clone(), &words[..]),
            None => {
                let verb = words[0].clone();
                if !DIRECTIVES.contains(&verb.as_str()) {
                    return Err(malformed(
                        line,
                        format!("unknown directive `{}`", verb.escape_debug()),
                    ));
                }
                match &words[1..] {
                    [open] if open == "(" => {
                        block = Some(verb);
                        continue;
                    }
                    [open, close] if open == "(" && close == ")" => continue,
                    args => (verb, args),
                }
            }
        };
        let record = || args.join(" ");
        match verb.as_str() {
            "go" => match args {
                [version] => file.go = Some((version.clone(), line)),
                _ => return Err(malformed(line, "`go` takes one version".to_owned())),
            },
            "toolchain" => match args {
                [name] => toolchain = Some((name.clone(), line)),
                _ => return Err(malformed(line, "`toolchain` takes one name".to_owned())),
            },
            "require" => match args {
                [module, version] if is_module_version(version) => requires.push(Require {
                    module: module.clone(),
                    version: version.clone(),
                    line,
                    indirect: comment
                        .is_some_and(|c| c.split(';').any(|part| part.trim() == "indirect")),
                }),
                [_, version] => parsed.diagnostics.push(skipped_entry(
                    display,
                    &record(),
                    format!(
                        "line {line}: `{}` is not a Go module version (`v` and SemVer)",
                        version.escape_debug()
                    ),
                )),
                _ => parsed.diagnostics.push(skipped_entry(
                    display,
                    &record(),
                    format!("line {line}: a requirement is `module version`"),
                )),
            },
            "replace" => match replace(args, line) {
                Ok(r) => replaces.push(r),
                Err(message) => parsed.diagnostics.push(skipped_entry(
                    display,
                    &record(),
                    format!("line {line}: {message}"),
                )),
            },
            // `exclude` only matters when go selects versions, which the require lines already
            // record; the rest name no dependency.
            _ => {}
        }
    }
    if let Some(verb) = block {
        return Err(ExtractError::Malformed {
            path: display.to_path_buf(),
            message: format!("the `{verb} (` block is not closed"),
        });
    }

    let mut components: Vec<Component> = Vec::new();
    for require in &requires {
        match resolve(require, &replaces, display) {
            Ok(c) => {
                let duplicate = components
                    .iter()
                    .any(|d| d.name == c.name && d.version == c.version);
                if !duplicate {
                    components.push(c);
                }
            }
            Err(message) => parsed.diagnostics.push(skipped_entry(
                display,
                &format!("{} {}", require.module, require.version),
                format!("line {}: {message}", require.line),
            )),
        }
    }
    if let Some((version, line)) = stdlib_version(toolchain.as_ref(), file.go.as_ref()) {
        match go_component("stdlib", Some(&version), display, Some(line)) {
            Ok(c) => components.push(c),
            Err(message) => parsed
                .diagnostics
                .push(skipped_entry(display, "stdlib", message)),
        }
    }
    parsed.components.extend(components);
    file.required = requires.into_iter().map(|r| r.module).collect();
    Ok(file)
}

/// `old [version] => new [version]`.
fn replace(args: &[String], line: u32) -> Result<Replace, String> {
    let arrow = args
        .iter()
        .position(|a| a == "=>")
        .ok_or_else(|| "a replacement needs `=>`".to_owned())?;
    let (old, new) = (&args[..arrow], &args[arrow + 1..]);
    let (old, old_version) = match old {
        [m] => (m.clone(), None),
        [m, v] if is_module_version(v) => (m.clone(), Some(v.clone())),
        _ => return Err("the replaced module is `module [version]`".to_owned()),
    };
    let (new, new_version) = match new {
        [p] if is_local_path(p) => (p.clone(), None),
        [m, v] if is_module_version(v) => (m.clone(), Some(v.clone())),
        _ => {
            return Err(
                "a replacement is a local directory or `module version` (`v` and SemVer)"
                    .to_owned(),
            );
        }
    };
    Ok(Replace {
        old,
        old_version,
        new,
        new_version,
        line,
    })
}

/// The component a requirement is, after the replacement that applies to it (one for its exact
/// version first, else one for every version; <https://go.dev/ref/mod#go-mod-file-replace>).
fn resolve(require: &Require, replaces: &[Replace], display: &Path) -> Result<Component, String> {
    let replacement = replaces
        .iter()
        .find(|r| r.old == require.module && r.old_version.as_ref() == Some(&require.version))
        .or_else(|| {
            replaces
                .iter()
                .find(|r| r.old == require.module && r.old_version.is_none())
        });
    let mut c = match replacement {
        // A local directory: the code is the project's own copy, known only by its path (as
        // osv-scanner and osv-scalibr report it); nothing fetched, no version.
        Some(r) if r.new_version.is_none() => {
            let mut c = go_component(&r.new, None, display, Some(r.line))?;
            c.source = ComponentSource::Path {
                path: r.new.clone(),
            };
            c
        }
        Some(r) => {
            let version = r.new_version.as_deref().unwrap_or_default();
            check_path_major(&r.new, version)?;
            go_component(&r.new, Some(version), display, Some(r.line))?
        }
        None => {
            check_path_major(&require.module, &require.version)?;
            go_component(
                &require.module,
                Some(&require.version),
                display,
                Some(require.line),
            )?
        }
    };
    c.scope.relationship = Some(if require.indirect {
        Relationship::Transitive
    } else {
        Relationship::Direct
    });
    Ok(c)
}

/// The Go release whose standard library the module is built with: the `toolchain` line's
/// (`go1.23.6`, suffixes such as `-xyz` cut off) or else the `go` line's minimum version.
fn stdlib_version(
    toolchain: Option<&(String, u32)>,
    go: Option<&(String, u32)>,
) -> Option<(String, u32)> {
    let from_toolchain = toolchain.and_then(|(name, line)| {
        let version = name.strip_prefix("go")?;
        let end = version.find(['-', '+']).unwrap_or(version.len());
        let version = &version[..end];
        (!version.is_empty()).then(|| (version.to_owned(), *line))
    });
    from_toolchain.or_else(|| go.cloned())
}

/// Adds the modules of a `go.sum` (`module version h1:hash`, and `module version/go.mod
/// h1:hash` for modules whose go.mod alone was needed) that go.mod does not list: each one whose
/// code was downloaded is in the build of a pre-1.17 module.
fn add_go_sum(text: &str, display: &Path, required: &[String], parsed: &mut Parsed) {
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let words: Vec<&str> = raw.split_whitespace().collect();
        let (module, version) = match words[..] {
            [] => continue,
            [module, version, hash] if hash.contains(':') => (module, version),
            _ => {
                parsed.diagnostics.push(skipped_entry(
                    display,
                    raw.trim(),
                    format!("line {line}: a go.sum line is `module version hash`"),
                ));
                continue;
            }
        };
        if version.ends_with("/go.mod") {
            continue;
        }
        if !is_module_version(version) {
            parsed.diagnostics.push(skipped_entry(
                display,
                raw.trim(),
                format!("line {line}: `{version}` is not a Go module version"),
            ));
            continue;
        }
        if required.iter().any(|r| r == module)
            || parsed.components.iter().any(|c| c.name.as_str() == module)
        {
            continue;
        }
        match go_component(module, Some(version), display, Some(line)) {
            Ok(mut c) => {
                c.scope.relationship = Some(Relationship::Transitive);
                parsed.components.push(c);
            }
            Err(message) => parsed
                .diagnostics
                .push(skipped_entry(display, raw.trim(), message)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        let mut parsed = Parsed::default();
        parse_text(text, Path::new("go.mod"), &mut parsed)?;
        Ok(parsed)
    }

    fn summary(parsed: &Parsed) -> Vec<(String, String, Option<u32>)> {
        parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.name.as_str().to_owned(),
                    c.version.clone().unwrap_or_default(),
                    c.locations[0].line,
                )
            })
            .collect()
    }

    #[test]
    fn requires_replaces_and_stdlib() {
        let text = "module example.com/m\n\ngo 1.21\ntoolchain go1.22.1\n\
            require example.com/a v1.0.0\n\
            require (\n\texample.com/b v0.1.0 // indirect\n\t\"example.com/c\" v2.0.0+incompatible\n)\n\
            replace example.com/b => example.com/fork/b v0.2.0\n\
            replace example.com/c v2.0.0+incompatible => ../c\n\
            exclude example.com/a v0.9.0\n";
        let parsed = parse(text).unwrap();
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(
            summary(&parsed),
            [
                ("example.com/a".into(), "v1.0.0".into(), Some(5)),
                ("example.com/fork/b".into(), "v0.2.0".into(), Some(10)),
                ("../c".into(), String::new(), Some(11)),
                ("stdlib".into(), "1.22.1".into(), Some(4)),
            ]
        );
        let rel: Vec<_> = parsed
            .components
            .iter()
            .map(|c| c.scope.relationship)
            .collect();
        assert_eq!(
            rel,
            [
                Some(Relationship::Direct),
                Some(Relationship::Transitive),
                Some(Relationship::Direct),
                None
            ]
        );
        assert_eq!(
            parsed.components[2].source,
            ComponentSource::Path {
                path: "../c".into()
            }
        );
        assert_eq!(
            parsed.components[0].purl.to_string(),
            "pkg:golang/example.com/a@v1.0.0"
        );
    }

    #[test]
    fn bad_lines_are_skipped_and_bad_files_refused() {
        let parsed = parse("require (\n\texample.com/a 1.0\n\texample.com/b\n\texample.com/c v1.0.0\n)\nreplace x => y\n").unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert_eq!(parsed.diagnostics.len(), 3);
        let err = parse("this is not a go.mod file!\n").unwrap_err();
        assert!(
            err.to_string().contains("line 1: unknown directive `this`"),
            "{err}"
        );
        assert!(parse("require (\n").is_err());
        assert!(parse("module \"open\n").is_err());
        assert!(parse("").unwrap().components.is_empty());
    }

    #[test]
    fn go_sum_is_needed_before_go_1_17() {
        let file = |v: &str| ModFile {
            go: Some((v.to_owned(), 1)),
            required: Vec::new(),
        };
        assert!(file("1.16").needs_go_sum());
        assert!(!file("1.17").needs_go_sum());
        assert!(!file("1.23rc1").needs_go_sum());
        assert!(ModFile::default().needs_go_sum());
        let mut parsed = parse("go 1.16\nrequire example.com/a v1.0.0\n").unwrap();
        add_go_sum(
            "example.com/a v1.0.0 h1:x=\nexample.com/b v0.1.0/go.mod h1:y=\n\
             example.com/c v0.2.0 h1:z=\nbroken\n",
            Path::new("go.sum"),
            &["example.com/a".to_owned()],
            &mut parsed,
        );
        let names: Vec<_> = parsed.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["example.com/a", "stdlib", "example.com/c"]);
        assert_eq!(parsed.diagnostics.len(), 1);
    }
}
