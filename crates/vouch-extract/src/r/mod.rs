//! R: renv.lock.

pub(crate) mod renv_lock;
