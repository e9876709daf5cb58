//! RPM package versions (Red Hat, SUSE, AlmaLinux, Rocky Linux and the other RPM
//! distributions): `[epoch:]version[-release]`, split as rpm's `parseEVR` splits it and each part
//! ordered by rpm's `rpmvercmp` (`lib/rpmvercmp.c`, <https://rpm-software-management.github.io/rpm/manual/>),
//! with `~` (pre-release) and `^` (post-release snapshot) as rpm 4.15 defines them.

use crate::num::{Num, is_digits};

/// The comparison key of an RPM version: epoch, version, release. The epoch defaults to 0.
///
/// A missing release sorts before every release. rpm's `rpmverCmp` instead skips the release
/// when either side lacks one, which is not transitive (`1.0 = 1.0-1` and `1.0 = 1.0-2`, yet
/// `1.0-1 < 1.0-2`); osv-scalibr (`semantic/version-redhat.go`) orders it as we do.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Key {
    epoch: Num,
    version: Segments,
    release: Option<Segments>,
}

impl Key {
    /// Whether the version or release holds a `~`, rpm's pre-release marker (`1.0~rc1`).
    pub(crate) fn is_prerelease(&self) -> bool {
        self.version.has_tilde() || self.release.as_ref().is_some_and(Segments::has_tilde)
    }
}

/// One token of a version part as `rpmvercmp` walks it. Separators (any byte that is not an
/// ASCII letter or digit, `~` or `^`) only end segments and are not kept. The variant order is
/// the comparison: `~` sorts before everything including the end; the end before `^`; `^`
/// before a segment; a letter segment before a number segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Token {
    Tilde,
    End,
    Caret,
    Alpha(Box<str>),
    Number(Num),
}

/// The tokens of one part, always closed by [`Token::End`], so that comparing two of them
/// lexicographically is `rpmvercmp`: when one part runs out, its `End` meets the other's next
/// token.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Segments(Vec<Token>);

impl Segments {
    fn parse(s: &str) -> Segments {
        let bytes = s.as_bytes();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let run = |pred: fn(&u8) -> bool| {
                bytes[i..]
                    .iter()
                    .position(|c| !pred(c))
                    .map_or(bytes.len(), |n| i + n)
            };
            match b {
                b'~' => {
                    tokens.push(Token::Tilde);
                    i += 1;
                }
                b'^' => {
                    tokens.push(Token::Caret);
                    i += 1;
                }
                b'0'..=b'9' => {
                    let end = run(u8::is_ascii_digit);
                    tokens.push(Token::Number(Num::from_digits(&s[i..end])));
                    i = end;
                }
                b'a'..=b'z' | b'A'..=b'Z' => {
                    let end = run(u8::is_ascii_alphabetic);
                    tokens.push(Token::Alpha(s[i..end].into()));
                    i = end;
                }
                _ => i += 1,
            }
        }
        tokens.push(Token::End);
        Segments(tokens)
    }

    fn has_tilde(&self) -> bool {
        self.0.contains(&Token::Tilde)
    }
}

/// Parses an RPM version. As `parseEVR` does, an epoch is the digits before a `:` (an empty one
/// is 0; text before a `:` that is not all digits makes no epoch, and the `:` is then an ordinary
/// separator), and the release follows the last `-`. Every other string is accepted, as rpm
/// accepts it, except the empty one.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    let (epoch, rest) = match text.split_once(':') {
        Some(("", rest)) => (Num::Small(0), rest),
        Some((epoch, rest)) if is_digits(epoch) => (Num::from_digits(epoch), rest),
        _ => (Num::Small(0), text),
    };
    let (version, release) = match rest.rsplit_once('-') {
        Some((version, release)) => (version, Some(release)),
        None => (rest, None),
    };
    Ok(Key {
        epoch,
        version: Segments::parse(version),
        release: release.map(Segments::parse),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_only_split_segments() {
        assert_eq!(Segments::parse("1.0"), Segments::parse("1_0"));
        assert_eq!(Segments::parse("1.0."), Segments::parse("1..0"));
        assert_eq!(Segments::parse("a1"), Segments::parse("a.1"));
        assert_eq!(
            Segments::parse("1.0a^~").0,
            vec![
                Token::Number(Num::Small(1)),
                Token::Number(Num::Small(0)),
                Token::Alpha("a".into()),
                Token::Caret,
                Token::Tilde,
                Token::End
            ]
        );
    }

    #[test]
    fn epoch_and_release_split_like_parse_evr() {
        let k = parse("2:1.0-1-2").unwrap();
        assert_eq!(k.epoch, Num::Small(2));
        assert_eq!(k.version, Segments::parse("1.0-1"));
        assert_eq!(k.release, Some(Segments::parse("2")));
        assert_eq!(parse(":1").unwrap().epoch, Num::Small(0));
        assert_eq!(parse("a:1").unwrap().version, Segments::parse("a:1"));
    }
}
