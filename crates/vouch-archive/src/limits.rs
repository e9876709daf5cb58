//! The budgets a walk may spend on hostile input, and the readers that enforce them: a counter
//! of compressed bytes under each decoder and a guard over its output that stops a stream as soon
//! as it breaks the compression ratio or the walk's total of decompressed bytes.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

use crate::ProblemKind;

/// Limits for one walk. The defaults suit a delivery of a few GB on a developer machine; every
/// limit that is reached becomes a [`crate::Problem`] and the walk goes on where it can.
///
/// Memory stays bounded: at most one buffer of [`Limits::max_file_bytes`] per level of nesting
/// is held at a time (a nested zip or a wanted file), plus decoder windows of at most
/// [`Limits::max_decoder_memory`] per open compressed stream; the image merge keeps one path
/// per entry (bounded by [`Limits::max_entries`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// How deep archives are opened inside archives: 0 opens none of them, the default 8 opens a
    /// jar in a war in a tar.gz in a zip and more. The root archive itself is not counted.
    pub max_depth: u32,
    /// Entries of all archives and directories together (files, directories, links, whiteouts).
    /// Default 1,000,000. When reached, the walk stops.
    pub max_entries: u64,
    /// Decompressed bytes produced by all decoders together (gzip, zstd, xz, bzip2 and zip
    /// members). Default 16 GiB. When reached, the walk stops.
    pub max_total_bytes: u64,
    /// Largest ratio of decompressed to compressed bytes for one zip member or one compressed
    /// stream, checked once the output passes [`Limits::ratio_grace_bytes`]. Default 500
    /// (deflate cannot exceed about 1032, so a bomb of zeros is caught).
    pub max_ratio: u64,
    /// Output a stream may produce before the ratio is checked, so that small, very
    /// compressible files pass. Default 1 MiB.
    pub ratio_grace_bytes: u64,
    /// Largest file whose content is read into memory: for a visitor that wants the content, and
    /// for a nested zip, which needs random access. Default 64 MiB. Digests of larger files are
    /// still computed, by streaming.
    pub max_file_bytes: u64,
    /// Memory a decoder may use for its window or dictionary (zstd, xz). Default 256 MiB.
    pub max_decoder_memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 8,
            max_entries: 1_000_000,
            max_total_bytes: 16 << 30,
            max_ratio: 500,
            ratio_grace_bytes: 1 << 20,
            max_file_bytes: 64 << 20,
            max_decoder_memory: 256 << 20,
        }
    }
}

/// State shared by every reader of one walk (single-threaded: the walk runs on one thread).
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) max_total_bytes: u64,
    pub(crate) max_ratio: u64,
    pub(crate) ratio_grace_bytes: u64,
    pub(crate) total: Cell<u64>,
    /// The limit a guard tripped, taken by the walker when the error reaches it, so that an I/O
    /// error wrapped by tar or zip is still reported as the limit it is.
    tripped: Cell<Option<(ProblemKind, u64)>>,
}

impl Shared {
    pub(crate) fn new(limits: &Limits) -> Rc<Self> {
        Rc::new(Self {
            max_total_bytes: limits.max_total_bytes,
            max_ratio: limits.max_ratio,
            ratio_grace_bytes: limits.ratio_grace_bytes,
            total: Cell::new(0),
            tripped: Cell::new(None),
        })
    }

    /// The limit that made the last read fail, if one did (and forgets it).
    pub(crate) fn take_tripped(&self) -> Option<(ProblemKind, u64)> {
        self.tripped.take()
    }

    pub(crate) fn total_exceeded(&self) -> bool {
        self.total.get() > self.max_total_bytes
    }

    fn trip(&self, kind: ProblemKind, value: u64) -> io::Error {
        self.tripped.set(Some((kind, value)));
        io::Error::other(format!("limit reached: {kind:?}"))
    }
}

/// Counts the compressed bytes a decoder pulls from below.
pub(crate) struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R> Counting<R> {
    pub(crate) fn new(inner: R) -> (Self, Rc<Cell<u64>>) {
        let count = Rc::new(Cell::new(0));
        (
            Self {
                inner,
                count: Rc::clone(&count),
            },
            count,
        )
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get().saturating_add(n as u64));
        Ok(n)
    }
}

/// Where a guard learns how many compressed bytes its output came from.
pub(crate) enum Input {
    /// A stream decoder: the live count under it.
    Counted(Rc<Cell<u64>>),
    /// A zip member: its compressed size from the central directory.
    Fixed(u64),
}

/// Guards the output of one decoder: charges the walk's total and checks the ratio.
pub(crate) struct Guard<R> {
    inner: R,
    input: Input,
    out: u64,
    shared: Rc<Shared>,
}

impl<R> Guard<R> {
    pub(crate) fn new(inner: R, input: Input, shared: &Rc<Shared>) -> Self {
        Self {
            inner,
            input,
            out: 0,
            shared: Rc::clone(shared),
        }
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.shared.total_exceeded() {
            return Err(self
                .shared
                .trip(ProblemKind::TotalBytesLimit, self.shared.max_total_bytes));
        }
        let n = self.inner.read(buf)?;
        self.out = self.out.saturating_add(n as u64);
        let total = self.shared.total.get().saturating_add(n as u64);
        self.shared.total.set(total);
        if total > self.shared.max_total_bytes {
            return Err(self
                .shared
                .trip(ProblemKind::TotalBytesLimit, self.shared.max_total_bytes));
        }
        if self.out > self.shared.ratio_grace_bytes {
            let input = match &self.input {
                Input::Counted(c) => c.get(),
                Input::Fixed(n) => *n,
            };
            if self.out / input.max(1) > self.shared.max_ratio {
                return Err(self
                    .shared
                    .trip(ProblemKind::RatioLimit, self.out / input.max(1)));
            }
        }
        Ok(n)
    }
}
