//! Java archives (.jar, .war, .ear and the other zip-based Java formats osv-scalibr reads): each
//! `pom.properties` (Maven writes `META-INF/maven/<group>/<artifact>/pom.properties`; any entry
//! of that name is read, as osv-scalibr does) is a Maven component; an archive without one falls
//! back to its `META-INF/MANIFEST.MF` (OSGi `Bundle-SymbolicName`, else a dotted
//! `Implementation-Title`). Nested archives (WEB-INF/lib, BOOT-INF/lib, shaded jars) are read
//! from memory down to [`MAX_DEPTH`], within limits on entries and inflated bytes, so a zip bomb
//! is refused with a diagnostic instead of filling memory.

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use vouch_model::{Component, Diagnostic, DiagnosticCode, Ecosystem, Location, PackageName};

use crate::python::skipped_entry;
use crate::{Cataloger, ExtractError, Parsed};

/// Java archives, by extension.
pub(crate) struct JavaArchive;

/// The extensions read (osv-scalibr's list, less `.jmod`, which is not a plain zip).
const EXTENSIONS: [&str; 9] = [
    "jar", "war", "ear", "par", "sar", "jpi", "hpi", "lpkg", "nar",
];

/// How deep archives inside archives are opened: an .ear's .war's jar's shaded jar.
pub(crate) const MAX_DEPTH: usize = 3;
/// The most entries looked at across one archive and everything nested in it.
const MAX_ENTRIES: usize = 200_000;
/// The most bytes inflated across one archive and everything nested in it.
const MAX_INFLATED: u64 = 512 * 1024 * 1024;
/// The largest nested archive read into memory.
const MAX_NESTED: u64 = 128 * 1024 * 1024;
/// The largest pom.properties or MANIFEST.MF read.
const MAX_METADATA: u64 = 1024 * 1024;
/// The highest inflated-to-compressed ratio accepted for an entry larger than [`MAX_METADATA`]
/// (real jars compress text about 10:1; bombs reach 1000:1).
const MAX_RATIO: u64 = 200;

impl Cataloger for JavaArchive {
    fn lists_installed(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "java-archive"
    }

    fn claims(&self, path: &Path) -> bool {
        is_archive_name(&path.to_string_lossy())
    }

    fn needs_siblings(&self) -> bool {
        false
    }

    fn parse_from(
        &self,
        source: &dyn crate::Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let file = crate::read::open(source, path, display)?;
        let mut archive = zip::ZipArchive::new(file).map_err(|e| ExtractError::Malformed {
            path: display.to_path_buf(),
            message: format!("not a zip archive: {e}"),
        })?;
        let mut walk = Walk {
            display,
            budget_entries: MAX_ENTRIES,
            budget_bytes: MAX_INFLATED,
            parsed: Parsed::default(),
        };
        walk.archive(&mut archive, "", 0)?;
        walk.parsed.itself = own_artifact(&walk.parsed.components, display);
        Ok(walk.parsed)
    }
}

/// The artifact the archive at `display` is itself: the only one described at its top level
/// (not in an archive nested in it), or, when a shaded or fat jar keeps several top-level
/// `pom.properties`, the one whose `artifactId-version` starts the file name. `None` when
/// neither tells: then every component is one the archive merely holds.
fn own_artifact(components: &[Component], display: &Path) -> Option<vouch_model::Purl> {
    let top: Vec<&Component> = components
        .iter()
        .filter(|c| {
            c.locations.iter().any(|l| {
                l.path.strip_prefix(display).is_ok_and(|inner| {
                    inner
                        .ancestors()
                        .skip(1)
                        .all(|a| !is_archive_name(&a.to_string_lossy()))
                })
            })
        })
        .collect();
    if let [only] = top.as_slice() {
        return Some(only.purl.clone());
    }
    let file = display.file_name()?.to_string_lossy().to_lowercase();
    top.iter()
        .find(|c| {
            let artifact = c.name.as_str().rsplit(':').next().unwrap_or_default();
            c.version
                .as_deref()
                .is_some_and(|v| file.starts_with(&format!("{artifact}-{v}.").to_lowercase()))
        })
        .map(|c| c.purl.clone())
}

fn is_archive_name(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && !stem.ends_with(['/', '\\'])
            && EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e))
    })
}

/// One walk over an archive and the archives nested in it, with what is left of its budgets.
struct Walk<'a> {
    display: &'a Path,
    budget_entries: usize,
    budget_bytes: u64,
    parsed: Parsed,
}

/// Why an entry was not read.
enum Refused {
    /// The entry is bad; say so and go on.
    Entry(String),
    /// A budget of the whole walk is spent: say so and stop.
    Budget(String),
}

