//! The dashboard's period selector: the presets, a custom from–to range typed by the person,
//! and the calendar dates each covers.

use thiserror::Error;

use crate::domain::DealHistory;
use crate::domain::parse_date;
use crate::metrics::Period;
use crate::t;

/// The dashboard's period selector: the presets of the issue plus a custom range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodChoice {
    ThisMonth,
    ThisQuarter,
    ThisYear,
    Last90Days,
    AllTime,
    Custom(Period),
}

impl PeriodChoice {
    /// The presets in the order a key cycles through them.
    pub const PRESETS: [PeriodChoice; 5] = [
        PeriodChoice::ThisMonth,
        PeriodChoice::ThisQuarter,
        PeriodChoice::ThisYear,
        PeriodChoice::Last90Days,
        PeriodChoice::AllTime,
    ];

    pub fn label(&self) -> String {
        match self {
            PeriodChoice::ThisMonth => t!("period-this-month"),
            PeriodChoice::ThisQuarter => t!("period-this-quarter"),
            PeriodChoice::ThisYear => t!("period-this-year"),
            PeriodChoice::Last90Days => t!("period-last-90-days"),
            PeriodChoice::AllTime => t!("period-all-time"),
            PeriodChoice::Custom(p) => {
                let numbers = crate::i18n::numbers();
                t!(
                    "period-custom",
                    from = numbers.date(p.from),
                    to = numbers.date(p.to)
                )
            }
        }
    }

    /// The next preset (a custom range goes back to the first preset).
    pub fn next(&self) -> PeriodChoice {
        let index = Self::PRESETS.iter().position(|p| p == self);
        index.map_or(Self::PRESETS[0], |i| {
            Self::PRESETS[(i + 1) % Self::PRESETS.len()]
        })
    }

    /// The calendar dates the choice covers on `today` (local); "all time" starts with the
    /// pipeline's first deal.
    pub fn period<Tz: chrono::TimeZone>(
        &self,
        today: chrono::NaiveDate,
        deals: &[DealHistory],
        zone: &Tz,
    ) -> Period {
        match self {
            PeriodChoice::ThisMonth => Period::month_of(today),
            PeriodChoice::ThisQuarter => Period::quarter_of(today),
            PeriodChoice::ThisYear => Period::year_of(today),
            PeriodChoice::Last90Days => Period::last_days(today, 90),
            PeriodChoice::AllTime => Period::all_time(deals, today, zone),
            PeriodChoice::Custom(p) => *p,
        }
    }
}

/// Why a typed custom period was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PeriodError {
    #[error("type two dates, from and to, e.g. 2026-01-01 2026-03-31")]
    NotTwoDates,
    #[error("{which}: {error}")]
    BadDate {
        which: &'static str,
        error: crate::domain::dates::DateError,
    },
    #[error("the period ends ({to}) before it starts ({from})")]
    Backwards {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
}

impl PeriodError {
    /// The refusal in the current language (`Display` stays English, for logs).
    pub fn localised(&self) -> String {
        match self {
            PeriodError::NotTwoDates => t!("period-not-two-dates"),
            PeriodError::BadDate { which, error } => {
                let which = if *which == "from" {
                    t!("period-from")
                } else {
                    t!("period-to")
                };
                t!("period-bad-date", which = which, error = error.to_string())
            }
            PeriodError::Backwards { from, to } => {
                let numbers = crate::i18n::numbers();
                t!(
                    "period-backwards",
                    from = numbers.date(*from),
                    to = numbers.date(*to)
                )
            }
        }
    }
}

/// A custom period typed as two dates: `2026-01-01 2026-03-31`, `2026-01-01..2026-03-31`,
/// `2026-01-01 – 2026-03-31` or `2026-01-01 to 2026-03-31`.
pub fn parse_period(text: &str) -> Result<Period, PeriodError> {
    let spaced = text.replace("..", " ").replace(['–', '—'], " ");
    let parts: Vec<&str> = spaced
        .split_whitespace()
        .filter(|part| !part.eq_ignore_ascii_case("to"))
        .collect();
    let [from, to] = parts.as_slice() else {
        return Err(PeriodError::NotTwoDates);
    };
    let from = parse_date(from).map_err(|error| PeriodError::BadDate {
        which: "from",
        error,
    })?;
    let to = parse_date(to).map_err(|error| PeriodError::BadDate { which: "to", error })?;
    if from > to {
        return Err(PeriodError::Backwards { from, to });
    }
    Ok(Period::new(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_selector_cycles_and_labels() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 17).unwrap();
        let mut choice = PeriodChoice::ThisQuarter;
        assert_eq!(
            choice.period(today, &[], &chrono::Utc),
            Period::quarter_of(today)
        );
        for _ in 0..PeriodChoice::PRESETS.len() {
            choice = choice.next();
        }
        assert_eq!(choice, PeriodChoice::ThisQuarter);
        assert_eq!(
            PeriodChoice::AllTime.period(today, &[], &chrono::Utc).to,
            today
        );
        assert_eq!(PeriodChoice::Last90Days.label(), "Last 90 days");
    }

    #[test]
    fn periods_read_in_every_spelling_and_reject_nonsense() {
        let want = Period::new(
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        );
        for text in [
            "2026-01-01 2026-03-31",
            "2026-01-01..2026-03-31",
            "2026-01-01 – 2026-03-31",
            " 2026-01-01 to 2026-03-31 ",
        ] {
            assert_eq!(parse_period(text), Ok(want), "{text}");
        }
        assert!(parse_period("2026-03-31 2026-01-01").is_err());
        assert!(parse_period("2026-01-01").is_err());
        assert!(parse_period("2026-01-01 soon").is_err());
    }
}
