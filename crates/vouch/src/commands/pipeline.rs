//! The steps `check`, `scan` and `sbom` share: read the delivery into an inventory, open (and on
//! first use, sync) the advisory database, match, and describe the database for the report.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use vouch_advisory::{AdvisoryError, Database, SyncSettings};
use vouch_baseline::{DatabaseRef, DatabaseSourceRef, Tool};
use vouch_model::{Diagnostic, DiagnosticCode, Ecosystem, Finding, Inventory};

use crate::cli::Delivery;
use crate::context::Context;
use crate::error::Coded;

/// Advisories older than this make the report warn that the database is stale.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 3600);

pub(crate) fn tool() -> Tool {
    Tool {
        name: "vouch".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

/// Reads the delivery. A path that does not exist is an error (exit 2); unreadable files inside
/// it become diagnostics in the inventory.
pub(crate) fn inventory(delivery: &Delivery) -> anyhow::Result<Inventory> {
    let path = &delivery.path;
    if !path.exists() {
        return Err(Coded::error(
            DiagnosticCode::UnreadableInput,
            format!("{}: no such file or directory", path.display()),
        ));
    }
    let mut options = vouch_extract::ScanOptions {
        exclude: delivery.exclude.clone(),
        installed_only: false,
    };
    // A lockfile named directly is read as such; an SBOM file is read as the delivery it
    // describes; anything else that is not a plain directory (a tarball, a zip, a jar, an OCI
    // layout or `docker save` archive) is opened as a tree.
    let lockfile = path.is_file() && vouch_extract::cataloger_for(path).is_some();
    if !lockfile {
        if let Some(inventory) = sbom_inventory(path) {
            return Ok(inventory);
        }
        let tree =
            vouch_archive::Tree::open(path, &vouch_archive::Limits::default()).map_err(|e| {
                Coded::error(
                    DiagnosticCode::UnreadableInput,
                    format!("{}: {e}", path.display()),
                )
            })?;
        if matches!(
            tree.kind(),
            vouch_archive::RootKind::Archive(_) | vouch_archive::RootKind::Image
        ) {
            // An image is judged by what is installed in it, as Trivy and Syft do: its
            // lockfiles and manifests (Debian ships hundreds under /usr/share) list build-time
            // and development packages that are not there.
            options.installed_only = tree.kind() == vouch_archive::RootKind::Image;
            return Ok(archive_inventory(&tree, &options));
        }
    }
    Ok(vouch_extract::scan(path, &options))
}

/// Catalogs an archive or a container image without extracting it: one walk takes out the files
/// a cataloger claims (and the siblings they read), then the catalogers run over them in
/// memory. What the walk could not read becomes diagnostics; the rest is still cataloged.
fn archive_inventory(
    tree: &vouch_archive::Tree,
    options: &vouch_extract::ScanOptions,
) -> Inventory {
    /// Keeps what catalogers read together (lockfiles with their manifests, package databases
    /// with os-release); catalogs at once, and drops, what is read alone (executables, jars).
    struct Take<'a> {
        options: &'a vouch_extract::ScanOptions,
        kept: vouch_extract::InMemory,
        alone: Vec<vouch_extract::Outcome>,
    }
    impl vouch_archive::Visitor for Take<'_> {
        fn visit(&mut self, entry: &vouch_archive::Entry) -> vouch_archive::Want {
            // A member of an archive that a cataloger reads whole (a jar's pom.xml) is that
            // cataloger's business: read again on its own it would count twice.
            let inside_self_contained = entry
                .path
                .match_indices(vouch_archive::NESTED_SEPARATOR)
                .any(|(i, _)| {
                    vouch_extract::cataloger_for(Path::new(&entry.path[..i]))
                        .is_some_and(|c| !c.needs_siblings())
                });
            if inside_self_contained {
                return vouch_archive::Want::NOTHING;
            }
            let wanted = entry.kind == vouch_archive::EntryKind::File
                && (vouch_extract::wanted(Path::new(&entry.path), self.options)
                    || entry.is_executable());
            if wanted {
                vouch_archive::Want::CONTENT
            } else {
                vouch_archive::Want::NOTHING
            }
        }
        fn content(&mut self, file: vouch_archive::File) {
            let Some(bytes) = file.content else {
                return;
            };
            let path = Path::new(&file.entry.path);
            if vouch_extract::wanted(path, self.options)
                && vouch_extract::cataloger_for(path).is_none_or(|c| c.needs_siblings())
            {
                self.kept.insert(path, bytes);
            } else if let Some(outcome) =
                vouch_extract::catalog_delivered(path, bytes, file.entry.is_executable())
            {
                self.alone.push(outcome);
            }
        }
    }
    let mut take = Take {
        options,
        kept: vouch_extract::InMemory::new(),
        alone: Vec::new(),
    };
    let summary = tree.walk(&mut take);
    let mut inventory = vouch_extract::scan_source_with(&take.kept, options, take.alone);
    inventory
        .diagnostics
        .extend(summary.problems.iter().map(archive_problem));
    inventory
}

