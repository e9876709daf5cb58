//! `pom.xml`: a Maven project's declared dependencies (POM reference,
//! <https://maven.apache.org/pom.html>). A POM is not a lockfile, so this reads what can be
//! known offline: `<dependencies>` (and those of profiles active by default), versions taken
//! from `<dependencyManagement>` where a dependency has none, `${property}` references resolved
//! from `<properties>` and the `project.*` values, and all of that inherited from parent POMs
//! that are local files (`<relativePath>`, by default `../pom.xml`). A version that cannot be
//! known offline (a parent or imported BOM in a repository, a range) is left unpinned, with a note.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use vouch_model::{Component, Diagnostic, DiagnosticCode, Location, Relationship};

use crate::java::{maven_component, skipped_entry, xml_error};
use crate::read::{LineIndex, read_text};
use crate::source::Source;
use crate::{Cataloger, ExtractError, Parsed};

/// How many parents are followed: Maven has no limit, real hierarchies have a handful.
const MAX_PARENTS: usize = 16;
/// How deep `${a}` → `${b}` → ... references are followed before giving up.
const MAX_INTERPOLATION_DEPTH: usize = 32;

/// Reads Maven `pom.xml` files.
pub(crate) struct PomXml;

impl Cataloger for PomXml {
    fn name(&self) -> &'static str {
        "pom-xml"
    }

    fn claims(&self, path: &Path) -> bool {
        path.file_name().is_some_and(|n| n == "pom.xml")
    }

    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let text = read_xml_text(source, path, display)?;
        let pom = RawPom::parse(&text, display)?;
        let mut parsed = Parsed::default();
        let chain = load_parents(source, path, display, &pom, &mut parsed);
        let mut models = Vec::with_capacity(chain.len() + 1);
        models.push(pom);
        models.extend(chain);
        resolve(&models, display, &mut parsed);
        Ok(parsed)
    }
}

/// Reads an XML file as text. XML may declare a single-byte encoding (`iso-8859-1` is common in
/// old POMs); such a file that is not UTF-8 is decoded as Latin-1, where each byte is the code
/// point of the same number.
fn read_xml_text(source: &dyn Source, path: &Path, display: &Path) -> Result<String, ExtractError> {
    match read_text(source, path, display) {
        Err(ExtractError::InvalidUtf8 { path: p, offset }) => {
            let bytes = crate::read::read_bytes(source, path, display)?;
            let prolog = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_lowercase();
            let latin1 = prolog.starts_with("<?xml")
                && ["iso-8859-1", "latin1", "latin-1", "iso8859-1"]
                    .iter()
                    .any(|e| {
                        prolog.contains(&format!("encoding=\"{e}\""))
                            || prolog.contains(&format!("encoding='{e}'"))
                    });
            if latin1 {
                Ok(bytes.iter().map(|&b| char::from(b)).collect())
            } else {
                Err(ExtractError::InvalidUtf8 { path: p, offset })
            }
        }
        other => other,
    }
}

/// A `<dependency>` as written, before interpolation.
#[derive(Debug, Clone)]
struct RawDep {
    group: Option<String>,
    artifact: Option<String>,
    version: Option<String>,
    kind: Option<String>,
    classifier: Option<String>,
    scope: Option<String>,
    optional: Option<String>,
    line: u32,
}

/// A `<parent>` reference.
#[derive(Debug, Clone)]
struct ParentRef {
    group: Option<String>,
    artifact: Option<String>,
    version: Option<String>,
    /// `None`: not written (Maven's default `../pom.xml`); `Some("")`: look only in repositories.
    relative_path: Option<String>,
    line: u32,
}

impl ParentRef {
    /// `group:artifact:version` as referenced.
    fn coordinates(&self) -> String {
        let part = |p: &Option<String>| p.clone().unwrap_or_else(|| "?".into());
        format!(
            "{}:{}:{}",
            part(&self.group),
            part(&self.artifact),
            part(&self.version)
        )
    }
}

