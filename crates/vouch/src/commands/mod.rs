//! One module per command; `pipeline` holds the steps `check`, `scan` and `sbom` share.

mod check;
mod db;
mod init;
mod pipeline;
mod sbom;
mod sbom_diff;
mod sbom_quality;
mod scan;
mod verify;

use crate::cli::Command;
use crate::context::Context;

/// Runs a command and returns the process exit code.
pub(crate) fn run(command: Command, ctx: &Context) -> anyhow::Result<u8> {
    match command {
        Command::Check(args) => check::run(&args, ctx),
        Command::Scan(args) => scan::run(&args, ctx),
        Command::Sbom(args) => sbom::run(&args, ctx),
        Command::Verify(args) => verify::run(&args, ctx),
        Command::Db(cmd) => db::run(cmd, ctx),
        Command::Init(args) => init::run(&args, ctx),
    }
}
