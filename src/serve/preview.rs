//! The preview loop: keeps the served files up to date with the sources. A change is planned
//! ([`Plan`]), applied to the loaded [`Site`], and only the pages it affects are rendered again;
//! the patch then replaces them in what the server answers with, and every open tab is told
//! which files changed (and reloads if a template or `site.toml` did).
//!
//! Whatever changed, a failure leaves the [`LiveSite`] as it was: the last good site stays served.
//! Once something failed, the next change loads everything again, so the errors shown are always
//! those of a full build.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::{Shared, configured_path};
use crate::build::{render_in_memory, render_pages_in_memory, static_collision};
use crate::error::{BuildError, Diagnostic};
use crate::incremental::{Plan, affected_pages, existing_and_gone};
use crate::output::{MemorySink, copy_static};
use crate::render::page::search_bundle_dir;
use crate::render::{Page, all_pages, exists};
use crate::site::{LoadOptions, Site};
use crate::watch::{Changes, Rebuild};

/// Keeps the served files up to date with the sources.
pub(super) struct Preview {
    pub live: LiveSite,
    pub shared: Arc<Shared>,
    pub root: PathBuf,
    pub check_base_path: bool,
    /// A template or `site.toml` changed in a build that failed: the next good one reloads
    /// every page.
    pub site_changed: bool,
}

impl Rebuild for Preview {
    fn rebuild(&mut self, changes: &Changes) -> Result<String, BuildError> {
        let plan = if changes.rescan {
            Plan::everything()
        } else {
            Plan::from_paths(changes.paths.iter().map(|path| path.as_path()))
        };
        let had_errors = !self.shared.read().errors.is_empty();
        self.site_changed |= plan.site;
        let (outcome, update) = match self.live.update(&plan) {
            Ok(patch) => {
                let done = patch.describe();
                if patch.put.is_empty() && patch.remove.is_empty() && !had_errors {
                    // Nothing the browser shows changed (a file that is not content).
                    return Ok(done);
                }
                let mut update = self.shared.apply(&patch);
                update.reload = std::mem::take(&mut self.site_changed);
                (Ok(done), update)
            }
            Err(error) => {
                let update = self.shared.fail(&error);
                (Err(error), update)
            }
        };
        // Only now is the new version (or the overlay) what the server answers with.
        self.shared.live.send(&update);
        if plan.site && self.check_base_path {
            self.warn_if_base_path_moved();
        }
        outcome
    }

    /// The search index waits for the sources to be quiet ([`crate::watch::FOLLOW_UP_QUIET`]):
    /// the pages a save changed are served first, and saves in quick succession make it once.
    fn has_follow_up(&self) -> bool {
        self.live.index_stale()
    }

    fn follow_up(&mut self) -> Result<String, BuildError> {
        Ok(self.refresh_index()?.unwrap_or_default())
    }
}

impl Preview {
    /// Serves the search index made again after a change that is already on screen, and tells
    /// the open pages (a search page then searches the new index); `None` if it did not change.
    fn refresh_index(&mut self) -> Result<Option<String>, BuildError> {
        match self.live.refresh_index() {
            Ok(Some(patch)) => {
                let done = patch.describe();
                if !patch.put.is_empty() || !patch.remove.is_empty() {
                    let update = self.shared.apply(&patch);
                    self.shared.live.send(&update);
                }
                Ok(Some(done))
            }
            Ok(None) => Ok(None),
            Err(error) => {
                let update = self.shared.fail(&error);
                self.shared.live.send(&update);
                Err(error)
            }
        }
    }

    fn warn_if_base_path_moved(&self) {
        if let Some(path) = configured_path(&self.root)
            && !self.shared.base_path.same_as(&path)
        {
            eprintln!(
                "warning: base_url in site.toml now has the path {path}; still serving under {} until accord serve is restarted",
                self.shared.base_path.encoded()
            );
        }
    }
}

/// Files to change in the served site: what to store and what to drop, by output path.
#[derive(Debug, Default)]
pub struct Patch {
    /// Rendered or copied files.
    pub put: Vec<(String, Vec<u8>)>,
    /// Output paths that no longer exist.
    pub remove: Vec<String>,
    /// Pages rendered (static files not counted).
    pub pages: usize,
    /// How far the rebuild went, for the terminal.
    pub scope: Scope,
}

