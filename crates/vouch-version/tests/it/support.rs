//! Assertions shared by the table tests.

use std::cmp::Ordering;
use std::hash::{BuildHasher, RandomState};

use vouch_version::{Scheme, Version};

/// Parses `text`, failing the test with the parser's reason if it is refused.
pub(crate) fn v(scheme: Scheme, text: &str) -> Version {
    Version::parse(scheme, text).unwrap_or_else(|e| panic!("{e}"))
}

/// Asserts that `chain` is strictly increasing under `scheme`, pair by pair and both ways round.
pub(crate) fn assert_increasing(scheme: Scheme, chain: &[&str]) {
    for pair in chain.windows(2) {
        assert_order(scheme, pair[0], pair[1], Ordering::Less);
    }
}

/// Asserts `a <op> b` and `b <reversed op> a`, and that `==` and `Hash` agree with it.
pub(crate) fn assert_order(scheme: Scheme, a: &str, b: &str, expected: Ordering) {
    let (va, vb) = (v(scheme, a), v(scheme, b));
    assert_eq!(va.cmp(&vb), expected, "{scheme}: `{a}` vs `{b}`");
    assert_eq!(vb.cmp(&va), expected.reverse(), "{scheme}: `{b}` vs `{a}`");
    assert_eq!(
        va == vb,
        expected == Ordering::Equal,
        "{scheme}: `{a}` == `{b}`"
    );
    if expected == Ordering::Equal {
        let hasher = RandomState::new();
        assert_eq!(
            hasher.hash_one(&va),
            hasher.hash_one(&vb),
            "{scheme}: equal versions `{a}` and `{b}` must hash alike"
        );
    }
}

/// Asserts that every pair in `same` is equal under `scheme`.
pub(crate) fn assert_equal(scheme: Scheme, same: &[(&str, &str)]) {
    for (a, b) in same {
        assert_order(scheme, a, b, Ordering::Equal);
    }
}

/// Asserts that every string in `bad` is refused under `scheme`, with a reason that names it.
pub(crate) fn assert_refused(scheme: Scheme, bad: &[&str]) {
    for text in bad {
        match Version::parse(scheme, text) {
            Ok(version) => panic!("{scheme}: `{text}` should be refused, got {version:?}"),
            Err(e) => {
                assert_eq!(e.text, *text);
                assert_eq!(e.scheme, scheme);
                assert!(!e.reason.is_empty());
            }
        }
    }
}
