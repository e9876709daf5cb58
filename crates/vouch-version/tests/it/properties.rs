//! Property tests: for each scheme, realistic version strings (generated from their parts, then
//! written in one of the forms the scheme accepts) obey the laws of a total order, `==` and
//! `Hash` agree with it, the text round-trips, and two spellings of the same parts are equal.

use std::cmp::Ordering;
use std::hash::{BuildHasher, RandomState};

use proptest::prelude::*;
use proptest::sample::select;
use vouch_version::{Scheme, Version};

/// The laws for three versions of one scheme.
fn laws(scheme: Scheme, texts: [&str; 3]) -> Result<(), TestCaseError> {
    let vs: Vec<Version> = texts
        .iter()
        .map(|t| Version::parse(scheme, t).map_err(|e| TestCaseError::fail(e.to_string())))
        .collect::<Result<_, _>>()?;
    let hasher = RandomState::new();
    for (v, text) in vs.iter().zip(texts) {
        // Reflexive, and the text round-trips.
        prop_assert_eq!(v.cmp(v), Ordering::Equal);
        let copy = v.clone();
        prop_assert!(*v == copy);
        prop_assert_eq!(v.as_str(), text);
        prop_assert_eq!(v.to_string(), text);
        prop_assert_eq!(v.scheme(), scheme);
        let again =
            Version::parse(scheme, v.as_str()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again.cmp(v), Ordering::Equal);
    }
    for a in &vs {
        for b in &vs {
            // Antisymmetric, and `==`, `PartialOrd` and `Hash` agree with `cmp`.
            prop_assert_eq!(a.cmp(b), b.cmp(a).reverse(), "{} vs {}", a, b);
            prop_assert_eq!(a == b, a.cmp(b) == Ordering::Equal);
            prop_assert_eq!(a.partial_cmp(b), Some(a.cmp(b)));
            if a == b {
                prop_assert_eq!(hasher.hash_one(a), hasher.hash_one(b), "{} == {}", a, b);
            }
        }
    }
    // Transitive: after sorting, each is at most the next, and the first at most the last.
    let mut sorted = vs.clone();
    sorted.sort();
    prop_assert!(sorted[0] <= sorted[1] && sorted[1] <= sorted[2] && sorted[0] <= sorted[2]);
    for a in &vs {
        for b in &vs {
            for c in &vs {
                if a <= b && b <= c {
                    prop_assert!(a <= c, "{} <= {} <= {} but not {} <= {}", a, b, c, a, c);
                }
                if a == b && b == c {
                    prop_assert!(a == c);
                }
            }
        }
    }
    Ok(())
}

// ---- SemVer, npm and Go: the parts ----

/// A small release number, so that generated versions often collide; sometimes a huge one.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (0u32..4).prop_map(|n| n.to_string()),
        1 => (0u64..=u64::MAX).prop_map(|n| n.to_string()),
        1 => "[1-9][0-9]{20,30}",
    ]
}

fn identifier() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..3).prop_map(|n| n.to_string()),
        select(
            &[
                "alpha", "beta", "rc", "pre", "a", "A", "-", "x-1", "0a", "dev"
            ][..]
        )
        .prop_map(str::to_owned),
        "[0-9A-Za-z-]{1,6}".prop_filter("numeric identifiers without leading zeros", |s| {
            !(s.len() > 1 && s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit()))
        }),
    ]
}

/// `(major, minor, patch, pre-release identifiers, build identifiers)`.
type SemverParts = (String, String, String, Vec<String>, Vec<String>);

fn semver_parts() -> impl Strategy<Value = SemverParts> {
    (
        number(),
        number(),
        number(),
        prop::collection::vec(identifier(), 0..4),
        prop::collection::vec("[0-9A-Za-z-]{1,5}", 0..3),
    )
}

fn write_semver((major, minor, patch, pre, build): &SemverParts) -> String {
    let mut s = format!("{major}.{minor}.{patch}");
    if !pre.is_empty() {
        s.push('-');
        s.push_str(&pre.join("."));
    }
    if !build.is_empty() {
        s.push('+');
        s.push_str(&build.join("."));
    }
    s
}

/// A Go pseudo-version of one of the three forms of https://go.dev/ref/mod#pseudo-versions.
fn go_pseudo() -> impl Strategy<Value = String> {
    (
        0u8..3,
        (0u32..3, 0u32..3, 0u32..3),
        (2018u32..2021, 1u32..13, 1u32..29, 0u32..24),
        "[0-9a-f]{12}",
    )
        .prop_map(|(form, (x, y, z), (year, month, day, hour), hash)| {
            let stamp = format!("{year}{month:02}{day:02}{hour:02}0000-{hash}");
            match form {
                0 => format!("v{x}.0.0-{stamp}"),
                1 => format!("v{x}.{y}.{z}-pre.0.{stamp}"),
                _ => format!("v{x}.{y}.{z}-0.{stamp}"),
            }
        })
}

