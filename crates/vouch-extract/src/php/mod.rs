//! PHP: Composer's composer.lock.

pub(crate) mod composer_lock;
