//! Catalogers: turn the lockfiles, manifests and OS package databases of a delivery into an
//! [`Inventory`] of components. One parallel walk of the tree finds the files; each file is claimed by at most one
//! cataloger by its name, parsed once, and a file that cannot be parsed becomes a diagnostic
//! while the scan goes on with the rest.

mod binary;
mod cargo_lock;
mod cpp;
mod dart;
mod dotnet;
mod elixir;
mod encoding;
mod error;
mod evidence;
mod golang;
mod haskell;
mod installed;
mod java;
mod javascript;
mod npm_lock;
mod os;
mod php;
mod python;
mod r;
mod read;
mod ruby;
mod source;
mod swift;
mod walk;

use std::path::Path;

pub use error::ExtractError;
pub use source::{Disk, InMemory, SeekRead, Source};
pub use walk::{
    Outcome, ScanOptions, catalog_alone, catalog_delivered, scan, scan_source, scan_source_with,
};

use vouch_model::Component;

/// A parser for one kind of lockfile or manifest.
pub trait Cataloger: Sync {
    /// A short stable name (`cargo-lock`, `npm-lock`, `requirements-txt`, ...).
    fn name(&self) -> &'static str;

    /// Whether this cataloger reads the file at `path` (judged by its file name only).
    fn claims(&self, path: &Path) -> bool;

    /// Whether this cataloger reads a file that no cataloger claimed by name, judged by its
    /// first bytes (`head`, at most [`SNIFF_BYTES`]): executables have no telling names, only
    /// magic numbers. The walk reads that header only for files nobody claimed. Default: no.
    fn sniffs(&self, head: &[u8]) -> bool {
        let _ = head;
        false
    }

    /// Parses the file at `path` in `source` (the disk, or files taken out of an archive);
    /// siblings and includes are read from the same source, relative to `path`. `display` is
    /// how reports name it (relative to the scanned root). Components must carry `display`
    /// (and a line where known) as their location.
    fn parse_from(
        &self,
        source: &dyn Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError>;

    /// Whether parsing may read other files than the claimed one (a manifest beside a
    /// lockfile, an include, the os-release beside a package database). A walk over an archive
    /// keeps such files until every sibling has passed; the others it parses at once and drops.
    fn needs_siblings(&self) -> bool {
        true
    }

    /// Whether the file proves its components are installed (a package database, installed
    /// metadata, an executable's build info, a `.deps.json` beside a built application) rather
    /// than declares them (a lockfile or manifest, which also lists build-time and development
    /// packages that may not be there). An image is judged by what is installed, as Trivy and
    /// Syft do; see [`ScanOptions::installed_only`]. Default: declares.
    fn lists_installed(&self) -> bool {
        false
    }

    /// [`Cataloger::parse_from`] the disk.
    fn parse(&self, path: &Path, display: &Path) -> Result<Parsed, ExtractError> {
        self.parse_from(&Disk, path, display)
    }
}

/// What one cataloger got out of one file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The components found.
    pub components: Vec<Component>,
    /// Problems with parts of the file that were skipped (the rest was used).
    pub diagnostics: Vec<vouch_model::Diagnostic>,
    /// Other files this one pulled in (requirements `-r` includes), as display paths.
    pub included: Vec<std::path::PathBuf>,
    /// The dependency graph where the file records it: `(from, to)` by purl, for components
    /// in `components`.
    pub dependencies: Vec<(vouch_model::Purl, vouch_model::Purl)>,
    /// The component the file itself is (a program's main package, a jar's own artifact), by
    /// purl; the file's hash is that component's hash. `None` for files that only list or
    /// hold components.
    pub itself: Option<vouch_model::Purl>,
}

/// Every cataloger vouch has, in the order they are asked to claim a file.
pub fn catalogers() -> &'static [&'static dyn Cataloger] {
    &[
        &cargo_lock::CargoLock,
        &npm_lock::NpmLock,
        &python::requirements::RequirementsTxt,
        &python::poetry::PoetryLock,
        &python::uv::UvLock,
        &python::pipfile::PipfileLock,
        &javascript::yarn::YarnLock,
        &javascript::pnpm::PnpmLock,
        &javascript::bun::BunLock,
        &python::pdm::PdmLock,
        &python::pylock::PyLock,
        &golang::gomod::GoMod,
        &golang::vendor::VendorModules,
        &java::pom::PomXml,
        &java::gradle_lock::GradleLockfile,
        &java::gradle_catalog::GradleVersionCatalog,
        &java::gradle_verification::GradleVerificationMetadata,
        &ruby::gemfile_lock::GemfileLock,
        &php::composer_lock::ComposerLock,
        &dotnet::packages_lock::PackagesLockJson,
        &dotnet::packages_config::PackagesConfig,
        &dotnet::deps_json::DepsJson,
        &dotnet::project_assets::ProjectAssetsJson,
        &dart::pubspec_lock::PubspecLock,
        &elixir::mix_lock::MixLock,
        &swift::package_resolved::PackageResolved,
        &swift::podfile_lock::PodfileLock,
        &cpp::conan_lock::ConanLock,
        &r::renv_lock::RenvLock,
        &haskell::cabal_freeze::CabalFreeze,
        &haskell::stack_lock::StackLock,
        &installed::python::PythonMetadata,
        &installed::node::NodeModulesPackage,
        &installed::gemspec::InstalledGemspec,
        &installed::composer::ComposerInstalled,
        &os::dpkg::DpkgStatus,
        &os::apk::ApkInstalled,
        &os::rpm::RpmDb,
        &binary::java_archive::JavaArchive,
        &binary::executable::Executable,
    ]
}

/// The cataloger that claims `path`, if any.
pub fn cataloger_for(path: &Path) -> Option<&'static dyn Cataloger> {
    catalogers().iter().copied().find(|c| c.claims(path))
}

/// Files a cataloger reads beside the one it claims (manifests beside lockfiles, `go.sum`
/// beside `go.mod`, the OS release beside a package database). A walk that must choose what to
/// take out of an archive takes these too; see [`wanted`].
pub const SIBLINGS: &[&str] = &[
    "package.json",
    "pyproject.toml",
    "Pipfile",
    "composer.json",
    "go.sum",
    "os-release",
];

/// Whether a walk over an archive or an image should take the file at `path` out for the
/// catalogers: a file some cataloger claims (one that [lists installed
/// packages](Cataloger::lists_installed) when `options.installed_only`), or a sibling one of
/// them reads.
pub fn wanted(path: &Path, options: &ScanOptions) -> bool {
    cataloger_for(path).is_some_and(|c| !options.installed_only || c.lists_installed())
        || path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| SIBLINGS.contains(&n))
}

/// How many leading bytes of an unclaimed file [`Cataloger::sniffs`] is shown.
pub const SNIFF_BYTES: usize = 16;

/// The cataloger that sniffs `head`, the first bytes of a file no cataloger claimed by name.
pub fn cataloger_sniffing(head: &[u8]) -> Option<&'static dyn Cataloger> {
    catalogers().iter().copied().find(|c| c.sniffs(head))
}

/// The cataloger with the given [`Cataloger::name`], for tests and `--parse-as` style use.
pub fn cataloger_named(name: &str) -> Option<&'static dyn Cataloger> {
    catalogers().iter().copied().find(|c| c.name() == name)
}
