//! The on-disk index: every live advisory of every source, merged (one record per id, the
//! newest `modified` winning) and keyed by (ecosystem, normalised package name), in postcard.
//! Opening reads this one file; no OSV record is parsed again.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use vouch_model::Ecosystem;

use crate::model::{Advisory, Range, RecordMeta};

/// Bumped whenever the layout of the index or of a source file changes.
pub(crate) const FORMAT: u32 = 1;
const INDEX_MAGIC: &[u8; 8] = b"VOUCHIDX";
const SOURCE_MAGIC: &[u8; 8] = b"VOUCHSRC";

/// The merged index.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Index {
    /// Live (not withdrawn) records, sorted by id.
    pub(crate) records: Vec<RecordMeta>,
    /// Affected packages, sorted by (ecosystem, name).
    pub(crate) packages: Vec<Package>,
}

/// Everything known about one package.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Package {
    pub(crate) ecosystem: Ecosystem,
    /// Normalised name.
    pub(crate) name: String,
    /// One entry per `affected[]` object naming this package, ordered by record.
    pub(crate) entries: Vec<Entry>,
}

/// One `affected[]` object of one record.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Position of the record in [`Index::records`].
    pub(crate) record: u32,
    pub(crate) ranges: Vec<Range>,
    pub(crate) versions: Vec<String>,
    pub(crate) informational: Option<String>,
}

impl Index {
    /// Merges sources: duplicate ids keep the newest `modified` (on a tie, the earlier source),
    /// then withdrawn records are dropped.
    pub(crate) fn build<'a>(sources: impl IntoIterator<Item = &'a [Advisory]>) -> Index {
        let mut newest: HashMap<&str, &Advisory> = HashMap::new();
        for source in sources {
            for a in source {
                match newest.get(a.meta.id.as_str()) {
                    Some(old) if old.meta.modified_ns >= a.meta.modified_ns => {}
                    _ => {
                        newest.insert(a.meta.id.as_str(), a);
                    }
                }
            }
        }
        let mut live: Vec<&Advisory> = newest.into_values().filter(|a| !a.withdrawn).collect();
        live.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));

        let mut packages: HashMap<(Ecosystem, &str), Vec<Entry>> = HashMap::new();
        for (i, a) in live.iter().enumerate() {
            for af in &a.affected {
                if af.ranges.is_empty() && af.versions.is_empty() {
                    continue;
                }
                packages
                    .entry((af.ecosystem, af.name.as_str()))
                    .or_default()
                    .push(Entry {
                        record: i as u32,
                        ranges: af.ranges.clone(),
                        versions: af.versions.clone(),
                        informational: af.informational.clone(),
                    });
            }
        }
        let mut packages: Vec<Package> = packages
            .into_iter()
            .map(|((ecosystem, name), entries)| Package {
                ecosystem,
                name: name.to_owned(),
                entries,
            })
            .collect();
        packages.sort_by(|a, b| (a.ecosystem, &a.name).cmp(&(b.ecosystem, &b.name)));
        Index {
            records: live.into_iter().map(|a| a.meta.clone()).collect(),
            packages,
        }
    }

    /// The package with this key, if any advisory names it.
    pub(crate) fn package(&self, ecosystem: Ecosystem, name: &str) -> Option<&Package> {
        self.packages
            .binary_search_by(|p| (p.ecosystem, p.name.as_str()).cmp(&(ecosystem, name)))
            .ok()
            .map(|i| &self.packages[i])
    }

    pub(crate) fn to_bytes(&self) -> Result<Vec<u8>, String> {
        encode(INDEX_MAGIC, self)
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Index, String> {
        decode(INDEX_MAGIC, bytes)
    }
}

/// A source file: the converted advisories of one imported or synced source.
pub(crate) fn source_to_bytes(advisories: &[Advisory]) -> Result<Vec<u8>, String> {
    encode(SOURCE_MAGIC, &advisories)
}

pub(crate) fn source_from_bytes(bytes: &[u8]) -> Result<Vec<Advisory>, String> {
    decode(SOURCE_MAGIC, bytes)
}

fn encode<T: Serialize>(magic: &[u8; 8], value: &T) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(magic);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    postcard::to_extend(value, out).map_err(|e| e.to_string())
}

fn decode<T: for<'de> Deserialize<'de>>(magic: &[u8; 8], bytes: &[u8]) -> Result<T, String> {
    let Some((head, body)) = bytes.split_at_checked(12) else {
        return Err("the file is truncated".into());
    };
    if &head[..8] != magic {
        return Err("not a vouch database file".into());
    }
    let format = u32::from_le_bytes([head[8], head[9], head[10], head[11]]);
    if format != FORMAT {
        return Err(format!(
            "written in format {format}, this vouch reads format {FORMAT}; import or sync again"
        ));
    }
    postcard::from_bytes(body).map_err(|e| e.to_string())
}
