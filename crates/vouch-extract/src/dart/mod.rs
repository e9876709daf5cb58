//! Dart: pubspec.lock.

pub(crate) mod pubspec_lock;
