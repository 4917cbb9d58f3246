//! Search (issue 21): a Pagefind index per language, written by the build itself.
//!
//! While the pages are rendered, a [`Collector`] wrapped around the output sink adds every page
//! a reader searches for (articles and state pages, from their rendered `<main>`) to its
//! language's index, in the rendering threads ([`builder`]); timeline events are entries of
//! their own, so each event is a result that links to its place on the timeline.
//! [`Collector::write_index`] then writes each language's Pagefind bundle below
//! `{lang}/search/pagefind/` ([`bundle`]: Pagefind's index format, written by Accord, with
//! Pagefind's browser scripts pinned in `vendor/pagefind/`; the compressed files cached by
//! [`encoding::GzipCache`]), and the search page's script (`search/search.js`), which carries the
//! Arabic normalisation rules of [`arabic`] as generated JSON. The preview keeps each page's
//! [`Record`] instead and indexes them again after an edit, for the languages whose pages
//! changed ([`live`]).
//!
//! Arabic words are indexed normalised ([`arabic::normalize_word`], then Snowball), each at its
//! own position in the page's text ([`words`]); the query is normalised the same way in the
//! browser, so it meets the page's words whatever clitics, alef forms or plural the reader typed,
//! and the excerpt shows the page's own words.

pub mod arabic;
mod builder;
mod bundle;
mod encoding;
mod live;
mod merge;
mod postings;
mod reuse;
mod text;
mod warm_up;
mod words;

use builder::{Entry, Indexes};
use encoding::{GzipCache, Stored};

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{BuildError, Diagnostic};
use crate::images::cache::Cache;
use crate::output::Sink;
use crate::render::Page;
use crate::render::page::{event_href, search_bundle_dir};
use crate::site::Site;

pub use live::{
    IndexFiles, forget_cached, index_files, is_index_file, records_of, records_of_pages,
};
pub use text::main_text;

/// The Pagefind version whose browser scripts and index format the build writes.
pub const PAGEFIND_VERSION: &str = "1.6.0";

/// Where the search page's own script is written, below the site root.
pub const SCRIPT_PATH: &str = "search/search.js";

/// Set, the build prints how long the search index took (for `bench/search.sh`).
pub const TIMING_VARIABLE: &str = "ACCORD_SEARCH_TIMING";

/// The search page's script, with `/*ARABIC_RULES*/` to be replaced by the rules' JSON.
const SCRIPT: &str = include_str!("search.js");

/// What a result is, a filter of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A news article.
    Article,
    /// A timeline event.
    Event,
    /// A participant's page.
    State,
}

impl Kind {
    /// The filter value (the search page shows it in its language).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Event => "event",
            Kind::State => "state",
        }
    }
}

/// One searchable page or event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Language code.
    pub lang: String,
    /// Address below the site root (`en/articles/x/`, `en/timeline/#id`).
    pub url: String,
    /// Title shown in the results.
    pub title: String,
    /// Date as the page shows it (may be empty).
    pub date: String,
    /// What it is.
    pub kind: Kind,
    /// Tags, a filter.
    pub tags: Vec<String>,
    /// The text, whitespace collapsed.
    pub text: String,
    /// The output file of the page it was read from (empty for an event).
    pub output: String,
}

/// What the collector knows of a page before it is rendered.
struct Target {
    lang: String,
    url: String,
    kind: Kind,
    title: Option<String>,
    date: String,
    tags: Vec<String>,
}

/// A sink that passes every file on and adds the searchable pages to their language's index as
/// they are written, on the rendering threads.
pub struct Collector<'a> {
    sink: &'a dyn Sink,
    targets: FxHashMap<String, Target>,
    indexes: Indexes,
    /// The timeline events, added when the index is written.
    events: Vec<Record>,
    /// Time spent indexing pages, summed over the rendering threads, for `bench/search.sh`.
    nanos: AtomicU64,
}

