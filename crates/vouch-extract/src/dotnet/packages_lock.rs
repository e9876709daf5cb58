//! NuGet's lockfile, `packages.lock.json`: for each target framework, every package restored,
//! with `type` (`Direct`, `Transitive`, `CentralTransitive`, or `Project` for a project
//! reference), `resolved` version, `contentHash`, and the `dependencies` it needs (the graph,
//! resolved within the same target framework). Format:
//! <https://learn.microsoft.com/en-us/nuget/consume-packages/package-references-in-project-files#locking-dependencies>.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use vouch_model::Relationship;

use super::{
    FrameworkGraph, file_name, line_of, merge, nuget_component, sha512_base64, skipped_entry,
};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// NuGet's `packages.lock.json`.
pub(crate) struct PackagesLockJson;

impl Cataloger for PackagesLockJson {
    fn name(&self) -> &'static str {
        "nuget-packages-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("packages.lock.json")
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

/// The lockfile as written; packages stay raw so one odd entry is skipped alone.
#[derive(Deserialize)]
struct Lock<'a> {
    version: Option<Value>,
    #[serde(default, borrow)]
    dependencies: BTreeMap<String, BTreeMap<String, &'a RawValue>>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "type")]
    kind: Option<Value>,
    resolved: Option<Value>,
    #[serde(rename = "contentHash")]
    content_hash: Option<Value>,
    /// Id → version range; only the ids are read.
    dependencies: Option<Value>,
}

