//! The activity and checklist store API the board and the Agenda tab call: each change and its
//! undo, the agenda's sections, rotting kept right, checklists on entering a stage, the
//! migration of an older file, and the agenda's query plans at 100 000 deals.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use chrono::{DateTime, Duration, TimeZone, Utc};
use dealdeck::domain::{ActivityKind, AgendaWindow, DealId, Due, NewDeal, is_rotting, next_step};
use dealdeck::store::{ActivityFilter, ActivityPatch, ActivityWindow, NewActivity, Store};

/// Monday 2026-03-02 at `hour`:00 UTC.
fn at(hour: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap() + Duration::hours(hour)
}

fn temp_store() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deals.db");
    let store = Store::open(&path).unwrap();
    (dir, path, store)
}

fn add_deal(store: &mut Store, title: &str, when: DateTime<Utc>) -> DealId {
    let pipeline = store.pipeline_named(None).unwrap();
    let new = NewDeal::new(pipeline.id, title, pipeline.currency);
    store.add_deal(&new, when).unwrap().id
}

fn plan(deal: DealId, kind: ActivityKind, due: DateTime<Utc>) -> NewActivity {
    NewActivity {
        deal,
        kind,
        due: Due::At(due),
        note: Some("Ask about the budget".into()),
    }
}

#[test]
fn done_undo_delete_restore_and_edit_round_trip() {
    let (_dir, _path, mut store) = temp_store();
    let deal = add_deal(&mut store, "Cloud migration", at(0));
    let planned = store
        .add_activity(&plan(deal, ActivityKind::FollowUp, at(30)), at(1))
        .unwrap();
    assert!(planned.is_planned());
    assert_eq!(
        store.deal(deal).unwrap().last_activity_at,
        at(0),
        "planning is not doing"
    );

    let done = store
        .complete_activity(planned.id, Some("Reached; sending a quote"), at(5))
        .unwrap();
    assert_eq!(done.activity.done_at, Some(at(5)));
    assert_eq!(
        done.activity.outcome.as_deref(),
        Some("Reached; sending a quote")
    );
    assert_eq!(done.previous_last_activity_at, at(0));
    assert_eq!(store.deal(deal).unwrap().last_activity_at, at(5));
    let again = store
        .complete_activity(planned.id, None, at(6))
        .unwrap_err();
    assert!(again.is_bad_input());
    assert!(again.to_string().contains("already done"), "{again}");
    assert_eq!(
        store.activity(planned.id).unwrap().done_at,
        Some(at(5)),
        "unchanged"
    );

    let undone = store.undo_done(&done).unwrap();
    assert_eq!(undone, planned, "exactly as planned again");
    assert_eq!(store.deal(deal).unwrap().last_activity_at, at(0));

    let edit = store
        .edit_activity(
            planned.id,
            &ActivityPatch {
                kind: Some(ActivityKind::Meeting),
                due: Some(Due::At(at(50))),
                note: Some(None),
            },
        )
        .unwrap();
    assert_eq!(edit.before, planned);
    assert_eq!(edit.after.kind, ActivityKind::Meeting);
    assert_eq!(edit.after.note, None);
    assert_eq!(
        store.restore_activity(&edit.before).unwrap(),
        planned,
        "undo of an edit"
    );

    let deleted = store.delete_activity(planned.id).unwrap();
    assert_eq!(deleted, planned);
    assert!(store.activity(planned.id).is_err());
    assert_eq!(
        store.restore_activity(&deleted).unwrap(),
        planned,
        "undo of a delete"
    );
    assert_eq!(store.activities_of(deal).unwrap(), vec![planned]);
}

#[test]
fn a_logged_call_counts_and_undoing_keeps_later_events() {
    let (_dir, _path, mut store) = temp_store();
    let deal = add_deal(&mut store, "Security audit", at(0));
    let call = store
        .log_done_activity(
            &plan(deal, ActivityKind::Call, at(3)),
            Some("No answer"),
            at(3),
        )
        .unwrap();
    assert_eq!(call.activity.done_at, Some(at(3)));
    assert_eq!(store.deal(deal).unwrap().last_activity_at, at(3));
    // A note after the call: undoing the call must not take the deal's activity back.
    store
        .add_note(deal, "Wrote to them instead", at(4))
        .unwrap();
    store.undo_done(&call).unwrap();
    assert_eq!(store.deal(deal).unwrap().last_activity_at, at(4));
}

