//! The catalogers of built artifacts: Go build info and cargo-auditable data in executables
//! (sniffed by magic number), and Java archives. The corpus lacks osv-scalibr's Go and
//! cargo-auditable binaries (blobs over 4 MiB were not snapshotted, the rest were not kept), so
//! besides its cases this file builds small ELF files in the exact layouts the Go linker and
//! cargo-auditable write, and runs on real binaries named in `VOUCH_BINARIES` when set.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::io::Write;
use std::path::Path;

use vouch_extract::{ExtractError, Parsed, ScanOptions, cataloger_named, scan};
use vouch_model::DiagnosticCode;

use crate::conformance::{
    Compare, Expected, default_view, mutations, osv_scanner, run_all, scalibr,
};

// --- building executables ----------------------------------------------------------------------

/// Where the synthetic ELF is loaded.
const BASE: u64 = 0x40_0000;

/// A minimal little-endian ELF64 executable: one read-write PT_LOAD segment mapping the whole
/// file at [`BASE`], and the given sections (data 16-byte aligned) plus `.shstrtab`.
/// `build` gets each section's virtual address to lay out pointers.
/// One section: its name, and its bytes given its virtual address.
type Section<'a> = (&'a str, &'a dyn Fn(u64) -> Vec<u8>);

fn elf64(sections: &[Section<'_>]) -> Vec<u8> {
    let mut out = vec![0u8; 64 + 56];
    let mut headers: Vec<(u32, u32, u64, u64, u64)> = Vec::new(); // name, type, addr, off, size
    let mut names = vec![0u8];
    for (name, build) in sections {
        while !out.len().is_multiple_of(16) {
            out.push(0);
        }
        let offset = out.len() as u64;
        let data = build(BASE + offset);
        let name_at = names.len() as u32;
        names.extend_from_slice(name.as_bytes());
        names.push(0);
        headers.push((name_at, 1, BASE + offset, offset, data.len() as u64));
        out.extend_from_slice(&data);
    }
    let shstr_name = names.len() as u32;
    names.extend_from_slice(b".shstrtab\0");
    let shstr_off = out.len() as u64;
    out.extend_from_slice(&names);
    headers.push((shstr_name, 3, 0, shstr_off, names.len() as u64));
    while !out.len().is_multiple_of(8) {
        out.push(0);
    }
    let shoff = out.len() as u64;
    out.extend_from_slice(&[0u8; 64]); // the null section
    for (name, kind, addr, off, size) in &headers {
        let mut sh = Vec::new();
        sh.extend_from_slice(&name.to_le_bytes());
        sh.extend_from_slice(&kind.to_le_bytes());
        let flags: u64 = if *kind == 1 { 3 } else { 0 }; // SHF_WRITE | SHF_ALLOC
        sh.extend_from_slice(&flags.to_le_bytes());
        sh.extend_from_slice(&addr.to_le_bytes());
        sh.extend_from_slice(&off.to_le_bytes());
        sh.extend_from_slice(&size.to_le_bytes());
        sh.extend_from_slice(&[0u8; 8]); // link, info
        sh.extend_from_slice(&16u64.to_le_bytes()); // addralign
        sh.extend_from_slice(&0u64.to_le_bytes()); // entsize
        out.extend_from_slice(&sh);
    }
    let len = out.len() as u64;
    let shnum = headers.len() as u16 + 1;
    let mut eh = Vec::new();
    eh.extend_from_slice(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0");
    eh.extend_from_slice(&2u16.to_le_bytes()); // ET_EXEC
    eh.extend_from_slice(&62u16.to_le_bytes()); // x86-64
    eh.extend_from_slice(&1u32.to_le_bytes());
    eh.extend_from_slice(&BASE.to_le_bytes()); // entry
    eh.extend_from_slice(&64u64.to_le_bytes()); // phoff
    eh.extend_from_slice(&shoff.to_le_bytes());
    eh.extend_from_slice(&0u32.to_le_bytes());
    eh.extend_from_slice(&64u16.to_le_bytes());
    eh.extend_from_slice(&56u16.to_le_bytes());
    eh.extend_from_slice(&1u16.to_le_bytes());
    eh.extend_from_slice(&64u16.to_le_bytes());
    eh.extend_from_slice(&shnum.to_le_bytes());
    eh.extend_from_slice(&(shnum - 1).to_le_bytes()); // .shstrtab is last
    out[..64].copy_from_slice(&eh);
    let mut ph = Vec::new();
    ph.extend_from_slice(&1u32.to_le_bytes()); // PT_LOAD
    ph.extend_from_slice(&6u32.to_le_bytes()); // PF_R | PF_W
    ph.extend_from_slice(&0u64.to_le_bytes());
    ph.extend_from_slice(&BASE.to_le_bytes());
    ph.extend_from_slice(&BASE.to_le_bytes());
    ph.extend_from_slice(&len.to_le_bytes());
    ph.extend_from_slice(&len.to_le_bytes());
    ph.extend_from_slice(&0x1000u64.to_le_bytes());
    out[64..120].copy_from_slice(&ph);
    out
}

const GO_MAGIC: &[u8] = b"\xff Go buildinf:";

/// The module list as the go command frames it.
fn framed(modinfo: &str) -> Vec<u8> {
    let mut v = vec![0x30u8; 16];
    v.extend_from_slice(modinfo.as_bytes());
    v.extend_from_slice(&[0xf9u8; 16]);
    v
}

fn varint(mut n: u64, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// `.go.buildinfo` as Go ≥ 1.18 writes it: header, then both strings inline.
fn go_inline(version: &str, modinfo: &str) -> Vec<u8> {
    let mut v = GO_MAGIC.to_vec();
    v.extend_from_slice(&[8, 2]);
    v.resize(32, 0);
    varint(version.len() as u64, &mut v);
    v.extend_from_slice(version.as_bytes());
    let m = framed(modinfo);
    varint(m.len() as u64, &mut v);
    v.extend_from_slice(&m);
    v
}

/// `.go.buildinfo` as Go < 1.18 writes it: pointers to Go string headers (here placed after
/// the header in the same section at `address`).
fn go_pointers(address: u64, version: &str, modinfo: &str) -> Vec<u8> {
    let m = framed(modinfo);
    let mut v = GO_MAGIC.to_vec();
    v.extend_from_slice(&[8, 0]);
    v.extend_from_slice(&(address + 32).to_le_bytes());
    v.extend_from_slice(&(address + 48).to_le_bytes());
    v.extend_from_slice(&(address + 64).to_le_bytes());
    v.extend_from_slice(&(version.len() as u64).to_le_bytes());
    v.extend_from_slice(&(address + 64 + version.len() as u64).to_le_bytes());
    v.extend_from_slice(&(m.len() as u64).to_le_bytes());
    v.extend_from_slice(version.as_bytes());
    v.extend_from_slice(&m);
    v
}

/// osv-scalibr's `binary_with_module_replacement` program's module list (gobinary_test.go).
const REPLACEMENT_MODINFO: &str = "path\tbinary_with_module_replacement\n\
    mod\tbinary_with_module_replacement\t(devel)\t\n\
    dep\tgolang.org/x/xerrors\tv0.0.0-20220907171357-04be3eba64a2\t\n\
    =>\tgithub.com/golang/xerrors\tv0.0.0-20220907171357-04be3eba64a2\th1:abc=\n\
    build\t-compiler=gc\nbuild\tGOOS=linux\n";

fn zlib(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

fn parse_bytes(cataloger: &str, name: &str, bytes: &[u8]) -> Result<Parsed, ExtractError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    cataloger_named(cataloger)
        .unwrap()
        .parse(&path, Path::new(name))
}

fn purls(parsed: &Parsed) -> Vec<String> {
    let mut v: Vec<String> = parsed
        .components
        .iter()
        .map(|c| c.purl.to_string())
        .collect();
    v.sort();
    v
}

// --- Go ----------------------------------------------------------------------------------------

/// Go versions as the corpus writes them, without go.mod's `v`.
fn go_view(c: &vouch_model::Component) -> Expected {
    let mut e = default_view(c);
    e.version = e.version.trim_start_matches('v').to_owned();
    e
}

#[test]
fn go_binary_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("go_binary_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "executable",
        view: &go_view,
        groups: false,
        lines: false,
        transitive: false,
    };
    let mut ran = run_all(&osv_scanner(&corpus, "go-binary.json"), &how, &[]);
    ran += run_all(
        &scalibr(&corpus, "language/golang/gobinary.json"),
        &how,
        &[(
            "language/golang/gobinary.json::dummy file that fails to parse will log an error, but won't fail extraction",
            "a file handed to the executable cataloger that is no executable is reported as malformed, \
             naming the file (the walk never hands it over: it sniffs magic numbers first)",
        )],
    );
    eprintln!("executable (Go): {ran} conformance cases ran (the corpus has no Go binaries)");
    assert!(ran >= 2, "only {ran} cases ran");
}

#[test]
fn go_inline_build_info_gives_modules_replacements_and_stdlib() {
    let elf = elf64(&[(".go.buildinfo", &|_| {
        go_inline("go1.22.0", REPLACEMENT_MODINFO)
    })]);
    let parsed = parse_bytes("executable", "app", &elf).unwrap();
    assert_eq!(
        purls(&parsed),
        [
            "pkg:golang/binary_with_module_replacement",
            "pkg:golang/github.com/golang/xerrors@v0.0.0-20220907171357-04be3eba64a2",
            "pkg:golang/stdlib@1.22.0",
        ]
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    insta::assert_json_snapshot!("go_binary_components", parsed.components);
}

#[test]
fn go_pointer_build_info_before_1_18_is_read() {
    let modinfo = "path\texample.com/cmd\nmod\texample.com\tv1.2.3\th1:x=\n\
        dep\tgithub.com/BurntSushi/toml\tv1.4.0\th1:y=\n\
        dep\texample.com/private\tv0.0.0\n=>\t./private/\t(devel)\t\n\n";
    let elf = elf64(&[
        (".data", &|_| vec![0u8; 40]),
        (".go.buildinfo", &|a| go_pointers(a, "go1.17.13", modinfo)),
    ]);
    let parsed = parse_bytes("executable", "app", &elf).unwrap();
    assert_eq!(
        purls(&parsed),
        [
            "pkg:golang/./private",
            "pkg:golang/example.com@v1.2.3",
            "pkg:golang/github.com/burntsushi/toml@v1.4.0",
            "pkg:golang/stdlib@1.17.13",
        ]
    );
}

#[test]
fn go_build_info_found_in_writable_segment_without_its_section() {
    // A stripped-looking layout: the header sits in an unnamed writable section, found through
    // the PT_LOAD segment as Go's reader does.
    let elf = elf64(&[(".noptrdata", &|_| {
        let mut v = vec![0u8; 48];
        v.extend_from_slice(&go_inline("go1.21.10", "path\tx\nmod\tx\t(devel)\t\n"));
        v
    })]);
    let parsed = parse_bytes("executable", "app", &elf).unwrap();
    assert_eq!(
        purls(&parsed),
        ["pkg:golang/stdlib@1.21.10", "pkg:golang/x"]
    );
}

#[test]
fn hostile_go_binaries_never_panic_and_name_the_file() {
    // A string length far past the file.
    let mut huge = GO_MAGIC.to_vec();
    huge.extend_from_slice(&[8, 2]);
    huge.resize(32, 0);
    varint(u64::MAX >> 1, &mut huge);
    let elf = elf64(&[(".go.buildinfo", &|_| huge.clone())]);
    let err = parse_bytes("executable", "huge", &elf).unwrap_err();
    assert_eq!(err.to_diagnostic().code, DiagnosticCode::MalformedLockfile);
    assert!(err.to_string().starts_with("huge: Go build info:"), "{err}");
    // Pointers to nowhere.
    let mut wild = GO_MAGIC.to_vec();
    wild.extend_from_slice(&[8, 0]);
    wild.extend_from_slice(&u64::MAX.to_le_bytes());
    wild.extend_from_slice(&7u64.to_le_bytes());
    let elf = elf64(&[(".go.buildinfo", &|_| wild.clone())]);
    assert!(parse_bytes("executable", "wild", &elf).is_err());
    // Truncations and mutations of a good one.
    let good = elf64(&[(".go.buildinfo", &|_| {
        go_inline("go1.22.0", REPLACEMENT_MODINFO)
    })]);
    for cut in [4, 20, 64, 100, good.len() / 2, good.len() - 1] {
        if let Err(e) = parse_bytes("executable", "cut", &good[..cut]) {
            assert!(e.to_string().starts_with("cut: "), "{e}");
        }
    }
    for bytes in mutations(&good, 300, 0x60b1, &[0xff, 0x80, 0, b'\t', b'\n']) {
        if let Err(e) = parse_bytes("executable", "m", &bytes) {
            assert!(e.to_string().starts_with("m: "), "{e}");
        }
    }
}

// --- cargo-auditable ---------------------------------------------------------------------------

const AUDIT_JSON: &str = r#"{"packages":[
    {"name":"itoa","version":"1.0.14","source":"crates.io"},
    {"name":"proc-macro2","version":"1.0.92","source":"crates.io","kind":"build","dependencies":[3]},
    {"name":"serde_json","version":"1.0.135","source":"crates.io","dependencies":[0]},
    {"name":"unicode-ident","version":"1.0.14","source":"crates.io","kind":"build"},
    {"name":"uses_json","version":"0.1.0","source":"local","dependencies":[1,2],"root":true}]}"#;

#[test]
fn cargo_auditable_conforms() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("cargo_auditable_conforms") else {
        return;
    };
    let how = Compare {
        cataloger: "executable",
        view: &default_view,
        groups: false,
        lines: false,
        transitive: false,
    };
    let ran = run_all(
        &scalibr(&corpus, "language/rust/cargoauditable.json"),
        &how,
        &[(
            "language/rust/cargoauditable.json::not_binary",
            "a shell script handed to the executable cataloger is reported as malformed, naming \
             the file (the walk never hands it over: it sniffs magic numbers first)",
        )],
    );
    eprintln!(
        "executable (cargo-auditable): {ran} conformance cases ran (the corpus has no such binaries)"
    );
    assert!(ran >= 1, "only {ran} cases ran");
}