/// Parses the text of a `packages.lock.json` named `display`.
fn parse_text(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    let lock: Option<Lock<'_>> = serde_json::from_str(text).map_err(|e| {
        malformed(format!(
            "invalid packages.lock.json at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    // serde would also read a struct from an array: only an object is a lockfile.
    let lock = lock
        .filter(|_| text.trim_start().starts_with('{'))
        .ok_or_else(|| malformed("the top level is not a JSON object".to_owned()))?;
    // NuGet writes version 1, and 2 with central package management; NuGet itself refuses
    // any other.
    match lock.version.as_ref().and_then(Value::as_u64) {
        Some(1 | 2) => {}
        _ => {
            return Err(ExtractError::UnsupportedVersion {
                path: display.to_path_buf(),
                what: "lock file version",
                version: lock
                    .version
                    .as_ref()
                    .map_or_else(|| "(none)".to_owned(), Value::to_string),
            });
        }
    }
    let lines = LineIndex::new(text);
    let mut parsed = Parsed::default();
    let mut components = Vec::new();
    let mut edges = Vec::new();
    for (framework, packages) in &lock.dependencies {
        let mut graph = FrameworkGraph::default();
        for (id, raw) in packages {
            let record = format!("{framework}/{id}");
            let line = line_of(&lines, text, raw.get());
            let entry: Entry = match serde_json::from_str(raw.get()) {
                Ok(entry) => entry,
                Err(e) => {
                    parsed.diagnostics.push(skipped_entry(
                        display,
                        &record,
                        format!("not a package object: {e}"),
                    ));
                    continue;
                }
            };
            let relationship = match entry.kind.as_ref().and_then(Value::as_str) {
                Some("Direct") => Some(Relationship::Direct),
                Some("Transitive" | "CentralTransitive") => Some(Relationship::Transitive),
                // A reference to another project of the same solution, not a package.
                Some("Project") => continue,
                _ => None,
            };
            let resolved = entry
                .resolved
                .as_ref()
                .and_then(Value::as_str)
                .unwrap_or_default();
            match nuget_component(id, resolved, display, Some(line)) {
                Ok(mut c) => {
                    c.scope.relationship = relationship;
                    if let Some(hash) = entry
                        .content_hash
                        .as_ref()
                        .and_then(Value::as_str)
                        .and_then(sha512_base64)
                    {
                        c.checksums.push(hash);
                    }
                    let needs = entry
                        .dependencies
                        .as_ref()
                        .and_then(Value::as_object)
                        .into_iter()
                        .flat_map(|d| d.keys())
                        .map(String::as_str);
                    graph.add(id, &c.purl, needs);
                    components.push(c);
                }
                Err(message) => parsed
                    .diagnostics
                    .push(skipped_entry(display, &record, message)),
            }
        }
        graph.edges_into(&mut edges);
    }
    edges.sort();
    edges.dedup();
    parsed.dependencies = edges;
    parsed.components = merge(components);
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("packages.lock.json"))
    }

    #[test]
    fn frameworks_merge_and_direct_wins() {
        let text = r#"{
  "version": 1,
  "dependencies": {
    "net6.0": {
      "Test.Core": {"type": "Transitive", "resolved": "6.0.5"},
      "Other": {"type": "Project"}
    },
    "net7.0": {
      "test.core": {"type": "Direct", "resolved": "6.0.5",
        "contentHash": "FwdQVtpj34xt8vKyFUUeNIS+obWlEnSrSW7y1ivRVts/ZsrUsKyOd0bZehgFhWdnB/NBsa9DCWvNFMTO0XDFcg=="},
      "Bad Id": {"type": "Direct", "resolved": "1"},
      "NoVersion": {"type": "Direct"},
      "Weird": 3
    }
  }
}"#;
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.components.len(), 1);
        let c = &parsed.components[0];
        assert_eq!(c.purl.as_str(), "pkg:nuget/Test.Core@6.0.5");
        assert_eq!(c.scope.relationship, Some(Relationship::Direct));
        assert_eq!(c.checksums.len(), 1);
        let lines: Vec<_> = c.locations.iter().map(|l| l.line).collect();
        assert_eq!(lines, [Some(5), Some(9)]);
        let records: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| d.record.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            records,
            ["net7.0/Bad Id", "net7.0/NoVersion", "net7.0/Weird"]
        );
    }

    #[test]
    fn versions_other_than_1_and_2_are_refused() {
        for (text, version) in [
            (r#"{"version": 0, "dependencies": {}}"#, "0"),
            (r#"{"version": 3}"#, "3"),
            (r#"{"dependencies": {}}"#, "(none)"),
        ] {
            match parse(text) {
                Err(ExtractError::UnsupportedVersion { version: v, .. }) => assert_eq!(v, version),
                other => panic!("{text}: {other:?}"),
            }
        }
        assert!(parse(r#"{"version": 2, "dependencies": {}}"#).is_ok());
        assert!(matches!(parse("null"), Err(ExtractError::Malformed { .. })));
        assert!(matches!(
            parse("not json"),
            Err(ExtractError::Malformed { .. })
        ));
    }

    fn edges(parsed: &Parsed) -> Vec<String> {
        parsed
            .dependencies
            .iter()
            .map(|(a, b)| format!("{a} -> {b}"))
            .collect()
    }

    #[test]
    fn each_frameworks_dependencies_are_the_graph() {
        let text = r#"{
  "version": 1,
  "dependencies": {
    "net6.0": {
      "App.Lib": {"type": "Direct", "resolved": "1.0.0",
        "dependencies": {"Inner": "[2.0.0, )", "System.Runtime": "4.3.0"}},
      "Inner": {"type": "Transitive", "resolved": "2.0.0", "dependencies": {"Leaf": "1.0.0"}},
      "Leaf": {"type": "Transitive", "resolved": "1.0.0"},
      "Sibling": {"type": "Project", "dependencies": {"Leaf": "1.0.0"}}
    },
    "net8.0": {
      "App.Lib": {"type": "Direct", "resolved": "1.0.0", "dependencies": {"inner": "[3.0.0, )"}},
      "Inner": {"type": "Transitive", "resolved": "3.0.0", "dependencies": "odd"}
    }
  }
}"#;
        let parsed = parse(text).unwrap();
        assert_eq!(
            edges(&parsed),
            [
                "pkg:nuget/App.Lib@1.0.0 -> pkg:nuget/Inner@2.0.0",
                "pkg:nuget/App.Lib@1.0.0 -> pkg:nuget/Inner@3.0.0",
                "pkg:nuget/Inner@2.0.0 -> pkg:nuget/Leaf@1.0.0",
            ]
        );
        let relationships: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.purl.as_str(), c.scope.relationship))
            .collect();
        let t = Some(Relationship::Transitive);
        assert_eq!(
            relationships,
            [
                ("pkg:nuget/App.Lib@1.0.0", Some(Relationship::Direct)),
                ("pkg:nuget/Inner@2.0.0", t),
                ("pkg:nuget/Leaf@1.0.0", t),
                ("pkg:nuget/Inner@3.0.0", t),
            ]
        );
    }
}
