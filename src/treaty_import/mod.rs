//! `accord treaty import`: brings `content/participants.toml` up to date with the UN Treaty
//! Collection's status file for the convention (MTDSG chapter XVIII-16, `XVIII-16.en.xml`).
//!
//! The status file is ISO-8859-1; [`decode_latin1`] turns its bytes into text (each byte is the
//! code point) before `quick-xml` reads the rows at
//! `Document/Treaty/Participants/Table/TGroup/Tbody/Rows/Row`, three `Entry` cells each:
//! participant, signature, instrument. [`code_for`] maps the UN's short names to the codes the
//! participants file uses, from `un_names.tsv`, compiled in.
//!
//! [`prepare`] reads both files and edits the participants file in memory with `toml_edit`, which
//! keeps every comment, source, note and its Arabic text byte for byte: only the signature date,
//! the instrument and its date (and the UN source when none is given) are written, and new
//! participants are appended. [`Plan::write`] then replaces the file atomically.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use crate::error::{Diagnostic, line_column};

mod cells;
mod names;
mod status_xml;

pub use crate::content::participants::Instrument;
pub use cells::*;
pub use names::*;
pub use status_xml::*;

/// The title of the source written with dates taken from the UN file.
pub const UN_SOURCE_TITLE: &str = "UN Treaty Collection, chapter XVIII-16";
/// The UN status page for the convention.
pub const UN_SOURCE_URL: &str = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18&clang=_en";

/// One change to the participants file, as printed before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A signature the file did not have.
    NewSignature {
        /// The participant's code.
        code: String,
        /// Its UN name.
        name: String,
        /// The day.
        date: Day,
    },
    /// A deposit the file did not have.
    NewDeposit {
        /// The participant's code.
        code: String,
        /// Its UN name.
        name: String,
        /// The kind of instrument.
        instrument: Instrument,
        /// The day.
        date: Day,
    },
    /// A signature date (or range) the UN gives differently.
    ChangedSignature {
        /// The participant's code.
        code: String,
        /// Its UN name.
        name: String,
        /// What the file said (`2025-10-25` or `2025-10-25..2025-10-26`).
        from: String,
        /// The UN's day.
        to: Day,
    },
    /// A deposit date the UN gives differently.
    ChangedDeposit {
        /// The participant's code.
        code: String,
        /// Its UN name.
        name: String,
        /// What the file said.
        from: String,
        /// The UN's day.
        to: Day,
    },
    /// A kind of instrument the UN gives differently.
    ChangedInstrument {
        /// The participant's code.
        code: String,
        /// Its UN name.
        name: String,
        /// What the file said.
        from: String,
        /// The UN's kind.
        to: Instrument,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::NewSignature { code, name, date } => {
                write!(f, "new signature: {code} {name} {date}")
            }
            Change::NewDeposit {
                code,
                name,
                instrument,
                date,
            } => write!(f, "new deposit: {code} {name} {instrument} {date}"),
            Change::ChangedSignature {
                code,
                name,
                from,
                to,
            } => write!(f, "changed signature date: {code} {name}: {from} → {to}"),
            Change::ChangedDeposit {
                code,
                name,
                from,
                to,
            } => write!(f, "changed deposit date: {code} {name}: {from} → {to}"),
            Change::ChangedInstrument {
                code,
                name,
                from,
                to,
            } => write!(f, "changed instrument: {code} {name}: {from} → {to}"),
        }
    }
}

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The UN status file (`XVIII-16.en.xml`).
    pub xml: PathBuf,
    /// The site's folder, holding `content/participants.toml`.
    pub root: PathBuf,
}

/// The participants file as the UN file says it should be, not yet written.
#[derive(Debug)]
pub struct Plan {
    /// The participants file.
    pub path: PathBuf,
    /// What changes, in the order of the UN file.
    pub changes: Vec<Change>,
    /// Participants and dates the UN file does not confirm, left as they are.
    pub warnings: Vec<Diagnostic>,
    /// The file's `as_of`, as it stays.
    pub as_of: Option<String>,
    /// The new text of the file.
    pub text: String,
}

