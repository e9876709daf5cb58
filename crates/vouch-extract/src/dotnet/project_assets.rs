//! NuGet's restore output, `obj/project.assets.json`: `libraries` names every package the
//! restore resolved as `Name/Version` (type `package`, or `project` for a project reference),
//! with its `sha512`, and `project.frameworks.<tfm>.dependencies` holds the project's own
//! `PackageReference`s (the direct ones); `targets.<tfm>.<Name/Version>.dependencies` gives the
//! graph. Format: written by NuGet's `LockFileFormat`
//! (<https://github.com/NuGet/NuGet.Client/blob/dev/src/NuGet.Core/NuGet.ProjectModel/LockFile/LockFileFormat.cs>).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::{Library, LibraryAt, file_name, merge, skipped_entry};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// NuGet's `project.assets.json`.
pub(crate) struct ProjectAssetsJson;

impl Cataloger for ProjectAssetsJson {
    fn name(&self) -> &'static str {
        "dotnet-project-assets"
    }

    fn claims(&self, path: &Path) -> bool {
        file_name(path) == Some("project.assets.json")
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
struct Assets<'a> {
    version: Option<Value>,
    #[serde(default, borrow)]
    libraries: BTreeMap<String, &'a RawValue>,
    /// Kept as [`Value`]: only `frameworks.*.dependencies` is read.
    project: Option<Value>,
    /// Target (`net8.0`, or with `/<rid>`) → `Name/Version` → its entry; kept as [`Value`]: only
    /// `dependencies` is read, and an odd entry is ignored.
    #[serde(default)]
    targets: BTreeMap<String, Value>,
}

/// Parses the text of a `project.assets.json` named `display`.
fn parse_text(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    let assets: Option<Assets<'_>> = serde_json::from_str(text).map_err(|e| {
        malformed(format!(
            "invalid project.assets.json at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    // serde would also read a struct from an array: only an object is an assets file.
    let assets = assets
        .filter(|_| text.trim_start().starts_with('{'))
        .ok_or_else(|| malformed("the top level is not a JSON object".to_owned()))?;
    // NuGet has written version 3 since 2017 and 4 since the .NET 9 SDK; a later one is
    // refused rather than misread.
    if let Some(version) = &assets.version
        && !matches!(version.as_u64(), Some(3 | 4))
    {
        return Err(ExtractError::UnsupportedVersion {
            path: display.to_path_buf(),
            what: "project.assets.json version",
            version: version.to_string(),
        });
    }
    // The project's own package references, in any target framework, by lower-cased id.
    let direct: HashSet<String> = assets
        .project
        .as_ref()
        .and_then(|p| p.get("frameworks"))
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|frameworks| frameworks.values())
        .filter_map(|f| f.get("dependencies").and_then(Value::as_object))
        .flat_map(|dependencies| dependencies.keys())
        .map(|id| id.to_lowercase())
        .collect();
    let knows_direct = assets.project.is_some();

    let lines = LineIndex::new(text);
    let mut parsed = Parsed::default();
    let mut components = Vec::new();
    for (key, raw) in &assets.libraries {
        let library: Library = match serde_json::from_str(raw.get()) {
            Ok(library) => library,
            Err(e) => {
                parsed.diagnostics.push(skipped_entry(
                    display,
                    key,
                    format!("not a library object: {e}"),
                ));
                continue;
            }
        };
        // `project` libraries are the solution's own projects, not packages.
        if library.kind.as_ref().and_then(Value::as_str) != Some("package") {
            continue;
        }
        let library_at = LibraryAt {
            display,
            lines: &lines,
            text,
            direct: knows_direct.then_some(&direct),
        };
        match library_at.component(key, key, library.sha512.as_ref(), raw.get()) {
            Ok(c) => components.push(c),
            Err(skipped) => parsed.diagnostics.push(skipped),
        }
    }
    parsed.components = merge(components);
    parsed.dependencies = super::target_edges(&assets.targets, &parsed.components, |id| id);
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vouch_model::Relationship;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_text(text, Path::new("project.assets.json"))
    }

    #[test]
    fn packages_with_direct_references() {
        let text = r#"{
  "version": 3,
  "libraries": {
    "Direct.Pkg/1.0.0": {"type": "package", "sha512": "kHBB+QmosVaG6DpngXQ8OlLVVNMzltNITfsRr68Z90qO7dSqJ2EHNd8dtBU1u3AQQLqqFHOY0lfmbpexeH6Pew=="},
    "Inner/2.0.0": {"type": "package"},
    "Other.Project/1.0.0": {"type": "project"},
    "NoVersion": {"type": "package"},
    "Odd": []
  },
  "project": {"frameworks": {"net8.0": {"dependencies": {"direct.pkg": {"version": "[1.0.0, )"}}}}}
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
        assert_eq!(
            got,
            [
                (
                    "pkg:nuget/Direct.Pkg@1.0.0".to_owned(),
                    Some(Relationship::Direct),
                    1,
                    Some(4)
                ),
                (
                    "pkg:nuget/Inner@2.0.0".to_owned(),
                    Some(Relationship::Transitive),
                    0,
                    Some(5)
                ),
            ]
        );
        let records: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| d.record.clone().unwrap_or_default())
            .collect();
        assert_eq!(records, ["NoVersion", "Odd"]);
    }

    #[test]
    fn bad_files_are_refused() {
        for bad in ["null", "[]", "not\njson", "{\"libraries\": 1}"] {
            assert!(
                matches!(parse(bad), Err(ExtractError::Malformed { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            parse("{\"version\": 9}"),
            Err(ExtractError::UnsupportedVersion { .. })
        ));
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
  "version": 3,
  "targets": {
    "net8.0": {
      "Direct.Pkg/1.0.0": {"type": "package", "dependencies": {"Inner": "2.0.0", "Missing": "1.0"}},
      "Inner/2.0.0": {"type": "package", "dependencies": {"Leaf": "1.0.0"}},
      "Leaf/1.0.0": {"type": "package"},
      "Other.Project/1.0.0": {"type": "project", "dependencies": {"Leaf": "1.0.0"}}
    },
    "net8.0/linux-x64": {
      "Direct.Pkg/1.0.0": {"type": "package", "dependencies": {"inner": "2.0.0"}},
      "Inner/2.0.0": {"type": "package"}
    },
    "net48": "odd"
  },
  "libraries": {
    "Direct.Pkg/1.0.0": {"type": "package"},
    "Inner/2.0.0": {"type": "package"},
    "Leaf/1.0.0": {"type": "package"},
    "Other.Project/1.0.0": {"type": "project"}
  },
  "project": {"frameworks": {"net8.0": {"dependencies": {"Direct.Pkg": {"version": "[1.0.0, )"}}}}}
}"#;
        let parsed = parse(text).unwrap();
        assert_eq!(
            edges(&parsed),
            [
                "pkg:nuget/Direct.Pkg@1.0.0 -> pkg:nuget/Inner@2.0.0",
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
                ("pkg:nuget/Direct.Pkg@1.0.0", Some(Relationship::Direct)),
                ("pkg:nuget/Inner@2.0.0", t),
                ("pkg:nuget/Leaf@1.0.0", t),
            ]
        );
    }
}
