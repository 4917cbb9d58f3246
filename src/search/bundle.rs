//! One language's Pagefind bundle, written by Accord in Pagefind's own format (version
//! [`super::PAGEFIND_VERSION`]), for the browser scripts and wasm pinned in `vendor/pagefind/`.
//!
//! Pagefind reads, below the bundle folder:
//! - `pagefind-entry.json`: the language, its metadata file's hash, its wasm, its page count;
//! - `pagefind.{hash}.pf_meta`: every page's fragment hash and word count, the index chunks'
//!   word ranges, the filters' files, the sort orders and the metadata fields;
//! - `index/{hash}.pf_index`: the words of a range, each with the pages and positions it has;
//! - `filter/{hash}.pf_filter`: a filter's values, each with its pages;
//! - `fragment/{hash}.pf_fragment`: one page's address, text, metadata and filters, as JSON;
//! - `pagefind.js`, `pagefind-worker.js`, `wasm.{lang}.pagefind`: the search itself;
//!
//! and, Accord's own, `warm-up.txt`: the word the search page warms the engine with
//! ([`super::warm_up`]).
//!
//! The binary files are CBOR (the layouts below, field for field Pagefind 1.6's), every data
//! file gzipped after the `pagefind_dcd` signature, as Pagefind writes them. Writing the format
//! here rather than through the `pagefind` crate's indexer makes each distinct word's stem once
//! per chunk of pages (the crate stems every occurrence), runs on every core, indexes Arabic's
//! normalised forms at the words' own positions (no hidden second copy of the text to download)
//! and keeps Pagefind's HTML parser, tokio and its other dependencies out of the build.

use std::collections::BTreeMap;

use minicbor::Encode;
use rayon::prelude::*;

use super::PAGEFIND_VERSION;
use super::builder::{Entry, IndexedPage};
use super::encoding::{GzipCache, Stored, full_hash, short_names};
use super::merge::{Merged, chunk_ranges};
use super::postings::{BODY_WEIGHT, Inverted, PageWords};
use super::warm_up;
use super::words::{WORD_SYMBOLS, Words, stemmer_for};

/// Pagefind's browser API (its `pagefind.js`, as its indexer writes it, minified).
const SEARCH_JS: &[u8] = include_bytes!("../../vendor/pagefind/pagefind.js");
/// Its web worker.
const WORKER_JS: &[u8] = include_bytes!("../../vendor/pagefind/pagefind-worker.js");
/// The wasm without a stemmer, for languages Pagefind does not stem.
const WASM_UNKNOWN: &[u8] = include_bytes!("../../vendor/pagefind/wasm/wasm.unknown.pagefind");

/// The wasm (gzipped, as Pagefind ships it) of the languages Accord carries a stemmer for.
const WASM: &[(&str, &[u8])] = &[
    (
        "ar",
        include_bytes!("../../vendor/pagefind/wasm/wasm.ar.pagefind"),
    ),
    (
        "en",
        include_bytes!("../../vendor/pagefind/wasm/wasm.en.pagefind"),
    ),
    (
        "fr",
        include_bytes!("../../vendor/pagefind/wasm/wasm.fr.pagefind"),
    ),
    (
        "es",
        include_bytes!("../../vendor/pagefind/wasm/wasm.es.pagefind"),
    ),
    (
        "ru",
        include_bytes!("../../vendor/pagefind/wasm/wasm.ru.pagefind"),
    ),
];

/// gzip level of the fragments (10,000 files: the level is most of the index's time, and a
/// search downloads only the ten it shows).
pub(super) const FRAGMENT_LEVEL: u32 = 1;
/// gzip level of the index chunks (a few hundred: each query downloads those of its words).
pub(super) const CHUNK_LEVEL: u32 = 6;
/// gzip level of the metadata and filter files (one each: every first query downloads them).
pub(super) const META_LEVEL: u32 = 9;
/// Hex digits of a file's hash, before a collision asks for more.
const SHORT_HASH: usize = 7;

#[derive(Encode)]
struct MetaIndex {
    #[n(0)]
    version: String,
    #[n(1)]
    pages: Vec<MetaPage>,
    #[n(2)]
    index_chunks: Vec<MetaChunk>,
    #[n(3)]
    filters: Vec<MetaFilter>,
    #[n(4)]
    sorts: Vec<MetaSort>,
    #[n(5)]
    meta_fields: Vec<String>,
}

