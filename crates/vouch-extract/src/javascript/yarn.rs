//! Yarn's `yarn.lock`, in both of its formats. Classic (yarn 1, "yarn lockfile v1") is its own
//! indented syntax: `"pkg@^1.0.0", pkg@~1.1:` headers with `version`, `resolved` and `integrity`
//! fields. Berry (yarn 2+) is YAML with a `__metadata` entry and `"pkg@npm:^1.0.0":` keys holding
//! `version`, `resolution`, `checksum`. Neither has a formal spec; the fields read here are those
//! yarn's own lockfile writers emit (yarnpkg/yarn `src/lockfile/stringify.js`,
//! yarnpkg/berry `packages/yarnpkg-core/sources/Project.ts` `generateLockfile`).

use std::path::Path;

use vouch_model::{Checksum, ChecksumAlgorithm, Component, ComponentSource};

use super::yaml::Node;
use super::{
    file_name, integrity_checksums, npm_component, skipped_entry, source_of_resolved,
    split_name_spec,
};
use crate::read::read_text;
use crate::{Cataloger, ExtractError, Parsed};

/// Yarn's `yarn.lock` (classic and berry).
pub(crate) struct YarnLock;

impl Cataloger for YarnLock {
    fn name(&self) -> &'static str {
        "yarn-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("yarn.lock")
    }

    fn parse(&self, path: &Path, display: &Path) -> Result<Parsed, ExtractError> {
        let text = read_text(path, display)?;
        parse_text(&text, display)
    }
}

/// Parses the text of a `yarn.lock` named `display`: berry when it has a `__metadata` entry,
/// classic otherwise.
fn parse_text(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    if text.lines().any(|l| l.starts_with("__metadata:")) {
        parse_berry(text, display)
    } else {
        parse_classic(text, display)
    }
}

fn malformed(display: &Path, message: String) -> ExtractError {
    ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    }
}

/// One classic entry as written.
struct Block<'a> {
    header: &'a str,
    line: u32,
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
}

/// Removes one pair of surrounding double quotes (classic writes `"..."` with no escapes).
fn unquote(text: &str) -> &str {
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
}

/// Classic: headers start in column 0 and end with `:`; fields are indented by two spaces
/// (`key value` or `key: value`); deeper lines (dependency lists) are not needed here.
fn parse_classic(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let mut blocks: Vec<Block<'_>> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = raw.trim_end();
        let content = trimmed.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = trimmed.len() - content.len();
        if indent == 0 {
            let header = content.strip_suffix(':').ok_or_else(|| {
                malformed(
                    display,
                    format!(
                        "line {line}: expected an entry header ending in `:`, found `{content}`"
                    ),
                )
            })?;
            blocks.push(Block {
                header,
                line,
                version: None,
                resolved: None,
                integrity: None,
            });
            continue;
        }
        let Some(block) = blocks.last_mut() else {
            return Err(malformed(
                display,
                format!("line {line}: an indented field before any entry header"),
            ));
        };
        if indent != 2 {
            continue;
        }
        let (key, value) = match content.split_once([' ', ':']) {
            Some((k, v)) => (k, v.trim_start_matches(':').trim()),
            None => (content, ""),
        };
        let value = unquote(value).to_owned();
        match unquote(key) {
            "version" => block.version = Some(value),
            "resolved" => block.resolved = Some(value),
            "integrity" => block.integrity = Some(value),
            _ => {}
        }
    }
    let mut parsed = Parsed::default();
    for block in &blocks {
        match classic_component(block, display) {
            Ok(c) => parsed.components.push(c),
            Err(message) => parsed
                .diagnostics
                .push(skipped_entry(display, block.header, message)),
        }
    }
    Ok(parsed)
}

/// The package a `name@spec` names: the spec's target for an alias (`alias@npm:real@^1`).
fn package_of(specifier: &str) -> (&str, &str) {
    let (name, spec) = split_name_spec(specifier);
    match spec.strip_prefix("npm:") {
        // `npm:real@^1` or `npm:@scope/real@^1`; `npm:^1.0.0` is no alias.
        Some(target) if target.contains('@') => split_name_spec(target),
        _ => (name, spec),
    }
}

