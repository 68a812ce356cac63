//! How fast the figures of PRODUCT.md §3 come out of a 100 000-deal demo database: loading the
//! rows, computing the report, and both together (what the dashboard and `report` pay).

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

use dealdeck::app::dashboard::{LoadedRows, PeriodChoice, Zone};
use dealdeck::demo::{DemoOptions, generate};
use dealdeck::metrics::{Period, ReportRequest, compute};
use dealdeck::store::Store;
use dealdeck::ui::dashboard::draw_dashboard;

const DEALS: u64 = 100_000;

// Measured with the allocator the binary ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn metrics(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("bench.db");
    let as_of = Utc
        .with_ymd_and_hms(2026, 6, 30, 23, 59, 59)
        .single()
        .expect("a valid moment");
    {
        let mut store = Store::open(&path).expect("a new database");
        store
            .relax_durability_for_new_file()
            .expect("relaxed durability");
        generate(
            &mut store,
            &DemoOptions {
                deals: DEALS,
                seed: 5,
                as_of,
            },
            |_| {},
        )
        .expect("demo data");
        store.checkpoint().expect("a checkpoint");
    }
    let store = Store::open(&path).expect("the demo database");
    let pipeline = store.pipeline_named(None).expect("the default pipeline");
    let request = ReportRequest {
        period: Period::quarter_of(as_of.date_naive()),
        as_of,
        target: Some(rust_decimal::Decimal::from(1_000_000)),
        owner: None,
    };
    let deals = store.deal_histories(pipeline.id).expect("rows");
    let rates = store.exchange_rates().expect("rates");
    let visits: usize = deals.iter().map(|d| d.visits.len()).sum();
    eprintln!("{} deals, {visits} stage visits", deals.len());

    let mut group = c.benchmark_group("metrics_100k");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("compute", |b| {
        b.iter(|| compute(&pipeline, black_box(&deals), &rates, &request, &Utc))
    });
    group.bench_function("load_rows", |b| {
        b.iter(|| store.deal_histories(black_box(pipeline.id)).expect("rows"))
    });
    group.bench_function("load_and_compute", |b| {
        b.iter(|| {
            let deals = store.deal_histories(pipeline.id).expect("rows");
            let rates = store.exchange_rates().expect("rates");
            compute(&pipeline, &deals, &rates, &request, &Utc)
        })
    });
    // A tab switch with the rows already loaded: recompute and draw one 200×50 frame, with
    // the rows read and the figures computed by the code the board runs.
    let rows = LoadedRows::read(&store, pipeline.id).expect("rows");
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 50)).expect("a terminal");
    group.bench_function("dashboard_switch", |b| {
        b.iter(|| {
            let view = rows.view(
                &pipeline,
                PeriodChoice::ThisQuarter,
                as_of,
                None,
                None,
                Zone::Local,
            );
            terminal
                .draw(|frame| draw_dashboard(frame, frame.area(), &view))
                .expect("a frame");
        })
    });
    group.finish();
}

criterion_group!(benches, metrics);
criterion_main!(benches);
