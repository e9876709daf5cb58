//! Container images as their final filesystem: an OCI image layout (image-spec v1.1
//! `image-layout.md`: `oci-layout`, `index.json`, `blobs/<alg>/<hex>`) or a `docker save`
//! archive (`manifest.json` → `Layers`), as a directory or an uncompressed tar on disk. Layers
//! are read top-down and whiteouts (image-spec `layer.md` §Whiteouts) are applied by remembering
//! what upper layers hid, so nothing is extracted.

use std::collections::{HashMap, HashSet};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ProblemKind;
use crate::vpath;
use crate::walk::{Flow, Walker};

/// Largest `index.json`, `manifest.json` or manifest blob read.
const MAX_JSON_BYTES: u64 = 4 << 20;
/// Members of a tar looked at to decide whether it is an image (image tars have few at the top).
const MAX_PROBE_ENTRIES: usize = 100_000;
/// Indexes followed to reach a manifest.
const MAX_INDEX_HOPS: usize = 4;

/// Where an image's files are.
pub(crate) enum Source {
    Dir(PathBuf),
    /// An uncompressed tar on disk: each member's data offset and size.
    Tar {
        path: PathBuf,
        members: HashMap<String, (u64, u64)>,
    },
}

impl Source {
    fn has(&self, member: &str) -> bool {
        match self {
            Self::Dir(dir) => dir.join(member).is_file(),
            Self::Tar { members, .. } => members.contains_key(member),
        }
    }

    fn open(&self, member: &str) -> io::Result<Box<dyn Read>> {
        let member = vpath::normalize(member.as_bytes(), false).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{member} is not a safe path"),
            )
        })?;
        match self {
            Self::Dir(dir) => {
                let path = dir.join(&member);
                let meta = fs_err::symlink_metadata(&path)?;
                if !meta.is_file() {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{member} is not a regular file"),
                    ));
                }
                Ok(Box::new(io::BufReader::new(fs_err::File::open(path)?)))
            }
            Self::Tar { path, members } => {
                let (offset, size) = members.get(&member).copied().ok_or_else(|| {
                    io::Error::new(io::ErrorKind::NotFound, format!("no {member} in the image"))
                })?;
                let mut file = fs_err::File::open(path)?;
                file.seek(SeekFrom::Start(offset))?;
                Ok(Box::new(io::BufReader::new(file).take(size)))
            }
        }
    }

    fn read_json<T: for<'de> Deserialize<'de>>(&self, member: &str) -> Result<T, String> {
        let mut bytes = Vec::new();
        self.open(member)
            .and_then(|r| r.take(MAX_JSON_BYTES).read_to_end(&mut bytes))
            .map_err(|e| format!("cannot read {member}: {e}"))?;
        serde_json::from_slice(&bytes).map_err(|e| format!("{member} is not valid: {e}"))
    }
}

/// A directory that holds an image.
pub(crate) fn probe_dir(dir: &Path) -> Option<Source> {
    let source = Source::Dir(dir.to_path_buf());
    is_image(&source).then_some(source)
}

/// An uncompressed tar on disk that holds an image: its member table, read by seeking over the
/// data (no member is read).
pub(crate) fn probe_tar(path: &Path) -> Option<Source> {
    let file = fs_err::File::open(path).ok()?;
    let mut archive = tar::Archive::new(file);
    let mut members = HashMap::new();
    for item in archive.entries_with_seek().ok()?.take(MAX_PROBE_ENTRIES) {
        let entry = item.ok()?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        if let Ok(name) = vpath::normalize(&entry.path_bytes(), false) {
            members.insert(name, (entry.raw_file_position(), entry.size()));
        }
    }
    let source = Source::Tar {
        path: path.to_path_buf(),
        members,
    };
    is_image(&source).then_some(source)
}

/// An OCI layout by its two marker files; a `docker save` archive by a `manifest.json` that
/// parses as one and names layers (a tarball that merely holds some other `manifest.json` stays
/// a tarball).
fn is_image(source: &Source) -> bool {
    if source.has("oci-layout") && source.has("index.json") {
        return true;
    }
    source.has("manifest.json")
        && source
            .read_json::<Vec<DockerImage>>("manifest.json")
            .is_ok_and(|images| images.first().is_some_and(|i| !i.layers.is_empty()))
}

#[derive(Deserialize)]
struct Descriptor {
    #[serde(rename = "mediaType", default)]
    media_type: String,
    digest: String,
}

/// An OCI image index or image manifest (`manifests` for the one, `layers` for the other).
#[derive(Deserialize)]
struct OciDocument {
    #[serde(default)]
    manifests: Vec<Descriptor>,
    #[serde(default)]
    layers: Vec<Descriptor>,
}

#[derive(Deserialize)]
struct DockerImage {
    #[serde(rename = "Layers", default)]
    layers: Vec<String>,
}

