use vouch_archive::{Limits, ProblemKind, Want};

use crate::fixtures::{Member, gz, kinds, tar, walk_bytes, zip};

#[test]
fn escaping_names_are_refused_and_the_rest_is_walked() {
    let bytes = tar(&[
        Member::File("../evil", b"x"),
        Member::File("a/../../evil2", b"x"),
        Member::File("/etc/passwd", b"x"),
        Member::Symlink("link-out", "../../etc/shadow"),
        Member::Symlink("sub/ok", "../fine"),
        Member::HardLink("hard-out", "../x"),
        Member::File("fine", b"ok"),
    ]);
    let (rec, summary) = walk_bytes("a.tar", &bytes, &Limits::default(), Want::CONTENT);
    assert_eq!(
        kinds(&summary),
        [
            ProblemKind::UnsafePath,
            ProblemKind::UnsafePath,
            ProblemKind::AbsolutePath,
            ProblemKind::LinkEscape,
            ProblemKind::LinkEscape,
        ]
    );
    assert_eq!(summary.problems[0].path, "../evil");
    assert_eq!(summary.problems[2].path, "/etc/passwd");
    assert_eq!(rec.paths(), ["fine", "sub/ok"]);
}

#[test]
fn escaping_names_in_a_zip_are_refused() {
    let bytes = zip(&[("../../x", b"x"), ("/abs", b"x"), ("ok", b"ok")]);
    let (rec, summary) = walk_bytes("a.zip", &bytes, &Limits::default(), Want::CONTENT);
    assert_eq!(
        kinds(&summary),
        [ProblemKind::UnsafePath, ProblemKind::AbsolutePath]
    );
    assert_eq!(rec.paths(), ["ok"]);
}

#[test]
fn a_zip_bomb_member_is_skipped_by_its_ratio() {
    let zeros = vec![0u8; 20 << 20];
    let bytes = zip(&[("bomb.bin", &zeros), ("ok", b"ok")]);
    let (rec, summary) = walk_bytes("a.zip", &bytes, &Limits::default(), Want::CONTENT);
    assert_eq!(kinds(&summary), [ProblemKind::RatioLimit]);
    assert_eq!(summary.problems[0].path, "bomb.bin");
    assert_eq!(rec.paths(), ["ok"]);
    assert!(summary.decompressed_bytes < 1 << 20);
}

#[test]
fn a_gzip_bomb_stream_stops_at_its_ratio() {
    let zeros = vec![0u8; 20 << 20];
    let plain = tar(&[Member::File("ok", b"ok"), Member::File("zeros", &zeros)]);
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut e, &plain).unwrap();
    let bytes = e.finish().unwrap();
    let (rec, summary) = walk_bytes("a.tgz", &bytes, &Limits::default(), Want::NOTHING);
    assert_eq!(kinds(&summary), [ProblemKind::RatioLimit]);
    assert!(rec.paths().contains(&"ok"));
    assert!(
        summary.decompressed_bytes < 4 << 20,
        "{}",
        summary.decompressed_bytes
    );
}

#[test]
fn too_many_entries_stop_the_walk() {
    let names: Vec<String> = (0..50).map(|i| format!("f{i:02}")).collect();
    let members: Vec<Member<'_>> = names.iter().map(|n| Member::File(n, b"x")).collect();
    let limits = Limits {
        max_entries: 10,
        ..Limits::default()
    };
    let (rec, summary) = walk_bytes("a.tar", &tar(&members), &limits, Want::NOTHING);
    assert_eq!(kinds(&summary), [ProblemKind::EntryLimit]);
    assert_eq!(summary.problems[0].path, "f10");
    assert_eq!(rec.entries.len(), 10);
}

#[test]
fn total_decompressed_bytes_stop_the_walk() {
    let data = vec![1u8; 100_000];
    let members: Vec<Member<'_>> = (0..10).map(|_| Member::File("f", &data)).collect();
    let limits = Limits {
        max_total_bytes: 300_000,
        ..Limits::default()
    };
    let (_, summary) = walk_bytes("a.tar.gz", &gz(&tar(&members)), &limits, Want::NOTHING);
    assert_eq!(kinds(&summary), [ProblemKind::TotalBytesLimit]);
    assert!(summary.decompressed_bytes <= 300_000 + 65_536);
}

