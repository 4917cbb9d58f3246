//! Each language's index, built while its pages render: a page's words go into the index and its
//! fragment is made (and compressed, or found in the cache) on the thread that rendered it, so
//! the build never holds the text of 20,000 pages, only what the index keeps of them.
//!
//! Page numbers are given before rendering, in address order (the order Pagefind's own indexer
//! would give), so a page can be added whenever it is rendered; a page that did not render is
//! left out and the others numbered again when the index is finished.

use std::collections::BTreeMap;
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::Kind;
use super::bundle::{self, Fragment, add_words};
use super::encoding::{GzipCache, Stored};
use super::merge::Merged;
use super::postings::{Inverted, PageWords};
use super::reuse::{Note, NotedPage, read_fragment};
use super::words::Words;
use crate::images::cache::Cache;

/// A page or an event as the index reads it.
pub struct Entry<'a> {
    /// Address below the site root.
    pub url: &'a str,
    /// Title shown in the results.
    pub title: &'a str,
    /// Date as shown (may be empty).
    pub date: &'a str,
    /// What it is.
    pub kind: Kind,
    /// Its tags.
    pub tags: &'a [String],
    /// Its text, whitespace collapsed.
    pub text: &'a str,
}

/// A page in the index: its number, fragment and filter values.
pub(super) struct IndexedPage {
    pub number: u32,
    pub fragment: Fragment,
    pub kind: Kind,
    pub tags: Vec<String>,
    /// Whether its words are in the index (else its fragment is the previous build's, and its
    /// words are added from that if the previous index cannot be taken whole).
    pub words_added: bool,
    /// The hash of the page as rendered, with what the index reads besides (for the note).
    pub rendered: Option<String>,
}

/// What a thread adding pages holds: its word rules (and their cache), its part of the index and
/// its lists of a page's words.
#[derive(Default)]
struct Worker {
    words: Option<Words>,
    index: Inverted,
    on_page: PageWords,
}

/// One language's index while its pages are added.
pub struct LanguageIndex {
    lang: String,
    meta_fields: Vec<String>,
    /// Each address's page number.
    numbers: FxHashMap<String, u32>,
    /// Word rules and a part of the index per thread at work (taken for one page, then put back):
    /// each keeps its own cache of worked-out words.
    workers: Mutex<Vec<Worker>>,
    pages: Mutex<Vec<IndexedPage>>,
    /// What the previous build's index was made from.
    previous: Option<Note>,
    /// Where the note of this index is kept, when it is to be.
    notes: Option<Cache>,
}

impl LanguageIndex {
    /// An index of `lang` for the pages and events at `urls`; `dated`: whether any has a date;
    /// `notes`: where the previous build's note is, to take what it can from that index.
    pub fn new(
        lang: &str,
        urls: impl Iterator<Item = String>,
        dated: bool,
        notes: Option<Cache>,
    ) -> LanguageIndex {
        let mut urls: Vec<String> = urls.collect();
        urls.sort_unstable();
        urls.dedup();
        let numbers = urls
            .into_iter()
            .enumerate()
            .map(|(number, url)| (url, u32::try_from(number).unwrap_or(u32::MAX)))
            .collect();
        // Pagefind's order: the fields sorted.
        let mut meta_fields = Vec::new();
        if dated {
            meta_fields.push("date".to_owned());
        }
        meta_fields.push("title".to_owned());
        LanguageIndex {
            previous: (notes.as_ref()).and_then(|notes| Note::load(notes, lang, &meta_fields)),
            notes,
            lang: lang.to_owned(),
            meta_fields,
            numbers,
            workers: Mutex::default(),
            pages: Mutex::default(),
        }
    }

