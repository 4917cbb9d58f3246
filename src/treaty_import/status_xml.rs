//! Reading the participant rows of the UN status file with `quick-xml`.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::events::Event;

use super::cells::{
    Day, decode_latin1, parse_instrument_cell, parse_signature_cell, participant_name,
};
use super::names::code_for;
use crate::content::participants::Instrument;
use crate::error::{Diagnostic, line_column};

/// Where the participant rows are in the status file.
pub(super) const ROW_PATH: [&str; 8] = [
    "Document",
    "Treaty",
    "Participants",
    "Table",
    "TGroup",
    "Tbody",
    "Rows",
    "Row",
];

/// One participant as the UN file lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnRow {
    /// The line of the participant's cell in the file.
    pub line: usize,
    /// The name, as the UN writes it, without footnote markers.
    pub name: String,
    /// Its code in the participants file.
    pub code: &'static str,
    /// The day it signed, if it did.
    pub signature: Option<Day>,
    /// The instrument it deposited, and when.
    pub deposit: Option<(Day, Instrument)>,
}

/// One row's cells as read, each with its line.
pub(super) struct RawRow {
    line: usize,
    cells: Vec<(usize, String)>,
}

/// Reads the participant rows of a status file, reporting every bad row.
pub fn parse_status(path: &Path, bytes: &[u8]) -> Result<Vec<UnRow>, Vec<Diagnostic>> {
    let text = decode_latin1(bytes);
    let raw_rows = read_rows(path, &text).map_err(|error| vec![error])?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    for (index, row) in raw_rows.iter().enumerate() {
        let number = index + 1;
        let at = |line: usize, message: String| Diagnostic::in_file(path, message).at(line, None);
        if row.cells.len() != 3 {
            errors.push(at(
                row.line,
                format!(
                    "row {number} of the participants table has {} cells; expected 3 \
                     (participant, signature, instrument)",
                    row.cells.len()
                ),
            ));
            continue;
        }
        let (name_line, raw_name) = &row.cells[0];
        let name = participant_name(raw_name);
        let code = code_for(&name);
        if code.is_none() {
            errors.push(at(
                *name_line,
                format!(
                    "unknown participant \"{name}\" (row {number} of the participants table): \
                     not in the table of UN names (src/treaty_import/un_names.tsv)"
                ),
            ));
        }
        let signature = parse_signature_cell(&row.cells[1].1)
            .map_err(|message| errors.push(at(row.cells[1].0, format!("{name}: {message}"))));
        let deposit = parse_instrument_cell(&row.cells[2].1)
            .map_err(|message| errors.push(at(row.cells[2].0, format!("{name}: {message}"))));
        let (Some(code), Ok(signature), Ok(deposit)) = (code, signature, deposit) else {
            continue;
        };
        if let Some(first) = seen.insert(code, *name_line) {
            errors.push(at(
                *name_line,
                format!("\"{name}\" ({code}) is listed twice: also on line {first}"),
            ));
            continue;
        }
        rows.push(UnRow {
            line: *name_line,
            name,
            code,
            signature,
            deposit,
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// The rows at [`ROW_PATH`] with their cells' text, entity references resolved.
pub(super) fn read_rows(path: &Path, text: &str) -> Result<Vec<RawRow>, Diagnostic> {
    let line_at = |offset: u64| line_column(text, usize::try_from(offset).unwrap_or(usize::MAX)).0;
    let mut reader = quick_xml::Reader::from_str(text);
    // The UN's copies have been seen with a bare `&` in notes; it cannot hide a row.
    reader.config_mut().allow_dangling_amp = true;
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut rows: Vec<RawRow> = Vec::new();
    let mut found_table = false;
    // The cell being read: its line, text, and how deep inside it we are.
    let mut cell: Option<(usize, String, usize)> = None;
    let in_row = |stack: &[(String, usize)]| {
        stack.len() == ROW_PATH.len() && stack.iter().zip(ROW_PATH).all(|((a, _), b)| a == b)
    };
    loop {
        let event = reader.read_event().map_err(|error| {
            Diagnostic::in_file(path, format!("not well-formed XML: {error}"))
                .at(line_at(reader.error_position()), None)
        })?;
        let line = line_at(reader.buffer_position());
        match event {
            // Markup inside a cell: kept as text, as if escaped like the UN's footnote markers,
            // so that clean_cell treats both alike.
            Event::Start(start) if cell.is_some() => {
                if let Some((_, text, depth)) = cell.as_mut() {
                    text.push('<');
                    text.push_str(start.name().as_ref());
                    text.push('>');
                    *depth += 1;
                }
            }
            Event::Empty(start) if cell.is_some() => {
                if let Some((_, text, _)) = cell.as_mut() {
                    text.push('<');
                    text.push_str(start.name().as_ref());
                    text.push_str("/>");
                }
            }
            Event::Start(start) => {
                let name = start.name().as_ref().to_owned();
                stack.push((name, line));
                if in_row(&stack) {
                    rows.push(RawRow {
                        line,
                        cells: Vec::new(),
                    });
                    found_table = true;
                } else if stack.len() == ROW_PATH.len() + 1
                    && in_row(&stack[..ROW_PATH.len()])
                    && stack[ROW_PATH.len()].0 == "Entry"
                {
                    cell = Some((line, String::new(), 0));
                }
            }
            Event::Empty(start) => {
                stack.push((start.name().as_ref().to_owned(), line));
                if in_row(&stack) {
                    rows.push(RawRow {
                        line,
                        cells: Vec::new(),
                    });
                    found_table = true;
                } else if stack.len() == ROW_PATH.len() + 1
                    && in_row(&stack[..ROW_PATH.len()])
                    && stack[ROW_PATH.len()].0 == "Entry"
                    && let Some(row) = rows.last_mut()
                {
                    row.cells.push((line, String::new()));
                }
                stack.pop();
            }
            Event::End(end) => {
                if let Some((cell_line, mut text, depth)) = cell.take() {
                    if depth > 0 {
                        text.push_str("</");
                        text.push_str(end.name().as_ref());
                        text.push('>');
                        cell = Some((cell_line, text, depth - 1));
                        continue;
                    }
                    if let Some(row) = rows.last_mut() {
                        row.cells.push((cell_line, text));
                    }
                }
                stack.pop();
            }
            Event::Text(content) => {
                if let Some((_, text, _)) = cell.as_mut() {
                    text.push_str(&content.xml10_content());
                }
            }
            Event::CData(content) => {
                if let Some((_, text, _)) = cell.as_mut() {
                    text.push_str(&content);
                }
            }
            Event::GeneralRef(reference) => {
                if let Some((_, text, _)) = cell.as_mut() {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        Ok(None) => quick_xml::escape::resolve_predefined_entity(&reference)
                            .map(str::to_owned),
                        Err(_) => None,
                    };
                    match resolved {
                        Some(resolved) => text.push_str(&resolved),
                        None => {
                            return Err(Diagnostic::in_file(
                                path,
                                format!("unknown entity reference `&{};`", &*reference),
                            )
                            .at(line, None));
                        }
                    }
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some((name, line)) = stack.last() {
        return Err(Diagnostic::in_file(
            path,
            format!(
                "the file ends before <{name}> (opened on line {line}) is closed: is the download \
                 cut short?"
            ),
        )
        .at(text.lines().count().max(1), None));
    }
    if !found_table {
        return Err(Diagnostic::in_file(
            path,
            "no participant rows at Document/Treaty/Participants/Table/TGroup/Tbody/Rows/Row: is \
             this a UN Treaty Collection status file (XVIII-16.en.xml)?",
        ));
    }
    Ok(rows)
}
