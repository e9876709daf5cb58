//! SemVer 2.0.0 (crates.io, OSV `SEMVER` ranges): precedence per semver.org §11, osv.dev's
//! coercions, and refusals.

use std::cmp::Ordering;

use vouch_version::{Scheme, Version};

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const S: Scheme = Scheme::SemVer;

#[test]
fn precedence_of_section_11() {
    assert_increasing(
        S,
        &[
            "0.0.0-0",
            "0.0.0",
            "0.9.9",
            "0.10.0",
            "1.0.0-0",
            "1.0.0-0.0",
            "1.0.0-1",
            "1.0.0-2",
            "1.0.0-10",
            "1.0.0--",
            "1.0.0-A",
            "1.0.0-Z",
            "1.0.0-a",
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
        ],
    );
    // Numeric identifiers sort below alphanumeric ones even when they are larger.
    assert_order(S, "1.0.0-999", "1.0.0-0a", Ordering::Less);
    // An identifier with a hyphen is alphanumeric, compared as ASCII.
    assert_order(S, "1.0.0-1-2", "1.0.0-1-10", Ordering::Greater);
}

#[test]
fn build_metadata_has_no_precedence() {
    assert_equal(
        S,
        &[
            ("1.0.0+a", "1.0.0+b"),
            ("1.0.0", "1.0.0+20130313144700"),
            ("1.0.0-beta+exp.sha.5114f85", "1.0.0-beta"),
            ("1.0.0+0.build.1-rc.10000aaa-kk-0.1", "1.0.0"),
        ],
    );
    // Equal, yet each keeps its text.
    assert_eq!(v(S, "1.0.0+a").as_str(), "1.0.0+a");
    assert_eq!(v(S, "1.0.0+b").to_string(), "1.0.0+b");
}

#[test]
fn what_osv_semver_ranges_hold() {
    assert_equal(
        S,
        &[
            ("0", "0.0.0"),
            ("1", "1.0.0"),
            ("1.2", "1.2.0"),
            ("v1.2.3", "1.2.3"),
            ("1.2-rc.1", "1.2.0-rc.1"),
            ("01.02.03", "1.2.3"),
            ("1.0.0-alpha.01", "1.0.0-alpha.1"),
        ],
    );
    // OSV's `"introduced": "0"` is at most every release; only `0.0.0` pre-releases are below it.
    assert_order(S, "0", "0.0.1-alpha", Ordering::Less);
    assert_order(S, "0.0.0-0", "0", Ordering::Less);
    assert!(v(S, "1.0.0-rc.1").is_prerelease());
    assert!(!v(S, "1.0.0+rc.1").is_prerelease());
}

#[test]
fn huge_numbers_compare_by_value() {
    assert_increasing(
        S,
        &[
            "1.18446744073709551615.0",
            "1.18446744073709551616.0",
            "1.99999999999999999999999.0",
            "1.100000000000000000000000.0",
            "2.0.0",
        ],
    );
    assert_equal(
        S,
        &[(
            "1.099999999999999999999999.0",
            "1.99999999999999999999999.0",
        )],
    );
    assert_increasing(
        S,
        &[
            "1.0.0-99999999999999999999998",
            "1.0.0-99999999999999999999999",
            "1.0.0-a",
        ],
    );
    let long = format!("{}.0.0", "9".repeat(100_000));
    assert_order(S, &long, "1.0.0", Ordering::Greater);
}

#[test]
fn refusals() {
    assert_refused(
        S,
        &[
            "",
            " ",
            "v",
            "V1.2.3",
            " 1.2.3",
            "1.2.3\n",
            "1.2.3.4",
            "1..3",
            ".1.2",
            "1.2.",
            "1.2.3-",
            "1.2.3+",
            "1.2.3-a..b",
            "1.2.3+a..b",
            "1.2.3-a+b+c",
            "1.2.3-é",
            "1.2.3_4",
            "=1.2.3",
            "x",
            "1.x",
            "*",
            "latest",
            "\u{0}",
        ],
    );
    let err = Version::parse(S, "1.2.3.4").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`1.2.3.4` is not a valid SemVer version: `1.2.3.4` has more than three release numbers \
         (MAJOR.MINOR.PATCH)"
    );
}
