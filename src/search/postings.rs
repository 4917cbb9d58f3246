//! A language's pages' words as each rendering thread adds them: a log, page after page, of each
//! word's positions already packed and CBOR-encoded as Pagefind's index chunks hold them. Written
//! in order into one growing buffer, it costs a few bytes per word (a vector per word and page
//! cost about 9 bytes per position plus 12 per page, and its growth as much again), and a thread
//! touches no word's list but its own log. [`super::merge`] turns the logs into the index.

use super::words::{NO_FORM, WordId};

/// Pagefind's weight of an ordinary word (1.0, times its multiplier of 24).
pub const BODY_WEIGHT: u8 = 24;

/// The words of the page being added, by their numbers in the thread's [`super::words::Words`].
#[derive(Default)]
pub struct PageWords {
    /// Stem, written form with diacritics (or [`NO_FORM`]), position and weight of each word.
    pub body: Vec<(WordId, WordId, u32, u8)>,
    /// Stem, metadata field number and position of each metadata word.
    pub meta: Vec<(WordId, u16, u32)>,
    /// Per stem, while a page is added: its count of words, then where its group ends.
    ends: Vec<u32>,
    /// The page's stems, in the order the text first shows them.
    touched: Vec<WordId>,
    /// The page's words grouped by stem.
    grouped: Vec<(WordId, WordId, u32, u8)>,
    locations: Vec<(u32, u8)>,
    meta_locations: Vec<(u16, u32)>,
    packed: Vec<i32>,
    packed_meta: Vec<i32>,
}

impl PageWords {
    /// Empties the lists for the next page (keeping their memory).
    pub fn clear(&mut self) {
        self.body.clear();
        self.meta.clear();
    }
}

/// A part of a language's index, built on one thread: the log of its pages.
///
/// Each page is `page, groups`, then each group (a word, or a written form of it, on that page)
/// is `stem, form + 1 (0: none), size, length` and `length` bytes: the CBOR arrays of its packed
/// positions and metadata positions. The numbers are LEB128; `size` counts the packed numbers,
/// which is how index chunks are cut.
#[derive(Default)]
pub struct Inverted {
    pub(super) log: Vec<u8>,
}

/// One word (or form) of one page, as read back from a log.
pub(super) struct Group<'a> {
    pub stem: WordId,
    pub form: WordId,
    pub size: u32,
    /// Where `bytes` start in the log.
    pub at: usize,
    pub bytes: &'a [u8],
}

