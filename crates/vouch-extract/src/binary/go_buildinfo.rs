//! Go build info: the `\xff Go buildinf:` header the linker puts at the start of a Go program's
//! data, then the toolchain version and the module list (`go version -m`). Read as Go's own
//! `debug/buildinfo` reads it: the header sits 16-byte aligned in the first 64 KiB of the data
//! (`.go.buildinfo`, `__go_buildinfo`, or the first writable data section or segment); since
//! Go 1.18 the two strings follow it inline as varint-prefixed bytes, before that the header
//! holds pointers to Go string headers. The module list's lines are `path`, `mod`, `dep`,
//! `=>` (replaces the line before) and `build` (runtime/debug.ParseBuildInfo).

use std::path::Path;

use object::{Object, ObjectSection, ObjectSegment, SectionFlags, SegmentFlags};
use vouch_model::{ComponentSource, Diagnostic, DiagnosticCode};

use super::executable::Image;
use crate::Parsed;
use crate::golang::{go_component, is_local_path};
use crate::python::skipped_entry;

const MAGIC: &[u8] = b"\xff Go buildinf:";
const HEADER: usize = 32;
const ALIGN: usize = 16;
/// How much of the data start is searched for the header (as Go's reader does).
const SEARCH: u64 = 64 * 1024;
/// The longest version or module string read (Go's reader stops at 4 GiB; a real module list
/// of a large program is some tens of KiB).
const MAX_STRING: u64 = 16 * 1024 * 1024;
/// Framing around the module list (`cmd/go/internal/modload.infoStart`/`infoEnd`).
const FRAME: usize = 16;

/// What a Go executable records about its build.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct BuildInfo {
    /// The toolchain, `go1.22.0` (possibly with a suffix such as ` X:boringcrypto`).
    pub(crate) go_version: String,
    /// The module list's text, framing removed (empty for a binary built outside module mode).
    pub(crate) modinfo: String,
}

/// The Go build info of `image`; `Ok(None)` when it is not a Go program.
pub(crate) fn read(image: &Image<'_>) -> Result<Option<BuildInfo>, String> {
    let Some((start, data)) = data_start(image)? else {
        return Ok(None);
    };
    let Some(at) = find_header(data) else {
        return Ok(None);
    };
    let header = &data[at..at + HEADER];
    let address = start + at as u64;
    let ptr_size = usize::from(header[14]);
    let flags = header[15];
    let (version, modinfo) = if flags & 0x2 != 0 {
        let (version, next) = inline_string(image, address + HEADER as u64)?;
        let (modinfo, _) = inline_string(image, next)?;
        (version, modinfo)
    } else {
        let big_endian = flags & 0x1 != 0;
        let read_ptr = |b: &[u8]| -> Result<u64, String> {
            match (ptr_size, big_endian) {
                (4, false) => Ok(u64::from(u32::from_le_bytes(array(b)?))),
                (4, true) => Ok(u64::from(u32::from_be_bytes(array(b)?))),
                (8, false) => Ok(u64::from_le_bytes(array(b)?)),
                (8, true) => Ok(u64::from_be_bytes(array(b)?)),
                _ => Err(format!("pointer size {ptr_size} is neither 4 nor 8")),
            }
        };
        let version = pointed_string(image, ptr_size, &read_ptr, read_ptr(&header[16..])?)?;
        let modinfo = pointed_string(
            image,
            ptr_size,
            &read_ptr,
            read_ptr(&header[16 + ptr_size..])?,
        )?;
        (version, modinfo)
    };
    let go_version =
        String::from_utf8(version).map_err(|_| "the Go version is not UTF-8".to_owned())?;
    let modinfo = unframe(&modinfo);
    let modinfo = String::from_utf8(modinfo.to_vec())
        .map_err(|_| "the module list is not UTF-8".to_owned())?;
    Ok(Some(BuildInfo {
        go_version,
        modinfo,
    }))
}

fn array<const N: usize>(bytes: &[u8]) -> Result<[u8; N], String> {
    bytes
        .get(..N)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| "the build info header is cut short".to_owned())
}