#[test]
fn cargo_auditable_section_gives_crates_and_graph() {
    let elf = elf64(&[(".dep-v0", &|_| zlib(AUDIT_JSON.as_bytes()))]);
    let parsed = parse_bytes("executable", "uses_json", &elf).unwrap();
    assert_eq!(
        purls(&parsed),
        [
            "pkg:cargo/itoa@1.0.14",
            "pkg:cargo/proc-macro2@1.0.92",
            "pkg:cargo/serde_json@1.0.135",
            "pkg:cargo/unicode-ident@1.0.14",
            "pkg:cargo/uses_json@0.1.0",
        ]
    );
    assert_eq!(parsed.dependencies.len(), 4);
    let build: Vec<_> = parsed
        .components
        .iter()
        .filter(|c| c.groups == ["build"])
        .map(|c| c.name.normalized())
        .collect();
    assert_eq!(build, ["proc-macro2", "unicode-ident"]);
}

#[test]
fn hostile_cargo_auditable_data_is_refused_with_a_diagnostic() {
    // A zlib bomb: 100 MB of zeros compresses to about 100 KB.
    let bomb = zlib(&vec![b' '; 100 * 1024 * 1024]);
    let elf = elf64(&[(".dep-v0", &|_| bomb.clone())]);
    let err = parse_bytes("executable", "bomb", &elf).unwrap_err();
    assert!(err.to_string().contains("compression bomb"), "{err}");
    let elf = elf64(&[(".dep-v0", &|_| b"not zlib".to_vec())]);
    assert!(
        parse_bytes("executable", "garbage", &elf)
            .unwrap_err()
            .to_string()
            .starts_with("garbage: ")
    );
    let elf = elf64(&[(".dep-v0", &|_| zlib(b"{\"packages\": 3}"))]);
    assert!(parse_bytes("executable", "json", &elf).is_err());
    let good = elf64(&[(".dep-v0", &|_| zlib(AUDIT_JSON.as_bytes()))]);
    for bytes in mutations(&good, 300, 0xa0d1, &[0, 0xff, b'"', b'{']) {
        if let Err(e) = parse_bytes("executable", "m", &bytes) {
            assert!(e.to_string().starts_with("m: "), "{e}");
        }
    }
}

