//! Property tests: for each scheme, realistic version strings (generated from their parts, then
//! written in one of the forms the scheme accepts) obey the laws of a total order, `==` and
//! `Hash` agree with it, the text round-trips, and two spellings of the same parts are equal.
//! The Debian and RPM orders are also checked against dpkg's and rpm's comparison functions,
//! transcribed here from their C sources as oracles.

use std::cmp::Ordering;
use std::hash::{BuildHasher, RandomState};

use proptest::prelude::*;
use proptest::sample::select;
use vouch_version::{Scheme, Version};

/// The laws for three versions of one scheme.
fn laws(scheme: Scheme, texts: [&str; 3]) -> Result<(), TestCaseError> {
    let vs = pair_laws(scheme, texts)?;
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

/// The laws that hold pair by pair: reflexivity, the text round-trip, antisymmetry, and `==`,
/// `PartialOrd` and `Hash` agreeing with `cmp`. Returns the parsed versions.
fn pair_laws(scheme: Scheme, texts: [&str; 3]) -> Result<Vec<Version>, TestCaseError> {
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
    Ok(vs)
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

const ALL_SCHEMES: &[Scheme] = &[
    Scheme::SemVer,
    Scheme::Npm,
    Scheme::Pep440,
    Scheme::Go,
    Scheme::Dpkg,
    Scheme::Rpm,
    Scheme::Apk,
    Scheme::Cran,
    Scheme::Maven,
    Scheme::NuGet,
    Scheme::RubyGems,
    Scheme::Packagist,
    Scheme::Pub,
    Scheme::Hex,
    Scheme::Hackage,
];

// ---- Maven, NuGet, RubyGems, Packagist, pub, Hex, Hackage ----

/// Dotted release numbers, small so that versions collide, sometimes huge.
fn dotted(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(number(), 1..=max).prop_map(|n| n.join("."))
}

/// Maven qualifiers: the known ones, their aliases and shorthands, and unknown ones.
const MAVEN_QUALIFIERS: &[&str] = &[
    "alpha",
    "a",
    "beta",
    "b",
    "milestone",
    "m",
    "rc",
    "cr",
    "snapshot",
    "ga",
    "final",
    "release",
    "sp",
    "jre",
    "foo",
    "",
];

/// A Maven version in the forms artifacts use, qualifiers after `-` or right after a digit:
/// `1.2.3`, `1.0-SNAPSHOT`, `2.0rc1`, `1.0-beta-2.1`, `31.1-jre`. Within these forms the order is
/// transitive.
fn maven_hyphenated() -> impl Strategy<Value = String> {
    let suffix = (
        any::<bool>(),
        select(MAVEN_QUALIFIERS),
        prop::option::of(number()),
        prop::option::of(number()),
        any::<bool>(),
    );
    (dotted(4), prop::collection::vec(suffix, 0..3)).prop_map(|(release, suffixes)| {
        let mut s = release;
        for (attached, qualifier, n, tail, upper) in suffixes {
            let q = if upper {
                qualifier.to_uppercase()
            } else {
                qualifier.to_owned()
            };
            // A qualifier may follow a digit directly; otherwise a hyphen separates.
            if !(attached && !q.is_empty() && s.ends_with(|c: char| c.is_ascii_digit())) {
                s.push('-');
            }
            s.push_str(&q);
            if let Some(n) = n {
                s.push_str(&n);
            }
            if let Some(t) = tail {
                s.push('.');
                s.push_str(&t);
            }
        }
        s
    })
}

/// Any Maven version built of tokens and separators, dot-qualifiers included (`1.0.0.RC1`,
/// `5.4.0.Final`), where Maven's own order has cycles.
fn maven_any() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            select(&[".", "-", ""][..]),
            prop_oneof![number(), select(MAVEN_QUALIFIERS).prop_map(str::to_owned)],
        ),
        1..6,
    )
    .prop_map(|tokens| {
        tokens
            .into_iter()
            .enumerate()
            .map(|(i, (sep, t))| if i == 0 { t } else { format!("{sep}{t}") })
            .collect::<String>()
    })
    .prop_filter("Maven refuses only the empty string", |s| !s.is_empty())
}

