//! Elixir: mix.lock, written as an Elixir term, read by a small tolerant term reader.

pub(crate) mod mix_lock;
mod term;
