//! Numbers as people of a locale write them: `12,500.50` / `12.500,50` / `12 500,50`.
//!
//! Separators and grouping come from CLDR (the `num-format` crate's data), so no separator
//! table is kept here; this module only decides places, rounding and the percent sign.

use chrono::NaiveDate;
use num_format::{Locale as Cldr, ToFormattedString};
use rust_decimal::{Decimal, RoundingStrategy};

use super::Language;

/// One locale's way of writing numbers, dates and percentages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numbers {
    cldr: Cldr,
    /// Whether a percent sign follows a space (`45,2 %`) and which one.
    percent_gap: &'static str,
    dates: DateOrder,
}

/// How a calendar date is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateOrder {
    /// `2026-12-01`: English here (unambiguous in a terminal) and Swedish (its own form).
    Iso,
    /// `01-12-2026`: Dutch.
    DayFirst,
}

impl Numbers {
    pub fn of(language: Language) -> Numbers {
        match language {
            Language::En => Numbers {
                cldr: Cldr::en,
                percent_gap: "",
                dates: DateOrder::Iso,
            },
            Language::Nl => Numbers {
                cldr: Cldr::nl,
                percent_gap: " ",
                dates: DateOrder::DayFirst,
            },
            Language::Sv => Numbers {
                cldr: Cldr::sv,
                percent_gap: "\u{a0}",
                dates: DateOrder::Iso,
            },
        }
    }

    /// Numbers for a POSIX locale name (`de_DE.UTF-8`); `None` for `C`, `POSIX` and names
    /// CLDR does not know.
    pub fn from_locale_name(name: &str) -> Option<Numbers> {
        if let Some(language) = Language::from_locale_name(name) {
            return Some(Numbers::of(language));
        }
        let code = super::language_part(name);
        if code.is_empty() || code == "c" || code == "posix" {
            return None;
        }
        let cldr = Cldr::from_name(code.as_str()).ok()?;
        Some(Numbers {
            cldr,
            percent_gap: "\u{a0}",
            dates: DateOrder::Iso,
        })
    }

    /// The decimal separator (`.` or `,`).
    pub fn decimal_mark(&self) -> &'static str {
        self.cldr.decimal()
    }

    /// A whole number with grouped thousands: `1,567,200` / `1.567.200` / `1 567 200`.
    pub fn integer(&self, value: i64) -> String {
        let grouped = value.unsigned_abs().to_formatted_string(&self.cldr);
        if value < 0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    }

    /// A count (deals, visits) with grouped thousands.
    pub fn count(&self, value: u64) -> String {
        value.to_formatted_string(&self.cldr)
    }

    /// `amount` rounded half away from zero to `places` and grouped.
    pub fn decimal(&self, amount: Decimal, places: u32) -> String {
        let rounded = amount.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
        let plain = format!("{:.prec$}", rounded.abs(), prec = places as usize);
        let (whole, fraction) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
        let whole = whole
            .parse::<u128>()
            .map_or_else(|_| whole.to_string(), |w| w.to_formatted_string(&self.cldr));
        let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
            "-"
        } else {
            ""
        };
        if fraction.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}{}{fraction}", self.decimal_mark())
        }
    }

    /// Money in its currency's minor unit: `12,500.50` / `12.500,50` / `12 500,50`.
    pub fn money(&self, amount: Decimal, currency: crate::domain::Currency) -> String {
        self.decimal(amount, currency.minor_units())
    }

    /// A measured figure that is not money (days, a velocity) to `places` decimals.
    pub fn float(&self, value: f64, places: usize) -> String {
        if !value.is_finite() {
            return "–".to_string();
        }
        let places = places.min(6) as u32;
        match Decimal::try_from(value) {
            Ok(exact) => self.decimal(exact, places),
            Err(_) => format!("{value:.prec$}", prec = places as usize),
        }
    }

    /// A ratio as a percentage with `places` decimals: `0.452` → `45.2%` / `45,2 %`.
    pub fn percent(&self, ratio: f64, places: usize) -> String {
        format!("{}{}%", self.float(ratio * 100.0, places), self.percent_gap)
    }

    /// A whole percentage as stored (a probability, a target): `40` → `40%` / `40 %`.
    pub fn whole_percent(&self, value: u32) -> String {
        format!("{value}{}%", self.percent_gap)
    }

    /// A calendar day in the locale's one form.
    pub fn date(&self, day: NaiveDate) -> String {
        match self.dates {
            DateOrder::Iso => day.format("%Y-%m-%d").to_string(),
            DateOrder::DayFirst => day.format("%d-%m-%Y").to_string(),
        }
    }

    /// A day and a time of day (24-hour clock everywhere we speak).
    pub fn date_time(&self, moment: chrono::NaiveDateTime) -> String {
        format!("{} {}", self.date(moment.date()), moment.format("%H:%M"))
    }

    /// A calendar month: `2026-12` / `12-2026`.
    pub fn month(&self, day: NaiveDate) -> String {
        match self.dates {
            DateOrder::Iso => day.format("%Y-%m").to_string(),
            DateOrder::DayFirst => day.format("%m-%Y").to_string(),
        }
    }

    /// A day of the month in a narrow chart label: `12-01` / `01-12`.
    pub fn day_label(&self, day: NaiveDate) -> String {
        match self.dates {
            DateOrder::Iso => day.format("%m-%d").to_string(),
            DateOrder::DayFirst => day.format("%d-%m").to_string(),
        }
    }
}
