//! Tests of the dashboard's row read: one snapshot, stays, one deal's row again.

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::domain::NewDeal;
use crate::metrics::{Period, ReportRequest, compute};
use crate::store::StoreError;

#[test]
fn archived_deals_and_their_history_still_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("m.db")).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let mut new = NewDeal::new(pipeline.id, "Fleet rollout", Currency::EUR);
    new.amount = Decimal::from(12_000);
    let deal = store.add_deal(&new, start).unwrap();
    let second = pipeline.neighbour(deal.stage_id, 1).unwrap().id;
    store
        .move_deal(deal.id, second, None, None, start + Duration::days(3))
        .unwrap();
    let won = pipeline.won_stage().unwrap().id;
    let moved = store
        .move_deal(deal.id, won, None, None, start + Duration::days(10))
        .unwrap();
    store
        .archive_deal(deal.id, Some(moved.version), start + Duration::days(11))
        .unwrap();
    store
        .add_deal(
            &NewDeal::new(pipeline.id, "Other", Currency::EUR),
            start + Duration::days(1),
        )
        .unwrap();

    let histories = store.deal_histories(pipeline.id).unwrap();
    assert_eq!(histories.len(), 2);
    let stages: Vec<StageId> = histories[0].visits.iter().map(|v| v.stage_id).collect();
    assert_eq!(stages, vec![deal.stage_id, second, won]);

    let request = ReportRequest {
        period: Period::quarter_of(start.date_naive()),
        as_of: start + Duration::days(20),
        target: None,
        owner: None,
    };
    let rates = store.exchange_rates().unwrap();
    let report = compute(&pipeline, &histories, &rates, &request, &Utc);
    assert_eq!((report.won_deals, report.open_deals), (1, 1));
    assert_eq!(report.won_value.plain(), "12000.00");
    assert_eq!(report.avg_cycle_days, Some(10.0));
}

/// Two pipelines whose deals are moved in an interleaved order, so a share's visits
/// often belong to another share's deals or to the other pipeline.
fn interleaved_store(dir: &std::path::Path) -> (Store, Vec<PipelineId>) {
    let mut store = Store::open(dir.join("parts.db")).unwrap();
    let plain = |name: &str| {
        crate::domain::PipelineDef::from_toml(&format!(
            r#"
        name = "{name}"
        currency = "EUR"
        [[stages]]
        name = "First"
        kind = "open"
        probability = 20
        [[stages]]
        name = "Second"
        kind = "open"
        probability = 50
        [[stages]]
        name = "Third"
        kind = "open"
        probability = 80
        [[stages]]
        name = "Won"
        kind = "won"
        probability = 100
        [[stages]]
        name = "Lost"
        kind = "lost"
        probability = 0
        "#
        ))
        .unwrap()
    };
    let mut pipelines = Vec::new();
    for name in ["Plain A", "Plain B"] {
        store.apply_pipeline(&plain(name)).unwrap();
        pipelines.push(store.pipeline_named(Some(name)).unwrap());
    }
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let mut deals = Vec::new();
    for i in 0..60 {
        let pipeline = &pipelines[i % 2];
        let mut new = NewDeal::new(pipeline.id, format!("Deal {i}"), Currency::EUR);
        new.amount = Decimal::from(1000 + i);
        let deal = store
            .add_deal(&new, start + Duration::hours(i as i64))
            .unwrap();
        deals.push((pipeline.clone(), deal));
    }
    // Later moves in reverse deal order: new visits of early deals get the highest ids.
    for (round, step) in [(1_i64, 1_isize), (2, 1), (3, -1)] {
        for (i, (pipeline, deal)) in deals.iter().enumerate().rev() {
            if i % 3 == 0 {
                continue;
            }
            let current = store.deal(deal.id).unwrap();
            let Some(next) = pipeline.neighbour(current.stage_id, step) else {
                continue;
            };
            let at = start + Duration::days(round * 10) + Duration::minutes(i as i64);
            store.move_deal(deal.id, next.id, None, None, at).unwrap();
        }
    }
    let ids = pipelines.iter().map(|p| p.id).collect();
    (store, ids)
}

