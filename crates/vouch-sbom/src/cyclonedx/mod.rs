//! CycloneDX 1.6 JSON (<https://cyclonedx.org/docs/1.6/json/>) from an inventory. Every value is
//! checked against what the 1.6 schema accepts before it is written, so the output validates
//! whatever the lockfiles held; what has no CycloneDX field goes to `vouch:` properties.
//!
//! # Properties (`vouch:` namespace)
//!
//! | name | value |
//! |---|---|
//! | `vouch:ecosystem` | the OSV ecosystem name (`crates.io`, `npm`, `PyPI`, ...): the purl type alone cannot tell e.g. Debian from Ubuntu |
//! | `vouch:relationship` | `direct` or `transitive`, where the lockfile says |
//! | `vouch:dependency-group` | one per dependency group the lockfile names (`dev`, poetry groups, a requirements file) |
//! | `vouch:registry` | the URL of a registry other than the ecosystem's default |
//! | `vouch:git-commit` | the commit of a git source, where the lockfile records one |
//! | `vouch:source-path` | the directory of a path (workspace, local) dependency, as the lockfile wrote it |
//! | `vouch:vcs-url`, `vouch:download-url` | a git or archive URL that is not an RFC 3987 IRI reference (e.g. scp-like `git@host:org/repo`), which `externalReferences[].url` could not hold |
//! | `vouch:unusable-checksum` | `ALG:hex` of a recorded checksum whose length does not fit its algorithm (not a valid `hash-content`) |
//! | `vouch:overlong-version` | a version longer than the 1024 characters `version` allows |
//! | `vouch:delivered-in` | the path of the delivered file (an executable, an archive) a component is shipped inside, when the component is not that file itself |
//!
//! # BSI TR-03183-2 v2.1
//!
//! A component found in a delivered file's own metadata carries `bsi:component:filename`,
//! `bsi:component:executable` (`executable`/`non-executable`), `bsi:component:archive`
//! (`archive`/`no archive`) and `bsi:component:structured` (`structured`/`unstructured`);
//! the component that *is* that file also gets an `externalReferences[type=distribution]`
//! entry (the file's path in the delivery) with its SHA-256 and SHA-512. See docs/sbom-bsi.md.

mod wire;

use std::collections::HashSet;
use std::path::{Component as PathComponent, Path};

use jiff::tz::Offset;
use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, DeliveredFile, Ecosystem, FileRole,
    Inventory, Relationship,
};

use crate::{BomMetadata, SbomError, SerialNumber};
use wire::{ComponentType, ExternalReferenceType, Property, Scope};

/// The `$schema` we declare; the 1.6 schema's own `$id`.
const SCHEMA_URL: &str = "http://cyclonedx.org/schema/bom-1.6.schema.json";

/// `#/definitions/version` allows at most this many characters.
const MAX_VERSION_CHARS: usize = 1024;

/// The inventory as a CycloneDX 1.6 JSON document: pretty-printed, with a trailing newline.
///
/// Deterministic: the same inventory and metadata give the same bytes. Components keep the
/// inventory's order (sorted by [`Inventory::finish`]). When `meta.serial` is `None`, the serial
/// number is derived from the delivery's name and version and the components (not the
/// timestamp), so re-running on an unchanged delivery keeps the serial.
pub fn cyclonedx_json(inventory: &Inventory, meta: &BomMetadata) -> Result<String, SbomError> {
    let timestamp = rfc3339_seconds(meta.timestamp)?;

    let mut refs = BomRefs::default();
    let delivery = delivery_component(meta, &mut refs);
    let components: Vec<wire::Component> = inventory
        .components()
        .iter()
        .map(|c| component(c, &mut refs))
        .collect();
    let dependencies = dependencies(inventory, &components, &delivery);

    let serial = match &meta.serial {
        Some(serial) => serial.clone(),
        None => content_serial(&delivery, &components)?,
    };

    let bom = wire::Bom {
        schema: SCHEMA_URL,
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: serial.as_str().to_owned(),
        version: 1,
        metadata: wire::Metadata {
            timestamp,
            tools: wire::Tools {
                components: vec![wire::Component {
                    ty: ComponentType::Application,
                    bom_ref: None,
                    group: None,
                    name: meta.tool_name.to_owned(),
                    version: Some(meta.tool_version.to_owned()),
                    scope: None,
                    hashes: Vec::new(),
                    purl: None,
                    external_references: Vec::new(),
                    evidence: None,
                    properties: Vec::new(),
                }],
            },
            manufacturer: organization(meta),
            component: delivery,
            supplier: organization(meta),
        },
        components,
        dependencies,
    };
    let mut json = serde_json::to_string_pretty(&bom).map_err(serialize)?;
    json.push('\n');
    Ok(json)
}

