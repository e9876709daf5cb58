//! Package names, normalised the way each ecosystem's registry compares them, so that
//! `Django`, `django` and `DJANGO` are one PyPI package while npm's names stay case-sensitive.

use std::fmt;
use std::hash::{Hash, Hasher};

use crate::Ecosystem;

/// A package name as written, together with the key its ecosystem compares it by.
///
/// Equality, ordering and hashing use the normalised key only.
#[derive(Debug, Clone)]
pub struct PackageName {
    as_written: Box<str>,
    normalized: Box<str>,
}

impl PackageName {
    /// Validates `name` for `ecosystem` and computes its comparison key:
    /// - PyPI: PEP 503 (lower case, runs of `-`, `_`, `.` become one `-`);
    /// - crates.io: lower case with `_` as `-` (crates.io refuses names that differ only so);
    /// - NuGet, Packagist: lower case (both registries are case-insensitive);
    /// - everything else (npm, Go, Maven, RubyGems, ...): as written, since those are case-sensitive.
    pub fn new(ecosystem: Ecosystem, name: &str) -> Result<Self, PackageNameError> {
        let problem = |reason: &'static str| PackageNameError {
            ecosystem,
            name: name.to_owned(),
            reason,
        };
        if name.is_empty() {
            return Err(problem("it is empty"));
        }
        if name.trim() != name {
            return Err(problem("it has leading or trailing white space"));
        }
        if name.chars().any(char::is_control) {
            return Err(problem("it contains control characters"));
        }
        let normalized = match ecosystem {
            Ecosystem::PyPI => pep503(name),
            Ecosystem::CratesIo => name.to_ascii_lowercase().replace('_', "-"),
            Ecosystem::NuGet | Ecosystem::Packagist => name.to_lowercase(),
            Ecosystem::Npm => {
                if name.len() > 214 {
                    return Err(problem("npm names are at most 214 characters"));
                }
                if name.starts_with('@') && !name.contains('/') {
                    return Err(problem("a scoped npm name needs `@scope/name`"));
                }
                name.to_owned()
            }
            _ => name.to_owned(),
        };
        Ok(PackageName {
            as_written: name.into(),
            normalized: normalized.into(),
        })
    }

    /// The name exactly as the lockfile or advisory wrote it.
    pub fn as_str(&self) -> &str {
        &self.as_written
    }

    /// The key the ecosystem compares names by.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }
}

/// PEP 503 normalisation: <https://peps.python.org/pep-0503/#normalized-names>.
fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_separator_run = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_separator_run {
                out.push('-');
            }
            in_separator_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_separator_run = false;
        }
    }
    out
}

impl PartialEq for PackageName {
    fn eq(&self, other: &Self) -> bool {
        self.normalized == other.normalized
    }
}
impl Eq for PackageName {}
impl Hash for PackageName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.normalized.hash(state);
    }
}
impl PartialOrd for PackageName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for PackageName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.normalized.cmp(&other.normalized)
    }
}

impl fmt::Display for PackageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_written)
    }
}

impl serde::Serialize for PackageName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_written)
    }
}

/// A package name its ecosystem cannot have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` is not a valid {ecosystem} package name: {reason}")]
pub struct PackageNameError {
    /// The ecosystem the name was checked for.
    pub ecosystem: Ecosystem,
    /// The name as written.
    pub name: String,
    /// Why it was refused.
    pub reason: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(e: Ecosystem, n: &str) -> String {
        PackageName::new(e, n).unwrap().normalized().to_owned()
    }

    #[test]
    fn pypi_names_follow_pep_503() {
        assert_eq!(key(Ecosystem::PyPI, "Friendly-Bard"), "friendly-bard");
        assert_eq!(key(Ecosystem::PyPI, "FRIENDLY-BARD"), "friendly-bard");
        assert_eq!(key(Ecosystem::PyPI, "friendly.bard"), "friendly-bard");
        assert_eq!(key(Ecosystem::PyPI, "friendly_bard"), "friendly-bard");
        assert_eq!(key(Ecosystem::PyPI, "friendly--bard"), "friendly-bard");
        assert_eq!(key(Ecosystem::PyPI, "FrIeNdLy-._.-bArD"), "friendly-bard");
        assert_eq!(
            PackageName::new(Ecosystem::PyPI, "Zope.Interface").unwrap(),
            PackageName::new(Ecosystem::PyPI, "zope-interface").unwrap()
        );
    }

    #[test]
    fn crates_io_folds_case_and_underscores() {
        assert_eq!(key(Ecosystem::CratesIo, "Serde_JSON"), "serde-json");
    }

    #[test]
    fn npm_names_stay_as_written() {
        assert_eq!(key(Ecosystem::Npm, "JSONStream"), "JSONStream");
        assert_eq!(key(Ecosystem::Npm, "@babel/core"), "@babel/core");
        assert!(PackageName::new(Ecosystem::Npm, "@babel").is_err());
    }

    #[test]
    fn empty_and_padded_names_are_refused() {
        assert!(PackageName::new(Ecosystem::PyPI, "").is_err());
        let err = PackageName::new(Ecosystem::Npm, " left-pad").unwrap_err();
        assert!(err.to_string().contains("white space"), "{err}");
    }

    #[test]
    fn display_keeps_the_written_form() {
        let n = PackageName::new(Ecosystem::PyPI, "Django").unwrap();
        assert_eq!(n.to_string(), "Django");
        assert_eq!(n.normalized(), "django");
    }
}
