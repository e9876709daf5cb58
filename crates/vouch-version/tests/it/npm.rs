//! npm (node-semver, loose mode). The tables are node-semver's own test fixtures
//! (github.com/npm/node-semver, `test/fixtures/comparisons.js`, `equality.js`,
//! `compare-loose.js`, `invalid-versions.js`; ISC licence), so they state what npm does.

use std::cmp::Ordering;

use vouch_version::Scheme;

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const N: Scheme = Scheme::Npm;

#[test]
fn node_semver_comparisons() {
    // comparisons.js: the first is greater than the second.
    let greater = [
        ("0.0.0", "0.0.0-foo"),
        ("0.0.1", "0.0.0"),
        ("1.0.0", "0.9.9"),
        ("0.10.0", "0.9.0"),
        ("0.99.0", "0.10.0"),
        ("2.0.0", "1.2.3"),
        ("v0.0.0", "0.0.0-foo"),
        ("v0.0.1", "0.0.0"),
        ("v1.0.0", "0.9.9"),
        ("v0.10.0", "0.9.0"),
        ("v0.99.0", "0.10.0"),
        ("v2.0.0", "1.2.3"),
        ("0.0.0", "v0.0.0-foo"),
        ("0.0.1", "v0.0.0"),
        ("1.0.0", "v0.9.9"),
        ("0.10.0", "v0.9.0"),
        ("0.99.0", "v0.10.0"),
        ("2.0.0", "v1.2.3"),
        ("1.2.3", "1.2.3-asdf"),
        ("1.2.3", "1.2.3-4"),
        ("1.2.3", "1.2.3-4-foo"),
        ("1.2.3-5-foo", "1.2.3-5"),
        ("1.2.3-5", "1.2.3-4"),
        ("1.2.3-5-foo", "1.2.3-5-Foo"),
        ("3.0.0", "2.7.2+asdf"),
        ("1.2.3-a.10", "1.2.3-a.5"),
        ("1.2.3-a.b", "1.2.3-a.5"),
        ("1.2.3-a.b", "1.2.3-a"),
        ("1.2.3-a.b.c.10.d.5", "1.2.3-a.b.c.5.d.100"),
        ("1.2.3-r2", "1.2.3-r100"),
        ("1.2.3-r100", "1.2.3-R2"),
    ];
    for (a, b) in greater {
        assert_order(N, a, b, Ordering::Greater);
    }
}

#[test]
fn node_semver_equalities() {
    // equality.js and compare-loose.js.
    assert_equal(
        N,
        &[
            ("1.2.3", "v1.2.3"),
            ("1.2.3", "=1.2.3"),
            ("1.2.3", "v 1.2.3"),
            ("1.2.3", "= 1.2.3"),
            ("1.2.3", " v1.2.3"),
            ("1.2.3", " =1.2.3"),
            ("1.2.3", " v 1.2.3"),
            ("1.2.3", " = 1.2.3"),
            ("1.2.3-0", "v1.2.3-0"),
            ("1.2.3-0", " = 1.2.3-0"),
            ("1.2.3-1", " v 1.2.3-1"),
            ("1.2.3-beta", "v 1.2.3-beta"),
            ("1.2.3-beta", " = 1.2.3-beta"),
            ("1.2.3-beta+build", " = 1.2.3-beta+otherbuild"),
            ("1.2.3+build", " = 1.2.3+otherbuild"),
            ("1.2.3-beta+build", "1.2.3-beta+otherbuild"),
            ("1.2.3+build", "1.2.3+otherbuild"),
            ("  v1.2.3+build", "1.2.3+otherbuild"),
            ("=1.2.3", "1.2.3"),
            ("01.02.03", "1.2.3"),
            ("1.2.3-beta.01", "1.2.3-beta.1"),
            ("   =1.2.3", "1.2.3"),
            ("1.2.3foo", "1.2.3-foo"),
        ],
    );
}

#[test]
fn loose_forms_found_in_lockfiles() {
    assert_equal(
        N,
        &[
            ("1.2.3\n", "1.2.3"),
            ("\t1.2.3 ", "1.2.3"),
            ("=v1.2.3", "1.2.3"),
            ("v=1.2.3", "1.2.3"),
            ("1.0.0alpha1", "1.0.0-alpha1"),
            // The regular expression backtracks so that a lone hyphen is an identifier.
            ("1.2.3-", "1.2.3--"),
        ],
    );
    assert_increasing(
        N,
        &[
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0beta",
            "1.0.0-rc.1",
            "1.0.0",
        ],
    );
    assert_eq!(v(N, " =v1.2.3 ").as_str(), " =v1.2.3 ");
}

#[test]
fn numbers_within_npm_limits() {
    // invalid-versions.js: MAX_SAFE_INTEGER followed by a zero, in each position.
    assert_refused(
        N,
        &[
            "90071992547409910.0.0",
            "0.90071992547409910.0",
            "0.0.90071992547409910",
        ],
    );
    assert_order(
        N,
        "9007199254740991.0.0",
        "9007199254740990.0.0",
        Ordering::Greater,
    );
    // Prerelease numbers have no such limit in node-semver; we compare them exactly.
    assert_increasing(
        N,
        &["1.0.0-99999999999999999998", "1.0.0-99999999999999999999"],
    );
}

#[test]
fn refusals() {
    let too_long = format!("{}.0.0", "1".repeat(255));
    assert_refused(
        N,
        &[
            // invalid-versions.js
            &too_long,
            "hello, world",
            "xyz",
            // not versions at all, or ranges rather than versions
            "",
            "   ",
            "1",
            "1.2",
            "1.2.3.4",
            "1.2.x",
            "^1.2.3",
            "~1.2.3",
            ">=1.2.3",
            "1.2.3 - 2.0.0",
            "V1.2.3",
            "1.2.3-a..b",
            "1.2.3+",
            "1.2.3+a..b",
            "latest",
            "git+https://example.invalid/x.git",
            "file:../x",
        ],
    );
}
