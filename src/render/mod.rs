//! Rendering: the list of pages a site has and rendering them in parallel into a [`Sink`].
//!
//! One module per page family, each with the context its template sees:
//!
//! - [`page`]: the [`Page`] enum, the only place an address, output file or template name is made;
//! - `home`, `article` (with `json_ld`, its schema.org data), `timeline`: the HTML pages of
//!   each language;
//! - `listings`: the author, tag and archive pages;
//! - `feed`, `sitemap`: the Atom feeds and `sitemap.xml`;
//! - `root`: the root page, `404.html`, `robots.txt` and `.nojekyll`;
//! - `states` (with `map`) and `states_feed`: the treaty tracker's pages and its feed of
//!   signatures and deposits; `open_data`: the `/data/` files;
//! - `search`: the search page of each language (its index is written by [`crate::search`]);
//! - `cards`: each article's social card, a PNG drawn at build time (cached);
//! - `views` and `status`: what several families share (the page chrome, an article in a list,
//!   the treaty's status box).
//!
//! A new page kind is one new [`Page`] variant and one new module.
//!
//! Internal links are relative (`../../ar/timeline/`), so the site works under any path (a GitHub
//! project page) and straight from disk. Only what must be absolute is: canonical and
//! `hreflang` URLs, Open Graph, feeds and the sitemap, built from `base_url`. The 404 page can be
//! served at any depth, so its links start from the base path instead.

mod article;
pub mod cards;
mod feed;
mod home;
mod json_ld;
mod listings;
mod map;
mod open_data;
pub mod page;
mod root;
mod search;
mod sitemap;
mod states;
mod states_feed;
mod status;
mod timeline;
mod views;

use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;
use tera::Value;

pub use feed::FEED_ENTRIES;
pub use page::{DataFile, Page};

use crate::error::{BuildError, Diagnostic, sorted};
use crate::output::Sink;
use crate::site::Site;

/// Every page of the site.
pub fn all_pages(site: &Site) -> Vec<Page> {
    let mut pages = vec![
        Page::Root,
        Page::NotFound,
        Page::Sitemap,
        Page::Robots,
        Page::NoJekyll,
    ];
    for lang in site.config.language_codes() {
        pages.push(Page::Home(lang.into()));
        pages.push(Page::Timeline(lang.into()));
        pages.push(Page::Feed(lang.into()));
        if site.config.search {
            pages.push(Page::Search(lang.into()));
        }
    }
    pages.extend(
        site.content
            .articles
            .iter()
            .map(|article| Page::article(&article.lang, &article.stem)),
    );
    // Social cards and image sizes (issue 19): files, not HTML, made or taken from the cache.
    if cards::enabled(site) {
        pages.extend(site.content.articles.iter().map(|article| Page::Card {
            lang: article.lang.clone(),
            stem: article.stem.clone(),
        }));
    }
    pages.extend(crate::images::size_pages(&site.paths.static_dir));
    for lang in site.config.language_codes() {
        pages.push(Page::JsonFeed(lang.into()));
        pages.push(Page::Archives(lang.into()));
        pages.extend(
            listings::months(site, lang)
                .into_iter()
                .map(|((year, month), _)| Page::Archive {
                    lang: lang.into(),
                    year,
                    month,
                }),
        );
        if let Some(authors) = &site.content.authors {
            pages.extend(authors.by_id.keys().map(|id| Page::Author {
                lang: lang.into(),
                id: id.clone(),
            }));
        }
        if let Some(tags) = &site.content.tags {
            pages.push(Page::Tags(lang.into()));
            pages.extend(
                (tags.labels.keys())
                    .filter(|id| has_articles(site, lang, |lists| lists.tagged(id)))
                    .map(|id| Page::Tag {
                        lang: lang.into(),
                        id: id.clone(),
                    }),
            );
        }
    }
    if let Some(participants) = &site.content.participants {
        pages.extend(DataFile::ALL.map(Page::Data));
        for lang in site.config.language_codes() {
            pages.push(Page::States(lang.into()));
            pages.push(Page::StatesFeed(lang.into()));
            pages.extend(participants.list.iter().map(|p| Page::state(lang, &p.code)));
        }
    }
    pages
}

/// Whether `page` exists (an article may lack a translation).
pub fn exists(site: &Site, page: &Page) -> bool {
    match page {
        Page::Article { lang, stem } => site.article(lang, stem).is_some(),
        Page::States(_) | Page::StatesFeed(_) | Page::Data(_) => {
            site.content.participants.is_some()
        }
        Page::State { code, .. } => (site.content.participants.as_ref())
            .is_some_and(|participants| participants.get(code).is_some()),
        Page::Author { id, .. } => {
            (site.content.authors.as_ref()).is_some_and(|authors| authors.by_id.contains_key(id))
        }
        Page::Tags(_) => site.content.tags.is_some(),
        Page::Tag { lang, id } => {
            site.content
                .tags
                .as_ref()
                .is_some_and(|tags| tags.labels.contains_key(id))
                && has_articles(site, lang, |lists| lists.tagged(id))
        }
        Page::Archive { lang, year, month } => {
            has_articles(site, lang, |lists| lists.in_month((*year, *month)))
        }
        Page::Card { lang, stem } => cards::enabled(site) && site.article(lang, stem).is_some(),
        Page::ImageSize { path, .. } => site.paths.static_dir.join(path).is_file(),
        _ => true,
    }
}

/// Whether the listing of `lang` that `listed` picks has any article.
fn has_articles(
    site: &Site,
    lang: &str,
    listed: impl Fn(&crate::site::listings::LanguageArticles) -> &[usize],
) -> bool {
    site.listings(lang)
        .is_some_and(|lists| !listed(lists).is_empty())
}

