//! Conformance with the ecosystems' own implementations: osv-scalibr's version-ordering test
//! vectors (../shared/corpus/versions/osv-scalibr-semantic, README "versions/"), one comparison
//! `A < B`, `A > B` or `A = B` per line. The `*-generated.txt` files were written by the
//! ecosystem's own implementation (PyPI: Python's `packaging`; Maven: `ComparableVersion` of
//! maven-artifact 3.8.6; RubyGems: `Gem::Version`; Packagist: PHP), so every line is a fact.
//!
//! Every line must hold both ways round. A line whose version our scheme refuses is allowed only
//! when that version is listed below with the reason, and a line we answer differently only when
//! the line is listed with the reason; a listed version that parses, a listed line that holds,
//! or a listing no line uses fails the test, so the lists stay true.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::hash::{BuildHasher, RandomState};
use std::path::Path;

use vouch_version::{Scheme, Version};

/// A version string the scheme refuses on purpose, with the reason.
type Deviation = (&'static str, &'static str);

/// A comparison line (as written in the file) that we answer differently on purpose, with the
/// reason. It must still fail: a listed line that holds fails the test.
type LineDeviation = (&'static str, &'static str);

/// `1.1.3.4.5` is not SemVer (§2: exactly MAJOR.MINOR.PATCH). osv-scalibr folds the extra
/// numbers into build metadata; osv.dev's own coercion (`semver_index.py`) refuses it, and so
/// do we. The line only asserts `1.1.3.4.5 = 1.1.3.4.5`.
const SEMVER_DEVIATIONS: &[Deviation] = &[(
    "1.1.3.4.5",
    "five release numbers are not SemVer; osv.dev refuses it too",
)];

/// node-semver refuses what npm never publishes: versions without all three numbers and numbers
/// above 2^53 - 1 (`Invalid major version`). These lines are SemVer-file lines, not npm data.
const NPM_DEVIATIONS: &[Deviation] = &[
    (
        "1.1.3.4.5",
        "five release numbers; node-semver's LOOSE expression refuses it",
    ),
    (
        "999999999999999999999999999991",
        "one number only, and above 2^53 - 1; node-semver refuses both",
    ),
    (
        "999999999999999999999999999999",
        "one number only, and above 2^53 - 1; node-semver refuses both",
    ),
    (
        "999999999999999999999999999991.999999999999999999999999999991.999999999999999999999999999991",
        "major version above 2^53 - 1: node-semver throws `Invalid major version`",
    ),
    (
        "999999999999999999999999999999.999999999999999999999999999991.999999999999999999999999999991",
        "major version above 2^53 - 1: node-semver throws `Invalid major version`",
    ),
];

/// Not PEP 440. `packaging` before version 22 accepted any string as a `LegacyVersion` (sorted
/// before every valid version); the generated file was written with such a `packaging`. PEP 440
/// calls them invalid, pip has refused them since `packaging` 22, and so do we: each is checked
/// to be refused, and every line that uses one is skipped.
const PEP440_DEVIATIONS: &[Deviation] = &[
    ("-class.-jw.util.version.Version-", LEGACY),
    ("-class.-jw.util.version.version-dev", LEGACY),
    ("-class.-jw.util.version.version-pre", LEGACY),
    ("-class.-jw.util.version.version-preview", LEGACY),
    ("0.0.1-test1", LEGACY),
    ("0.1-bulbasaur", LEGACY),
    ("0.1-charmander", LEGACY),
    ("0.3.1-p1", LEGACY),
    ("0.3m1", LEGACY),
    ("0.3m2", LEGACY),
    ("0.3m3", LEGACY),
    ("0.3m4", LEGACY),
    ("0.3m5", LEGACY),
    ("0.4.0-p1", LEGACY),
    ("0.4m1", LEGACY),
    ("0.4m2", LEGACY),
    ("0.4m3", LEGACY),
    ("0.4m4", LEGACY),
    ("0.4m5", LEGACY),
    ("0.5m1", LEGACY),
    ("0.5m2", LEGACY),
    ("0.5m3", LEGACY),
    ("0.5m4", LEGACY),
    ("0.5m5", LEGACY),
    ("0.6m1", LEGACY),
    ("0.6m2", LEGACY),
    ("0.6m3", LEGACY),
    ("0.6m4", LEGACY),
    ("0.6m5", LEGACY),
    ("0.6m6", LEGACY),
    ("0.7.1.fix1", LEGACY),
    ("0.7.10p1", LEGACY),
    ("0.7.11p1", LEGACY),
    ("0.7.11p2", LEGACY),
    ("0.7.11p3", LEGACY),
    ("0.7.4.svn.r2010", LEGACY),
    ("0.8.1p1", LEGACY),
    ("0.8.3p1", LEGACY),
    ("0.8.4p1", LEGACY),
    ("0.8.4p2", LEGACY),
    ("0.8.6p1", LEGACY),
    ("0.8.7p1", LEGACY),
    ("0.9-doduo", LEGACY),
    ("0.9-eevee", LEGACY),
    ("0.9-fearow", LEGACY),
    ("0.9-gyarados", LEGACY),
    ("0.9-horsea", LEGACY),
    ("0.9-ivysaur", LEGACY),
    ("1.0beta6.1", LEGACY),
    ("1.3.1-STAGING", LEGACY),
    ("2.0.0-final", LEGACY),
    ("2.0.1rc2-git", LEGACY),
    ("2013-01-21T20:33:09+0100", LEGACY),
    ("2013-01-23T17:11:52+0100", LEGACY),
    ("2013-02-01T20:50:46+0100", LEGACY),
    ("2013-02-02T19:59:03+0100", LEGACY),
    ("2013-02-02T20:23:17+0100", LEGACY),
    ("2013-02-08T17:40:57+0000", LEGACY),
    ("2013-03-27T16:32:26+0100", LEGACY),
    ("2013-05-09T12:47:53+0200", LEGACY),
    ("2013-05-10T17:55:56+0200", LEGACY),
    ("2013-05-14T20:16:05+0200", LEGACY),
    ("2013-06-01T10:32:51+0200", LEGACY),
    ("2013-07-19T09:11:08+0000", LEGACY),
    ("2013-08-12T21:48:56+0200", LEGACY),
    ("2013-09-11T19-27-10", LEGACY),
    ("2013-12-23T17-51-15", LEGACY),
    ("2014-01-12T15-52-10", LEGACY),
    ("4.11-final", LEGACY),
    ("5.0-final", LEGACY),
    ("a3", LEGACY),
    ("trunk", LEGACY),
];
const LEGACY: &str = "not PEP 440: only packaging < 22 took it, as a LegacyVersion";

