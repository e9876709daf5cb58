//! The on-disk index: every live advisory of every source, merged (one record per id, the
//! newest `modified` winning) and keyed by (ecosystem, normalised package name), in postcard.
//! Opening reads and verifies only a small directory (the package keys and where each
//! package's entries and each record lie in the file, with a CRC-32 of each); a package's
//! entries and a record's facts are read from the file and decoded when a component asks for
//! them, so opening costs milliseconds and memory stays small however large osv.dev grows.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use vouch_model::Ecosystem;

use crate::model::{Advisory, Range, RecordMeta};

/// Bumped whenever the layout of the index changes; an index of another format is rebuilt from
/// the sources.
pub(crate) const INDEX_FORMAT: u32 = 3;
/// Bumped whenever the layout of a source file changes (the manifest carries it).
pub(crate) const SOURCE_FORMAT: u32 = 2;
const INDEX_MAGIC: &[u8; 8] = b"VOUCHIDX";
const SOURCE_MAGIC: &[u8; 8] = b"VOUCHSRC";
/// Magic, format, directory length.
const HEADER_LEN: usize = 16;

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

/// Where a blob lies in the body of the index file, and its CRC-32 (IEEE), checked on every
/// read so a damaged file is reported, never matched.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Span {
    offset: u64,
    len: u32,
    crc: u32,
}

/// The part of the index read on open.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Directory {
    /// Affected packages, sorted by (ecosystem, name), each with the span of its [`Package`].
    packages: Vec<(Ecosystem, String, Span)>,
    /// Live (not withdrawn) records, sorted by id: the span of each [`RecordMeta`].
    records: Vec<Span>,
}

/// Records and packages of one ecosystem in an index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct EcosystemCount {
    /// Live records with at least one `affected[]` entry in the ecosystem.
    pub(crate) records: usize,
    /// Distinct packages of the ecosystem that some record names.
    pub(crate) packages: usize,
}

/// A freshly built index, ready to be written.
pub(crate) struct Built {
    /// The whole file.
    pub(crate) bytes: Vec<u8>,
    /// sha256 of the header and directory, lower-case hex: what [`Index::open`] verifies.
    pub(crate) directory_sha256: String,
    /// The newest `modified` time among the live records, in nanoseconds since the epoch.
    pub(crate) newest_modified_ns: Option<i128>,
    /// Live records.
    pub(crate) records: usize,
    /// Distinct (ecosystem, package) keys.
    pub(crate) packages: usize,
    /// Per ecosystem.
    pub(crate) ecosystems: BTreeMap<Ecosystem, EcosystemCount>,
}

/// The merged index: its directory, and the blobs in memory or in the file.
#[derive(Debug)]
pub(crate) struct Index {
    directory: Directory,
    body: Body,
}

/// Where the blobs are read from.
#[derive(Debug)]
enum Body {
    /// A built index still in memory (the matcher's unit tests).
    #[cfg(test)]
    Memory(Vec<u8>),
    /// An opened index file: blobs are read at `start + offset` when needed.
    File {
        file: std::fs::File,
        start: u64,
        len: u64,
    },
}

impl Built {
    /// The index as the matcher reads it, without writing it to disk.
    #[cfg(test)]
    pub(crate) fn into_index(self) -> Result<Index, String> {
        let (directory, body_start) = read_directory(&self.bytes)?;
        Ok(Index {
            directory,
            body: Body::Memory(self.bytes[body_start..].to_vec()),
        })
    }
}