/// The serial derived from what identifies the BOM's content: the delivery and the components,
/// as written, but not the timestamp.
fn content_serial(
    delivery: &wire::Component,
    components: &[wire::Component],
) -> Result<SerialNumber, SbomError> {
    let content = serde_json::to_vec(&(delivery, components)).map_err(serialize)?;
    Ok(SerialNumber::for_content(&content))
}

/// The serial [`cyclonedx_json`] writes for this inventory and metadata: `meta.serial`, or the
/// one derived from the content. The SPDX writer builds its `documentNamespace` from it, so both
/// SBOMs of one delivery carry the same UUID.
pub(crate) fn serial_for(
    inventory: &Inventory,
    meta: &BomMetadata,
) -> Result<SerialNumber, SbomError> {
    if let Some(serial) = &meta.serial {
        return Ok(serial.clone());
    }
    let mut refs = BomRefs::default();
    let delivery = delivery_component(meta, &mut refs);
    let components: Vec<wire::Component> = inventory
        .components()
        .iter()
        .map(|c| component(c, &mut refs))
        .collect();
    content_serial(&delivery, &components)
}

pub(crate) fn serialize(e: serde_json::Error) -> SbomError {
    SbomError::Serialize {
        message: e.to_string(),
    }
}

/// RFC 3339 in UTC with whole seconds (`2026-11-02T09:30:00Z`); sub-seconds are truncated.
pub(crate) fn rfc3339_seconds(ts: jiff::Timestamp) -> Result<String, SbomError> {
    let dt = Offset::UTC.to_datetime(ts);
    // RFC 3339's `date-fullyear` is four digits: years before 0000 have no spelling.
    if dt.year() < 0 {
        return Err(SbomError::TimestampOutOfRange {
            timestamp: ts.to_string(),
        });
    }
    Ok(dt.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// Hands out `bom-ref`s that are unique in the document, as the schema's `refType` requires.
#[derive(Default)]
struct BomRefs {
    used: HashSet<String>,
}

impl BomRefs {
    /// `preferred` if still free; otherwise `preferred [qualifier]`, then `preferred [qualifier N]`.
    /// (A space never occurs in a purl, so a disambiguated ref cannot be mistaken for one.)
    fn claim(&mut self, preferred: &str, qualifier: &str) -> String {
        let mut candidate = preferred.to_owned();
        let mut n = 1u64;
        while self.used.contains(&candidate) {
            n += 1;
            candidate = if n == 2 {
                format!("{preferred} [{qualifier}]")
            } else {
                format!("{preferred} [{qualifier} {n}]")
            };
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// The `dependencies` graph: the inventory's edges between components, by `bom-ref`, and the
/// delivery's own edge to each direct dependency. Edges to purls with no component (a lockfile
/// that names a package it does not list) are left out, so every ref resolves. Empty when no
/// lockfile recorded a graph.
fn dependencies(
    inventory: &Inventory,
    components: &[wire::Component],
    delivery: &wire::Component,
) -> Vec<wire::Dependency> {
    let graph = inventory.dependencies();
    if graph.is_empty() {
        return Vec::new();
    }
    // The first component with a purl owns it (bom-refs of later duplicates are disambiguated).
    let mut by_purl: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for (c, w) in inventory.components().iter().zip(components) {
        if let Some(r) = w.bom_ref.as_deref() {
            by_purl.entry(c.purl.as_str()).or_insert(r);
        }
    }
    let mut out = Vec::new();
    let direct: Vec<String> = inventory
        .components()
        .iter()
        .zip(components)
        .filter(|(c, _)| c.scope.relationship == Some(vouch_model::Relationship::Direct))
        .filter_map(|(_, w)| w.bom_ref.clone())
        .collect();
    if let Some(root) = &delivery.bom_ref {
        out.push(wire::Dependency {
            reference: root.clone(),
            depends_on: direct,
        });
    }
    for (from, tos) in graph {
        let Some(reference) = by_purl.get(from.as_str()) else {
            continue;
        };
        let mut depends_on: Vec<String> = tos
            .iter()
            .filter_map(|to| by_purl.get(to.as_str()).map(|r| (*r).to_owned()))
            .collect();
        depends_on.sort();
        depends_on.dedup();
        out.push(wire::Dependency {
            reference: (*reference).to_owned(),
            depends_on,
        });
    }
    out
}

/// `metadata.component`: the delivery itself.
fn organization(meta: &BomMetadata) -> Option<wire::Organization> {
    meta.supplier.as_ref().map(|s| wire::Organization {
        name: s.name.clone(),
        url: s.url.iter().cloned().collect(),
    })
}

fn delivery_component(meta: &BomMetadata, refs: &mut BomRefs) -> wire::Component {
    let mut properties = Vec::new();
    let version = checked_version(meta.component_version.as_deref(), &mut properties);
    wire::Component {
        ty: ComponentType::Application,
        // Component refs are purls (`pkg:...`), so this prefix keeps the delivery's apart.
        bom_ref: Some(refs.claim(&format!("delivery:{}", meta.component_name), "delivery")),
        group: None,
        name: meta.component_name.clone(),
        version,
        scope: None,
        hashes: Vec::new(),
        purl: None,
        external_references: meta
            .security_contacts
            .iter()
            .map(|url| wire::ExternalReference {
                url: url.clone(),
                ty: wire::ExternalReferenceType::SecurityContact,
                hashes: Vec::new(),
            })
            .collect(),
        evidence: None,
        properties,
    }
}

fn component(c: &Component, refs: &mut BomRefs) -> wire::Component {
    let mut properties = vec![property("vouch:ecosystem", c.ecosystem.as_str())];
    if let Some(relationship) = c.scope.relationship {
        let value = match relationship {
            Relationship::Direct => "direct",
            Relationship::Transitive => "transitive",
        };
        properties.push(property("vouch:relationship", value));
    }
    for group in &c.groups {
        properties.push(property("vouch:dependency-group", group));
    }

    let mut external_references = Vec::new();
    match &c.source {
        ComponentSource::Registry => {}
        ComponentSource::AlternateRegistry { url } => {
            properties.push(property("vouch:registry", url));
        }
        ComponentSource::Git { url, commit } => {
            reference_or_property(
                url,
                ExternalReferenceType::Vcs,
                "vouch:vcs-url",
                &mut external_references,
                &mut properties,
            );
            if let Some(commit) = commit {
                properties.push(property("vouch:git-commit", commit));
            }
        }
        ComponentSource::Path { path } => {
            properties.push(property("vouch:source-path", path));
        }
        ComponentSource::Url { url } => reference_or_property(
            url,
            ExternalReferenceType::Distribution,
            "vouch:download-url",
            &mut external_references,
            &mut properties,
        ),
    }

    if let Some(file) = &c.file {
        delivered_file(file, &mut external_references, &mut properties);
    }

    let hashes = hashes(&c.checksums, &mut properties);
    let version = checked_version(c.version.as_deref(), &mut properties);
    let (group, name) = group_and_name(c.ecosystem, c.name.as_str());

    let occurrences: Vec<wire::Occurrence> = c
        .locations
        .iter()
        .map(|l| wire::Occurrence {
            location: portable_path(&l.path),
            line: l.line,
        })
        .collect();

    wire::Component {
        ty: ComponentType::Library,
        bom_ref: Some(refs.claim(c.purl.as_str(), c.ecosystem.as_str())),
        group,
        name,
        version,
        scope: scope(c),
        hashes,
        purl: Some(c.purl.as_str().to_owned()),
        external_references,
        evidence: (!occurrences.is_empty()).then_some(wire::Evidence { occurrences }),
        properties,
    }
}

/// CycloneDX 1.6 `component.scope`, from the spec's definitions:
/// - `excluded` ("component usage for test and other non-runtime purposes ... not reachable
///   within a call graph at runtime") for development-only dependencies;
/// - `optional` ("not capable of being called due to them not being installed") for optional
///   dependencies (npm `optionalDependencies`, Python extras), which may be absent at runtime;
/// - `required` when the lockfile says the component is a production, non-optional dependency;
/// - omitted when the lockfile does not say whether it is a development dependency. Consumers then assume `required` (the schema's
///   default), which is the safe reading for vulnerability triage.
///
/// Dev wins over optional: an optional dev dependency is still never shipped.
fn scope(c: &Component) -> Option<Scope> {
    match (c.scope.dev, c.scope.optional) {
        (Some(true), _) => Some(Scope::Excluded),
        (_, Some(true)) => Some(Scope::Optional),
        (Some(false), _) => Some(Scope::Required),
        (None, _) => None,
    }
}

/// `group` and `name` as each ecosystem's CycloneDX tools write them: npm's scope (`@babel`,
/// as cyclonedx-node-npm and cdxgen do), Maven's groupId and Composer's vendor become `group`;
/// Go modules keep the whole module path as `name` with no group (cyclonedx-gomod, syft),
/// as do all other ecosystems.
fn group_and_name(ecosystem: Ecosystem, name: &str) -> (Option<String>, String) {
    let split = match ecosystem {
        Ecosystem::Npm => name
            .starts_with('@')
            .then(|| name.split_once('/'))
            .flatten(),
        Ecosystem::Maven => name.split_once(':'),
        Ecosystem::Packagist => name.split_once('/'),
        _ => None,
    };
    match split {
        Some((group, short)) if !group.is_empty() && !short.is_empty() => {
            (Some(group.to_owned()), short.to_owned())
        }
        _ => (None, name.to_owned()),
    }
}

/// The checksums that fit `#/definitions/hash-content` (hex of the algorithm's length); the others
/// are kept as `vouch:unusable-checksum` properties rather than dropped or written invalid.
fn hashes(checksums: &[Checksum], properties: &mut Vec<Property>) -> Vec<wire::Hash> {
    let mut out = Vec::new();
    for checksum in checksums {
        let alg = match checksum.algorithm {
            ChecksumAlgorithm::Md5 => "MD5",
            ChecksumAlgorithm::Sha1 => "SHA-1",
            ChecksumAlgorithm::Sha256 => "SHA-256",
            ChecksumAlgorithm::Sha384 => "SHA-384",
            ChecksumAlgorithm::Sha512 => "SHA-512",
        };
        match crate::checksum::usable_hex(checksum) {
            Some(content) => out.push(wire::Hash { alg, content }),
            None => properties.push(property(
                "vouch:unusable-checksum",
                &format!("{alg}:{}", checksum.hex),
            )),
        }
    }
    out
}

fn checked_version(version: Option<&str>, properties: &mut Vec<Property>) -> Option<String> {
    let version = version?;
    if version.chars().count() > MAX_VERSION_CHARS {
        properties.push(property("vouch:overlong-version", version));
        return None;
    }
    Some(version.to_owned())
}

/// An external reference when `url` is an RFC 3987 IRI reference (the schema's `iri-reference`
/// format), else the property `fallback`, so the document stays valid and nothing is lost.
fn reference_or_property(
    url: &str,
    ty: ExternalReferenceType,
    fallback: &'static str,
    references: &mut Vec<wire::ExternalReference>,
    properties: &mut Vec<Property>,
) {
    if fluent_uri::IriRef::parse(url).is_ok() {
        references.push(wire::ExternalReference {
            url: url.to_owned(),
            ty,
            hashes: Vec::new(),
        });
    } else {
        properties.push(property(fallback, url));
    }
}

/// BSI TR-03183-2 v2.1 file evidence (§5.2.2, mapped to CycloneDX in its §8.1): the file name,
/// its executable / archive / structured properties, and, for a component that *is* the file,
/// a `distribution` reference to it carrying its SHA-256 and SHA-512. A component only shipped
/// inside the file names it (`vouch:delivered-in`) but gets no hash: the file's hash is not
/// its own. See docs/sbom-bsi.md.
fn delivered_file(
    file: &DeliveredFile,
    references: &mut Vec<wire::ExternalReference>,
    properties: &mut Vec<Property>,
) {
    properties.push(property(BSI_FILENAME, &file.file_name()));
    if let Some(e) = &file.evidence {
        let yes_no = |flag: bool, yes: &str, no: &str| if flag { yes } else { no }.to_owned();
        properties.extend([
            Property {
                name: BSI_EXECUTABLE,
                value: yes_no(e.executable, "executable", "non-executable"),
            },
            Property {
                name: BSI_ARCHIVE,
                value: yes_no(e.archive, "archive", "no archive"),
            },
            Property {
                name: BSI_STRUCTURED,
                value: yes_no(e.structured, "structured", "unstructured"),
            },
        ]);
    }
    let path = portable_path(&file.path);
    match file.role {
        FileRole::Is => {
            let hashes: Vec<wire::Hash> = file
                .evidence
                .iter()
                .flat_map(|e| [("SHA-256", &e.sha256, 64), ("SHA-512", &e.sha512, 128)])
                .filter_map(|(alg, hex, len)| {
                    let hex = hex.as_ref()?;
                    // `hash-content` is 32 to 128 hex digits; these are ours, of that length.
                    (hex.len() == len && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| {
                        wire::Hash {
                            alg,
                            content: hex.clone(),
                        }
                    })
                })
                .collect();
            if !hashes.is_empty() {
                references.push(wire::ExternalReference {
                    url: file_reference(&path),
                    ty: ExternalReferenceType::Distribution,
                    hashes,
                });
            }
        }
        FileRole::In => properties.push(property(DELIVERED_IN, &path)),
    }
}

/// `bsi:component:filename`: the delivered file's name, without directories.
pub(crate) const BSI_FILENAME: &str = "bsi:component:filename";
/// `bsi:component:executable`: `executable` or `non-executable`.
pub(crate) const BSI_EXECUTABLE: &str = "bsi:component:executable";
/// `bsi:component:archive`: `archive` or `no archive`.
pub(crate) const BSI_ARCHIVE: &str = "bsi:component:archive";
/// `bsi:component:structured`: `structured` or `unstructured`.
pub(crate) const BSI_STRUCTURED: &str = "bsi:component:structured";
/// The delivered file a component is shipped inside, as a path in the delivery.
pub(crate) const DELIVERED_IN: &str = "vouch:delivered-in";

/// A path in the delivery as a relative IRI reference: every byte outside RFC 3986's
/// unreserved characters, `/` and `!` percent-encoded (so a first segment's `:` cannot read as
/// a scheme).
pub(crate) fn file_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b'!') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A path with `/` separators whatever the host, so the same delivery gives the same SBOM on
/// every platform.
pub(crate) fn portable_path(path: &Path) -> String {
    let mut out = String::new();
    for part in path.components() {
        let text = match part {
            PathComponent::RootDir => {
                out.push('/');
                continue;
            }
            PathComponent::Prefix(p) => p.as_os_str().to_string_lossy(),
            PathComponent::CurDir => ".".into(),
            PathComponent::ParentDir => "..".into(),
            PathComponent::Normal(s) => s.to_string_lossy(),
        };
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&text);
    }
    out
}

fn property(name: &'static str, value: &str) -> Property {
    Property {
        name,
        value: value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_follow_each_ecosystems_convention() {
        let g = |e, n| group_and_name(e, n);
        assert_eq!(
            g(Ecosystem::Npm, "@babel/core"),
            (Some("@babel".into()), "core".into())
        );
        assert_eq!(g(Ecosystem::Npm, "left-pad"), (None, "left-pad".into()));
        assert_eq!(
            g(Ecosystem::Maven, "org.apache.commons:commons-text"),
            (Some("org.apache.commons".into()), "commons-text".into())
        );
        assert_eq!(
            g(Ecosystem::Go, "github.com/gin-gonic/gin"),
            (None, "github.com/gin-gonic/gin".into())
        );
        assert_eq!(
            g(Ecosystem::Packagist, "symfony/console"),
            (Some("symfony".into()), "console".into())
        );
        assert_eq!(g(Ecosystem::PyPI, "Django"), (None, "Django".into()));
        assert_eq!(g(Ecosystem::Maven, ":odd"), (None, ":odd".into()));
    }

    #[test]
    fn bom_refs_are_unique() {
        let mut refs = BomRefs::default();
        assert_eq!(refs.claim("pkg:deb/curl@8", "Debian"), "pkg:deb/curl@8");
        assert_eq!(
            refs.claim("pkg:deb/curl@8", "Ubuntu"),
            "pkg:deb/curl@8 [Ubuntu]"
        );
        assert_eq!(
            refs.claim("pkg:deb/curl@8", "Ubuntu"),
            "pkg:deb/curl@8 [Ubuntu 3]"
        );
    }

    #[test]
    fn timestamps_are_whole_seconds_in_utc() {
        let ts: jiff::Timestamp = "2026-11-02T09:30:15.987+01:00".parse().unwrap();
        assert_eq!(rfc3339_seconds(ts).unwrap(), "2026-11-02T08:30:15Z");
        let early: jiff::Timestamp = "0005-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(rfc3339_seconds(early).unwrap(), "0005-01-01T00:00:00Z");
        assert!(rfc3339_seconds(jiff::Timestamp::MIN).is_err());
    }

    #[test]
    fn paths_use_forward_slashes() {
        assert_eq!(portable_path(Path::new("a/b/Cargo.lock")), "a/b/Cargo.lock");
        assert_eq!(portable_path(Path::new("/abs/x")), "/abs/x");
        assert_eq!(portable_path(Path::new("./x/../y")), "./x/../y");
    }
}
