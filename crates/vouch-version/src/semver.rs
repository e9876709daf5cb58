//! Semantic Versioning 2.0.0 (<https://semver.org>): the precedence of §11, which the SemVer,
//! npm and Go schemes share, and the parser of the SemVer scheme. That parser reads versions the
//! way osv.dev reads OSV `SEMVER` ranges (`osv/semver_index.py`), because those ranges are what
//! we match crates.io versions against.

use crate::num::{Num, is_digits};

/// What decides a SemVer version's precedence (§11). Build metadata is not part of it (§10,
/// §11.1), so `1.0.0+a` and `1.0.0+b` have equal keys and compare equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Key {
    // Field order is comparison order (§11.2): major, minor, patch, then the pre-release.
    major: Num,
    minor: Num,
    patch: Num,
    pre: Pre,
}

/// The pre-release part. Declaration order gives §11.3: a pre-release version has lower
/// precedence than the same version without one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Pre {
    /// §11.4: identifiers compared left to right; when all of the shorter list's identifiers are
    /// equal, the longer list is greater (the derived order of a slice says exactly that).
    Prerelease(Box<[Ident]>),
    /// No pre-release.
    Release,
}

/// One dot-separated pre-release identifier. Declaration order gives §11.4.3: numeric
/// identifiers have lower precedence than alphanumeric ones.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Ident {
    /// Digits only, compared numerically (§11.4.1), at any length.
    Numeric(Num),
    /// At least one letter or hyphen, compared in ASCII order (§11.4.2).
    Alphanumeric(Box<str>),
}

impl Key {
    /// A key from its parts; an empty `pre` means a release.
    pub(crate) fn new(major: Num, minor: Num, patch: Num, pre: Vec<Ident>) -> Key {
        let pre = Pre::from_identifiers(pre);
        Key {
            major,
            minor,
            patch,
            pre,
        }
    }

    /// Whether the version has a pre-release part.
    pub(crate) fn is_prerelease(&self) -> bool {
        self.pre.is_prerelease()
    }
}

impl Pre {
    /// The pre-release of these identifiers; none means a release.
    pub(crate) fn from_identifiers(pre: Vec<Ident>) -> Pre {
        if pre.is_empty() {
            Pre::Release
        } else {
            Pre::Prerelease(pre.into_boxed_slice())
        }
    }

    /// Whether this is a pre-release.
    pub(crate) fn is_prerelease(&self) -> bool {
        matches!(self, Pre::Prerelease(_))
    }
}

/// Whether numbers may be written with leading zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LeadingZeros {
    /// Refused, as §2 and §9 require.
    Refuse,
    /// Accepted and insignificant (`01` is `1`).
    Ignore,
}

/// Splits `s` (after any prefix) into the core, the pre-release after the first `-` and the build
/// metadata after the first `+`. Neither the core (digits and dots) nor the identifiers of the
/// pre-release (§9) or the build (§10) can contain a `+`, and the core cannot contain a `-`.
pub(crate) fn split_suffixes(s: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, build) = match s.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (s, None),
    };
    match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre), build),
        None => (rest, None, build),
    }
}

/// A release number: the major, minor or patch version.
pub(crate) fn number(s: &str, what: &str, zeros: LeadingZeros) -> Result<Num, String> {
    if !is_digits(s) {
        return Err(if s.is_empty() {
            format!("the {what} is missing")
        } else {
            format!("the {what} `{s}` is not a number")
        });
    }
    if zeros == LeadingZeros::Refuse && s.len() > 1 && s.starts_with('0') {
        return Err(format!("the {what} `{s}` has a leading zero"));
    }
    Ok(Num::from_digits(s))
}

/// §9: dot-separated identifiers of `[0-9A-Za-z-]`, none empty.
pub(crate) fn prerelease(s: &str, zeros: LeadingZeros) -> Result<Vec<Ident>, String> {
    s.split('.')
        .map(|id| {
            check_identifier(s, id, "pre-release")?;
            if is_digits(id) {
                number(id, "numeric pre-release identifier", zeros).map(Ident::Numeric)
            } else {
                Ok(Ident::Alphanumeric(id.into()))
            }
        })
        .collect()
}

/// §10: dot-separated identifiers of `[0-9A-Za-z-]`, none empty; leading zeros allowed.
pub(crate) fn build(s: &str) -> Result<(), String> {
    s.split('.')
        .try_for_each(|id| check_identifier(s, id, "build metadata"))
}

/// An identifier of a pre-release or build: non-empty, `[0-9A-Za-z-]` only.
pub(crate) fn check_identifier(whole: &str, id: &str, part: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err(format!("the {part} `{whole}` has an empty identifier"));
    }
    if !id.bytes().all(is_identifier_byte) {
        return Err(format!(
            "the {part} identifier `{id}` has characters other than ASCII letters, digits and `-`"
        ));
    }
    Ok(())
}

/// `[0-9A-Za-z-]`, the characters of pre-release and build identifiers (§9, §10).
pub(crate) fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Parses a version of the SemVer scheme: SemVer 2.0.0 (§2, §9, §10), read the way osv.dev reads
/// OSV `SEMVER` ranges (`coerce` in `osv/semver_index.py`):
/// - an optional leading `v` (`v1.2.3`, which Go data in `SEMVER` ranges carries);
/// - a missing minor or patch number is zero (`1` is `1.0.0`, `1.2-rc.1` is `1.2.0-rc.1`), so
///   OSV's `"introduced": "0"` reads as `0.0.0`;
/// - leading zeros in numbers are insignificant (`01.2.3` is `1.2.3`).
///
/// Everything else follows the grammar: no surrounding white space, at most three release
/// numbers, no empty identifiers.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    let s = text.strip_prefix('v').unwrap_or(text);
    let (core, pre, build_metadata) = split_suffixes(s);
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() > 3 {
        return Err(format!(
            "`{core}` has more than three release numbers (MAJOR.MINOR.PATCH)"
        ));
    }
    let part = |i: usize, what: &str| match parts.get(i) {
        Some(p) => number(p, what, LeadingZeros::Ignore),
        None => Ok(Num::Small(0)),
    };
    let major = part(0, "major version")?;
    let minor = part(1, "minor version")?;
    let patch = part(2, "patch version")?;
    let pre = match pre {
        Some(p) => prerelease(p, LeadingZeros::Ignore)?,
        None => Vec::new(),
    };
    if let Some(b) = build_metadata {
        build(b)?;
    }
    Ok(Key::new(major, minor, patch, pre))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        parse(s).unwrap()
    }

    #[test]
    fn precedence_of_section_11() {
        // The example chain of §11.4.4.
        let chain = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "2.0.0",
            "2.1.0",
            "2.1.1",
        ];
        for pair in chain.windows(2) {
            assert!(key(pair[0]) < key(pair[1]), "{pair:?}");
        }
        assert_eq!(key("1.0.0+a"), key("1.0.0+b"));
    }

    #[test]
    fn osv_coercions() {
        assert_eq!(key("0"), key("0.0.0"));
        assert_eq!(key("1.2"), key("1.2.0"));
        assert_eq!(key("v1.2.3"), key("1.2.3"));
        assert_eq!(key("01.002.0003-04"), key("1.2.3-4"));
        assert!(key("1.2-rc.1").is_prerelease());
    }

    #[test]
    fn refusals() {
        for bad in [
            "",
            "v",
            "1.2.3.4",
            "1..2",
            "1.2.3-",
            "1.2.3+",
            "1.2.3-a..b",
            "1.2.3-a_b",
            " 1.2.3",
            "1.2.3 ",
            "a.b.c",
            "1.2.x",
            "-1.2.3",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
