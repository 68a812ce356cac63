//! The Fluent catalogues embedded in the binary, one bundle per language, built once.

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Language;

/// `(language, file name, Fluent text)` of every catalogue file, by area of the product.
pub const FILES: &[(Language, &str, &str)] = &[
    (
        Language::En,
        "common.ftl",
        include_str!("../../assets/i18n/en/common.ftl"),
    ),
    (
        Language::En,
        "board.ftl",
        include_str!("../../assets/i18n/en/board.ftl"),
    ),
    (
        Language::En,
        "dashboard.ftl",
        include_str!("../../assets/i18n/en/dashboard.ftl"),
    ),
    (
        Language::En,
        "report.ftl",
        include_str!("../../assets/i18n/en/report.ftl"),
    ),
    (
        Language::En,
        "agenda.ftl",
        include_str!("../../assets/i18n/en/agenda.ftl"),
    ),
    (
        Language::Nl,
        "common.ftl",
        include_str!("../../assets/i18n/nl/common.ftl"),
    ),
    (
        Language::Nl,
        "board.ftl",
        include_str!("../../assets/i18n/nl/board.ftl"),
    ),
    (
        Language::Nl,
        "dashboard.ftl",
        include_str!("../../assets/i18n/nl/dashboard.ftl"),
    ),
    (
        Language::Nl,
        "report.ftl",
        include_str!("../../assets/i18n/nl/report.ftl"),
    ),
    (
        Language::Nl,
        "agenda.ftl",
        include_str!("../../assets/i18n/nl/agenda.ftl"),
    ),
    (
        Language::Sv,
        "common.ftl",
        include_str!("../../assets/i18n/sv/common.ftl"),
    ),
    (
        Language::Sv,
        "board.ftl",
        include_str!("../../assets/i18n/sv/board.ftl"),
    ),
    (
        Language::Sv,
        "dashboard.ftl",
        include_str!("../../assets/i18n/sv/dashboard.ftl"),
    ),
    (
        Language::Sv,
        "report.ftl",
        include_str!("../../assets/i18n/sv/report.ftl"),
    ),
    (
        Language::Sv,
        "agenda.ftl",
        include_str!("../../assets/i18n/sv/agenda.ftl"),
    ),
];

type Bundle = FluentBundle<FluentResource>;

/// Each language's bundle, parsed the first time that language speaks.
static BUNDLES: [OnceLock<Bundle>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];

fn bundle(language: Language) -> &'static Bundle {
    let index = Language::ALL
        .iter()
        .position(|l| *l == language)
        .unwrap_or(0);
    BUNDLES[index].get_or_init(|| bundle_of(language))
}

/// One language's bundle. A file that does not parse or repeats a key keeps what it can;
/// the catalogue tests fail on both, so a shipped binary has neither.
pub(super) fn bundle_of(language: Language) -> Bundle {
    let id = language.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Terminal cells, not a web page: isolation marks would show as stray characters.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(format_number));
    for (_, _, source) in FILES.iter().filter(|(l, _, _)| *l == language) {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// Numbers inside messages (`{ $count }`) are written as the locale writes them.
pub(super) fn format_number<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(number) => Some(super::numbers().float(
            number.value,
            number.options.maximum_fraction_digits.unwrap_or(0),
        )),
        _ => None,
    }
}

/// The message `key` in the current language with `args`; the key itself when it is
/// missing (never at run time: the catalogue tests check every key in every language).
pub fn text(key: &str, args: &[(&str, FluentValue)]) -> String {
    let language = super::current().language;
    let bundle = bundle(language);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut errors = Vec::new();
    let formatted = if args.is_empty() {
        bundle.format_pattern(pattern, None, &mut errors)
    } else {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        Cow::Owned(
            bundle
                .format_pattern(pattern, Some(&fluent_args), &mut errors)
                .into_owned(),
        )
    };
    formatted.into_owned()
}
