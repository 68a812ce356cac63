//! The contract's stories of leads into deals (seed 004), run on every backend by
//! tests/contract.rs: `converts_to` checked and stored, a conversion and its undo exact,
//! qualification following the MQL/SAL/SQL stages, and an import's link.

use std::collections::BTreeMap;

use dealdeck::domain::{Deal, NewDeal, PipelineDef, Qualification, StageKind};
use dealdeck::store::{Repository, StoreError};
use dealdeck::templates::template;
use rust_decimal::Decimal;

use super::{Fresh, at};

fn leads(repo: &mut dyn Repository) -> dealdeck::domain::Pipeline {
    repo.apply_pipeline(&template("leads").unwrap().unwrap())
        .unwrap();
    repo.pipeline_named(Some("Leads")).unwrap()
}

fn lead(repo: &mut dyn Repository) -> Deal {
    let pipeline = leads(repo);
    let mut new = NewDeal::new(pipeline.id, "Webinar signup", pipeline.currency);
    new.amount = Decimal::new(1_234_550, 2);
    new.organization = Some("Acme".into());
    new.contact.name = Some("Ada".into());
    new.contact.email = Some("ada@acme.test".into());
    new.owner = Some("sam".into());
    new.extra = BTreeMap::from([("Lead source".to_string(), "Webinar".to_string())]);
    repo.add_deal(&new, at(2, 9)).unwrap()
}

fn invalid(outcome: Result<impl std::fmt::Debug, StoreError>, words: &[&str]) {
    match &outcome {
        Err(error) => {
            let text = error.to_string();
            assert!(words.iter().all(|w| text.contains(w)), "{text}");
        }
        Ok(found) => panic!("expected a refusal naming {words:?}, got {found:?}"),
    }
}

/// The leads template converts to the default pipeline; an unknown target, the pipeline
/// itself and a cycle are refused with the names; the link of an import is kept.
pub fn converts_to_is_checked_stored_and_shown(fresh: Fresh) {
    let (mut repo, _keep) = fresh;
    let services = repo.pipeline_named(None).unwrap();
    let leads = leads(&mut *repo);
    let target = leads.converts_to.clone().unwrap();
    assert_eq!((target.id, target.name.as_str()), (services.id, "Services"));
    assert_eq!(
        PipelineDef::of(&leads).converts_to.as_deref(),
        Some("Services")
    );
    assert_eq!(repo.pipeline(leads.id).unwrap(), leads);

    let mut unknown = template("leads").unwrap().unwrap();
    unknown.converts_to = Some("Renewals".into());
    invalid(
        repo.apply_pipeline(&unknown),
        &["\"Renewals\"", "does not exist"],
    );
    let mut itself = unknown.clone();
    itself.converts_to = Some("leads".into());
    invalid(repo.apply_pipeline(&itself), &["\"Leads\"", "itself"]);
    let mut cycle = PipelineDef::of(&services);
    cycle.converts_to = Some("Leads".into());
    invalid(
        repo.apply_pipeline(&cycle),
        &["cycle", "\"Services\"", "\"Leads\""],
    );
    // Nothing of the refused applies was kept.
    assert_eq!(repo.pipeline(leads.id).unwrap(), leads);
    assert!(repo.pipeline(services.id).unwrap().converts_to.is_none());

    // Leaving converts_to out of the file takes it away.
    let mut plain = template("leads").unwrap().unwrap();
    plain.converts_to = None;
    repo.apply_pipeline(&plain).unwrap();
    assert!(repo.pipeline(leads.id).unwrap().converts_to.is_none());

    // A dealdeck file's link, written by an import.
    let mut new = NewDeal::new(leads.id, "Lead", leads.currency);
    new.stage_id = leads.won_stage().map(|s| s.id);
    let lead = repo.add_deal(&new, at(2, 9)).unwrap();
    let deal = repo
        .add_deal(
            &NewDeal::new(services.id, "Deal", services.currency),
            at(2, 9),
        )
        .unwrap();
    let mut import = repo.importer().unwrap();
    import.link_conversion(lead.id, deal.id).unwrap();
    import.link_conversion(lead.id, deal.id).unwrap();
    import.commit().unwrap();
    assert_eq!(repo.deal(lead.id).unwrap().converted_to, Some(deal.id));
    assert_eq!(repo.deal(deal.id).unwrap().from_lead, Some(lead.id));
}

