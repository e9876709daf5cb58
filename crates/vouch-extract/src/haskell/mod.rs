//! Haskell: cabal.project.freeze and stack.yaml.lock.

pub(crate) mod cabal_freeze;
pub(crate) mod stack_lock;
