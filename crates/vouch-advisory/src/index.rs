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

use rayon::prelude::*;

use crate::matching::uncovered_versions;
use crate::model::{Advisory, Range, RecordMeta};

/// Bumped whenever the layout of the index changes; an index of another format is rebuilt from
/// the sources.
/// Format 6 added each entry's distribution release.
pub(crate) const INDEX_FORMAT: u32 = 6;
/// Bumped whenever the layout of a source file changes (the manifest carries it). Format 3
/// added each `affected[]` entry's distribution release.
pub(crate) const SOURCE_FORMAT: u32 = 3;
/// The previous source format, still read: its entries have no release (they match every
/// release until the source is synced or imported again).
pub(crate) const SOURCE_FORMAT_NO_RELEASE: u32 = 2;
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
    /// The distribution release the entry is about (`12` of `Debian:12`); `None`: every
    /// release.
    pub(crate) release: Option<String>,
    pub(crate) ranges: Vec<Range>,
    pub(crate) versions: Vec<String>,
    pub(crate) informational: Option<String>,
}

/// Where a blob lies in the body of the index file, and its CRC-32 (IEEE), checked on every
/// read so a damaged file is reported, never matched. Stored as 16 little-endian bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    offset: u64,
    len: u32,
    crc: u32,
}

const SPAN_LEN: usize = 16;

impl Span {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.offset.to_le_bytes());
        out.extend_from_slice(&self.len.to_le_bytes());
        out.extend_from_slice(&self.crc.to_le_bytes());
    }

    /// The `i`th span of a table; `None` beyond its end.
    fn read(table: &[u8], i: usize) -> Option<Span> {
        let b = table.get(i.checked_mul(SPAN_LEN)?..)?.get(..SPAN_LEN)?;
        Some(Span {
            offset: u64::from_le_bytes(b[0..8].try_into().ok()?),
            len: u32::from_le_bytes(b[8..12].try_into().ok()?),
            crc: u32::from_le_bytes(b[12..16].try_into().ok()?),
        })
    }
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

/// The merged index, laid out so that opening decodes nothing per package or record:
///
/// ```text
/// header     magic "VOUCHIDX", format u32, ecosystems u32, packages u32, records u32,
///            directory length u64, body length u64                     (40 bytes, LE)
/// directory  per ecosystem: name length u8, name, first package u32;
///            package name offsets: (packages + 1) × u32 into the names;
///            the names, sorted within each ecosystem
/// spans      packages × 16 bytes, then records × 16 bytes (offset u64, length u32, CRC-32)
/// body       postcard blobs: every package's entries, then every record's facts
/// ```
///
/// The manifest holds the sha256 of header + directory, checked on open; spans and blobs are
/// covered by the blobs' CRC-32s, checked on every read. Opening reads header and directory
/// only; the span tables are read on the first lookup that needs them.
#[derive(Debug)]
pub(crate) struct Index {
    /// Each ecosystem with the range of its packages (sorted by ecosystem).
    ecosystems: Vec<(Ecosystem, std::ops::Range<usize>)>,
    /// Header and directory as read.
    directory: Vec<u8>,
    /// Where the name offsets, and the names they point into, start in `directory`.
    offsets_at: usize,
    names_at: usize,
    packages: usize,
    records: usize,
    /// Where the span tables start in the file.
    spans_at: u64,
    spans: std::sync::OnceLock<Result<Spans, String>>,
    body: Body,
}

/// The span tables.
#[derive(Debug)]
struct Spans {
    packages: Vec<u8>,
    records: Vec<u8>,
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

/// The fixed header.
struct Header {
    ecosystems: usize,
    packages: usize,
    records: usize,
    directory_len: usize,
    body_len: u64,
}

const HEADER_LEN: usize = 40;

impl Header {
    fn read(bytes: &[u8]) -> Result<Header, String> {
        let rest = check_header(INDEX_MAGIC, INDEX_FORMAT, bytes)?;
        let rest = rest.get(..HEADER_LEN - 12).ok_or("the file is truncated")?;
        let u32_at =
            |i: usize| u32::from_le_bytes([rest[i], rest[i + 1], rest[i + 2], rest[i + 3]]);
        let u64_at = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&rest[i..i + 8]);
            u64::from_le_bytes(b)
        };
        let directory_len = u64_at(12);
        Ok(Header {
            ecosystems: u32_at(0) as usize,
            packages: u32_at(4) as usize,
            records: u32_at(8) as usize,
            directory_len: usize::try_from(directory_len)
                .map_err(|_| "the directory is too large")?,
            body_len: u64_at(20),
        })
    }

    /// Where the spans start, where the body starts.
    fn layout(&self) -> Option<(usize, usize)> {
        let spans = HEADER_LEN.checked_add(self.directory_len)?;
        let span_bytes = self
            .packages
            .checked_add(self.records)?
            .checked_mul(SPAN_LEN)?;
        Some((spans, spans.checked_add(span_bytes)?))
    }
}

