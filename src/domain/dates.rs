//! Reading dates and timestamps as reps type them: ISO, day-first with dashes or slashes.

use chrono::{DateTime, Local, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use thiserror::Error;

use super::text::echo;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DateError {
    #[error("the date is empty; type it as YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY")]
    Empty,
    #[error("date {} is not a date; type it as YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY", echo(.0))]
    Invalid(String),
    #[error("date {} is out of range; years 1900 to 2200 are accepted", echo(.0))]
    OutOfRange(String),
}

/// What a bare date means where a moment is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayEdge {
    /// 00:00:00 local time, for "since" and creation dates.
    Start,
    /// 23:59:59 local time, for `as_of` ("the last second of that day").
    End,
}

const DATE_FORMATS: &[&str] = &["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"];
const DATETIME_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
];

/// Parses a calendar date; a date-time is accepted and its local date kept.
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    let date = DATE_FORMATS
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        .or_else(|| {
            parse_datetime_in(text, &Local, DayEdge::Start)
                .ok()
                .map(|moment| moment.with_timezone(&Local).date_naive())
        })
        .ok_or_else(|| DateError::Invalid(input.to_string()))?;
    check_range(date, input)
}

/// Parses a moment; a bare date is the start or end of that day in the local time zone.
pub fn parse_datetime(input: &str, edge: DayEdge) -> Result<DateTime<Utc>, DateError> {
    parse_datetime_in(input, &Local, edge)
}

/// As [`parse_datetime`], in an explicit time zone (tests use a fixed one).
pub fn parse_datetime_in<Tz: TimeZone>(
    input: &str,
    zone: &Tz,
    edge: DayEdge,
) -> Result<DateTime<Utc>, DateError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
        check_range(moment.date_naive(), input)?;
        return Ok(moment.with_timezone(&Utc));
    }
    let naive = DATETIME_FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .or_else(|| {
            DATE_FORMATS
                .iter()
                .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
                .map(|date| date.and_time(edge_time(edge)))
        })
        .ok_or_else(|| DateError::Invalid(input.to_string()))?;
    check_range(naive.date(), input)?;
    Ok(local_to_utc(zone, naive))
}

fn edge_time(edge: DayEdge) -> NaiveTime {
    match edge {
        DayEdge::Start => NaiveTime::MIN,
        DayEdge::End => NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN),
    }
}

/// The first instant of `date` in `zone`, as UTC.
pub fn start_of_day<Tz: TimeZone>(zone: &Tz, date: NaiveDate) -> DateTime<Utc> {
    local_to_utc(zone, date.and_time(NaiveTime::MIN))
}

/// The last second of `date` in `zone`, as UTC.
pub fn end_of_day<Tz: TimeZone>(zone: &Tz, date: NaiveDate) -> DateTime<Utc> {
    local_to_utc(zone, date.and_time(edge_time(DayEdge::End)))
}

/// Resolves a wall-clock time; in a DST gap the clock is read one hour later.
pub fn local_to_utc<Tz: TimeZone>(zone: &Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(moment) | LocalResult::Ambiguous(moment, _) => {
            moment.with_timezone(&Utc)
        }
        LocalResult::None => zone
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()
            .map_or_else(|| naive.and_utc(), |moment| moment.with_timezone(&Utc)),
    }
}

/// A moment as every dealdeck output writes it: RFC 3339 in UTC, to the second.
pub fn rfc3339(moment: DateTime<Utc>) -> String {
    moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn check_range(date: NaiveDate, input: &str) -> Result<NaiveDate, DateError> {
    use chrono::Datelike;
    if (1900..=2200).contains(&date.year()) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange(input.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn accepts_iso_and_day_first_dates() {
        assert_eq!(parse_date("2026-03-05"), Ok(ymd(2026, 3, 5)));
        assert_eq!(parse_date("05-03-2026"), Ok(ymd(2026, 3, 5)));
        assert_eq!(parse_date("05/03/2026"), Ok(ymd(2026, 3, 5)));
        assert_eq!(parse_date(" 5.3.2026 "), Ok(ymd(2026, 3, 5)));
    }

    #[test]
    fn refuses_bad_dates_naming_them() {
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert_eq!(
            parse_date("2026-02-30"),
            Err(DateError::Invalid("2026-02-30".into()))
        );
        assert_eq!(
            parse_date("31/13/2026"),
            Err(DateError::Invalid("31/13/2026".into()))
        );
        assert_eq!(
            parse_date("tomorrow"),
            Err(DateError::Invalid("tomorrow".into()))
        );
        assert_eq!(
            parse_date("0001-01-01"),
            Err(DateError::OutOfRange("0001-01-01".into()))
        );
        assert!(
            parse_date("2026-03-05x")
                .unwrap_err()
                .to_string()
                .contains("2026-03-05x")
        );
    }

    #[test]
    fn datetimes_in_a_zone() {
        let amsterdam_winter = FixedOffset::east_opt(3600).unwrap();
        let moment = parse_datetime_in("2026-01-10 09:30", &amsterdam_winter, DayEdge::Start);
        assert_eq!(moment.unwrap().to_rfc3339(), "2026-01-10T08:30:00+00:00");
        let end = parse_datetime_in("2026-01-10", &amsterdam_winter, DayEdge::End).unwrap();
        assert_eq!(end.to_rfc3339(), "2026-01-10T22:59:59+00:00");
        let exact = parse_datetime_in("2026-01-10T09:30:00Z", &amsterdam_winter, DayEdge::End);
        assert_eq!(exact.unwrap().to_rfc3339(), "2026-01-10T09:30:00+00:00");
    }

    proptest! {
        #[test]
        fn no_input_panics(text in "\\PC{0,30}") {
            let _ = parse_date(&text);
            let _ = parse_datetime(&text, DayEdge::End);
        }

        #[test]
        fn every_format_reads_back(days in 0i64..100_000) {
            let date = ymd(1950, 1, 1) + chrono::Duration::days(days);
            if date.format("%Y").to_string().parse::<i32>().unwrap() <= 2200 {
                for format in DATE_FORMATS {
                    prop_assert_eq!(parse_date(&date.format(format).to_string()), Ok(date));
                }
            }
        }
    }
}