/// Where Go's linker puts the build info: its own section, else the first writable data.
/// Returns the virtual address and up to [`SEARCH`] bytes from there.
fn data_start<'a>(image: &Image<'a>) -> Result<Option<(u64, &'a [u8])>, String> {
    for name in [".go.buildinfo", "__go_buildinfo"] {
        if let Some(section) = image.object.section_by_name(name) {
            let address = section.address();
            return Ok(image
                .read_memory(address, section.size().min(SEARCH))
                .map(|d| (address, d)));
        }
    }
    let mut fallback = None;
    for section in image.object.sections() {
        if let SectionFlags::Coff { characteristics } = section.flags() {
            use object::pe::{
                IMAGE_SCN_ALIGN_32BYTES, IMAGE_SCN_CNT_INITIALIZED_DATA, IMAGE_SCN_MEM_READ,
                IMAGE_SCN_MEM_WRITE,
            };
            let wanted =
                IMAGE_SCN_CNT_INITIALIZED_DATA.0 | IMAGE_SCN_MEM_READ.0 | IMAGE_SCN_MEM_WRITE.0;
            if section.address() != 0
                && section.size() != 0
                && characteristics.0 & !IMAGE_SCN_ALIGN_32BYTES.0 == wanted
            {
                fallback = Some((section.address(), section.size()));
                break;
            }
        }
    }
    if fallback.is_none() {
        for segment in image.object.segments() {
            let writable_data = match segment.flags() {
                SegmentFlags::Elf { p_type, p_flags } => {
                    use object::elf::{PF_W, PF_X, PT_LOAD};
                    p_type == PT_LOAD && p_flags.0 & (PF_X.0 | PF_W.0) == PF_W.0
                }
                SegmentFlags::MachO {
                    maxprot, initprot, ..
                } => {
                    segment.address() != 0
                        && segment.file_range().1 != 0
                        && initprot.0 == 3
                        && maxprot.0 == 3
                }
                _ => false,
            };
            if writable_data {
                fallback = Some((segment.address(), segment.size()));
                break;
            }
        }
    }
    Ok(fallback.and_then(|(address, size)| {
        image
            .read_memory(address, size.min(SEARCH))
            .map(|d| (address, d))
    }))
}

/// The offset of the build info header in `data`: the magic at a 16-byte aligned offset with a
/// whole header after it.
fn find_header(data: &[u8]) -> Option<usize> {
    let mut at = 0;
    while at + HEADER <= data.len() {
        let found = memchr::memmem::find(&data[at..], MAGIC)? + at;
        if found % ALIGN == 0 {
            return (found + HEADER <= data.len()).then_some(found);
        }
        at = (found + ALIGN - 1) & !(ALIGN - 1);
    }
    None
}

/// A varint-prefixed string at `address` (Go ≥ 1.18); returns it and the address after it.
fn inline_string(image: &Image<'_>, address: u64) -> Result<(Vec<u8>, u64), String> {
    let head = image
        .read_memory(address, 10)
        .ok_or_else(|| format!("no data at address {address:#x} for an inline string"))?;
    let (len, used) = uvarint(head).ok_or_else(|| "a string length is not a varint".to_owned())?;
    if len > MAX_STRING {
        return Err(format!(
            "a string claims {len} bytes, more than the {MAX_STRING}-byte limit"
        ));
    }
    let start = address + used as u64;
    let bytes = image
        .read_memory(start, len)
        .filter(|b| b.len() as u64 == len)
        .ok_or_else(|| format!("a {len}-byte string at {start:#x} runs past its data"))?;
    Ok((bytes.to_vec(), start + len))
}

/// An unsigned LEB128 varint (`encoding/binary.Uvarint`); the value and the bytes it took.
fn uvarint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        let shift = 7 * i as u32;
        if i == 9 && b > 1 {
            return None;
        }
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// A Go string (pointer, length) whose header is at `address` (Go < 1.18).
fn pointed_string(
    image: &Image<'_>,
    ptr_size: usize,
    read_ptr: &dyn Fn(&[u8]) -> Result<u64, String>,
    address: u64,
) -> Result<Vec<u8>, String> {
    let header = image
        .read_memory(address, 2 * ptr_size as u64)
        .filter(|h| h.len() == 2 * ptr_size)
        .ok_or_else(|| format!("no string header at address {address:#x}"))?;
    let (data, len) = (read_ptr(header)?, read_ptr(&header[ptr_size..])?);
    if len > MAX_STRING {
        return Err(format!(
            "a string claims {len} bytes, more than the {MAX_STRING}-byte limit"
        ));
    }
    image
        .read_memory(data, len)
        .filter(|b| b.len() as u64 == len)
        .map(<[u8]>::to_vec)
        .ok_or_else(|| format!("a {len}-byte string at {data:#x} runs past its data"))
}

