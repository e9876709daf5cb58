//! PEP 440 versions (<https://peps.python.org/pep-0440/>), as PyPI and pip read and order them:
//! the grammar is the spec's canonical regular expression (Appendix B, the one `packaging` uses),
//! the order is `packaging.version.Version`'s. Numbers compare at any length, like Python's ints.

use crate::num::Num;

/// What decides a PEP 440 version's order, laid out so that the derived ordering is the spec's
/// (and `packaging`'s `_cmpkey`): field by field, in declaration order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Key {
    /// `N!`, zero when absent ("Version epochs").
    epoch: Num,
    /// The release segment without trailing zeros, so `1.0` and `1.0.0` are equal ("Release
    /// segment": shorter segments are padded with zeros when compared).
    release: Box<[Num]>,
    pre: PreSlot,
    /// `.postN`; no post-release sorts before any (`None < Some`).
    post: Option<Num>,
    dev: DevSlot,
    /// `+local`; a version without one sorts before the same version with one ("Local version
    /// identifiers").
    local: Option<Box<[LocalSegment]>>,
}

/// The pre-release slot, in the order "Summary of permitted suffixes and relative ordering"
/// gives: a developmental release of the final release (`1.0.dev1`) comes before its
/// pre-releases, which come before the release itself.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum PreSlot {
    /// A `.devN` release with neither a pre-release nor a post-release part.
    DevOfFinal,
    /// `aN`, `bN` or `rcN`.
    Pre(PreKind, Num),
    /// No pre-release part.
    Final,
}

/// Alpha, beta and release candidate, in that order. `alpha` is spelt `a`, `beta` `b`, and `c`,
/// `pre` and `preview` all mean `rc` ("Pre-release spelling").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum PreKind {
    Alpha,
    Beta,
    Rc,
}

/// The developmental-release slot: a `.devN` release sorts before the same version without one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum DevSlot {
    Dev(Num),
    None,
}

/// A segment of a local version label. Numeric segments compare as numbers and sort above
/// alphanumeric ones, which compare as lower-case strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum LocalSegment {
    Alphanumeric(Box<str>),
    Numeric(Num),
}

impl Key {
    /// Whether the version is a pre-release or a developmental release, as
    /// `packaging.version.Version.is_prerelease` says.
    pub(crate) fn is_prerelease(&self) -> bool {
        !matches!(self.pre, PreSlot::Final) || matches!(self.dev, DevSlot::Dev(_))
    }
}

/// The labels of each optional part, in the order the regular expression tries them (the order
/// matters: `alpha` before `a`, `preview` before `pre`, `rev` before `r`).
const PRE_LABELS: &[(&str, PreKind)] = &[
    ("alpha", PreKind::Alpha),
    ("a", PreKind::Alpha),
    ("beta", PreKind::Beta),
    ("b", PreKind::Beta),
    ("preview", PreKind::Rc),
    ("pre", PreKind::Rc),
    ("c", PreKind::Rc),
    ("rc", PreKind::Rc),
];
const POST_LABELS: &[(&str, ())] = &[("post", ()), ("rev", ()), ("r", ())];

/// Parses a PEP 440 version. Following the spec's normalisation rules (and `packaging`), it
/// accepts any ASCII case, a leading `v`, white space around the version, `-`, `_` or `.` as
/// separators (or none), implicit numbers (`1.0a` is `1.0a0`, `1.0.post` is `1.0.post0`) and the
/// implicit post-release `1.0-1`. Strings `packaging` would only accept as a `LegacyVersion`
/// (`2013-01-21T20:33:09+0100`, `1.0-final`, `trunk`) are refused.
///
/// Deviation: only ASCII letters are accepted. Python's case-insensitive matching also lets four
/// non-ASCII letters stand for ASCII ones (U+0130, U+0131, U+017F, U+212A), which no real
/// version uses.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    let s = text.trim_matches(is_python_space);
    if s.is_empty() {
        return Err("it is empty".into());
    }
    let mut c = Cursor { s, pos: 0 };
    c.eat_ci("v");

    // `(?:([0-9]+)!)?([0-9]+(?:\.[0-9]+)*)`
    let first = c
        .eat_digits()
        .ok_or("it does not start with a release number such as `1.0`")?;
    let (epoch, first) = if c.eat_ci("!") {
        let release = c
            .eat_digits()
            .ok_or("the epoch `N!` is not followed by a release number")?;
        (Num::from_digits(first), release)
    } else {
        (Num::Small(0), first)
    };
    let mut release = vec![Num::from_digits(first)];
    while c.peek() == Some(b'.') && c.peek_at(1).is_some_and(|b| b.is_ascii_digit()) {
        c.pos += 1;
        if let Some(digits) = c.eat_digits() {
            release.push(Num::from_digits(digits));
        }
    }

    // `([-_\.]?(alpha|a|beta|b|preview|pre|c|rc)[-_\.]?([0-9]+)?)?`
    let save = c.pos;
    c.eat_separator();
    let pre = match c.eat_label(PRE_LABELS) {
        Some(kind) => Some((kind, c.implicit_number())),
        None => {
            c.pos = save;
            None
        }
    };

    // `((?:-([0-9]+))|(?:[-_\.]?(post|rev|r)[-_\.]?([0-9]+)?))?`
    let save = c.pos;
    let post = match c.eat_ci("-").then(|| c.eat_digits()).flatten() {
        Some(digits) => Some(Num::from_digits(digits)),
        None => {
            c.pos = save;
            c.eat_separator();
            if c.eat_label(POST_LABELS).is_some() {
                Some(c.implicit_number())
            } else {
                c.pos = save;
                None
            }
        }
    };

    // `([-_\.]?(dev)[-_\.]?([0-9]+)?)?`
    let save = c.pos;
    c.eat_separator();
    let dev = if c.eat_ci("dev") {
        Some(c.implicit_number())
    } else {
        c.pos = save;
        None
    };

    // `(?:\+([a-z0-9]+(?:[-_\.][a-z0-9]+)*))?`
    let local = if c.eat_ci("+") {
        let label = c.rest();
        c.pos = s.len();
        Some(local_label(label)?)
    } else {
        None
    };

    if !c.rest().is_empty() {
        let (done, rest) = s.split_at(c.pos);
        return Err(if done.is_empty() {
            format!("unexpected `{rest}`")
        } else {
            format!("unexpected `{rest}` after `{done}`")
        });
    }

    while release.last().is_some_and(Num::is_zero) {
        release.pop();
    }
    let pre = match (pre, &post, &dev) {
        (Some((kind, n)), _, _) => PreSlot::Pre(kind, n),
        (None, None, Some(_)) => PreSlot::DevOfFinal,
        (None, _, _) => PreSlot::Final,
    };
    Ok(Key {
        epoch,
        release: release.into_boxed_slice(),
        pre,
        post,
        dev: dev.map_or(DevSlot::None, DevSlot::Dev),
        local,
    })
}

