//! Maven versions, ordered by the POM reference's version order specification
//! (<https://maven.apache.org/pom.html#version-order-specification>), the algorithm osv.dev
//! and osv-scalibr implement and that Maven's `ComparableVersion` follows: tokens split at `.`,
//! `-` and digit/letter transitions, known qualifiers, trailing nulls trimmed, null padding.

use std::cmp::Ordering;

use crate::num::{Num, is_digits};

/// The separator before a token. The first token has none; a transition between digits and
/// letters counts as a hyphen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Sep {
    First,
    Dot,
    Hyphen,
}

/// A token's value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Value {
    /// Digits, leading zeros dropped; an empty token is `0`.
    Num(Num),
    /// A qualifier, lower-cased, with the spec's aliases applied: `cr` is `rc`; `ga`, `final` and
    /// `release` are the empty qualifier (the release itself); `a`, `b` and `m` directly followed
    /// by a digit are `alpha`, `beta` and `milestone`.
    Qualifier(Box<str>),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Token {
    sep: Sep,
    value: Value,
}

/// The known qualifiers, in order; the empty one is the release. Unknown qualifiers sort after
/// all of them, in lexical order.
const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

/// A qualifier's rank: a known one by its position, an unknown one after every known one.
fn qualifier_rank(q: &str) -> (usize, &str) {
    match QUALIFIERS.iter().position(|k| *k == q) {
        Some(i) => (i, ""),
        None => (QUALIFIERS.len(), q),
    }
}

impl Token {
    /// "Null" values are trimmed: `0`, the empty qualifier (`ga`, `final`, `release`).
    fn is_null(&self) -> bool {
        match &self.value {
            Value::Num(n) => n.is_zero(),
            Value::Qualifier(q) => q.is_empty(),
        }
    }

    /// The spec's order of separators and kinds: `.qualifier` < `-qualifier` < `-number` <
    /// `.number`.
    fn kind_rank(&self) -> u8 {
        match (self.sep, &self.value) {
            (Sep::Dot, Value::Qualifier(_)) => 0,
            (Sep::Hyphen, Value::Qualifier(_)) => 1,
            (Sep::Hyphen, Value::Num(_)) => 2,
            (Sep::Dot, Value::Num(_)) => 3,
            // Only first tokens have no separator, and they never meet another kind.
            (Sep::First, Value::Qualifier(_)) => 4,
            (Sep::First, Value::Num(_)) => 5,
        }
    }

    /// Compares two tokens at the same position.
    fn compare(&self, other: &Token) -> Ordering {
        if self.sep != other.sep {
            return self.kind_rank().cmp(&other.kind_rank());
        }
        match (&self.value, &other.value) {
            (Value::Num(a), Value::Num(b)) => a.cmp(b),
            (Value::Num(_), Value::Qualifier(_)) => Ordering::Greater,
            (Value::Qualifier(_), Value::Num(_)) => Ordering::Less,
            (Value::Qualifier(a), Value::Qualifier(b)) => qualifier_rank(a).cmp(&qualifier_rank(b)),
        }
    }

    /// Compares this token with the null that pads a shorter version at its position: `0` after
    /// a dot before a number, the empty qualifier (the release) otherwise.
    fn compare_with_null(&self) -> Ordering {
        match (self.sep, &self.value) {
            (_, Value::Num(n)) if self.sep != Sep::Hyphen => n.cmp(&Num::Small(0)),
            // `-1` against the padding `-` (an empty qualifier): a number beats a qualifier.
            (_, Value::Num(_)) => Ordering::Greater,
            (_, Value::Qualifier(q)) => qualifier_rank(q).cmp(&qualifier_rank("")),
        }
    }
}

/// The trimmed tokens of a version. Two keys compare equal exactly when their tokens are the
/// same: no key ends in a null, so padding never makes different keys equal, which keeps the
/// derived `Eq` and `Hash` in step with [`Ord`].
///
/// Maven's order is not transitive in rare corners, and neither is this one: `1-1 < 1.0.alpha`
/// (`-number < .number`), `1.0.alpha < 1` (alpha before the release) and `1 < 1-1`. Versions
/// published to Maven Central do not mix these forms within one artifact.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    tokens: Box<[Token]>,
}

