//! Real archives from the shared corpus (osv-scalibr's Java and chisel test data).

use std::path::PathBuf;

use vouch_archive::{Limits, ProblemKind, Want};

use crate::fixtures::{kinds, walk_path};

fn testdata(corpus: &std::path::Path, rel: &str) -> PathBuf {
    corpus.join("lockfiles/osv-scalibr/fixtures").join(rel)
}

#[test]
fn real_jars_are_opened_and_nesting_is_bounded() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("real_jars_are_opened_and_nesting_is_bounded")
    else {
        return;
    };
    let java = "language/java/archive/testdata";
    let (rec, summary) = walk_path(
        &testdata(&corpus, &format!("{java}/simple.jar")),
        &Limits::default(),
        Want::CONTENT,
    );
    assert_eq!(summary.problems, vec![]);
    assert_eq!(rec.paths(), ["pom.properties", "random.txt"]);
    assert!(String::from_utf8_lossy(rec.content("pom.properties")).contains("artifactId"));

    // pom.properties sits nine jars deep
    let nested = testdata(&corpus, &format!("{java}/nested_at_10.jar"));
    let (_, summary) = walk_path(&nested, &Limits::default(), Want::NOTHING);
    assert_eq!(kinds(&summary), [ProblemKind::DepthLimit]);
    let limits = Limits {
        max_depth: 9,
        ..Limits::default()
    };
    let (rec, summary) = walk_path(&nested, &limits, Want::NOTHING);
    assert_eq!(summary.problems, vec![]);
    let deepest = format!("{}pom.properties", "nested.jar!/".repeat(9));
    assert!(rec.paths().contains(&deepest.as_str()), "{:?}", rec.paths());

    let (_, summary) = walk_path(
        &testdata(&corpus, &format!("{java}/nested_at_100.jar")),
        &Limits::default(),
        Want::NOTHING,
    );
    assert_eq!(kinds(&summary), [ProblemKind::DepthLimit]);

    // a text file named .jar is a plain file
    let (rec, summary) = walk_path(
        &testdata(&corpus, &format!("{java}/invalid_jar.jar")),
        &Limits::default(),
        Want::NOTHING,
    );
    assert_eq!(summary.problems, vec![]);
    assert_eq!(rec.paths(), ["invalid_jar.jar"]);
}

#[test]
fn a_zstd_compressed_chisel_wall_is_one_decompressed_file() {
    let Some(corpus) =
        vouch_testkit::corpus_or_skip("a_zstd_compressed_chisel_wall_is_one_decompressed_file")
    else {
        return;
    };
    let wall = testdata(&corpus, "os/chisel/testdata/chisel/single.wall");
    let (rec, summary) = walk_path(&wall, &Limits::default(), Want::CONTENT);
    assert_eq!(summary.problems, vec![]);
    assert_eq!(rec.paths(), ["single.wall"]);
    let text = String::from_utf8(rec.content("single.wall").to_vec()).unwrap();
    assert!(text.starts_with("{\"jsonwall\":\"1.0\""), "{text}");
}