impl<'a> Collector<'a> {
    /// A collector for the searchable pages among `pages` (and the site's events, added when
    /// the index is written).
    pub fn new(site: &Site, pages: &[Page], sink: &'a dyn Sink) -> Collector<'a> {
        let targets: FxHashMap<String, Target> = pages
            .iter()
            .filter_map(|page| Some((page.output_path(), target(site, page)?)))
            .collect();
        let events = event_records(site);
        let addresses = addresses(
            site,
            (targets.values())
                .map(|t| (t.lang.as_str(), t.url.as_str(), t.date.as_str()))
                .chain(events.iter().map(Record::address)),
        );
        Collector {
            sink,
            targets,
            indexes: Indexes::new(store(site), addresses, true),
            events,
            nanos: AtomicU64::new(0),
        }
    }

    /// Adds the timeline events, then writes each language's bundle and the search page's
    /// script into the sink; returns how many files it wrote.
    pub fn write_index(self) -> Result<Written, BuildError> {
        if std::env::var_os(TIMING_VARIABLE).is_some() {
            eprintln!(
                "search: page text {} ms (CPU, all rendering threads: text, words, fragments)",
                self.nanos.load(Ordering::Relaxed) / 1_000_000
            );
        }
        for event in &self.events {
            self.indexes.add(&event.lang, &event.entry());
        }
        write_bundles(self.indexes, self.sink, true).map(|(written, _)| written)
    }

    /// Indexes `bytes` if `path` is a searchable page's.
    fn read(&self, path: &str, bytes: &[u8]) {
        if let Some(target) = self.targets.get(path) {
            let started = Instant::now();
            let rendered = target.rendered_hash(bytes);
            let unchanged = self.indexes.add_unchanged(
                &target.lang,
                &target.url,
                &rendered,
                target.kind,
                &target.tags,
            );
            if !unchanged {
                let (heading, text) = main_text(bytes);
                let entry = Entry {
                    url: &target.url,
                    title: target.title.as_deref().unwrap_or(&heading),
                    date: &target.date,
                    kind: target.kind,
                    tags: &target.tags,
                    text: &text,
                };
                self.indexes.add_rendered(&target.lang, &entry, rendered);
            }
            let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
            self.nanos.fetch_add(nanos, Ordering::Relaxed);
        }
    }
}

impl Target {
    /// A hash of the page rendered as `bytes` and of what the index reads besides: equal hashes
    /// mean equal fragments and words (XXH3-128: hashing every page is on every build's path).
    fn rendered_hash(&self, bytes: &[u8]) -> String {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let title = self.title.as_deref();
        let tags = self.tags.join("\n");
        let parts: [&[u8]; 6] = [
            self.url.as_bytes(),
            title.map_or(&[0xff], str::as_bytes),
            self.date.as_bytes(),
            self.kind.as_str().as_bytes(),
            tags.as_bytes(),
            bytes,
        ];
        for part in parts {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        format!("{:032x}", hasher.digest128())
    }
}

impl Sink for Collector<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.read(path, &bytes);
        self.sink.put(path, bytes)
    }

    fn copy(&self, path: &str, source: &Path) -> io::Result<()> {
        self.sink.copy(path, source)
    }

    fn put_cached(&self, path: &str, source: &Path) -> io::Result<()> {
        self.sink.put_cached(path, source)
    }
}

impl Record {
    /// The record as the index reads it.
    fn entry(&self) -> Entry<'_> {
        Entry {
            url: &self.url,
            title: &self.title,
            date: &self.date,
            kind: self.kind,
            tags: &self.tags,
            text: &self.text,
        }
    }
}

impl Record {
    /// Its language, address and date.
    fn address(&self) -> (&str, &str, &str) {
        (&self.lang, &self.url, &self.date)
    }
}

/// Each language of the site with the addresses its index will be given and whether any is
/// dated, from `(language, address, date)` of every page and event.
fn addresses<'a>(
    site: &Site,
    items: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
) -> BTreeMap<String, (Vec<String>, bool)> {
    let mut addresses: BTreeMap<String, (Vec<String>, bool)> = site
        .config
        .language_codes()
        .map(|code| (code.to_owned(), (Vec::new(), false)))
        .collect();
    for (lang, url, date) in items {
        if let Some((urls, dated)) = addresses.get_mut(lang) {
            urls.push(url.to_owned());
            *dated |= !date.is_empty();
        }
    }
    addresses
}

/// The cache of the index's compressed files, in the site's `.accord-cache/search/`.
fn store(site: &Site) -> GzipCache {
    GzipCache::new(Cache::new(&site.paths.root, CACHE_KIND))
}

