//! The word the search page searches for while it loads, so that a reader's first query meets a
//! warm engine.
//!
//! The browser first runs Pagefind's wasm and scripts in V8's baseline tiers: measured on the
//! 10,000-article benchmark, a page's first query spends most of its time there, and the same
//! query as a page's third search takes half as long. A few searches made while the page loads
//! move the engine's hot code (reading a chunk, matching, scoring, sorting, answering) to the
//! optimising tier before the reader types. The word is one of the index's own, from the
//! smallest chunk that has a word on a twentieth as many pages as the commonest word: warming
//! then transfers a few kilobytes (3 kB in English and 1.6 kB in Arabic at 10,000 articles, where
//! a chunk is about 40 kB), and each warming search ranks hundreds of pages, as a real query does.

use pagefind_stem::Stemmer;

use super::merge::MergedWord;
use super::words::stemmer_for;

/// The file of the bundle that holds the word (plain text; absent when the index has no words).
pub const FILE: &str = "warm-up.txt";

/// The word must be on at least 1/`SHARE_OF_COMMONEST` as many pages as the commonest word.
const SHARE_OF_COMMONEST: usize = 20;

/// The longest word a note may hand back (a note is a file in the site's folder).
const LONGEST: usize = 64;

/// The word of `lang`'s index to warm the engine with: of the smallest of `chunks` (by their
/// encoded size, `sizes`) that has a word on enough pages, that chunk's word on the most pages.
/// Only a word that Pagefind's stemmer leaves as it is: the browser stems the query again.
pub fn choose(lang: &str, chunks: &[Vec<MergedWord>], sizes: &[usize]) -> Option<String> {
    let stemmer = stemmer_for(lang).map(Stemmer::create);
    let is_stable = |word: &str| stemmer.as_ref().is_none_or(|s| s.stem(word) == word);
    let commonest = chunks.iter().flatten().map(MergedWord::pages).max()?;
    let enough = commonest.div_ceil(SHARE_OF_COMMONEST);
    let mut by_size: Vec<(usize, &Vec<MergedWord>)> = sizes.iter().copied().zip(chunks).collect();
    by_size.sort_by_key(|(size, _)| *size);
    by_size.into_iter().find_map(|(_, chunk)| {
        (chunk.iter())
            .filter(|word| word.pages() >= enough)
            .filter(|word| is_acceptable(word.text()) && is_stable(word.text()))
            .max_by(|a, b| (a.pages().cmp(&b.pages())).then_with(|| b.text().cmp(a.text())))
            .map(|word| word.text().to_owned())
    })
}

/// Whether `word` may be written to the warm-up file and searched for: a single word, short,
/// made of letters and digits (the index's words are; an edited note's may not be).
pub fn is_acceptable(word: &str) -> bool {
    !word.is_empty() && word.chars().count() <= LONGEST && word.chars().all(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chunk of `(word, pages)`.
    fn merged_words(words: &[(&str, u32)]) -> Vec<MergedWord> {
        words
            .iter()
            .map(|&(text, pages)| MergedWord::on_pages(text, pages))
            .collect()
    }

    #[test]
    fn the_word_is_from_the_smallest_chunk_with_a_common_enough_word() {
        // The smallest chunk's words are each on one page; the next holds "june" on 856 pages
        // and "juli" on 851; "publish", on all 10,000, is in a larger chunk.
        let chunks = vec![
            merged_words(&[("convent", 9000), ("cooper", 8000)]),
            merged_words(&[("letter", 1), ("libya", 1)]),
            merged_words(&[("juli", 851), ("june", 856)]),
            merged_words(&[("publish", 10_000)]),
        ];
        let sizes = [38_000, 3_309, 3_010, 5_331];
        assert_eq!(choose("en", &chunks, &sizes).as_deref(), Some("june"));
        // Below a twentieth of the commonest word's pages, a word is passed over.
        let rare = vec![
            merged_words(&[("juli", 499)]),
            merged_words(&[("publish", 10_000)]),
        ];
        assert_eq!(
            choose("en", &rare, &[1_000, 5_331]).as_deref(),
            Some("publish")
        );
    }

    #[test]
    fn a_word_the_stemmer_would_change_is_passed_over() {
        // "ratification" is not a stem: the browser would search for "ratif".
        let chunks = vec![merged_words(&[("ratification", 50), ("ratif", 10)])];
        assert_eq!(choose("en", &chunks, &[10]).as_deref(), Some("ratif"));
        // Without a stemmer, any word stands.
        assert_eq!(
            choose("zh", &chunks, &[10]).as_deref(),
            Some("ratification")
        );
    }

    #[test]
    fn an_index_without_words_has_no_warm_up() {
        assert_eq!(choose("en", &[], &[]), None);
    }

    #[test]
    fn only_a_single_short_word_is_acceptable() {
        assert!(is_acceptable("june"));
        assert!(is_acceptable("اتفاق"));
        assert!(!is_acceptable(""));
        assert!(!is_acceptable("two words"));
        assert!(!is_acceptable("<script>"));
        assert!(!is_acceptable(&"a".repeat(65)));
    }
}
