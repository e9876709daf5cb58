//! OS package databases: what a container image or root file system has installed, read from
//! dpkg's `status`, apk's `installed` and RPM's database. Each package is listed with its
//! distribution's context from the `os-release` of the same root, because OSV scopes OS
//! advisories by release (`Debian:12`) and names them by source package.

pub(crate) mod apk;
pub(crate) mod dpkg;
pub(crate) mod release;
pub(crate) mod rpm;

use std::path::{Component as PathPart, Path, PathBuf};

use vouch_model::{
    Component, Diagnostic, DiagnosticCode, Location, OsPackage, PackageName, Purl, SourcePackage,
};

use crate::Parsed;
pub(crate) use release::{Distro, Family};

/// Whether `path` ends with `suffix`, component by component; `*` matches any one component.
pub(crate) fn ends_with(path: &Path, suffix: &[&str]) -> bool {
    let parts: Vec<_> = path.components().collect();
    parts.len() >= suffix.len()
        && parts[parts.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(part, want)| match part {
                PathPart::Normal(name) => *want == "*" || name.to_str() == Some(*want),
                _ => false,
            })
}

/// The root a database at `path` belongs to: `path` without its `suffix` (the database's
/// place under the root, `var/lib/dpkg/status`). `None` when `path` is not at that place.
pub(crate) fn root_of(path: &Path, suffix: &[&str]) -> Option<PathBuf> {
    if !ends_with(path, suffix) {
        return None;
    }
    let mut root = path.to_path_buf();
    for _ in suffix {
        root.pop();
    }
    Some(root)
}

/// The distribution of the database at `path` (shown as `display`), one of whose places under
/// a root is in `suffixes`: read from the root's os-release. A missing or unmapped os-release
/// is a diagnostic naming the database, and the family's default distribution is used.
pub(crate) fn distro_of(
    family: Family,
    source: &dyn crate::Source,
    path: &Path,
    display: &Path,
    suffixes: &[&[&str]],
    parsed: &mut Parsed,
) -> Distro {
    let root = suffixes.iter().find_map(|s| root_of(path, s));
    let (distro, problem) = match root {
        None => (
            Distro::unknown(family),
            Some(format!(
                "the database is not at its usual place under a root file system ({}), so \
                 there is no os-release to tell its distribution release",
                suffixes
                    .iter()
                    .map(|s| s.join("/"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ),
        Some(root) => match release::read_os_release(source, &root) {
            Ok(Some(fields)) => Distro::resolve(family, &fields),
            Ok(None) => (
                Distro::unknown(family),
                Some("no etc/os-release or usr/lib/os-release under its root".to_owned()),
            ),
            Err(e) => (Distro::unknown(family), Some(e)),
        },
    };
    if let Some(problem) = problem {
        parsed.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::UnknownDistribution,
                format!(
                    "{problem}; its packages are listed as {} without a release",
                    distro.ecosystem
                ),
            )
            .with_path(display),
        );
    }
    distro
}

/// One installed package as a database records it, before it becomes a component.
#[derive(Debug, Default)]
pub(crate) struct Installed {
    pub(crate) name: String,
    /// The version as the distribution's tools print it (with a dpkg or RPM epoch).
    pub(crate) version: String,
    /// The RPM epoch, which a purl carries as a qualifier rather than in the version.
    pub(crate) epoch: Option<String>,
    /// The version as the purl shows it (RPM: without the epoch); `None` means `version`.
    pub(crate) purl_version: Option<String>,
    pub(crate) architecture: Option<String>,
    pub(crate) source: Option<SourcePackage>,
    pub(crate) maintainer: Option<String>,
    pub(crate) license: Option<String>,
    pub(crate) line: Option<u32>,
}

impl Installed {
    /// The component, or a diagnostic naming the package when its name cannot be one.
    pub(crate) fn into_component(
        self,
        distro: &Distro,
        display: &Path,
    ) -> Result<Component, Diagnostic> {
        let record = format!("{}@{}", self.name, self.version);
        let invalid = |message: String| {
            Diagnostic::new(
                DiagnosticCode::InvalidPackage,
                format!("{message}; package skipped"),
            )
            .with_path(display)
            .with_record(record.clone())
        };
        let name =
            PackageName::new(distro.ecosystem, &self.name).map_err(|e| invalid(e.to_string()))?;
        let location = Location {
            path: display.to_path_buf(),
            line: self.line,
        };
        let mut component = Component::new(
            distro.ecosystem,
            name.clone(),
            Some(self.version.clone()),
            location,
        )
        .map_err(|e| invalid(e.to_string()))?;
        let mut qualifiers = vec![("arch", self.architecture.as_deref().unwrap_or_default())];
        if let Some(epoch) = &self.epoch {
            qualifiers.push(("epoch", epoch));
        }
        if let Some(d) = &distro.purl_distro {
            qualifiers.push(("distro", d));
        }
        component.purl = Purl::for_os_package(
            distro.ecosystem,
            &distro.namespace,
            &name,
            Some(self.purl_version.as_deref().unwrap_or(&self.version)),
            &qualifiers,
        )
        .map_err(|e| invalid(e.to_string()))?;
        component.os_package = Some(OsPackage {
            release: distro.release.clone(),
            source: self.source,
            architecture: self.architecture,
            maintainer: self.maintainer,
            license: self.license,
        });
        Ok(component)
    }
}

/// Adds `installed` to `parsed` as a component, or its diagnostic.
pub(crate) fn push(parsed: &mut Parsed, installed: Installed, distro: &Distro, display: &Path) {
    match installed.into_component(distro, display) {
        Ok(c) => parsed.components.push(c),
        Err(d) => parsed.diagnostics.push(d),
    }
}

/// A text field's value, `None` when empty.
pub(crate) fn non_empty(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_owned())
}
