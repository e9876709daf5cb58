//! Swift and CocoaPods: SwiftPM's Package.resolved; Podfile.lock claims nothing until there is
//! a CocoaPods ecosystem to name pods in.

pub(crate) mod package_resolved;
pub(crate) mod podfile_lock;
