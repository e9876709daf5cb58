//! Hackage and GHC: the Package Versioning Policy (https://pvp.haskell.org) and Cabal's
//! `Version`, lists of integers compared lexicographically.

use std::cmp::Ordering;

use vouch_model::Ecosystem;
use vouch_version::{Scheme, Version};

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const H: Scheme = Scheme::Hackage;

#[test]
fn lexicographic_integer_lists() {
    assert_increasing(
        H,
        &[
            "0", "0.1", "0.1.0", "0.1.0.0", "0.1.1", "0.2", "0.11.3.0", "1", "1.0", "1.0.0.1", "10",
        ],
    );
    assert_order(H, "1.0.0", "1.0", Ordering::Greater);
    assert_equal(H, &[("1.02", "1.2")]);
    assert!(!v(H, "1.0").is_prerelease());
    let ghc = Version::parse_for(Ecosystem::Ghc, "9.4.7").unwrap();
    assert_eq!(ghc.scheme(), H);
}

#[test]
fn refusals() {
    assert_refused(
        H,
        &["", ".", "1.", ".1", "1..2", "1.a", "1.0-rc1", "v1.0", " 1"],
    );
}