#[derive(Encode)]
struct MetaPage {
    #[n(0)]
    hash: String,
    #[n(1)]
    word_count: u32,
    #[n(2)]
    group_hash: String,
}

#[derive(Encode)]
struct MetaChunk {
    #[n(0)]
    from: String,
    #[n(1)]
    to: String,
    #[n(2)]
    hash: String,
}

#[derive(Encode)]
struct MetaFilter {
    #[n(0)]
    filter: String,
    #[n(1)]
    hash: String,
}

#[derive(Encode)]
struct MetaSort {
    #[n(0)]
    sort: String,
    #[n(1)]
    pages: Vec<usize>,
}

#[derive(Encode)]
struct FilterIndex {
    #[n(0)]
    filter: String,
    #[n(1)]
    values: Vec<PackedValue>,
}

#[derive(Encode)]
struct PackedValue {
    #[n(0)]
    value: String,
    #[n(1)]
    pages: Vec<usize>,
}

/// A fragment as Pagefind's browser side reads it.
#[derive(serde::Serialize)]
struct FragmentJson<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: BTreeMap<&'a str, Vec<&'a str>>,
    meta: BTreeMap<&'a str, &'a str>,
    anchors: [(); 0],
}

/// The files of `lang`'s bundle (names below the bundle folder): `pages` in page order, with
/// their words in `index`; the index chunks compressed through `store`.
pub(super) fn files(
    lang: &str,
    pages: Vec<IndexedPage>,
    index: Merged,
    meta_fields: Vec<String>,
    store: &GzipCache,
) -> Vec<(String, Stored)> {
    let started = std::time::Instant::now();
    let lap = |what: &str| {
        if std::env::var_os(super::TIMING_VARIABLE).is_some() {
            eprintln!(
                "search: {lang} {what} at {} ms",
                started.elapsed().as_millis()
            );
        }
    };
    let page_count = pages.len();
    let filter_values = filters(&pages);
    let (mut files, meta_pages) = fragment_files(pages);
    let mut meta = MetaIndex {
        version: PAGEFIND_VERSION.to_owned(),
        pages: meta_pages,
        index_chunks: Vec::new(),
        filters: Vec::new(),
        // No sort orders: the search page ranks by relevance, and a date order is a number per
        // page that every first query would download.
        sorts: Vec::new(),
        meta_fields,
    };

    lap("fragments named");
    let mut index = index;
    let chunks = index.take_chunks();
    let encoded: Vec<(Stored, String, usize)> = chunks
        .par_iter()
        .map(|chunk| {
            let bytes = index.encode_chunk(chunk);
            let hash = full_hash(&bytes);
            (store.gzip(&bytes, &hash, CHUNK_LEVEL), hash, bytes.len())
        })
        .collect();
    let sizes: Vec<usize> = encoded.iter().map(|(_, _, size)| *size).collect();
    if let Some(word) = warm_up::choose(lang, &chunks, &sizes) {
        files.push((warm_up::FILE.to_owned(), Stored::Bytes(word.into_bytes())));
    }
    let names = short_names(
        &[lang, "_"].concat(),
        SHORT_HASH,
        encoded.iter().map(|(_, hash, _)| hash.as_str()),
    );
    for (((gzipped, _, _), (from, to)), name) in
        encoded.into_iter().zip(chunk_ranges(&chunks)).zip(names)
    {
        files.push((format!("index/{name}.pf_index"), gzipped));
        meta.index_chunks.push(MetaChunk {
            from,
            to,
            hash: name,
        });
    }

    lap("chunks written");
    let filter_files: Vec<(String, Vec<u8>)> = filter_values
        .into_iter()
        .map(|(filter, values)| {
            let bytes = cbor(&FilterIndex {
                filter: filter.clone(),
                values: values
                    .into_iter()
                    .map(|(value, pages)| PackedValue { value, pages })
                    .collect(),
            });
            (filter, bytes)
        })
        .collect();
    let filter_hashes: Vec<String> = filter_files
        .iter()
        .map(|(_, bytes)| full_hash(bytes))
        .collect();
    let filter_names = short_names(
        &[lang, "_"].concat(),
        SHORT_HASH,
        filter_hashes.iter().map(String::as_str),
    );
    for (((filter, bytes), name), hash) in filter_files
        .into_iter()
        .zip(filter_names)
        .zip(&filter_hashes)
    {
        files.push((
            format!("filter/{name}.pf_filter"),
            store.gzip(&bytes, hash, META_LEVEL),
        ));
        meta.filters.push(MetaFilter { filter, hash: name });
    }

    let meta_bytes = cbor(&meta);
    let meta_full_hash = full_hash(&meta_bytes);
    let meta_hash = format!("{lang}_{}", &meta_full_hash[..=lang.len() + SHORT_HASH]);
    files.push((
        format!("pagefind.{meta_hash}.pf_meta"),
        store.gzip(&meta_bytes, &meta_full_hash, META_LEVEL),
    ));
    files.extend(constant_files(lang, &meta_hash, page_count));
    files
}

