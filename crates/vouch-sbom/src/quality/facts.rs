//! What an SBOM states about its author and each component, in no format's words: the readers in
//! `read/` fill this from their own wire structs as they read, and the quality profiles judge it.
//! Kept as written (strings, not parsed types), since judging the form is the point.

use std::collections::BTreeMap;

/// An organisation or person named in the document, with the ways to reach it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Party {
    /// The name, when given.
    pub(crate) name: Option<String>,
    /// E-mail addresses.
    pub(crate) emails: Vec<String>,
    /// Websites or other URLs.
    pub(crate) urls: Vec<String>,
}

impl Party {
    pub(crate) fn named(&self) -> bool {
        self.name.as_deref().is_some_and(|n| !blank(n))
    }

    pub(crate) fn reachable(&self) -> bool {
        self.emails.iter().chain(&self.urls).any(|c| !blank(c))
    }
}

/// A licence entry: CycloneDX `licenses[]` (`license.id`, `license.name` or `expression`),
/// SPDX 2 `licenseConcluded` / `licenseDeclared`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Licence {
    /// The text as written.
    pub(crate) text: String,
    /// Whether the format declares it an SPDX identifier or expression (CycloneDX `license.id`,
    /// `expression`, every SPDX field) rather than a free name (CycloneDX `license.name`).
    pub(crate) spdx_form: bool,
    /// CycloneDX 1.6 `acknowledgement` (`concluded`, `declared`); SPDX's field says which.
    pub(crate) acknowledgement: Option<String>,
}

/// A hash as written: algorithm and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HashFact {
    pub(crate) alg: String,
    pub(crate) content: String,
}

/// One component (CycloneDX component, also `metadata.component`; SPDX package).
#[derive(Debug, Clone, Default)]
pub(crate) struct ComponentFacts {
    /// Where it is in the document (`components[3]`, `packages[0]`, `line 12`).
    pub(crate) record: String,
    /// `bom-ref`, `SPDXID`: what the dependency graph names it by.
    pub(crate) reference: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) purl: Option<String>,
    pub(crate) cpe: Option<String>,
    /// A SWID tag id.
    pub(crate) swid: Option<String>,
    /// Who supplies or made it: CycloneDX `supplier`, `manufacturer`, `authors`, `author`;
    /// SPDX `supplier`, `originator`.
    pub(crate) creators: Vec<Party>,
    pub(crate) licences: Vec<Licence>,
    /// Hashes of the component itself (CycloneDX `hashes`).
    pub(crate) hashes: Vec<HashFact>,
    /// Hashes of its deployable form: CycloneDX `externalReferences[type=distribution |
    /// distribution-intake].hashes`, SPDX 2 package `checksums` (of the package file).
    pub(crate) deployable_hashes: Vec<HashFact>,
    /// Where the deployable form is (CycloneDX `distribution` reference, SPDX
    /// `downloadLocation`).
    pub(crate) deployable_uri: Option<String>,
    /// Where its source code is (CycloneDX `vcs` or `source-distribution` reference).
    pub(crate) source_uri: Option<String>,
    /// `bsi:component:filename` (CycloneDX), `packageFileName` (SPDX 2).
    pub(crate) filename: Option<String>,
    /// `bsi:component:executable`.
    pub(crate) executable: Option<String>,
    /// `bsi:component:archive`.
    pub(crate) archive: Option<String>,
    /// `bsi:component:structured`.
    pub(crate) structured: Option<String>,
}

/// The whole document's facts; `supported` is set by a reader that fills them.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocumentFacts {
    pub(crate) supported: bool,
    /// Who made the SBOM: CycloneDX `metadata.authors`, `metadata.manufacturer` (1.6) or
    /// `manufacture` (≤1.5), `metadata.supplier`; SPDX `creators` `Organization:` and `Person:`.
    pub(crate) authors: Vec<Party>,
    /// The creation time as written (CycloneDX `metadata.timestamp`, SPDX `created`).
    pub(crate) timestamp: Option<String>,
    /// In document order (CycloneDX `metadata.component` first).
    pub(crate) components: Vec<ComponentFacts>,
    /// The dependency graph: each reference that has an entry, with the references it depends
    /// on (CycloneDX `dependencies`, SPDX `DEPENDS_ON`/`*_DEPENDENCY_OF`/`CONTAINS`).
    pub(crate) graph: BTreeMap<String, Vec<String>>,
}

impl DocumentFacts {
    /// Records the edges `from → to`, creating `from`'s entry even when `to` is empty (a
    /// component known to have no dependencies).
    pub(crate) fn edges(&mut self, from: String, to: impl IntoIterator<Item = String>) {
        self.graph.entry(from).or_default().extend(to);
    }
}

/// Empty or only white space, or an SPDX "no value" word.
pub(crate) fn blank(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t == "NOASSERTION" || t == "NONE"
}

/// An SPDX 2 `supplier`/`originator`/`Creator` value: `Organization: Name (email)`,
/// `Person: Name (email)`, `Tool: ...` (not a party), or `NOASSERTION`.
pub(crate) fn spdx_party(text: &str) -> Option<Party> {
    let (kind, rest) = text.split_once(':')?;
    if !matches!(kind.trim(), "Organization" | "Person") {
        return None;
    }
    let rest = rest.trim();
    let (name, email) = match rest.rfind('(') {
        Some(open) if rest.ends_with(')') => {
            (rest[..open].trim(), rest[open + 1..rest.len() - 1].trim())
        }
        _ => (rest, ""),
    };
    Some(Party {
        name: (!blank(name)).then(|| name.to_owned()),
        emails: (!blank(email))
            .then(|| email.to_owned())
            .into_iter()
            .collect(),
        urls: Vec::new(),
    })
}
