//! Dart's pub versions, ordered as the `pub_semver` package's `Version.compareTo` does
//! (<https://pub.dev/packages/pub_semver>, <https://dart.dev/tools/pub/versioning>): SemVer
//! 2.0.0 precedence, then, unlike SemVer, the build metadata: `1.0.0 < 1.0.0+1 < 1.0.0+2`.

use crate::num::Num;
use crate::semver::{self, Ident, LeadingZeros, Pre};

/// What decides a pub version's order; field order is comparison order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Key {
    major: Num,
    minor: Num,
    patch: Num,
    pre: Pre,
    /// The build identifiers, compared as `pub_semver`'s `_compareLists`: numbers numerically and
    /// below strings, strings in code-unit order, a proper prefix first, so no build sorts before
    /// any build. The derived order of a slice of [`Ident`] says exactly that.
    build: Box<[Ident]>,
}

impl Key {
    /// Whether the version has a pre-release part.
    pub(crate) fn is_prerelease(&self) -> bool {
        self.pre.is_prerelease()
    }
}

/// Parses `MAJOR.MINOR.PATCH[-PRE][+BUILD]` with `pub_semver`'s grammar: all three numbers
/// required, leading zeros allowed and insignificant (it reads each part with `int.parse`), and
/// identifiers that are all digits read as numbers, in the build too.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    let (core, pre, build) = semver::split_suffixes(text);
    let [major, minor, patch] = core.split('.').collect::<Vec<_>>()[..] else {
        return Err(format!("`{core}` is not MAJOR.MINOR.PATCH"));
    };
    let major = semver::number(major, "major version", LeadingZeros::Ignore)?;
    let minor = semver::number(minor, "minor version", LeadingZeros::Ignore)?;
    let patch = semver::number(patch, "patch version", LeadingZeros::Ignore)?;
    let pre = match pre {
        Some(p) => semver::prerelease(p, LeadingZeros::Ignore)?,
        None => Vec::new(),
    };
    let build = match build {
        // Checked as build metadata, then read the way pre-release identifiers are.
        Some(b) => {
            semver::build(b)?;
            semver::prerelease(b, LeadingZeros::Ignore)?
        }
        None => Vec::new(),
    };
    Ok(Key {
        major,
        minor,
        patch,
        pre: Pre::from_identifiers(pre),
        build: build.into_boxed_slice(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_metadata_orders() {
        let k = |s: &str| parse(s).unwrap();
        assert!(k("1.0.0") < k("1.0.0+1"));
        assert!(k("1.0.0+1") < k("1.0.0+2"));
        assert!(k("1.0.0+9") < k("1.0.0+a"));
        assert!(k("1.0.0-pre+build") < k("1.0.0"));
        assert_eq!(k("01.0.0+01"), k("1.0.0+1"));
        for bad in ["1.0", "1", "v1.0.0", "1.0.0+", "1.0.0-", "1.0.0+a..b"] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
