//! Dates for readers, through ICU4X in each edition's locale (no hand-written month names).
//!
//! The Arabic edition uses `ar-MA`, whose CLDR data has Latin digits and the Maghrebi month
//! names the Moroccan press uses (دجنبر for December). The Gregorian calendar is fixed so a
//! locale whose default calendar differs (such as `ar-SA`) still dates events as the sources do.

use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{Y, YM, YMD};
use icu_locale_core::Locale;

use crate::date::{PartialDate, Precision};

/// Formats dates in one locale at day, month or year precision.
pub struct DateFormatter {
    day: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    year: FixedCalendarDateTimeFormatter<Gregorian, Y>,
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
            year: FixedCalendarDateTimeFormatter::try_new(parsed.into(), Y::long())
                .map_err(unavailable)?,
        })
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

    #[test]
    fn moroccan_arabic_uses_maghrebi_months_and_latin_digits() {
        assert_eq!(format("ar-MA", "2025-10-25"), "25 أكتوبر 2025");
        assert_eq!(format("ar-MA", "2024-12-24"), "24 دجنبر 2024");
        assert_eq!(format("ar-MA", "2024-12"), "دجنبر 2024");
    }
}