/// The bundle of `lang` for `pages` (in page order) from the previous build's data files
/// (`data_files`: chunks, filters, metadata), which were made from the same fragments.
pub(super) fn reused(
    lang: &str,
    pages: Vec<IndexedPage>,
    data_files: Vec<(String, Stored)>,
) -> Vec<(String, Stored)> {
    let page_count = pages.len();
    let meta_hash = data_files
        .iter()
        .find_map(|(name, _)| name.strip_prefix("pagefind.")?.strip_suffix(".pf_meta"))
        .unwrap_or_default()
        .to_owned();
    let (mut files, _) = fragment_files(pages);
    files.extend(data_files);
    files.extend(constant_files(lang, &meta_hash, page_count));
    files
}

/// The fragments' files, and the metadata's entry of each page.
fn fragment_files(pages: Vec<IndexedPage>) -> (Vec<(String, Stored)>, Vec<MetaPage>) {
    let fragments: Vec<Fragment> = pages.into_iter().map(|page| page.fragment).collect();
    let mut files = Vec::with_capacity(fragments.len() + 16);
    let mut meta_pages = Vec::with_capacity(fragments.len());
    // Every first query downloads the metadata, which names each page's fragment: the names
    // go without the language (the folder has only this language's) and start one digit shorter.
    let fragment_names = short_names(
        "",
        SHORT_HASH - 1,
        fragments.iter().map(|f| f.hash.as_str()),
    );
    for (fragment, name) in fragments.into_iter().zip(fragment_names) {
        files.push((format!("fragment/{name}.pf_fragment"), fragment.gzipped));
        meta_pages.push(MetaPage {
            hash: name,
            word_count: u32::try_from(fragment.word_count).unwrap_or(u32::MAX),
            group_hash: String::new(),
        });
    }
    (files, meta_pages)
}

/// The files every bundle of `lang` has: the scripts, the wasm and the entry file, which names
/// the metadata file (`pagefind.{meta_hash}.pf_meta`).
fn constant_files(lang: &str, meta_hash: &str, page_count: usize) -> Vec<(String, Stored)> {
    let mut files = Vec::new();
    let wasm = wasm_of(lang);
    let mut constant =
        |name: String, bytes: &[u8]| files.push((name, Stored::Bytes(bytes.to_vec())));
    if let Some((code, bytes)) = wasm {
        constant(format!("wasm.{code}.pagefind"), bytes);
    }
    constant("wasm.unknown.pagefind".to_owned(), WASM_UNKNOWN);
    constant("pagefind.js".to_owned(), SEARCH_JS);
    constant("pagefind-worker.js".to_owned(), WORKER_JS);
    let entry = serde_json::json!({
        "version": PAGEFIND_VERSION,
        "languages": { lang: {
            "hash": meta_hash,
            "wasm": wasm.map(|(code, _)| *code),
            "page_count": page_count,
        }},
        "include_characters": WORD_SYMBOLS,
    });
    files.push((
        "pagefind-entry.json".to_owned(),
        Stored::Bytes(entry.to_string().into_bytes()),
    ));
    files
}