/// A problem of the archive walk as a diagnostic.
fn archive_problem(p: &vouch_archive::Problem) -> Diagnostic {
    use vouch_archive::ProblemKind as K;
    let code = match p.kind {
        K::UnsafePath | K::AbsolutePath | K::LinkEscape => DiagnosticCode::UnsafeArchiveEntry,
        K::EntryLimit | K::TotalBytesLimit | K::RatioLimit => DiagnosticCode::ArchiveLimit,
        K::DepthLimit | K::FileTooLarge => DiagnosticCode::ArchiveNotOpened,
        K::Truncated | K::Corrupt | K::Io => DiagnosticCode::CorruptDeliveryArchive,
        _ => DiagnosticCode::UnsupportedArchiveEntry,
    };
    let diagnostic = Diagnostic::new(code, p.message.clone());
    if p.path.is_empty() {
        diagnostic
    } else {
        diagnostic.with_path(&p.path)
    }
}

/// When the delivery is a single file that is an SBOM (CycloneDX, SPDX), its components: a
/// seller's SBOM is scanned as the delivery it describes. `None` for anything else (lockfiles,
/// directories, files over the SBOM size limit), which the catalogers read. An SBOM that is
/// broken is an error diagnostic, as a broken lockfile is.
pub(crate) fn sbom_inventory(path: &Path) -> Option<Inventory> {
    let metadata = fs_err::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > vouch_sbom::MAX_SBOM_BYTES {
        return None;
    }
    // A tarball or an image is not read whole to learn it is not an SBOM: its first bytes tell.
    let mut head = Vec::with_capacity(vouch_sbom::SBOM_SNIFF_BYTES);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            fs_err::File::open(path).ok()?,
            vouch_sbom::SBOM_SNIFF_BYTES as u64,
        ),
        &mut head,
    )
    .ok()?;
    if !vouch_sbom::may_be_sbom(&head) {
        return None;
    }
    let bytes = fs_err::read(path).ok()?;
    match vouch_sbom::read_sbom(&bytes, path) {
        Ok(doc) => Some(doc.inventory),
        Err(vouch_sbom::SbomReadError::Unrecognised { .. }) => None,
        Err(e) => {
            let mut inventory = Inventory::new();
            inventory.diagnostics.push(
                Diagnostic::new(DiagnosticCode::MalformedLockfile, e.to_string()).with_path(path),
            );
            Some(inventory)
        }
    }
}

/// The OSV base URL: `VOUCH_OSV_URL`, else the public default.
pub(crate) fn osv_url(flag: Option<&str>) -> String {
    flag.map(str::to_owned)
        .or_else(|| std::env::var("VOUCH_OSV_URL").ok())
        .unwrap_or_else(|| vouch_advisory::DEFAULT_OSV_URL.to_owned())
}

pub(crate) fn sync_settings(base_url: String, ecosystems: Vec<Ecosystem>) -> SyncSettings {
    SyncSettings::new(base_url, ecosystems)
}

