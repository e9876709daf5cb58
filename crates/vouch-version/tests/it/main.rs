//! Behaviour tests of vouch-version: conformance with comparisons produced by each ecosystem's
//! own implementation (../shared/corpus/versions), property tests of the ordering laws, and
//! tables of tricky and invalid versions per scheme.

#![allow(
    clippy::panic,
    clippy::print_stderr,
    reason = "test helpers fail the test by panicking; conformance runs report their counts"
)]

mod apk;
mod conformance;
mod cran;
mod dart_pub;
mod dpkg;
mod go;
mod hackage;
mod hex;
mod maven;
mod npm;
mod nuget;
mod packagist;
mod pep440;
mod properties;
mod rpm;
mod rubygems;
mod semver;
mod support;
