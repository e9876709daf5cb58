//! Clause ids of a baseline (`1`, `3.2`, `3.4`): dotted numbers, compared numerically so that
//! `3.10` sorts after `3.9`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The id of a clause in a baseline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClauseId {
    text: Box<str>,
    parts: Vec<u32>,
}

impl ClauseId {
    /// The id as written (`3.4`).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for ClauseId {
    type Err = ClauseIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Result<Vec<u32>, _> = s.split('.').map(str::parse::<u32>).collect();
        match parts {
            Ok(parts) if !parts.is_empty() => Ok(ClauseId {
                text: s.into(),
                parts,
            }),
            _ => Err(ClauseIdError { id: s.to_owned() }),
        }
    }
}

impl Ord for ClauseId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.parts.cmp(&other.parts)
    }
}
impl PartialOrd for ClauseId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ClauseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl TryFrom<String> for ClauseId {
    type Error = ClauseIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<ClauseId> for String {
    fn from(c: ClauseId) -> String {
        c.text.into()
    }
}

/// A string that is not a dotted clause number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{id}` is not a clause id (expected dotted numbers such as `3.4`)")]
pub struct ClauseIdError {
    /// The string as written.
    pub id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_ids_sort_numerically() {
        let mut ids: Vec<ClauseId> = ["3.10", "3.2", "1", "4", "3.9"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        ids.sort();
        let s: Vec<&str> = ids.iter().map(ClauseId::as_str).collect();
        assert_eq!(s, ["1", "3.2", "3.9", "3.10", "4"]);
        assert!("3.x".parse::<ClauseId>().is_err());
        assert!("".parse::<ClauseId>().is_err());
    }
}
