//! Calendar dates at the precision a source supports: a year, a month or a day.
//!
//! Formatting them for readers happens in [`crate::localisation::dates`]; this module only
//! parses, orders and counts days.

use std::fmt;

use icu_calendar::{Date, Gregorian, types::RataDie};
use serde::{Deserialize, Deserializer};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the year (`2017`).
    Year,
    /// Year and month (`2017-10`).
    Month,
    /// A full date (`2019-12-27`).
    Day,
}

/// A Gregorian date known to a year, a month or a day.
///
/// Dates order by the start of the period they name, so `2017` sorts before `2017-10`, which
/// sorts before `2017-10-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: u8,
    day: u8,
}

impl PartialDate {
    /// A full date, if it exists in the Gregorian calendar.
    pub fn day(year: i32, month: u8, day: u8) -> Result<PartialDate, String> {
        Date::try_new_gregorian(year, month, day)
            .map_err(|_| format!("{year:04}-{month:02}-{day:02} is not a date in the calendar"))?;
        Ok(PartialDate { year, month, day })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the message says which forms are accepted.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let expected = || {
            format!(
                "`{text}` is not a date: expected `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (like `2024-12-24`, `2017-10` or `2017`)"
            )
        };
        let parts: Vec<&str> = text.trim().split('-').collect();
        let number = |part: &str, digits: usize| -> Result<u32, String> {
            if part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse::<u32>().map_err(|_| expected())
            } else {
                Err(expected())
            }
        };
        let year = number(parts[0], 4)? as i32;
        match parts.len() {
            1 => Ok(PartialDate {
                year,
                month: 0,
                day: 0,
            }),
            2 => {
                let month = number(parts[1], 2)? as u8;
                if !(1..=12).contains(&month) {
                    return Err(format!("`{text}` has no month {month}: months run 1 to 12"));
                }
                Ok(PartialDate {
                    year,
                    month,
                    day: 0,
                })
            }
            3 => PartialDate::day(year, number(parts[1], 2)? as u8, number(parts[2], 2)? as u8),
            _ => Err(expected()),
        }
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month (1–12), unless only the year is known.
    pub fn month(&self) -> Option<u8> {
        (self.month != 0).then_some(self.month)
    }

    /// The first day of the period this date names, as a calendar date.
    pub fn first_day(&self) -> Date<Gregorian> {
        let date = Date::try_new_gregorian(self.year, self.month.max(1), self.day.max(1));
        // Every PartialDate was validated on construction, so its first day always exists.
        date.unwrap_or_else(|_| Date::from_rata_die(RataDie::new(0), Gregorian))
    }

    /// The date `days` days after 1970-01-01, the Unix epoch.
    pub fn from_unix_days(days: i64) -> PartialDate {
        PartialDate {
            year: 1970,
            month: 1,
            day: 1,
        }
        .plus_days(days)
    }

    /// The full date `days` days after this one (`2026-03-01` plus 90 is `2026-05-30`).
    ///
    /// Far-off results stop at the calendar's limits (the years ±999999) instead of overflowing.
    pub fn plus_days(&self, days: i64) -> PartialDate {
        // Every day the calendar can show lies within a billion days of any other; ICU4X clamps
        // what lies beyond, but adding anything near i64::MAX overflows.
        const FARTHEST: i64 = 1_000_000_000;
        let days = days.clamp(-FARTHEST, FARTHEST);
        let date = Date::from_rata_die(self.first_day().to_rata_die().add(days), Gregorian);
        PartialDate {
            year: date.year().extended_year(),
            month: date.month().ordinal,
            day: date.day_of_month().0,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Accepts a TOML date (`2024-12-24`), a string in any of the three forms, or a bare year.
impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Date(toml::value::Datetime),
            Text(String),
            Year(i64),
        }
        let invalid = |message: String| serde::de::Error::custom(message);
        match Raw::deserialize(deserializer).map_err(|_| {
            invalid("expected a date like 2024-12-24, \"2017-10\" or \"2017\"".to_owned())
        })? {
            Raw::Date(datetime) => match (datetime.date, datetime.time) {
                (Some(date), None) => {
                    PartialDate::day(date.year as i32, date.month, date.day).map_err(invalid)
                }
                _ => Err(invalid(format!(
                    "`{datetime}` has a time of day: give only the date, like 2024-12-24"
                ))),
            },
            Raw::Text(text) => PartialDate::parse(&text).map_err(invalid),
            Raw::Year(year) => PartialDate::parse(&format!("{year:04}")).map_err(invalid),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        PartialDate::parse(text).expect("valid date")
    }

    #[test]
    fn mixed_precisions_sort_by_the_start_of_their_period() {
        let mut dates = [
            date("2019-12-27"),
            date("2017-10"),
            date("2017"),
            date("2018"),
        ];
        dates.sort();
        let shown: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["2017", "2017-10", "2018", "2019-12-27"]);
        assert!(date("2017-10") < date("2017-10-01"));
    }

    #[test]
    fn precision_follows_the_text() {
        assert_eq!(date("2017").precision(), Precision::Year);
        assert_eq!(date("2017-10").precision(), Precision::Month);
        assert_eq!(date("2024-12-24").precision(), Precision::Day);
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(PartialDate::parse("2025-02-29").is_err());
        assert!(PartialDate::parse("2024-13").is_err());
        assert!(PartialDate::parse("24-12-2024").is_err());
        assert!(PartialDate::parse("2024-1-5").is_err());
        assert!(PartialDate::parse("").is_err());
    }

    #[test]
    fn adding_days_crosses_months_and_leap_days() {
        assert_eq!(date("2026-03-01").plus_days(90), date("2026-05-30"));
        assert_eq!(date("2027-12-15").plus_days(90), date("2028-03-14"));
        assert_eq!(date("2028-01-31").plus_days(30), date("2028-03-01"));
        assert_eq!(date("2027-01-31").plus_days(30), date("2027-03-02"));
    }

    #[test]
    fn adding_days_far_beyond_the_calendar_stops_at_its_limits() {
        let start = date("2026-01-01");
        assert_eq!(start.plus_days(i64::MAX).year(), 999_999);
        assert_eq!(start.plus_days(i64::MIN).year(), -999_999);
        assert_eq!(start.plus_days(0), start);
    }

    #[test]
    fn deserializes_toml_dates_strings_and_years() {
        #[derive(Deserialize)]
        struct Holder {
            a: PartialDate,
            b: PartialDate,
            c: PartialDate,
        }
        let holder: Holder =
            toml::from_str("a = 2024-12-24\nb = \"2017-10\"\nc = 2017").expect("valid toml");
        assert_eq!(holder.a, date("2024-12-24"));
        assert_eq!(holder.b, date("2017-10"));
        assert_eq!(holder.c, date("2017"));
        let error = toml::from_str::<Holder>("a = 2024-12-24T10:00:00\nb = \"x\"\nc = 1")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("time of day"), "{error}");
    }
}