impl Walk<'_> {
    /// Reads the archive at `inner` (the path inside the file, `""` for the file itself).
    fn archive<R: Read + Seek>(
        &mut self,
        archive: &mut zip::ZipArchive<R>,
        inner: &str,
        depth: usize,
    ) -> Result<(), ExtractError> {
        if archive.len() > self.budget_entries {
            return self.stop(
                inner,
                format!(
                    "has {} entries, more than the {MAX_ENTRIES} read per archive; refused",
                    archive.len()
                ),
            );
        }
        self.budget_entries -= archive.len();
        let mut found_pom = false;
        let mut manifest: Option<(String, String)> = None;
        for i in 0..archive.len() {
            let mut entry = match archive.by_index(i) {
                Ok(e) => e,
                Err(e) => {
                    self.note(inner, format!("entry {i} cannot be read: {e}"));
                    continue;
                }
            };
            if !entry.is_file() {
                continue;
            }
            let name = match entry.name() {
                Ok(n) => n.into_owned(),
                Err(e) => {
                    self.note(inner, format!("entry {i} has an unreadable name: {e}"));
                    continue;
                }
            };
            let at = join(inner, &name);
            let file_name = name.rsplit('/').next().unwrap_or(&name);
            if file_name == "pom.properties" {
                match self.read_entry(&mut entry, MAX_METADATA) {
                    Ok(bytes) => {
                        found_pom |= self.pom_properties(&String::from_utf8_lossy(&bytes), &at);
                    }
                    Err(Refused::Entry(m)) => self.note(&at, m),
                    Err(Refused::Budget(m)) => return self.stop(&at, m),
                }
            } else if name.eq_ignore_ascii_case("META-INF/MANIFEST.MF") {
                match self.read_entry(&mut entry, MAX_METADATA) {
                    Ok(bytes) => {
                        manifest = Some((String::from_utf8_lossy(&bytes).into_owned(), at))
                    }
                    Err(Refused::Entry(m)) => self.note(&at, m),
                    Err(Refused::Budget(m)) => return self.stop(&at, m),
                }
            } else if is_archive_name(&name) {
                if depth + 1 > MAX_DEPTH {
                    self.note(
                        &at,
                        format!("nested more than {MAX_DEPTH} archives deep; not opened"),
                    );
                    continue;
                }
                let bytes = match self.read_entry(&mut entry, MAX_NESTED) {
                    Ok(bytes) => bytes,
                    Err(Refused::Entry(m)) => {
                        self.note(&at, m);
                        continue;
                    }
                    Err(Refused::Budget(m)) => return self.stop(&at, m),
                };
                drop(entry);
                match zip::ZipArchive::new(Cursor::new(bytes)) {
                    Ok(mut nested) => self.archive(&mut nested, &at, depth + 1)?,
                    Err(e) => self.note(&at, format!("not a zip archive: {e}")),
                }
            }
        }
        if !found_pom && let Some((text, at)) = manifest {
            self.manifest(&text, &at);
        }
        Ok(())
    }

    /// The inflated bytes of `entry`, at most `limit` of them and within the walk's budget.
    fn read_entry(
        &mut self,
        entry: &mut zip::read::ZipFile<'_, impl Read>,
        limit: u64,
    ) -> Result<Vec<u8>, Refused> {
        let (size, compressed) = (entry.size(), entry.compressed_size());
        if size > limit {
            return Err(Refused::Entry(format!(
                "inflates to {size} bytes, more than the {limit}-byte limit; not read"
            )));
        }
        if size > MAX_METADATA && size / compressed.max(1) > MAX_RATIO {
            return Err(Refused::Entry(format!(
                "inflates {compressed} bytes to {size}, a ratio above {MAX_RATIO}:1; refused as a zip bomb"
            )));
        }
        if size > self.budget_bytes {
            return Err(Refused::Budget(format!(
                "the archive inflates to more than {MAX_INFLATED} bytes in all; refused as a zip bomb, the rest is not read"
            )));
        }
        // The header's size is not trusted: read one byte more than it allows to notice a lie.
        let cap = limit.min(self.budget_bytes);
        let mut bytes = Vec::new();
        entry
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Refused::Entry(format!("cannot be inflated: {e}")))?;
        if bytes.len() as u64 > cap {
            return Err(Refused::Budget(format!(
                "inflates to more than its header says (over {cap} bytes); refused as a zip bomb, the rest is not read"
            )));
        }
        self.budget_bytes -= bytes.len() as u64;
        Ok(bytes)
    }

    /// A pom.properties at `at`; whether it named a component.
    fn pom_properties(&mut self, text: &str, at: &str) -> bool {
        let props = properties(text);
        let get = |key: &str| {
            props
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
        };
        match (get("groupId"), get("artifactId"), get("version")) {
            (Some(group), Some(artifact), Some(version)) => {
                self.add(group, artifact, version, at);
                true
            }
            _ => {
                self.parsed.diagnostics.push(skipped_entry(
                    &self.display.join(at),
                    at,
                    "pom.properties lacks groupId, artifactId or version",
                ));
                false
            }
        }
    }

    /// The manifest fallback: an OSGi bundle's symbolic name, or a dotted implementation title,
    /// split at its last dot into group and artifact.
    fn manifest(&mut self, text: &str, at: &str) {
        let attrs = manifest_main(text);
        let get = |key: &str| {
            attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.as_str())
        };
        let first = |v: &str| v.split([';', ' ']).next().unwrap_or_default().to_owned();
        let id = get("Bundle-SymbolicName")
            .map(first)
            .filter(|n| is_dotted_id(n))
            .or_else(|| {
                get("Implementation-Title")
                    .map(first)
                    .filter(|n| is_dotted_id(n))
            });
        let version = get("Bundle-Version")
            .or_else(|| get("Implementation-Version"))
            .map(first);
        if let (Some(id), Some(version)) = (id, version)
            && !version.is_empty()
            && let Some((group, artifact)) = id.rsplit_once('.')
        {
            self.add(group, artifact, &version, at);
        }
    }

    fn add(&mut self, group: &str, artifact: &str, version: &str, at: &str) {
        let coordinate = format!("{group}:{artifact}");
        let location = Location::file(self.display.join(at));
        let made = PackageName::new(Ecosystem::Maven, &coordinate)
            .map_err(|e| e.to_string())
            .and_then(|name| {
                Component::new(Ecosystem::Maven, name, Some(version.to_owned()), location)
                    .map_err(|e| e.to_string())
            });
        match made {
            Ok(c) => self.parsed.components.push(c),
            Err(message) => self.parsed.diagnostics.push(skipped_entry(
                &self.display.join(at),
                &format!("{coordinate} {version}"),
                message,
            )),
        }
    }

    fn note(&mut self, at: &str, message: String) {
        self.parsed.diagnostics.push(
            Diagnostic::new(DiagnosticCode::MalformedLockfile, message)
                .with_path(self.display.join(at)),
        );
    }

    fn stop(&mut self, at: &str, message: String) -> Result<(), ExtractError> {
        self.note(at, message);
        Ok(())
    }
}

