//! The Package URL specification's own test suite (../shared/corpus/purl, purl-spec @16f3d0e3;
//! format: `schemas/purl-test.schema-0.2.json`) run through `vouch_model::Purl`, to know whether
//! the `packageurl` crate underneath is good enough for the purls vouch emits.
//!
//! - `parse`: `Purl::from_str` must accept the input and its canonical form must decompose into
//!   the expected components, or refuse the input when `expected_failure` says so;
//! - `validate` (the suite's round-trip test): the canonical form of the input must be exactly
//!   the expected string;
//! - `build`: only what `Purl::for_package` can express (an ecosystem, a name that may carry the
//!   namespace, a version; no qualifiers, no subpath) is run; the rest is counted out of scope.
//!
//! Every test of the types vouch emits today must pass, or be listed below with its reason.
//! Other types are reported (pass rate per type on stderr) but do not fail the run.

#![allow(
    clippy::panic,
    clippy::print_stderr,
    reason = "a failing expectation fails the test; the per-type report goes to stderr"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use packageurl::PackageUrl;
use serde_json::Value;
use vouch_model::{Ecosystem, PackageName, Purl};

/// The purl types vouch emits today.
const VOUCH_TYPES: &[&str] = &[
    "cargo",
    "npm",
    "pypi",
    "golang",
    "maven",
    "generic",
    "cocoapods",
];

/// Tests of vouch's own types that fail on purpose or by a known limit, keyed by
/// `<file>#<index>`, each with the reason. A listed test that passes fails the run, so the list
/// stays true.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

#[derive(Debug)]
enum Outcome {
    Pass,
    Fail(String),
    /// Our API cannot express the test; the reason says why.
    OutOfScope(&'static str),
}

/// Pass, fail and out-of-scope counts of one purl type and test type.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    pass: usize,
    fail: usize,
    out_of_scope: usize,
}

/// One decoded purl, in the suite's terms.
#[derive(Debug, PartialEq, Eq)]
struct Components {
    ty: Option<String>,
    namespace: Option<String>,
    name: Option<String>,
    version: Option<String>,
    qualifiers: BTreeMap<String, String>,
    subpath: Option<String>,
}

impl Components {
    fn from_json(v: &Value) -> Components {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let qualifiers = v
            .get("qualifiers")
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        Components {
            ty: s("type"),
            namespace: s("namespace"),
            name: s("name"),
            version: s("version"),
            qualifiers,
            subpath: s("subpath"),
        }
    }

    fn from_purl(p: &PackageUrl<'_>) -> Components {
        Components {
            ty: Some(p.ty().to_owned()),
            namespace: p.namespace().map(str::to_owned),
            name: Some(p.name().to_owned()),
            version: p.version().map(str::to_owned),
            qualifiers: p
                .qualifiers()
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            subpath: p.subpath().map(str::to_owned),
        }
    }
}

/// `parse`: through `Purl`, then the canonical string decomposed.
fn parse(test: &Value) -> Outcome {
    let input = test["input"].as_str().unwrap_or_default();
    let expect_failure = test["expected_failure"].as_bool().unwrap_or(false);
    match (Purl::from_str(input), expect_failure) {
        (Err(_), true) => Outcome::Pass,
        (Ok(p), true) => Outcome::Fail(format!("accepted, as `{p}`, but must be refused")),
        (Err(e), false) => Outcome::Fail(format!("refused: {e}")),
        (Ok(p), false) => {
            let decoded = match PackageUrl::from_str(p.as_str()) {
                Ok(d) => d,
                Err(e) => return Outcome::Fail(format!("canonical `{p}` does not parse: {e}")),
            };
            let ours = Components::from_purl(&decoded);
            let expected = Components::from_json(&test["expected_output"]);
            if ours == expected {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("got {ours:?}, expected {expected:?}"))
            }
        }
    }
}

/// `validate`: the suite's round trip, input to canonical string.
fn roundtrip(test: &Value) -> Outcome {
    let input = test["input"].as_str().unwrap_or_default();
    let expected = test["expected_output"].as_str().unwrap_or_default();
    match Purl::from_str(input) {
        Ok(p) if p.as_str() == expected => Outcome::Pass,
        Ok(p) => Outcome::Fail(format!("canonical form `{p}`, expected `{expected}`")),
        Err(e) => Outcome::Fail(format!("refused: {e}")),
    }
}

