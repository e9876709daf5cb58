//! Baselines as data and the engine that decides them: a baseline file lists clauses and the
//! checks that decide each; the engine turns what a scan found (inventory, findings, SBOM,
//! advisory database) into a verdict per clause, always with the evidence it looked at. The
//! report model lives here too, so every renderer shows the same computed result.

mod checks;
mod declaration;
mod definition;
mod engine;
mod report;
mod suggest;

pub use declaration::{
    AuditReport, Contact, DECLARATION_SCHEMA, Declaration, DeclarationError, DeclarationLoadError,
    DeclarationProblem, Detected, EvidenceFile, IsmsCertificate, Opinion, Organisation, Product,
    Reporting, SarifEvidence, SarifSummary, SecureDevelopment, Subcontractor, Waiver, template,
};
pub use definition::{
    BUILT_IN, Baseline, BaselineError, BaselineProblem, CheckKind, CheckSpec, Clause,
    DEFAULT_ISMS_STANDARDS, SELLER_OFFERINGS, SarifLevel,
};
pub use engine::{
    AppliedWaiver, CheckResult, Evaluation, Evidence, Facts, SbomFacts, Status, Verdict, evaluate,
};
pub use report::{
    BaselineRef, Command, DatabaseRef, DatabaseSourceRef, DeclarationRef, Outcome, Report,
    ReportInputs, Summary, Target, Tool,
};
