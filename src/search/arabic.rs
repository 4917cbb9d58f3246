//! Arabic as readers type it: a normaliser applied to the search index and to the query alike,
//! so "والاتفاقية", "بالاتفاقية" and "للاتفاقية" find "الاتفاقية", and "تصديقات" finds
//! "التصديق".
//!
//! Pagefind's Snowball stemmer still runs after this, on both sides. The rules are data
//! ([`CHARACTER_RULES`], [`PREFIXES`], [`SUFFIXES`]): the search page's script gets the same
//! tables as JSON ([`rules_json`]), written by the build, so there is one source of truth.
//!
//! A word is normalised in this order:
//!
//! 1. characters: diacritics and tatweel dropped; alef variants (أ إ آ ٱ) to ا; ta marbuta ة to
//!    ه; alef maqsura ى to ي; Arabic-Indic digits (٠–٩, ۰–۹) to 0–9;
//! 2. one prefix: a clitic (و ف ب ك ل, or two of them) before ال, or ال alone (ل + ال is written
//!    لل), kept when fewer than [`MIN_STEM`] letters would remain;
//! 3. up to two suffixes: plural, possessive and adjective endings (ات ون ين ان ها يه ه ي),
//!    under the same rule.

/// Letters a stem keeps at least: below this, a prefix or suffix is not removed.
pub const MIN_STEM: usize = 3;

/// What one character becomes: `None` drops it.
#[derive(Debug, Clone, Copy)]
pub struct CharacterRule {
    /// The characters, as a range (inclusive).
    pub from: char,
    /// The end of the range.
    pub to: char,
    /// The replacement, or `None` to drop the character.
    pub into: Option<char>,
    /// Which rule this is, for the tests and the documentation.
    pub name: &'static str,
}

const fn drop(from: char, to: char, name: &'static str) -> CharacterRule {
    CharacterRule {
        from,
        to,
        into: None,
        name,
    }
}

const fn map(from: char, into: char, name: &'static str) -> CharacterRule {
    CharacterRule {
        from,
        to: from,
        into: Some(into),
        name,
    }
}

/// The character rules. Digits are mapped by offset (see [`normalize_char`]).
pub const CHARACTER_RULES: &[CharacterRule] = &[
    drop('\u{0610}', '\u{061A}', "Quranic marks"),
    drop(
        '\u{064B}',
        '\u{065F}',
        "diacritics (harakat, tanwin, shadda, sukun)",
    ),
    drop('\u{0670}', '\u{0670}', "superscript alef"),
    drop('\u{06D6}', '\u{06ED}', "Quranic annotation marks"),
    drop('\u{0640}', '\u{0640}', "tatweel"),
    map('أ', 'ا', "alef with hamza above"),
    map('إ', 'ا', "alef with hamza below"),
    map('آ', 'ا', "alef with madda"),
    map('ٱ', 'ا', "alef wasla"),
    map('ة', 'ه', "ta marbuta"),
    map('ى', 'ي', "alef maqsura"),
];

/// Arabic-Indic digit ranges, each mapped to 0–9 by offset.
pub const DIGIT_RANGES: &[(char, &str)] = &[
    ('\u{0660}', "Arabic-Indic digits"),
    ('\u{06F0}', "Extended Arabic-Indic digits"),
];

/// Prefixes removed (one, the longest that matches), after the character rules.
pub const PREFIXES: &[&str] = &[
    // Two clitics before ال.
    "وبال", "وكال", "فبال", "فكال", "ولل", "فلل", // One clitic before ال.
    "وال", "فال", "بال", "كال", "لل", // ال alone.
    "ال",
];

/// How many suffixes may be removed, one after the other.
pub const SUFFIX_PASSES: usize = 2;

/// Suffixes removed (the first in this order that matches, up to [`SUFFIX_PASSES`] times),
/// after the prefix.
pub const SUFFIXES: &[&str] = &["ات", "ون", "ين", "ان", "ها", "يه", "ه", "ي"];

