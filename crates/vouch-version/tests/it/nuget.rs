//! NuGet: the examples of https://learn.microsoft.com/nuget/concepts/package-versioning
//! (normalisation, pre-release precedence) and NuGet.Versioning's rules.

use std::cmp::Ordering;

use vouch_version::Scheme;

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const N: Scheme = Scheme::NuGet;

#[test]
fn normalised_versions_are_equal() {
    // "Normalized version numbers": leading zeros and a zero fourth part go, metadata is ignored.
    assert_equal(
        N,
        &[
            ("1.00", "1.0.0"),
            ("1.01.1", "1.1.1"),
            ("1.00.0.1", "1.0.0.1"),
            ("1.0.0.0", "1.0.0"),
            ("1.0.01.0", "1.0.1"),
            ("1.0.0+metadata", "1.0.0"),
            ("1.0.0-Beta", "1.0.0-beta"),
            ("1.0.0-RC.1+a", "1.0.0-rc.1+b"),
        ],
    );
}

#[test]
fn precedence() {
    // The documentation's pre-release example: labels compare alphabetically.
    assert_increasing(
        N,
        &[
            "1.0.1-aaa",
            "1.0.1-alpha10",
            "1.0.1-alpha2",
            "1.0.1-beta",
            "1.0.1-open",
            "1.0.1-rc",
            "1.0.1-zzz",
            "1.0.1",
            "1.0.1.1-alpha",
            "1.0.1.1",
            "1.0.2",
        ],
    );
    // SemVer 2.0 labels: numbers numerically, below words.
    assert_increasing(N, &["1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-beta.a"]);
    assert_order(N, "1.0.0-ALPHA", "1.0.0-beta", Ordering::Less);
    assert!(v(N, "1.0.0-rc.1").is_prerelease());
    assert!(!v(N, "1.0.0+rc").is_prerelease());
}

#[test]
fn refusals() {
    assert_refused(
        N,
        &[
            "",
            "1.0.0.0.0",
            "v1.0.0",
            "1..0",
            "1.0.0-",
            "1.0.0+",
            "1.0.0-a_b",
            "a",
            " 1.0",
        ],
    );
}
