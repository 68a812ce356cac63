//! Realistic demo data: deals with full stage histories, deterministic for a seed.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use crate::domain::{Contact, NewDeal, Pipeline, Qualification, Stage, StageKind};
use crate::store::{HistoricDeal, HistoricVisit, Result, Store, StoreError};

mod activities;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    pub deals: u64,
    pub seed: u64,
    /// "Now" for the generated history: nothing happens after it.
    pub as_of: DateTime<Utc>,
}

const PRODUCTS: &[(&str, u32, u32)] = &[
    ("Website redesign", 8_000, 45_000),
    ("Annual maintenance contract", 3_000, 24_000),
    ("Cloud migration", 20_000, 150_000),
    ("Fleet tracking rollout", 12_000, 90_000),
    ("Staff training programme", 2_500, 18_000),
    ("Office fit-out", 15_000, 120_000),
    ("Data platform pilot", 10_000, 60_000),
    ("Security audit", 6_000, 35_000),
    ("ERP integration", 25_000, 140_000),
    ("Marketing retainer", 4_000, 30_000),
    ("Solar installation", 9_000, 75_000),
    ("Warehouse automation", 30_000, 150_000),
];
const TITLE_SUFFIXES: &[&str] = &["", "", "", " (phase 2)", " renewal", " pilot", " extension"];
const COMPANY_NAMES: &[&str] = &[
    "Van Dijk",
    "Nordhavn",
    "Bakker & Zonen",
    "Lindström",
    "Groen",
    "Vasa",
    "Dekker",
    "Fjällvik",
    "Hollander",
    "Solberg",
    "De Boer",
    "Ekholm",
    "Brouwer",
    "Sundqvist",
    "Visser",
    "Wallin",
    "Meijer",
    "Berglund",
    "Smit",
    "Holmgren",
    "Mulder",
    "Åkerlund",
    "Jansen",
    "Strand",
];
const COMPANY_TRADES: &[&str] = &[
    "Logistics",
    "Bouw",
    "Software",
    "Energy",
    "Retail",
    "Consulting",
    "Foods",
    "Medical",
    "Timber",
    "Textiles",
    "Marine",
    "Print",
    "Installatie",
    "Fastigheter",
];
const COMPANY_FORMS: &[&str] = &["BV", "AB", "Group", "NV", "B.V.", "Holding"];
const FIRST_NAMES: &[&str] = &[
    "Anna", "Lars", "Sanne", "Johan", "Fleur", "Maja", "Pieter", "Ingrid", "Daan", "Elin", "Bram",
    "Sofia", "Thijs", "Karin", "Lotte", "Nils", "Eva", "Oskar", "Noor", "Henrik",
];
const LAST_NAMES: &[&str] = &[
    "de Vries",
    "Lindqvist",
    "Bakker",
    "Nilsson",
    "Jansen",
    "Andersson",
    "Visser",
    "Berg",
    "Smit",
    "Karlsson",
    "Meijer",
    "Eriksson",
    "de Groot",
    "Johansson",
    "Bos",
    "Persson",
];
const OWNERS: &[&str] = &[
    "Anna de Vries",
    "Erik Lindqvist",
    "Sanne Bakker",
    "Johan Nilsson",
    "Fleur Jansen",
    "Maja Andersson",
];
const SOURCES: &[&str] = &[
    "Website",
    "Referral",
    "Event",
    "Cold outreach",
    "Partner",
    "LinkedIn",
];
/// How often each of the default lost reasons (`default_lost_reasons`, in its order: price,
/// competitor, budget, stalled, no response, timing, fit, other) is picked: price and
/// competitors dominate, as in practice.
const LOST_REASON_WEIGHTS: &[u32] = &[26, 22, 14, 14, 10, 8, 5, 1];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// One of `reasons` (the new database's own list, in its language) by the weights above.
fn weighted_reason<'a>(rng: &mut ChaCha8Rng, reasons: &'a [String]) -> &'a str {
    let total: u32 = LOST_REASON_WEIGHTS.iter().sum();
    let mut roll = rng.random_range(0..total);
    for (reason, weight) in reasons.iter().zip(LOST_REASON_WEIGHTS) {
        if roll < *weight {
            return reason;
        }
        roll -= weight;
    }
    reasons.last().map_or("", String::as_str)
}

