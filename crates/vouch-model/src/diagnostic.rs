//! Diagnostics: every problem vouch reports has a stable code, a message naming the file (and
//! record) it concerns, and a hint on what to do. The same value renders as text and as JSON.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

macro_rules! codes {
    ($(
        [$prefix:literal, $title:literal]
        $($variant:ident = $code:literal, $level:ident, $hint:literal;)*
    )*) => {
        /// The stable code of a diagnostic. Codes are never reused for another meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum DiagnosticCode {
            $($(
                #[doc = $hint]
                $variant,
            )*)*
        }

        impl DiagnosticCode {
            /// Every code, for the uniqueness test and the documentation.
            pub const ALL: &'static [DiagnosticCode] = &[$($(DiagnosticCode::$variant),*),*];

            /// The code as printed (`V0101`).
            pub fn as_str(self) -> &'static str {
                match self { $($(DiagnosticCode::$variant => $code,)*)* }
            }

            /// The code's name as written in the source (`UnreadableFile`); docs/diagnostics.md
            /// heads each code's section with it in kebab-case (`V0101 unreadable-file`).
            pub fn name(self) -> &'static str {
                match self { $($(DiagnosticCode::$variant => stringify!($variant),)*)* }
            }

            /// How serious the problem is by default.
            pub fn level(self) -> Level {
                match self { $($(DiagnosticCode::$variant => Level::$level,)*)* }
            }

            /// What the user can do about it.
            pub fn hint(self) -> &'static str {
                match self { $($(DiagnosticCode::$variant => $hint,)*)* }
            }

            /// The group the code belongs to (V01xx: reading the delivery, ...).
            pub fn group(self) -> CodeGroup {
                match self {
                    $($(DiagnosticCode::$variant)|* => CodeGroup { prefix: $prefix, title: $title },)*
                }
            }
        }

        impl CodeGroup {
            /// Every group, in code order.
            pub const ALL: &'static [CodeGroup] = &[$(CodeGroup { prefix: $prefix, title: $title }),*];
        }
    };
}

/// A range of codes about one part of the job: `V02` + two digits are the advisory database's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeGroup {
    /// The first three characters every code of the group starts with (`V02`).
    pub prefix: &'static str,
    /// What the codes are about (`the advisory database`).
    pub title: &'static str,
}

