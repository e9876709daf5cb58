//! Elixir: mix.lock.

pub(crate) mod mix_lock;