/// Reads the UN file and the participants file and works out the new participants file.
/// Nothing is written.
pub fn prepare(options: &ImportOptions) -> Result<Plan, Vec<Diagnostic>> {
    let xml = &options.xml;
    let bytes = fs::read(xml)
        .map_err(|error| vec![Diagnostic::in_file(xml, format!("cannot read: {error}"))])?;
    let rows = parse_status(xml, &bytes)?;

    let path = options.root.join("content").join("participants.toml");
    let bytes = fs::read(&path)
        .map_err(|error| vec![Diagnostic::in_file(&path, format!("cannot read: {error}"))])?;
    let original = String::from_utf8(bytes).map_err(|error| {
        let (line, column) = line_column(
            &String::from_utf8_lossy(error.as_bytes()),
            error.utf8_error().valid_up_to(),
        );
        vec![Diagnostic::in_file(&path, "not UTF-8 text").at(line, Some(column))]
    })?;
    let mut document: DocumentMut = original.parse().map_err(|error: toml_edit::TomlError| {
        let diagnostic = Diagnostic::in_file(&path, error.message().trim().to_owned());
        vec![match error.span() {
            Some(span) => diagnostic.at_offset(&original, span.start, 1),
            None => diagnostic,
        }]
    })?;
    let as_of = document.get("as_of").map(|item| {
        item.as_value()
            .map_or_else(|| item.to_string(), |value| value.to_string())
            .trim()
            .to_owned()
    });
    let (changes, mut warnings) = apply(&mut document, &rows, &path)?;
    // Point each warning at its participant's `code` line, found in the text as it was.
    for warning in &mut warnings {
        let code = warning.message.get(..2).unwrap_or_default();
        if let Some(offset) = original.find(&format!("code = \"{code}\"")) {
            *warning = warning.clone().at(line_column(&original, offset).0, None);
        }
    }
    Ok(Plan {
        text: document.to_string(),
        path,
        changes,
        warnings,
        as_of,
    })
}

impl Plan {
    /// Writes the new participants file through a temporary file in the same folder, renamed
    /// over the old one, so that a failure leaves the old file whole.
    pub fn write(&self) -> Result<(), Diagnostic> {
        let folder = self.path.parent().unwrap_or(Path::new("."));
        let name = self
            .path
            .file_name()
            .map_or_else(|| "participants.toml".into(), |n| n.to_string_lossy());
        let temporary = folder.join(format!(".{name}.accord-import-{}.tmp", std::process::id()));
        let fail = |error: std::io::Error| {
            let _ = fs::remove_file(&temporary);
            Diagnostic::in_file(&self.path, format!("cannot write: {error}"))
        };
        let permissions = fs::metadata(&self.path).map(|m| m.permissions());
        {
            use std::io::Write;
            let mut file = fs::File::create(&temporary).map_err(fail)?;
            file.write_all(self.text.as_bytes()).map_err(fail)?;
            file.sync_all().map_err(fail)?;
        }
        if let Ok(permissions) = permissions {
            fs::set_permissions(&temporary, permissions).map_err(fail)?;
        }
        fs::rename(&temporary, &self.path).map_err(fail)
    }
}

/// A `{ title, url }` source naming the UN status page.
fn un_source() -> Item {
    let mut source = InlineTable::new();
    source.insert("title", Value::from(UN_SOURCE_TITLE));
    source.insert("url", Value::from(UN_SOURCE_URL));
    source.fmt();
    Item::Value(Value::InlineTable(source))
}

/// A date value, in place of `old` with its spacing and comments if there was one.
fn date_item(day: Day, old: Option<&Item>) -> Item {
    let mut value = Value::from(day.to_toml());
    if let Some(old) = old.and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    Item::Value(value)
}