/// What one POM file says, owned so the document can go.
#[derive(Debug)]
struct RawPom {
    group: Option<String>,
    artifact: Option<String>,
    version: Option<String>,
    parent: Option<ParentRef>,
    properties: Vec<(String, String)>,
    dependencies: Vec<RawDep>,
    management: Vec<RawDep>,
}

/// The trimmed text of the child element `name` of `node`, if present and not empty.
fn child_text(node: roxmltree::Node<'_, '_>, name: &str) -> Option<String> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
        .and_then(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The child element `name` of `node`.
fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

/// The elements named `name` directly under `node`.
fn children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

impl RawPom {
    /// Parses one POM; a file that is not XML or whose root is not `<project>` is malformed.
    fn parse(text: &str, display: &Path) -> Result<RawPom, ExtractError> {
        let malformed = |message: String| ExtractError::Malformed {
            path: display.to_path_buf(),
            message,
        };
        let doc = roxmltree::Document::parse(text).map_err(|e| malformed(xml_error(&e)))?;
        let project = doc.root_element();
        if project.tag_name().name() != "project" {
            return Err(malformed(format!(
                "the root element is <{}>, not <project>",
                project.tag_name().name()
            )));
        }
        let lines = LineIndex::new(text);
        let deps = |container: Option<roxmltree::Node<'_, '_>>| -> Vec<RawDep> {
            container
                .into_iter()
                .flat_map(|c| children(c, "dependency"))
                .map(|d| RawDep {
                    group: child_text(d, "groupId"),
                    artifact: child_text(d, "artifactId"),
                    version: child_text(d, "version"),
                    kind: child_text(d, "type"),
                    classifier: child_text(d, "classifier"),
                    scope: child_text(d, "scope"),
                    optional: child_text(d, "optional"),
                    line: lines.line(d.range().start),
                })
                .collect()
        };
        let properties_of = |node: roxmltree::Node<'_, '_>| -> Vec<(String, String)> {
            child(node, "properties")
                .into_iter()
                .flat_map(|p| p.children().filter(roxmltree::Node::is_element))
                .map(|p| {
                    (
                        p.tag_name().name().to_owned(),
                        p.text().unwrap_or_default().trim().to_owned(),
                    )
                })
                .collect()
        };
        let management_of = |node: roxmltree::Node<'_, '_>| {
            deps(child(node, "dependencyManagement").and_then(|m| child(m, "dependencies")))
        };

        let mut properties = properties_of(project);
        let mut dependencies = deps(child(project, "dependencies"));
        let mut management = management_of(project);
        // Profiles active by default contribute as if written in the project.
        let active = child(project, "profiles")
            .into_iter()
            .flat_map(|p| children(p, "profile"))
            .filter(|p| {
                child(*p, "activation")
                    .and_then(|a| child_text(a, "activeByDefault"))
                    .is_some_and(|v| v == "true")
            });
        for profile in active {
            properties.extend(properties_of(profile));
            dependencies.extend(deps(child(profile, "dependencies")));
            management.extend(management_of(profile));
        }
        let parent = child(project, "parent").map(|p| ParentRef {
            group: child_text(p, "groupId"),
            artifact: child_text(p, "artifactId"),
            version: child_text(p, "version"),
            relative_path: child(p, "relativePath")
                .map(|r| r.text().unwrap_or_default().trim().to_owned()),
            line: lines.line(p.range().start),
        });
        Ok(RawPom {
            group: child_text(project, "groupId"),
            artifact: child_text(project, "artifactId"),
            version: child_text(project, "version"),
            parent,
            properties,
            dependencies,
            management,
        })
    }
}

/// Follows the `<parent>` chain of `pom` through local files, as Maven does: the file at
/// `relativePath` (a directory means its `pom.xml`) is the parent only if its groupId and
/// artifactId are the ones referenced. Stops at a parent that is not local (or lies outside the
/// scanned tree), a cycle, or [`MAX_PARENTS`]; a parent that is local but unreadable is noted.
fn load_parents(
    source: &dyn Source,
    path: &Path,
    display: &Path,
    pom: &RawPom,
    parsed: &mut Parsed,
) -> Vec<RawPom> {
    let mut chain: Vec<RawPom> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    seen.extend(source.identity(path).ok());
    let (mut path, mut display) = (path.to_path_buf(), display.to_path_buf());
    loop {
        let current = chain.last().unwrap_or(pom);
        let Some(parent) = current.parent.clone() else {
            break;
        };
        if chain.len() >= MAX_PARENTS {
            parsed.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidPackage,
                    format!("more than {MAX_PARENTS} parent POMs; the rest are not read"),
                )
                .with_path(display.clone()),
            );
            break;
        }
        let relative = parent
            .relative_path
            .clone()
            .unwrap_or_else(|| "../pom.xml".into());
        if relative.is_empty() {
            break;
        }
        let dir = path.parent().unwrap_or(Path::new(""));
        let display_dir = display.parent().unwrap_or(Path::new(""));
        let mut candidate = dir.join(&relative);
        let mut candidate_display = normalize(&display_dir.join(&relative));
        // A scan reads only the delivery: a parent above the scanned root (the display path
        // climbs out of it) is treated as one in a repository.
        if candidate_display.starts_with("..") {
            break;
        }
        if source.is_dir(&candidate) {
            candidate.push("pom.xml");
            candidate_display.push("pom.xml");
        }
        let Ok(canonical) = source.identity(&candidate) else {
            break;
        };
        if !seen.insert(canonical) {
            break;
        }
        let loaded = read_xml_text(source, &candidate, &candidate_display)
            .and_then(|text| RawPom::parse(&text, &candidate_display));
        let loaded = match loaded {
            Ok(p) => p,
            Err(e) => {
                // Reported against the parent file, with the code its own scan would give.
                let mut note = e.to_diagnostic();
                note.message = format!(
                    "{} (read as the parent of {}, line {}; what it declares is missing)",
                    note.message,
                    display.display(),
                    parent.line
                );
                parsed.diagnostics.push(note);
                break;
            }
        };
        let group = loaded
            .group
            .as_ref()
            .or(loaded.parent.as_ref().and_then(|p| p.group.as_ref()));
        if group != parent.group.as_ref() || loaded.artifact != parent.artifact {
            // Another project's POM: Maven would look for the parent in repositories.
            break;
        }
        path = candidate;
        display = candidate_display;
        chain.push(loaded);
    }
    chain
}

