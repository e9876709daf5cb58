//! Matching components to advisories, following the OSV schema's evaluation rules
//! (<https://ossf.github.io/osv-schema/#evaluation>): `versions` lists, `ECOSYSTEM` and `SEMVER`
//! ranges evaluated on events sorted by version, `limit` events; then records that alias each
//! other merged into one finding per component.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use vouch_model::{
    AdvisoryId, Component, ComponentSource, Diagnostic, DiagnosticCode, Ecosystem, Finding,
    FindingKind, Inventory, PackageName, SourcePackage,
};
use vouch_version::{Scheme, Version};

use crate::index::{Index, Package};
use crate::model::{Event, RangeKind, RecordMeta};

/// What matching an inventory found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Matches {
    /// Vulnerable and malicious components, sorted by ecosystem, package, version, id.
    pub findings: Vec<Finding>,
    /// Informational advisories (RustSec `unmaintained`, `unsound`, `notice`) that name a
    /// component, as findings of those kinds: warnings, as cargo-audit reports them, never
    /// vulnerabilities. Same order.
    pub warnings: Vec<Finding>,
    /// Components whose versions could not be compared, ranges that could not be read.
    pub diagnostics: Vec<Diagnostic>,
}

/// A range event with its version parsed; `None` stands for `introduced: "0"` (before every
/// version) or `limit: "*"` (no limit).
#[derive(Debug, Clone)]
pub(crate) enum Parsed {
    Introduced(Option<Version>),
    Fixed(Version),
    LastAffected(Version),
    Limit(Option<Version>),
}

impl Parsed {
    /// Sort key: `introduced: 0` below everything, `limit: *` above everything.
    fn cmp_key(&self, other: &Parsed) -> Ordering {
        fn rank(p: &Parsed) -> (u8, Option<&Version>) {
            match p {
                Parsed::Introduced(None) => (0, None),
                Parsed::Limit(None) => (2, None),
                Parsed::Introduced(Some(v))
                | Parsed::Fixed(v)
                | Parsed::LastAffected(v)
                | Parsed::Limit(Some(v)) => (1, Some(v)),
            }
        }
        rank(self).cmp(&rank(other))
    }
}

