//! Shared test inputs: inventories covering every component shape, fixed metadata, and the
//! CycloneDX 1.6 and SPDX 2.3 validators compiled once from the corpus's copy of the official
//! schemas.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use vouch_model::{
    Checksum, ChecksumAlgorithm, Component, ComponentSource, Ecosystem, Inventory, Location,
    PackageName, Relationship,
};
use vouch_sbom::{BomMetadata, CycloneDxValidator, SpdxValidator};

/// The schema folder inside the corpus.
pub(crate) fn schema_dir(corpus: &Path) -> PathBuf {
    corpus.join("schemas/cyclonedx/schema")
}

/// The validator, compiled once per test binary.
pub(crate) fn validator(corpus: &Path) -> &'static CycloneDxValidator {
    static VALIDATOR: OnceLock<CycloneDxValidator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        CycloneDxValidator::load_1_6(&schema_dir(corpus)).expect("the 1.6 schema compiles")
    })
}

/// The SPDX 2.3 schema folder inside the corpus.
pub(crate) fn spdx_schema_dir(corpus: &Path) -> PathBuf {
    corpus.join("schemas/spdx/2.3")
}

/// The SPDX 2.3 validator, compiled once per test binary.
pub(crate) fn spdx_validator(corpus: &Path) -> &'static SpdxValidator {
    static VALIDATOR: OnceLock<SpdxValidator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        SpdxValidator::load_2_3(&spdx_schema_dir(corpus)).expect("the SPDX 2.3 schema compiles")
    })
}

/// Metadata with a fixed timestamp and a derived serial.
pub(crate) fn meta() -> BomMetadata {
    BomMetadata {
        component_name: "acme-delivery".into(),
        component_version: Some("2.1.0".into()),
        timestamp: "2026-11-02T09:30:15.5Z".parse().unwrap(),
        serial: None,
        tool_name: "vouch",
        tool_version: "0.1.0",
        supplier: None,
        security_contacts: Vec::new(),
    }
}

/// A component of `ecosystem` named `name`, found in `path` (at `line`).
pub(crate) fn comp(
    ecosystem: Ecosystem,
    name: &str,
    version: Option<&str>,
    path: &str,
    line: Option<u32>,
) -> Component {
    let name = PackageName::new(ecosystem, name).unwrap();
    Component::new(
        ecosystem,
        name,
        version.map(str::to_owned),
        Location {
            path: path.into(),
            line,
        },
    )
    .unwrap()
}

fn checksum(algorithm: ChecksumAlgorithm, hex: &str) -> Checksum {
    Checksum {
        algorithm,
        hex: hex.into(),
    }
}

/// One hex digest of `len` digits.
pub(crate) fn hex(len: usize, digit: char) -> String {
    std::iter::repeat_n(digit, len).collect()
}

/// A small inventory: the shape of a Cargo project with one npm tool.
pub(crate) fn small_inventory() -> Inventory {
    let mut inv = Inventory::new();
    let mut serde = comp(
        Ecosystem::CratesIo,
        "serde",
        Some("1.0.210"),
        "Cargo.lock",
        Some(12),
    );
    serde.scope.relationship = Some(Relationship::Direct);
    serde.scope.dev = Some(false);
    serde.checksums = vec![checksum(ChecksumAlgorithm::Sha256, &hex(64, 'a'))];
    inv.add(serde);

    let mut babel = comp(
        Ecosystem::Npm,
        "@babel/core",
        Some("7.24.0"),
        "web/package-lock.json",
        None,
    );
    babel.scope.relationship = Some(Relationship::Transitive);
    babel.scope.dev = Some(true);
    babel.groups = vec!["dev".into()];
    babel.checksums = vec![checksum(ChecksumAlgorithm::Sha512, &hex(128, 'b'))];
    inv.add(babel);

    let mut fork = comp(
        Ecosystem::CratesIo,
        "my-fork",
        Some("0.3.0"),
        "Cargo.lock",
        Some(40),
    );
    fork.source = ComponentSource::Git {
        url: "https://github.com/acme/my-fork.git".into(),
        commit: Some("0123456789abcdef0123456789abcdef01234567".into()),
    };
    inv.add(fork);
    inv.finish();
    inv
}

