//! Haskell package versions (Hackage and GHC), ordered as the Package Versioning Policy
//! (<https://pvp.haskell.org>) and Cabal's `Distribution.Types.Version` define them: a list of
//! non-negative integers compared lexicographically, a proper prefix sorting first (`1.0 < 1.0.0`).

use crate::num::{Num, is_digits};

/// The version's numbers. The derived order of a slice is exactly Haskell's `compare` on lists,
/// so no zero is ever dropped: `1.0` and `1.0.0` are different versions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Key(Box<[Num]>);

/// Parses `N(.N)*`. Cabal refuses leading zeros and numbers of more than nine digits; we accept
/// both (leading zeros are insignificant), so that no version Hackage holds is refused.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    text.split('.')
        .map(|part| {
            if is_digits(part) {
                Ok(Num::from_digits(part))
            } else if part.is_empty() {
                Err("it has an empty number between dots".to_owned())
            } else {
                Err(format!("`{part}` is not a non-negative integer"))
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(|numbers| Key(numbers.into_boxed_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_sort_first_and_zeros_count() {
        assert!(parse("1.0").unwrap() < parse("1.0.0").unwrap());
        assert!(parse("0.11.3.0").unwrap() < parse("1").unwrap());
        assert_eq!(parse("1.02").unwrap(), parse("1.2").unwrap());
        for bad in ["", ".", "1.", ".1", "1..2", "1.a", "-1", "1-2", " 1"] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