/// Parses and sorts a range's events (a stable sort, so events at one version keep their
/// written order). `Err` names the event that does not parse.
pub(crate) fn parse_events(events: &[Event], scheme: Scheme) -> Result<Vec<Parsed>, String> {
    let parse = |v: &str| Version::parse(scheme, v).map_err(|e| e.to_string());
    let mut out = events
        .iter()
        .map(|e| {
            Ok(match e {
                Event::Introduced(v) if v == "0" => Parsed::Introduced(None),
                Event::Introduced(v) => Parsed::Introduced(Some(parse(v)?)),
                Event::Fixed(v) => Parsed::Fixed(parse(v)?),
                Event::LastAffected(v) => Parsed::LastAffected(parse(v)?),
                Event::Limit(v) if v == "*" => Parsed::Limit(None),
                Event::Limit(v) => Parsed::Limit(Some(parse(v)?)),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    insertion_sort_by(&mut out, Parsed::cmp_key);
    Ok(out)
}

/// A stable sort that cannot panic whatever `cmp` answers. Maven's order (as Maven defines it)
/// is not transitive in a few corners, and the standard library's sorts may panic on such an
/// order; the lists sorted here (a range's events, a finding's fixed versions) are short.
fn insertion_sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && cmp(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The listed `versions` of an `affected[]` entry that its own ranges do not already cover, in
/// the ecosystem's order. osv.dev lists every version its ranges enumerate, so most lists are
/// wholly covered: dropping them when the index is built keeps the evaluation exact (a listed
/// version is affected either way) and spares parsing thousands of versions per package on
/// every match.
pub(crate) fn uncovered_versions(
    ecosystem: Ecosystem,
    ranges: &[crate::model::Range],
    versions: &[String],
) -> Vec<String> {
    if versions.is_empty()
        || ranges
            .iter()
            .any(|r| r.events.iter().all(Event::is_sentinel))
    {
        return Vec::new();
    }
    let Some(scheme) = Scheme::for_ecosystem(ecosystem) else {
        return versions.to_vec();
    };
    let compiled: Vec<Vec<Parsed>> = ranges
        .iter()
        .filter(|r| match r.kind {
            RangeKind::Ecosystem => true,
            RangeKind::SemVer => scheme == Scheme::SemVer,
        })
        .filter_map(|r| parse_events(&r.events, scheme).ok())
        .collect();
    if compiled.is_empty() {
        return versions.to_vec();
    }
    versions
        .iter()
        .filter(|v| match Version::parse(scheme, v) {
            Ok(v) => !compiled.iter().any(|events| included_in_range(&v, events)),
            Err(_) => true,
        })
        .cloned()
        .collect()
}

/// The spec's `BeforeLimits` and `IncludedInRanges` for one range whose events are parsed and
/// sorted.
pub(crate) fn included_in_range(v: &Version, events: &[Parsed]) -> bool {
    let mut limits = events.iter().filter_map(|e| match e {
        Parsed::Limit(l) => Some(l),
        _ => None,
    });
    let mut any_limit = false;
    let before_limits = limits.any(|l| {
        any_limit = true;
        l.as_ref().is_none_or(|l| v < l)
    });
    if any_limit && !before_limits {
        return false;
    }
    let mut vulnerable = false;
    for e in events {
        match e {
            Parsed::Introduced(None) => vulnerable = true,
            Parsed::Introduced(Some(i)) if v >= i => vulnerable = true,
            Parsed::Fixed(f) if v >= f => vulnerable = false,
            Parsed::LastAffected(l) if v > l => vulnerable = false,
            _ => {}
        }
    }
    vulnerable
}

/// A package's entries with their versions parsed once for all its components.
struct Compiled<'a> {
    entries: Vec<CompiledEntry<'a>>,
}

struct CompiledEntry<'a> {
    record: &'a RecordMeta,
    entry: &'a crate::index::Entry,
    ranges: Vec<(RangeKind, CompiledRange)>,
    /// `versions` parsed in the ecosystem's order where they parse.
    versions: Vec<Option<Version>>,
    /// The `fixed` events of all ranges, parsed in their range's order where they parse.
    fixed: Vec<(Option<Version>, &'a str)>,
}

/// A range ready for evaluation.
enum CompiledRange {
    /// Parsed and sorted events.
    Events(Vec<Parsed>),
    /// Only `introduced: 0` (and `limit: *`): every version, no order needed.
    Everything,
    /// The ecosystem has no version order in vouch: the range cannot be evaluated.
    NoOrder,
    /// An event does not parse (reported once per package).
    Broken,
}

fn compile<'a>(
    package: &'a Package,
    records: &'a [Option<RecordMeta>],
    diags: &mut Vec<Diagnostic>,
) -> Compiled<'a> {
    let eco_scheme = Scheme::for_ecosystem(package.ecosystem);
    let entries = package
        .entries
        .iter()
        .zip(records)
        .filter_map(|(entry, record)| {
            let record = record.as_ref()?;
            let ranges = entry
                .ranges
                .iter()
                .map(|r| {
                    let scheme = match r.kind {
                        RangeKind::SemVer => Some(Scheme::SemVer),
                        RangeKind::Ecosystem => eco_scheme,
                    };
                    let compiled = if r.events.iter().all(Event::is_sentinel) {
                        CompiledRange::Everything
                    } else if let Some(scheme) = scheme {
                        match parse_events(&r.events, scheme) {
                            Ok(p) => CompiledRange::Events(p),
                            Err(e) => {
                                diags.push(
                                    Diagnostic::new(
                                        DiagnosticCode::InvalidRange,
                                        format!(
                                            "a range for {} package `{}` was skipped: {e}",
                                            package.ecosystem, package.name
                                        ),
                                    )
                                    .with_record(record.id.as_str()),
                                );
                                CompiledRange::Broken
                            }
                        }
                    } else {
                        CompiledRange::NoOrder
                    };
                    (r.kind, compiled)
                })
                .collect();
            let versions = entry
                .versions
                .iter()
                .map(|v| eco_scheme.and_then(|s| Version::parse(s, v).ok()))
                .collect();
            let fixed = entry
                .ranges
                .iter()
                .flat_map(|r| {
                    let scheme = match r.kind {
                        RangeKind::SemVer => Some(Scheme::SemVer),
                        RangeKind::Ecosystem => eco_scheme,
                    };
                    r.events.iter().filter_map(move |e| match e {
                        Event::Fixed(v) => {
                            Some((scheme.and_then(|s| Version::parse(s, v).ok()), v.as_str()))
                        }
                        _ => None,
                    })
                })
                .collect();
            Some(CompiledEntry {
                record,
                entry,
                ranges,
                versions,
                fixed,
            })
        })
        .collect();
    Compiled { entries }
}

/// The entries (by position in `compiled.entries`) about `release` that affect `version`, and
/// whether the version could be compared wherever a range needed it. An entry without a
/// release is about every release; an unknown `release` (`None`) takes entries of any.
fn affecting(
    compiled: &Compiled<'_>,
    ecosystem: Ecosystem,
    release: Option<&str>,
    version: &str,
) -> (Vec<usize>, bool) {
    let eco_version =
        Scheme::for_ecosystem(ecosystem).and_then(|s| Version::parse(s, version).ok());
    let mut semver_version: Option<Option<Version>> = None;
    let mut comparable = true;
    let mut hits = Vec::new();
    for (i, c) in compiled.entries.iter().enumerate() {
        if let (Some(entry), Some(component)) = (c.entry.release.as_deref(), release)
            && !same_release(ecosystem, entry, component)
        {
            continue;
        }
        // IncludedInVersions: exact text, or equality in the ecosystem's order.
        let listed = c
            .entry
            .versions
            .iter()
            .zip(&c.versions)
            .any(|(text, parsed)| {
                text == version || matches!((parsed, &eco_version), (Some(p), Some(v)) if p == v)
            });
        let in_range = listed
            || c.ranges.iter().any(|(kind, range)| match range {
                CompiledRange::Everything => true,
                CompiledRange::Broken => false,
                CompiledRange::NoOrder => {
                    comparable = false;
                    false
                }
                CompiledRange::Events(events) => {
                    let v = match kind {
                        RangeKind::Ecosystem => eco_version.as_ref(),
                        RangeKind::SemVer => semver_version
                            .get_or_insert_with(|| Version::parse(Scheme::SemVer, version).ok())
                            .as_ref(),
                    };
                    match v {
                        Some(v) => included_in_range(v, events),
                        None => {
                            comparable = false;
                            false
                        }
                    }
                }
            });
        if in_range {
            hits.push(i);
        }
    }
    (hits, comparable)
}

/// Whether an advisory entry's release (the OSV ecosystem suffix) is the component's. Ubuntu's
/// `:LTS` marks the same release whether or not os-release said LTS (`Pro:` records, Ubuntu
/// Pro's own stream, stay apart); Red Hat's suffix ends in the repository
/// (`enterprise_linux:9::appstream`), which an installed package does not record, so the
/// product and version before `::` decide.
fn same_release(ecosystem: Ecosystem, entry: &str, component: &str) -> bool {
    match ecosystem {
        Ecosystem::Ubuntu => {
            let base = |r: &str| r.strip_suffix(":LTS").unwrap_or(r).to_owned();
            base(entry) == base(component)
        }
        Ecosystem::RedHat => {
            let product = |r: &str| r.split_once("::").map_or(r, |(p, _)| p).to_owned();
            product(entry) == product(component)
        }
        _ => entry == component,
    }
}

/// What a component is matched as: the package name the advisories use, normalised, and the
/// version to compare. OSV's Debian, Ubuntu and Alpine (and the other APK distributions')
/// records name the source package and its version, as their security trackers do; the RPM
/// distributions' records name binary packages.
struct Lookup<'c> {
    name: Cow<'c, str>,
    version: &'c str,
    /// The source package, when the name or version compared is not the binary package's.
    source: Option<SourcePackage>,
    release: Option<&'c str>,
    release_unknown: bool,
}

fn lookup(c: &Component) -> Option<Lookup<'_>> {
    let version = c
        .version
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())?;
    let mut out = Lookup {
        name: Cow::Borrowed(c.name.normalized()),
        version,
        source: None,
        release: None,
        release_unknown: false,
    };
    let Some(os) = &c.os_package else {
        return Some(out);
    };
    out.release = os.release.as_deref();
    out.release_unknown = os.release.is_none();
    let by_source = matches!(
        Scheme::for_ecosystem(c.ecosystem),
        Some(Scheme::Dpkg | Scheme::Apk)
    );
    if let Some(source) = os.source.as_ref().filter(|_| by_source) {
        if let Ok(name) = PackageName::new(c.ecosystem, &source.name)
            && name.normalized() != c.name.normalized()
        {
            out.name = Cow::Owned(name.normalized().to_owned());
        }
        if let Some(v) = source
            .version
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            out.version = v;
        }
        if matches!(out.name, Cow::Owned(_)) || out.version != version {
            out.source = Some(SourcePackage {
                name: source.name.clone(),
                version: Some(out.version.to_owned()),
            });
        }
    }
    Some(out)
}

