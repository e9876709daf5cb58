//! Bun's text lockfile, `bun.lock` (bun 1.1.39+): JSON with trailing commas (and, as JSONC,
//! comments). `packages` maps an install path (`wrappy`, `chalk/supports-color`) to a tuple
//! whose first item is `name@version` (or `name@github:owner/repo#commit`, `name@file:path`).
//! No formal spec; the layout is bun's `src/install/bun.lock.zig`, described at
//! <https://bun.sh/docs/install/lockfile>. The binary `bun.lockb` is not read.
//!
//! The graph: a package's info object names its `dependencies` and `optionalDependencies`; each
//! is found the way Node finds it, from the requiring package's install path outwards
//! (`chalk/supports-color`, then `supports-color`). Workspaces name the direct ones.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use vouch_model::{Component, ComponentSource};

use super::graph::{Derive, Graph, Root};

use super::{
    file_name, integrity_checksums, npm_component, skipped_entry, source_of_resolved,
    split_name_spec,
};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Bun's `bun.lock`.
pub(crate) struct BunLock;

impl Cataloger for BunLock {
    fn name(&self) -> &'static str {
        "bun-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("bun.lock")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        parse_text(&text, display)
    }
}

/// The lockfile as written; each package is kept as a borrowed slice of the text, which gives
/// its line and lets one odd package be skipped without losing the rest.
#[derive(Deserialize)]
struct Lock<'a> {
    #[serde(rename = "lockfileVersion")]
    lockfile_version: Option<Value>,
    #[serde(default)]
    workspaces: BTreeMap<String, Workspace>,
    #[serde(default, borrow)]
    packages: BTreeMap<String, &'a RawValue>,
}

/// A workspace (the root is `""`): the dependencies it names itself.
#[derive(Deserialize)]
struct Workspace {
    #[serde(default)]
    dependencies: BTreeMap<String, Value>,
    #[serde(default, rename = "devDependencies")]
    dev_dependencies: BTreeMap<String, Value>,
    #[serde(default, rename = "optionalDependencies")]
    optional_dependencies: BTreeMap<String, Value>,
    #[serde(default, rename = "peerDependencies")]
    peer_dependencies: BTreeMap<String, Value>,
}

