//! Bundler's lockfile, `Gemfile.lock` (or `gems.locked`): source sections (`GEM`, `GIT`,
//! `PATH`, `PLUGIN SOURCE`) list every locked gem under `specs:` as `    name (version[-platform])`,
//! each followed by its own dependencies as `      name (constraint)`, which give the graph, and
//! `DEPENDENCIES` names the Gemfile's direct dependencies. There is no written spec; the
//! grammar followed is Bundler's own `Bundler::LockfileParser` (`lib/bundler/lockfile_parser.rb`).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, Ecosystem, Location, PackageName,
    Purl, Relationship,
};

use super::{file_name, skipped_entry};
use crate::read::read_text;
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Bundler's `Gemfile.lock` and `gems.locked`.
pub(crate) struct GemfileLock;

impl Cataloger for GemfileLock {
    fn name(&self) -> &'static str {
        "gemfile-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        matches!(file_name(path), Some("Gemfile.lock" | "gems.locked"))
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_text(source, path, display)?;
        Ok(parse_text(&text, display))
    }
}

/// The section a line belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    /// `GEM`, `GIT`, `PATH` or `PLUGIN SOURCE`: the source of the specs that follow.
    Source(SourceKind),
    /// `DEPENDENCIES`: the Gemfile's own requirements.
    Dependencies,
    /// `CHECKSUMS` (Bundler 2.5+): `  name (version[-platform]) sha256=<hex>`.
    Checksums,
    /// `PLATFORMS`, `RUBY VERSION`, `BUNDLED WITH` and anything newer.
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SourceKind {
    Gem,
    Git,
    Path,
    Plugin,
}

/// The attributes of one source section (`remote:`, `revision:`) as read so far.
#[derive(Default)]
struct SourceAttrs {
    remotes: Vec<String>,
    revision: Option<String>,
}

/// A spec line, read before the source section's attributes are all known (Bundler writes
/// `remote:` and `revision:` before `specs:`, but nothing forces a hand-edited file to).
struct Spec {
    name: String,
    version: String,
    platform: Option<String>,
    line: u32,
    source: usize,
    /// The names of the gems it depends on (its 6-space-indented lines).
    dependencies: Vec<String>,
}

