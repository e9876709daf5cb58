//! The OS package database catalogers (dpkg status and status.d, apk installed, rpmdb):
//! conformance with osv-scalibr's and osv-scanner's expectations, distribution context from
//! os-release, the walk over a root file system, and bad input.

// Test code: a failed unwrap or panic is a failed test, and case counts go to stderr.
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::Path;

use vouch_extract::{ScanOptions, cataloger_named, scan};
use vouch_model::{Component, DiagnosticCode, Ecosystem};

use crate::conformance::{
    Case, Compare, Expected, default_view, mutations, osv_scanner, run_all, scalibr,
};

/// Why commits are cleared from the apk expectations.
const APK_COMMIT: &str = "apk's `c:` field is the aports commit a package was built from; \
     vouch keeps an installed package a registry component (a git source would be left out of \
     advisory matching), so the commit is not part of its identity";

fn without_commits(mut cases: Vec<Case>) -> Vec<Case> {
    for case in &mut cases {
        for p in &mut case.packages {
            p.commit.clear();
        }
    }
    cases
}

/// osv-scanner v1 reports an OS package as the source package OSV advisories name, at the
/// source version where dpkg records one (`Source: lvm2 (2.02.176-4)`).
fn source_view(c: &Component) -> Expected {
    let mut e = default_view(c);
    if let Some(source) = c.os_package.as_ref().and_then(|o| o.source.as_ref()) {
        e.name.clone_from(&source.name);
        if let Some(v) = &source.version {
            e.version.clone_from(v);
        }
    }
    e.commit.clear();
    e
}

/// osv-scalibr keeps an RPM's epoch apart from its version; vouch writes `epoch:version-release`
/// (so versions order right) and keeps the purl's version without it, as the purl spec does.
fn rpm_view(c: &Component) -> Expected {
    let mut e = default_view(c);
    e.version = c.purl.version().unwrap_or_default().to_owned();
    e
}

fn compare<'a>(cataloger: &'a str, view: &'a dyn Fn(&Component) -> Expected) -> Compare<'a> {
    Compare {
        cataloger,
        view,
        groups: false,
        lines: false,
        transitive: false,
    }
}

#[test]
fn dpkg_conforms_to_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("dpkg_conforms_to_osv_scalibr") else {
        return;
    };
    let all = scalibr(&corpus, "os/dpkg.json");
    // The same extractor reads OpenWrt's opkg status files; vouch has no opkg cataloger (OSV
    // has no OpenWrt ecosystem), so those cases are not run.
    let cases: Vec<Case> = all
        .iter()
        .filter(|c| !c.fixture.to_string_lossy().contains("/testdata/opkg/"))
        .cloned()
        .collect();
    let ran = run_all(
        &cases,
        &compare("dpkg-status", &default_view),
        &[(
            "os/dpkg.json::statusfield including not installed",
            "the case turns on osv-scalibr's `IncludeNotInstalled` option; vouch lists only \
             installed packages (what is shipped), so it gives the 3 of the other case",
        )],
    );
    eprintln!(
        "dpkg vs osv-scalibr: {ran} of {} cases ran ({} opkg cases left out)",
        all.len(),
        all.len() - cases.len()
    );
    assert!(ran >= 16, "only {ran} cases ran");
}

#[test]
fn dpkg_conforms_to_osv_scanner() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("dpkg_conforms_to_osv_scanner") else {
        return;
    };
    let cases = osv_scanner(&corpus, "dpkg-status.json");
    let ran = run_all(
        &cases,
        &compare("dpkg-status", &source_view),
        &[
            (
                "dpkg-status.json::TestParseDpkgStatus_NotAStatus",
                "osv-scanner ignores lines that are not fields and returns nothing; a file at \
                 var/lib/dpkg/status none of whose entries is deb822 is reported as malformed",
            ),
            (
                "dpkg-status.json::TestParseDpkgStatus_Malformed",
                "osv-scanner keeps `bash` without a version and a `Package`-less entry under its \
                 Source name; vouch skips both with a diagnostic each (an unversioned OS package \
                 cannot be matched, a nameless one is not a package), as osv-scalibr does",
            ),
        ],
    );
    eprintln!("dpkg vs osv-scanner: {ran} of {} cases ran", cases.len());
    assert!(ran >= 6, "only {ran} cases ran");
}

