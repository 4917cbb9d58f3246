//! Words as Pagefind's browser side looks them up: what the index holds for each word of a page.
//!
//! The search page's Pagefind (its wasm, pinned in `vendor/pagefind/`) lower-cases each query
//! word, keeps its letters and digits, strips diacritics and stems it with the Snowball stemmer
//! of the page's language ([`pagefind_stem`], the same crate the wasm is built from), then looks
//! the result up as a prefix of the index's words. [`Words`] does the same to the pages' words,
//! as Pagefind's own indexer does (a hyphenated or camel-cased word is also indexed by its parts,
//! with a share of its weight; a word with diacritics is indexed without them and remembered as
//! a variant, which ranks an exact match first).
//!
//! Arabic words go through [`super::arabic::normalize_word`] first, at the same position: the
//! query is normalised the same way in the browser, so a clitic, an alef form or a plural the
//! reader typed meets the page's word, and an excerpt highlights the page's own word.
//!
//! A site repeats its words: each distinct written form is worked out once per rendering thread
//! ([`Words::indexable`] caches), not once per occurrence, and each occurrence then costs one
//! lookup of the written form.

use pagefind_stem::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Characters kept in a word besides letters and digits (Unicode's connector punctuation), as
/// Pagefind keeps them; the bundle's entry file lists them for the browser side.
pub const WORD_SYMBOLS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// A word form's number in one [`Words`] (each rendering thread has its own numbering).
pub type WordId = u32;
/// [`Indexable::original`]'s value when the word has no diacritics.
pub const NO_FORM: WordId = WordId::MAX;

/// One entry the index holds for a written word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indexable {
    /// The stemmed, diacritic-free form the query meets ([`Words::stem_text`]).
    pub stem: WordId,
    /// The word before its diacritics were stripped, when that differs ([`Words::form_text`]);
    /// else [`NO_FORM`].
    pub original: WordId,
    /// A part of a compound word (it gets a share of the word's weight).
    pub compound_part: bool,
}

/// The stemmer of `lang`, for the languages whose Pagefind wasm Accord carries (the UN's
/// official languages that Snowball stems: Chinese has no stemmer); others are indexed unstemmed,
/// as the browser then searches them.
pub fn stemmer_for(lang: &str) -> Option<Algorithm> {
    Some(match lang.split('-').next().unwrap_or(lang) {
        "ar" => Algorithm::Arabic,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fr" => Algorithm::French,
        "ru" => Algorithm::Russian,
        _ => return None,
    })
}

/// A language's word rules, with a cache of the forms already worked out. Stems and forms are
/// numbered: a page's words are then sorted and grouped as integers, and the strings are met
/// again only when the parts of the index are merged.
pub struct Words {
    stemmer: Option<Stemmer>,
    arabic: bool,
    /// Each written form met, with the range of its entries in `entries`.
    cache: FxHashMap<Box<str>, (u32, u32)>,
    entries: Vec<Indexable>,
    stems: Numbered,
    forms: Numbered,
}

/// Strings and their numbers.
#[derive(Default)]
struct Numbered {
    texts: Vec<Box<str>>,
    numbers: FxHashMap<Box<str>, WordId>,
}

impl Numbered {
    fn number(&mut self, text: &str) -> WordId {
        if let Some(&number) = self.numbers.get(text) {
            return number;
        }
        let number = WordId::try_from(self.texts.len()).unwrap_or(NO_FORM - 1);
        self.texts.push(text.into());
        self.numbers.insert(text.into(), number);
        number
    }
}

impl Words {
    /// The rules for `lang`.
    pub fn new(lang: &str) -> Words {
        Words {
            stemmer: stemmer_for(lang).map(Stemmer::create),
            arabic: lang.split('-').next() == Some("ar"),
            cache: FxHashMap::default(),
            entries: Vec::new(),
            stems: Numbered::default(),
            forms: Numbered::default(),
        }
    }

    /// What the index holds for `written`, one whitespace-free word as a page shows it.
    pub fn indexable(&mut self, written: &str) -> &[Indexable] {
        let (start, end) = match self.cache.get(written) {
            Some(&range) => range,
            None => {
                let start = self.entries.len();
                self.work_out(written);
                let range = (to_u32(start), to_u32(self.entries.len()));
                self.cache.insert(written.into(), range);
                range
            }
        };
        &self.entries[start as usize..end as usize]
    }

    /// The text of stem number `stem`.
    #[cfg(test)]
    pub fn stem_text(&self, stem: WordId) -> &str {
        self.stems.texts.get(stem as usize).map_or("", |text| text)
    }

    /// Every stem's text, in number order.
    pub fn stem_texts(&self) -> impl Iterator<Item = &str> {
        self.stems.texts.iter().map(|text| &**text)
    }

    /// The text of form number `form` (a word with its diacritics).
    pub fn form_text(&self, form: WordId) -> &str {
        self.forms.texts.get(form as usize).map_or("", |text| text)
    }