/// `(numbers, labels, metadata, upper-case labels)` of a NuGet version.
type NugetParts = (Vec<String>, Vec<String>, Vec<String>, bool);

fn nuget_parts() -> impl Strategy<Value = NugetParts> {
    (
        prop::collection::vec(number(), 1..=4),
        prop::collection::vec(identifier(), 0..3),
        prop::collection::vec("[0-9A-Za-z-]{1,5}", 0..2),
        any::<bool>(),
    )
}

fn write_nuget((numbers, labels, metadata, upper): &NugetParts, pad_zeros: bool) -> String {
    let mut numbers = numbers.clone();
    if pad_zeros {
        numbers.resize(4, "0".to_owned());
    }
    let mut s = numbers.join(".");
    if !labels.is_empty() {
        let labels = labels.join(".");
        s.push('-');
        s.push_str(&if *upper {
            labels.to_uppercase()
        } else {
            labels.to_lowercase()
        });
    }
    if !metadata.is_empty() {
        s.push('+');
        s.push_str(&metadata.join("."));
    }
    s
}

fn rubygems_version() -> impl Strategy<Value = String> {
    (
        number(),
        prop::collection::vec(
            prop_oneof![number(), "[a-zA-Z]{1,3}", "[0-9]{1,2}[a-z]{1,2}[0-9]?"],
            0..4,
        ),
        prop::option::of(prop::collection::vec("[0-9A-Za-z-]{1,4}", 1..3)),
    )
        .prop_map(|(first, rest, pre)| {
            let mut s = first;
            for r in rest {
                s.push('.');
                s.push_str(&r);
            }
            if let Some(pre) = pre {
                s.push('-');
                s.push_str(&pre.join("."));
            }
            s
        })
}

fn packagist_version() -> impl Strategy<Value = String> {
    (
        select(&["", "v", "V"][..]),
        number(),
        prop::collection::vec(
            (
                select(&[".", "-", "_", "+", ""][..]),
                prop_oneof![
                    number(),
                    select(
                        &[
                            "dev", "alpha", "a", "beta", "b", "RC", "rc", "pl", "p", "foo"
                        ][..]
                    )
                    .prop_map(str::to_owned),
                ],
            ),
            0..5,
        ),
    )
        .prop_map(|(v, first, rest)| {
            let mut s = format!("{v}{first}");
            for (sep, part) in rest {
                s.push_str(sep);
                s.push_str(&part);
            }
            s
        })
}

/// pub versions: SemVer parts with leading zeros allowed, build identifiers that are numbers too.
fn pub_version() -> impl Strategy<Value = String> {
    (
        semver_parts(),
        prop::collection::vec(prop_oneof!["[0-9]{1,3}", "[0-9A-Za-z-]{1,4}"], 0..3),
    )
        .prop_map(|(mut parts, build)| {
            parts.4 = build;
            write_semver(&parts)
        })
}

// ---- Debian, RPM, apk, R: the parts, and the distributions' own algorithms as oracles ----

/// A Debian or RPM version part: runs of digits, letters and the separators that matter.
fn distro_part(alphabet: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => (0u32..12).prop_map(|n| n.to_string()),
            1 => "0[0-9]{1,2}",
            1 => "[1-9][0-9]{19,25}",
            3 => select(alphabet).prop_map(str::to_owned),
        ],
        1..6,
    )
    .prop_map(|parts| parts.concat())
}

const DEB_PIECES: &[&str] = &["a", "b", "rc", "Z", "~", "~~", ".", "+", "dfsg", "-"];
const DEB_REVISION_PIECES: &[&str] = &["a", "ubuntu", "~", ".", "+", "deb", "build"];