/// How much of the site a rebuild touched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    /// Loaded and rendered everything.
    #[default]
    Everything,
    /// Loaded the content again and rendered every page.
    Content,
    /// Copied the static files again.
    Static,
    /// Rendered only the pages the changed articles affect.
    Articles,
    /// Made the search index again from every page, after the pages changed.
    SearchIndex,
}

impl Patch {
    /// `re-rendered 6 pages`-style text.
    pub fn describe(&self) -> String {
        match self.scope {
            Scope::Everything => format!("rebuilt everything ({} files)", self.put.len()),
            Scope::Content => format!("reloaded content, rendered {} pages", self.pages),
            Scope::Static => format!("copied {} static files", self.put.len()),
            Scope::Articles => {
                let removed = if self.remove.is_empty() {
                    String::new()
                } else {
                    format!(", removed {}", self.remove.len())
                };
                format!("re-rendered {} pages{removed}", self.pages)
            }
            Scope::SearchIndex => format!("made the search index again ({} files)", self.put.len()),
        }
    }
}

/// The loaded site the preview serves, and which output paths it currently has.
pub struct LiveSite {
    options: LoadOptions,
    site: Option<Site>,
    pages: BTreeSet<String>,
    static_files: BTreeSet<String>,
    /// The searchable pages' text by output path, and the search index's files (issue 21): a
    /// partial rebuild indexes again from these and the pages it rendered.
    search: BTreeMap<String, crate::search::Record>,
    search_files: BTreeSet<String>,
    /// The languages whose searchable pages changed since the search index was last made
    /// ([`LiveSite::refresh_index`] makes theirs again, and keeps the others').
    stale_languages: BTreeSet<String>,
    /// Per language, the search cache's files its index used when last made here: an index made
    /// again for one language deletes those of its last one that neither it nor another
    /// language uses (the build deletes all unused ones, but it sees every language).
    search_cached: BTreeMap<String, FxHashSet<String>>,
    healthy: bool,
}

impl LiveSite {
    /// Loads and renders the whole site; the patch holds every file. A site that fails to load
    /// is still returned, and the next [`LiveSite::update`] tries again.
    pub fn load(options: LoadOptions) -> (LiveSite, Result<Patch, BuildError>) {
        let mut live = LiveSite {
            options,
            site: None,
            pages: BTreeSet::new(),
            static_files: BTreeSet::new(),
            search: BTreeMap::new(),
            search_files: BTreeSet::new(),
            stale_languages: BTreeSet::new(),
            search_cached: BTreeMap::new(),
            healthy: false,
        };
        let result = live.update(&Plan::everything());
        (live, result)
    }

    /// The site as last loaded successfully.
    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Applies a change; on failure nothing changes and the error lists what to fix.
    pub fn update(&mut self, plan: &Plan) -> Result<Patch, BuildError> {
        let kinds = [
            plan.site,
            plan.content,
            plan.static_files,
            !plan.articles.is_empty(),
        ]
        .iter()
        .filter(|&&kind| kind)
        .count();
        if kinds == 0 {
            return Ok(Patch {
                scope: Scope::Articles,
                ..Patch::default()
            });
        }
        let result = if !self.healthy || self.site.is_none() || plan.site || kinds > 1 {
            self.reload_everything()
        } else if plan.content {
            self.reload_content()
        } else if plan.static_files {
            self.recopy_static()
        } else {
            self.update_articles(&plan.articles)
        };
        self.healthy = result.is_ok();
        result
    }

    fn reload_everything(&mut self) -> Result<Patch, BuildError> {
        let site = Site::load(&self.options)?;
        let (_, sink) = render_in_memory(&site)?;
        let files = sink.into_files();
        let pages: BTreeSet<String> = all_pages(&site).iter().map(Page::output_path).collect();
        let search_files: BTreeSet<String> = (files.keys())
            .filter(|path| crate::search::is_index_file(&site, path))
            .cloned()
            .collect();
        let static_files = files
            .keys()
            .filter(|path| !pages.contains(*path) && !search_files.contains(*path))
            .cloned()
            .collect();
        let search = crate::search::records_of(&site, &files);
        let remove = self
            .pages
            .iter()
            .chain(&self.static_files)
            .chain(&self.search_files)
            .filter(|path| !files.contains_key(*path))
            .cloned()
            .collect();
        let patch = Patch {
            pages: pages.len(),
            put: files.into_iter().collect(),
            remove,
            scope: Scope::Everything,
        };
        self.search = search;
        self.search_files = search_files;
        self.stale_languages.clear();
        // The full build kept only the cache files it used.
        self.search_cached.clear();
        self.site = Some(site);
        self.pages = pages;
        self.static_files = static_files;
        Ok(patch)
    }

