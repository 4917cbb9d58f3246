//! Rendering: the list of pages a site has, what each template sees, and rendering them in
//! parallel into a [`Sink`].
//!
//! Internal links are relative (`../../ar/timeline/`), so the site works under any path (a GitHub
//! project page) and straight from disk. Only what must be absolute is: canonical and
//! `hreflang` URLs, Open Graph, feeds and the sitemap, built from `base_url`. The 404 page can be
//! served at any depth, so its links start from the base path instead.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::content::{Article, Event, EventKind, Link, PartialDate};
use crate::error::{BuildError, Diagnostic};
use crate::markdown;
use crate::output::Sink;
use crate::site::Site;

/// How many of the newest articles a feed carries: readers' feed clients only need what is new,
/// and a digest that grows daily must not grow its feed forever.
pub const FEED_ENTRIES: usize = 50;

/// One file Accord renders.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Page {
    /// `/index.html`: sends readers to the default language, offers all.
    Root,
    /// `/404.html`, in every language.
    NotFound,
    /// `/{lang}/`: the articles, newest first, and the treaty's status.
    Home(String),
    /// `/{lang}/articles/{stem}/`.
    Article {
        /// Language code.
        lang: String,
        /// The article's stem.
        stem: String,
    },
    /// `/{lang}/timeline/`: every event, grouped by year.
    Timeline(String),
    /// `/{lang}/atom.xml`.
    Feed(String),
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// `/.nojekyll`, so GitHub Pages publishes the files as they are.
    NoJekyll,
}

impl Page {
    /// The page's address below the site root (`en/articles/x/`); empty for the root page.
    pub fn site_path(&self) -> String {
        match self {
            Page::Root => String::new(),
            Page::NotFound => "404.html".into(),
            Page::Home(lang) => format!("{lang}/"),
            Page::Article { lang, stem } => Article::site_path(lang, stem),
            Page::Timeline(lang) => format!("{lang}/timeline/"),
            Page::Feed(lang) => format!("{lang}/atom.xml"),
            Page::Sitemap => "sitemap.xml".into(),
            Page::Robots => "robots.txt".into(),
            Page::NoJekyll => ".nojekyll".into(),
        }
    }

    /// The file the page is written to: pretty URLs end in `index.html`.
    pub fn output_path(&self) -> String {
        let mut path = self.site_path();
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        path
    }

    /// The language of the page, for pages that have one.
    pub fn lang(&self) -> Option<&str> {
        match self {
            Page::Home(lang) | Page::Timeline(lang) | Page::Feed(lang) => Some(lang),
            Page::Article { lang, .. } => Some(lang),
            _ => None,
        }
    }

    /// The same page in another language.
    pub fn in_language(&self, lang: &str) -> Page {
        match self {
            Page::Home(_) => Page::Home(lang.into()),
            Page::Timeline(_) => Page::Timeline(lang.into()),
            Page::Feed(_) => Page::Feed(lang.into()),
            Page::Article { stem, .. } => Page::Article {
                lang: lang.into(),
                stem: stem.clone(),
            },
            other => other.clone(),
        }
    }

    /// Whether the page is an HTML page a reader visits in one language.
    pub fn is_language_page(&self) -> bool {
        matches!(
            self,
            Page::Home(_) | Page::Article { .. } | Page::Timeline(_)
        )
    }
}

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
    }
    pages.extend(site.content.articles.iter().map(|article| Page::Article {
        lang: article.lang.clone(),
        stem: article.stem.clone(),
    }));
    pages
}

/// Whether `page` exists (an article may lack a translation).
pub fn exists(site: &Site, page: &Page) -> bool {
    match page {
        Page::Article { lang, stem } => site.article(lang, stem).is_some(),
        _ => true,
    }
}

/// Renders `pages` in parallel into `sink`; the error lists every page that failed.
pub fn render_pages(site: &Site, pages: &[Page], sink: &dyn Sink) -> Result<(), BuildError> {
    let shared = SharedViews::new(site);
    let errors: Vec<Diagnostic> = pages
        .par_iter()
        .filter_map(|page| {
            let result = render_page(site, page, &shared).and_then(|bytes| {
                sink.put(&page.output_path(), bytes).map_err(|error| {
                    Diagnostic::error(format!("cannot write {}: {error}", page.output_path()))
                })
            });
            result.err()
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        let mut errors = errors;
        errors.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
        errors.dedup();
        Err(errors.into())
    }
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
        let view = Value::from_serializable(&site_view(site, lang, root));
        views.push((lang.to_owned(), root.to_owned(), view.clone()));
        view
    }
}

