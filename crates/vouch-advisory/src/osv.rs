//! The OSV wire format (<https://ossf.github.io/osv-schema/>, schema 1.7) as private serde
//! structs, tolerant of unknown fields and values, and the one conversion that turns a record
//! into the compact internal model, deciding what each malformed part becomes (a diagnostic and
//! a skipped range, affected entry or record; never a failed import).

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_json::Value;
use vouch_model::{AdvisoryId, Diagnostic, DiagnosticCode, Ecosystem, PackageName, SeverityLevel};
use vouch_version::{Scheme, Version};

use crate::model::{Advisory, Affected, Event, Range, RangeKind, RecordMeta, StoredSeverity};

/// How a record file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Format {
    /// OSV's own encoding.
    Json,
    /// The transliteration the PyPA advisory database keeps its records in.
    Yaml,
}

/// A string-valued field. YAML writes `introduced: 0` and `fixed: 1.2` as plain scalars that a
/// YAML loader would type as numbers (and `modified:` as a timestamp); the text is what counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_string(V)
    }
}

/// An OSV record (<https://ossf.github.io/osv-schema/#format-overview>); only the fields vouch
/// reads. `null` is accepted wherever a field may be absent.
#[derive(Debug, Deserialize)]
struct OsvRecord {
    id: Option<Text>,
    modified: Option<Text>,
    withdrawn: Option<Text>,
    #[serde(default)]
    aliases: Option<Vec<Text>>,
    summary: Option<String>,
    details: Option<String>,
    #[serde(default)]
    severity: Option<Vec<OsvSeverity>>,
    #[serde(default)]
    affected: Option<Vec<OsvAffected>>,
    #[serde(default)]
    references: Option<Vec<OsvReference>>,
    #[serde(default)]
    database_specific: Option<Value>,
}

/// `severity[]` (<https://ossf.github.io/osv-schema/#severity-field>).
#[derive(Debug, Deserialize)]
struct OsvSeverity {
    #[serde(rename = "type")]
    kind: Option<String>,
    score: Option<Text>,
}

/// `affected[]` (<https://ossf.github.io/osv-schema/#affected-fields>).
#[derive(Debug, Deserialize)]
struct OsvAffected {
    package: Option<OsvPackage>,
    #[serde(default)]
    severity: Option<Vec<OsvSeverity>>,
    #[serde(default)]
    ranges: Option<Vec<OsvRange>>,
    #[serde(default)]
    versions: Option<Vec<Text>>,
    #[serde(default)]
    ecosystem_specific: Option<Value>,
    #[serde(default)]
    database_specific: Option<Value>,
}

/// `affected[].package`.
#[derive(Debug, Deserialize)]
struct OsvPackage {
    ecosystem: Option<String>,
    name: Option<Text>,
}

/// `affected[].ranges[]` (<https://ossf.github.io/osv-schema/#affectedranges-field>).
#[derive(Debug, Deserialize)]
struct OsvRange {
    #[serde(rename = "type")]
    kind: Option<String>,
    repo: Option<String>,
    #[serde(default)]
    events: Option<Vec<OsvEvent>>,
}

/// `affected[].ranges[].events[]`: exactly one of the four keys is set.
#[derive(Debug, Deserialize)]
struct OsvEvent {
    introduced: Option<Text>,
    fixed: Option<Text>,
    last_affected: Option<Text>,
    limit: Option<Text>,
}

/// `references[]`.
#[derive(Debug, Deserialize)]
struct OsvReference {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
}

/// Only the id, to name a record whose other fields do not fit the schema.
#[derive(Debug, Deserialize)]
struct IdOnly {
    id: Option<Text>,
}