    fn reload_content(&mut self) -> Result<Patch, BuildError> {
        let Some(site) = self.site.as_mut() else {
            return self.reload_everything();
        };
        let applied = site.reload_content(self.options.include_drafts)?;
        let pages = all_pages(site);
        let files = match render_pages_in_memory(site, &pages, &self.static_files) {
            Ok(files) => files,
            Err(error) => {
                site.undo(applied);
                return Err(error);
            }
        };
        let remove = vanished(&self.pages, &files);
        self.pages = files.keys().cloned().collect();
        let rendered = files.len();
        self.search = crate::search::records_of(site, &files);
        self.stale_languages = every_language_if_searched(site);
        Ok(Patch {
            pages: rendered,
            put: files.into_iter().collect(),
            remove,
            scope: Scope::Content,
        })
    }

    fn recopy_static(&mut self) -> Result<Patch, BuildError> {
        let Some(site) = self.site.as_ref() else {
            return self.reload_everything();
        };
        let sink = MemorySink::new();
        copy_static(&site.paths.static_dir, &sink)?;
        let files = sink.into_files();
        let collisions: Vec<Diagnostic> = files
            .keys()
            .filter(|path| self.pages.contains(*path))
            .map(|path| static_collision(site, path))
            .collect();
        if !collisions.is_empty() {
            return Err(collisions.into());
        }
        let remove = vanished(&self.static_files, &files);
        self.static_files = files.keys().cloned().collect();
        Ok(Patch {
            put: files.into_iter().collect(),
            remove,
            pages: 0,
            scope: Scope::Static,
        })
    }

    /// Reads the changed article files and renders the pages they affect.
    fn update_articles(&mut self, changed: &BTreeSet<PathBuf>) -> Result<Patch, BuildError> {
        let Some(site) = self.site.as_mut() else {
            return self.reload_everything();
        };
        let applied = site.apply_article_changes(changed, self.options.include_drafts)?;
        let (pages, vanished) =
            existing_and_gone(site, affected_pages(site, &applied.removed, &applied.added));
        let files = match render_pages_in_memory(site, &pages, &self.static_files) {
            Ok(files) => files,
            Err(error) => {
                // Put the last good articles back, so the site matches what is still served.
                site.undo(applied);
                return Err(error);
            }
        };
        let mut gone: Vec<String> = (applied.removed.iter())
            .map(|article| Page::article(&article.lang, &article.stem))
            .filter(|page| !exists(site, page))
            .chain(vanished)
            .map(|page| page.output_path())
            .filter(|path| self.pages.contains(path))
            .collect();
        gone.dedup();
        // Only the languages whose searchable pages changed need their index made again.
        let mut changed = BTreeSet::new();
        for path in &gone {
            self.pages.remove(path);
            if let Some(record) = self.search.remove(path) {
                changed.insert(record.lang);
            }
        }
        self.pages.extend(files.keys().cloned());
        let rendered = files.len();
        for (path, record) in crate::search::records_of_pages(site, &pages, &files) {
            if self.search.get(&path) != Some(&record) {
                changed.insert(record.lang.clone());
                self.search.insert(path, record);
            }
        }
        self.stale_languages.extend(changed);
        Ok(Patch {
            pages: rendered,
            put: files.into_iter().collect(),
            remove: gone,
            scope: Scope::Articles,
        })
    }
}

impl LiveSite {
    /// Whether pages changed since the search index was last made, and the last change built:
    /// after a failed one the pages show its errors until a change fixes it, which makes the
    /// index then.
    pub fn index_stale(&self) -> bool {
        !self.stale_languages.is_empty() && self.healthy && self.site.is_some()
    }

