//! The Berkeley DB hash file that RPM before 4.16 kept its `Packages` in (CentOS 7/8, RHEL 7/8,
//! Amazon Linux 2). Only what reading every value needs: the metadata page gives the page size
//! and the last page; each hash page's odd index entries are the values, each an "off-page"
//! reference to a chain of overflow pages that holds one header blob (Berkeley DB
//! `dbinc/db_page.h`; the same walk as go-rpmdb's `pkg/bdb`). Page numbers, offsets and chains
//! are bounds- and cycle-checked.

/// Berkeley DB's hash magic number.
const HASH_MAGIC: u32 = 0x0006_1561;
/// The page header's size (`PAGE` in db_page.h: lsn, pgno, prev, next, entries, hf_offset,
/// level, type).
const PAGE_HEADER: usize = 26;
const P_HASH_UNSORTED: u8 = 2;
const P_OVERFLOW: u8 = 7;
const P_HASH: u8 = 13;
/// The item type of an off-page (overflow) value.
const H_OFFPAGE: u8 = 3;

/// Whether `bytes` starts like a Berkeley DB hash file, in either byte order.
pub(crate) fn is_bdb_hash(bytes: &[u8]) -> bool {
    bytes.get(12..16).is_some_and(|m| {
        [u32::from_le_bytes, u32::from_be_bytes]
            .iter()
            .any(|f| f([m[0], m[1], m[2], m[3]]) == HASH_MAGIC)
    })
}

/// Reads fields in the file's byte order.
#[derive(Clone, Copy)]
struct Order {
    big: bool,
}

