//! Formats recognised by their first bytes (magic numbers), and the streaming decoders for the
//! compressed ones, each bounded in memory and wrapped in a [`Guard`].

use std::io::{self, Read};
use std::rc::Rc;

use crate::limits::{Counting, Guard, Input, Shared};

/// Bytes read ahead to recognise a format: a tar header is 512 bytes.
pub(crate) const SNIFF_LEN: usize = 512;

/// The outermost encoding of a file that the tree can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Format {
    /// POSIX, GNU or v7 tar.
    Tar,
    /// gzip (RFC 1952), usually around a tar.
    Gzip,
    /// Zstandard (RFC 8878).
    Zstd,
    /// xz.
    Xz,
    /// bzip2.
    Bzip2,
    /// zip, and what is built on it: jar, war, ear, wheel, vsix, nupkg, apk (Android).
    Zip,
}

impl Format {
    /// Whether this is a compression around another format, rather than an archive.
    pub fn is_compression(self) -> bool {
        matches!(self, Self::Gzip | Self::Zstd | Self::Xz | Self::Bzip2)
    }
}

/// Recognises a format from the first bytes of a file.
pub(crate) fn sniff(head: &[u8]) -> Option<Format> {
    if head.starts_with(&[0x1f, 0x8b]) {
        Some(Format::Gzip)
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Some(Format::Zstd)
    } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        Some(Format::Xz)
    } else if head.len() >= 4 && head.starts_with(b"BZh") && (b'1'..=b'9').contains(&head[3]) {
        Some(Format::Bzip2)
    } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Some(Format::Zip)
    } else if is_tar_header(head) {
        Some(Format::Tar)
    } else {
        None
    }
}

/// A tar header: the `ustar` magic, or (for v7 archives) a valid header checksum.
fn is_tar_header(head: &[u8]) -> bool {
    if head.len() < 512 {
        return false;
    }
    if &head[257..262] == b"ustar" {
        return true;
    }
    let field = &head[148..156];
    let digits: String = field
        .iter()
        .take_while(|b| **b != 0 && **b != b' ')
        .map(|b| char::from(*b))
        .collect();
    let Ok(stored) = u32::from_str_radix(digits.trim(), 8) else {
        return false;
    };
    let sum: u32 = head[..512]
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if (148..156).contains(&i) {
                u32::from(b' ')
            } else {
                u32::from(*b)
            }
        })
        .sum();
    // An all-zero block has sum 256 and marks the end of an archive, not a header.
    sum == stored && sum != 256 && head[0] != 0
}

/// Whether a compressed member is opened as an archive: a `.gz` that is not a tarball (a Debian
/// changelog) is a file, and decompressing every one of them to find out would be wasted work.
pub(crate) fn compressed_name_is_tar(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        ".tar.gz", ".tgz", ".tar.zst", ".tzst", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tbz",
        ".crate",
    ]
    .iter()
    .any(|s| lower.ends_with(s))
}

/// The name of the file inside a compressed one: `a.json.gz` holds `a.json`.
pub(crate) fn strip_compression_suffix(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    for s in [".gz", ".zst", ".xz", ".bz2"] {
        if lower.ends_with(s) && name.len() > s.len() {
            return &name[..name.len() - s.len()];
        }
    }
    name
}

/// A decoder for a compressed format over `inner`, guarded against bombs.
pub(crate) fn decoder<'a>(
    format: Format,
    inner: Box<dyn Read + 'a>,
    shared: &Rc<Shared>,
    max_decoder_memory: u64,
) -> io::Result<Box<dyn Read + 'a>> {
    let (counted, count) = Counting::new(inner);
    let decoded: Box<dyn Read + 'a> = match format {
        Format::Gzip => Box::new(flate2::read::MultiGzDecoder::new(counted)),
        Format::Zstd => Box::new(
            ruzstd::decoding::StreamingDecoder::new_with_max_window_size(
                counted,
                max_decoder_memory,
            )
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?,
        ),
        Format::Xz => Box::new(lzma_rust2::XzReader::new_mem_limit(
            counted,
            true,
            u32::try_from(max_decoder_memory / 1024).unwrap_or(u32::MAX),
        )),
        Format::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(counted)),
        Format::Tar | Format::Zip => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a compression format",
            ));
        }
    };
    // Tar reads 512-byte blocks; a buffer keeps those small reads out of the decoder.
    Ok(Box::new(io::BufReader::with_capacity(
        64 << 10,
        Guard::new(decoded, Input::Counted(count), shared),
    )))
}

/// Reads up to `n` bytes, fewer only at the end of the stream.
pub(crate) fn read_head(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    r.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_magic() {
        assert_eq!(sniff(&[0x1f, 0x8b, 8]), Some(Format::Gzip));
        assert_eq!(sniff(b"PK\x03\x04...."), Some(Format::Zip));
        assert_eq!(sniff(b"BZh9"), Some(Format::Bzip2));
        assert_eq!(sniff(b"BZhx"), None);
        assert_eq!(sniff(&[0u8; 512]), None);
        assert_eq!(sniff(b"{\"a\":1}"), None);
    }

    #[test]
    fn names() {
        assert!(compressed_name_is_tar("x-1.0.TGZ"));
        assert!(!compressed_name_is_tar("changelog.Debian.gz"));
        assert_eq!(strip_compression_suffix("a.json.gz"), "a.json");
        assert_eq!(strip_compression_suffix(".gz"), ".gz");
    }
}