#[test]
fn archives_deeper_than_the_limit_are_files_not_opened() {
    let l2 = zip(&[("deep.txt", b"deep")]);
    let l1 = zip(&[("l2.jar", &l2)]);
    let l0 = tar(&[Member::File("l1.jar", &l1)]);
    let limits = Limits {
        max_depth: 1,
        ..Limits::default()
    };
    let (rec, summary) = walk_bytes("a.tar", &l0, &limits, Want::NOTHING);
    assert_eq!(kinds(&summary), [ProblemKind::DepthLimit]);
    assert_eq!(summary.problems[0].path, "l1.jar!/l2.jar");
    assert_eq!(rec.paths(), ["l1.jar", "l1.jar!/l2.jar"]);
    let limits = Limits {
        max_depth: 0,
        ..Limits::default()
    };
    let (rec, _) = walk_bytes("a.tar", &l0, &limits, Want::NOTHING);
    assert_eq!(rec.paths(), ["l1.jar"]);
}

#[test]
fn a_truncated_gzip_is_reported() {
    let data: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
    let full = gz(&tar(&[
        Member::File("a", b"a"),
        Member::File("b", &data),
        Member::File("c", b"c"),
    ]));
    let cut = &full[..full.len() / 2];
    let (rec, summary) = walk_bytes("a.tar.gz", cut, &Limits::default(), Want::CONTENT);
    assert!(
        kinds(&summary).contains(&ProblemKind::Truncated),
        "{:?}",
        summary.problems
    );
    assert_eq!(rec.content("a"), b"a");
    assert!(!rec.paths().contains(&"c"));
}

#[test]
fn a_corrupt_zip_is_reported() {
    let mut bytes = zip(&[
        ("a", b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("b", b"b"),
    ]);
    let n = bytes.len();
    // break the end-of-central-directory record
    for b in &mut bytes[n - 22..n - 4] {
        *b = 0xff;
    }
    let (rec, summary) = walk_bytes("a.zip", &bytes, &Limits::default(), Want::CONTENT);
    assert_eq!(kinds(&summary), [ProblemKind::Corrupt]);
    assert!(rec.entries.is_empty());
}

#[test]
fn a_tar_claiming_a_huge_size_is_not_read_into_memory() {
    let mut bytes = tar(&[Member::File("huge", b"tiny"), Member::File("after", b"x")]);
    // size field of the first header: the largest 11 octal digits hold, about 8 GiB
    let size = format!("{:011o}\0", 0o77777777777u64);
    bytes[124..136].copy_from_slice(size.as_bytes());
    let sum: u32 = bytes[..512]
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u32::from(*b)
            }
        })
        .sum();
    bytes[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let (rec, summary) = walk_bytes("a.tar", &bytes, &Limits::default(), Want::CONTENT);
    assert_eq!(rec.entry("huge").size, 0o77777777777);
    let k = kinds(&summary);
    assert!(
        k.contains(&ProblemKind::FileTooLarge),
        "{:?}",
        summary.problems
    );
    assert!(rec.files.is_empty());
}

#[test]
fn an_escaping_symlink_in_a_zip_is_refused() {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    w.add_symlink("bin/out", "../../../etc/passwd", options)
        .unwrap();
    w.add_symlink("bin/in", "../lib/x", options).unwrap();
    w.start_file("lib/x", options).unwrap();
    w.write_all(b"x").unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let (rec, summary) = walk_bytes("a.zip", &bytes, &Limits::default(), Want::CONTENT);
    assert_eq!(kinds(&summary), [ProblemKind::LinkEscape]);
    assert_eq!(summary.problems[0].path, "bin/out");
    assert_eq!(rec.paths(), ["bin/in", "lib/x"]);
    assert_eq!(
        rec.entry("bin/in").kind,
        vouch_archive::EntryKind::Symlink {
            target: "../lib/x".to_owned()
        }
    );
}