#[test]
fn apk_conforms_to_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("apk_conforms_to_osv_scalibr") else {
        return;
    };
    eprintln!("apk: {APK_COMMIT}");
    let cases = without_commits(scalibr(&corpus, "os/apk.json"));
    let ran = run_all(&cases, &compare("apk-installed", &default_view), &[]);
    eprintln!("apk vs osv-scalibr: {ran} of {} cases ran", cases.len());
    assert!(ran >= 8, "only {ran} cases ran");
}

#[test]
fn apk_conforms_to_osv_scanner() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("apk_conforms_to_osv_scanner") else {
        return;
    };
    let cases = without_commits(osv_scanner(&corpus, "apk-installed.json"));
    let ran = run_all(
        &cases,
        // osv-scanner names apk packages by `P:`, not by origin.
        &compare("apk-installed", &default_view),
        &[
            (
                "apk-installed.json::TestParseApkInstalled_NotAnInstalled",
                "a file at lib/apk/db/installed none of whose lines is `K:value` is reported as \
                 malformed, where osv-scanner returns nothing",
            ),
            (
                "apk-installed.json::TestParseApkInstalled_Malformed",
                "osv-scanner keeps a package without `V:`; vouch skips it with a diagnostic, as \
                 an unversioned OS package cannot be matched",
            ),
        ],
    );
    eprintln!("apk vs osv-scanner: {ran} of {} cases ran", cases.len());
    assert!(ran >= 5, "only {ran} cases ran");
}

#[test]
fn rpm_conforms_to_osv_scalibr() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("rpm_conforms_to_osv_scalibr") else {
        return;
    };
    // The CentOS, Rocky and openSUSE databases (over 4 MiB) are not in the corpus; the
    // present cases are an empty file, garbage, and a Berkeley DB `Packages`.
    let cases = scalibr(&corpus, "os/rpm.json");
    let ran = run_all(&cases, &compare("rpm-db", &rpm_view), &[]);
    eprintln!("rpm vs osv-scalibr: {ran} of {} cases ran", cases.len());
    assert!(ran >= 6, "only {ran} cases ran");
}

#[test]
fn the_berkeley_db_epoch_fixture_keeps_its_epoch_in_the_version() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("rpm_epoch") else {
        return;
    };
    let file = corpus.join("lockfiles/osv-scalibr/fixtures/os/rpm/testdata/Packages_epoch");
    let parsed = cataloger_named("rpm-db")
        .unwrap()
        .parse(&file, Path::new("var/lib/rpm/Packages"))
        .unwrap();
    let [hello] = &parsed.components[..] else {
        panic!("{:?}", parsed.components)
    };
    insta::assert_json_snapshot!("rpm_bdb_epoch_component", hello);
}

/// Builds a root file system in a temp dir: `files` are `(path, contents)`.
fn rootfs(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in files {
        let p = dir.path().join(path);
        fs_err::create_dir_all(p.parent().unwrap()).unwrap();
        fs_err::write(p, contents).unwrap();
    }
    dir
}

const DEBIAN_12: &[u8] =
    b"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n\
VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";

/// A few real-shaped entries of a Debian 12 image's status file.
const STATUS: &[u8] = b"Package: base-files
Essential: yes
Status: install ok installed
Priority: required
Section: admin
Installed-Size: 341
Maintainer: Santiago Vila <sanvila@debian.org>
Architecture: amd64
Multi-Arch: foreign
Version: 12.4+deb12u5
Replaces: base, dpkg (<= 1.15.0), miscutils
Provides: base
Conffiles:
 /etc/debian_version 0ab2a3fd2fb0bc5e8e3f2a4d3dcd1eb5