/// Parses the text of a `Gemfile.lock` named `display`. Bundler's format has no syntax errors
/// to speak of: lines that are not understood are ignored, as Bundler ignores them, and a spec
/// line without a valid name or version is skipped with a diagnostic.
fn parse_text(text: &str, display: &Path) -> Parsed {
    let mut parsed = Parsed::default();
    let mut sources: Vec<(SourceKind, SourceAttrs)> = Vec::new();
    let mut specs: Vec<Spec> = Vec::new();
    let mut direct: HashSet<String> = HashSet::new();
    let mut saw_dependencies = false;
    let mut checksums: HashMap<(String, String, Option<String>), Vec<Checksum>> = HashMap::new();
    let mut section = Section::Other;
    let mut in_specs = false;
    // The spec the 6-space lines that follow belong to (none after a spec that was skipped).
    let mut current: Option<usize> = None;

    for (i, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = &line[indent..];
        if indent < 6 {
            current = None;
        }
        if indent == 0 {
            in_specs = false;
            section = match content {
                "GEM" => Section::Source(SourceKind::Gem),
                "GIT" => Section::Source(SourceKind::Git),
                "PATH" => Section::Source(SourceKind::Path),
                "PLUGIN SOURCE" => Section::Source(SourceKind::Plugin),
                "DEPENDENCIES" => {
                    saw_dependencies = true;
                    Section::Dependencies
                }
                "CHECKSUMS" => Section::Checksums,
                _ => Section::Other,
            };
            if let Section::Source(kind) = section {
                sources.push((kind, SourceAttrs::default()));
            }
            continue;
        }
        match section {
            Section::Source(_) => {
                let Some((_, attrs)) = sources.last_mut() else {
                    continue;
                };
                match indent {
                    2 => {
                        in_specs = content == "specs:";
                        if let Some(remote) = content.strip_prefix("remote: ") {
                            attrs.remotes.push(remote.trim().to_owned());
                        } else if let Some(revision) = content.strip_prefix("revision: ") {
                            attrs.revision = Some(revision.trim().to_owned());
                        }
                    }
                    4 if in_specs => match spec_line(content) {
                        Ok((name, version, platform)) => {
                            current = Some(specs.len());
                            specs.push(Spec {
                                name: name.to_owned(),
                                version: version.to_owned(),
                                platform: platform.map(str::to_owned),
                                line: line_no,
                                source: sources.len() - 1,
                                dependencies: Vec::new(),
                            });
                        }
                        Err(message) => parsed.diagnostics.push(skipped_entry(
                            display,
                            &format!("line {line_no}"),
                            message,
                        )),
                    },
                    // `      name` or `      name (>= 1, < 3)`: a dependency of the spec above.
                    6 if in_specs => {
                        if let Some(spec) = current.and_then(|i| specs.get_mut(i)) {
                            let name = content.split([' ', '(']).next().unwrap_or_default();
                            spec.dependencies.push(name.to_owned());
                        }
                    }
                    _ => {}
                }
            }
            Section::Dependencies if indent == 2 => {
                // `  name`, `  name (~> 1.0)`, `  name!` (pinned to a GIT or PATH source).
                let name = content
                    .split([' ', '('])
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches('!');
                direct.insert(name.to_owned());
            }
            Section::Checksums if indent == 2 => {
                // An entry without a checksum, or with an algorithm vouch does not know, has
                // nothing to verify; it is not an error.
                if let Some((spec, sums)) = content.split_once(") ")
                    && let Ok((name, version, platform)) = spec_line(&format!("{spec})"))
                {
                    let key = (
                        name.to_owned(),
                        version.to_owned(),
                        platform.map(str::to_owned),
                    );
                    let found = sums.split(',').filter_map(|s| checksum(s.trim()));
                    checksums.entry(key).or_default().extend(found);
                }
            }
            Section::Dependencies | Section::Checksums | Section::Other => {}
        }
    }

    // Each component with the spec it came from, for the edges.
    let mut from_spec: Vec<usize> = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        let (kind, attrs) = &sources[spec.source];
        match component(spec, *kind, attrs, display) {
            Ok(mut c) => {
                let key = (
                    spec.name.clone(),
                    spec.version.clone(),
                    spec.platform.clone(),
                );
                if let Some(sums) = checksums.get(&key) {
                    c.checksums.clone_from(sums);
                }
                if saw_dependencies {
                    c.scope.relationship = Some(if direct.contains(&spec.name) {
                        Relationship::Direct
                    } else {
                        Relationship::Transitive
                    });
                }
                from_spec.push(index);
                parsed.components.push(c);
            }
            Err(message) => parsed.diagnostics.push(skipped_entry(
                display,
                &format!("{} (line {})", spec.name, spec.line),
                message,
            )),
        }
    }
    parsed.dependencies = edges(&parsed.components, &from_spec, &specs);
    parsed
}

/// The `(from, to)` edges: each spec to every locked spec of each name it depends on (a gem
/// locked for several platforms is linked at each). Names that are not locked (a dependency
/// for another platform) link to nothing.
fn edges(components: &[Component], from_spec: &[usize], specs: &[Spec]) -> Vec<(Purl, Purl)> {
    let mut by_name: HashMap<&str, Vec<&Purl>> = HashMap::new();
    for (c, &spec) in components.iter().zip(from_spec) {
        by_name
            .entry(specs[spec].name.as_str())
            .or_default()
            .push(&c.purl);
    }
    let mut out = Vec::new();
    for (c, &spec) in components.iter().zip(from_spec) {
        for name in &specs[spec].dependencies {
            for to in by_name.get(name.as_str()).into_iter().flatten() {
                if **to == c.purl {
                    continue;
                }
                out.push((c.purl.clone(), (*to).clone()));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Splits `name (version[-platform])` as Bundler's `NAME_VERSION` pattern does: the version
/// ends at the first `-`, the rest is the platform.
fn spec_line(content: &str) -> Result<(&str, &str, Option<&str>), String> {
    let Some((name, rest)) = content.split_once(" (") else {
        return Err(format!(
            "spec `{}` has no `(version)`",
            content.escape_debug()
        ));
    };
    let Some(inner) = rest.strip_suffix(')') else {
        return Err(format!(
            "spec `{}`: the version is not closed by `)`",
            content.escape_debug()
        ));
    };
    let (version, platform) = match inner.split_once('-') {
        Some((v, p)) => (v, Some(p)),
        None => (inner, None),
    };
    check_name(name)?;
    check_version(version)?;
    if platform.is_some_and(str::is_empty) {
        return Err(format!(
            "spec `{}` has an empty platform",
            content.escape_debug()
        ));
    }
    Ok((name, version, platform))
}

/// RubyGems' name rule (`Gem::SpecificationPolicy::VALID_NAME_PATTERN`: `\A[a-zA-Z0-9.\-_]+\z`,
/// with at least one letter or digit).
fn check_name(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && name.bytes().any(|b| b.is_ascii_alphanumeric());
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a valid gem name (letters, digits, `.`, `-`, `_`)",
            name.escape_debug()
        ))
    }
}

/// `Gem::Version::VERSION_PATTERN` without the prerelease `-` part, which Bundler's lockfile
/// reads as the platform: a digit, then digits, letters and `.`.
fn check_version(version: &str) -> Result<(), String> {
    let valid = version.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.')
        && !version.ends_with('.')
        && !version.contains("..");
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a valid gem version",
            version.escape_debug()
        ))
    }
}