#[test]
fn notes_moves_and_done_activities_keep_rotting_right_but_edits_do_not_count() {
    let (_dir, _path, mut store) = temp_store();
    let deal = add_deal(&mut store, "Office fit-out", at(0));
    let rot = store.pipeline_named(None).unwrap().stages[0]
        .rot_days
        .unwrap();
    let later = at(0) + Duration::days(i64::from(rot));
    assert!(is_rotting(
        store.deal(deal).unwrap().last_activity_at,
        rot,
        later
    ));
    let patch = dealdeck::domain::DealPatch {
        title: Some("Office fit-out (phase 2)".into()),
        ..Default::default()
    };
    store.edit_deal(deal, None, &patch, at(10)).unwrap();
    assert_eq!(
        store.deal(deal).unwrap().last_activity_at,
        at(0),
        "fixing a title is not contact"
    );
    store.add_note(deal, "Called", at(11)).unwrap();
    assert_eq!(store.deal(deal).unwrap().last_activity_at, at(11));
    let verbal = store.pipeline_named(None).unwrap().stages[1].id;
    store.move_deal(deal, verbal, None, None, at(12)).unwrap();
    assert_eq!(store.deal(deal).unwrap().last_activity_at, at(12));
}

#[test]
fn the_agenda_has_overdue_today_the_week_and_the_deals_gone_quiet() {
    let (_dir, _path, mut store) = temp_store();
    // Created long ago: rotting in its first stage (rot_days 14), nothing planned.
    let quiet = add_deal(&mut store, "Quiet deal", at(0) - Duration::days(40));
    let busy = add_deal(&mut store, "Busy deal", at(0) - Duration::days(40));
    let fresh = add_deal(&mut store, "Fresh deal", at(0));
    let now = at(12);
    let window = AgendaWindow::in_zone(now, &Utc);
    let overdue = store
        .add_activity(&plan(busy, ActivityKind::Call, at(9)), at(1))
        .unwrap();
    let today = store
        .add_activity(&plan(fresh, ActivityKind::Email, at(15)), at(1))
        .unwrap();
    let week = store
        .add_activity(&plan(fresh, ActivityKind::Meeting, at(24 * 7 + 3)), at(1))
        .unwrap();
    let later = store
        .add_activity(&plan(fresh, ActivityKind::Task, at(24 * 9)), at(1))
        .unwrap();
    let agenda = store.agenda(None, &window).unwrap();
    let ids = |items: &[dealdeck::store::AgendaItem]| -> Vec<_> {
        items.iter().map(|i| i.activity.id).collect()
    };
    assert_eq!(ids(&agenda.overdue), [overdue.id]);
    assert!(agenda.overdue[0].overdue);
    assert_eq!(agenda.overdue[0].deal_title, "Busy deal");
    assert_eq!(agenda.overdue[0].stage_name, "Consultation scheduled");
    assert_eq!(ids(&agenda.today), [today.id]);
    assert_eq!(ids(&agenda.week), [week.id]);
    assert!(!ids(&agenda.week).contains(&later.id));
    // Busy is rotting too, but it has something planned: not gone quiet.
    let gone: Vec<DealId> = agenda.gone_quiet.iter().map(|q| q.deal_id).collect();
    assert_eq!(gone, [quiet]);
    assert_eq!(agenda.gone_quiet[0].rot_days, 14);
    // Planning a step takes it off the list; archiving does too.
    let step = store
        .add_activity(&plan(quiet, ActivityKind::FollowUp, at(30)), at(12))
        .unwrap();
    assert!(store.gone_quiet(None, now).unwrap().is_empty());
    store.delete_activity(step.id).unwrap();
    store.archive_deal(quiet, None, at(12)).unwrap();
    assert!(store.gone_quiet(None, now).unwrap().is_empty());

    let pipeline = store.pipeline_named(None).unwrap().id;
    let steps = store.next_steps(pipeline).unwrap();
    assert_eq!(steps[&fresh].id, today.id, "the earliest planned one");
    assert_eq!(steps[&busy].id, overdue.id);
    let all = store.activities_of(fresh).unwrap();
    assert_eq!(next_step(&all, &Utc).map(|a| a.id), Some(today.id));
    let listed = store
        .activities(
            &ActivityFilter {
                window: ActivityWindow::Overdue,
                ..Default::default()
            },
            &window,
        )
        .unwrap();
    assert_eq!(ids(&listed), [overdue.id]);
}

