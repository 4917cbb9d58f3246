//! A language's index carried over from the previous build when its pages are the same.
//!
//! After each build the search cache keeps a note per language (`.accord-cache/search-index/`):
//! each page's fragment hash, in page order, and the cache files of the index's chunks, filters
//! and metadata. The next build still renders every page and makes its fragment (that is how it
//! knows what the page says), but a page whose fragment is the one noted for its number is not
//! split into words; if every page is so, the noted files are the index. When some page changed,
//! the words of the pages that were skipped are read back from their cached fragments, which
//! hold exactly the text, title and date the index is made from, and the index is made as usual.
//!
//! A note is only read by the Accord that wrote it: its key includes a hash of this index's
//! source code, so a change to how words are split or encoded never meets an old index.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::PAGEFIND_VERSION;
use super::encoding::{GzipCache, Stored, full_hash};
use super::warm_up;
use crate::images::cache::Cache;

/// The source files whose code decides what an index holds.
const INDEX_SOURCES: &[&str] = &[
    include_str!("arabic.rs"),
    include_str!("bundle.rs"),
    include_str!("merge.rs"),
    include_str!("postings.rs"),
    include_str!("text.rs"),
    include_str!("warm_up.rs"),
    include_str!("words.rs"),
];

/// What the previous build's index of one language was made from, and its files.
#[derive(Serialize, Deserialize)]
pub struct Note {
    key: String,
    /// Each page, in page order.
    pages: Vec<NotedPage>,
    /// The bundle's data files besides the fragments: name in the bundle, name in the cache.
    files: Vec<(String, String)>,
    /// The word the search page warms the engine with (empty: none).
    #[serde(default)]
    warm_up: String,
}

/// A page of a noted index.
#[derive(Serialize, Deserialize)]
pub struct NotedPage {
    /// Its fragment's hash.
    pub fragment: String,
    /// The hash of the page as it was rendered and of what the index reads besides (title, date,
    /// kind, tags; see [`super::Collector`]), if it was a rendered page.
    #[serde(default)]
    pub rendered: String,
    /// Its word count.
    pub words: usize,
}

fn key(lang: &str, meta_fields: &[String]) -> String {
    let sources = INDEX_SOURCES.concat();
    format!(
        "accord {} pagefind {PAGEFIND_VERSION} code {} lang {lang} fields {}",
        env!("CARGO_PKG_VERSION"),
        full_hash(sources.as_bytes()),
        meta_fields.join(",")
    )
}

impl Note {
    /// The note of `lang`'s previous index in `notes`, if it was made by this code with these
    /// metadata fields.
    pub fn load(notes: &Cache, lang: &str, meta_fields: &[String]) -> Option<Note> {
        let bytes = std::fs::read(notes.path(&format!("{lang}.json"))).ok()?;
        let note: Note = serde_json::from_slice(&bytes).ok()?;
        (note.key == key(lang, meta_fields) && note.is_well_formed()).then_some(note)
    }

    /// Whether every name in the note is one a build writes: a note is a file in the site's
    /// folder, and an edited one must not lead the build to link a file from outside the cache
    /// or write one outside the bundle.
    fn is_well_formed(&self) -> bool {
        let hex = |name: &str| !name.is_empty() && name.bytes().all(|b| b.is_ascii_hexdigit());
        let cached = |name: &str| {
            name.split_once('.')
                .is_some_and(|(hash, level)| hex(hash) && level.bytes().all(|b| b.is_ascii_digit()))
        };
        let in_bundle = |name: &str| {
            is_data_file(name)
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_./".contains(&b))
                && name
                    .split('/')
                    .all(|part| !part.is_empty() && part != "." && part != "..")
        };
        self.pages
            .iter()
            .all(|page| hex(&page.fragment) && (page.rendered.is_empty() || hex(&page.rendered)))
            && (self.files.iter()).all(|(name, cache)| in_bundle(name) && cached(cache))
            && (self.warm_up.is_empty() || warm_up::is_acceptable(&self.warm_up))
    }

    /// Whether page number `number`'s fragment was `hash` in the previous index.
    pub fn has_page(&self, number: u32, hash: &str) -> bool {
        (self.pages.get(number as usize)).is_some_and(|noted| noted.fragment == hash)
    }

    /// Page number `number` of the previous index, if it was rendered as `rendered` then.
    pub fn rendered_page(&self, number: u32, rendered: &str) -> Option<&NotedPage> {
        (self.pages.get(number as usize))
            .filter(|noted| !noted.rendered.is_empty() && noted.rendered == rendered)
    }

    /// Whether the noted pages were rendered as `pages` are.
    pub fn rendered_as(&self, pages: &[NotedPage]) -> bool {
        self.pages.len() == pages.len()
            && (self.pages.iter().zip(pages)).all(|(noted, page)| noted.rendered == page.rendered)
    }

