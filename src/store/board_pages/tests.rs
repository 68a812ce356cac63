//! Tests of the board's pages, column sums and marks against what `board_cards` loads.
use super::*;
use crate::domain::{Currency, NewDeal};

/// A pipeline with deals spread over its stages, some closed, some in another currency.
fn board_store(dir: &std::path::Path) -> (Store, Pipeline, DateTime<Utc>) {
    let mut store = Store::open(dir.join("pages.db")).unwrap();
    let pipeline = store.pipelines().unwrap().remove(0);
    let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    for i in 0..40_i64 {
        let currency = if i % 7 == 0 {
            "USD".parse::<Currency>().unwrap()
        } else {
            pipeline.currency
        };
        let mut new = NewDeal::new(pipeline.id, format!("deal {i}"), currency);
        new.amount = rust_decimal::Decimal::new(1_000 + i * 37, 2);
        if i % 5 == 0 {
            new.probability_override = Some(15);
        }
        let stage = &pipeline.stages[i as usize % pipeline.stages.len()];
        new.stage_id = Some(stage.id);
        new.lost_reason = (stage.kind == StageKind::Lost).then(|| "Price".to_string());
        for point in pipeline.stages.iter().flat_map(|s| &s.playbook.data_points) {
            new.extra.insert(point.name.clone(), "yes".into());
        }
        store.add_deal(&new, at).unwrap();
    }
    (store, pipeline, at - chrono::Duration::days(30))
}

#[test]
fn pages_of_every_column_are_the_board_cards_of_that_column() {
    let dir = tempfile::tempdir().unwrap();
    let (store, pipeline, since) = board_store(dir.path());
    let all = store.board_cards(pipeline.id, since).unwrap();
    for stage in &pipeline.stages {
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .board_page(&pipeline, stage.id, since, after, 3)
                .unwrap();
            assert!(page.len() <= 3);
            let Some(last) = page.last() else { break };
            after = Some(last.id);
            paged.extend(page);
        }
        let expected: Vec<_> = all
            .iter()
            .filter(|c| c.stage_id == stage.id)
            .cloned()
            .collect();
        assert!(!expected.is_empty(), "stage {} has cards", stage.name);
        assert_eq!(paged, expected, "stage {}", stage.name);
    }
}

#[test]
fn an_open_column_page_is_a_range_of_the_stage_index_without_a_sort() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = board_store(dir.path());
    let plan: Vec<String> = store
        .conn
        .prepare(&format!(
            "EXPLAIN QUERY PLAN {}",
            page_sql(StageKind::Open, false)
        ))
        .unwrap()
        .query_map(params![1, 1, 0, 50, 0, 0, ""], |row| {
            row.get::<_, String>(3)
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let plan = plan.join("\n");
    assert!(
        plan.contains("deal_by_stage (stage_id=? AND pipeline_id=? AND rowid>?)"),
        "{plan}"
    );
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
}

#[test]
fn column_sums_are_what_the_board_adds_up_from_its_cards() {
    let dir = tempfile::tempdir().unwrap();
    let (store, pipeline, since) = board_store(dir.path());
    let cards = store.board_cards(pipeline.id, since).unwrap();
    let sums = store
        .board_column_sums(&pipeline, since, &BoardRates::default())
        .unwrap();
    assert_eq!(
        sums,
        store
            .board_column_sums_in_rust(&pipeline, since, "", &BoardRates::default())
            .unwrap()
    );
    assert_eq!(sums.len(), pipeline.stages.len());
    for (stage, sums) in pipeline.stages.iter().zip(&sums) {
        let mut expected = ColumnSums {
            stage_id: stage.id,
            count: 0,
            total: Decimal::ZERO,
            weighted: Decimal::ZERO,
            other_currency: 0,
        };
        for card in cards.iter().filter(|c| c.stage_id == stage.id) {
            expected.count += 1;
            if card.currency != pipeline.currency {
                expected.other_currency += 1;
                continue;
            }
            let probability = match stage.kind {
                StageKind::Open => card.probability_override.unwrap_or(stage.probability),
                _ => stage.probability,
            };
            expected.total += card.amount;
            expected.weighted += card.amount * Decimal::from(probability) / Decimal::ONE_HUNDRED;
        }
        assert_eq!(*sums, expected, "stage {}", stage.name);
    }
    assert!(sums.iter().any(|s| s.other_currency > 0));
}

#[test]
fn filtered_pages_and_sums_are_those_of_the_matching_cards() {
    let dir = tempfile::tempdir().unwrap();
    let (store, pipeline, since) = board_store(dir.path());
    store.tune_for_board().unwrap();
    // "deal 1", "deal 10".."deal 19": a Unicode-lower-cased match as the board's own.
    let needle = "deal 1";
    let all = store.board_cards(pipeline.id, since).unwrap();
    let sums = store
        .board_column_sums_matching(&pipeline, since, needle, &BoardRates::default())
        .unwrap();
    assert_eq!(
        sums,
        store
            .board_column_sums_in_rust(&pipeline, since, needle, &BoardRates::default())
            .unwrap()
    );
    let mut seen = 0;
    for (stage, sums) in pipeline.stages.iter().zip(&sums) {
        let expected: Vec<_> = all
            .iter()
            .filter(|c| c.stage_id == stage.id && c.title.starts_with("deal 1"))
            .cloned()
            .collect();
        let ask = PageAsk {
            stage: stage.id,
            after: None,
            through: None,
            limit: 100,
        };
        let paged = store
            .board_page_matching(&pipeline, since, &ask, needle)
            .unwrap();
        assert_eq!(paged, expected, "stage {}", stage.name);
        assert_eq!(sums.count, expected.len() as u64, "stage {}", stage.name);
        seen += paged.len();
    }
    assert_eq!(seen, 11);
    assert!(card_matches("örn", [None, Some("BJÖRN AB"), None, None]));
}

#[test]
fn a_read_through_a_card_goes_on_until_that_card_is_in() {
    let dir = tempfile::tempdir().unwrap();
    let (store, pipeline, since) = board_store(dir.path());
    let stage = pipeline.stages[0].id;
    let all = store
        .board_page(&pipeline, stage, since, None, 100)
        .unwrap();
    let target = all[all.len() - 2].id;
    let ask = PageAsk {
        stage,
        after: None,
        through: Some(target),
        limit: 2,
    };
    let read = store
        .board_read(&pipeline, since, since, &[ask], "", false)
        .unwrap();
    let page = &read.pages[0];
    assert!(page.cards.iter().any(|c| c.id == target));
    assert_eq!(page.cards[..], all[..page.cards.len()]);
    assert!(read.sums.is_none());
}
