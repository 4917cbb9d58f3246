//! `content/participants.toml`: every participant in the convention, with its signature and its
//! instrument, each sourced, and the count toward entry into force as Article 65(1) makes it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::treaty::Localized;
use super::{Link, RawLink};
use crate::date::PartialDate;
use crate::error::{Diagnostic, at_span, toml_error_at};
use crate::localisation::regions::{EUROPEAN_UNION, RegionNames};
use crate::source::read_text;

/// The participants file, below `content/`.
pub const PARTICIPANTS_FILE: &str = "participants.toml";

/// The kinds of instrument by which a state consents to be bound (Article 64 and 65).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Instrument {
    /// Ratification, after a signature.
    Ratification,
    /// Acceptance, after a signature.
    Acceptance,
    /// Approval, after a signature.
    Approval,
    /// Accession, with or without a signature.
    Accession,
}

impl Instrument {
    /// The word the data file uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Instrument::Ratification => "ratification",
            Instrument::Acceptance => "acceptance",
            Instrument::Approval => "approval",
            Instrument::Accession => "accession",
        }
    }
}

impl std::fmt::Display for Instrument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParticipantsFile {
    as_of: Spanned<PartialDate>,
    note: Option<Spanned<Localized>>,
    #[serde(default)]
    participants: Vec<Spanned<RawParticipant>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParticipant {
    code: Spanned<String>,
    signature: Option<Spanned<PartialDate>>,
    signature_range: Option<Spanned<DateRange>>,
    signature_source: Option<RawLink>,
    instrument: Option<Spanned<Instrument>>,
    deposited: Option<Spanned<PartialDate>>,
    instrument_source: Option<RawLink>,
    declarations: Option<Spanned<Localized>>,
    declarations_source: Option<RawLink>,
    note: Option<Spanned<Localized>>,
    note_source: Option<RawLink>,
}

/// Two dates a signature falls between, when the sources give the ceremony but not the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// The first day it can have been.
    pub from: PartialDate,
    /// The last day it can have been.
    pub to: PartialDate,
}

/// When a participant signed, as precisely as the sources say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signed {
    /// On this day.
    On(PartialDate),
    /// On one of these days.
    Between(DateRange),
}

/// One participant, checked.
#[derive(Debug, Clone)]
pub struct Participant {
    /// ISO 3166-1 alpha-2 code, or `EU`.
    pub code: String,
    /// The signature and its source, if it signed.
    pub signature: Option<(Signed, Link)>,
    /// The instrument, its deposit date and source, once deposited.
    pub deposit: Option<(Instrument, PartialDate, Link)>,
    /// Declarations and reservations, per language, with their source.
    pub declarations: Option<(Localized, Option<Link>)>,
    /// An editor's note, per language, with its source.
    pub note: Option<(Localized, Option<Link>)>,
    /// The line of its `[[participants]]` entry.
    pub line: usize,
}

impl Participant {
    /// Whether it is a regional economic integration organization, whose instrument Article
    /// 65(1) does not count as additional to its member states'.
    pub fn is_regional_organization(&self) -> bool {
        self.code == EUROPEAN_UNION
    }
}

/// Every participant, in the file's order, and the day the list was last checked.
#[derive(Debug, Clone)]
pub struct Participants {
    /// The file they came from.
    pub path: PathBuf,
    /// The day the whole list was last checked against the sources.
    pub as_of: PartialDate,
    /// A note on the whole list, per language (what the press counts, what is unconfirmed).
    pub note: Localized,
    /// The participants.
    pub list: Vec<Participant>,
}

impl Participants {
    /// Reads and checks `path`; `adopted` is the treaty's adoption (no deposit can precede it),
    /// `languages` the site's language codes (each localized text needs all). A code must name
    /// a country in CLDR, or be `EU`.
    pub fn load(
        path: &Path,
        adopted: PartialDate,
        languages: &[&str],
    ) -> Result<Participants, Vec<Diagnostic>> {
        let text = read_text(path).map_err(|error| vec![error])?;
        let names =
            RegionNames::new("en").map_err(|message| vec![Diagnostic::in_file(path, message)])?;
        Participants::parse(path, &text, adopted, languages, &names)
    }

