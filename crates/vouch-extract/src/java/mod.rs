//! Java: Maven pom.xml and Gradle lockfiles, version catalogs, verification metadata.

pub(crate) mod gradle_catalog;
pub(crate) mod gradle_lock;
pub(crate) mod gradle_verification;
pub(crate) mod pom;
