//! Each ecosystem's version ordering, exactly as the ecosystem defines it, so that advisory
//! ranges match the versions a registry would consider affected: SemVer 2.0 (crates.io, OSV
//! `SEMVER` ranges), npm, PEP 440, Go, Maven, NuGet, RubyGems, Packagist, pub, Hex, Hackage,
//! Debian (dpkg), RPM, Alpine (apk) and R. Every scheme cites its spec and is tested against
//! comparisons produced by the ecosystem's own implementation. Numbers are compared at any
//! length: no version can overflow or panic.
//!
//! Maven's own order (`ComparableVersion`) is not transitive in a few corners, and neither is
//! [`Scheme::Maven`]: it follows Maven, not an order Maven does not have.

mod apk;
mod cran;
mod dpkg;
mod go;
mod hackage;
mod hex;
mod maven;
mod npm;
mod nuget;
mod num;
mod packagist;
mod pep440;
mod pub_semver;
mod rpm;
mod rubygems;
mod semver;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use vouch_model::Ecosystem;

/// The ordering rules a version follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Scheme {
    /// Semantic Versioning 2.0.0 (<https://semver.org>), as crates.io and OSV `SEMVER` ranges use
    /// it, read as osv.dev reads those ranges: an optional `v`, missing minor and patch numbers
    /// as zero (`0` is `0.0.0`), leading zeros insignificant.
    SemVer,
    /// npm's node-semver: SemVer 2.0 precedence, with node-semver's loose parsing (`v1.2.3`,
    /// `=1.2.3`, white space around it, `1.2.3beta`).
    Npm,
    /// PEP 440 (<https://peps.python.org/pep-0440/>), as PyPI and pip use it.
    Pep440,
    /// Go module versions (<https://go.dev/ref/mod#versions>): SemVer with a `v` prefix (also
    /// accepted without), `vMAJOR[.MINOR]` shorthands, pseudo-versions and `+incompatible`.
    Go,
    /// Debian package versions as dpkg orders them (deb-version(7), Debian Policy §5.6.12):
    /// `[epoch:]upstream[-revision]`, `~` before everything, letters before other characters,
    /// digit runs as numbers. Debian and Ubuntu.
    Dpkg,
    /// RPM package versions, `[epoch:]version[-release]`, each part ordered by rpm's
    /// `rpmvercmp` with `~` and `^`. Red Hat, SUSE and the other RPM distributions.
    Rpm,
    /// Alpine package versions as apk-tools orders them:
    /// `number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}`. Alpine and the apk
    /// distributions built on it (Wolfi, Chainguard, ...).
    Apk,
    /// R package versions as R's `package_version` orders them: two or more integers separated
    /// by `.` or `-`. CRAN and Bioconductor.
    Cran,
    /// Maven (<https://maven.apache.org/pom.html#version-order-specification>): tokens at `.`,
    /// `-` and digit/letter transitions, known qualifiers, trailing nulls trimmed.
    Maven,
    /// NuGet (`NuGet.Versioning`): SemVer 2.0 with a fourth number, case-insensitive labels.
    NuGet,
    /// RubyGems (`Gem::Version`): digit and letter segments, letters make a pre-release.
    RubyGems,
    /// Packagist (Composer): PHP's `version_compare` after a leading `v`.
    Packagist,
    /// Dart pub (`pub_semver`): SemVer 2.0, with build metadata ordered too.
    Pub,
    /// Hex (Elixir's `Version`): strict SemVer 2.0, MAJOR.MINOR.PATCH required.
    Hex,
    /// Hackage and GHC (PVP, Cabal's `Version`): lists of integers, compared lexicographically.
    Hackage,
}

impl Scheme {
    /// The scheme an ecosystem's versions follow, where vouch implements it.
    pub fn for_ecosystem(ecosystem: Ecosystem) -> Option<Scheme> {
        match ecosystem {
            Ecosystem::CratesIo => Some(Scheme::SemVer),
            Ecosystem::Npm => Some(Scheme::Npm),
            Ecosystem::PyPI => Some(Scheme::Pep440),
            Ecosystem::Go => Some(Scheme::Go),
            Ecosystem::Debian | Ecosystem::Ubuntu => Some(Scheme::Dpkg),
            Ecosystem::RedHat
            | Ecosystem::AlmaLinux
            | Ecosystem::RockyLinux
            | Ecosystem::Suse
            | Ecosystem::OpenSuse
            | Ecosystem::Mageia
            | Ecosystem::OpenEuler
            | Ecosystem::PhotonOs
            | Ecosystem::AzureLinux => Some(Scheme::Rpm),
            // osv.dev's ecosystem table (osv/ecosystems/_ecosystems.py) orders each of these
            // with its APK helper (Alpine with a subclass of it).
            Ecosystem::Alpine
            | Ecosystem::Wolfi
            | Ecosystem::Chainguard
            | Ecosystem::Alpaquita
            | Ecosystem::MinimOs
            | Ecosystem::BellSoftHardenedContainers => Some(Scheme::Apk),
            // Bioconductor packages are R packages with `x.y.z` versions. osv.dev orders them
            // by SemVer coercion, which agrees with R on three-number versions.
            Ecosystem::Cran | Ecosystem::Bioconductor => Some(Scheme::Cran),
            Ecosystem::Maven => Some(Scheme::Maven),
            Ecosystem::NuGet => Some(Scheme::NuGet),
            Ecosystem::RubyGems => Some(Scheme::RubyGems),
            Ecosystem::Packagist => Some(Scheme::Packagist),
            Ecosystem::Pub => Some(Scheme::Pub),
            Ecosystem::Hex => Some(Scheme::Hex),
            Ecosystem::Hackage | Ecosystem::Ghc => Some(Scheme::Hackage),
            _ => None,
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scheme::SemVer => "SemVer",
            Scheme::Npm => "npm",
            Scheme::Pep440 => "PEP 440",
            Scheme::Go => "Go module",
            Scheme::Dpkg => "Debian (dpkg)",
            Scheme::Rpm => "RPM",
            Scheme::Apk => "apk",
            Scheme::Cran => "R package",
            Scheme::Maven => "Maven",
            Scheme::NuGet => "NuGet",
            Scheme::RubyGems => "RubyGems",
            Scheme::Packagist => "Packagist",
            Scheme::Pub => "pub",
            Scheme::Hex => "Hex",
            Scheme::Hackage => "Hackage",
        })
    }
}

