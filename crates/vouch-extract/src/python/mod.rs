//! Python's lockfiles and requirement files.

pub(crate) mod pipfile;
pub(crate) mod poetry;
pub(crate) mod requirements;
pub(crate) mod uv;
