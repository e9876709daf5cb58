//! RPM's database of installed packages, in the backends RPM has used: SQLite `rpmdb.sqlite`
//! (RPM 4.16+: Fedora 33+, RHEL 9, Rocky/Alma 9) and the Berkeley DB hash `Packages` (RHEL 7/8,
//! CentOS, Amazon Linux 2) and RPM's own NDB `Packages.db` (openSUSE, SLES 15). Each backend
//! holds one header blob per package ([`header`]). The backend is told by the file's first
//! bytes, not its name.

mod bdb;
mod header;
mod ndb;

use std::ffi::OsStr;
use std::path::Path;

use vouch_model::{Diagnostic, DiagnosticCode};

use super::{Distro, Family, distro_of, ends_with, push};
use crate::read::read_bytes;
use crate::{Cataloger, ExtractError, Parsed};
use header::Header;

/// The places of RPM databases under a root.
const PLACES: &[&[&str]] = &[
    &["var", "lib", "rpm", "rpmdb.sqlite"],
    &["usr", "lib", "sysimage", "rpm", "rpmdb.sqlite"],
    &["var", "lib", "rpm", "Packages"],
    &["usr", "lib", "sysimage", "rpm", "Packages"],
    &["var", "lib", "rpm", "Packages.db"],
    &["usr", "lib", "sysimage", "rpm", "Packages.db"],
];

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
/// NDB's `Packages.db` starts with `RpmP` (rpm `lib/backend/ndb/rpmpkg.c`).
const NDB_MAGIC: &[u8] = b"RpmP";

/// Each header blob of a database, named for diagnostics (`header #3`), or why it could not
/// be read.
type Blobs = Vec<(String, Result<Vec<u8>, String>)>;

/// Reads RPM databases.
pub(crate) struct RpmDb;

impl Cataloger for RpmDb {
    fn lists_installed(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "rpm-db"
    }

    fn claims(&self, path: &Path) -> bool {
        PLACES.iter().any(|p| ends_with(path, p))
            || path.file_name() == Some(OsStr::new("rpmdb.sqlite"))
    }

    fn parse_from(
        &self,
        source: &dyn crate::Source,
        path: &Path,
        display: &Path,
    ) -> Result<Parsed, ExtractError> {
        let bytes = read_bytes(source, path, display)?;
        let malformed = |message: String| ExtractError::Malformed {
            path: display.to_path_buf(),
            message,
        };
        let headers: Blobs = if bytes.starts_with(SQLITE_MAGIC) {
            sqlite_blobs(&bytes)
                .map_err(|e| malformed(format!("cannot read the SQLite rpmdb: {e}")))?
        } else if bdb::is_bdb_hash(&bytes) {
            bdb::values(&bytes)
                .map_err(|e| malformed(format!("cannot read the Berkeley DB rpmdb: {e}")))?
                .into_iter()
                .enumerate()
                .map(|(i, blob)| (format!("header #{}", i + 1), blob))
                .collect()
        } else if bytes.starts_with(NDB_MAGIC) {
            ndb::values(&bytes).map_err(|e| malformed(format!("cannot read the NDB rpmdb: {e}")))?
        } else {
            return Err(malformed(
                "not an RPM database (neither SQLite, Berkeley DB hash nor NDB)".into(),
            ));
        };
        let mut parsed = Parsed::default();
        let distro = distro_of(Family::Rpm, source, path, display, PLACES, &mut parsed);
        add_packages(&mut parsed, headers, &distro, display);
        Ok(parsed)
    }
}

/// Parses each header blob into a component; a blob that does not parse is a diagnostic.
fn add_packages(parsed: &mut Parsed, headers: Blobs, distro: &Distro, display: &Path) {
    for (record, blob) in headers {
        let package = blob.and_then(|b| Header::parse(&b).and_then(|h| h.package()));
        match package {
            // RPM lists its signing keys as packages named `gpg-pubkey`; they are not software.
            Ok(p) if p.name == "gpg-pubkey" => {}
            Ok(p) => push(parsed, p, distro, display),
            Err(problem) => parsed.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidPackage,
                    format!("{problem}; package skipped"),
                )
                .with_path(display)
                .with_record(record),
            ),
        }
    }
}