// --- the walk ----------------------------------------------------------------------------------

#[test]
fn the_walk_sniffs_executables_and_leaves_other_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("server"),
        elf64(&[(".go.buildinfo", &|_| {
            go_inline("go1.22.0", REPLACEMENT_MODINFO)
        })]),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes"), "just text, \x7fELF later").unwrap();
    std::fs::write(
        dir.path().join("c-program"),
        elf64(&[(".data", &|_| vec![1; 64])]),
    )
    .unwrap();
    let inventory = scan(dir.path(), &ScanOptions::default());
    assert_eq!(
        inventory.components().len(),
        3,
        "{:?}",
        inventory.components()
    );
    assert_eq!(
        inventory.scanned_files,
        [Path::new("c-program"), Path::new("server")]
    );
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
}

/// With `VOUCH_BINARIES=path:path...`, parses those real executables and reports what each gave
/// and how long it took (the benchmark note of the binary catalogers).
#[test]
fn real_binaries_when_given() {
    let Some(list) = std::env::var_os("VOUCH_BINARIES") else {
        return;
    };
    for path in std::env::split_paths(&list) {
        let started = std::time::Instant::now();
        let cataloger = if path.extension().is_some_and(|e| e == "jar" || e == "war") {
            "java-archive"
        } else {
            "executable"
        };
        let parsed = cataloger_named(cataloger).unwrap().parse(&path, &path);
        let took = started.elapsed();
        match parsed {
            Ok(p) => {
                let stdlib = p
                    .components
                    .iter()
                    .find(|c| c.name.normalized() == "stdlib");
                eprintln!(
                    "{}: {} components, {} diagnostics, stdlib {:?}, first {:?}, in {took:?}",
                    path.display(),
                    p.components.len(),
                    p.diagnostics.len(),
                    stdlib.map(|c| c.purl.to_string()),
                    p.components.first().map(|c| c.purl.to_string()),
                );
                assert!(!p.components.is_empty(), "{}", path.display());
            }
            Err(e) => panic!("{e}"),
        }
    }
}

