//! Pipenv's lockfile, `Pipfile.lock` (JSON, `_meta.pipfile-spec` 6;
//! <https://pipenv.pypa.io/en/latest/pipfile.html>): packages by name under `default` and
//! `develop`, each with `version: "==x"` and `hashes`, or a `git` URL and `ref` commit, or a local
//! `path`/`file`. A package in `develop` only is in the `dev` group. The lockfile holds no
//! dependency graph (each package is listed flat, without what it requires), so there are no
//! edges; which packages are direct is read from the `Pipfile` beside it, if any.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;
use vouch_model::{Component, ComponentSource, Diagnostic, DiagnosticCode, Location};

use super::{
    Declared, MergeKey, apply_declared, file_name, git_source, merge_key, parse_checksum,
    pypi_component, skipped_entry, tidy, with_manifest,
};
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Pipenv's `Pipfile.lock`.
pub(crate) struct PipfileLock;

impl Cataloger for PipfileLock {
    fn name(&self) -> &'static str {
        "pipfile-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("Pipfile.lock")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        with_manifest(
            source,
            path,
            display,
            "Pipfile",
            Declared::from_pipfile,
            |declared| parse_text(&text, display, declared),
        )
    }
}

/// The two sections and whether they are for development.
const SECTIONS: [(&str, bool); 2] = [("default", false), ("develop", true)];

/// Parses the text of a `Pipfile.lock` named `display`, with what the Pipfile names where there
/// is one.
fn parse_text(
    text: &str,
    display: &Path,
    declared: Option<&Declared>,
) -> Result<Parsed, ExtractError> {
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    // An empty file is an empty lock (pipenv writes one before the first `lock`).
    if text.trim().is_empty() {
        return Ok(Parsed::default());
    }
    let doc: Value =
        serde_json::from_str(text).map_err(|e| malformed(format!("invalid JSON: {e}")))?;
    let doc = doc
        .as_object()
        .ok_or_else(|| malformed("the top level is not a JSON object".to_owned()))?;
    let lines = key_lines(text);
    let mut parsed = Parsed::default();
    let mut components: Vec<Component> = Vec::new();
    for (section, dev) in SECTIONS {
        let entries = match doc.get(section) {
            None | Some(Value::Null) => continue,
            Some(Value::Object(entries)) => entries,
            Some(_) => return Err(malformed(format!("`{section}` is not a JSON object"))),
        };
        // In file order, whatever map serde_json was built with.
        let mut entries: Vec<(&String, &Value, Option<u32>)> = entries
            .iter()
            .map(|(name, entry)| (name, entry, lines.get(&(section, name.as_str())).copied()))
            .collect();
        entries.sort_by_key(|&(name, _, line)| (line, name));
        for (name, entry, line) in entries {
            let record = format!("{section}.{name}");
            let location = Location {
                path: display.to_path_buf(),
                line,
            };
            match component(name, entry, location, dev, &mut parsed.diagnostics, display) {
                Ok(Some(c)) => components.push(c),
                Ok(None) => {}
                Err(message) => parsed
                    .diagnostics
                    .push(skipped_entry(display, &record, message)),
            }
        }
    }
    parsed.components = merge_sections(components);
    if let Some(declared) = declared {
        apply_declared(&mut parsed.components, &[], declared);
    }
    Ok(parsed)
}

