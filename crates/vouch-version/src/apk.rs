//! Alpine package versions (Alpine, Wolfi, Chainguard and the other apk distributions), ordered
//! as apk-tools 3 orders them (`src/version.c`; grammar in
//! <https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver>):
//! `number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}`.

use crate::num::Num;

/// The comparison key of an apk version: its tokens up to and including the first end or
/// invalid token, compared left to right as `apk_version_compare` does.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Key(Vec<Token>);

impl Key {
    /// Whether the version carries a pre-release suffix (`_alpha`, `_beta`, `_pre`, `_rc`).
    pub(crate) fn is_prerelease(&self) -> bool {
        self.0.iter().any(|t| matches!(t, Token::PreSuffix(_)))
    }
}

/// The suffixes in apk's order; `NONE` (no suffix) sits between `rc` and `cvs`.
const PRE_SUFFIXES: [&str; 4] = ["alpha", "beta", "pre", "rc"];
const POST_SUFFIXES: [&str; 5] = ["cvs", "svn", "git", "hg", "p"];

/// One apk token. apk compares two tokens of the same kind by value and stops at the first
/// difference; tokens of different kinds order as the variants do here: a pre-release suffix
/// sorts before everything (also before the end, so `1.2_rc1 < 1.2`), then a version that turned
/// invalid, then one that ended, then the later kinds of token before the earlier ones (a
/// version that goes on to a revision is older than one that goes on to a letter or number).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Token {
    /// `_alpha`, `_beta`, `_pre`, `_rc`: the index in [`PRE_SUFFIXES`].
    PreSuffix(u8),
    /// What apk's tokenizer could not read, from there to the end. apk 3 stops there and calls
    /// two such versions equal, apk 2 read on with other rules, and osv.dev / osv-scalibr
    /// compare two invalid versions as strings; we compare the unreadable rests as bytes, which
    /// keeps the order total and agrees with osv-scalibr's test vectors but for the few listed
    /// in the conformance test.
    Invalid(Box<str>),
    /// The end of the version.
    End,
    /// The number of `-rN`.
    Revision(Num),
    /// The hex digits of `~hash`, compared as bytes.
    Hash(Box<str>),
    /// The number after a suffix (`_p2`).
    SuffixNumber(Num),
    /// `_cvs`, `_svn`, `_git`, `_hg`, `_p`: the index in [`POST_SUFFIXES`].
    PostSuffix(u8),
    /// The single lower-case letter after the numbers.
    Letter(u8),
    /// A number after a `.`.
    Digit(Digits),
    /// The first number.
    Initial(Num),
}

/// A number after a `.`: apk compares two of them as strings when either starts with `0`
/// (Gentoo's rule for `1.05 < 1.5`), and as numbers otherwise. That is the order of this enum:
/// every `0`-led run, in byte order, before every other, in numeric order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Digits {
    ZeroLed(Box<str>),
    Number(Num),
}

/// The kind of the previous token, which decides what may follow (apk's `enum PARTS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Initial,
    Digit,
    Letter,
    Suffix,
    SuffixNumber,
    Hash,
    Revision,
}