/// Days spent in a stage: exponential around the stage's typical stay, capped.
fn dwell(rng: &mut ChaCha8Rng, mean_days: f64) -> Duration {
    let u: f64 = rng.random_range(0.000_1..1.0);
    let days = (-u.ln() * mean_days).min(mean_days * 6.0);
    Duration::seconds((days * 86_400.0) as i64 + 3_600)
}

/// The stages a deal can walk through, looked up once per run.
struct Walk<'a> {
    open: Vec<&'a Stage>,
    won: &'a Stage,
    lost: &'a Stage,
    reasons: Vec<String>,
}

fn one_deal(
    rng: &mut ChaCha8Rng,
    pipeline: &Pipeline,
    walk: &Walk<'_>,
    created_at: DateTime<Utc>,
    as_of: DateTime<Utc>,
) -> HistoricDeal {
    let (product, low, high) = *pick(rng, PRODUCTS);
    let company = format!(
        "{} {} {}",
        pick(rng, COMPANY_NAMES),
        pick(rng, COMPANY_TRADES),
        pick(rng, COMPANY_FORMS)
    );
    // Log-uniform amounts, rounded to 50.
    let ratio = f64::from(high) / f64::from(low);
    let raw = f64::from(low) * ratio.powf(rng.random_range(0.0..1.0));
    let amount = Decimal::from(((raw / 50.0).round() as i64) * 50);
    let mut deal = NewDeal::new(
        pipeline.id,
        format!("{product}{}", pick(rng, TITLE_SUFFIXES)),
        pipeline.currency,
    );
    deal.organization = Some(company.clone());
    let first = pick(rng, FIRST_NAMES);
    let last = pick(rng, LAST_NAMES);
    let domain: String = company
        .split_whitespace()
        .next()
        .unwrap_or("example")
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    deal.contact = Contact {
        name: Some(format!("{first} {last}")),
        email: Some(format!(
            "{}@{}.example",
            first.to_lowercase(),
            if domain.is_empty() { "mail" } else { &domain }
        )),
        phone: Some(format!(
            "+31 6 {:04} {:04}",
            rng.random_range(0..10_000),
            rng.random_range(0..10_000)
        )),
    };
    deal.owner = Some(pick(rng, OWNERS).to_string());
    deal.amount = amount;
    deal.source = Some(pick(rng, SOURCES).to_string());
    deal.qualification = Some(match rng.random_range(0..10) {
        0 => Qualification::Mql,
        1 | 2 => Qualification::Sal,
        _ => Qualification::Sql,
    });
    let mut extra = BTreeMap::new();
    for stage in &pipeline.stages {
        for point in stage.playbook.data_points.iter().filter(|p| p.required) {
            extra.insert(point.name.clone(), format!("Collected for {product}"));
        }
    }
    deal.extra = extra;

    let mut visits = Vec::new();
    let mut index = usize::from(rng.random_bool(0.1)).min(walk.open.len() - 1);
    let mut entered = created_at;
    let mut outcome: Option<(&Stage, Option<String>)> = None;
    loop {
        let mean = 4.0 + 2.0 * index as f64;
        let left = entered + dwell(rng, mean);
        if left > as_of || rng.random_bool(0.015) {
            break;
        }
        visits.push(HistoricVisit {
            stage_id: walk.open[index].id,
            entered_at: entered,
            exited_at: Some(left),
            reason: None,
            by: None,
        });
        entered = left;
        let roll = rng.random_range(0..100);
        let last_open = walk.open.len() - 1;
        match roll {
            0..=13 => {
                outcome = Some((
                    walk.lost,
                    Some(weighted_reason(rng, &walk.reasons).to_string()),
                ));
                break;
            }
            14..=27 if index > 0 => index -= 1,
            28..=31 if index + 2 <= last_open => index += 2,
            _ if index == last_open => {
                outcome = Some((walk.won, None));
                break;
            }
            _ => index += 1,
        }
    }
    let (current, reason) = outcome.unwrap_or((walk.open[index], None));
    visits.push(HistoricVisit {
        stage_id: current.id,
        entered_at: entered,
        exited_at: None,
        reason: reason.clone(),
        by: None,
    });
    deal.stage_id = Some(current.id);
    let closed_at = current.kind.is_closed().then_some(entered);
    if current.kind == StageKind::Open {
        let ahead = Duration::days(rng.random_range(-10..80));
        deal.expected_close_date = Some((entered + ahead).date_naive());
    } else if rng.random_bool(0.4) {
        deal.expected_close_date = Some(entered.date_naive());
    }
    if rng.random_bool(0.08) {
        deal.probability_override = Some(rng.random_range(1..10) * 10);
    }
    let archived_at = closed_at
        .map(|closed| closed + Duration::days(30))
        .filter(|archive| *archive <= as_of && rng.random_bool(0.05));
    HistoricDeal {
        deal,
        created_at,
        closed_at,
        archived_at,
        lost_reason: reason,
        won_note: (current.kind == StageKind::Won && rng.random_bool(0.3))
            .then(|| "Signed after a reference call".to_string()),
        source_ref: None,
        visits,
    }
}

