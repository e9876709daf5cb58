//! File evidence for BSI TR-03183-2 v2.1 (§5.2.2): the SHA-256 and SHA-512 of a delivered file
//! whose own format named components (an executable's build info, a Java archive's metadata),
//! and whether it is executable, an archive, structured. Only such files are hashed, once each,
//! after their cataloger found something in them; lockfiles never are (see docs/sbom-bsi.md).

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256, Sha512};
use vouch_model::{DeliveredFile, Diagnostic, DiagnosticCode, FileEvidence, FileRole};

use crate::Parsed;

/// Magic numbers of native executables: ELF, PE (the DOS stub), Mach-O 32/64-bit both byte
/// orders, WebAssembly.
const EXECUTABLE_MAGICS: [&[u8]; 7] = [
    b"\x7fELF",
    b"MZ",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\0asm",
];

/// Magic numbers of archives and compressed streams: zip (and jar, war, apk, wheel), the empty
/// zip, gzip, bzip2, xz, zstd, 7-Zip, RAR, ar (`.deb`), RPM.
const ARCHIVE_MAGICS: [&[u8]; 11] = [
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\0",
    b"\x28\xb5\x2f\xfd",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"!<arch>\n",
    b"\xed\xab\xee\xdb",
    b"\x1f\x9d",
];

/// How many leading bytes [`Kind::of`] needs: a POSIX tar's `ustar` magic sits at offset 257.
pub(crate) const HEAD_BYTES: usize = 262;

/// What a file is, judged by its first [`HEAD_BYTES`] bytes and its permission bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kind {
    pub(crate) executable: bool,
    pub(crate) archive: bool,
    pub(crate) structured: bool,
}

impl Kind {
    /// `head` is the file's start; `exec_bit` whether any of its execute permission bits is set.
    /// Executable: native code by magic number, or marked executable (a script). Archive: a
    /// container format by magic number, or a tar. Structured: a format whose own headers
    /// describe its contents (an executable format or an archive format), as opposed to a
    /// script or blob only marked executable.
    pub(crate) fn of(head: &[u8], exec_bit: bool) -> Kind {
        let native = EXECUTABLE_MAGICS.iter().any(|m| head.starts_with(m));
        let tar = head.get(257..262) == Some(b"ustar");
        let archive = tar || ARCHIVE_MAGICS.iter().any(|m| head.starts_with(m));
        Kind {
            executable: native || exec_bit,
            archive,
            structured: native || archive,
        }
    }
}

/// How much of a file is hashed at a time: large enough that handing the two digests to two
/// threads costs nothing next to hashing it.
const CHUNK: usize = 1024 * 1024;

/// Both digests and the size of `reader`'s bytes, read in one pass. The two digests of each
/// chunk run side by side (`rayon::join`), so SHA-512 alone sets the pace: `vouch sbom` on a
/// directory holding a 90 MB Go executable took 280 ms hashing one after the other, 247 ms so,
/// about what `sha512sum` alone takes on that file (242 ms; 2 shared cores).
fn digest(mut reader: impl Read) -> std::io::Result<(String, String, u64)> {
    let mut sha256 = Sha256::new();
    let mut sha512 = Sha512::new();
    let mut buf = vec![0u8; CHUNK];
    let mut size = 0u64;
    loop {
        let mut n = 0;
        while n < buf.len() {
            match reader.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(read) => n += read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        rayon::join(|| sha256.update(chunk), || sha512.update(chunk));
        size += n as u64;
    }
    Ok((
        hex::encode(sha256.finalize()),
        hex::encode(sha512.finalize()),
        size,
    ))
}

/// The evidence of bytes held in memory (a file taken out of an archive or an image).
pub(crate) fn of_bytes(bytes: &[u8], exec_bit: bool) -> FileEvidence {
    let kind = Kind::of(&bytes[..bytes.len().min(HEAD_BYTES)], exec_bit);
    let (sha256, sha512) = rayon::join(
        || hex::encode(Sha256::digest(bytes)),
        || hex::encode(Sha512::digest(bytes)),
    );
    evidence(sha256, sha512, bytes.len() as u64, kind)
}

/// The evidence of a file on disk, read once from start to end.
pub(crate) fn of_disk(path: &Path) -> std::io::Result<FileEvidence> {
    let file = fs_err::File::open(path)?;
    let exec_bit = exec_bit(&file.metadata()?);
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let mut reader = std::io::BufReader::new(file);
    (&mut reader)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)?;
    let (sha256, sha512, size) = digest(std::io::Cursor::new(&head).chain(reader))?;
    Ok(evidence(sha256, sha512, size, Kind::of(&head, exec_bit)))
}

