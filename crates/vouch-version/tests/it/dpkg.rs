//! Debian versions: the examples of deb-version(7) and Debian Policy §5.6.12, and dpkg's
//! `parseversion` refusals.

use std::cmp::Ordering;

use vouch_model::Ecosystem;
use vouch_version::Scheme;

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const D: Scheme = Scheme::Dpkg;

#[test]
fn tilde_sorts_before_everything_even_the_end() {
    // deb-version(7): "~~, ~~a, ~, the empty part, a".
    assert_increasing(D, &["1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a"]);
    assert_increasing(D, &["1.0~rc1-1", "1.0-1", "1.0+b1-1", "1.0.1-1"]);
    assert!(v(D, "1.0~rc1").is_prerelease() && !v(D, "1.0-1~bpo1").is_prerelease());
}

#[test]
fn letters_sort_before_non_letters() {
    // Policy §5.6.12: "all the letters sort earlier than all the non-letters".
    assert_increasing(D, &["1.0a", "1.0z", "1.0+", "1.0."]);
    assert_increasing(D, &["1.0A", "1.0Z", "1.0a"]);
}

#[test]
fn digit_runs_compare_as_numbers_of_any_length() {
    assert_increasing(
        D,
        &[
            "1.9",
            "1.10",
            "1.18446744073709551615",
            "1.18446744073709551616",
            "1.999999999999999999999999999999",
        ],
    );
    assert_equal(D, &[("1.001", "1.1"), ("1.0", "1.00"), ("1.0", "1.")]);
}

#[test]
fn epoch_then_upstream_then_revision() {
    assert_increasing(D, &["9.9-9", "1:0.1-1", "1:0.1-2", "1:0.2-0", "2:0"]);
    // A missing revision compares as the empty one, which equals `0`.
    assert_equal(D, &[("1.0", "1.0-0"), ("0:1.0", "1.0"), ("1.0", " 1.0\t")]);
    // The revision follows the last hyphen; the upstream version may hold hyphens and colons.
    assert_order(D, "1.0-2-1", "1.0-10-1", Ordering::Less);
    assert_order(D, "1:2:3-1", "1:2:4-1", Ordering::Less);
}

#[test]
fn what_dpkg_refuses() {
    assert_refused(
        D,
        &[
            "",
            "  ",
            "1.0 1",
            ":1.0",
            "a:1.0",
            "-1:1.0",
            "2147483648:1.0",
            "1:",
            "1.0-",
            "-1",
            "1.0\u{e9}",
        ],
    );
    // dpkg warns about these but compares them, and so do we.
    assert_order(D, "a1.0", "b1.0", Ordering::Less);
    assert_order(D, "1.0_1", "1.0", Ordering::Greater);
    assert_equal(D, &[("+0:1.0", "1.0"), ("-0:1.0", "1.0")]);
}

#[test]
fn debian_and_ubuntu_use_dpkg() {
    assert_eq!(Scheme::for_ecosystem(Ecosystem::Debian), Some(D));
    assert_eq!(Scheme::for_ecosystem(Ecosystem::Ubuntu), Some(D));
}
