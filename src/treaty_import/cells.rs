//! The cells of the UN status file: ISO-8859-1 text, footnote markers, dates like `25 Oct 2025`
//! and the instrument suffix after a deposit date.

use std::fmt;

use toml_edit::Item;

use crate::content::participants::Instrument;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// The year.
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
    /// 1 to the month's length.
    pub day: u8,
}

impl Day {
    /// The day, if it exists in the Gregorian calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Day> {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let length = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=length)
            .contains(&day)
            .then_some(Day { year, month, day })
    }

    pub(super) fn to_toml(self) -> toml_edit::Datetime {
        toml_edit::Datetime {
            date: Some(toml_edit::Date {
                year: self.year,
                month: self.month,
                day: self.day,
            }),
            time: None,
            offset: None,
        }
    }

    pub(super) fn from_toml(item: &Item) -> Option<Day> {
        let datetime = item.as_datetime()?;
        match (datetime.date, datetime.time, datetime.offset) {
            (Some(date), None, None) => Day::new(date.year, date.month, date.day),
            _ => None,
        }
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The ISO-8859-1 bytes of the UN file as text: each byte is the code point of its character.
pub fn decode_latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&byte| char::from(byte)).collect()
}

/// A cell's text without markup, brackets or extra whitespace: `<superscript>…</superscript>`
/// (a footnote marker, escaped in the file) goes with its content, any other `<…>` tag alone;
/// `[` and `]` are dropped and runs of whitespace (tabs, no-break spaces) become one space.
pub fn clean_cell(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('>') else {
            // A lone `<`: keep it, a name check will reject it.
            text.push_str(after);
            rest = "";
            break;
        };
        let tag = &after[1..end];
        rest = &after[end + 1..];
        if tag.trim().eq_ignore_ascii_case("superscript") {
            match rest.find("</") {
                Some(close) => {
                    let closing = &rest[close..];
                    rest = closing.find('>').map_or("", |gt| &closing[gt + 1..]);
                }
                None => rest = "",
            }
        }
    }
    text.push_str(rest);
    text.replace(['[', ']'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A participant cell's name: [`clean_cell`], then without a trailing footnote number left bare.
pub fn participant_name(raw: &str) -> String {
    let cleaned = clean_cell(raw);
    cleaned
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end()
        .to_owned()
}

/// Reads `D Mon YYYY` (`25 Oct 2025`, an English three-letter month).
pub fn parse_date(text: &str) -> Result<Day, String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let bad = || format!("cannot read the date `{text}`: expected a day like `25 Oct 2025`");
    let [day, month, year] = parts[..] else {
        return Err(bad());
    };
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = month.to_ascii_lowercase();
    let month = MONTHS
        .iter()
        .position(|&name| name == month || (name == "sep" && month == "sept"))
        .ok_or_else(bad)?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(day) || !all_digits(year) || year.len() != 4 || day.len() > 2 {
        return Err(bad());
    }
    let (Ok(day), Ok(year)) = (day.parse::<u8>(), year.parse::<u16>()) else {
        return Err(bad());
    };
    Day::new(year, month as u8 + 1, day)
        .ok_or_else(|| format!("`{text}` is not a day of the calendar"))
}

/// The signature cell: nothing, or a date.
pub fn parse_signature_cell(raw: &str) -> Result<Option<Day>, String> {
    let text = clean_cell(raw);
    if text.is_empty() {
        return Ok(None);
    }
    parse_date(&text)
        .map(Some)
        .map_err(|message| format!("signature: {message}"))
}

/// The instrument cell: nothing, or a date then the kind of instrument (` A` acceptance, ` AA`
/// approval, ` a` accession, no suffix ratification).
pub fn parse_instrument_cell(raw: &str) -> Result<Option<(Day, Instrument)>, String> {
    let text = clean_cell(raw);
    if text.is_empty() {
        return Ok(None);
    }
    let words: Vec<&str> = text.split(' ').collect();
    let (date, suffix) = match words.len() {
        3 => (text.as_str(), None),
        4 => (
            text.rsplit_once(' ')
                .map_or(text.as_str(), |(date, _)| date),
            Some(words[3]),
        ),
        _ => {
            return Err(format!(
                "instrument: cannot read `{text}`: expected a date like `25 Oct 2025`, then `A`, \
                 `AA` or `a` for acceptance, approval or accession, or nothing for ratification"
            ));
        }
    };
    let day = parse_date(date).map_err(|message| format!("instrument: {message}"))?;
    let instrument = match suffix {
        None => Instrument::Ratification,
        Some("A") => Instrument::Acceptance,
        Some("AA") => Instrument::Approval,
        Some("a") => Instrument::Accession,
        Some(other) => {
            return Err(format!(
                "instrument: unknown kind `{other}` after `{date}`: expected `A` (acceptance), \
                 `AA` (approval), `a` (accession) or nothing (ratification)"
            ));
        }
    };
    Ok(Some((day, instrument)))
}