/// `build`: through `Purl::for_package`, where the components fit it.
fn build(test: &Value) -> Outcome {
    let input = Components::from_json(&test["input"]);
    let expect_failure = test["expected_failure"].as_bool().unwrap_or(false);
    let Some(ty) = input.ty.as_deref() else {
        return Outcome::OutOfScope("no type: for_package always has an ecosystem");
    };
    if !input.qualifiers.is_empty() {
        return Outcome::OutOfScope("qualifiers: for_package builds none");
    }
    // A CocoaPods subspec `Pod/Sub` is built as the subpath `Sub`; no other type has one.
    if input.subpath.is_some() && input.ty.as_deref() != Some("cocoapods") {
        return Outcome::OutOfScope("subpath: for_package builds none");
    }
    let Some(ecosystem) = Ecosystem::ALL
        .iter()
        .copied()
        .find(|e| e.purl_type() == Some(ty))
    else {
        return Outcome::OutOfScope("type of no OSV ecosystem");
    };
    let Some(name) = input.name.as_deref() else {
        return Outcome::OutOfScope("no name: for_package always has a package name");
    };
    let full_name = match (input.namespace.as_deref(), ecosystem) {
        (None, Ecosystem::CocoaPods) => match input.subpath.as_deref() {
            Some(sub) => format!("{name}/{sub}"),
            None => name.to_owned(),
        },
        (None, _) => name.to_owned(),
        (Some(ns), Ecosystem::Maven) => format!("{ns}:{name}"),
        (Some(ns), Ecosystem::Npm | Ecosystem::Go | Ecosystem::Packagist | Ecosystem::SwiftUrl) => {
            format!("{ns}/{name}")
        }
        (Some(_), _) => {
            return Outcome::OutOfScope(
                "namespace of a type whose ecosystem name does not carry it",
            );
        }
    };
    let built = PackageName::new(ecosystem, &full_name)
        .map_err(|e| e.to_string())
        .and_then(|n| {
            Purl::for_package(ecosystem, &n, input.version.as_deref()).map_err(|e| e.to_string())
        });
    let expected = test["expected_output"].as_str().unwrap_or_default();
    match (built, expect_failure) {
        (Err(_), true) => Outcome::Pass,
        (Ok(p), true) => Outcome::Fail(format!("built `{p}`, but must be refused")),
        (Err(e), false) => Outcome::Fail(format!("refused: {e}")),
        (Ok(p), false) if p.as_str() == expected => Outcome::Pass,
        (Ok(p), false) => Outcome::Fail(format!("built `{p}`, expected `{expected}`")),
    }
}

/// The purl type a test is about: the input's `type`, or the part of the input string after
/// `pkg:` (lower-cased), or `?` when there is none.
fn purl_type(test: &Value) -> String {
    match &test["input"] {
        Value::String(s) => s
            .split_once(':')
            .and_then(|(_, rest)| rest.trim_start_matches('/').split('/').next())
            .filter(|t| !t.is_empty() && !t.contains('@'))
            .map_or_else(|| "?".to_owned(), str::to_ascii_lowercase),
        other => other
            .get("type")
            .and_then(Value::as_str)
            .map_or_else(|| "?".to_owned(), str::to_ascii_lowercase),
    }
}

