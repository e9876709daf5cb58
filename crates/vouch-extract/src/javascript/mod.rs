//! JavaScript lockfiles beyond npm's own: yarn, pnpm, bun.

pub(crate) mod bun;
pub(crate) mod pnpm;
pub(crate) mod yarn;
