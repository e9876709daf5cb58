//! Non-negative integers of any length, as version numbers are in the wild (PEP 440 and Go
//! compare arbitrarily long digit strings; SemVer sets no bound). Kept as a `u64` when one fits
//! and as the digit string otherwise, so no version number can overflow or panic.

use std::cmp::Ordering;

/// A non-negative integer parsed from ASCII digits. The representation is canonical (`Small`
/// whenever the value fits a `u64`, `Big` holds the digits without leading zeros), so the derived
/// `Eq` and `Hash` agree with the by-value `Ord`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Num {
    /// A value that fits a `u64`.
    Small(u64),
    /// A value above `u64::MAX`: its decimal digits, the first one non-zero.
    Big(Box<str>),
}

impl Num {
    /// The value of `digits`, which must be non-empty and all ASCII digits (callers check);
    /// leading zeros are insignificant.
    pub(crate) fn from_digits(digits: &str) -> Num {
        let significant = digits.trim_start_matches('0');
        if significant.is_empty() {
            return Num::Small(0);
        }
        // For a string of digits, parsing fails only when the value is above u64::MAX.
        match significant.parse::<u64>() {
            Ok(n) => Num::Small(n),
            Err(_) => Num::Big(significant.into()),
        }
    }

    /// Whether the value is zero.
    pub(crate) fn is_zero(&self) -> bool {
        matches!(self, Num::Small(0))
    }

    /// Whether the value is greater than `limit`.
    pub(crate) fn exceeds(&self, limit: u64) -> bool {
        match self {
            Num::Small(n) => *n > limit,
            Num::Big(_) => true,
        }
    }
}

impl Ord for Num {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Num::Small(a), Num::Small(b)) => a.cmp(b),
            (Num::Small(_), Num::Big(_)) => Ordering::Less,
            (Num::Big(_), Num::Small(_)) => Ordering::Greater,
            // Without leading zeros, the longer digit string is the larger number.
            (Num::Big(a), Num::Big(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
        }
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Whether `s` is non-empty and made of ASCII digits only.
pub(crate) fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_and_ordered_by_value() {
        assert_eq!(Num::from_digits("000"), Num::Small(0));
        assert_eq!(Num::from_digits("007"), Num::Small(7));
        assert_eq!(
            Num::from_digits("18446744073709551615"),
            Num::Small(u64::MAX)
        );
        assert_eq!(
            Num::from_digits("018446744073709551616"),
            Num::Big("18446744073709551616".into())
        );
        let ordered = [
            "0",
            "9",
            "10",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "100000000000000000000",
            "999999999999999999999999999991",
            "999999999999999999999999999999",
        ];
        for pair in ordered.windows(2) {
            assert!(
                Num::from_digits(pair[0]) < Num::from_digits(pair[1]),
                "{pair:?}"
            );
        }
        assert_eq!(
            Num::from_digits("0100000000000000000000"),
            Num::from_digits("100000000000000000000")
        );
    }

    #[test]
    fn limits() {
        assert!(Num::from_digits("9007199254740992").exceeds(9_007_199_254_740_991));
        assert!(!Num::from_digits("9007199254740991").exceeds(9_007_199_254_740_991));
        assert!(Num::from_digits("99999999999999999999999").exceeds(u64::MAX));
        assert!(Num::from_digits("0").is_zero());
        assert!(is_digits("0123") && !is_digits("") && !is_digits("1a"));
    }
}