/// Renders one page to bytes.
fn render_page(site: &Site, page: &Page, shared: &SharedViews) -> Result<Vec<u8>, Diagnostic> {
    match page {
        Page::Robots => Ok(format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.config.base_url.absolute("sitemap.xml")
        )
        .into_bytes()),
        Page::NoJekyll => Ok(Vec::new()),
        _ => {
            let (template, context) = context_for(site, page, shared)?;
            site.templates
                .render(template, &context, size_hint(site, page))
        }
    }
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

/// Common values every HTML page's template sees.
struct Common<'a> {
    lang: &'a str,
    dir: &'a str,
    locale: &'a str,
    /// Prefix that leads from this page to the site root (`../../`), or the base path on 404.
    root: String,
    /// The page's own address below the root.
    path: String,
    /// Absolute canonical URL.
    canonical: String,
    /// The page in every language it exists in, this one included (for hreflang and switcher).
    alternates: Vec<Alternate<'a>>,
    /// The default language's version, for `hreflang="x-default"`.
    x_default: Option<String>,
    /// This language's feed, absolute.
    feed_url: String,
    /// Which navigation entry is current: `home`, `timeline` or `article`.
    section: &'static str,
}

impl Common<'_> {
    /// A page context holding these values. (Inserted one by one under fixed names: going
    /// through serde would build a map and then copy every key into the context again.)
    fn context(&self) -> Context {
        let mut context = Context::new();
        context.insert_value("lang", Value::from(self.lang));
        context.insert_value("dir", Value::from(self.dir));
        context.insert_value("locale", Value::from(self.locale));
        context.insert_value("root", Value::from(self.root.as_str()));
        context.insert_value("path", Value::from(self.path.as_str()));
        context.insert_value("canonical", Value::from(self.canonical.as_str()));
        context.insert_value("alternates", Value::from_serializable(&self.alternates));
        context.insert_value("x_default", Value::from(self.x_default.as_deref()));
        context.insert_value("feed_url", Value::from(self.feed_url.as_str()));
        context.insert_value("section", Value::from(self.section));
        context
    }
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: String,
    languages: Vec<LanguageView<'a>>,
}

#[derive(Serialize)]
struct LanguageView<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    title: &'a str,
    description: &'a str,
    /// The language's home page, relative to the current page.
    href: String,
}

#[derive(Serialize)]
struct Alternate<'a> {
    lang: &'a str,
    name: &'a str,
    dir: &'a str,
    href: String,
    url: String,
    current: bool,
}

/// An article in a list (home page, feed, an event's related articles).
#[derive(Serialize)]
struct ArticleSummary<'a> {
    title: &'a str,
    summary: &'a str,
    date: String,
    date_iso: String,
    href: String,
    url: String,
}

#[derive(Serialize)]
struct ArticleView<'a> {
    title: &'a str,
    summary: &'a str,
    date: String,
    date_iso: String,
    source: Option<&'a crate::content::article::Source>,
    tags: &'a [String],
    body: String,
    event: Option<EventLink<'a>>,
}

#[derive(Serialize)]
struct EventLink<'a> {
    id: &'a str,
    title: &'a str,
    date: String,
    date_iso: String,
    href: String,
}

#[derive(Serialize)]
struct YearView {
    year: String,
    year_iso: String,
    events: Vec<EventView>,
}

#[derive(Serialize)]
struct EventView {
    id: String,
    title: String,
    kind: &'static str,
    date: String,
    date_iso: String,
    end_iso: Option<String>,
    body: String,
    sources: Vec<Link>,
    articles: Vec<LinkView>,
    /// The latest event that has happened: what the treaty's state is now.
    current: bool,
    /// Still to come.
    future: bool,
}

#[derive(Serialize)]
struct LinkView {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct StatusView<'a> {
    signatories: u32,
    signatories_as_of: String,
    signatories_source: &'a Link,
    signatories_note: Option<&'a str>,
    deposited: u32,
    threshold: u32,
    still_needed: u32,
    /// Progress toward the threshold, 0–100.
    percent: u32,
    days_after_threshold: i64,
    entry_into_force: Option<String>,
    entry_into_force_iso: Option<String>,
    signature_closes: String,
    signature_closes_iso: String,
    ratifications: Vec<RatificationView>,
    timeline_href: String,
}