/// The database's preferred ("home") id prefix for an ecosystem.
fn native_prefix(ecosystem: Ecosystem) -> Option<&'static str> {
    match ecosystem {
        Ecosystem::CratesIo => Some("RUSTSEC"),
        Ecosystem::PyPI => Some("PYSEC"),
        Ecosystem::Go => Some("GO"),
        _ => None,
    }
}

/// A part of the index that cannot be decoded although its digest checked out: a vouch bug or
/// a damaged disk; the rest still matches.
fn unreadable(what: &str, error: &str) -> Diagnostic {
    Diagnostic::new(
        DiagnosticCode::MalformedAdvisory,
        format!("the index entry for {what} cannot be read ({error}); sync or import again"),
    )
}

/// Packages with advisories below which matching stays on one thread (measured: starting the
/// pool costs more than matching a few dozen packages).
const PARALLEL_FROM: usize = 64;

/// Components are grouped by the package the advisories name: (ecosystem, normalised name).
type GroupKey<'a> = (Ecosystem, Cow<'a, str>);

/// Matches every versioned component of `inventory`.
pub(crate) fn match_inventory(index: &Index, inventory: &Inventory) -> Matches {
    // Group components by package so each package's advisories are parsed once.
    let mut groups: HashMap<GroupKey<'_>, Vec<(&Component, Lookup<'_>)>> = HashMap::new();
    for c in inventory.components() {
        // Advisories are about the registry's packages: a git checkout or a path dependency of
        // the same name is other code (cargo-audit skips them too). Alternate registries and
        // direct URLs usually mirror the registry's releases and are matched.
        let registry_code = !matches!(
            c.source,
            ComponentSource::Git { .. } | ComponentSource::Path { .. }
        );
        if !registry_code {
            continue;
        }
        if let Some(l) = lookup(c) {
            groups
                .entry((c.ecosystem, l.name.clone()))
                .or_default()
                .push((c, l));
        }
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));

    // Most packages have no advisory at all: find those that do first, and only spread the
    // work over threads when there is enough of it to pay for starting them.
    let hits: Vec<_> = groups
        .iter()
        .filter(|((ecosystem, name), _)| index.contains(*ecosystem, name))
        .collect();
    type Group<'a> = (GroupKey<'a>, Vec<(&'a Component, Lookup<'a>)>);
    let work = |((ecosystem, name), components): &&Group<'_>| {
        let mut out = Matches::default();
        let package = match index.package(*ecosystem, name)? {
            Ok(p) => p,
            Err(e) => {
                out.diagnostics
                    .push(unreadable(&format!("{ecosystem} {name}"), &e));
                return Some(out);
            }
        };
        // Each record an entry names, decoded once for all the package's components.
        let records: Vec<Option<RecordMeta>> = package
            .entries
            .iter()
            .map(|e| match index.record(e.record) {
                Ok(r) => Some(r),
                Err(err) => {
                    out.diagnostics
                        .push(unreadable(&format!("record {}", e.record), &err));
                    None
                }
            })
            .collect();
        let compiled = compile(&package, &records, &mut out.diagnostics);
        for (c, l) in components {
            match_component(&compiled, c, l, &mut out);
        }
        Some(out)
    };
    let parts: Vec<Matches> = if hits.len() < PARALLEL_FROM {
        hits.iter().filter_map(work).collect()
    } else {
        hits.par_iter().filter_map(work).collect()
    };

    let mut all = Matches::default();
    for p in parts {
        all.findings.extend(p.findings);
        all.warnings.extend(p.warnings);
        all.diagnostics.extend(p.diagnostics);
    }
    all.findings.sort_by(|a, b| {
        (a.ecosystem, a.purl.as_str(), &a.version, &a.id).cmp(&(
            b.ecosystem,
            b.purl.as_str(),
            &b.version,
            &b.id,
        ))
    });
    all.warnings.sort_by(|a, b| {
        (a.ecosystem, a.purl.as_str(), &a.version, &a.id).cmp(&(
            b.ecosystem,
            b.purl.as_str(),
            &b.version,
            &b.id,
        ))
    });
    all.diagnostics.dedup();
    all
}