/// One character through [`CHARACTER_RULES`] and [`DIGIT_RANGES`].
pub fn normalize_char(c: char) -> Option<char> {
    for &(zero, _) in DIGIT_RANGES {
        let offset = (c as u32).wrapping_sub(zero as u32);
        if offset < 10 {
            return char::from_digit(offset, 10);
        }
    }
    for rule in CHARACTER_RULES {
        if (rule.from..=rule.to).contains(&c) {
            return rule.into;
        }
    }
    Some(c)
}

/// Whether `c` is an Arabic letter (the block's letters, after normalisation).
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// One word (no spaces) normalised: characters, then one prefix, then one suffix. Words with
/// no Arabic letter only go through the character rules (digits).
pub fn normalize_word(word: &str) -> String {
    let mut letters: String = word.chars().filter_map(normalize_char).collect();
    if !letters.chars().any(is_arabic_letter) {
        return letters;
    }
    let count = |s: &str| s.chars().count();
    if let Some(prefix) = PREFIXES
        .iter()
        .find(|p| letters.starts_with(**p) && count(&letters) - count(p) >= MIN_STEM)
    {
        letters.drain(..prefix.len());
    }
    // Twice: "اتفاقيات" (ات, then ي) meets "اتفاقية" (يه).
    for _ in 0..SUFFIX_PASSES {
        let Some(suffix) = SUFFIXES
            .iter()
            .find(|s| letters.ends_with(**s) && count(&letters) - count(s) >= MIN_STEM)
        else {
            break;
        };
        letters.truncate(letters.len() - suffix.len());
    }
    letters
}

/// Text normalised word by word; words are separated by single spaces, and punctuation stays
/// (Pagefind drops it when it indexes).
pub fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        // Punctuation glued to a word («الاتفاقية،») would hide its suffix: split it off.
        let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric() && !is_mark(c));
        if trimmed.is_empty() {
            continue;
        }
        out.push_str(&normalize_word(trimmed));
    }
    out
}

/// Combining marks that the character rules drop, so that trimming keeps them with the word.
fn is_mark(c: char) -> bool {
    normalize_char(c).is_none()
}

/// The rules as JSON for the search page's script (`static` in the output), so the query is
/// normalised exactly as the index was.
pub fn rules_json() -> String {
    let characters: Vec<serde_json::Value> = CHARACTER_RULES
        .iter()
        .map(|rule| {
            serde_json::json!({
                "from": rule.from as u32,
                "to": rule.to as u32,
                "into": rule.into.map(|c| c.to_string()),
            })
        })
        .collect();
    let digits: Vec<u32> = DIGIT_RANGES.iter().map(|&(zero, _)| zero as u32).collect();
    serde_json::json!({
        "characters": characters,
        "digits": digits,
        "prefixes": PREFIXES,
        "suffixes": SUFFIXES,
        "minStem": MIN_STEM,
        "suffixPasses": SUFFIX_PASSES,
        "letters": [[0x0620, 0x064A], [0x066E, 0x06D3], [0x06FA, 0x06FF]],
    })
    .to_string()
}

