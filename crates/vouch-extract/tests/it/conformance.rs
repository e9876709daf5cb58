//! The conformance harness: reads the corpus' expected-result files (format in
//! ../shared/corpus/README.md §1a and §1b), runs one cataloger on every case's fixture, and
//! compares the packages as a multiset. Deliberate differences are listed by the calling test,
//! each with its reason; a listed case that starts to pass is reported too, so the list stays true.

// Test code: a failed unwrap or panic is a failed test, and deviations are reported on stderr.
// The items are `pub` for the sibling test modules of this one test binary.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::print_stderr,
    unreachable_pub
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use vouch_extract::{ExtractError, Parsed};
use vouch_model::Component;

/// One expected package, in the corpus' terms.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    pub name: String,
    pub version: String,
    pub commit: String,
    /// `None` where the upstream test did not assert groups.
    pub dep_groups: Option<Vec<String>>,
    pub line: Option<u32>,
    pub is_transitive: Option<bool>,
}

/// One test case.
#[derive(Debug, Clone)]
pub struct Case {
    /// `<expected file>::<test name>`, unique within the corpus.
    pub id: String,
    pub fixture: PathBuf,
    pub present: bool,
    pub expect_error: bool,
    /// `false` for osv-scanner's `contains` cases.
    pub exact: bool,
    pub package_count: Option<usize>,
    pub packages: Vec<Expected>,
}

fn read_json(path: &Path) -> Value {
    let text = fs_err::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn expected_packages(case: &Value, osv_scanner: bool) -> Vec<Expected> {
    case["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let groups: Option<Vec<String>> =
                p.get("dep_groups").and_then(Value::as_array).map(|g| {
                    g.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                });
            Expected {
                name: p["name"].as_str().unwrap_or_default().to_owned(),
                version: p["version"].as_str().unwrap_or_default().to_owned(),
                commit: p
                    .get("commit")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                // osv-scanner's files write `[]` for "not asserted".
                dep_groups: groups.filter(|g| !(osv_scanner && g.is_empty())),
                line: p.get("line").and_then(Value::as_u64).map(|l| l as u32),
                is_transitive: p.get("is_transitive").and_then(Value::as_bool),
            }
        })
        .collect()
}

/// The cases of `lockfiles/osv-scanner-v1.9.2/expected/<file>`.
pub fn osv_scanner(corpus: &Path, file: &str) -> Vec<Case> {
    let root = corpus.join("lockfiles/osv-scanner-v1.9.2");
    let doc = read_json(&root.join("expected").join(file));
    doc["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let fixture = root
                .join("fixtures")
                .join(c["fixture"].as_str().unwrap_or_default());
            Case {
                id: format!("{file}::{}", c["test"].as_str().unwrap_or_default()),
                present: fixture.exists(),
                fixture,
                expect_error: !c["expect_error"].is_null(),
                exact: c["match"].as_str() != Some("contains"),
                package_count: c
                    .get("package_count")
                    .and_then(Value::as_u64)
                    .map(|n| n as usize),
                packages: expected_packages(c, true),
            }
        })
        .collect()
}

/// The cases of `lockfiles/osv-scalibr/expected/<rel>` (e.g. `language/rust/cargolock.json`).
pub fn scalibr(corpus: &Path, rel: &str) -> Vec<Case> {
    let root = corpus.join("lockfiles/osv-scalibr");
    let doc = read_json(&root.join("expected").join(rel));
    let fixture_root = root
        .join("fixtures")
        .join(doc["fixture_root"].as_str().unwrap_or_default());
    doc["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let fixture = fixture_root.join(c["fixture"].as_str().unwrap_or_default());
            Case {
                id: format!("{rel}::{}", c["name"].as_str().unwrap_or_default()),
                present: c.get("fixture_present").and_then(Value::as_bool) != Some(false)
                    && fixture.exists(),
                fixture,
                expect_error: !c["expect_error"].is_null(),
                exact: true,
                package_count: None,
                packages: expected_packages(c, false),
            }
        })
        .collect()
}

/// How to hold vouch's components against a case.
pub struct Compare<'a> {
    /// The cataloger to run (by [`vouch_extract::Cataloger::name`]).
    pub cataloger: &'a str,
    /// Turns a component into the corpus' terms (name, version, commit, groups...). The default
    /// ([`default_view`]) uses the normalised name and the version or `""`.
    pub view: &'a dyn Fn(&Component) -> Expected,
    /// Also compare dependency groups where the case asserts them.
    pub groups: bool,
    /// Also compare lines where the case asserts them.
    pub lines: bool,
    /// Also compare direct/transitive where the case asserts it.
    pub transitive: bool,
}

/// Normalised name, version (or `""`), git commit, groups, line, transitivity.
pub fn default_view(c: &Component) -> Expected {
    Expected {
        name: c.name.normalized().to_owned(),
        version: c.version.clone().unwrap_or_default(),
        commit: match &c.source {
            vouch_model::ComponentSource::Git {
                commit: Some(commit),
                ..
            } => commit.clone(),
            _ => String::new(),
        },
        dep_groups: Some(c.groups.clone()),
        line: c.locations.first().and_then(|l| l.line),
        is_transitive: c
            .scope
            .relationship
            .map(|r| r == vouch_model::Relationship::Transitive),
    }
}