/// `path` with `.` and `dir/..` removed lexically, for display (`a/../pom.xml` is `pom.xml`).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component as C;
    let mut out: Vec<C<'_>> = Vec::new();
    for part in path.components() {
        match part {
            C::CurDir => {}
            C::ParentDir if matches!(out.last(), Some(C::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// A dependency with every reference resolved as far as possible.
struct Resolved {
    group: String,
    artifact: String,
    version: Result<String, String>,
    kind: String,
    classifier: String,
    scope: String,
    optional: bool,
    line: u32,
}

/// Builds the components of `models[0]`, which inherits from `models[1..]` in order.
fn resolve(models: &[RawPom], display: &Path, parsed: &mut Parsed) {
    let Some(pom) = models.first() else {
        return;
    };
    let properties = properties(models);
    // Where the chain of local parents ended at a parent in a repository, what it declares is
    // unknown offline; notes say so.
    let remote = models
        .last()
        .and_then(|m| m.parent.as_ref())
        .map(|p| {
            format!(
                " (the parent POM {} is not a local file, so what it declares is unknown offline)",
                p.coordinates()
            )
        })
        .unwrap_or_default();
    let interpolate = |s: &str| interpolate(s, &properties);

    // dependencyManagement: the nearest declaration of a key wins.
    let mut managed: Vec<&RawDep> = Vec::new();
    let mut imports: Vec<String> = Vec::new();
    for model in models {
        for d in &model.management {
            if d.scope.as_deref() == Some("import") {
                let shown = |part: Option<&String>| {
                    part.map_or_else(
                        || "?".to_owned(),
                        |p| interpolate(p).unwrap_or_else(|_| p.clone()),
                    )
                };
                imports.push(format!(
                    "{}:{}:{}",
                    shown(d.group.as_ref()),
                    shown(d.artifact.as_ref()),
                    shown(d.version.as_ref()),
                ));
            } else {
                managed.push(d);
            }
        }
    }
    let managed: Vec<(String, String, String, String, &RawDep)> = managed
        .iter()
        .filter_map(|&d| {
            let g = interpolate(d.group.as_deref()?).ok()?;
            let a = interpolate(d.artifact.as_deref()?).ok()?;
            let (k, c) = kind_classifier(d, &interpolate);
            Some((g, a, k, c, d))
        })
        .collect();

    // The project's own dependencies, then inherited ones it does not redeclare.
    // An inherited one is placed at the project's `<parent>`, through which it comes.
    let mut declared: Vec<(&RawDep, u32, bool)> = pom
        .dependencies
        .iter()
        .map(|d| (d, d.line, false))
        .collect();
    let parent_line = pom.parent.as_ref().map_or(0, |p| p.line);
    for model in &models[1..] {
        declared.extend(model.dependencies.iter().map(|d| (d, parent_line, true)));
    }

    let mut seen: HashMap<(String, String, String, String), usize> = HashMap::new();
    let mut resolved: Vec<Resolved> = Vec::new();
    for (dep, line, inherited) in declared {
        let record = format!(
            "{}:{}",
            dep.group.as_deref().unwrap_or_default(),
            dep.artifact.as_deref().unwrap_or_default()
        );
        let required = |what: &str, value: Option<&String>| -> Result<String, String> {
            let value = value.ok_or_else(|| format!("the dependency has no {what}"))?;
            interpolate(value).map_err(|name| {
                format!("its {what} `{value}` uses the property `{name}`, which is not defined here or in a local parent{remote}")
            })
        };
        let ids = required("groupId", dep.group.as_ref())
            .and_then(|g| required("artifactId", dep.artifact.as_ref()).map(|a| (g, a)));
        let (group, artifact) = match ids {
            Ok(ids) => ids,
            Err(problem) => {
                parsed.diagnostics.push(skipped_entry(
                    display,
                    &record,
                    format!("line {line}: {problem}; dependency skipped"),
                ));
                continue;
            }
        };
        let (kind, classifier) = kind_classifier(dep, &interpolate);
        let management = managed
            .iter()
            .find(|m| m.0 == group && m.1 == artifact && m.2 == kind && m.3 == classifier)
            .or_else(|| managed.iter().find(|m| m.0 == group && m.1 == artifact))
            .map(|m| m.4);
        let version = match dep
            .version
            .as_ref()
            .or(management.and_then(|m| m.version.as_ref()))
        {
            Some(v) => match interpolate(v) {
                Ok(v) => pinned(&v),
                Err(name) => Err(format!(
                    "its version `{v}` uses the property `{name}`, which is not defined here or in a local parent{remote}"
                )),
            },
            None if imports.is_empty() => Err(format!(
                "no version is declared, and no dependencyManagement here or in a local parent gives one{remote}"
            )),
            None => Err(format!(
                "no version is declared; it may come from the imported BOM {}, which is not read offline",
                imports.join(", ")
            )),
        };
        let scope = dep
            .scope
            .as_ref()
            .or(management.and_then(|m| m.scope.as_ref()))
            .and_then(|s| interpolate(s).ok())
            .unwrap_or_else(|| "compile".into());
        let optional = dep
            .optional
            .as_ref()
            .or(management.and_then(|m| m.optional.as_ref()))
            .is_some_and(|o| o == "true");
        let key = (
            group.clone(),
            artifact.clone(),
            kind.clone(),
            classifier.clone(),
        );
        if let Some(&first) = seen.get(&key) {
            let earlier: &Resolved = &resolved[first];
            if inherited {
                // Redeclared nearer (by the project or a nearer parent): that declaration wins.
                continue;
            }
            if earlier.version != version {
                parsed.diagnostics.push(skipped_entry(
                    display,
                    &record,
                    format!(
                        "line {line}: {group}:{artifact} is declared again (first at line {}); Maven uses the first declaration, so this one is ignored",
                        earlier.line
                    ),
                ));
                continue;
            }
        } else {
            seen.insert(key, resolved.len());
        }
        resolved.push(Resolved {
            group,
            artifact,
            version,
            kind,
            classifier,
            scope,
            optional,
            line,
        });
    }
    let built = components(resolved, display, parsed);
    parsed.components.extend(built);
}

/// `<type>` (default `jar`) and `<classifier>` (default none), interpolated.
fn kind_classifier(
    dep: &RawDep,
    interpolate: &dyn Fn(&str) -> Result<String, String>,
) -> (String, String) {
    let value = |v: Option<&String>, default: &str| {
        v.map_or_else(
            || default.to_owned(),
            |v| interpolate(v).unwrap_or_else(|_| v.clone()),
        )
    };
    (
        value(dep.kind.as_ref(), "jar"),
        value(dep.classifier.as_ref(), ""),
    )
}

/// A version that pins one release, or why it does not
/// (<https://maven.apache.org/pom.html#dependency-version-requirement-specification>): `[1.0]`
/// is exactly 1.0; other ranges say what may be resolved, not what is.
fn pinned(version: &str) -> Result<String, String> {
    let v = version.trim();
    if let Some(exact) = v.strip_prefix('[').and_then(|r| r.strip_suffix(']'))
        && !exact.contains(',')
        && !exact.trim().is_empty()
    {
        return Ok(exact.trim().to_owned());
    }
    if v.is_empty() {
        Err("the version is empty".into())
    } else if v.contains(['[', ']', '(', ')', ',']) {
        Err(format!("`{v}` is a version range, not a pin"))
    } else {
        Ok(v.to_owned())
    }
}

/// One component per package and version; declarations of other artifacts of it (a classifier,
/// a `pom` type) add their lines after the main artifact's.
fn components(resolved: Vec<Resolved>, display: &Path, parsed: &mut Parsed) -> Vec<Component> {
    let mut groups: Vec<Vec<Resolved>> = Vec::new();
    let mut index: HashMap<(String, String, Option<String>), usize> = HashMap::new();
    for r in resolved {
        let key = (r.group.clone(), r.artifact.clone(), r.version.clone().ok());
        match index.get(&key) {
            Some(&i) => groups[i].push(r),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![r]);
            }
        }
    }
    let mut out = Vec::with_capacity(groups.len());
    for mut group in groups {
        group.sort_by_key(|r| !(r.kind == "jar" && r.classifier.is_empty()));
        let Some(first) = group.first() else {
            continue;
        };
        let location = |line: u32| Location {
            path: display.to_path_buf(),
            line: Some(line),
        };
        let record = format!("{}:{}", first.group, first.artifact);
        let mut component = match maven_component(
            &first.group,
            &first.artifact,
            first.version.as_deref().ok(),
            location(first.line),
        ) {
            Ok(c) => c,
            Err(problem) => {
                parsed.diagnostics.push(skipped_entry(
                    display,
                    &record,
                    format!("line {}: {problem}; dependency skipped", first.line),
                ));
                continue;
            }
        };
        if let Err(why) = &first.version {
            parsed.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::UnpinnedRequirement,
                    format!(
                        "line {}: {record}: {why}; reported without a version",
                        first.line
                    ),
                )
                .with_path(display)
                .with_record(record.clone()),
            );
        }
        component
            .locations
            .extend(group.iter().skip(1).map(|r| location(r.line)));
        component.locations.dedup();
        component.scope.relationship = Some(Relationship::Direct);
        component.scope.dev = Some(group.iter().all(|r| r.scope == "test"));
        component.scope.optional = Some(group.iter().all(|r| r.optional));
        // Scopes as groups; the default (`compile`) is left implicit unless another artifact of
        // the same package has a different scope.
        component.groups = group.iter().map(|r| r.scope.clone()).collect();
        component.groups.sort();
        component.groups.dedup();
        if component.groups == ["compile"] {
            component.groups.clear();
        }
        out.push(component);
    }
    out
}