/// `[epoch:]upstream[-revision]`, with an upstream that starts with a digit.
fn dpkg_version() -> impl Strategy<Value = String> {
    (
        prop::option::weighted(0.2, 0u32..3),
        (0u32..10, distro_part(DEB_PIECES)),
        prop::option::of(distro_part(DEB_REVISION_PIECES)),
    )
        .prop_map(|(epoch, (lead, upstream), revision)| {
            let mut s = epoch.map(|e| format!("{e}:")).unwrap_or_default();
            s.push_str(&format!("{lead}{upstream}"));
            if let Some(r) = revision {
                s.push('-');
                s.push_str(&r);
            }
            s
        })
        .prop_filter("no empty revision", |s| !s.ends_with('-'))
}

/// dpkg's `order()` and `verrevcmp()`, transcribed from lib/dpkg/version.c, as the oracle.
fn dpkg_order(c: Option<u8>) -> i32 {
    match c {
        None => 0,
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_alphabetic() => i32::from(c),
        Some(b'~') => -1,
        Some(c) => i32::from(c) + 256,
    }
}

fn verrevcmp(a: &[u8], b: &[u8]) -> Ordering {
    let (mut i, mut j) = (0, 0);
    let at = |s: &[u8], k: usize| s.get(k).copied();
    let digit = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_digit());
    while i < a.len() || j < b.len() {
        while (at(a, i).is_some() && !digit(at(a, i))) || (at(b, j).is_some() && !digit(at(b, j))) {
            let (ac, bc) = (dpkg_order(at(a, i)), dpkg_order(at(b, j)));
            if ac != bc {
                return ac.cmp(&bc);
            }
            i += 1;
            j += 1;
        }
        while at(a, i) == Some(b'0') {
            i += 1;
        }
        while at(b, j) == Some(b'0') {
            j += 1;
        }
        let mut first_diff = Ordering::Equal;
        while digit(at(a, i)) && digit(at(b, j)) {
            if first_diff.is_eq() {
                first_diff = at(a, i).cmp(&at(b, j));
            }
            i += 1;
            j += 1;
        }
        if digit(at(a, i)) {
            return Ordering::Greater;
        }
        if digit(at(b, j)) {
            return Ordering::Less;
        }
        if first_diff.is_ne() {
            return first_diff;
        }
    }
    Ordering::Equal
}

/// dpkg's `dpkg_version_compare` on a version our generator wrote.
fn dpkg_compare(a: &str, b: &str) -> Ordering {
    let split = |s: &str| {
        let (epoch, rest) = s.split_once(':').unwrap_or(("0", s));
        let (upstream, revision) = rest.rsplit_once('-').unwrap_or((rest, ""));
        (
            epoch.parse::<u32>().unwrap_or(0),
            upstream.to_owned(),
            revision.to_owned(),
        )
    };
    let (ea, ua, ra) = split(a);
    let (eb, ub, rb) = split(b);
    ea.cmp(&eb)
        .then_with(|| verrevcmp(ua.as_bytes(), ub.as_bytes()))
        .then_with(|| verrevcmp(ra.as_bytes(), rb.as_bytes()))
}

const RPM_PIECES: &[&str] = &[
    "a", "b", "rc", "git", "el", "Z", "~", "^", ".", "_", "+", "",
];

/// `[epoch:]version[-release]`.
fn rpm_version() -> impl Strategy<Value = String> {
    (
        prop::option::weighted(0.2, 0u32..3),
        distro_part(RPM_PIECES),
        prop::option::of(distro_part(RPM_PIECES)),
    )
        .prop_map(|(epoch, version, release)| {
            let mut s = epoch.map(|e| format!("{e}:")).unwrap_or_default();
            s.push_str(&version);
            if let Some(r) = release {
                s.push('-');
                s.push_str(&r);
            }
            s
        })
        .prop_filter("not empty", |s| !s.is_empty())
}

