//! SPDX 2.3 JSON (<https://spdx.github.io/spdx-spec/v2.3/>) from an inventory, the sibling of the
//! CycloneDX writer: the delivery is the described package, each component a package with its
//! purl, and the lockfiles' dependency graph becomes `DEPENDS_ON` relationships.
//!
//! # Mapping
//!
//! | vouch | SPDX 2.3 |
//! |---|---|
//! | the delivery | the package `SPDXRef-Delivery`, which `SPDXRef-DOCUMENT` `DESCRIBES` (§11; the 2.3 schema deprecates `documentDescribes` in favour of that relationship) |
//! | a component | a package `SPDXRef-Package-<type>-<name>-<version>-<hash>`, `externalRefs` with its purl (`PACKAGE-MANAGER`/`purl`, Annex F.3.7) |
//! | direct, production | `SPDXRef-Delivery DEPENDS_ON` the component |
//! | development (`dev`) | the component `DEV_DEPENDENCY_OF SPDXRef-Delivery`, as CycloneDX's `excluded` |
//! | optional | the component `OPTIONAL_DEPENDENCY_OF SPDXRef-Delivery`, as CycloneDX's `optional`; dev wins |
//! | a lockfile edge A → B | `A DEPENDS_ON B` |
//! | checksums | `checksums` (`SHA1`, `SHA256`, `SHA384`, `SHA512`, `MD5`); malformed ones go to `comment` |
//! | a download URL, a git source | `downloadLocation` (§7.7 VCS form `git+<url>@<commit>`), the source as written in `sourceInfo` |
//! | ecosystem, where found, groups | `comment`, one `key: value` line each |
//!
//! Supplier, licenses and copyright are `NOASSERTION`: a lockfile does not say.

mod wire;

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};
use vouch_model::{
    ChecksumAlgorithm, Component, ComponentSource, DeliveredFile, FileRole, Inventory, Relationship,
};

use crate::cyclonedx::{rfc3339_seconds, serial_for, serialize};
use crate::{BomMetadata, SbomError};
use wire::{Purpose, RelationshipType};

/// `SPDXID` of the document itself (§6.3).
const DOCUMENT_ID: &str = "SPDXRef-DOCUMENT";
/// `SPDXID` of the delivery's package. Components' IDs start `SPDXRef-Package-`, so none can
/// take it.
const DELIVERY_ID: &str = "SPDXRef-Delivery";
/// §3.2 "no assertion": the field was not determined.
const NOASSERTION: &str = "NOASSERTION";
/// The readable middle of a component's `SPDXID` is cut to this many characters; the hash
/// suffix keeps it unique.
const MAX_ID_LABEL: usize = 64;

/// The inventory as an SPDX 2.3 JSON document: pretty-printed, with a trailing newline.
///
/// Deterministic: the same inventory and metadata give the same bytes. Packages are the delivery
/// and then the components in the inventory's order (sorted by [`Inventory::finish`]);
/// relationships are sorted. `documentNamespace` carries the UUID of the CycloneDX serial
/// number [`crate::cyclonedx_json`] writes for the same input, so it too ignores `created`.
pub fn spdx_json(inventory: &Inventory, meta: &BomMetadata) -> Result<String, SbomError> {
    let created = rfc3339_seconds(meta.timestamp)?;
    // §6.5 wants a URI unique to the document. Deriving it from the content, not from a random
    // UUID, keeps the same delivery's SPDX byte-identical across runs (apart from `created`), so
    // SBOMs diff well and can be reproduced; different content gives a different namespace. The
    // `.invalid` TLD (RFC 2606) says it is a name, not a place to fetch from.
    let serial = serial_for(inventory, meta)?;
    let uuid = serial
        .as_str()
        .strip_prefix("urn:uuid:")
        .unwrap_or(serial.as_str());
    let document_namespace = format!(
        "https://vouch.invalid/spdx/{}-{uuid}",
        uri_segment(&meta.component_name)
    );

    let mut ids = SpdxIds::default();
    let mut packages = vec![delivery_package(meta)];
    let mut component_ids = Vec::with_capacity(inventory.len());
    for c in inventory.components() {
        let id = ids.claim(c)?;
        component_ids.push(id.clone());
        packages.push(package(c, id));
    }
    let relationships = relationships(inventory, &component_ids);

    let doc = wire::Document {
        spdx_version: "SPDX-2.3",
        data_license: "CC0-1.0",
        spdx_id: DOCUMENT_ID,
        name: meta.component_name.clone(),
        document_namespace,
        creation_info: wire::CreationInfo {
            created,
            creators: std::iter::once(format!("Tool: {}-{}", meta.tool_name, meta.tool_version))
                .chain(
                    meta.supplier
                        .as_ref()
                        .map(|s| format!("Organization: {}", s.name)),
                )
                .collect(),
        },
        packages,
        relationships,
    };
    let mut json = serde_json::to_string_pretty(&doc).map_err(serialize)?;
    json.push('\n');
    Ok(json)
}