/// The properties `${...}` can name: the inherited `<properties>` (nearest wins) and the
/// project's model values (`project.groupId`, `project.version`, `project.parent.version`,
/// ... with `pom.` as an old alias).
fn properties(models: &[RawPom]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for model in models.iter().rev() {
        for (k, v) in &model.properties {
            out.insert(k.clone(), v.clone());
        }
    }
    let Some(pom) = models.first() else {
        return out;
    };
    let parent = pom.parent.as_ref();
    // A project inherits its groupId and version from its parent reference.
    let group = pom.group.clone().or(parent.and_then(|p| p.group.clone()));
    let version = pom
        .version
        .clone()
        .or(parent.and_then(|p| p.version.clone()));
    let values = [
        ("groupId", group),
        ("artifactId", pom.artifact.clone()),
        ("version", version),
        ("parent.groupId", parent.and_then(|p| p.group.clone())),
        ("parent.artifactId", parent.and_then(|p| p.artifact.clone())),
        ("parent.version", parent.and_then(|p| p.version.clone())),
    ];
    for (name, value) in values {
        if let Some(value) = value {
            out.insert(format!("project.{name}"), value.clone());
            out.insert(format!("pom.{name}"), value);
        }
    }
    out
}

/// Replaces every `${name}` in `text`, following references up to
/// [`MAX_INTERPOLATION_DEPTH`] deep; `Err` names the first property that is not defined (or
/// refers to itself).
fn interpolate(text: &str, properties: &HashMap<String, String>) -> Result<String, String> {
    interpolate_at(text, properties, 0)
}

