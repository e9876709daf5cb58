//! A read-only virtual file tree over deliveries as they are shipped: a directory, a tarball
//! (plain, gzip, zstd, xz, bzip2), a zip (jar, war, ear, wheel), an OCI image layout or a
//! `docker save` archive, or a single file. Catalogers read files from inside these without
//! anything being extracted to disk, and hostile input is bounded by [`Limits`].
//!
//! # The walk
//! [`Tree::walk`] visits every regular file and link of the tree once, in one pass over the
//! bytes. For each one the [`Visitor`] sees an [`Entry`] and answers with a [`Want`]; the
//! content (and SHA-256 and SHA-512, computed while reading) of wanted files arrives as an owned
//! [`File`], which a visitor may send to a thread pool: the walk itself runs on the calling
//! thread, because compressed streams cannot be read in parallel. Separate trees can be walked
//! on separate threads ([`Tree`] is `Send`).
//!
//! ```
//! use std::sync::mpsc;
//! use vouch_archive::{Entry, File, Limits, Tree, Visitor, Want};
//!
//! /// Wants lockfiles and hands them to a worker (a rayon pool works the same way).
//! struct Lockfiles(mpsc::Sender<File>);
//!
//! impl Visitor for Lockfiles {
//!     fn visit(&mut self, entry: &Entry) -> Want {
//!         if entry.name() == "Cargo.lock" { Want::ALL } else { Want::NOTHING }
//!     }
//!     fn content(&mut self, file: File) {
//!         let _ = self.0.send(file);
//!     }
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let dir = tempfile::tempdir()?;
//! # std::fs::write(dir.path().join("Cargo.lock"), "version = 4\n")?;
//! let tree = Tree::open(dir.path(), &Limits::default())?;
//! let (tx, rx) = mpsc::channel::<File>();
//! let worker = std::thread::spawn(move || rx.iter().map(|f| f.entry.path).collect::<Vec<_>>());
//! let summary = tree.walk(&mut Lockfiles(tx));
//! assert!(summary.problems.is_empty());
//! assert_eq!(worker.join().unwrap(), ["Cargo.lock"]);
//! # Ok(())
//! # }
//! ```
//!
//! # Virtual paths
//! Paths are relative, `/`-separated and normalised. The members of the root archive sit at the
//! root (`etc/os-release`, not `image.tar!/etc/os-release`). A member of a nested archive is
//! named by the archive's path, [`NESTED_SEPARATOR`] (`!/`), then the member's path:
//! `lib/app.war!/WEB-INF/lib/y.jar!/META-INF/MANIFEST.MF`. A compressed file that is not a
//! tarball holds one member named without the suffix: `a.json.gz!/a.json` (the root
//! `a.json.gz` yields `a.json`).
//!
//! # Container images
//! An OCI image layout (`oci-layout` + `index.json`, as a directory or a tar file on disk) and a
//! `docker save` archive (`manifest.json`), at the root or as a directory or tar file inside a
//! delivery directory (`images/app.tar!/etc/os-release`), are shown as their final filesystem: layers are read
//! top-down, a path seen in an upper layer shadows the lower ones, `.wh.<name>` deletes `<name>`
//! and `.wh..wh..opq` hides a directory's lower contents. The first image of an index is
//! walked. An image tar that is compressed or nested is walked as a plain tar (its layers appear
//! as nested archives), because merging layers needs random access to the blobs.
//!
//! # Choices
//! Decoders are pure Rust: zstd through `ruzstd` (about 2 CPU-seconds to build against 16 for
//! the C `zstd` crate on 2 cores; we only decode), xz through `lzma-rust2` (a pull-style `Read`
//! with a memory limit; `lzma-rs` only pushes into a `Write`, `xz2` builds liblzma in C), bzip2
//! through `bzip2` on its pure-Rust backend. `oci-spec` is not used: three fields of two JSON
//! files are read with serde.

mod format;
mod image;
mod limits;
mod vpath;
mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

pub use format::Format;
pub use limits::Limits;
pub use vpath::NESTED_SEPARATOR;

/// A delivery opened for walking. Opening looks at the root only; problems inside are found by
/// the walk and reported in its [`WalkSummary`].
#[derive(Debug, Clone)]
pub struct Tree {
    root: PathBuf,
    kind: RootKind,
    limits: Limits,
}

/// What the root of a tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RootKind {
    /// A directory on disk.
    Directory,
    /// A container image: an OCI layout or a `docker save` archive, as a directory or a tar.
    Image,
    /// An archive or a compressed file, by its outermost format.
    Archive(Format),
    /// A file that is none of the above.
    File,
}

impl Tree {
    /// Opens `path`, recognising what it is by its content (magic bytes), not by its name.
    pub fn open(path: impl AsRef<Path>, limits: &Limits) -> Result<Self, ArchiveError> {
        let root = path.as_ref().to_path_buf();
        let kind = walk::root_kind(&root)?;
        Ok(Self {
            root,
            kind,
            limits: limits.clone(),
        })
    }

    /// The path the tree was opened from.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What the root is.
    pub fn kind(&self) -> RootKind {
        self.kind
    }

    /// Walks the tree once, calling `visitor` for every file and link of its final filesystem.
    /// Never panics, never writes to disk; what could not be read is in the returned summary.
    pub fn walk(&self, visitor: &mut dyn Visitor) -> WalkSummary {
        walk::walk(self, visitor)
    }
}

/// Decides, entry by entry, what the walk reads. Streams cannot seek back, so the decision is
/// made when the entry is reached.
pub trait Visitor {
    /// Called once for every file and link. Links never have content.
    fn visit(&mut self, entry: &Entry) -> Want;
    /// The content or digests of a file whose `visit` wanted them. For a nested archive it comes
    /// after the archive's own members were visited.
    fn content(&mut self, file: File);
}

