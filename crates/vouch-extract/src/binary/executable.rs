//! The executable cataloger: an ELF, Mach-O or PE file, found by its magic number, opened through
//! `object` over a read cache (only the headers and the few ranges asked for are read), then
//! asked for Go build info and for cargo-auditable data. An executable with neither (a C
//! program, a stripped Rust one) gives nothing and no diagnostic: that is the common case.

use std::path::Path;

use object::{Object, ObjectSection, ObjectSegment, ReadCache, ReadRef};

use crate::{Cataloger, ExtractError, Parsed};

use super::{auditable, go_buildinfo};

/// Executables: Go build info and cargo-auditable dependency lists.
pub(crate) struct Executable;

/// Magic numbers of the formats read: ELF, PE (the DOS stub's `MZ`), Mach-O 32/64-bit in both
/// byte orders. (Universal Mach-O shares `cafebabe` with Java class files and is not read.)
const MAGICS: [&[u8]; 6] = [
    b"\x7fELF",
    b"MZ",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
];

impl Cataloger for Executable {
    fn lists_installed(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "executable"
    }

    fn claims(&self, _path: &Path) -> bool {
        false
    }

    fn sniffs(&self, head: &[u8]) -> bool {
        MAGICS.iter().any(|m| head.starts_with(m))
    }

    fn needs_siblings(&self) -> bool {
        false
    }

    fn parse_from(
        &self,
        source: &dyn crate::Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let file = crate::read::open(source, path, display)?;
        let cache = ReadCache::new(file);
        let image = Image::parse(&cache).map_err(|message| malformed(display, message))?;
        let mut parsed = Parsed::default();
        if let Some(info) = go_buildinfo::read(&image)
            .map_err(|m| malformed(display, format!("Go build info: {m}")))?
        {
            go_buildinfo::add_components(&info, display, &mut parsed);
        }
        if let Some(json) = auditable::read(&image)
            .map_err(|m| malformed(display, format!("cargo-auditable data: {m}")))?
        {
            auditable::add_components(&json, display, &mut parsed)
                .map_err(|m| malformed(display, format!("cargo-auditable data: {m}")))?;
        }
        Ok(parsed)
    }
}

fn malformed(display: &Path, message: String) -> ExtractError {
    ExtractError::Malformed {
        path: display.to_path_buf(),
        message,
    }
}

/// An executable opened for reading: its object file over the read cache, and the file length.
pub(crate) struct Image<'a> {
    pub(crate) object: object::File<'a, &'a ReadCache<Box<dyn crate::SeekRead>>>,
    data: &'a ReadCache<Box<dyn crate::SeekRead>>,
    len: u64,
}

impl<'a> Image<'a> {
    fn parse(data: &'a ReadCache<Box<dyn crate::SeekRead>>) -> Result<Self, String> {
        let len = data
            .len()
            .map_err(|()| "cannot read the file's length".to_owned())?;
        let object = object::File::parse(data)
            .map_err(|e| format!("not a readable ELF, Mach-O or PE executable: {e}"))?;
        Ok(Image { object, data, len })
    }

    /// `size` bytes at file offset `offset`; `None` past the end of the file.
    pub(crate) fn read_at(&self, offset: u64, size: u64) -> Option<&'a [u8]> {
        if offset.checked_add(size)? > self.len {
            return None;
        }
        self.data.read_bytes_at(offset, size).ok()
    }

    /// Up to `size` bytes of the loaded image at virtual address `address`, as far as one segment
    /// backs them with file data; `None` when no segment holds `address`.
    pub(crate) fn read_memory(&self, address: u64, size: u64) -> Option<&'a [u8]> {
        for segment in self.object.segments() {
            let (offset, file_size) = segment.file_range();
            let start = segment.address();
            let Some(skip) = address.checked_sub(start) else {
                continue;
            };
            if skip >= file_size {
                continue;
            }
            let size = size.min(file_size - skip);
            return self.read_at(offset.checked_add(skip)?, size);
        }
        None
    }

    /// The file data of the first section named `name` (with its virtual address), at most
    /// `limit` bytes of it; `Err` when the section claims more.
    pub(crate) fn section(
        &self,
        name: &str,
        limit: u64,
    ) -> Result<Option<(u64, &'a [u8])>, String> {
        let Some(section) = self.object.section_by_name(name) else {
            return Ok(None);
        };
        let Some((offset, size)) = section.file_range() else {
            return Ok(None);
        };
        if size > limit {
            return Err(format!(
                "section `{name}` is {size} bytes, more than the {limit}-byte limit"
            ));
        }
        let bytes = self.read_at(offset, size).ok_or_else(|| {
            format!(
                "section `{name}` ({size} bytes at offset {offset}) runs past the end of the file"
            )
        })?;
        Ok(Some((section.address(), bytes)))
    }
}
