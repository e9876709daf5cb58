//! Reads `vouch.toml` in two phases: TOML syntax first, then every table and key checked
//! against the declaration format, collecting all problems (type, unknown key with a "did you
//! mean", impossible date) with line and column before giving up.

/// The schema id a `vouch.toml` may name (`schema = "vouch.declaration/v1"`).
pub const SCHEMA: &str = "vouch.declaration/v1";

/// One problem in a `vouch.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclarationProblem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The key it concerns, dotted (`isms_certificates[0].valid_until`).
    pub key: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

/// A `vouch.toml` that cannot be used, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.origin, .problems))]
pub struct DeclarationError {
    /// The file.
    pub origin: String,
    /// All problems, in file order.
    pub problems: Vec<DeclarationProblem>,
}

fn render(origin: &str, problems: &[DeclarationProblem]) -> String {
    let mut out = format!(
        "{origin}: {} problem(s) in the declarations",
        problems.len()
    );
    for p in problems {
        out.push_str(&format!(
            "\n  {origin}:{}:{}: {}: {}",
            p.line, p.column, p.key, p.message
        ));
        if let Some(h) = &p.hint {
            out.push_str(&format!("\n    hint: {h}"));
        }
    }
    out
}
