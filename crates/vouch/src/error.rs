//! Errors that stop a command carry a diagnostic code like every other problem vouch reports
//! (docs/diagnostics.md). The binary tags its own errors where they arise (`Coded`); the
//! libraries' typed errors are mapped to their codes here, in one place.

use std::fmt;

use vouch_advisory::AdvisoryError;
use vouch_baseline::BaselineError;
use vouch_model::{DiagnosticCode, EcosystemError};

/// An error the binary raises itself, with its code.
#[derive(Debug)]
pub(crate) struct Coded {
    code: DiagnosticCode,
    message: String,
}

impl Coded {
    /// A new error under `code`.
    pub(crate) fn error(code: DiagnosticCode, message: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Coded {
            code,
            message: message.into(),
        })
    }
}

impl fmt::Display for Coded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Coded {}

/// `anyhow::Context` with a code: the message says what was being done, the code classifies it.
pub(crate) trait CodedContext<T> {
    fn coded(self, code: DiagnosticCode, message: impl FnOnce() -> String) -> anyhow::Result<T>;
}

impl<T, E> CodedContext<T> for Result<T, E>
where
    Result<T, E>: anyhow::Context<T, E>,
{
    fn coded(self, code: DiagnosticCode, message: impl FnOnce() -> String) -> anyhow::Result<T> {
        anyhow::Context::with_context(self, || Coded {
            code,
            message: message(),
        })
    }
}

/// The code an error that stopped a command is reported under: the outermost `Coded` tag, else
/// the first typed library error in the chain, else an I/O error reading an input (every write
/// is tagged `CannotWriteOutput` where it happens), else `Unexpected`.
pub(crate) fn code_of(error: &anyhow::Error) -> DiagnosticCode {
    if let Some(coded) = error.downcast_ref::<Coded>() {
        return coded.code;
    }
    for cause in error.chain() {
        if let Some(e) = cause.downcast_ref::<AdvisoryError>() {
            return e.code();
        }
        if cause.is::<BaselineError>() {
            return DiagnosticCode::InvalidBaseline;
        }
        if cause.is::<EcosystemError>() {
            return DiagnosticCode::InvalidArgument;
        }
    }
    if error.chain().any(|cause| cause.is::<std::io::Error>()) {
        return DiagnosticCode::UnreadableInput;
    }
    DiagnosticCode::Unexpected
}

#[cfg(test)]
mod tests {
    use anyhow::Context as _;

    use super::*;

    #[test]
    fn a_tag_wins_over_the_errors_it_wraps_and_survives_more_context() {
        let io: Result<(), std::io::Error> = Err(std::io::Error::other("disk full"));
        let e = io
            .coded(DiagnosticCode::CannotWriteOutput, || {
                "writing out.json".into()
            })
            .context("while reporting")
            .unwrap_err();
        assert_eq!(code_of(&e), DiagnosticCode::CannotWriteOutput);
        assert_eq!(e.to_string(), "while reporting");
        assert_eq!(e.chain().nth(1).unwrap().to_string(), "writing out.json");
    }

    #[test]
    fn library_errors_keep_their_codes_under_context() {
        let missing: Result<(), AdvisoryError> =
            Err(AdvisoryError::DatabaseMissing { dir: "db".into() });
        let e = missing.context("cannot open the database").unwrap_err();
        assert_eq!(code_of(&e), DiagnosticCode::DatabaseMissing);

        let corrupt = anyhow::Error::new(AdvisoryError::Io(std::io::Error::other("EACCES")));
        assert_eq!(code_of(&corrupt), DiagnosticCode::DatabaseIo);

        let baseline = vouch_baseline::Baseline::parse("schema = 1", "mine.toml").unwrap_err();
        assert_eq!(
            code_of(&anyhow::Error::new(baseline)),
            DiagnosticCode::InvalidBaseline
        );

        let eco = "cobol".parse::<vouch_model::Ecosystem>().unwrap_err();
        assert_eq!(
            code_of(&anyhow::Error::new(eco)),
            DiagnosticCode::InvalidArgument
        );
    }

    #[test]
    fn an_untagged_io_error_is_an_unreadable_input_and_anything_else_unexpected() {
        let io: Result<(), std::io::Error> = Err(std::io::Error::other("no such file"));
        let e = io.context("--baseline mine.toml").unwrap_err();
        assert_eq!(code_of(&e), DiagnosticCode::UnreadableInput);
        assert_eq!(
            code_of(&anyhow::anyhow!("something else")),
            DiagnosticCode::Unexpected
        );
    }
}
