//! Python's requirement files and lockfiles: pip's requirements.txt, poetry.lock, uv.lock,
//! Pipfile.lock, pdm.lock and pylock.toml. Every component is a PyPI package named as PEP 503 normalises it; this module
//! holds what the formats share (name checks, hashes, git sources, merging duplicates, linking
//! the dependency graph, and reading which packages the manifest beside a lockfile names).

pub(crate) mod pdm;
pub(crate) mod pipfile;
pub(crate) mod poetry;
pub(crate) mod pylock;
pub(crate) mod requirements;
pub(crate) mod uv;

use std::collections::HashMap;
use std::path::Path;

use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, Diagnostic, DiagnosticCode, Ecosystem,
    Location, PackageName, Relationship, Scope,
};

/// Checks a distribution name against PEP 508's grammar
/// (<https://peps.python.org/pep-0508/#names>: ASCII letters, digits, `.`, `_` and `-`, starting
/// and ending with a letter or digit) and normalises it (PEP 503, in the model).
pub(crate) fn pypi_name(name: &str) -> Result<PackageName, String> {
    let bytes = name.as_bytes();
    let valid = match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        }
        _ => false,
    };
    if !valid {
        return Err(format!(
            "`{}` is not a valid PyPI package name (PEP 508: letters, digits, `.`, `_`, `-`, \
             starting and ending with a letter or digit)",
            name.escape_debug()
        ));
    }
    PackageName::new(Ecosystem::PyPI, name).map_err(|e| e.to_string())
}

/// A PyPI component named `name` at `version`, found at `location`; the message says why not.
pub(crate) fn pypi_component(
    name: &str,
    version: Option<String>,
    location: Location,
) -> Result<Component, String> {
    let name = pypi_name(name)?;
    Component::new(Ecosystem::PyPI, name, version, location).map_err(|e| e.to_string())
}

/// A warning that one entry of `display` was skipped, naming the entry.
pub(crate) fn skipped_entry(
    display: &Path,
    record: &str,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(DiagnosticCode::InvalidPackage, message)
        .with_path(display)
        .with_record(record)
}

/// Parses a hash as lockfiles write it, `<algorithm>:<hex>` (poetry, uv, Pipfile.lock, pip's
/// `--hash`) or `<algorithm>=<hex>` (URL fragments). `None` for an unknown algorithm or a digest
/// that is not hex of the algorithm's length: such a hash cannot verify anything.
pub(crate) fn parse_checksum(text: &str) -> Option<Checksum> {
    let (algorithm, hex) = text.split_once(':').or_else(|| text.split_once('='))?;
    let (algorithm, len) = match algorithm.trim().to_ascii_lowercase().as_str() {
        "sha256" => (ChecksumAlgorithm::Sha256, 64),
        "sha384" => (ChecksumAlgorithm::Sha384, 96),
        "sha512" => (ChecksumAlgorithm::Sha512, 128),
        "sha1" => (ChecksumAlgorithm::Sha1, 40),
        "md5" => (ChecksumAlgorithm::Md5, 32),
        _ => return None,
    };
    let hex = hex.trim();
    (hex.len() == len && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checksum {
        algorithm,
        hex: hex.to_ascii_lowercase(),
    })
}