    /// The search index made again after [`LiveSite::update`] changed pages (`None` if they
    /// did not): a separate step, so the changed pages are served before it, since it reads
    /// every page (about 100 ms at 1,000 articles per language).
    pub fn refresh_index(&mut self) -> Result<Option<Patch>, BuildError> {
        let Some(site) = self
            .site
            .as_ref()
            .filter(|_| !self.stale_languages.is_empty())
        else {
            return Ok(None);
        };
        let languages = std::mem::take(&mut self.stale_languages);
        let mut files = BTreeMap::new();
        let made = reindex(
            site,
            &self.search,
            &languages,
            &mut self.search_files,
            &mut files,
        );
        // Tried once: a failed index leaves the site as it was, and the next change starts
        // from a full build.
        self.healthy &= made.is_ok();
        let (remove, used) = made?;
        let replaced = replaced_cache_files(&self.search_cached, &languages, &used);
        crate::search::forget_cached(site, &replaced);
        for lang in languages {
            self.search_cached.insert(lang, used.clone());
        }
        Ok(Some(Patch {
            pages: 0,
            put: files.into_iter().collect(),
            remove,
            scope: Scope::SearchIndex,
        }))
    }
}

/// Every language of `site`, if it has search on (whose indexes a change made stale).
fn every_language_if_searched(site: &Site) -> BTreeSet<String> {
    let codes = site.config.language_codes().map(str::to_owned);
    codes.filter(|_| site.config.search).collect()
}

/// The cache files that the last indexes of `languages` used and that neither their new ones
/// (`used`) nor the other languages' indexes use.
fn replaced_cache_files(
    cached: &BTreeMap<String, FxHashSet<String>>,
    languages: &BTreeSet<String>,
    used: &FxHashSet<String>,
) -> FxHashSet<String> {
    let (remade, others): (Vec<_>, Vec<_>) = cached
        .iter()
        .partition(|(lang, _)| languages.contains(*lang));
    let kept = |name: &String| used.contains(name) || others.iter().any(|(_, n)| n.contains(name));
    (remade.into_iter())
        .flat_map(|(_, names)| names)
        .filter(|name| !kept(name))
        .cloned()
        .collect()
}

