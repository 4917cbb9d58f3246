//! A language's index from the logs its rendering threads wrote ([`super::postings`]): each word
//! with its pages in page order, cut into Pagefind's index chunks and encoded in its CBOR layout.
//!
//! The logs already hold each page's positions as the chunks encode them, so merging only counts,
//! places and sorts references to them (16 bytes per word and page), and encoding copies them.

use std::sync::Arc;

use minicbor::Encoder;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::postings::Inverted;
use super::words::{NO_FORM, Words};

/// An index chunk closes once it holds this many positions (Pagefind's default is 20,000; a
/// query downloads the chunks of its words, so smaller ones download less besides them).
const CHUNK_POSITIONS: usize = 8_000;

/// One page's entry for a word (or a form of it): the page's number and where its encoded
/// positions are in which log.
#[derive(Clone, Copy)]
struct Piece {
    page: u32,
    log: u32,
    at: u32,
    length: u32,
}

/// A word of the merged index: its pages, its written forms with diacritics and theirs.
pub struct MergedWord {
    text: Arc<str>,
    plain: Vec<Piece>,
    variants: Vec<(Arc<str>, Vec<Piece>)>,
    /// Its positions, pages and forms counted as a chunk's size is.
    size: usize,
}

impl MergedWord {
    /// The word, as the index holds it (normalised and stemmed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How many pages have it unchanged (its forms with diacritics apart).
    pub fn pages(&self) -> usize {
        self.plain.len()
    }

    /// A word on `pages` pages, whose positions are not kept (for tests of what reads chunks'
    /// words, not their encoding).
    #[cfg(test)]
    pub fn on_pages(text: &str, pages: u32) -> MergedWord {
        let piece = |page| Piece {
            page,
            log: 0,
            at: 0,
            length: 0,
        };
        MergedWord {
            text: text.into(),
            plain: (0..pages).map(piece).collect(),
            variants: Vec::new(),
            size: pages as usize,
        }
    }
}

/// A language's whole index: every word (by its text) and its pages.
pub struct Merged {
    logs: Vec<Vec<u8>>,
    words: Vec<MergedWord>,
}

type Infallible = minicbor::encode::Error<std::convert::Infallible>;

