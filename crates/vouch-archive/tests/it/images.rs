use sha2::{Digest, Sha256};
use vouch_archive::{Limits, RootKind, Tree, Want};

use crate::fixtures::{Member, gz, tar, walk_path};

/// The base layer and an upper layer that deletes `etc/shadow`, makes `opt` opaque, replaces
/// `usr/bin/tool` and adds `opt/new`.
fn layers() -> (Vec<u8>, Vec<u8>) {
    let base = tar(&[
        Member::Dir("etc/"),
        Member::File("etc/passwd", b"root:x:0:0\n"),
        Member::File("etc/shadow", b"root:*\n"),
        Member::Dir("opt/"),
        Member::File("opt/old/a", b"old"),
        Member::Exec("usr/bin/tool", b"v1"),
        Member::File("var/lib/dpkg/status", b"Package: base-files\n"),
    ]);
    let upper = tar(&[
        Member::File("etc/.wh.shadow", b""),
        Member::Dir("opt/"),
        Member::File("opt/.wh..wh..opq", b""),
        Member::File("opt/new", b"new"),
        Member::Exec("usr/bin/tool", b"v2"),
    ]);
    (base, upper)
}

fn expect_final_filesystem(path: &std::path::Path, prefix: &str) {
    let (rec, summary) = walk_path(path, &Limits::default(), Want::CONTENT);
    assert_eq!(summary.problems, vec![]);
    let expected: Vec<String> = [
        "etc/passwd",
        "opt/new",
        "usr/bin/tool",
        "var/lib/dpkg/status",
    ]
    .iter()
    .map(|p| format!("{prefix}{p}"))
    .collect();
    assert_eq!(rec.paths(), expected);
    assert_eq!(rec.content(&format!("{prefix}usr/bin/tool")), b"v2");
    assert_eq!(rec.content(&format!("{prefix}opt/new")), b"new");
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An OCI image layout: files by path, with gzip'd layers.
fn oci_layout() -> Vec<(String, Vec<u8>)> {
    let (base, upper) = layers();
    let (base, upper) = (gz(&base), gz(&upper));
    let config = br#"{"architecture":"amd64","os":"linux"}"#.to_vec();
    let layer = |b: &[u8]| {
        format!(
            r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{}","size":{}}}"#,
            sha(b),
            b.len()
        )
    };
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{}","size":{}}},"layers":[{},{}]}}"#,
        sha(&config),
        config.len(),
        layer(&base),
        layer(&upper)
    )
    .into_bytes();
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{}","size":{}}}]}}"#,
        sha(&manifest),
        manifest.len()
    );
    let blob = |b: &[u8]| (format!("blobs/sha256/{}", sha(b)), b.to_vec());
    vec![
        (
            "oci-layout".to_owned(),
            br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
        ),
        ("index.json".to_owned(), index.into_bytes()),
        blob(&manifest),
        blob(&config),
        blob(&base),
        blob(&upper),
    ]
}

fn tar_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let members: Vec<Member<'_>> = files.iter().map(|(n, b)| Member::File(n, b)).collect();
    tar(&members)
}

#[test]
fn an_oci_layout_directory_is_its_final_filesystem() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in oci_layout() {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    assert_eq!(
        Tree::open(dir.path(), &Limits::default()).unwrap().kind(),
        RootKind::Image
    );
    expect_final_filesystem(dir.path(), "");
}

#[test]
fn an_oci_layout_tar_is_its_final_filesystem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("image.tar");
    std::fs::write(&path, tar_of(&oci_layout())).unwrap();
    assert_eq!(
        Tree::open(&path, &Limits::default()).unwrap().kind(),
        RootKind::Image
    );
    expect_final_filesystem(&path, "");
}

#[test]
fn a_docker_save_archive_in_a_delivery_directory_is_merged() {
    let (base, upper) = layers();
    let manifest = br#"[{"Config":"cfg.json","RepoTags":["app:1"],"Layers":["aaa/layer.tar","bbb/layer.tar"]}]"#;
    let image = tar_of(&[
        ("manifest.json".to_owned(), manifest.to_vec()),
        ("cfg.json".to_owned(), b"{}".to_vec()),
        ("aaa/layer.tar".to_owned(), base),
        ("bbb/layer.tar".to_owned(), upper),
    ]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("images")).unwrap();
    std::fs::write(dir.path().join("images/app.tar"), image).unwrap();
    let (rec, summary) = walk_path(dir.path(), &Limits::default(), Want::NOTHING);
    assert_eq!(summary.problems, vec![]);
    assert_eq!(
        rec.paths(),
        [
            "images/app.tar",
            "images/app.tar!/etc/passwd",
            "images/app.tar!/opt/new",
            "images/app.tar!/usr/bin/tool",
            "images/app.tar!/var/lib/dpkg/status",
        ]
    );
}

#[test]
fn a_layer_that_is_missing_is_reported_and_the_others_are_walked() {
    let files: Vec<(String, Vec<u8>)> = oci_layout()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i != 5) // the upper layer's blob
        .map(|(_, f)| f)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("image.tar");
    std::fs::write(&path, tar_of(&files)).unwrap();
    let (rec, summary) = walk_path(&path, &Limits::default(), Want::NOTHING);
    assert_eq!(summary.problems.len(), 1, "{:?}", summary.problems);
    assert!(summary.problems[0].message.contains("blobs/sha256/"));
    assert!(rec.paths().contains(&"etc/shadow"));
}

#[test]
fn a_tarball_with_some_other_manifest_json_stays_a_tarball() {
    let bytes = tar(&[
        Member::File(
            "manifest.json",
            br#"{"name":"my-extension","version":"1.0.0"}"#,
        ),
        Member::File("main.js", b"//"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ext.tar");
    std::fs::write(&path, bytes).unwrap();
    let tree = Tree::open(&path, &Limits::default()).unwrap();
    assert_eq!(tree.kind(), RootKind::Archive(vouch_archive::Format::Tar));
    let (rec, summary) = walk_path(&path, &Limits::default(), Want::NOTHING);
    assert_eq!(summary.problems, vec![]);
    assert_eq!(rec.paths(), ["main.js", "manifest.json"]);
}

#[test]
fn an_oci_layout_directory_inside_a_delivery_is_merged() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README"), b"r").unwrap();
    for (name, bytes) in oci_layout() {
        let path = dir.path().join("oci").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let (rec, summary) = walk_path(dir.path(), &Limits::default(), Want::NOTHING);
    assert_eq!(summary.problems, vec![]);
    assert_eq!(
        rec.paths(),
        [
            "README",
            "oci!/etc/passwd",
            "oci!/opt/new",
            "oci!/usr/bin/tool",
            "oci!/var/lib/dpkg/status"
        ]
    );
    assert!(
        rec.entries
            .iter()
            .all(|e| e.path == "README" || e.depth == 1)
    );
}