/// One entry as a component; `None` for the project itself (`path: "."`).
fn component(
    name: &str,
    entry: &Value,
    location: Location,
    dev: bool,
    diagnostics: &mut Vec<Diagnostic>,
    display: &Path,
) -> Result<Option<Component>, String> {
    let entry = entry
        .as_object()
        .ok_or_else(|| "the entry is not a JSON object".to_owned())?;
    let text = |key: &str| entry.get(key).and_then(Value::as_str);
    let source = if let Some(url) = text("git") {
        git_source(url, text("ref"))
    } else if let Some(path) = text("path").or_else(|| text("file")) {
        if matches!(path, "." | "./") {
            return Ok(None);
        }
        if path.contains("://") {
            ComponentSource::Url {
                url: path.to_owned(),
            }
        } else {
            ComponentSource::Path {
                path: path.to_owned(),
            }
        }
    } else {
        ComponentSource::Registry
    };
    let version = match text("version").map(str::trim) {
        None | Some("" | "*") => None,
        Some(spec) => match spec.strip_prefix("===").or_else(|| spec.strip_prefix("==")) {
            Some(version) => Some(version.trim().to_owned()),
            None => {
                diagnostics.push(
                    Diagnostic::new(
                        DiagnosticCode::UnpinnedRequirement,
                        format!("`{name}` is locked as `{spec}`, not one version"),
                    )
                    .with_path(display)
                    .with_record(name),
                );
                None
            }
        },
    };
    let mut c = pypi_component(name, version, location)?;
    c.source = source;
    c.scope.dev = Some(dev);
    if dev {
        c.groups.push("dev".to_owned());
    }
    c.checksums = hashes(entry.get("hashes"));
    Ok(Some(c))
}

/// The hashes of a `hashes` list; unreadable ones are left out.
fn hashes(list: Option<&Value>) -> Vec<vouch_model::Checksum> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(parse_checksum)
        .collect()
}

/// Merges a `develop` entry into the `default` entry of the same version: the package is
/// installed either way, so it is not development-only and loses the `dev` group.
fn merge_sections(components: Vec<Component>) -> Vec<Component> {
    let mut out: Vec<Component> = Vec::with_capacity(components.len());
    let mut index: HashMap<MergeKey, usize> = HashMap::new();
    for c in components {
        let key = merge_key(&c);
        match index.get(&key) {
            Some(&i) => {
                let first = &mut out[i];
                first.locations.extend(c.locations);
                first.checksums.extend(c.checksums);
                if c.scope.dev == Some(false) || first.scope.dev == Some(false) {
                    first.scope.dev = Some(false);
                    first.groups.clear();
                }
            }
            None => {
                index.insert(key, out.len());
                out.push(c);
            }
        }
    }
    for c in &mut out {
        tidy(c);
    }
    out
}

