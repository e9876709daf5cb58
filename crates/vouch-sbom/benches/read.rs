//! Reading a 100,000-component CycloneDX JSON SBOM: cargo, npm, PyPI and Go components with
//! SHA-256 hashes and properties, each depending on up to three others, as a large seller SBOM
//! looks. Target: ≤ 2 s and ≤ 500 MB RSS.
//!
//! `cargo bench -p vouch-sbom --bench read`. For the RSS, one read outside criterion:
//! `/usr/bin/time -v target/release/deps/read-* --once` ("Maximum resident set size").

#![allow(missing_docs, clippy::unwrap_used, clippy::print_stderr)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group};

/// As in the vouch binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const COMPONENTS: usize = 100_000;

/// The purl of component `i`.
fn purl_of(i: usize) -> String {
    match i % 4 {
        0 => format!("pkg:cargo/crate-{i}@1.{}.{}", i % 50, i % 7),
        1 => format!("pkg:npm/%40scope{}/pkg-{i}@4.{}.0", i % 100, i % 30),
        2 => format!("pkg:pypi/dist-{i}@2.{}", i % 40),
        _ => format!(
            "pkg:golang/github.com/org{}/mod-{i}@v0.{}.1",
            i % 500,
            i % 9
        ),
    }
}

/// The document, built as text so generating it costs nothing to measure.
fn sbom() -> String {
    let mut components = Vec::with_capacity(COMPONENTS);
    let mut dependencies = Vec::with_capacity(COMPONENTS);
    for i in 0..COMPONENTS {
        let purl = purl_of(i);
        components.push(format!(
            r#"{{"type":"library","bom-ref":"{purl}","name":"n{i}","version":"1","purl":"{purl}","hashes":[{{"alg":"SHA-256","content":"{:064x}"}}],"properties":[{{"name":"vendor:note","value":"x"}}]}}"#,
            i
        ));
        let deps: Vec<String> = (1..=3)
            .map(|k| (i * 7 + k * 13) % COMPONENTS)
            .map(|j| format!("\"{}\"", purl_of(j)))
            .collect();
        dependencies.push(format!(
            r#"{{"ref":"{purl}","dependsOn":[{}]}}"#,
            deps.join(",")
        ));
    }
    format!(
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{{"timestamp":"2026-11-28T00:00:00Z"}},"components":[{}],"dependencies":[{}]}}"#,
        components.join(","),
        dependencies.join(",")
    )
}

fn read(c: &mut Criterion) {
    let text = sbom();
    eprintln!(
        "SBOM of {COMPONENTS} components: {} MB",
        text.len() / 1_000_000
    );
    let mut group = c.benchmark_group("read_sbom");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("cyclonedx_json_100k", |b| {
        b.iter(|| {
            let doc =
                vouch_sbom::read_sbom(black_box(text.as_bytes()), Path::new("sbom.json")).unwrap();
            assert_eq!(doc.inventory.len(), COMPONENTS);
            doc
        });
    });
    group.finish();
}

criterion_group!(benches, read);

fn main() {
    // `--once`: one read and exit, for `/usr/bin/time -v`.
    if std::env::args().any(|a| a == "--once") {
        let text = sbom();
        let start = std::time::Instant::now();
        let doc = vouch_sbom::read_sbom(text.as_bytes(), Path::new("sbom.json")).unwrap();
        eprintln!(
            "read {} components, {} dependency-graph nodes in {:?}",
            doc.inventory.len(),
            doc.inventory.dependencies().len(),
            start.elapsed()
        );
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