/// Strict SemVer (Elixir's `Version.parse/1` for Hex, `pub_semver`'s `Version.parse` for pub)
/// takes no `v` prefix and needs exactly MAJOR.MINOR.PATCH; these lines come from the generic
/// SemVer vectors, which the pub file copies.
const STRICT_SEMVER_DEVIATIONS: &[Deviation] = &[
    ("v0.0.0", NO_V),
    ("v0.0.1", NO_V),
    ("v0.9.0", NO_V),
    ("v0.9.9", NO_V),
    ("v0.10.0", NO_V),
    ("v0.99.0", NO_V),
    ("v1.0.0", NO_V),
    ("v2.0.0", NO_V),
    ("v0.0.0-foo", NO_V),
    ("v1.2.3", NO_V),
    ("v1.2.3-0", NO_V),
    ("v1.2.3-1", NO_V),
    ("v1.2.3-beta", NO_V),
    ("v1.2.3+build", NO_V),
    ("999999999999999999999999999991", THREE),
    ("999999999999999999999999999999", THREE),
    ("1.1.3.4.5", THREE),
];
const NO_V: &str = "strict SemVer parsers (Elixir, pub_semver) refuse a `v` prefix";
const THREE: &str = "not MAJOR.MINOR.PATCH, which Elixir and pub_semver both require";

/// osv-scalibr's edge cases for `#`, which it reads as PHP's form `#` (equal to every number, so
/// `1.2.3.#` equals both `1.2.3.1` and `1.2.3.2`: no order holds that), while PHP's own
/// canonicaliser turns `#` into a separator. Composer's normaliser refuses `#`, and no Packagist
/// version has one.
const PACKAGIST_DEVIATIONS: &[Deviation] = &[
    ("1.2.3.#", HASH),
    ("1.2.3.#.1", HASH),
    ("1.2.3.#.p3", HASH),
    ("1.2.3.#.beta", HASH),
];
const HASH: &str = "`#`: a separator to PHP, a form equal to every number to osv-scalibr";

/// osv-scalibr's hand-written apk vectors that claim two versions apk cannot read are equal.
/// apk 3 stops reading at the unreadable part and calls the rests equal, apk 2 read on by other
/// rules, and osv-scalibr mixes the two (its file notes where apk versions disagree). We compare
/// the unreadable rests as strings, as osv-scalibr does when both versions are invalid, which
/// keeps the order total; these lines, where osv-scalibr calls such versions valid and ignores
/// the rest, are where that differs.
const APK_LINE_DEVIATIONS: &[LineDeviation] = &[
    (
        "1-r = 1-r0",
        "apk 3 cannot read an empty `-r`, so `1-r` < `1-r0`; apk 2 read it as `-r0`",
    ),
    (
        "1-r0-1 = 1-r-2",
        "apk 3: `-r0` then junk is above junk right after `1`",
    ),
    ("1-r0-1 = 1-r0-2", APK_RESTS),
    ("1-ruff2 = 1-ruff1", APK_RESTS),
    ("1-ruff2 = 1--ruff1", APK_RESTS),
    ("1-r0-ruff2 = 1-r0-ruff1", APK_RESTS),
];
const APK_RESTS: &str = "the unreadable rests differ, and we compare them as strings";

