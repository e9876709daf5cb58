//! cargo-auditable data (<https://github.com/rust-secure-code/cargo-auditable>, format in
//! `auditable-serde`): a `.dep-v0` section (Mach-O `__DATA,.dep-v0`) holding zlib-compressed
//! JSON, `{"packages": [{name, version, source, kind, dependencies, root}]}`, where
//! `dependencies` are indices into `packages`. Read by hand rather than with `auditable-info`:
//! that crate brings a second executable parser (binfarce) and reads the whole file into memory,
//! and its types refuse a whole list for one bad entry, where here one entry is skipped.

use std::path::Path;

use serde::Deserialize;
use vouch_model::{Component, ComponentSource, Ecosystem, Location, PackageName, Relationship};

use super::executable::Image;
use crate::Parsed;
use crate::python::skipped_entry;

/// The most compressed data read (real lists are a few KiB).
const MAX_COMPRESSED: u64 = 8 * 1024 * 1024;
/// The most JSON inflated from it: more is refused as a compression bomb.
const MAX_JSON: usize = 64 * 1024 * 1024;

#[derive(Deserialize)]
struct VersionInfo {
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: String,
    source: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    dependencies: Vec<usize>,
    #[serde(default)]
    root: bool,
}

/// The inflated JSON of `image`'s `.dep-v0` section; `Ok(None)` when it has none.
pub(crate) fn read(image: &Image<'_>) -> Result<Option<Vec<u8>>, String> {
    let Some((_, compressed)) = image.section(".dep-v0", MAX_COMPRESSED)? else {
        return Ok(None);
    };
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(compressed, MAX_JSON)
        .map(Some)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                format!("inflates to more than {MAX_JSON} bytes; refused as a compression bomb")
            }
            status => format!("not zlib data ({status:?})"),
        })
}

/// The crates of one cargo-auditable list, as components of ecosystem crates.io, with the graph
/// the indices give. The root package (the program itself) and what it names are direct,
/// the rest transitive; build-time dependencies (`kind: build`, proc-macros and build scripts'
/// crates, not linked in) carry the group `build`. `Err` when the JSON is not a list at all.
pub(crate) fn add_components(
    json: &[u8],
    display: &Path,
    parsed: &mut Parsed,
) -> Result<(), String> {
    let info: VersionInfo = serde_json::from_slice(json).map_err(|e| format!("JSON: {e}"))?;
    let direct: Vec<usize> = info
        .packages
        .iter()
        .filter(|p| p.root)
        .flat_map(|p| p.dependencies.iter().copied())
        .collect();
    let mut purls = Vec::with_capacity(info.packages.len());
    for (i, package) in info.packages.iter().enumerate() {
        let record = format!("{} {}", package.name, package.version);
        match component(package, display) {
            Ok(mut c) => {
                c.scope.relationship = Some(if package.root || direct.contains(&i) {
                    Relationship::Direct
                } else {
                    Relationship::Transitive
                });
                if package.root {
                    // The executable is the root package's deployable form.
                    parsed.itself = Some(c.purl.clone());
                }
                purls.push(Some(c.purl.clone()));
                parsed.components.push(c);
            }
            Err(message) => {
                purls.push(None);
                parsed
                    .diagnostics
                    .push(skipped_entry(display, &record, message));
            }
        }
    }
    for (i, package) in info.packages.iter().enumerate() {
        for &dep in &package.dependencies {
            match (&purls[i], purls.get(dep)) {
                (Some(from), Some(Some(to))) => {
                    parsed.dependencies.push((from.clone(), to.clone()));
                }
                (_, None) => parsed.diagnostics.push(skipped_entry(
                    display,
                    &format!("{} {}", package.name, package.version),
                    format!(
                        "dependency index {dep} is past the {} packages listed",
                        purls.len()
                    ),
                )),
                _ => {}
            }
        }
    }
    Ok(())
}

fn component(package: &Package, display: &Path) -> Result<Component, String> {
    semver::Version::parse(&package.version)
        .map_err(|e| format!("version `{}` is not SemVer: {e}", package.version))?;
    let name = PackageName::new(Ecosystem::CratesIo, &package.name).map_err(|e| e.to_string())?;
    let mut c = Component::new(
        Ecosystem::CratesIo,
        name,
        Some(package.version.clone()),
        Location::file(display),
    )
    .map_err(|e| e.to_string())?;
    // The list says only the kind of source, not where it is.
    c.source = match package.source.as_str() {
        "crates.io" => ComponentSource::Registry,
        "local" => ComponentSource::Path {
            path: String::new(),
        },
        "git" => ComponentSource::Git {
            url: String::new(),
            commit: None,
        },
        other => ComponentSource::AlternateRegistry {
            url: other.to_owned(),
        },
    };
    if package.kind.as_deref() == Some("build") {
        c.groups.push("build".to_owned());
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_become_components_with_edges() {
        let json = br#"{"packages":[
            {"name":"app","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},
            {"name":"serde","version":"1.0.0","source":"crates.io","dependencies":[3]},
            {"name":"serde_derive","version":"1.0.0","source":"crates.io","kind":"build"},
            {"name":"itoa","version":"1.0.0","source":"registry","dependencies":[9]},
            {"name":"bad","version":"one","source":"crates.io"}]}"#;
        let mut parsed = Parsed::default();
        add_components(json, Path::new("bin/app"), &mut parsed).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.purl.to_string(), c.scope.relationship, c.groups.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "pkg:cargo/app@0.1.0".to_owned(),
                    Some(Relationship::Direct),
                    vec![]
                ),
                (
                    "pkg:cargo/serde@1.0.0".to_owned(),
                    Some(Relationship::Direct),
                    vec![]
                ),
                (
                    "pkg:cargo/serde_derive@1.0.0".to_owned(),
                    Some(Relationship::Direct),
                    vec!["build".to_owned()]
                ),
                (
                    "pkg:cargo/itoa@1.0.0".to_owned(),
                    Some(Relationship::Transitive),
                    vec![]
                ),
            ]
        );
        assert_eq!(parsed.dependencies.len(), 3);
        assert_eq!(parsed.diagnostics.len(), 2, "{:?}", parsed.diagnostics);
        assert!(add_components(b"[]", Path::new("x"), &mut Parsed::default()).is_err());
    }
}