#[test]
fn a_day_due_today_is_not_overdue_until_it_has_passed() {
    let (_dir, _path, mut store) = temp_store();
    let deal = add_deal(&mut store, "Cloud migration", at(0));
    let now = Utc::now();
    let today = now.with_timezone(&chrono::Local).date_naive();
    let task = NewActivity {
        deal,
        kind: ActivityKind::Task,
        due: Due::Day(today),
        note: None,
    };
    let added = store.add_activity(&task, now).unwrap();
    assert_eq!(added.due, Due::Day(today), "a day reads back as that day");
    let window = AgendaWindow::local(now);
    let agenda = store.agenda(None, &window).unwrap();
    assert!(agenda.overdue.is_empty());
    assert_eq!(agenda.today.len(), 1);
    let pipeline = store.pipeline_named(None).unwrap().id;
    assert!(
        store
            .deals_with_overdue_activity(pipeline, now)
            .unwrap()
            .is_empty()
    );
    let tomorrow = AgendaWindow::local(now + Duration::days(1));
    assert_eq!(store.agenda(None, &tomorrow).unwrap().overdue.len(), 1);
}

#[test]
fn entering_a_stage_copies_its_tasks_and_ticks_survive_a_return() {
    let (_dir, _path, mut store) = temp_store();
    let deal = add_deal(&mut store, "ERP integration", at(0));
    let list = store.checklist(deal).unwrap();
    assert_eq!(list.items.len(), 2);
    let ticked = store.tick_task(deal, "needs assessment", at(1)).unwrap();
    assert_eq!(ticked.done(), 1);
    assert_eq!(ticked.items[0].done_at, Some(at(1)));
    assert!(store.tick_task(deal, "Needs assessment", at(2)).is_err());
    let pipeline = store.pipeline_named(None).unwrap();
    let progress = store.checklist_progress(pipeline.id).unwrap();
    assert_eq!(progress[&deal], (1, 2));
    let (first, second) = (pipeline.stages[0].id, pipeline.stages[1].id);
    store.move_deal(deal, second, None, None, at(3)).unwrap();
    let moved = store.checklist(deal).unwrap();
    assert_eq!(moved.stage_id, second);
    assert_eq!(moved.done(), 0);
    assert_eq!(
        store.checklist_progress(pipeline.id).unwrap()[&deal],
        (0, 2)
    );
    store.move_deal(deal, first, None, None, at(4)).unwrap();
    assert_eq!(
        store.checklist(deal).unwrap().done(),
        1,
        "ticks of an earlier stay are kept"
    );
    let unticked = store.untick_task(deal, "Needs assessment").unwrap();
    assert_eq!(unticked.done(), 0);
}

#[test]
fn an_older_file_keeps_its_activities_through_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    dealdeck::store::migrate_to(&mut conn, 0, 2).unwrap();
    conn.execute_batch(
        "INSERT INTO pipeline (id, name, currency, created_at) VALUES (1, 'Old', 'EUR', 0);
         INSERT INTO stage (id, pipeline_id, name, position, kind, probability) VALUES
           (1, 1, 'Open', 0, 'open', 50), (2, 1, 'Won', 1, 'won', 100), (3, 1, 'Lost', 2, 'lost', 0);
         INSERT INTO lost_reason (name, position) VALUES ('Price too high', 0);
         INSERT INTO deal (id, pipeline_id, stage_id, title, currency, created_at, updated_at, last_activity_at)
           VALUES (1, 1, 1, 'Kept', 'EUR', 100, 100, 100);
         INSERT INTO stage_visit (deal_id, stage_id, entered_at) VALUES (1, 1, 100);
         INSERT INTO activity (id, deal_id, kind, subject, due_at, done_at, created_at)
           VALUES (7, 1, 'follow_up', 'Send the deck', 5000, NULL, 100),
                  (8, 1, 'call', '', NULL, 300, 200);",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert!(store.migration_backup().is_some());
    let kept = store.activities_of(DealId(1)).unwrap();
    assert_eq!(kept.len(), 2);
    let follow_up = kept.iter().find(|a| a.id.0 == 7).unwrap();
    assert_eq!(follow_up.kind, ActivityKind::FollowUp);
    assert_eq!(follow_up.note.as_deref(), Some("Send the deck"));
    assert_eq!(
        follow_up.due,
        Due::At(DateTime::from_timestamp(5000, 0).unwrap())
    );
    let call = kept.iter().find(|a| a.id.0 == 8).unwrap();
    assert_eq!(call.note, None, "an empty subject is no note");
    assert_eq!(call.due, Due::At(DateTime::from_timestamp(200, 0).unwrap()));
    assert!(store.checklist(DealId(1)).unwrap().items.is_empty());
    drop(store);
    // And the migrated file is exactly dealdeck's schema: `check --full` has nothing to say.
    let store = Store::open_existing(&path).unwrap();
    assert!(store.check(true).unwrap().problems.is_empty());
}