    /// Adds the page at `url` if it was rendered as `rendered` (a hash of the page and what the
    /// index reads besides) in the previous build and its fragment is still cached: the index
    /// then needs neither its text nor its words. Whether it did.
    pub fn add_unchanged(
        &self,
        url: &str,
        rendered: &str,
        kind: Kind,
        tags: &[String],
        store: &GzipCache,
    ) -> bool {
        let Some(&number) = self.numbers.get(url) else {
            return false;
        };
        let Some(noted) =
            (self.previous.as_ref()).and_then(|note| note.rendered_page(number, rendered))
        else {
            return false;
        };
        let Some(gzipped) = store.reuse(&GzipCache::name(&noted.fragment, bundle::FRAGMENT_LEVEL))
        else {
            return false;
        };
        self.pages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(IndexedPage {
                number,
                fragment: Fragment {
                    hash: noted.fragment.clone(),
                    gzipped,
                    word_count: noted.words,
                },
                kind,
                tags: tags.to_vec(),
                words_added: false,
                rendered: Some(rendered.to_owned()),
            });
        true
    }

    /// Adds `entry` (ignored if its address was not given to [`LanguageIndex::new`], or was
    /// added already), its fragment compressed through `store`; `rendered`: the hash of the
    /// page it was read from, with what the index reads besides, if it was a rendered page.
    pub fn add(&self, entry: &Entry, rendered: Option<String>, store: &GzipCache) {
        let Some(&number) = self.numbers.get(entry.url) else {
            return;
        };
        let fragment = bundle::fragment(entry, &self.meta_fields, store);
        // A page the previous index already had, word for word, is not split into words again.
        let known = matches!(fragment.gzipped, Stored::Cached(_))
            && (self.previous.as_ref()).is_some_and(|note| note.has_page(number, &fragment.hash));
        if !known {
            self.add_words(number, entry.text, entry.title, entry.date);
        }
        self.pages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(IndexedPage {
                number,
                fragment,
                kind: entry.kind,
                tags: entry.tags.to_vec(),
                words_added: !known,
                rendered,
            });
    }

    /// Adds page number `number`'s words, on a worker of this thread's taking.
    fn add_words(&self, number: u32, text: &str, title: &str, date: &str) {
        let worker = self
            .workers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop();
        let mut worker = worker.unwrap_or_default();
        let Worker {
            words,
            index,
            on_page,
        } = &mut worker;
        let words = words.get_or_insert_with(|| Words::new(&self.lang));
        add_words(
            words,
            index,
            on_page,
            number,
            text,
            title,
            date,
            &self.meta_fields,
        );
        self.workers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(worker);
    }

