//! `renv.lock`: the R packages an renv project records, as JSON (`Packages` maps a name to its
//! `Package`, `Version`, `Source` and, for repository packages, `Repository`). renv's own
//! reader and writer (`R/lockfile.R`, `R/records.R` in rstudio/renv) are the reference.
//!
//! Repository packages are CRAN components; Bioconductor packages are Bioconductor components
//! (OSV has that ecosystem); GitHub, GitLab, Bitbucket and git packages are CRAN components
//! with a git source at `RemoteSha`. A package that records no repository and no remote (a
//! local or unknown source) is left out with a note: nothing says what code it is.
//!
//! A record's `Requirements` (renv 1.0 and later) name the packages it needs: these are the
//! graph's edges, to the locked package of that name. Base R packages (`methods`, `utils`) are
//! not locked and link to nothing. The file names no root, so nothing is direct or transitive.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;
use vouch_model::{
    Component, ComponentSource, Diagnostic, DiagnosticCode, Ecosystem, Location, PackageName,
};

use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// Repository names that are CRAN itself or a mirror of it (Posit's package manager).
const CRAN_NAMES: [&str; 4] = ["CRAN", "RSPM", "PPM", "P3M"];

/// Reads `renv.lock` files.
pub(crate) struct RenvLock;

impl Cataloger for RenvLock {
    fn name(&self) -> &'static str {
        "renv-lock"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name() == Some(OsStr::new("renv.lock"))
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

/// The document: `R.Repositories` names the repositories, `Packages` the packages.
#[derive(Deserialize)]
struct Lock<'a> {
    #[serde(rename = "R", default)]
    r: Option<R>,
    #[serde(rename = "Packages", borrow, default)]
    packages: Option<HashMap<String, &'a RawValue>>,
}

#[derive(Deserialize)]
struct R {
    #[serde(rename = "Repositories", default)]
    repositories: Vec<Repository>,
}

#[derive(Deserialize)]
struct Repository {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "URL")]
    url: String,
}

/// One package record (`renv:::renv_record_validate` lists the fields).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Record {
    package: Option<String>,
    version: Option<String>,
    source: Option<String>,
    repository: Option<String>,
    remote_type: Option<String>,
    remote_host: Option<String>,
    remote_username: Option<String>,
    remote_repo: Option<String>,
    remote_url: Option<String>,
    remote_sha: Option<String>,
    /// The names of the packages this one needs; kept loose, so an odd value loses only the
    /// edges.
    requirements: Option<serde_json::Value>,
}