fn match_component(compiled: &Compiled<'_>, c: &Component, l: &Lookup<'_>, out: &mut Matches) {
    let Some(version) = c.version.as_deref().map(str::trim) else {
        return;
    };
    let (hits, comparable) = affecting(compiled, c.ecosystem, l.release, l.version);
    if !comparable {
        out.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::UncomparableVersion,
                format!(
                    "{} {} {}: the version cannot be ordered as a {} version, so only \
                     advisories listing it exactly were matched",
                    c.ecosystem, l.name, l.version, c.ecosystem
                ),
            )
            .with_record(c.purl.as_str()),
        );
    }
    if hits.is_empty() {
        return;
    }

    // Informational advisories become warnings; the rest are merged by alias.
    let mut vulns: Vec<&CompiledEntry<'_>> = Vec::new();
    for &i in &hits {
        let e = &compiled.entries[i];
        match &e.entry.informational {
            Some(kind) if !e.record.malicious => out.warnings.push(Finding {
                kind: informational_kind(kind),
                id: e.record.id.clone(),
                aliases: e.record.aliases.clone(),
                ecosystem: c.ecosystem,
                package: c.name.as_str().to_owned(),
                version: version.to_owned(),
                purl: c.purl.clone(),
                source_package: l.source.clone(),
                release_unknown: l.release_unknown && e.entry.release.is_some(),
                summary: e.record.summary.clone(),
                severity: vouch_model::Severity {
                    level: vouch_model::SeverityLevel::None,
                    score: None,
                    vector: None,
                },
                fixed_versions: Vec::new(),
                url: e.record.url.clone(),
                vex: None,
            }),
            _ => vulns.push(e),
        }
    }
    for group in alias_groups(&vulns) {
        out.findings.push(finding(c, l, version, &group));
    }
}

/// RustSec's informational kinds; anything else it may add is a notice.
fn informational_kind(kind: &str) -> FindingKind {
    match kind {
        "unmaintained" => FindingKind::Unmaintained,
        "unsound" => FindingKind::Unsound,
        _ => FindingKind::Notice,
    }
}

/// Splits matched entries into groups of records that share an id or alias (union-find).
fn alias_groups<'a, 'b>(entries: &'b [&'b CompiledEntry<'a>]) -> Vec<Vec<&'b CompiledEntry<'a>>> {
    let n = entries.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let ids = std::iter::once(e.record.id.as_str())
            .chain(e.record.aliases.iter().map(AdvisoryId::as_str));
        for id in ids {
            match seen.get(id) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a] = b;
                }
                None => {
                    seen.insert(id, i);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<&'b CompiledEntry<'a>>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(e);
    }
    let mut out: Vec<_> = groups.into_values().collect();
    out.sort_by(|a, b| a[0].record.id.cmp(&b[0].record.id));
    out
}