    /// Checks the text of a participants file; every problem is reported, each at its line.
    pub fn parse(
        path: &Path,
        text: &str,
        adopted: PartialDate,
        languages: &[&str],
        names: &RegionNames,
    ) -> Result<Participants, Vec<Diagnostic>> {
        let file: ParticipantsFile =
            toml::from_str(text).map_err(|error| vec![toml_error_at(path, text, &error, 1)])?;
        super::refuse_control_characters(path, text, 1).map_err(|error| vec![error])?;
        let as_of = file.as_of.into_inner();
        let mut errors = Vec::new();
        let checker = EntryChecker {
            path,
            text,
            adopted,
            as_of,
            languages,
        };
        let note = checker
            .localized(file.note, &mut errors)
            .unwrap_or_default();
        let mut list: Vec<Participant> = Vec::new();
        let mut lines: BTreeMap<String, usize> = BTreeMap::new();
        for entry in file.participants {
            let entry_line = crate::error::line_column(text, entry.span().start).0;
            let raw = entry.into_inner();
            match checker.check(raw, names, entry_line) {
                Ok(participant) => {
                    if let Some(first) = lines.get(&participant.code) {
                        errors.push(
                            Diagnostic::in_file(
                                path,
                                format!(
                                    "`{}` is listed twice (first on line {first}): keep one entry per participant",
                                    participant.code
                                ),
                            )
                            .at(participant.line, None),
                        );
                    } else {
                        lines.insert(participant.code.clone(), participant.line);
                        list.push(participant);
                    }
                }
                Err(mut found) => errors.append(&mut found),
            }
        }
        if errors.is_empty() {
            Ok(Participants {
                path: path.to_path_buf(),
                as_of,
                note,
                list,
            })
        } else {
            Err(errors)
        }
    }

    /// The participant `code`, if listed.
    pub fn get(&self, code: &str) -> Option<&Participant> {
        self.list.iter().find(|p| p.code == code)
    }

    /// The participants that signed.
    pub fn signatories(&self) -> impl Iterator<Item = &Participant> {
        self.list.iter().filter(|p| p.signature.is_some())
    }

    /// The deposits that count toward entry into force, oldest first: Article 65(1) does not
    /// count a regional economic integration organization's instrument as additional to those
    /// of its member states, so the European Union's never counts.
    pub fn counting_deposits(&self) -> Vec<(&Participant, PartialDate)> {
        let mut deposits: Vec<(&Participant, PartialDate)> = (self.list.iter())
            .filter(|p| !p.is_regional_organization())
            .filter_map(|p| p.deposit.as_ref().map(|(_, date, _)| (p, *date)))
            .collect();
        deposits.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.code.cmp(&b.0.code)));
        deposits
    }

    /// The day of the `threshold`-th counting deposit, once there is one.
    pub fn threshold_reached_on(&self, threshold: u32) -> Option<PartialDate> {
        let index = usize::try_from(threshold).ok()?.checked_sub(1)?;
        self.counting_deposits().get(index).map(|(_, date)| *date)
    }
}

/// The treaty's state on the day the list was checked: what the home pages, the timeline and the
/// states pages show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// Participants that signed, the European Union included.
    pub signatories: usize,
    /// Deposits that count toward the threshold (the EU's never does).
    pub counting_deposits: u32,
    /// Instruments needed (Article 65(1): 40).
    pub threshold: u32,
    /// Counting deposits still needed.
    pub still_needed: u32,
    /// The day of the threshold-th counting deposit, once made.
    pub threshold_reached_on: Option<PartialDate>,
    /// The 90th day after it.
    pub entry_into_force: Option<PartialDate>,
}

impl Participants {
    /// The status under `treaty`'s threshold and delay.
    pub fn status(&self, treaty: &super::Treaty) -> Status {
        let counting = u32::try_from(self.counting_deposits().len()).unwrap_or(u32::MAX);
        let reached = self.threshold_reached_on(treaty.threshold);
        Status {
            signatories: self.signatories().count(),
            counting_deposits: counting,
            threshold: treaty.threshold,
            still_needed: treaty.threshold.saturating_sub(counting),
            threshold_reached_on: reached,
            entry_into_force: reached.map(|date| treaty.entry_into_force(date)),
        }
    }
}

