//! Go module versions (https://go.dev/ref/mod#versions): SemVer with `v`, shorthands,
//! `+incompatible` and pseudo-versions.

use std::cmp::Ordering;

use vouch_version::{Scheme, Version};

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const G: Scheme = Scheme::Go;

#[test]
fn pseudo_versions_sort_between_their_base_and_the_next_release() {
    // The three forms of https://go.dev/ref/mod#pseudo-versions.
    assert_increasing(
        G,
        &[
            "v0.0.0-20191109021931-daa7c04131f5",
            "v0.0.0-20200101000000-aaaaaaaaaaaa",
            "v0.0.0",
            "v1.2.3",
            "v1.2.4-0.20191109021931-daa7c04131f5",
            "v1.2.4-0.20191109021932-000000000000",
            "v1.2.4-pre",
            "v1.2.4-pre.0.20191109021931-daa7c04131f5",
            "v1.2.4-pre.1",
            "v1.2.4",
        ],
    );
    assert!(v(G, "v0.0.0-20191109021931-daa7c04131f5").is_prerelease());
}

#[test]
fn incompatible_and_build_metadata_do_not_affect_order() {
    assert_equal(
        G,
        &[
            ("v2.0.0+incompatible", "v2.0.0"),
            ("v2.0.0+incompatible", "2.0.0"),
            ("v1", "v1.0.0"),
            ("v1.2", "v1.2.0"),
            ("1.2.3", "v1.2.3"),
        ],
    );
    assert_order(G, "v1.9.9", "v2.0.0+incompatible", Ordering::Less);
    assert_order(G, "v1.10.0", "v1.9.0", Ordering::Greater);
    assert_eq!(v(G, "v2.0.0+incompatible").as_str(), "v2.0.0+incompatible");
}

#[test]
fn huge_numbers_compare_by_value() {
    // golang.org/x/mod/semver compares digit strings, so any length is valid.
    assert_increasing(
        G,
        &[
            "v1.18446744073709551616.0",
            "v1.99999999999999999999999.0",
            "v2.0.0",
        ],
    );
}

#[test]
fn refusals() {
    assert_refused(
        G,
        &[
            "",
            "v",
            "vv1.2.3",
            "V1.2.3",
            "v01.2.3",
            "v1.02.3",
            "v1.2.03",
            "v1.2.3-01",
            "v1.2-pre",
            "v1+meta",
            "v1.2.3.4",
            "v1.2.3-",
            "v1.2.3+",
            "v1.2.3-a..b",
            " v1.2.3",
            "v1.2.3 ",
            "latest",
            "master",
        ],
    );
    let err = Version::parse(G, "v1.2-pre").unwrap_err();
    assert!(err.reason.contains("shorthand"), "{err}");
}