/// One spec as a component of its source section.
fn component(
    spec: &Spec,
    kind: SourceKind,
    attrs: &SourceAttrs,
    display: &Path,
) -> Result<Component, String> {
    let name = PackageName::new(Ecosystem::RubyGems, &spec.name).map_err(|e| e.to_string())?;
    let location = Location {
        path: display.to_path_buf(),
        line: Some(spec.line),
    };
    let mut c = Component::new(
        Ecosystem::RubyGems,
        name,
        Some(spec.version.clone()),
        location,
    )
    .map_err(|e| e.to_string())?;
    // The purl spec's `gem` type: "The platform qualifiers key is used to specify an alternative
    // platform such as java for JRuby"; the default, `ruby`, is left out.
    if let Some(platform) = spec.platform.as_deref().filter(|p| *p != "ruby") {
        let with_platform = format!("{}?platform={platform}", c.purl.as_str());
        c.purl = with_platform.parse::<Purl>().map_err(|e| e.to_string())?;
    }
    let first_remote = attrs.remotes.first().cloned().unwrap_or_default();
    c.source = match kind {
        SourceKind::Git => ComponentSource::Git {
            url: first_remote,
            commit: attrs.revision.clone(),
        },
        SourceKind::Path => ComponentSource::Path { path: first_remote },
        SourceKind::Gem
            if attrs.remotes.is_empty() || attrs.remotes.iter().any(|r| is_rubygems(r)) =>
        {
            ComponentSource::Registry
        }
        SourceKind::Gem | SourceKind::Plugin => {
            ComponentSource::AlternateRegistry { url: first_remote }
        }
    };
    Ok(c)
}

/// One `algorithm=hex` checksum of Bundler's `CHECKSUMS` section (Bundler writes `sha256`).
fn checksum(text: &str) -> Option<Checksum> {
    let (algorithm, hex) = text.split_once('=')?;
    let (algorithm, len) = match algorithm {
        "sha256" => (ChecksumAlgorithm::Sha256, 64),
        "sha512" => (ChecksumAlgorithm::Sha512, 128),
        _ => return None,
    };
    (hex.len() == len && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checksum {
        algorithm,
        hex: hex.to_ascii_lowercase(),
    })
}