fn test_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for sub in ["spec", "types"] {
        let entries = std::fs::read_dir(dir.join(sub))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join(sub).display()));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.extension().is_some_and(|x| x == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn purl_spec_test_suite() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("purl_spec_test_suite") else {
        return;
    };
    let dir = corpus.join("purl/tests");
    // (purl type, test type) -> tally
    let mut tallies: BTreeMap<(String, &'static str), Tally> = BTreeMap::new();
    let mut must_fix = Vec::new();
    let mut reported = Vec::new();
    let mut known_seen = BTreeSet::new();
    let mut out_of_scope: BTreeMap<&'static str, usize> = BTreeMap::new();
    for path in test_files(&dir) {
        let file = format!(
            "{}/{}",
            path.parent()
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
        let text = fs_err::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let suite: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let tests = suite["tests"]
            .as_array()
            .unwrap_or_else(|| panic!("{file}: no `tests` array"));
        for (index, test) in tests.iter().enumerate() {
            let id = format!("{file}#{index}");
            let (kind, outcome) = match test["test_type"].as_str() {
                Some("parse") => ("parse", parse(test)),
                Some("validate" | "roundtrip") => ("roundtrip", roundtrip(test)),
                Some("build") => ("build", build(test)),
                other => panic!("{id}: unknown test_type {other:?}"),
            };
            let ty = purl_type(test);
            let tally = tallies.entry((ty.clone(), kind)).or_default();
            match outcome {
                Outcome::Pass => {
                    tally.pass += 1;
                    if KNOWN_FAILURES.iter().any(|(k, _)| *k == id) {
                        must_fix.push(format!("{id}: listed as a known failure but passes"));
                    }
                }
                Outcome::OutOfScope(why) => {
                    tally.out_of_scope += 1;
                    *out_of_scope.entry(why).or_default() += 1;
                }
                Outcome::Fail(why) => {
                    tally.fail += 1;
                    let line = format!(
                        "{id} [{ty} {kind}] {} `{}`: {why}",
                        test["description"].as_str().unwrap_or_default(),
                        test["input"]
                    );
                    if KNOWN_FAILURES.iter().any(|(k, _)| *k == id) {
                        known_seen.insert(id);
                        reported.push(line);
                    } else if VOUCH_TYPES.contains(&ty.as_str()) {
                        must_fix.push(line);
                    } else {
                        reported.push(line);
                    }
                }
            }
        }
    }

    // The report: pass rate per purl type.
    let mut per_type: BTreeMap<&str, [Tally; 3]> = BTreeMap::new();
    for ((ty, kind), tally) in &tallies {
        let slot = match *kind {
            "parse" => 0,
            "roundtrip" => 1,
            _ => 2,
        };
        per_type.entry(ty.as_str()).or_default()[slot] = *tally;
    }
    eprintln!(
        "purl-spec tests through vouch_model::Purl (pass/run; build: out of scope in parentheses)"
    );
    eprintln!(
        "{:<18} {:>9} {:>11} {:>13}",
        "type", "parse", "roundtrip", "build"
    );
    let mut total = [Tally::default(); 3];
    for (ty, [p, r, b]) in &per_type {
        eprintln!(
            "{ty:<18} {:>9} {:>11} {:>13}",
            format!("{}/{}", p.pass, p.pass + p.fail),
            format!("{}/{}", r.pass, r.pass + r.fail),
            format!("{}/{} ({})", b.pass, b.pass + b.fail, b.out_of_scope),
        );
        for (t, x) in total.iter_mut().zip([p, r, b]) {
            t.pass += x.pass;
            t.fail += x.fail;
            t.out_of_scope += x.out_of_scope;
        }
    }
    let [p, r, b] = total;
    eprintln!(
        "{:<18} {:>9} {:>11} {:>13}",
        "all",
        format!("{}/{}", p.pass, p.pass + p.fail),
        format!("{}/{}", r.pass, r.pass + r.fail),
        format!("{}/{} ({})", b.pass, b.pass + b.fail, b.out_of_scope),
    );
    for (why, n) in &out_of_scope {
        eprintln!("build tests out of scope: {n} ({why})");
    }
    if !reported.is_empty() {
        eprintln!(
            "{} failures of other types or listed ones (reported, not fatal):",
            reported.len()
        );
        for line in &reported {
            eprintln!("  {line}");
        }
    }
    for (id, reason) in KNOWN_FAILURES {
        if !known_seen.contains(*id) && !must_fix.iter().any(|l| l.starts_with(id)) {
            must_fix.push(format!(
                "{id}: listed as a known failure ({reason}) but was not seen failing"
            ));
        }
    }
    assert!(p.pass + r.pass + b.pass > 0, "no purl test ran");
    assert!(
        must_fix.is_empty(),
        "{} purl-spec failures for the types vouch emits ({}):\n{}",
        must_fix.len(),
        VOUCH_TYPES.join(", "),
        must_fix.join("\n")
    );
}

/// A few cases of the suite, kept here so that a failure names the behaviour rather than a
/// file index, and so they run without the corpus.
#[test]
fn canonical_forms_vouch_relies_on() {
    let canon = |s: &str| Purl::from_str(s).map(|p| p.to_string());
    assert_eq!(
        canon("pkg:PYPI/Django_package@1.11.1").as_deref(),
        Ok("pkg:pypi/django-package@1.11.1")
    );
    assert_eq!(
        canon("pkg:npm/%40angular/animation@12.3.1").as_deref(),
        Ok("pkg:npm/%40angular/animation@12.3.1")
    );
    assert_eq!(
        canon("pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c").as_deref(),
        Ok("pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c")
    );
    assert!(Purl::from_str("EnterpriseLibrary.Common@6.0.1304").is_err());
    assert!(Purl::from_str("pkg:maven/@1.3.4").is_err());
}