// --- Java archives -----------------------------------------------------------------------------

/// A zip of `(name, bytes)` entries, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn maven(parsed: &Parsed) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = parsed
        .components
        .iter()
        .map(|c| {
            (
                c.name.normalized().to_owned(),
                c.version.clone().unwrap_or_default(),
                c.locations[0].path.display().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// osv-scalibr's archive_test.go expectations for the corpus' jars (default configuration, no
/// file-name guessing), transcribed: there is no expected JSON for this extractor.
#[test]
fn java_archive_conforms_with_scalibr_archive_tests() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("java_archive_conforms") else {
        return;
    };
    let dir = corpus.join("lockfiles/osv-scalibr/fixtures/language/java/archive/testdata");
    let run = |name: &str| {
        cataloger_named("java-archive")
            .unwrap()
            .parse(&dir.join(name), Path::new(name))
    };
    let one = |g: &str, v: &str, at: &str| vec![(g.to_owned(), v.to_owned(), at.to_owned())];
    let mut passed = 0;
    for (name, want) in [
        ("empty.jar", vec![]),
        ("no_pom_properties.jar", vec![]),
        ("pom_missing_group_id.jar", vec![]),
        ("org.eclipse.sisu.inject-0.3.5.jar", vec![]),
        (
            "simple.jar",
            one(
                "com.some.package:package-name",
                "1.2.3",
                "simple.jar/pom.properties",
            ),
        ),
        (
            "complex.jar",
            vec![
                (
                    "com.some.anotherpackage:another-package-name".to_owned(),
                    "3.2.1".to_owned(),
                    "complex.jar/BOOT-INF/lib/inner.jar/pom.properties".to_owned(),
                ),
                (
                    "com.some.package:package-name".to_owned(),
                    "1.2.3".to_owned(),
                    "complex.jar/pom.properties".to_owned(),
                ),
            ],
        ),
    ] {
        let parsed = run(name).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(maven(&parsed), want, "{name}");
        passed += 1;
    }
    for bad in ["not_jar", "invalid_jar.jar"] {
        let err = run(bad).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("{bad}: not a zip archive")),
            "{err}"
        );
        passed += 1;
    }
    // Deliberate differences, each checked so the list stays true:
    // nested_at_10.jar: scalibr opens 16 levels; vouch stops at 3 and says so.
    let parsed = run("nested_at_10.jar").unwrap();
    assert!(parsed.components.is_empty());
    assert!(
        parsed.diagnostics[0]
            .message
            .contains("nested more than 3 archives deep")
    );
    // nested_at_100.jar: scalibr fails the file; vouch reports the depth and goes on.
    assert!(!run("nested_at_100.jar").unwrap().diagnostics.is_empty());
    // com.google.src.yolo-0.1.2.jar: scalibr finds "no valid artifact id" in the bundle name;
    // vouch splits the OSGi symbolic name at its last dot.
    assert_eq!(
        maven(&run("com.google.src.yolo-0.1.2.jar").unwrap()),
        one(
            "com.google.src:yolo",
            "0.1.2",
            "com.google.src.yolo-0.1.2.jar/META-INF/MANIFEST.MF"
        )
    );
    eprintln!("java-archive: {passed} scalibr cases passed, 3 deliberate differences");
}