    /// The previous index's data files and its warm-up word's, if the pages (fragment hashes in
    /// page order) are the same and every file is still cached.
    pub fn files_for<'h>(
        &self,
        hashes: impl ExactSizeIterator<Item = &'h str>,
        store: &GzipCache,
    ) -> Option<Vec<(String, Stored)>> {
        if hashes.len() != self.pages.len()
            || !hashes
                .zip(&self.pages)
                .all(|(hash, noted)| hash == noted.fragment)
        {
            return None;
        }
        let mut files: Vec<(String, Stored)> = self
            .files
            .iter()
            .map(|(name, cached)| Some((name.clone(), store.reuse(cached)?)))
            .collect::<Option<_>>()?;
        if !self.warm_up.is_empty() {
            let word = self.warm_up.clone().into_bytes();
            files.push((warm_up::FILE.to_owned(), Stored::Bytes(word)));
        }
        Some(files)
    }

    /// Keeps the note of an index of `lang` made from `pages` (in page order) whose data files
    /// are `files`; nothing is kept if one of them is not cached.
    pub fn save(
        notes: &Cache,
        lang: &str,
        meta_fields: &[String],
        pages: Vec<NotedPage>,
        files: &[(String, Stored)],
    ) {
        let name = format!("{lang}.json");
        let mut data_files = Vec::new();
        let warm_up = (files.iter())
            .find_map(|(file, stored)| match stored {
                Stored::Bytes(word) if file == warm_up::FILE => {
                    Some(String::from_utf8_lossy(word).into_owned())
                }
                _ => None,
            })
            .unwrap_or_default();
        for (file, stored) in files.iter().filter(|(file, _)| is_data_file(file)) {
            match stored {
                Stored::Cached(path) => match path.file_name() {
                    Some(cached) => {
                        data_files.push((file.clone(), cached.to_string_lossy().into_owned()))
                    }
                    None => return forget(notes, &name),
                },
                Stored::Bytes(_) => return forget(notes, &name),
            }
        }
        let note = Note {
            key: key(lang, meta_fields),
            pages,
            files: data_files,
            warm_up,
        };
        if let Ok(bytes) = serde_json::to_vec(&note)
            && !notes.store(&name, &bytes)
        {
            forget(notes, &name);
        }
    }
}

/// Deletes a note that could not be brought up to date (an old one would still match pages).
fn forget(notes: &Cache, name: &str) {
    let _ = std::fs::remove_file(notes.path(name));
}

/// Whether `name` is one of a bundle's data files other than fragments (chunks, filters and the
/// metadata file; the scripts and the entry file are written by every build).
fn is_data_file(name: &str) -> bool {
    name.starts_with("index/") || name.starts_with("filter/") || name.ends_with(".pf_meta")
}

/// The text, title and date a cached fragment holds (what its page's words are made from).
#[derive(Deserialize)]
pub struct FragmentText {
    /// The page's text.
    pub content: String,
    /// Its metadata: `title`, `date`.
    #[serde(default)]
    pub meta: std::collections::BTreeMap<String, String>,
}

/// Reads the fragment stored at `path` (gzipped after Pagefind's signature).
pub fn read_fragment(path: &Path) -> Result<FragmentText, String> {
    let bytes = std::fs::read(path).map_err(|error| error.to_string())?;
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_end(&mut json)
        .map_err(|error| error.to_string())?;
    let json = json
        .strip_prefix(b"pagefind_dcd")
        .ok_or("it lacks Pagefind's signature")?;
    serde_json::from_slice(json).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(files: &[(&str, &str)], fragment: &str) -> Note {
        Note {
            key: String::new(),
            pages: vec![NotedPage {
                fragment: fragment.to_owned(),
                rendered: String::new(),
                words: 1,
            }],
            files: (files.iter())
                .map(|(name, cache)| ((*name).to_owned(), (*cache).to_owned()))
                .collect(),
            warm_up: String::new(),
        }
    }

    #[test]
    fn a_note_naming_files_outside_the_cache_or_the_bundle_is_not_used() {
        let good = [
            ("pagefind.en_1a2b3c4d.pf_meta", "0123abcd.9"),
            ("index/en_6f0f398.pf_index", "ffee.6"),
            ("filter/en_1234567.pf_filter", "abc.9"),
        ];
        assert!(note(&good, "00ff").is_well_formed());
        for bad in [
            ("index/../../../escape.pf_index", "abc.6"),
            ("/etc/passwd.pf_meta", "abc.9"),
            ("index/en_1.pf_index", "../../secret.6"),
            ("index/en_1.pf_index", "abc"),
            ("pagefind.js", "abc.9"),
        ] {
            assert!(!note(&[bad], "00ff").is_well_formed(), "{bad:?}");
        }
        assert!(!note(&good, "../00ff").is_well_formed());
        let mut edited = note(&good, "00ff");
        edited.warm_up = "june".to_owned();
        assert!(edited.is_well_formed());
        edited.warm_up = "</script><script>".to_owned();
        assert!(!edited.is_well_formed());
    }

    #[test]
    fn a_cached_fragment_is_read_back_and_a_damaged_one_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("fragment");
        let json = r#"{"url":"/a/","content":"treaty text","meta":{"title":"T"}}"#;
        std::fs::write(&path, super::super::encoding::gzip(json.as_bytes(), 1)).expect("write");
        let fragment = read_fragment(&path).expect("a fragment");
        assert_eq!(fragment.content, "treaty text");
        assert_eq!(fragment.meta["title"], "T");
        std::fs::write(&path, b"not gzip").expect("write");
        assert!(read_fragment(&path).is_err());
        assert!(read_fragment(&dir.path().join("missing")).is_err());
    }
}
