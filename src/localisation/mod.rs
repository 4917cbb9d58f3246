//! Localisation: interface strings from Fluent, and dates and numbers from ICU4X, per language.
//!
//! - [`strings`]: the Fluent bundles (`templates/i18n/{lang}.ftl`) and their checks.
//! - [`dates`]: dates at year, month or day precision, in each edition's locale.
//! - [`numbers`]: numbers inside Fluent messages, in each edition's locale.

pub mod dates;
pub mod numbers;
pub mod regions;
pub mod strings;

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::date::PartialDate;
use crate::error::Diagnostic;

pub use dates::{DateFormatter, DateRange};
pub use strings::{Argument, Strings};

/// Everything needed to speak each edition's language, built once per build.
pub struct Localisation {
    /// The Fluent strings.
    pub strings: Strings,
    dates: BTreeMap<String, DateFormatter>,
}

impl Localisation {
    /// Loads the Fluent files from `i18n_dir` and prepares a date formatter per language.
    pub fn load(i18n_dir: &Path, config: &Config) -> Result<Localisation, Vec<Diagnostic>> {
        let strings = Strings::load(i18n_dir, config)?;
        let mut dates = BTreeMap::new();
        for language in &config.languages {
            let formatter = DateFormatter::new(&language.locale)
                .map_err(|message| vec![Diagnostic::in_file(&config.file, message)])?;
            dates.insert(language.code.clone(), formatter);
        }
        Ok(Localisation { strings, dates })
    }

    /// `date` in `lang`'s locale, at its precision ("25 October 2025", "دجنبر 2024", "2017").
    pub fn date(&self, lang: &str, date: PartialDate) -> String {
        match self.dates.get(lang) {
            Some(formatter) => formatter.format(date),
            None => date.to_string(),
        }
    }

    /// The range from `start` to `end` in `lang`'s locale, what both share said once.
    pub fn date_range(&self, lang: &str, start: PartialDate, end: PartialDate) -> DateRange {
        match self.dates.get(lang) {
            Some(formatter) => formatter.format_range(start, end),
            None => DateRange {
                start: start.to_string(),
                separator: " \u{2013} ",
                end: end.to_string(),
            },
        }
    }
}