/// Reads an apk version into its tokens, by apk-tools 3's rules (`token_next`) plus one of
/// apk 2's: a number may follow the letter. Every string has a key, as every string has an
/// order in `apk version -t`: what apk cannot read becomes [`Token::Invalid`] at that point.
/// Only the empty string is refused.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    let mut tokens = Vec::new();
    let mut rest = text;
    let (digits, tail) = split_run(rest, |b| b.is_ascii_digit());
    if digits.is_empty() {
        tokens.push(Token::Invalid(text.into()));
        return Ok(Key(tokens));
    }
    tokens.push(Token::Initial(Num::from_digits(digits)));
    rest = tail;
    let mut kind = Kind::Initial;
    loop {
        let Some(&first) = rest.as_bytes().first() else {
            tokens.push(Token::End);
            break;
        };
        let start = rest;
        let next = match first {
            b'a'..=b'z' if kind <= Kind::Digit => {
                rest = &rest[1..];
                Some((Kind::Letter, Token::Letter(first)))
            }
            b'.' | b'0'..=b'9' => {
                let dotted = first == b'.';
                let (digits, tail) =
                    split_run(&rest[usize::from(dotted)..], |b| b.is_ascii_digit());
                rest = tail;
                match (kind, dotted) {
                    _ if digits.is_empty() => None,
                    // After a number only `.` leads to a digit (the run took the rest).
                    (Kind::Initial | Kind::Digit, _) => {
                        Some((Kind::Digit, Token::Digit(digit(digits))))
                    }
                    // apk 2 read a number right after the letter (`9.0p1`); apk 3 calls it
                    // invalid. Alpine's own advisories hold such versions, and the comparisons
                    // apk wrote for them (alpine-versions-generated.txt) order them as numbers.
                    (Kind::Letter, false) => Some((Kind::Digit, Token::Digit(digit(digits)))),
                    (Kind::Suffix, false) => Some((
                        Kind::SuffixNumber,
                        Token::SuffixNumber(Num::from_digits(digits)),
                    )),
                    _ => None,
                }
            }
            b'_' if kind <= Kind::SuffixNumber => {
                let (name, tail) = split_run(&rest[1..], |b| b.is_ascii_lowercase());
                rest = tail;
                suffix(name).map(|t| (Kind::Suffix, t))
            }
            b'~' if kind < Kind::Hash => {
                let (hex, tail) = split_run(&rest[1..], |b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
                rest = tail;
                (!hex.is_empty()).then(|| (Kind::Hash, Token::Hash(hex.into())))
            }
            b'-' if kind < Kind::Revision && rest.starts_with("-r") => {
                let (digits, tail) = split_run(&rest[2..], |b| b.is_ascii_digit());
                rest = tail;
                (!digits.is_empty())
                    .then(|| (Kind::Revision, Token::Revision(Num::from_digits(digits))))
            }
            _ => None,
        };
        match next {
            Some((k, token)) => {
                kind = k;
                tokens.push(token);
            }
            None => {
                tokens.push(Token::Invalid(start.into()));
                break;
            }
        }
    }
    Ok(Key(tokens))
}

/// Splits `s` after its longest prefix of bytes matching `pred` (all ASCII, so the split is on
/// a character boundary).
fn split_run(s: &str, pred: impl Fn(u8) -> bool) -> (&str, &str) {
    let end = s.bytes().position(|b| !pred(b)).unwrap_or(s.len());
    s.split_at(end)
}

fn digit(digits: &str) -> Digits {
    if digits.starts_with('0') {
        Digits::ZeroLed(digits.into())
    } else {
        Digits::Number(Num::from_digits(digits))
    }
}

fn suffix(name: &str) -> Option<Token> {
    let index = |list: &[&str]| {
        list.iter()
            .position(|s| *s == name)
            .and_then(|i| u8::try_from(i).ok())
    };
    index(&PRE_SUFFIXES)
        .map(Token::PreSuffix)
        .or_else(|| index(&POST_SUFFIXES).map(Token::PostSuffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_of_a_full_version() {
        assert_eq!(
            parse("1.02b_rc2_p~ab-r3").unwrap().0,
            vec![
                Token::Initial(Num::Small(1)),
                Token::Digit(Digits::ZeroLed("02".into())),
                Token::Letter(b'b'),
                Token::PreSuffix(3),
                Token::SuffixNumber(Num::Small(2)),
                Token::PostSuffix(4),
                Token::Hash("ab".into()),
                Token::Revision(Num::Small(3)),
                Token::End,
            ]
        );
    }

    #[test]
    fn invalid_tokens_end_the_key() {
        assert_eq!(parse("a").unwrap().0, vec![Token::Invalid("a".into())]);
        assert_eq!(
            parse("1-ruff").unwrap().0,
            vec![
                Token::Initial(Num::Small(1)),
                Token::Invalid("-ruff".into())
            ]
        );
        assert_eq!(
            parse("1.2p1.3").unwrap().0,
            vec![
                Token::Initial(Num::Small(1)),
                Token::Digit(Digits::Number(Num::Small(2))),
                Token::Letter(b'p'),
                Token::Digit(Digits::Number(Num::Small(1))),
                Token::Digit(Digits::Number(Num::Small(3))),
                Token::End
            ]
        );
        assert_eq!(parse("1.2p.1").unwrap().0[3], Token::Invalid(".1".into()));
    }
}
