//! Go module versions (<https://go.dev/ref/mod#versions>), read and ordered as
//! `golang.org/x/mod/semver` does: SemVer 2.0.0 with a `v` prefix, `vMAJOR` and
//! `vMAJOR.MINOR` as shorthands, build metadata such as `+incompatible` ignored, and numbers of
//! any length. Pseudo-versions are ordinary pre-releases here and order by SemVer's rules.

use crate::num::Num;
use crate::semver::{self, Key, LeadingZeros};

/// Parses a Go module version.
///
/// The grammar is `golang.org/x/mod/semver`'s, `vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]`:
/// no leading zeros in numbers or in numeric pre-release identifiers, and the shorthands carry
/// no suffix. Go itself requires the `v`; we also accept the version without it, as OSV
/// `SEMVER` ranges of the Go ecosystem write it (`1.2.3`, `0`).
///
/// A pseudo-version (`v0.0.0-20191109021931-daa7c04131f5`, `v1.2.4-0.20191109021931-daa7c04131f5`,
/// `v1.2.3-pre.0.20191109021931-daa7c04131f5`) needs no special case: its timestamp and commit
/// form one alphanumeric identifier of fixed-width digits, so ASCII order is time order, and it
/// sorts below the release it precedes and above the base it was derived from.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    let s = text.strip_prefix('v').unwrap_or(text);
    let (core, pre, build) = semver::split_suffixes(s);
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() > 3 {
        return Err(format!(
            "`{core}` has more than three release numbers (MAJOR.MINOR.PATCH)"
        ));
    }
    if parts.len() < 3 && (pre.is_some() || build.is_some()) {
        return Err(
            "the shorthands vMAJOR and vMAJOR.MINOR take no pre-release or build suffix".into(),
        );
    }
    let part = |i: usize, what: &str| match parts.get(i) {
        Some(p) => semver::number(p, what, LeadingZeros::Refuse),
        None => Ok(Num::Small(0)),
    };
    let major = part(0, "major version")?;
    let minor = part(1, "minor version")?;
    let patch = part(2, "patch version")?;
    let pre = match pre {
        Some(p) => semver::prerelease(p, LeadingZeros::Refuse)?,
        None => Vec::new(),
    };
    if let Some(b) = build {
        semver::build(b)?;
    }
    Ok(Key::new(major, minor, patch, pre))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorthands_and_incompatible() {
        assert_eq!(parse("v1").unwrap(), parse("v1.0.0").unwrap());
        assert_eq!(parse("v1.2").unwrap(), parse("v1.2.0").unwrap());
        assert_eq!(
            parse("v2.0.0+incompatible").unwrap(),
            parse("v2.0.0").unwrap()
        );
        assert!(parse("v1.2-pre").is_err());
        assert!(parse("v1+meta").is_err());
    }

    #[test]
    fn leading_zeros_are_refused() {
        for bad in ["v01.2.3", "v1.02.3", "v1.2.03", "v1.2.3-01"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(
            parse("v1.2.3+01").is_ok(),
            "build identifiers may have leading zeros"
        );
    }
}
