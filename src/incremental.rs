//! The plan of an incremental rebuild, for the preview: which sources a change touched and which
//! pages that affects, so that saving one article re-renders a handful of pages, not the site.
//! The site itself is changed through [`Site::apply_article_changes`] and
//! [`Site::reload_content`]; the preview loop (`serve::preview`) applies the plan.
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

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::content::{ARTICLES_DIR, Article};
use crate::paths::{CONFIG_FILE, CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR};
use crate::render::{Page, exists};
use crate::site::Site;
use crate::walk::is_editor_temp_file;

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
            .is_some_and(|name| is_editor_temp_file(&name.to_string_lossy()))
}

/// The pages that show, or showed, any of the articles that were `removed` or `added` (the same article,
/// before and after an edit, counts as both), given the site as it is after the change.
pub fn affected_pages(site: &Site, removed: &[Article], added: &[Article]) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut push = |page: Page| {
        if !pages.contains(&page) {
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
            push(Page::article(&language.code, stem));
        }
        // Its social card shows its headline.
        push(Page::Card {
            lang: lang.clone(),
            stem: stem.clone(),
        });
        // Its social card, which shows its headline and date (issue 19).
        push(Page::Card {
            lang: lang.clone(),
            stem: stem.clone(),
        });
        push(Page::Home(lang.clone()));
        push(Page::Feed(lang.clone()));
    }
    // The pages that list an article by what it names or when it appeared: states, authors,
    // tags, its month, and the feeds. (A month or tag page left empty is among them too, so the
    // preview can drop it.)
    for article in removed.iter().chain(added) {
        let lang = &article.lang;
        let mut listing = vec![Page::Tags(lang.clone()), Page::Archives(lang.clone())];
        listing.extend(article.states.iter().map(|code| Page::state(lang, code)));
        listing.extend(article.authors.iter().map(|id| Page::Author {
            lang: lang.clone(),
            id: id.clone(),
        }));
        listing.extend(article.tags.iter().map(|id| Page::Tag {
            lang: lang.clone(),
            id: id.clone(),
        }));
        listing.push(Page::Archive {
            lang: lang.clone(),
            year: article.date.year(),
            month: article.date.month().unwrap_or(1),
        });
        // Each in every language: a page that appears or goes changes its translations'
        // language switchers.
        for page in listing {
            for language in &site.config.languages {
                push(page.in_language(&language.code));
            }
        }
        push(Page::JsonFeed(lang.clone()));
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
                push(Page::article(lang, &article.stem));
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

/// `pages` split into those the site has now (to render) and those it no longer has (to drop
/// from what is served).
pub fn existing_and_gone(site: &Site, pages: Vec<Page>) -> (Vec<Page>, Vec<Page>) {
    pages.into_iter().partition(|page| exists(site, page))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