/// Generates `options.deals` deals into the default pipeline of `store`, oldest first, in
/// one transaction. `progress` is called with the number written so far.
pub fn generate(
    store: &mut Store,
    options: &DemoOptions,
    mut progress: impl FnMut(u64),
) -> Result<u64> {
    let pipeline = store.pipeline_named(None)?;
    let open: Vec<&Stage> = pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .collect();
    let (Some(won), Some(lost)) = (pipeline.won_stage(), pipeline.lost_stage()) else {
        return Err(StoreError::invalid(
            "the default pipeline needs a won and a lost stage",
        ));
    };
    if open.is_empty() {
        return Err(StoreError::invalid(
            "the default pipeline has no open stage",
        ));
    }
    let walk = Walk {
        open,
        won,
        lost,
        reasons: crate::domain::lost_reason::default_lost_reasons(),
    };
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    // Activities draw from their own stream, so the deals of a seed stay what they were.
    let mut activity_rng = ChaCha8Rng::seed_from_u64(options.seed ^ 0xAC71_F17E);
    let mut writer = store.bulk_writer()?;
    // Each chunk covers its own slice of the past year and is sorted by creation, so ids
    // follow time without holding a million deals in memory.
    const CHUNK: u64 = 50_000;
    const YEAR_SECONDS: i64 = 365 * 86_400;
    let chunks = options.deals.div_ceil(CHUNK).max(1) as i64;
    let mut written = 0;
    for chunk in 0..chunks {
        let count = CHUNK.min(options.deals - written);
        let window_start =
            options.as_of - Duration::seconds(YEAR_SECONDS * (chunks - chunk) / chunks);
        let window_seconds = (YEAR_SECONDS / chunks).max(1);
        let mut batch: Vec<HistoricDeal> = (0..count)
            .map(|_| {
                let created_at =
                    window_start + Duration::seconds(rng.random_range(0..window_seconds));
                one_deal(&mut rng, &pipeline, &walk, created_at, options.as_of)
            })
            .collect();
        batch.sort_by_key(|d| d.created_at);
        for deal in &batch {
            let (done_and_planned, checklist) =
                activities::plan(&mut activity_rng, &pipeline, deal, options.as_of);
            writer.insert_with_activities(deal, &done_and_planned, &checklist)?;
            written += 1;
            if written % 10_000 == 0 {
                progress(written);
            }
        }
    }
    let written = writer.commit()?;
    progress(written);
    Ok(written)
}