codes! {
    ["V00", "the command line and its files"]
    InvalidArgument = "V0001", Error, "check the command line: `vouch help COMMAND` lists each option and the values it takes";
    UnreadableInput = "V0002", Error, "check that the path given on the command line exists and is readable";
    CannotWriteOutput = "V0003", Error, "check that the output file's directory exists and is writable and the disk has space (or that stdout is still open)";
    Unexpected = "V0004", Error, "an error vouch has no more specific code for; the message says what failed: please report it if it looks like a bug";
    ["V01", "reading the delivery"]
    UnreadableFile = "V0101", Error, "check that the file exists and is readable";
    MalformedLockfile = "V0102", Error, "the file could not be parsed; regenerate it with the ecosystem's own tool";
    UnsupportedLockfileVersion = "V0103", Error, "this lockfile version is not supported yet; please report it with a sample";
    InvalidPackage = "V0104", Warning, "an entry in the file names an invalid package or version and was skipped";
    IncludeNotFound = "V0105", Error, "a `-r`/`-c` include names a file that does not exist";
    IncludeCycle = "V0106", Warning, "requirement files include each other; each file is read once";
    InvalidUtf8 = "V0107", Error, "the file is not valid UTF-8; save it as UTF-8";
    WalkError = "V0108", Warning, "a directory could not be read; check its permissions";
    UnpinnedRequirement = "V0109", Info, "pin the requirement (`==`) or use a lockfile so the exact version is known";
    UnsafeArchiveEntry = "V0110", Warning, "an archive member with an unsafe path (`..`, absolute) or a link leaving the tree was skipped; the archive may be hostile: inspect it";
    ArchiveLimit = "V0111", Error, "a limit on entries, decompressed size or compression ratio was reached and the rest of the archive was not read; a real delivery this large needs higher limits, anything else is hostile";
    ArchiveNotOpened = "V0112", Warning, "a nested archive deeper than the depth limit, or a file larger than the read limit, was listed but not opened";
    CorruptDeliveryArchive = "V0113", Error, "an archive or image is truncated or corrupt; what could be read before the damage was cataloged: obtain the delivery again";
    UnsupportedArchiveEntry = "V0114", Warning, "an archive feature vouch does not read (an encrypted member, an image without layers) was skipped";
    UnknownDistribution = "V0115", Warning, "ship the image's etc/os-release (or usr/lib/os-release) beside its package database, so the distribution release of its packages is known";
    ["V02", "the advisory database"]
    MalformedAdvisory = "V0201", Warning, "the advisory record could not be parsed and was skipped";
    UnknownEcosystem = "V0202", Warning, "the advisory names an ecosystem vouch does not know; that part was skipped";
    InvalidRange = "V0203", Warning, "a range in the advisory could not be read; that range was skipped";
    SkippedFile = "V0204", Info, "the file is not an OSV record (.json, .yaml, .yml) and was skipped";
    CorruptArchive = "V0205", Error, "the archive is truncated or corrupt; download it again";
    DatabaseMissing = "V0206", Error, "no advisory database yet: run `vouch db sync` or `vouch db import DIR`";
    DatabaseStale = "V0207", Warning, "the advisory database is old: run `vouch db sync`";
    UncomparableVersion = "V0208", Warning, "the component's version could not be compared with the advisory's ranges";
    CorruptDatabase = "V0209", Error, "a file of the advisory database is damaged or was written by another version of vouch: run `vouch db sync` or `vouch db import` again";
    DatabaseIo = "V0210", Error, "reading or writing the advisory database failed: check the path named, its permissions and the free disk space";
    DownloadFailed = "V0211", Error, "check the network and the OSV URL (`--osv-url`, `VOUCH_OSV_URL`); without a network, use `vouch db import DIR|ZIP`";
    ["V03", "the baseline and vouch.toml"]
    InvalidBaseline = "V0301", Error, "fix the baseline file at the position shown";
    InvalidDeclaration = "V0302", Error, "fix vouch.toml at the position shown; `vouch init` writes a commented template";
    DeclaredFileMissing = "V0303", Warning, "a file named in vouch.toml does not exist: fix the path (relative to vouch.toml) or add the file";
    UnreadableSarif = "V0304", Warning, "a SARIF file named in vouch.toml could not be read as SARIF 2.1.0; the check it feeds reports missing evidence";
    WaiverExpired = "V0305", Warning, "the waiver's expiry date has passed, so it no longer applies: renew it with the customer or fix what it waived";
    WaiverUnused = "V0306", Info, "the waiver names a check that did not fail; remove it when it is no longer needed";
    ["V04", "VEX statements and triage"]
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
            let digits = c.as_str().strip_prefix('V').unwrap_or("");
            assert!(
                digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{c} is not V + 4 digits"
            );
            assert!(!c.hint().is_empty());
        }
    }

    #[test]
    fn each_code_lies_in_its_group_and_the_list_is_sorted() {
        for c in DiagnosticCode::ALL {
            let g = c.group();
            assert!(
                c.as_str().starts_with(g.prefix),
                "{c} ({}) is listed under {}xx ({})",
                c.name(),
                g.prefix,
                g.title
            );
        }
        for pair in DiagnosticCode::ALL.windows(2) {
            assert!(
                pair[0].as_str() < pair[1].as_str(),
                "{} comes before {} in codes!",
                pair[0],
                pair[1]
            );
        }
        let prefixes: Vec<&str> = CodeGroup::ALL.iter().map(|g| g.prefix).collect();
        assert_eq!(prefixes, ["V00", "V01", "V02", "V03", "V04"]);
        for g in CodeGroup::ALL {
            assert!(
                DiagnosticCode::ALL.iter().any(|c| c.group() == *g),
                "{g:?} is empty"
            );
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

    /// docs/diagnostics.md, read at compile time so the test rebuilds when the page changes.
    const DOC: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/diagnostics.md"
    ));

    /// `UnreadableFile` → `unreadable-file`.
    fn kebab(name: &str) -> String {
        let mut out = String::new();
        for ch in name.chars() {
            if ch.is_ascii_uppercase() && !out.is_empty() {
                out.push('-');
            }
            out.push(ch.to_ascii_lowercase());
        }
        out
    }

    /// One `### V0101 unreadable-file` section of the page: its group heading, name and level.
    struct Section {
        group: String,
        name: String,
        level: Option<String>,
    }

    fn sections() -> std::collections::BTreeMap<String, Section> {
        let mut out = std::collections::BTreeMap::new();
        let mut group = String::new();
        let mut current: Option<String> = None;
        for line in DOC.lines() {
            if let Some(h) = line.strip_prefix("## ") {
                group = h.to_owned();
                current = None;
            } else if let Some(h) = line.strip_prefix("### V") {
                let (code, name) = h.split_once(' ').unwrap_or((h, ""));
                let code = format!("V{code}");
                let section = Section {
                    group: group.clone(),
                    name: name.to_owned(),
                    level: None,
                };
                assert!(out.insert(code.clone(), section).is_none(), "{code} twice");
                current = Some(code);
            } else if let Some(level) = line.strip_prefix("**Level:** ")
                && let Some(section) = current.as_ref().and_then(|c| out.get_mut(c))
            {
                section.level = Some(level.trim().to_owned());
            }
        }
        out
    }

    #[test]
    fn the_diagnostics_page_documents_every_code_and_no_other() {
        let doc = sections();
        for c in DiagnosticCode::ALL {
            let s = doc.get(c.as_str()).unwrap_or_else(|| {
                panic!("docs/diagnostics.md has no `### {c} {}`", kebab(c.name()))
            });
            assert_eq!(s.name, kebab(c.name()), "the heading of {c}");
            let g = c.group();
            assert_eq!(
                s.group,
                format!("{}xx: {}", g.prefix, g.title),
                "the group of {c}"
            );
            let level = serde_json::to_value(c.level()).unwrap();
            assert_eq!(s.level.as_deref(), level.as_str(), "the **Level:** of {c}");
        }
        for code in doc.keys() {
            assert!(
                DiagnosticCode::ALL.iter().any(|c| c.as_str() == code),
                "docs/diagnostics.md documents {code}, which does not exist"
            );
        }
    }
}
