//! Dates for readers, through ICU4X in each edition's locale (no hand-written month names).
//!
//! The Arabic edition uses `ar-MA`, whose CLDR data has Latin digits and the Maghrebi month
//! names the Moroccan press uses (دجنبر for December). The Gregorian calendar is fixed so a
//! locale whose default calendar differs (such as `ar-SA`) still dates events as the sources do.

use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{D, M, MD, Y, YM, YMD};
use icu_locale_core::Locale;

use crate::date::{PartialDate, Precision};

/// Formats dates in one locale at day, month or year precision.
pub struct DateFormatter {
    day: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    year: FixedCalendarDateTimeFormatter<Gregorian, Y>,
    /// The start of a range within one month: the day alone.
    day_only: FixedCalendarDateTimeFormatter<Gregorian, D>,
    /// The start of a range within one year: day and month.
    day_month: FixedCalendarDateTimeFormatter<Gregorian, MD>,
    /// The start of a range of months within one year: the month alone.
    month_only: FixedCalendarDateTimeFormatter<Gregorian, M>,
}

/// A range of two dates as a reader writes it, with what both ends share said once: "25–26
/// October 2025", "29 January – 9 February 2024". The two ends stay apart so a page can give
/// each its own `<time datetime>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRange {
    /// The start, without what the end repeats.
    pub start: String,
    /// What goes between: an en dash, spaced when the ends are more than numbers.
    pub separator: &'static str,
    /// The end, in full.
    pub end: String,
}

impl DateFormatter {
    /// Builds the formatters for a BCP 47 locale such as `en-GB` or `ar-MA`.
    pub fn new(locale: &str) -> Result<DateFormatter, String> {
        let parsed: Locale = locale
            .parse()
            .map_err(|_| format!("`{locale}` is not a valid locale"))?;
        let unavailable = |error: icu_datetime::DateTimeFormatterLoadError| {
            format!("no date formats for `{locale}`: {error}")
        };
        Ok(DateFormatter {
            day: FixedCalendarDateTimeFormatter::try_new(parsed.clone().into(), YMD::long())
                .map_err(unavailable)?,
            month: FixedCalendarDateTimeFormatter::try_new(parsed.clone().into(), YM::long())
                .map_err(unavailable)?,
            year: FixedCalendarDateTimeFormatter::try_new(parsed.clone().into(), Y::long())
                .map_err(unavailable)?,
            day_only: FixedCalendarDateTimeFormatter::try_new(parsed.clone().into(), D::long())
                .map_err(unavailable)?,
            day_month: FixedCalendarDateTimeFormatter::try_new(parsed.clone().into(), MD::long())
                .map_err(unavailable)?,
            month_only: FixedCalendarDateTimeFormatter::try_new(parsed.into(), M::long())
                .map_err(unavailable)?,
        })
    }

    /// The range from `start` to `end`, collapsing the month and year they share, as CLDR's
    /// interval formats do (ICU4X has no interval formatter yet). Ends of different precision,
    /// or of different years, are written out in full.
    pub fn format_range(&self, start: PartialDate, end: PartialDate) -> DateRange {
        const TIGHT: &str = "\u{2013}";
        const SPACED: &str = " \u{2013} ";
        let first = start.first_day();
        let same_year = start.year() == end.year();
        let (start_text, separator) = match (start.precision(), end.precision()) {
            (Precision::Day, Precision::Day) if same_year && start.month() == end.month() => {
                (self.day_only.format(&first).to_string(), TIGHT)
            }
            (Precision::Day, Precision::Day) if same_year => {
                (self.day_month.format(&first).to_string(), SPACED)
            }
            (Precision::Month, Precision::Month) if same_year => {
                (self.month_only.format(&first).to_string(), SPACED)
            }
            (Precision::Year, Precision::Year) => (self.format(start), TIGHT),
            _ => (self.format(start), SPACED),
        };
        DateRange {
            start: start_text,
            separator,
            end: self.format(end),
        }
    }

    /// The date as a reader of this locale writes it, at the date's own precision.
    pub fn format(&self, date: PartialDate) -> String {
        let first_day = date.first_day();
        match date.precision() {
            Precision::Day => self.day.format(&first_day).to_string(),
            Precision::Month => self.month.format(&first_day).to_string(),
            Precision::Year => self.year.format(&first_day).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(locale: &str, date: &str) -> String {
        let formatter = DateFormatter::new(locale).expect("locale has data");
        formatter.format(PartialDate::parse(date).expect("valid date"))
    }

    #[test]
    fn english_dates_read_day_month_year() {
        assert_eq!(format("en-GB", "2025-10-25"), "25 October 2025");
        assert_eq!(format("en-GB", "2017-10"), "October 2017");
        assert_eq!(format("en-GB", "2017"), "2017");
    }

    fn range(locale: &str, start: &str, end: &str) -> String {
        let formatter = DateFormatter::new(locale).expect("locale has data");
        let parse = |date: &str| PartialDate::parse(date).expect("valid date");
        let range = formatter.format_range(parse(start), parse(end));
        format!("{}{}{}", range.start, range.separator, range.end)
    }

    #[test]
    fn ranges_say_what_both_ends_share_once() {
        assert_eq!(
            range("en-GB", "2025-10-25", "2025-10-26"),
            "25\u{2013}26 October 2025"
        );
        assert_eq!(
            range("en-GB", "2024-01-29", "2024-02-09"),
            "29 January \u{2013} 9 February 2024"
        );
        assert_eq!(
            range("en-GB", "2022-02-28", "2023-09-01"),
            "28 February 2022 \u{2013} 1 September 2023"
        );
        assert_eq!(
            range("en-GB", "2017-04", "2017-09"),
            "April \u{2013} September 2017"
        );
        assert_eq!(range("en-GB", "2017", "2018"), "2017\u{2013}2018");
        assert_eq!(
            range("ar-MA", "2025-10-25", "2025-10-26"),
            "25\u{2013}26 أكتوبر 2025"
        );
        assert_eq!(
            range("ar-MA", "2024-01-29", "2024-02-09"),
            "29 يناير \u{2013} 9 فبراير 2024"
        );
        assert_eq!(
            range("ar-MA", "2024-07-29", "2024-08-09"),
            "29 يوليوز \u{2013} 9 غشت 2024"
        );
    }

    #[test]
    fn moroccan_arabic_uses_maghrebi_months_and_latin_digits() {
        assert_eq!(format("ar-MA", "2025-10-25"), "25 أكتوبر 2025");
        assert_eq!(format("ar-MA", "2024-12-24"), "24 دجنبر 2024");
        assert_eq!(format("ar-MA", "2024-12"), "دجنبر 2024");
    }
}
