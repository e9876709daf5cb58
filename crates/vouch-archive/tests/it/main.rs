//! Behaviour tests of the virtual tree: every format, nested archives, container images with
//! whiteouts, hostile input (escapes, bombs, limits, corruption) and the shared corpus.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod corpus;
mod fixtures;
mod formats;
mod fuzz;
mod hostile;
mod images;