#[derive(Serialize)]
struct RatificationView {
    state: String,
    date: String,
    date_iso: String,
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
    updated: String,
}

#[derive(Serialize)]
struct HrefLang {
    hreflang: String,
    href: String,
}

/// Which template renders `page`, with what context.
fn context_for(
    site: &Site,
    page: &Page,
    shared: &SharedViews,
) -> Result<(&'static str, Context), Diagnostic> {
    match page {
        Page::Root | Page::NotFound | Page::Sitemap => {
            let lang = site.config.default_language.as_str();
            let root = if *page == Page::NotFound {
                site.config.base_url.path.clone()
            } else {
                String::new()
            };
            let mut context = Context::new();
            context.insert("lang", lang);
            context.insert("site", &site_view(site, lang, &root));
            context.insert("root", &root);
            context.insert(
                "canonical",
                &site.config.base_url.absolute(&page.site_path()),
            );
            let template = match page {
                Page::Root => "root.html",
                Page::NotFound => "404.html",
                _ => {
                    context.insert_value("entries", sitemap_entries(site));
                    "sitemap.xml"
                }
            };
            Ok((template, context))
        }
        Page::Feed(lang) => {
            let entries: Vec<FeedEntry> = site
                .articles_in(lang)
                .take(FEED_ENTRIES)
                .map(|article| FeedEntry {
                    title: &article.title,
                    summary: &article.summary,
                    url: site
                        .config
                        .base_url
                        .absolute(&Article::site_path(lang, &article.stem)),
                    updated: rfc3339(article.date),
                })
                .collect();
            let updated = site
                .articles_in(lang)
                .map(|a| a.date)
                .max()
                .map_or_else(|| rfc3339(site.today), rfc3339);
            let mut context = Context::new();
            context.insert("lang", lang);
            context.insert("site", &site_view(site, lang, ""));
            context.insert(
                "feed_url",
                &site.config.base_url.absolute(&page.site_path()),
            );
            context.insert(
                "home_url",
                &site.config.base_url.absolute(&format!("{lang}/")),
            );
            context.insert("updated", &updated);
            context.insert("entries", &entries);
            Ok(("atom.xml", context))
        }
        Page::Home(lang) => {
            let common = common(site, page, lang, "home");
            let articles: Vec<ArticleSummary> = (site.content.articles.iter().enumerate())
                .filter(|(_, article)| article.lang == *lang)
                .map(|(index, article)| {
                    let date = shared.article_date(site, index);
                    article_summary(site, article, &common.root, date)
                })
                .collect();
            let mut context = common.context();
            context.insert_value("site", shared.site(site, lang, &common.root));
            context.insert("articles", &articles);
            context.insert("status", &status_view(site, lang, &common.root));
            Ok(("index.html", context))
        }
        Page::Article { lang, stem } => {
            let index = site
                .article_index(lang, stem)
                .ok_or_else(|| Diagnostic::error(format!("no article {stem} in {lang}")))?;
            let article = &site.content.articles[index];
            let common = common(site, page, lang, "article");
            let date = shared.article_date(site, index);
            let view = article_view(site, article, &common.root, date)?;
            let mut context = common.context();
            context.insert_value("site", shared.site(site, lang, &common.root));
            context.insert("article", &view);
            Ok(("article.html", context))
        }
        Page::Timeline(lang) => {
            let common = common(site, page, lang, "timeline");
            let years = timeline_view(site, lang, &common.root)?;
            let mut context = common.context();
            context.insert_value("site", shared.site(site, lang, &common.root));
            context.insert("years", &years);
            context.insert("status", &status_view(site, lang, &common.root));
            Ok(("timeline.html", context))
        }
        Page::Robots | Page::NoJekyll => Err(Diagnostic::error("this page has no template")),
    }
}

/// The relative prefix that leads from a page at `site_path` back to the site root.
pub fn relative_root(site_path: &str) -> String {
    "../".repeat(site_path.matches('/').count())
}

