//! What templates see: the values every HTML page shares (language, links to its translations,
//! the site's names) and the small views several page families list (an article in a list, a
//! link). Each page family's own view lives in its module.

use serde::Serialize;
use tera::{Context, Value};

use super::page::{Page, article_path, event_href, relative_root};
use crate::content::Article;
use crate::error::Diagnostic;
use crate::markdown;
use crate::site::Site;

/// Common values every HTML page's template sees.
pub(super) struct Common<'a> {
    pub lang: &'a str,
    dir: &'a str,
    locale: &'a str,
    /// Prefix that leads from this page to the site root (`../../`).
    pub root: String,
    /// The page's own address below the root.
    path: String,
    /// Absolute canonical URL.
    canonical: String,
    /// The page in every language it exists in, this one included (for hreflang and switcher).
    alternates: Vec<Alternate<'a>>,
    /// The default language's version, for `hreflang="x-default"`.
    x_default: Option<String>,
    /// The languages an article marked `translation = "pending"` is still missing in: the
    /// switcher says "translation coming" for each.
    pending: Vec<Pending<'a>>,
    /// This language's feed, absolute (for `<link rel="alternate">`).
    feed_url: String,
    /// This language's feed, relative to this page (for the footer's link).
    feed_href: String,
    /// This language's JSON Feed, absolute.
    json_feed_url: String,
    /// Which navigation entry is current: `home`, `timeline` or `article`.
    section: &'static str,
}

impl<'a> Common<'a> {
    /// The common values of `page`, in `lang`, whose navigation entry is `section`.
    pub fn of(site: &'a Site, page: &Page, lang: &'a str, section: &'static str) -> Common<'a> {
        let language = site.config.language(lang);
        let path = page.site_path();
        let root = relative_root(&path);
        let alternates = site
            .config
            .languages
            .iter()
            .filter_map(|other| {
                let translated = page.in_language(&other.code);
                if !super::exists(site, &translated) {
                    return None;
                }
                let translated_path = translated.site_path();
                Some(Alternate {
                    lang: &other.code,
                    locale: &other.locale,
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
        let pending_translation = match page {
            Page::Article { lang, stem } => site
                .article(lang, stem)
                .is_some_and(|article| article.translation_pending),
            _ => false,
        };
        let pending = site
            .config
            .languages
            .iter()
            .filter(|other| pending_translation && !alternates.iter().any(|a| a.lang == other.code))
            .map(|other| Pending {
                lang: &other.code,
                name: &other.name,
                dir: other.direction.as_str(),
            })
            .collect();
        Common {
            lang,
            dir: language.map_or("ltr", |l| l.direction.as_str()),
            locale: language.map_or(lang, |l| l.locale.as_str()),
            canonical: site.config.base_url.absolute(&path),
            feed_url: site
                .config
                .base_url
                .absolute(&Page::Feed(lang.into()).site_path()),
            feed_href: [root.as_str(), &Page::Feed(lang.into()).site_path()].concat(),
            json_feed_url: site
                .config
                .base_url
                .absolute(&Page::JsonFeed(lang.into()).site_path()),
            root,
            path,
            alternates,
            x_default,
            pending,
            section,
        }
    }

    /// A page context holding these values. (Inserted one by one under fixed names: going
    /// through serde would build a map and then copy every key into the context again.)
    pub fn context(&self) -> Context {
        let mut context = Context::new();
        context.insert_value("lang", Value::from(self.lang));
        context.insert_value("dir", Value::from(self.dir));
        context.insert_value("locale", Value::from(self.locale));
        context.insert_value("root", Value::from(self.root.as_str()));
        context.insert_value("path", Value::from(self.path.as_str()));
        context.insert_value("canonical", Value::from(self.canonical.as_str()));
        context.insert_value("alternates", Value::from_serializable(&self.alternates));
        context.insert_value("x_default", Value::from(self.x_default.as_deref()));
        context.insert_value("pending", Value::from_serializable(&self.pending));
        context.insert_value("feed_url", Value::from(self.feed_url.as_str()));
        context.insert_value("feed_href", Value::from(self.feed_href.as_str()));
        context.insert_value("json_feed_url", Value::from(self.json_feed_url.as_str()));
        context.insert_value("section", Value::from(self.section));
        context
    }
}

/// The site's names and languages, as seen from a page whose way to the root is `root`.
#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: String,
    languages: Vec<LanguageView<'a>>,
    /// Whether the site tracks participants (and so has states pages to link).
    tracker: bool,
    search: bool,
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
    locale: &'a str,
    name: &'a str,
    dir: &'a str,
    href: String,
    url: String,
    current: bool,
}

/// A language an article's translation is coming in.
#[derive(Serialize)]
struct Pending<'a> {
    lang: &'a str,
    name: &'a str,
    dir: &'a str,
}

/// An article in a list (home page, an event's related articles).
#[derive(Serialize)]
pub(super) struct ArticleSummary<'a> {
    title: &'a str,
    summary: &'a str,
    date: String,
    date_iso: String,
    href: String,
    url: String,
}

/// A titled link to another page.
#[derive(Serialize)]
pub(super) struct LinkView {
    pub title: String,
    pub href: String,
}

/// The site view for pages in `lang` whose root prefix is `root`.
pub(super) fn site_view<'a>(site: &'a Site, lang: &str, root: &str) -> SiteView<'a> {
    let language = site
        .config
        .language(lang)
        .unwrap_or(&site.config.languages[0]);
    SiteView {
        title: &language.title,
        description: &language.description,
        base_url: site.config.base_url.absolute(""),
        tracker: site.content.participants.is_some(),
        search: site.config.search,
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
                href: [root, &Page::Home(l.code.clone()).site_path()].concat(),
            })
            .collect(),
    }
}

/// `article` in a list on a page whose way to the root is `root`; `date` is its localised date.
pub(super) fn article_summary<'a>(
    site: &Site,
    article: &'a Article,
    root: &str,
    date: String,
) -> ArticleSummary<'a> {
    let path = article_path(&article.lang, &article.stem);
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
pub(super) fn render_markdown(
    site: &Site,
    lang: &str,
    root: &str,
    markdown_text: &str,
    file: &std::path::Path,
) -> Result<String, Diagnostic> {
    render_markdown_after(site, lang, root, markdown_text, file, 0)
}

/// [`render_markdown`] for text that comes after `figures_before` figures on its page (an
/// article's lead image): only a page's first figure loads eagerly (see [`crate::images`]).
pub(super) fn render_markdown_after(
    site: &Site,
    lang: &str,
    root: &str,
    markdown_text: &str,
    file: &std::path::Path,
    figures_before: usize,
) -> Result<String, Diagnostic> {
    let resolve = |target: &str| -> Option<String> {
        let target = target.strip_suffix(".md").unwrap_or(target);
        if let Some(stem) = target.strip_prefix("articles/") {
            site.article(lang, stem)
                .map(|_| [root, &article_path(lang, stem)].concat())
        } else if let Some(id) = target.strip_prefix("timeline/") {
            site.event(lang, id).map(|_| event_href(root, lang, id))
        } else {
            None
        }
    };
    // `/images/x.jpg` made relative to the page, and figures with their sizes (issue 19).
    let figures = crate::images::Figures {
        root,
        static_dir: &site.paths.static_dir,
        first_index: figures_before,
    };
    markdown::render_with_images(
        markdown_text,
        &resolve,
        site.config.raw_html,
        Some(&figures),
    )
    .map_err(|message| Diagnostic::in_file(file, message))
}
