//! What every command needs from the global options: where the database is, whether the network
//! may be used, and how to talk to the user (stderr, colour) and write data (stdout or a file).

use std::io::Write;
use std::path::{Path, PathBuf};

use anstream::{AutoStream, ColorChoice};

use vouch_model::DiagnosticCode::CannotWriteOutput;

use crate::cli::{ColorWhen, Global};
use crate::error::{self, CodedContext as _};

pub(crate) struct Context {
    pub(crate) db_dir: PathBuf,
    pub(crate) offline: bool,
    quiet: bool,
    color: ColorChoice,
}

impl Context {
    pub(crate) fn new(global: &Global) -> Self {
        let db_dir = global.db.clone().unwrap_or_else(|| {
            dirs::cache_dir()
                .unwrap_or_else(std::env::temp_dir)
                .join("vouch")
                .join("db")
        });
        let color = match global.color {
            ColorWhen::Auto => ColorChoice::Auto,
            ColorWhen::Always => ColorChoice::Always,
            ColorWhen::Never => ColorChoice::Never,
        };
        Context {
            db_dir,
            offline: global.offline,
            quiet: global.quiet,
            color,
        }
    }

    /// A progress or status line on stderr, unless `--quiet`.
    pub(crate) fn note(&self, message: &str) {
        if !self.quiet {
            let mut err = AutoStream::new(std::io::stderr(), self.color);
            let _ = writeln!(err, "{message}");
        }
    }

    /// An error that stopped the command on stderr, with its code, its chain of causes and
    /// the code's hint (docs/diagnostics.md).
    pub(crate) fn error(&self, error: &anyhow::Error) {
        let code = error::code_of(error);
        let style = anstyle::AnsiColor::Red.on_default().bold();
        let dim = anstyle::Style::new().dimmed();
        let mut err = AutoStream::new(std::io::stderr(), self.color);
        let _ = writeln!(err, "{style}error[{code}]{style:#}: {error}");
        for cause in error.chain().skip(1) {
            let _ = writeln!(err, "  caused by: {cause}");
        }
        let _ = writeln!(err, "  {dim}hint: {}{dim:#}", code.hint());
    }

    /// Writes data to `output` (a file, written whole, without colour) or to stdout (coloured
    /// as `--color` and the terminal allow).
    /// Streams machine-readable output (JSON, SARIF: no colour) to FILE or stdout through a
    /// buffer, so a large report is never held in memory whole.
    pub(crate) fn write_stream(
        &self,
        output: Option<&Path>,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        match output {
            Some(path) => {
                let file = fs_err::File::create(path).coded(CannotWriteOutput, || {
                    format!("cannot create the output file {}", path.display())
                })?;
                let mut out = std::io::BufWriter::new(file);
                write(&mut out)
                    .and_then(|()| out.flush())
                    .coded(CannotWriteOutput, || format!("writing {}", path.display()))?;
            }
            None => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                write(&mut out)
                    .and_then(|()| out.flush())
                    .coded(CannotWriteOutput, || "writing to stdout".to_owned())?;
            }
        }
        Ok(())
    }

    pub(crate) fn write_data(&self, data: &str, output: Option<&Path>) -> anyhow::Result<()> {
        match output {
            Some(path) => {
                let plain;
                let data = if data.contains('\x1b') {
                    plain = anstream::adapter::strip_str(data).to_string();
                    &plain
                } else {
                    data
                };
                fs_err::write(path, data)
                    .coded(CannotWriteOutput, || format!("writing {}", path.display()))?;
            }
            None => {
                let mut out = AutoStream::new(std::io::stdout(), self.color);
                out.write_all(data.as_bytes())
                    .and_then(|()| out.flush())
                    .coded(CannotWriteOutput, || "writing to stdout".to_owned())?;
            }
        }
        Ok(())
    }
}
