//! One check for every string of every TOML file the site reads: a character no page or feed
//! can carry is refused at its line.

use std::path::Path;

use crate::error::{Diagnostic, xml_forbidden};

/// Refuses the first string (or key) of the TOML `text` that holds a character no page or feed
/// can carry ([`xml_forbidden`]: `\u0000`, `\u001b`, `\b`…), at its line: `text` is a part of
/// `path` that starts on line `first_line`. One check for every string of every TOML file the
/// site reads (front matter, `treaty.toml`, `site.toml`…), whatever field holds it, rather than a
/// line per field. Text the parser refuses passes: deserializing it reports the error.
pub(crate) fn refuse_control_characters(
    path: &Path,
    text: &str,
    first_line: usize,
) -> Result<(), Diagnostic> {
    // TOML refuses these characters written as they are (tab aside): only an escape, or U+FFFE
    // and U+FFFF written out, can put one in a value, so text with neither is parsed only once.
    if memchr::memchr(b'\\', text.as_bytes()).is_none() && !text.contains(['\u{FFFE}', '\u{FFFF}'])
    {
        return Ok(());
    }
    let Ok(document) = toml::de::DeTable::parse(text) else {
        return Ok(());
    };
    let mut found: Option<(usize, String, char)> = None;
    forbidden_in_table(document.get_ref(), "", &mut found);
    match found {
        None => Ok(()),
        Some((offset, field, c)) => Err(Diagnostic::in_file(
            path,
            format!(
                "{field} contains the control character U+{:04X}, which no page or feed can carry: remove it",
                u32::from(c)
            ),
        )
        .at_offset(text, offset, first_line)),
    }
}

/// Records in `found` the earliest (by place in the text) key or string below `table` holding a
/// forbidden character: its offset, how to name it, and the character.
fn forbidden_in_table(
    table: &toml::de::DeTable<'_>,
    prefix: &str,
    found: &mut Option<(usize, String, char)>,
) {
    for (key, value) in table.iter() {
        let name = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        if let Some(c) = xml_forbidden(key.get_ref()) {
            keep_earliest(found, key.span().start, format!("the key `{name}`"), c);
        }
        forbidden_in_value(value, &name, found);
    }
}

fn forbidden_in_value(
    value: &toml::Spanned<toml::de::DeValue<'_>>,
    name: &str,
    found: &mut Option<(usize, String, char)>,
) {
    match value.get_ref() {
        toml::de::DeValue::String(text) => {
            if let Some(c) = xml_forbidden(text) {
                keep_earliest(found, value.span().start, format!("`{name}`"), c);
            }
        }
        toml::de::DeValue::Array(items) => {
            for item in items.iter() {
                forbidden_in_value(item, name, found);
            }
        }
        toml::de::DeValue::Table(table) => forbidden_in_table(table, name, found),
        _ => {}
    }
}

fn keep_earliest(found: &mut Option<(usize, String, char)>, offset: usize, name: String, c: char) {
    if found
        .as_ref()
        .is_none_or(|(earliest, _, _)| offset < *earliest)
    {
        *found = Some((offset, name, c));
    }
}
