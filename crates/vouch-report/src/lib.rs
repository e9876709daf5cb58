//! Renderers of a computed [`Report`](vouch_baseline::Report): the terminal view people read and
//! the versioned JSON wire format (`vouch.report/v1`, docs/report-format.md) scripts read. Each
//! renderer has its own serde types, so the wire format changes only on purpose.

mod json;
mod terminal;

pub use json::{SCHEMA, to_json};
pub use terminal::to_terminal;
