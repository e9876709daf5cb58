use std::io::Write;

use sha2::{Digest, Sha256, Sha512};
use vouch_archive::{EntryKind, Format, Limits, ProblemKind, RootKind, Tree, Want};

use crate::fixtures::{Member, Recorder, bz2, gz, kinds, tar, walk_bytes, walk_path, xz, zip, zst};

fn sample() -> Vec<u8> {
    tar(&[
        Member::Dir("./"),
        Member::Dir("./etc/"),
        Member::File("./etc/os-release", b"ID=debian\n"),
        Member::Exec("./usr/bin/tool", b"\x7fELF"),
        Member::Symlink("./usr/bin/alias", "tool"),
        Member::Symlink("./etc/abs", "/usr/bin/tool"),
        Member::HardLink("./usr/bin/hard", "./usr/bin/tool"),
    ])
}

#[test]
fn every_compression_of_a_tar_shows_the_same_tree() {
    let plain = sample();
    for (name, bytes, format) in [
        ("a.tar", plain.clone(), Format::Tar),
        ("a.tar.gz", gz(&plain), Format::Gzip),
        ("a.tar.zst", zst(&plain), Format::Zstd),
        ("a.tar.xz", xz(&plain), Format::Xz),
        ("a.tar.bz2", bz2(&plain), Format::Bzip2),
        // detected by content, not by name
        ("delivery.bin", gz(&plain), Format::Gzip),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let tree = Tree::open(&path, &Limits::default()).unwrap();
        assert_eq!(tree.kind(), RootKind::Archive(format), "{name}");
        let (rec, summary) = walk_path(&path, &Limits::default(), Want::CONTENT);
        assert_eq!(summary.problems, vec![], "{name}");
        assert_eq!(
            rec.paths(),
            [
                "etc/abs",
                "etc/os-release",
                "usr/bin/alias",
                "usr/bin/hard",
                "usr/bin/tool"
            ],
            "{name}"
        );
        assert_eq!(rec.content("etc/os-release"), b"ID=debian\n");
        let tool = rec.entry("usr/bin/tool");
        assert!(tool.is_executable());
        assert_eq!(tool.size, 4);
        assert!(!rec.entry("etc/os-release").is_executable());
        assert_eq!(
            rec.entry("usr/bin/alias").kind,
            EntryKind::Symlink {
                target: "tool".to_owned()
            }
        );
        assert_eq!(
            rec.entry("usr/bin/hard").kind,
            EntryKind::HardLink {
                target: "usr/bin/tool".to_owned()
            }
        );
        // links are visited but never delivered
        assert_eq!(rec.files.len(), 2, "{name}");
    }
}

#[test]
fn a_zip_is_found_by_content_and_its_members_are_read() {
    let bytes = zip(&[
        ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"),
        ("dir\\win.txt", b"w"),
    ]);
    let (rec, summary) = walk_bytes("app.dat", &bytes, &Limits::default(), Want::CONTENT);
    assert_eq!(summary.problems, vec![]);
    assert_eq!(rec.paths(), ["META-INF/MANIFEST.MF", "dir/win.txt"]);
    assert_eq!(
        rec.content("META-INF/MANIFEST.MF"),
        b"Manifest-Version: 1.0\n"
    );
    assert_eq!(rec.entry("META-INF/MANIFEST.MF").name(), "MANIFEST.MF");
}

#[test]
fn a_plain_file_and_a_compressed_plain_file_are_one_member_each() {
    let (rec, summary) = walk_bytes("package.json", b"{}", &Limits::default(), Want::CONTENT);
    assert_eq!(summary.problems, vec![]);
    assert_eq!(rec.paths(), ["package.json"]);
    assert_eq!(rec.content("package.json"), b"{}");

    let (rec, summary) = walk_bytes(
        "status.json.gz",
        &gz(b"{\"a\":1}"),
        &Limits::default(),
        Want::CONTENT,
    );
    assert_eq!(summary.problems, vec![]);
    assert_eq!(rec.paths(), ["status.json"]);
    assert_eq!(rec.content("status.json"), b"{\"a\":1}");
}

