//! The `vouch` command line: the only crate that prints or exits. It parses the command, runs
//! the library crates in order (inventory → advisories → baseline → report), writes data to
//! stdout (or `-o FILE`) and everything else to stderr, and exits 0 (nothing failed), 1 (a
//! finding or clause failed) or 2 (vouch could not do its job). An error that stops a command
//! is printed with its code and hint (`error[V0002]: ...`, docs/diagnostics.md).

mod cli;
mod commands;
mod context;
mod error;

use std::process::ExitCode;

use clap::Parser;

// The walk parses thousands of lockfiles on every core at once; glibc's malloc spent a quarter
// of that time in its own locks and bookkeeping (perf, docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let ctx = context::Context::new(&cli.global);
    match commands::run(cli.command, &ctx) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            ctx.error(&error);
            ExitCode::from(2)
        }
    }
}
