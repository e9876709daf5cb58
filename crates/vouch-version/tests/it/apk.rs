//! apk versions: cases from apk-tools' own `test/version.data`, the suffix order of the APKBUILD
//! reference, and how versions apk cannot read are placed.

use std::cmp::Ordering;

use vouch_model::Ecosystem;
use vouch_version::Scheme;

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const A: Scheme = Scheme::Apk;

#[test]
fn apk_tools_version_data() {
    // The last lines of apk-tools' test/version.data, the ones added for apk 3.
    assert_order(A, "1.3-r0", "1.3.1-r0", Ordering::Less);
    assert_order(A, "1.3_pre1-r1", "1.3.2", Ordering::Less);
    assert_order(A, "1.0_p10-r0", "1.0_p9-r0", Ordering::Greater);
    assert_order(A, "0.1.0_alpha_pre2", "0.1.0_alpha", Ordering::Less);
    assert_order(
        A,
        "1.0.0_pre20191002222144-r0",
        "1.0.0_pre20210530193627-r0",
        Ordering::Less,
    );
    // And some of its first ones.
    assert_order(A, "2.34", "0.1.0_alpha", Ordering::Greater);
    assert_order(A, "23_foo", "4_beta", Ordering::Greater);
    assert_order(A, "1.0", "1.0bc", Ordering::Less);
    assert_order(A, "1.06-r6", "006", Ordering::Less);
    assert_order(A, "2.12r-r4", "2.12r-r5", Ordering::Less);
    assert_order(A, "0.9.28.1", "087-r1", Ordering::Less);
}

#[test]
fn suffixes_in_apkbuild_order() {
    // https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver: _alpha, _beta, _pre, _rc,
    // (none), _cvs, _svn, _git, _hg, _p.
    assert_increasing(
        A,
        &[
            "1.2_alpha",
            "1.2_alpha2",
            "1.2_beta",
            "1.2_pre",
            "1.2_rc1",
            "1.2",
            "1.2-r1",
            "1.2_cvs1",
            "1.2_svn1",
            "1.2_git1",
            "1.2_hg1",
            "1.2_p1",
            "1.2_p1-r1",
            "1.2a",
            "1.2b",
            "1.2.0",
        ],
    );
    assert!(v(A, "1.2_rc1-r0").is_prerelease() && !v(A, "1.2_p1").is_prerelease());
}

#[test]
fn numbers_leading_zeros_and_hashes() {
    // A number after a dot with a leading zero compares as a string (Gentoo's `1.05 < 1.5`).
    assert_increasing(A, &["1.0", "1.00", "1.001", "1.01", "1.1", "1.5", "1.10"]);
    assert_increasing(
        A,
        &[
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999",
        ],
    );
    assert_equal(A, &[("01", "1"), ("1.2-r01", "1.2-r1")]);
    assert_increasing(A, &["1.0~aa-r9", "1.0~ab", "1.0~ab-r0", "1.0~b"]);
}

#[test]
fn versions_apk_cannot_read_sort_below_what_it_can() {
    // apk 3 orders a version by its tokens until one it cannot read, which sorts below any
    // token; the unreadable rests then compare as strings.
    assert_increasing(A, &["1.2_blah", "1.2", "1.2_cvs1"]);
    assert_increasing(A, &["1-r-1", "1-r0", "1-r2"]);
    assert_increasing(A, &["1-ruff", "1"]);
    assert_increasing(A, &[".1", ".2", "1"]);
    assert_increasing(A, &["1.2.0A", "1.2.0D", "1.2.0d"]);
    // apk 2 read a number after the letter, as Alpine's own versions use it.
    assert_increasing(
        A,
        &["6.6.2_p1", "6.6.2_p2", "6.6.2p1", "6.6.2p2", "6.6.2p10"],
    );
    assert_refused(A, &[""]);
}

#[test]
fn the_apk_distributions_use_apk() {
    for eco in [
        Ecosystem::Alpine,
        Ecosystem::Wolfi,
        Ecosystem::Chainguard,
        Ecosystem::Alpaquita,
        Ecosystem::MinimOs,
        Ecosystem::BellSoftHardenedContainers,
    ] {
        assert_eq!(Scheme::for_ecosystem(eco), Some(A), "{eco}");
    }
}
