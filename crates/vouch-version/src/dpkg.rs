//! Debian package versions, ordered as dpkg orders them: deb-version(7) and Debian Policy
//! §5.6.12 (<https://www.debian.org/doc/debian-policy/ch-controlfields.html#version>),
//! `[epoch:]upstream_version[-debian_revision]`, read and compared as dpkg's
//! `lib/dpkg/parsehelp.c` (`parseversion`) and `lib/dpkg/version.c` (`verrevcmp`) do.

use std::cmp::Ordering;

use crate::num::{Num, is_digits};

/// The comparison key of a Debian version: the epoch, then the upstream version, then the
/// revision (a missing revision compares as `0`, which `verrevcmp` makes equal to the empty one).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Key {
    epoch: Num,
    upstream: Part,
    revision: Part,
}

impl Key {
    /// Whether the upstream version holds a `~`, the Debian convention for a pre-release
    /// (`1.0~rc1` sorts before `1.0`).
    pub(crate) fn is_prerelease(&self) -> bool {
        self.upstream.0.iter().any(|(text, _)| text.contains('~'))
    }
}

/// One version part as `verrevcmp` walks it: alternating runs of non-digits and digits,
/// `(non-digits, number)` pairs. A missing pair compares as `("", 0)`, so trailing such pairs
/// are dropped when parsing, which keeps the derived `Eq` and `Hash` in step with `Ord`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Part(Vec<(Box<str>, Num)>);

impl Part {
    fn parse(s: &str) -> Part {
        let mut pairs: Vec<(Box<str>, Num)> = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            let split = rest
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(rest.len());
            let (text, tail) = rest.split_at(split);
            let digits = tail
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(tail.len());
            let (number, tail) = tail.split_at(digits);
            let number = if number.is_empty() {
                Num::Small(0)
            } else {
                Num::from_digits(number)
            };
            pairs.push((Box::from(text), number));
            rest = tail;
        }
        while pairs
            .last()
            .is_some_and(|(t, n)| t.is_empty() && n.is_zero())
        {
            pairs.pop();
        }
        Part(pairs)
    }
}

/// dpkg's `order()`: `~` before the end of the part, the end before letters, letters (in ASCII
/// order) before every other character. Only non-digit ASCII reaches it (see [`parse`]).
fn weight(byte: Option<u8>) -> i32 {
    match byte {
        None => 0,
        Some(b'~') => -1,
        Some(b) if b.is_ascii_alphabetic() => i32::from(b),
        Some(b) => i32::from(b) + 256,
    }
}

fn cmp_text(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    (0..a.len().max(b.len()))
        .map(|i| weight(a.get(i).copied()).cmp(&weight(b.get(i).copied())))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

impl Ord for Part {
    fn cmp(&self, other: &Self) -> Ordering {
        let empty = (Box::<str>::from(""), Num::Small(0));
        for i in 0..self.0.len().max(other.0.len()) {
            let (ta, na) = self.0.get(i).unwrap_or(&empty);
            let (tb, nb) = other.0.get(i).unwrap_or(&empty);
            let order = cmp_text(ta, tb).then_with(|| na.cmp(nb));
            if order.is_ne() {
                return order;
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for Part {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Parses a Debian version as dpkg's `parseversion` does: blanks around it are trimmed; it is
/// refused when empty, with embedded blanks, with an epoch that is not a number from 0 to
/// 2^31 - 1, with nothing after the epoch's colon, or with an empty revision after the last `-`.
///
/// dpkg only warns (and still compares) when the upstream version does not start with a digit
/// or a character outside Policy's set appears; we accept those too, but refuse non-ASCII
/// bytes (dpkg weighs them through a C `char`, whose signedness differs between platforms, so
/// they have no one order) and control characters (no package can carry them).
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    let s = text.trim_matches([' ', '\t']);
    if s.is_empty() {
        return Err("it is empty".into());
    }
    if s.contains([' ', '\t']) {
        return Err("it has embedded spaces".into());
    }
    if !s.is_ascii() || s.bytes().any(|b| b.is_ascii_control()) {
        return Err("it holds a character that is not printable ASCII".into());
    }
    let (epoch, rest) = match s.split_once(':') {
        Some((epoch, rest)) => (parse_epoch(epoch)?, rest),
        None => (Num::Small(0), s),
    };
    if rest.is_empty() {
        return Err("nothing follows the epoch's colon".into());
    }
    let (upstream, revision) = match rest.rsplit_once('-') {
        Some((_, "")) => return Err("the revision after the last `-` is empty".into()),
        Some((upstream, revision)) => (upstream, revision),
        None => (rest, ""),
    };
    if upstream.is_empty() {
        return Err("the upstream version is empty".into());
    }
    Ok(Key {
        epoch,
        upstream: Part::parse(upstream),
        revision: Part::parse(revision),
    })
}

/// The epoch as dpkg reads it with `strtol`: an optional sign and decimal digits, at most
/// `INT_MAX`, not negative (`-0` is zero).
fn parse_epoch(epoch: &str) -> Result<Num, String> {
    let (negative, digits) = match epoch.as_bytes().first() {
        Some(b'-') => (true, &epoch[1..]),
        Some(b'+') => (false, &epoch[1..]),
        _ => (false, epoch),
    };
    if digits.is_empty() {
        return Err("the epoch is empty".into());
    }
    if !is_digits(digits) {
        return Err(format!("the epoch `{epoch}` is not a number"));
    }
    let value = Num::from_digits(digits);
    if negative && !value.is_zero() {
        return Err(format!("the epoch `{epoch}` is negative"));
    }
    if value.exceeds(i32::MAX.unsigned_abs().into()) {
        return Err(format!("the epoch `{epoch}` is above 2147483647"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_zero_pairs_are_dropped() {
        assert_eq!(Part::parse("1.0"), Part::parse("1.0"));
        assert_eq!(Part::parse(""), Part::parse("0"));
        assert_eq!(Part::parse("00"), Part(Vec::new()));
        // A digit run that is missing compares as 0, as in `verrevcmp`.
        assert_eq!(Part::parse("1.0"), Part::parse("1."));
        assert_ne!(Part::parse("1.0"), Part::parse("1"));
    }

    #[test]
    fn tilde_sorts_before_the_end_and_letters_before_symbols() {
        assert!(cmp_text("~", "").is_lt());
        assert!(cmp_text("", "a").is_lt());
        assert!(cmp_text("z", ".").is_lt());
        assert!(cmp_text("~~", "~").is_lt());
    }
}