/// Parses the text of a renv.lock; `display` names the file in errors and locations.
pub(crate) fn parse_str(text: &str, display: &Path) -> Result<Parsed, ExtractError> {
    let lock: Lock<'_> = serde_json::from_str(text).map_err(|e| ExtractError::Malformed {
        path: display.to_path_buf(),
        message: format!("invalid JSON: {e}"),
    })?;
    let lines = LineIndex::new(text);
    let repositories: HashMap<&str, &str> = lock
        .r
        .as_ref()
        .map(|r| {
            r.repositories
                .iter()
                .map(|repo| (repo.name.as_str(), repo.url.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let mut entries: Vec<(usize, String, &RawValue)> = lock
        .packages
        .unwrap_or_default()
        .into_iter()
        .map(|(key, raw)| (offset_in(text, raw), key, raw))
        .collect();
    entries.sort_by_key(|(offset, _, _)| *offset);

    let mut parsed = Parsed::default();
    let mut needs: Vec<(usize, Vec<String>)> = Vec::new();
    for (offset, key, raw) in entries {
        // The value starts on the key's line in files renv writes; walk back to the key.
        let key_end = text
            .get(..offset)
            .unwrap_or_default()
            .trim_end_matches(|c: char| c.is_whitespace() || c == ':');
        let line = lines.line(key_end.len().saturating_sub(1));
        let location = Location {
            path: display.to_path_buf(),
            line: Some(line),
        };
        match read_record(&key, raw, &repositories, location) {
            Ok((component, requirements)) => {
                needs.push((parsed.components.len(), requirements));
                parsed.components.push(component);
            }
            Err(problem) => parsed.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidPackage,
                    format!("line {line}: {problem}; package skipped"),
                )
                .with_path(display)
                .with_record(key),
            ),
        }
    }
    let by_name: HashMap<&str, usize> = parsed
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    let mut edges = Vec::new();
    for (from, names) in &needs {
        for name in names {
            if let Some(&to) = by_name.get(name.as_str()) {
                edges.push((
                    parsed.components[*from].purl.clone(),
                    parsed.components[to].purl.clone(),
                ));
            }
        }
    }
    parsed.dependencies = edges;
    Ok(parsed)
}

/// Where `raw` starts in `text`, as a byte offset.
fn offset_in(text: &str, raw: &RawValue) -> usize {
    raw.get()
        .as_ptr()
        .addr()
        .saturating_sub(text.as_ptr().addr())
}

/// The component of one record, or why there is none.
fn read_record(
    key: &str,
    raw: &RawValue,
    repositories: &HashMap<&str, &str>,
    location: Location,
) -> Result<(Component, Vec<String>), String> {
    let record: Record =
        serde_json::from_str(raw.get()).map_err(|e| format!("not a package record: {e}"))?;
    let name = record
        .package
        .as_deref()
        .filter(|n| !n.is_empty())
        .unwrap_or(key);
    let version = record
        .version
        .clone()
        .filter(|v| !v.trim().is_empty())
        .ok_or("the record has no `Version`")?;
    let repository = record.repository.as_deref().filter(|r| !r.is_empty());
    let (ecosystem, source) = match (record.source.as_deref(), repository) {
        (Some("Bioconductor"), _) => (Ecosystem::Bioconductor, ComponentSource::Registry),
        (None | Some("Repository"), Some(repo)) => {
            let source = if CRAN_NAMES.contains(&repo) {
                ComponentSource::Registry
            } else {
                ComponentSource::AlternateRegistry {
                    url: repositories.get(repo).copied().unwrap_or(repo).to_owned(),
                }
            };
            (Ecosystem::Cran, source)
        }
        (Some(kind @ ("GitHub" | "GitLab" | "Bitbucket" | "git")), _) => {
            let url = remote_url(&record).ok_or_else(|| {
                format!("the {kind} record names no repository (`RemoteUsername`, `RemoteRepo`)")
            })?;
            let source = ComponentSource::Git {
                url,
                commit: record.remote_sha.clone().filter(|s| !s.is_empty()),
            };
            (Ecosystem::Cran, source)
        }
        (source, _) => {
            return Err(format!(
                "the record names no repository (`Source` is {}), so what it is cannot be known",
                source.map_or("missing".to_owned(), |s| format!("`{s}`"))
            ));
        }
    };
    let package = PackageName::new(ecosystem, name).map_err(|e| e.to_string())?;
    let mut component =
        Component::new(ecosystem, package, Some(version), location).map_err(|e| e.to_string())?;
    component.source = source;
    let requirements = match &record.requirements {
        Some(serde_json::Value::Array(names)) => names
            .iter()
            .filter_map(serde_json::Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    Ok((component, requirements))
}

/// The repository URL of a remote record: `RemoteUrl` for git, else built from the host, the
/// user and the repository name as renv's remotes do.
fn remote_url(record: &Record) -> Option<String> {
    if let Some(url) = record.remote_url.as_deref().filter(|u| !u.is_empty()) {
        return Some(url.to_owned());
    }
    let user = record
        .remote_username
        .as_deref()
        .filter(|u| !u.is_empty())?;
    let repo = record.remote_repo.as_deref().filter(|r| !r.is_empty())?;
    let default_host = match record.remote_type.as_deref() {
        Some("gitlab") => "gitlab.com",
        Some("bitbucket") => "bitbucket.org",
        _ => "github.com",
    };
    let host = match record.remote_host.as_deref() {
        None | Some("" | "api.github.com") => default_host,
        Some(host) => host,
    };
    Some(format!("https://{host}/{user}/{repo}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, ExtractError> {
        parse_str(text, Path::new("renv.lock"))
    }

    const LOCK: &str = r#"{
  "R": {"Version": "4.3.1", "Repositories": [{"Name": "CRAN", "URL": "https://cloud.r-project.org"}, {"Name": "inhouse", "URL": "https://r.example.com"}]},
  "Packages": {
    "markdown": {
      "Package": "markdown", "Version": "1.0", "Source": "Repository", "Repository": "CRAN"
    },
    "BSgenome": {"Package": "BSgenome", "Version": "1.60.0", "Source": "Bioconductor"},
    "mime": {
      "Package": "mime", "Version": "0.12.1", "Source": "GitHub", "RemoteType": "github",
      "RemoteHost": "api.github.com", "RemoteUsername": "yihui", "RemoteRepo": "mime",
      "RemoteSha": "1763e0dcb72fb58d97bab97bb834fc71f1e012bc"
    },
    "ours": {"Package": "ours", "Version": "2.0", "Source": "Repository", "Repository": "inhouse"},
    "local": {"Package": "local", "Version": "0.1", "Source": "Local"},
    "broken": {"Package": "broken", "Version": 3},
    "nover": {"Package": "nover", "Repository": "CRAN"}
  }
}"#;

    #[test]
    fn sources_and_ecosystems() {
        let parsed = parse(LOCK).unwrap();
        let got: Vec<_> = parsed
            .components
            .iter()
            .map(|c| (c.purl.to_string(), c.locations[0].line, c.source.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "pkg:cran/markdown@1.0".to_owned(),
                    Some(4),
                    ComponentSource::Registry
                ),
                (
                    "pkg:bioconductor/BSgenome@1.60.0".to_owned(),
                    Some(7),
                    ComponentSource::Registry
                ),
                (
                    "pkg:cran/mime@0.12.1".to_owned(),
                    Some(8),
                    ComponentSource::Git {
                        url: "https://github.com/yihui/mime".into(),
                        commit: Some("1763e0dcb72fb58d97bab97bb834fc71f1e012bc".into())
                    }
                ),
                (
                    "pkg:cran/ours@2.0".to_owned(),
                    Some(13),
                    ComponentSource::AlternateRegistry {
                        url: "https://r.example.com".into()
                    }
                ),
            ]
        );
        let records: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| d.record.as_deref().unwrap_or_default())
            .collect();
        assert_eq!(records, ["local", "broken", "nover"]);
        assert!(
            parsed.diagnostics[0]
                .message
                .starts_with("line 14: the record names no repository (`Source` is `Local`)"),
            "{}",
            parsed.diagnostics[0].message
        );
    }

    #[test]
    fn requirements_are_the_graph() {
        let text = r#"{"Packages": {
  "knitr": {"Package": "knitr", "Version": "1.45", "Source": "Repository", "Repository": "CRAN",
    "Requirements": ["R", "evaluate", "methods", "xfun", "yaml"]},
  "evaluate": {"Package": "evaluate", "Version": "0.23", "Source": "Repository", "Repository": "CRAN",
    "Requirements": ["methods"]},
  "xfun": {"Package": "xfun", "Version": "0.41", "Source": "Repository", "Repository": "CRAN",
    "Requirements": "odd"},
  "yaml": {"Package": "yaml", "Version": "2.3.8", "Source": "Repository", "Repository": "CRAN",
    "Requirements": [3, "xfun"]}
}}"#;
        let parsed = parse(text).unwrap();
        let edges: Vec<_> = parsed
            .dependencies
            .iter()
            .map(|(a, b)| format!("{a} -> {b}"))
            .collect();
        assert_eq!(
            edges,
            [
                "pkg:cran/knitr@1.45 -> pkg:cran/evaluate@0.23",
                "pkg:cran/knitr@1.45 -> pkg:cran/xfun@0.41",
                "pkg:cran/knitr@1.45 -> pkg:cran/yaml@2.3.8",
                "pkg:cran/yaml@2.3.8 -> pkg:cran/xfun@0.41",
            ]
        );
        assert_eq!(parsed.components.len(), 4);
        assert!(
            parsed
                .components
                .iter()
                .all(|c| c.scope.relationship.is_none())
        );
    }

    #[test]
    fn bad_json_is_malformed() {
        let err = parse("{\"Packages\": [}").unwrap_err();
        assert!(matches!(err, ExtractError::Malformed { .. }), "{err}");
        assert!(
            err.to_string().starts_with("renv.lock: invalid JSON: "),
            "{err}"
        );
        assert!(parse("{}").unwrap().components.is_empty());
    }
}
