//! The reps' language: which of English, Dutch and Swedish the screens speak, and the
//! numbers and dates written the locale's way.
//!
//! Words come from Fluent catalogues in `assets/i18n/<language>/*.ftl` through [`t!`];
//! numbers from [`Numbers`] (CLDR separators via `num-format`). The locale is chosen once at
//! start-up ([`choose`]); tests pick one for their own thread with [`scoped`], so snapshots in
//! three languages run side by side. JSON keys, command names and the database stay English.

mod catalogue;
mod numbers;

#[cfg(test)]
mod tests;

use std::cell::Cell;
use std::sync::OnceLock;

pub use catalogue::{FILES, text};
pub use fluent_bundle::FluentValue;
pub use numbers::Numbers;

/// A language the screens can speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, strum::EnumIter)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Nl,
    Sv,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Nl, Language::Sv];

    /// The ISO 639-1 code, as config.toml and the catalogue folders spell it.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Nl => "nl",
            Language::Sv => "sv",
        }
    }

    /// `nl_NL.UTF-8`, `sv-SE` or `nl` name a language we speak; `C`, `de_DE` do not.
    pub fn from_locale_name(name: &str) -> Option<Language> {
        let code = language_part(name);
        Language::ALL.into_iter().find(|l| l.code() == code)
    }

    /// `LC_ALL`, then `LC_MESSAGES`, then `LANG` (the first that is set and not empty
    /// decides, as POSIX has it); English when that one names no language we speak.
    pub fn from_env() -> Language {
        first_set(&["LC_ALL", "LC_MESSAGES", "LANG"])
            .and_then(|name| Language::from_locale_name(&name))
            .unwrap_or(Language::En)
    }
}

/// The lower-case language part of a POSIX or BCP 47 locale name.
fn language_part(name: &str) -> String {
    name.split(['_', '.', '@', '-'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn first_set(variables: &[&str]) -> Option<String> {
    variables
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|value| !value.is_empty())
}

/// What the screens speak and how they write numbers and dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Locale {
    pub language: Language,
    pub numbers: Numbers,
}

impl Locale {
    /// The language's own way of writing numbers.
    pub fn of(language: Language) -> Locale {
        Locale {
            language,
            numbers: Numbers::of(language),
        }
    }

    /// `language` from config.toml wins and sets numbers too; else words follow `LC_ALL` /
    /// `LC_MESSAGES` / `LANG` and numbers `LC_ALL` / `LC_NUMERIC` / `LANG` (a German
    /// `LC_NUMERIC` writes `1.234,5` beside English words).
    pub fn from_settings(configured: Option<Language>) -> Locale {
        if let Some(language) = configured {
            return Locale::of(language);
        }
        let language = Language::from_env();
        let numbers = first_set(&["LC_ALL", "LC_NUMERIC", "LANG"])
            .and_then(|name| Numbers::from_locale_name(&name))
            .unwrap_or_else(|| Numbers::of(language));
        Locale { language, numbers }
    }
}

static CHOSEN: OnceLock<Locale> = OnceLock::new();

thread_local! {
    static SCOPED: Cell<Option<Locale>> = const { Cell::new(None) };
}

/// Sets the process's locale; the first call wins (start-up calls it once).
pub fn choose(locale: Locale) {
    let _ = CHOSEN.set(locale);
}

/// The locale in force on this thread: a [`scoped`] one, else the chosen one, else English.
pub fn current() -> Locale {
    SCOPED
        .with(Cell::get)
        .or_else(|| CHOSEN.get().copied())
        .unwrap_or(Locale::of(Language::En))
}

/// The current locale's number formatter.
pub fn numbers() -> Numbers {
    current().numbers
}

/// Uses `locale` on this thread until the guard is dropped (tests in several languages).
pub fn scoped(locale: Locale) -> ScopedLocale {
    let previous = SCOPED.with(|cell| cell.replace(Some(locale)));
    ScopedLocale { previous }
}

/// Restores the thread's previous locale when dropped.
#[must_use = "the locale applies only while the guard lives"]
pub struct ScopedLocale {
    previous: Option<Locale>,
}

impl Drop for ScopedLocale {
    fn drop(&mut self) {
        SCOPED.with(|cell| cell.set(self.previous));
    }
}

/// A message from the catalogue of the current language: `t!("tab-board")`, or with
/// arguments `t!("deal-moved", deal = title.as_str(), stage = name.as_str())`. Numbers passed
/// as arguments (`count = 3`) select plural forms and are written the locale's way; pass money
/// already formatted (`Numbers::money`), as Fluent numbers are not exact.
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::text($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text(
            $key,
            &[$((stringify!($name), $crate::i18n::FluentValue::from($value))),+],
        )
    };
}
