//! Hex (Elixir and Erlang packages): versions are SemVer 2.0.0 read as Elixir's `Version.parse/1`
//! reads them (<https://hexdocs.pm/elixir/Version.html>): MAJOR.MINOR.PATCH all required, no
//! leading zeros, build metadata accepted and ignored, SemVer's precedence.

use crate::semver::{self, Key, LeadingZeros};

/// Parses a Hex version: `MAJOR.MINOR.PATCH[-PRE][+BUILD]`, strictly.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    let (core, pre, build) = semver::split_suffixes(text);
    let [major, minor, patch] = core.split('.').collect::<Vec<_>>()[..] else {
        return Err(format!(
            "`{core}` is not MAJOR.MINOR.PATCH: Elixir's Version needs all three numbers"
        ));
    };
    let major = semver::number(major, "major version", LeadingZeros::Refuse)?;
    let minor = semver::number(minor, "minor version", LeadingZeros::Refuse)?;
    let patch = semver::number(patch, "patch version", LeadingZeros::Refuse)?;
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
    fn strict_grammar() {
        assert_eq!(parse("1.0.0+build").unwrap(), parse("1.0.0").unwrap());
        assert!(parse("1.0.0-rc.1").unwrap() < parse("1.0.0").unwrap());
        for bad in [
            "1", "1.0", "v1.0.0", "01.0.0", "1.0.0-01", "1.0.0.0", "1.0.0-", " 1.0.0",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