/// `[a-z0-9]+(?:[-_\.][a-z0-9]+)*`, case-insensitive; segments are compared lower-cased.
fn local_label(label: &str) -> Result<Box<[LocalSegment]>, String> {
    label
        .split(['-', '_', '.'])
        .map(|segment| {
            if segment.is_empty() {
                return Err(format!("the local version `+{label}` has an empty segment"));
            }
            if !segment.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(format!(
                    "the local version segment `{segment}` has characters other than ASCII \
                     letters and digits"
                ));
            }
            Ok(if segment.bytes().all(|b| b.is_ascii_digit()) {
                LocalSegment::Numeric(Num::from_digits(segment))
            } else {
                LocalSegment::Alphanumeric(segment.to_ascii_lowercase().into())
            })
        })
        .collect()
}

/// Python's `\s` (`str.isspace`): Unicode white space plus the four ASCII information separators
/// U+001C to U+001F.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// A position in an ASCII-led string; it only ever advances over ASCII bytes, so it always sits
/// on a character boundary.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<u8> {
        self.peek_at(0)
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.s.as_bytes().get(self.pos + offset).copied()
    }

    /// Consumes `word` if the input continues with it, in any ASCII case.
    fn eat_ci(&mut self, word: &str) -> bool {
        let matches = self
            .rest()
            .as_bytes()
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()));
        if matches {
            self.pos += word.len();
        }
        matches
    }

    /// Consumes the first of `labels` the input continues with.
    fn eat_label<T: Copy>(&mut self, labels: &[(&str, T)]) -> Option<T> {
        labels
            .iter()
            .find(|(word, _)| self.eat_ci(word))
            .map(|(_, value)| *value)
    }

    /// `[-_\.]?`
    fn eat_separator(&mut self) {
        if matches!(self.peek(), Some(b'-' | b'_' | b'.')) {
            self.pos += 1;
        }
    }

    /// `[0-9]+`
    fn eat_digits(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return None;
        }
        self.pos += len;
        rest.get(..len)
    }

    /// `[-_\.]?([0-9]+)?` after a label; the number is zero when absent ("Implicit pre-release
    /// number", "Implicit post release number", "Implicit development release number").
    fn implicit_number(&mut self) -> Num {
        self.eat_separator();
        self.eat_digits().map_or(Num::Small(0), Num::from_digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn spec_ordering_example() {
        // The ordering example of "Summary of permitted suffixes and relative ordering".
        let chain = [
            "1.dev0",
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+5",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.0.15",
            "1.1.dev1",
        ];
        for pair in chain.windows(2) {
            assert!(key(pair[0]) < key(pair[1]), "{pair:?}");
        }
    }

    #[test]
    fn normalisation() {
        let same = [
            ("1.0", "1.0.0"),
            ("1.0", "v1.0"),
            ("1.0", " 1.0\n"),
            ("1.0a1", "1.0-ALPHA.1"),
            ("1.0b0", "1.0_beta"),
            ("1.0rc1", "1.0pre1"),
            ("1.0rc1", "1.0.preview-1"),
            ("1.0rc1", "1.0c1"),
            ("1.0.post0", "1.0-r"),
            ("1.0.post1", "1.0-1"),
            ("1.0.post1", "1.0rev1"),
            ("1.0.dev0", "1.0-dev"),
            ("1.0a0", "1.0a."),
            ("1.0+ubuntu.1", "1.0+Ubuntu-01"),
            ("0!1.0", "1.0"),
        ];
        for (a, b) in same {
            assert_eq!(key(a), key(b), "{a} == {b}");
        }
    }

    #[test]
    fn refusals() {
        for bad in [
            "",
            "  ",
            "v",
            "1.",
            "1..0",
            "1.0-",
            "1.0+",
            "1.0+a..b",
            "!1.0",
            "1!",
            "1.0-final",
            "trunk",
            "1.0 beta",
            "1.0+ä",
            "1.0a1a1",
            "1.0.post1.post2",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
