//! NuGet package versions, read and ordered as `NuGet.Versioning`'s `NuGetVersion` and
//! `VersionComparer.Default` do (<https://learn.microsoft.com/nuget/concepts/package-versioning>):
//! SemVer 2.0.0 extended to a fourth release number, release labels compared case-insensitively,
//! build metadata ignored.

use crate::num::Num;
use crate::semver::{self, Ident, LeadingZeros, Pre};

/// What decides a NuGet version's order. Field order is comparison order: the four release
/// numbers (missing ones are zero, so `1.0 == 1.0.0.0`), then the release labels as SemVer's
/// §11, each alphanumeric label folded to lower case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Key {
    release: [Num; 4],
    pre: Pre,
}

impl Key {
    /// Whether the version has release labels.
    pub(crate) fn is_prerelease(&self) -> bool {
        self.pre.is_prerelease()
    }
}

/// Parses `MAJOR[.MINOR[.PATCH[.REVISION]]][-LABELS][+METADATA]`. NuGet accepts leading zeros
/// (`1.0.01` is `1.0.1.0`, as `System.Version` reads it); labels and metadata are SemVer 2.0.0
/// identifiers. NuGet caps each number at 2^31 - 1; we accept any length.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    let (core, pre, build) = semver::split_suffixes(text);
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() > 4 {
        return Err(format!(
            "`{core}` has more than four release numbers (MAJOR.MINOR.PATCH.REVISION)"
        ));
    }
    let mut release = [const { Num::Small(0) }; 4];
    for (slot, (part, what)) in release.iter_mut().zip(parts.iter().zip([
        "major version",
        "minor version",
        "patch version",
        "revision",
    ])) {
        *slot = semver::number(part, what, LeadingZeros::Ignore)?;
    }
    let pre = match pre {
        Some(p) => semver::prerelease(p, LeadingZeros::Ignore)?
            .into_iter()
            .map(|id| match id {
                Ident::Alphanumeric(label) => {
                    Ident::Alphanumeric(label.to_ascii_lowercase().into())
                }
                numeric => numeric,
            })
            .collect(),
        None => Vec::new(),
    };
    if let Some(b) = build {
        semver::build(b)?;
    }
    Ok(Key {
        release,
        pre: Pre::from_identifiers(pre),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_numbers_and_case_insensitive_labels() {
        assert_eq!(parse("1.0").unwrap(), parse("1.0.0.0").unwrap());
        assert_eq!(parse("1.0.0-BETA+x").unwrap(), parse("1.0.0-beta").unwrap());
        assert!(parse("1.0.0").unwrap() < parse("1.0.0.1-alpha").unwrap());
        for bad in [
            "",
            "1.0.0.0.0",
            "v1.0.0",
            "1..0",
            "1.0.0-",
            "1.0.0-a_b",
            "a.b",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
