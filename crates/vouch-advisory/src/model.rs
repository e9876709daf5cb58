//! The compact internal model an OSV record is converted into at the edge: just what matching
//! and reporting need. It is what the on-disk source files and the index hold (postcard), so
//! every field here is plain data with a fixed layout (no `skip_serializing_if`).

use serde::{Deserialize, Serialize};
use vouch_model::{AdvisoryId, Ecosystem, SeverityLevel};

/// One advisory, as stored in a source file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Advisory {
    /// What matching and reporting show of the record.
    pub(crate) meta: RecordMeta,
    /// The record was withdrawn (OSV `withdrawn`); it never matches.
    pub(crate) withdrawn: bool,
    /// The packages it affects, one entry per usable `affected[]` object.
    pub(crate) affected: Vec<Affected>,
}

/// The per-record facts a finding reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RecordMeta {
    /// The OSV id (validated as an `AdvisoryId` on import).
    pub(crate) id: AdvisoryId,
    /// OSV `aliases`, validated, sorted, without the id itself.
    pub(crate) aliases: Vec<AdvisoryId>,
    /// OSV `modified` in nanoseconds since the Unix epoch; the newest copy of an id wins.
    pub(crate) modified_ns: i128,
    /// OSV `summary`, else the first line of `details`.
    pub(crate) summary: Option<String>,
    /// The severity decided on import.
    pub(crate) severity: StoredSeverity,
    /// Where to read more.
    pub(crate) url: Option<String>,
    /// A known-malicious package record (`MAL-` id or a `malicious` category).
    pub(crate) malicious: bool,
}

/// A severity with what it rests on (mirrors `vouch_model::Severity`, which skips empty
/// fields when serialised and so cannot go through postcard).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredSeverity {
    pub(crate) level: SeverityLevel,
    pub(crate) score: Option<f64>,
    pub(crate) vector: Option<String>,
}

impl StoredSeverity {
    pub(crate) fn unknown() -> Self {
        StoredSeverity {
            level: SeverityLevel::Unknown,
            score: None,
            vector: None,
        }
    }

    pub(crate) fn to_model(&self) -> vouch_model::Severity {
        vouch_model::Severity {
            level: self.level,
            score: self.score,
            vector: self.vector.clone(),
        }
    }
}

/// One `affected[]` entry, reduced to what matching reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Affected {
    /// The package's ecosystem, release suffix split off.
    pub(crate) ecosystem: Ecosystem,
    /// The OSV ecosystem's release suffix (`12` of `Debian:12`, `22.04:LTS` of
    /// `Ubuntu:22.04:LTS`); `None` for an entry about every release.
    pub(crate) release: Option<String>,
    /// The package name normalised for the ecosystem (`PackageName::normalized`).
    pub(crate) name: String,
    /// The usable `ECOSYSTEM` and `SEMVER` ranges (`GIT` ranges never match a versioned
    /// component and are not kept).
    pub(crate) ranges: Vec<Range>,
    /// OSV `versions`: affected versions listed one by one.
    pub(crate) versions: Vec<String>,
    /// RustSec's `database_specific.informational` (`unmaintained`, `unsound`, `notice`): an
    /// informational advisory, reported as a warning, never as a vulnerability.
    pub(crate) informational: Option<String>,
}

/// How a range's versions are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum RangeKind {
    /// OSV `SEMVER`: SemVer 2.0 precedence, a leading `v` ignored.
    SemVer,
    /// OSV `ECOSYSTEM`: the ecosystem's own version order.
    Ecosystem,
}

/// One OSV range: its type and events as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Range {
    pub(crate) kind: RangeKind,
    pub(crate) events: Vec<Event>,
}

/// One OSV range event (<https://ossf.github.io/osv-schema/#affectedrangesevents-fields>).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Event {
    /// `introduced`; `"0"` means before every version.
    Introduced(String),
    /// `fixed`: this version and later are not affected.
    Fixed(String),
    /// `last_affected`: later versions are not affected.
    LastAffected(String),
    /// `limit`: this version and later are outside the range; `"*"` is no limit.
    Limit(String),
}

impl Event {
    pub(crate) fn version(&self) -> &str {
        match self {
            Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
        }
    }

    /// True for the versions that stand for "before everything" or "no limit".
    pub(crate) fn is_sentinel(&self) -> bool {
        matches!(self, Event::Introduced(v) if v == "0")
            || matches!(self, Event::Limit(v) if v == "*")
    }
}