/// The plan of `sql` as one line per step.
fn plan_of(conn: &rusqlite::Connection, sql: &str) -> String {
    let mut statement = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let steps: Vec<String> = statement
        .query_map([], |row| row.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    steps.join("\n")
}

#[test]
fn agenda_queries_use_indexes_and_stay_fast_at_scale() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.db");
    let as_of = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
    {
        let mut store = Store::open(&path).unwrap();
        store.relax_durability_for_new_file().unwrap();
        let options = dealdeck::demo::DemoOptions {
            deals: 20_000,
            seed: 3,
            as_of,
        };
        dealdeck::demo::generate(&mut store, &options, |_| {}).unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("ANALYZE").unwrap();
    // The window as the agenda reads it for one pipeline: SQLite must start from the planned
    // activities in due order, not from the pipeline's deals (a probe per deal).
    let windows = plan_of(
        &conn,
        "SELECT a.id FROM activity a CROSS JOIN deal d ON d.id = a.deal_id JOIN stage s ON s.id = d.stage_id
         WHERE a.done_at IS NULL AND a.due_at < 1 AND (a.all_day = 0 OR a.due_at < 1)
           AND d.pipeline_id = 1 ORDER BY a.due_at, a.id LIMIT 200",
    );
    assert!(
        windows.starts_with("SEARCH a USING INDEX activity_open_due")
            || windows.starts_with("SEARCH a USING COVERING INDEX activity_planned"),
        "{windows}"
    );
    assert!(!windows.contains("deal_by_pipeline"), "{windows}");
    // A section's count reads the covering index only, then each deal by key.
    let count = plan_of(
        &conn,
        "SELECT count(*) FROM activity a CROSS JOIN deal d ON d.id = a.deal_id JOIN stage s ON s.id = d.stage_id
         WHERE a.done_at IS NULL AND a.due_at >= 1 AND a.due_at < 2 AND d.pipeline_id = 1",
    );
    assert!(
        count.starts_with("SEARCH a USING COVERING INDEX activity_planned"),
        "{count}"
    );
    let quiet = plan_of(
        &conn,
        "SELECT d.id FROM stage s CROSS JOIN deal d ON d.stage_id = s.id
              AND d.last_activity_at <= 1 - s.rot_days * 86400 AND d.archived_at IS NULL
         WHERE s.kind = 'open' AND s.rot_days IS NOT NULL AND (NULL IS NULL OR s.pipeline_id = NULL)
           AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.deal_id = d.id AND a.done_at IS NULL)",
    );
    assert!(quiet.contains("deal_live_by_stage_quiet"), "{quiet}");
    assert!(quiet.contains("activity_open_by_deal"), "{quiet}");
    drop(conn);
    let store = Store::open_existing(&path).unwrap();
    let started = std::time::Instant::now();
    let agenda = store
        .agenda(None, &AgendaWindow::in_zone(as_of, &Utc))
        .unwrap();
    let took = started.elapsed();
    assert!(!agenda.gone_quiet.is_empty() && !agenda.overdue.is_empty());
    assert!(agenda.week.len() <= dealdeck::store::AGENDA_PAGE);
    assert_eq!(
        agenda.counts.gone_quiet,
        store.gone_quiet(None, as_of).unwrap().len() as u64,
        "the count is every quiet deal, the list its first page"
    );
    assert!(
        took < std::time::Duration::from_secs(1),
        "agenda took {took:?}"
    );
}

#[test]
fn a_version_3_file_migrates_to_the_agenda_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    dealdeck::store::migrate_to(&mut conn, 0, 3).unwrap();
    conn.execute_batch(
        "INSERT INTO pipeline (id, name, currency, created_at) VALUES (1, 'Old', 'EUR', 0);
         INSERT INTO stage (id, pipeline_id, name, position, kind, probability) VALUES
           (1, 1, 'Open', 0, 'open', 50), (2, 1, 'Won', 1, 'won', 100), (3, 1, 'Lost', 2, 'lost', 0);
         INSERT INTO lost_reason (name, position) VALUES ('Price too high', 0);
         INSERT INTO deal (id, pipeline_id, stage_id, title, currency, created_at, updated_at, last_activity_at)
           VALUES (1, 1, 1, 'Kept', 'EUR', 100, 100, 100);
         INSERT INTO stage_visit (deal_id, stage_id, entered_at) VALUES (1, 1, 100);
         INSERT INTO activity (id, deal_id, kind, due_at, created_at)
           VALUES (7, 1, 'follow_up', 5000, 100);",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert!(store.migration_backup().is_some());
    assert_eq!(store.activities_of(DealId(1)).unwrap().len(), 1);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, dealdeck::store::schema::LATEST_VERSION);
    let indexes: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index'
               AND name IN ('activity_planned', 'deal_live_by_stage_quiet')",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 2);
    drop(conn);
    let store = Store::open_existing(&path).unwrap();
    assert!(store.check(true).unwrap().problems.is_empty());
}