#[test]
fn java_manifest_fallback_follows_osgi_then_implementation_title() {
    let dir = corpus_manifest_dir();
    let Some(dir) = dir else { return };
    let jar_of = |case: &str| {
        let text = fs_err::read(dir.join(case).join("MANIFEST.MF")).unwrap();
        parse_bytes(
            "java-archive",
            "x.jar",
            &zip_of(&[("META-INF/MANIFEST.MF", &text)]),
        )
        .unwrap()
    };
    let got = |case: &str| {
        maven(&jar_of(case))
            .into_iter()
            .map(|(n, v, _)| format!("{n}@{v}"))
            .collect::<Vec<_>>()
    };
    // scalibr: com.google.guava.failureaccess:failureaccess (its group heuristic); the Maven
    // coordinate is com.google.guava:failureaccess, which the split gives.
    assert_eq!(
        got("manifest-symbolicname"),
        ["com.google.guava:failureaccess@1.0.1"]
    );
    // scalibr: org.apache.ivy:ivy from the file name; the bundle name gives org.apache:ivy.
    assert_eq!(
        got("combine-manifest-filename"),
        ["org.apache:ivy@2.4.0.final_20141213170938"]
    );
    // Neither a bundle name nor a dotted title: nothing is guessed (scalibr guesses from
    // known-group tables and file names, which vouch does not).
    for none in [
        "axis",
        "known-group-id",
        "manifest-no-group-id",
        "invalid-ids",
    ] {
        assert!(got(none).is_empty(), "{none}: {:?}", got(none));
    }
}

