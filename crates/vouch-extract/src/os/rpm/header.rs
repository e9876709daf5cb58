//! The RPM header blob, as every rpmdb backend stores one per package (RPM file format,
//! <https://rpm-software-management.github.io/rpm/manual/format_header.html>): a big-endian
//! index count and data length, the index entries (tag, type, offset, count; 16 bytes each),
//! then the data store. Every offset and count is checked against the blob: the bytes are the
//! delivery's, so a hostile header must give an error, never a panic or a huge allocation.

use vouch_model::SourcePackage;

use crate::os::{Installed, non_empty};

/// rpm's own limits (`lib/header.c`: `HEADER_TAGS_MAX`, `HEADER_DATA_MAX`).
const MAX_ENTRIES: u32 = 0xffff;
const MAX_DATA: u32 = 0x0fff_ffff;

const TAG_NAME: u32 = 1000;
const TAG_VERSION: u32 = 1001;
const TAG_RELEASE: u32 = 1002;
const TAG_EPOCH: u32 = 1003;
const TAG_VENDOR: u32 = 1011;
const TAG_LICENSE: u32 = 1014;
const TAG_ARCH: u32 = 1022;
const TAG_SOURCERPM: u32 = 1044;

const TYPE_INT32: u32 = 4;
const TYPE_STRING: u32 = 6;
const TYPE_STRING_ARRAY: u32 = 8;
const TYPE_I18NSTRING: u32 = 9;

/// One index entry.
#[derive(Debug, Clone, Copy)]
struct Entry {
    tag: u32,
    ty: u32,
    offset: u32,
    count: u32,
}

/// A parsed header: its index and data store, borrowed from the blob.
#[derive(Debug)]
pub(crate) struct Header<'a> {
    entries: Vec<Entry>,
    data: &'a [u8],
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

impl<'a> Header<'a> {
    /// Parses a header blob (without the 8-byte magic a header in an `.rpm` file has).
    pub(crate) fn parse(blob: &'a [u8]) -> Result<Header<'a>, String> {
        let (Some(il), Some(dl)) = (be32(blob, 0), be32(blob, 4)) else {
            return Err(format!("header of {} bytes is too short", blob.len()));
        };
        if il == 0 || il > MAX_ENTRIES {
            return Err(format!(
                "header has {il} index entries (1 to {MAX_ENTRIES} allowed)"
            ));
        }
        if dl > MAX_DATA {
            return Err(format!("header data of {dl} bytes is over rpm's limit"));
        }
        // Both fit in u32 and are bounded above, so this cannot overflow a usize.
        let index_end = 8 + il as usize * 16;
        let data_end = index_end + dl as usize;
        if data_end > blob.len() {
            return Err(format!(
                "header declares {il} entries and {dl} data bytes, {data_end} bytes in all, \
                 but has {}",
                blob.len()
            ));
        }
        let data = &blob[index_end..data_end];
        let mut entries = Vec::with_capacity(il as usize);
        for i in 0..il as usize {
            let at = 8 + i * 16;
            let field = |n: usize| be32(blob, at + n * 4).unwrap_or(0);
            let entry = Entry {
                tag: field(0),
                ty: field(1),
                offset: field(2),
                count: field(3),
            };
            if entry.offset as usize >= data.len() && entry.count > 0 {
                // Region trailers (tags 61-63) may point at the end; others must not.
                if !(61..=63).contains(&entry.tag) {
                    return Err(format!(
                        "tag {} points at offset {} outside its {} data bytes",
                        entry.tag,
                        entry.offset,
                        data.len()
                    ));
                }
            }
            entries.push(entry);
        }
        Ok(Header { entries, data })
    }

    fn entry(&self, tag: u32) -> Option<Entry> {
        self.entries.iter().copied().find(|e| e.tag == tag)
    }

    /// A string tag's value (the first of an array or i18n table). `Err` when the entry is
    /// there but malformed (no terminating NUL inside the data store).
    fn string(&self, tag: u32) -> Result<Option<String>, String> {
        let Some(e) = self.entry(tag) else {
            return Ok(None);
        };
        if !matches!(e.ty, TYPE_STRING | TYPE_STRING_ARRAY | TYPE_I18NSTRING) || e.count == 0 {
            return Err(format!(
                "tag {tag} is of type {} where a string was expected",
                e.ty
            ));
        }
        let rest = self
            .data
            .get(e.offset as usize..)
            .ok_or_else(|| format!("tag {tag} points outside the data"))?;
        let end = rest
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| format!("tag {tag}'s string runs past the end of the data"))?;
        Ok(non_empty(&String::from_utf8_lossy(&rest[..end])))
    }

    /// An INT32 tag's first value.
    fn int32(&self, tag: u32) -> Result<Option<u32>, String> {
        let Some(e) = self.entry(tag) else {
            return Ok(None);
        };
        if e.ty != TYPE_INT32 || e.count == 0 {
            return Err(format!(
                "tag {tag} is of type {} where an INT32 was expected",
                e.ty
            ));
        }
        be32(self.data, e.offset as usize)
            .map(Some)
            .ok_or_else(|| format!("tag {tag} points outside the data"))
    }

    /// The installed package this header describes.
    pub(crate) fn package(&self) -> Result<Installed, String> {
        let name = self.string(TAG_NAME)?.ok_or("the header has no NAME")?;
        let version = self
            .string(TAG_VERSION)?
            .ok_or_else(|| format!("package `{name}` has no VERSION"))?;
        let vr = match self.string(TAG_RELEASE)? {
            Some(release) => format!("{version}-{release}"),
            None => version,
        };
        let epoch = self.int32(TAG_EPOCH)?.map(|e| e.to_string());
        Ok(Installed {
            version: match &epoch {
                Some(e) => format!("{e}:{vr}"),
                None => vr.clone(),
            },
            purl_version: Some(vr),
            epoch,
            architecture: self.string(TAG_ARCH)?,
            source: self.string(TAG_SOURCERPM)?.and_then(|s| source_rpm(&s)),
            maintainer: self.string(TAG_VENDOR)?,
            license: self.string(TAG_LICENSE)?,
            name,
            line: None,
        })
    }
}