impl Index {
    /// Merges sources: duplicate ids keep the newest `modified` (on a tie, the earlier source),
    /// then withdrawn records are dropped.
    pub(crate) fn build<'a>(
        sources: impl IntoIterator<Item = &'a [Advisory]>,
    ) -> Result<Built, String> {
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

        let mut ecosystems: BTreeMap<Ecosystem, EcosystemCount> = BTreeMap::new();
        let mut packages: HashMap<(Ecosystem, &str), Vec<Entry>> = HashMap::new();
        for (i, a) in live.iter().enumerate() {
            let mut named: Vec<Ecosystem> = Vec::new();
            for af in &a.affected {
                if af.ranges.is_empty() && af.versions.is_empty() {
                    continue;
                }
                if !named.contains(&af.ecosystem) {
                    named.push(af.ecosystem);
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
            for e in named {
                ecosystems.entry(e).or_default().records += 1;
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
        for p in &packages {
            ecosystems.entry(p.ecosystem).or_default().packages += 1;
        }

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
        let dir = postcard::to_stdvec(&directory).map_err(|e| e.to_string())?;
        let dir_len = u32::try_from(dir.len()).map_err(|_| "the index directory exceeds 4 GiB")?;
        let mut bytes = Vec::with_capacity(HEADER_LEN + dir.len() + body.len());
        bytes.extend_from_slice(INDEX_MAGIC);
        bytes.extend_from_slice(&INDEX_FORMAT.to_le_bytes());
        bytes.extend_from_slice(&dir_len.to_le_bytes());
        bytes.extend_from_slice(&dir);
        let directory_sha256 = hex::encode(Sha256::digest(&bytes));
        bytes.extend_from_slice(&body);
        Ok(Built {
            bytes,
            directory_sha256,
            newest_modified_ns: live.iter().map(|a| a.meta.modified_ns).max(),
            records: directory.records.len(),
            packages: directory.packages.len(),
            ecosystems,
        })
    }

    /// Opens an index file: reads the header and the directory, checks them against
    /// `directory_sha256` (from the manifest) and keeps the file open for the blobs.
    pub(crate) fn open(path: &Path, directory_sha256: &str) -> Result<Index, OpenError> {
        let file = fs_err::File::open(path).map_err(OpenError::Io)?;
        let len = file.metadata().map_err(OpenError::Io)?.len();
        let file = file.into_file();
        let mut head = [0u8; HEADER_LEN];
        read_at(&file, 0, &mut head)
            .map_err(|_| OpenError::Damaged("the file is truncated".into()))?;
        check_header(INDEX_MAGIC, INDEX_FORMAT, &head).map_err(OpenError::Damaged)?;
        let dir_len = u32::from_le_bytes([head[12], head[13], head[14], head[15]]) as u64;
        if HEADER_LEN as u64 + dir_len > len {
            return Err(OpenError::Damaged("the file is truncated".into()));
        }
        let mut front = vec![0u8; HEADER_LEN + dir_len as usize];
        read_at(&file, 0, &mut front).map_err(OpenError::Io)?;
        if hex::encode(Sha256::digest(&front)) != directory_sha256 {
            return Err(OpenError::Damaged(
                "its directory's sha256 differs from the manifest's".into(),
            ));
        }
        let (directory, start) = read_directory(&front).map_err(OpenError::Damaged)?;
        Ok(Index {
            directory,
            body: Body::File {
                file,
                start: start as u64,
                len: len - start as u64,
            },
        })
    }

    /// The package with this key, if any advisory names it; `Err` if its entries cannot be
    /// read or decoded (a damaged file).
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

    /// The facts of record `i`; `Err` if they cannot be read or decoded.
    pub(crate) fn record(&self, i: u32) -> Result<RecordMeta, String> {
        let span = self
            .directory
            .records
            .get(i as usize)
            .ok_or_else(|| format!("record {i} is not in the index"))?;
        self.decode(*span)
    }

    /// Live records in the index.
    #[cfg(test)]
    pub(crate) fn record_count(&self) -> usize {
        self.directory.records.len()
    }

    /// Every key, sorted.
    pub(crate) fn keys(&self) -> impl Iterator<Item = (Ecosystem, &str)> + '_ {
        self.directory
            .packages
            .iter()
            .map(|(e, n, _)| (*e, n.as_str()))
    }

    fn decode<T: for<'de> Deserialize<'de>>(&self, span: Span) -> Result<T, String> {
        let beyond = || "an entry lies beyond the end of the index".to_owned();
        let end = span
            .offset
            .checked_add(u64::from(span.len))
            .ok_or_else(beyond)?;
        let owned;
        let blob: &[u8] = match &self.body {
            #[cfg(test)]
            Body::Memory(body) => usize::try_from(span.offset)
                .ok()
                .zip(usize::try_from(end).ok())
                .and_then(|(s, e)| body.get(s..e))
                .ok_or_else(beyond)?,
            Body::File { file, start, len } => {
                if end > *len {
                    return Err(beyond());
                }
                let mut buf = vec![0u8; span.len as usize];
                read_at(file, start + span.offset, &mut buf)
                    .map_err(|e| format!("reading the index: {e}"))?;
                owned = buf;
                &owned
            }
        };
        if crc32fast::hash(blob) != span.crc {
            return Err("an entry's checksum does not match: the file is damaged".into());
        }
        postcard::from_bytes(blob).map_err(|e| e.to_string())
    }
}

/// Why an index file could not be opened.
#[derive(Debug)]
pub(crate) enum OpenError {
    /// Reading it failed.
    Io(std::io::Error),
    /// It is not a complete index of this format, or not the one the manifest names.
    Damaged(String),
}

/// Decodes the directory that follows the header in `front`; returns it and where the body
/// starts.
fn read_directory(front: &[u8]) -> Result<(Directory, usize), String> {
    let rest = check_header(INDEX_MAGIC, INDEX_FORMAT, front)?;
    let len_bytes: [u8; 4] = rest
        .get(..4)
        .and_then(|b| b.try_into().ok())
        .ok_or("the file is truncated")?;
    let dir_len = u32::from_le_bytes(len_bytes) as usize;
    let dir = rest.get(4..4 + dir_len).ok_or("the file is truncated")?;
    let directory: Directory = postcard::from_bytes(dir).map_err(|e| e.to_string())?;
    Ok((directory, HEADER_LEN + dir_len))
}

/// Fills `buf` from `file` at `offset`, without moving a shared cursor (so matching threads can
/// read at once).
#[cfg(unix)]
fn read_at(file: &std::fs::File, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, mut offset: u64, mut buf: &mut [u8]) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Appends `value` to `body` as one postcard blob and says where it lies.
fn blob<T: Serialize>(body: &mut Vec<u8>, value: &T) -> Result<Span, String> {
    let offset = body.len() as u64;
    let bytes = postcard::to_stdvec(value).map_err(|e| e.to_string())?;
    body.extend_from_slice(&bytes);
    let len = u32::try_from(bytes.len()).map_err(|_| "an index entry exceeds 4 GiB")?;
    Ok(Span {
        offset,
        len,
        crc: crc32fast::hash(&bytes),
    })
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
    out.extend_from_slice(&SOURCE_FORMAT.to_le_bytes());
    postcard::to_extend(value, out).map_err(|e| e.to_string())
}

fn decode<T: for<'de> Deserialize<'de>>(magic: &[u8; 8], bytes: &[u8]) -> Result<T, String> {
    let body = check_header(magic, SOURCE_FORMAT, bytes)?;
    postcard::from_bytes(body).map_err(|e| e.to_string())
}

/// Checks magic and format; returns what follows the 12-byte magic and format.
fn check_header<'a>(magic: &[u8; 8], expected: u32, bytes: &'a [u8]) -> Result<&'a [u8], String> {
    let Some((head, body)) = bytes.split_at_checked(12) else {
        return Err("the file is truncated".into());
    };
    if &head[..8] != magic {
        return Err("not a vouch database file".into());
    }
    let format = u32::from_le_bytes([head[8], head[9], head[10], head[11]]);
    if format != expected {
        return Err(format!(
            "written in format {format}, this vouch reads format {expected}"
        ));
    }
    Ok(body)
}
