//! Deliveries as shipped: a tarball and a `docker save` image are read without extracting them,
//! layers merged with whiteouts, and a hostile or broken archive is reported while the rest is
//! still cataloged.

use std::io::Write as _;
use std::path::Path;

use crate::support::{VULNERABLE_CARGO_LOCK, rustsec_db, stderr, stdout, vouch};

const DPKG_STATUS: &str = "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.11-1~deb12u2\n\nPackage: curl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 7.88.1-10+deb12u5\n";
const OS_RELEASE: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n";

/// A tar holding `files` (path, bytes); paths are written as given, even hostile ones.
fn tar(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        // Written raw so that `../` names reach the reader as a hostile archive has them.
        let name = header.as_old_mut().name.as_mut();
        name[..path.len()].copy_from_slice(path.as_bytes());
        header.set_cksum();
        builder.append(&header, *bytes).unwrap();
    }
    builder.into_inner().unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn json_of(args: &[&str], db: Option<&Path>, path: &Path) -> (Option<i32>, serde_json::Value) {
    let mut cmd = vouch();
    cmd.arg("--offline");
    if let Some(db) = db {
        cmd.arg("--db").arg(db);
    }
    let out = cmd.args(args).arg(path).output().unwrap();
    let json = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {}", stderr(&out)));
    (out.status.code(), json)
}

#[test]
fn a_tarball_is_scanned_without_being_extracted() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("tarball scan") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("delivery.tar.gz");
    let bytes = gzip(&tar(&[
        ("app/Cargo.lock", VULNERABLE_CARGO_LOCK.as_bytes()),
        ("app/README.md", b"hello"),
    ]));
    std::fs::write(&path, bytes).unwrap();
    let (code, report) = json_of(
        &["scan", "--format", "json"],
        Some(rustsec_db(&corpus)),
        &path,
    );
    assert_eq!(code, Some(1), "known vulnerabilities fail the scan");
    let ids: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert_eq!(
        report["scanned_files"],
        serde_json::json!(["app/Cargo.lock"])
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(
        leftovers.len(),
        1,
        "nothing was extracted beside the tarball"
    );
}

#[test]
fn a_docker_image_is_its_final_filesystem() {
    let dir = tempfile::tempdir().unwrap();
    let base = tar(&[
        ("etc/os-release", OS_RELEASE.as_bytes()),
        ("var/lib/dpkg/status", DPKG_STATUS.as_bytes()),
        (
            "usr/lib/node_modules/gone/package.json",
            br#"{"name":"gone","version":"1.0.0"}"#,
        ),
        (
            "usr/share/doc/app/Cargo.lock",
            VULNERABLE_CARGO_LOCK.as_bytes(),
        ),
    ]);
    let top = tar(&[
        ("usr/lib/node_modules/.wh.gone", b""),
        (
            "srv/app/node_modules/left-pad/package.json",
            br#"{"name":"left-pad","version":"1.3.0"}"#,
        ),
    ]);
    let manifest = br#"[{"Config":"config.json","RepoTags":["acme/gateway:4.2.0"],"Layers":["base/layer.tar","top/layer.tar"]}]"#;
    let image = tar(&[
        ("manifest.json", manifest),
        ("config.json", b"{}"),
        ("base/layer.tar", &base),
        ("top/layer.tar", &top),
    ]);
    let path = dir.path().join("image.tar");
    std::fs::write(&path, image).unwrap();
    let (code, bom) = json_of(&["sbom"], None, &path);
    assert_eq!(code, Some(0));
    let mut purls: Vec<&str> = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["purl"].as_str().unwrap())
        .collect();
    purls.sort_unstable();
    assert_eq!(
        purls,
        [
            "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12",
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
            "pkg:npm/left-pad@1.3.0",
        ],
        "the whited-out package is gone; the OS packages know their release; a lockfile in an \
         image lists build inputs, not what is installed, and is not read (as Trivy and Syft)"
    );
}

#[test]
fn a_hostile_or_broken_archive_is_reported_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    // A member escaping with `../`, beside a good lockfile.
    let hostile = dir.path().join("hostile.tar");
    std::fs::write(
        &hostile,
        tar(&[
            ("../../etc/cron.d/evil", b"* * * * * root sh"),
            ("app/Cargo.lock", VULNERABLE_CARGO_LOCK.as_bytes()),
        ]),
    )
    .unwrap();
    let (code, bom) = json_of(&["sbom"], None, &hostile);
    assert_eq!(code, Some(0), "a skipped unsafe member is a warning");
    assert_eq!(bom["components"].as_array().unwrap().len(), 3);

    let out = vouch()
        .args(["--offline", "sbom"])
        .arg(&hostile)
        .output()
        .unwrap();
    assert!(stderr(&out).contains("V0110"), "{}", stderr(&out));

    // A gzip cut in half: what came before the damage is still read, and the run says so.
    let full = gzip(&tar(&[(
        "app/Cargo.lock",
        VULNERABLE_CARGO_LOCK.as_bytes(),
    )]));
    let cut = dir.path().join("cut.tar.gz");
    std::fs::write(&cut, &full[..full.len() / 2]).unwrap();
    let out = vouch()
        .args(["--offline", "sbom"])
        .arg(&cut)
        .output()
        .unwrap();
    assert!(stderr(&out).contains("V0113"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(2));
    assert!(!stdout(&out).is_empty(), "the SBOM is still written");
}

#[test]
fn a_jar_inside_a_tarball_is_read_once_by_its_cataloger() {
    let mut jar = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    jar.start_file("META-INF/maven/com.example/widget/pom.properties", options)
        .unwrap();
    jar.write_all(b"groupId=com.example\nartifactId=widget\nversion=1.2.3\n")
        .unwrap();
    jar.start_file("META-INF/maven/com.example/widget/pom.xml", options)
        .unwrap();
    jar.write_all(b"<project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId><artifactId>widget</artifactId><version>1.2.3</version><dependencies><dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency></dependencies></project>").unwrap();
    let jar = jar.finish().unwrap().into_inner();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.tar.gz");
    std::fs::write(&path, gzip(&tar(&[("lib/widget.jar", &jar)]))).unwrap();
    let (code, bom) = json_of(&["sbom"], None, &path);
    assert_eq!(code, Some(0));
    let purls: Vec<&str> = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["purl"].as_str().unwrap())
        .collect();
    assert_eq!(
        purls,
        ["pkg:maven/com.example/widget@1.2.3"],
        "the jar's own pom.xml is not read again as a project"
    );
}
