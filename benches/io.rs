//! Import and export speed on 100 000 deals (PRODUCT.md §6 targets: import < 5 s, CSV
//! export < 3 s; issue 12: a 100 000-row Pipedrive workbook < 10 s). Inputs are generated
//! here, so the benchmark needs nothing on disk.

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
        mapping: None,
        sheet: None,
        pipeline: None,
        dry_run: false,
        create_stages: false,
        decimal_separator: None,
        progress: false,
        now: Utc::now(),
    }
}

/// The columns of a Pipedrive deal export, as tests/import_real.rs writes them (47).
const PIPEDRIVE: &[&str] = &[
    "Deal - ID",
    "Deal - Title",
    "Deal - Creator",
    "Deal - Owner",
    "Deal - Value",
    "Deal - Currency of Value",
    "Deal - Weighted value",
    "Deal - Currency of Weighted value",
    "Deal - Probability",
    "Deal - Organization",
    "Deal - Organization ID",
    "Deal - Pipeline",
    "Deal - Contact person",
    "Deal - Contact person ID",
    "Deal - Stage",
    "Deal - Label",
    "Deal - Status",
    "Deal - Deal created",
    "Deal - Update time",
    "Deal - Last stage change",
    "Deal - Next activity date",
    "Deal - Last activity date",
    "Deal - Won time",
    "Deal - Last email received",
    "Deal - Last email sent",
    "Deal - Lost time",
    "Deal - Deal closed on",
    "Deal - Lost reason",
    "Deal - Visible to",
    "Deal - Total activities",
    "Deal - Done activities",
    "Deal - Activities to do",
    "Deal - Email messages count",
    "Deal - Expected close date",
    "Deal - Product quantity",
    "Deal - Product amount",
    "Deal - Product name",
    "Deal - Source origin",
    "Deal - Source origin ID",
    "Deal - Source channel",
    "Deal - Source channel ID",
    "Deal - Archive status",
    "Deal - Archive time",
    "Deal - Sequence enrollment",
    "Deal - MRR",
    "Deal - ARR",
    "Deal - ACV",
];

/// One Pipedrive row as typed cells: `Ok(number)` or `Err(text)`; dates as text.
fn pipedrive_row(i: u64) -> Vec<Result<f64, String>> {
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 9, 0, 0).unwrap();
    let created = start + Duration::minutes(i as i64 * 5);
    let stamp = |d: chrono::DateTime<Utc>| d.format("%Y-%m-%d %H:%M:%S").to_string();
    let stages = ["Qualified", "Contact made", "Proposal made", "Negotiation"];
    let reached = (i % 4) as usize;
    let change = created + Duration::days(reached as i64 * 7);
    let status = ["Open", "Won", "Lost"][(i % 3) as usize];
    let closed = created + Duration::days(30);
    let pipeline = if i.is_multiple_of(5) {
        "Partners"
    } else {
        "Sales"
    };
    let text = |t: &str| Err(t.to_string());
    PIPEDRIVE
        .iter()
        .map(|column| match *column {
            "Deal - ID" => Ok(i as f64 + 1.0),
            "Deal - Title" => Err(format!("Deal {i}")),
            "Deal - Value" | "Deal - Weighted value" | "Deal - Product amount" => {
                Ok(1_000.0 + (i % 90_000) as f64 + 0.5)
            }
            "Deal - Currency of Value" | "Deal - Currency of Weighted value" => {
                text(if i.is_multiple_of(2) { "EUR" } else { "BGN" })
            }
            "Deal - Probability" => Ok(((reached + 1) * 20) as f64),
            "Deal - Organization" => Err(format!("Company {}", i % 500)),
            "Deal - Pipeline" => text(pipeline),
            "Deal - Contact person" => Err(format!("Person {}", i % 900)),
            "Deal - Stage" => text(stages[reached]),
            "Deal - Status" => text(status),
            "Deal - Deal created" => Err(stamp(created)),
            "Deal - Update time" => Err(stamp(closed)),
            "Deal - Last stage change" if reached > 0 => Err(stamp(change)),
            "Deal - Won time" if status == "Won" => Err(stamp(closed)),
            "Deal - Lost time" if status == "Lost" => Err(stamp(closed)),
            "Deal - Deal closed on" if status != "Open" => Err(stamp(closed)),
            "Deal - Lost reason" if status == "Lost" => text("Price"),
            "Deal - Label" => text("Warm"),
            "Deal - Source channel" => text("Referral"),
            "Deal - Archive status" => text("Not archived"),
            "Deal - Total activities" | "Deal - Product quantity" => Ok(3.0),
            // Open deals have a next step: a planned follow-up for every third row.
            "Deal - Next activity date" if status == "Open" => {
                Err(closed.format("%Y-%m-%d").to_string())
            }
            "Deal - MRR" if pipeline == "Partners" => Ok(500.0),
            _ => text(""),
        })
        .collect()
}

fn write_pipedrive_csv(path: &Path, rows: u64) {
    let mut out = csv::Writer::from_path(path).unwrap();
    out.write_record(PIPEDRIVE).unwrap();
    for i in 0..rows {
        let cells: Vec<String> = pipedrive_row(i)
            .into_iter()
            .map(|c| match c {
                Ok(n) => n.to_string(),
                Err(t) => t,
            })
            .collect();
        out.write_record(&cells).unwrap();
    }
    out.flush().unwrap();
}

fn write_pipedrive_xlsx(path: &Path, rows: u64) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (c, name) in PIPEDRIVE.iter().enumerate() {
        sheet.write_string(0, c as u16, *name).unwrap();
    }
    for i in 0..rows {
        let row = i as u32 + 1;
        for (c, cell) in pipedrive_row(i).into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Ok(n) => {
                    sheet.write_number(row, c, n).unwrap();
                }
                Err(t) if t.is_empty() => {}
                Err(t) if t.len() == 19 && t.as_bytes()[13] == b':' => {
                    let moment = ExcelDateTime::parse_from_str(&t).unwrap();
                    sheet
                        .write_datetime_with_format(row, c, &moment, &stamp)
                        .unwrap();
                }
                Err(t) => {
                    sheet.write_string(row, c, &t).unwrap();
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

fn import_pipedrive(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let csv_file = dir.path().join("pipedrive.csv");
    let xlsx_file = dir.path().join("pipedrive.xlsx");
    write_pipedrive_csv(&csv_file, DEALS);
    write_pipedrive_xlsx(&xlsx_file, DEALS);
    let mut group = c.benchmark_group("io");
    group.sample_size(10);
    for (name, file) in [
        (
            "import 100k pipedrive csv rows (pipelines created)",
            &csv_file,
        ),
        (
            "import 100k pipedrive xlsx rows (pipelines created)",
            &xlsx_file,
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    let db = tempfile::tempdir().unwrap();
                    let store = Store::open(db.path().join("deals.db")).unwrap();
                    (db, store)
                },
                |(db, mut store)| {
                    let summary = import_file(&mut store, file, &options()).unwrap();
                    assert_eq!(summary.created, DEALS);
                    assert_eq!(summary.created_pipelines.len(), 2);
                    drop(store);
                    drop(db);
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
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

criterion_group!(benches, import, import_pipedrive, export);
criterion_main!(benches);
