//! The command line, as specified under "The command line" in DESIGN.md. Scripts and CI depend
//! on these names: add, never rename.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// vouch checks a software delivery against a supplier cybersecurity baseline and produces the
/// evidence: an SBOM, vulnerability and malicious-code findings, and a verdict per clause.
#[derive(Debug, Parser)]
#[command(
    name = "vouch",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// The advisory database directory [default: the user cache dir, e.g. ~/.cache/vouch/db]
    #[arg(long, global = true, env = "VOUCH_DB", value_name = "DIR")]
    pub(crate) db: Option<PathBuf>,
    /// Never touch the network; use only the local database
    #[arg(long, global = true)]
    pub(crate) offline: bool,
    /// Print nothing on stderr but errors
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,
    /// When to colour terminal output (NO_COLOR is honoured by `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub(crate) color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// The main job: inventory, advisories and a verdict per clause of the baseline
    Check(CheckArgs),
    /// Findings only: known vulnerabilities and malicious components
    Scan(ScanArgs),
    /// Write the delivery's SBOM
    Sbom(SbomArgs),
    /// Test a seller's SBOM against the delivery it describes
    ///
    /// The customer's independent test (clause 3.5): components missing from the SBOM or not in
    /// the delivery, versions and hashes that differ. Exit 0 consistent, 1 drift, 2 unreadable.
    Verify(VerifyArgs),
    /// The local advisory database
    #[command(subcommand)]
    Db(DbCommand),
    /// Write a commented vouch.toml for the delivery, filled with what can be detected
    Init(InitArgs),
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The delivery's directory
    #[arg(default_value = ".")]
    pub(crate) path: PathBuf,
    /// Write here instead of PATH/vouch.toml
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Replace an existing file
    #[arg(long)]
    pub(crate) force: bool,
}

/// What to read.
#[derive(Debug, Args)]
pub(crate) struct Delivery {
    /// The delivery: a directory, a single lockfile, or an SBOM (CycloneDX or SPDX) to read
    /// instead of scanning
    #[arg(default_value = ".")]
    pub(crate) path: PathBuf,
    /// Leave out paths matching this glob (gitignore syntax, relative to PATH); repeatable
    #[arg(long, value_name = "GLOB")]
    pub(crate) exclude: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) delivery: Delivery,
    /// The baseline: `seller-offerings` (built in) or a baseline TOML file
    #[arg(long, value_name = "NAME|FILE", default_value = "seller-offerings")]
    pub(crate) baseline: String,
    /// The seller's declarations [default: PATH/vouch.toml if present]
    #[arg(long, value_name = "FILE")]
    pub(crate) declaration: Option<PathBuf>,
    /// A VEX document saying how findings were evaluated (OpenVEX, CycloneDX or CSAF JSON);
    /// repeatable. PATH/vouch.toml `[[triage]]` entries are read too
    #[arg(long = "vex", value_name = "FILE")]
    pub(crate) vex: Vec<PathBuf>,
    /// Judge certificates, audit periods, support periods and waivers as of this delivery date
    /// (YYYY-MM-DD) instead of today, e.g. to re-check a delivery as it stood when delivered
    #[arg(long, value_name = "DATE")]
    pub(crate) delivery_date: Option<jiff::civil::Date>,
    /// Report format; sarif is SARIF 2.1.0 for code-scanning dashboards, markdown a
    /// pull-request comment, junit JUnit XML for CI test views, html one page to read and
    /// print [default: terminal]
    #[arg(long, value_enum)]
    pub(crate) format: Option<CheckFormat>,
    /// Write the report to FILE instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    Terminal,
    Json,
    Sarif,
    Markdown,
    Junit,
    Html,
}

#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    #[command(flatten)]
    pub(crate) delivery: Delivery,
    /// A VEX document saying how findings were evaluated (OpenVEX, CycloneDX or CSAF JSON);
    /// repeatable. PATH/vouch.toml `[[triage]]` entries are read too
    #[arg(long = "vex", value_name = "FILE")]
    pub(crate) vex: Vec<PathBuf>,
    /// Output format; sarif is SARIF 2.1.0 for code-scanning dashboards [default: table]
    #[arg(long, value_enum)]
    pub(crate) format: Option<ScanFormat>,
    /// Exit 1 only for vulnerabilities of at least this severity (unknown severities do not
    /// count) and for malicious packages [default: every open finding fails]
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub(crate) fail_on: Option<FailOn>,
    /// Write the findings to FILE instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ScanFormat {
    Table,
    Json,
    Sarif,
}

/// The lowest severity that fails a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    Low,
    Medium,
    High,
    Critical,
}