/// Checks one `[[participants]]` entry against the file's dates and the site's languages.
struct EntryChecker<'a> {
    path: &'a Path,
    text: &'a str,
    adopted: PartialDate,
    as_of: PartialDate,
    languages: &'a [&'a str],
}

impl EntryChecker<'_> {
    fn at(&self, span: std::ops::Range<usize>, message: String) -> Diagnostic {
        at_span(self.path, self.text, span, 1, message)
    }

    fn check(
        &self,
        raw: RawParticipant,
        names: &RegionNames,
        line: usize,
    ) -> Result<Participant, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let code = raw.code.get_ref().clone();
        let code_span = raw.code.span();
        if code != EUROPEAN_UNION && names.name(&code).is_none() {
            errors.push(self.at(
                code_span.clone(),
                format!(
                    "`{code}` is not an ISO 3166-1 alpha-2 country code: write the code in capitals, e.g. code = \"MA\" for Morocco, or \"EU\" for the European Union"
                ),
            ));
        }
        let link = |raw: Option<RawLink>, errors: &mut Vec<Diagnostic>| -> Option<Link> {
            raw.and_then(|link| {
                link.check(self.path, self.text, 1)
                    .map_err(|error| errors.push(error))
                    .ok()
            })
        };
        let signed = match (raw.signature, raw.signature_range) {
            (Some(_), Some(range)) => {
                errors.push(self.at(
                    range.span(),
                    "give either `signature` or `signature_range`, not both".into(),
                ));
                None
            }
            (Some(date), None) => Some((Signed::On(*date.get_ref()), date.span(), *date.get_ref())),
            (None, Some(range)) => {
                let value = *range.get_ref();
                if value.to < value.from {
                    errors.push(self.at(range.span(), "`signature_range` ends before it starts: write { from = EARLIER, to = LATER }".into()));
                }
                Some((Signed::Between(value), range.span(), value.to))
            }
            (None, None) => None,
        };
        let has_signature_date = signed.is_some();
        let signature_source = link(raw.signature_source, &mut errors);
        let signature = match (signed, signature_source) {
            (Some((signed, span, latest)), Some(source)) => {
                if latest > self.as_of {
                    errors.push(self.at(span, format!("the signature is dated after `as_of` ({}): a list checked on that day cannot show it; correct the date or `as_of`", self.as_of)));
                }
                Some((signed, source))
            }
            (Some((_, span, _)), None) => {
                errors.push(self.at(span, "a signature without `signature_source`: add where it is recorded, e.g. signature_source = { title = \"UN Treaty Collection, chapter XVIII-16\", url = \"https://treaties.un.org/…\" }".into()));
                None
            }
            (None, source) => {
                if source.is_some() {
                    errors.push(self.at(
                        code_span.clone(),
                        format!("`{code}` has a `signature_source` but no `signature` date"),
                    ));
                }
                None
            }
        };
        let instrument_source = link(raw.instrument_source, &mut errors);
        let deposit = match (raw.instrument, raw.deposited) {
            (None, None) => {
                if instrument_source.is_some() {
                    errors.push(self.at(code_span.clone(), format!("`{code}` has an `instrument_source` but no `instrument` and `deposited`")));
                }
                None
            }
            (Some(instrument), None) => {
                errors.push(self.at(instrument.span(), "an `instrument` without the date it was `deposited`: add e.g. deposited = 2026-05-04".into()));
                None
            }
            (None, Some(deposited)) => {
                errors.push(self.at(deposited.span(), "a `deposited` date without its `instrument`: add instrument = \"ratification\" (or acceptance, approval, accession)".into()));
                None
            }
            (Some(instrument), Some(deposited)) => {
                let date = *deposited.get_ref();
                if date < self.adopted {
                    errors.push(self.at(deposited.span(), format!("deposited on {date}, before the convention was adopted ({}): check the date", self.adopted)));
                }
                if date > self.as_of {
                    errors.push(self.at(deposited.span(), format!("deposited on {date}, after `as_of` ({}): a list checked on that day cannot show it", self.as_of)));
                }
                let needs_signature = *instrument.get_ref() != Instrument::Accession;
                if needs_signature && !has_signature_date {
                    errors.push(self.at(instrument.span(), format!("an instrument of {} follows a signature, and `{code}` has none: add its `signature`, or write instrument = \"accession\" for a state that joins without signing", instrument.get_ref().as_str())));
                }
                match instrument_source {
                    Some(source) => Some((*instrument.get_ref(), date, source)),
                    None => {
                        errors.push(self.at(instrument.span(), "an instrument without `instrument_source`: only a deposit the UN Treaty Collection or a depositary notification (C.N.) shows counts; add it, e.g. instrument_source = { title = \"C.N.…\", url = \"https://treaties.un.org/…\" }".into()));
                        None
                    }
                }
            }
        };
        let declarations = self.localized(raw.declarations, &mut errors);
        let declarations_source = link(raw.declarations_source, &mut errors);
        let note = self.localized(raw.note, &mut errors);
        let note_source = link(raw.note_source, &mut errors);
        if errors.is_empty() {
            Ok(Participant {
                code,
                signature,
                deposit,
                declarations: declarations.map(|text| (text, declarations_source)),
                note: note.map(|text| (text, note_source)),
                line,
            })
        } else {
            Err(errors)
        }
    }

    /// A text given in every language of the site.
    fn localized(
        &self,
        raw: Option<Spanned<Localized>>,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Localized> {
        let raw = raw?;
        let span = raw.span();
        let texts = raw.into_inner();
        for language in self.languages {
            if texts
                .get(*language)
                .is_none_or(|text| text.trim().is_empty())
            {
                errors.push(self.at(span.clone(), format!("this text has no `{language}` version: give one per language, e.g. {{ en = \"…\", ar = \"…\" }}")));
            }
        }
        Some(texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "{ title = \"UN Treaty Collection\", url = \"https://treaties.un.org/\" }";

    fn names() -> RegionNames {
        RegionNames::new("en-GB").expect("English data")
    }

    fn adopted() -> PartialDate {
        PartialDate::parse("2024-12-24").expect("date")
    }

    fn parse(entries: &str) -> Result<Participants, Vec<Diagnostic>> {
        let text = format!("as_of = 2030-01-01\n{entries}");
        Participants::parse(
            Path::new("content/participants.toml"),
            &text,
            adopted(),
            &["en", "ar"],
            &names(),
        )
    }

    /// An entry for `code` that signed and ratified on `deposited`.
    fn ratified(code: &str, deposited: &str) -> String {
        format!(
            "[[participants]]\ncode = \"{code}\"\nsignature = 2025-10-25\nsignature_source = {SOURCE}\ninstrument = \"ratification\"\ndeposited = {deposited}\ninstrument_source = {SOURCE}\n"
        )
    }

    /// `count` states ratifying a day apart from 2026-01-01, with the EU's approval at `eu_at`
    /// (its place among the deposits, 0-based).
    fn deposits_with_eu_at(count: usize, eu_at: usize) -> Participants {
        let states = ["MA", "VN", "FR", "BR", "NG", "JP", "MX", "EG", "KE", "TH"];
        let mut text = String::new();
        let start = PartialDate::parse("2026-01-01").expect("date");
        for index in 0..=count {
            let date = start.plus_days(index as i64);
            if index == eu_at {
                text.push_str(
                    &ratified("EU", &date.to_string()).replace("ratification", "approval"),
                );
            } else {
                let state = states[if index > eu_at { index - 1 } else { index }];
                text.push_str(&ratified(state, &date.to_string()));
            }
        }
        parse(&text).expect("valid")
    }

    #[test]
    fn the_european_union_never_counts_toward_the_threshold() {
        for eu_at in [0, 4, 9] {
            let participants = deposits_with_eu_at(9, eu_at);
            let counting = participants.counting_deposits();
            assert_eq!(counting.len(), 9, "EU at {eu_at}");
            assert!(counting.iter().all(|(p, _)| p.code != "EU"));
        }
    }

    #[test]
    fn the_threshold_is_reached_by_the_last_counting_deposit() {
        // Nine states and the EU, threshold 9: the EU's deposit on day `eu_at` is skipped, so
        // the threshold falls on the tenth deposit's day whenever the EU is among the first nine.
        let start = PartialDate::parse("2026-01-01").expect("date");
        for (eu_at, expected_day) in [(0, 9), (4, 9), (9, 8)] {
            let participants = deposits_with_eu_at(9, eu_at);
            assert_eq!(
                participants.threshold_reached_on(9),
                Some(start.plus_days(expected_day)),
                "EU at {eu_at}"
            );
            assert_eq!(participants.threshold_reached_on(10), None);
            // Entry into force: the 90th day after that deposit.
            let reached = participants.threshold_reached_on(9).expect("reached");
            assert_eq!(reached.plus_days(90), start.plus_days(expected_day + 90));
        }
    }

    #[test]
    fn signatories_count_the_eu_as_a_signatory() {
        let participants = deposits_with_eu_at(3, 1);
        assert_eq!(participants.signatories().count(), 4);
    }

    fn error_for(entries: &str) -> Diagnostic {
        let errors = parse(entries).expect_err("refused");
        errors.into_iter().next().expect("one error")
    }

    #[test]
    fn bad_data_is_refused_at_its_line() {
        let cases = [
            ("[[participants]]\ncode = \"XQ\"\n", 3, "not an ISO 3166-1"),
            (
                &format!(
                    "{}{}",
                    ratified("MA", "2026-01-01"),
                    ratified("MA", "2026-01-02")
                ),
                9,
                "listed twice",
            ),
            (
                &ratified("MA", "2024-01-01"),
                7,
                "before the convention was adopted",
            ),
            (&ratified("MA", "2031-01-01"), 7, "after `as_of`"),
            (
                &ratified("MA", "2026-01-01")
                    .replace(&format!("instrument_source = {SOURCE}\n"), ""),
                6,
                "without `instrument_source`",
            ),
            (
                &format!(
                    "[[participants]]\ncode = \"MA\"\ninstrument = \"ratification\"\ndeposited = 2026-01-01\ninstrument_source = {SOURCE}\n"
                ),
                4,
                "follows a signature",
            ),
            (
                "[[participants]]\ncode = \"MA\"\nsignature = 2025-10-25\n",
                4,
                "without `signature_source`",
            ),
            (
                "[[participants]]\ncode = \"MA\"\ninstrument = \"signing\"\n",
                4,
                "unknown variant",
            ),
            (
                &format!(
                    "[[participants]]\ncode = \"MA\"\nsignature = 2025-10-25\nsignature_source = {SOURCE}\nnote = {{ en = \"x\" }}\n"
                ),
                6,
                "no `ar` version",
            ),
        ];
        for (entries, line, words) in cases {
            let error = error_for(entries);
            assert_eq!(error.line, Some(line), "{words}: {error}");
            assert!(error.message.contains(words), "{words}: {error}");
            assert_eq!(
                error.file.as_deref(),
                Some(Path::new("content/participants.toml"))
            );
        }
    }

    #[test]
    fn accession_needs_no_signature() {
        let text = format!(
            "[[participants]]\ncode = \"MA\"\ninstrument = \"accession\"\ndeposited = 2026-01-01\ninstrument_source = {SOURCE}\n"
        );
        let participants = parse(&text).expect("valid");
        assert_eq!(participants.counting_deposits().len(), 1);
    }

    #[test]
    fn the_project_data_is_valid_and_every_code_has_a_name_in_both_languages() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .join(PARTICIPANTS_FILE);
        let english = names();
        let arabic = RegionNames::new("ar-MA").expect("Arabic data");
        let participants = Participants::load(&path, adopted(), &["en", "ar"])
            .unwrap_or_else(|errors| panic!("{errors:?}"));
        assert!(participants.list.len() >= 73);
        for participant in &participants.list {
            assert!(
                english.name(&participant.code).is_some(),
                "{}",
                participant.code
            );
            assert!(
                arabic.name(&participant.code).is_some(),
                "{}",
                participant.code
            );
        }
    }
}