impl Merged {
    /// One index from `parts` (each with the [`Words`] that numbered its words), whose pages
    /// come in any order, each page numbered by `renumbered` (indexed by the number it was added
    /// with; `u32::MAX` leaves it out).
    pub fn new(parts: Vec<(Words, Inverted)>, renumbered: &[u32]) -> Merged {
        let (words, parts): (Vec<Words>, Vec<Inverted>) = parts.into_iter().unzip();
        let new_number = |page: u32| {
            renumbered
                .get(page as usize)
                .copied()
                .filter(|&n| n != u32::MAX)
        };
        // Every part's stem numbers as one numbering of the words' texts.
        let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
        let mut texts: Vec<&str> = Vec::new();
        let global: Vec<Vec<u32>> = (words.iter())
            .map(|part_words| {
                (part_words.stem_texts())
                    .map(|text| {
                        *numbers.entry(text).or_insert_with(|| {
                            texts.push(text);
                            to_u32(texts.len() - 1)
                        })
                    })
                    .collect()
            })
            .collect();
        // Counted first, so each list is made at its exact size.
        let mut counts = vec![0usize; texts.len()];
        let mut variant_numbers: FxHashMap<(u32, &str), usize> = FxHashMap::default();
        let mut variant_counts: Vec<usize> = Vec::new();
        for (at, (part, part_words)) in parts.iter().zip(&words).enumerate() {
            for (page, groups) in part.pages() {
                if new_number(page).is_none() {
                    continue;
                }
                for group in groups {
                    let word = global[at][group.stem as usize];
                    if group.form == NO_FORM {
                        counts[word as usize] += 1;
                    } else {
                        let form = part_words.form_text(group.form);
                        let next = variant_numbers.len();
                        let at = *variant_numbers.entry((word, form)).or_insert(next);
                        if at == variant_counts.len() {
                            variant_counts.push(0);
                        }
                        variant_counts[at] += 1;
                    }
                }
            }
        }
        let mut plain: Vec<Vec<Piece>> = counts.iter().map(|&n| Vec::with_capacity(n)).collect();
        let mut variants: Vec<Vec<Piece>> = variant_counts
            .iter()
            .map(|&n| Vec::with_capacity(n))
            .collect();
        let mut sizes = vec![0usize; texts.len()];
        for (at, (part, part_words)) in parts.iter().zip(&words).enumerate() {
            for (page, groups) in part.pages() {
                let Some(page) = new_number(page) else {
                    continue;
                };
                for group in groups {
                    let word = global[at][group.stem as usize];
                    let piece = Piece {
                        page,
                        log: to_u32(at),
                        at: to_u32(group.at),
                        length: to_u32(group.bytes.len()),
                    };
                    sizes[word as usize] += group.size as usize + 1;
                    if group.form == NO_FORM {
                        plain[word as usize].push(piece);
                    } else {
                        let form = part_words.form_text(group.form);
                        if let Some(&variant) = variant_numbers.get(&(word, form)) {
                            variants[variant].push(piece);
                        }
                    }
                }
            }
        }
        let mut forms: Vec<Vec<(Arc<str>, Vec<Piece>)>> = vec![Vec::new(); texts.len()];
        let mut by_number: Vec<((u32, &str), usize)> = variant_numbers.into_iter().collect();
        by_number.sort_unstable_by_key(|&(_, at)| at);
        for (((word, form), _), pieces) in by_number.into_iter().zip(variants) {
            sizes[word as usize] += 1;
            forms[word as usize].push((Arc::from(form), pieces));
        }
        let mut merged: Vec<MergedWord> = (texts.into_par_iter())
            .zip(plain)
            .zip(forms)
            .zip(sizes)
            .map(|(((text, mut plain), mut variants), size)| {
                plain.sort_unstable_by_key(|piece| piece.page);
                for (_, pieces) in &mut variants {
                    pieces.sort_unstable_by_key(|piece| piece.page);
                }
                // In the order the pages first show them, then by form: the same index on every
                // build, however the pages were shared out between the threads.
                variants.sort_by(|(a, a_pieces), (b, b_pieces)| {
                    let first = |pieces: &[Piece]| pieces.first().map(|piece| piece.page);
                    (first(a_pieces), a).cmp(&(first(b_pieces), b))
                });
                MergedWord {
                    text: Arc::from(text),
                    plain,
                    variants,
                    size,
                }
            })
            .filter(|word| !word.plain.is_empty() || !word.variants.is_empty())
            .collect();
        merged.par_sort_unstable_by(|a, b| a.text.cmp(&b.text));
        Merged {
            logs: parts.into_iter().map(|part| part.log).collect(),
            words: merged,
        }
    }

    /// The words in order, cut into chunks of about [`CHUNK_POSITIONS`] positions (encoded with
    /// [`Merged::encode_chunk`]).
    pub fn take_chunks(&mut self) -> Vec<Vec<MergedWord>> {
        let mut chunks = Vec::new();
        let mut chunk = Vec::new();
        let mut size = 0;
        for word in std::mem::take(&mut self.words) {
            size += word.size;
            chunk.push(word);
            if size >= CHUNK_POSITIONS {
                chunks.push(std::mem::take(&mut chunk));
                size = 0;
            }
        }
        if !chunk.is_empty() {
            chunks.push(chunk);
        }
        chunks
    }