/// rpm's `rpmvercmp()`, transcribed from lib/rpmvercmp.c, as the oracle.
fn rpmvercmp(a: &[u8], b: &[u8]) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (mut i, mut j) = (0, 0);
    let at = |s: &[u8], k: usize| s.get(k).copied().unwrap_or(0);
    let sep = |c: u8| c != 0 && !c.is_ascii_alphanumeric() && c != b'~' && c != b'^';
    while at(a, i) != 0 || at(b, j) != 0 {
        while sep(at(a, i)) {
            i += 1;
        }
        while sep(at(b, j)) {
            j += 1;
        }
        if at(a, i) == b'~' || at(b, j) == b'~' {
            if at(a, i) != b'~' {
                return Ordering::Greater;
            }
            if at(b, j) != b'~' {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        if at(a, i) == b'^' || at(b, j) == b'^' {
            if at(a, i) == 0 {
                return Ordering::Less;
            }
            if at(b, j) == 0 {
                return Ordering::Greater;
            }
            if at(a, i) != b'^' {
                return Ordering::Greater;
            }
            if at(b, j) != b'^' {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        if at(a, i) == 0 || at(b, j) == 0 {
            break;
        }
        let numeric = at(a, i).is_ascii_digit();
        let class = |c: u8| {
            if numeric {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphabetic()
            }
        };
        let (si, sj) = (i, j);
        while class(at(a, i)) {
            i += 1;
        }
        while class(at(b, j)) {
            j += 1;
        }
        if sj == j {
            return if numeric {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        let (mut one, mut two) = (&a[si..i], &b[sj..j]);
        if numeric {
            while one.first() == Some(&b'0') {
                one = &one[1..];
            }
            while two.first() == Some(&b'0') {
                two = &two[1..];
            }
            match one.len().cmp(&two.len()) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        match one.cmp(two) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    match (at(a, i) == 0, at(b, j) == 0) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        _ => Ordering::Greater,
    }
}

/// rpm's EVR comparison on a version our generator wrote, with a missing release sorting
/// first (osv-scalibr's order).
fn rpm_compare(a: &str, b: &str) -> Ordering {
    let split = |s: &str| {
        let (epoch, rest) = s.split_once(':').unwrap_or(("0", s));
        let (version, release) = match rest.rsplit_once('-') {
            Some((v, r)) => (v.to_owned(), Some(r.to_owned())),
            None => (rest.to_owned(), None),
        };
        (epoch.parse::<u32>().unwrap_or(0), version, release)
    };
    let (ea, va, ra) = split(a);
    let (eb, vb, rb) = split(b);
    ea.cmp(&eb)
        .then_with(|| rpmvercmp(va.as_bytes(), vb.as_bytes()))
        .then_with(|| match (ra, rb) {
            (Some(x), Some(y)) => rpmvercmp(x.as_bytes(), y.as_bytes()),
            (x, y) => x.is_some().cmp(&y.is_some()),
        })
}

/// `number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}`, sometimes with junk apk cannot
/// read.
fn apk_version() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            prop_oneof![(0u32..4).prop_map(|n| n.to_string()), "0[0-9]"],
            1..4,
        ),
        prop::option::weighted(0.3, select(&["a", "b", "p", "z"][..])),
        prop::collection::vec(
            (
                select(&["alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"][..]),
                prop::option::of(0u32..3),
            ),
            0..3,
        ),
        prop::option::weighted(0.2, "[0-9a-f]{1,3}"),
        prop::option::of(0u32..3),
        prop::option::weighted(0.1, "[-._A-Za-z0-9]{1,4}"),
    )
        .prop_map(|(numbers, letter, suffixes, hash, revision, junk)| {
            let mut s = numbers.join(".");
            s.push_str(letter.unwrap_or(""));
            for (name, n) in suffixes {
                s.push('_');
                s.push_str(name);
                if let Some(n) = n {
                    s.push_str(&n.to_string());
                }
            }
            if let Some(h) = hash {
                s.push('~');
                s.push_str(&h);
            }
            if let Some(r) = revision {
                s.push_str(&format!("-r{r}"));
            }
            s.push_str(&junk.unwrap_or_default());
            s
        })
}

/// Two or more numbers separated by `.` or `-`.
fn cran_version() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            prop_oneof![4 => (0u32..4).prop_map(|n| n.to_string()), 1 => "0[0-9]"],
            2..5,
        ),
        prop::collection::vec(select(&[".", "-"][..]), 4),
    )
        .prop_map(|(numbers, seps)| {
            let mut s = numbers[0].clone();
            for (n, sep) in numbers[1..].iter().zip(seps) {
                s.push_str(sep);
                s.push_str(n);
            }
            s
        })
}

