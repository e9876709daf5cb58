//! Where catalogers read files from: the disk, or files the walk took out of an archive or a
//! container image and holds in memory. One small trait, so every cataloger (and the siblings it
//! looks up: a manifest beside a lockfile, a parent POM, a `-r` include) reads both alike.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// A file opened for reading with seeks (executables and zips are read by ranges, not whole).
pub trait SeekRead: io::Read + io::Seek {}
impl<T: io::Read + io::Seek> SeekRead for T {}

/// A read-only file system as catalogers see it.
pub trait Source: Sync {
    /// Opens the file at `path` for reading by ranges.
    fn open(&self, path: &Path) -> io::Result<Box<dyn SeekRead>>;
    /// The size of the file at `path`; `NotFound` when there is no such file.
    fn size(&self, path: &Path) -> io::Result<u64>;
    /// The whole file at `path`.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Whether `path` is a regular file.
    fn is_file(&self, path: &Path) -> bool;
    /// Whether `path` is a directory.
    fn is_dir(&self, path: &Path) -> bool;
    /// Whether `path` is a symbolic link (never followed out of a delivery by catalogers that
    /// care, such as the os-release reader).
    fn is_symlink(&self, path: &Path) -> bool;
    /// One name per file however it is reached (`a/../b` and `b`), to detect include cycles.
    fn identity(&self, path: &Path) -> io::Result<PathBuf>;
    /// The names of the directories directly inside `dir`, sorted.
    fn subdirs(&self, dir: &Path) -> io::Result<Vec<String>>;
}

/// The local disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl Source for Disk {
    fn open(&self, path: &Path) -> io::Result<Box<dyn SeekRead>> {
        Ok(Box::new(fs_err::File::open(path)?))
    }
    fn size(&self, path: &Path) -> io::Result<u64> {
        Ok(fs_err::metadata(path)?.len())
    }
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        fs_err::read(path)
    }
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
    fn is_symlink(&self, path: &Path) -> bool {
        path.is_symlink()
    }
    fn identity(&self, path: &Path) -> io::Result<PathBuf> {
        fs_err::canonicalize(path)
    }
    fn subdirs(&self, dir: &Path) -> io::Result<Vec<String>> {
        let mut names: Vec<String> = fs_err::read_dir(dir)?
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        names.sort();
        Ok(names)
    }
}

/// Files held in memory under relative, `/`-separated paths (what the walk of an archive or an
/// image selected). Directories exist where some file lies below them.
#[derive(Debug, Clone, Default)]
pub struct InMemory {
    files: BTreeMap<PathBuf, Arc<[u8]>>,
}

impl InMemory {
    /// An empty file system.
    pub fn new() -> Self {
        InMemory::default()
    }

    /// Adds (or replaces) a file. The path is normalised (`./a/../b` is `b`); a path that
    /// climbs above the root is refused and `false` returned.
    pub fn insert(&mut self, path: &Path, bytes: impl Into<Arc<[u8]>>) -> bool {
        match normalize(path) {
            Some(p) => {
                self.files.insert(p, bytes.into());
                true
            }
            None => false,
        }
    }

    /// Every file's path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }

    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether it holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn get(&self, path: &Path) -> io::Result<&Arc<[u8]>> {
        normalize(path)
            .and_then(|p| self.files.get(&p))
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("{}: no such file", path.display()),
                )
            })
    }
}

/// `a/./b/../c` as `a/c`; `None` when the path climbs above its root or is absolute.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

impl Source for InMemory {
    fn open(&self, path: &Path) -> io::Result<Box<dyn SeekRead>> {
        Ok(Box::new(io::Cursor::new(Arc::clone(self.get(path)?))))
    }
    fn size(&self, path: &Path) -> io::Result<u64> {
        Ok(self.get(path)?.len() as u64)
    }
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        Ok(self.get(path)?.to_vec())
    }
    fn is_file(&self, path: &Path) -> bool {
        self.get(path).is_ok()
    }
    fn is_dir(&self, path: &Path) -> bool {
        let Some(dir) = normalize(path) else {
            return false;
        };
        self.files
            .range(dir.clone()..)
            .next()
            .is_some_and(|(p, _)| p != &dir && p.starts_with(&dir))
    }
    /// The walk hands over regular files only; links are never content.
    fn is_symlink(&self, _path: &Path) -> bool {
        false
    }
    fn identity(&self, path: &Path) -> io::Result<PathBuf> {
        let not_found = || {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("{}: no such file", path.display()),
            )
        };
        let p = normalize(path).ok_or_else(not_found)?;
        if p.as_os_str().is_empty() || self.files.contains_key(&p) || self.is_dir(&p) {
            Ok(p)
        } else {
            Err(not_found())
        }
    }
    fn subdirs(&self, dir: &Path) -> io::Result<Vec<String>> {
        let dir = normalize(dir).unwrap_or_default();
        let mut names: Vec<String> = self
            .files
            .keys()
            .filter_map(|p| p.strip_prefix(&dir).ok())
            .filter(|rest| rest.components().count() > 1)
            .filter_map(|rest| rest.components().next())
            .filter_map(|c| c.as_os_str().to_str().map(str::to_owned))
            .collect();
        names.dedup();
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_files_read_like_disk_files() {
        let mut fs = InMemory::new();
        assert!(fs.insert(Path::new("./app/package-lock.json"), b"{}".to_vec()));
        assert!(fs.insert(Path::new("app/packages/a/package.json"), b"{}".to_vec()));
        assert!(fs.insert(Path::new("app/packages/b/package.json"), b"{}".to_vec()));
        assert!(!fs.insert(Path::new("../escape"), b"x".to_vec()));
        assert!(!fs.insert(Path::new("/etc/passwd"), b"x".to_vec()));
        assert_eq!(
            fs.read(Path::new("app/x/../package-lock.json")).unwrap(),
            b"{}"
        );
        assert_eq!(fs.size(Path::new("app/package-lock.json")).unwrap(), 2);
        assert!(fs.is_file(Path::new("app/package-lock.json")));
        assert!(
            fs.is_dir(Path::new("app/packages")) && !fs.is_dir(Path::new("app/package-lock.json"))
        );
        assert_eq!(fs.subdirs(Path::new("app/packages")).unwrap(), ["a", "b"]);
        assert_eq!(fs.subdirs(Path::new("app")).unwrap(), ["packages"]);
        let missing = fs.read(Path::new("nope")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        assert_eq!(
            fs.identity(Path::new("app/./packages/a/../b/package.json"))
                .unwrap(),
            Path::new("app/packages/b/package.json")
        );
    }
}