/// Parses the text of a `bun.lock` named `display`.
fn parse_text(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    let json = strip_jsonc(text);
    if !json.trim_start().starts_with('{') {
        return Err(malformed("not a JSON object".into()));
    }
    let lock: Lock<'_> =
        serde_json::from_str(&json).map_err(|e| malformed(format!("invalid bun.lock: {e}")))?;
    if let Some(version) = &lock.lockfile_version
        && !matches!(version.as_u64(), Some(0 | 1))
    {
        return Err(ExtractError::UnsupportedVersion {
            path: display.to_path_buf(),
            what: "lockfileVersion",
            version: version.to_string(),
        });
    }
    let lines = LineIndex::new(&json);
    let mut found: Vec<Found<'_>> = Vec::new();
    let mut parsed = Parsed::default();
    for (key, raw) in &lock.packages {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(json.as_ptr() as usize);
        let line = Some(lines.line(offset));
        let Ok(tuple) = serde_json::from_str::<Vec<Value>>(raw.get()) else {
            let message = "the entry is not an array".to_owned();
            parsed
                .diagnostics
                .push(skipped_entry(display, key, message));
            continue;
        };
        match component(&tuple, display, line) {
            Ok(component) => found.push(Found {
                offset,
                key,
                workspace: tuple
                    .first()
                    .and_then(Value::as_str)
                    .and_then(|ident| split_name_spec(ident).1.strip_prefix("workspace:"))
                    .map(str::to_owned),
                dependencies: info_dependencies(&tuple),
                component,
            }),
            Err(message) => parsed
                .diagnostics
                .push(skipped_entry(display, key, message)),
        }
    }
    // In the order of the file (the map above sorts by key).
    found.sort_by_key(|f| f.offset);
    let mut by_key: HashMap<&str, usize> = HashMap::with_capacity(found.len());
    let mut workspace_keys: HashMap<&str, &str> = HashMap::new();
    for (i, f) in found.iter().enumerate() {
        by_key.insert(f.key, i);
        if let Some(path) = &f.workspace {
            workspace_keys.insert(path, f.key);
        }
    }
    let mut graph = Graph::new(found.len());
    for (from, f) in found.iter().enumerate() {
        for (name, optional) in &f.dependencies {
            if let Some(to) = resolve(f.key, name, &by_key) {
                graph.add(from, to, *optional);
            }
        }
    }
    let mut roots: Vec<Root> = Vec::new();
    for (path, ws) in &lock.workspaces {
        // A workspace's own package (`name@workspace:path`) is where its dependencies are found
        // from; the root's are at the top level.
        let own = workspace_keys.get(path.as_str()).copied();
        let own_index = own.and_then(|k| by_key.get(k)).copied();
        if let Some(index) = own_index {
            roots.push(Root {
                index,
                dev: false,
                optional: false,
            });
        }
        let sections = [
            (&ws.dependencies, false, false),
            (&ws.peer_dependencies, false, false),
            (&ws.dev_dependencies, true, false),
            (&ws.optional_dependencies, false, true),
        ];
        for (deps, dev, optional) in sections {
            for name in deps.keys() {
                if let Some(index) = resolve(own.unwrap_or_default(), name, &by_key) {
                    // A workspace's own package depends on what the workspace names.
                    if let Some(from) = own_index {
                        graph.add(from, index, optional);
                    }
                    roots.push(Root {
                        index,
                        dev,
                        optional,
                    });
                }
            }
        }
    }
    parsed.components = found.into_iter().map(|f| f.component).collect();
    if !lock.workspaces.is_empty() {
        let derive = Derive {
            dev: true,
            optional: true,
        };
        graph.apply(&mut parsed.components, &roots, derive);
    }
    parsed.dependencies = graph.purl_pairs(&parsed.components);
    Ok(parsed)
}

/// One package as found.
struct Found<'k> {
    /// Where its tuple starts in the file.
    offset: usize,
    /// Its install path.
    key: &'k str,
    /// For a workspace's own package (`name@workspace:path`), the path.
    workspace: Option<String>,
    /// What its info object names, with whether it is optional.
    dependencies: Vec<(String, bool)>,
    component: Component,
}

/// The `dependencies` and `optionalDependencies` of a tuple's info object (the first object
/// after the ident), with whether each is optional.
fn info_dependencies(tuple: &[Value]) -> Vec<(String, bool)> {
    let Some(info) = tuple.iter().skip(1).find_map(Value::as_object) else {
        return Vec::new();
    };
    [("dependencies", false), ("optionalDependencies", true)]
        .into_iter()
        .filter_map(|(section, optional)| {
            info.get(section)
                .and_then(Value::as_object)
                .map(|deps| deps.keys().map(move |name| (name.clone(), optional)))
        })
        .flatten()
        .collect()
}

/// Where bun finds `name` required by the package installed at `from` (`""` for a project): the
/// package's own `from/name`, then the same under each enclosing install path, then `name`.
fn resolve(from: &str, name: &str, by_key: &HashMap<&str, usize>) -> Option<usize> {
    let mut owner = from;
    loop {
        let found = if owner.is_empty() {
            by_key.get(name)
        } else {
            by_key.get(format!("{owner}/{name}").as_str())
        };
        if let Some(&i) = found {
            return Some(i);
        }
        if owner.is_empty() {
            return None;
        }
        owner = enclosing(owner);
    }
}

/// The install path enclosing `key`: `a/@s/b` → `a`, `@s/a/b` → `@s/a`, `a` and `@s/a` → `""`.
fn enclosing(key: &str) -> &str {
    let Some((rest, _)) = key.rsplit_once('/') else {
        return "";
    };
    match rest.rsplit_once('/') {
        Some((before, scope)) if scope.starts_with('@') => before,
        None if rest.starts_with('@') => "",
        _ => rest,
    }
}