fn go_version() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => semver_parts().prop_map(|p| format!("v{}", write_semver(&p))),
        1 => semver_parts().prop_map(|p| write_semver(&p)),
        1 => (number(), prop::option::of(number())).prop_map(|(major, minor)| match minor {
            Some(minor) => format!("v{major}.{minor}"),
            None => format!("v{major}"),
        }),
        2 => go_pseudo(),
        1 => (0u32..3, 0u32..3).prop_map(|(x, y)| format!("v{}.{x}.{y}+incompatible", x + 2)),
    ]
}

/// How npm's loose mode lets a version be written: a prefix of `v`, `=` and spaces, white space
/// around it, and the pre-release hyphen left out before a letter.
fn npm_written(parts: &SemverParts, prefix: &str, pad: &str, drop_hyphen: bool) -> String {
    let plain = write_semver(parts);
    let starts_with_letter = parts
        .3
        .first()
        .is_some_and(|id| id.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()));
    let body = if drop_hyphen && starts_with_letter {
        plain.replacen('-', "", 1)
    } else {
        plain
    };
    format!("{pad}{prefix}{body}{pad}")
}

fn npm_parts() -> impl Strategy<Value = SemverParts> {
    // npm's release numbers stop at 2^53 - 1.
    let small = || (0u64..4).prop_map(|n| n.to_string());
    (
        small(),
        small(),
        prop_oneof![
            small(),
            (0u64..=9_007_199_254_740_991).prop_map(|n| n.to_string())
        ],
        prop::collection::vec(identifier(), 0..4),
        prop::collection::vec("[0-9A-Za-z-]{1,5}", 0..3),
    )
}

fn npm_style() -> impl Strategy<Value = (&'static str, &'static str, bool)> {
    (
        select(&["", "v", "=", "=v", "v ", "= "][..]),
        select(&["", " ", "\t", "\n"][..]),
        any::<bool>(),
    )
}

// ---- PEP 440: the parts, and the many ways to write them ----

/// `(epoch, release, pre (kind, number), post, dev, local)`.
type Pep440Parts = (
    Option<u32>,
    Vec<u32>,
    Option<(usize, u32)>,
    Option<u32>,
    Option<u32>,
    Option<Vec<String>>,
);

fn pep440_parts() -> impl Strategy<Value = Pep440Parts> {
    (
        prop::option::weighted(0.1, 0u32..3),
        prop::collection::vec(0u32..3, 1..5),
        prop::option::of((0usize..3, 0u32..3)),
        prop::option::of(0u32..3),
        prop::option::of(0u32..3),
        prop::option::weighted(
            0.2,
            prop::collection::vec(prop_oneof!["[0-9]{1,2}", "[a-z]{1,3}"], 1..3),
        ),
    )
}

/// Choices of spelling: separators, case, alternative labels, trailing zeros, implicit numbers.
type Pep440Style = (bool, bool, usize, usize, usize, bool, usize);

fn pep440_style() -> impl Strategy<Value = Pep440Style> {
    (
        any::<bool>(), // `v` prefix
        any::<bool>(), // upper case
        0usize..4,     // separator: none, `.`, `-`, `_`
        0usize..3,     // alternative label spelling
        0usize..3,     // trailing `.0`s added to the release
        any::<bool>(), // write a zero number implicitly
        0usize..3,     // white space around
    )
}