/// One classic entry as a component; the message says why it was skipped.
fn classic_component(block: &Block<'_>, display: &Path) -> Result<Component, String> {
    let first = block
        .header
        .split(',')
        .map(|s| unquote(s.trim()))
        .next()
        .unwrap_or_default();
    let (name, spec) = package_of(first);
    let version = block
        .version
        .as_deref()
        .ok_or_else(|| format!("{first} has no version"))?;
    let mut c = npm_component(name, Some(version), display, Some(block.line))?;
    c.source = match &block.resolved {
        Some(resolved) => source_of_resolved(resolved, name),
        None => spec_source(spec, name),
    };
    if let Some(integrity) = &block.integrity {
        c.checksums = integrity_checksums(integrity);
    }
    // Classic writes the tarball's SHA-1 as the `resolved` URL's fragment.
    if c.checksums.is_empty()
        && !matches!(c.source, ComponentSource::Git { .. })
        && let Some((_, fragment)) = block.resolved.as_deref().and_then(|r| r.rsplit_once('#'))
        && fragment.len() == 40
        && fragment.bytes().all(|b| b.is_ascii_hexdigit())
    {
        c.checksums.push(Checksum {
            algorithm: ChecksumAlgorithm::Sha1,
            hex: fragment.to_ascii_lowercase(),
        });
    }
    Ok(c)
}

/// Where a dependency spec without a resolved URL points: a local path or the registry.
fn spec_source(spec: &str, name: &str) -> ComponentSource {
    for prefix in ["file:", "link:", "portal:", "workspace:"] {
        if let Some(path) = spec.strip_prefix(prefix) {
            // Berry appends `::locator=...` (who asked for it) and `#path` to local specs.
            let path = path.split("::").next().unwrap_or(path);
            let path = path.split('#').next().unwrap_or(path);
            return ComponentSource::Path { path: path.into() };
        }
    }
    if spec.is_empty()
        || spec.starts_with("npm:")
        || spec.starts_with("patch:")
        || !spec.contains([':', '/'])
    {
        return ComponentSource::Registry;
    }
    source_of_resolved(spec, name)
}

/// Berry: a YAML mapping from `name@spec[, name@spec]` to the locked package.
fn parse_berry(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let doc = Node::parse(text).map_err(|e| malformed(display, e))?;
    let entries = match &doc {
        Node::Null => &[][..],
        Node::Map(entries) => entries,
        _ => {
            return Err(malformed(
                display,
                "the top level is not a mapping of package entries".into(),
            ));
        }
    };
    let mut parsed = Parsed::default();
    for entry in entries.iter().filter(|e| e.key != "__metadata") {
        match berry_component(&entry.key, entry.line, &entry.value, display) {
            Ok(Some(c)) => parsed.components.push(c),
            Ok(None) => {}
            Err(message) => parsed
                .diagnostics
                .push(skipped_entry(display, &entry.key, message)),
        }
    }
    Ok(parsed)
}

