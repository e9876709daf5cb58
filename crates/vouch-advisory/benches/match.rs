//! Opening the database built from the whole corpus and matching 100,000 components: a
//! realistic mix of crates.io, PyPI, npm and Go packages, 60 % named by advisories, 40 % not.
//!
//! `cargo bench -p vouch-advisory --bench match` (needs the shared corpus). With
//! `VOUCH_BENCH_DB=DIR` it opens that database instead (e.g. the osv.dev-scale one that
//! `bench/osv-scale.sh` builds).

#![allow(missing_docs, clippy::unwrap_used, clippy::print_stderr)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

/// As in the vouch binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use vouch_advisory::{Database, import};
use vouch_model::{Component, Ecosystem, Inventory, Location, PackageName};

const SETS: [&str; 6] = [
    "rustsec/osv",
    "pypa",
    "go-vulndb",
    "ghsa-maven/osv",
    "ghsa-native-sample",
    "malicious-packages/osv",
];
const ECOSYSTEMS: [Ecosystem; 4] = [
    Ecosystem::CratesIo,
    Ecosystem::PyPI,
    Ecosystem::Npm,
    Ecosystem::Go,
];

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn inventory(db: &Database, n: usize) -> Inventory {
    let named: Vec<(Ecosystem, String)> = db
        .packages()
        .filter(|(e, _)| ECOSYSTEMS.contains(e))
        .map(|(e, n)| (e, n.to_owned()))
        .collect();
    let mut rng = Rng(0x5eed);
    let mut inv = Inventory::new();
    while inv.len() < n {
        let (eco, name) = if rng.below(10) < 6 {
            named[rng.below(named.len())].clone()
        } else {
            let eco = ECOSYSTEMS[rng.below(ECOSYSTEMS.len())];
            let name = match eco {
                Ecosystem::Go => {
                    format!("github.com/example{}/mod{}", rng.below(5000), rng.below(20))
                }
                _ => format!("package-{}", rng.below(200_000)),
            };
            (eco, name)
        };
        let mut version = format!("{}.{}.{}", rng.below(5), rng.below(30), rng.below(20));
        if eco == Ecosystem::Go {
            version.insert(0, 'v');
        }
        let name = PackageName::new(eco, &name).unwrap();
        inv.add(Component::new(eco, name, Some(version), Location::file("bench.lock")).unwrap());
    }
    inv.finish();
    inv
}

fn bench(c: &mut Criterion) {
    let Some(corpus) = vouch_testkit::corpus_or_skip("bench match") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = match std::env::var_os("VOUCH_BENCH_DB") {
        Some(db) => std::path::PathBuf::from(db),
        None => {
            for set in SETS {
                import(tmp.path(), &Path::new(&corpus).join("advisories").join(set)).unwrap();
            }
            tmp.path().to_path_buf()
        }
    };
    let db = Database::open(&dir).unwrap();
    let inv = inventory(&db, 100_000);
    let m = db.match_inventory(&inv);
    eprintln!(
        "database: {} records, {} packages; inventory: {} components -> {} findings, {} warnings, {} diagnostics",
        db.info().records,
        db.info().packages,
        inv.len(),
        m.findings.len(),
        m.warnings.len(),
        m.diagnostics.len()
    );

    let mut g = c.benchmark_group("advisory");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("open", |b| {
        b.iter(|| black_box(Database::open(&dir).unwrap()))
    });
    g.bench_function("match_100k", |b| {
        b.iter(|| black_box(db.match_inventory(&inv)))
    });
    g.bench_function("open_and_match_100k", |b| {
        b.iter(|| {
            let db = Database::open(&dir).unwrap();
            black_box(db.match_inventory(&inv))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
