//! The walk: one pass over directories, compressed streams, tar and zip archives, nested as deep
//! as the limits allow. Every failure becomes a [`Problem`] at the entry or archive concerned and
//! the walk goes on with the next one; only the entry and total-bytes limits stop it.

use std::io::{self, Cursor, Read, Seek};
use std::path::Path;
use std::rc::Rc;

use sha2::{Digest, Sha256, Sha512};

use crate::format::{self, Format, SNIFF_LEN, read_head, sniff};
use crate::image::{self, Merge};
use crate::limits::{Guard, Input, Shared};
use crate::vpath::{self, NESTED_SEPARATOR};
use crate::{
    ArchiveError, Digests, Entry, EntryKind, File, Limits, Problem, ProblemKind, RootKind, Tree,
    Visitor, WalkSummary,
};

/// The walk must stop: the entry or total-bytes limit was reached (already reported).
pub(crate) struct Stop;

pub(crate) type Flow = Result<(), Stop>;

/// A reader a zip archive can seek in.
pub(crate) trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

/// What the root of a tree is, by looking at it.
pub(crate) fn root_kind(root: &Path) -> Result<RootKind, ArchiveError> {
    let io = |source| ArchiveError::Io {
        path: root.to_path_buf(),
        source,
    };
    let meta = fs_err::metadata(root).map_err(io)?;
    if meta.is_dir() {
        return Ok(if image::probe_dir(root).is_some() {
            RootKind::Image
        } else {
            RootKind::Directory
        });
    }
    if !meta.is_file() {
        return Err(ArchiveError::NotAFile {
            path: root.to_path_buf(),
        });
    }
    let mut file = fs_err::File::open(root).map_err(io)?;
    let head = read_head(&mut file, SNIFF_LEN).map_err(io)?;
    Ok(match sniff(&head) {
        Some(Format::Tar) if image::probe_tar(root).is_some() => RootKind::Image,
        Some(format) => RootKind::Archive(format),
        None => RootKind::File,
    })
}

pub(crate) fn walk(tree: &Tree, visitor: &mut dyn Visitor) -> WalkSummary {
    let mut walker = Walker {
        shared: Shared::new(&tree.limits),
        limits: tree.limits.clone(),
        visitor,
        problems: Vec::new(),
        entries: 0,
    };
    let root = tree.root.as_path();
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A `Stop` has been reported where it happened; the summary is all that is left to do.
    let _ = match tree.kind {
        RootKind::Directory => walker.walk_dir(root),
        RootKind::Image => match image::probe_dir(root).or_else(|| image::probe_tar(root)) {
            Some(source) => image::walk_image(&mut walker, &source, "", "", 0),
            None => {
                walker.problem("", ProblemKind::Corrupt, "the image is no longer readable");
                Ok(())
            }
        },
        RootKind::Archive(format) => walker.walk_disk_archive(root, format, "", "", &name, 0),
        RootKind::File => walker.disk_file(root, name, 0),
    };
    WalkSummary {
        entries: walker.entries,
        decompressed_bytes: walker.shared.total.get(),
        problems: walker.problems,
    }
}

pub(crate) struct Walker<'v> {
    pub(crate) limits: Limits,
    visitor: &'v mut dyn Visitor,
    pub(crate) shared: Rc<Shared>,
    problems: Vec<Problem>,
    entries: u64,
}

/// What is known of a file before its bytes are read.
struct Meta {
    path: String,
    size: u64,
    mode: u32,
    depth: u32,
}