impl Key {
    /// Whether a token is a qualifier that sorts before the release (`alpha`, `beta`,
    /// `milestone`, `rc`, `snapshot`).
    pub(crate) fn is_prerelease(&self) -> bool {
        self.tokens.iter().any(|t| match &t.value {
            Value::Qualifier(q) => qualifier_rank(q) < qualifier_rank(""),
            Value::Num(_) => false,
        })
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        let len = self.tokens.len().max(other.tokens.len());
        for i in 0..len {
            let order = match (self.tokens.get(i), other.tokens.get(i)) {
                (Some(a), Some(b)) => a.compare(b),
                (Some(a), None) => a.compare_with_null(),
                (None, Some(b)) => b.compare_with_null().reverse(),
                (None, None) => Ordering::Equal,
            };
            if order.is_ne() {
                return order;
            }
        }
        Ordering::Equal
    }
}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Parses a Maven version. Every string is a Maven version (`ComparableVersion` never refuses
/// one); we refuse only the empty string and text with white space or control characters,
/// which no repository serves.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    if let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("it contains the character {c:?}"));
    }
    let lower = text.to_lowercase();
    let mut raws: Vec<(Sep, &str)> = Vec::new();
    let (mut sep, mut start) = (Sep::First, 0);
    for (i, c) in lower.char_indices() {
        if c == '.' || c == '-' {
            raws.push((sep, &lower[start..i]));
            sep = if c == '.' { Sep::Dot } else { Sep::Hyphen };
            start = i + 1;
        }
    }
    raws.push((sep, &lower[start..]));
    let mut tokens = Vec::new();
    for (sep, raw) in raws {
        let pieces = split_transitions(raw);
        let count = pieces.len();
        for (j, piece) in pieces.into_iter().enumerate() {
            tokens.push(Token {
                // A transition between digits and letters is a hyphen.
                sep: if j > 0 { Sep::Hyphen } else { sep },
                value: value(piece, j + 1 < count),
            });
        }
    }
    trim(&mut tokens);
    Ok(Key {
        tokens: tokens.into_boxed_slice(),
    })
}

/// Splits a raw token where digits meet non-digits; an empty raw token is one empty piece.
fn split_transitions(raw: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous: Option<bool> = None;
    for (i, c) in raw.char_indices() {
        let digit = c.is_ascii_digit();
        if previous.is_some_and(|p| p != digit) {
            pieces.push(&raw[start..i]);
            start = i;
        }
        previous = Some(digit);
    }
    pieces.push(&raw[start..]);
    pieces
}

/// The value of one piece, with the spec's aliases.
fn value(piece: &str, followed_by_digit: bool) -> Value {
    if piece.is_empty() {
        return Value::Num(Num::Small(0));
    }
    if is_digits(piece) {
        return Value::Num(Num::from_digits(piece));
    }
    let q = match piece {
        "cr" => "rc",
        "ga" | "final" | "release" => "",
        "a" if followed_by_digit => "alpha",
        "b" if followed_by_digit => "beta",
        "m" if followed_by_digit => "milestone",
        other => other,
    };
    Value::Qualifier(q.into())
}

/// "Starting from the end of the version, the trailing null values are trimmed. This process is
/// repeated at each remaining hyphen from end to start." The first token always stays. The walk
/// only moves towards the start, so the nulls are marked and dropped in one pass (linear time
/// however many there are).
fn trim(tokens: &mut Vec<Token>) {
    let mut drop = vec![false; tokens.len()];
    let mut i = tokens.len().saturating_sub(1);
    while i > 0 {
        if tokens.get(i).is_some_and(Token::is_null) {
            if let Some(d) = drop.get_mut(i) {
                *d = true;
            }
            i -= 1;
            continue;
        }
        // Back to the hyphen that starts this run, then trim the nulls before it.
        while i > 0 && tokens.get(i).is_some_and(|t| t.sep != Sep::Hyphen) {
            i -= 1;
        }
        if i == 0 {
            break;
        }
        i -= 1;
    }
    let mut keep = drop.into_iter().map(|d| !d);
    tokens.retain(|_| keep.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Key {
        parse(s).unwrap()
    }

    #[test]
    fn spec_examples() {
        assert_eq!(k("1"), k("1.0.0"));
        assert_eq!(k("1-1.foo-bar-1-baz-0.1"), k("1-1.foo-bar1baz-.1"));
        assert_eq!(k("1ga"), k("1"));
        assert_eq!(k("1a1"), k("1-alpha-1"));
        assert_eq!(k("1cr"), k("1rc"));
        assert!(k("1-alpha") < k("1"));
        assert!(k("1") < k("1-sp"));
        assert!(k("1.0-snapshot") < k("1.0"));
        assert!(k("2.0-1") < k("2.0.1"));
    }

    #[test]
    fn many_nulls_trim_in_linear_time() {
        let n = 200_000;
        let long = format!("1{}{}", "-0".repeat(n), ".1".repeat(n));
        let key = k(&long);
        // `1`, the `-0` that starts the last run, and the `.1`s: the other `-0`s are trimmed.
        assert_eq!(key.tokens.len(), 2 + n);
        assert_eq!(k(&format!("1{}", ".0".repeat(n))), k("1"));
    }
}
