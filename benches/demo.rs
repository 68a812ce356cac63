//! How fast `dealdeck demo` writes deals with full history (target: 100 000 deals < 10 s).

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dealdeck::demo::{DemoOptions, generate};
use dealdeck::store::Store;

// Measured with the allocator the binary ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn demo_generation(c: &mut Criterion) {
    let mut group = c.benchmark_group("demo");
    group.sample_size(10);
    for deals in [10_000_u64, 100_000] {
        group.throughput(Throughput::Elements(deals));
        group.bench_function(format!("generate {deals} deals"), |b| {
            b.iter_with_large_drop(|| {
                let dir = tempfile::tempdir().unwrap();
                let mut store = Store::open(dir.path().join("demo.db")).unwrap();
                store.relax_durability_for_new_file().unwrap();
                let options = DemoOptions {
                    deals,
                    seed: 1,
                    as_of: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
                };
                generate(&mut store, &options, |_| {}).unwrap();
                store.checkpoint().unwrap();
                (store, dir)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, demo_generation);
criterion_main!(benches);
