//! Swift and CocoaPods: Package.resolved, Podfile.lock.

pub(crate) mod package_resolved;
pub(crate) mod podfile_lock;