/// One `packages` tuple as a component; the message says why it was skipped.
fn component(tuple: &[Value], display: &Path, line: Option<u32>) -> Result<Component, String> {
    let ident = tuple
        .first()
        .and_then(Value::as_str)
        .ok_or("the entry's first item is not a `name@version` string")?;
    let (name, spec) = split_name_spec(ident);
    if spec.is_empty() {
        return Err(format!("{ident:?} has no version"));
    }
    if spec.starts_with(|c: char| c.is_ascii_digit()) {
        let mut c = npm_component(name, Some(spec), display, line)?;
        // `[ident, registry, info, integrity]`; the registry is `""` for the default one.
        c.source = match tuple.get(1).and_then(Value::as_str) {
            Some(registry) if !registry.is_empty() => {
                let url = registry.split("/-/").next().unwrap_or(registry);
                let url = url.strip_suffix(name).unwrap_or(url).trim_end_matches('/');
                ComponentSource::AlternateRegistry { url: url.into() }
            }
            _ => ComponentSource::Registry,
        };
        if let Some(integrity) = tuple.get(3).and_then(Value::as_str) {
            c.checksums = integrity_checksums(integrity);
        }
        return Ok(c);
    }
    // Git, tarball URL, local and workspace packages lock no version of their own.
    let mut c = npm_component(name, None, display, line)?;
    c.source = match ["file:", "link:", "workspace:"]
        .iter()
        .find_map(|p| spec.strip_prefix(p))
    {
        Some(path) => ComponentSource::Path { path: path.into() },
        None => source_of_resolved(spec, name),
    };
    Ok(c)
}