/// Every component shape the writer knows: each ecosystem convention for names, every source,
/// every checksum algorithm, scopes, locations with and without lines, and the values that the
/// schema would refuse if written as they are.
pub(crate) fn every_shape_inventory() -> Inventory {
    let mut inv = Inventory::new();
    let add = |inv: &mut Inventory, c: Component| inv.add(c);

    let mut c = comp(
        Ecosystem::CratesIo,
        "serde_json",
        Some("1.0.128"),
        "Cargo.lock",
        Some(3),
    );
    c.scope.relationship = Some(Relationship::Direct);
    c.scope.dev = Some(false);
    c.checksums = vec![checksum(ChecksumAlgorithm::Sha256, &hex(64, 'c'))];
    add(&mut inv, c);

    let mut c = comp(
        Ecosystem::Npm,
        "@types/node",
        Some("20.11.5"),
        "package-lock.json",
        None,
    );
    c.scope.relationship = Some(Relationship::Transitive);
    c.scope.dev = Some(true);
    c.groups = vec!["dev".into()];
    c.checksums = vec![checksum(ChecksumAlgorithm::Sha512, &hex(128, 'd'))];
    add(&mut inv, c);

    let mut c = comp(
        Ecosystem::Npm,
        "fsevents",
        Some("2.3.3"),
        "package-lock.json",
        None,
    );
    c.scope.optional = Some(true);
    c.scope.dev = Some(false);
    c.checksums = vec![checksum(ChecksumAlgorithm::Sha1, &hex(40, 'e'))];
    add(&mut inv, c);

    let mut c = comp(
        Ecosystem::PyPI,
        "Django",
        Some("4.2.11"),
        "poetry.lock",
        Some(120),
    );
    c.scope.relationship = Some(Relationship::Direct);
    c.groups = vec!["main".into(), "web".into()];
    c.checksums = vec![
        checksum(ChecksumAlgorithm::Md5, &hex(32, 'f')),
        checksum(ChecksumAlgorithm::Sha256, &hex(64, '0')),
        checksum(ChecksumAlgorithm::Sha384, &hex(96, '1')),
    ];
    add(&mut inv, c);
    // Found a second time, in another file, without a line.
    add(
        &mut inv,
        comp(
            Ecosystem::PyPI,
            "django",
            Some("4.2.11"),
            "services/api/requirements.txt",
            None,
        ),
    );

    add(
        &mut inv,
        comp(
            Ecosystem::Go,
            "github.com/gin-gonic/gin",
            Some("v1.9.1"),
            "go.mod",
            Some(7),
        ),
    );
    add(
        &mut inv,
        comp(
            Ecosystem::Maven,
            "org.apache.commons:commons-text",
            Some("1.10.0"),
            "pom.xml",
            Some(31),
        ),
    );
    add(
        &mut inv,
        comp(
            Ecosystem::Packagist,
            "symfony/console",
            Some("v6.4.1"),
            "composer.lock",
            None,
        ),
    );

    let mut c = comp(
        Ecosystem::CratesIo,
        "patched",
        Some("0.2.0"),
        "Cargo.lock",
        Some(50),
    );
    c.source = ComponentSource::Git {
        url: "https://github.com/acme/patched?branch=fix".into(),
        commit: Some("89abcdef0123456789abcdef0123456789abcdef".into()),
    };
    add(&mut inv, c);

    // scp-like git URLs are not IRI references: kept as a property.
    let mut c = comp(
        Ecosystem::Npm,
        "private-lib",
        None,
        "package-lock.json",
        None,
    );
    c.source = ComponentSource::Git {
        url: "git+ssh://git@github.com:acme/private-lib.git".into(),
        commit: None,
    };
    add(&mut inv, c);

    let mut c = comp(
        Ecosystem::CratesIo,
        "workspace-member",
        None,
        "Cargo.lock",
        None,
    );
    c.source = ComponentSource::Path {
        path: "crates/member".into(),
    };
    add(&mut inv, c);

    let mut c = comp(
        Ecosystem::PyPI,
        "vendored",
        Some("1.0"),
        "requirements.txt",
        Some(2),
    );
    c.source = ComponentSource::Url {
        url: "https://files.example.com/vendored-1.0.tar.gz".into(),
    };
    add(&mut inv, c);

    let mut c = comp(
        Ecosystem::PyPI,
        "spaced",
        Some("2.0"),
        "requirements.txt",
        Some(3),
    );
    c.source = ComponentSource::Url {
        url: "https://files.example.com/a file.tar.gz".into(),
    };
    add(&mut inv, c);

    let mut c = comp(
        Ecosystem::Npm,
        "internal-ui",
        Some("3.0.0"),
        "package-lock.json",
        None,
    );
    c.source = ComponentSource::AlternateRegistry {
        url: "https://npm.acme.example/".into(),
    };
    add(&mut inv, c);

    // No version at all.
    add(
        &mut inv,
        comp(
            Ecosystem::PyPI,
            "requests",
            None,
            "requirements.txt",
            Some(1),
        ),
    );

    // Checksums the schema would refuse.
    let mut c = comp(
        Ecosystem::CratesIo,
        "odd-checksum",
        Some("1.0.0"),
        "Cargo.lock",
        Some(60),
    );
    c.checksums = vec![
        checksum(ChecksumAlgorithm::Sha256, "abc"),
        checksum(ChecksumAlgorithm::Sha1, &hex(40, 'z')),
        checksum(ChecksumAlgorithm::Sha512, &hex(128, 'A')),
    ];
    add(&mut inv, c);

    // Longer than `version`'s maxLength.
    let long = "1.".repeat(600);
    add(
        &mut inv,
        comp(
            Ecosystem::Npm,
            "long-version",
            Some(&long),
            "package-lock.json",
            None,
        ),
    );

    // Two ecosystems with one purl type: the purls coincide, the bom-refs must not.
    add(
        &mut inv,
        comp(
            Ecosystem::Debian,
            "curl",
            Some("7.88.1-10"),
            "var/lib/dpkg/status",
            Some(100),
        ),
    );
    add(
        &mut inv,
        comp(
            Ecosystem::Ubuntu,
            "curl",
            Some("7.88.1-10"),
            "var/lib/dpkg/status",
            Some(200),
        ),
    );

    // A path that is not ASCII.
    add(
        &mut inv,
        comp(
            Ecosystem::RubyGems,
            "rack",
            Some("3.0.8"),
            "vendor/münchen/Gemfile.lock",
            Some(0),
        ),
    );

    inv.finish();
    inv
}
