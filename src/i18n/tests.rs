//! The catalogues are complete in every language, and numbers read the locale's way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rust_decimal::Decimal;

use super::*;
use crate::t;

/// Every message of one language: key → its text (first line and indented lines).
fn messages(language: Language) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    for (_, file, source) in FILES.iter().filter(|(l, _, _)| *l == language) {
        let mut current: Option<String> = None;
        for line in source.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if line.starts_with([' ', '\t']) {
                let key = current.as_ref().unwrap_or_else(|| panic!("{file}: {line}"));
                let text: &mut String = all.get_mut(key).unwrap();
                text.push('\n');
                text.push_str(line);
                continue;
            }
            let (key, value) = line
                .split_once(" =")
                .unwrap_or_else(|| panic!("{}/{file}: not a message: {line}", language.code()));
            assert!(
                all.insert(key.to_string(), value.to_string()).is_none(),
                "{}/{file}: {key} twice",
                language.code()
            );
            current = Some(key.to_string());
        }
    }
    all
}

fn variables(text: &str) -> BTreeSet<String> {
    text.split('$')
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect()
        })
        .collect()
}

#[test]
fn every_catalogue_file_parses_without_errors() {
    for (language, file, source) in FILES {
        let resource = fluent_bundle::FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, e)| panic!("{}/{file}: {e:?}", language.code()));
        let mut bundle = fluent_bundle::FluentBundle::new(vec![]);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("{}/{file}: {e:?}", language.code()));
    }
    for language in Language::ALL {
        let bundle = catalogue::bundle_of(language);
        for key in messages(language).keys() {
            assert!(bundle.has_message(key), "{}: {key}", language.code());
        }
    }
}

#[test]
fn every_key_exists_in_all_three_languages_with_the_same_arguments() {
    let english = messages(Language::En);
    for language in [Language::Nl, Language::Sv] {
        let other = messages(language);
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", language.code());
        assert!(
            extra.is_empty(),
            "{} has unknown {extra:?}",
            language.code()
        );
        for (key, text) in &english {
            assert_eq!(
                variables(text),
                variables(&other[key]),
                "{}: {key} takes other arguments than in English",
                language.code()
            );
        }
    }
}

fn source_files(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            // Code only: a doc comment's example is not a key the program asks for.
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if !line.trim_start().starts_with("//") {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
}

#[test]
fn every_key_the_code_asks_for_is_in_the_catalogue_and_every_entry_is_used() {
    let mut source = String::new();
    source_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut source,
    );
    let english = messages(Language::En);
    let pieces: Vec<&str> = source.split("t!(\"").collect();
    for (before, asked) in pieces.iter().zip(&pieces[1..]) {
        // `format!("…` ends in `t!("` too; the macro stands alone or after `::`.
        if before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let key = asked.split('"').next().unwrap();
        assert!(english.contains_key(key), "t!(\"{key}\") has no message");
    }
    for key in english.keys() {
        assert!(
            source.contains(&format!("\"{key}\"")),
            "{key} is in the catalogue but no code names it"
        );
    }
}

#[test]
fn messages_take_arguments_and_follow_the_scoped_language() {
    let _nl = scoped(Locale::of(Language::Nl));
    assert_eq!(t!("tab-board"), "Bord");
    {
        let _sv = scoped(Locale::of(Language::Sv));
        assert_eq!(t!("tab-board"), "Tavla");
    }
    assert_eq!(t!("tab-board"), "Bord");
    assert_eq!(text("no-such-key", &[]), "no-such-key");
}

#[test]
fn languages_come_from_locale_names() {
    assert_eq!(
        Language::from_locale_name("nl_NL.UTF-8"),
        Some(Language::Nl)
    );
    assert_eq!(Language::from_locale_name("sv-SE"), Some(Language::Sv));
    assert_eq!(Language::from_locale_name("en_GB"), Some(Language::En));
    assert_eq!(Language::from_locale_name("C"), None);
    assert_eq!(Language::from_locale_name("de_DE.UTF-8"), None);
    assert_eq!(Numbers::from_locale_name("C"), None);
    let german = Numbers::from_locale_name("de_DE.UTF-8").unwrap();
    assert_eq!(german.decimal(Decimal::new(123_450, 2), 2), "1.234,50");
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn money_is_grouped_the_locale_way() {
    let eur = crate::domain::Currency::default();
    let cases = [
        (Language::En, "12,500.50", "1,567,200", "999,999,999,999.99"),
        (Language::Nl, "12.500,50", "1.567.200", "999.999.999.999,99"),
        (
            Language::Sv,
            "12\u{a0}500,50",
            "1\u{a0}567\u{a0}200",
            "999\u{a0}999\u{a0}999\u{a0}999,99",
        ),
    ];
    for (language, small, whole, large) in cases {
        let numbers = Numbers::of(language);
        assert_eq!(numbers.money(dec("12500.5"), eur), small);
        assert_eq!(numbers.decimal(dec("1567200"), 0), whole);
        assert_eq!(numbers.money(dec("999999999999.99"), eur), large);
        assert_eq!(numbers.integer(-1_567_200), format!("-{whole}"));
    }
    let en = Numbers::of(Language::En);
    assert_eq!(en.decimal(dec("0.005"), 2), "0.01", "half away from zero");
    assert_eq!(en.decimal(dec("-0.004"), 2), "0.00", "no minus zero");
    assert_eq!(en.decimal(dec("999"), 0), "999");
}

#[test]
fn percentages_and_days_are_written_the_locale_way() {
    let (en, nl, sv) = (
        Numbers::of(Language::En),
        Numbers::of(Language::Nl),
        Numbers::of(Language::Sv),
    );
    assert_eq!(en.percent(0.452, 1), "45.2%");
    assert_eq!(nl.percent(0.452, 1), "45,2 %");
    assert_eq!(sv.percent(0.452, 1), "45,2\u{a0}%");
    assert_eq!(nl.percent(12.345, 1), "1.234,5 %");
    assert_eq!(en.whole_percent(40), "40%");
    assert_eq!(sv.float(12.25, 1), "12,3");
    assert_eq!(en.float(f64::NAN, 1), "–");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    assert_eq!(en.date(day), "2026-12-01");
    assert_eq!(sv.date(day), "2026-12-01");
    assert_eq!(nl.date(day), "01-12-2026");
    assert_eq!(nl.month(day), "12-2026");
}

#[test]
fn numbers_inside_messages_are_written_the_locale_way() {
    let _sv = scoped(Locale::of(Language::Sv));
    let mut bundle = fluent_bundle::concurrent::FluentBundle::new_concurrent(vec![]);
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(catalogue::format_number));
    let source = "deals = { $count ->\n    [one] one deal\n   *[other] { $count } deals\n}\n";
    bundle
        .add_resource(fluent_bundle::FluentResource::try_new(source.to_string()).unwrap())
        .unwrap();
    let say = |count: i64| {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("count", count);
        let pattern = bundle.get_message("deals").unwrap().value().unwrap();
        bundle
            .format_pattern(pattern, Some(&args), &mut vec![])
            .into_owned()
    };
    assert_eq!(say(1), "one deal");
    assert_eq!(say(1_234_567), "1\u{a0}234\u{a0}567 deals");
}
