//! The inverted index of a language's pages: each word, the pages it is on and where, kept flat
//! (three vectors per word, not a vector per page and word) so that 10,000 pages cost tens of
//! megabytes, then cut into Pagefind's index chunks and encoded in its CBOR layout.

use std::sync::Arc;

use minicbor::Encoder;
use rustc_hash::FxHashMap;

/// Pagefind's weight of an ordinary word (1.0, times its multiplier of 24).
pub const BODY_WEIGHT: u8 = 24;
/// An index chunk closes once it holds this many positions (Pagefind's default is 20,000; a
/// query downloads the chunks of its words, so smaller ones download less besides them).
const CHUNK_POSITIONS: usize = 8_000;

/// One word's (or one of its written variants') pages, in page order.
#[derive(Default)]
struct Postings {
    /// Per page: its number, and where its positions and its metadata positions end in `locs`
    /// and `meta`.
    pages: Vec<(u32, u32, u32)>,
    /// Positions, packed as Pagefind packs them ([`pack_locations`]).
    locs: Vec<i32>,
    /// Metadata positions, packed ([`pack_meta`]).
    meta: Vec<i32>,
}

impl Postings {
    fn push(&mut self, page: u32, locs: &[(u32, u8)], meta: &[(u16, u32)]) {
        pack_locations(locs, &mut self.locs);
        pack_meta(meta, &mut self.meta);
        self.pages
            .push((page, to_u32(self.locs.len()), to_u32(self.meta.len())));
    }

    /// `pieces` one after the other (their pages in order), at the exact size.
    /// The postings of `pieces` (parts of the index, each in the order its pages were added)
    /// as one, in page order, each page numbered by `renumbered` (a page numbered `u32::MAX`
    /// there is left out).
    fn joined(pieces: Vec<Postings>, renumbered: &[u32]) -> Postings {
        let mut order: Vec<(u32, usize, usize)> = Vec::new();
        for (at, piece) in pieces.iter().enumerate() {
            for (entry, &(page, _, _)) in piece.pages.iter().enumerate() {
                match renumbered.get(page as usize) {
                    Some(&new) if new != u32::MAX => order.push((new, at, entry)),
                    _ => {}
                }
            }
        }
        order.sort_unstable();
        let mut whole = Postings {
            pages: Vec::with_capacity(order.len()),
            locs: Vec::with_capacity(pieces.iter().map(|p| p.locs.len()).sum()),
            meta: Vec::with_capacity(pieces.iter().map(|p| p.meta.len()).sum()),
        };
        for (page, at, entry) in order {
            let piece = &pieces[at];
            let (l0, m0) = match entry.checked_sub(1) {
                Some(before) => (piece.pages[before].1, piece.pages[before].2),
                None => (0, 0),
            };
            let (_, l1, m1) = piece.pages[entry];
            whole
                .locs
                .extend_from_slice(&piece.locs[l0 as usize..l1 as usize]);
            whole
                .meta
                .extend_from_slice(&piece.meta[m0 as usize..m1 as usize]);
            whole
                .pages
                .push((page, to_u32(whole.locs.len()), to_u32(whole.meta.len())));
        }
        whole
    }

    fn size(&self) -> usize {
        self.locs.len() + self.meta.len() + self.pages.len()
    }

    /// The pages as Pagefind's `Vec<PackedPage>`: `[page delta, [locs], [meta locs]]` each.
    fn encode(&self, e: &mut Encoder<&mut Vec<u8>>) -> Result<(), Infallible> {
        e.array(self.pages.len() as u64)?;
        let (mut last_page, mut l0, mut m0) = (0, 0, 0);
        for &(page, l1, m1) in &self.pages {
            e.array(3)?.u64(u64::from(page - last_page))?;
            last_page = page;
            e.array(u64::from(l1 - l0))?;
            for &loc in &self.locs[l0 as usize..l1 as usize] {
                e.i32(loc)?;
            }
            e.array(u64::from(m1 - m0))?;
            for &loc in &self.meta[m0 as usize..m1 as usize] {
                e.i32(loc)?;
            }
            (l0, m0) = (l1, m1);
        }
        Ok(())
    }
}

type Infallible = minicbor::encode::Error<std::convert::Infallible>;

/// A word's pages, and its pages under each written form with diacritics.
#[derive(Default)]
pub struct WordPostings {
    plain: Postings,
    variants: Vec<(Arc<str>, Postings)>,
}

impl WordPostings {
    /// `pieces` of one word one after the other, variants matched by their written form.
    fn joined(pieces: Vec<WordPostings>, renumbered: &[u32]) -> WordPostings {
        let mut plain = Vec::with_capacity(pieces.len());
        let mut variants: Vec<(Arc<str>, Vec<Postings>)> = Vec::new();
        for piece in pieces {
            plain.push(piece.plain);
            for (form, postings) in piece.variants {
                match variants.iter_mut().find(|(f, _)| *f == form) {
                    Some((_, list)) => list.push(postings),
                    None => variants.push((form, vec![postings])),
                }
            }
        }
        let mut variants: Vec<(Arc<str>, Postings)> = variants
            .into_iter()
            .map(|(form, list)| (form, Postings::joined(list, renumbered)))
            .filter(|(_, postings)| !postings.pages.is_empty())
            .collect();
        // In the order the pages first show them (then by form, as one page adds them), however
        // the pages were shared out between the parts: the same index on every build.
        variants.sort_by(|(a, a_postings), (b, b_postings)| {
            let first = |postings: &Postings| postings.pages.first().map(|page| page.0);
            (first(a_postings), a).cmp(&(first(b_postings), b))
        });
        WordPostings {
            plain: Postings::joined(plain, renumbered),
            variants,
        }
    }

