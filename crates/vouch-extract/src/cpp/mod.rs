//! C/C++: Conan's conan.lock.

pub(crate) mod conan_lock;