/// Runs one case; `Err` describes the difference.
pub fn run_case(case: &Case, how: &Compare<'_>) -> Result<(), String> {
    let cataloger = vouch_extract::cataloger_named(how.cataloger)
        .unwrap_or_else(|| panic!("no cataloger named {}", how.cataloger));
    let result: Result<Parsed, ExtractError> = cataloger.parse(&case.fixture, &case.fixture);
    let parsed = match (result, case.expect_error) {
        (Err(_), true) => return Ok(()),
        (Ok(p), true) => {
            return Err(format!(
                "expected an error, got {} packages",
                p.components.len()
            ));
        }
        (Err(e), false) => return Err(format!("unexpected error: {e}")),
        (Ok(p), false) => p,
    };
    let norm = |name: &str, c: &Component| {
        vouch_model::PackageName::new(c.ecosystem, name)
            .map(|n| n.normalized().to_owned())
            .unwrap_or_else(|_| name.to_owned())
    };
    let mut got: Vec<Expected> = Vec::new();
    let ecosystem_of_first = parsed.components.first().cloned();
    for c in &parsed.components {
        let mut e = (how.view)(c);
        if !how.groups {
            e.dep_groups = None;
        }
        if !how.lines {
            e.line = None;
        }
        if !how.transitive {
            e.is_transitive = None;
        }
        got.push(e);
    }
    let mut want: Vec<Expected> = case
        .packages
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if let Some(c) = &ecosystem_of_first {
                p.name = norm(&p.name, c);
            }
            if let Some(g) = &mut p.dep_groups {
                g.sort();
                g.dedup();
            }
            p
        })
        .collect();
    // Fields the case does not assert are not compared.
    for (i, w) in want.iter_mut().enumerate() {
        let _ = i;
        if !how.groups {
            w.dep_groups = None;
        }
        if !how.lines {
            w.line = None;
        }
        if !how.transitive {
            w.is_transitive = None;
        }
    }
    let key = |e: &Expected| (e.name.clone(), e.version.clone(), e.commit.clone());
    let mut got_by_key: BTreeMap<_, Vec<Expected>> = BTreeMap::new();
    for g in got {
        got_by_key.entry(key(&g)).or_default().push(g);
    }
    let mut problems = Vec::new();
    for w in &want {
        match got_by_key.get_mut(&key(w)).and_then(|v| v.pop()) {
            None => problems.push(format!("missing {} {} {}", w.name, w.version, w.commit)),
            Some(g) => {
                if w.dep_groups.is_some() && g.dep_groups.is_some() && w.dep_groups != g.dep_groups
                {
                    problems.push(format!(
                        "{} {}: groups {:?}, want {:?}",
                        w.name, w.version, g.dep_groups, w.dep_groups
                    ));
                }
                if w.line.is_some() && w.line != g.line {
                    problems.push(format!(
                        "{} {}: line {:?}, want {:?}",
                        w.name, w.version, g.line, w.line
                    ));
                }
                if w.is_transitive.is_some() && w.is_transitive != g.is_transitive {
                    problems.push(format!(
                        "{} {}: transitive {:?}, want {:?}",
                        w.name, w.version, g.is_transitive, w.is_transitive
                    ));
                }
            }
        }
    }
    let extra: Vec<String> = got_by_key
        .values()
        .flatten()
        .map(|g| format!("{} {} {}", g.name, g.version, g.commit))
        .collect();
    if case.exact && !extra.is_empty() {
        problems.push(format!("unexpected {}", extra.join(", ")));
    }
    if let Some(n) = case.package_count
        && n != parsed.components.len()
    {
        problems.push(format!("{} packages, want {n}", parsed.components.len()));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Runs every present case; fails listing every unexpected failure at once. `deviations` are
/// `(case id, reason)` pairs for deliberate differences: they must fail, and are reported with
/// their reason.
pub fn run_all(cases: &[Case], how: &Compare<'_>, deviations: &[(&str, &str)]) -> usize {
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in cases.iter().filter(|c| c.present) {
        ran += 1;
        let deviation = deviations.iter().find(|(id, _)| *id == case.id);
        match (run_case(case, how), deviation) {
            (Ok(()), None) => {}
            (Err(e), Some((_, reason))) => {
                eprintln!("deliberate difference in {}: {reason} ({e})", case.id);
            }
            (Ok(()), Some(_)) => {
                failures.push(format!("{}: listed as a deviation but passes", case.id))
            }
            (Err(e), None) => {
                failures.push(format!("{} ({}): {e}", case.id, case.fixture.display()))
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    ran
}

/// Deterministic corruptions of a real fixture for the never-panic tests: `rounds` variants,
/// each with 1–8 random edits (a byte replaced by one of `specials`, the format's syntax
/// characters; a byte removed; the file cut short; a random byte inserted). The same `seed`
/// gives the same variants, so a failure can be replayed.
pub fn mutations(original: &[u8], rounds: usize, seed: u64, specials: &[u8]) -> Vec<Vec<u8>> {
    // xorshift64: tiny, deterministic, good enough to scatter edits.
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..rounds)
        .map(|_| {
            let mut bytes = original.to_vec();
            for _ in 0..(next() % 8 + 1) {
                if bytes.is_empty() {
                    break;
                }
                let at = (next() % bytes.len() as u64) as usize;
                match next() % 4 {
                    0 if !specials.is_empty() => {
                        bytes[at] = specials[(next() % specials.len() as u64) as usize];
                    }
                    1 => {
                        bytes.remove(at);
                    }
                    2 => bytes.truncate(at),
                    _ => bytes.insert(at, (next() % 256) as u8),
                }
            }
            bytes
        })
        .collect()
}