    fn variant(&mut self, form: &Arc<str>) -> &mut Postings {
        let at = match self.variants.iter().position(|(f, _)| f == form) {
            Some(at) => at,
            None => {
                self.variants.push((form.clone(), Postings::default()));
                self.variants.len() - 1
            }
        };
        &mut self.variants[at].1
    }

    fn size(&self) -> usize {
        self.plain.size()
            + self.variants.iter().map(|(_, p)| p.size()).sum::<usize>()
            + self.variants.len()
    }
}

/// Where a word occurs on the page being added.
#[derive(Default)]
pub struct OnPage {
    /// Positions and weights of the word as written without diacritics.
    pub plain: Vec<(u32, u8)>,
    /// Positions and weights under a written form with diacritics.
    pub variants: Vec<(Arc<str>, u32, u8)>,
    /// Metadata field numbers and positions.
    pub meta: Vec<(u16, u32)>,
}

/// The index being built: every word's pages.
#[derive(Default)]
pub struct Inverted {
    words: FxHashMap<Arc<str>, WordPostings>,
}

impl Inverted {
    /// Adds page number `page` (higher than any added before) with its words.
    pub fn add_page(&mut self, page: u32, words: impl Iterator<Item = (Arc<str>, OnPage)>) {
        for (stem, mut on_page) in words {
            let postings = self.words.entry(stem).or_default();
            if !on_page.plain.is_empty() || !on_page.meta.is_empty() {
                postings.plain.push(page, &on_page.plain, &on_page.meta);
            }
            on_page.variants.sort_by(|a, b| a.0.cmp(&b.0));
            for group in on_page.variants.chunk_by(|a, b| a.0 == b.0) {
                let locations: Vec<(u32, u8)> = group.iter().map(|&(_, p, w)| (p, w)).collect();
                postings.variant(&group[0].0).push(page, &locations, &[]);
            }
        }
    }

    /// One index from `parts`, whose pages come in any order, each page numbered by
    /// `renumbered` (indexed by the number it was added with; `u32::MAX` leaves it out): each
    /// word's lists are joined in page order at their exact size, a word at a time, so the
    /// parts' memory is given back as the whole is made rather than doubled by growing vectors.
    pub fn merge(parts: Vec<Inverted>, renumbered: &[u32]) -> Inverted {
        let mut by_word: FxHashMap<Arc<str>, Vec<WordPostings>> = FxHashMap::default();
        for part in parts {
            for (stem, postings) in part.words {
                by_word.entry(stem).or_default().push(postings);
            }
        }
        let words = by_word
            .into_iter()
            .map(|(stem, pieces)| (stem, WordPostings::joined(pieces, renumbered)))
            .filter(|(_, postings)| {
                !postings.plain.pages.is_empty() || !postings.variants.is_empty()
            })
            .collect();
        Inverted { words }
    }