/// What one file's run found.
#[derive(Debug, Default)]
struct Outcome {
    checked: usize,
    skipped: usize,
    failures: Vec<String>,
    deviations_used: BTreeSet<&'static str>,
    line_deviations_used: BTreeSet<&'static str>,
}

/// Runs every comparison of `file` under `scheme`.
fn run(
    dir: &Path,
    file: &str,
    scheme: Scheme,
    deviations: &[Deviation],
    line_deviations: &[LineDeviation],
) -> Outcome {
    let path = dir.join("versions/osv-scalibr-semantic").join(file);
    let text = fs_err::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Outcome::default();
    let hasher = RandomState::new();
    for (index, line) in text.lines().enumerate() {
        let at = format!("{file}:{}", index + 1);
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
            continue;
        }
        let [a, op, b] = line.split_whitespace().collect::<Vec<_>>()[..] else {
            panic!("{at}: not `A <op> B`: {line}");
        };
        let expected = match op {
            "<" => Ordering::Less,
            ">" => Ordering::Greater,
            "=" => Ordering::Equal,
            _ => panic!("{at}: unknown operator `{op}`"),
        };
        let (va, vb) = (Version::parse(scheme, a), Version::parse(scheme, b));
        let (va, vb) = match (va, vb) {
            (Ok(va), Ok(vb)) => (va, vb),
            (ra, rb) => {
                for err in [ra.err(), rb.err()].into_iter().flatten() {
                    match deviations.iter().find(|(text, _)| *text == err.text) {
                        Some((text, _)) => {
                            out.deviations_used.insert(text);
                        }
                        None => out.failures.push(format!("{at}: {err}")),
                    }
                }
                out.skipped += 1;
                continue;
            }
        };
        out.checked += 1;
        let forward = va.cmp(&vb);
        let backward = vb.cmp(&va);
        let mut wrong = Vec::new();
        if forward != expected || backward != expected.reverse() {
            wrong.push(format!(
                "{at}: `{line}` but we say {a} {forward:?} {b} and {b} {backward:?} {a}"
            ));
        }
        if (va == vb) != (expected == Ordering::Equal) {
            wrong.push(format!(
                "{at}: `==` disagrees with the ordering for `{line}`"
            ));
        }
        if expected == Ordering::Equal && hasher.hash_one(&va) != hasher.hash_one(&vb) {
            wrong.push(format!("{at}: equal versions hash differently: `{line}`"));
        }
        // `==` and `Hash` must agree with our own ordering even on a listed line.
        let consistent = (va == vb) == (forward == Ordering::Equal)
            && (forward != Ordering::Equal || hasher.hash_one(&va) == hasher.hash_one(&vb))
            && backward == forward.reverse();
        match line_deviations.iter().find(|(l, _)| *l == line) {
            Some((listed, reason)) => {
                out.line_deviations_used.insert(listed);
                if wrong.is_empty() {
                    out.failures.push(format!(
                        "{at}: listed deviation `{line}` ({reason}) now holds: remove it from the list"
                    ));
                } else if !consistent {
                    out.failures
                        .push(format!("{at}: `==`, `Hash` or `cmp` disagree on `{line}`"));
                }
            }
            None => out.failures.extend(wrong),
        }
    }
    out
}

/// Runs the files under one scheme and checks the deviation list is exactly what was needed.
fn conform(scheme: Scheme, files: &[&str], deviations: &[Deviation]) {
    conform_lines(scheme, files, deviations, &[]);
}