/// Sets `key` in `table`: in place if it is there, otherwise right after the last of `after`
/// present in the table (or at the end), keeping every other key's place and formatting.
fn set_after(table: &mut Table, key: &str, item: Item, after: &[&str]) {
    if let Some(slot) = table.get_mut(key) {
        *slot = item;
        return;
    }
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    let position = keys
        .iter()
        .rposition(|k| after.contains(&k.as_str()))
        .map_or(keys.len(), |index| index + 1);
    let moved: Vec<_> = keys[position..]
        .iter()
        .filter_map(|k| table.remove_entry(k))
        .collect();
    table.insert(key, item);
    for (k, v) in moved {
        table.insert_formatted(&k, v);
    }
}

/// The keys after which signature and deposit fields go.
const AFTER_CODE: &[&str] = &["code"];
const AFTER_SIGNATURE: &[&str] = &["code", "signature", "signature_range"];
const AFTER_SIGNATURE_SOURCE: &[&str] =
    &["code", "signature", "signature_range", "signature_source"];
const AFTER_INSTRUMENT: &[&str] = &[
    "code",
    "signature",
    "signature_range",
    "signature_source",
    "instrument",
];
const AFTER_DEPOSITED: &[&str] = &[
    "code",
    "signature",
    "signature_range",
    "signature_source",
    "instrument",
    "deposited",
];

/// `signature_range = { from, to }` as `from..to`, if readable.
fn range_text(item: &Item) -> String {
    let table = item.as_table_like();
    let part = |key: &str| {
        table
            .and_then(|t| t.get(key))
            .and_then(Day::from_toml)
            .map_or_else(|| "?".to_owned(), |day| day.to_string())
    };
    format!("{}..{}", part("from"), part("to"))
}

