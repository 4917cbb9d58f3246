//! The treaty's status from `content/treaty.toml`: signatories, deposits, and when it enters into force.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{Link, RawLink};
use crate::config::Config;
use crate::date::{PartialDate, Precision};
use crate::error::{Diagnostic, toml_error_at};
use crate::source::read_text;

/// A text given once per language: `{ en = "…", ar = "…" }`.
pub type Localized = BTreeMap<String, String>;

/// The longest wait for entry into force a treaty may state: a century, in days. Article 65(1)
/// says 90; anything near the calendar's end would be a typo, not a date to show.
const MAX_DAYS_AFTER_THRESHOLD: i64 = 36_525;

// Spans let the checks after parsing point at the line to fix, as TOML errors do.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TreatyFile {
    adopted: PartialDate,
    threshold: Spanned<u32>,
    days_after_threshold: Spanned<i64>,
    signature_closes: PartialDate,
    signatories: RawSignatories,
    #[serde(default)]
    ratifications: Vec<RawRatification>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignatories {
    count: u32,
    as_of: PartialDate,
    source: RawLink,
    note: Option<Spanned<Localized>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRatification {
    state: Spanned<Localized>,
    date: Spanned<PartialDate>,
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
        let fail = |message: String, span: std::ops::Range<usize>| {
            Diagnostic::in_file(path, message).at_offset(text, span.start, 1)
        };
        let threshold = *file.threshold.get_ref();
        if threshold == 0 {
            return Err(fail(
                "`threshold` must be at least 1".into(),
                file.threshold.span(),
            ));
        }
        let days_after_threshold = *file.days_after_threshold.get_ref();
        if days_after_threshold < 0 {
            return Err(fail(
                "`days_after_threshold` cannot be negative".into(),
                file.days_after_threshold.span(),
            ));
        }
        if days_after_threshold > MAX_DAYS_AFTER_THRESHOLD {
            return Err(fail(
                format!(
                    "`days_after_threshold` is more than a century ({MAX_DAYS_AFTER_THRESHOLD} days): Article 65(1) says 90"
                ),
                file.days_after_threshold.span(),
            ));
        }
        let source = file.signatories.source.check(path, text, 1)?;
        let note = match file.signatories.note {
            Some(note) => {
                check_languages(path, "signatories.note", note.get_ref(), config, true)
                    .map_err(|error| error.at_offset(text, note.span().start, 1))?;
                note.into_inner()
            }
            None => Localized::new(),
        };
        let mut ratifications = Vec::with_capacity(file.ratifications.len());
        for ratification in file.ratifications {
            let name = ratification
                .state
                .get_ref()
                .values()
                .next()
                .cloned()
                .unwrap_or_default();
            check_languages(
                path,
                "ratifications.state",
                ratification.state.get_ref(),
                config,
                false,
            )
            .map_err(|error| error.at_offset(text, ratification.state.span().start, 1))?;
            let date = *ratification.date.get_ref();
            if date.precision() != Precision::Day {
                return Err(fail(
                    format!("the deposit by {name} is dated `{date}`: a deposit needs a full date"),
                    ratification.date.span(),
                ));
            }
            if date < file.adopted {
                return Err(fail(
                    format!(
                        "the deposit by {name} is dated {date}, before the treaty's adoption on {}",
                        file.adopted
                    ),
                    ratification.date.span(),
                ));
            }
            ratifications.push(Ratification {
                state: ratification.state.into_inner(),
                date,
            });
        }
        ratifications.sort_by_key(|ratification| ratification.date);
        Ok(Treaty {
            path: path.to_path_buf(),
            adopted: file.adopted,
            threshold,
            days_after_threshold,
            signature_closes: file.signature_closes,
            signatories: Signatories {
                count: file.signatories.count,
                as_of: file.signatories.as_of,
                source,
                note,
            },
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
    fn a_wait_beyond_the_calendar_is_refused_on_its_line() {
        let text = format!(
            "adopted = 2024-12-24\nthreshold = 1\ndays_after_threshold = {}\nsignature_closes = 2026-12-31\n[signatories]\ncount = 1\nas_of = 2025-10-26\nsource = {{ title = \"UN\", url = \"https://un.org/\" }}\n{}",
            i64::MAX,
            deposit("2026-01-05")
        );
        let error = Treaty::parse(Path::new("treaty.toml"), &text, &config()).expect_err("too far");
        assert!(error.message.contains("days_after_threshold"), "{error}");
        assert_eq!(error.line, Some(3), "{error}");
    }

    #[test]
    fn deposit_errors_name_their_line() {
        let error = treaty(&format!("\n{}", deposit("2024-01-01"))).expect_err("before adoption");
        // The text starts with a blank line; the deposit's date is on line 13.
        assert_eq!(error.line, Some(13), "{error}");
    }

    #[test]
    fn a_state_name_missing_a_language_is_an_error() {
        let error = treaty("[[ratifications]]\nstate = { en = \"X\" }\ndate = 2026-01-01\n")
            .expect_err("missing ar");
        assert!(error.message.contains("`ar`"), "{error}");
    }
}
