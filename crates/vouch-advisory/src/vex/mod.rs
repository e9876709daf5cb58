//! VEX in: how the seller evaluated each finding (clause 3.2 "evaluate"). OpenVEX, CycloneDX and
//! CSAF documents and the `[[triage]]` table of `vouch.toml` are read into one statement type,
//! then applied to the findings: the most specific statement wins, expired ones are set aside.

use std::path::{Path, PathBuf};

use vouch_model::{AdvisoryId, Diagnostic, DiagnosticCode, Purl, VexFormat, VexSource, VexState};

mod apply;
mod csaf;
mod cyclonedx;
mod openvex;
mod triage;

pub use apply::apply;

/// A VEX file larger than this is refused (real VEX documents are kilobytes to a few MB).
const MAX_VEX_BYTES: u64 = 64 * 1024 * 1024;

/// One statement: a status for one vulnerability in some components.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The vulnerability's main id.
    pub vulnerability: AdvisoryId,
    /// Its other ids.
    pub aliases: Vec<AdvisoryId>,
    /// The components it is about, by purl; a purl without a version means every version.
    pub products: Vec<Purl>,
    /// True for a triage entry without `purl`: every component with the vulnerability.
    pub every_product: bool,
    /// Products the document names that have no purl, so they cannot be matched.
    pub unidentified_products: usize,
    /// The status with its justification or statement.
    pub state: VexState,
    /// When the statement was made or last updated, where the document says.
    pub timestamp: Option<jiff::Timestamp>,
    /// The last day it applies (triage `expires`).
    pub expires: Option<jiff::civil::Date>,
    /// The file and the statement in it.
    pub source: VexSource,
}

/// The statements of one file, and the problems with single statements (each names the file
/// and the statement; such a statement is left out, the others are kept).
#[derive(Debug, Clone, Default)]
pub struct VexDocument {
    /// Usable statements in document order.
    pub statements: Vec<Statement>,
    /// Problems with single statements.
    pub diagnostics: Vec<Diagnostic>,
}

/// A file that cannot be used at all: unreadable, not JSON or TOML, or of no known VEX format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct VexError {
    /// The file as named.
    pub path: PathBuf,
    /// What is wrong with it.
    pub reason: String,
}

impl VexError {
    fn new(path: &Path, reason: impl Into<String>) -> Self {
        VexError {
            path: path.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Reads a VEX document, detecting OpenVEX, CycloneDX or CSAF by its content.
pub fn read(path: &Path) -> Result<VexDocument, VexError> {
    let bytes = read_bytes(path)?;
    parse(&bytes, path)
}

/// Reads the `[[triage]]` table of a `vouch.toml`; other tables are left to their readers.
pub fn read_triage(path: &Path) -> Result<VexDocument, VexError> {
    let bytes = read_bytes(path)?;
    let text =
        std::str::from_utf8(&bytes).map_err(|e| VexError::new(path, format!("not UTF-8: {e}")))?;
    triage::parse(text, path)
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, VexError> {
    let meta = fs_err::metadata(path).map_err(|e| VexError::new(path, e.to_string()))?;
    if meta.len() > MAX_VEX_BYTES {
        return Err(VexError::new(
            path,
            format!(
                "{} bytes is more than a VEX file may be ({MAX_VEX_BYTES})",
                meta.len()
            ),
        ));
    }
    fs_err::read(path).map_err(|e| VexError::new(path, e.to_string()))
}

/// Parses a VEX document already in memory; `path` names it in statements and errors.
pub fn parse(bytes: &[u8], path: &Path) -> Result<VexDocument, VexError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| VexError::new(path, format!("not JSON: {e}")))?;
    match detect(&value) {
        Some(VexFormat::OpenVex) => openvex::parse(value, path),
        Some(VexFormat::CycloneDx) => cyclonedx::parse(value, path),
        Some(VexFormat::Csaf) => csaf::parse(value, path),
        _ => Err(VexError::new(
            path,
            "not a VEX document: no OpenVEX `@context`, CycloneDX `bomFormat` or CSAF \
             `document.csaf_version`",
        )),
    }
}

/// The format by the fields each one requires.
fn detect(value: &serde_json::Value) -> Option<VexFormat> {
    let context = value.get("@context").and_then(|c| c.as_str());
    if context.is_some_and(|c| c.contains("openvex")) {
        return Some(VexFormat::OpenVex);
    }
    if value.get("bomFormat").and_then(|f| f.as_str()) == Some("CycloneDX") {
        return Some(VexFormat::CycloneDx);
    }
    if value
        .get("document")
        .and_then(|d| d.get("csaf_version"))
        .is_some()
    {
        return Some(VexFormat::Csaf);
    }
    None
}

/// A vulnerability id as a document writes it; a URL (OpenVEX `@id`) gives its last segment.
fn advisory_id(text: &str) -> Option<AdvisoryId> {
    let text = text.trim();
    text.parse().ok().or_else(|| {
        text.trim_end_matches('/')
            .rsplit('/')
            .next()
            .and_then(|last| last.parse().ok())
    })
}

/// An RFC 3339 time, where one is given and reads.
fn timestamp(text: Option<&str>) -> Option<jiff::Timestamp> {
    text.and_then(|t| t.parse().ok())
}

/// A statement's problems, gathered so one diagnostic lists them all.
struct Problems {
    messages: Vec<String>,
}

impl Problems {
    fn new() -> Self {
        Problems {
            messages: Vec::new(),
        }
    }

    fn push(&mut self, message: impl Into<String>) {
        self.messages.push(message.into());
    }

    /// `Ok(())` when there were none, else the diagnostic naming file and statement.
    fn finish(self, source: &VexSource) -> Result<(), Diagnostic> {
        if self.messages.is_empty() {
            return Ok(());
        }
        Err(invalid(source, self.messages.join("; ")))
    }
}

/// The diagnostic for a statement that cannot be used.
fn invalid(source: &VexSource, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(
        DiagnosticCode::InvalidVexStatement,
        format!(
            "{} statement {}: {}",
            source.format.as_str(),
            source.statement,
            message.into()
        ),
    )
    .with_path(source.file.clone())
    .with_record(source.statement.clone())
}

fn source(format: VexFormat, path: &Path, pointer: String) -> VexSource {
    VexSource {
        format,
        file: path.to_owned(),
        statement: pointer,
    }
}

/// Empty strings count as absent: some tools write `""` for a field they have no value for.
fn given(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_names_and_urls() {
        assert_eq!(
            advisory_id("https://nvd.nist.gov/vuln/detail/CVE-2019-17571")
                .unwrap()
                .as_str(),
            "CVE-2019-17571"
        );
        assert_eq!(
            advisory_id(" GHSA-2qrg-x229-3v8q ").unwrap().as_str(),
            "GHSA-2qrg-x229-3v8q"
        );
        assert!(advisory_id("not an id").is_none());
    }

    #[test]
    fn unknown_json_is_refused_with_the_file_named() {
        let e = parse(br#"{"hello": 1}"#, Path::new("x.json")).unwrap_err();
        assert!(
            e.to_string().starts_with("x.json: not a VEX document"),
            "{e}"
        );
        let e = parse(b"{", Path::new("y.json")).unwrap_err();
        assert!(e.to_string().starts_with("y.json: not JSON"), "{e}");
    }
}

#[cfg(test)]
mod spec_tests;
