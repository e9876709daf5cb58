//! RubyGems: the examples of `Gem::Version`'s documentation
//! (https://docs.ruby-lang.org/en/master/Gem/Version.html) and RubyGems' patterns guide.

use std::cmp::Ordering;

use vouch_version::Scheme;

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const R: Scheme = Scheme::RubyGems;

#[test]
fn prerelease_parts_sort_before_the_release() {
    // "1.0.a.2 < 1.0.b1 < 1.0": a letter makes the version a pre-release of what precedes it.
    assert_increasing(
        R,
        &[
            "0.9", "1.0.a.2", "1.0.a10", "1.0.b1", "1.0.rc1", "1.0", "1.0.1", "1.1",
        ],
    );
    assert!(v(R, "1.0.a").is_prerelease());
    assert!(v(R, "1.0-beta").is_prerelease());
    assert!(!v(R, "1.0.0").is_prerelease());
}

#[test]
fn canonical_segments_are_equal() {
    assert_equal(
        R,
        &[
            ("1.0.0", "1"),
            ("1.0.a", "1.a"),
            ("1.0.a2", "1.0.a.2"),
            ("1-a", "1.pre.a"),
            ("", "0"),
            ("  1.0  ", "1"),
            ("01.2", "1.2"),
        ],
    );
    // Strings compare as Ruby strings: case matters, `B` before `a`.
    assert_order(R, "1.B", "1.a", Ordering::Less);
    assert_order(R, "3.10", "3.2", Ordering::Greater);
}

#[test]
fn refusals() {
    assert_refused(
        R,
        &[
            "a", "1..2", "1.", "1.0-", "1.0-a..b", "1.0_a", "-1", "1 0", ".1",
        ],
    );
}
