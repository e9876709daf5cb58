//! `Podfile.lock` (CocoaPods) is not read yet: OSV has no CocoaPods ecosystem, and
//! `vouch_model::Ecosystem` has none either, so a pod could not be named or matched against
//! advisories. Until one exists this cataloger claims no file.

use std::path::Path;

use crate::{Cataloger, ExtractError, Parsed};

/// Claims nothing: see the module documentation.
pub(crate) struct PodfileLock;

impl Cataloger for PodfileLock {
    fn name(&self) -> &'static str {
        "podfile-lock"
    }
    fn claims(&self, _path: &Path) -> bool {
        false
    }
    fn parse(&self, _path: &Path, _display: &Path) -> Result<Parsed, ExtractError> {
        Ok(Parsed::default())
    }
}
