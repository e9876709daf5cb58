//! The .NET runtime's dependency manifest, `<app>.deps.json`, written beside a built
//! application: `libraries` names every assembly source as `Name/Version` with its `type`
//! (`package`, `project`, `runtimepack`, ...) and `sha512`; `targets` gives each library's own
//! dependencies (the graph; what the application's `project` libraries name is direct). Format: <https://github.com/dotnet/sdk/blob/main/documentation/specs/runtime-configuration-file.md>.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::{Library, LibraryAt, skipped_entry};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// The runtime's `*.deps.json`.
pub(crate) struct DepsJson;

impl Cataloger for DepsJson {
    fn lists_installed(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "dotnet-deps-json"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.len() > ".deps.json".len() && n.ends_with(".deps.json"))
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

#[derive(Deserialize)]
struct Deps<'a> {
    /// Target (`.NETCoreApp,Version=v8.0`, or with `/<rid>`) → `Name/Version` → its entry.
    #[serde(default)]
    /// Kept as [`Value`]: only `dependencies` is read, and an odd entry is ignored.
    targets: BTreeMap<String, Value>,
    #[serde(default, borrow)]
    libraries: BTreeMap<String, &'a RawValue>,
}

/// Parses the text of a `*.deps.json` named `display`. Only NuGet packages are components:
/// `project` libraries are the application's own code, and `reference`/`msbuildproject` ones
/// are not packages. A `runtimepack` is the .NET runtime a self-contained app carries, the
/// NuGet package named after its `runtimepack.` prefix.
fn parse_text(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    let deps: Option<Deps<'_>> = serde_json::from_str(text).map_err(|e| {
        malformed(format!(
            "invalid deps.json at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    // serde would also read a struct from an array: only an object is a deps.json.
    let deps = deps
        .filter(|_| text.trim_start().starts_with('{'))
        .ok_or_else(|| malformed("the top level is not a JSON object".to_owned()))?;

    let mut libraries = Vec::new();
    let mut parsed = Parsed::default();
    for (key, raw) in &deps.libraries {
        match serde_json::from_str::<Library>(raw.get()) {
            Ok(library) => libraries.push((key, raw, library)),
            Err(e) => parsed.diagnostics.push(skipped_entry(
                display,
                key,
                format!("not a library object: {e}"),
            )),
        }
    }
    let kind_of = |l: &Library| l.kind.as_ref().and_then(Value::as_str).map(str::to_owned);
    // What the application's own projects depend on directly, by lower-cased name.
    let projects: HashSet<&str> = libraries
        .iter()
        .filter(|(_, _, l)| kind_of(l).as_deref() == Some("project"))
        .map(|(key, _, _)| key.as_str())
        .collect();
    let direct: HashSet<String> = deps
        .targets
        .values()
        .filter_map(Value::as_object)
        .flat_map(|libs| libs.iter())
        .filter(|(key, _)| projects.contains(key.as_str()))
        .filter_map(|(_, entry)| entry.get("dependencies").and_then(Value::as_object))
        .flat_map(|dependencies| dependencies.keys())
        .map(|name| name.to_lowercase())
        .collect();
    let knows_direct = !projects.is_empty();

    let lines = LineIndex::new(text);
    let mut components = Vec::new();
    for (key, raw, library) in libraries {
        let id_and_version = match kind_of(&library).as_deref() {
            Some("package") => key.as_str(),
            Some("runtimepack") => key.strip_prefix("runtimepack.").unwrap_or(key),
            _ => continue,
        };
        let library_at = LibraryAt {
            display,
            lines: &lines,
            text,
            direct: knows_direct.then_some(&direct),
        };
        match library_at.component(id_and_version, key, library.sha512.as_ref(), raw.get()) {
            Ok(c) => components.push(c),
            Err(skipped) => parsed.diagnostics.push(skipped),
        }
    }
    parsed.components = super::merge(components);
    parsed.dependencies = super::target_edges(&deps.targets, &parsed.components, |name| {
        name.strip_prefix("runtimepack.").unwrap_or(name)
    });
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vouch_model::Relationship;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("app.deps.json"))
    }

    #[test]
    fn packages_and_runtime_packs_with_direct_dependencies() {
        let text = r#"{
  "targets": {
    ".NETCoreApp,Version=v8.0/linux-x64": {
      "App/1.0.0": {"dependencies": {"Serilog": "3.1.1"}},
      "Serilog/3.1.1": {"dependencies": {"Inner": "1.0"}}
    }
  },
  "libraries": {
    "App/1.0.0": {"type": "project", "sha512": ""},
    "Serilog/3.1.1": {"type": "package", "sha512": "sha512-kHBB+QmosVaG6DpngXQ8OlLVVNMzltNITfsRr68Z90qO7dSqJ2EHNd8dtBU1u3AQQLqqFHOY0lfmbpexeH6Pew=="},
    "Inner/1.0": {"type": "package"},
    "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.1": {"type": "runtimepack"},
    "Legacy/1.0": {"type": "reference"},
    "NoVersion": {"type": "package"},
    "Odd": 3
  }
}"#;
        let parsed = parse(text).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.purl.as_str().to_owned(),
                    c.scope.relationship,
                    c.checksums.len(),
                    c.locations[0].line,
                )
            })
            .collect();
        let t = Some(Relationship::Transitive);
        assert_eq!(
            got,
            [
                ("pkg:nuget/Inner@1.0".to_owned(), t, 0, Some(11)),
                (
                    "pkg:nuget/Serilog@3.1.1".to_owned(),
                    Some(Relationship::Direct),
                    1,
                    Some(10)
                ),
                (
                    "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@8.0.1".to_owned(),
                    t,
                    0,
                    Some(12)
                ),
            ]
        );
        let records: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| d.record.clone().unwrap_or_default())
            .collect();
        assert_eq!(records, ["Odd", "NoVersion"]);
    }

    #[test]
    fn claims_and_bad_files() {
        assert!(DepsJson.claims(Path::new("bin/My.App.deps.json")));
        assert!(!DepsJson.claims(Path::new(".deps.json")));
        assert!(!DepsJson.claims(Path::new("deps.json")));
        for bad in ["null", "[]", "not json", "{\"libraries\": []}"] {
            assert!(
                matches!(parse(bad), Err(ExtractError::Malformed { .. })),
                "{bad}"
            );
        }
        assert!(parse("{}").unwrap().components.is_empty());
    }

    fn edges(parsed: &Parsed) -> Vec<String> {
        parsed
            .dependencies
            .iter()
            .map(|(a, b)| format!("{a} -> {b}"))
            .collect()
    }

    #[test]
    fn targets_give_the_graph() {
        let text = r#"{
  "targets": {
    ".NETCoreApp,Version=v8.0/linux-x64": {
      "App/1.0.0": {"dependencies": {"Serilog": "3.1.1", "runtimepack.Rt": "8.0.1", "Lib": "1.0.0"}},
      "Lib/1.0.0": {"dependencies": {"Inner": "1.0"}},
      "Serilog/3.1.1": {"dependencies": {"Inner": "1.0", "Microsoft.NETCore.Targets": "1.1.0"}},
      "Inner/1.0": {},
      "runtimepack.Rt/8.0.1": {"dependencies": {"Inner": "1.0"}}
    }
  },
  "libraries": {
    "App/1.0.0": {"type": "project"},
    "Lib/1.0.0": {"type": "project"},
    "Serilog/3.1.1": {"type": "package"},
    "Inner/1.0": {"type": "package"},
    "runtimepack.Rt/8.0.1": {"type": "runtimepack"}
  }
}"#;
        let parsed = parse(text).unwrap();
        assert_eq!(
            edges(&parsed),
            [
                "pkg:nuget/Rt@8.0.1 -> pkg:nuget/Inner@1.0",
                "pkg:nuget/Serilog@3.1.1 -> pkg:nuget/Inner@1.0",
            ]
        );
        let relationships: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.purl.as_str(), c.scope.relationship))
            .collect();
        // `Inner` is named by the project library `Lib`, part of the application: direct.
        let d = Some(Relationship::Direct);
        assert_eq!(
            relationships,
            [
                ("pkg:nuget/Inner@1.0", d),
                ("pkg:nuget/Serilog@3.1.1", d),
                ("pkg:nuget/Rt@8.0.1", Some(Relationship::Transitive)),
            ]
        );
    }
}