#[test]
fn the_whole_read_the_stream_and_one_deals_read_agree() {
    let dir = tempfile::tempdir().unwrap();
    let (store, pipelines) = interleaved_store(dir.path());
    for &pipeline in &pipelines {
        let whole = store.deal_histories(pipeline).unwrap();
        assert_eq!(whole.len(), 30);
        assert!(whole.iter().map(|d| d.visits.len()).sum::<usize>() > 60);
        let mut streamed = Vec::new();
        store
            .for_each_deal_history(pipeline, |deal| {
                streamed.push(deal.clone());
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(streamed, whole);
        for deal in &whole {
            assert_eq!(
                store.deal_history(pipeline, deal.id).unwrap().as_ref(),
                Some(deal)
            );
        }
    }
    // Another pipeline's deal, or none at all, is not this pipeline's row.
    let theirs = store.deal_histories(pipelines[1]).unwrap()[0].id;
    assert_eq!(store.deal_history(pipelines[0], theirs).unwrap(), None);
    assert_eq!(
        store.deal_history(pipelines[0], DealId(9_999)).unwrap(),
        None
    );
}

#[test]
fn the_read_sees_one_state_while_another_process_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (store, pipelines) = interleaved_store(dir.path());
    let path = store.path().to_path_buf();
    let stop = std::sync::atomic::AtomicBool::new(false);
    /// Stops the writer however the reading ends, a failed assertion included.
    struct StopOnDrop<'a>(&'a std::sync::atomic::AtomicBool);
    impl Drop for StopOnDrop<'_> {
        fn drop(&mut self) {
            self.0.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
    std::thread::scope(|scope| {
        scope.spawn(|| {
            // Moves deals back and forth as fast as it can, like a second dealdeck.
            let mut writer = Store::open(&path).unwrap();
            let pipeline = writer.pipeline(pipelines[0]).unwrap();
            let at = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
            let ids: Vec<_> = writer
                .deal_histories(pipeline.id)
                .unwrap()
                .iter()
                .map(|d| d.id)
                .collect();
            let mut round = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                round += 1;
                for (i, id) in ids.iter().enumerate() {
                    let current = writer.deal(*id).unwrap();
                    let step = if (round + i) % 2 == 0 { 1 } else { -1 };
                    let Some(next) = pipeline.neighbour(current.stage_id, step) else {
                        continue;
                    };
                    let when = at + Duration::minutes(round as i64 * 100 + i as i64);
                    writer.move_deal(*id, next.id, None, None, when).unwrap();
                }
            }
        });
        let _stop = StopOnDrop(&stop);
        for _ in 0..40 {
            let deals = store.deal_histories(pipelines[0]).unwrap();
            for deal in &deals {
                // Mixed states would show as a deal with two open visits or none.
                let open = deal.visits.iter().filter(|v| v.is_open()).count();
                assert_eq!(open, 1, "deal {} has {open} open visits", deal.id);
            }
        }
    });
}

#[test]
fn timestamps_are_bounded_by_what_chrono_holds() {
    use chrono::DateTime;
    assert_eq!(EARLIEST_SECOND, DateTime::<Utc>::MIN_UTC.timestamp());
    assert_eq!(LATEST_SECOND, DateTime::<Utc>::MAX_UTC.timestamp());
    let dir = tempfile::tempdir().unwrap();
    let (store, pipelines) = interleaved_store(dir.path());
    store
        .conn
        .execute(
            "UPDATE stage_visit SET exited_at = 9223372036854775807 WHERE id = 3",
            [],
        )
        .unwrap();
    let error = store.deal_histories(pipelines[0]).unwrap_err();
    assert!(error.to_string().contains("out of range"), "{error}");
}

#[test]
fn close_dates_read_fast_and_right() {
    assert_eq!(iso_date("2026-02-28"), NaiveDate::from_ymd_opt(2026, 2, 28));
    assert_eq!(iso_date("2026-02-30"), None);
    assert_eq!(iso_date("junk"), None);
}

#[test]
fn rates_are_stored_exactly_and_replaced_per_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("fx.db")).unwrap();
    let usd: Currency = "USD".parse().unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut rate = ExchangeRate {
        base: Currency::EUR,
        currency: usd,
        valid_from: day,
        rate: Decimal::from_str("0.9123456789").unwrap(),
    };
    store.set_exchange_rate(&rate).unwrap();
    rate.rate = Decimal::from_str("0.95").unwrap();
    store.set_exchange_rate(&rate).unwrap();
    let rates = store.exchange_rates().unwrap();
    assert_eq!(rates.all().len(), 1);
    assert_eq!(rates.rate(usd, Currency::EUR, day), Some(rate.rate));
    rate.rate = Decimal::ZERO;
    assert!(store.set_exchange_rate(&rate).is_err());
}

#[test]
fn titles_are_kept_only_where_a_warning_names_the_deal() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("t.db")).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 2, 1, 9, 0, 0).unwrap();
    let home = NewDeal::new(pipeline.id, "At home", pipeline.currency);
    store.add_deal(&home, at).unwrap();
    let other = if pipeline.currency == Currency::EUR {
        "SEK"
    } else {
        "EUR"
    };
    let mut abroad = NewDeal::new(pipeline.id, "Abroad", other.parse().unwrap());
    abroad.amount = Decimal::from(500);
    store.add_deal(&abroad, at).unwrap();

    let rows = store.deal_histories(pipeline.id).unwrap();
    assert_eq!(rows[0].title, None);
    assert_eq!(rows[1].title.as_ref().map(ThinText::as_str), Some("Abroad"));
    let request = ReportRequest {
        period: Period::quarter_of(at.date_naive()),
        as_of: at + Duration::days(1),
        target: None,
        owner: None,
    };
    let report = compute(
        &pipeline,
        &rows,
        &store.exchange_rates().unwrap(),
        &request,
        &Utc,
    );
    assert!(
        report.warnings.iter().any(|w| w.contains("\"Abroad\"")),
        "{:?}",
        report.warnings
    );
}