/// `sha256:abc…` → `blobs/sha256/abc…`, refusing anything that could name another path.
fn blob_path(digest: &str) -> Result<String, String> {
    let (alg, hex) = digest
        .split_once(':')
        .ok_or_else(|| format!("digest {digest} has no algorithm"))?;
    let alg_ok = !alg.is_empty()
        && alg
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b));
    let hex_ok = !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_alphanumeric());
    if alg_ok && hex_ok {
        Ok(format!("blobs/{alg}/{hex}"))
    } else {
        Err(format!("digest {digest} is not valid"))
    }
}

/// The layer members of the image, bottom first.
fn layers(source: &Source) -> Result<Vec<String>, String> {
    if source.has("oci-layout") && source.has("index.json") {
        let mut doc: OciDocument = source.read_json("index.json")?;
        for _ in 0..MAX_INDEX_HOPS {
            if doc.manifests.is_empty() {
                return doc.layers.iter().map(|l| blob_path(&l.digest)).collect();
            }
            let first = doc
                .manifests
                .iter()
                .find(|d| d.media_type.contains("manifest"))
                .or_else(|| doc.manifests.first())
                .ok_or("the index lists no manifest")?;
            doc = source.read_json(&blob_path(&first.digest)?)?;
        }
        return Err("indexes nested too deep".to_owned());
    }
    let images: Vec<DockerImage> = source.read_json("manifest.json")?;
    let first = images
        .into_iter()
        .next()
        .ok_or("manifest.json lists no image")?;
    Ok(first.layers)
}

/// Walks the image's final filesystem, top layer first.
pub(crate) fn walk_image(
    walker: &mut Walker<'_>,
    source: &Source,
    at: &str,
    prefix: &str,
    depth: u32,
) -> Flow {
    let layers = match layers(source) {
        Ok(l) => l,
        Err(message) => {
            walker.problem(at, ProblemKind::Corrupt, message);
            return Ok(());
        }
    };
    if layers.is_empty() {
        walker.problem(at, ProblemKind::Unsupported, "the image has no layers");
    }
    let mut merge = Merge::default();
    for layer in layers.iter().rev() {
        match source.open(layer) {
            Ok(reader) => {
                let at = if at.is_empty() {
                    layer.clone()
                } else {
                    format!("{at}{}{layer}", vpath::NESTED_SEPARATOR)
                };
                walker.walk_stream(reader, &at, prefix, layer, depth, Some(&mut merge))?;
            }
            Err(err) => {
                walker.io_problem(at, &format!("layer {layer}"), &err)?;
            }
        }
        merge.end_layer();
    }
    Ok(())
}

/// What the layers above the current one decided.
#[derive(Default)]
pub(crate) struct Merge {
    /// Non-directories already shown: lower copies are shadowed.
    seen: HashSet<String>,
    /// Paths deleted by a whiteout, or replaced by a non-directory, above: hidden with all
    /// they contain.
    hidden: HashSet<String>,
    /// Opaque directories above: their lower contents are hidden.
    opaque: HashSet<String>,
    /// Whiteouts of the current layer, which apply to the layers below it only.
    pending_hidden: Vec<String>,
    pending_opaque: Vec<String>,
}

impl Merge {
    /// Whether an entry of the current layer is part of the final filesystem; records its
    /// whiteouts and shadows for the layers below.
    pub(crate) fn admit(&mut self, path: &str, is_dir: bool) -> bool {
        let parent = vpath::parent(path);
        let name = vpath::file_name(path);
        if name == ".wh..wh..opq" {
            self.pending_opaque.push(parent.to_owned());
            return false;
        }
        if let Some(deleted) = name.strip_prefix(".wh.") {
            let deleted = if parent.is_empty() {
                deleted.to_owned()
            } else {
                format!("{parent}/{deleted}")
            };
            self.pending_hidden.push(deleted);
            return false;
        }
        if self.seen.contains(path) || self.hidden.contains(path) {
            return false;
        }
        let mut ancestor = parent;
        while !ancestor.is_empty() {
            if self.hidden.contains(ancestor) || self.opaque.contains(ancestor) {
                return false;
            }
            ancestor = vpath::parent(ancestor);
        }
        if self.opaque.contains("") {
            return false;
        }
        if !is_dir {
            self.seen.insert(path.to_owned());
            self.pending_hidden.push(path.to_owned());
        }
        true
    }

    /// The current layer is done: its whiteouts now apply.
    pub(crate) fn end_layer(&mut self) {
        self.hidden.extend(self.pending_hidden.drain(..));
        self.opaque.extend(self.pending_opaque.drain(..));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whiteouts_apply_to_lower_layers_only() {
        let mut m = Merge::default();
        // top layer
        assert!(!m.admit("etc/.wh.passwd", false));
        assert!(!m.admit("opt/.wh..wh..opq", false));
        assert!(m.admit("opt/new", false));
        m.end_layer();
        // lower layer
        assert!(!m.admit("etc/passwd", false));
        assert!(m.admit("etc/group", false));
        assert!(!m.admit("opt/old", false));
        assert!(!m.admit("opt/new", false));
    }

    #[test]
    fn blob_paths_are_checked() {
        assert_eq!(blob_path("sha256:ab12"), Ok("blobs/sha256/ab12".to_owned()));
        assert!(blob_path("sha256:../x").is_err());
        assert!(blob_path("../x:ab").is_err());
    }
}
