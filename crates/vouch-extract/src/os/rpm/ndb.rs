//! RPM's own "NDB" backend, `Packages.db` (openSUSE Leap 15.3+, SLES 15 SP3+): a 32-byte
//! header, then slot pages of 16-byte slots (magic, package index, block offset, block count),
//! each slot pointing at a blob of 16-byte blocks that starts with a blob header (magic, package
//! index, checksum, length) followed by one header blob (rpm `lib/backend/ndb/rpmpkg.c`; the same
//! layout go-rpmdb's `pkg/ndb` reads). All little-endian. Slots and blobs are bounds-checked.

const HEADER_MAGIC: u32 = u32::from_le_bytes(*b"RpmP");
const SLOT_MAGIC: u32 = u32::from_le_bytes(*b"Slot");
const BLOB_MAGIC: u32 = u32::from_le_bytes(*b"BlbS");
const PAGE_SIZE: usize = 4096;
const SLOT_SIZE: usize = 16;
const BLOCK_SIZE: usize = 16;
/// The file header takes the place of the first two slots.
const HEADER_SIZE: usize = 32;

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Every package's header blob, named by package index (`package #3`); a slot whose blob
/// cannot be read is an `Err` with the reason.
pub(crate) fn values(file: &[u8]) -> Result<super::Blobs, String> {
    if le32(file, 0) != Some(HEADER_MAGIC) {
        return Err("no NDB header magic".into());
    }
    let version = le32(file, 4).ok_or("the header is cut off")?;
    if version != 0 {
        return Err(format!("NDB version {version} (only 0 is known)"));
    }
    let slot_pages = le32(file, 12).ok_or("the header is cut off")? as usize;
    let slots_end = slot_pages
        .checked_mul(PAGE_SIZE)
        .filter(|&end| slot_pages > 0 && end <= file.len())
        .ok_or_else(|| {
            format!(
                "the header declares {slot_pages} slot pages, which the file's {} bytes do not hold",
                file.len()
            )
        })?;
    let mut out = Vec::new();
    for at in (HEADER_SIZE..slots_end).step_by(SLOT_SIZE) {
        let field = |n: usize| le32(file, at + n * 4).unwrap_or(0);
        if field(0) != SLOT_MAGIC {
            return Err(format!("the slot at byte {at} has no slot magic"));
        }
        let index = field(1);
        if index == 0 {
            continue;
        }
        out.push((
            format!("package #{index}"),
            blob(file, index, field(2) as usize),
        ));
    }
    Ok(out)
}

/// The header blob of package `index`, whose blob starts at block `block`.
fn blob(file: &[u8], index: u32, block: usize) -> Result<Vec<u8>, String> {
    let start = block
        .checked_mul(BLOCK_SIZE)
        .ok_or_else(|| format!("block {block} is out of range"))?;
    let head = |n: usize| le32(file, start.saturating_add(n * 4));
    if head(0) != Some(BLOB_MAGIC) {
        return Err(format!("no blob at block {block}"));
    }
    if head(1) != Some(index) {
        return Err(format!(
            "the blob at block {block} belongs to another package"
        ));
    }
    let len = head(3).ok_or("the blob header is cut off")? as usize;
    let data = start + BLOCK_SIZE;
    file.get(data..data.saturating_add(len))
        .map(<[u8]>::to_vec)
        .ok_or_else(|| format!("the blob of {len} bytes runs past the end of the file"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An NDB file with one slot page holding `blobs` (package indexes 1, 2, ...).
    pub(crate) fn file(blobs: &[Vec<u8>]) -> Vec<u8> {
        let mut f = vec![0u8; PAGE_SIZE];
        f[0..4].copy_from_slice(b"RpmP");
        f[12..16].copy_from_slice(&1u32.to_le_bytes());
        for at in (HEADER_SIZE..PAGE_SIZE).step_by(SLOT_SIZE) {
            f[at..at + 4].copy_from_slice(b"Slot");
        }
        for (i, b) in blobs.iter().enumerate() {
            let index = i as u32 + 1;
            let block = f.len() / BLOCK_SIZE;
            let slot = HEADER_SIZE + i * SLOT_SIZE;
            f[slot + 4..slot + 8].copy_from_slice(&index.to_le_bytes());
            f[slot + 8..slot + 12].copy_from_slice(&(block as u32).to_le_bytes());
            f.extend(b"BlbS");
            f.extend(index.to_le_bytes());
            f.extend(0u32.to_le_bytes());
            f.extend((b.len() as u32).to_le_bytes());
            f.extend(b);
            f.resize(f.len().div_ceil(BLOCK_SIZE) * BLOCK_SIZE, 0);
        }
        f
    }

    #[test]
    fn reads_each_slots_blob() {
        let f = file(&[b"one".to_vec(), b"second".to_vec()]);
        let v = values(&f).unwrap();
        assert_eq!(
            v,
            [
                ("package #1".to_owned(), Ok(b"one".to_vec())),
                ("package #2".to_owned(), Ok(b"second".to_vec()))
            ]
        );
    }

    #[test]
    fn hostile_slots_and_blobs_are_errors() {
        let mut f = file(&[b"one".to_vec()]);
        // A blob length past the end.
        let blob_at = PAGE_SIZE;
        f[blob_at + 12..blob_at + 16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(
            values(&f).unwrap()[0]
                .1
                .as_ref()
                .unwrap_err()
                .contains("runs past")
        );
        // A block offset far outside.
        let mut far = file(&[b"one".to_vec()]);
        far[HEADER_SIZE + 8..HEADER_SIZE + 12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(
            values(&far).unwrap()[0]
                .1
                .as_ref()
                .unwrap_err()
                .contains("no blob")
        );
        // More slot pages than the file has.
        let mut pages = file(&[]);
        pages[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(values(&pages).unwrap_err().contains("slot pages"));
        for cut in 0..64 {
            let _ = values(&f[..cut]);
        }
    }
}
