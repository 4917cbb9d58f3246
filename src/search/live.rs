//! What the preview (`accord serve`) needs of search: the searchable pages' records, kept
//! between saves, and the index made again from them for the languages whose pages changed.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::builder::Indexes;
use super::{
    CACHE_KIND, Record, SCRIPT_PATH, addresses, event_records, main_text, store, target,
    write_bundles,
};
use crate::error::BuildError;
use crate::images::cache::Cache;
use crate::render::page::search_bundle_dir;
use crate::site::Site;

/// The records of the searchable pages among `files` (rendered pages by output path), by
/// output path: what the preview keeps to index again after rendering only some pages.
pub fn records_of(site: &Site, files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Record> {
    records_of_pages(site, &crate::render::all_pages(site), files)
}

/// [`records_of`] for `pages` alone: what a partial rebuild rendered (listing every page of a
/// large site for each save was most of the preview's own time).
pub fn records_of_pages(
    site: &Site,
    pages: &[crate::render::Page],
    files: &BTreeMap<String, Vec<u8>>,
) -> BTreeMap<String, Record> {
    if !site.config.search {
        return BTreeMap::new();
    }
    pages
        .iter()
        .filter_map(|page| {
            let output = page.output_path();
            let bytes = files.get(&output)?;
            let target = target(site, page)?;
            let (heading, text) = main_text(bytes);
            let record = Record {
                lang: target.lang,
                url: target.url,
                title: target.title.unwrap_or(heading),
                date: target.date,
                kind: target.kind,
                tags: target.tags,
                text,
                output: output.clone(),
            };
            Some((output, record))
        })
        .collect()
}

/// What [`index_files`] made.
#[derive(Debug, Default)]
pub struct IndexFiles {
    /// The bundles' files and the search page's script, by output path.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The names of the files in the search cache that these bundles use.
    pub cached: FxHashSet<String>,
}

/// The index files of `records` (pages) and the site's events (none when the site has search
/// off): the bundles of `languages` (of every language if `None`) and the search page's script.
/// When every language is indexed, the cache's files that no bundle used are deleted, as after a
/// build; otherwise the caller knows which files the other languages' bundles use
/// ([`forget_cached`]).
pub fn index_files<'r>(
    site: &Site,
    records: impl Iterator<Item = &'r Record>,
    languages: Option<&BTreeSet<String>>,
) -> Result<IndexFiles, BuildError> {
    if !site.config.search {
        return Ok(IndexFiles::default());
    }
    let every_language = languages.is_none_or(|wanted| {
        site.config
            .language_codes()
            .all(|code| wanted.contains(code))
    });
    let wanted = |lang: &str| languages.is_none_or(|languages| languages.contains(lang));
    let records: Vec<&Record> = records.filter(|record| wanted(&record.lang)).collect();
    let mut events = event_records(site);
    events.retain(|event| wanted(&event.lang));
    let mut addresses = addresses(
        site,
        records.iter().copied().chain(&events).map(Record::address),
    );
    addresses.retain(|lang, _| wanted(lang));
    let indexes = Indexes::new(store(site), addresses, false);
    records
        .into_par_iter()
        .chain(events.par_iter())
        .for_each(|record| indexes.add(&record.lang, &record.entry()));
    let sink = crate::output::MemorySink::new();
    let (_, cached) = write_bundles(indexes, &sink, every_language)?;
    Ok(IndexFiles {
        files: sink.into_files(),
        cached,
    })
}

/// Deletes the files named `names` from the site's search cache (those an index no longer
/// uses); returns how many went.
pub fn forget_cached(site: &Site, names: &FxHashSet<String>) -> usize {
    if names.is_empty() {
        return 0;
    }
    Cache::new(&site.paths.root, CACHE_KIND).prune(|name| !names.contains(name))
}

/// Whether `path` is an output file of the search index (a bundle file or the script).
pub fn is_index_file(site: &Site, path: &str) -> bool {
    path == SCRIPT_PATH
        || site
            .config
            .language_codes()
            .any(|lang| path.starts_with(search_bundle_dir(lang).as_str()))
}