/// JSONC to JSON: comments and trailing commas become spaces, so offsets (and lines) stay
/// those of the original text. Strings are copied as they are.
fn strip_jsonc(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
                for b in &mut out[i..end] {
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
                i = end;
            }
            b',' => {
                let next = bytes[i + 1..]
                    .iter()
                    .position(|b| !b.is_ascii_whitespace())
                    .map(|p| bytes[i + 1 + p]);
                if matches!(next, Some(b'}' | b']')) {
                    out[i] = b' ';
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    // Only ASCII bytes outside strings were replaced by ASCII spaces, and comment bytes (which
    // may be multi-byte UTF-8) were replaced whole, so the result is UTF-8 still.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use vouch_model::Relationship;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("bun.lock"))
    }

    #[test]
    fn jsonc_loses_comments_and_trailing_commas_only() {
        let text = "{\n  // c\n  \"a,]\": [1, 2,], /* x\n */ \"b\": \"//\",\n}";
        let json = strip_jsonc(text);
        assert_eq!(json.len(), text.len());
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["a,]"], serde_json::json!([1, 2]));
        assert_eq!(v["b"], "//");
    }

    #[test]
    fn packages_give_versions_sources_and_relationships() {
        let text = r#"{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": { "wrappy": "^1.0.0", "is-number": "github:jonschlinkert/is-number#98e8ff1" },
      "devDependencies": { "etag": "file:deps/etag" },
    },
  },
  "packages": {
    "wrappy": ["wrappy@1.0.2", "", {}, "sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA="],
    "is-number": ["is-number@github:jonschlinkert/is-number#98e8ff1", {}, "jonschlinkert-is-number-98e8ff1"],
    "etag": ["etag@file:deps/etag", {}],
    "chalk/has-flag": ["has-flag@4.0.0", "", {}, ""],
    "bad": [123],
  },
}"#;
        let parsed = parse(text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.version.as_deref(),
                    c.locations[0].line,
                    c.scope.relationship,
                    c.scope.dev,
                )
            })
            .collect();
        let (d, t) = (Some(Relationship::Direct), Some(Relationship::Transitive));
        assert_eq!(
            got,
            [
                ("wrappy", Some("1.0.2"), Some(11), d, Some(false)),
                ("is-number", None, Some(12), d, Some(false)),
                ("etag", None, Some(13), d, Some(true)),
                ("has-flag", Some("4.0.0"), Some(14), t, None),
            ]
        );
        let c = &parsed.components;
        assert_eq!(c[0].checksums[0].hex, "0".repeat(40));
        assert!(matches!(
            &c[1].source,
            ComponentSource::Git { commit: Some(commit), .. } if commit == "98e8ff1"
        ));
        assert_eq!(
            c[2].source,
            ComponentSource::Path {
                path: "deps/etag".into()
            }
        );
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("bad"));
    }

    #[test]
    fn bad_files_are_refused() {
        assert!(parse("this is not json!").is_err());
        assert!(parse("[1, 2]").is_err());
        assert!(parse("{\"packages\": 3}").is_err());
        assert!(matches!(
            parse("{\"lockfileVersion\": 7}"),
            Err(ExtractError::UnsupportedVersion { .. })
        ));
        assert!(parse("{}").unwrap().components.is_empty());
        assert!(parse("").is_err());
    }

    #[test]
    fn nested_install_paths_shadow_the_top_level_and_workspaces_are_direct() {
        use crate::javascript::seen::{edges, scopes};
        let text = r#"{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": { "chalk": "^4.0.0" },
      "devDependencies": { "@s/tool": "^1.0.0" },
      "optionalDependencies": { "fsevents": "^2.0.0" },
    },
    "packages/lib": {
      "name": "lib",
      "dependencies": { "has-flag": "^3.0.0" },
    },
  },
  "packages": {
    "chalk": ["chalk@4.1.2", "", { "dependencies": { "supports-color": "^7.1.0" }, "optionalDependencies": { "nope": "1" } }, ""],
    "supports-color": ["supports-color@5.5.0", "", { "dependencies": { "has-flag": "^3.0.0" } }, ""],
    "chalk/supports-color": ["supports-color@7.2.0", "", { "dependencies": { "has-flag": "^4.0.0" } }, ""],
    "has-flag": ["has-flag@3.0.0", "", {}, ""],
    "chalk/has-flag": ["has-flag@4.0.0", "", {}, ""],
    "@s/tool": ["@s/tool@1.0.0", "", { "dependencies": { "supports-color": "^5" } }, ""],
    "@s/tool/supports-color": ["supports-color@5.5.0", "", {}, ""],
    "fsevents": ["fsevents@2.3.3", "", { "optionalDependencies": { "nan": "^2" } }, ""],
    "nan": ["nan@2.22.0", "", {}, ""],
    "lib": ["lib@workspace:packages/lib"],
    "lib/has-flag": ["has-flag@4.0.0", "", {}, ""],
  },
}"#;
        let parsed = parse(text).unwrap();
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(
            edges(&parsed),
            [
                "pkg:npm/%40s/tool@1.0.0 -> pkg:npm/supports-color@5.5.0",
                "pkg:npm/chalk@4.1.2 -> pkg:npm/supports-color@7.2.0",
                "pkg:npm/fsevents@2.3.3 -> pkg:npm/nan@2.22.0",
                "pkg:npm/lib -> pkg:npm/has-flag@4.0.0",
                "pkg:npm/supports-color@5.5.0 -> pkg:npm/has-flag@3.0.0",
                "pkg:npm/supports-color@7.2.0 -> pkg:npm/has-flag@4.0.0",
            ]
        );
        assert_eq!(
            scopes(&parsed),
            [
                "chalk@4.1.2 D dev:n opt:n",
                "supports-color@5.5.0 T dev:? opt:?",
                "supports-color@7.2.0 T dev:n opt:n",
                "has-flag@3.0.0 T dev:? opt:?",
                "has-flag@4.0.0 T dev:n opt:n",
                "@s/tool@1.0.0 D dev:y opt:n",
                "supports-color@5.5.0 T dev:y opt:n",
                "fsevents@2.3.3 D dev:n opt:y",
                "nan@2.22.0 T dev:n opt:y",
                "lib@- D dev:n opt:n",
                "has-flag@4.0.0 D dev:n opt:n",
            ]
        );
    }
}