fn interpolate_at(
    text: &str,
    properties: &HashMap<String, String>,
    depth: usize,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            // An unclosed `${` is text, as Maven leaves it.
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let name = &after[..end];
        let value = properties
            .get(name)
            .filter(|_| depth < MAX_INTERPOLATION_DEPTH)
            .ok_or_else(|| name.to_owned())?;
        out.push_str(&interpolate_at(value, properties, depth + 1)?);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn interpolation_follows_references_and_stops_at_cycles() {
        let p = props(&[("a", "${b}.x"), ("b", "1"), ("loop", "${loop}")]);
        assert_eq!(interpolate("v${a}-${b}", &p), Ok("v1.x-1".into()));
        assert_eq!(interpolate("${missing}", &p), Err("missing".into()));
        assert_eq!(interpolate("${loop}", &p), Err("loop".into()));
        assert_eq!(interpolate("${open", &p), Ok("${open".into()));
    }

    #[test]
    fn display_paths_are_normalised() {
        assert_eq!(normalize(Path::new("a/../pom.xml")), Path::new("pom.xml"));
        assert_eq!(
            normalize(Path::new("a/./p/pom.xml")),
            Path::new("a/p/pom.xml")
        );
        assert_eq!(
            normalize(Path::new("../x/pom.xml")),
            Path::new("../x/pom.xml")
        );
    }

    #[test]
    fn ranges_are_not_pins() {
        assert_eq!(pinned("1.0"), Ok("1.0".into()));
        assert_eq!(pinned("[1.0]"), Ok("1.0".into()));
        assert!(pinned("[1.0,2.0)").is_err());
        assert!(pinned("(,1.0]").is_err());
        assert!(pinned("").is_err());
    }

    fn parse(text: &str) -> Parsed {
        let pom = RawPom::parse(text, Path::new("pom.xml")).unwrap();
        let mut parsed = Parsed::default();
        resolve(&[pom], Path::new("pom.xml"), &mut parsed);
        parsed
    }

    #[test]
    fn management_scope_and_unpinned() {
        let parsed = parse(
            r#"<project><groupId>g</groupId><version>7</version>
<dependencyManagement><dependencies>
  <dependency><groupId>m</groupId><artifactId>a</artifactId><version>2.0</version><scope>test</scope></dependency>
</dependencies></dependencyManagement>
<dependencies>
  <dependency><groupId>m</groupId><artifactId>a</artifactId></dependency>
  <dependency><groupId>${project.groupId}</groupId><artifactId>self</artifactId><version>${project.version}</version><optional>true</optional></dependency>
  <dependency><groupId>x</groupId><artifactId>nov</artifactId></dependency>
  <dependency><groupId>x</groupId><artifactId>${nope}</artifactId></dependency>
</dependencies></project>"#,
        );
        let got: Vec<(&str, Option<&str>)> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.version.as_deref()))
            .collect();
        assert_eq!(
            got,
            [("m:a", Some("2.0")), ("g:self", Some("7")), ("x:nov", None)]
        );
        assert_eq!(parsed.components[0].groups, ["test"]);
        assert_eq!(parsed.components[0].scope.dev, Some(true));
        assert_eq!(parsed.components[1].scope.optional, Some(true));
        assert_eq!(parsed.components[1].scope.dev, Some(false));
        let codes: Vec<DiagnosticCode> = parsed.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                DiagnosticCode::InvalidPackage,
                DiagnosticCode::UnpinnedRequirement
            ]
        );
        assert!(parsed.diagnostics[0].message.contains("`nope`"));
    }

    #[test]
    fn the_project_overrides_what_it_inherits() {
        let d = Path::new("pom.xml");
        let child = RawPom::parse(
            "<project>\n<parent><groupId>p</groupId><artifactId>par</artifactId><version>5</version></parent>\n\
             <properties><v>2</v></properties>\n\
             <dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>${v}</version></dependency>\n\
             <dependency><groupId>g</groupId><artifactId>c</artifactId></dependency></dependencies></project>",
            d,
        )
        .unwrap();
        let parent = RawPom::parse(
            "<project><groupId>p</groupId><artifactId>par</artifactId><version>5</version>\
             <properties><v>1</v><w>${project.version}</w></properties>\
             <dependencyManagement><dependencies><dependency><groupId>g</groupId><artifactId>c</artifactId><version>${w}</version></dependency></dependencies></dependencyManagement>\
             <dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version></dependency>\
             <dependency><groupId>g</groupId><artifactId>b</artifactId><version>${v}</version></dependency></dependencies></project>",
            Path::new("../pom.xml"),
        )
        .unwrap();
        let mut parsed = Parsed::default();
        resolve(&[child, parent], d, &mut parsed);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let got: Vec<(&str, Option<&str>, Option<u32>)> = parsed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.version.as_deref(), c.locations[0].line))
            .collect();
        assert_eq!(
            got,
            [
                ("g:a", Some("2"), Some(4)),
                ("g:c", Some("5"), Some(5)),
                ("g:b", Some("2"), Some(2)),
            ]
        );
    }

    #[test]
    fn not_a_project_is_malformed() {
        let err = RawPom::parse("<settings/>", Path::new("pom.xml")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "pom.xml: the root element is <settings>, not <project>"
        );
    }
}
