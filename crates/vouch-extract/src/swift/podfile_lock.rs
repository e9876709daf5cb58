//! `Podfile.lock` (CocoaPods): YAML whose `PODS` lists every pod and subspec installed as
//! `Name (version)`, each with the `Name (constraint)` pods it needs; `DEPENDENCIES` is what the
//! Podfile asks for; `SPEC REPOS`, `EXTERNAL SOURCES` and `CHECKOUT OPTIONS` say where pods come
//! from; `SPEC CHECKSUMS` holds each podspec's SHA-1. CocoaPods' own `Pod::Lockfile`
//! (cocoapods-core `lib/cocoapods-core/lockfile.rb`) is the reference.
//!
//! Pods are inventory only: OSV publishes no CocoaPods advisories. A subspec `Pod/Sub` is its
//! own component (`pkg:cocoapods/Pod@1.0#Sub`), sharing the pod's source and checksum.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;
use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, Diagnostic, DiagnosticCode, Ecosystem,
    Location, PackageName, Purl, Relationship,
};

use crate::dart::pubspec_lock::one_line;
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// The public spec repository as `SPEC REPOS` names it (CocoaPods 1.8 and later), and its URL
/// as older lockfiles wrote it.
const TRUNK: [&str; 2] = ["trunk", "https://github.com/CocoaPods/Specs.git"];

/// Reads `Podfile.lock` files.
pub(crate) struct PodfileLock;

impl Cataloger for PodfileLock {
    fn name(&self) -> &'static str {
        "podfile-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name() == Some(OsStr::new("Podfile.lock"))
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        parse_str(&text, display)
    }
}

/// The sections `Pod::Lockfile#to_hash` writes; the Podfile's checksum is not read.
#[derive(Deserialize)]
struct Lock {
    #[serde(rename = "PODS", default)]
    pods: Option<Vec<Spanned<Loose<Pod>>>>,
    #[serde(rename = "DEPENDENCIES", default)]
    dependencies: Option<Vec<Loose<String>>>,
    /// Repository (`trunk` or a specs repository URL) → the pods from it.
    #[serde(rename = "SPEC REPOS", default)]
    spec_repos: Option<HashMap<String, Vec<Loose<String>>>>,
    /// Pod → `:git`/`:branch`/`:tag`/`:commit`, `:path` or `:podspec` as the Podfile gave it.
    #[serde(rename = "EXTERNAL SOURCES", default)]
    external_sources: Option<PodOptions>,
    /// Pod → the `:git` and `:commit` actually checked out.
    #[serde(rename = "CHECKOUT OPTIONS", default)]
    checkout_options: Option<PodOptions>,
    #[serde(rename = "SPEC CHECKSUMS", default)]
    spec_checksums: Option<HashMap<String, Loose<String>>>,
    /// The CocoaPods version that wrote the file (a string, or a YAML number such as `1.5`).
    /// The format has not changed since CocoaPods 1.0, so only its presence is checked.
    #[serde(rename = "COCOAPODS", default)]
    cocoapods: Option<serde::de::IgnoredAny>,
}

/// Pod → `:key` → value, as `EXTERNAL SOURCES` and `CHECKOUT OPTIONS` write them.
type PodOptions = HashMap<String, Loose<HashMap<String, Loose<String>>>>;

/// A value of the expected shape, or anything else (skipped).
#[derive(Deserialize)]
#[serde(untagged)]
enum Loose<T> {
    Ok(T),
    Other(serde::de::IgnoredAny),
}

impl<T> Loose<T> {
    fn ok(self) -> Option<T> {
        match self {
            Loose::Ok(t) => Some(t),
            Loose::Other(_) => None,
        }
    }

    fn as_ok(&self) -> Option<&T> {
        match self {
            Loose::Ok(t) => Some(t),
            Loose::Other(_) => None,
        }
    }
}

/// A `PODS` item: `- Name (version)`, or `- Name (version):` over the pods it needs.
#[derive(Deserialize)]
#[serde(untagged)]
enum Pod {
    Plain(String),
    WithDependencies(HashMap<String, Vec<Loose<String>>>),
}

/// `Name (rest)` into the name and the text in parentheses (a version, a constraint, or
/// `from ...`); a bare `Name` has none.
fn split_entry(text: &str) -> (&str, Option<&str>) {
    let text = text.trim();
    match text.split_once(" (") {
        Some((name, rest)) => (name.trim(), Some(rest.strip_suffix(')').unwrap_or(rest))),
        None => (text, None),
    }
}

/// The pod a (sub)spec name belongs to: `Firebase` for `Firebase/Core`.
fn root_name(name: &str) -> &str {
    name.split('/').next().unwrap_or(name)
}

