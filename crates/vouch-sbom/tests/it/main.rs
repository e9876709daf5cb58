//! Behaviour tests of the SBOM writers: our CycloneDX output validates against the official 1.6
//! schema for every component shape, the validator agrees with the CycloneDX spec's own test
//! BOMs, and the output is deterministic.

// Helpers outside `#[test]` functions fail the test by panicking, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::panic)]

mod cyclonedx_output;
mod cyclonedx_spec_tests;
mod determinism;
mod read_conformance;
mod support;
