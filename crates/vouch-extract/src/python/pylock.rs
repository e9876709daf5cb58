//! TODO(helper): this cataloger is being written.

use std::path::Path;

use crate::{Cataloger, ExtractError, Parsed};

/// Placeholder until the cataloger lands.
pub(crate) struct PyLock;

impl Cataloger for PyLock {
    fn name(&self) -> &'static str {
        "pylock-toml"
    }
    fn claims(&self, _path: &Path) -> bool {
        false
    }
    fn parse(&self, _path: &Path, _display: &Path) -> Result<Parsed, ExtractError> {
        Ok(Parsed::default())
    }
}