    /// The files of the bundle (names below the bundle folder), and whether they are the
    /// previous build's index taken whole; an error if a page's words had to be read back from
    /// its cached fragment and could not be.
    pub fn finish(self, store: &GzipCache) -> Result<(Vec<(String, Stored)>, bool), String> {
        let mut pages = std::mem::take(
            &mut *self
                .pages
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        pages.sort_unstable_by_key(|page| page.number);
        pages.dedup_by_key(|page| page.number);
        let every_page = pages.len() == self.numbers.len();
        if every_page
            && pages.iter().all(|page| !page.words_added)
            && let Some(previous) = &self.previous
            && let Some(files) =
                previous.files_for(pages.iter().map(|page| page.fragment.hash.as_str()), store)
        {
            // The same words, but a page may look different (a template changed): noted again,
            // so the next build knows the page as it is now rendered.
            let noted = noted_pages(&pages);
            if let Some(notes) = &self.notes
                && !previous.rendered_as(&noted)
            {
                Note::save(notes, &self.lang, &self.meta_fields, noted, &files);
            }
            return Ok((bundle::reused(&self.lang, pages, files), true));
        }
        // Some page changed: the words of those that did not are read back from their
        // fragments (as the page was: its fragment is what its words were made from).
        pages
            .par_iter()
            .filter(|page| !page.words_added)
            .try_for_each(|page| {
                // Only a cached fragment lets a page skip its words (`add`, `add_unchanged`).
                let Stored::Cached(path) = &page.fragment.gzipped else {
                    return Err(format!(
                        "search: page {} has no words and no cached fragment to read them from",
                        page.number
                    ));
                };
                let text = read_fragment(path).map_err(|error| {
                    format!(
                        "cannot read the cached search fragment {}: {error} (delete the \
                         .accord-cache folder and build again)",
                        path.display()
                    )
                })?;
                let meta = |field: &str| text.meta.get(field).map_or("", String::as_str);
                self.add_words(page.number, &text.content, meta("title"), meta("date"));
                Ok::<(), String>(())
            })?;
        // Numbered again without the pages that were never added.
        let mut renumbered = vec![u32::MAX; self.numbers.len()];
        for (new, page) in pages.iter_mut().enumerate() {
            let new = u32::try_from(new).unwrap_or(u32::MAX);
            if let Some(slot) = renumbered.get_mut(page.number as usize) {
                *slot = new;
            }
            page.number = new;
        }
        let noted = noted_pages(&pages);
        let parts = self
            .workers
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .into_iter()
            .filter_map(|worker| Some((worker.words?, worker.index)))
            .collect();
        let index = Merged::new(parts, &renumbered);
        let files = bundle::files(&self.lang, pages, index, self.meta_fields.clone(), store);
        // Only an index of every page is worth noting: a page that failed to render will render
        // next time, and its number would then shift the others.
        if let Some(notes) = self.notes.as_ref().filter(|_| every_page) {
            Note::save(notes, &self.lang, &self.meta_fields, noted, &files);
        }
        Ok((files, false))
    }
}

/// `pages` as a note keeps them.
fn noted_pages(pages: &[IndexedPage]) -> Vec<NotedPage> {
    pages
        .iter()
        .map(|page| NotedPage {
            fragment: page.fragment.hash.clone(),
            rendered: page.rendered.clone().unwrap_or_default(),
            words: page.fragment.word_count,
        })
        .collect()
}

/// Every language's index.
pub struct Indexes {
    /// The compressed files' cache.
    pub store: GzipCache,
    languages: BTreeMap<String, LanguageIndex>,
}

impl Indexes {
    /// Indexes for `entries`: each language with the addresses it will be given, and whether
    /// any has a date; `reuse`: whether to take what it can from the previous build's index (a
    /// build does; the preview, which holds every page's text, makes its index afresh).
    pub fn new(
        store: GzipCache,
        entries: BTreeMap<String, (Vec<String>, bool)>,
        reuse: bool,
    ) -> Indexes {
        let languages = entries
            .into_iter()
            .map(|(lang, (urls, dated))| {
                let notes = reuse.then(|| store.notes());
                let index = LanguageIndex::new(&lang, urls.into_iter(), dated, notes);
                (lang, index)
            })
            .collect();
        Indexes { store, languages }
    }

    /// Adds `entry` to `lang`'s index.
    pub fn add(&self, lang: &str, entry: &Entry) {
        if let Some(index) = self.languages.get(lang) {
            index.add(entry, None, &self.store);
        }
    }

    /// Adds the rendered page at `url` to `lang`'s index from the previous build's, if it was
    /// rendered as `rendered` then ([`LanguageIndex::add_unchanged`]); whether it did.
    pub fn add_unchanged(
        &self,
        lang: &str,
        url: &str,
        rendered: &str,
        kind: Kind,
        tags: &[String],
    ) -> bool {
        self.languages
            .get(lang)
            .is_some_and(|index| index.add_unchanged(url, rendered, kind, tags, &self.store))
    }

    /// Adds `entry`, read from a page rendered as `rendered`, to `lang`'s index.
    pub fn add_rendered(&self, lang: &str, entry: &Entry, rendered: String) {
        if let Some(index) = self.languages.get(lang) {
            index.add(entry, Some(rendered), &self.store);
        }
    }

    /// The languages' indexes, to be finished one after the other.
    pub fn into_parts(self) -> (GzipCache, BTreeMap<String, LanguageIndex>) {
        (self.store, self.languages)
    }
}