/// Edits `document` to agree with `rows`, returning the changes and what the UN does not confirm.
fn apply(
    document: &mut DocumentMut,
    rows: &[UnRow],
    path: &Path,
) -> Result<(Vec<Change>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut changes = Vec::new();
    let mut warnings = Vec::new();
    let participants = document
        .entry("participants")
        .or_insert_with(|| Item::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    let Some(participants) = participants.as_array_of_tables_mut() else {
        return Err(vec![Diagnostic::in_file(
            path,
            "`participants` is not an array of tables ([[participants]])",
        )]);
    };
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for (index, table) in participants.iter().enumerate() {
        if let Some(code) = table.get("code").and_then(Item::as_str) {
            index_of.entry(code.to_owned()).or_insert(index);
        }
    }
    let mut listed = BTreeSet::new();
    for row in rows {
        listed.insert(row.code);
        let code = row.code.to_owned();
        let name = row.name.clone();
        let Some(&index) = index_of.get(row.code) else {
            let mut table = Table::new();
            table.decor_mut().set_prefix("\n");
            table.insert("code", toml_edit::value(row.code));
            if let Some(date) = row.signature {
                table.insert("signature", date_item(date, None));
                table.insert("signature_source", un_source());
                changes.push(Change::NewSignature {
                    code: code.clone(),
                    name: name.clone(),
                    date,
                });
            }
            if let Some((date, instrument)) = row.deposit {
                table.insert("instrument", toml_edit::value(instrument.as_str()));
                table.insert("deposited", date_item(date, None));
                table.insert("instrument_source", un_source());
                changes.push(Change::NewDeposit {
                    code,
                    name,
                    instrument,
                    date,
                });
            }
            participants.push(table);
            continue;
        };
        let Some(table) = participants.get_mut(index) else {
            continue;
        };
        let old_signature = table.get("signature").and_then(Day::from_toml);
        let old_range = table.get("signature_range").map(range_text);
        match (row.signature, old_signature, old_range) {
            (Some(date), Some(old), _) if date == old => {
                // Agrees; a stray range next to the day is the model's business, not ours.
            }
            (Some(date), Some(old), _) => {
                let item = date_item(date, table.get("signature"));
                set_after(table, "signature", item, AFTER_CODE);
                changes.push(Change::ChangedSignature {
                    code: code.clone(),
                    name: name.clone(),
                    from: old.to_string(),
                    to: date,
                });
            }
            (Some(date), None, Some(range)) => {
                let item = date_item(date, table.get("signature_range"));
                set_after(table, "signature", item, &["code", "signature_range"]);
                table.remove("signature_range");
                changes.push(Change::ChangedSignature {
                    code: code.clone(),
                    name: name.clone(),
                    from: range,
                    to: date,
                });
            }
            (Some(date), None, None) => {
                set_after(table, "signature", date_item(date, None), AFTER_CODE);
                if !table.contains_key("signature_source") {
                    set_after(table, "signature_source", un_source(), AFTER_SIGNATURE);
                }
                changes.push(Change::NewSignature {
                    code: code.clone(),
                    name: name.clone(),
                    date,
                });
            }
            (None, Some(old), _) => warnings.push(Diagnostic::warning(
                path,
                format!(
                    "{code} {name}: the UN file lists no signature, participants.toml says {old}; \
                     left as it is"
                ),
            )),
            (None, None, Some(range)) => warnings.push(Diagnostic::warning(
                path,
                format!(
                    "{code} {name}: the UN file lists no signature, participants.toml says \
                     {range}; left as it is"
                ),
            )),
            (None, None, None) => {}
        }
        let old_deposit = table.get("deposited").and_then(Day::from_toml);
        let old_instrument = table
            .get("instrument")
            .and_then(Item::as_str)
            .map(str::to_owned);
        match (row.deposit, old_deposit) {
            (Some((date, instrument)), None) => {
                set_after(
                    table,
                    "instrument",
                    toml_edit::value(instrument.as_str()),
                    AFTER_SIGNATURE_SOURCE,
                );
                set_after(table, "deposited", date_item(date, None), AFTER_INSTRUMENT);
                if !table.contains_key("instrument_source") {
                    set_after(table, "instrument_source", un_source(), AFTER_DEPOSITED);
                }
                changes.push(Change::NewDeposit {
                    code,
                    name,
                    instrument,
                    date,
                });
            }
            (Some((date, instrument)), Some(old)) => {
                if date != old {
                    let item = date_item(date, table.get("deposited"));
                    set_after(table, "deposited", item, AFTER_INSTRUMENT);
                    changes.push(Change::ChangedDeposit {
                        code: code.clone(),
                        name: name.clone(),
                        from: old.to_string(),
                        to: date,
                    });
                }
                if old_instrument.as_deref() != Some(instrument.as_str()) {
                    let mut value = Value::from(instrument.as_str());
                    if let Some(old) = table.get("instrument").and_then(Item::as_value) {
                        *value.decor_mut() = old.decor().clone();
                    }
                    set_after(
                        table,
                        "instrument",
                        Item::Value(value),
                        AFTER_SIGNATURE_SOURCE,
                    );
                    changes.push(Change::ChangedInstrument {
                        code,
                        name,
                        from: old_instrument.unwrap_or_else(|| "nothing".to_owned()),
                        to: instrument,
                    });
                }
            }
            (None, Some(old)) => warnings.push(Diagnostic::warning(
                path,
                format!(
                    "{code} {name}: the UN file lists no instrument, participants.toml says {} \
                     deposited {old}; left as it is",
                    old_instrument.as_deref().unwrap_or("an instrument")
                ),
            )),
            (None, None) => {}
        }
    }
    for code in index_of.keys().collect::<BTreeSet<_>>() {
        if !listed.contains(code.as_str()) {
            let name = name_for(code).unwrap_or("(not a UN name)");
            warnings.push(Diagnostic::warning(
                path,
                format!("{code} {name}: in participants.toml but not in the UN file; kept"),
            ));
        }
    }
    Ok((changes, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: u16, month: u8, d: u8) -> Day {
        Day::new(year, month, d).expect("a real day")
    }

    #[test]
    fn latin1_bytes_are_their_code_points() {
        assert_eq!(decode_latin1(b"C\xf4te d'Ivoire"), "Côte d'Ivoire");
        assert_eq!(decode_latin1(b"T\xfcrkiye"), "Türkiye");
        // A no-break space, as a stray byte, is whitespace to the cell cleaner.
        assert_eq!(decode_latin1(b"25\xa0Oct"), "25\u{a0}Oct");
        assert_eq!(clean_cell(&decode_latin1(b"25\xa0Oct 2025")), "25 Oct 2025");
        // Every byte decodes, even ones that are not UTF-8.
        assert_eq!(decode_latin1(&[0xff, 0x80]).chars().count(), 2);
    }

    #[test]
    fn dates_with_tabs_spaces_and_brackets() {
        assert_eq!(
            parse_signature_cell("25 Oct\t 2025 "),
            Ok(Some(day(2025, 10, 25)))
        );
        assert_eq!(
            parse_signature_cell("9 Nov 2016"),
            Ok(Some(day(2016, 11, 9)))
        );
        assert_eq!(parse_signature_cell(" \t "), Ok(None));
        assert_eq!(parse_signature_cell(""), Ok(None));
        assert!(parse_signature_cell("31 Sep 2025").is_err());
        assert!(parse_signature_cell("Oct 2025").is_err());
        assert!(parse_signature_cell("25 Okt 2025").is_err());
        assert!(parse_signature_cell("25 Oct 2025 a").is_err());
        assert_eq!(parse_date("29 Feb 2028"), Ok(day(2028, 2, 29)));
        assert!(parse_date("29 Feb 2026").is_err());
    }

    #[test]
    fn instrument_suffixes() {
        let cell = |text| parse_instrument_cell(text);
        assert_eq!(
            cell("20 Jun\t 2026 "),
            Ok(Some((day(2026, 6, 20), Instrument::Ratification)))
        );
        assert_eq!(
            cell("21 Sep 2016 A"),
            Ok(Some((day(2016, 9, 21), Instrument::Acceptance)))
        );
        assert_eq!(
            cell("5 Mar\t 2026 AA"),
            Ok(Some((day(2026, 3, 5), Instrument::Approval)))
        );
        assert_eq!(
            cell("14 Sep\t 2026 a"),
            Ok(Some((day(2026, 9, 14), Instrument::Accession)))
        );
        assert_eq!(
            cell("[20 Jan\t 2021 A]"),
            Ok(Some((day(2021, 1, 20), Instrument::Acceptance)))
        );
        assert_eq!(cell(""), Ok(None));
        let error = cell("3 Mar 2011 d").expect_err("succession is not modelled");
        assert!(error.contains("unknown kind `d`"), "{error}");
        assert!(cell("3 Mar 2011 a b").is_err());
        assert!(cell("3 Mar a").is_err());
    }

    #[test]
    fn footnote_markers_are_stripped() {
        assert_eq!(
            participant_name("Denmark<superscript>1</superscript>"),
            "Denmark"
        );
        assert_eq!(
            participant_name("Viet Nam<superscript>12</superscript> "),
            "Viet Nam"
        );
        assert_eq!(participant_name("Denmark<i>3</i>"), "Denmark");
        assert_eq!(
            participant_name("\tIran (Islamic Republic of)  "),
            "Iran (Islamic Republic of)"
        );
        assert_eq!(
            clean_cell("20 Jun 2026<superscript>2</superscript>"),
            "20 Jun 2026"
        );
    }

    #[test]
    fn names_match_exactly_or_by_apostrophe() {
        assert_eq!(code_for("Côte d'Ivoire"), Some("CI"));
        assert_eq!(code_for("Côte d’Ivoire"), Some("CI"));
        assert_eq!(code_for("Democratic Peoples Republic of Korea"), Some("KP"));
        assert_eq!(code_for("Lao People’s Democratic Republic"), Some("LA"));
        assert_eq!(code_for("Czech Republic"), Some("CZ"));
        assert_eq!(code_for("Czechia"), None);
        assert_eq!(code_for("Narnia"), None);
        assert_eq!(name_for("TR"), Some("Türkiye"));
    }

    #[test]
    fn the_table_covers_the_un_members_observers_and_the_eu() {
        let rows: Vec<_> = un_names().collect();
        assert_eq!(rows.len(), 193 + 5, "193 members, PS, VA, CK, NU and EU");
        let names: BTreeSet<_> = rows.iter().map(|(name, _)| *name).collect();
        let codes: BTreeSet<_> = rows.iter().map(|(_, code)| *code).collect();
        assert_eq!(names.len(), rows.len(), "a name twice");
        assert_eq!(codes.len(), rows.len(), "a code twice");
        for code in ["PS", "VA", "CK", "NU", "EU"] {
            assert!(codes.contains(code), "{code}");
        }
        for (name, code) in rows {
            assert_eq!(name, name.trim(), "{code}: spaces around the name");
            assert!(
                code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()),
                "{name}: `{code}`"
            );
        }
    }

    #[test]
    fn every_current_participant_maps_from_its_un_name() {
        let fixture = include_str!("../../tests/fixtures/untc/un-names.tsv");
        let mut count = 0;
        for line in fixture.lines().filter(|line| !line.is_empty()) {
            let (code, name) = line.split_once('\t').expect("CODE<TAB>name");
            assert_eq!(code_for(name), Some(code), "{name}");
            count += 1;
        }
        assert_eq!(count, 73);
    }

    #[test]
    fn the_fixture_parses() {
        let path = Path::new("tests/fixtures/untc/XVIII-16.en.xml");
        let bytes = include_bytes!("../../tests/fixtures/untc/XVIII-16.en.xml");
        let rows = parse_status(path, bytes).expect("parses");
        let summary: Vec<_> = rows
            .iter()
            .map(|row| (row.code, row.signature, row.deposit))
            .collect();
        assert_eq!(
            summary,
            [
                ("AZ", Some(day(2025, 10, 25)), None),
                ("CI", Some(day(2025, 10, 25)), None),
                (
                    "EU",
                    Some(day(2025, 10, 25)),
                    Some((day(2026, 3, 5), Instrument::Approval))
                ),
                ("IR", Some(day(2025, 10, 25)), None),
                ("MA", Some(day(2025, 10, 25)), None),
                ("SA", Some(day(2025, 10, 26)), None),
                ("SG", None, Some((day(2026, 9, 14), Instrument::Accession))),
                (
                    "VN",
                    Some(day(2025, 10, 25)),
                    Some((day(2026, 6, 20), Instrument::Ratification))
                ),
            ]
        );
        assert_eq!(rows[7].name, "Viet Nam");
        let text = decode_latin1(bytes);
        let vn_line = text
            .lines()
            .position(|l| l.contains("<Entry>Viet Nam"))
            .expect("VN")
            + 1;
        assert_eq!(rows[7].line, vn_line);
    }

    #[test]
    fn set_after_keeps_the_order_and_the_rest() {
        let mut document: DocumentMut =
            "[[p]]\ncode = \"X\" # the code\nsignature_source = { a = 1 }\nnote = \"n\"\n"
                .parse()
                .expect("toml");
        let table = document["p"]
            .as_array_of_tables_mut()
            .and_then(|a| a.get_mut(0))
            .expect("table");
        set_after(
            table,
            "instrument",
            toml_edit::value("accession"),
            AFTER_SIGNATURE_SOURCE,
        );
        assert_eq!(
            document.to_string(),
            "[[p]]\ncode = \"X\" # the code\nsignature_source = { a = 1 }\ninstrument = \"accession\"\nnote = \"n\"\n"
        );
    }
}