#[test]
fn nested_archives_get_virtual_paths_through_each_level() {
    let manifest = b"Manifest-Version: 1.0\nImplementation-Title: y\n";
    let jar = zip(&[("META-INF/MANIFEST.MF", manifest)]);
    let war = zip(&[("WEB-INF/lib/y.jar", &jar), ("index.html", b"<p>")]);
    let tgz = gz(&tar(&[
        Member::File("lib/x.war", &war),
        Member::File("README", b"r"),
    ]));
    // a .tar.gz inside a zip, inside a directory delivery
    let outer = zip(&[
        ("app.tar.gz", &tgz),
        ("notes/changelog.gz", &gz(b"not a tar")),
    ]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("delivery.zip"), &outer).unwrap();
    let (rec, summary) = walk_path(dir.path(), &Limits::default(), Want::CONTENT);
    assert_eq!(summary.problems, vec![]);
    assert_eq!(
        rec.paths(),
        [
            "delivery.zip",
            "delivery.zip!/app.tar.gz",
            "delivery.zip!/app.tar.gz!/README",
            "delivery.zip!/app.tar.gz!/lib/x.war",
            "delivery.zip!/app.tar.gz!/lib/x.war!/WEB-INF/lib/y.jar",
            "delivery.zip!/app.tar.gz!/lib/x.war!/WEB-INF/lib/y.jar!/META-INF/MANIFEST.MF",
            "delivery.zip!/app.tar.gz!/lib/x.war!/index.html",
            "delivery.zip!/notes/changelog.gz",
        ]
    );
    let path = "delivery.zip!/app.tar.gz!/lib/x.war!/WEB-INF/lib/y.jar!/META-INF/MANIFEST.MF";
    assert_eq!(rec.content(path), manifest);
    let e = rec.entry(path);
    assert_eq!((e.depth, e.inner_path()), (4, "META-INF/MANIFEST.MF"));
    assert_eq!(
        rec.entry("delivery.zip!/app.tar.gz").archive,
        Some(Format::Gzip)
    );
    assert_eq!(
        rec.entry("delivery.zip!/app.tar.gz!/lib/x.war").archive,
        Some(Format::Zip)
    );
    // a gzip that is not named as a tarball is a file, not an archive
    assert_eq!(rec.entry("delivery.zip!/notes/changelog.gz").archive, None);
    // archives are delivered too, whole
    assert_eq!(rec.content("delivery.zip!/app.tar.gz!/lib/x.war"), &war[..]);
}

