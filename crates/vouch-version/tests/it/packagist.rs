//! Packagist: PHP's `version_compare` (https://www.php.net/manual/en/function.version-compare.php)
//! after the leading `v`, as osv.dev compares Packagist versions.

use std::cmp::Ordering;

use vouch_version::Scheme;

use crate::support::{assert_equal, assert_increasing, assert_order, assert_refused, v};

const P: Scheme = Scheme::Packagist;

#[test]
fn special_forms_in_php_order() {
    // "any string not found in this list < dev < alpha = a < beta = b < RC = rc < # < pl = p".
    assert_increasing(
        P,
        &[
            "1.0-foo", "1.0-dev", "1.0a1", "1.0b1", "1.0RC1", "1.0", "1.0.0", "1.0.1", "1.0pl1",
        ],
    );
    assert_equal(
        P,
        &[
            ("1.0alpha1", "1.0a1"),
            ("1.0beta1", "1.0-b1"),
            ("1.0RC1", "1.0rc1"),
            ("1.0patch1", "1.0pl1"),
            ("1.0.0rc2", "1.0.0.rc2"),
            ("1.25.0-beta2.1", "1.25.0-b.2.1"),
            ("v1.0", "1.0"),
            ("V1.0", "1.0"),
            ("1.0_1", "1.0+1"),
        ],
    );
    // Composer's comparator tests: a dev branch sorts below every release.
    assert_order(P, "dev-foo", "1.26.0", Ordering::Less);
    // Case matters: `Alpha` is no known form.
    assert_order(P, "1.0Alpha1", "1.0-dev", Ordering::Less);
    assert!(v(P, "1.0-dev").is_prerelease());
    assert!(!v(P, "1.0pl1").is_prerelease());
}

#[test]
fn refusals() {
    assert_refused(P, &["", "v", "1.#", "1.2.#.1"]);
}