fn common<'a>(site: &'a Site, page: &Page, lang: &'a str, section: &'static str) -> Common<'a> {
    let language = site.config.language(lang);
    let path = page.site_path();
    let root = relative_root(&path);
    let alternates = site
        .config
        .languages
        .iter()
        .filter_map(|other| {
            let translated = page.in_language(&other.code);
            if !exists(site, &translated) {
                return None;
            }
            let translated_path = translated.site_path();
            Some(Alternate {
                lang: &other.code,
                name: &other.name,
                dir: other.direction.as_str(),
                href: [root.as_str(), &translated_path].concat(),
                url: site.config.base_url.absolute(&translated_path),
                current: other.code == lang,
            })
        })
        .collect::<Vec<_>>();
    let x_default = alternates
        .iter()
        .find(|alternate| alternate.lang == site.config.default_language)
        .map(|alternate| alternate.url.clone());
    Common {
        lang,
        dir: language.map_or("ltr", |l| l.direction.as_str()),
        locale: language.map_or(lang, |l| l.locale.as_str()),
        canonical: site.config.base_url.absolute(&path),
        feed_url: site.config.base_url.absolute(&format!("{lang}/atom.xml")),
        root,
        path,
        alternates,
        x_default,
        section,
    }
}

fn site_view<'a>(site: &'a Site, lang: &str, root: &str) -> SiteView<'a> {
    let language = site
        .config
        .language(lang)
        .unwrap_or(&site.config.languages[0]);
    SiteView {
        title: &language.title,
        description: &language.description,
        base_url: site.config.base_url.absolute(""),
        languages: site
            .config
            .languages
            .iter()
            .map(|l| LanguageView {
                code: &l.code,
                name: &l.name,
                dir: l.direction.as_str(),
                title: &l.title,
                description: &l.description,
                href: format!("{root}{}/", l.code),
            })
            .collect(),
    }
}

fn article_summary<'a>(
    site: &Site,
    article: &'a Article,
    root: &str,
    date: String,
) -> ArticleSummary<'a> {
    let path = Article::site_path(&article.lang, &article.stem);
    ArticleSummary {
        title: &article.title,
        summary: &article.summary,
        date,
        date_iso: article.date.to_string(),
        href: [root, path.as_str()].concat(),
        url: site.config.base_url.absolute(&path),
    }
}

/// Renders Markdown from `file`, resolving `@/` links to pages in `lang`.
fn render_markdown(
    site: &Site,
    lang: &str,
    root: &str,
    markdown_text: &str,
    file: &std::path::Path,
) -> Result<String, Diagnostic> {
    let resolve = |target: &str| -> Option<String> {
        let target = target.strip_suffix(".md").unwrap_or(target);
        if let Some(stem) = target.strip_prefix("articles/") {
            site.article(lang, stem)
                .map(|_| [root, &Article::site_path(lang, stem)].concat())
        } else if let Some(id) = target.strip_prefix("timeline/") {
            site.event(lang, id)
                .map(|_| format!("{root}{lang}/timeline/#{id}"))
        } else {
            None
        }
    };
    markdown::render(markdown_text, &resolve).map_err(|message| Diagnostic::in_file(file, message))
}

fn article_view<'a>(
    site: &'a Site,
    article: &'a Article,
    root: &str,
    date: String,
) -> Result<ArticleView<'a>, Diagnostic> {
    let lang = article.lang.as_str();
    let event = article
        .event
        .as_deref()
        .and_then(|id| site.event(lang, id))
        .map(|event| EventLink {
            id: &event.id,
            title: &event.title,
            date: site.localisation.date(lang, event.date),
            date_iso: event.date.to_string(),
            href: format!("{root}{lang}/timeline/#{}", event.id),
        });
    // An event id that exists but not in this language: link the timeline anchor anyway.
    let event = event.or_else(|| {
        article.event.as_deref().map(|id| EventLink {
            id,
            title: id,
            date: String::new(),
            date_iso: String::new(),
            href: format!("{root}{lang}/timeline/#{id}"),
        })
    });
    Ok(ArticleView {
        title: &article.title,
        summary: &article.summary,
        date,
        date_iso: article.date.to_string(),
        source: article.source.as_ref(),
        tags: &article.tags,
        body: render_markdown(site, lang, root, article.body(), &article.path)?,
        event,
    })
}