Description: Debian base system miscellaneous files
 This package contains the basic filesystem hierarchy of a Debian system, and
 several important miscellaneous files.

Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 12986
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u4
Depends: libgcc-s1
Description: GNU C Library: Shared libraries

Package: curl
Status: install ok installed
Maintainer: Alessandro Ghedini <ghedini@debian.org>
Architecture: amd64
Version: 7.88.1-10+deb12u5
Description: command line tool for transferring data with URL syntax

Package: libpam-modules
Status: deinstall ok config-files
Architecture: amd64
Source: pam
Version: 1.5.2-6+deb12u1
";

#[test]
fn a_debian_root_gives_deb_purls_with_distro_and_source_packages() {
    let root = rootfs(&[
        ("etc/os-release", DEBIAN_12),
        ("var/lib/dpkg/status", STATUS),
    ]);
    let inventory = scan(root.path(), &ScanOptions::default());
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
    insta::assert_json_snapshot!("dpkg_debian_12_components", inventory.components());
}

#[test]
fn an_alpine_root_gives_apk_purls_and_the_osv_release() {
    let root = rootfs(&[
        ("etc/os-release", b"NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\n"),
        (
            "lib/apk/db/installed",
            b"P:musl\nV:1.2.5-r0\nA:x86_64\nL:MIT\no:musl\nm:Natanael Copa <ncopa@alpinelinux.org>\n\n\
              P:busybox-binsh\nV:1.36.1-r29\nA:x86_64\nL:GPL-2.0-only\no:busybox\n",
        ),
    ]);
    let inventory = scan(root.path(), &ScanOptions::default());
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
    let purls: Vec<_> = inventory
        .components()
        .iter()
        .map(|c| c.purl.as_str())
        .collect();
    assert_eq!(
        purls,
        [
            "pkg:apk/alpine/busybox-binsh@1.36.1-r29?arch=x86_64&distro=3.20.3",
            "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=3.20.3"
        ]
    );
    let binsh = &inventory.components()[0];
    let os = binsh.os_package.as_ref().unwrap();
    assert_eq!(os.osv_ecosystem(binsh.ecosystem), "Alpine:v3.20");
    assert_eq!(os.source.as_ref().unwrap().name, "busybox");
}

#[test]
fn without_os_release_packages_are_listed_with_a_diagnostic() {
    let root = rootfs(&[(
        "var/lib/dpkg/status",
        b"Package: curl\nStatus: install ok installed\nVersion: 7.88.1-10\n",
    )]);
    let inventory = scan(root.path(), &ScanOptions::default());
    let [curl] = inventory.components() else {
        panic!("{:?}", inventory.components())
    };
    assert_eq!(curl.purl.as_str(), "pkg:deb/debian/curl@7.88.1-10");
    assert_eq!(curl.os_package.as_ref().unwrap().release, None);
    let [d] = &inventory.diagnostics[..] else {
        panic!("{:?}", inventory.diagnostics)
    };
    assert_eq!(d.code, DiagnosticCode::UnknownDistribution);
    assert_eq!(d.path.as_deref(), Some(Path::new("var/lib/dpkg/status")));
    assert_eq!(
        d.message,
        "no etc/os-release or usr/lib/os-release under its root; its packages are listed as \
         Debian without a release"
    );
}

