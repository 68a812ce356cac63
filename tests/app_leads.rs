//! Leads into deals on the board (seed 004): `W` on a lead converts it, `u` takes the
//! conversion back and Ctrl-R makes it again; `L` through the lead stages sets the
//! qualification. Keys on a temp database, then the database asserted.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{created, ctrl, new_deal, open_app, press, typed};
use dealdeck::app::state::Message;
use dealdeck::domain::{DealId, Qualification, StageKind};
use dealdeck::store::{DealFilter, Store};
use dealdeck::templates::template;
use ratatui::crossterm::event::KeyCode;

/// The board's fixture plus the Leads pipeline with one lead in MQL.
fn with_a_lead() -> (common::Fixture, DealId) {
    let f = common::fixture();
    let mut store = Store::open(&f.path).unwrap();
    store
        .apply_pipeline(&template("leads").unwrap().unwrap())
        .unwrap();
    let leads = store.pipeline_named(Some("Leads")).unwrap();
    let mut new = new_deal(&leads, "Webinar signup", "Acme Lead BV", 4_200);
    new.extra = [("Lead source".to_string(), "Webinar".to_string())].into();
    let lead = store.add_deal(&new, created()).unwrap();
    (f, lead.id)
}

/// Opens the board on the Leads pipeline (the second, through the picker).
fn board_on_leads(f: &common::Fixture) -> dealdeck::app::App {
    let mut app = open_app(&f.path);
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.current_pipeline().unwrap().name, "Leads");
    app
}

#[test]
fn w_on_a_lead_converts_it_and_u_takes_it_back() {
    let (f, lead) = with_a_lead();
    let mut app = board_on_leads(&f);
    assert_eq!(app.state.focused_deal().unwrap().id, lead);
    typed(&mut app, "W");
    let message = app.state.message.clone();
    assert!(
        matches!(&message, Some(Message::Info(text)) if text.contains("converted: deal")),
        "{message:?}"
    );

    let store = Store::open(&f.path).unwrap();
    let won = store.deal(lead).unwrap();
    let leads = store.pipeline(won.pipeline_id).unwrap();
    assert_eq!(won.status, StageKind::Won);
    assert_eq!(leads.stage(won.stage_id).unwrap().name, "Converted");
    let deal = store
        .deal(won.converted_to.expect("the lead links its deal"))
        .unwrap();
    let services = store.pipeline_named(Some("Services")).unwrap();
    assert_eq!(deal.pipeline_id, services.id);
    assert_eq!(deal.stage_id, services.first_open_stage().unwrap().id);
    assert_eq!(deal.qualification, Some(Qualification::Sql));
    assert_eq!(deal.from_lead, Some(lead));
    assert_eq!(
        (&deal.title, &deal.organization, &deal.contact, &deal.owner),
        (&won.title, &won.organization, &won.contact, &won.owner)
    );
    assert_eq!(
        (deal.amount, deal.currency, &deal.extra),
        (won.amount, won.currency, &won.extra)
    );
    assert_eq!(Some(deal.created_at), won.closed_at);
    // The lead's card is in the Converted column now.
    let column = app
        .state
        .board
        .columns
        .iter()
        .find(|c| c.stage.name == "Converted")
        .unwrap();
    assert!(column.cards.iter().any(|c| c.id == lead));
    drop(store);

    press(&mut app, KeyCode::Char('u'));
    let store = Store::open(&f.path).unwrap();
    let reopened = store.deal(lead).unwrap();
    assert_eq!(reopened.status, StageKind::Open);
    assert_eq!(leads.stage(reopened.stage_id).unwrap().name, "MQL");
    assert_eq!((reopened.converted_to, reopened.closed_at), (None, None));
    assert!(store.deal(deal.id).is_err(), "the created deal is gone");
    assert_eq!(store.history(lead).unwrap().len(), 1);
    let all = DealFilter {
        include_archived: true,
        ..DealFilter::default()
    };
    assert_eq!(store.deals(&all).unwrap().len(), 4);
    drop(store);

    // Redone: converted once more, a new linked deal.
    ctrl(&mut app, 'r');
    let store = Store::open(&f.path).unwrap();
    let again = store.deal(lead).unwrap();
    assert_eq!(again.status, StageKind::Won);
    let redone = store.deal(again.converted_to.unwrap()).unwrap();
    assert_eq!(redone.from_lead, Some(lead));
    assert_eq!(store.deals(&all).unwrap().len(), 5);
}

#[test]
fn moving_a_lead_right_sets_its_qualification_and_w_elsewhere_only_wins() {
    let (f, lead) = with_a_lead();
    let mut app = board_on_leads(&f);
    typed(&mut app, "L");
    let store = Store::open(&f.path).unwrap();
    assert_eq!(
        store.deal(lead).unwrap().qualification,
        Some(Qualification::Sal)
    );
    drop(store);
    press(&mut app, KeyCode::Char('u'));
    let store = Store::open(&f.path).unwrap();
    assert_eq!(
        store.deal(lead).unwrap().qualification,
        Some(Qualification::Mql)
    );
    drop(store);

    // On the default pipeline (no converts_to) W is the plain move into won.
    let mut app = open_app(&f.path);
    let first = app.state.focused_deal().unwrap().id;
    typed(&mut app, "W");
    let store = Store::open(&f.path).unwrap();
    let won = store.deal(first).unwrap();
    assert_eq!((won.status, won.converted_to), (StageKind::Won, None));
    assert_eq!(store.deals(&DealFilter::default()).unwrap().len(), 4);
}
