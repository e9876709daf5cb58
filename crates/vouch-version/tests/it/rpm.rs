//! RPM versions: the cases of rpm's own `tests/rpmvercmp.at` (the version without `^`), `^` cases
//! of the same shape, and epoch:version-release.

use std::cmp::Ordering;

use vouch_model::Ecosystem;
use vouch_version::Scheme;

use crate::support::{assert_order, assert_refused, v};

const R: Scheme = Scheme::Rpm;

/// `RPMVERCMP(a, b, result)` lines of rpm's tests/rpmvercmp.at, one way round (the helper checks
/// the other).
const RPMVERCMP_AT: &[(&str, &str, i8)] = &[
    ("1.0", "1.0", 0),
    ("1.0", "2.0", -1),
    ("2.0.1", "2.0.1", 0),
    ("2.0", "2.0.1", -1),
    ("2.0.1a", "2.0.1a", 0),
    ("2.0.1a", "2.0.1", 1),
    ("5.5p1", "5.5p1", 0),
    ("5.5p1", "5.5p2", -1),
    ("5.5p10", "5.5p10", 0),
    ("5.5p1", "5.5p10", -1),
    ("10xyz", "10.1xyz", -1),
    ("xyz10", "xyz10", 0),
    ("xyz10", "xyz10.1", -1),
    ("xyz.4", "xyz.4", 0),
    ("xyz.4", "8", -1),
    ("xyz.4", "2", -1),
    ("5.5p2", "5.6p1", -1),
    ("5.6p1", "6.5p1", -1),
    ("6.0.rc1", "6.0", 1),
    ("10b2", "10a1", 1),
    ("10a2", "10b2", -1),
    ("1.0aa", "1.0aa", 0),
    ("1.0a", "1.0aa", -1),
    ("10.0001", "10.0001", 0),
    ("10.0001", "10.1", 0),
    ("10.0001", "10.0039", -1),
    ("4.999.9", "5.0", -1),
    ("20101121", "20101121", 0),
    ("20101121", "20101122", -1),
    ("2_0", "2_0", 0),
    ("2.0", "2_0", 0),
    ("a", "a", 0),
    ("a+", "a+", 0),
    ("a+", "a_", 0),
    ("+a", "+a", 0),
    ("+a", "_a", 0),
    ("+_", "+_", 0),
    ("_+", "+_", 0),
    ("+", "_", 0),
    ("1.0~rc1", "1.0~rc1", 0),
    ("1.0~rc1", "1.0", -1),
    ("1.0~rc1", "1.0~rc2", -1),
    ("1.0~rc1~git123", "1.0~rc1~git123", 0),
    ("1.0~rc1~git123", "1.0~rc1", -1),
    // `^` (rpm 4.15): after the version it extends, before any longer version; newer copies of
    // the file hold cases of this shape.
    ("1.0^", "1.0^", 0),
    ("1.0^", "1.0", 1),
    ("1.0^git1", "1.0^git1", 0),
    ("1.0^git1", "1.0", 1),
    ("1.0^git1", "1.01", -1),
    ("1.0^20160101", "1.0^20160102", -1),
    ("1.0^20160101^git1", "1.0^20160101", 1),
    ("1.0~rc1^git1", "1.0~rc1", 1),
    ("1.0^git1~pre", "1.0^git1", -1),
    ("1.0^git1", "1.0.1", -1),
];

#[test]
fn rpmvercmp_at() {
    for (a, b, result) in RPMVERCMP_AT {
        assert_order(R, a, b, result.cmp(&0));
    }
}

#[test]
fn epoch_version_release() {
    // A missing epoch is 0; the epoch outranks everything; the release follows the last `-`.
    assert_order(R, "0:1.0-1", "1.0-1", Ordering::Equal);
    assert_order(R, "1:0.1-1", "9.9-9", Ordering::Greater);
    assert_order(R, "1.0-1.el8", "1.0-2.el8", Ordering::Less);
    assert_order(R, "1.0-10.el8", "1.0-9.el8", Ordering::Greater);
    assert_order(R, "1.0-1-2", "1.0-1-10", Ordering::Less);
    // A missing release sorts before any release, as osv-scalibr orders them.
    assert_order(R, "1.0", "1.0-0", Ordering::Less);
    assert_order(R, "1.0", "1.0-~1", Ordering::Less);
    // Digit runs of any length.
    assert_order(
        R,
        "1.18446744073709551616",
        "1.99999999999999999999999999",
        Ordering::Less,
    );
    assert!(v(R, "1.0~rc1-1").is_prerelease() && !v(R, "1.0^git1-1").is_prerelease());
    assert_refused(R, &[""]);
}

#[test]
fn the_rpm_distributions_use_rpm() {
    for eco in [
        Ecosystem::RedHat,
        Ecosystem::AlmaLinux,
        Ecosystem::RockyLinux,
        Ecosystem::Suse,
        Ecosystem::OpenSuse,
        Ecosystem::Mageia,
        Ecosystem::OpenEuler,
        Ecosystem::PhotonOs,
        Ecosystem::AzureLinux,
    ] {
        assert_eq!(Scheme::for_ecosystem(eco), Some(R), "{eco}");
    }
}