/// The module list without its 16-byte framing (`debug/buildinfo`: framed when at least 33
/// bytes long with a newline before the closing frame); empty otherwise.
fn unframe(modinfo: &[u8]) -> &[u8] {
    if modinfo.len() > 2 * FRAME && modinfo[modinfo.len() - FRAME - 1] == b'\n' {
        &modinfo[FRAME..modinfo.len() - FRAME]
    } else {
        &[]
    }
}

/// One module line: path, version (empty for a local replacement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Module {
    pub(crate) path: String,
    pub(crate) version: String,
}

/// The module list, replacements applied.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ModInfo {
    /// The main package's import path (`path` line).
    pub(crate) package: Option<String>,
    /// The main module (`mod`).
    pub(crate) main: Option<Module>,
    /// The dependencies (`dep`), each as built (after its `=>` line).
    pub(crate) deps: Vec<Module>,
    /// `build` settings as `key=value`.
    pub(crate) settings: Vec<(String, String)>,
}

/// Parses the module list; lines it cannot read are returned as messages.
pub(crate) fn parse_modinfo(text: &str) -> (ModInfo, Vec<String>) {
    let mut info = ModInfo::default();
    let mut problems = Vec::new();
    // Which module a `=>` line replaces: the main module or the last dependency.
    let mut last_is_main = false;
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let module = |fields: &[&str]| -> Option<Module> {
            let path = fields.get(1).filter(|p| !p.is_empty())?;
            Some(Module {
                path: (*path).to_owned(),
                version: fields.get(2).copied().unwrap_or_default().to_owned(),
            })
        };
        match fields[0] {
            "go" => {}
            "path" => info.package = fields.get(1).map(|p| (*p).to_owned()),
            "mod" => match module(&fields) {
                Some(m) => {
                    info.main = Some(m);
                    last_is_main = true;
                }
                None => problems.push(format!("line {}: `mod` without a module path", i + 1)),
            },
            "dep" => match module(&fields) {
                Some(m) => {
                    info.deps.push(m);
                    last_is_main = false;
                }
                None => problems.push(format!("line {}: `dep` without a module path", i + 1)),
            },
            "=>" => {
                let target = if last_is_main {
                    info.main.as_mut()
                } else {
                    info.deps.last_mut()
                };
                match (target, module(&fields)) {
                    (Some(t), Some(m)) => *t = m,
                    _ => problems.push(format!(
                        "line {}: a replacement `=>` with nothing to replace or no module",
                        i + 1
                    )),
                }
            }
            "build" => {
                if let Some((k, v)) = fields.get(1).and_then(|s| s.split_once('=')) {
                    info.settings.push((k.to_owned(), v.to_owned()));
                }
            }
            other => problems.push(format!(
                "line {}: unknown line kind `{}`",
                i + 1,
                other.escape_debug()
            )),
        }
    }
    (info, problems)
}