/// Whether `rev` looks like a git commit id (abbreviated or full SHA-1, or SHA-256) rather than
/// a branch or tag name.
pub(crate) fn is_commit(rev: &str) -> bool {
    (7..=64).contains(&rev.len()) && rev.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A git source from a repository URL and the revision the lockfile pinned. A revision that is
/// not a commit id (a tag, a branch) stays visible in the URL as `url@rev`.
pub(crate) fn git_source(url: &str, rev: Option<&str>) -> ComponentSource {
    match rev.map(str::trim).filter(|r| !r.is_empty()) {
        Some(rev) if is_commit(rev) => ComponentSource::Git {
            url: url.to_owned(),
            commit: Some(rev.to_owned()),
        },
        Some(rev) => ComponentSource::Git {
            url: format!("{url}@{rev}"),
            commit: None,
        },
        None => ComponentSource::Git {
            url: url.to_owned(),
            commit: None,
        },
    }
}

/// Name and version from a wheel's file name (`{name}-{version}(-{build})?-{py}-{abi}-{plat}.whl`,
/// <https://packaging.python.org/en/latest/specifications/binary-distribution-format/>).
pub(crate) fn wheel_name_version(file_name: &str) -> Option<(String, String)> {
    let stem = file_name.strip_suffix(".whl")?;
    let parts: Vec<&str> = stem.split('-').collect();
    if !(parts.len() == 5 || parts.len() == 6) || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    Some((parts[0].to_owned(), parts[1].to_owned()))
}

/// Merges components of the same package and version (the same requirement listed in two
/// files, a package in both sections of a lockfile) into the first one: locations, groups and
/// checksums united, the scope widened to what any of them needs. Lists end sorted.
pub(crate) fn merge_duplicates(components: Vec<Component>) -> Vec<Component> {
    let mut out: Vec<Component> = Vec::with_capacity(components.len());
    let mut index: HashMap<MergeKey, usize> = HashMap::new();
    for c in components {
        let key = merge_key(&c);
        match index.get(&key) {
            Some(&i) => {
                let first = &mut out[i];
                first.locations.extend(c.locations);
                first.groups.extend(c.groups);
                first.checksums.extend(c.checksums);
                first.scope = widen(first.scope, c.scope);
            }
            None => {
                index.insert(key, out.len());
                out.push(c);
            }
        }
    }
    for c in &mut out {
        tidy(c);
    }
    out
}

/// What makes two entries one component, as the inventory decides: normalised name, version,
/// and for git sources the commit (two commits of one version are different code).
pub(crate) type MergeKey = (String, Option<String>, Option<String>);

/// The [`MergeKey`] of a component.
pub(crate) fn merge_key(c: &Component) -> MergeKey {
    let commit = match &c.source {
        ComponentSource::Git { commit, .. } => commit.clone(),
        _ => None,
    };
    (c.name.normalized().to_owned(), c.version.clone(), commit)
}

/// Sorts and de-duplicates a component's lists.
pub(crate) fn tidy(c: &mut Component) {
    c.locations.sort();
    c.locations.dedup();
    c.groups.sort();
    c.groups.dedup();
    c.checksums.sort();
    c.checksums.dedup();
}

/// The scope of a package that two entries need: direct if either is, needed outside
/// development if either is, required if either requires it.
fn widen(a: Scope, b: Scope) -> Scope {
    let relationship = match (a.relationship, b.relationship) {
        (Some(Relationship::Direct), _) | (_, Some(Relationship::Direct)) => {
            Some(Relationship::Direct)
        }
        (x, y) => x.or(y),
    };
    let both = |x: Option<bool>, y: Option<bool>| match (x, y) {
        (Some(x), Some(y)) => Some(x && y),
        (x, y) => x.or(y),
    };
    Scope {
        relationship,
        dev: both(a.dev, b.dev),
        optional: both(a.optional, b.optional),
    }
}

/// The file name of `path` if it is UTF-8.
pub(crate) fn file_name(path: &Path) -> Option<&str> {
    path.file_name().and_then(|n| n.to_str())
}

/// A one-line description of a TOML error: `invalid TOML at line L, column C: message`.
pub(crate) fn toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim().replace('\n', " ");
    match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("invalid TOML at line {line}, column {column}: {message}")
        }
        None => format!("invalid TOML: {message}"),
    }
}

/// The text of a TOML string value, `None` for any other type.
/// The component of a TOML `[[package]]` table's `name` and `version` (poetry.lock, uv.lock),
/// found at `line` of `display`; the message says why it cannot be one.
pub(crate) fn toml_package(
    name: Option<&toml::Spanned<toml::Value>>,
    version: Option<&toml::Value>,
    display: &std::path::Path,
    line: Option<u32>,
) -> Result<Component, String> {
    let name = name
        .ok_or_else(|| "a [[package]] has no name".to_owned())?
        .get_ref()
        .as_str()
        .ok_or_else(|| "the package name is not a string".to_owned())?;
    let version = toml_str(version).map(str::to_owned);
    let location = Location {
        path: display.to_path_buf(),
        line,
    };
    pypi_component(name, version, location)
}

