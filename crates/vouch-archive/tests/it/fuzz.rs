//! Random corruption of valid archives never panics and stays within the limits.

use proptest::prelude::*;
use vouch_archive::{Limits, Want};

use crate::fixtures::{Member, gz, tar, walk_bytes, xz, zip, zst};

fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let inner = zip(&[
        ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"),
        ("x.class", &[0xca; 300]),
    ]);
    let plain = tar(&[
        Member::Dir("app/"),
        Member::File("app/lib.jar", &inner),
        Member::Symlink("app/l", "lib.jar"),
        Member::File("app/text", &[b'a'; 2000]),
    ]);
    vec![
        ("a.tar", plain.clone()),
        ("a.tar.gz", gz(&plain)),
        ("a.tar.zst", zst(&plain)),
        ("a.tar.xz", xz(&plain)),
        ("a.zip", zip(&[("in.tar.gz", &gz(&plain)), ("b", b"b")])),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn corrupted_archives_never_panic(
        seed in 0usize..5,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let (name, mut bytes) = seeds().swap_remove(seed);
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        let limits = Limits { max_file_bytes: 1 << 20, max_total_bytes: 8 << 20, ..Limits::default() };
        let (rec, summary) = walk_bytes(name, &bytes, &limits, Want::ALL);
        prop_assert!(summary.decompressed_bytes <= (8 << 20) + (1 << 17));
        for file in rec.files.values() {
            prop_assert!(file.content.as_ref().is_none_or(|c| c.len() <= 1 << 20));
        }
    }
}