/// `bash-5.1.8-6.el9.src.rpm` → `bash` at `5.1.8-6.el9`.
fn source_rpm(file: &str) -> Option<SourcePackage> {
    let stem = file
        .strip_suffix(".src.rpm")
        .or_else(|| file.strip_suffix(".nosrc.rpm"))?;
    let (rest, release) = stem.rsplit_once('-')?;
    let (name, version) = rest.rsplit_once('-')?;
    (!name.is_empty()).then(|| SourcePackage {
        name: name.to_owned(),
        version: Some(format!("{version}-{release}")),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a header blob from `(tag, type, value)`; strings get their NUL, INT32s 4 bytes.
    pub(crate) fn blob(tags: &[(u32, &str)], epoch: Option<u32>) -> Vec<u8> {
        let mut index = Vec::new();
        let mut data = Vec::new();
        let mut push = |tag: u32, ty: u32, bytes: &[u8], index: &mut Vec<u8>| {
            index.extend(tag.to_be_bytes());
            index.extend(ty.to_be_bytes());
            index.extend((data.len() as u32).to_be_bytes());
            index.extend(1u32.to_be_bytes());
            data.extend_from_slice(bytes);
        };
        if let Some(e) = epoch {
            push(TAG_EPOCH, TYPE_INT32, &e.to_be_bytes(), &mut index);
        }
        for (tag, value) in tags {
            let mut bytes = value.as_bytes().to_vec();
            bytes.push(0);
            push(*tag, TYPE_STRING, &bytes, &mut index);
        }
        let mut out = Vec::new();
        out.extend(((index.len() / 16) as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(index);
        out.extend(data);
        out
    }

    pub(crate) fn bash() -> Vec<u8> {
        blob(
            &[
                (TAG_NAME, "bash"),
                (TAG_VERSION, "5.1.8"),
                (TAG_RELEASE, "6.el9"),
                (TAG_ARCH, "x86_64"),
                (TAG_SOURCERPM, "bash-5.1.8-6.el9.src.rpm"),
                (TAG_VENDOR, "Rocky Enterprise Software Foundation"),
                (TAG_LICENSE, "GPLv3+"),
            ],
            Some(1),
        )
    }

    #[test]
    fn reads_the_tags_of_a_package() {
        let blob = bash();
        let p = Header::parse(&blob).unwrap().package().unwrap();
        assert_eq!(
            (p.name.as_str(), p.version.as_str()),
            ("bash", "1:5.1.8-6.el9")
        );
        assert_eq!(p.purl_version.as_deref(), Some("5.1.8-6.el9"));
        assert_eq!(p.epoch.as_deref(), Some("1"));
        assert_eq!(p.architecture.as_deref(), Some("x86_64"));
        assert_eq!(
            p.source,
            Some(SourcePackage {
                name: "bash".into(),
                version: Some("5.1.8-6.el9".into())
            })
        );
        assert_eq!(p.license.as_deref(), Some("GPLv3+"));
    }

    #[test]
    fn hostile_headers_are_errors() {
        let good = bash();
        // Counts and lengths that do not fit the blob.
        let mut huge_count = good.clone();
        huge_count[0..4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(
            Header::parse(&huge_count)
                .unwrap_err()
                .contains("index entries")
        );
        let mut long_data = good.clone();
        long_data[4..8].copy_from_slice(&0x0fff_0000u32.to_be_bytes());
        assert!(
            Header::parse(&long_data)
                .unwrap_err()
                .contains("bytes in all")
        );
        // An entry whose offset points past the data.
        let mut far = good.clone();
        far[8 + 16 + 8..8 + 16 + 12].copy_from_slice(&0x7fff_ffffu32.to_be_bytes());
        assert!(Header::parse(&far).unwrap_err().contains("outside"));
        // A string without its NUL: cut the data store's last byte and shrink `dl`.
        let mut unterminated = good.clone();
        unterminated.pop();
        let dl = u32::from_be_bytes(unterminated[4..8].try_into().unwrap()) - 1;
        unterminated[4..8].copy_from_slice(&dl.to_be_bytes());
        let header = Header::parse(&unterminated).unwrap();
        assert!(header.package().unwrap_err().contains("runs past"));
        // An INT32 epoch at the very end of the data.
        let epoch_at_end = blob(&[(TAG_NAME, "x")], None);
        let mut h = Header::parse(&epoch_at_end).unwrap();
        h.entries.push(Entry {
            tag: TAG_EPOCH,
            ty: TYPE_INT32,
            offset: 1,
            count: 1,
        });
        assert!(h.int32(TAG_EPOCH).unwrap_err().contains("outside"));
        for short in 0..good.len() {
            let _ = Header::parse(&good[..short]).and_then(|h| h.package());
        }
    }

    #[test]
    fn source_rpm_names_split_at_the_last_two_dashes() {
        assert_eq!(
            source_rpm("python3-libs-3.9.16-1.el9.src.rpm"),
            Some(SourcePackage {
                name: "python3-libs".into(),
                version: Some("3.9.16-1.el9".into())
            })
        );
        assert_eq!(source_rpm("garbage"), None);
        assert_eq!(source_rpm("a.src.rpm"), None);
    }
}
