//! pub: `pub_semver`'s `Version` (https://pub.dev/packages/pub_semver): SemVer precedence, and
//! build metadata that orders too.

use std::cmp::Ordering;

use vouch_version::Scheme;

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const P: Scheme = Scheme::Pub;

#[test]
fn semver_precedence_then_build() {
    assert_increasing(
        P,
        &[
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0-rc.1+build",
            "1.0.0",
            "1.0.0+1",
            "1.0.0+2",
            "1.0.0+10",
            "1.0.0+a",
            "1.0.0+a.1",
            "1.0.1",
        ],
    );
    assert_order(P, "1.2.3+9a", "1.2.3+1z", Ordering::Greater);
    assert_equal(P, &[("01.2.3", "1.2.3"), ("1.2.3+01", "1.2.3+1")]);
    assert!(v(P, "1.0.0-dev").is_prerelease());
    assert!(!v(P, "1.0.0+dev").is_prerelease());
}

#[test]
fn refusals() {
    assert_refused(
        P,
        &[
            "",
            "1",
            "1.0",
            "v1.0.0",
            "1.0.0.0",
            "1.0.0-",
            "1.0.0+",
            "1.0.0+a..b",
        ],
    );
}