impl Inverted {
    /// Adds page number `page` with its words.
    pub fn add_page(&mut self, page: u32, on_page: &mut PageWords) {
        let PageWords {
            body,
            meta,
            ends,
            touched,
            grouped,
            locations,
            meta_locations,
            packed,
            packed_meta,
        } = on_page;
        // Grouped by stem in two passes over the words (a counting sort: sorting each page's few
        // hundred words was a twentieth of the build), each stem's words in text order.
        for &(stem, ..) in body.iter() {
            let slot = stem as usize;
            if ends.len() <= slot {
                ends.resize(slot + 1, 0);
            }
            if ends[slot] == 0 {
                touched.push(stem);
            }
            ends[slot] += 1;
        }
        let mut offset = 0;
        for &stem in touched.iter() {
            let count = ends[stem as usize];
            ends[stem as usize] = offset;
            offset += count;
        }
        grouped.clear();
        grouped.resize(body.len(), (0, NO_FORM, 0, 0));
        for &word in body.iter() {
            let at = &mut ends[word.0 as usize];
            grouped[*at as usize] = word;
            *at += 1;
        }
        meta.sort_unstable();
        let only_meta: Vec<&[(WordId, u16, u32)]> = meta
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|fields| ends.get(fields[0].0 as usize).is_none_or(|&end| end == 0))
            .collect();
        let mut groups = 0u32;
        push_number(&mut self.log, page);
        // The group count is known at the end: a fixed five-byte LEB128 slot holds it.
        let count_at = self.log.len();
        self.log.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0]);
        for fields in only_meta {
            meta_locations.clear();
            meta_locations.extend(fields.iter().map(|&(_, field, position)| (field, position)));
            self.push_group(
                fields[0].0,
                NO_FORM,
                &[],
                meta_locations,
                packed,
                packed_meta,
            );
            groups += 1;
        }
        let mut start = 0;
        for &stem in touched.iter() {
            let end = std::mem::take(&mut ends[stem as usize]);
            let words = &grouped[start as usize..end as usize];
            start = end;
            let fields_at = meta.partition_point(|field| field.0 < stem);
            let fields_end = fields_at + meta[fields_at..].partition_point(|field| field.0 == stem);
            let plain = words.iter().filter(|word| word.1 == NO_FORM);
            locations.clear();
            locations.extend(plain.map(|&(_, _, position, weight)| (position, weight)));
            meta_locations.clear();
            meta_locations.extend(
                meta[fields_at..fields_end]
                    .iter()
                    .map(|&(_, field, position)| (field, position)),
            );
            if !locations.is_empty() || !meta_locations.is_empty() {
                self.push_group(
                    stem,
                    NO_FORM,
                    locations,
                    meta_locations,
                    packed,
                    packed_meta,
                );
                groups += 1;
            }
            if words.iter().any(|word| word.1 != NO_FORM) {
                let mut variants: Vec<(WordId, u32, u8)> = (words.iter())
                    .filter(|word| word.1 != NO_FORM)
                    .map(|&(_, form, position, weight)| (form, position, weight))
                    .collect();
                variants.sort_by_key(|variant| variant.0);
                for group in variants.chunk_by(|a, b| a.0 == b.0) {
                    locations.clear();
                    locations.extend(
                        group
                            .iter()
                            .map(|&(_, position, weight)| (position, weight)),
                    );
                    self.push_group(stem, group[0].0, locations, &[], packed, packed_meta);
                    groups += 1;
                }
            }
        }
        write_fixed_number(&mut self.log[count_at..count_at + 5], groups);
        touched.clear();
        on_page.clear();
    }

    fn push_group(
        &mut self,
        stem: WordId,
        form: WordId,
        locations: &[(u32, u8)],
        meta_locations: &[(u16, u32)],
        packed: &mut Vec<i32>,
        packed_meta: &mut Vec<i32>,
    ) {
        packed.clear();
        packed_meta.clear();
        pack_locations(locations, packed);
        pack_meta(meta_locations, packed_meta);
        push_number(&mut self.log, stem);
        push_number(&mut self.log, if form == NO_FORM { 0 } else { form + 1 });
        push_number(
            &mut self.log,
            u32::try_from(packed.len() + packed_meta.len()).unwrap_or(u32::MAX),
        );
        // The length goes before the bytes: encoded after a fixed slot, as for the group count.
        let length_at = self.log.len();
        self.log.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0]);
        let start = self.log.len();
        push_cbor_head(&mut self.log, 4, packed.len() as u64);
        for &loc in packed.iter() {
            push_cbor_int(&mut self.log, loc);
        }
        push_cbor_head(&mut self.log, 4, packed_meta.len() as u64);
        for &loc in packed_meta.iter() {
            push_cbor_int(&mut self.log, loc);
        }
        let length = u32::try_from(self.log.len() - start).unwrap_or(u32::MAX);
        write_fixed_number(&mut self.log[length_at..length_at + 5], length);
    }

    /// Each page of the log, with its groups.
    pub(super) fn pages(&self) -> impl Iterator<Item = (u32, Vec<Group<'_>>)> + '_ {
        let mut at = 0;
        std::iter::from_fn(move || {
            if at >= self.log.len() {
                return None;
            }
            let page = read_number(&self.log, &mut at);
            let count = read_number(&self.log, &mut at);
            let groups = (0..count)
                .map(|_| {
                    let stem = read_number(&self.log, &mut at);
                    let form = read_number(&self.log, &mut at).wrapping_sub(1);
                    let size = read_number(&self.log, &mut at);
                    let length = read_number(&self.log, &mut at) as usize;
                    let start = at;
                    at = (at + length).min(self.log.len());
                    Group {
                        stem,
                        form,
                        size,
                        at: start,
                        bytes: &self.log[start..at],
                    }
                })
                .collect();
            Some((page, groups))
        })
    }
}