/// What a visitor wants of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Want {
    /// The bytes, up to [`Limits::max_file_bytes`].
    pub content: bool,
    /// SHA-256 and SHA-512, computed while the bytes pass, for files of any size.
    pub digests: bool,
}

impl Want {
    /// Nothing: the walk skips the file's bytes.
    pub const NOTHING: Self = Self {
        content: false,
        digests: false,
    };
    /// The bytes only.
    pub const CONTENT: Self = Self {
        content: true,
        digests: false,
    };
    /// The digests only.
    pub const DIGESTS: Self = Self {
        content: false,
        digests: true,
    };
    /// Bytes and digests.
    pub const ALL: Self = Self {
        content: true,
        digests: true,
    };

    fn any(self) -> bool {
        self.content || self.digests
    }
}

/// A file or link of the tree, as the visitor sees it before deciding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The virtual path (see the crate docs).
    pub path: String,
    /// Size in bytes as the archive or file system states it: 0 for links, and for the one
    /// member of a compressed file (`a.json.gz!/a.json`), whose size is known only once read.
    pub size: u64,
    /// Unix permission bits, 0 when the format has none.
    pub mode: u32,
    /// File or link.
    pub kind: EntryKind,
    /// The format, when the file is an archive the walk can open (found by magic bytes).
    pub archive: Option<Format>,
    /// How many archives deep the entry sits: 0 for members of the root.
    pub depth: u32,
}

impl Entry {
    /// Whether any execute bit is set.
    pub fn is_executable(&self) -> bool {
        self.mode & 0o111 != 0
    }

    /// The last component of the path.
    pub fn name(&self) -> &str {
        vpath::file_name(self.inner_path())
    }

    /// The path inside the innermost archive: `META-INF/MANIFEST.MF` for
    /// `app.war!/WEB-INF/lib/y.jar!/META-INF/MANIFEST.MF`.
    pub fn inner_path(&self) -> &str {
        self.path
            .rfind(NESTED_SEPARATOR)
            .map_or(self.path.as_str(), |i| {
                &self.path[i + NESTED_SEPARATOR.len()..]
            })
    }
}

/// The kind of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A symbolic link, recorded and never followed. The target is as written (an absolute
    /// target is read from the tree's root, as inside an image); targets that leave the tree
    /// are refused and reported instead.
    Symlink {
        /// The link's target as stored.
        target: String,
    },
    /// A tar hard link to another member, by that member's virtual path.
    HardLink {
        /// The virtual path of the linked member.
        target: String,
    },
}

/// A wanted file: an owned value, so it can be sent to another thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The entry as it was visited.
    pub entry: Entry,
    /// The bytes, if they were wanted and fit in [`Limits::max_file_bytes`].
    pub content: Option<Vec<u8>>,
    /// The digests, if they were wanted.
    pub digests: Option<Digests>,
}

/// SHA-256 and SHA-512 of a file (BSI TR-03183-2 asks for both).
#[derive(Clone, PartialEq, Eq)]
pub struct Digests {
    /// SHA-256.
    pub sha256: [u8; 32],
    /// SHA-512.
    pub sha512: [u8; 64],
}

impl Digests {
    /// SHA-256 in lowercase hex.
    pub fn sha256_hex(&self) -> String {
        hex::encode(self.sha256)
    }

    /// SHA-512 in lowercase hex.
    pub fn sha512_hex(&self) -> String {
        hex::encode(self.sha512)
    }
}

impl fmt::Debug for Digests {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Digests")
            .field("sha256", &self.sha256_hex())
            .field("sha512", &self.sha512_hex())
            .finish()
    }
}

/// What a walk did and what it could not do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalkSummary {
    /// Entries seen, of every kind (counted against [`Limits::max_entries`]).
    pub entries: u64,
    /// Bytes produced by decoders (counted against [`Limits::max_total_bytes`]).
    pub decompressed_bytes: u64,
    /// Everything skipped or cut short, in the order it happened.
    pub problems: Vec<Problem>,
}

/// One thing the walk skipped or could not finish. The walk goes on after it where it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The virtual path of the entry or archive concerned (`""` for the root).
    pub path: String,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// What happened, for a person.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(root)"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Kinds of [`Problem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A member name with `..`, a NUL byte, or nothing left once normalised; skipped.
    UnsafePath,
    /// An absolute member name; skipped.
    AbsolutePath,
    /// A symlink or hard link whose target leaves the tree; skipped.
    LinkEscape,
    /// A nested archive deeper than [`Limits::max_depth`]; visited as a file, not opened.
    DepthLimit,
    /// [`Limits::max_entries`] reached; the walk stopped.
    EntryLimit,
    /// [`Limits::max_total_bytes`] reached; the walk stopped.
    TotalBytesLimit,
    /// A member or stream over [`Limits::max_ratio`]; the rest of it is skipped.
    RatioLimit,
    /// A file over [`Limits::max_file_bytes`]; its content is not delivered.
    FileTooLarge,
    /// Data that ends early: a truncated stream or a size the archive could not back.
    Truncated,
    /// Data that is not what it claims to be: a bad header, checksum or compressed stream.
    Corrupt,
    /// Something on disk could not be read.
    Io,
    /// A feature the walk does not read (an encrypted zip member, an image without layers).
    Unsupported,
}

/// Why a tree could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ArchiveError {
    /// The root could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The root or a file in it.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The root is neither a directory nor a regular file (a socket, a device).
    #[error("{} is neither a directory nor a regular file", path.display())]
    NotAFile {
        /// The root.
        path: PathBuf,
    },
}