/// One finding for a group of records that alias each other.
fn finding(c: &Component, l: &Lookup<'_>, version: &str, group: &[&CompiledEntry<'_>]) -> Finding {
    let malicious = group.iter().any(|e| e.record.malicious);
    let native = native_prefix(c.ecosystem);
    fn class(r: &RecordMeta, malicious: bool, native: Option<&str>) -> u8 {
        let prefix = r.id.prefix();
        if malicious && prefix == "MAL" {
            0
        } else if Some(prefix) == native {
            1
        } else if prefix == "GHSA" {
            2
        } else {
            3
        }
    }
    let mut records: Vec<&RecordMeta> = group.iter().map(|e| e.record).collect();
    records.sort_by(|a, b| {
        (class(a, malicious, native), &a.id).cmp(&(class(b, malicious, native), &b.id))
    });
    records.dedup_by(|a, b| a.id == b.id);
    let chosen = records[0];

    let mut aliases: Vec<AdvisoryId> = records
        .iter()
        .flat_map(|r| std::iter::once(&r.id).chain(&r.aliases))
        .filter(|id| **id != chosen.id)
        .cloned()
        .collect();
    aliases.sort();
    aliases.dedup();

    let severity = records
        .iter()
        .map(|r| &r.severity)
        .find(|s| s.level != vouch_model::SeverityLevel::Unknown)
        .unwrap_or(&chosen.severity)
        .to_model();

    let mut fixed: Vec<&(Option<Version>, &str)> =
        group.iter().flat_map(|e| e.fixed.iter()).collect();
    // Parsed versions in their order first, then the rest by text.
    insertion_sort_by(&mut fixed, |a, b| match (&a.0, &b.0) {
        (Some(x), Some(y)) => x.cmp(y).then_with(|| a.1.cmp(b.1)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.1.cmp(b.1),
    });
    let mut fixed_versions: Vec<String> = Vec::new();
    for (_, v) in fixed {
        if !fixed_versions.iter().any(|f| f == v) {
            fixed_versions.push((*v).to_owned());
        }
    }

    Finding {
        kind: if malicious {
            FindingKind::Malicious
        } else {
            FindingKind::Vulnerability
        },
        id: chosen.id.clone(),
        aliases,
        ecosystem: c.ecosystem,
        package: c.name.as_str().to_owned(),
        version: version.to_owned(),
        purl: c.purl.clone(),
        source_package: l.source.clone(),
        release_unknown: l.release_unknown && group.iter().any(|e| e.entry.release.is_some()),
        summary: records.iter().find_map(|r| r.summary.clone()),
        severity,
        fixed_versions,
        url: records.iter().find_map(|r| r.url.clone()),
        vex: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(spec: &[(&str, &str)]) -> Vec<Event> {
        spec.iter()
            .map(|(k, v)| match *k {
                "i" => Event::Introduced((*v).into()),
                "f" => Event::Fixed((*v).into()),
                "l" => Event::LastAffected((*v).into()),
                "x" => Event::Limit((*v).into()),
                _ => unreachable!(),
            })
            .collect()
    }

    fn hit(version: &str, events: &[(&str, &str)]) -> bool {
        let parsed = parse_events(&ev(events), Scheme::SemVer).unwrap();
        included_in_range(&Version::parse(Scheme::SemVer, version).unwrap(), &parsed)
    }

    #[test]
    fn introduced_and_fixed() {
        let r = [("i", "1.0.0"), ("f", "1.0.2")];
        assert!(!hit("0.9.0", &r));
        assert!(hit("1.0.0", &r));
        assert!(hit("1.0.1", &r));
        assert!(!hit("1.0.2", &r));
        assert!(!hit("2.0.0", &r));
    }

    #[test]
    fn zero_means_every_version() {
        assert!(hit("0.0.0", &[("i", "0")]));
        assert!(hit("99.0.0", &[("i", "0")]));
        assert!(hit("0.0.1-alpha", &[("i", "0"), ("f", "1.0.0")]));
        assert!(!hit("1.0.0", &[("i", "0"), ("f", "1.0.0")]));
    }

    #[test]
    fn last_affected_includes_itself() {
        let r = [("i", "0"), ("l", "2.1.214")];
        assert!(hit("2.1.214", &r));
        assert!(!hit("2.1.215", &r));
    }

    #[test]
    fn several_intervals_in_one_range_and_unsorted_events() {
        // The spec's multiple-range example, written out of order.
        let r = [
            ("f", "3.2.5"),
            ("i", "1.0.0"),
            ("i", "3.0.0"),
            ("f", "1.0.2"),
        ];
        assert!(!hit("0.1.0", &r));
        assert!(hit("1.0.1", &r));
        assert!(!hit("1.0.2", &r));
        assert!(!hit("2.5.0", &r));
        assert!(hit("3.0.0", &r));
        assert!(hit("3.2.4", &r));
        assert!(!hit("3.2.5", &r));
    }

    #[test]
    fn limit_bounds_the_range() {
        let r = [("i", "1.0.0"), ("x", "2.0.0")];
        assert!(hit("1.5.0", &r));
        assert!(!hit("2.0.0", &r));
        assert!(!hit("3.0.0", &r));
        assert!(hit("3.0.0", &[("i", "1.0.0"), ("x", "*")]));
        // Several limits: below any one of them is enough.
        let r = [("i", "0"), ("x", "1.0.0"), ("x", "5.0.0")];
        assert!(hit("4.0.0", &r));
        assert!(!hit("5.0.0", &r));
    }

    // Hand-written records through the whole path: OSV JSON -> model -> index -> matches.

    fn index_of(records: &[&str]) -> Index {
        let mut advisories = Vec::new();
        for r in records {
            let mut d = Vec::new();
            let a = crate::osv::parse_record(
                r.as_bytes(),
                crate::osv::Format::Json,
                std::path::Path::new("t.json"),
                &mut d,
            );
            assert!(d.is_empty(), "{d:?}");
            advisories.extend(a);
        }
        Index::build([advisories.as_slice()])
            .unwrap()
            .into_index()
            .unwrap()
    }

    fn matched(index: &Index, eco: Ecosystem, name: &str, versions: &[&str]) -> Vec<String> {
        let mut inv = Inventory::new();
        for v in versions {
            let n = vouch_model::PackageName::new(eco, name).unwrap();
            let c = Component::new(eco, n, Some((*v).into()), vouch_model::Location::file("x"))
                .unwrap();
            inv.add(c);
        }
        inv.finish();
        match_inventory(index, &inv)
            .findings
            .iter()
            .map(|f| format!("{} {}", f.version, f.id))
            .collect()
    }

    const SEVERAL: &str = r#"{"id":"GHSA-1111-2222-3333","modified":"2024-01-01T00:00:00Z",
        "affected":[
          {"package":{"ecosystem":"npm","name":"left-pad"},
           "ranges":[
             {"type":"SEMVER","events":[{"introduced":"1.0.0"},{"fixed":"1.1.0"}]},
             {"type":"ECOSYSTEM","events":[{"last_affected":"3.0.0"},{"introduced":"2.5.0"}]}],
           "versions":["0.9.9-odd"]},
          {"package":{"ecosystem":"npm","name":"left-pad"},
           "ranges":[{"type":"SEMVER","events":[{"introduced":"v5.0.0"},{"limit":"v5.2.0"}]}]}]}"#;

    #[test]
    fn ranges_versions_and_affected_entries_are_or_ed() {
        let index = index_of(&[SEVERAL]);
        let hits = matched(
            &index,
            Ecosystem::Npm,
            "left-pad",
            &[
                "0.9.9-odd",
                "1.0.5",
                "1.1.0",
                "2.4.0",
                "2.5.0",
                "3.0.0",
                "3.0.1",
                "5.1.0",
                "5.2.0",
            ],
        );
        assert_eq!(
            hits,
            [
                "0.9.9-odd GHSA-1111-2222-3333",
                "1.0.5 GHSA-1111-2222-3333",
                "2.5.0 GHSA-1111-2222-3333",
                "3.0.0 GHSA-1111-2222-3333",
                "5.1.0 GHSA-1111-2222-3333",
            ]
        );
    }

    #[test]
    fn versions_lists_match_exactly_and_by_version_equality() {
        let index = index_of(&[r#"{"id":"PYSEC-2099-1","modified":"2024-01-01T00:00:00Z",
            "affected":[{"package":{"ecosystem":"PyPI","name":"Some_Pkg"},
              "versions":["1.0","2.0rc1"]}]}"#]);
        // PEP 440: 1.0 == 1.0.0, 2.0rc1 == 2.0.0-rc.1 spelled differently.
        let hits = matched(
            &index,
            Ecosystem::PyPI,
            "some.pkg",
            &["1.0.0", "2.0.0rc1", "1.1"],
        );
        assert_eq!(hits, ["1.0.0 PYSEC-2099-1", "2.0.0rc1 PYSEC-2099-1"]);
    }

    #[test]
    fn listed_versions_the_ranges_cover_are_left_out_of_the_index() {
        let range = |kind, spec: &[(&str, &str)]| crate::model::Range {
            kind,
            events: ev(spec),
        };
        let listed: Vec<String> = ["1.0", "1.5", "2.0", "3.0.post1", "not a version"]
            .map(String::from)
            .to_vec();
        let ranges = [range(RangeKind::Ecosystem, &[("i", "1.0"), ("f", "2.0")])];
        assert_eq!(
            uncovered_versions(Ecosystem::PyPI, &ranges, &listed),
            ["2.0", "3.0.post1", "not a version"]
        );
        // A SEMVER range says nothing in PEP 440's order: the list stays whole.
        let semver = [range(RangeKind::SemVer, &[("i", "1.0.0"), ("f", "9.0.0")])];
        assert_eq!(
            uncovered_versions(Ecosystem::PyPI, &semver, &listed),
            listed
        );
        // ... but crates.io's own order is SemVer.
        let crates: Vec<String> = vec!["1.2.0".into(), "9.1.0".into()];
        assert_eq!(
            uncovered_versions(Ecosystem::CratesIo, &semver, &crates),
            ["9.1.0"]
        );
        // Every version affected: nothing to list.
        let all = [range(RangeKind::Ecosystem, &[("i", "0")])];
        assert!(uncovered_versions(Ecosystem::PyPI, &all, &listed).is_empty());
        // An ecosystem without an order in vouch keeps its list.
        let eco = [range(RangeKind::Ecosystem, &[("i", "1"), ("f", "2")])];
        assert_eq!(
            uncovered_versions(Ecosystem::Android, &eco, &listed),
            listed
        );
    }

    #[test]
    fn withdrawn_records_are_not_in_the_index() {
        let index = index_of(&[
            r#"{"id":"RUSTSEC-2099-0001","modified":"2024-01-01T00:00:00Z",
            "withdrawn":"2024-02-01T00:00:00Z",
            "affected":[{"package":{"ecosystem":"crates.io","name":"x"},
              "ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}"#,
        ]);
        assert_eq!(index.record_count(), 0);
        assert_eq!(
            matched(&index, Ecosystem::CratesIo, "x", &["1.0.0"]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn records_naming_each_other_are_one_finding_with_the_native_id() {
        let index = index_of(&[
            r#"{"id":"GHSA-aaaa-bbbb-cccc","modified":"2024-01-01T00:00:00Z",
              "aliases":["CVE-2099-1"],
              "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
              "affected":[{"package":{"ecosystem":"crates.io","name":"x"},
                "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.0"}]}]}]}"#,
            r#"{"id":"RUSTSEC-2099-0002","modified":"2024-01-01T00:00:00Z",
              "aliases":["CVE-2099-1","GHSA-aaaa-bbbb-cccc"],
              "affected":[{"package":{"ecosystem":"crates.io","name":"x"},
                "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.1.0"}]}]}]}"#,
            r#"{"id":"RUSTSEC-2099-0003","modified":"2024-01-01T00:00:00Z",
              "affected":[{"package":{"ecosystem":"crates.io","name":"x"},
                "ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}"#,
        ]);
        let mut inv = Inventory::new();
        let n = vouch_model::PackageName::new(Ecosystem::CratesIo, "x").unwrap();
        inv.add(
            Component::new(
                Ecosystem::CratesIo,
                n,
                Some("1.0.0".into()),
                vouch_model::Location::file("x"),
            )
            .unwrap(),
        );
        let m = match_inventory(&index, &inv);
        assert_eq!(m.findings.len(), 2);
        let f = &m.findings[0];
        assert_eq!(f.id.as_str(), "RUSTSEC-2099-0002");
        let aliases: Vec<_> = f.aliases.iter().map(AdvisoryId::as_str).collect();
        assert_eq!(aliases, ["CVE-2099-1", "GHSA-aaaa-bbbb-cccc"]);
        // The RustSec record has no severity; the GHSA one's is used.
        assert_eq!(f.severity.level, vouch_model::SeverityLevel::High);
        assert_eq!(f.fixed_versions, ["1.1.0", "1.2.0"]);
        assert_eq!(m.findings[1].id.as_str(), "RUSTSEC-2099-0003");
    }

    // OS packages: records in the shape osv.dev publishes them (Debian DSA/DLA, Alpine SecDB,
    // Ubuntu's OSV feed), named by source package and scoped by release.

    const DSA: &str = r#"{"schema_version":"1.6.0","id":"DSA-5532-1","modified":"2023-10-25T07:00:00Z",
        "published":"2023-10-24T00:00:00Z","aliases":["CVE-2023-5363"],
        "summary":"openssl - security update",
        "affected":[{"package":{"ecosystem":"Debian:12","name":"openssl",
            "purl":"pkg:deb/debian/openssl?arch=source"},
          "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"3.0.11-1~deb12u2"}]}],
          "versions":["3.0.9-1","3.0.11-1~deb12u1"]}],
        "references":[{"type":"ADVISORY","url":"https://www.debian.org/security/2023/dsa-5532"}]}"#;
    const DLA: &str = r#"{"schema_version":"1.6.0","id":"DLA-3530-1","modified":"2023-08-10T00:00:00Z",
        "aliases":["CVE-2023-3817"],"summary":"openssl - security update",
        "affected":[{"package":{"ecosystem":"Debian:11","name":"openssl",
            "purl":"pkg:deb/debian/openssl?arch=source"},
          "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.1.1v-0~deb11u1"}]}]}]}"#;
    const ALPINE: &str = r#"{"schema_version":"1.6.0","id":"ALPINE-CVE-2024-5535",
        "modified":"2024-07-02T00:00:00Z","upstream":["CVE-2024-5535"],
        "affected":[{"package":{"ecosystem":"Alpine:v3.20","name":"openssl",
            "purl":"pkg:apk/alpine/openssl?arch=source"},
          "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"3.3.1-r1"}]}]}]}"#;
    const UBUNTU: &str = r#"{"schema_version":"1.6.3","id":"UBUNTU-CVE-2024-2511",
        "modified":"2024-06-01T00:00:00Z","upstream":["CVE-2024-2511"],
        "affected":[{"package":{"ecosystem":"Ubuntu:22.04:LTS","name":"openssl",
            "purl":"pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.15?arch=source&distro=jammy"},
          "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"3.0.2-0ubuntu1.15"}]}],
          "ecosystem_specific":{"binaries":[{"binary_name":"libssl3","binary_version":"3.0.2-0ubuntu1.15"}]}},
          {"package":{"ecosystem":"Ubuntu:Pro:18.04:LTS","name":"openssl"},
          "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.1.1-1ubuntu2.1~18.04.23+esm5"}]}]}]}"#;
    /// No release: about every Debian release.
    const EVERY_RELEASE: &str = r#"{"id":"OSV-2099-1","modified":"2024-01-01T00:00:00Z",
        "affected":[{"package":{"ecosystem":"Debian","name":"openssl"},
          "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"9.9-1"}]}]}]}"#;

    fn os_component(
        eco: Ecosystem,
        name: &str,
        version: &str,
        release: Option<&str>,
        source: Option<(&str, Option<&str>)>,
    ) -> Component {
        let n = PackageName::new(eco, name).unwrap();
        let mut c = Component::new(
            eco,
            n,
            Some(version.into()),
            vouch_model::Location::file("x"),
        )
        .unwrap();
        c.os_package = Some(vouch_model::OsPackage {
            release: release.map(str::to_owned),
            source: source.map(|(name, version)| SourcePackage {
                name: name.into(),
                version: version.map(str::to_owned),
            }),
            ..Default::default()
        });
        c
    }

    /// `package version id [source name version] [release unknown]` per finding.
    fn os_matches(index: &Index, components: Vec<Component>) -> Vec<String> {
        let mut inv = Inventory::new();
        for c in components {
            inv.add(c);
        }
        inv.finish();
        match_inventory(index, &inv)
            .findings
            .iter()
            .map(|f| {
                let mut line = format!("{} {} {}", f.package, f.version, f.id);
                if let Some(s) = &f.source_package {
                    line += &format!(
                        " [source {} {}]",
                        s.name,
                        s.version.as_deref().unwrap_or("-")
                    );
                }
                if f.release_unknown {
                    line += " [release unknown]";
                }
                line
            })
            .collect()
    }

    #[test]
    fn debian_binaries_match_by_source_package_and_release() {
        let index = index_of(&[DSA, DLA]);
        let hits = os_matches(
            &index,
            vec![
                // Debian 12: the DSA (source openssl), never Debian 11's DLA.
                os_component(
                    Ecosystem::Debian,
                    "libssl3",
                    "3.0.11-1~deb12u1",
                    Some("12"),
                    Some(("openssl", None)),
                ),
                os_component(
                    Ecosystem::Debian,
                    "openssl",
                    "3.0.11-1~deb12u1",
                    Some("12"),
                    None,
                ),
                os_component(
                    Ecosystem::Debian,
                    "libssl3",
                    "3.0.11-1~deb12u2",
                    Some("12"),
                    Some(("openssl", None)),
                ),
                // Debian 11: the DLA only, though 1.1.1n is below the DSA's fix too.
                os_component(
                    Ecosystem::Debian,
                    "libssl1.1",
                    "1.1.1n-0+deb11u5",
                    Some("11"),
                    Some(("openssl", None)),
                ),
                // Matched by binary name there is nothing: OSV names the source package.
                os_component(Ecosystem::Debian, "libssl3", "3.0.9-1", Some("12"), None),
            ],
        );
        assert_eq!(
            hits,
            [
                "libssl1.1 1.1.1n-0+deb11u5 DLA-3530-1 [source openssl 1.1.1n-0+deb11u5]",
                "libssl3 3.0.11-1~deb12u1 DSA-5532-1 [source openssl 3.0.11-1~deb12u1]",
                "openssl 3.0.11-1~deb12u1 DSA-5532-1",
            ]
        );
    }

    #[test]
    fn binnmu_versions_compare_as_their_source_version() {
        // A binNMU (`+b1`) rebuilds source 3.0.11-1~deb12u1 unchanged: only the source version
        // is the one the record lists, and `last_affected` bounds it.
        let index = index_of(&[
            r#"{"id":"DEBIAN-CVE-2099-1","modified":"2024-01-01T00:00:00Z",
            "affected":[{"package":{"ecosystem":"Debian:12","name":"openssl"},
              "versions":["3.0.11-1~deb12u1"]},
              {"package":{"ecosystem":"Debian:12","name":"zlib"},
              "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"last_affected":"1:1.2.13.dfsg-1"}]}]}]}"#,
        ]);
        let hits = os_matches(
            &index,
            vec![
                os_component(
                    Ecosystem::Debian,
                    "libssl3",
                    "3.0.11-1~deb12u1+b1",
                    Some("12"),
                    Some(("openssl", Some("3.0.11-1~deb12u1"))),
                ),
                os_component(
                    Ecosystem::Debian,
                    "zlib1g",
                    "1:1.2.13.dfsg-1+b1",
                    Some("12"),
                    Some(("zlib", Some("1:1.2.13.dfsg-1"))),
                ),
                // The same binaries without the source version: their own version is compared.
                os_component(
                    Ecosystem::Debian,
                    "libcrypto-x",
                    "3.0.11-1~deb12u1+b1",
                    Some("12"),
                    Some(("openssl", None)),
                ),
            ],
        );
        assert_eq!(
            hits,
            [
                "libssl3 3.0.11-1~deb12u1+b1 DEBIAN-CVE-2099-1 [source openssl 3.0.11-1~deb12u1]",
                "zlib1g 1:1.2.13.dfsg-1+b1 DEBIAN-CVE-2099-1 [source zlib 1:1.2.13.dfsg-1]",
            ]
        );
    }

    #[test]
    fn an_entry_without_a_release_is_about_every_release() {
        let index = index_of(&[EVERY_RELEASE]);
        let hits = os_matches(
            &index,
            vec![
                os_component(
                    Ecosystem::Debian,
                    "libssl3",
                    "3.0.11-1~deb12u2",
                    Some("12"),
                    Some(("openssl", None)),
                ),
                os_component(
                    Ecosystem::Debian,
                    "libssl1.1",
                    "1.1.1n-0+deb11u5",
                    Some("11"),
                    Some(("openssl", None)),
                ),
                // Nothing to check a release against: not "release unknown".
                os_component(Ecosystem::Debian, "openssl", "3.0.11-1~deb12u2", None, None),
            ],
        );
        assert_eq!(
            hits,
            [
                "libssl1.1 1.1.1n-0+deb11u5 OSV-2099-1 [source openssl 1.1.1n-0+deb11u5]",
                "libssl3 3.0.11-1~deb12u2 OSV-2099-1 [source openssl 3.0.11-1~deb12u2]",
                "openssl 3.0.11-1~deb12u2 OSV-2099-1",
            ]
        );
    }

    #[test]
    fn an_unknown_release_matches_every_release_and_says_so() {
        let index = index_of(&[DSA, DLA]);
        let hits = os_matches(
            &index,
            vec![os_component(
                Ecosystem::Debian,
                "libssl1.1",
                "1.1.1n-0+deb11u5",
                None,
                Some(("openssl", None)),
            )],
        );
        assert_eq!(
            hits,
            [
                "libssl1.1 1.1.1n-0+deb11u5 DLA-3530-1 [source openssl 1.1.1n-0+deb11u5] [release unknown]",
                "libssl1.1 1.1.1n-0+deb11u5 DSA-5532-1 [source openssl 1.1.1n-0+deb11u5] [release unknown]",
            ]
        );
    }

    #[test]
    fn alpine_subpackages_match_by_origin_and_branch() {
        let index = index_of(&[ALPINE]);
        let hits = os_matches(
            &index,
            vec![
                os_component(
                    Ecosystem::Alpine,
                    "libcrypto3",
                    "3.3.0-r2",
                    Some("v3.20"),
                    Some(("openssl", None)),
                ),
                os_component(
                    Ecosystem::Alpine,
                    "libcrypto3",
                    "3.3.1-r1",
                    Some("v3.20"),
                    Some(("openssl", None)),
                ),
                os_component(
                    Ecosystem::Alpine,
                    "libssl3",
                    "3.1.5-r0",
                    Some("v3.19"),
                    Some(("openssl", None)),
                ),
            ],
        );
        assert_eq!(
            hits,
            ["libcrypto3 3.3.0-r2 ALPINE-CVE-2024-5535 [source openssl 3.3.0-r2]"]
        );
    }

    #[test]
    fn ubuntu_lts_releases_match_with_or_without_the_lts_mark_and_pro_stays_apart() {
        let index = index_of(&[UBUNTU]);
        let c = |release| {
            os_component(
                Ecosystem::Ubuntu,
                "libssl3",
                "3.0.2-0ubuntu1.14",
                Some(release),
                Some(("openssl", None)),
            )
        };
        let hits = os_matches(&index, vec![c("22.04:LTS"), c("24.04:LTS")]);
        assert_eq!(
            hits,
            ["libssl3 3.0.2-0ubuntu1.14 UBUNTU-CVE-2024-2511 [source openssl 3.0.2-0ubuntu1.14]"]
        );
        assert_eq!(os_matches(&index, vec![c("22.04")]).len(), 1);
        // 18.04 without Pro: the Pro stream's record is not about it.
        assert!(os_matches(&index, vec![c("18.04:LTS")]).is_empty());
    }

    #[test]
    fn rpm_packages_match_by_binary_name_within_the_product() {
        let index = index_of(
            &[r#"{"id":"RHSA-2024:0001","modified":"2024-01-01T00:00:00Z",
            "affected":[{"package":{"ecosystem":"Red Hat:enterprise_linux:9::appstream","name":"openssl-libs"},
              "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1:3.0.7-25.el9_3"}]}]}]}"#],
        );
        let hits = os_matches(
            &index,
            vec![
                os_component(
                    Ecosystem::RedHat,
                    "openssl-libs",
                    "1:3.0.7-24.el9",
                    Some("enterprise_linux:9::baseos"),
                    Some(("openssl", Some("3.0.7-24.el9"))),
                ),
                os_component(
                    Ecosystem::RedHat,
                    "openssl-libs",
                    "1:3.0.7-24.el9",
                    Some("enterprise_linux:8::baseos"),
                    None,
                ),
            ],
        );
        assert_eq!(hits, ["openssl-libs 1:3.0.7-24.el9 RHSA-2024:0001"]);
    }

    #[test]
    fn unparsable_events_are_reported() {
        assert!(parse_events(&ev(&[("i", "0"), ("f", "abc")]), Scheme::SemVer).is_err());
    }
}