/// Appends a CBOR head (RFC 8949, 3.1): major type `major` with argument `n`, in its shortest
/// form, as minicbor writes it (by hand here: a call per number into minicbor's writer was a
/// tenth of the index's time).
fn push_cbor_head(out: &mut Vec<u8>, major: u8, n: u64) {
    let major = major << 5;
    match n {
        0..=23 => out.push(major | n as u8),
        24..=0xff => out.extend_from_slice(&[major | 24, n as u8]),
        0x100..=0xffff => {
            out.push(major | 25);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(major | 26);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
        _ => {
            out.push(major | 27);
            out.extend_from_slice(&n.to_be_bytes());
        }
    }
}

/// Appends `n` as a CBOR integer (major type 0, or 1 for `-1 - n`).
fn push_cbor_int(out: &mut Vec<u8>, n: i32) {
    match u64::try_from(n) {
        Ok(positive) => push_cbor_head(out, 0, positive),
        Err(_) => push_cbor_head(out, 1, u64::from((-1 - i64::from(n)) as u32)),
    }
}

/// Appends `n` as LEB128.
fn push_number(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Writes `n` as LEB128 padded to five bytes (a slot reserved before its value was known).
fn write_fixed_number(slot: &mut [u8], mut n: u32) {
    for (at, byte) in slot.iter_mut().enumerate() {
        let more = if at + 1 < 5 { 0x80 } else { 0 };
        *byte = (n & 0x7f) as u8 | more;
        n >>= 7;
    }
}

/// Reads a LEB128 number at `at`, moving past it (a log this module wrote is well formed).
fn read_number(log: &[u8], at: &mut usize) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    while let Some(&byte) = log.get(*at) {
        *at += 1;
        if shift < 32 {
            n |= u32::from(byte & 0x7f) << shift;
        }
        shift += 7;
        if byte < 0x80 {
            break;
        }
    }
    n
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
    fn cbor_numbers_are_written_as_minicbor_writes_them() {
        let numbers = [
            0,
            1,
            23,
            24,
            255,
            256,
            65_535,
            65_536,
            -1,
            -24,
            -25,
            -256,
            -257,
            i32::MIN,
            i32::MAX,
        ];
        let mut ours = Vec::new();
        push_cbor_head(&mut ours, 4, numbers.len() as u64);
        for n in numbers {
            push_cbor_int(&mut ours, n);
        }
        let mut theirs = Vec::new();
        let mut e = minicbor::Encoder::new(&mut theirs);
        e.array(numbers.len() as u64).unwrap();
        for n in numbers {
            e.i32(n).unwrap();
        }
        assert_eq!(ours, theirs);
        let mut long = Vec::new();
        push_cbor_head(&mut long, 4, 70_000);
        let mut expected = Vec::new();
        minicbor::Encoder::new(&mut expected).array(70_000).unwrap();
        assert_eq!(long, expected);
    }

    #[test]
    fn numbers_are_read_back_as_written() {
        let mut log = Vec::new();
        for n in [0, 1, 127, 128, 300, u32::MAX] {
            push_number(&mut log, n);
        }
        let at = log.len();
        log.extend_from_slice(&[0; 5]);
        write_fixed_number(&mut log[at..], 70_000);
        let mut read = 0;
        let numbers: Vec<u32> = (0..7).map(|_| read_number(&log, &mut read)).collect();
        assert_eq!(numbers, [0, 1, 127, 128, 300, u32::MAX, 70_000]);
        assert_eq!(read, log.len());
    }
}
