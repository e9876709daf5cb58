//! A component: one third-party package found in a delivery, with where it was found and how it
//! is used (direct or transitive, production or development) as far as the lockfile says.

use std::path::PathBuf;

use serde::Serialize;

use crate::{Ecosystem, PackageName, Purl};

/// One third-party package in the inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Component {
    /// The ecosystem the package comes from.
    pub ecosystem: Ecosystem,
    /// The package's name, normalised for comparison.
    pub name: PackageName,
    /// The version as the lockfile wrote it; `None` when the lockfile pins none (an
    /// unconstrained requirement, a git dependency known only by commit).
    pub version: Option<String>,
    /// The canonical package URL, version included where known.
    pub purl: Purl,
    /// Where the package is fetched from.
    pub source: ComponentSource,
    /// How the delivery uses it.
    pub scope: Scope,
    /// Dependency groups as the lockfile names them (poetry groups, `dev`, `optional`, the
    /// requirements file that listed a pin, ...), sorted and without duplicates.
    pub groups: Vec<String>,
    /// Checksums the lockfile records for the package's archive.
    pub checksums: Vec<Checksum>,
    /// Every place it was found, sorted.
    pub locations: Vec<Location>,
    /// What an OS package database adds (distribution release, source package, architecture,
    /// maintainer, license); `None` for language packages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_package: Option<OsPackage>,
    /// The delivered file the component is or is shipped in, where its format named it;
    /// `None` for components known only from lockfiles, manifests and package databases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<DeliveredFile>,
}

impl Component {
    /// A component with the given identity, found at `location`; scope unknown, no groups.
    pub fn new(
        ecosystem: Ecosystem,
        name: PackageName,
        version: Option<String>,
        location: Location,
    ) -> Result<Self, crate::PurlError> {
        let purl = Purl::for_package(ecosystem, &name, version.as_deref())?;
        Ok(Component {
            ecosystem,
            name,
            version,
            purl,
            source: ComponentSource::Registry,
            scope: Scope::default(),
            groups: Vec::new(),
            checksums: Vec::new(),
            locations: vec![location],
            os_package: None,
            file: None,
        })
    }

    /// The identity two findings of the same package share: ecosystem, normalised name, version.
    pub fn key(&self) -> (Ecosystem, &str, Option<&str>) {
        (
            self.ecosystem,
            self.name.normalized(),
            self.version.as_deref(),
        )
    }
}

/// An installed OS package's context, as its distribution's package database and `os-release`
/// record it. OSV's Debian, Ubuntu and Alpine advisories name the *source* package and an
/// ecosystem with the release (`Debian:12`), so matching needs both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct OsPackage {
    /// The distribution release as the OSV ecosystem suffix spells it (`12` for `Debian:12`,
    /// `22.04:LTS` for `Ubuntu:22.04:LTS`, `v3.20` for `Alpine:v3.20`); `None` when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// The source package it was built from (dpkg `Source:`, apk `o:`, RPM `SOURCERPM`);
    /// `None` when the database names none, which for dpkg means the source package has the
    /// binary package's name and version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourcePackage>,
    /// The architecture it was built for (`amd64`, `x86_64`, `noarch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub architecture: Option<String>,
    /// Who supplies it: the dpkg `Maintainer`, apk `m:` or RPM `VENDOR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maintainer: Option<String>,
    /// The license as the package declares it (apk `L:`, RPM `LICENSE`), not normalised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
}

impl OsPackage {
    /// The OSV ecosystem string for a package of `ecosystem` (`Debian:12`, or `Debian` when the
    /// release is unknown).
    pub fn osv_ecosystem(&self, ecosystem: crate::Ecosystem) -> String {
        match &self.release {
            Some(release) => format!("{ecosystem}:{release}"),
            None => ecosystem.as_str().to_owned(),
        }
    }
}

