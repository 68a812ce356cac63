//! Reading a due date as a rep types it (`--due`, the board's input): a date with an optional
//! time, `today`, `tomorrow`, `+3d`, `+2w`, or a weekday in English, Dutch or Swedish.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use thiserror::Error;

use super::activity::Due;
use super::dates::{DateError, local_to_utc, parse_date};
use super::text::echo;

const FORMS: &str = "YYYY-MM-DD[ HH:MM], today, tomorrow, +3d, +2w or a weekday such as fri";

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DueError {
    #[error("the due date is empty; type {FORMS}")]
    Empty,
    #[error("due date {} is not a date; type {FORMS}", echo(.0))]
    Invalid(String),
    #[error("time {} in the due date is not a time of day; type it as HH:MM", echo(.0))]
    BadTime(String),
    #[error("due date {} is out of range; years 1900 to 2200 are accepted", echo(.0))]
    OutOfRange(String),
}

/// Weekday names and their usual abbreviations: English, Dutch, Swedish (with and without
/// the Swedish letters, for keyboards that lack them).
const WEEKDAYS: &[(&str, Weekday)] = &[
    ("mon", Weekday::Mon),
    ("monday", Weekday::Mon),
    ("ma", Weekday::Mon),
    ("maandag", Weekday::Mon),
    ("mån", Weekday::Mon),
    ("man", Weekday::Mon),
    ("måndag", Weekday::Mon),
    ("mandag", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("tues", Weekday::Tue),
    ("tuesday", Weekday::Tue),
    ("di", Weekday::Tue),
    ("dinsdag", Weekday::Tue),
    ("tis", Weekday::Tue),
    ("tisdag", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("wednesday", Weekday::Wed),
    ("wo", Weekday::Wed),
    ("woensdag", Weekday::Wed),
    ("ons", Weekday::Wed),
    ("onsdag", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("thur", Weekday::Thu),
    ("thurs", Weekday::Thu),
    ("thursday", Weekday::Thu),
    ("do", Weekday::Thu),
    ("donderdag", Weekday::Thu),
    ("tor", Weekday::Thu),
    ("torsdag", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("friday", Weekday::Fri),
    ("vr", Weekday::Fri),
    ("vrijdag", Weekday::Fri),
    ("fre", Weekday::Fri),
    ("fredag", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("saturday", Weekday::Sat),
    ("za", Weekday::Sat),
    ("zaterdag", Weekday::Sat),
    ("lör", Weekday::Sat),
    ("lor", Weekday::Sat),
    ("lördag", Weekday::Sat),
    ("lordag", Weekday::Sat),
    ("sun", Weekday::Sun),
    ("sunday", Weekday::Sun),
    ("zo", Weekday::Sun),
    ("zondag", Weekday::Sun),
    ("sön", Weekday::Sun),
    ("son", Weekday::Sun),
    ("söndag", Weekday::Sun),
    ("sondag", Weekday::Sun),
];

/// Parses `input` relative to `now` in `zone`: without a time it is a day, with one a moment.
/// A weekday means the next such day after today (on a Friday, `fri` is a week ahead).
pub fn parse_due_in<Tz: TimeZone>(
    input: &str,
    now: DateTime<Utc>,
    zone: &Tz,
) -> Result<Due, DueError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(DueError::Empty);
    }
    let today = now.with_timezone(zone).date_naive();
    let lower = text.to_lowercase();
    let (day_part, time) = split_time(&lower)?;
    let day = if day_part.is_empty() {
        // A bare time ("14:00") is today at that time.
        Some(today)
    } else {
        match relative_day(day_part, today) {
            Some(day) => Some(day),
            None => absolute_day(day_part, input)?,
        }
    }
    .ok_or_else(|| DueError::Invalid(input.to_string()))?;
    if !(1900..=2200).contains(&day.year()) {
        return Err(DueError::OutOfRange(input.to_string()));
    }
    Ok(match time {
        Some(time) => Due::At(local_to_utc(zone, day.and_time(time))),
        None => Due::Day(day),
    })
}

/// As [`parse_due_in`] in the local time zone (`TZ`), like the rest of dealdeck.
pub fn parse_due(input: &str, now: DateTime<Utc>) -> Result<Due, DueError> {
    parse_due_in(input, now, &chrono::Local)
}

/// Splits off a trailing `HH:MM` (or a `THH:MM` glued to an ISO date).
fn split_time(text: &str) -> Result<(&str, Option<NaiveTime>), DueError> {
    let (head, tail) = match text.rsplit_once([' ', 'T', 't']) {
        Some((head, tail)) if tail.contains(':') => (head.trim_end(), tail),
        None if text.contains(':') => ("", text),
        _ => return Ok((text, None)),
    };
    let time = parse_time(tail).ok_or_else(|| DueError::BadTime(tail.to_string()))?;
    Ok((head, Some(time)))
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let (hours, minutes) = text.split_once(':')?;
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || minutes.len() != 2 || !all_digits(minutes) {
        return None;
    }
    NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.parse().ok()?, 0)
}

fn relative_day(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    match text {
        "today" | "vandaag" | "idag" => return Some(today),
        "tomorrow" | "morgen" | "imorgon" => return Some(today + Duration::days(1)),
        _ => {}
    }
    if let Some(count) = text.strip_prefix('+') {
        let (number, unit) = count.split_at(count.find(|c: char| !c.is_ascii_digit())?);
        let n: i64 = number.parse().ok().filter(|n| *n <= 100_000)?;
        let days = match unit {
            "d" => n,
            "w" => n * 7,
            _ => return None,
        };
        return today.checked_add_signed(Duration::days(days));
    }
    let weekday = WEEKDAYS.iter().find(|(name, _)| *name == text)?.1;
    let ahead = (7 + i64::from(weekday.num_days_from_monday())
        - i64::from(today.weekday().num_days_from_monday()))
        % 7;
    Some(today + Duration::days(if ahead == 0 { 7 } else { ahead }))
}

fn absolute_day(text: &str, input: &str) -> Result<Option<NaiveDate>, DueError> {
    // Only a date: `parse_date` would also take a date-time, whose time is split off above.
    if text.contains(':') {
        return Ok(None);
    }
    match parse_date(text) {
        Ok(day) => Ok(Some(day)),
        Err(DateError::OutOfRange(_)) => Err(DueError::OutOfRange(input.to_string())),
        Err(_) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use proptest::prelude::*;

    fn zone() -> FixedOffset {
        FixedOffset::east_opt(3600).unwrap()
    }

    /// Thursday 2026-12-03, 10:00 in the zone.
    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn parse(text: &str) -> Result<Due, DueError> {
        parse_due_in(text, now(), &zone())
    }

    #[test]
    fn words_and_offsets() {
        assert_eq!(parse("today"), Ok(Due::Day(day(2026, 12, 3))));
        assert_eq!(parse("Tomorrow"), Ok(Due::Day(day(2026, 12, 4))));
        assert_eq!(parse("+3d"), Ok(Due::Day(day(2026, 12, 6))));
        assert_eq!(parse("+2w"), Ok(Due::Day(day(2026, 12, 17))));
        assert_eq!(parse("2026-12-24"), Ok(Due::Day(day(2026, 12, 24))));
    }

    #[test]
    fn weekdays_in_three_languages_mean_the_next_one() {
        for friday in ["fri", "friday", "vr", "vrijdag", "fre", "fredag", "FRE"] {
            assert_eq!(parse(friday), Ok(Due::Day(day(2026, 12, 4))), "{friday}");
        }
        // Today is a Thursday: `thu` is next week's.
        for thursday in ["thu", "do", "donderdag", "tor", "torsdag"] {
            assert_eq!(
                parse(thursday),
                Ok(Due::Day(day(2026, 12, 10))),
                "{thursday}"
            );
        }
        assert_eq!(parse("måndag"), Ok(Due::Day(day(2026, 12, 7))));
        assert_eq!(parse("zo"), Ok(Due::Day(day(2026, 12, 6))));
    }

    #[test]
    fn a_time_makes_it_a_moment_in_the_zone() {
        let at = |d, h, m| Ok(Due::At(Utc.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap()));
        assert_eq!(parse("fri 14:00"), at(4, 13, 0));
        assert_eq!(parse("2026-12-03 09:30"), at(3, 8, 30));
        assert_eq!(parse("2026-12-03T09:30"), at(3, 8, 30));
        assert_eq!(parse("tomorrow 8:05"), at(4, 7, 5));
        assert_eq!(parse("16:00"), at(3, 15, 0));
    }

    #[test]
    fn bad_values_are_named_in_one_sentence() {
        assert_eq!(parse(" "), Err(DueError::Empty));
        assert_eq!(parse("someday"), Err(DueError::Invalid("someday".into())));
        assert_eq!(
            parse("2026-02-30"),
            Err(DueError::Invalid("2026-02-30".into()))
        );
        assert_eq!(parse("fri 25:00"), Err(DueError::BadTime("25:00".into())));
        assert_eq!(parse("+3x"), Err(DueError::Invalid("+3x".into())));
        assert_eq!(
            parse("3000-01-01"),
            Err(DueError::OutOfRange("3000-01-01".into()))
        );
        let message = parse("next\u{1b}[2J week").unwrap_err().to_string();
        assert!(
            message.contains("\\u{1b}") && !message.contains('\u{1b}'),
            "{message}"
        );
        assert!(!message.contains('\n'));
    }

    proptest! {
        #[test]
        fn no_input_panics(text in "\\PC{0,24}") {
            let _ = parse(&text);
        }

        #[test]
        fn iso_dates_read_back(days in 0i64..60_000, hour in 0u32..24, minute in 0u32..60) {
            let date = day(1950, 1, 1) + Duration::days(days);
            prop_assert_eq!(parse(&date.format("%Y-%m-%d").to_string()), Ok(Due::Day(date)));
            let text = format!("{} {hour:02}:{minute:02}", date.format("%Y-%m-%d"));
            let moment = zone()
                .from_local_datetime(&date.and_hms_opt(hour, minute, 0).unwrap())
                .unwrap()
                .with_timezone(&Utc);
            prop_assert_eq!(parse(&text), Ok(Due::At(moment)));
        }

        #[test]
        fn offsets_count_days_and_weeks(n in 0i64..2_000) {
            let today = day(2026, 12, 3);
            prop_assert_eq!(parse(&format!("+{n}d")), Ok(Due::Day(today + Duration::days(n))));
            prop_assert_eq!(parse(&format!("+{n}w")), Ok(Due::Day(today + Duration::days(7 * n))));
        }

        #[test]
        fn a_weekday_is_one_to_seven_days_ahead(offset in 0i64..3_000, pick in 0usize..WEEKDAYS.len()) {
            let moment = now() + Duration::hours(offset * 7);
            let today = moment.with_timezone(&zone()).date_naive();
            let (name, weekday) = WEEKDAYS[pick];
            let Ok(Due::Day(found)) = parse_due_in(name, moment, &zone()) else {
                return Err(TestCaseError::fail(format!("{name} did not parse")));
            };
            prop_assert_eq!(found.weekday(), weekday);
            let ahead = (found - today).num_days();
            prop_assert!((1..=7).contains(&ahead), "{name}: {ahead} days");
        }
    }
}
