//! Walking a generated tar.gz of about 200 MB (50,000 files of 4 KiB, half-compressible text)
//! and reading about 1 % of the files (content and both digests), against the floor of just
//! decompressing the stream.
//!
//! `cargo bench -p vouch-archive --bench walk`

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::io::{Read, Write};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vouch_archive::{Entry, File, Limits, Tree, Visitor, Want};

const FILES: usize = 50_000;
const FILE_BYTES: usize = 4096;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn generate(path: &std::path::Path) -> u64 {
    let file = std::fs::File::create(path).unwrap();
    let gz =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::fast());
    let mut builder = tar::Builder::new(gz);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut data = vec![0u8; FILE_BYTES];
    for i in 0..FILES {
        for (j, b) in data.iter_mut().enumerate() {
            // half random letters, half a repeated pattern
            *b = if j % 2 == 0 {
                b'a' + (rng.next() % 26) as u8
            } else {
                b'x'
            };
        }
        let mut header = tar::Header::new_gnu();
        header.set_size(FILE_BYTES as u64);
        header.set_mode(0o644);
        header.set_cksum();
        let name = format!("pkg{:03}/lib/module{i:05}/index.js", i % 500);
        builder.append_data(&mut header, name, &data[..]).unwrap();
    }
    let gz = builder.into_inner().unwrap();
    let mut out = gz.finish().unwrap();
    out.flush().unwrap();
    (FILES * FILE_BYTES) as u64
}

/// Wants every hundredth file: content and digests.
#[derive(Default)]
struct OnePercent {
    seen: usize,
    read: usize,
}

impl Visitor for OnePercent {
    fn visit(&mut self, _entry: &Entry) -> Want {
        self.seen += 1;
        if self.seen.is_multiple_of(100) {
            Want::ALL
        } else {
            Want::NOTHING
        }
    }

    fn content(&mut self, file: File) {
        self.read += black_box(file.content.map_or(0, |c| c.len()));
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("delivery.tar.gz");
    let bytes = generate(&path);
    let mut group = c.benchmark_group("walk-tar-gz-200MB");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("gunzip-floor", |b| {
        b.iter(|| {
            let file = fs_err::File::open(&path).unwrap();
            let mut gz = flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file));
            // the same 64 KiB reads the walk makes
            let mut buf = vec![0u8; 64 << 10];
            let mut total = 0;
            loop {
                let n = gz.read(&mut buf).unwrap();
                if n == 0 {
                    break total;
                }
                total += n;
            }
        });
    });
    group.bench_function("walk-read-1pct", |b| {
        b.iter(|| {
            let tree = Tree::open(&path, &Limits::default()).unwrap();
            let mut v = OnePercent::default();
            let summary = tree.walk(&mut v);
            assert!(summary.problems.is_empty());
            assert_eq!(v.seen, FILES);
            v.read
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