    /// A chunk as Pagefind's `WordIndex`: `[[word, [pages], [[form, [pages]]]]...]`, each page
    /// `[page delta, [locs], [meta locs]]`.
    pub fn encode_chunk(&self, chunk: &[MergedWord]) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut e = Encoder::new(&mut bytes);
        let result: Result<(), Infallible> = (|| {
            e.array(1)?.array(chunk.len() as u64)?;
            for word in chunk {
                e.array(3)?.str(&word.text)?;
                self.encode_pieces(&mut e, &word.plain)?;
                e.array(word.variants.len() as u64)?;
                for (form, pieces) in &word.variants {
                    e.array(2)?.str(form)?;
                    self.encode_pieces(&mut e, pieces)?;
                }
            }
            Ok(())
        })();
        // Writing into a Vec cannot fail.
        debug_assert!(result.is_ok());
        bytes
    }

    fn encode_pieces(
        &self,
        e: &mut Encoder<&mut Vec<u8>>,
        pieces: &[Piece],
    ) -> Result<(), Infallible> {
        e.array(pieces.len() as u64)?;
        let mut last_page = 0;
        for piece in pieces {
            e.array(3)?.u64(u64::from(piece.page - last_page))?;
            last_page = piece.page;
            let (at, length) = (piece.at as usize, piece.length as usize);
            let log = &self.logs[piece.log as usize];
            e.writer_mut().extend_from_slice(&log[at..at + length]);
        }
        Ok(())
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Each chunk's word range, cut to the shortest prefixes that still tell neighbours apart.
pub fn chunk_ranges(chunks: &[Vec<MergedWord>]) -> Vec<(String, String)> {
    let mut ranges: Vec<(String, String)> = chunks
        .iter()
        .map(|chunk| {
            let word =
                |entry: Option<&MergedWord>| entry.map(|w| w.text.to_string()).unwrap_or_default();
            (word(chunk.first()), word(chunk.last()))
        })
        .collect();
    for at in 1..ranges.len() {
        let (before, after) = ranges.split_at_mut(at);
        let (previous, next) = (&mut before[at - 1], &mut after[0]);
        let common = next
            .0
            .chars()
            .zip(previous.1.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let to: String = previous.1.chars().take(common + 1).collect();
        if to >= previous.0 {
            previous.1 = to;
        }
        next.0 = next.0.chars().take(common + 1).collect();
    }
    ranges
}

#[cfg(test)]
mod tests {
    use minicbor::Decoder;

    use super::*;
    use crate::search::postings::{BODY_WEIGHT, PageWords};

    /// A page's entry as decoded: page delta, positions, metadata positions.
    type Entry = (u64, Vec<i32>, Vec<i32>);

    /// A word as decoded: the word, its entries, and each form's.
    type Word = (String, Vec<Entry>, Vec<(String, Vec<Entry>)>);

    /// A chunk decoded.
    fn decode(bytes: &[u8]) -> Vec<Word> {
        fn entries(d: &mut Decoder) -> Vec<Entry> {
            let n = d.array().unwrap().unwrap();
            (0..n)
                .map(|_| {
                    d.array().unwrap();
                    let delta = d.u64().unwrap();
                    let mut list = || {
                        let n = d.array().unwrap().unwrap();
                        (0..n).map(|_| d.i32().unwrap()).collect::<Vec<i32>>()
                    };
                    let locs = list();
                    let meta = list();
                    (delta, locs, meta)
                })
                .collect()
        }
        let mut d = Decoder::new(bytes);
        d.array().unwrap();
        let n = d.array().unwrap().unwrap();
        (0..n)
            .map(|_| {
                d.array().unwrap();
                let word = d.str().unwrap().to_owned();
                let plain = entries(&mut d);
                let forms = d.array().unwrap().unwrap();
                let variants = (0..forms)
                    .map(|_| {
                        d.array().unwrap();
                        let form = d.str().unwrap().to_owned();
                        (form, entries(&mut d))
                    })
                    .collect();
                (word, plain, variants)
            })
            .collect()
    }

    /// A part of the index holding page `n`, with `word` at position `n`.
    fn part_with(word: &str, n: u32) -> (Words, Inverted) {
        let mut words = Words::new("xx");
        let entry = words.indexable(word)[0];
        let mut on_page = PageWords::default();
        on_page
            .body
            .push((entry.stem, entry.original, n, BODY_WEIGHT));
        let mut part = Inverted::default();
        part.add_page(n, &mut on_page);
        (words, part)
    }

    fn chunk_of(parts: Vec<(Words, Inverted)>, renumbered: &[u32]) -> Vec<u8> {
        let mut merged = Merged::new(parts, renumbered);
        let chunks = merged.take_chunks();
        merged.encode_chunk(&chunks[0])
    }

    #[test]
    fn parts_are_joined_in_page_order_as_deltas_without_the_pages_left_out() {
        // Added in any order; page 7 did not render, so it is numbered out.
        let mut renumbered: Vec<u32> = (0..8).collect();
        renumbered[7] = u32::MAX;
        let parts = vec![
            part_with("treati", 5),
            part_with("treati", 7),
            part_with("treati", 2),
        ];
        let words = decode(&chunk_of(parts, &renumbered));
        let expected = vec![(2, vec![-25, 2], vec![]), (3, vec![-25, 5], vec![])];
        assert_eq!(words, [("treati".to_owned(), expected, vec![])]);
    }

    #[test]
    fn a_words_variants_come_in_page_order_whichever_part_had_which_page() {
        let renumbered: Vec<u32> = (0..4).collect();
        let in_order = chunk_of(
            vec![part_with("résumé", 1), part_with("resumé", 3)],
            &renumbered,
        );
        let swapped = chunk_of(
            vec![part_with("resumé", 3), part_with("résumé", 1)],
            &renumbered,
        );
        assert_eq!(in_order, swapped);
        let words = decode(&in_order);
        let forms: Vec<&str> = words[0].2.iter().map(|(form, _)| form.as_str()).collect();
        assert_eq!(forms, ["résumé", "resumé"]);
    }

    #[test]
    fn a_pages_words_are_grouped_by_stem_with_metadata_and_variants_apart() {
        let mut words = Words::new("xx");
        let mut on_page = PageWords::default();
        // "b a b bé" in the text ("bé": a form of "be"), "a" and "c" in metadata field 0.
        for (position, written) in ["b", "a", "b", "bé"].into_iter().enumerate() {
            let entry = words.indexable(written)[0];
            let position = u32::try_from(position).unwrap();
            on_page
                .body
                .push((entry.stem, entry.original, position, BODY_WEIGHT));
        }
        let a = words.indexable("a")[0].stem;
        let c = words.indexable("c")[0].stem;
        on_page.meta.push((c, 0, 1));
        on_page.meta.push((a, 0, 0));
        let mut part = Inverted::default();
        part.add_page(0, &mut on_page);
        assert!(on_page.body.is_empty() && on_page.meta.is_empty());
        let words = decode(&chunk_of(vec![(words, part)], &[0]));
        let expected = vec![
            ("a".to_owned(), vec![(0, vec![-25, 1], vec![-1, 0])], vec![]),
            ("b".to_owned(), vec![(0, vec![-25, 0, 2], vec![])], vec![]),
            (
                "be".to_owned(),
                vec![],
                vec![("bé".to_owned(), vec![(0, vec![-25, 3], vec![])])],
            ),
            ("c".to_owned(), vec![(0, vec![], vec![-1, 1])], vec![]),
        ];
        assert_eq!(words, expected);
    }

    #[test]
    fn chunk_ranges_are_the_shortest_distinct_prefixes() {
        let chunk = |words: &[&str]| -> Vec<MergedWord> {
            words
                .iter()
                .map(|w| MergedWord {
                    text: Arc::from(*w),
                    plain: Vec::new(),
                    variants: Vec::new(),
                    size: 0,
                })
                .collect()
        };
        let ranges = chunk_ranges(&[
            chunk(&["apple"]),
            chunk(&["apricot", "banana"]),
            chunk(&["peach"]),
        ]);
        assert_eq!(ranges[0], ("apple".into(), "apple".into()));
        assert_eq!(ranges[1], ("apr".into(), "b".into()));
        assert_eq!(ranges[2], ("p".into(), "peach".into()));
    }
}
