//! The UN's short names of participants, mapped to the codes `participants.toml` uses, from
//! `un_names.tsv` (compiled in).

use std::collections::HashMap;
use std::sync::OnceLock;

/// `UN short name<TAB>code`, one line per UN member state, observer and the European Union.
pub(super) const UN_NAMES: &str = include_str!("un_names.tsv");

/// The table of UN names, looked up exactly and by [`loose`] form.
pub(super) struct NameTable {
    exact: HashMap<&'static str, &'static str>,
    loose: HashMap<String, &'static str>,
}

pub(super) fn names() -> &'static NameTable {
    static NAMES: OnceLock<NameTable> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut table = NameTable {
            exact: HashMap::new(),
            loose: HashMap::new(),
        };
        for (name, code) in un_names() {
            table.exact.insert(name, code);
            table.loose.insert(loose(name), code);
        }
        table
    })
}

/// Every `(UN name, code)` pair of the table, in its order.
pub fn un_names() -> impl Iterator<Item = (&'static str, &'static str)> {
    UN_NAMES
        .lines()
        .filter(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_once('\t'))
}

/// A name with every kind of apostrophe dropped (the UN file, in Latin-1, loses `’`:
/// "Democratic Peoples Republic of Korea") and whitespace collapsed.
pub(super) fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The code for a UN participant name: exact, or differing only in apostrophes and whitespace.
pub fn code_for(name: &str) -> Option<&'static str> {
    let table = names();
    let name = name.trim();
    table
        .exact
        .get(name)
        .or_else(|| table.loose.get(&loose(name)))
        .copied()
}

/// The UN name for a code.
pub fn name_for(code: &str) -> Option<&'static str> {
    un_names().find(|&(_, c)| c == code).map(|(name, _)| name)
}