impl Walker<'_> {
    pub(crate) fn problem(&mut self, path: &str, kind: ProblemKind, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.to_owned(),
            kind,
            message: message.into(),
        });
    }

    /// Counts one entry; stops the walk past the limit.
    fn count_entry(&mut self, path: &str) -> Flow {
        self.entries += 1;
        if self.entries > self.limits.max_entries {
            let max = self.limits.max_entries;
            self.problem(
                path,
                ProblemKind::EntryLimit,
                format!("more than {max} entries; the walk stopped here"),
            );
            return Err(Stop);
        }
        if self.shared.total_exceeded() {
            return Err(Stop);
        }
        Ok(())
    }

    /// Reports a failed read of `path`, as the limit that caused it if a guard tripped.
    pub(crate) fn io_problem(&mut self, path: &str, what: &str, err: &io::Error) -> Flow {
        match self.shared.take_tripped() {
            Some((ProblemKind::TotalBytesLimit, max)) => {
                self.problem(
                    path,
                    ProblemKind::TotalBytesLimit,
                    format!("more than {max} decompressed bytes in all; the walk stopped here"),
                );
                Err(Stop)
            }
            Some((kind, ratio)) => {
                let max = self.limits.max_ratio;
                self.problem(
                    path,
                    kind,
                    format!("{what}: compression ratio {ratio} is over the limit of {max}; the rest is skipped"),
                );
                Ok(())
            }
            None if self.shared.total_exceeded() => Err(Stop),
            None => {
                let kind = match err.kind() {
                    io::ErrorKind::UnexpectedEof => ProblemKind::Truncated,
                    io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied => ProblemKind::Io,
                    _ => ProblemKind::Corrupt,
                };
                self.problem(path, kind, format!("{what}: {err}"));
                Ok(())
            }
        }
    }

    /// A directory on disk, in sorted order, without following symlinks.
    fn walk_dir(&mut self, root: &Path) -> Flow {
        let mut stack = vec![(root.to_path_buf(), String::new())];
        while let Some((dir, rel)) = stack.pop() {
            let read = match fs_err::read_dir(&dir) {
                Ok(read) => read,
                Err(err) => {
                    self.problem(&rel, ProblemKind::Io, err.to_string());
                    continue;
                }
            };
            let mut items: Vec<(String, std::path::PathBuf)> = read
                .filter_map(Result::ok)
                .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
                .collect();
            items.sort();
            let mut subdirs = Vec::new();
            for (name, path) in items {
                let vp = if rel.is_empty() {
                    name
                } else {
                    format!("{rel}/{name}")
                };
                self.count_entry(&vp)?;
                let meta = match fs_err::symlink_metadata(&path) {
                    Ok(meta) => meta,
                    Err(err) => {
                        self.problem(&vp, ProblemKind::Io, err.to_string());
                        continue;
                    }
                };
                if meta.is_dir() {
                    // An image layout unpacked in the delivery is shown as its final filesystem.
                    match image::probe_dir(&path) {
                        Some(source) if self.limits.max_depth >= 1 => {
                            let prefix = format!("{vp}{NESTED_SEPARATOR}");
                            image::walk_image(self, &source, &vp, &prefix, 1)?;
                        }
                        _ => subdirs.push((path, vp)),
                    }
                } else if meta.file_type().is_symlink() {
                    match fs_err::read_link(&path) {
                        Ok(target) => {
                            let target = target.to_string_lossy().into_owned();
                            self.symlink(&vp, vp.clone(), target, 0);
                        }
                        Err(err) => self.problem(&vp, ProblemKind::Io, err.to_string()),
                    }
                } else if meta.is_file() {
                    self.disk_file(&path, vp, 0)?;
                }
            }
            stack.extend(subdirs.into_iter().rev());
        }
        Ok(())
    }

    /// A regular file on disk (in a directory, or the root itself).
    fn disk_file(&mut self, path: &Path, vp: String, depth: u32) -> Flow {
        let mut file = match fs_err::File::open(path) {
            Ok(f) => f,
            Err(err) => {
                self.problem(&vp, ProblemKind::Io, err.to_string());
                return Ok(());
            }
        };
        let (size, mode) = match file.metadata() {
            Ok(m) => (m.len(), mode_of(&m)),
            Err(err) => {
                self.problem(&vp, ProblemKind::Io, err.to_string());
                return Ok(());
            }
        };
        let meta = Meta {
            path: vp,
            size,
            mode,
            depth,
        };
        let mut reader = io::BufReader::new(&mut file);
        self.file(meta, &mut reader, Some(path))
    }

    /// An archive on disk, opened at `at` (its virtual path) with members under `prefix`.
    fn walk_disk_archive(
        &mut self,
        path: &Path,
        format: Format,
        at: &str,
        prefix: &str,
        name: &str,
        depth: u32,
    ) -> Flow {
        let file = match fs_err::File::open(path) {
            Ok(f) => f,
            Err(err) => {
                self.problem(at, ProblemKind::Io, err.to_string());
                return Ok(());
            }
        };
        if format == Format::Zip {
            self.walk_zip(Box::new(io::BufReader::new(file)), at, prefix, depth)
        } else {
            self.walk_stream(
                Box::new(io::BufReader::new(file)),
                at,
                prefix,
                name,
                depth,
                None,
            )
        }
    }

    /// A stream of unknown format: decompresses as often as needed (at most three times), then
    /// walks the tar or zip inside, or shows a compressed plain file as one member.
    pub(crate) fn walk_stream<'a>(
        &mut self,
        mut reader: Box<dyn Read + 'a>,
        at: &str,
        prefix: &str,
        name: &str,
        depth: u32,
        merge: Option<&mut Merge>,
    ) -> Flow {
        let mut decoded = 0;
        loop {
            let head = match read_head(&mut reader, SNIFF_LEN) {
                Ok(h) => h,
                Err(err) => return self.io_problem(at, "cannot read", &err),
            };
            let format = sniff(&head);
            let chained: Box<dyn Read + 'a> = Box::new(Cursor::new(head).chain(reader));
            match format {
                Some(c) if c.is_compression() => {
                    if decoded >= 3 {
                        self.problem(
                            at,
                            ProblemKind::Unsupported,
                            "compressed more than three times; not opened",
                        );
                        return Ok(());
                    }
                    reader = match format::decoder(
                        c,
                        chained,
                        &self.shared,
                        self.limits.max_decoder_memory,
                    ) {
                        Ok(d) => d,
                        Err(err) => {
                            return self.io_problem(at, &format!("not valid {c:?}"), &err);
                        }
                    };
                    decoded += 1;
                }
                Some(Format::Tar) => return self.walk_tar(chained, at, prefix, depth, merge),
                Some(_) => {
                    let max = self.limits.max_file_bytes;
                    return match read_bounded(chained, max) {
                        Ok(Some(bytes)) => {
                            self.walk_zip(Box::new(Cursor::new(bytes)), at, prefix, depth)
                        }
                        Ok(None) => {
                            self.problem(
                                at,
                                ProblemKind::FileTooLarge,
                                format!("a zip over {max} bytes inside a stream is not opened"),
                            );
                            Ok(())
                        }
                        Err(err) => self.io_problem(at, "cannot read", &err),
                    };
                }
                None if decoded > 0 && merge.is_none() => {
                    let inner = format::strip_compression_suffix(name);
                    let meta = Meta {
                        path: format!("{prefix}{inner}"),
                        size: 0,
                        mode: 0o644,
                        depth,
                    };
                    let mut chained = chained;
                    return self.file(meta, &mut chained, None);
                }
                None => {
                    self.problem(
                        at,
                        ProblemKind::Corrupt,
                        "not a tar, zip or compressed file",
                    );
                    return Ok(());
                }
            }
        }
    }

    /// A tar stream. With `merge`, the tar is an image layer and upper layers hide its paths.
    fn walk_tar<'a>(
        &mut self,
        reader: Box<dyn Read + 'a>,
        at: &str,
        prefix: &str,
        depth: u32,
        mut merge: Option<&mut Merge>,
    ) -> Flow {
        let mut archive = tar::Archive::new(reader);
        let entries = match archive.entries() {
            Ok(e) => e,
            Err(err) => return self.io_problem(at, "not a valid tar", &err),
        };
        for item in entries {
            let mut entry = match item {
                Ok(e) => e,
                Err(err) => return self.io_problem(at, "tar cut short", &err),
            };
            let raw = entry.path_bytes().into_owned();
            let shown = format!("{prefix}{}", String::from_utf8_lossy(&raw));
            self.count_entry(&shown)?;
            let header = entry.header();
            let kind = header.entry_type();
            let mode = header.mode().unwrap_or(0);
            let inner = match vpath::normalize(&raw, false) {
                Ok(p) => p,
                Err(_) if kind.is_dir() => continue, // `./` itself
                Err(kind) => {
                    self.unsafe_path(&shown, kind);
                    continue;
                }
            };
            if let Some(m) = merge.as_deref_mut()
                && !m.admit(&inner, kind.is_dir())
            {
                continue;
            }
            let path = format!("{prefix}{inner}");
            if kind.is_symlink() {
                let target = entry
                    .link_name_bytes()
                    .map(|t| String::from_utf8_lossy(&t).into_owned())
                    .unwrap_or_default();
                self.symlink(&inner, path, target, depth);
            } else if kind.is_hard_link() {
                let target = entry.link_name_bytes().unwrap_or_default();
                match vpath::normalize(&target, false) {
                    Ok(t) => {
                        let entry = Entry {
                            path,
                            size: 0,
                            mode,
                            kind: EntryKind::HardLink {
                                target: format!("{prefix}{t}"),
                            },
                            archive: None,
                            depth,
                        };
                        self.visitor.visit(&entry);
                    }
                    Err(_) => self.problem(
                        &path,
                        ProblemKind::LinkEscape,
                        format!(
                            "hard link to {} leaves the archive; skipped",
                            String::from_utf8_lossy(&target)
                        ),
                    ),
                }
            } else if kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse() {
                let meta = Meta {
                    path,
                    size: entry.size(),
                    mode,
                    depth,
                };
                self.file(meta, &mut entry, None)?;
            }
        }
        Ok(())
    }

    /// A zip archive (from disk, or from memory).
    fn walk_zip<'a>(
        &mut self,
        reader: Box<dyn ReadSeek + 'a>,
        at: &str,
        prefix: &str,
        depth: u32,
    ) -> Flow {
        let mut archive = match zip::ZipArchive::new(reader) {
            Ok(a) => a,
            Err(err) => {
                self.problem(at, ProblemKind::Corrupt, format!("not a valid zip: {err}"));
                return Ok(());
            }
        };
        for index in 0..archive.len() {
            let mut member = match archive.by_index(index) {
                Ok(m) => m,
                Err(err) => {
                    self.count_entry(at)?;
                    let kind = match err {
                        zip::result::ZipError::UnsupportedArchive(_) => ProblemKind::Unsupported,
                        _ => ProblemKind::Corrupt,
                    };
                    self.problem(at, kind, format!("member {index}: {err}"));
                    continue;
                }
            };
            let raw = member.name_raw().to_vec();
            let shown = format!("{prefix}{}", String::from_utf8_lossy(&raw));
            self.count_entry(&shown)?;
            let inner = match vpath::normalize(&raw, true) {
                Ok(p) => p,
                Err(kind) => {
                    self.unsafe_path(&shown, kind);
                    continue;
                }
            };
            if member.is_dir() {
                continue;
            }
            let path = format!("{prefix}{inner}");
            let (size, compressed) = (member.size(), member.compressed_size());
            let max_ratio = self.limits.max_ratio;
            if size > self.limits.ratio_grace_bytes && size / compressed.max(1) > max_ratio {
                self.problem(
                    &path,
                    ProblemKind::RatioLimit,
                    format!(
                        "{size} bytes from {compressed} compressed is over the ratio limit of {max_ratio}; skipped"
                    ),
                );
                continue;
            }
            let mode = member.unix_mode().unwrap_or(0o644);
            if member.is_symlink() {
                let mut target = Vec::new();
                if let Err(err) = (&mut member).take(4096).read_to_end(&mut target) {
                    self.problem(&path, ProblemKind::Corrupt, err.to_string());
                    continue;
                }
                let target = String::from_utf8_lossy(&target).into_owned();
                self.symlink(&inner, path, target, depth);
                continue;
            }
            let meta = Meta {
                path,
                size,
                mode,
                depth,
            };
            let mut guarded = Guard::new(&mut member, Input::Fixed(compressed), &self.shared);
            self.file(meta, &mut guarded, None)?;
        }
        Ok(())
    }

    fn unsafe_path(&mut self, shown: &str, kind: ProblemKind) {
        let why = if kind == ProblemKind::AbsolutePath {
            "an absolute path"
        } else {
            "a path that is empty or climbs out with `..`"
        };
        self.problem(shown, kind, format!("{why}; skipped"));
    }

    /// A symlink at `inner` (the path inside its archive), recorded if it stays inside.
    fn symlink(&mut self, inner: &str, path: String, target: String, depth: u32) {
        if vpath::resolve_link(inner, &target).is_none() {
            self.problem(
                &path,
                ProblemKind::LinkEscape,
                format!("symlink to {target} leaves the tree; skipped"),
            );
            return;
        }
        let entry = Entry {
            path,
            size: 0,
            mode: 0o777,
            kind: EntryKind::Symlink { target },
            archive: None,
            depth,
        };
        self.visitor.visit(&entry);
    }

    /// A regular file: asks the visitor, reads what it wants, opens it if it is an archive.
    fn file(&mut self, meta: Meta, body: &mut dyn Read, disk: Option<&Path>) -> Flow {
        let head = match read_head(body, SNIFF_LEN) {
            Ok(h) => h,
            Err(err) => return self.io_problem(&meta.path, "cannot read", &err),
        };
        let name = vpath::file_name(&meta.path).to_owned();
        let name = name.as_str();
        let archive = match sniff(&head) {
            Some(f @ (Format::Tar | Format::Zip)) => Some(f),
            Some(f) if format::compressed_name_is_tar(name) => Some(f),
            _ => None,
        };
        let entry = Entry {
            path: meta.path,
            size: meta.size,
            mode: meta.mode,
            kind: EntryKind::File,
            archive,
            depth: meta.depth,
        };
        let want = self.visitor.visit(&entry);
        let nested_depth = entry.depth + 1;
        let descend = match archive {
            Some(_) if nested_depth > self.limits.max_depth => {
                let max = self.limits.max_depth;
                self.problem(
                    &entry.path,
                    ProblemKind::DepthLimit,
                    format!("an archive nested deeper than {max}; not opened"),
                );
                None
            }
            other => other,
        };
        let mut rest = Cursor::new(head).chain(body);
        let zip_in_memory = descend == Some(Format::Zip) && disk.is_none();
        let max = self.limits.max_file_bytes;
        let mut content = None;
        let mut digests = None;
        let at = entry.path.clone();
        let prefix = format!("{at}{NESTED_SEPARATOR}");
        if (want.content || zip_in_memory) && entry.size <= max {
            match read_bounded(&mut rest, max) {
                Ok(Some(bytes)) => {
                    if want.digests {
                        let mut h = Hasher::default();
                        h.update(&bytes);
                        digests = Some(h.finish());
                    }
                    if let Some(format) = descend {
                        if format == Format::Zip {
                            self.walk_zip(
                                Box::new(Cursor::new(&bytes[..])),
                                &at,
                                &prefix,
                                nested_depth,
                            )?;
                        } else {
                            self.walk_stream(
                                Box::new(&bytes[..]),
                                &at,
                                &prefix,
                                name,
                                nested_depth,
                                None,
                            )?;
                        }
                    }
                    if want.content {
                        content = Some(bytes);
                    }
                }
                Ok(None) => {
                    self.problem(
                        &at,
                        ProblemKind::FileTooLarge,
                        format!("larger than stated and over the limit of {max} bytes; not read"),
                    );
                    return Ok(());
                }
                Err(err) => return self.io_problem(&at, "cannot read", &err),
            }
        } else {
            if want.content || zip_in_memory {
                self.problem(
                    &at,
                    ProblemKind::FileTooLarge,
                    format!(
                        "{} bytes is over the limit of {max} bytes; {}",
                        entry.size,
                        if want.content {
                            "content not read"
                        } else {
                            "a nested zip is not opened"
                        }
                    ),
                );
            }
            let mut hashing = Hashing {
                inner: &mut rest,
                hasher: want.digests.then(Hasher::default),
            };
            match (descend, disk) {
                (None, _) => {}
                (Some(Format::Zip), None) => {}
                (Some(format), Some(path)) => {
                    let image = if format == Format::Tar {
                        image::probe_tar(path)
                    } else {
                        None
                    };
                    match image {
                        Some(source) => {
                            image::walk_image(self, &source, &at, &prefix, nested_depth)?
                        }
                        None => {
                            self.walk_disk_archive(path, format, &at, &prefix, name, nested_depth)?
                        }
                    }
                }
                (Some(_), None) => {
                    self.walk_stream(
                        Box::new(&mut hashing),
                        &at,
                        &prefix,
                        name,
                        nested_depth,
                        None,
                    )?;
                }
            }
            if want.digests {
                if let Err(err) = io::copy(&mut hashing, &mut io::sink()) {
                    return self.io_problem(&at, "cannot read", &err);
                }
                digests = hashing.hasher.map(Hasher::finish);
            }
        }
        if want.any() && (content.is_some() || digests.is_some()) {
            self.visitor.content(File {
                entry,
                content,
                digests,
            });
        }
        Ok(())
    }
}

/// Reads everything if it fits in `max` bytes; `None` if there is more.
fn read_bounded(reader: impl Read, max: u64) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

#[derive(Default)]
struct Hasher {
    sha256: Sha256,
    sha512: Sha512,
}

impl Hasher {
    fn update(&mut self, bytes: &[u8]) {
        self.sha256.update(bytes);
        self.sha512.update(bytes);
    }

    fn finish(self) -> Digests {
        Digests {
            sha256: self.sha256.finalize().into(),
            sha512: self.sha512.finalize().into(),
        }
    }
}

/// Hashes what passes through, when digests were wanted.
struct Hashing<'a> {
    inner: &'a mut dyn Read,
    hasher: Option<Hasher>,
}

impl Read for Hashing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(h) = &mut self.hasher {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

#[cfg(unix)]
fn mode_of(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(_meta: &std::fs::Metadata) -> u32 {
    0
}
