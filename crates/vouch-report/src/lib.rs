//! Renderers of a computed [`Report`](vouch_baseline::Report): the terminal view people read,
//! the versioned JSON wire format (`vouch.report/v1`, docs/report-format.md) scripts read,
//! SARIF 2.1.0 for code-scanning dashboards, Markdown for pull-request comments and JUnit XML for
//! CI test views. Each renderer has its own types, so a wire format changes only on purpose.

#[cfg(test)]
mod fixture;
mod json;
mod junit;
mod markdown;
mod sarif;
mod terminal;

pub use json::{SCHEMA, to_json, write_json};
pub use junit::to_junit;
pub use markdown::{MARKDOWN_MAX_FINDINGS, to_markdown};
pub use sarif::{SARIF_SCHEMA, to_sarif, write_sarif};
pub use terminal::to_terminal;