impl Order {
    fn u32(self, bytes: &[u8], at: usize) -> Option<u32> {
        let b = bytes.get(at..at.checked_add(4)?)?;
        let b = [b[0], b[1], b[2], b[3]];
        Some(if self.big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    }

    fn u16(self, bytes: &[u8], at: usize) -> Option<u16> {
        let b = bytes.get(at..at.checked_add(2)?)?;
        let b = [b[0], b[1]];
        Some(if self.big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    }
}

/// Every value of the hash database: the header blobs. Values that cannot be read are returned
/// as `Err` with the reason, so one damaged page loses one package, not all.
pub(crate) fn values(file: &[u8]) -> Result<Vec<Result<Vec<u8>, String>>, String> {
    let magic = file
        .get(12..16)
        .ok_or("the file is too short for a Berkeley DB")?;
    let order = Order {
        big: u32::from_le_bytes([magic[0], magic[1], magic[2], magic[3]]) != HASH_MAGIC,
    };
    let page_size = order.u32(file, 20).ok_or("no page size")? as usize;
    if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(format!(
            "page size {page_size} is not a Berkeley DB page size"
        ));
    }
    let last_page = order.u32(file, 32).ok_or("no last page number")? as usize;
    let pages = file.len() / page_size;
    if last_page >= pages {
        return Err(format!(
            "the metadata names page {last_page} as the last, but the file has {pages} pages"
        ));
    }
    let page = |n: usize| {
        let start = n.checked_mul(page_size)?;
        file.get(start..start.checked_add(page_size)?)
    };
    let mut out = Vec::new();
    for n in 1..=last_page {
        let Some(p) = page(n) else { break };
        if !matches!(p[25], P_HASH | P_HASH_UNSORTED) {
            continue;
        }
        let entries = order.u16(p, 20).unwrap_or(0) as usize;
        // Keys at even positions, values at odd ones.
        for i in (1..entries).step_by(2) {
            let Some(at) = order.u16(p, PAGE_HEADER + i * 2) else {
                out.push(Err(format!(
                    "page {n}: index entry {i} is outside the page"
                )));
                break;
            };
            let at = at as usize;
            if p.get(at) != Some(&H_OFFPAGE) {
                continue;
            }
            // HOFFPAGE: type, 3 unused bytes, first overflow page, total length.
            let (Some(first), Some(length)) = (order.u32(p, at + 4), order.u32(p, at + 8)) else {
                out.push(Err(format!("page {n}: value {i} is cut off")));
                continue;
            };
            out.push(
                overflow_chain(first as usize, length as usize, last_page, order, &page)
                    .map_err(|e| format!("page {n}, value {i}: {e}")),
            );
        }
    }
    Ok(out)
}

/// Concatenates an overflow chain starting at page `first`, `length` bytes in all.
fn overflow_chain<'a>(
    first: usize,
    length: usize,
    last_page: usize,
    order: Order,
    page: &dyn Fn(usize) -> Option<&'a [u8]>,
) -> Result<Vec<u8>, String> {
    let mut value = Vec::new();
    let mut current = first;
    let mut visited = 0;
    while current != 0 {
        visited += 1;
        if visited > last_page {
            return Err("the overflow chain loops".into());
        }
        let p = page(current)
            .filter(|_| current <= last_page)
            .ok_or_else(|| format!("overflow page {current} does not exist"))?;
        if p[25] != P_OVERFLOW {
            return Err(format!("page {current} is not an overflow page"));
        }
        let next = order.u32(p, 16).unwrap_or(0) as usize;
        let used = order.u16(p, 22).unwrap_or(0) as usize;
        // `hf_offset` is an overflow page's used length (`OV_LEN` in db_page.h).
        let chunk = p
            .get(PAGE_HEADER..PAGE_HEADER + used)
            .ok_or_else(|| format!("overflow page {current} claims {used} bytes"))?;
        value.extend_from_slice(chunk);
        if value.len() > length.max(1) + p.len() {
            return Err("the overflow chain is longer than its value".into());
        }
        current = next;
    }
    value.truncate(length);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3-page little-endian hash file: metadata, one hash page with one key/value pair whose
    /// value is off-page, and one overflow page holding `data` whose next page is `next`.
    fn file(data: &[u8], next: u32) -> Vec<u8> {
        const SIZE: usize = 512;
        let mut f = vec![0u8; 3 * SIZE];
        f[12..16].copy_from_slice(&HASH_MAGIC.to_le_bytes());
        f[20..24].copy_from_slice(&(SIZE as u32).to_le_bytes());
        f[32..36].copy_from_slice(&2u32.to_le_bytes());
        let hash = &mut f[SIZE..2 * SIZE];
        hash[25] = P_HASH;
        hash[20..22].copy_from_slice(&2u16.to_le_bytes());
        hash[26..28].copy_from_slice(&90u16.to_le_bytes());
        hash[28..30].copy_from_slice(&100u16.to_le_bytes());
        hash[100] = H_OFFPAGE;
        hash[104..108].copy_from_slice(&2u32.to_le_bytes());
        hash[108..112].copy_from_slice(&(data.len() as u32).to_le_bytes());
        let overflow = &mut f[2 * SIZE..];
        overflow[25] = P_OVERFLOW;
        overflow[16..20].copy_from_slice(&next.to_le_bytes());
        overflow[22..24].copy_from_slice(&(data.len() as u16).to_le_bytes());
        overflow[PAGE_HEADER..PAGE_HEADER + data.len()].copy_from_slice(data);
        f
    }

    #[test]
    fn reads_an_off_page_value() {
        let f = file(b"header blob", 0);
        assert!(is_bdb_hash(&f));
        let values = values(&f).unwrap();
        assert_eq!(values, [Ok(b"header blob".to_vec())]);
    }

    #[test]
    fn loops_and_wild_page_numbers_are_errors() {
        let looping = values(&file(b"x", 2)).unwrap();
        assert_eq!(
            looping,
            [Err("page 1, value 1: the overflow chain loops".to_owned())]
        );
        let wild = values(&file(b"x", 0x7fff_ffff)).unwrap();
        assert_eq!(
            wild,
            [Err(
                "page 1, value 1: overflow page 2147483647 does not exist".to_owned()
            )]
        );
        let mut big_last = file(b"x", 0);
        big_last[32..36].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(
            values(&big_last)
                .unwrap_err()
                .contains("the file has 3 pages")
        );
        let mut odd_size = file(b"x", 0);
        odd_size[20..24].copy_from_slice(&1000u32.to_le_bytes());
        assert!(values(&odd_size).unwrap_err().contains("page size 1000"));
    }
}