/// The 1-based line of each package key under `default` and `develop`, found by a small scan
/// of the (already validated) JSON, since serde_json keeps no positions.
fn key_lines(text: &str) -> HashMap<(&'static str, &str), u32> {
    /// One open container: whether it is an object, whether its next string is a key, and the
    /// last key read in it.
    struct Frame<'a> {
        object: bool,
        expect_key: bool,
        key: Option<&'a str>,
    }
    let mut out = HashMap::new();
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let bytes = text.as_bytes();
    let mut line = 1u32;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line = line.saturating_add(1),
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let raw = text.get(start..i.min(bytes.len())).unwrap_or_default();
                if let Some(frame) = stack.last_mut()
                    && frame.object
                    && frame.expect_key
                {
                    frame.expect_key = false;
                    frame.key = Some(raw);
                    if stack.len() == 2
                        && let Some(section) = stack[0]
                            .key
                            .and_then(|k| SECTIONS.iter().map(|(s, _)| *s).find(|s| *s == k))
                    {
                        // Keys with escapes are matched as serde_json decodes them.
                        let key = if raw.contains('\\') { None } else { Some(raw) };
                        if let Some(key) = key {
                            out.entry((section, key)).or_insert(line);
                        }
                    }
                }
            }
            b'{' | b'[' => stack.push(Frame {
                object: bytes[i] == b'{',
                expect_key: bytes[i] == b'{',
                key: None,
            }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(frame) = stack.last_mut() {
                    frame.expect_key = frame.object;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("Pipfile.lock"), None)
    }

    #[test]
    fn sections_merge_and_only_develop_is_dev() {
        let text = r#"{
  "_meta": {"pipfile-spec": 6, "sources": [{"name": "pypi", "url": "https://pypi.org/simple"}]},
  "default": {
    "a": {"version": "==1.0", "hashes": []},
    "b": {"version": "==2.0"}
  },
  "develop": {
    "a": {"version": "==1.0"},
    "b": {"version": "==2.1"},
    "c": {"version": "==3.0", "hashes": ["sha256:3333333333333333333333333333333333333333333333333333333333333333", "junk"]}
  }
}"#;
        let parsed = parse(text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.version.as_deref(),
                    c.groups.join(","),
                    c.scope.dev,
                    c.locations[0].line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a", Some("1.0"), "".into(), Some(false), Some(4)),
                ("b", Some("2.0"), "".into(), Some(false), Some(5)),
                ("b", Some("2.1"), "dev".into(), Some(true), Some(9)),
                ("c", Some("3.0"), "dev".into(), Some(true), Some(10)),
            ]
        );
        assert_eq!(parsed.components[0].locations.len(), 2);
        assert_eq!(parsed.components[3].checksums.len(), 1);
    }

    #[test]
    fn the_pipfile_beside_marks_direct_and_there_are_no_edges() {
        let text = r#"{
  "default": {"requests": {"version": "==2.31.0"}, "certifi": {"version": "==2024.2.2"}},
  "develop": {"pytest": {"version": "==8.0.0"}}
}"#;
        let declared = Declared::from_pipfile(
            "[packages]\nRequests = \"*\"\n[dev-packages]\npytest = \"*\"\n",
        )
        .unwrap();
        let parsed = parse_text(text, Path::new("Pipfile.lock"), Some(&declared)).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.scope.relationship, c.scope.dev))
            .collect();
        use vouch_model::Relationship::{Direct, Transitive};
        assert_eq!(
            got,
            [
                ("certifi", Some(Transitive), Some(false)),
                ("requests", Some(Direct), Some(false)),
                ("pytest", Some(Direct), Some(true)),
            ]
        );
        assert!(parsed.dependencies.is_empty());
        let without = parse(text).unwrap();
        assert!(
            without
                .components
                .iter()
                .all(|c| c.scope.relationship.is_none())
        );
    }

    #[test]
    fn git_and_path_entries() {
        let text = r#"{"default": {
            "markupsafe": {"editable": true, "git": "https://github.com/pallets/markupsafe", "ref": "b36054111bc1e8bbadb5d0d60158feb72926f467"},
            "me": {"editable": true, "path": "."},
            "vendored": {"path": "./vendor/v"}
        }}"#;
        let parsed = parse(text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.version.clone(), c.source.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "markupsafe",
                    None,
                    ComponentSource::Git {
                        url: "https://github.com/pallets/markupsafe".into(),
                        commit: Some("b36054111bc1e8bbadb5d0d60158feb72926f467".into())
                    }
                ),
                (
                    "vendored",
                    None,
                    ComponentSource::Path {
                        path: "./vendor/v".into()
                    }
                ),
            ]
        );
    }

    #[test]
    fn structural_errors_name_the_problem() {
        let err = parse("[1, 2]").unwrap_err();
        assert!(err.to_string().contains("not a JSON object"), "{err}");
        let err = parse(r#"{"default": []}"#).unwrap_err();
        assert!(err.to_string().contains("`default`"), "{err}");
        let err = parse("{").unwrap_err();
        assert!(err.to_string().contains("invalid JSON"), "{err}");
        assert!(parse("  \n").unwrap().components.is_empty());
    }

    #[test]
    fn odd_entries_are_skipped_with_a_diagnostic() {
        let parsed = parse(
            r#"{"default": {"bad name": {"version": "==1"}, "x": 5, "ok": {"version": ">=1"}}}"#,
        )
        .unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert_eq!(parsed.components[0].version, None);
        let records: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| d.record.clone().unwrap_or_default())
            .collect();
        assert_eq!(records, ["default.bad name", "ok", "default.x"]);
    }

    #[test]
    fn key_lines_only_under_the_sections() {
        let text = "{\n\"_meta\": {\"a\": 1},\n\"default\": {\n \"x\": {\"y\": [\"default\"]},\n \"z\": {}\n}}";
        let lines = key_lines(text);
        assert_eq!(lines.get(&("default", "x")), Some(&4));
        assert_eq!(lines.get(&("default", "z")), Some(&5));
        assert_eq!(lines.len(), 2);
    }
}