fn corpus_manifest_dir() -> Option<std::path::PathBuf> {
    vouch_testkit::corpus_or_skip("java_manifest_fallback")
        .map(|c| c.join("lockfiles/osv-scalibr/fixtures/language/java/archive/testdata"))
}

#[test]
fn java_nested_archives_and_zip_bombs() {
    let pom = |g: &str| format!("groupId={g}\nartifactId=a\nversion=1.0\n").into_bytes();
    let lib = zip_of(&[("META-INF/maven/org.lib/a/pom.properties", &pom("org.lib"))]);
    let war = zip_of(&[
        ("META-INF/maven/org.app/a/pom.properties", &pom("org.app")),
        ("WEB-INF/lib/lib.jar", &lib),
    ]);
    let ear = zip_of(&[("app.war", &war)]);
    let parsed = parse_bytes("java-archive", "app.ear", &ear).unwrap();
    assert_eq!(
        maven(&parsed),
        [
            (
                "org.app:a".to_owned(),
                "1.0".to_owned(),
                "app.ear/app.war/META-INF/maven/org.app/a/pom.properties".to_owned()
            ),
            (
                "org.lib:a".to_owned(),
                "1.0".to_owned(),
                "app.ear/app.war/WEB-INF/lib/lib.jar/META-INF/maven/org.lib/a/pom.properties"
                    .to_owned()
            ),
        ]
    );
    // A nested entry of 300 MB of zeros (about 300 KB compressed): refused by ratio, and the
    // rest of the archive still read.
    let zeros = vec![0u8; 300 * 1024 * 1024];
    let bomb = zip_of(&[("bomb.jar", &zeros), ("pom.properties", &pom("org.ok"))]);
    let parsed = parse_bytes("java-archive", "bomb.jar", &bomb).unwrap();
    assert_eq!(parsed.components.len(), 1);
    let d = &parsed.diagnostics[0];
    assert_eq!(d.path.as_deref(), Some(Path::new("bomb.jar/bomb.jar")));
    assert!(
        d.message.contains("limit") || d.message.contains("zip bomb"),
        "{}",
        d.message
    );
    let small_bomb = zip_of(&[("inner.jar", &vec![0u8; 20 * 1024 * 1024])]);
    let parsed = parse_bytes("java-archive", "b.jar", &small_bomb).unwrap();
    assert!(
        parsed.diagnostics[0].message.contains("zip bomb"),
        "{:?}",
        parsed.diagnostics
    );
    // Mutations of a nested archive never panic.
    for bytes in mutations(&war, 300, 0x1a7a, &[0, 0xff, b'P', b'K']) {
        if let Err(e) = parse_bytes("java-archive", "m.war", &bytes) {
            assert!(e.to_string().starts_with("m.war: "), "{e}");
        }
    }
}

