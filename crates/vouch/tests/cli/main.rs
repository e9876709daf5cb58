//! Behaviour of the `vouch` binary as users and scripts see it: exit codes, stdout, stderr and
//! the JSON report, on real corpus data. Outputs are snapshots with times, digests and temp paths
//! redacted.

// Test code: a failed unwrap is a failed test, and std::fs is fine for files the test made.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods,
    clippy::print_stderr,
    unreachable_pub
)]

mod archives;
mod check;
mod db;
mod declarations;
mod errors;
mod file_evidence;
mod formats;
mod help;
mod sbom_input;
mod sbom_quality;
mod scan;
mod spdx;
mod support;
mod verify;
mod vex;