/// Parses the text of a Podfile.lock; `display` names the file in errors and locations.
pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let mut parsed = Parsed::default();
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    }) {
        return Ok(parsed);
    }
    let malformed = |message: String| ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    };
    let lock: Lock = serde_saphyr::from_str(text).map_err(|e| {
        malformed(format!(
            "invalid Podfile.lock: {}",
            one_line(&e.to_string())
        ))
    })?;
    // Every lockfile CocoaPods writes has both; without them this is some other YAML.
    if lock.pods.is_none() || lock.cocoapods.is_none() {
        return Err(malformed(
            "not a Podfile.lock: no `PODS` list or no `COCOAPODS` version".to_owned(),
        ));
    }

    let sources = Sources::new(&lock);
    let direct: Option<HashSet<String>> = lock.dependencies.map(|deps| {
        deps.into_iter()
            .filter_map(Loose::ok)
            .map(|d| split_entry(&d).0.to_owned())
            .collect()
    });
    let checksums: HashMap<String, String> = lock
        .spec_checksums
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(pod, sum)| sum.ok().map(|s| (pod, s)))
        .collect();

    // The components, then the edges by name (each pod is installed at one version).
    let mut needs: Vec<(usize, Vec<String>)> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, item) in lock.pods.unwrap_or_default().into_iter().enumerate() {
        let line = u32::try_from(item.referenced.line())
            .ok()
            .filter(|&l| l > 0);
        let (entry, deps) = match item.value.ok() {
            Some(Pod::Plain(entry)) => (entry, Vec::new()),
            Some(Pod::WithDependencies(map)) if map.len() == 1 => {
                let Some((entry, deps)) = map.into_iter().next() else {
                    continue;
                };
                (entry, deps.into_iter().filter_map(Loose::ok).collect())
            }
            _ => {
                parsed.diagnostics.push(skipped(
                    display,
                    &format!("pod #{}", i + 1),
                    line,
                    "the entry is not `Name (version)` with an optional list of dependencies",
                ));
                continue;
            }
        };
        let (name, version) = split_entry(&entry);
        let component = version
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| "the entry has no `(version)`".to_owned())
            .and_then(|version| {
                let package =
                    PackageName::new(Ecosystem::CocoaPods, name).map_err(|e| e.to_string())?;
                let location = Location {
                    path: display.to_path_buf(),
                    line,
                };
                Component::new(
                    Ecosystem::CocoaPods,
                    package,
                    Some(version.to_owned()),
                    location,
                )
                .map_err(|e| e.to_string())
            });
        let mut component = match component {
            Ok(c) => c,
            Err(problem) => {
                parsed
                    .diagnostics
                    .push(skipped(display, &entry, line, &problem));
                continue;
            }
        };
        let root = root_name(name);
        component.source = sources.of(root);
        component
            .checksums
            .extend(checksums.get(root).and_then(|s| sha1(s)));
        if let Some(direct) = &direct {
            component.scope.relationship = Some(if direct.contains(name) {
                Relationship::Direct
            } else {
                Relationship::Transitive
            });
        }
        by_name.insert(name.to_owned(), parsed.components.len());
        needs.push((parsed.components.len(), deps));
        parsed.components.push(component);
    }
    let purls: Vec<&Purl> = parsed.components.iter().map(|c| &c.purl).collect();
    for (from, deps) in needs {
        for dep in deps {
            // A pod not in `PODS` (CocoaPods always lists it; a hand-edited file may not).
            if let Some(&to) = by_name.get(split_entry(&dep).0) {
                parsed
                    .dependencies
                    .push((purls[from].clone(), purls[to].clone()));
            }
        }
    }
    Ok(parsed)
}

/// A warning that one `PODS` entry was skipped.
fn skipped(display: &Path, record: &str, line: Option<u32>, problem: &str) -> Diagnostic {
    let message = match line {
        Some(line) => format!("line {line}: {problem}; pod skipped"),
        None => format!("{problem}; pod skipped"),
    };
    Diagnostic::new(DiagnosticCode::InvalidPackage, message)
        .with_path(display)
        .with_record(record)
}

/// Where each pod comes from, by pod (not subspec) name.
struct Sources {
    by_pod: HashMap<String, ComponentSource>,
}