/// With `VOUCH_SCAN_TREE=dir`, scans that tree and reports the time and what the binary
/// catalogers found (the walk's sniffing cost is measured this way against a build without it).
#[test]
fn scan_tree_when_given() {
    let Some(root) = std::env::var_os("VOUCH_SCAN_TREE") else {
        return;
    };
    let started = std::time::Instant::now();
    let inventory = scan(Path::new(&root), &ScanOptions::default());
    eprintln!(
        "{}: {} files cataloged, {} components, {} diagnostics in {:?}",
        Path::new(&root).display(),
        inventory.scanned_files.len(),
        inventory.components().len(),
        inventory.diagnostics.len(),
        started.elapsed()
    );
    let binary = |d: &&vouch_model::Diagnostic| {
        !d.path
            .as_ref()
            .is_some_and(|p| p.to_string_lossy().contains("requirements"))
    };
    for d in inventory.diagnostics.iter().filter(binary).take(40) {
        eprintln!("  {:?} {}", d.path, d.message);
    }
}

// --- BSI file evidence -------------------------------------------------------------------------

/// (purl, file path, role, has evidence) of every component, sorted.
fn files(inventory: &vouch_model::Inventory) -> Vec<(String, String, vouch_model::FileRole)> {
    let mut v: Vec<_> = inventory
        .components()
        .iter()
        .map(|c| {
            let f = c
                .file
                .as_ref()
                .unwrap_or_else(|| panic!("{} has no file", c.purl));
            (c.purl.to_string(), f.path.display().to_string(), f.role)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn delivered_files_are_hashed_and_name_the_component_they_are() {
    use sha2::Digest as _;
    use vouch_model::FileRole::{In, Is};
    let go = elf64(&[(".go.buildinfo", &|_| {
        go_inline(
            "go1.22.0",
            "path\texample.com/cmd/server\nmod\texample.com/server\tv1.4.0\th1:x=\n\
             dep\tgolang.org/x/text\tv0.14.0\th1:y=\n",
        )
    })]);
    let rust = elf64(&[(".dep-v0", &|_| zlib(AUDIT_JSON.as_bytes()))]);
    let pom = |g: &str, a: &str, v: &str| format!("groupId={g}\nartifactId={a}\nversion={v}\n");
    let inner = zip_of(&[(
        "META-INF/maven/org.inner/inner/pom.properties",
        pom("org.inner", "inner", "0.9").as_bytes(),
    )]);
    // A shaded jar keeps its bundled artifact's pom.properties beside its own: the file name
    // tells which one it is.
    let jar = zip_of(&[
        (
            "META-INF/maven/com.bundled/bundled/pom.properties",
            pom("com.bundled", "bundled", "1.0").as_bytes(),
        ),
        (
            "META-INF/maven/org.acme/shaded-app/pom.properties",
            pom("org.acme", "shaded-app", "2.0").as_bytes(),
        ),
        ("lib/inner.jar", &inner),
    ]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("bin")).unwrap();
    std::fs::write(dir.path().join("bin/server"), &go).unwrap();
    std::fs::write(dir.path().join("bin/uses_json"), &rust).unwrap();
    std::fs::write(dir.path().join("shaded-app-2.0.jar"), &jar).unwrap();
    let inventory = scan(dir.path(), &ScanOptions::default());
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
    let at = |p: &str| p.to_owned();
    let want = [
        ("pkg:cargo/itoa@1.0.14", at("bin/uses_json"), In),
        ("pkg:cargo/proc-macro2@1.0.92", at("bin/uses_json"), In),
        ("pkg:cargo/serde_json@1.0.135", at("bin/uses_json"), In),
        ("pkg:cargo/unicode-ident@1.0.14", at("bin/uses_json"), In),
        ("pkg:cargo/uses_json@0.1.0", at("bin/uses_json"), Is),
        ("pkg:golang/example.com/server@v1.4.0", at("bin/server"), Is),
        ("pkg:golang/golang.org/x/text@v0.14.0", at("bin/server"), In),
        ("pkg:golang/stdlib@1.22.0", at("bin/server"), In),
        (
            "pkg:maven/com.bundled/bundled@1.0",
            at("shaded-app-2.0.jar"),
            In,
        ),
        (
            "pkg:maven/org.acme/shaded-app@2.0",
            at("shaded-app-2.0.jar"),
            Is,
        ),
        (
            "pkg:maven/org.inner/inner@0.9",
            at("shaded-app-2.0.jar"),
            In,
        ),
    ]
    .map(|(p, f, r)| (p.to_owned(), f, r));
    assert_eq!(files(&inventory), want);

    let evidence = |purl: &str| {
        let c = inventory
            .components()
            .iter()
            .find(|c| c.purl.as_str() == purl)
            .unwrap();
        c.file.as_ref().unwrap().evidence.clone().unwrap()
    };
    let server = evidence("pkg:golang/example.com/server@v1.4.0");
    assert_eq!(
        server.sha512,
        Some(hex::encode(sha2::Sha512::digest(&go))),
        "the SHA-512 of the bytes delivered"
    );
    assert_eq!(server.sha256, Some(hex::encode(sha2::Sha256::digest(&go))));
    assert_eq!(server.size, Some(go.len() as u64));
    assert!(server.executable && !server.archive && server.structured);
    let app = evidence("pkg:maven/org.acme/shaded-app@2.0");
    assert_eq!(app.sha512, Some(hex::encode(sha2::Sha512::digest(&jar))));
    assert!(!app.executable && app.archive && app.structured);
    assert_eq!(
        evidence("pkg:maven/org.inner/inner@0.9"),
        app,
        "a nested artifact is described by the file it is delivered in"
    );

    // Taken out of an archive: the same evidence from the bytes in memory, the exec bit from
    // the archive's header.
    let outcome =
        vouch_extract::catalog_delivered(Path::new("opt/server"), go.clone(), true).unwrap();
    let parsed = outcome.result.unwrap();
    let main = parsed
        .components
        .iter()
        .find(|c| parsed.itself.as_ref() == Some(&c.purl))
        .unwrap();
    let file = main.file.as_ref().unwrap();
    assert_eq!(file.path, Path::new("opt/server"));
    assert_eq!(file.evidence.as_ref(), Some(&server));
}
