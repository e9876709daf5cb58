//! Severity of a finding: a qualitative level (the CVSS v3/v4 rating scale) and, where an
//! advisory gives a CVSS vector, its base score and the vector it came from.

use serde::{Deserialize, Serialize};

/// The CVSS qualitative rating scale (CVSS v3.1 spec §5), plus `Unknown` when the advisory gives
/// no usable severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityLevel {
    /// No severity could be determined.
    Unknown,
    /// Score 0.0.
    None,
    /// Score 0.1–3.9.
    Low,
    /// Score 4.0–6.9 (GHSA calls it `MODERATE`).
    Medium,
    /// Score 7.0–8.9.
    High,
    /// Score 9.0–10.0.
    Critical,
}

impl SeverityLevel {
    /// The rating for a CVSS base score.
    pub fn from_score(score: f64) -> SeverityLevel {
        match score {
            s if s <= 0.0 => SeverityLevel::None,
            s if s < 4.0 => SeverityLevel::Low,
            s if s < 7.0 => SeverityLevel::Medium,
            s if s < 9.0 => SeverityLevel::High,
            _ => SeverityLevel::Critical,
        }
    }

    /// Parses a database's own label (`LOW`, `MODERATE`, `medium`, `HIGH`, `CRITICAL`).
    pub fn from_label(label: &str) -> Option<SeverityLevel> {
        match label.to_ascii_lowercase().as_str() {
            "none" => Some(SeverityLevel::None),
            "low" => Some(SeverityLevel::Low),
            "moderate" | "medium" => Some(SeverityLevel::Medium),
            "high" | "important" => Some(SeverityLevel::High),
            "critical" => Some(SeverityLevel::Critical),
            _ => None,
        }
    }

    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            SeverityLevel::Unknown => "unknown",
            SeverityLevel::None => "none",
            SeverityLevel::Low => "low",
            SeverityLevel::Medium => "medium",
            SeverityLevel::High => "high",
            SeverityLevel::Critical => "critical",
        }
    }
}

/// A finding's severity with what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Severity {
    /// The qualitative level.
    pub level: SeverityLevel,
    /// The CVSS base score, when a vector was scored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The CVSS vector the score came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vector: Option<String>,
}

impl Severity {
    /// No usable severity.
    pub fn unknown() -> Self {
        Severity {
            level: SeverityLevel::Unknown,
            score: None,
            vector: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_map_to_the_cvss_rating_scale() {
        assert_eq!(SeverityLevel::from_score(0.0), SeverityLevel::None);
        assert_eq!(SeverityLevel::from_score(3.9), SeverityLevel::Low);
        assert_eq!(SeverityLevel::from_score(4.0), SeverityLevel::Medium);
        assert_eq!(SeverityLevel::from_score(7.5), SeverityLevel::High);
        assert_eq!(SeverityLevel::from_score(9.8), SeverityLevel::Critical);
        assert_eq!(
            SeverityLevel::from_label("MODERATE"),
            Some(SeverityLevel::Medium)
        );
        assert!(SeverityLevel::Critical > SeverityLevel::High);
    }
}
