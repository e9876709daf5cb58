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

/// `compare_special_version_forms`: the first form the string starts with, case-sensitively.
fn special(s: &str) -> Result<Part, String> {
    const FORMS: [(&str, Part); 10] = [
        ("dev", Part::Pre(1)),
        ("alpha", Part::Pre(2)),
        ("a", Part::Pre(2)),
        ("beta", Part::Pre(3)),
        ("b", Part::Pre(3)),
        ("RC", Part::Pre(4)),
        ("rc", Part::Pre(4)),
        ("#", Part::End),
        ("pl", Part::Patch),
        ("p", Part::Patch),
    ];
    match FORMS.iter().find(|(form, _)| s.starts_with(form)) {
        // PHP ranks `#` with every number, which makes `1.#` equal to both `1.1` and `1.2`: no
        // order can hold that, and Composer never writes it, so it is refused.
        Some((_, Part::End)) => Err(format!(
            "the part `{s}` starts with `#`, which PHP ranks equal to every number"
        )),
        Some((_, part)) => Ok(part.clone()),
        None => Ok(Part::Pre(0)),
    }
}

/// Parses a version as `version_compare` reads it: an optional `v` or `V` dropped, `-`, `_` and
/// `+` read as `.`, a `.` inserted wherever digits meet other characters, then split at `.`.
/// Every string is accepted by PHP; we refuse only the empty string and parts starting with `#`.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    let s = text
        .strip_prefix('v')
        .or_else(|| text.strip_prefix('V'))
        .unwrap_or(text);
    if s.is_empty() {
        return Err("it is empty".into());
    }
    let mut canonical = String::with_capacity(s.len() * 2);
    let mut previous: Option<char> = None;
    for c in s.chars() {
        let c = if matches!(c, '-' | '_' | '+') { '.' } else { c };
        if let Some(p) = previous
            && p != '.'
            && c != '.'
            && p.is_ascii_digit() != c.is_ascii_digit()
        {
            canonical.push('.');
        }
        canonical.push(c);
        previous = Some(c);
    }
    let mut parts = canonical
        .split('.')
        .map(|part| {
            if is_digits(part) {
                Ok(Part::Num(Num::from_digits(part)))
            } else {
                special(part)
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
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
    }
}