fn write_pep440(parts: &Pep440Parts, style: Pep440Style) -> String {
    let (epoch, release, pre, post, dev, local) = parts;
    let (v, upper, sep, spelling, zeros, implicit, space) = style;
    let sep = ["", ".", "-", "_"][sep];
    let number = |n: u32| {
        if n == 0 && implicit {
            String::new()
        } else {
            n.to_string()
        }
    };
    let mut s = String::new();
    if v {
        s.push('v');
    }
    if let Some(e) = epoch {
        s.push_str(&format!("{e}!"));
    }
    let mut release: Vec<String> = release.iter().map(u32::to_string).collect();
    release.extend(std::iter::repeat_n("0".to_owned(), zeros));
    s.push_str(&release.join("."));
    if let Some((kind, n)) = pre {
        let labels: [&[&str]; 3] = [
            &["a", "alpha"],
            &["b", "beta"],
            &["rc", "c", "pre", "preview"],
        ];
        let spellings = labels[*kind];
        s.push_str(sep);
        s.push_str(spellings[spelling % spellings.len()]);
        s.push_str(&number(*n));
    }
    if let Some(n) = post {
        // The implicit form `1.0-1` only after a digit: `1.0a-1` is `1.0a1`.
        if spelling == 2 && s.ends_with(|c: char| c.is_ascii_digit()) {
            s.push_str(&format!("-{n}"));
        } else {
            s.push_str(if sep.is_empty() { "." } else { sep });
            s.push_str(["post", "rev", "r"][spelling % 3]);
            s.push_str(&number(*n));
        }
    }
    if let Some(n) = dev {
        s.push_str(if sep.is_empty() { "." } else { sep });
        s.push_str("dev");
        s.push_str(&number(*n));
    }
    if let Some(segments) = local {
        s.push('+');
        s.push_str(&segments.join(if sep.is_empty() { "." } else { sep }));
    }
    if upper {
        s = s.to_uppercase();
    }
    let pad = ["", " ", "\n"][space];
    format!("{pad}{s}{pad}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn semver_is_a_total_order(a in semver_parts(), b in semver_parts(), c in semver_parts()) {
        laws(Scheme::SemVer, [&write_semver(&a), &write_semver(&b), &write_semver(&c)])?;
    }

    #[test]
    fn semver_build_metadata_and_v_do_not_matter(
        parts in semver_parts(),
        build in prop::collection::vec("[0-9A-Za-z-]{1,5}", 0..3),
    ) {
        let plain = write_semver(&parts);
        let mut other = parts.clone();
        other.4 = build;
        let a = Version::parse(Scheme::SemVer, &plain).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = Version::parse(Scheme::SemVer, &format!("v{}", write_semver(&other)))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(a, b);
    }

    #[test]
    fn go_is_a_total_order(a in go_version(), b in go_version(), c in go_version()) {
        laws(Scheme::Go, [&a, &b, &c])?;
    }

    #[test]
    fn go_pseudo_versions_order_by_time(
        base in (0u32..3, 0u32..3, 0u32..3),
        t1 in 20180101000000u64..20991231235959,
        t2 in 20180101000000u64..20991231235959,
    ) {
        let (x, y, z) = base;
        let go = |s: &str| Version::parse(Scheme::Go, s).map_err(|e| TestCaseError::fail(e.to_string()));
        let p1 = go(&format!("v{x}.{y}.{}-0.{t1}-abcdefabcdef", z + 1))?;
        let p2 = go(&format!("v{x}.{y}.{}-0.{t2}-abcdefabcdef", z + 1))?;
        prop_assert_eq!(p1.cmp(&p2), t1.cmp(&t2));
        let base = go(&format!("v{x}.{y}.{z}"))?;
        let next = go(&format!("v{x}.{y}.{}", z + 1))?;
        prop_assert!(base < p1 && p1 < next, "{} < {} < {}", base, p1, next);
    }

    #[test]
    fn npm_is_a_total_order(
        a in (npm_parts(), npm_style()),
        b in (npm_parts(), npm_style()),
        c in (npm_parts(), npm_style()),
    ) {
        let w = |(p, (prefix, pad, drop)): &(SemverParts, (&str, &str, bool))| {
            npm_written(p, prefix, pad, *drop)
        };
        laws(Scheme::Npm, [&w(&a), &w(&b), &w(&c)])?;
    }

    #[test]
    fn npm_loose_spellings_are_equal(parts in npm_parts(), s1 in npm_style(), s2 in npm_style()) {
        let a = npm_written(&parts, s1.0, s1.1, s1.2);
        let b = npm_written(&parts, s2.0, s2.1, s2.2);
        let va = Version::parse(Scheme::Npm, &a).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let vb = Version::parse(Scheme::Npm, &b).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(va, vb, "{:?} vs {:?}", a, b);
    }

    #[test]
    fn pep440_is_a_total_order(
        a in (pep440_parts(), pep440_style()),
        b in (pep440_parts(), pep440_style()),
        c in (pep440_parts(), pep440_style()),
    ) {
        laws(
            Scheme::Pep440,
            [&write_pep440(&a.0, a.1), &write_pep440(&b.0, b.1), &write_pep440(&c.0, c.1)],
        )?;
    }

    #[test]
    fn pep440_spellings_of_one_version_are_equal(
        parts in pep440_parts(),
        s1 in pep440_style(),
        s2 in pep440_style(),
    ) {
        let a = write_pep440(&parts, s1);
        let b = write_pep440(&parts, s2);
        let va = Version::parse(Scheme::Pep440, &a).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let vb = Version::parse(Scheme::Pep440, &b).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(va, vb, "{:?} vs {:?}", a, b);
    }

    #[test]
    fn no_input_panics(scheme in select(&[Scheme::SemVer, Scheme::Npm, Scheme::Pep440, Scheme::Go][..]),
                       text in "\\PC{0,40}|[0-9.+!a-zA-Z_ -]{0,40}") {
        // Any outcome is fine; reaching here without a panic is the property.
        if let Ok(v) = Version::parse(scheme, &text) {
            prop_assert_eq!(v.as_str(), text.as_str());
        }
    }
}