/// Moving a lead through MQL, SAL and SQL sets its qualification, and undo puts it back;
/// a conversion wins the lead and opens a deal carrying its fields at SQL, once; its undo
/// deletes the deal and reopens the lead exactly.
pub fn a_lead_converts_once_into_a_linked_deal_and_undoes_exactly(fresh: Fresh) {
    let (mut repo, _keep) = fresh;
    let lead = lead(&mut *repo);
    assert_eq!(lead.qualification, Some(Qualification::Mql));
    let pipeline = repo.pipeline(lead.pipeline_id).unwrap();
    let stage = |name: &str| pipeline.stage_named(name).unwrap().id;
    let record = repo
        .move_deal(lead.id, stage("SAL"), None, Some(lead.version), at(3, 9))
        .unwrap();
    assert_eq!(
        repo.deal(lead.id).unwrap().qualification,
        Some(Qualification::Sal)
    );
    let back = repo.undo_move(&record).unwrap();
    assert_eq!(back.qualification, Some(Qualification::Mql));
    let moved = repo
        .move_deal(lead.id, stage("SAL"), None, Some(back.version), at(3, 10))
        .unwrap();
    let before = (repo.deal(lead.id).unwrap(), repo.history(lead.id).unwrap());

    let converted = repo
        .convert_lead(lead.id, None, Some(moved.version), at(5, 14))
        .unwrap();
    let (won, deal) = (
        repo.deal(lead.id).unwrap(),
        repo.deal(converted.deal.id).unwrap(),
    );
    assert_eq!(
        (won.status, won.stage_id),
        (StageKind::Won, stage("Converted"))
    );
    assert_eq!(won.closed_at, Some(at(5, 14)));
    assert_eq!(won.converted_to, Some(deal.id));
    assert_eq!(
        (won.clone(), deal.clone()),
        (converted.lead, converted.deal)
    );
    let services = repo.pipeline_named(Some("Services")).unwrap();
    assert_eq!(deal.pipeline_id, services.id);
    assert_eq!(
        deal.stage_id,
        services.first_open_stage().unwrap().id,
        "the target's first open stage"
    );
    assert_eq!(deal.qualification, Some(Qualification::Sql));
    assert_eq!(deal.from_lead, Some(lead.id));
    assert_eq!(deal.converted_to, None);
    assert_eq!(
        (&deal.title, &deal.organization, &deal.contact, &deal.owner),
        (&lead.title, &lead.organization, &lead.contact, &lead.owner)
    );
    assert_eq!((deal.amount, deal.currency), (lead.amount, lead.currency));
    assert_eq!(deal.extra, lead.extra);
    // The deal begins at the conversion: that is where the sales figures count it from.
    assert_eq!(deal.created_at, at(5, 14));
    let history = repo.history(deal.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].entered_at, at(5, 14));

    invalid(
        repo.convert_lead(lead.id, None, None, at(5, 15)),
        &["already converted", &deal.id.to_string()],
    );
    assert_eq!(repo.deals(&Default::default()).unwrap().len(), 2);

    let reopened = repo.undo_conversion(&converted.record).unwrap();
    assert!(matches!(repo.deal(deal.id), Err(StoreError::NotFound(_))));
    let after = (repo.deal(lead.id).unwrap(), repo.history(lead.id).unwrap());
    assert_eq!(after.1, before.1, "the lead's history as before");
    assert_eq!(
        (
            after.0.stage_id,
            after.0.status,
            after.0.closed_at,
            after.0.converted_to
        ),
        (before.0.stage_id, StageKind::Open, None, None)
    );
    assert_eq!(reopened, after.0);
    invalid(repo.undo_conversion(&converted.record), &["does not exist"]);

    // Into a pipeline given by name, once more; a lead of a pipeline without converts_to
    // needs one.
    let again = repo
        .convert_lead(lead.id, Some(services.id), None, at(6, 9))
        .unwrap();
    assert_eq!(again.deal.pipeline_id, services.id);
    let plain = repo
        .add_deal(
            &NewDeal::new(services.id, "Direct", services.currency),
            at(6, 9),
        )
        .unwrap();
    invalid(
        repo.convert_lead(plain.id, None, None, at(6, 10)),
        &["\"Services\"", "converts_to"],
    );
    invalid(
        repo.convert_lead(again.deal.id, Some(services.id), None, at(6, 10)),
        &["already in pipeline"],
    );
}
