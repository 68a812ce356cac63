//! Dates and moments as exports write them: ISO, day-first, Excel serial numbers.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

use crate::domain::{DayEdge, parse_date, parse_datetime};

/// The number of days Excel counts from 1899-12-30 for serial-number dates.
fn excel_serial(text: &str) -> Option<NaiveDateTime> {
    // Spreadsheets in comma-decimal locales write the day fraction after a comma.
    let (whole, fraction) = text.split_once(['.', ',']).unwrap_or((text, ""));
    if whole.is_empty()
        || whole.len() > 6
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let days: i64 = whole.parse().ok()?;
    let fraction: f64 = format!("0.{fraction}0").parse().ok()?;
    let seconds = (fraction * 86_400.0).round() as i64;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    epoch.checked_add_signed(Duration::days(days) + Duration::seconds(seconds))
}

/// A moment as exports write it: ISO or day-first dates and date-times (local time unless an
/// offset is given), or an Excel serial number (local wall-clock time).
pub fn parse_moment(text: &str) -> Result<DateTime<Utc>, String> {
    if let Some(moment) = quick_moment(text.trim()) {
        return Ok(moment);
    }
    match parse_datetime(text, DayEdge::Start) {
        Ok(moment) => Ok(moment),
        Err(error) => match excel_serial(text.trim()) {
            Some(naive) => parse_datetime(
                &naive.format("%Y-%m-%d %H:%M:%S").to_string(),
                DayEdge::Start,
            )
            .map_err(|e| e.to_string()),
            None => Err(error.to_string()),
        },
    }
}

/// The shapes exports write by the million (`2026-03-01`, `2026-03-01 09:30`,
/// `2026-03-01 09:30:00`, `2026-03-01T09:30:00Z`), read without chrono's format machinery;
/// anything else (or anything odd) is left to [`parse_datetime`], which gives the same result.
fn quick_moment(text: &str) -> Option<DateTime<Utc>> {
    use chrono::{LocalResult, TimeZone};
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = bytes.get(range)?;
        digits.iter().try_fold(0u32, |acc, b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)?;
    if !(1900..=2200).contains(&chrono::Datelike::year(&date)) {
        return None;
    }
    let (time, utc) = match bytes.len() {
        10 => (chrono::NaiveTime::MIN, false),
        16 | 19 | 20 => {
            if !matches!(bytes[10], b' ' | b'T') || bytes[13] != b':' {
                return None;
            }
            let seconds = if bytes.len() >= 19 {
                if bytes[16] != b':' {
                    return None;
                }
                number(17..19)?
            } else {
                0
            };
            let utc = match bytes.len() {
                20 if bytes[19] == b'Z' && bytes[10] == b'T' => true,
                20 => return None,
                _ => false,
            };
            let time = chrono::NaiveTime::from_hms_opt(number(11..13)?, number(14..16)?, seconds)?;
            (time, utc)
        }
        _ => return None,
    };
    let naive = date.and_time(time);
    if utc {
        return Some(naive.and_utc());
    }
    match chrono::Local.from_local_datetime(&naive) {
        LocalResult::Single(moment) => Some(moment.with_timezone(&Utc)),
        // DST gaps and overlaps: the full parser knows the rule.
        _ => None,
    }
}

/// A calendar date, as [`parse_moment`] reads it.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    match parse_date(text) {
        Ok(date) => Ok(date),
        Err(error) => match excel_serial(text.trim()) {
            Some(naive) => {
                parse_date(&naive.date().format("%Y-%m-%d").to_string()).map_err(|e| e.to_string())
            }
            None => Err(error.to_string()),
        },
    }
}

/// A moment as an error message shows it: UTC, to the minute.
pub fn shown(moment: DateTime<Utc>) -> String {
    moment.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_count_from_1899_12_30() {
        let moment = excel_serial("45292.5").unwrap();
        assert_eq!(moment.to_string(), "2024-01-01 12:00:00");
        assert_eq!(
            excel_serial("45292,25").unwrap().to_string(),
            "2024-01-01 06:00:00"
        );
        assert!(excel_serial("12a").is_none());
        assert!(excel_serial("").is_none());
    }

    #[test]
    fn quick_moments_agree_with_the_full_parser() {
        for text in [
            "2026-03-01",
            "2026-03-01 09:30",
            "2026-03-01T09:30",
            "2026-03-01 09:30:15",
            "2026-03-01T09:30:15Z",
            "2024-02-29 23:59:59",
        ] {
            assert_eq!(
                quick_moment(text),
                Some(parse_datetime(text, DayEdge::Start).unwrap()),
                "{text}"
            );
        }
        for text in [
            "2026-02-30",
            "2026-03-01 25:00",
            "1899-12-31",
            "2026-03-01T09:30:15+02:00",
            "01-03-2026",
        ] {
            assert_eq!(quick_moment(text), None, "{text}");
        }
    }
}