/// [`conform`], with comparison lines we answer differently on purpose.
fn conform_lines(
    scheme: Scheme,
    files: &[&str],
    deviations: &[Deviation],
    line_deviations: &[LineDeviation],
) {
    let Some(dir) = vouch_testkit::corpus_or_skip(&format!("{scheme} conformance")) else {
        return;
    };
    let mut failures = Vec::new();
    let mut used = BTreeSet::new();
    let mut lines_used = BTreeSet::new();
    for file in files {
        let out = run(&dir, file, scheme, deviations, line_deviations);
        eprintln!(
            "{scheme}: {file}: {} comparisons checked, {} skipped (listed deviations), \
             {} answered differently on purpose",
            out.checked,
            out.skipped,
            out.line_deviations_used.len()
        );
        assert!(out.checked > 0, "{file}: no comparison was checked");
        failures.extend(out.failures);
        used.extend(out.deviations_used);
        lines_used.extend(out.line_deviations_used);
    }
    for (line, _) in line_deviations {
        if !lines_used.contains(line) {
            failures.push(format!(
                "listed deviation `{line}` is in no file: remove it from the list"
            ));
        }
    }
    for (text, reason) in deviations {
        if Version::parse(scheme, text).is_ok() {
            failures.push(format!(
                "listed deviation `{text}` ({reason}) now parses: remove it from the list"
            ));
        }
        if !used.contains(text) {
            failures.push(format!(
                "listed deviation `{text}` is used by no line: remove it from the list"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} {scheme} conformance failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn semver_agrees_with_osv_scalibr() {
    conform(Scheme::SemVer, &["semver-versions.txt"], SEMVER_DEVIATIONS);
}

#[test]
fn go_agrees_with_osv_scalibr_semver_vectors() {
    // Go versions are SemVer; the file mixes `v`-prefixed and bare versions, both accepted.
    conform(Scheme::Go, &["semver-versions.txt"], SEMVER_DEVIATIONS);
}

#[test]
fn npm_agrees_with_osv_scalibr_semver_vectors() {
    // The file is node-semver's own comparison fixtures plus a few lines of osv-scalibr's.
    conform(Scheme::Npm, &["semver-versions.txt"], NPM_DEVIATIONS);
}

#[test]
fn pep440_agrees_with_packaging() {
    conform(
        Scheme::Pep440,
        &["pypi-versions.txt", "pypi-versions-generated.txt"],
        PEP440_DEVIATIONS,
    );
}

#[test]
fn dpkg_agrees_with_dpkg() {
    // debian-versions-generated.txt was written by dpkg itself (`dpkg --compare-versions`).
    conform(
        Scheme::Dpkg,
        &["debian-versions.txt", "debian-versions-generated.txt"],
        &[],
    );
}

#[test]
fn rpm_agrees_with_rpmvercmp() {
    conform(Scheme::Rpm, &["redhat-versions.txt"], &[]);
}

#[test]
fn apk_agrees_with_apk() {
    // alpine-versions-generated.txt was written by apk itself (`apk version -t`, apk 2 on
    // Alpine 3.10); alpine-versions.txt is osv-scalibr's, partly after apk 3.
    conform_lines(
        Scheme::Apk,
        &["alpine-versions.txt", "alpine-versions-generated.txt"],
        &[],
        APK_LINE_DEVIATIONS,
    );
}

#[test]
fn cran_agrees_with_r() {
    // cran-versions-generated.txt was written by R itself (`compareVersion`).
    conform(
        Scheme::Cran,
        &["cran-versions.txt", "cran-versions-generated.txt"],
        &[],
    );
}

#[test]
fn maven_agrees_with_comparable_version() {
    conform(
        Scheme::Maven,
        &["maven-versions.txt", "maven-versions-generated.txt"],
        &[],
    );
}

#[test]
fn nuget_agrees_with_nuget_versioning() {
    conform(Scheme::NuGet, &["nuget-versions.txt"], &[]);
}

#[test]
fn rubygems_agrees_with_gem_version() {
    conform(
        Scheme::RubyGems,
        &["rubygems-versions.txt", "rubygems-versions-generated.txt"],
        &[],
    );
}

#[test]
fn packagist_agrees_with_version_compare() {
    conform(
        Scheme::Packagist,
        &["packagist-versions.txt", "packagist-versions-generated.txt"],
        PACKAGIST_DEVIATIONS,
    );
}

#[test]
fn pub_agrees_with_pub_semver() {
    conform(Scheme::Pub, &["pub-versions.txt"], STRICT_SEMVER_DEVIATIONS);
}

#[test]
fn hex_agrees_with_osv_scalibr_semver_vectors() {
    // Hex versions are strict SemVer; the file's shorthand and `v`-prefixed lines are refused.
    conform(
        Scheme::Hex,
        &["semver-versions.txt"],
        STRICT_SEMVER_DEVIATIONS,
    );
}

#[test]
fn hackage_agrees_with_cabal() {
    conform(Scheme::Hackage, &["hackage-versions.txt"], &[]);
}

#[test]
fn ecosystems_map_to_the_schemes_of_their_versions() {
    use vouch_model::Ecosystem;
    for (ecosystem, scheme) in [
        (Ecosystem::Maven, Scheme::Maven),
        (Ecosystem::NuGet, Scheme::NuGet),
        (Ecosystem::RubyGems, Scheme::RubyGems),
        (Ecosystem::Packagist, Scheme::Packagist),
        (Ecosystem::Pub, Scheme::Pub),
        (Ecosystem::Hex, Scheme::Hex),
        (Ecosystem::Hackage, Scheme::Hackage),
        (Ecosystem::Ghc, Scheme::Hackage),
    ] {
        assert_eq!(
            Scheme::for_ecosystem(ecosystem),
            Some(scheme),
            "{ecosystem}"
        );
    }
}