#[test]
fn nested_archives_are_opened_when_only_some_files_are_wanted() {
    // Streaming path: the visitor wants nothing of the archives themselves.
    let inner = gz(&tar(&[Member::File(
        "pkg/package.json",
        b"{\"name\":\"x\"}",
    )]));
    let outer = gz(&tar(&[
        Member::File("vendor/x.tgz", &inner),
        Member::File("big.bin", &[7; 4096]),
    ]));
    struct OnlyJson(Recorder);
    impl vouch_archive::Visitor for OnlyJson {
        fn visit(&mut self, entry: &vouch_archive::Entry) -> Want {
            self.0.entries.push(entry.clone());
            if entry.name() == "package.json" {
                Want::ALL
            } else {
                Want::NOTHING
            }
        }
        fn content(&mut self, file: vouch_archive::File) {
            self.0.files.insert(file.entry.path.clone(), file);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.tar.gz");
    std::fs::write(&path, &outer).unwrap();
    let mut v = OnlyJson(Recorder::default());
    let summary = Tree::open(&path, &Limits::default()).unwrap().walk(&mut v);
    assert_eq!(summary.problems, vec![]);
    assert_eq!(
        v.0.files.keys().collect::<Vec<_>>(),
        ["vendor/x.tgz!/pkg/package.json"]
    );
    let file = &v.0.files["vendor/x.tgz!/pkg/package.json"];
    let d = file.digests.as_ref().unwrap();
    assert_eq!(d.sha256[..], Sha256::digest(b"{\"name\":\"x\"}")[..]);
    assert_eq!(d.sha512[..], Sha512::digest(b"{\"name\":\"x\"}")[..]);
}

#[test]
fn digests_of_a_file_too_large_for_memory_are_still_computed() {
    let big = vec![42u8; 300_000];
    let bytes = tar(&[Member::File("big.bin", &big), Member::File("small", b"s")]);
    let limits = Limits {
        max_file_bytes: 100_000,
        ..Limits::default()
    };
    let (rec, summary) = walk_bytes("a.tar", &bytes, &limits, Want::ALL);
    assert_eq!(kinds(&summary), [ProblemKind::FileTooLarge]);
    assert_eq!(summary.problems[0].path, "big.bin");
    let big_file = &rec.files["big.bin"];
    assert_eq!(big_file.content, None);
    let d = big_file.digests.as_ref().unwrap();
    assert_eq!(d.sha256_hex(), hex(&Sha256::digest(&big)));
    assert_eq!(d.sha512[..], Sha512::digest(&big)[..]);
    assert_eq!(rec.content("small"), b"s");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_directory_is_walked_in_order_without_following_links_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("delivery");
    std::fs::create_dir_all(root.join("b/c")).unwrap();
    std::fs::write(root.join("a.txt"), b"a").unwrap();
    std::fs::write(root.join("b/c/d.txt"), b"d").unwrap();
    std::fs::write(
        root.join("b/pkg.tar.zst"),
        zst(&tar(&[Member::File("x", b"x")])),
    )
    .unwrap();
    let mut f = std::fs::File::create(dir.path().join("outside.txt")).unwrap();
    f.write_all(b"secret").unwrap();
    std::os::unix::fs::symlink("../outside.txt", root.join("escape")).unwrap();
    std::os::unix::fs::symlink("c/d.txt", root.join("b/inside")).unwrap();
    std::os::unix::fs::symlink(dir.path(), root.join("b/c/dirlink")).unwrap();
    let (rec, summary) = walk_path(&root, &Limits::default(), Want::CONTENT);
    let order: Vec<&str> = rec.entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        order,
        [
            "a.txt",
            "b/inside",
            "b/pkg.tar.zst",
            "b/pkg.tar.zst!/x",
            "b/c/d.txt",
            "b/c/dirlink"
        ]
    );
    assert_eq!(kinds(&summary), [ProblemKind::LinkEscape]);
    assert_eq!(summary.problems[0].path, "escape");
    // an absolute link is read from the tree's root (as in an image) and never followed
    assert!(matches!(
        rec.entry("b/c/dirlink").kind,
        EntryKind::Symlink { .. }
    ));
    assert!(
        !rec.files
            .values()
            .any(|f| f.content.as_deref() == Some(b"secret"))
    );
}

#[test]
fn digests_of_a_streamed_nested_archive_cover_all_its_bytes() {
    // The nested .tgz is walked as it streams past and hashed in the same pass.
    let inner = gz(&tar(&[
        Member::File("a", &[3; 10_000]),
        Member::File("b", b"b"),
    ]));
    let outer = gz(&tar(&[
        Member::File("x.tgz", &inner),
        Member::File("after", b"z"),
    ]));
    let (rec, summary) = walk_bytes("d.tar.gz", &outer, &Limits::default(), Want::DIGESTS);
    assert_eq!(summary.problems, vec![]);
    assert_eq!(rec.paths(), ["after", "x.tgz", "x.tgz!/a", "x.tgz!/b"]);
    let d = rec.files["x.tgz"].digests.as_ref().unwrap();
    assert_eq!(d.sha256[..], Sha256::digest(&inner)[..]);
    assert_eq!(rec.files["x.tgz"].content, None);
    let d = rec.files["x.tgz!/a"].digests.as_ref().unwrap();
    assert_eq!(d.sha512[..], Sha512::digest([3u8; 10_000])[..]);
}