/// The search indexes of `languages` made again from `search` into `files`; returns the index
/// files of their last indexes that the new ones no longer have (their names carry a hash of
/// their content), and the cache files the new ones use. The other languages' files stay.
fn reindex(
    site: &Site,
    search: &BTreeMap<String, crate::search::Record>,
    languages: &BTreeSet<String>,
    search_files: &mut BTreeSet<String>,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(Vec<String>, FxHashSet<String>), BuildError> {
    let crate::search::IndexFiles {
        files: index,
        cached,
    } = crate::search::index_files(site, search.values(), Some(languages))?;
    let bundles: Vec<String> = languages
        .iter()
        .map(|lang| search_bundle_dir(lang))
        .collect();
    let remade = |path: &str| bundles.iter().any(|dir| path.starts_with(dir.as_str()));
    let stale = (search_files.iter())
        .filter(|path| remade(path) && !index.contains_key(*path))
        .cloned()
        .collect();
    search_files.retain(|path| !remade(path));
    search_files.extend(index.keys().cloned());
    files.extend(index);
    Ok((stale, cached))
}

/// The paths that were output before and are not any more.
fn vanished(before: &BTreeSet<String>, now: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    before
        .iter()
        .filter(|path| !now.contains_key(*path))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;
    use crate::paths::{CONFIG_FILE, CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR};
    use std::fs;
    use std::path::Path;

    /// A copy of the repository's own site in a temporary folder.
    fn site_copy() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = Path::new(env!("CARGO_MANIFEST_DIR"));
        for top in [CONFIG_FILE, CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR] {
            for entry in walkdir::WalkDir::new(source.join(top)) {
                let entry = entry.expect("walk");
                let relative = entry.path().strip_prefix(source).expect("inside");
                let target = dir.path().join(relative);
                if entry.file_type().is_dir() {
                    fs::create_dir_all(&target).expect("mkdir");
                } else {
                    fs::copy(entry.path(), &target).expect("copy");
                }
            }
        }
        dir
    }

    fn options(root: &Path) -> LoadOptions {
        LoadOptions {
            today: PartialDate::parse("2025-11-01").ok(),
            ..LoadOptions::new(root)
        }
    }

    fn article(title: &str, date: &str, extra: &str) -> String {
        format!(
            "+++\ntitle = \"{title}\"\ndate = {date}\nsummary = \"About {title}.\"\n{extra}+++\n\nBody of {title}.\n"
        )
    }

    /// Applies the patch to `served` and checks it equals a fresh full build, file for file.
    fn check_matches_full_build(
        live: &mut LiveSite,
        served: &mut BTreeMap<String, Vec<u8>>,
        changed: &[&str],
        expected_scope: Scope,
    ) {
        let plan = Plan::from_paths(changed.iter().map(Path::new));
        let patch = live.update(&plan).expect("the change builds");
        assert_eq!(patch.scope, expected_scope, "{changed:?}");
        let index = live.refresh_index().expect("the index builds");
        for patch in std::iter::once(patch).chain(index) {
            apply(served, patch);
        }
        assert_served_is_a_full_build(live, served, changed);
    }

    fn apply(served: &mut BTreeMap<String, Vec<u8>>, patch: Patch) {
        for path in &patch.remove {
            served.remove(path);
        }
        served.extend(patch.put);
    }

    /// Checks `served` equals a fresh full build of `live`'s site, file for file.
    fn assert_served_is_a_full_build(
        live: &LiveSite,
        served: &BTreeMap<String, Vec<u8>>,
        changed: &[&str],
    ) {
        let root = live.site().expect("loaded").paths.root.clone();
        let site = Site::load(&options(&root)).expect("full load");
        let (_, sink) = render_in_memory(&site).expect("full render");
        let full = sink.into_files();
        let served_keys: Vec<&String> = served.keys().collect();
        let full_keys: Vec<&String> = full.keys().collect();
        assert_eq!(served_keys, full_keys, "after {changed:?}");
        for (path, bytes) in &full {
            assert!(
                served.get(path) == Some(bytes),
                "{path} differs from a full build after {changed:?}"
            );
        }
    }

    /// A copy of the repository's site, loaded into a preview, and the files it served first.
    fn loaded_copy() -> (tempfile::TempDir, LiveSite, BTreeMap<String, Vec<u8>>) {
        let dir = site_copy();
        let (live, first) = LiveSite::load(options(dir.path()));
        let served = first.expect("the site builds").put.into_iter().collect();
        (dir, live, served)
    }

    /// The names in the site's search cache.
    fn search_cache(root: &Path) -> BTreeSet<String> {
        let names = crate::images::cache::Cache::new(root, "search").names();
        names.into_iter().collect()
    }

    #[test]
    fn an_edit_makes_only_its_languages_search_index_again() {
        let (dir, mut live, mut served) = loaded_copy();
        let root = dir.path();
        // The cache files of the Arabic index (an index of Arabic alone deletes none).
        let arabic: BTreeSet<String> = ["ar".to_owned()].into();
        let site = live.site().expect("loaded");
        let arabic_cached = crate::search::index_files(site, live.search.values(), Some(&arabic))
            .expect("the Arabic index builds")
            .cached;
        assert!(!arabic_cached.is_empty());
        let existing = "content/articles/morocco-signs-cybercrime-treaty.en.md";
        let text = fs::read_to_string(root.join(existing)).expect("read");
        let mut cached = vec![search_cache(root)];
        for edit in ["A zanzibarite delegation.", "A delegation from Zanzibar."] {
            fs::write(root.join(existing), format!("{text}\n{edit}\n")).expect("write");
            let plan = Plan::from_paths([Path::new(existing)]);
            let patch = live.update(&plan).expect("the change builds");
            // The Arabic pages that show the English title were rendered again, not their text.
            assert!(patch.put.iter().any(|(path, _)| path.starts_with("ar/")));
            apply(&mut served, patch);
            let index = (live.refresh_index())
                .expect("the index builds")
                .expect("the English index is stale");
            let touched: Vec<&str> = (index.put.iter().map(|(path, _)| path.as_str()))
                .chain(index.remove.iter().map(String::as_str))
                .collect();
            assert!(
                touched
                    .iter()
                    .any(|path| path.starts_with("en/search/pagefind/"))
            );
            let arabic = touched
                .iter()
                .filter(|path| path.starts_with("ar/"))
                .count();
            assert_eq!(arabic, 0, "the Arabic index was made again");
            apply(&mut served, index);
            assert!(!live.index_stale());
            // (Before the full build below, which keeps only the cache files it uses.)
            cached.push(search_cache(root));
            assert_served_is_a_full_build(&live, &served, &[existing]);
        }
        // The second edit's index deleted cache files the first one's made and no longer uses.
        let made_by_first: Vec<&String> = cached[1].difference(&cached[0]).collect();
        assert!(!made_by_first.is_empty());
        assert!(
            made_by_first.iter().any(|name| !cached[2].contains(*name)),
            "the cache keeps every file of every English index made in the preview"
        );
        // The Arabic index's files are all still cached.
        let missing = (arabic_cached.iter())
            .filter(|name| !cached[2].contains(*name))
            .count();
        assert_eq!(
            missing, 0,
            "English edits deleted the Arabic index's cache files"
        );
    }

    #[test]
    fn incremental_updates_match_a_full_build() {
        let (dir, mut live, mut served) = loaded_copy();
        let root = dir.path();
        let articles = root.join("content/articles");
        let existing = "content/articles/morocco-signs-cybercrime-treaty.en.md";

        // Edit in place: a new title and date reorder the home page and the feed.
        let text = fs::read_to_string(root.join(existing)).expect("read");
        let edited = text.replacen("title = \"", "title = \"Edited: ", 1);
        fs::write(root.join(existing), edited).expect("write");
        check_matches_full_build(&mut live, &mut served, &[existing], Scope::Articles);

        // A new article, then its translation, linked to an event and to the first article.
        let extra = "event = \"hanoi-signing-ceremony\"\n";
        fs::write(
            articles.join("new-one.en.md"),
            article("New one", "2025-12-01", extra).replace(
                "Body of",
                "See [the signing](@/articles/morocco-signs-cybercrime-treaty.md). Body of",
            ),
        )
        .expect("write");
        check_matches_full_build(
            &mut live,
            &mut served,
            &["content/articles/new-one.en.md"],
            Scope::Articles,
        );
        fs::write(
            articles.join("new-one.ar.md"),
            article("جديد", "2025-12-01", ""),
        )
        .expect("write");
        check_matches_full_build(
            &mut live,
            &mut served,
            &["content/articles/new-one.ar.md"],
            Scope::Articles,
        );

        // Renamed (the stem changes), then moved into a folder that is renamed.
        fs::rename(
            articles.join("new-one.ar.md"),
            articles.join("renamed.ar.md"),
        )
        .expect("rename");
        check_matches_full_build(
            &mut live,
            &mut served,
            &[
                "content/articles/new-one.ar.md",
                "content/articles/renamed.ar.md",
            ],
            Scope::Articles,
        );
        fs::create_dir(articles.join("sub")).expect("mkdir");
        fs::rename(
            articles.join("renamed.ar.md"),
            articles.join("sub/renamed.ar.md"),
        )
        .expect("rename");
        check_matches_full_build(
            &mut live,
            &mut served,
            &["content/articles/renamed.ar.md", "content/articles/sub"],
            Scope::Articles,
        );
        fs::rename(articles.join("sub"), articles.join("sub2")).expect("rename");
        check_matches_full_build(
            &mut live,
            &mut served,
            &["content/articles/sub", "content/articles/sub2"],
            Scope::Articles,
        );

        // A draft disappears from the site; deleting the translation removes its page.
        fs::write(
            articles.join("new-one.en.md"),
            article("New one", "2025-12-01", "draft = true\n"),
        )
        .expect("write");
        check_matches_full_build(
            &mut live,
            &mut served,
            &["content/articles/new-one.en.md"],
            Scope::Articles,
        );
        fs::remove_file(articles.join("sub2/renamed.ar.md")).expect("remove");
        check_matches_full_build(
            &mut live,
            &mut served,
            &["content/articles/sub2/renamed.ar.md"],
            Scope::Articles,
        );

        // Events, static files and templates take the wider paths.
        let static_file = root.join("static/extra.txt");
        fs::write(&static_file, "hello").expect("write");
        check_matches_full_build(&mut live, &mut served, &["static/extra.txt"], Scope::Static);
        check_matches_full_build(
            &mut live,
            &mut served,
            &["content/timeline/hanoi-signing-ceremony.en.md"],
            Scope::Content,
        );
        check_matches_full_build(
            &mut live,
            &mut served,
            &["templates/base.html"],
            Scope::Everything,
        );
    }

    #[test]
    fn a_failed_update_keeps_the_last_good_site() {
        let dir = site_copy();
        let root = dir.path();
        let (mut live, first) = LiveSite::load(options(root));
        first.expect("the site builds");
        let path = "content/articles/morocco-signs-cybercrime-treaty.en.md";
        let good = fs::read_to_string(root.join(path)).expect("read");
        let plan = Plan::from_paths([Path::new(path)]);

        fs::write(root.join(path), good.replacen("date = ", "date = nope", 1)).expect("write");
        let error = live.update(&plan).expect_err("a broken date fails");
        let diagnostic = &error.diagnostics[0];
        assert!(diagnostic.file.as_deref() == Some(root.join(path).as_path()));
        assert!(diagnostic.line.is_some(), "{diagnostic}");
        let site = live.site().expect("still loaded");
        assert!(
            site.article("en", "morocco-signs-cybercrime-treaty")
                .is_some()
        );

        // A link to a missing article fails at render time and is rolled back too.
        fs::write(
            root.join(path),
            good.replacen("+++\n\n", "+++\n\n[x](@/articles/missing.md)\n", 1),
        )
        .expect("write");
        assert!(live.update(&plan).is_err());

        fs::write(root.join(path), &good).expect("write");
        let patch = live.update(&plan).expect("fixed");
        assert_eq!(
            patch.scope,
            Scope::Everything,
            "after a failure, reload all"
        );
        let patch = live.update(&plan).expect("still fine");
        assert_eq!(patch.scope, Scope::Articles);
    }

    /// Every bad-input case an article edit can make is reported by the preview exactly as a
    /// full build reports it: same files, lines and messages.
    #[test]
    fn the_preview_and_the_build_report_the_same_diagnostics() {
        let path = "content/articles/morocco-signs-cybercrime-treaty.en.md";
        type BreakIt = fn(&str) -> Vec<u8>;
        let cases: [(&str, BreakIt); 6] = [
            ("bad date", |good| {
                good.replacen("date = ", "date = nope", 1).into_bytes()
            }),
            ("unknown event", |good| {
                good.replacen("event = \"", "event = \"no-such-", 1)
                    .into_bytes()
            }),
            ("missing title", |good| {
                let start = good.find("title = ").expect("a title");
                let end = start + good[start..].find('\n').expect("a line");
                [&good[..start], &good[end + 1..]].concat().into_bytes()
            }),
            ("broken internal link", |good| {
                good.replacen("+++\n\n", "+++\n\n[x](@/articles/missing.md)\n", 1)
                    .into_bytes()
            }),
            ("not UTF-8", |good| {
                let mut bytes = good.as_bytes().to_vec();
                bytes.extend_from_slice(b"\xff\xfe");
                bytes
            }),
            ("unknown front-matter key", |good| {
                good.replacen("+++\n", "+++\nauthor = \"x\"\n", 1)
                    .into_bytes()
            }),
        ];
        let located = |error: BuildError| -> Vec<(Option<PathBuf>, Option<usize>, String)> {
            (error.diagnostics.into_iter())
                .map(|d| (d.file, d.line, d.message))
                .collect()
        };
        for (name, break_it) in cases {
            let dir = site_copy();
            let root = dir.path();
            let (mut live, first) = LiveSite::load(options(root));
            first.expect("the site builds");
            let good = fs::read_to_string(root.join(path)).expect("read");
            fs::write(root.join(path), break_it(&good)).expect("write");

            let plan = Plan::from_paths([Path::new(path)]);
            let preview = live.update(&plan).expect_err(name);
            let build = Site::load(&options(root))
                .and_then(|site| render_in_memory(&site).map(|_| ()))
                .expect_err(name);
            assert_eq!(located(preview), located(build), "{name}");
        }
    }
}
