//! Components found in built artifacts rather than lockfiles: Go build info and cargo-auditable
//! data inside executables (ELF, Mach-O, PE), and the Maven coordinates Java archives carry.
//! Executables have no telling names, so they are found by their magic numbers
//! ([`crate::Cataloger::sniffs`]); every length they claim is checked before it is read.

pub(crate) mod auditable;
pub(crate) mod executable;
pub(crate) mod go_buildinfo;
pub(crate) mod java_archive;
