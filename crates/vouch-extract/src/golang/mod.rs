//! Go modules: go.mod and vendor/modules.txt.

pub(crate) mod gomod;
pub(crate) mod vendor;