#[cfg(unix)]
fn exec_bit(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn exec_bit(_metadata: &std::fs::Metadata) -> bool {
    false
}

fn evidence(sha256: String, sha512: String, size: u64, kind: Kind) -> FileEvidence {
    FileEvidence {
        sha256: Some(sha256),
        sha512: Some(sha512),
        size: Some(size),
        executable: kind.executable,
        archive: kind.archive,
        structured: kind.structured,
    }
}

/// Records on every component of `parsed` the delivered file at `display` it came from: the
/// one [`Parsed::itself`] names *is* the file, the others are *in* it. `evidence` is computed
/// only when there is a component to carry it; an error computing it becomes a diagnostic and
/// the file is still named.
pub(crate) fn stamp(
    parsed: &mut Parsed,
    display: &Path,
    evidence: impl FnOnce() -> std::io::Result<FileEvidence>,
) {
    if parsed.components.is_empty() {
        return;
    }
    let evidence = match evidence() {
        Ok(e) => Some(e),
        Err(e) => {
            parsed.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::WalkError,
                    format!("cannot hash the file for its SBOM file evidence: {e}"),
                )
                .with_path(display),
            );
            None
        }
    };
    for c in &mut parsed.components {
        let role = if parsed.itself.as_ref() == Some(&c.purl) {
            FileRole::Is
        } else {
            FileRole::In
        };
        c.file = Some(DeliveredFile {
            path: display.to_path_buf(),
            role,
            evidence: evidence.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_those_of_the_bytes() {
        // FIPS 180-2 appendix examples for "abc".
        let e = of_bytes(b"abc", false);
        assert_eq!(
            e.sha256.as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(
            e.sha512.as_deref(),
            Some(
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
                 2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
            )
        );
        assert_eq!(e.size, Some(3));
        assert!(!e.executable && !e.archive && !e.structured);
    }

    #[test]
    fn a_disk_file_hashes_as_its_bytes_do_across_buffer_boundaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let bytes: Vec<u8> = (0..700_000u32).map(|i| (i % 251) as u8).collect();
        fs_err::write(&path, &bytes).unwrap();
        let disk = of_disk(&path).unwrap();
        assert_eq!(disk, of_bytes(&bytes, false));
    }

    #[test]
    fn kinds_by_magic_and_mode() {
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        type Case<'a> = (&'a [u8], bool, (bool, bool, bool));
        let cases: [Case<'_>; 7] = [
            (b"\x7fELF\x02\x01\x01", false, (true, false, true)),
            (b"MZ\x90\0", false, (true, false, true)),
            (b"\xcf\xfa\xed\xfe", false, (true, false, true)),
            (b"PK\x03\x04rest", false, (false, true, true)),
            (b"\x1f\x8b\x08\0", false, (false, true, true)),
            (&tar, false, (false, true, true)),
            (b"#!/bin/sh\n", true, (true, false, false)),
        ];
        for (head, exec, (e, a, s)) in cases {
            let k = Kind::of(head, exec);
            assert_eq!(
                (k.executable, k.archive, k.structured),
                (e, a, s),
                "{:?}",
                &head[..head.len().min(8)]
            );
        }
        let plain = Kind::of(b"name = 1\n", false);
        assert_eq!(
            (plain.executable, plain.archive, plain.structured),
            (false, false, false)
        );
    }
}
