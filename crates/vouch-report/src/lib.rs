//! Renderers of a computed [`Report`](vouch_baseline::Report): the terminal view people read,
//! the versioned JSON wire format (`vouch.report/v1`, docs/report-format.md) scripts read, and
//! SARIF 2.1.0 for code-scanning dashboards. Each renderer has its own serde types, so a wire
//! format changes only on purpose.

mod json;
mod sarif;
mod terminal;

pub use json::{SCHEMA, to_json, write_json};
pub use sarif::{SARIF_SCHEMA, to_sarif, write_sarif};
pub use terminal::to_terminal;
