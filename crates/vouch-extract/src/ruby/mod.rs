//! Ruby: Bundler's Gemfile.lock.

pub(crate) mod gemfile_lock;