fn timeline_view(site: &Site, lang: &str, root: &str) -> Result<Vec<YearView>, Diagnostic> {
    let mut events: Vec<EventView> = Vec::new();
    for event in site.events_in(lang) {
        events.push(event_view(site, event, lang, root)?);
    }
    if let Some(event) = entry_into_force_event(site, lang)? {
        events.push(event);
        events.sort_by(|a, b| a.date_iso.cmp(&b.date_iso));
    }
    let today = site.today;
    let current = site
        .events_in(lang)
        .filter(|event| event.date <= today)
        .map(|event| event.id.clone())
        .last();
    let mut years: Vec<YearView> = Vec::new();
    for mut event in events {
        event.current = Some(&event.id) == current.as_ref();
        let year_text = event.date_iso.get(..4).unwrap_or_default().to_owned();
        let year = PartialDate::parse(&year_text)
            .map(|date| site.localisation.date(lang, date))
            .unwrap_or_else(|_| year_text.clone());
        match years.last_mut() {
            Some(group) if group.year_iso == year_text => group.events.push(event),
            _ => years.push(YearView {
                year,
                year_iso: year_text,
                events: vec![event],
            }),
        }
    }
    Ok(years)
}

fn event_view(site: &Site, event: &Event, lang: &str, root: &str) -> Result<EventView, Diagnostic> {
    let articles = site
        .articles_in(lang)
        .filter(|article| article.event.as_deref() == Some(event.id.as_str()))
        .map(|article| LinkView {
            title: article.title.clone(),
            href: [root, &Article::site_path(lang, &article.stem)].concat(),
        })
        .collect();
    Ok(EventView {
        id: event.id.clone(),
        title: event.title.clone(),
        kind: event.kind.as_str(),
        date: site
            .localisation
            .date_span(lang, event.date, event.end)
            .map_err(|message| Diagnostic::in_file(&event.path, message))?,
        date_iso: event.date.to_string(),
        end_iso: event.end.map(|end| end.to_string()),
        body: render_markdown(site, lang, root, &event.body, &event.path)?,
        sources: event.sources.clone(),
        articles,
        current: false,
        future: event.date > site.today,
    })
}

/// Once the threshold-th deposit is recorded, the entry into force joins the timeline by itself.
fn entry_into_force_event(site: &Site, lang: &str) -> Result<Option<EventView>, Diagnostic> {
    let Some(treaty) = &site.content.treaty else {
        return Ok(None);
    };
    let (Some(date), Some(reached)) = (treaty.entry_into_force(), treaty.threshold_reached_on())
    else {
        return Ok(None);
    };
    let strings = &site.localisation.strings;
    let in_file = |message: String| Diagnostic::in_file(&treaty.path, message);
    let title = strings
        .format(lang, "entry-into-force-title", &[])
        .map_err(in_file)?;
    let body = strings
        .format(
            lang,
            "entry-into-force-body",
            &[
                (
                    "threshold",
                    crate::localisation::Argument::Number(f64::from(treaty.threshold)),
                ),
                (
                    "deposit_date",
                    crate::localisation::Argument::Text(site.localisation.date(lang, reached)),
                ),
                (
                    "days",
                    crate::localisation::Argument::Number(treaty.days_after_threshold as f64),
                ),
            ],
        )
        .map_err(in_file)?;
    Ok(Some(EventView {
        id: "entry-into-force".into(),
        title,
        kind: EventKind::EntryIntoForce.as_str(),
        date: site.localisation.date(lang, date),
        date_iso: date.to_string(),
        end_iso: None,
        body: markdown::render(&body, &|_| None).map_err(in_file)?,
        sources: vec![treaty.signatories.source.clone()],
        articles: Vec::new(),
        current: false,
        future: date > site.today,
    }))
}

fn status_view<'a>(site: &'a Site, lang: &str, root: &str) -> Option<StatusView<'a>> {
    let treaty = site.content.treaty.as_ref()?;
    let deposited = treaty.deposited();
    Some(StatusView {
        signatories: treaty.signatories.count,
        signatories_as_of: site.localisation.date(lang, treaty.signatories.as_of),
        signatories_source: &treaty.signatories.source,
        signatories_note: treaty.signatories.note.get(lang).map(String::as_str),
        deposited,
        threshold: treaty.threshold,
        still_needed: treaty.still_needed(),
        percent: (deposited.min(treaty.threshold) * 100) / treaty.threshold,
        days_after_threshold: treaty.days_after_threshold,
        entry_into_force: treaty
            .entry_into_force()
            .map(|d| site.localisation.date(lang, d)),
        entry_into_force_iso: treaty.entry_into_force().map(|d| d.to_string()),
        signature_closes: site.localisation.date(lang, treaty.signature_closes),
        signature_closes_iso: treaty.signature_closes.to_string(),
        ratifications: treaty
            .ratifications
            .iter()
            .map(|r| RatificationView {
                state: r.state.get(lang).cloned().unwrap_or_default(),
                date: site.localisation.date(lang, r.date),
                date_iso: r.date.to_string(),
            })
            .collect(),
        timeline_href: format!("{root}{lang}/timeline/"),
    })
}

