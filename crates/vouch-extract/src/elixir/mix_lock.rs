//! `mix.lock`: the dependencies Mix fetched, as an Elixir map literal from app name to a tuple
//! that says where the package came from: `{:hex, :name, "version", "inner_checksum", managers,
//! deps, "repo", "outer_checksum"}` or `{:git, "url", "commit", opts}`. Mix's own writer
//! (`Mix.Dep.Lock`, and `Hex.SCM` for the hex tuple) is the reference; the file records no root
//! package, so nothing here says which dependencies are direct.
//!
//! The hex tuple's `deps` (`[{:app, "~> 1.0", [hex: :name, repo: "hexpm", optional: false]}]`)
//! is the graph, by app name; a git tuple records none. `optional` is not carried over: Mix
//! fetches an optional dependency only when the project asks for it too, so one in the lock is
//! never optional for the project.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::Path;

use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, Diagnostic, DiagnosticCode, Ecosystem,
    Location, PackageName,
};

use super::term::{self, Kind, Term};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// The public hex.pm repository, as the hex tuple names it.
const HEXPM: &str = "hexpm";

/// Reads `mix.lock` files.
pub(crate) struct MixLock;

impl Cataloger for MixLock {
    fn name(&self) -> &'static str {
        "mix-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name() == Some(OsStr::new("mix.lock"))
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

/// Parses the text of a mix.lock; `display` names the file in errors and locations.
pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let lines = LineIndex::new(text);
    let mut parsed = Parsed::default();
    if text.trim().is_empty() {
        return Ok(parsed);
    }
    let malformed = |at: usize, message: &str| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: format!("line {}: {message}", lines.line(at)),
    };
    let doc = term::parse(text).map_err(|e| malformed(e.at, &e.message))?;
    let Kind::Map(entries) = doc.kind else {
        return Err(malformed(doc.at, "the lockfile is not a map (`%{...}`)"));
    };
    // Component index by app name (the lock's key), and the apps each one needs.
    let mut by_app: HashMap<String, usize> = HashMap::new();
    let mut needs: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, (key, value)) in entries.into_iter().enumerate() {
        let line = lines.line(key.at);
        let app = key.text().map(str::to_owned);
        let location = Location {
            path: display.to_path_buf(),
            line: Some(line),
        };
        match read_entry(app.as_deref(), &value, location) {
            Ok(component) => {
                let index = parsed.components.len();
                if let Some(app) = &app {
                    by_app.entry(app.clone()).or_insert(index);
                }
                needs.push((index, dependency_apps(&value)));
                parsed.components.push(component);
            }
            Err(problem) => parsed.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidPackage,
                    format!("line {line}: {problem}; package skipped"),
                )
                .with_path(display)
                .with_record(app.unwrap_or_else(|| format!("entry #{}", i + 1))),
            ),
        }
    }
    for (from, apps) in needs {
        for app in apps {
            if let Some(&to) = by_app.get(&app) {
                let edge = (
                    parsed.components[from].purl.clone(),
                    parsed.components[to].purl.clone(),
                );
                parsed.dependencies.push(edge);
            }
        }
    }
    Ok(parsed)
}

