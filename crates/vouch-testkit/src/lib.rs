//! Test support shared by vouch's crates. The one way tests reach the shared corpus of real
//! third-party data: `VOUCH_CORPUS`, else `../shared/corpus` beside the repository. When it is
//! absent, corpus tests print that they were skipped; CI sets `VOUCH_REQUIRE_CORPUS=1` so a
//! missing corpus fails instead of silently passing.

#![allow(clippy::print_stderr, clippy::panic)]

use std::path::{Path, PathBuf};

/// The corpus directory, if there is one.
pub fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VOUCH_CORPUS") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    // crates/vouch-testkit -> repository root -> ../shared/corpus
    let dir = here
        .parent()?
        .parent()?
        .parent()?
        .join("shared")
        .join("corpus");
    dir.is_dir().then_some(dir)
}

/// The corpus directory, or `None` after printing that `test` was skipped. Panics instead when
/// `VOUCH_REQUIRE_CORPUS` is set, so CI cannot pass without the corpus.
pub fn corpus_or_skip(test: &str) -> Option<PathBuf> {
    match corpus_dir() {
        Some(dir) => Some(dir),
        None if std::env::var_os("VOUCH_REQUIRE_CORPUS").is_some() => {
            panic!(
                "{test}: the corpus is required (VOUCH_REQUIRE_CORPUS) but was not found; set VOUCH_CORPUS"
            )
        }
        None => {
            eprintln!("skipped {test}: no corpus (set VOUCH_CORPUS or put it at ../shared/corpus)");
            None
        }
    }
}

/// Runs `body` with the corpus, or skips as [`corpus_or_skip`] does.
#[macro_export]
macro_rules! with_corpus {
    ($body:expr) => {
        match $crate::corpus_or_skip(concat!(module_path!(), "::", line!())) {
            Some(dir) => ($body)(dir),
            None => return,
        }
    };
}
