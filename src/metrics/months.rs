//! The forecast by month: the open deals expected to close in `as_of`'s month and each of the
//! five after it, and what was won in the month already begun.

use chrono::{Datelike, Months, NaiveDate, TimeZone};
use rust_decimal::Decimal;

use crate::domain::dates::start_of_day;
use crate::domain::{Currency, Timestamp};

use super::from_percent;
use super::report::{Amount, MonthForecast};

/// How many months the forecast by month shows, `as_of`'s first.
pub const FORECAST_MONTHS: usize = 6;

/// The months' bounds: the first month's number, and its moments for the won value.
pub(super) struct MonthFrame {
    /// `year × 12 + month0` of `as_of`'s month.
    first: i64,
    /// `as_of`'s month as moments `[start, end)`.
    pub begun_start: Timestamp,
    pub begun_end: Timestamp,
    /// The first day of each month shown.
    pub firsts: [NaiveDate; FORECAST_MONTHS],
}

impl MonthFrame {
    pub(super) fn new<Tz: TimeZone>(as_of_day: NaiveDate, zone: &Tz) -> MonthFrame {
        let first_day = as_of_day.with_day(1).unwrap_or(as_of_day);
        let firsts: [NaiveDate; FORECAST_MONTHS] = std::array::from_fn(|k| {
            first_day
                .checked_add_months(Months::new(k as u32))
                .unwrap_or(first_day)
        });
        let next = first_day
            .checked_add_months(Months::new(1))
            .unwrap_or(first_day);
        MonthFrame {
            first: month_number(first_day),
            begun_start: Timestamp::from(start_of_day(zone, first_day)),
            begun_end: Timestamp::from(start_of_day(zone, next)),
            firsts,
        }
    }

    /// Which month shown `day` falls in, if any.
    pub(super) fn index(&self, day: NaiveDate) -> Option<usize> {
        usize::try_from(month_number(day) - self.first)
            .ok()
            .filter(|&k| k < FORECAST_MONTHS)
    }
}

fn month_number(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

/// The sums of one month; `weighted` in percent like every weighted sum of the walk.
#[derive(Default, Clone, Copy)]
pub(super) struct MonthTally {
    pub deals: u64,
    pub value: Decimal,
    pub weighted: Decimal,
}

/// The months' sums and the won value of the month begun.
#[derive(Default, Clone)]
pub(super) struct MonthTallies {
    pub months: [MonthTally; FORECAST_MONTHS],
    pub won_in_begun: Decimal,
}

impl MonthTallies {
    pub(super) fn add(&mut self, other: &MonthTallies) {
        for (mine, theirs) in self.months.iter_mut().zip(&other.months) {
            mine.deals += theirs.deals;
            mine.value += theirs.value;
            mine.weighted += theirs.weighted;
        }
        self.won_in_begun += other.won_in_begun;
    }

    pub(super) fn figures(&self, frame: &MonthFrame, currency: Currency) -> Vec<MonthForecast> {
        let amount = |value: Decimal| Amount::new(value, currency);
        self.months
            .iter()
            .zip(frame.firsts)
            .enumerate()
            .map(|(k, (tally, month))| MonthForecast {
                month,
                deals: tally.deals,
                value: amount(tally.value),
                weighted: amount(from_percent(tally.weighted)),
                won_value: (k == 0).then(|| amount(self.won_in_begun)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_run_on_across_the_year_end() {
        let day = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        let frame = MonthFrame::new(day, &chrono::Utc);
        let names: Vec<String> = frame
            .firsts
            .iter()
            .map(|m| m.format("%Y-%m").to_string())
            .collect();
        assert_eq!(
            names,
            [
                "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03"
            ]
        );
        let on = |y, m, d| frame.index(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(on(2026, 10, 1), Some(0));
        assert_eq!(on(2027, 3, 31), Some(5));
        assert_eq!(on(2027, 4, 1), None);
        assert_eq!(on(2026, 9, 30), None);
    }
}
