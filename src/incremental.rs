//! Incremental rebuilds for the preview: which pages a change affects, and updating the loaded
//! [`Site`] in place so that saving one article re-renders a handful of pages, not the site.
//!
//! A change is sorted by where it happened ([`Plan`]):
//!
//! - `site.toml`, `templates/` (Fluent files included): everything is loaded and rendered again.
//! - `content/` outside `articles/` (events, the treaty): content is loaded again and every page
//!   re-rendered, reusing the parsed templates and Fluent strings.
//! - `static/`: the static files are copied again; no page changes.
//! - `content/articles/`: only the changed files are parsed, and only the pages that show them
//!   are rendered: the article, its translations (their language switcher), the home page and
//!   feed of its language, the timeline when it links an event, and the sitemap and pages
//!   linking it when an article appears or disappears.
//!
//! Whatever changed, a failure leaves the [`LiveSite`] as it was: the last good site stays served.
//! Once something failed, the next change loads everything again, so the errors shown are always
//! those of a full build.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::build::{render_in_memory, static_collision, static_collisions};
use crate::content::{
    ARTICLES_DIR, Article, Content, ContentFile, discover, is_editor_temp_file, parse_file_name,
};
use crate::error::{BuildError, Diagnostic, read_text};
use crate::output::{MemorySink, copy_static};
use crate::render::{Page, all_pages, exists, render_pages};
use crate::site::{CONFIG_FILE, CONTENT_DIR, LoadOptions, STATIC_DIR, Site, TEMPLATES_DIR};

/// What a batch of changed files (paths relative to the site root) asks to rebuild.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// `site.toml` or a template or Fluent file changed (or the watcher lost track): reload all.
    pub site: bool,
    /// Content other than articles changed (events, the treaty, a whole folder).
    pub content: bool,
    /// A static file changed.
    pub static_files: bool,
    /// Changed paths below `content/articles/` (files or folders, present or gone).
    pub articles: BTreeSet<PathBuf>,
}

impl Plan {
    /// Sorts changed paths, relative to the site root, by what they affect; paths that are not
    /// sources (the output folder, editor temp files) are ignored.
    pub fn from_paths<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Plan {
        let mut plan = Plan::default();
        for path in paths {
            plan.add(path);
        }
        plan
    }

    /// A plan that reloads everything.
    pub fn everything() -> Plan {
        Plan {
            site: true,
            ..Plan::default()
        }
    }

    fn add(&mut self, path: &Path) {
        if !is_source_path(path) {
            return;
        }
        let parts: Vec<&str> = path
            .components()
            .filter_map(|component| match component {
                Component::Normal(name) => name.to_str(),
                _ => None,
            })
            .collect();
        match parts.as_slice() {
            [CONFIG_FILE] | [TEMPLATES_DIR, ..] => self.site = true,
            [STATIC_DIR, ..] => self.static_files = true,
            // The articles folder itself was replaced or renamed: reload all content.
            [CONTENT_DIR] | [CONTENT_DIR, ARTICLES_DIR] => self.content = true,
            [CONTENT_DIR, ARTICLES_DIR, ..] => {
                self.articles.insert(path.to_path_buf());
            }
            [CONTENT_DIR, ..] => self.content = true,
            _ => {}
        }
    }

    /// Whether nothing needs rebuilding.
    pub fn is_empty(&self) -> bool {
        !self.site && !self.content && !self.static_files && self.articles.is_empty()
    }
}

/// Whether a path relative to the site root is one of the site's sources, and not a file an
/// editor leaves behind while saving.
pub fn is_source_path(path: &Path) -> bool {
    let mut components = path.components();
    let first = match components.next() {
        Some(Component::Normal(first)) => first,
        _ => return false,
    };
    let is_source = if first == CONFIG_FILE {
        components.next().is_none()
    } else {
        first == CONTENT_DIR || first == TEMPLATES_DIR || first == STATIC_DIR
    };
    is_source
        && !path
            .file_name()
            .is_some_and(|name| is_temp_name(&name.to_string_lossy()))
}

/// Editor temp files, including JetBrains' safe-write pair, which the content rules don't name.
fn is_temp_name(name: &str) -> bool {
    is_editor_temp_file(name) || name.ends_with("___jb_tmp___") || name.ends_with("___jb_old___")
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
        }
    }
}

