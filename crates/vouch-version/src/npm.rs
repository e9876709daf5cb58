//! npm versions, read as node-semver reads them in *loose* mode (`new SemVer(v, { loose: true })`,
//! the `LOOSE` expression of `internal/re.js`), which is how npm treats the versions found in
//! lockfiles and advisories, and ordered by SemVer 2.0.0 precedence as `SemVer.compare` does.

use crate::num::{Num, is_digits};
use crate::semver::{self, Ident, Key, LeadingZeros};

/// node-semver's `MAX_LENGTH`: longer strings are refused before any parsing.
const MAX_LENGTH: usize = 256;

/// node-semver's `MAX_SAFE_INTEGER` (2^53 - 1): a larger major, minor or patch is refused.
const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// Parses an npm version in node-semver's loose mode. Accepted beyond strict SemVer 2.0.0:
/// - white space around the version (JavaScript's `String.prototype.trim`);
/// - any run of `v`, `=` and white space before it: `v1.2.3`, `=1.2.3`, `= v 1.2.3`;
/// - leading zeros in numbers, insignificant: `01.02.03` is `1.2.3`, `1.2.3-beta.01` is
///   `1.2.3-beta.1`;
/// - a pre-release without its hyphen: `1.2.3beta` is `1.2.3-beta`.
///
/// As node-semver does, it refuses strings longer than 256 UTF-16 units and major, minor or
/// patch numbers above 2^53 - 1, and it requires all three release numbers. Numeric pre-release
/// identifiers are compared exactly at any length, where node-semver compares those above
/// 2^53 - 1 as rounded JavaScript numbers.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    if text.encode_utf16().count() > MAX_LENGTH {
        return Err(format!("npm versions are at most {MAX_LENGTH} characters"));
    }
    let s = text.trim_matches(is_js_space);
    if s.is_empty() {
        return Err("it is empty".into());
    }
    // `[v=\s]*`
    let s = s.trim_start_matches(|c| c == 'v' || c == '=' || is_js_space(c));
    // `(\d+)\.(\d+)\.(\d+)`, each greedy.
    let (major, s) = release_number(s, "major version")?;
    let s = dot(s, "minor version")?;
    let (minor, s) = release_number(s, "minor version")?;
    let s = dot(s, "patch version")?;
    let (patch, s) = release_number(s, "patch version")?;
    let (pre, build) = match s.split_once('+') {
        Some((pre, build)) => (pre, Some(build)),
        None => (s, None),
    };
    let pre = if pre.is_empty() {
        Vec::new()
    } else {
        loose_prerelease(pre)?
    };
    if let Some(b) = build {
        semver::build(b)?;
    }
    Ok(Key::new(major, minor, patch, pre))
}

/// `(?:-?(ID(?:\.ID)*))` with `ID = \d+ | \d*[a-zA-Z-][a-zA-Z0-9-]*`: the hyphen is optional.
/// The regular expression first tries the hyphen as the separator; when the rest does not match
/// it backtracks and reads the hyphen as part of the first identifier (so `1.2.3-` has the
/// pre-release `-`, as in node-semver).
fn loose_prerelease(s: &str) -> Result<Vec<Ident>, String> {
    if let Some(after_hyphen) = s.strip_prefix('-')
        && let Ok(ids) = semver::prerelease(after_hyphen, LeadingZeros::Ignore)
    {
        return Ok(ids);
    }
    semver::prerelease(s, LeadingZeros::Ignore)
}

/// The leading digits of `s` as a release number, and what follows them.
fn release_number<'a>(s: &'a str, what: &str) -> Result<(Num, &'a str), String> {
    let end = s.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = s.split_at(end);
    if !is_digits(digits) {
        return Err(match s.chars().next() {
            Some(c) => format!("the {what} is not a number (found `{c}`)"),
            None => format!("the {what} is missing"),
        });
    }
    let n = Num::from_digits(digits);
    if n.exceeds(MAX_SAFE_INTEGER) {
        return Err(format!(
            "the {what} `{digits}` is above 2^53 - 1, which npm refuses"
        ));
    }
    Ok((n, rest))
}

/// The `.` before the next release number.
fn dot<'a>(s: &'a str, next: &str) -> Result<&'a str, String> {
    s.strip_prefix('.').ok_or_else(|| {
        format!("the {next} is missing: npm versions have three numbers (MAJOR.MINOR.PATCH)")
    })
}

/// JavaScript's white space and line terminators (`\s` and what `trim` removes): ECMA-262
/// `WhiteSpace` (tab, vertical tab, form feed, U+FEFF and every `Zs` space) and
/// `LineTerminator` (LF, CR, U+2028, U+2029).
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_forms() {
        let plain = parse("1.2.3-beta").unwrap();
        for loose in [
            "v1.2.3-beta",
            "=1.2.3-beta",
            " = v 1.2.3-beta ",
            "1.2.3beta",
            "\u{feff}1.2.3-beta",
            "01.02.03-beta",
        ] {
            assert_eq!(parse(loose).unwrap(), plain, "{loose:?}");
        }
        assert_eq!(parse("1.2.3-").unwrap(), parse("1.2.3--").unwrap());
    }

    #[test]
    fn node_semver_limits() {
        assert!(parse(&format!("{}.0.0", "1".repeat(255))).is_err());
        assert!(parse("9007199254740991.0.0").is_ok());
        assert!(parse("9007199254740992.0.0").is_err());
        assert!(parse("1.2").is_err());
        assert!(parse("1.2.3.4").is_err());
        assert!(parse("V1.2.3").is_err());
    }
}