    /// The words in order, cut into chunks of about [`CHUNK_POSITIONS`] positions.
    pub fn into_chunks(self) -> Vec<Vec<(Arc<str>, WordPostings)>> {
        let mut words: Vec<(Arc<str>, WordPostings)> = self.words.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut chunks = Vec::new();
        let mut chunk = Vec::new();
        let mut size = 0;
        for word in words {
            size += word.1.size();
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
}

/// A chunk as Pagefind's `WordIndex`: `[[word, [pages], [[form, [pages]]]]...]`.
pub fn encode_chunk(chunk: &[(Arc<str>, WordPostings)]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut e = Encoder::new(&mut bytes);
    let result: Result<(), Infallible> = (|| {
        e.array(1)?.array(chunk.len() as u64)?;
        for (word, postings) in chunk {
            e.array(3)?.str(word)?;
            postings.plain.encode(&mut e)?;
            e.array(postings.variants.len() as u64)?;
            for (form, variant) in &postings.variants {
                e.array(2)?.str(form)?;
                variant.encode(&mut e)?;
            }
        }
        Ok(())
    })();
    // Writing into a Vec cannot fail.
    debug_assert!(result.is_ok());
    bytes
}

/// Each chunk's word range, cut to the shortest prefixes that still tell neighbours apart.
pub fn chunk_ranges(chunks: &[Vec<(Arc<str>, WordPostings)>]) -> Vec<(String, String)> {
    let mut ranges: Vec<(String, String)> = chunks
        .iter()
        .map(|chunk| {
            let word = |entry: Option<&(Arc<str>, WordPostings)>| {
                entry.map(|(w, _)| w.to_string()).unwrap_or_default()
            };
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

/// Positions as Pagefind packs them: grouped by weight (the usual weight first), each group
/// delta-encoded, a weight change written as `-(weight + 1)` followed by an absolute position.
fn pack_locations(positions: &[(u32, u8)], out: &mut Vec<i32>) {
    // Mostly one weight, in text order: already sorted, so the copy to sort (one allocation per
    // word per page) is skipped.
    let in_order = positions
        .windows(2)
        .all(|pair| pair[0].1 == pair[1].1 && pair[0].0 <= pair[1].0);
    let sorted;
    let positions = if in_order {
        positions
    } else {
        let mut copy = positions.to_vec();
        copy.sort_by_key(|&(position, weight)| (if weight == 25 { 0 } else { weight }, position));
        sorted = copy;
        &sorted
    };
    let mut current_weight = 25;
    let mut last = 0;
    for &(position, weight) in positions {
        if weight != current_weight {
            out.push(-i32::from(weight) - 1);
            out.push(to_i32(position));
            current_weight = weight;
        } else {
            out.push(to_i32(position - last));
        }
        last = position;
    }
}

/// Metadata positions as Pagefind packs them: `-(field + 1)` before each field's positions,
/// delta-encoded within the field.
fn pack_meta(occurrences: &[(u16, u32)], out: &mut Vec<i32>) {
    let mut occurrences = occurrences.to_vec();
    occurrences.sort_unstable();
    let mut current = None;
    let mut last = 0;
    for (field, position) in occurrences {
        if current != Some(field) {
            out.push(-i32::from(field) - 1);
            current = Some(field);
            last = 0;
        }
        out.push(to_i32(position - last));
        last = position;
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_packed_by_weight_then_delta_encoded() {
        let mut out = Vec::new();
        pack_locations(&[(3, 24), (10, 24), (5, 12), (12, 24)], &mut out);
        // Weight 12 sorts before 24; each weight starts with its marker and an absolute position.
        assert_eq!(out, [-13, 5, -25, 3, 7, 2]);
        // One weight in text order (packed without a sorted copy): the same packing.
        out.clear();
        pack_locations(&[(3, 24), (10, 24), (12, 24)], &mut out);
        assert_eq!(out, [-25, 3, 7, 2]);
        let mut meta = Vec::new();
        pack_meta(&[(1, 0), (0, 4), (0, 2)], &mut meta);
        assert_eq!(meta, [-1, 2, 2, -2, 0]);
    }

    #[test]
    fn parts_are_joined_in_page_order_as_deltas_without_the_pages_left_out() {
        let word: Arc<str> = "treati".into();
        let page = |n: u32| {
            let mut index = Inverted::default();
            let on_page = OnPage {
                plain: vec![(n, BODY_WEIGHT)],
                ..OnPage::default()
            };
            index.add_page(n, std::iter::once((word.clone(), on_page)));
            index
        };
        // Added in any order; page 7 did not render, so it is numbered out.
        let mut renumbered: Vec<u32> = (0..8).collect();
        renumbered[7] = u32::MAX;
        let index = Inverted::merge(vec![page(5), page(7), page(2)], &renumbered);
        let chunks = index.into_chunks();
        let bytes = encode_chunk(&chunks[0]);
        let mut expected = Vec::new();
        let mut e = Encoder::new(&mut expected);
        e.array(1)
            .unwrap()
            .array(1)
            .unwrap()
            .array(3)
            .unwrap()
            .str("treati")
            .unwrap();
        e.array(2).unwrap();
        e.array(3)
            .unwrap()
            .u64(2)
            .unwrap()
            .array(2)
            .unwrap()
            .i32(-25)
            .unwrap()
            .i32(2)
            .unwrap();
        e.array(0).unwrap();
        e.array(3)
            .unwrap()
            .u64(3)
            .unwrap()
            .array(2)
            .unwrap()
            .i32(-25)
            .unwrap()
            .i32(5)
            .unwrap();
        e.array(0).unwrap();
        e.array(0).unwrap();
        assert_eq!(bytes, expected);
    }

    #[test]
    fn a_words_variants_come_in_page_order_whichever_part_had_which_page() {
        let word: Arc<str> = "resume".into();
        let page = |n: u32, form: &str| {
            let mut index = Inverted::default();
            let on_page = OnPage {
                variants: vec![(Arc::from(form), n, BODY_WEIGHT)],
                ..OnPage::default()
            };
            index.add_page(n, std::iter::once((word.clone(), on_page)));
            index
        };
        let renumbered: Vec<u32> = (0..4).collect();
        let bytes = |parts: Vec<Inverted>| {
            encode_chunk(&Inverted::merge(parts, &renumbered).into_chunks()[0])
        };
        let in_order = bytes(vec![page(1, "résumé"), page(3, "resumé")]);
        let swapped = bytes(vec![page(3, "resumé"), page(1, "résumé")]);
        assert_eq!(in_order, swapped);
    }

    #[test]
    fn chunk_ranges_are_the_shortest_distinct_prefixes() {
        let chunk = |words: &[&str]| -> Vec<(Arc<str>, WordPostings)> {
            words
                .iter()
                .map(|w| (Arc::from(*w), WordPostings::default()))
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