/// The source package an OS package was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourcePackage {
    /// Its name (`glibc` for `libc6`).
    pub name: String,
    /// Its version where it differs from the binary package's (dpkg `Source: lvm2 (2.02.176-4)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// Where a component's code comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ComponentSource {
    /// The ecosystem's package registry (crates.io, the npm registry, PyPI, ...).
    #[default]
    Registry,
    /// Another registry, named by its URL.
    AlternateRegistry {
        /// The registry's URL as the lockfile wrote it.
        url: String,
    },
    /// A git repository at a commit.
    Git {
        /// The repository URL.
        url: String,
        /// The commit, where the lockfile records one.
        commit: Option<String>,
    },
    /// A directory on disk (workspace members, path dependencies).
    Path {
        /// The path as the lockfile wrote it.
        path: String,
    },
    /// A direct URL to an archive.
    Url {
        /// The URL.
        url: String,
    },
}

/// How a component is used, as far as the lockfile says; `None` means it does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Scope {
    /// Direct dependency of the delivered project, or pulled in by another component.
    pub relationship: Option<Relationship>,
    /// `Some(true)` when only development or test builds need it.
    pub dev: Option<bool>,
    /// `Some(true)` when it is an optional dependency (extras, optional npm deps).
    pub optional: Option<bool>,
}

/// Direct or transitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relationship {
    /// Named by the project itself.
    Direct,
    /// Pulled in by another component.
    Transitive,
}

/// A checksum the lockfile records.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Checksum {
    /// The algorithm.
    pub algorithm: ChecksumAlgorithm,
    /// The digest in lower-case hex.
    pub hex: String,
}

/// Checksum algorithms that lockfiles use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChecksumAlgorithm {
    /// SHA-1 (old npm lockfiles).
    Sha1,
    /// SHA-256 (Cargo.lock, pip hashes, poetry, uv).
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512 (npm `integrity`).
    Sha512,
    /// MD5 (pip hashes allow it).
    Md5,
}

/// Where a component was found: a file inside the delivery and, where known, its line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// The file, relative to the scanned root where possible.
    pub path: PathBuf,
    /// The 1-based line of the declaration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Location {
    /// A location in `path` without a line.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: None,
        }
    }
}

/// The delivered file a component is, or is shipped inside, with what BSI TR-03183-2 v2.1
/// §5.2.2 asks of it (filename, SHA-512, executable / archive / structured). Recorded only for
/// files whose own format named the component (an executable's build info, a Java archive's
/// metadata); a lockfile or package database is not the deployable form of what it lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveredFile {
    /// The file, as reports name it (relative to the scanned root; `a.tar.gz!/bin/tool` inside
    /// an archive).
    pub path: PathBuf,
    /// Whether the file is the component or holds it among others.
    pub role: FileRole,
    /// The file's digests and kind; `None` when they are not known (an SBOM that names the file
    /// but gives no hash).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<FileEvidence>,
}

impl DeliveredFile {
    /// The file's name without its directories (BSI's "filename of the component").
    pub fn file_name(&self) -> String {
        let text = self.path.to_string_lossy();
        // Inside an archive the virtual path separates members with `!/`, so the part after the
        // last separator names the member too.
        let last = text.rsplit(['/', '\\']).find(|s| !s.is_empty());
        last.unwrap_or(&text).to_owned()
    }
}

/// How a component relates to the file it was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileRole {
    /// The file is the component's deployable form (a Go or Rust program's main package, a
    /// jar's own artifact): the file's hash is the component's hash.
    Is,
    /// The component is one of several inside the file (a dependency linked into an
    /// executable, a library shaded or nested in a jar): the file is where it is delivered, but
    /// the file's hash is not the component's.
    In,
}

/// What vouch measured of a delivered file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileEvidence {
    /// SHA-256 of the file's bytes, lower-case hex; `None` when not known (an SBOM read back
    /// that gives only the SHA-512 BSI asks for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// SHA-512 of the file's bytes, lower-case hex; `None` when not known (an SBOM read back
    /// that names the file a component is shipped in, whose hash is not the component's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha512: Option<String>,
    /// Size in bytes, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Native machine code (ELF, Mach-O, PE, WebAssembly) or marked executable.
    pub executable: bool,
    /// A container of further files (zip and Java archives, tar, compressed streams).
    pub archive: bool,
    /// A format whose own metadata describes its contents, which vouch read to find the
    /// components (build info, cargo-auditable data, a jar's manifest and `pom.properties`).
    pub structured: bool,
}