#[test]
fn without_os_release_base_files_gives_the_debian_release() {
    let root = rootfs(&[("var/lib/dpkg/status", STATUS)]);
    let inventory = scan(root.path(), &ScanOptions::default());
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
    for c in inventory.components() {
        assert_eq!(
            c.os_package.as_ref().unwrap().osv_ecosystem(c.ecosystem),
            "Debian:12"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_os_release_symlink_out_of_the_root_is_not_followed() {
    let outside = rootfs(&[("os-release", b"ID=ubuntu\nVERSION_ID=\"22.04\"\n")]);
    let root = rootfs(&[
        ("usr/lib/os-release", DEBIAN_12),
        ("var/lib/dpkg/status", STATUS),
    ]);
    fs_err::create_dir_all(root.path().join("etc")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("os-release"),
        root.path().join("etc/os-release"),
    )
    .unwrap();
    let inventory = scan(root.path(), &ScanOptions::default());
    // The link is skipped and usr/lib/os-release (its usual target) read instead.
    let c = &inventory.components()[0];
    assert_eq!(c.ecosystem, Ecosystem::Debian);
    assert!(c.purl.as_str().ends_with("distro=debian-12"), "{}", c.purl);
}

#[test]
fn distroless_status_d_files_are_read() {
    let root = rootfs(&[
        ("etc/os-release", DEBIAN_12),
        (
            "var/lib/dpkg/status.d/libssl3",
            b"Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSource: openssl\n",
        ),
        (
            "var/lib/dpkg/status.d/libssl3.md5sums",
            b"0123  usr/lib/libssl.so.3\n",
        ),
    ]);
    let inventory = scan(root.path(), &ScanOptions::default());
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
    let purls: Vec<_> = inventory
        .components()
        .iter()
        .map(|c| c.purl.as_str())
        .collect();
    assert_eq!(
        purls,
        ["pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"]
    );
    assert_eq!(
        inventory.scanned_files,
        [Path::new("var/lib/dpkg/status.d/libssl3")]
    );
}

/// Parses `bytes` written at `rel` under a fresh root with `cataloger`.
fn parse_at(
    cataloger: &str,
    rel: &str,
    bytes: &[u8],
) -> Result<vouch_extract::Parsed, vouch_extract::ExtractError> {
    let root = rootfs(&[(rel, bytes)]);
    cataloger_named(cataloger)
        .unwrap()
        .parse(&root.path().join(rel), Path::new(rel))
}

#[test]
fn bad_input_never_panics_and_names_the_file() {
    // Binary garbage and a cut-off file.
    for (cataloger, rel) in [
        ("dpkg-status", "var/lib/dpkg/status"),
        ("apk-installed", "lib/apk/db/installed"),
        ("rpm-db", "var/lib/rpm/Packages"),
    ] {
        let garbage: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let err = parse_at(cataloger, rel, &garbage).unwrap_err();
        assert!(err.to_string().starts_with(rel), "{cataloger}: {err}");
        assert_eq!(err.to_diagnostic().path.as_deref(), Some(Path::new(rel)));
    }
    // A status file cut in the middle of an entry keeps what is whole.
    let cut = &STATUS[..STATUS.len() / 2];
    let parsed = parse_at("dpkg-status", "var/lib/dpkg/status", cut).unwrap();
    assert!(!parsed.components.is_empty());
    // Random edits of the real-shaped files: never a panic.
    for m in mutations(STATUS, 300, 0x0d9c, b":\n #(") {
        let _ = parse_at("dpkg-status", "var/lib/dpkg/status", &m);
    }
}

#[test]
fn a_hostile_berkeley_db_never_panics() {
    let Some(corpus) = vouch_testkit::corpus_or_skip("rpm_hostile_bdb") else {
        return;
    };
    let file = corpus.join("lockfiles/osv-scalibr/fixtures/os/rpm/testdata/Packages_epoch");
    let original = fs_err::read(file).unwrap();
    let mut errors = 0;
    for m in mutations(&original, 400, 0xbdb, &[0, 0xff, 7, 13, 3]) {
        match parse_at("rpm-db", "var/lib/rpm/Packages", &m) {
            Err(_) => errors += 1,
            Ok(p) => {
                errors += usize::from(
                    p.diagnostics
                        .iter()
                        .any(|d| d.code == DiagnosticCode::InvalidPackage),
                )
            }
        }
    }
    eprintln!("hostile Berkeley DB variants reported: {errors} of 400");
}
