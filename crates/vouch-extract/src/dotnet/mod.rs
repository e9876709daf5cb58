//! .NET: NuGet lockfiles, packages.config, deps.json, project.assets.json.

pub(crate) mod deps_json;
pub(crate) mod packages_config;
pub(crate) mod packages_lock;
pub(crate) mod project_assets;