/// The folder of `.accord-cache/` that holds the index's compressed files.
const CACHE_KIND: &str = "search";

/// The searchable pages: articles and state pages.
fn target(site: &Site, page: &Page) -> Option<Target> {
    match page {
        Page::Article { lang, stem } => {
            let article = site.article(lang, stem)?;
            Some(Target {
                lang: lang.clone(),
                url: page.site_path(),
                kind: Kind::Article,
                title: Some(article.title.clone()),
                date: site.localisation.date(lang, article.date),
                tags: article.tags.clone(),
            })
        }
        Page::State { lang, .. } => Some(Target {
            lang: lang.clone(),
            url: page.site_path(),
            kind: Kind::State,
            title: None,
            date: String::new(),
            tags: Vec::new(),
        }),
        _ => None,
    }
}

/// One record per timeline event, linking to its place on the timeline.
fn event_records(site: &Site) -> Vec<Record> {
    site.content
        .events
        .iter()
        .map(|event| {
            let body =
                crate::markdown::render(&event.body, &|_| Some(String::new())).unwrap_or_default();
            let date = match event.end {
                Some(end) => {
                    let range = site.localisation.date_range(&event.lang, event.date, end);
                    [range.start.as_str(), range.separator, range.end.as_str()].concat()
                }
                None => site.localisation.date(&event.lang, event.date),
            };
            Record {
                lang: event.lang.clone(),
                url: event_href("", &event.lang, &event.id),
                title: event.title.clone(),
                date,
                kind: Kind::Event,
                tags: Vec::new(),
                text: text::html_text(&body),
                output: String::new(),
            }
        })
        .collect()
}

/// What writing the search index did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// Languages whose index was the previous build's, taken whole (no page had changed).
    pub reused: usize,
}

/// Finishes each language's index and writes its bundle, then the search page's script, into
/// `sink`; with `prune`, deletes the cached files no bundle used. Returns the names of those
/// the bundles used.
fn write_bundles(
    indexes: Indexes,
    sink: &dyn Sink,
    prune: bool,
) -> Result<(Written, FxHashSet<String>), BuildError> {
    let started = Instant::now();
    let (store, languages) = indexes.into_parts();
    // One language after the other: each bundle is written on every core already, and one at a
    // time the build holds one language's finished index in memory, not all of them.
    let results: Vec<Result<(usize, bool), Diagnostic>> = languages
        .into_iter()
        .map(|(lang, index)| {
            let (files, reused) = index.finish(&store).map_err(Diagnostic::error)?;
            if std::env::var_os(TIMING_VARIABLE).is_some() {
                eprintln!(
                    "search: {lang} bundle made at {} ms",
                    started.elapsed().as_millis()
                );
            }
            let dir = search_bundle_dir(&lang);
            let count = files.len();
            files.into_par_iter().try_for_each(|(name, stored)| {
                let path = [dir.as_str(), &name].concat();
                match stored {
                    Stored::Bytes(bytes) => sink.put(&path, bytes),
                    Stored::Cached(cached) => sink.put_cached(&path, &cached),
                }
                .map_err(|error| Diagnostic::error(format!("cannot write {path}: {error}")))
            })?;
            Ok((count, reused))
        })
        .collect();
    let mut written = Written {
        files: 1,
        reused: 0,
    };
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((count, reused)) => {
                written.files += count;
                written.reused += usize::from(reused);
            }
            Err(error) => errors.push(error),
        }
    }
    // Only a complete index says what the cache must keep.
    let used = store.finish(prune && errors.is_empty());
    if let Err(error) = sink.put(SCRIPT_PATH, script().into_bytes()) {
        errors.push(Diagnostic::error(format!(
            "cannot write {SCRIPT_PATH}: {error}"
        )));
    }
    if std::env::var_os(TIMING_VARIABLE).is_some() {
        eprintln!("search: index {} ms (wall)", started.elapsed().as_millis());
    }
    if errors.is_empty() {
        Ok((written, used))
    } else {
        Err(errors.into())
    }
}

/// The search page's script, with the Arabic rules in it.
pub fn script() -> String {
    SCRIPT.replacen("/*ARABIC_RULES*/{}", &arabic::rules_json(), 1)
}
