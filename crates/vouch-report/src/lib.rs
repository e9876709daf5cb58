//! Renderers of a computed [`Report`](vouch_baseline::Report): the terminal view people read,
//! the versioned JSON wire format (`vouch.report/v1`, docs/report-format.md) scripts read,
//! SARIF 2.1.0 for code-scanning dashboards, Markdown for pull-request comments, JUnit XML for
//! CI test views and one self-contained HTML page to read and print. Each renderer has its own
//! types, so a wire format changes only on purpose.

#[cfg(test)]
mod fixture;
mod html;
mod json;
mod junit;
mod markdown;
mod sarif;
mod terminal;

pub use html::{HTML_MAX_FINDINGS, to_html};
pub use json::{SCHEMA, to_json, write_json};
pub use junit::to_junit;
pub use markdown::{MARKDOWN_MAX_FINDINGS, to_markdown};
pub use sarif::{SARIF_SCHEMA, to_sarif, write_sarif};
pub use terminal::to_terminal;
