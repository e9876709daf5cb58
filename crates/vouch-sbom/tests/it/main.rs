//! Behaviour tests of the SBOM writers: our CycloneDX and SPDX output validates against the
//! official CycloneDX 1.6 and SPDX 2.3 schemas for every component shape, the validators agree
//! with the specs' own test documents, and the output is deterministic.

// Helpers outside `#[test]` functions fail the test by panicking, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::panic)]

mod cyclonedx_output;
mod cyclonedx_spec_tests;
mod determinism;
mod quality;
mod read_conformance;
mod spdx_output;
mod spdx_validation;
mod support;
