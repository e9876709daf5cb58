//! Packages as installed, not as locked: what a container image or an unpacked application
//! holds when no lockfile came with it. Python distributions' `METADATA`/`PKG-INFO`, packages'
//! own `package.json` inside `node_modules`, RubyGems' installed `specifications/*.gemspec`, and
//! Composer's `vendor/composer/installed.json`. Each names the package that is really there.

pub(crate) mod composer;
pub(crate) mod gemspec;
pub(crate) mod node;
pub(crate) mod python;

use std::path::Path;

use vouch_model::{Component, Diagnostic, DiagnosticCode, Ecosystem, Location, PackageName};

/// A component of `ecosystem` found at `display` (line `line`), or a diagnostic saying why the
/// name or version could not be used.
pub(crate) fn installed(
    ecosystem: Ecosystem,
    name: &str,
    version: &str,
    display: &Path,
    line: Option<u32>,
) -> Result<Component, Diagnostic> {
    let invalid = |message: String| {
        Diagnostic::new(DiagnosticCode::InvalidPackage, message).with_path(display)
    };
    let package =
        PackageName::new(ecosystem, name).map_err(|e| invalid(format!("package `{name}`: {e}")))?;
    let location = Location {
        path: display.to_path_buf(),
        line,
    };
    Component::new(ecosystem, package, Some(version.to_owned()), location)
        .map_err(|e| invalid(format!("package `{name}` {version}: {e}")))
}

/// The name of the directory holding `path`, and of the one above it.
pub(crate) fn parents(path: &Path) -> (Option<&str>, Option<&str>) {
    fn name(p: Option<&Path>) -> Option<&str> {
        p.and_then(Path::file_name).and_then(|n| n.to_str())
    }
    let parent = path.parent();
    (name(parent), name(parent.and_then(Path::parent)))
}
