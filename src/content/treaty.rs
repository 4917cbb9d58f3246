//! The treaty's constants from `content/treaty.toml`: its adoption, the threshold and delay of
//! Article 65(1), the signature deadline and where its status is published. What each state did
//! lives in `participants.toml` ([`super::participants`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{Link, RawLink};
use crate::date::PartialDate;
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
    signing_ceremony_ends: Option<PartialDate>,
    source: RawLink,
}

/// The treaty's constants, checked.
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
    /// The last day of the signing ceremony: later signatures are news of their own.
    pub signing_ceremony_ends: Option<PartialDate>,
    /// Where the treaty's status is published (the UN Treaty Collection).
    pub source: Link,
}

impl Treaty {
    /// Reads and checks the data file.
    pub fn load(path: &Path) -> Result<Treaty, Diagnostic> {
        let text = read_text(path)?;
        Treaty::parse(path, &text)
    }

    /// Parses the text of the data file; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Treaty, Diagnostic> {
        let file: TreatyFile =
            toml::from_str(text).map_err(|error| toml_error_at(path, text, &error, 1))?;
        // The source's title and address reach every page: no control character in any string.
        super::refuse_control_characters(path, text, 1)?;
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
        Ok(Treaty {
            path: path.to_path_buf(),
            adopted: file.adopted,
            threshold,
            days_after_threshold,
            signature_closes: file.signature_closes,
            signing_ceremony_ends: file.signing_ceremony_ends,
            source: file.source.check(path, text, 1)?,
        })
    }

    /// Entry into force, given the day the threshold-th counting deposit was made: the 90th day
    /// after it (Article 65(1)).
    pub fn entry_into_force(&self, threshold_reached_on: PartialDate) -> PartialDate {
        threshold_reached_on.plus_days(self.days_after_threshold)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn treaty(threshold: &str, days: &str) -> Result<Treaty, Diagnostic> {
        let text = format!(
            "adopted = 2024-12-24\nthreshold = {threshold}\ndays_after_threshold = {days}\nsignature_closes = 2026-12-31\nsource = {{ title = \"UN\", url = \"https://treaties.un.org/\" }}\n"
        );
        Treaty::parse(Path::new("content/treaty.toml"), &text)
    }

    #[test]
    fn entry_into_force_is_the_90th_day_after_the_threshold_deposit() {
        let status = treaty("40", "90").expect("valid");
        let reached = PartialDate::parse("2026-03-01").expect("date");
        assert_eq!(status.entry_into_force(reached).to_string(), "2026-05-30");
    }

    #[test]
    fn a_wait_beyond_the_calendar_is_refused_on_its_line() {
        let error = treaty("1", &i64::MAX.to_string()).expect_err("too far");
        assert!(error.message.contains("days_after_threshold"), "{error}");
        assert_eq!(error.line, Some(3), "{error}");
    }

    #[test]
    fn a_threshold_of_zero_is_refused_on_its_line() {
        let error = treaty("0", "90").expect_err("zero");
        assert_eq!(error.line, Some(2), "{error}");
    }
}
