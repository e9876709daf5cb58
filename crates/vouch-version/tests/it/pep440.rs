//! PEP 440 (PyPI): every part of the ordering, normalisation, and refusals. Expected results
//! were taken from the spec's text and checked against Python's `packaging`.

use std::cmp::Ordering;

use vouch_version::{Scheme, Version};

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const P: Scheme = Scheme::Pep440;

#[test]
fn the_specs_ordering_example() {
    // "Summary of permitted suffixes and relative ordering", extended with epochs.
    assert_increasing(
        P,
        &[
            "0.9",
            "1.dev0",
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+5",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.0.15",
            "1.1.dev1",
            "2013.10",
            "1!0.1",
            "1!1.0",
            "2!0.0.1",
        ],
    );
}

#[test]
fn release_segments() {
    assert_equal(
        P,
        &[
            ("1.0", "1.0.0"),
            ("1", "1.0.0.0.0"),
            ("0", "0.0"),
            ("1.01", "1.1"),
        ],
    );
    assert_increasing(
        P,
        &[
            "1.0",
            "1.0.0.0.1",
            "1.0.1",
            "1.1",
            "1.9",
            "1.10",
            "1.10.0.1",
            "2",
        ],
    );
    // A shorter release is padded with zeros before its pre-release is compared.
    assert_order(P, "1.0a1", "1.0.0a1", Ordering::Equal);
    assert_order(P, "1.0a1", "1.0.1a1", Ordering::Less);
}

#[test]
fn pre_releases_and_their_spellings() {
    assert_equal(
        P,
        &[
            ("1.0a1", "1.0alpha1"),
            ("1.0a1", "1.0-a1"),
            ("1.0a1", "1.0_a_1"),
            ("1.0a1", "1.0.a.1"),
            ("1.0a1", "1.0A1"),
            ("1.0b1", "1.0beta1"),
            ("1.0rc1", "1.0c1"),
            ("1.0rc1", "1.0pre1"),
            ("1.0rc1", "1.0preview1"),
            ("1.0rc1", "1.0-RC-1"),
            ("1.0a0", "1.0a"),
            ("1.0b0", "1.0.beta"),
            ("1.0a01", "1.0a1"),
        ],
    );
    assert_increasing(
        P,
        &[
            "1.0a1", "1.0a2", "1.0a10", "1.0b0", "1.0rc0", "1.0c1", "1.0rc2", "1.0",
        ],
    );
}

#[test]
fn post_releases() {
    assert_equal(
        P,
        &[
            ("1.0.post1", "1.0post1"),
            ("1.0.post1", "1.0-post1"),
            ("1.0.post1", "1.0_post_1"),
            ("1.0.post1", "1.0.rev1"),
            ("1.0.post1", "1.0r1"),
            ("1.0.post1", "1.0-1"),
            ("1.0.post0", "1.0.post"),
            ("1.0.post0", "1.0-r"),
        ],
    );
    assert_increasing(
        P,
        &["1.0", "1.0.post0", "1.0-1", "1.0-2", "1.0.post10", "1.0.1"],
    );
    assert_increasing(P, &["1.0a1", "1.0a1.post1", "1.0a2.dev0", "1.0a2"]);
}

#[test]
fn dev_releases() {
    assert_increasing(
        P,
        &[
            "1.0.dev0",
            "1.0.dev1",
            "1.0a1.dev1",
            "1.0a1",
            "1.0b1.dev1",
            "1.0",
            "1.0.post1.dev0",
            "1.0.post1.dev1",
            "1.0.post1",
            "1.1.dev0",
        ],
    );
    assert_equal(
        P,
        &[
            ("1.0.dev0", "1.0dev"),
            ("1.0.dev0", "1.0-DEV"),
            ("1.0.dev1", "1.0_dev.1"),
        ],
    );
    assert!(v(P, "1.0.dev1").is_prerelease());
    assert!(v(P, "1.0a1").is_prerelease());
    assert!(v(P, "1.0.post1.dev1").is_prerelease());
    assert!(!v(P, "1.0.post1").is_prerelease());
    assert!(!v(P, "1.0+local").is_prerelease());
}

#[test]
fn local_versions() {
    assert_increasing(
        P,
        &[
            "1.0",
            "1.0+a",
            "1.0+abc",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+b",
            "1.0+0",
            "1.0+5",
            "1.0+5.a",
            "1.0+5.0",
            "1.0+6",
        ],
    );
    // Numeric segments beat alphanumeric ones; comparison is case-insensitive; `-` `_` `.` alike.
    assert_order(P, "1.0+ubuntu.1", "1.0+ubuntu.a", Ordering::Greater);
    assert_equal(
        P,
        &[
            ("1.0+ubuntu.1", "1.0+Ubuntu-1"),
            ("1.0+ubuntu.1", "1.0+UBUNTU_01"),
            ("1.0+1.2", "1.0+01.002"),
        ],
    );
    // A local version does not sort above a post-release.
    assert_order(P, "1.0+zzz", "1.0.post0", Ordering::Less);
}

#[test]
fn epochs() {
    assert_equal(P, &[("0!1.0", "1.0"), ("1!1.0", "01!1.0")]);
    assert_order(P, "1!0.1", "2020.1", Ordering::Greater);
}

#[test]
fn normalisation_of_the_written_form() {
    assert_equal(
        P,
        &[
            ("1.0", "v1.0"),
            ("1.0", "V1.0"),
            ("1.0", "  1.0  "),
            ("1.0", "\t1.0\r\n"),
            ("1.0", "\u{1c}1.0"),
            ("1.0.post1", "  v1.0-1\n"),
        ],
    );
    // The text is kept as written.
    assert_eq!(v(P, " V1.0-1 ").as_str(), " V1.0-1 ");
}

#[test]
fn huge_numbers_compare_by_value() {
    assert_increasing(
        P,
        &[
            "1.18446744073709551615",
            "1.18446744073709551616",
            "1.99999999999999999999999",
            "1.100000000000000000000000",
            "18446744073709551616!0",
        ],
    );
    assert_equal(
        P,
        &[
            ("1.99999999999999999999999.0", "1.99999999999999999999999"),
            (
                "1.0+99999999999999999999999",
                "1.0+099999999999999999999999",
            ),
        ],
    );
    let many_segments = vec!["1"; 50_000].join(".");
    assert_order(P, &many_segments, "1.1.2", Ordering::Less);
}

#[test]
fn refusals() {
    assert_refused(
        P,
        &[
            "",
            "   ",
            "v",
            "vv1.0",
            "1.",
            "1..0",
            ".1",
            "1.0-",
            "1.0+",
            "1.0+a..b",
            "1.0+a b",
            "1.0+ä",
            "!1.0",
            "1!",
            "1.0a1a1",
            "1.0a1b1",
            "1.0.post1.post2",
            "1.0.dev1.dev2",
            "1.0.dev1.post1",
            "1.0 beta",
            "1.0-final",
            "1.0.final",
            "trunk",
            "2013-01-21T20:33:09+0100",
            "1.0-SNAPSHOT",
            "1.0\u{0}",
            "١.٠",
        ],
    );
    let err = Version::parse(P, "1.0-final").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`1.0-final` is not a valid PEP 440 version: unexpected `-final` after `1.0`"
    );
}