impl Sources {
    fn new(lock: &Lock) -> Sources {
        let mut by_pod = HashMap::new();
        for (repo, pods) in lock.spec_repos.iter().flatten() {
            let source = if TRUNK.contains(&repo.as_str()) {
                ComponentSource::Registry
            } else {
                ComponentSource::AlternateRegistry { url: repo.clone() }
            };
            for pod in pods.iter().filter_map(Loose::as_ok) {
                by_pod.insert(pod.clone(), source.clone());
            }
        }
        let options = |map: &Option<PodOptions>, pod: &str, key: &str| -> Option<String> {
            map.as_ref()?
                .get(pod)?
                .as_ok()?
                .get(key)?
                .as_ok()
                .filter(|s| !s.is_empty())
                .cloned()
        };
        for (pod, _) in lock.external_sources.iter().flatten() {
            let external = |key: &str| options(&lock.external_sources, pod, key);
            let checkout = |key: &str| options(&lock.checkout_options, pod, key);
            let source = if let Some(url) = checkout(":git").or_else(|| external(":git")) {
                ComponentSource::Git {
                    url,
                    commit: checkout(":commit"),
                }
            } else if let Some(path) = external(":path") {
                ComponentSource::Path { path }
            } else if let Some(podspec) = external(":podspec") {
                if podspec.starts_with("http://") || podspec.starts_with("https://") {
                    ComponentSource::Url { url: podspec }
                } else {
                    ComponentSource::Path { path: podspec }
                }
            } else {
                continue;
            };
            by_pod.insert(pod.clone(), source);
        }
        Sources { by_pod }
    }

    /// A pod no section names is from trunk (lockfiles before CocoaPods 1.8 have no
    /// `SPEC REPOS`).
    fn of(&self, pod: &str) -> ComponentSource {
        self.by_pod
            .get(pod)
            .cloned()
            .unwrap_or(ComponentSource::Registry)
    }
}