/// The apps a hex tuple's sixth element names: `{:app, requirement, opts}` each. A git tuple,
/// or an odd item, names none.
fn dependency_apps(value: &Term) -> Vec<String> {
    let Kind::Tuple(items) = &value.kind else {
        return Vec::new();
    };
    let is_hex = matches!(items.first().map(|t| &t.kind), Some(Kind::Atom(scm)) if scm == "hex");
    match items.get(5).map(|t| &t.kind) {
        Some(Kind::List(deps)) if is_hex => deps
            .iter()
            .filter_map(|dep| match &dep.kind {
                Kind::Tuple(parts) => parts.first().and_then(Term::text).map(str::to_owned),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The component of one `"app": {...}` entry, or why there is none.
fn read_entry(app: Option<&str>, value: &Term, location: Location) -> Result<Component, String> {
    let app = app.ok_or("the key is not a string or atom")?;
    let Kind::Tuple(items) = &value.kind else {
        return Err("the value is not a tuple".into());
    };
    let field = |i: usize, what: &str| {
        items
            .get(i)
            .and_then(Term::text)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| format!("the {} tuple has no {what}", scm_name(items)))
    };
    match items.first().map(|t| &t.kind) {
        Some(Kind::Atom(scm)) if scm == "hex" => {
            // The package name on hex.pm; the key is the app name, which can differ.
            let name = field(1, "package name")?;
            let version = field(2, "version")?;
            let name = PackageName::new(Ecosystem::Hex, name).map_err(|e| e.to_string())?;
            let mut component =
                Component::new(Ecosystem::Hex, name, Some(version.to_owned()), location)
                    .map_err(|e| e.to_string())?;
            // Inner checksum (of the package contents) first, then the outer (of the tarball).
            for i in [3, 7] {
                component
                    .checksums
                    .extend(items.get(i).and_then(Term::text).and_then(sha256));
            }
            component.source = match items.get(6).and_then(Term::text) {
                None | Some(HEXPM) => ComponentSource::Registry,
                // `hexpm:org` (a private organisation) or a self-hosted repository.
                Some(repo) => ComponentSource::AlternateRegistry { url: repo.into() },
            };
            Ok(component)
        }
        Some(Kind::Atom(scm)) if scm == "git" => {
            let url = field(1, "repository URL")?;
            let commit = field(2, "commit")?;
            let name = PackageName::new(Ecosystem::Hex, app).map_err(|e| e.to_string())?;
            let mut component =
                Component::new(Ecosystem::Hex, name, None, location).map_err(|e| e.to_string())?;
            component.source = ComponentSource::Git {
                url: url.to_owned(),
                commit: Some(commit.to_owned()),
            };
            Ok(component)
        }
        Some(Kind::Atom(scm)) => Err(format!("`:{scm}` dependencies are not read")),
        _ => Err("the tuple does not start with a source (`:hex`, `:git`)".into()),
    }
}

/// `:hex`, `:git` or `entry` for messages.
fn scm_name(items: &[Term]) -> String {
    match items.first().map(|t| &t.kind) {
        Some(Kind::Atom(scm)) => format!(":{scm}"),
        _ => "entry".into(),
    }
}

/// A hex checksum: SHA-256 as 64 hex digits (older locks hold other digests; they are dropped).
fn sha256(hex: &str) -> Option<Checksum> {
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checksum {
        algorithm: ChecksumAlgorithm::Sha256,
        hex: hex.to_ascii_lowercase(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_str(text, Path::new("mix.lock"))
    }

    #[test]
    fn hex_and_git_entries() {
        let inner = "a".repeat(64);
        let outer = "b".repeat(64);
        let text = format!(
            "%{{\n  \"my_plug\": {{:hex, :plug, \"1.11.1\", \"{inner}\", [:mix], [], \"hexpm\", \"{outer}\"}},\n  \"priv\": {{:hex, :priv, \"0.1.0\", \"{inner}\", [:mix], [], \"hexpm:acme\", \"{outer}\"}},\n  \"foo\": {{:git, \"https://github.com/o/foo.git\", \"fc94cce7830fa4dc455024bc2a83720afe244531\", [branch: \"x\"]}},\n}}\n"
        );
        let parsed = parse(&text).unwrap();
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let c = &parsed.components;
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].name.as_str(), "plug");
        assert_eq!(c[0].purl.to_string(), "pkg:hex/plug@1.11.1");
        assert_eq!(c[0].checksums.len(), 2);
        assert_eq!(c[0].checksums[0].hex, inner);
        assert_eq!(c[0].locations[0].line, Some(2));
        assert_eq!(
            c[1].source,
            ComponentSource::AlternateRegistry {
                url: "hexpm:acme".into()
            }
        );
        assert_eq!(c[2].version, None);
        assert_eq!(c[2].locations[0].line, Some(4));
        assert!(matches!(
            &c[2].source,
            ComponentSource::Git {
                commit: Some(_),
                ..
            }
        ));
    }

    #[test]
    fn hex_dependency_lists_are_the_graph() {
        let text = r#"%{
  "my_plug": {:hex, :plug, "1.11.1", "x", [:mix], [{:mime, "~> 1.0", [hex: :mime, repo: "hexpm", optional: false]}, {:telemetry, "~> 0.4", [hex: :telemetry, repo: "hexpm", optional: true]}, {:absent, "~> 1.0", [hex: :absent, repo: "hexpm", optional: true]}], "hexpm", "y"},
  "mime": {:hex, :mime, "1.6.0", "x", [:mix], [], "hexpm", "y"},
  "telemetry": {:hex, :telemetry, "0.4.3", "x", [:rebar3], [], "hexpm", "y"},
  "foo": {:git, "https://github.com/o/foo.git", "fc94cce7830fa4dc455024bc2a83720afe244531", [branch: "x"]},
  "bar": {:hex, :bar, "1.0.0", "x", [:mix], [{:foo, nil, [git: "https://github.com/o/foo.git"]}, 7], "hexpm", "y"},
}
"#;
        let parsed = parse(text).unwrap();
        let edges: Vec<_> = parsed
            .dependencies
            .iter()
            .map(|(a, b)| format!("{a} -> {b}"))
            .collect();
        assert_eq!(
            edges,
            [
                "pkg:hex/plug@1.11.1 -> pkg:hex/mime@1.6.0",
                "pkg:hex/plug@1.11.1 -> pkg:hex/telemetry@0.4.3",
                "pkg:hex/bar@1.0.0 -> pkg:hex/foo",
            ]
        );
        // The file says nothing of direct dependencies or of optional ones in the project.
        assert!(
            parsed
                .components
                .iter()
                .all(|c| c.scope.relationship.is_none()
                    && c.scope.optional.is_none()
                    && c.scope.dev.is_none())
        );
    }

    #[test]
    fn a_bad_entry_is_skipped_and_the_rest_kept() {
        let text = "%{\n  \"a\": {:hex, },\n  \"b\": {:hg, \"u\"},\n  \"c\": 1,\n  \"d\": {:hex, :d, \"1.0.0\", \"x\", [], [], \"hexpm\", \"y\"},\n}\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.components.len(), 1);
        let messages: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(
            messages,
            [
                "line 2: the :hex tuple has no package name; package skipped",
                "line 3: `:hg` dependencies are not read; package skipped",
                "line 4: the value is not a tuple; package skipped",
            ]
        );
        // A checksum that is not SHA-256 hex is dropped, the package kept.
        assert!(parsed.components[0].checksums.is_empty());
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = parse("%{\n  \"a\": {:hex, \"x},\n").unwrap_err();
        assert_eq!(err.to_string(), "mix.lock: line 2: unterminated string");
        let err = parse("[1]").unwrap_err();
        assert!(err.to_string().contains("not a map"), "{err}");
        assert!(parse("").unwrap().components.is_empty());
        assert!(parse("%{\n}\n").unwrap().components.is_empty());
    }
}
