//! Diagnostics: every problem vouch reports has a stable code, a message naming the file (and
//! record) it concerns, and a hint on what to do. The same value renders as text and as JSON.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

macro_rules! codes {
    ($($variant:ident = $code:literal, $level:ident, $hint:literal;)*) => {
        /// The stable code of a diagnostic. Codes are never reused for another meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum DiagnosticCode {
            $(
                #[doc = $hint]
                $variant,
            )*
        }

        impl DiagnosticCode {
            /// Every code, for the uniqueness test and the documentation.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant),*];

            /// The code as printed (`V0101`).
            pub fn as_str(self) -> &'static str {
                match self { $(DiagnosticCode::$variant => $code,)* }
            }

            /// How serious the problem is by default.
            pub fn level(self) -> Level {
                match self { $(DiagnosticCode::$variant => Level::$level,)* }
            }

            /// What the user can do about it.
            pub fn hint(self) -> &'static str {
                match self { $(DiagnosticCode::$variant => $hint,)* }
            }
        }
    };
}

codes! {
    // V01xx: reading the delivery
    UnreadableFile = "V0101", Error, "check that the file exists and is readable";
    MalformedLockfile = "V0102", Error, "the file could not be parsed; regenerate it with the ecosystem's own tool";
    UnsupportedLockfileVersion = "V0103", Error, "this lockfile version is not supported yet; please report it with a sample";
    InvalidPackage = "V0104", Warning, "an entry in the file names an invalid package or version and was skipped";
    IncludeNotFound = "V0105", Error, "a `-r`/`-c` include names a file that does not exist";
    IncludeCycle = "V0106", Warning, "requirement files include each other; each file is read once";
    InvalidUtf8 = "V0107", Error, "the file is not valid UTF-8; save it as UTF-8";
    WalkError = "V0108", Warning, "a directory could not be read; check its permissions";
    UnpinnedRequirement = "V0109", Info, "pin the requirement (`==`) or use a lockfile so the exact version is known";
    // V02xx: the advisory database
    MalformedAdvisory = "V0201", Warning, "the advisory record could not be parsed and was skipped";
    UnknownEcosystem = "V0202", Warning, "the advisory names an ecosystem vouch does not know; that part was skipped";
    InvalidRange = "V0203", Warning, "a range in the advisory could not be read; that range was skipped";
    SkippedFile = "V0204", Info, "the file is not an OSV record (.json, .yaml, .yml) and was skipped";
    CorruptArchive = "V0205", Error, "the archive is truncated or corrupt; download it again";
    DatabaseMissing = "V0206", Error, "no advisory database yet: run `vouch db sync` or `vouch db import DIR`";
    DatabaseStale = "V0207", Warning, "the advisory database is old: run `vouch db sync`";
    UncomparableVersion = "V0208", Warning, "the component's version could not be compared with the advisory's ranges";
    // V03xx: baseline and declarations
    InvalidBaseline = "V0301", Error, "fix the baseline file at the position shown";
    InvalidDeclaration = "V0302", Error, "fix vouch.toml at the position shown; `vouch init` writes a commented template";
    DeclaredFileMissing = "V0303", Warning, "a file named in vouch.toml does not exist: fix the path (relative to vouch.toml) or add the file";
    UnreadableSarif = "V0304", Warning, "a SARIF file named in vouch.toml could not be read as SARIF 2.1.0; the check it feeds reports missing evidence";
    WaiverExpired = "V0305", Warning, "the waiver's expiry date has passed, so it no longer applies: renew it with the customer or fix what it waived";
    WaiverUnused = "V0306", Info, "the waiver names a check that did not fail; remove it when it is no longer needed";
    // V04xx: VEX statements and triage
    UnreadableVex = "V0401", Error, "the file is not OpenVEX, CycloneDX or CSAF JSON (or a valid vouch.toml); none of its statements were applied";
    InvalidVexStatement = "V0402", Error, "fix the statement (a not_affected statement needs a justification); it was not applied, the others were";
    VexExpired = "V0403", Info, "the statement's expiry date has passed, so it no longer applies: evaluate the finding again and renew or remove it";
    VexUnmatched = "V0404", Info, "the statement names no finding of this delivery: the advisory database may be older than it, or the component is not shipped";
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth knowing; nothing was lost.
    Info,
    /// Part of an input was skipped; the rest was used.
    Warning,
    /// An input could not be used at all.
    Error,
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DiagnosticCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem, with what it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The stable code.
    pub code: DiagnosticCode,
    /// How serious it is.
    pub level: Level,
    /// The file concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// The record concerned (an advisory id, a package entry), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// What went wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub hint: &'static str,
}

impl Diagnostic {
    /// A diagnostic with the code's default level and hint.
    pub fn new(code: DiagnosticCode, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            level: code.level(),
            path: None,
            record: None,
            message: message.into(),
            hint: code.hint(),
        }
    }

    /// Names the file concerned.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Names the record concerned.
    pub fn with_record(mut self, record: impl Into<String>) -> Self {
        self.record = Some(record.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]",
            match self.level {
                Level::Info => "info",
                Level::Warning => "warning",
                Level::Error => "error",
            },
            self.code
        )?;
        if let Some(p) = &self.path {
            write!(f, " {}", p.display())?;
        }
        if let Some(r) = &self.record {
            write!(f, " ({r})")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in DiagnosticCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
            assert!(c.as_str().len() == 5 && c.as_str().starts_with('V'), "{c}");
            assert!(!c.hint().is_empty());
        }
    }

    #[test]
    fn display_names_file_and_record() {
        let d = Diagnostic::new(DiagnosticCode::MalformedAdvisory, "bad range")
            .with_path("db/x.json")
            .with_record("GHSA-1");
        assert_eq!(
            d.to_string(),
            "warning[V0201] db/x.json (GHSA-1): bad range"
        );
    }
}