    fn work_out(&mut self, written: &str) {
        let normalised;
        let word = if self.arabic {
            normalised = super::arabic::normalize_text(written);
            normalised.as_str()
        } else {
            written
        };
        let whole = letters_of(word);
        if !whole.is_empty() {
            let entry = self.stemmed(&whole, false);
            self.entries.push(entry);
        }
        let compound = word.chars().any(|c| !c.is_alphanumeric())
            || word.chars().skip(1).any(char::is_uppercase);
        if !compound || whole.is_empty() {
            return;
        }
        let parts = parts_of(word);
        if parts.len() > 1
            || parts
                .first()
                .is_some_and(|part| !whole.starts_with(part.as_str()))
        {
            for part in parts.iter().filter(|part| part.len() > 1) {
                let entry = self.stemmed(part, true);
                self.entries.push(entry);
            }
        }
    }

    /// `word` (already lower-cased letters) without diacritics and stemmed.
    fn stemmed(&mut self, word: &str, compound_part: bool) -> Indexable {
        let stripped = strip_diacritics(word);
        let base = stripped.as_deref().unwrap_or(word);
        let stem = match &self.stemmer {
            Some(stemmer) => self.stems.number(&stemmer.stem(base)),
            None => self.stems.number(base),
        };
        Indexable {
            stem,
            original: match stripped {
                Some(_) => self.forms.number(word),
                None => NO_FORM,
            },
            compound_part,
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The letters and digits of `word` (and [`WORD_SYMBOLS`]), lower-cased.
fn letters_of(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// The parts of a compound word: split at ASCII punctuation, whitespace and lower-to-upper case
/// changes ("UN-backed" → un, backed; "eEvidence" → e, evidence), lower-cased.
fn parts_of(word: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    let chars: Vec<char> = word.chars().collect();
    for (at, &c) in chars.iter().enumerate() {
        if c.is_ascii_punctuation()
            || c.is_whitespace()
            || !(c.is_alphanumeric() || is_combining_mark(c))
        {
            if !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            previous = None;
            continue;
        }
        let next_is_lower = chars.get(at + 1).is_some_and(|n| n.is_lowercase());
        let boundary = match previous {
            Some(p) if c.is_uppercase() => {
                p.is_lowercase() || p.is_numeric() || (p.is_uppercase() && next_is_lower)
            }
            _ => false,
        };
        if boundary && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
        previous = Some(c);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// `word` without its combining marks, when it has any (decomposed, as Pagefind leaves it).
fn strip_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() || !has_decomposition(word) {
        return None;
    }
    let stripped: String = word
        .nfd()
        .filter(|c| !is_combining_mark(*c) || matches!(*c, '\u{3099}' | '\u{309A}'))
        .collect();
    let stripped = if stripped.contains(['\u{3099}', '\u{309A}']) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (stripped != word).then_some(stripped)
}

fn has_decomposition(word: &str) -> bool {
    word.chars().any(|c| {
        is_combining_mark(c) || {
            let mut decomposes = false;
            decompose_canonical(c, |part| decomposes = decomposes || part != c);
            decomposes
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(lang: &str, word: &str) -> Vec<String> {
        let mut words = Words::new(lang);
        let entries = words.indexable(word).to_vec();
        entries
            .iter()
            .map(|entry| words.stem_text(entry.stem).to_owned())
            .collect()
    }

    #[test]
    fn english_words_are_lower_cased_and_stemmed_as_pagefind_stems_a_query() {
        assert_eq!(stems("en", "Ratification,"), ["ratif"]);
        assert_eq!(stems("en", "ratifications"), ["ratif"]);
        assert_eq!(stems("en", "the"), ["the"]);
        assert!(stems("en", "—").is_empty());
    }

    #[test]
    fn compound_words_are_indexed_whole_and_by_their_parts() {
        assert_eq!(stems("en", "UN-backed"), ["unback", "un", "back"]);
        assert_eq!(stems("en", "eEvidence"), ["eevid", "evid"]);
        // A possessive: the whole stems as its first part does ("'s" is too short to index).
        assert_eq!(stems("en", "Morocco's"), ["morocco", "morocco"]);
    }

    #[test]
    fn diacritics_are_stripped_and_the_original_kept_as_a_variant() {
        let mut words = Words::new("fr");
        let entry = words.indexable("Côte")[0];
        assert_eq!(words.stem_text(entry.stem), "cot");
        assert_eq!(words.form_text(entry.original), "côte");
        assert_eq!(Words::new("en").indexable("Cote")[0].original, NO_FORM);
    }

    #[test]
    fn arabic_words_are_normalised_before_they_are_stemmed() {
        let forms = ["والاتفاقية", "بالاتفاقية", "للاتفاقية", "الاتفاقية", "الإتفاقيّة"];
        let expected = stems("ar", "اتفاقيه");
        for form in forms {
            assert_eq!(stems("ar", form), expected, "{form}");
        }
        assert_eq!(stems("ar", "«الاتفاقية»،"), expected);
    }

    #[test]
    fn a_language_without_a_stemmer_keeps_its_words() {
        assert_eq!(stems("xx", "Words"), ["words"]);
    }
}
