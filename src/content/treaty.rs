//! The treaty's status from `content/treaty.toml`: signatories, deposits, and when it enters into force.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Link;
use super::date::{PartialDate, Precision};
use crate::config::{Config, toml_error_at};
use crate::error::{Diagnostic, read_text};

/// A text given once per language: `{ en = "…", ar = "…" }`.
pub type Localized = BTreeMap<String, String>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TreatyFile {
    adopted: PartialDate,
    threshold: u32,
    days_after_threshold: i64,
    signature_closes: PartialDate,
    signatories: Signatories,
    #[serde(default)]
    ratifications: Vec<Ratification>,
}

/// How many have signed, as of when, according to whom.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatories {
    /// The number of signatories.
    pub count: u32,
    /// The date the count holds for.
    pub as_of: PartialDate,
    /// Where the count comes from.
    pub source: Link,
    /// A caveat about the count, per language.
    #[serde(default)]
    pub note: Localized,
}

/// One instrument of ratification (or acceptance, approval, accession) deposited with the UN.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratification {
    /// The state's name, per language.
    pub state: Localized,
    /// The deposit date.
    pub date: PartialDate,
}

/// The treaty's status, checked and with its deposits in date order.
#[derive(Debug, Clone)]
pub struct Treaty {
    /// The file it came from.
    pub path: PathBuf,
    /// The General Assembly's adoption.
    pub adopted: PartialDate,
    /// Instruments needed for entry into force (Article 65(1): 40).
    pub threshold: u32,
    /// Entry into force comes this many days after the threshold-th deposit (90).
    pub days_after_threshold: i64,
    /// The last day states may sign.
    pub signature_closes: PartialDate,
    /// The latest signatory count.
    pub signatories: Signatories,
    /// Deposits, oldest first.
    pub ratifications: Vec<Ratification>,
}

impl Treaty {
    /// Reads and checks the data file; every language of the site must have each localized text.
    pub fn load(path: &Path, config: &Config) -> Result<Treaty, Diagnostic> {
        let text = read_text(path)?;
        Treaty::parse(path, &text, config)
    }

    /// Parses the text of the data file; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str, config: &Config) -> Result<Treaty, Diagnostic> {
        let file: TreatyFile =
            toml::from_str(text).map_err(|error| toml_error_at(path, text, &error, 1))?;
        let fail = |message: String| Diagnostic::in_file(path, message);
        if file.threshold == 0 {
            return Err(fail("`threshold` must be at least 1".into()));
        }
        if file.days_after_threshold < 0 {
            return Err(fail("`days_after_threshold` cannot be negative".into()));
        }
        file.signatories.source.check(path)?;
        check_languages(
            path,
            "signatories.note",
            &file.signatories.note,
            config,
            true,
        )?;
        let mut ratifications = file.ratifications;
        for ratification in &ratifications {
            let name = ratification
                .state
                .values()
                .next()
                .cloned()
                .unwrap_or_default();
            check_languages(
                path,
                "ratifications.state",
                &ratification.state,
                config,
                false,
            )?;
            if ratification.date.precision() != Precision::Day {
                return Err(fail(format!(
                    "the deposit by {name} is dated `{}`: a deposit needs a full date",
                    ratification.date
                )));
            }
            if ratification.date < file.adopted {
                return Err(fail(format!(
                    "the deposit by {name} is dated {}, before the treaty's adoption on {}",
                    ratification.date, file.adopted
                )));
            }
        }
        ratifications.sort_by_key(|ratification| ratification.date);
        Ok(Treaty {
            path: path.to_path_buf(),
            adopted: file.adopted,
            threshold: file.threshold,
            days_after_threshold: file.days_after_threshold,
            signature_closes: file.signature_closes,
            signatories: file.signatories,
            ratifications,
        })
    }

    /// Instruments deposited so far.
    pub fn deposited(&self) -> u32 {
        self.ratifications.len() as u32
    }

    /// Instruments still needed before the entry-into-force clock starts.
    pub fn still_needed(&self) -> u32 {
        self.threshold.saturating_sub(self.deposited())
    }

    /// The date of the deposit that reached the threshold, once there is one.
    pub fn threshold_reached_on(&self) -> Option<PartialDate> {
        self.ratifications
            .get(self.threshold as usize - 1)
            .map(|ratification| ratification.date)
    }

    /// Entry into force: the 90th day after the 40th deposit (Article 65(1)), once known.
    pub fn entry_into_force(&self) -> Option<PartialDate> {
        self.threshold_reached_on()
            .map(|date| date.plus_days(self.days_after_threshold))
    }
}

fn check_languages(
    path: &Path,
    field: &str,
    texts: &Localized,
    config: &Config,
    optional: bool,
) -> Result<(), Diagnostic> {
    if optional && texts.is_empty() {
        return Ok(());
    }
    for code in texts.keys() {
        if config.language(code).is_none() {
            return Err(Diagnostic::in_file(
                path,
                format!("`{field}` has a text for `{code}`, which is not a language of the site"),
            ));
        }
    }
    for code in config.language_codes() {
        if !texts.contains_key(code) {
            return Err(Diagnostic::in_file(
                path,
                format!("`{field}` has no text for `{code}`"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            r#"
base_url = "https://example.org/"
default_language = "en"
[languages.en]
name = "English"
locale = "en-GB"
direction = "ltr"
title = "t"
description = "d"
[languages.ar]
name = "العربية"
locale = "ar-MA"
direction = "rtl"
title = "t"
description = "d"
"#,
            Path::new("site.toml"),
        )
        .expect("valid config")
    }

    fn treaty(ratifications: &str) -> Result<Treaty, Diagnostic> {
        let text = format!(
            r#"
adopted = 2024-12-24
threshold = 3
days_after_threshold = 90
signature_closes = 2026-12-31
[signatories]
count = 72
as_of = 2025-10-26
source = {{ title = "UN", url = "https://treaties.un.org/" }}
{ratifications}
"#
        );
        Treaty::parse(Path::new("content/treaty.toml"), &text, &config())
    }

    fn deposit(date: &str) -> String {
        format!("[[ratifications]]\nstate = {{ en = \"X\", ar = \"س\" }}\ndate = {date}\n")
    }

    #[test]
    fn no_entry_into_force_before_the_threshold() {
        let status = treaty(&deposit("2026-01-05")).expect("valid");
        assert_eq!(status.still_needed(), 2);
        assert_eq!(status.entry_into_force(), None);
    }

    #[test]
    fn entry_into_force_is_the_90th_day_after_the_threshold_deposit() {
        let deposits = [
            deposit("2026-03-01"),
            deposit("2026-01-05"),
            deposit("2026-02-01"),
        ];
        let status = treaty(&deposits.concat()).expect("valid");
        assert_eq!(status.still_needed(), 0);
        assert_eq!(
            status.entry_into_force().map(|d| d.to_string()),
            Some("2026-05-30".into())
        );
    }

    #[test]
    fn a_deposit_before_adoption_is_an_error() {
        let error = treaty(&deposit("2024-01-01")).expect_err("before adoption");
        assert!(
            error.message.contains("before the treaty's adoption"),
            "{error}"
        );
    }

    #[test]
    fn a_state_name_missing_a_language_is_an_error() {
        let error = treaty("[[ratifications]]\nstate = { en = \"X\" }\ndate = 2026-01-01\n")
            .expect_err("missing ar");
        assert!(error.message.contains("`ar`"), "{error}");
    }
}