/// One sitemap entry per language page, as template values: made in parallel, since a site of
/// 10,000 articles per language has 20,000 of them. A page and its translations list the same
/// alternates, so each set of translations makes its alternates once and its entries share them
/// (the values share their data when cloned): half the work, and a third of the memory.
fn sitemap_entries(site: &Site) -> Value {
    let pages: Vec<Page> = all_pages(site)
        .into_iter()
        .filter(Page::is_language_page)
        .collect();
    let translation_sets: FxHashMap<Page, TranslationSet> = pages
        .par_iter()
        .filter(|page| first_translation(site, page).as_ref() == Some(*page))
        .map(|page| (page.clone(), TranslationSet::of(site, page)))
        .collect();
    let entries: Vec<Value> = pages
        .par_iter()
        .filter_map(|page| {
            let set = translation_sets.get(&first_translation(site, page)?)?;
            let loc = set
                .hrefs
                .iter()
                .find(|(lang, _)| Some(lang.as_str()) == page.lang())
                .map_or_else(Value::none, |(_, href)| href.clone());
            Some(Value::from(BTreeMap::from([
                ("loc", loc),
                ("alternates", set.alternates.clone()),
                ("x_default", set.x_default.clone()),
            ])))
        })
        .collect();
    Value::from(entries)
}

/// The version of `page` in the first of the site's languages that has it: the one that stands
/// for all its translations.
fn first_translation(site: &Site, page: &Page) -> Option<Page> {
    site.config
        .languages
        .iter()
        .map(|language| page.in_language(&language.code))
        .find(|translated| exists(site, translated))
}

/// The sitemap values a page and its translations share.
struct TranslationSet {
    /// Every language version's absolute URL, by language code.
    hrefs: Vec<(String, Value)>,
    /// The `alternates` list of every entry of the set.
    alternates: Value,
    /// The default language's URL, if the set has it.
    x_default: Value,
}

impl TranslationSet {
    fn of(site: &Site, page: &Page) -> TranslationSet {
        let base_url = &site.config.base_url;
        let alternates: Vec<HrefLang> = site
            .config
            .languages
            .iter()
            .map(|language| page.in_language(&language.code))
            .filter(|translated| exists(site, translated))
            .map(|translated| HrefLang {
                hreflang: translated.lang().unwrap_or_default().to_owned(),
                href: base_url.absolute(&translated.site_path()),
            })
            .collect();
        let x_default = alternates
            .iter()
            .find(|alternate| alternate.hreflang == site.config.default_language)
            .map(|alternate| alternate.href.as_str());
        TranslationSet {
            hrefs: alternates
                .iter()
                .map(|alternate| {
                    (
                        alternate.hreflang.clone(),
                        Value::from(alternate.href.as_str()),
                    )
                })
                .collect(),
            x_default: Value::from(x_default),
            alternates: Value::from_serializable(&alternates),
        }
    }
}

/// A date as an Atom timestamp (midnight UTC).
fn rfc3339(date: PartialDate) -> String {
    let day = date.first_day();
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        day.year().extended_year(),
        day.month().ordinal,
        day.day_of_month().0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_root_climbs_one_level_per_folder() {
        assert_eq!(relative_root(""), "");
        assert_eq!(relative_root("en/"), "../");
        assert_eq!(relative_root("en/articles/x/"), "../../../");
    }

    #[test]
    fn pretty_urls_write_index_files() {
        let page = Page::Article {
            lang: "ar".into(),
            stem: "x".into(),
        };
        assert_eq!(page.output_path(), "ar/articles/x/index.html");
        assert_eq!(Page::Root.output_path(), "index.html");
        assert_eq!(Page::Feed("en".into()).output_path(), "en/atom.xml");
    }
}
