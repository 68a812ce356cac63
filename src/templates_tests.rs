//! The Dutch and Swedish templates against their English originals: same shape, other words.

use super::*;
use crate::domain::{StageDef, StageKind};

/// Every translated template, with the English one it translates and its currency.
const TRANSLATED: &[(&str, &str, &str)] = &[
    ("services-nl", "services", "EUR"),
    ("services-sv", "services", "SEK"),
    ("b2b-nl", "b2b", "EUR"),
    ("b2b-sv", "b2b", "SEK"),
    ("classic-nl", "classic", "EUR"),
    ("classic-sv", "classic", "SEK"),
    ("leads-nl", "leads", "EUR"),
    ("leads-sv", "leads", "SEK"),
];

fn parsed(key: &str) -> PipelineDef {
    template(key)
        .unwrap_or_else(|| panic!("{key} is not registered"))
        .unwrap_or_else(|e| panic!("{key}: {e}"))
}

/// How many items each playbook field holds, in field order.
fn counts(stage: &StageDef) -> [usize; 6] {
    [
        stage.trigger.len(),
        stage.responsibilities.len(),
        stage.documents.len(),
        stage.data_points.len(),
        stage.tasks.len(),
        stage.communication.len(),
    ]
}

/// Every text a rep reads in the template: its name, stage names and playbook items.
fn texts(def: &PipelineDef) -> Vec<String> {
    let mut all = vec![def.name.clone()];
    for stage in &def.stages {
        all.push(stage.name.clone());
        all.extend(stage.trigger.iter().cloned());
        all.extend(stage.responsibilities.iter().cloned());
        all.extend(stage.documents.iter().cloned());
        all.extend(stage.data_points.iter().map(|p| p.name.clone()));
        all.extend(stage.tasks.iter().cloned());
        all.extend(stage.communication.iter().cloned());
    }
    all
}

#[test]
fn every_translation_is_registered_after_the_english_templates() {
    let keys: Vec<&str> = TEMPLATES.iter().map(|(k, _)| *k).collect();
    assert_eq!(&keys[..4], ["services", "b2b", "classic", "leads"]);
    assert_eq!(DEFAULT_TEMPLATE, "services");
    let translated: Vec<&str> = TRANSLATED.iter().map(|(k, _, _)| *k).collect();
    assert_eq!(&keys[4..], translated.as_slice());
    // Pipelines are matched by name when applied: a translation must never update the
    // English pipeline (or another translation) in the same database.
    let mut names: Vec<String> = keys.iter().map(|k| parsed(k).name.to_lowercase()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), keys.len(), "{names:?}");
}

#[test]
fn translations_have_the_shape_of_their_english_original() {
    for (key, english, currency) in TRANSLATED {
        let def = parsed(key);
        let original = parsed(english);
        assert_eq!(def.currency, *currency, "{key}");
        assert_eq!(
            def.expected_days_factor, original.expected_days_factor,
            "{key}"
        );
        assert_eq!(def.converts_to.is_some(), original.converts_to.is_some());
        assert_eq!(def.stages.len(), original.stages.len(), "{key}");
        for (stage, theirs) in def.stages.iter().zip(&original.stages) {
            let at = format!("{key}/{}", stage.name);
            assert_eq!(stage.kind, theirs.kind, "{at}");
            assert_eq!(stage.probability, theirs.probability, "{at}");
            assert_eq!(stage.rot_days, theirs.rot_days, "{at}");
            assert_eq!(stage.expected_days, theirs.expected_days, "{at}");
            assert_eq!(stage.target_conversion, theirs.target_conversion, "{at}");
            assert_eq!(counts(stage), counts(theirs), "{at}");
            let required =
                |s: &StageDef| -> Vec<bool> { s.data_points.iter().map(|p| p.required).collect() };
            assert_eq!(
                required(stage),
                required(theirs),
                "{at}: required data points"
            );
        }
    }
}

#[test]
fn translations_are_really_translated() {
    for (key, english, _) in TRANSLATED {
        let def = parsed(key);
        let original = parsed(english);
        assert_ne!(
            def.name.to_lowercase(),
            original.name.to_lowercase(),
            "{key}"
        );
        for (stage, theirs) in def.stages.iter().zip(&original.stages) {
            // MQL, SAL and SQL are what Dutch and Swedish reps say too (seed 004).
            let acronym = stage.name.chars().all(|c| c.is_ascii_uppercase());
            assert!(
                acronym || stage.name != theirs.name,
                "{key}: stage {} is not translated",
                stage.name
            );
            // Sentences are always translated; a one-word document or data point may be
            // the same word in both languages ("Budget", "Contract").
            let pairs = [
                (&stage.trigger, &theirs.trigger),
                (&stage.responsibilities, &theirs.responsibilities),
                (&stage.tasks, &theirs.tasks),
                (&stage.communication, &theirs.communication),
            ];
            for (ours, english) in pairs {
                for (a, b) in ours.iter().zip(english) {
                    assert_ne!(a, b, "{key}/{}: not translated", stage.name);
                }
            }
        }
        let english_texts = texts(&original);
        let same = texts(&def)
            .into_iter()
            .filter(|t| english_texts.contains(t))
            .collect::<Vec<_>>();
        assert!(
            same.iter().all(|t| !t.contains(" ")),
            "{key}: left in English: {same:?}"
        );
    }
}

#[test]
fn swedish_templates_are_written_in_swedish() {
    for (key, _, _) in TRANSLATED.iter().filter(|(k, _, _)| k.ends_with("-sv")) {
        let all = texts(&parsed(key)).concat();
        assert!(
            all.chars().any(|c| "åäöÅÄÖ".contains(c)),
            "{key} has no å, ä or ö"
        );
    }
}

#[test]
fn each_leads_translation_converts_into_the_services_pipeline_of_its_language() {
    for (leads, services) in [("leads-nl", "services-nl"), ("leads-sv", "services-sv")] {
        assert_eq!(
            parsed(leads).converts_to.as_deref(),
            Some(parsed(services).name.as_str()),
            "{leads}"
        );
    }
    let names =
        |key: &str| -> Vec<String> { parsed(key).stages.iter().map(|s| s.name.clone()).collect() };
    // The seeds' own words (seeds 001, 003, 004).
    assert_eq!(names("services-nl")[0], "Consultatie gepland");
    assert_eq!(names("services-nl")[3], "Ter ondertekening verzonden");
    assert_eq!(names("b2b-sv")[1..4], ["Upptäckt", "Möte", "Förslag"]);
    assert_eq!(names("leads-nl")[..3], ["MQL", "SAL", "SQL"]);
    let won = |key: &str| {
        parsed(key)
            .stages
            .iter()
            .find(|s| s.kind == StageKind::Won)
            .map(|s| s.name.clone())
    };
    assert_eq!(won("classic-nl").as_deref(), Some("Gewonnen"));
    assert_eq!(won("classic-sv").as_deref(), Some("Vunnen"));
}

#[test]
fn a_new_database_starts_in_its_creator_s_language() {
    use crate::i18n::{Language, Locale, scoped};
    for (language, pipeline, reason) in [
        (Language::En, "Services", "Price too high"),
        (Language::Nl, "Diensten", "Prijs te hoog"),
        (Language::Sv, "Tjänster", "För högt pris"),
    ] {
        let _locale = scoped(Locale::of(language));
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(dir.path().join("new.db")).unwrap();
        assert_eq!(store.pipeline_named(None).unwrap().name, pipeline);
        assert_eq!(store.lost_reasons().unwrap()[0], reason);
    }
}