impl From<FailOn> for vouch_model::SeverityLevel {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Low => vouch_model::SeverityLevel::Low,
            FailOn::Medium => vouch_model::SeverityLevel::Medium,
            FailOn::High => vouch_model::SeverityLevel::High,
            FailOn::Critical => vouch_model::SeverityLevel::Critical,
        }
    }
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, disable_help_subcommand = true)]
pub(crate) struct SbomArgs {
    /// `vouch sbom diff OLD NEW`; without it, `vouch sbom [PATH]` writes the SBOM
    #[command(subcommand)]
    pub(crate) command: Option<SbomCommand>,
    #[command(flatten)]
    pub(crate) delivery: Delivery,
    /// SBOM format
    #[arg(long, value_enum, default_value_t = SbomFormat::CyclonedxJson)]
    pub(crate) format: SbomFormat,
    /// Write the SBOM to FILE instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum SbomCommand {
    /// What changed between two SBOMs (CycloneDX or SPDX, in any mix; a lockfile or a delivery
    /// directory works too): added, removed, upgraded, downgraded and re-hashed components
    Diff(SbomDiffArgs),
    /// How complete an SBOM is: per component, the NTIA minimum elements and the BSI
    /// TR-03183-2 v2.1 fields it lacks, with a score per profile (docs/sbom-quality.md)
    Quality(SbomQualityArgs),
}

#[derive(Debug, Args)]
pub(crate) struct SbomQualityArgs {
    /// The SBOM (CycloneDX JSON or XML, SPDX 2 JSON or tag-value, SPDX 3 JSON-LD)
    pub(crate) file: PathBuf,
    /// The profile to judge by
    #[arg(long, value_enum, default_value_t = QualityProfileArg::All)]
    pub(crate) profile: QualityProfileArg,
    /// Output format
    #[arg(long, value_enum, default_value_t = SbomDiffFormat::Table)]
    pub(crate) format: SbomDiffFormat,
    /// Exit 1 when a profile's score (0-100) is below N
    #[arg(long, value_name = "N")]
    pub(crate) min_score: Option<f64>,
    /// Write the report to FILE instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum QualityProfileArg {
    /// NTIA minimum elements (2021)
    Ntia,
    /// BSI TR-03183-2 v2.1
    #[value(name = "bsi-tr-03183-2")]
    BsiTr03183_2,
    /// Both
    All,
}

#[derive(Debug, Args)]
pub(crate) struct SbomDiffArgs {
    /// The earlier SBOM
    pub(crate) old: PathBuf,
    /// The later SBOM
    pub(crate) new: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = SbomDiffFormat::Table)]
    pub(crate) format: SbomDiffFormat,
    /// Write the diff to FILE instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SbomDiffFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The delivery the SBOM describes: a directory, a lockfile, a tarball or zip, a container
    /// image (not an SBOM)
    #[arg(value_name = "DELIVERY")]
    pub(crate) path: PathBuf,
    /// Leave out paths matching this glob (gitignore syntax, relative to DELIVERY); repeatable
    #[arg(long, value_name = "GLOB")]
    pub(crate) exclude: Vec<String>,
    /// The SBOM to test (CycloneDX JSON or XML, SPDX 2.x JSON or tag-value, SPDX 3 JSON-LD)
    #[arg(long, value_name = "FILE")]
    pub(crate) sbom: PathBuf,
    /// Output format; sarif is SARIF 2.1.0 with one result per difference [default: table]
    #[arg(long, value_enum)]
    pub(crate) format: Option<VerifyFormat>,
    /// Write the result to FILE instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum VerifyFormat {
    Table,
    Json,
    Markdown,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SbomFormat {
    /// CycloneDX 1.6 JSON
    CyclonedxJson,
    /// SPDX 2.3 JSON
    SpdxJson,
}

#[derive(Debug, Subcommand)]
pub(crate) enum DbCommand {
    /// Download the OSV database for some ecosystems (conditional requests; atomic replace)
    Sync(SyncArgs),
    /// Add OSV records from a directory tree (.json, .yaml) or an osv.dev all.zip
    Import(ImportArgs),
    /// Show what the database holds
    Status(StatusArgs),
}

#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// OSV ecosystem names to sync (e.g. crates.io, npm, PyPI); repeatable
    #[arg(long = "ecosystem", short, value_name = "NAME", default_values_t = vec!["crates.io".to_owned(), "npm".to_owned(), "PyPI".to_owned()])]
    pub(crate) ecosystems: Vec<String>,
    /// Sync every ecosystem the server publishes (its ecosystems.txt) instead
    #[arg(long, conflicts_with = "ecosystems")]
    pub(crate) all: bool,
    /// Where the per-ecosystem all.zip files are served
    #[arg(long, env = "VOUCH_OSV_URL", value_name = "URL")]
    pub(crate) osv_url: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// A directory of OSV records or an all.zip
    pub(crate) source: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub(crate) format: StatusFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum StatusFormat {
    Text,
    Json,
}