/// A version parsed under one scheme. Versions of the same scheme are totally ordered by that
/// scheme's rules; versions of different schemes order by scheme first (never meaningful, but
/// total, so sorting never panics).
///
/// Equality is the scheme's equality, not textual: `1.0.0+a == 1.0.0+b` under SemVer (build
/// metadata has no precedence) and `1.0 == 1.0.0` under PEP 440. `Hash` agrees with it.
#[derive(Debug, Clone)]
pub struct Version {
    scheme: Scheme,
    text: Box<str>,
    key: Key,
}

/// The parsed comparison key of a version: one variant per grammar. npm and Go versions share
/// SemVer's precedence, so they share its key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    SemVer(semver::Key),
    Pep440(pep440::Key),
    Dpkg(dpkg::Key),
    Rpm(rpm::Key),
    Apk(apk::Key),
    Cran(cran::Key),
    Maven(maven::Key),
    NuGet(nuget::Key),
    RubyGems(rubygems::Key),
    Packagist(packagist::Key),
    Pub(pub_semver::Key),
    Hackage(hackage::Key),
}

impl Version {
    /// Parses `text` under `scheme`. The text is kept as written (see [`Version::as_str`]).
    pub fn parse(scheme: Scheme, text: &str) -> Result<Version, VersionError> {
        let key = match scheme {
            Scheme::SemVer => semver::parse(text).map(Key::SemVer),
            Scheme::Npm => npm::parse(text).map(Key::SemVer),
            Scheme::Go => go::parse(text).map(Key::SemVer),
            Scheme::Pep440 => pep440::parse(text).map(Key::Pep440),
            Scheme::Dpkg => dpkg::parse(text).map(Key::Dpkg),
            Scheme::Rpm => rpm::parse(text).map(Key::Rpm),
            Scheme::Apk => apk::parse(text).map(Key::Apk),
            Scheme::Cran => cran::parse(text).map(Key::Cran),
            Scheme::Maven => maven::parse(text).map(Key::Maven),
            Scheme::NuGet => nuget::parse(text).map(Key::NuGet),
            Scheme::RubyGems => rubygems::parse(text).map(Key::RubyGems),
            Scheme::Packagist => packagist::parse(text).map(Key::Packagist),
            Scheme::Pub => pub_semver::parse(text).map(Key::Pub),
            Scheme::Hex => hex::parse(text).map(Key::SemVer),
            Scheme::Hackage => hackage::parse(text).map(Key::Hackage),
        }
        .map_err(|reason| VersionError {
            scheme,
            text: text.to_owned(),
            reason,
        })?;
        Ok(Version {
            scheme,
            text: text.into(),
            key,
        })
    }

    /// Parses `text` under the scheme of `ecosystem`.
    pub fn parse_for(ecosystem: Ecosystem, text: &str) -> Result<Version, VersionError> {
        let scheme = Scheme::for_ecosystem(ecosystem).ok_or_else(|| VersionError {
            scheme: Scheme::SemVer,
            text: text.to_owned(),
            reason: format!("version ordering for {ecosystem} is not implemented yet"),
        })?;
        Version::parse(scheme, text)
    }

    /// The version as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The scheme it was parsed under.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Whether this is a pre-release: a SemVer pre-release part (`1.0.0-rc.1`, and so every Go
    /// pseudo-version), or under PEP 440 a pre-release or developmental release (`1.0a1`,
    /// `1.0.dev1`), as `packaging`'s `Version.is_prerelease` says; a `~` in a Debian upstream
    /// version or an RPM version or release (`1.0~rc1`); an apk `_alpha`, `_beta`, `_pre` or
    /// `_rc` suffix. R package versions have no pre-releases.
    pub fn is_prerelease(&self) -> bool {
        match &self.key {
            Key::SemVer(k) => k.is_prerelease(),
            Key::Pep440(k) => k.is_prerelease(),
            Key::Dpkg(k) => k.is_prerelease(),
            Key::Rpm(k) => k.is_prerelease(),
            Key::Apk(k) => k.is_prerelease(),
            Key::Cran(_) => false,
            Key::Maven(k) => k.is_prerelease(),
            Key::NuGet(k) => k.is_prerelease(),
            Key::RubyGems(k) => k.is_prerelease(),
            Key::Packagist(k) => k.is_prerelease(),
            Key::Pub(k) => k.is_prerelease(),
            // PVP versions have no pre-release form.
            Key::Hackage(_) => false,
        }
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.scheme
            .cmp(&other.scheme)
            .then_with(|| self.key.cmp(&other.key))
    }
}
impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Version {}

impl Hash for Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Keys are canonical (trailing zeros, leading zeros and build metadata dropped), so equal
        // versions hash alike.
        self.scheme.hash(state);
        self.key.hash(state);
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A version string its scheme does not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a valid {scheme} version: {reason}")]
pub struct VersionError {
    /// The scheme it was parsed under.
    pub scheme: Scheme,
    /// The text as written.
    pub text: String,
    /// Why it was refused.
    pub reason: String,
}
