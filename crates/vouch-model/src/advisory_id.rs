//! Advisory identifiers as OSV writes them (`RUSTSEC-2021-0003`, `GHSA-xxxx-xxxx-xxxx`,
//! `PYSEC-2021-19`, `CVE-2021-44228`, `MAL-2024-1`): the prefix names the database.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The id of an advisory record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AdvisoryId(Box<str>);

impl AdvisoryId {
    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The database prefix (`RUSTSEC`, `GHSA`, `MAL`, ...): the part before the first `-`.
    pub fn prefix(&self) -> &str {
        self.0.split('-').next().unwrap_or_default()
    }

    /// True for the OpenSSF malicious-packages database (`MAL-` ids).
    pub fn is_malicious_package(&self) -> bool {
        self.prefix() == "MAL"
    }
}

impl FromStr for AdvisoryId {
    type Err = AdvisoryIdError;

    /// OSV ids are `<DB>-<ENTRYID>` of letters, digits and `-._:`; anything else is refused.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = !s.is_empty()
            && s.len() <= 128
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
            && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if ok {
            Ok(AdvisoryId(s.into()))
        } else {
            Err(AdvisoryIdError { id: s.to_owned() })
        }
    }
}

impl fmt::Display for AdvisoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for AdvisoryId {
    type Error = AdvisoryIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<AdvisoryId> for String {
    fn from(id: AdvisoryId) -> String {
        id.0.into()
    }
}

/// A string that cannot be an advisory id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{id}` is not an advisory id (expected e.g. RUSTSEC-2021-0003, GHSA-..., CVE-...)")]
pub struct AdvisoryIdError {
    /// The string as written.
    pub id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_ids() {
        for id in [
            "RUSTSEC-2021-0003",
            "GHSA-9v2f-6vcg-3hgv",
            "PYSEC-2021-19",
            "MAL-2024-1",
            "CVE-2021-44228",
            "RHSA-2024:4420",
        ] {
            assert_eq!(id.parse::<AdvisoryId>().unwrap().as_str(), id);
        }
        assert!(
            "MAL-2024-1"
                .parse::<AdvisoryId>()
                .unwrap()
                .is_malicious_package()
        );
        assert!(
            !"GHSA-x"
                .parse::<AdvisoryId>()
                .unwrap()
                .is_malicious_package()
        );
    }

    #[test]
    fn refuses_junk() {
        for bad in ["", " RUSTSEC-1", "a/b", "-x"] {
            assert!(bad.parse::<AdvisoryId>().is_err(), "{bad:?}");
        }
    }
}