impl Built {
    /// The index as the matcher reads it, without writing it to disk.
    #[cfg(test)]
    pub(crate) fn into_index(self) -> Result<Index, String> {
        let header = Header::read(&self.bytes)?;
        let (spans, body) = header.layout().ok_or("the file is truncated")?;
        let blobs = Body::Memory(self.bytes[body..].to_vec());
        let index = Index::from_parts(&header, self.bytes[..spans].to_vec(), spans as u64, blobs)?;
        let split = spans + header.packages * SPAN_LEN;
        let _ = index.spans.set(Ok(Spans {
            packages: self.bytes[spans..split].to_vec(),
            records: self.bytes[split..body].to_vec(),
        }));
        Ok(index)
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

        // Listed versions the ranges already cover are dropped (see `uncovered_versions`);
        // parsing them is most of the work, so it is spread over threads.
        let uncovered: Vec<Vec<Vec<String>>> = live
            .par_iter()
            .map(|a| {
                a.affected
                    .iter()
                    .map(|af| uncovered_versions(af.ecosystem, &af.ranges, &af.versions))
                    .collect()
            })
            .collect();
        let mut ecosystems: BTreeMap<Ecosystem, EcosystemCount> = BTreeMap::new();
        let mut packages: HashMap<(Ecosystem, &str), Vec<Entry>> = HashMap::new();
        for ((i, a), mut versions) in live.iter().enumerate().zip(uncovered) {
            let mut named: Vec<Ecosystem> = Vec::new();
            for (j, af) in a.affected.iter().enumerate() {
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
                        release: af.release.clone(),
                        ranges: af.ranges.clone(),
                        versions: std::mem::take(&mut versions[j]),
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

        let too_big = |_| "the index exceeds 4 GiB of package names".to_owned();
        // Directory: ecosystems, name offsets, names.
        let mut directory = Vec::new();
        let mut first = 0usize;
        for (e, count) in &ecosystems {
            if count.packages == 0 {
                continue;
            }
            let name = e.as_str().as_bytes();
            directory.push(u8::try_from(name.len()).map_err(|_| "an ecosystem name is too long")?);
            directory.extend_from_slice(name);
            directory.extend_from_slice(&u32::try_from(first).map_err(too_big)?.to_le_bytes());
            first += count.packages;
        }
        let ecosystem_count = ecosystems.values().filter(|c| c.packages > 0).count();
        let mut names = Vec::new();
        for p in &packages {
            directory
                .extend_from_slice(&u32::try_from(names.len()).map_err(too_big)?.to_le_bytes());
            names.extend_from_slice(p.name.as_bytes());
        }
        directory.extend_from_slice(&u32::try_from(names.len()).map_err(too_big)?.to_le_bytes());
        directory.extend_from_slice(&names);

        // Body: every package's entries, then every record, each its own postcard blob.
        let mut body = Vec::with_capacity(1 << 20);
        let mut spans = Vec::with_capacity((packages.len() + live.len()) * SPAN_LEN);
        for p in &packages {
            blob(&mut body, p)?.write(&mut spans);
        }
        for a in &live {
            blob(&mut body, &a.meta)?.write(&mut spans);
        }

        let count = |n: usize| u32::try_from(n).map_err(|_| "too many entries for one index");
        let mut bytes = Vec::with_capacity(HEADER_LEN + directory.len() + spans.len() + body.len());
        bytes.extend_from_slice(INDEX_MAGIC);
        bytes.extend_from_slice(&INDEX_FORMAT.to_le_bytes());
        bytes.extend_from_slice(&count(ecosystem_count)?.to_le_bytes());
        bytes.extend_from_slice(&count(packages.len())?.to_le_bytes());
        bytes.extend_from_slice(&count(live.len())?.to_le_bytes());
        bytes.extend_from_slice(&(directory.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&(body.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&directory);
        let directory_sha256 = hex::encode(Sha256::digest(&bytes));
        bytes.extend_from_slice(&spans);
        bytes.extend_from_slice(&body);
        Ok(Built {
            bytes,
            directory_sha256,
            newest_modified_ns: live.iter().map(|a| a.meta.modified_ns).max(),
            records: live.len(),
            packages: packages.len(),
            ecosystems,
        })
    }

    /// Opens an index file: reads the header, the directory and the span tables, checks header
    /// and directory against `directory_sha256` (from the manifest) and keeps the file open for
    /// the blobs.
    pub(crate) fn open(path: &Path, directory_sha256: &str) -> Result<Index, OpenError> {
        let damaged = |reason: &str| OpenError::Damaged(reason.to_owned());
        let file = fs_err::File::open(path).map_err(OpenError::Io)?;
        let len = file.metadata().map_err(OpenError::Io)?.len();
        let file = file.into_file();
        let mut head = [0u8; HEADER_LEN];
        read_at(&file, 0, &mut head).map_err(|_| damaged("the file is truncated"))?;
        let header = Header::read(&head).map_err(OpenError::Damaged)?;
        let (spans_at, body_at) = header
            .layout()
            .filter(|(_, body)| (*body as u64).checked_add(header.body_len) == Some(len))
            .ok_or_else(|| damaged("the file is truncated"))?;
        let mut directory = vec![0u8; spans_at];
        read_at(&file, 0, &mut directory).map_err(OpenError::Io)?;
        if hex::encode(Sha256::digest(&directory)) != directory_sha256 {
            return Err(damaged(
                "its directory's sha256 differs from the manifest's",
            ));
        }
        let body = Body::File {
            file,
            start: body_at as u64,
            len: len - body_at as u64,
        };
        Index::from_parts(&header, directory, spans_at as u64, body).map_err(OpenError::Damaged)
    }

    /// The index from its header + directory bytes, where its span tables start and where the
    /// blobs are.
    fn from_parts(
        header: &Header,
        directory: Vec<u8>,
        spans_at: u64,
        body: Body,
    ) -> Result<Index, String> {
        let truncated = || "the directory is truncated".to_owned();
        let mut at = HEADER_LEN;
        let mut firsts = Vec::with_capacity(header.ecosystems);
        {
            let mut take = |n: usize| -> Result<&[u8], String> {
                let s = directory
                    .get(at..at.checked_add(n).ok_or_else(truncated)?)
                    .ok_or_else(truncated)?;
                at += n;
                Ok(s)
            };
            for _ in 0..header.ecosystems {
                let n = take(1)?[0] as usize;
                let name = std::str::from_utf8(take(n)?).map_err(|_| truncated())?;
                let ecosystem: Ecosystem = name
                    .parse()
                    .map_err(|_| format!("the index names an unknown ecosystem `{name}`"))?;
                let first = u32::from_le_bytes(take(4)?.try_into().map_err(|_| truncated())?);
                firsts.push((ecosystem, first as usize));
            }
        }
        let offsets_at = at;
        let names_at = header
            .packages
            .checked_add(1)
            .and_then(|n| n.checked_mul(4))
            .and_then(|n| n.checked_add(offsets_at))
            .filter(|&n| n <= directory.len())
            .ok_or_else(truncated)?;
        let mut ecosystems = Vec::with_capacity(firsts.len());
        for (i, &(e, first)) in firsts.iter().enumerate() {
            let end = firsts.get(i + 1).map_or(header.packages, |n| n.1);
            if first > end || end > header.packages {
                return Err("the ecosystem table is out of order".into());
            }
            ecosystems.push((e, first..end));
        }
        Ok(Index {
            ecosystems,
            directory,
            offsets_at,
            names_at,
            packages: header.packages,
            records: header.records,
            spans_at,
            spans: std::sync::OnceLock::new(),
            body,
        })
    }

    /// The name of package `i`; empty if the directory is damaged.
    fn name(&self, i: usize) -> &[u8] {
        let offset = |i: usize| {
            let at = self.offsets_at + 4 * i;
            self.directory
                .get(at..at + 4)
                .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        };
        let (start, end) = (self.names_at + offset(i), self.names_at + offset(i + 1));
        self.directory.get(start..end).unwrap_or_default()
    }

    /// The span tables, read from the file on first use.
    fn spans(&self) -> Result<&Spans, String> {
        self.spans
            .get_or_init(|| {
                #[cfg_attr(not(test), allow(irrefutable_let_patterns))]
                let Body::File { file, .. } = &self.body else {
                    return Err("the index has no span tables".into());
                };
                let mut packages = vec![0u8; self.packages * SPAN_LEN];
                let mut records = vec![0u8; self.records * SPAN_LEN];
                let read = |at: u64, buf: &mut [u8]| {
                    read_at(file, at, buf).map_err(|e| format!("reading the index: {e}"))
                };
                read(self.spans_at, &mut packages)?;
                read(self.spans_at + packages.len() as u64, &mut records)?;
                Ok(Spans { packages, records })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The position of the package with this key.
    fn find(&self, ecosystem: Ecosystem, name: &str) -> Option<usize> {
        let range = self
            .ecosystems
            .binary_search_by(|(e, _)| e.cmp(&ecosystem))
            .ok()
            .map(|i| self.ecosystems[i].1.clone())?;
        let (mut lo, mut hi) = (range.start, range.end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.name(mid).cmp(name.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The package with this key, if any advisory names it; `Err` if its entries cannot be
    /// read or decoded (a damaged file).
    pub(crate) fn package(
        &self,
        ecosystem: Ecosystem,
        name: &str,
    ) -> Option<Result<Package, String>> {
        let i = self.find(ecosystem, name)?;
        Some(self.spans().and_then(|spans| {
            let span = Span::read(&spans.packages, i)
                .ok_or_else(|| "the span table is truncated".to_owned())?;
            self.decode(span)
        }))
    }

    /// True when some advisory names this package.
    pub(crate) fn contains(&self, ecosystem: Ecosystem, name: &str) -> bool {
        self.find(ecosystem, name).is_some()
    }

    /// The facts of record `i`; `Err` if they cannot be read or decoded.
    pub(crate) fn record(&self, i: u32) -> Result<RecordMeta, String> {
        let span = Span::read(&self.spans()?.records, i as usize)
            .ok_or_else(|| format!("record {i} is not in the index"))?;
        self.decode(span)
    }

    /// Live records in the index.
    #[cfg(test)]
    pub(crate) fn record_count(&self) -> usize {
        self.records
    }

    /// Every key, sorted.
    pub(crate) fn keys(&self) -> impl Iterator<Item = (Ecosystem, &str)> + '_ {
        self.ecosystems.iter().flat_map(move |(e, range)| {
            range
                .clone()
                .filter_map(move |i| std::str::from_utf8(self.name(i)).ok().map(|n| (*e, n)))
        })
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
    if source_format(bytes) == Some(SOURCE_FORMAT_NO_RELEASE) {
        let body = check_header(SOURCE_MAGIC, SOURCE_FORMAT_NO_RELEASE, bytes)?;
        let old: Vec<AdvisoryNoRelease> = postcard::from_bytes(body).map_err(|e| e.to_string())?;
        return Ok(old.into_iter().map(AdvisoryNoRelease::upgrade).collect());
    }
    decode(SOURCE_MAGIC, bytes)
}

/// The format a source file says it is written in, when it says.
fn source_format(bytes: &[u8]) -> Option<u32> {
    let head = bytes.get(..12)?;
    (&head[..8] == SOURCE_MAGIC).then(|| u32::from_le_bytes([head[8], head[9], head[10], head[11]]))
}

/// An advisory as source format 2 stored it (before `Affected::release`).
#[derive(Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct AdvisoryNoRelease {
    meta: RecordMeta,
    withdrawn: bool,
    affected: Vec<AffectedNoRelease>,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct AffectedNoRelease {
    ecosystem: Ecosystem,
    name: String,
    ranges: Vec<Range>,
    versions: Vec<String>,
    informational: Option<String>,
}

impl AdvisoryNoRelease {
    fn upgrade(self) -> Advisory {
        Advisory {
            meta: self.meta,
            withdrawn: self.withdrawn,
            affected: self
                .affected
                .into_iter()
                .map(|a| crate::model::Affected {
                    ecosystem: a.ecosystem,
                    release: None,
                    name: a.name,
                    ranges: a.ranges,
                    versions: a.versions,
                    informational: a.informational,
                })
                .collect(),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_2_sources_are_read_with_entries_about_every_release() {
        let mut d = Vec::new();
        let current: Vec<Advisory> = crate::osv::parse_record(
            br#"{"id":"DSA-5532-1","modified":"2023-10-25T00:00:00Z","affected":[
                {"package":{"ecosystem":"Debian:12","name":"openssl"},
                 "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"3.0.11-1~deb12u2"}]}]}]}"#,
            crate::osv::Format::Json,
            Path::new("t.json"),
            &mut d,
        )
        .into_iter()
        .collect();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(current[0].affected[0].release.as_deref(), Some("12"));
        // What vouch wrote before releases were kept.
        let old: Vec<AdvisoryNoRelease> = current
            .iter()
            .map(|a| AdvisoryNoRelease {
                meta: a.meta.clone(),
                withdrawn: a.withdrawn,
                affected: a
                    .affected
                    .iter()
                    .map(|af| AffectedNoRelease {
                        ecosystem: af.ecosystem,
                        name: af.name.clone(),
                        ranges: af.ranges.clone(),
                        versions: af.versions.clone(),
                        informational: af.informational.clone(),
                    })
                    .collect(),
            })
            .collect();
        let mut bytes = SOURCE_MAGIC.to_vec();
        bytes.extend_from_slice(&SOURCE_FORMAT_NO_RELEASE.to_le_bytes());
        bytes.extend(postcard::to_allocvec(&old).unwrap());
        let read = source_from_bytes(&bytes).unwrap();
        let mut expected = current.clone();
        expected[0].affected[0].release = None;
        assert_eq!(read, expected);
        // The current format round-trips with the release.
        let bytes = source_to_bytes(&current).unwrap();
        assert_eq!(source_from_bytes(&bytes).unwrap(), current);
        // Another format is refused.
        let mut other = bytes.clone();
        other[8..12].copy_from_slice(&1u32.to_le_bytes());
        assert!(source_from_bytes(&other).unwrap_err().contains("format 1"));
    }

    fn built() -> Built {
        let record = |id: &str, eco: &str, names: &[&str]| {
            let affected: Vec<String> = names
                .iter()
                .map(|n| {
                    format!(
                        r#"{{"package":{{"ecosystem":"{eco}","name":"{n}"}},"ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}},{{"fixed":"1.0.0"}}]}}]}}"#
                    )
                })
                .collect();
            format!(
                r#"{{"id":"{id}","modified":"2024-01-01T00:00:00Z","affected":[{}]}}"#,
                affected.join(",")
            )
        };
        let records = [
            record("GHSA-1", "npm", &["zeta", "alpha"]),
            record("RUSTSEC-2024-0001", "crates.io", &["serde"]),
            record("PYSEC-1", "PyPI", &["django", "aiohttp"]),
            record("GHSA-2", "npm", &["alpha", "@scope/mid"]),
        ];
        let mut advisories = Vec::new();
        for r in &records {
            let mut d = Vec::new();
            advisories.extend(crate::osv::parse_record(
                r.as_bytes(),
                crate::osv::Format::Json,
                Path::new("t.json"),
                &mut d,
            ));
            assert!(d.is_empty(), "{d:?}");
        }
        Index::build([advisories.as_slice()]).unwrap()
    }

    #[test]
    fn every_key_is_found_and_listed_in_order() {
        let b = built();
        assert_eq!((b.records, b.packages), (4, 6));
        assert_eq!(b.ecosystems[&Ecosystem::Npm].records, 2);
        assert_eq!(b.ecosystems[&Ecosystem::Npm].packages, 3);
        let index = b.into_index().unwrap();
        let keys: Vec<_> = index.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert_eq!(keys.len(), 6);
        for (e, n) in &keys {
            let p = index.package(*e, n).unwrap().unwrap();
            assert_eq!((p.ecosystem, p.name.as_str()), (*e, *n));
        }
        let alpha = index.package(Ecosystem::Npm, "alpha").unwrap().unwrap();
        let ids: Vec<String> = alpha
            .entries
            .iter()
            .map(|e| index.record(e.record).unwrap().id.to_string())
            .collect();
        assert_eq!(ids, ["GHSA-1", "GHSA-2"]);
        assert!(!index.contains(Ecosystem::Npm, "serde"));
        assert!(!index.contains(Ecosystem::Go, "alpha"));
        assert!(index.record(4).is_err());
    }

    #[test]
    fn a_file_is_refused_when_truncated_or_not_the_manifests() {
        let b = built();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.bin");
        fs_err::write(&path, &b.bytes).unwrap();
        assert!(Index::open(&path, &b.directory_sha256).is_ok());
        assert!(matches!(
            Index::open(&path, &"0".repeat(64)),
            Err(OpenError::Damaged(_))
        ));
        for len in [0, 10, HEADER_LEN, b.bytes.len() / 2] {
            fs_err::write(&path, &b.bytes[..len]).unwrap();
            assert!(
                matches!(
                    Index::open(&path, &b.directory_sha256),
                    Err(OpenError::Damaged(_))
                ),
                "{len} bytes"
            );
        }
    }

    #[test]
    fn a_damaged_blob_is_an_error_not_a_match() {
        let b = built();
        let mut bytes = b.bytes.clone();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x40;
        let damaged = Built { bytes, ..b };
        let index = damaged.into_index().unwrap();
        // The last blob is the last record's (`RUSTSEC-2024-0001`, sorted by id).
        let err = index.record(3).unwrap_err();
        assert!(err.contains("checksum"), "{err}");
    }
}