/// Hands out component `SPDXID`s: readable, valid per §7.2 (`SPDXRef-[A-Za-z0-9.-]+`), stable for
/// the same component in any inventory, and unique in the document.
#[derive(Default)]
struct SpdxIds {
    used: HashSet<String>,
}

impl SpdxIds {
    /// `SPDXRef-Package-<purl type>-<name>-<version>-<hash>`. The label is sanitised, so two
    /// components can share it (`a_b` and `a.b`, Debian's and Ubuntu's `curl`); the hash of the
    /// ecosystem, purl and source tells them apart. Should two hashes still collide, `-2`, `-3`
    /// ... follow.
    fn claim(&mut self, c: &Component) -> Result<String, SbomError> {
        let source = serde_json::to_vec(&c.source).map_err(serialize)?;
        let digest = Sha256::new()
            .chain_update(c.ecosystem.as_str())
            .chain_update([0])
            .chain_update(c.purl.as_str())
            .chain_update([0])
            .chain_update(source)
            .finalize();
        let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        let label = format!(
            "{}-{}-{}",
            c.purl.ty(),
            c.name.as_str(),
            c.version.as_deref().unwrap_or_default()
        );
        let base = format!("SPDXRef-Package-{}-{hash}", id_label(&label));
        let mut candidate = base.clone();
        let mut n = 1u64;
        while self.used.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.used.insert(candidate.clone());
        Ok(candidate)
    }
}