/// Examples every implementation of the rules must agree on: (typed, normalised). The browser
/// test runs them through the search page's script too.
pub const EXAMPLES: &[(&str, &str, &str)] = &[
    // (rule, input, output)
    ("clitic و before ال", "والاتفاقية", "اتفاق"),
    ("clitic ب before ال", "بالاتفاقية", "اتفاق"),
    ("clitic ل before ال (لل)", "للاتفاقية", "اتفاق"),
    ("clitic ف before ال", "فالدول", "دول"),
    ("clitic ك before ال", "كالمعاهدة", "معاهد"),
    ("two clitics before ال", "وبالتصديق", "تصديق"),
    ("ال alone", "التصديق", "تصديق"),
    ("plural ات", "تصديقات", "تصديق"),
    ("plural ون", "المراقبون", "مراقب"),
    ("dual/plural ين", "الموقعين", "موقع"),
    ("possessive ها", "دولها", "دول"),
    ("nisba ي", "المغربي", "مغرب"),
    ("alef with hamza above", "أعلن", "اعلن"),
    ("alef with hamza below", "إيداع", "ايداع"),
    ("alef with madda", "آخر", "اخر"),
    ("ta marbuta", "معاهدة", "معاهد"),
    ("alef maqsura", "على", "علي"),
    ("diacritics", "اتِّفَاقِيَّة", "اتفاق"),
    ("tatweel", "اتفـــاقية", "اتفاق"),
    ("two suffixes (ات then ي)", "اتفاقيات", "اتفاق"),
    ("Arabic-Indic digits", "٢٠٢٤", "2024"),
    ("Extended Arabic-Indic digits", "۲۰۲۵", "2025"),
    ("short word keeps its prefix", "الى", "الي"),
    ("Latin untouched", "UNODC", "UNODC"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Each rule, with an example both ways: the form a reader types and the form in the text
    /// normalise to the same word.
    const BOTH_WAYS: &[(&str, &str, &str)] = &[
        ("clitic و before ال", "والاتفاقية", "الاتفاقية"),
        ("clitic ف before ال", "فالاتفاقية", "الاتفاقية"),
        ("clitic ب before ال", "بالاتفاقية", "الاتفاقية"),
        ("clitic ك before ال", "كالاتفاقية", "الاتفاقية"),
        ("clitic ل before ال", "للاتفاقية", "الاتفاقية"),
        ("ال alone", "الاتفاقية", "اتفاقية"),
        ("plural ات", "تصديقات", "التصديق"),
        ("alef أ", "اعلان", "أعلان"),
        ("alef إ", "اعلان", "إعلان"),
        ("alef آ", "اليات", "آليات"),
        ("ta marbuta / ha", "اتفاقيه", "اتفاقية"),
        ("alef maqsura / ya", "علي", "على"),
        ("diacritics", "الاتفاقية", "الاتِّفَاقِيَّة"),
        ("tatweel", "الاتفاقية", "الاتفـــاقية"),
        ("Arabic-Indic digits", "2024", "٢٠٢٤"),
        ("Extended Arabic-Indic digits", "2024", "۲۰۲٤"),
        ("nisba", "المغربي", "المغرب"),
        ("two suffixes", "اتفاقيات", "الاتفاقية"),
    ];

    #[test]
    fn each_rule_matches_both_ways() {
        for (rule, typed, written) in BOTH_WAYS {
            assert_eq!(
                normalize_word(typed),
                normalize_word(written),
                "{rule}: {typed} vs {written}"
            );
        }
    }

    #[test]
    fn examples_normalise_as_listed() {
        for (rule, input, output) in EXAMPLES {
            assert_eq!(normalize_word(input), *output, "{rule}: {input}");
        }
    }

    #[test]
    fn every_character_rule_has_an_example() {
        for rule in CHARACTER_RULES {
            let c = rule.from;
            assert_eq!(normalize_char(c), rule.into, "{}", rule.name);
        }
        assert_eq!(normalize_char('٣'), Some('3'));
        assert_eq!(normalize_char('۹'), Some('9'));
    }

    #[test]
    fn text_keeps_one_word_per_word() {
        assert_eq!(
            normalize_text("وقّعت المغرب على الاتفاقية، في هانوي."),
            "وقعت مغرب علي اتفاق في هانو"
        );
    }

    #[test]
    fn rules_json_carries_every_table() {
        let json: serde_json::Value = serde_json::from_str(&rules_json()).expect("json");
        assert_eq!(
            json["prefixes"].as_array().map(Vec::len),
            Some(PREFIXES.len())
        );
        assert_eq!(
            json["suffixes"].as_array().map(Vec::len),
            Some(SUFFIXES.len())
        );
        assert_eq!(
            json["characters"].as_array().map(Vec::len),
            Some(CHARACTER_RULES.len())
        );
    }
}