/// The components of one Go executable: the main module (the program itself: relationship
/// unset, and no version when Go stamped `(devel)`), every dependency as built, and the
/// toolchain's standard library as Go package `stdlib`, the name OSV gives it.
pub(crate) fn add_components(info: &BuildInfo, display: &Path, parsed: &mut Parsed) {
    let (modinfo, problems) = parse_modinfo(&info.modinfo);
    for problem in problems {
        parsed.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::InvalidPackage,
                format!("Go module list: {problem}"),
            )
            .with_path(display),
        );
    }
    let mut add = |module: &Module, is_main: bool| {
        // A local replacement: `./dir` with no version, or `(devel)` in newer toolchains.
        let local = is_local_path(&module.path);
        let version = match module.version.as_str() {
            "" | "(devel)" => None,
            v => Some(v),
        };
        // A local replacement's directory may end in a slash, which names nothing.
        let path = if local {
            module.path.trim_end_matches('/')
        } else {
            &module.path
        };
        match go_component(path, version, display, None) {
            Ok(mut c) => {
                if local || (is_main && version.is_none()) {
                    c.source = ComponentSource::Path {
                        path: if local {
                            module.path.clone()
                        } else {
                            String::new()
                        },
                    };
                }
                if is_main {
                    // The executable is the main module's deployable form.
                    parsed.itself = Some(c.purl.clone());
                }
                parsed.components.push(c);
            }
            Err(message) => parsed.diagnostics.push(skipped_entry(
                display,
                &format!("{} {}", module.path, module.version),
                message,
            )),
        }
    };
    if let Some(main) = &modinfo.main {
        add(main, true);
    }
    for dep in &modinfo.deps {
        add(dep, false);
    }
    match stdlib_version(&info.go_version) {
        Some(version) => match go_component("stdlib", Some(version), display, None) {
            Ok(c) => parsed.components.push(c),
            Err(message) => parsed
                .diagnostics
                .push(skipped_entry(display, "stdlib", message)),
        },
        None => parsed.diagnostics.push(skipped_entry(
            display,
            &info.go_version,
            format!(
                "Go toolchain `{}` is not a release (`go1.N.M`); the standard library is not listed",
                info.go_version.escape_debug()
            ),
        )),
    }
}

/// `go1.22.0` → `1.22.0`; suffixes after a space, `-` or `+` (` X:boringcrypto`,
/// `-20240101`) are cut off. `None` for a development toolchain (`devel ...`).
pub(crate) fn stdlib_version(go: &str) -> Option<&str> {
    let version = go.strip_prefix("go")?;
    let end = version.find([' ', '-', '+']).unwrap_or(version.len());
    let version = &version[..end];
    version
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit())
        .then_some(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_lines_apply_replacements() {
        let text = "path\texample.com/cmd/app\nmod\texample.com\t(devel)\t\n\
            dep\tgolang.org/x/xerrors\tv0.0.0-2022\th1:abc=\n\
            =>\tgithub.com/golang/xerrors\tv0.0.0-20220907171357-04be3eba64a2\th1:def=\n\
            dep\texample.com/local\tv1.0.0\n=>\t./local\t\t\n\
            build\t-compiler=gc\nbuild\tGOOS=linux\nbogus\tx\n";
        let (info, problems) = parse_modinfo(text);
        assert_eq!(info.package.as_deref(), Some("example.com/cmd/app"));
        assert_eq!(
            info.main,
            Some(Module {
                path: "example.com".into(),
                version: "(devel)".into()
            })
        );
        assert_eq!(
            info.deps,
            [
                Module {
                    path: "github.com/golang/xerrors".into(),
                    version: "v0.0.0-20220907171357-04be3eba64a2".into()
                },
                Module {
                    path: "./local".into(),
                    version: String::new()
                }
            ]
        );
        assert_eq!(info.settings.len(), 2);
        assert_eq!(problems, ["line 9: unknown line kind `bogus`"]);
        let (_, problems) = parse_modinfo("=>\tx\tv1.0.0\n");
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn header_search_is_aligned_and_varints_bounded() {
        let mut data = vec![0u8; 64];
        data[3..3 + MAGIC.len()].copy_from_slice(MAGIC);
        assert_eq!(find_header(&data), None);
        data[16..16 + MAGIC.len()].copy_from_slice(MAGIC);
        assert_eq!(find_header(&data), Some(16));
        assert_eq!(find_header(&data[..40]), None);
        assert_eq!(uvarint(&[0x96, 0x01]), Some((150, 2)));
        assert_eq!(uvarint(&[0x80; 10]), None);
        assert_eq!(uvarint(&[]), None);
        assert_eq!(stdlib_version("go1.22.0"), Some("1.22.0"));
        assert_eq!(stdlib_version("go1.21.5 X:boringcrypto"), Some("1.21.5"));
        assert_eq!(stdlib_version("devel go1.23-abc"), None);
        assert_eq!(unframe(b"short"), b"");
    }
}