/// One berry entry as a component; `None` for the project's own root workspace
/// (`name@workspace:.`), which is the delivery itself rather than a third-party component.
fn berry_component(
    key: &str,
    line: Option<u32>,
    value: &Node,
    display: &Path,
) -> Result<Option<Component>, String> {
    if !matches!(value, Node::Map(_)) {
        return Err("the entry is not a mapping".into());
    }
    let first = key.split(',').map(str::trim).next().unwrap_or_default();
    // `resolution` names the package actually locked (an alias's key names the alias).
    let resolution = value.str_at("resolution").unwrap_or(first);
    let (name, spec) = split_name_spec(resolution);
    if spec == "workspace:." {
        return Ok(None);
    }
    let version = value
        .str_at("version")
        .ok_or_else(|| format!("{first} has no version"))?;
    let mut c = npm_component(name, Some(version), display, line)?;
    c.source = spec_source(spec, name);
    // Berry's `checksum` is of yarn's own cache archive, not of the registry's tarball, so it
    // cannot verify what the registry serves and is not recorded.
    Ok(Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("yarn.lock"))
    }

    #[test]
    fn classic_entries_give_name_version_source_and_hashes() {
        let text = r#"# yarn lockfile v1


"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
  version "7.12.13"
  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.12.13.tgz#dcfc826beef65e75c50e21d3837d7d95798dd658"
  dependencies:
    "@babel/highlight" "^7.12.13"

alias@npm:real@^1:
  version "1.0.0"
  resolved "https://npm.example.com/real/-/real-1.0.0.tgz"
  integrity sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=

mine@G-Rath/repo#0a2d2506c1:
  version "0.0.1"
  resolved "https://codeload.github.com/G-Rath/repo/tar.gz/0a2d2506c1fe299691fc5db53a2097db3bd615bc"
"#;
        let parsed = parse(text).unwrap();
        assert!(parsed.diagnostics.is_empty());
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.version.as_deref().unwrap(),
                    c.locations[0].line.unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("@babel/code-frame", "7.12.13", 4),
                ("real", "1.0.0", 10),
                ("mine", "0.0.1", 15)
            ]
        );
        let c = &parsed.components;
        assert_eq!(c[0].source, ComponentSource::Registry);
        assert_eq!(
            c[0].checksums[0].hex,
            "dcfc826beef65e75c50e21d3837d7d95798dd658"
        );
        assert_eq!(
            c[1].source,
            ComponentSource::AlternateRegistry {
                url: "https://npm.example.com".into()
            }
        );
        assert_eq!(c[1].checksums[0].hex, "0".repeat(40));
        assert!(matches!(
            &c[2].source,
            ComponentSource::Git { commit: Some(commit), .. } if commit.starts_with("0a2d2506")
        ));
    }

    #[test]
    fn classic_bad_entries_are_skipped_and_bad_files_refused() {
        let parsed = parse("a@^1:\n  resolved \"x\"\n\nb@^1:\n  version \"1.0.0\"\n").unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("a@^1"));
        let err = parse("a@^1:\n  version \"1\"\nthis is not yarn\n").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
        assert!(parse("  version \"1\"\n").is_err());
    }

    #[test]
    fn berry_entries_follow_resolution_and_drop_the_root_workspace() {
        let text = r#"__metadata:
  version: 8
  cacheKey: 10c0

"alias@npm:real@^5.0.0":
  version: 5.0.1
  resolution: "real@npm:5.0.1"
  checksum: 10c0/9a64
  languageName: node
  linkType: hard

"@ws/lib@workspace:packages/lib":
  version: 0.0.0-use.local
  resolution: "@ws/lib@workspace:packages/lib"
  languageName: unknown
  linkType: soft

"vuejs@https://github.com/vuejs/vue.git":
  version: 2.5.0
  resolution: "vuejs@https://github.com/vuejs/vue.git#commit=0948d999f2fddf9f90991956493f976273c5da1f"

"local@file:../x::locator=me%40workspace%3A.":
  version: 0.0.2
  resolution: "local@file:../x#../x::hash=351be1&locator=me%40workspace%3A."

"me@workspace:.":
  version: 0.0.0-use.local
  resolution: "me@workspace:."

"bad@npm:1":
  resolution: "bad@npm:1.0.0"
"#;
        let parsed = parse(text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.locations[0].line, c.source.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("real", Some(5), ComponentSource::Registry),
                (
                    "@ws/lib",
                    Some(12),
                    ComponentSource::Path {
                        path: "packages/lib".into()
                    }
                ),
                (
                    "vuejs",
                    Some(18),
                    ComponentSource::Git {
                        url: "https://github.com/vuejs/vue.git".into(),
                        commit: Some("0948d999f2fddf9f90991956493f976273c5da1f".into())
                    }
                ),
                (
                    "local",
                    Some(22),
                    ComponentSource::Path {
                        path: "../x".into()
                    }
                ),
            ]
        );
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("bad@npm:1"));
    }

    #[test]
    fn berry_that_is_not_yaml_is_refused_with_a_line() {
        let err = parse("__metadata:\n  version: [\n").unwrap_err();
        assert!(matches!(err, ExtractError::Malformed { .. }), "{err}");
    }
}