/// The `Packages` table's blobs, by `hnum`. The database is opened read-only and `immutable`,
/// so SQLite takes no locks and writes no journal or WAL files beside a delivery's file.
/// The header blobs of an `rpmdb.sqlite` held in memory: SQLite opens the bytes as a read-only
/// in-memory database, so nothing is written beside a delivery's file and a database taken out of
/// an image reads like one on disk.
fn sqlite_blobs(bytes: &[u8]) -> Result<Blobs, String> {
    use rusqlite::{Connection, MAIN_DB};
    let mut conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
    conn.deserialize_read_exact(MAIN_DB, bytes, bytes.len(), true)
        .map_err(|e| e.to_string())?;
    let mut statement = conn
        .prepare("SELECT hnum, blob FROM Packages ORDER BY hnum")
        .map_err(|e| e.to_string())?;
    let rows = statement
        .query_map([], |row| {
            let hnum: i64 = row.get(0)?;
            let blob: Result<Vec<u8>, rusqlite::Error> = row.get(1);
            Ok((format!("header #{hnum}"), blob.map_err(|e| e.to_string())))
        })
        .map_err(|e| e.to_string())?;
    rows.collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ndb_rpmdb_on_opensuse_gives_its_packages() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("usr/lib/sysimage/rpm/Packages.db");
        fs_err::create_dir_all(db.parent().unwrap()).unwrap();
        fs_err::create_dir_all(dir.path().join("etc")).unwrap();
        fs_err::write(
            dir.path().join("etc/os-release"),
            "NAME=\"openSUSE Leap\"\nVERSION_ID=\"15.5\"\nID=\"opensuse-leap\"\nPRETTY_NAME=\"openSUSE Leap 15.5\"\n",
        )
        .unwrap();
        fs_err::write(
            &db,
            ndb::tests::file(&[header::tests::bash(), vec![1, 2, 3]]),
        )
        .unwrap();
        let parsed = RpmDb.parse(&db, Path::new("Packages.db")).unwrap();
        let [bash] = &parsed.components[..] else {
            panic!("{:?}", parsed.components)
        };
        assert_eq!(
            bash.purl.as_str(),
            "pkg:rpm/opensuse/bash@5.1.8-6.el9?arch=x86_64&distro=opensuse-leap-15.5&epoch=1"
        );
        let os = bash.os_package.as_ref().unwrap();
        assert_eq!(os.osv_ecosystem(bash.ecosystem), "openSUSE:Leap 15.5");
        let [bad] = &parsed.diagnostics[..] else {
            panic!("{:?}", parsed.diagnostics)
        };
        assert_eq!(bad.record.as_deref(), Some("package #2"));
    }

    #[test]
    fn claims_the_databases_where_rpm_keeps_them() {
        let c = RpmDb;
        assert!(c.claims(Path::new("img/var/lib/rpm/rpmdb.sqlite")));
        assert!(c.claims(Path::new("usr/lib/sysimage/rpm/rpmdb.sqlite")));
        assert!(c.claims(Path::new("var/lib/rpm/Packages")));
        assert!(c.claims(Path::new("usr/lib/sysimage/rpm/Packages.db")));
        assert!(!c.claims(Path::new("debian/Packages")));
    }

    #[test]
    fn an_sqlite_rpmdb_gives_its_packages_and_a_diagnostic_per_bad_blob() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root with space");
        let db = root.join("var/lib/rpm/rpmdb.sqlite");
        fs_err::create_dir_all(db.parent().unwrap()).unwrap();
        fs_err::create_dir_all(root.join("etc")).unwrap();
        fs_err::write(
            root.join("etc/os-release"),
            "ID=\"rocky\"\nVERSION_ID=\"9.2\"\n",
        )
        .unwrap();
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);",
        )
        .unwrap();
        for blob in [
            header::tests::bash(),
            vec![0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff],
        ] {
            conn.execute("INSERT INTO Packages (blob) VALUES (?1)", [blob])
                .unwrap();
        }
        drop(conn);
        let parsed = RpmDb
            .parse(&db, Path::new("var/lib/rpm/rpmdb.sqlite"))
            .unwrap();
        let [bash] = &parsed.components[..] else {
            panic!("{:?}", parsed.components)
        };
        assert_eq!(
            bash.purl.as_str(),
            "pkg:rpm/rocky/bash@5.1.8-6.el9?arch=x86_64&distro=rocky-9.2&epoch=1"
        );
        assert_eq!(bash.version.as_deref(), Some("1:5.1.8-6.el9"));
        assert_eq!(bash.ecosystem, vouch_model::Ecosystem::RockyLinux);
        let os = bash.os_package.as_ref().unwrap();
        assert_eq!(os.release.as_deref(), Some("9"));
        assert_eq!(os.source.as_ref().unwrap().name, "bash");
        let [bad] = &parsed.diagnostics[..] else {
            panic!("{:?}", parsed.diagnostics)
        };
        assert_eq!(bad.record.as_deref(), Some("header #2"));
        assert_eq!(
            bad.path.as_deref(),
            Some(Path::new("var/lib/rpm/rpmdb.sqlite"))
        );
        assert!(bad.message.contains("over rpm's limit"), "{}", bad.message);
    }
}