/// Opens the advisory database; when there is none yet and the network may be used, first
/// syncs the ecosystems the inventory needs. `None` when there is no database to use: nothing
/// to match (an empty inventory), or none could be had — then a diagnostic says why and how to
/// get one, and the caller still reports everything else.
fn database(
    ctx: &Context,
    inventory: &Inventory,
) -> anyhow::Result<(Option<Database>, Vec<Diagnostic>)> {
    let open = |ctx: &Context| {
        Database::open(&ctx.db_dir).with_context(|| {
            format!(
                "cannot open the advisory database in {}",
                ctx.db_dir.display()
            )
        })
    };
    match Database::open(&ctx.db_dir) {
        Ok(db) => return Ok((Some(db), Vec::new())),
        Err(AdvisoryError::DatabaseMissing { .. }) => {}
        Err(e) => {
            return Err(e).with_context(|| {
                format!(
                    "cannot open the advisory database in {}",
                    ctx.db_dir.display()
                )
            });
        }
    }
    let ecosystems: BTreeSet<Ecosystem> =
        inventory.components().iter().map(|c| c.ecosystem).collect();
    if ecosystems.is_empty() {
        return Ok((None, Vec::new()));
    }
    let missing = |message: String| {
        Diagnostic::new(DiagnosticCode::DatabaseMissing, message).with_path(ctx.db_dir.clone())
    };
    if ctx.offline {
        return Ok((
            None,
            vec![missing(
                "no advisory database, and --offline forbids downloading one: components were not matched against advisories".into(),
            )],
        ));
    }
    let names: Vec<&str> = ecosystems.iter().map(|e| e.as_str()).collect();
    let url = osv_url(None);
    ctx.note(&format!(
        "no advisory database yet: syncing {} from {url} into {}",
        names.join(", "),
        ctx.db_dir.display()
    ));
    let settings = sync_settings(url.clone(), ecosystems.into_iter().collect());
    if let Err(e) = vouch_advisory::sync(&ctx.db_dir, &settings) {
        return Ok((
            None,
            vec![missing(format!(
                "the first download of the advisory database from {url} failed ({e}): components were not matched against advisories"
            ))],
        ));
    }
    Ok((Some(open(ctx)?), Vec::new()))
}

/// The advisory step of `check` and `scan`: opens (or first syncs) the database and matches
/// the inventory. Returns the findings (informational advisories included, as their own kinds),
/// the database used, and the diagnostics of both steps.
pub(crate) fn advisories(
    ctx: &Context,
    inventory: &Inventory,
) -> anyhow::Result<(Vec<Finding>, Option<DatabaseRef>, Vec<Diagnostic>)> {
    let (db, mut diagnostics) = database(ctx, inventory)?;
    let Some(db) = db else {
        return Ok((Vec::new(), None, diagnostics));
    };
    let m = db.match_inventory(inventory);
    diagnostics.extend(m.diagnostics);
    diagnostics.extend(db.info().staleness(jiff::Timestamp::now(), STALE_AFTER));
    let mut findings = m.findings;
    findings.extend(m.warnings);
    findings.sort_by(|a, b| {
        (a.ecosystem, &a.package, &a.version, &a.id).cmp(&(
            b.ecosystem,
            &b.package,
            &b.version,
            &b.id,
        ))
    });
    Ok((findings, Some(database_ref(&db)), diagnostics))
}

/// VEX in: reads each `--vex` file and the `[[triage]]` table of `triage` (the delivery's
/// vouch.toml, when there is one) and records on each finding how the seller evaluated it. An
/// unusable file or statement is an error diagnostic (the run goes on, exit 2); expired and
/// unmatched statements are notes.
pub(crate) fn apply_vex(
    files: &[PathBuf],
    triage: Option<&Path>,
    findings: &mut [Finding],
) -> Vec<Diagnostic> {
    let mut statements = Vec::new();
    let mut diagnostics = Vec::new();
    let read = files
        .iter()
        .map(|f| (f.as_path(), vouch_advisory::vex::read(f)))
        .chain(triage.map(|t| (t, vouch_advisory::vex::read_triage(t))));
    for (path, doc) in read {
        match doc {
            Ok(doc) => {
                statements.extend(doc.statements);
                diagnostics.extend(doc.diagnostics);
            }
            Err(e) => diagnostics
                .push(Diagnostic::new(DiagnosticCode::UnreadableVex, e.reason).with_path(path)),
        }
    }
    let today = jiff::Zoned::now().date();
    diagnostics.extend(vouch_advisory::vex::apply(findings, &statements, today));
    diagnostics
}

/// How the report names the database it used.
fn database_ref(db: &Database) -> DatabaseRef {
    let info = db.info();
    DatabaseRef {
        digest: info.digest.clone(),
        updated: info.updated,
        newest_advisory: info.newest_advisory,
        records: info.records,
        sources: info
            .sources
            .iter()
            .map(|s| DatabaseSourceRef {
                name: s.name.clone(),
                origin: s.origin.clone(),
                records: s.records,
                updated: s.updated,
            })
            .collect(),
    }
}

/// Error diagnostics also go to stderr when the report itself went to a file or a script, so a
/// person running the command still sees that part of the job could not be done.
pub(crate) fn echo_errors(ctx: &Context, report: &vouch_baseline::Report, shown_on_terminal: bool) {
    if shown_on_terminal {
        return;
    }
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.level == vouch_model::Level::Error)
    {
        ctx.note(&d.to_string());
    }
}
