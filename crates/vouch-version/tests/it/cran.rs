//! R package versions: the grammar and order of R's `package_version`
//! (<https://stat.ethz.ch/R-manual/R-devel/library/base/html/numeric_version.html>).

use std::cmp::Ordering;

use vouch_model::Ecosystem;
use vouch_version::Scheme;

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const C: Scheme = Scheme::Cran;

#[test]
fn integer_lists() {
    // `package_version("1.0") < "1.0.0"`, `"0.9" < "0.75"`, `"1.0-1" == "1.0.1"`.
    assert_increasing(
        C,
        &["0.9", "0.75", "1.0", "1.0.0", "1.0-1", "1.0.2", "1.10"],
    );
    assert_equal(
        C,
        &[("1.0-1", "1.0.1"), ("01.002", "1.2"), ("0.01.0", "0.1-0")],
    );
    assert_order(
        C,
        "1.99999999999999999999",
        "1.100000000000000000000",
        Ordering::Less,
    );
    assert!(!v(C, "1.0-1").is_prerelease());
}

#[test]
fn what_r_refuses() {
    // `package_version` needs at least two numbers, and nothing but digits, `.` and `-`.
    assert_refused(
        C,
        &[
            "", "1", "1.", ".1", "1..2", "1.2a", "v1.2", "1.2 ", "1.-2", "1.2.rc1",
        ],
    );
}

#[test]
fn cran_and_bioconductor_use_r() {
    assert_eq!(Scheme::for_ecosystem(Ecosystem::Cran), Some(C));
    assert_eq!(Scheme::for_ecosystem(Ecosystem::Bioconductor), Some(C));
}