/// Parses under `scheme` or fails the case.
fn parsed(scheme: Scheme, text: &str) -> Result<Version, TestCaseError> {
    Version::parse(scheme, text).map_err(|e| TestCaseError::fail(e.to_string()))
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
    fn dpkg_is_a_total_order(a in dpkg_version(), b in dpkg_version(), c in dpkg_version()) {
        laws(Scheme::Dpkg, [&a, &b, &c])?;
    }

    #[test]
    fn dpkg_agrees_with_verrevcmp(a in dpkg_version(), b in dpkg_version()) {
        let ours = parsed(Scheme::Dpkg, &a)?.cmp(&parsed(Scheme::Dpkg, &b)?);
        prop_assert_eq!(ours, dpkg_compare(&a, &b), "{} vs {}", a, b);
    }

    #[test]
    fn rpm_is_a_total_order(a in rpm_version(), b in rpm_version(), c in rpm_version()) {
        laws(Scheme::Rpm, [&a, &b, &c])?;
    }

    #[test]
    fn rpm_agrees_with_rpmvercmp(a in rpm_version(), b in rpm_version()) {
        let ours = parsed(Scheme::Rpm, &a)?.cmp(&parsed(Scheme::Rpm, &b)?);
        prop_assert_eq!(ours, rpm_compare(&a, &b), "{} vs {}", a, b);
    }

    #[test]
    fn rpm_orders_any_bytes_like_rpmvercmp(a in "[0-9a-z~^._+ -]{1,12}", b in "[0-9a-z~^._+ -]{1,12}") {
        // Without `:` and `-` the whole string is the version: rpmvercmp itself decides.
        let (a, b) = (a.replace('-', "."), b.replace('-', "."));
        let ours = parsed(Scheme::Rpm, &a)?.cmp(&parsed(Scheme::Rpm, &b)?);
        prop_assert_eq!(ours, rpmvercmp(a.as_bytes(), b.as_bytes()), "{:?} vs {:?}", a, b);
    }

    #[test]
    fn apk_is_a_total_order(a in apk_version(), b in apk_version(), c in apk_version()) {
        laws(Scheme::Apk, [&a, &b, &c])?;
    }

    #[test]
    fn cran_is_a_total_order(a in cran_version(), b in cran_version(), c in cran_version()) {
        laws(Scheme::Cran, [&a, &b, &c])?;
    }

    #[test]
    fn distro_schemes_order_arbitrary_strings_totally(
        scheme in select(&[Scheme::Dpkg, Scheme::Rpm, Scheme::Apk][..]),
        a in "\\PC{1,12}|[0-9a-z.~^_:+-]{1,12}",
        b in "\\PC{1,12}|[0-9a-z.~^_:+-]{1,12}",
        c in "\\PC{1,12}|[0-9a-z.~^_:+-]{1,12}",
    ) {
        // rpm and apk order every non-empty string, dpkg most; the laws hold for all of them.
        let ok = |t: &str| Version::parse(scheme, t).is_ok();
        prop_assume!(ok(&a) && ok(&b) && ok(&c));
        laws(scheme, [&a, &b, &c])?;
    }

    #[test]
    fn no_input_panics(scheme in select(ALL_SCHEMES),
                       text in "\\PC{0,40}|[0-9.+!a-zA-Z_ -]{0,40}") {
        // Any outcome is fine; reaching here without a panic is the property.
        if let Ok(v) = Version::parse(scheme, &text) {
            prop_assert_eq!(v.as_str(), text.as_str());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn maven_is_a_total_order_on_hyphenated_versions(
        a in maven_hyphenated(),
        b in maven_hyphenated(),
        c in maven_hyphenated(),
    ) {
        laws(Scheme::Maven, [&a, &b, &c])?;
    }

    #[test]
    fn maven_pairs_agree_on_any_version(a in maven_any(), b in maven_any(), c in maven_any()) {
        // Maven's order has cycles here (see maven.rs), so only the pairwise laws are checked.
        pair_laws(Scheme::Maven, [&a, &b, &c])?;
    }

    #[test]
    fn maven_trailing_nulls_and_case_do_not_matter(v in maven_hyphenated(), nulls in 0usize..3) {
        let padded = format!("{v}{}", ".0".repeat(nulls));
        prop_assert_eq!(parsed(Scheme::Maven, &v)?, parsed(Scheme::Maven, &padded.to_uppercase())?);
        prop_assert_eq!(parsed(Scheme::Maven, &v)?, parsed(Scheme::Maven, &format!("{v}-ga"))?);
    }

    #[test]
    fn nuget_is_a_total_order(a in nuget_parts(), b in nuget_parts(), c in nuget_parts()) {
        laws(Scheme::NuGet, [&write_nuget(&a, false), &write_nuget(&b, true), &write_nuget(&c, false)])?;
    }

    #[test]
    fn nuget_spellings_are_equal(parts in nuget_parts(), metadata in "[0-9A-Za-z]{1,4}") {
        let mut other = parts.clone();
        other.2 = vec![metadata];
        other.3 = !parts.3;
        let a = parsed(Scheme::NuGet, &write_nuget(&parts, false))?;
        let b = parsed(Scheme::NuGet, &write_nuget(&other, true))?;
        prop_assert_eq!(a, b);
    }

    #[test]
    fn rubygems_is_a_total_order(a in rubygems_version(), b in rubygems_version(), c in rubygems_version()) {
        laws(Scheme::RubyGems, [&a, &b, &c])?;
    }

    #[test]
    fn rubygems_trailing_zeros_do_not_matter(v in rubygems_version(), zeros in 1usize..3) {
        let padded = format!("{v}{}", ".0".repeat(zeros));
        prop_assert_eq!(parsed(Scheme::RubyGems, &v)?, parsed(Scheme::RubyGems, &padded)?);
    }

    #[test]
    fn packagist_is_a_total_order(a in packagist_version(), b in packagist_version(), c in packagist_version()) {
        laws(Scheme::Packagist, [&a, &b, &c])?;
    }

    #[test]
    fn pub_is_a_total_order(a in pub_version(), b in pub_version(), c in pub_version()) {
        laws(Scheme::Pub, [&a, &b, &c])?;
    }

    #[test]
    fn hex_is_a_total_order_and_ignores_build(a in semver_parts(), b in semver_parts(), c in semver_parts()) {
        laws(Scheme::Hex, [&write_semver(&a), &write_semver(&b), &write_semver(&c)])?;
        let mut bare = a.clone();
        bare.4.clear();
        prop_assert_eq!(parsed(Scheme::Hex, &write_semver(&a))?, parsed(Scheme::Hex, &write_semver(&bare))?);
    }

    #[test]
    fn hackage_is_a_total_order(a in dotted(5), b in dotted(5), c in dotted(5)) {
        laws(Scheme::Hackage, [&a, &b, &c])?;
        // A proper prefix sorts first: no zero is dropped.
        let longer = format!("{a}.0");
        prop_assert!(parsed(Scheme::Hackage, &a)? < parsed(Scheme::Hackage, &longer)?);
    }
}
