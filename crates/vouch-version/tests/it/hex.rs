//! Hex: Elixir's `Version` (https://hexdocs.pm/elixir/Version.html): strict SemVer 2.0.0.

use std::cmp::Ordering;

use vouch_version::Scheme;

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const H: Scheme = Scheme::Hex;

#[test]
fn documented_comparisons() {
    // `Version.compare("2.0.1-alpha1", "2.0.0")` is `:gt`; build metadata is ignored.
    assert_order(H, "2.0.1-alpha1", "2.0.0", Ordering::Greater);
    assert_equal(
        H,
        &[("1.0.0+build.1", "1.0.0"), ("1.0.0-rc.1+a", "1.0.0-rc.1+b")],
    );
    assert_increasing(
        H,
        &[
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.10.0",
        ],
    );
    assert!(v(H, "1.0.0-rc.1").is_prerelease());
}

#[test]
fn refusals() {
    // `Version.parse("2.0-alpha1")` is `:error`: all three numbers are required.
    assert_refused(
        H,
        &[
            "2.0-alpha1",
            "1",
            "1.0",
            "v1.0.0",
            "01.0.0",
            "1.0.0-01",
            "1.0.0.0",
            "1.0.0-",
            " 1.0.0",
        ],
    );
}
