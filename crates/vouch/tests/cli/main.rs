//! Behaviour of the `vouch` binary as users and scripts see it: exit codes, stdout, stderr and
//! the JSON report, on real corpus data. Outputs are snapshots with times, digests and temp paths
//! redacted.

mod check;
mod db;
mod errors;
mod help;
mod support;