/// The loaded site the preview serves, and which output paths it currently has.
pub struct LiveSite {
    options: LoadOptions,
    site: Option<Site>,
    pages: BTreeSet<String>,
    static_files: BTreeSet<String>,
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
        let static_files = files
            .keys()
            .filter(|path| !pages.contains(*path))
            .cloned()
            .collect();
        let remove = self
            .pages
            .iter()
            .chain(&self.static_files)
            .filter(|path| !files.contains_key(*path))
            .cloned()
            .collect();
        let patch = Patch {
            pages: pages.len(),
            put: files.into_iter().collect(),
            remove,
            scope: Scope::Everything,
        };
        self.site = Some(site);
        self.pages = pages;
        self.static_files = static_files;
        Ok(patch)
    }

    fn reload_content(&mut self) -> Result<Patch, BuildError> {
        let Some(site) = self.site.as_mut() else {
            return self.reload_everything();
        };
        let content = Content::load(
            &site.root.join(CONTENT_DIR),
            &site.config,
            self.options.include_drafts,
        )?;
        let previous = std::mem::replace(&mut site.content, content);
        site.reindex();
        let pages = all_pages(site);
        let rendered = static_collisions(site, &pages, &self.static_files)
            .and_then(|()| render_to_memory(site, &pages));
        let files = match rendered {
            Ok(files) => files,
            Err(error) => {
                site.content = previous;
                site.reindex();
                return Err(error);
            }
        };
        let remove = vanished(&self.pages, &files);
        self.pages = files.keys().cloned().collect();
        Ok(Patch {
            pages: files.len(),
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
        copy_static(site, &sink)?;
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

    /// Parses the changed article files and renders the pages they affect.
    fn update_articles(&mut self, changed: &BTreeSet<PathBuf>) -> Result<Patch, BuildError> {
        let include_drafts = self.options.include_drafts;
        let Some(site) = self.site.as_mut() else {
            return self.reload_everything();
        };
        let targets: Vec<PathBuf> = changed.iter().map(|path| site.root.join(path)).collect();

        // What is on disk now at the changed paths (a folder stands for every file below it).
        let mut errors = Vec::new();
        let mut files: BTreeMap<PathBuf, ContentFile> = BTreeMap::new();
        for target in &targets {
            for file in files_at(target, site, &mut errors) {
                files.insert(file.path.clone(), file);
            }
        }
        let known: HashSet<&Path> = site
            .content
            .articles
            .iter()
            .map(|article| article.path.as_path())
            .collect();
        // A file the site did not have may share its page with another, draft or not: check
        // names the way a full load does. An edit in place cannot, so it skips the walk.
        if files.keys().any(|path| !known.contains(path.as_path())) {
            discover(
                &site.root.join(CONTENT_DIR).join(ARTICLES_DIR),
                &site.config,
                &mut errors,
            );
        }
        let parsed: Vec<Result<Article, Diagnostic>> = files
            .values()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|file| read_text(&file.path).and_then(|text| Article::parse(file, text)))
            .collect();
        let mut added = Vec::new();
        for result in parsed {
            match result {
                Ok(article) if include_drafts || !article.draft => added.push(article),
                Ok(_) => {}
                Err(error) => errors.push(error),
            }
        }
        for article in &added {
            if let Some(event) = &article.event
                && !site.content.events.iter().any(|e| &e.id == event)
            {
                errors.push(Diagnostic::in_file(
                    &article.path,
                    format!(
                        "`event = \"{event}\"` names no timeline event: expected the stem of a file in content/timeline/"
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(sorted(errors).into());
        }

        // Swap the old versions out and the new ones in.
        let (removed, kept): (Vec<Article>, Vec<Article>) =
            std::mem::take(&mut site.content.articles)
                .into_iter()
                .partition(|article| targets.iter().any(|t| article.path.starts_with(t)));
        let added_paths: HashSet<PathBuf> = added.iter().map(|a| a.path.clone()).collect();
        site.content.articles = kept;
        site.content.articles.extend(added.iter().cloned());
        site.content.sort();
        site.reindex();

        let pages = affected_pages(site, &removed, &added);
        let rendered = static_collisions(site, &pages, &self.static_files)
            .and_then(|()| render_to_memory(site, &pages));
        let files = match rendered {
            Ok(files) => files,
            Err(error) => {
                // Put the last good articles back, so the site matches what is still served.
                site.content
                    .articles
                    .retain(|article| !added_paths.contains(&article.path));
                site.content.articles.extend(removed);
                site.content.sort();
                site.reindex();
                return Err(error);
            }
        };

        let gone: Vec<String> = removed
            .iter()
            .map(|article| Page::Article {
                lang: article.lang.clone(),
                stem: article.stem.clone(),
            })
            .filter(|page| !exists(site, page))
            .map(|page| page.output_path())
            .collect();
        for path in &gone {
            self.pages.remove(path);
        }
        self.pages.extend(files.keys().cloned());
        Ok(Patch {
            pages: files.len(),
            put: files.into_iter().collect(),
            remove: gone,
            scope: Scope::Articles,
        })
    }
}

/// The article files at `target`: the file itself, every file below a folder, or none if gone.
fn files_at(target: &Path, site: &Site, errors: &mut Vec<Diagnostic>) -> Vec<ContentFile> {
    if target.is_dir() {
        let mut found = Vec::new();
        let files = discover(target, &site.config, &mut found);
        // Duplicates are judged over the whole folder later; keep only naming errors here.
        errors.extend(
            found
                .into_iter()
                .filter(|error| !error.message.starts_with("maps to the same page")),
        );
        return files;
    }
    let Some(name) = target.file_name().map(|name| name.to_string_lossy()) else {
        return Vec::new();
    };
    let Some(base) = name.strip_suffix(".md") else {
        return Vec::new();
    };
    if !target.is_file() || is_temp_name(&name) {
        return Vec::new();
    }
    match parse_file_name(base, &site.config) {
        Ok((stem, lang)) => vec![ContentFile {
            path: target.to_path_buf(),
            stem,
            lang,
        }],
        Err(message) => {
            errors.push(Diagnostic::in_file(target, message));
            Vec::new()
        }
    }
}

/// The pages that show any of the articles that were `removed` or `added` (the same article,
/// before and after an edit, counts as both), given the site as it is after the change.
pub fn affected_pages(site: &Site, removed: &[Article], added: &[Article]) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut push = |page: Page| {
        if exists(site, &page) && !pages.contains(&page) {
            pages.push(page);
        }
    };
    let key = |article: &Article| (article.lang.clone(), article.stem.clone());
    let before: BTreeSet<(String, String)> = removed.iter().map(key).collect();
    let after: BTreeSet<(String, String)> = added.iter().map(key).collect();
    let mut timelines: BTreeSet<String> = removed
        .iter()
        .chain(added)
        .filter(|article| article.event.is_some())
        .map(|article| article.lang.clone())
        .collect();

    for (lang, stem) in before.union(&after) {
        // The article and its translations, whose language switchers list it.
        for language in &site.config.languages {
            push(Page::Article {
                lang: language.code.clone(),
                stem: stem.clone(),
            });
        }
        push(Page::Home(lang.clone()));
        push(Page::Feed(lang.clone()));
    }

    // An article that appeared or disappeared changes the sitemap, and every page whose
    // Markdown links it (`@/articles/{stem}.md`) now resolves, or fails, differently.
    let appeared_or_gone: Vec<&(String, String)> = before.symmetric_difference(&after).collect();
    if !appeared_or_gone.is_empty() {
        push(Page::Sitemap);
    }
    for (lang, stem) in appeared_or_gone {
        let needle = format!("{ARTICLES_DIR}/{stem}");
        for article in site.articles_in(lang) {
            if article.body().contains(&needle) {
                push(Page::Article {
                    lang: lang.clone(),
                    stem: article.stem.clone(),
                });
            }
        }
        if site
            .events_in(lang)
            .any(|event| event.body.contains(&needle))
        {
            timelines.insert(lang.clone());
        }
    }
    for lang in timelines {
        push(Page::Timeline(lang));
    }
    pages
}

/// The paths that were output before and are not any more.
fn vanished(before: &BTreeSet<String>, now: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    before
        .iter()
        .filter(|path| !now.contains_key(*path))
        .cloned()
        .collect()
}

fn render_to_memory(site: &Site, pages: &[Page]) -> Result<BTreeMap<String, Vec<u8>>, BuildError> {
    let sink = MemorySink::new();
    render_pages(site, pages, &sink)?;
    Ok(sink.into_files())
}

fn sorted(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    errors.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    errors.dedup();
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::PartialDate;
    use std::fs;

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
        for path in &patch.remove {
            served.remove(path);
        }
        served.extend(patch.put);
        let root = live.site().expect("loaded").root.clone();
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

    #[test]
    fn plan_sorts_changes_by_what_they_affect() {
        let plan = Plan::from_paths(
            [
                "content/articles/a.en.md",
                "content/articles/.a.en.md.swp",
                "content/articles/a.en.md~",
                "public/en/index.html",
                "target/x",
            ]
            .map(Path::new),
        );
        assert_eq!(plan.articles.len(), 1);
        assert!(!plan.site && !plan.content && !plan.static_files);
        assert!(Plan::from_paths([Path::new("templates/i18n/ar.ftl")]).site);
        assert!(Plan::from_paths([Path::new("site.toml")]).site);
        assert!(Plan::from_paths([Path::new("content/timeline/x.en.md")]).content);
        assert!(Plan::from_paths([Path::new("content/articles")]).content);
        assert!(Plan::from_paths([Path::new("static/style.css")]).static_files);
        assert!(Plan::from_paths([Path::new("static/4913")]).is_empty());
        assert!(Plan::from_paths([Path::new("templates/base.html___jb_tmp___")]).is_empty());
    }

    #[test]
    fn incremental_updates_match_a_full_build() {
        let dir = site_copy();
        let root = dir.path();
        let (mut live, first) = LiveSite::load(options(root));
        let mut served: BTreeMap<String, Vec<u8>> =
            first.expect("the site builds").put.into_iter().collect();
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
}