fn join(inner: &str, name: &str) -> String {
    if inner.is_empty() {
        name.to_owned()
    } else {
        format!("{inner}/{name}")
    }
}

/// Whether a manifest value can be a reverse-DNS Maven id (`org.apache.ivy`): dotted, no spaces
/// or placeholders.
fn is_dotted_id(s: &str) -> bool {
    s.contains('.')
        && !s.starts_with('.')
        && !s.ends_with('.')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// `key=value` / `key: value` lines of a Java properties file, comments (`#`, `!`) skipped.
fn properties(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with(['#', '!']))
        .filter_map(|l| {
            let at = l.find(['=', ':'])?;
            Some((l[..at].trim().to_owned(), l[at + 1..].trim().to_owned()))
        })
        .collect()
}

/// The main section of a manifest (up to the first blank line): `Name: value`, a line starting
/// with one space continuing the value before (JAR File Specification, "Manifest Specification").
fn manifest_main(text: &str) -> Vec<(String, String)> {
    let mut attrs: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            break;
        }
        if let Some(rest) = line.strip_prefix(' ') {
            if let Some((_, v)) = attrs.last_mut() {
                v.push_str(rest);
            }
        } else if let Some((k, v)) = line.split_once(':') {
            attrs.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    attrs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_properties_and_manifests() {
        assert!(is_archive_name("lib/a.JAR"));
        assert!(is_archive_name("app.war"));
        assert!(!is_archive_name(".jar"));
        assert!(!is_archive_name("a.jar.txt"));
        assert_eq!(
            properties("#c\ngroupId=g\nartifactId: a\n version = 1 \n"),
            [
                ("groupId".into(), "g".into()),
                ("artifactId".into(), "a".into()),
                ("version".into(), "1".into())
            ]
        );
        let attrs = manifest_main("A: 1\nB: lo\n ng\n\nName: x\nC: 2\n");
        assert_eq!(
            attrs,
            [("A".into(), "1".into()), ("B".into(), "long".into())]
        );
        assert!(is_dotted_id("org.apache.ivy"));
        assert!(!is_dotted_id("Apache Axis"));
        assert!(!is_dotted_id("%pluginName"));
    }
}
