//! Packagist (Composer) versions, ordered as PHP's `version_compare`
//! (<https://www.php.net/manual/en/function.version-compare.php>) orders them after the leading
//! `v` is dropped, which is how osv.dev and osv-scalibr compare Packagist versions.

use crate::num::{Num, is_digits};

/// One part of the canonical version. Declaration order is `version_compare`'s: the special forms
/// below a number (an unknown string, `dev`, `alpha` = `a`, `beta` = `b`, `RC` = `rc`), then the
/// end of a shorter version, then numbers, then `pl` = `p`. PHP compares a string to a number as
/// the form `#`, which sits between `RC` and `pl`; a version that runs out sorts below any
/// further number (`1.0 < 1.0.0`) and above any further pre-release form (`1.0rc1 < 1.0`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Part {
    /// A special form below a number: its rank (unknown 0, `dev` 1, `alpha` 2, `beta` 3, `RC` 4).
    Pre(u8),
    /// The end of the version; every key ends with exactly one.
    End,
    /// A number, at any length.
    Num(Num),
    /// `pl` or `p`, a patch level: above every number.
    Patch,
}

/// The parts in order, ending with [`Part::End`], so that the derived order of the slice is
/// `version_compare`'s.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Key(Box<[Part]>);

impl Key {
    /// Whether a part is a pre-release form (`dev`, `alpha`, `beta`, `RC` or an unknown string).
    pub(crate) fn is_prerelease(&self) -> bool {
        self.0.iter().any(|p| matches!(p, Part::Pre(_)))
    }
}

/// `compare_special_version_forms`: the first form the string starts with, case-sensitively;
/// a string that starts with none of them (the empty one too) ranks below `dev`.
fn special(s: &str) -> Part {
    const FORMS: [(&str, Part); 9] = [
        ("dev", Part::Pre(1)),
        ("alpha", Part::Pre(2)),
        ("a", Part::Pre(2)),
        ("beta", Part::Pre(3)),
        ("b", Part::Pre(3)),
        ("RC", Part::Pre(4)),
        ("rc", Part::Pre(4)),
        ("pl", Part::Patch),
        ("p", Part::Patch),
    ];
    FORMS
        .iter()
        .find(|(form, _)| s.starts_with(form))
        .map_or(Part::Pre(0), |(_, part)| part.clone())
}

/// `php_canonicalize_version`: the first character kept; `-`, `_`, `+` and every other
/// character that is not an ASCII letter or digit become `.`, with no two dots in a row; a `.`
/// inserted wherever digits meet other characters (the character after it then kept as is).
fn canonicalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return out;
    };
    out.push(first);
    let mut previous = first;
    let digit = |c: char| c.is_ascii_digit();
    let other = |c: char| !c.is_ascii_digit() && c != '.';
    for c in chars {
        let after_dot = out.ends_with('.');
        if matches!(c, '-' | '_' | '+') {
            if !after_dot {
                out.push('.');
            }
        } else if (other(previous) && digit(c)) || (digit(previous) && other(c)) {
            // PHP keeps the character here even when it is not alphanumeric.
            if !after_dot {
                out.push('.');
            }
            out.push(c);
        } else if !c.is_ascii_alphanumeric() {
            if !after_dot {
                out.push('.');
            }
        } else {
            out.push(c);
        }
        previous = c;
    }
    out
}

/// Parses a version as `version_compare` reads it after Composer's leading `v` or `V` is
/// dropped: canonicalised as PHP does, then split at `.`. PHP accepts every string; we refuse
/// the empty one and any `#`: PHP reads `#` as a separator, while osv-scalibr reads it as the
/// form `#`, which ranks equal to every number (so `1.#` would equal both `1.1` and `1.2`).
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    let s = text
        .strip_prefix('v')
        .or_else(|| text.strip_prefix('V'))
        .unwrap_or(text);
    if s.is_empty() {
        return Err("it is empty".into());
    }
    if s.contains('#') {
        return Err(
            "it contains `#`, which PHP reads as a separator and osv-scalibr as a number".into(),
        );
    }
    let mut parts: Vec<Part> = canonicalize(s)
        .split('.')
        .map(|part| {
            if is_digits(part) {
                Part::Num(Num::from_digits(part))
            } else {
                special(part)
            }
        })
        .collect();
    parts.push(Part::End);
    Ok(Key(parts.into_boxed_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_compare_order() {
        let k = |s: &str| parse(s).unwrap();
        let chain = [
            "1.0-dev", "1.0a1", "1.0b1", "1.0RC1", "1.0", "1.0.0", "1.0pl1",
        ];
        for pair in chain.windows(2) {
            assert!(k(pair[0]) < k(pair[1]), "{pair:?}");
        }
        assert_eq!(k("1.0RC1"), k("1.0rc1"));
        assert_eq!(k("v1.0"), k("V1.0"));
        assert_eq!(k("1.0.0rc2"), k("1.0.0.rc2"));
        assert!(parse("1.2.#").is_err() && parse("").is_err() && parse("v").is_err());
        assert_eq!(canonicalize("1.0-dev"), "1.0.dev");
        assert_eq!(canonicalize("1.0--b1"), "1.0.b.1");
        assert_eq!(canonicalize("1.0~beta"), "1.0.~beta");
        assert_eq!(canonicalize("1..0__b"), "1.0.b");
        assert_eq!(canonicalize("4.3-2RC1"), "4.3.2.RC.1");
        assert_eq!(canonicalize("-1"), "-.1");
    }
}