/// A podspec checksum: SHA-1 as 40 hex digits.
fn sha1(hex: &str) -> Option<Checksum> {
    (hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checksum {
        algorithm: ChecksumAlgorithm::Sha1,
        hex: hex.to_ascii_lowercase(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_str(text, Path::new("Podfile.lock"))
    }

    const LOCK: &str = r#"PODS:
  - Alamofire (5.4.3)
  - Firebase/Core (8.0.0):
    - Firebase/CoreOnly
    - FirebaseAnalytics (= 8.0.0)
  - Firebase/CoreOnly (8.0.0):
    - FirebaseCore (= 8.0.0)
  - FirebaseAnalytics (8.0.0):
    - FirebaseCore (~> 8.0)
    - GoogleUtilities/NSData+zlib (~> 7.4)
  - FirebaseCore (8.0.0)
  - "GoogleUtilities/NSData+zlib (7.5.2)"
  - LocalKit (0.1.0):
    - Alamofire
  - MyFork (2.0.0)
  - Private (1.2.3)

DEPENDENCIES:
  - Alamofire (~> 5.4)
  - Firebase/Core
  - LocalKit (from `../LocalKit`)
  - MyFork (from `https://github.com/me/MyFork.git`, branch `main`)
  - Private

SPEC REPOS:
  https://github.com/acme/Specs.git:
    - Private
  trunk:
    - Alamofire
    - Firebase
    - FirebaseAnalytics
    - FirebaseCore
    - GoogleUtilities

EXTERNAL SOURCES:
  LocalKit:
    :path: "../LocalKit"
  MyFork:
    :branch: main
    :git: https://github.com/me/MyFork.git

CHECKOUT OPTIONS:
  MyFork:
    :commit: 0123456789abcdef0123456789abcdef01234567
    :git: https://github.com/me/MyFork.git

SPEC CHECKSUMS:
  Alamofire: 4ea1197a744f2fb5fb875fe31caf17ded4762e8f
  Firebase: 7A8FC1A691173D21DBDDBF86CD515DE6EFA55086
  FirebaseCore: not-a-sha1

PODFILE CHECKSUM: 07aa55f54421f6e6d3a920c11716a89fc9243d1b

COCOAPODS: 1.11.2
"#;

    #[test]
    fn pods_subspecs_sources_and_checksums() {
        let parsed = parse(LOCK).unwrap();
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let d = Some(Relationship::Direct);
        let t = Some(Relationship::Transitive);
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.purl.as_str(),
                    c.scope.relationship,
                    c.locations[0].line,
                    c.checksums.first().map(|s| s.hex.as_str()),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "pkg:cocoapods/Alamofire@5.4.3",
                    d,
                    Some(2),
                    Some("4ea1197a744f2fb5fb875fe31caf17ded4762e8f")
                ),
                (
                    "pkg:cocoapods/Firebase@8.0.0#Core",
                    d,
                    Some(3),
                    Some("7a8fc1a691173d21dbddbf86cd515de6efa55086")
                ),
                (
                    "pkg:cocoapods/Firebase@8.0.0#CoreOnly",
                    t,
                    Some(6),
                    Some("7a8fc1a691173d21dbddbf86cd515de6efa55086")
                ),
                ("pkg:cocoapods/FirebaseAnalytics@8.0.0", t, Some(8), None),
                ("pkg:cocoapods/FirebaseCore@8.0.0", t, Some(11), None),
                (
                    "pkg:cocoapods/GoogleUtilities@7.5.2#NSData%2Bzlib",
                    t,
                    Some(12),
                    None
                ),
                ("pkg:cocoapods/LocalKit@0.1.0", d, Some(13), None),
                ("pkg:cocoapods/MyFork@2.0.0", d, Some(15), None),
                ("pkg:cocoapods/Private@1.2.3", d, Some(16), None),
            ]
        );
        let c = &parsed.components;
        assert_eq!(c[0].source, ComponentSource::Registry);
        assert_eq!(
            c[6].source,
            ComponentSource::Path {
                path: "../LocalKit".into()
            }
        );
        assert_eq!(
            c[7].source,
            ComponentSource::Git {
                url: "https://github.com/me/MyFork.git".into(),
                commit: Some("0123456789abcdef0123456789abcdef01234567".into()),
            }
        );
        assert_eq!(
            c[8].source,
            ComponentSource::AlternateRegistry {
                url: "https://github.com/acme/Specs.git".into()
            }
        );
        assert_eq!(c[0].checksums[0].algorithm, ChecksumAlgorithm::Sha1);
    }

    #[test]
    fn the_graph_follows_each_pods_list() {
        let parsed = parse(LOCK).unwrap();
        let mut edges: Vec<_> = parsed
            .dependencies
            .iter()
            .map(|(a, b)| format!("{a} -> {b}"))
            .collect();
        edges.sort();
        assert_eq!(
            edges,
            [
                "pkg:cocoapods/Firebase@8.0.0#Core -> pkg:cocoapods/Firebase@8.0.0#CoreOnly",
                "pkg:cocoapods/Firebase@8.0.0#Core -> pkg:cocoapods/FirebaseAnalytics@8.0.0",
                "pkg:cocoapods/Firebase@8.0.0#CoreOnly -> pkg:cocoapods/FirebaseCore@8.0.0",
                "pkg:cocoapods/FirebaseAnalytics@8.0.0 -> pkg:cocoapods/FirebaseCore@8.0.0",
                "pkg:cocoapods/FirebaseAnalytics@8.0.0 -> pkg:cocoapods/GoogleUtilities@7.5.2#NSData%2Bzlib",
                "pkg:cocoapods/LocalKit@0.1.0 -> pkg:cocoapods/Alamofire@5.4.3",
            ]
        );
    }

    #[test]
    fn without_dependencies_the_relationship_is_unknown() {
        let parsed =
            parse("PODS:\n  - A (1.0):\n    - B (~> 2)\n  - B (2.1)\n\nCOCOAPODS: 1.5.3\n")
                .unwrap();
        assert_eq!(parsed.components.len(), 2);
        assert!(
            parsed
                .components
                .iter()
                .all(|c| c.scope.relationship.is_none())
        );
        assert_eq!(parsed.dependencies.len(), 1);
        // `COCOAPODS: 1.5` is a YAML number; it still counts.
        assert!(parse("PODS:\n  - A (1.0)\nCOCOAPODS: 1.5\n").is_ok());
    }

    #[test]
    fn bad_entries_are_skipped_and_bad_files_refused() {
        let parsed = parse(
            "PODS:\n  - NoVersion\n  - 7\n  - {A (1.0): [x], B (2.0): [y]}\n  - \" (1.0)\"\n  - Good (1.0)\nCOCOAPODS: 1.11.2\n",
        )
        .unwrap();
        let names: Vec<_> = parsed.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Good"]);
        let records: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| d.record.clone().unwrap_or_default())
            .collect();
        assert_eq!(records, ["NoVersion", "pod #2", "pod #3", " (1.0)"]);
        for bad in [
            "invalid\n2FLayoutSpecBuilder\nfile\n",
            "PODS: [\n",
            "PODS:\n  - A (1.0)\n",
            "COCOAPODS: 1.0\n",
            "PODS: 3\nCOCOAPODS: 1.0\n",
        ] {
            let err = parse(bad).unwrap_err();
            assert!(
                matches!(err, ExtractError::Malformed { .. }),
                "{bad}: {err}"
            );
            assert!(err.to_string().starts_with("Podfile.lock: "), "{err}");
        }
        assert!(parse("").unwrap().components.is_empty());
        assert!(PodfileLock.claims(Path::new("ios/Podfile.lock")));
        assert!(!PodfileLock.claims(Path::new("Podfile")));
    }
}
