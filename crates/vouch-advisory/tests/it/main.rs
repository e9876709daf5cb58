//! Behaviour tests of vouch-advisory against real OSV data from the shared corpus: importing
//! every advisory set, archives, accumulation, sync against a local HTTP server, matching real
//! lockfiles, and equivalence with cargo-audit.

// Test helpers outside `#[test]` functions fail loudly by design, and read fixtures with std.
#![allow(clippy::unwrap_used, clippy::disallowed_methods, clippy::panic)]

mod accumulate;
mod archives;
mod cargo_audit;
mod common;
mod corpus_sets;
mod matching_real;
mod os_matching;
mod sync_http;
mod vex_corpus;
