//! The on-disk index: every live advisory of every source, merged (one record per id, the
//! newest `modified` winning) and keyed by (ecosystem, normalised package name), in postcard.
//! Opening decodes only a small directory (the package keys and where each package's entries
//! and each record lie in the file); a package's entries and a record's facts are decoded when
//! a component asks for them, so opening costs milliseconds however large the database grows.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use vouch_model::Ecosystem;

use crate::model::{Advisory, Range, RecordMeta};

/// Bumped whenever the layout of the index or of a source file changes.
pub(crate) const FORMAT: u32 = 2;
const INDEX_MAGIC: &[u8; 8] = b"VOUCHIDX";
const SOURCE_MAGIC: &[u8; 8] = b"VOUCHSRC";

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
    /// Position of the record in the index's records.
    pub(crate) record: u32,
    pub(crate) ranges: Vec<Range>,
    pub(crate) versions: Vec<String>,
    pub(crate) informational: Option<String>,
}

/// Where a blob lies in the body of the index file.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Span {
    offset: u32,
    len: u32,
}

/// The part of the index decoded on open.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Directory {
    /// Affected packages, sorted by (ecosystem, name), each with the span of its [`Package`].
    packages: Vec<(Ecosystem, String, Span)>,
    /// Live (not withdrawn) records, sorted by id: the span of each [`RecordMeta`].
    records: Vec<Span>,
}

/// The merged index: the file's bytes and its decoded directory.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// The newest `modified` of the live records, in nanoseconds (only known right after
    /// [`Index::build`]; the manifest keeps it).
    newest_modified_ns: Option<i128>,
    /// The whole file, as written and read.
    bytes: Vec<u8>,
    /// Where the blobs start in `bytes`.
    body: usize,
    directory: Directory,
}

impl Index {
    /// Merges sources: duplicate ids keep the newest `modified` (on a tie, the earlier source),
    /// then withdrawn records are dropped.
    pub(crate) fn build<'a>(
        sources: impl IntoIterator<Item = &'a [Advisory]>,
    ) -> Result<Index, String> {
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

        // Body: every package's entries, then every record, each its own postcard blob.
        let mut body = Vec::with_capacity(1 << 20);
        let mut directory = Directory::default();
        for p in &packages {
            directory
                .packages
                .push((p.ecosystem, p.name.clone(), blob(&mut body, p)?));
        }
        for a in &live {
            directory.records.push(blob(&mut body, &a.meta)?);
        }
        let mut bytes = Vec::with_capacity(body.len() + 64 * directory.packages.len() + 64);
        bytes.extend_from_slice(INDEX_MAGIC);
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        let dir = postcard::to_stdvec(&directory).map_err(|e| e.to_string())?;
        let dir_len = u32::try_from(dir.len()).map_err(|_| "the index exceeds 4 GiB")?;
        bytes.extend_from_slice(&dir_len.to_le_bytes());
        bytes.extend_from_slice(&dir);
        let body_start = bytes.len();
        bytes.extend_from_slice(&body);
        Ok(Index {
            newest_modified_ns: live.iter().map(|a| a.meta.modified_ns).max(),
            bytes,
            body: body_start,
            directory,
        })
    }

    /// The newest `modified` time among the live records, in nanoseconds since the epoch, for
    /// an index just built.
    pub(crate) fn newest_modified_ns(&self) -> Option<i128> {
        self.newest_modified_ns
    }

    /// The package with this key, if any advisory names it; `Err` if its entries cannot be
    /// decoded (a damaged file).
    pub(crate) fn package(
        &self,
        ecosystem: Ecosystem,
        name: &str,
    ) -> Option<Result<Package, String>> {
        let i = self
            .directory
            .packages
            .binary_search_by(|(e, n, _)| (*e, n.as_str()).cmp(&(ecosystem, name)))
            .ok()?;
        Some(self.decode(self.directory.packages[i].2))
    }

    /// True when some advisory names this package.
    pub(crate) fn contains(&self, ecosystem: Ecosystem, name: &str) -> bool {
        self.directory
            .packages
            .binary_search_by(|(e, n, _)| (*e, n.as_str()).cmp(&(ecosystem, name)))
            .is_ok()
    }

    /// The facts of record `i`; `Err` if they cannot be decoded.
    pub(crate) fn record(&self, i: u32) -> Result<RecordMeta, String> {
        let span = self
            .directory
            .records
            .get(i as usize)
            .ok_or_else(|| format!("record {i} is not in the index"))?;
        self.decode(*span)
    }

    /// Live records in the index.
    pub(crate) fn record_count(&self) -> usize {
        self.directory.records.len()
    }

    /// Distinct (ecosystem, package) keys.
    pub(crate) fn package_count(&self) -> usize {
        self.directory.packages.len()
    }

    /// Every key, sorted.
    pub(crate) fn keys(&self) -> impl Iterator<Item = (Ecosystem, &str)> + '_ {
        self.directory
            .packages
            .iter()
            .map(|(e, n, _)| (*e, n.as_str()))
    }

    fn decode<T: for<'de> Deserialize<'de>>(&self, span: Span) -> Result<T, String> {
        let start = self.body + span.offset as usize;
        let blob = self
            .bytes
            .get(start..start + span.len as usize)
            .ok_or("an entry lies beyond the end of the index")?;
        postcard::from_bytes(blob).map_err(|e| e.to_string())
    }

    /// The file's bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Reads an index file: checks its header and decodes the directory only.
    pub(crate) fn from_bytes(bytes: Vec<u8>) -> Result<Index, String> {
        let body = check_header(INDEX_MAGIC, &bytes)?;
        let len_bytes: [u8; 4] = body
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .ok_or("the file is truncated")?;
        let dir_len = u32::from_le_bytes(len_bytes) as usize;
        let dir = body.get(4..4 + dir_len).ok_or("the file is truncated")?;
        let directory: Directory = postcard::from_bytes(dir).map_err(|e| e.to_string())?;
        let body_start = 12 + 4 + dir_len;
        Ok(Index {
            newest_modified_ns: None,
            bytes,
            body: body_start,
            directory,
        })
    }
}

/// Appends `value` to `body` as one postcard blob and says where it lies.
fn blob<T: Serialize>(body: &mut Vec<u8>, value: &T) -> Result<Span, String> {
    let too_big = |_| "the index exceeds 4 GiB".to_owned();
    let offset = u32::try_from(body.len()).map_err(too_big)?;
    let bytes = postcard::to_stdvec(value).map_err(|e| e.to_string())?;
    body.extend_from_slice(&bytes);
    let len = u32::try_from(bytes.len()).map_err(too_big)?;
    Ok(Span { offset, len })
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
    let body = check_header(magic, bytes)?;
    postcard::from_bytes(body).map_err(|e| e.to_string())
}

/// Checks magic and format; returns what follows the 12-byte header.
fn check_header<'a>(magic: &[u8; 8], bytes: &'a [u8]) -> Result<&'a [u8], String> {
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
    Ok(body)
}
