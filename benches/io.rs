//! Import and export speed on 100 000 deals (PRODUCT.md §6 targets: import < 5 s, CSV
//! export < 3 s). Inputs are generated here, so the benchmark needs nothing on disk.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;

use chrono::{Duration, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

use dealdeck::demo::{DemoOptions, generate};
use dealdeck::io::import::{ImportOptions, import_file};
use dealdeck::store::Store;

const DEALS: u64 = 100_000;
const STAGES: &[&str] = &[
    "Consultation scheduled",
    "Verbal interest confirmed",
    "Terms finalization",
    "Sent for signature",
];

/// A HubSpot-style export of `rows` deals in the default (Services) pipeline, with
/// per-stage entered/exited columns.

// Measured with the allocator the binary ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn write_hubspot(path: &Path, rows: u64) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    write!(
        out,
        "Record ID,Deal Name,Pipeline,Deal Stage,Amount,Currency,Close Date,Create Date,Deal owner,Closed Lost Reason,Associated Company"
    )
    .unwrap();
    for stage in STAGES.iter().chain(&["Closed won", "Closed lost"]) {
        write!(
            out,
            ",\"Date entered \"\"{stage} (Services)\"\"\",\"Date exited \"\"{stage} (Services)\"\"\""
        )
        .unwrap();
    }
    writeln!(out).unwrap();
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 9, 0, 0).unwrap();
    for i in 0..rows {
        let created = start + Duration::minutes(i as i64 * 5);
        let reached = (i % 4) as usize;
        let outcome = i % 3; // 0 open, 1 won, 2 lost
        let day = |n: usize| (created + Duration::days(n as i64 * 7)).format("%Y-%m-%d %H:%M");
        let closed = day(reached + 1);
        let (stage, close, reason) = match outcome {
            0 => (STAGES[reached], day(10).to_string(), ""),
            1 => ("Closed won", closed.to_string(), ""),
            _ => ("Closed lost", closed.to_string(), "Price"),
        };
        write!(
            out,
            "{},Deal {i},Services,{stage},\"{}.{:02}\",EUR,{close},{},Owner {},{reason},Company {}",
            10_000 + i,
            1_000 + i % 90_000,
            i % 100,
            day(0),
            i % 7,
            i % 500
        )
        .unwrap();
        for (n, _) in STAGES.iter().enumerate() {
            if n <= reached {
                let exited = if n < reached || outcome != 0 {
                    day(n + 1).to_string()
                } else {
                    String::new()
                };
                write!(out, ",{},{exited}", day(n)).unwrap();
            } else {
                write!(out, ",,").unwrap();
            }
        }
        match outcome {
            1 => write!(out, ",{closed},,,").unwrap(),
            2 => write!(out, ",,,{closed},").unwrap(),
            _ => write!(out, ",,,,").unwrap(),
        }
        writeln!(out).unwrap();
    }
    out.flush().unwrap();
}

fn options() -> ImportOptions {
    ImportOptions {
        format: None,
        pipeline: None,
        dry_run: false,
        create_stages: false,
        decimal_separator: None,
        progress: false,
        now: Utc::now(),
    }
}

fn import(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hubspot.csv");
    write_hubspot(&file, DEALS);
    let mut group = c.benchmark_group("io");
    group.sample_size(10);
    group.bench_function("import 100k hubspot rows", |b| {
        b.iter_batched(
            || {
                let db = tempfile::tempdir().unwrap();
                let store = Store::open(db.path().join("deals.db")).unwrap();
                (db, store)
            },
            |(db, mut store)| {
                let summary = import_file(&mut store, &file, &options()).unwrap();
                assert_eq!(summary.created, DEALS);
                drop(store);
                drop(db);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn export(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("demo.db")).unwrap();
    store.relax_durability_for_new_file().unwrap();
    let options = DemoOptions {
        deals: DEALS,
        seed: 1,
        as_of: Utc.with_ymd_and_hms(2026, 6, 30, 0, 0, 0).unwrap(),
    };
    generate(&mut store, &options, |_| {}).unwrap();
    let mut group = c.benchmark_group("io");
    group.sample_size(10);
    group.bench_function("export 100k deals to csv", |b| {
        b.iter(|| {
            let written = dealdeck::io::export::write_csv(&store, std::io::sink()).unwrap();
            assert_eq!(written, DEALS);
        })
    });
    group.finish();
}

criterion_group!(benches, import, export);
criterion_main!(benches);