/// Renders `pages` in parallel into `sink`; the error lists every page that failed.
pub fn render_pages(site: &Site, pages: &[Page], sink: &dyn Sink) -> Result<(), BuildError> {
    render_pages_counting(site, pages, sink).map(|_| ())
}

/// [`render_pages`], saying how many image sizes and cards were made rather than taken from
/// the cache.
pub fn render_pages_counting(
    site: &Site,
    pages: &[Page],
    sink: &dyn Sink,
) -> Result<crate::images::MediaSummary, BuildError> {
    let shared = SharedViews::new(site);
    let media = crate::images::MediaCounter::default();
    let errors: Vec<Diagnostic> = pages
        .par_iter()
        .filter_map(|page| {
            if let Some(result) = crate::images::write_media_page(site, page, sink, &media) {
                return result.err();
            }
            let result = render_page(site, page, &shared).and_then(|bytes| {
                sink.put(&page.output_path(), bytes).map_err(|error| {
                    Diagnostic::error(format!("cannot write {}: {error}", page.output_path()))
                })
            });
            result.err()
        })
        .collect();
    if errors.is_empty() {
        Ok(media.summary())
    } else {
        Err(sorted(errors).into())
    }
}

/// Renders one page to bytes.
fn render_page(site: &Site, page: &Page, shared: &SharedViews) -> Result<Vec<u8>, Diagnostic> {
    let context = match page {
        Page::Robots => return Ok(root::robots(site)),
        Page::NoJekyll => return Ok(Vec::new()),
        Page::Data(file) => return open_data::render(site, *file),
        Page::JsonFeed(lang) => return feed::json_feed(site, page, lang),
        Page::Root | Page::NotFound => root::context(site, page),
        Page::Sitemap => sitemap::context(site),
        Page::Feed(lang) => feed::context(site, page, lang)?,
        Page::Home(lang) => home::context(site, page, lang, shared)?,
        Page::Article { lang, stem } => article::context(site, page, lang, stem, shared)?,
        Page::Timeline(lang) => timeline::context(site, page, lang, shared)?,
        Page::States(lang) => states::index_context(site, page, lang, shared)?,
        Page::State { lang, code } => states::state_context(site, page, lang, code, shared)?,
        Page::StatesFeed(lang) => states_feed::context(site, page, lang)?,
        Page::Author { lang, id } => listings::author_context(site, page, lang, id, shared)?,
        Page::Tags(lang) => listings::tags_context(site, page, lang, shared)?,
        Page::Tag { lang, id } => listings::tag_context(site, page, lang, id, shared)?,
        Page::Archives(lang) => listings::archives_context(site, page, lang, shared)?,
        Page::Archive { lang, year, month } => {
            listings::archive_context(site, page, lang, (*year, *month), shared)?
        }
        Page::Search(lang) => search::context(site, page, lang, shared)?,
        Page::Card { .. } | Page::ImageSize { .. } => {
            return Err(Diagnostic::error(
                "cards and image sizes are written, not rendered",
            ));
        }
    };
    let template = page
        .template()
        .ok_or_else(|| Diagnostic::error("this page has no template"))?;
    site.templates
        .render(template, &context, size_hint(site, page))
}

/// About how large `page` will be, so its buffer is allocated once: an article is its body
/// (rendered HTML is about as long as its Markdown) and the page around it; a list page grows
/// with what it lists.
fn size_hint(site: &Site, page: &Page) -> usize {
    const PAGE_AROUND: usize = 8 * 1024;
    // A home page's entry for an article, and a sitemap's for a page (URLs and alternates).
    const PER_LISTED_ARTICLE: usize = 512;
    const PER_SITEMAP_ENTRY: usize = 640;
    let listed = match page {
        Page::Article { lang, stem } => {
            return site
                .article(lang, stem)
                .map_or(0, |article| article.body().len())
                .saturating_add(PAGE_AROUND);
        }
        Page::Home(lang) => site
            .articles_in(lang)
            .count()
            .saturating_mul(PER_LISTED_ARTICLE),
        Page::Sitemap => site
            .content
            .articles
            .len()
            .saturating_mul(PER_SITEMAP_ENTRY),
        _ => PAGE_AROUND,
    };
    listed.saturating_add(PAGE_AROUND)
}

/// Parts of the page context that thousands of pages share, turned into template values once
/// per render pass instead of once per page (the values share their data when cloned).
struct SharedViews {
    /// The site view by language and relative root: a handful of entries, found without
    /// allocating a key per page.
    site: Mutex<Vec<(String, String, Value)>>,
    /// Each article's localised date, by its place in `content.articles`: its own page and the
    /// home page both show it.
    article_dates: Vec<OnceLock<String>>,
}

impl SharedViews {
    fn new(site: &Site) -> SharedViews {
        SharedViews {
            site: Mutex::default(),
            article_dates: site
                .content
                .articles
                .iter()
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// The localised date of `site.content.articles[index]`.
    fn article_date(&self, site: &Site, index: usize) -> String {
        let article = &site.content.articles[index];
        self.article_dates[index]
            .get_or_init(|| site.localisation.date(&article.lang, article.date))
            .clone()
    }

    /// The site view for pages in `lang` whose root prefix is `root`.
    fn site(&self, site: &Site, lang: &str, root: &str) -> Value {
        // A poisoned lock only means another page panicked; the list itself is still whole.
        let mut views = self
            .site
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, _, view)) = views.iter().find(|(l, r, _)| l == lang && r == root) {
            return view.clone();
        }
        let view = Value::from_serializable(&views::site_view(site, lang, root));
        views.push((lang.to_owned(), root.to_owned(), view.clone()));
        view
    }
}