/// The stemming wasm of `lang`: the one whose stemmer [`Words`] indexes with.
fn wasm_of(lang: &str) -> Option<&'static (&'static str, &'static [u8])> {
    stemmer_for(lang)?;
    WASM.iter()
        .find(|(code, _)| lang.split('-').next() == Some(*code))
}

/// A page's fragment: its full hash, gzipped bytes and word count.
pub(super) struct Fragment {
    pub(super) hash: String,
    pub(super) gzipped: Stored,
    pub(super) word_count: usize,
}

/// `record`'s fragment, compressed through `store`.
pub(super) fn fragment(record: &Entry, meta_fields: &[String], store: &GzipCache) -> Fragment {
    let mut filters = BTreeMap::new();
    filters.insert("kind", vec![record.kind.as_str()]);
    if !record.tags.is_empty() {
        filters.insert("tag", record.tags.iter().map(String::as_str).collect());
    }
    let word_count = super::text::word_count(record.text);
    let json = serde_json::to_string(&FragmentJson {
        url: record.url,
        content: record.text.trim(),
        word_count,
        filters,
        meta: meta_values(record.title, record.date, meta_fields)
            .map(|(_, field, value)| (field, value))
            .collect(),
        anchors: [],
    })
    .unwrap_or_default();
    let hash = full_hash(json.as_bytes());
    Fragment {
        gzipped: store.gzip(json.as_bytes(), &hash, FRAGMENT_LEVEL),
        hash,
        word_count,
    }
}

/// The metadata fields that have a value: each field's number, name and value.
fn meta_values<'a>(
    title: &'a str,
    date: &'a str,
    meta_fields: &'a [String],
) -> impl Iterator<Item = (u16, &'a str, &'a str)> {
    meta_fields
        .iter()
        .enumerate()
        .filter_map(move |(field_id, field)| {
            let value = match field.as_str() {
                "title" => title,
                "date" => date,
                _ => "",
            };
            let field_id = u16::try_from(field_id).unwrap_or(u16::MAX);
            (!value.is_empty()).then_some((field_id, field.as_str(), value))
        })
}

/// Adds a page's words (its `text`, `title` and `date`) to `index` as page number `page`
/// (`on_page`: the thread's lists, reused).
#[allow(clippy::too_many_arguments)]
pub(super) fn add_words(
    words: &mut Words,
    index: &mut Inverted,
    on_page: &mut PageWords,
    page: u32,
    text: &str,
    title: &str,
    date: &str,
    meta_fields: &[String],
) {
    for (position, written) in text.split_whitespace().enumerate() {
        let position = u32::try_from(position).unwrap_or(u32::MAX);
        let entries = words.indexable(written);
        let parts = entries.iter().filter(|entry| entry.compound_part).count();
        let part_weight = (BODY_WEIGHT / u8::try_from(parts).unwrap_or(u8::MAX).max(1)).max(1);
        for entry in entries {
            let weight = if entry.compound_part {
                part_weight
            } else {
                BODY_WEIGHT
            };
            on_page
                .body
                .push((entry.stem, entry.original, position, weight));
        }
    }
    for (field_id, _, value) in meta_values(title, date, meta_fields) {
        for (position, written) in value.split_whitespace().enumerate() {
            let position = u32::try_from(position).unwrap_or(u32::MAX);
            for entry in words
                .indexable(written)
                .iter()
                .filter(|entry| !entry.compound_part)
            {
                on_page.meta.push((entry.stem, field_id, position));
            }
        }
    }
    index.add_page(page, on_page);
}

/// Each filter's values and their pages, in order.
fn filters(pages: &[IndexedPage]) -> BTreeMap<String, BTreeMap<String, Vec<usize>>> {
    let mut filters: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
    for (page, indexed) in pages.iter().enumerate() {
        filters
            .entry("kind".to_owned())
            .or_default()
            .entry(indexed.kind.as_str().to_owned())
            .or_default()
            .push(page);
        for tag in &indexed.tags {
            filters
                .entry("tag".to_owned())
                .or_default()
                .entry(tag.clone())
                .or_default()
                .push(page);
        }
    }
    filters
}

fn cbor<T: Encode<()>>(value: &T) -> Vec<u8> {
    // Writing into a Vec cannot fail.
    minicbor::to_vec(value).unwrap_or_default()
}
