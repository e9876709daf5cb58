//! Baselines as data and the engine that decides them: a baseline file lists clauses and the
//! checks that decide each; the engine turns what a scan found (inventory, findings, SBOM,
//! advisory database) into a verdict per clause, always with the evidence it looked at. The
//! report model lives here too, so every renderer shows the same computed result.

mod definition;
mod engine;
mod report;

pub use definition::{
    Baseline, BaselineError, BaselineProblem, CheckKind, CheckSpec, Clause, SELLER_OFFERINGS,
};
pub use engine::{CheckResult, Evidence, Facts, SbomFacts, Status, Verdict, evaluate};
pub use report::{
    BaselineRef, Command, DatabaseRef, DatabaseSourceRef, Outcome, Report, ReportInputs, Summary,
    Target, Tool,
};