/// Parses one record file and converts it; problems go to `diags` naming `path` (and the record
/// id where one is known). `None` when nothing usable remains.
pub(crate) fn parse_record(
    bytes: &[u8],
    format: Format,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Advisory> {
    let parsed: Result<OsvRecord, String> = match format {
        Format::Json => serde_json::from_slice(bytes).map_err(|e| e.to_string()),
        Format::Yaml => match std::str::from_utf8(bytes) {
            Ok(s) => serde_saphyr::from_str(s).map_err(|e| e.to_string()),
            Err(e) => Err(format!("not UTF-8: {e}")),
        },
    };
    match parsed {
        Ok(record) => convert(record, path, diags),
        Err(message) => {
            let id = match format {
                Format::Json => serde_json::from_slice::<IdOnly>(bytes).ok(),
                Format::Yaml => std::str::from_utf8(bytes)
                    .ok()
                    .and_then(|s| serde_saphyr::from_str::<IdOnly>(s).ok()),
            }
            .and_then(|r| r.id)
            .map(|t| t.0);
            let mut d = Diagnostic::new(
                DiagnosticCode::MalformedAdvisory,
                format!("not an OSV record: {}", first_line(&message)),
            )
            .with_path(path);
            if let Some(id) = id {
                d = d.with_record(id);
            }
            diags.push(d);
            None
        }
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// The named conversion from the wire format to the internal model.
fn convert(record: OsvRecord, path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Advisory> {
    let Some(Text(raw_id)) = record.id else {
        diags.push(
            Diagnostic::new(DiagnosticCode::MalformedAdvisory, "the record has no `id`")
                .with_path(path),
        );
        return None;
    };
    let id: AdvisoryId = match raw_id.parse() {
        Ok(id) => id,
        Err(e) => {
            diags.push(
                Diagnostic::new(DiagnosticCode::MalformedAdvisory, e.to_string())
                    .with_path(path)
                    .with_record(raw_id),
            );
            return None;
        }
    };
    let diag = |code: DiagnosticCode, message: String| {
        Diagnostic::new(code, message)
            .with_path(path)
            .with_record(id.as_str())
    };

    let modified_ns = match record
        .modified
        .as_ref()
        .map(|t| t.0.parse::<jiff::Timestamp>())
    {
        Some(Ok(ts)) => ts.as_nanosecond(),
        Some(Err(e)) => {
            diags.push(diag(
                DiagnosticCode::MalformedAdvisory,
                format!("`modified` is not an RFC 3339 time ({e}); taken as the oldest possible"),
            ));
            i128::MIN
        }
        None => {
            diags.push(diag(
                DiagnosticCode::MalformedAdvisory,
                "the record has no `modified` time; taken as the oldest possible".into(),
            ));
            i128::MIN
        }
    };

    let mut aliases = Vec::new();
    for Text(alias) in record.aliases.into_iter().flatten() {
        match alias.parse::<AdvisoryId>() {
            Ok(a) if a != id => aliases.push(a),
            Ok(_) => {}
            Err(e) => diags.push(diag(
                DiagnosticCode::MalformedAdvisory,
                format!("alias skipped: {e}"),
            )),
        }
    }
    aliases.sort();
    aliases.dedup();

    let top_specific = record.database_specific.as_ref();
    let mut malicious = id.is_malicious_package()
        || top_specific.is_some_and(|v| v.get("malicious-packages-origins").is_some());

    let affected_in = record.affected.unwrap_or_default();
    let mut affected = Vec::with_capacity(affected_in.len());
    for a in &affected_in {
        if categories(a.database_specific.as_ref()).any(|c| c == "malicious") {
            malicious = true;
        }
        if let Some(entry) = convert_affected(a, &diag, diags) {
            affected.push(entry);
        }
    }

    let severity = decide_severity(
        record.severity.as_deref().unwrap_or_default(),
        &affected_in,
        top_specific,
        &diag,
        diags,
    );

    let summary = record
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .or_else(|| {
            record
                .details
                .as_deref()
                .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
        })
        .map(|s| shorten(s, 200));

    let url = advisory_url(
        &id,
        top_specific,
        record.references.as_deref().unwrap_or_default(),
    );

    Some(Advisory {
        meta: RecordMeta {
            id: id.clone(),
            aliases,
            modified_ns,
            summary,
            severity,
            url: Some(url),
            malicious,
        },
        withdrawn: record.withdrawn.is_some_and(|w| !w.0.trim().is_empty()),
        affected,
    })
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn categories(specific: Option<&Value>) -> impl Iterator<Item = &str> {
    specific
        .and_then(|v| v.get("categories"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// One `affected[]` entry; `None` (with a diagnostic where something was wrong) when it cannot
/// match anything.
fn convert_affected(
    a: &OsvAffected,
    diag: &dyn Fn(DiagnosticCode, String) -> Diagnostic,
    diags: &mut Vec<Diagnostic>,
) -> Option<Affected> {
    // Without a package (GIT-only entries) there is nothing to match a component against, but
    // the ranges are still checked so a broken record is reported.
    let Some(package) = a.package.as_ref() else {
        for (i, r) in a.ranges.iter().flatten().enumerate() {
            if let Err(reason) = convert_range(r, None) {
                diags.push(diag(
                    DiagnosticCode::InvalidRange,
                    format!("range {} (no package) skipped: {reason}", i + 1),
                ));
            }
        }
        return None;
    };
    let (Some(eco_text), Some(Text(name))) = (package.ecosystem.as_deref(), package.name.as_ref())
    else {
        diags.push(diag(
            DiagnosticCode::MalformedAdvisory,
            "an `affected` package lacks `ecosystem` or `name`; that entry was skipped".into(),
        ));
        return None;
    };
    let ecosystem: Ecosystem = match eco_text.parse() {
        Ok(e) => e,
        Err(_) => {
            diags.push(diag(
                DiagnosticCode::UnknownEcosystem,
                format!(
                    "unknown ecosystem `{eco_text}` for package `{name}`; that entry was skipped"
                ),
            ));
            return None;
        }
    };
    let name = match PackageName::new(ecosystem, name) {
        Ok(n) => n,
        Err(e) => {
            diags.push(diag(
                DiagnosticCode::MalformedAdvisory,
                format!("{e}; that entry was skipped"),
            ));
            return None;
        }
    };

    let mut ranges = Vec::new();
    for (i, r) in a.ranges.iter().flatten().enumerate() {
        match convert_range(r, Some(ecosystem)) {
            Ok(Some(range)) => ranges.push(range),
            Ok(None) => {}
            Err(reason) => diags.push(diag(
                DiagnosticCode::InvalidRange,
                format!(
                    "range {} of {ecosystem} package `{name}` skipped: {reason}",
                    i + 1
                ),
            )),
        }
    }
    let versions: Vec<String> = a
        .versions
        .iter()
        .flatten()
        .map(|t| t.0.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect();

    let informational = a
        .database_specific
        .as_ref()
        .and_then(|v| v.get("informational"))
        .and_then(Value::as_str)
        .map(str::to_owned);

    Some(Affected {
        ecosystem,
        release: Ecosystem::split_release(eco_text)
            .1
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty()),
        name: name.normalized().to_owned(),
        ranges,
        versions,
        informational,
    })
}

/// One range: `Ok(None)` for a valid range vouch does not keep (`GIT`), `Err` with the reason
/// for a range that cannot be read.
fn convert_range(r: &OsvRange, ecosystem: Option<Ecosystem>) -> Result<Option<Range>, String> {
    let kind = match r.kind.as_deref() {
        Some("SEMVER") => Some(RangeKind::SemVer),
        Some("ECOSYSTEM") => Some(RangeKind::Ecosystem),
        Some("GIT") => None,
        Some(other) => return Err(format!("unknown range type `{other}`")),
        None => return Err("the range has no `type`".into()),
    };
    let mut events = Vec::new();
    for e in r.events.iter().flatten() {
        let set = [&e.introduced, &e.fixed, &e.last_affected, &e.limit]
            .iter()
            .filter(|f| f.is_some())
            .count();
        if set != 1 {
            return Err(format!(
                "an event must have exactly one of introduced, fixed, last_affected, limit (has {set})"
            ));
        }
        let event = if let Some(Text(v)) = &e.introduced {
            Event::Introduced(v.trim().to_owned())
        } else if let Some(Text(v)) = &e.fixed {
            Event::Fixed(v.trim().to_owned())
        } else if let Some(Text(v)) = &e.last_affected {
            Event::LastAffected(v.trim().to_owned())
        } else if let Some(Text(v)) = &e.limit {
            Event::Limit(v.trim().to_owned())
        } else {
            continue;
        };
        events.push(event);
    }
    if !events.iter().any(|e| matches!(e, Event::Introduced(_))) {
        return Err("no `introduced` event".into());
    }
    let Some(kind) = kind else {
        // GIT: check what the schema requires, then drop it.
        if r.repo.as_deref().is_none_or(str::is_empty) {
            return Err("a GIT range needs a `repo`".into());
        }
        for e in &events {
            let v = e.version();
            let full_hash = (v.len() == 40 || v.len() == 64)
                && v.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !(e.is_sentinel() || full_hash) {
                return Err(format!("`{v}` is not a full-length git commit hash"));
            }
        }
        return Ok(None);
    };
    for e in &events {
        if e.is_sentinel() {
            continue;
        }
        check_version(kind, ecosystem, e.version())?;
    }
    Ok(Some(Range { kind, events }))
}

/// Checks that `text` parses in the range's order, where vouch implements that order; an
/// ecosystem without one keeps its text for exact `versions` matching only.
fn check_version(kind: RangeKind, ecosystem: Option<Ecosystem>, text: &str) -> Result<(), String> {
    let scheme = match kind {
        RangeKind::SemVer => Some(Scheme::SemVer),
        RangeKind::Ecosystem => ecosystem.and_then(Scheme::for_ecosystem),
    };
    match scheme {
        Some(s) => Version::parse(s, text)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        None => Ok(()),
    }
}

/// Severity, in order: a CVSS vector at record level (v3, the most widely given and compared,
/// then v4, then v2), one in an
/// `affected[]` entry, the database's own label (`database_specific.severity`, GHSA's
/// `MODERATE`), a label in an `affected[]` entry's `ecosystem_specific`/`database_specific`.
fn decide_severity(
    top: &[OsvSeverity],
    affected: &[OsvAffected],
    top_specific: Option<&Value>,
    diag: &dyn Fn(DiagnosticCode, String) -> Diagnostic,
    diags: &mut Vec<Diagnostic>,
) -> StoredSeverity {
    let lists = std::iter::once(top).chain(
        affected
            .iter()
            .map(|a| a.severity.as_deref().unwrap_or_default()),
    );
    for list in lists {
        for wanted in ["CVSS_V3", "CVSS_V4", "CVSS_V2"] {
            for s in list.iter().filter(|s| s.kind.as_deref() == Some(wanted)) {
                let Some(Text(vector)) = &s.score else {
                    continue;
                };
                match vector.trim().parse::<cvss::Cvss>() {
                    Ok(c) => {
                        let score = c.score();
                        return StoredSeverity {
                            level: SeverityLevel::from_score(score),
                            score: Some(score),
                            vector: Some(vector.trim().to_owned()),
                        };
                    }
                    Err(e) => diags.push(diag(
                        DiagnosticCode::MalformedAdvisory,
                        format!("{wanted} vector `{vector}` could not be scored: {e}"),
                    )),
                }
            }
        }
    }
    let label_of = |v: Option<&Value>| {
        v.and_then(|v| v.get("severity"))
            .and_then(Value::as_str)
            .and_then(SeverityLevel::from_label)
    };
    let label = label_of(top_specific).or_else(|| {
        affected.iter().find_map(|a| {
            label_of(a.ecosystem_specific.as_ref())
                .or_else(|| label_of(a.database_specific.as_ref()))
        })
    });
    match label {
        Some(level) => StoredSeverity {
            level,
            score: None,
            vector: None,
        },
        None => StoredSeverity::unknown(),
    }
}

/// The advisory's own page: the database's `url`, else a reference naming the id (ADVISORY
/// first), else its page on osv.dev.
fn advisory_url(id: &AdvisoryId, top_specific: Option<&Value>, refs: &[OsvReference]) -> String {
    if let Some(url) = top_specific
        .and_then(|v| v.get("url"))
        .and_then(Value::as_str)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    {
        return url.to_owned();
    }
    let naming = |r: &&OsvReference| r.url.as_deref().is_some_and(|u| u.contains(id.as_str()));
    let advisory = refs
        .iter()
        .filter(|r| r.kind.as_deref() == Some("ADVISORY"))
        .find(naming)
        .or_else(|| refs.iter().find(naming));
    match advisory.and_then(|r| r.url.clone()) {
        Some(url) => url,
        None => format!("https://osv.dev/vulnerability/{id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> (Option<Advisory>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let a = parse_record(json.as_bytes(), Format::Json, Path::new("x.json"), &mut d);
        (a, d)
    }

    #[test]
    fn a_rustsec_record_converts() {
        let (a, d) = parse(
            r#"{"id":"RUSTSEC-2021-0003","modified":"2026-07-17T15:52:38Z",
            "aliases":["CVE-2021-25900","GHSA-43w2-9j62-hq99"],"summary":"Buffer overflow",
            "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
            "affected":[{"package":{"ecosystem":"crates.io","name":"SmallVec"},
              "database_specific":{"informational":null},
              "ranges":[{"type":"SEMVER","events":[{"introduced":"0.6.3"},{"fixed":"0.6.14"}]}]}],
            "references":[{"type":"ADVISORY","url":"https://rustsec.org/advisories/RUSTSEC-2021-0003.html"}],
            "future_field":{"x":1}}"#,
        );
        assert!(d.is_empty(), "{d:?}");
        let a = a.unwrap();
        let aliases: Vec<&str> = a.meta.aliases.iter().map(AdvisoryId::as_str).collect();
        assert_eq!(aliases, ["CVE-2021-25900", "GHSA-43w2-9j62-hq99"]);
        assert_eq!(a.meta.severity.level, SeverityLevel::Critical);
        assert_eq!(a.meta.severity.score, Some(9.8));
        assert_eq!(
            a.meta.url.as_deref(),
            Some("https://rustsec.org/advisories/RUSTSEC-2021-0003.html")
        );
        assert_eq!(a.affected[0].name, "smallvec");
        assert_eq!(a.affected[0].informational, None);
        assert!(!a.meta.malicious && !a.withdrawn);
    }

    #[test]
    fn broken_parts_become_diagnostics_and_the_rest_goes_on() {
        let (a, d) = parse(
            r#"{"id":"GHSA-aaaa-bbbb-cccc","modified":"2024-01-01T00:00:00Z",
            "database_specific":{"severity":"MODERATE"},
            "affected":[
              {"package":{"ecosystem":"NewEco","name":"x"}},
              {"package":{"ecosystem":"crates.io","name":"y"},"ranges":[
                {"type":"WEIRD","events":[{"introduced":"0"}]},
                {"type":"SEMVER","events":[{"fixed":"1.0.0"}]},
                {"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"not.a.version"}]},
                {"type":"GIT","repo":"https://x","events":[{"introduced":"0"},{"fixed":"abc123"}]},
                {"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.0"}]}]}]}"#,
        );
        let a = a.unwrap();
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                DiagnosticCode::UnknownEcosystem,
                DiagnosticCode::InvalidRange,
                DiagnosticCode::InvalidRange,
                DiagnosticCode::InvalidRange,
                DiagnosticCode::InvalidRange,
            ]
        );
        assert!(
            d.iter()
                .all(|d| d.record.as_deref() == Some("GHSA-aaaa-bbbb-cccc"))
        );
        assert_eq!(a.affected.len(), 1);
        assert_eq!(a.affected[0].ranges.len(), 1);
        assert_eq!(a.meta.severity.level, SeverityLevel::Medium);
        assert_eq!(
            a.meta.url.as_deref(),
            Some("https://osv.dev/vulnerability/GHSA-aaaa-bbbb-cccc")
        );
    }

    #[test]
    fn malformed_json_names_the_file_and_what_it_can_of_the_record() {
        let (a, d) = parse(r#"{"id":"GO-2020-0001","affected":"#);
        assert!(a.is_none());
        assert_eq!(d[0].code, DiagnosticCode::MalformedAdvisory);
        assert_eq!(d[0].path.as_deref(), Some(Path::new("x.json")));
        let (_, d) = parse(r#"{"id":"GO-2020-0001","affected":5}"#);
        assert_eq!(d[0].record.as_deref(), Some("GO-2020-0001"));
    }

    #[test]
    fn yaml_scalars_keep_their_text() {
        let yaml = "id: PYSEC-2099-1\nmodified: 2021-09-01T12:23:00.123456Z\naffected:\n- package:\n    name: Foo_Bar\n    ecosystem: PyPI\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: 0\n  versions:\n  - 0.10\n  - 1.0\n  - 2\nwithdrawn: 2022-01-01T00:00:00Z\n";
        let mut d = Vec::new();
        let a = parse_record(yaml.as_bytes(), Format::Yaml, Path::new("x.yaml"), &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(a.affected[0].name, "foo-bar");
        assert_eq!(a.affected[0].versions, ["0.10", "1.0", "2"]);
        assert_eq!(
            a.affected[0].ranges[0].events,
            [Event::Introduced("0".into())]
        );
        assert!(a.withdrawn);
        assert_eq!(
            a.meta.modified_ns,
            "2021-09-01T12:23:00.123456Z"
                .parse::<jiff::Timestamp>()
                .unwrap()
                .as_nanosecond()
        );
    }

    #[test]
    fn cvss_v3_is_preferred_and_v4_and_v2_are_scored() {
        let v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
        let v3 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N";
        let rec = |sev: &str| {
            format!(
                r#"{{"id":"GHSA-aaaa-bbbb-cccc","modified":"2024-01-01T00:00:00Z","severity":[{sev}]}}"#
            )
        };
        let both = rec(&format!(
            r#"{{"type":"CVSS_V4","score":"{v4}"}},{{"type":"CVSS_V3","score":"{v3}"}}"#
        ));
        let (a, d) = parse(&both);
        assert!(d.is_empty(), "{d:?}");
        let s = a.unwrap().meta.severity;
        assert_eq!(
            (s.level, s.score, s.vector.as_deref()),
            (SeverityLevel::High, Some(7.5), Some(v3))
        );
        let (a, _) = parse(&rec(&format!(r#"{{"type":"CVSS_V4","score":"{v4}"}}"#)));
        let s = a.unwrap().meta.severity;
        assert_eq!((s.level, s.score), (SeverityLevel::Critical, Some(9.3)));
        let (a, _) = parse(&rec(
            r#"{"type":"CVSS_V2","score":"AV:N/AC:L/Au:N/C:P/I:P/A:P"}"#,
        ));
        assert_eq!(a.unwrap().meta.severity.score, Some(7.5));
        // A vector that cannot be scored is reported, and the label is used instead.
        let (a, d) = parse(
            r#"{"id":"GHSA-aaaa-bbbb-cccc","modified":"2024-01-01T00:00:00Z",
            "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/garbage"}],
            "database_specific":{"severity":"LOW"}}"#,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(a.unwrap().meta.severity.level, SeverityLevel::Low);
    }

    #[test]
    fn malicious_records_are_recognised() {
        let (a, _) = parse(
            r#"{"id":"RUSTSEC-2099-0001","modified":"2024-01-01T00:00:00Z","affected":[
            {"package":{"ecosystem":"crates.io","name":"evil"},
             "database_specific":{"categories":["malicious"]},
             "ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}"#,
        );
        assert!(a.unwrap().meta.malicious);
        let (a, _) = parse(r#"{"id":"MAL-2024-1","modified":"2024-01-01T00:00:00Z"}"#);
        assert!(a.unwrap().meta.malicious);
    }
}
