//! Archives built in memory with the same crates the tree reads them with, and a visitor that
//! records what it saw.

use std::collections::BTreeMap;
use std::io::Write;

use vouch_archive::{Entry, File, Limits, Problem, ProblemKind, Tree, Visitor, WalkSummary, Want};

/// One member of a tar built for a test.
pub(crate) enum Member<'a> {
    File(&'a str, &'a [u8]),
    Exec(&'a str, &'a [u8]),
    Dir(&'a str),
    Symlink(&'a str, &'a str),
    HardLink(&'a str, &'a str),
}

/// A tar with raw names (so hostile names can be written too).
pub(crate) fn tar(members: &[Member<'_>]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for member in members {
        let mut header = tar::Header::new_gnu();
        let (name, data, kind, mode, link): (&str, &[u8], tar::EntryType, u32, Option<&str>) =
            match member {
                Member::File(n, d) => (n, d, tar::EntryType::Regular, 0o644, None),
                Member::Exec(n, d) => (n, d, tar::EntryType::Regular, 0o755, None),
                Member::Dir(n) => (n, &[], tar::EntryType::Directory, 0o755, None),
                Member::Symlink(n, t) => (n, &[], tar::EntryType::Symlink, 0o777, Some(t)),
                Member::HardLink(n, t) => (n, &[], tar::EntryType::Link, 0o644, Some(t)),
            };
        let raw = &mut header.as_old_mut().name;
        raw[..name.len()].copy_from_slice(name.as_bytes());
        if let Some(target) = link {
            header.as_old_mut().linkname[..target.len()].copy_from_slice(target.as_bytes());
        }
        header.set_entry_type(kind);
        header.set_mode(mode);
        header.set_size(data.len() as u64);
        header.set_cksum();
        builder.append(&header, data).unwrap();
    }
    builder.into_inner().unwrap()
}

pub(crate) fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

pub(crate) fn zst(bytes: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
}

pub(crate) fn xz(bytes: &[u8]) -> Vec<u8> {
    let mut w =
        lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(1)).unwrap();
    w.write_all(bytes).unwrap();
    w.finish().unwrap()
}

pub(crate) fn bz2(bytes: &[u8]) -> Vec<u8> {
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A zip of deflated files; names are written as given.
pub(crate) fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, data) in members {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Records every entry, and the files it wanted.
#[derive(Default)]
pub(crate) struct Recorder {
    pub(crate) want: Want,
    pub(crate) entries: Vec<Entry>,
    pub(crate) files: BTreeMap<String, File>,
}

impl Recorder {
    pub(crate) fn wanting(want: Want) -> Self {
        Self {
            want,
            ..Self::default()
        }
    }

    pub(crate) fn paths(&self) -> Vec<&str> {
        let mut p: Vec<&str> = self.entries.iter().map(|e| e.path.as_str()).collect();
        p.sort_unstable();
        p
    }

    pub(crate) fn content(&self, path: &str) -> &[u8] {
        self.files[path].content.as_deref().unwrap()
    }

    pub(crate) fn entry(&self, path: &str) -> &Entry {
        self.entries.iter().find(|e| e.path == path).unwrap()
    }
}

impl Visitor for Recorder {
    fn visit(&mut self, entry: &Entry) -> Want {
        self.entries.push(entry.clone());
        self.want
    }

    fn content(&mut self, file: File) {
        assert!(
            self.files.insert(file.entry.path.clone(), file).is_none(),
            "a file was delivered twice"
        );
    }
}

/// Writes `bytes` to `name` in a temporary directory and walks it.
pub(crate) fn walk_bytes(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    want: Want,
) -> (Recorder, WalkSummary) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    walk_path(&path, limits, want)
}

pub(crate) fn walk_path(
    path: &std::path::Path,
    limits: &Limits,
    want: Want,
) -> (Recorder, WalkSummary) {
    let tree = Tree::open(path, limits).unwrap();
    let mut rec = Recorder::wanting(want);
    let summary = tree.walk(&mut rec);
    (rec, summary)
}

pub(crate) fn kinds(summary: &WalkSummary) -> Vec<ProblemKind> {
    summary.problems.iter().map(|p: &Problem| p.kind).collect()
}
