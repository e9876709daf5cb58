//! RubyGems versions, read and ordered as `Gem::Version` does
//! (<https://guides.rubygems.org/patterns/#semantic-versioning>, `lib/rubygems/version.rb`):
//! segments are runs of digits or of letters, a letter makes a pre-release, `-` reads as
//! `.pre.`, and trailing zeros are dropped before comparing.

use std::cmp::Ordering;

use crate::num::Num;

/// One segment. Declaration order is `Gem::Version#<=>`'s: a string sorts before any number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Segment {
    /// Letters, compared as Ruby compares strings (bytes, case-sensitive).
    Str(Box<str>),
    /// Digits, compared numerically at any length.
    Num(Num),
}

/// `Gem::Version#canonical_segments`: the numeric segments before the first string with their
/// trailing zeros dropped, then the rest with its trailing zeros dropped. No key ends in a zero,
/// so comparing with zero padding (as `<=>` does) is equal only for identical keys, which keeps
/// the derived `Eq` and `Hash` in step with [`Ord`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    segments: Box<[Segment]>,
    prerelease: bool,
}

impl Key {
    /// `Gem::Version#prerelease?`: the version has a letter.
    pub(crate) fn is_prerelease(&self) -> bool {
        self.prerelease
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        let zero = Segment::Num(Num::Small(0));
        let len = self.segments.len().max(other.segments.len());
        (0..len)
            .map(|i| {
                let a = self.segments.get(i).unwrap_or(&zero);
                let b = other.segments.get(i).unwrap_or(&zero);
                a.cmp(b)
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Ruby's `String#strip` white space: ASCII white space and NUL.
fn is_ruby_space(c: char) -> bool {
    c.is_ascii_whitespace() || c == '\0' || c == '\x0b'
}

/// Parses a version `Gem::Version.correct?` accepts: after stripping white space, empty (read as
/// `0`) or `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`; letters may also follow
/// the first number directly (`1beta`).
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    let s = text.trim_matches(is_ruby_space);
    check(s)?;
    let s = s.replace('-', ".pre.");
    // `_segments`: scan /[0-9]+|[a-z]+/i.
    let mut segments = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let run = |pred: fn(&u8) -> bool| bytes[i..].iter().take_while(|c| pred(c)).count();
        if b.is_ascii_digit() {
            let n = run(u8::is_ascii_digit);
            segments.push(Segment::Num(Num::from_digits(&s[i..i + n])));
            i += n;
        } else if b.is_ascii_alphabetic() {
            let n = run(u8::is_ascii_alphabetic);
            segments.push(Segment::Str(s[i..i + n].into()));
            i += n;
        } else {
            i += 1;
        }
    }
    let prerelease = segments.iter().any(|s| matches!(s, Segment::Str(_)));
    let split = segments
        .iter()
        .position(|s| matches!(s, Segment::Str(_)))
        .unwrap_or(segments.len());
    let strings = segments.split_off(split);
    let mut canonical = drop_trailing_zeros(segments);
    canonical.extend(drop_trailing_zeros(strings));
    Ok(Key {
        segments: canonical.into_boxed_slice(),
        prerelease,
    })
}

fn drop_trailing_zeros(mut segments: Vec<Segment>) -> Vec<Segment> {
    while matches!(segments.last(), Some(Segment::Num(n)) if n.is_zero()) {
        segments.pop();
    }
    segments
}

/// Checks `Gem::Version::ANCHORED_VERSION_PATTERN` on the stripped text.
fn check(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    let (release, pre) = match s.split_once('-') {
        Some((release, pre)) => (release, Some(pre)),
        None => (s, None),
    };
    let mut parts = release.split('.');
    let first = parts.next().unwrap_or_default();
    // Ruby's pattern wants digits only before the first dot; osv-scalibr also reads `1beta` (as
    // `1.beta`), and so do we, so that no version it matches is refused.
    if !first.starts_with(|c: char| c.is_ascii_digit())
        || !first.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Err(format!("it must start with a number, not `{first}`"));
    }
    for part in parts {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!(
                "`{part}` is not a segment of ASCII letters and digits"
            ));
        }
    }
    if let Some(pre) = pre {
        for part in pre.split('.') {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return Err(format!(
                    "`{part}` is not a pre-release segment of ASCII letters, digits and `-`"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_segments() {
        let k = |s: &str| parse(s).unwrap();
        assert_eq!(k("1.0.a"), k("1.a"));
        assert_eq!(k("1.0.0"), k("1"));
        assert_eq!(k(""), k("0"));
        assert_eq!(k("1-a"), k("1.pre.a"));
        assert!(k("1.a") < k("1"));
        assert!(k("1.0.a10") > k("1.0.a9"));
        assert!(k("1.a").is_prerelease() && !k("1.0").is_prerelease());
        for bad in [
            "a", "b1", "1..2", "1.", "1.0-", "1.0-a..b", "1.0_a", "-1", "1 0",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