/// The distribution name a PEP 508 requirement string starts with (`requests[socks]>=2; ...`
/// gives `requests`), `None` if it does not start with one.
pub(crate) fn pep508_name(requirement: &str) -> Option<&str> {
    let requirement = requirement.trim_start();
    let end = requirement
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(requirement.len());
    pypi_name(&requirement[..end])
        .is_ok()
        .then_some(&requirement[..end])
}

/// A dependency as a lockfile names it: the distribution name, and the version where pinned.
pub(crate) type DependencyRef = (String, Option<String>);

/// The dependency graph of a lockfile's packages: `edges` holds, per component (by its index in
/// `components`), the names (and where the lockfile pins it, the version) of what it depends
/// on. Each is linked to the components of that normalised name (and version); names that are
/// not locked (a marker excluded them) link to nothing.
pub(crate) fn link_dependencies(
    components: &[Component],
    edges: &[(usize, Vec<DependencyRef>)],
) -> Vec<(vouch_model::Purl, vouch_model::Purl)> {
    let mut by_name: HashMap<&str, Vec<&Component>> = HashMap::new();
    for c in components {
        by_name.entry(c.name.normalized()).or_default().push(c);
    }
    let mut out = Vec::new();
    for (from, deps) in edges {
        let Some(from) = components.get(*from) else {
            continue;
        };
        for (name, version) in deps {
            let Ok(name) = pypi_name(name) else {
                continue;
            };
            for to in by_name.get(name.normalized()).into_iter().flatten() {
                // A package naming itself (for one of its own extras) is no edge.
                if (version.is_none() || to.version == *version) && to.purl != from.purl {
                    out.push((from.purl.clone(), to.purl.clone()));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The names a project's manifest (pyproject.toml, Pipfile) lists itself, by normalised name:
/// whether outside development (dependencies, extras) and whether for development (dev groups).
#[derive(Debug, Default)]
pub(crate) struct Declared {
    names: HashMap<String, Need>,
}

/// How the manifest needs a name.
#[derive(Debug, Default, Clone, Copy)]
struct Need {
    main: bool,
    dev: bool,
}

impl Declared {
    /// Records `name` (anything that is not a distribution name, and `python`, is not one).
    fn add(&mut self, name: &str, dev: bool) {
        let Ok(name) = pypi_name(name) else {
            return;
        };
        if name.normalized() == "python" {
            return;
        }
        let need = self.names.entry(name.normalized().to_owned()).or_default();
        if dev {
            need.dev = true;
        } else {
            need.main = true;
        }
    }

    /// The keys of a table of dependencies (`name = "constraint"` or `name = { ... }`).
    fn add_keys(&mut self, table: Option<&toml::Value>, dev: bool) {
        for name in table
            .and_then(toml::Value::as_table)
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            self.add(name, dev);
        }
    }

    /// The names of a list of PEP 508 requirement strings (other entries, such as PEP 735's
    /// `{ include-group = "..." }`, name no distribution).
    fn add_requirements(&mut self, list: Option<&toml::Value>, dev: bool) {
        let requirements = list.and_then(toml::Value::as_array).into_iter().flatten();
        for name in requirements.filter_map(|r| pep508_name(r.as_str()?)) {
            self.add(name, dev);
        }
    }

    /// What a `pyproject.toml` names: Poetry's `[tool.poetry.dependencies]` (main),
    /// `[tool.poetry.group.<group>.dependencies]` (dev unless the group is `main`) and
    /// `[tool.poetry.dev-dependencies]`; PEP 621's `[project.dependencies]` and
    /// `[project.optional-dependencies]` (main); PEP 735's `[dependency-groups]` (dev).
    pub(crate) fn from_pyproject(text: &str) -> Result<Self, String> {
        let doc: toml::Table = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let mut out = Declared::default();
        let poetry = doc.get("tool").and_then(|t| t.get("poetry"));
        out.add_keys(poetry.and_then(|p| p.get("dependencies")), false);
        out.add_keys(poetry.and_then(|p| p.get("dev-dependencies")), true);
        let groups = poetry
            .and_then(|p| p.get("group"))
            .and_then(toml::Value::as_table);
        for (group, table) in groups.into_iter().flatten() {
            out.add_keys(table.get("dependencies"), group != "main");
        }
        let project = doc.get("project");
        out.add_requirements(project.and_then(|p| p.get("dependencies")), false);
        let extras = project
            .and_then(|p| p.get("optional-dependencies"))
            .and_then(toml::Value::as_table);
        for list in extras.into_iter().flatten().map(|(_, l)| l) {
            out.add_requirements(Some(list), false);
        }
        let groups = doc.get("dependency-groups").and_then(toml::Value::as_table);
        for list in groups.into_iter().flatten().map(|(_, l)| l) {
            out.add_requirements(Some(list), true);
        }
        Ok(out)
    }

    /// What a `Pipfile` names: `[packages]` (main) and `[dev-packages]` (dev).
    pub(crate) fn from_pipfile(text: &str) -> Result<Self, String> {
        let doc: toml::Table = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let mut out = Declared::default();
        out.add_keys(doc.get("packages"), false);
        out.add_keys(doc.get("dev-packages"), true);
        Ok(out)
    }
}

/// Parses a lockfile with `parse`, given the [`Declared`] names of the manifest `manifest` beside
/// it (read by `read`; `None` without one). A manifest that cannot be read or parsed is a
/// diagnostic, and the lockfile is parsed without it.
pub(crate) fn with_manifest(
    source: &dyn crate::Source,
    path: &Path,
    display: &Path,
    manifest: &str,
    read: fn(&str) -> Result<Declared, String>,
    parse: impl FnOnce(Option<&Declared>) -> Result<crate::Parsed, crate::ExtractError>,
) -> Result<crate::Parsed, crate::ExtractError> {
    let mut beside = crate::Parsed::default();
    let declared = declared_beside(source, path, display, manifest, read, &mut beside);
    let mut parsed = parse(declared.as_ref())?;
    parsed.diagnostics.append(&mut beside.diagnostics);
    parsed.included.append(&mut beside.included);
    Ok(parsed)
}

/// The [`Declared`] names of the manifest `name` beside the lockfile `path`, read by `read`;
/// `None` without one. A manifest that cannot be read or parsed is a diagnostic in `parsed`.
fn declared_beside(
    source: &dyn crate::Source,
    path: &Path,
    display: &Path,
    name: &str,
    read: fn(&str) -> Result<Declared, String>,
    parsed: &mut crate::Parsed,
) -> Option<Declared> {
    let (text, shown) = crate::read::read_beside(source, path, display, name, parsed)?;
    match read(&text) {
        // A manifest that names nothing (a pyproject.toml of another tool's) cannot say what
        // is direct.
        Ok(declared) if declared.names.is_empty() => None,
        Ok(declared) => Some(declared),
        Err(message) => {
            let error = crate::ExtractError::Malformed {
                path: shown,
                message,
            };
            parsed.diagnostics.push(error.to_diagnostic());
            None
        }
    }
}

/// Marks each component the manifest names Direct and every other Transitive. Where the
/// lockfile did not say whether a component is for development, the graph does: reached from a
/// direct dependency outside development it is not, reached only from dev ones it is.
pub(crate) fn apply_declared(
    components: &mut [Component],
    dependencies: &[(vouch_model::Purl, vouch_model::Purl)],
    declared: &Declared,
) {
    let needs: Vec<Need> = components
        .iter()
        .map(|c| {
            declared
                .names
                .get(c.name.normalized())
                .copied()
                .unwrap_or_default()
        })
        .collect();
    let adjacency = {
        let index: HashMap<&str, usize> = components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.purl.as_str(), i))
            .collect();
        let mut adjacency = vec![Vec::new(); components.len()];
        for (from, to) in dependencies {
            if let (Some(&from), Some(&to)) = (index.get(from.as_str()), index.get(to.as_str())) {
                adjacency[from].push(to);
            }
        }
        adjacency
    };
    let reach = |seed: fn(&Need) -> bool| {
        let mut seen: Vec<bool> = needs.iter().map(seed).collect();
        let mut queue: Vec<usize> = (0..seen.len()).filter(|&i| seen[i]).collect();
        while let Some(i) = queue.pop() {
            for &next in &adjacency[i] {
                if !std::mem::replace(&mut seen[next], true) {
                    queue.push(next);
                }
            }
        }
        seen
    };
    let main = reach(|n| n.main);
    let dev = reach(|n| n.dev);
    for (i, c) in components.iter_mut().enumerate() {
        c.scope.relationship = Some(if needs[i].main || needs[i].dev {
            Relationship::Direct
        } else {
            Relationship::Transitive
        });
        if c.scope.dev.is_none() && (main[i] || dev[i]) {
            c.scope.dev = Some(!main[i]);
        }
    }
}

/// Accepts a lock-format version (`"4.5.0"`, or a number) whose major is in `majors`; a missing
/// version is accepted; any other is `UnsupportedVersion` naming `what`.
pub(crate) fn check_lock_version(
    version: Option<&toml::Value>,
    display: &std::path::Path,
    what: &'static str,
    majors: std::ops::RangeInclusive<u32>,
) -> Result<(), crate::ExtractError> {
    let Some(version) = version else {
        return Ok(());
    };
    let written = match version {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let major = written
        .split('.')
        .next()
        .and_then(|m| m.trim().parse::<u32>().ok());
    if major.is_some_and(|m| majors.contains(&m)) {
        Ok(())
    } else {
        Err(crate::ExtractError::UnsupportedVersion {
            path: display.to_path_buf(),
            what,
            version: written,
        })
    }
}

pub(crate) fn toml_str(value: Option<&toml::Value>) -> Option<&str> {
    value.and_then(toml::Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_pep_508() {
        for ok in [
            "a",
            "Django",
            "zope.interface",
            "foo17--hash",
            "a_b-c.d",
            "3to2",
        ] {
            assert!(pypi_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-a", "a-", ".a", "a b", "a$", "ä", "${X}"] {
            assert!(pypi_name(bad).is_err(), "{bad}");
        }
        assert_eq!(
            pypi_name("Zope.Interface").unwrap().normalized(),
            "zope-interface"
        );
    }

    #[test]
    fn checksums_need_a_known_algorithm_and_a_real_digest() {
        let sha = "a".repeat(64);
        let c = parse_checksum(&format!("sha256:{}", sha.to_uppercase())).unwrap();
        assert_eq!(c.algorithm, ChecksumAlgorithm::Sha256);
        assert_eq!(c.hex, sha);
        assert!(parse_checksum(&format!("md5={}", "0".repeat(32))).is_some());
        assert!(parse_checksum("sha256:123").is_none());
        assert!(parse_checksum(&format!("crc32:{sha}")).is_none());
        assert!(parse_checksum("sha256:not_base16_encoded_is_ok_;#").is_none());
        assert!(parse_checksum("").is_none());
    }

    #[test]
    fn git_revisions_that_are_not_commits_stay_in_the_url() {
        let commit = "84748be16341b76e073d117329f7f5f4ee2941ad";
        assert_eq!(
            git_source("https://g/r", Some(commit)),
            ComponentSource::Git {
                url: "https://g/r".into(),
                commit: Some(commit.into())
            }
        );
        assert_eq!(
            git_source("https://g/r", Some("v1.0")),
            ComponentSource::Git {
                url: "https://g/r@v1.0".into(),
                commit: None
            }
        );
    }

    #[test]
    fn wheel_file_names_give_name_and_version() {
        assert_eq!(
            wheel_name_version("numpy-1.9.2-cp34-none-win32.whl"),
            Some(("numpy".into(), "1.9.2".into()))
        );
        assert_eq!(
            wheel_name_version("pkg-1.0-1-py3-none-any.whl"),
            Some(("pkg".into(), "1.0".into()))
        );
        assert_eq!(wheel_name_version("numpy-1.9.2.tar.gz"), None);
        assert_eq!(wheel_name_version("numpy-1.9.2.whl"), None);
    }

    #[test]
    fn duplicates_merge_and_scope_widens() {
        let at = |line| Location {
            path: "r.txt".into(),
            line: Some(line),
        };
        let mut a = pypi_component("Foo", Some("1".into()), at(3)).unwrap();
        a.groups = vec!["b".into()];
        a.scope.dev = Some(true);
        let mut b = pypi_component("foo", Some("1".into()), at(1)).unwrap();
        b.groups = vec!["a".into()];
        b.scope.dev = Some(false);
        let c = pypi_component("foo", Some("2".into()), at(2)).unwrap();
        let merged = merge_duplicates(vec![a, b, c]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].groups, ["a", "b"]);
        assert_eq!(merged[0].locations[0].line, Some(1));
        assert_eq!(merged[0].scope.dev, Some(false));

        // Two commits of one version are two components.
        let git = |commit: &str| {
            let mut c = pypi_component("g", Some("1".into()), at(1)).unwrap();
            c.source = git_source("https://h/g", Some(commit));
            c
        };
        let merged = merge_duplicates(vec![git("aaaaaaa"), git("bbbbbbb"), git("aaaaaaa")]);
        assert_eq!(merged.len(), 2);
    }

    #[test]
    fn requirement_strings_start_with_a_name() {
        assert_eq!(pep508_name("requests[socks]>=2; x"), Some("requests"));
        assert_eq!(
            pep508_name("  win-inet-pton ; platform_system"),
            Some("win-inet-pton")
        );
        assert_eq!(pep508_name("zope.interface==5"), Some("zope.interface"));
        assert_eq!(pep508_name(">=1"), None);
        assert_eq!(pep508_name(""), None);
    }

    #[test]
    fn manifests_name_direct_dependencies() {
        let pyproject = r#"
[project]
dependencies = ["Django>=4", "zope.interface ; python_version > '3'"]
[project.optional-dependencies]
cli = ["click[colour]"]
[dependency-groups]
test = ["pytest", { include-group = "lint" }]
lint = ["ruff"]
[tool.poetry.dependencies]
python = "^3.10"
requests = { version = "^2" }
[tool.poetry.dev-dependencies]
black = "*"
[tool.poetry.group.main.dependencies]
attrs = "*"
[tool.poetry.group.docs.dependencies]
Sphinx = "*"
"#;
        let declared = Declared::from_pyproject(pyproject).unwrap();
        let mut got: Vec<_> = declared
            .names
            .iter()
            .map(|(name, need)| (name.as_str(), need.main, need.dev))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("attrs", true, false),
                ("black", false, true),
                ("click", true, false),
                ("django", true, false),
                ("pytest", false, true),
                ("requests", true, false),
                ("ruff", false, true),
                ("sphinx", false, true),
                ("zope-interface", true, false),
            ]
        );
        let pipfile = "[packages]\nRequests = \"*\"\n[dev-packages]\npytest = \"*\"\n";
        let declared = Declared::from_pipfile(pipfile).unwrap();
        assert_eq!(declared.names.len(), 2);
        assert!(declared.names["requests"].main);
        assert!(declared.names["pytest"].dev);
        let err = Declared::from_pyproject("[project\n").unwrap_err();
        assert!(err.starts_with("invalid TOML at line 1"), "{err}");
    }

    #[test]
    fn toml_errors_are_one_line_with_a_position() {
        let text = "a = 1\nthis is not toml\n";
        let err = toml::from_str::<toml::Table>(text).unwrap_err();
        let msg = toml_error(text, &err);
        assert!(msg.starts_with("invalid TOML at line 2, column "), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }
}
