//! Maven: the examples of the POM reference's version order specification
//! (https://maven.apache.org/pom.html#version-order-specification) and of `ComparableVersion`.

use std::cmp::Ordering;

use vouch_version::Scheme;

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const M: Scheme = Scheme::Maven;

#[test]
fn spec_examples() {
    // Number padding, qualifier padding, numeric order of digits after letters.
    assert_order(M, "1", "1.1", Ordering::Less);
    assert_increasing(M, &["1-snapshot", "1", "1-sp"]);
    assert_order(M, "1-foo2", "1-foo10", Ordering::Less);
    assert_increasing(M, &["1-foo", "1-1", "1.1"]);
    // Trailing nulls removed, at the end and before each hyphen.
    assert_equal(
        M,
        &[
            ("1.ga", "1-ga"),
            ("1-ga", "1-0"),
            ("1-0", "1.0"),
            ("1.0", "1"),
            ("1-ga-1", "1-1"),
            ("1-a1", "1-alpha-1"),
            // The tokenising example: `1-1.foo-bar-1-baz-0.1`.
            ("1-1.foo-bar1baz-.1", "1-1.foo-bar-1-baz-0.1"),
        ],
    );
    assert_order(M, "1-sp", "1-ga", Ordering::Greater);
    assert_order(M, "1-sp.1", "1-ga.1", Ordering::Greater);
    assert_order(M, "1-sp-1", "1-ga-1", Ordering::Less);
}

#[test]
fn known_qualifiers_in_order_then_unknown_ones() {
    assert_increasing(
        M,
        &[
            "1.0-alpha-1",
            "1.0-beta-1",
            "1.0-milestone-1",
            "1.0-rc-1",
            "1.0-SNAPSHOT",
            "1.0",
            "1.0-sp-1",
            "1.0-abc",
            "1.0-xyz",
            "1.0-1",
            "1.0.1",
        ],
    );
    assert_equal(
        M,
        &[
            ("1.0-CR1", "1.0-rc1"),
            ("1.0.Final", "1.0"),
            ("1.0.RELEASE", "1.0.0"),
            ("1.0-GA", "1"),
            ("1B2", "1-beta-2"),
            ("1m3", "1-MileStone-3"),
            ("1.01", "1.1"),
        ],
    );
    // `a`, `b`, `m` are shorthands only when a digit follows.
    assert_order(M, "1-a", "1-alpha", Ordering::Greater);
    assert!(v(M, "1.0-rc1").is_prerelease());
    assert!(v(M, "2.0.0.M1").is_prerelease());
    assert!(!v(M, "1.0-sp1").is_prerelease());
    assert!(!v(M, "31.1-jre").is_prerelease());
}

#[test]
fn real_world_shapes() {
    assert_increasing(
        M,
        &[
            "5.4.0.CR1",
            "5.4.0.Final",
            "5.4.0.SP1",
            "5.4.1.Final",
            "31.0-android",
            "31.0-jre",
            "31.0.1-jre",
        ],
    );
    // MNG-6572: numbers past 2^63 compare by value.
    assert_increasing(
        M,
        &[
            "20190126.230843",
            "1234567890.12345",
            "123456789012345.1H.5-beta",
            "12345678901234567890.1H.5-beta",
            "99999999999999999999999999999999",
        ],
    );
}

#[test]
fn maven_is_not_transitive_and_neither_are_we() {
    // ComparableVersion (maven-artifact 3.8.6) orders these three in a cycle: `.0` beats `-1`
    // (a dot-number beats a hyphen-number), `RC1` sorts before the release, and `1.0-1` after
    // it. We reproduce Maven, cycle included, rather than invent an order Maven does not use.
    assert_order(M, "1.0-1", "1.0.0.RC1", Ordering::Less);
    assert_order(M, "1.0.0.RC1", "1.0", Ordering::Less);
    assert_order(M, "1.0", "1.0-1", Ordering::Less);
}

#[test]
fn refusals() {
    assert_refused(M, &["", " 1.0", "1.0 ", "1.\n0"]);
}