/// Whether a `remote:` is rubygems.org itself.
fn is_rubygems(remote: &str) -> bool {
    let host = remote
        .trim_end_matches('/')
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    matches!(host, "rubygems.org" | "www.rubygems.org")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        parse_text(text, Path::new("Gemfile.lock"))
    }

    #[test]
    fn sources_platforms_and_direct_dependencies() {
        let text = "GIT\n  remote: https://github.com/hanami/utils.git\n  revision: 5904fc9a70683b8749aa2861257d0c8c01eae4aa\n  specs:\n    hanami-utils (2.0.0.alpha1)\n      rack (~> 2.0)\n\nPATH\n  remote: vendor/local\n  specs:\n    local (0.1)\n\nGEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.13.3-x86_64-linux)\n    rack (2.2.3)\n\nGEM\n  remote: https://gems.example.com/\n  specs:\n    private (1.0)\n\nDEPENDENCIES\n  hanami-utils!\n  nokogiri (>= 1)\n\nBUNDLED WITH\n   2.2.28\n";
        let parsed = parse(text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| {
                (
                    c.purl.as_str().to_owned(),
                    c.source.clone(),
                    c.scope.relationship,
                    c.locations[0].line,
                )
            })
            .collect();
        let t = Some(Relationship::Transitive);
        let d = Some(Relationship::Direct);
        assert_eq!(
            got,
            [
                (
                    "pkg:gem/hanami-utils@2.0.0.alpha1".to_owned(),
                    ComponentSource::Git {
                        url: "https://github.com/hanami/utils.git".into(),
                        commit: Some("5904fc9a70683b8749aa2861257d0c8c01eae4aa".into())
                    },
                    d,
                    Some(5)
                ),
                (
                    "pkg:gem/local@0.1".to_owned(),
                    ComponentSource::Path {
                        path: "vendor/local".into()
                    },
                    t,
                    Some(11)
                ),
                (
                    "pkg:gem/nokogiri@1.13.3?platform=x86_64-linux".to_owned(),
                    ComponentSource::Registry,
                    d,
                    Some(16)
                ),
                (
                    "pkg:gem/rack@2.2.3".to_owned(),
                    ComponentSource::Registry,
                    t,
                    Some(17)
                ),
                (
                    "pkg:gem/private@1.0".to_owned(),
                    ComponentSource::AlternateRegistry {
                        url: "https://gems.example.com/".into()
                    },
                    t,
                    Some(22)
                ),
            ]
        );
        assert_eq!(parsed.components[2].version.as_deref(), Some("1.13.3"));
    }

    #[test]
    fn spec_dependencies_are_edges_to_every_platform() {
        let text = "GIT\n  remote: https://github.com/x/y.git\n  revision: 5904fc9a70683b8749aa2861257d0c8c01eae4aa\n  specs:\n    y (1.0)\n      rack (>= 2)\n\nGEM\n  remote: https://rubygems.org/\n  specs:\n    bad$ (1)\n      rack\n    nokogiri (1.16.0-x86_64-linux)\n      racc (~> 1.4)\n    nokogiri (1.16.0-arm64-darwin)\n      racc (~> 1.4)\n    racc (1.7.3)\n    rack (3.0.0)\n    rails (7.0)\n      nokogiri (>= 1.6)\n      missing (= 1)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  rails\n  y!\n";
        let parsed = parse(text);
        assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
        let edges: Vec<_> = parsed
            .dependencies
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            edges,
            [
                (
                    "pkg:gem/nokogiri@1.16.0?platform=arm64-darwin",
                    "pkg:gem/racc@1.7.3"
                ),
                (
                    "pkg:gem/nokogiri@1.16.0?platform=x86_64-linux",
                    "pkg:gem/racc@1.7.3"
                ),
                (
                    "pkg:gem/rails@7.0",
                    "pkg:gem/nokogiri@1.16.0?platform=arm64-darwin"
                ),
                (
                    "pkg:gem/rails@7.0",
                    "pkg:gem/nokogiri@1.16.0?platform=x86_64-linux"
                ),
                ("pkg:gem/y@1.0", "pkg:gem/rack@3.0.0"),
            ]
        );
        let direct: Vec<_> = parsed
            .components
            .iter()
            .filter(|c| c.scope.relationship == Some(Relationship::Direct))
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(direct, ["y", "rails"]);
    }

    #[test]
    fn bad_specs_are_skipped_with_a_diagnostic() {
        let text = "GEM\n  remote: https://rubygems.org/\n  specs:\n    no-version\n    bad$name (1.0)\n    x (v1)\n    open (1.0\n    good (1.0)\r\n";
        let parsed = parse(text);
        let names: Vec<_> = parsed.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["good"]);
        assert_eq!(parsed.diagnostics.len(), 4, "{:#?}", parsed.diagnostics);
        assert_eq!(parsed.diagnostics[0].record.as_deref(), Some("line 4"));
        // No DEPENDENCIES section: the relationship is unknown.
        assert_eq!(parsed.components[0].scope.relationship, None);
    }

    #[test]
    fn checksums_attach_to_their_spec_and_platform() {
        let a = "a".repeat(64);
        let b = "B".repeat(64);
        let text = format!(
            "GEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.16.0)\n    nokogiri (1.16.0-x86_64-linux)\n    rake (13.0.6)\n\nCHECKSUMS\n  nokogiri (1.16.0) sha256={a}\n  nokogiri (1.16.0-x86_64-linux) sha256={b}\n  rake (13.0.6)\n  bogus (1.0) md5=00\n"
        );
        let parsed = parse(&text);
        let sums: Vec<Vec<String>> = parsed
            .components
            .iter()
            .map(|c| c.checksums.iter().map(|c| c.hex.clone()).collect())
            .collect();
        assert_eq!(sums, [vec![a], vec![b.to_ascii_lowercase()], vec![]]);
    }

    #[test]
    fn claims_both_names() {
        assert!(GemfileLock.claims(Path::new("a/Gemfile.lock")));
        assert!(GemfileLock.claims(Path::new("gems.locked")));
        assert!(!GemfileLock.claims(Path::new("Gemfile")));
    }
}