/// `text` with every run of characters an `SPDXID` cannot hold (§7.2: letters, digits, `.`, `-`)
/// turned into one `-`, trimmed of `-` at the ends and cut to [`MAX_ID_LABEL`] characters.
fn id_label(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() || ch == '.' {
            out.push(ch);
        } else if !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_ID_LABEL {
            break;
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "unnamed".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// `text` as one URI path segment: unreserved characters (RFC 3986 §2.3) kept, others `-`.
fn uri_segment(text: &str) -> String {
    let out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() {
        "delivery".to_owned()
    } else {
        out
    }
}

/// The relationships, sorted and without duplicates: the document describes the delivery; the
/// delivery depends on its direct production dependencies; development and optional components
/// are `DEV_DEPENDENCY_OF` / `OPTIONAL_DEPENDENCY_OF` the delivery; and each lockfile edge between
/// two components is `DEPENDS_ON`. Edges to purls with no component are left out, so every
/// relationship names packages of this document.
fn relationships(inventory: &Inventory, ids: &[String]) -> Vec<wire::Relationship> {
    let rel = |from: &str, ty, to: &str| wire::Relationship {
        spdx_element_id: from.to_owned(),
        relationship_type: ty,
        related_spdx_element: to.to_owned(),
    };
    let mut out = vec![rel(DOCUMENT_ID, RelationshipType::Describes, DELIVERY_ID)];

    for (c, id) in inventory.components().iter().zip(ids) {
        // Dev wins over optional, as in the CycloneDX scope: an optional dev dependency is still
        // never shipped.
        if c.scope.dev == Some(true) {
            out.push(rel(id, RelationshipType::DevDependencyOf, DELIVERY_ID));
        } else if c.scope.optional == Some(true) {
            out.push(rel(id, RelationshipType::OptionalDependencyOf, DELIVERY_ID));
        } else if c.scope.relationship == Some(Relationship::Direct) {
            out.push(rel(DELIVERY_ID, RelationshipType::DependsOn, id));
        }
    }

    // The first component with a purl owns it, as for the CycloneDX `dependencies`.
    let mut by_purl: HashMap<&str, &str> = HashMap::new();
    for (c, id) in inventory.components().iter().zip(ids) {
        by_purl.entry(c.purl.as_str()).or_insert(id);
    }
    for (from, tos) in inventory.dependencies() {
        let Some(from) = by_purl.get(from.as_str()) else {
            continue;
        };
        for to in tos {
            if let Some(to) = by_purl.get(to.as_str()) {
                out.push(rel(from, RelationshipType::DependsOn, to));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The package for the delivery itself.
fn delivery_package(meta: &BomMetadata) -> wire::Package {
    wire::Package {
        spdx_id: DELIVERY_ID.to_owned(),
        name: meta.component_name.clone(),
        version_info: meta.component_version.clone(),
        supplier: meta.supplier.as_ref().map_or_else(
            || NOASSERTION.to_owned(),
            |s| format!("Organization: {}", s.name),
        ),
        download_location: NOASSERTION.to_owned(),
        package_file_name: None,
        files_analyzed: false,
        checksums: Vec::new(),
        source_info: None,
        license_concluded: NOASSERTION,
        license_declared: NOASSERTION,
        copyright_text: NOASSERTION,
        comment: None,
        external_refs: meta
            .security_contacts
            .iter()
            .map(|url| wire::ExternalRef {
                reference_category: "SECURITY",
                reference_type: "url",
                reference_locator: url.clone(),
            })
            .collect(),
        primary_package_purpose: Purpose::Application,
    }
}

fn package(c: &Component, spdx_id: String) -> wire::Package {
    let mut notes = vec![format!("ecosystem: {}", c.ecosystem.as_str())];
    if !c.locations.is_empty() {
        let found: Vec<String> = c
            .locations
            .iter()
            .map(|l| {
                let path = crate::cyclonedx::portable_path(&l.path);
                match l.line {
                    Some(line) => format!("{path}:{line}"),
                    None => path,
                }
            })
            .collect();
        notes.push(format!("found in: {}", found.join(", ")));
    }
    if !c.groups.is_empty() {
        notes.push(format!("dependency groups: {}", c.groups.join(", ")));
    }

    let mut checksums = Vec::new();
    for checksum in &c.checksums {
        let algorithm = match checksum.algorithm {
            ChecksumAlgorithm::Md5 => "MD5",
            ChecksumAlgorithm::Sha1 => "SHA1",
            ChecksumAlgorithm::Sha256 => "SHA256",
            ChecksumAlgorithm::Sha384 => "SHA384",
            ChecksumAlgorithm::Sha512 => "SHA512",
        };
        match crate::checksum::usable_hex(checksum) {
            Some(checksum_value) => checksums.push(wire::Checksum {
                algorithm,
                checksum_value,
            }),
            None => notes.push(format!("unusable checksum: {algorithm}:{}", checksum.hex)),
        }
    }

    let mut purpose = Purpose::Library;
    let package_file_name = c.file.as_ref().map(|file| {
        delivered_file(file, &mut checksums, &mut notes, &mut purpose);
        file.file_name()
    });

    let (download_location, source_info) = source(&c.source);
    wire::Package {
        spdx_id,
        name: c.name.as_str().to_owned(),
        version_info: c.version.clone(),
        supplier: NOASSERTION.to_owned(),
        download_location,
        package_file_name,
        files_analyzed: false,
        checksums,
        source_info,
        license_concluded: NOASSERTION,
        license_declared: NOASSERTION,
        copyright_text: NOASSERTION,
        comment: Some(notes.join("\n")),
        external_refs: vec![wire::ExternalRef {
            reference_category: "PACKAGE-MANAGER",
            reference_type: "purl",
            reference_locator: c.purl.as_str().to_owned(),
        }],
        primary_package_purpose: purpose,
    }
}

/// BSI TR-03183-2 v2.1 file evidence in SPDX 2.3 terms, as for CycloneDX (docs/sbom-bsi.md):
/// a package that *is* the delivered file gets the file's SHA-256 and SHA-512 as `checksums`
/// (§7.10, the checksums of the package file) and `primaryPackagePurpose` `APPLICATION` for an
/// executable, `ARCHIVE` for an archive; one shipped inside the file names it in the comment
/// and keeps its own checksums only. The executable / archive / structured properties, which
/// SPDX 2.3 has no field for, go to the comment too.
fn delivered_file(
    file: &DeliveredFile,
    checksums: &mut Vec<wire::Checksum>,
    notes: &mut Vec<String>,
    purpose: &mut Purpose,
) {
    let path = crate::cyclonedx::portable_path(&file.path);
    if file.role == FileRole::In {
        notes.push(format!("delivered in: {path}"));
    }
    let Some(e) = &file.evidence else {
        return;
    };
    notes.push(format!(
        "delivered file: {}, {}, {}",
        if e.executable {
            "executable"
        } else {
            "non-executable"
        },
        if e.archive { "archive" } else { "no archive" },
        if e.structured {
            "structured"
        } else {
            "unstructured"
        },
    ));
    if file.role == FileRole::Is {
        for (algorithm, value) in [("SHA256", &e.sha256), ("SHA512", &e.sha512)] {
            let Some(value) = value else { continue };
            if !checksums
                .iter()
                .any(|c| c.algorithm == algorithm && &c.checksum_value == value)
            {
                checksums.push(wire::Checksum {
                    algorithm,
                    checksum_value: value.clone(),
                });
            }
        }
        if e.executable {
            *purpose = Purpose::Application;
        } else if e.archive {
            *purpose = Purpose::Archive;
        }
    }
}

/// `downloadLocation` and `sourceInfo` for a source. The registry's download URL is not known
/// from the lockfile, so it is `NOASSERTION`; a download URL or git repository is written when
/// it is an absolute IRI (§7.7 wants a URI; scp-like `git@host:path` is none), and the source
/// as the lockfile wrote it always goes to `sourceInfo`.
fn source(source: &ComponentSource) -> (String, Option<String>) {
    let location = |candidate: String| {
        if fluent_uri::Iri::parse(candidate.as_str()).is_ok() {
            candidate
        } else {
            NOASSERTION.to_owned()
        }
    };
    match source {
        ComponentSource::Registry => (NOASSERTION.to_owned(), None),
        ComponentSource::AlternateRegistry { url } => (
            NOASSERTION.to_owned(),
            Some(format!("from the registry {url}")),
        ),
        ComponentSource::Path { path } => (
            NOASSERTION.to_owned(),
            Some(format!("a path dependency in {path}")),
        ),
        ComponentSource::Url { url } => (location(url.clone()), Some(format!("from {url}"))),
        ComponentSource::Git { url, commit } => {
            // §7.7: `<vcs_tool>+<transport>://<host>[/<path>][@<revision>]`; the lockfile's
            // query or fragment (`?branch=`, `#commit`) has no place in it.
            let base = url.split(['?', '#']).next().unwrap_or_default();
            let base = if base.starts_with("git+") || base.starts_with("git://") {
                base.to_owned()
            } else {
                format!("git+{base}")
            };
            let (vcs, info) = match commit {
                Some(commit) => (
                    format!("{base}@{commit}"),
                    format!("from the git repository {url} at commit {commit}"),
                ),
                None => (base, format!("from the git repository {url}")),
            };
            (location(vcs), Some(info))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_labels_hold_only_what_an_spdxid_may() {
        assert_eq!(id_label("npm-@babel/core-7.24.0"), "npm-babel-core-7.24.0");
        assert_eq!(id_label("cargo-a_b-1.0"), "cargo-a-b-1.0");
        assert_eq!(id_label("-+-"), "unnamed");
        assert_eq!(id_label(&"x".repeat(500)).len(), MAX_ID_LABEL);
        assert_eq!(id_label("pypi-münchen-1"), "pypi-m-nchen-1");
    }

    #[test]
    fn a_taken_spdxid_gets_a_counter() {
        let name = vouch_model::PackageName::new(vouch_model::Ecosystem::CratesIo, "a_b").unwrap();
        let c = Component::new(
            vouch_model::Ecosystem::CratesIo,
            name,
            Some("1.0.0".into()),
            vouch_model::Location::file("Cargo.lock"),
        )
        .unwrap();
        let mut ids = SpdxIds::default();
        let first = ids.claim(&c).unwrap();
        assert!(
            first.starts_with("SPDXRef-Package-cargo-a-b-1.0.0-"),
            "{first}"
        );
        assert_eq!(ids.claim(&c).unwrap(), format!("{first}-2"));
        assert_eq!(ids.claim(&c).unwrap(), format!("{first}-3"));
    }

    #[test]
    fn uri_segments_keep_unreserved_characters() {
        assert_eq!(uri_segment("acme delivery/2"), "acme-delivery-2");
        assert_eq!(uri_segment("a.b_c~d"), "a.b_c~d");
        assert_eq!(uri_segment(""), "delivery");
    }

    #[test]
    fn git_sources_use_the_vcs_form() {
        let git = |url: &str, commit: Option<&str>| {
            source(&ComponentSource::Git {
                url: url.into(),
                commit: commit.map(str::to_owned),
            })
            .0
        };
        assert_eq!(
            git("https://github.com/acme/x?branch=fix", Some("abc123")),
            "git+https://github.com/acme/x@abc123"
        );
        assert_eq!(
            git("git+ssh://git@github.com/acme/x.git#abc", None),
            "git+ssh://git@github.com/acme/x.git"
        );
        assert_eq!(git("git@github.com:acme/x.git", None), NOASSERTION);
        let url = |u: &str| source(&ComponentSource::Url { url: u.into() }).0;
        assert_eq!(
            url("https://example.com/a.tgz"),
            "https://example.com/a.tgz"
        );
        assert_eq!(url("https://example.com/a b.tgz"), NOASSERTION);
    }
}
