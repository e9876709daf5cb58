//! .NET: NuGet's packages.lock.json and packages.config, the runtime's *.deps.json and
//! MSBuild's project.assets.json. Components are NuGet packages (ids compared in lower case);
//! this module holds what the formats share: id and version checks, hashes, merging.

pub(crate) mod deps_json;
pub(crate) mod packages_config;
pub(crate) mod packages_lock;
pub(crate) mod project_assets;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, Diagnostic, DiagnosticCode, Ecosystem, Location,
    PackageName, Purl, Relationship,
};

/// The file name of `path` if it is UTF-8.
fn file_name(path: &Path) -> Option<&str> {
    path.file_name().and_then(|n| n.to_str())
}

/// A warning that one entry of `display` was skipped, naming the entry.
fn skipped_entry(display: &Path, record: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(DiagnosticCode::InvalidPackage, message)
        .with_path(display)
        .with_record(record)
}

/// A NuGet component `id` at `version`, found at `line` of `display`; the message says why
/// not. Package ids follow NuGet's rule (`NuGet.Packaging.PackageIdValidator`: letters, digits,
/// `.`, `-`, `_`, at most 100 characters); a version is any non-empty token (NuGet's own
/// grammar, SemVer 2 plus a fourth number, is checked by vouch-version when matching).
fn nuget_component(
    id: &str,
    version: &str,
    display: &Path,
    line: Option<u32>,
) -> Result<Component, String> {
    let id_ok = !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if !id_ok {
        return Err(format!(
            "`{}` is not a valid NuGet package id (letters, digits, `.`, `-`, `_`, at most 100)",
            id.escape_debug()
        ));
    }
    if version.is_empty() || version.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{id}` has no valid version (`{}`)",
            version.escape_debug()
        ));
    }
    let name = PackageName::new(Ecosystem::NuGet, id).map_err(|e| e.to_string())?;
    let location = Location {
        path: display.to_path_buf(),
        line,
    };
    Component::new(Ecosystem::NuGet, name, Some(version.to_owned()), location)
        .map_err(|e| e.to_string())
}

/// Merges components of one package and version (a package locked for several target
/// frameworks) into the first: locations, groups and checksums united, direct if any is,
/// needed outside development if any is.
fn merge(components: Vec<Component>) -> Vec<Component> {
    let mut out: Vec<Component> = Vec::with_capacity(components.len());
    let mut index: HashMap<(String, Option<String>), usize> = HashMap::new();
    for c in components {
        let key = (c.name.normalized().to_owned(), c.version.clone());
        match index.get(&key) {
            Some(&i) => {
                let first = &mut out[i];
                first.locations.extend(c.locations);
                first.groups.extend(c.groups);
                first.checksums.extend(c.checksums);
                first.scope.relationship = match (first.scope.relationship, c.scope.relationship) {
                    (Some(Relationship::Direct), _) | (_, Some(Relationship::Direct)) => {
                        Some(Relationship::Direct)
                    }
                    (a, b) => a.or(b),
                };
                first.scope.dev = match (first.scope.dev, c.scope.dev) {
                    (Some(a), Some(b)) => Some(a && b),
                    (a, b) => a.or(b),
                };
            }
            None => {
                index.insert(key, out.len());
                out.push(c);
            }
        }
    }
    for c in &mut out {
        c.locations.sort();
        c.locations.dedup();
        c.groups.sort();
        c.groups.dedup();
        c.checksums.sort();
        c.checksums.dedup();
    }
    out
}

/// The dependency graph of one target framework: each package by lower-cased id (a target
/// resolves one version of each), and the ids each package names in its `dependencies`.
#[derive(Default)]
struct FrameworkGraph {
    by_id: HashMap<String, Purl>,
    needs: Vec<(Purl, Vec<String>)>,
}

impl FrameworkGraph {
    /// Adds the package `id` at `purl` with the ids it depends on.
    fn add<'a>(&mut self, id: &str, purl: &Purl, dependencies: impl Iterator<Item = &'a str>) {
        self.by_id.insert(id.to_lowercase(), purl.clone());
        self.needs
            .push((purl.clone(), dependencies.map(str::to_lowercase).collect()));
    }

    /// Appends every edge to a package of this framework; a name that resolves to none (a
    /// project reference, a framework reference) links nothing.
    fn edges_into(self, out: &mut Vec<(Purl, Purl)>) {
        for (from, ids) in self.needs {
            for id in ids {
                if let Some(to) = self.by_id.get(&id) {
                    out.push((from.clone(), to.clone()));
                }
            }
        }
    }
}

/// The edges of the `targets` of a `project.assets.json` or `*.deps.json`: in each target,
/// every `Name/Version` package to the packages its `dependencies` name, resolved in the same
/// target; one edge per pair however many targets repeat it. `id_of` turns a library name into
/// the package id its component has (deps.json's `runtimepack.` prefix).
fn target_edges(
    targets: &BTreeMap<String, serde_json::Value>,
    components: &[Component],
    id_of: fn(&str) -> &str,
) -> Vec<(Purl, Purl)> {
    let by_id_version: HashMap<(&str, &str), &Purl> = components
        .iter()
        .filter_map(|c| Some(((c.name.normalized(), c.version.as_deref()?), &c.purl)))
        .collect();
    let mut edges = Vec::new();
    for libraries in targets.values().filter_map(serde_json::Value::as_object) {
        let mut graph = FrameworkGraph::default();
        for (key, entry) in libraries {
            let Some((name, version)) = key.split_once('/') else {
                continue;
            };
            let id = id_of(name);
            let lower = id.to_lowercase();
            let Some(purl) = by_id_version.get(&(lower.as_str(), version)) else {
                continue;
            };
            let dependencies = entry
                .get("dependencies")
                .and_then(serde_json::Value::as_object)
                .into_iter()
                .flat_map(|d| d.keys())
                .map(|d| id_of(d));
            graph.add(id, purl, dependencies);
        }
        graph.edges_into(&mut edges);
    }
    edges.sort();
    edges.dedup();
    edges
}

/// A NuGet content hash: the base64 of the package's SHA-512 (`contentHash`, `sha512`), with
/// deps.json's `sha512-` prefix allowed. `None` if it is not 64 bytes of base64.
fn sha512_base64(text: &str) -> Option<Checksum> {
    let text = text.strip_prefix("sha512-").unwrap_or(text);
    let bytes = crate::encoding::base64_decode(text)?;
    (bytes.len() == 64).then(|| Checksum {
        algorithm: ChecksumAlgorithm::Sha512,
        hex: crate::encoding::to_hex(&bytes),
    })
}

/// The 1-based line of `slice`, a sub-slice of `text` (a borrowed JSON value).
fn line_of(lines: &crate::read::LineIndex, text: &str, slice: &str) -> u32 {
    lines.line(slice.as_ptr().addr().saturating_sub(text.as_ptr().addr()))
}

/// One entry of the `libraries` of a `project.assets.json` or `*.deps.json`: its type
/// (`package`, `project`, `runtimepack`, ...) and the package's SHA-512.
#[derive(serde::Deserialize)]
pub(super) struct Library {
    #[serde(rename = "type")]
    pub(super) kind: Option<serde_json::Value>,
    pub(super) sha512: Option<serde_json::Value>,
}

/// Where the `libraries` of a `project.assets.json` or `*.deps.json` are read, and which
/// packages the project names directly (`None` when the file does not say).
pub(super) struct LibraryAt<'a> {
    pub(super) display: &'a Path,
    pub(super) lines: &'a crate::read::LineIndex,
    pub(super) text: &'a str,
    pub(super) direct: Option<&'a std::collections::HashSet<String>>,
}

impl LibraryAt<'_> {
    /// The component of one `Name/Version` library entry (`key` as the file writes it, `raw`
    /// its JSON), or the diagnostic that says why it is skipped.
    pub(super) fn component(
        &self,
        id_and_version: &str,
        key: &str,
        sha512: Option<&serde_json::Value>,
        raw: &str,
    ) -> Result<Component, Diagnostic> {
        let Some((id, version)) = id_and_version.split_once('/') else {
            return Err(skipped_entry(
                self.display,
                key,
                "the library key is not `Name/Version`",
            ));
        };
        let line = line_of(self.lines, self.text, raw);
        let mut c = nuget_component(id, version, self.display, Some(line))
            .map_err(|message| skipped_entry(self.display, key, message))?;
        if let Some(direct) = self.direct {
            c.scope.relationship = Some(if direct.contains(&id.to_lowercase()) {
                vouch_model::Relationship::Direct
            } else {
                vouch_model::Relationship::Transitive
            });
        }
        c.checksums.extend(
            sha512
                .and_then(serde_json::Value::as_str)
                .and_then(sha512_base64),
        );
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_sha512_hashes() {
        let hash = "FwdQVtpj34xt8vKyFUUeNIS+obWlEnSrSW7y1ivRVts/ZsrUsKyOd0bZehgFhWdnB/NBsa9DCWvNFMTO0XDFcg==";
        let c = sha512_base64(hash).unwrap();
        assert_eq!(c.hex.len(), 128);
        assert!(c.hex.starts_with("170750"), "{}", c.hex);
        assert_eq!(sha512_base64(&format!("sha512-{hash}")), Some(c));
        assert_eq!(sha512_base64("abc"), None);
        assert_eq!(sha512_base64("!!"), None);
        assert_eq!(crate::encoding::base64_decode("TWFu").unwrap(), b"Man");
        assert_eq!(crate::encoding::base64_decode("TWE=").unwrap(), b"Ma");
    }

    #[test]
    fn ids_and_versions_are_checked() {
        let at = Path::new("packages.lock.json");
        assert!(nuget_component("Newtonsoft.Json", "13.0.1", at, None).is_ok());
        assert!(nuget_component("bad id", "1", at, None).is_err());
        assert!(nuget_component("ok", "", at, None).is_err());
        assert!(nuget_component(&"a".repeat(101), "1", at, None).is_err());
    }
}
