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
pub use regions::RegionNames;
pub use strings::{Argument, Strings};

/// Everything needed to speak each edition's language, built once per build.
pub struct Localisation {
    /// The Fluent strings.
    pub strings: Strings,
    dates: BTreeMap<String, DateFormatter>,
    regions: BTreeMap<String, RegionNames>,
    lists: BTreeMap<String, icu_list::ListFormatter>,
}

impl Localisation {
    /// Loads the Fluent files from `i18n_dir` and prepares a date formatter per language.
    pub fn load(i18n_dir: &Path, config: &Config) -> Result<Localisation, Vec<Diagnostic>> {
        let strings = Strings::load(i18n_dir, config)?;
        let mut dates = BTreeMap::new();
        let mut regions = BTreeMap::new();
        let mut lists = BTreeMap::new();
        for language in &config.languages {
            let in_config = |message| vec![Diagnostic::in_file(&config.file, message)];
            let formatter = DateFormatter::new(&language.locale).map_err(in_config)?;
            dates.insert(language.code.clone(), formatter);
            let names = RegionNames::new(&language.locale).map_err(in_config)?;
            regions.insert(language.code.clone(), names);
            let locale: icu_locale_core::Locale = language
                .locale
                .parse()
                .map_err(|_| in_config(format!("`{}` is not a valid locale", language.locale)))?;
            let list = icu_list::ListFormatter::try_new_and(
                (&locale).into(),
                icu_list::options::ListFormatterOptions::default(),
            )
            .map_err(|error| {
                in_config(format!(
                    "no list formats for `{}`: {error}",
                    language.locale
                ))
            })?;
            lists.insert(language.code.clone(), list);
        }
        Ok(Localisation {
            strings,
            dates,
            regions,
            lists,
        })
    }

    /// `date` in `lang`'s locale, at its precision ("25 October 2025", "دجنبر 2024", "2017").
    pub fn date(&self, lang: &str, date: PartialDate) -> String {
        match self.dates.get(lang) {
            Some(formatter) => formatter.format(date),
            None => date.to_string(),
        }
    }

    /// The name of the participant `code` in `lang` (the code itself if it has none there, which
    /// `check` reports).
    pub fn region_name(&self, lang: &str, code: &str) -> String {
        self.region_names(lang)
            .and_then(|names| names.name(code))
            .unwrap_or_else(|| code.to_owned())
    }

    /// Participant names and name order in `lang`.
    pub fn region_names(&self, lang: &str) -> Option<&RegionNames> {
        self.regions.get(lang)
    }

    /// `items` joined as `lang` joins a list of things ("A, B and C"; "أ وب وج").
    pub fn join_list(&self, lang: &str, items: &[&str]) -> String {
        match self.lists.get(lang) {
            Some(formatter) => formatter.format(items.iter()).to_string(),
            None => items.join(", "),
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
