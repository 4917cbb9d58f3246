//! A language's feeds: Atom (`/{lang}/atom.xml`) and JSON Feed 1.1 (`/{lang}/feed.json`), each
//! with the newest articles in full, their dates, authors and tags, and their corrections.

use serde::Serialize;
use serde_json::{Value as Json, json};
use tera::Context;

use super::page::{Page, article_path};
use super::views::{render_markdown, site_view};
use crate::content::Article;
use crate::date::PartialDate;
use crate::error::Diagnostic;
use crate::site::Site;

/// How many of the newest articles a feed carries: readers' feed clients only need what is new,
/// and a digest that grows daily must not grow its feed forever.
pub const FEED_ENTRIES: usize = 50;

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
    published: String,
    /// The last update or correction, or the publication.
    updated: String,
    /// The article in full, as HTML with absolute links.
    content: String,
    authors: Vec<&'a str>,
    categories: Vec<&'a str>,
}

/// An article as a feed entry; links in its text are absolute, since a feed is read elsewhere.
fn entry<'a>(site: &'a Site, article: &'a Article) -> Result<FeedEntry<'a>, Diagnostic> {
    let lang = article.lang.as_str();
    let absolute_root = site.config.base_url.absolute("");
    let mut content = render_markdown(site, lang, &absolute_root, article.body(), &article.path)?;
    for correction in &article.corrections {
        let text = render_markdown(site, lang, &absolute_root, &correction.text, &article.path)?;
        content.push_str(&format!(
            "<aside class=\"correction\"><p><time datetime=\"{}\">{}</time></p>{text}</aside>",
            correction.date,
            site.localisation.date(lang, correction.date)
        ));
    }
    Ok(FeedEntry {
        title: &article.title,
        summary: &article.summary,
        url: site
            .config
            .base_url
            .absolute(&article_path(lang, &article.stem)),
        published: rfc3339(article.date),
        updated: rfc3339(last_change(article)),
        content,
        authors: (article.authors.iter())
            .filter_map(|id| site.content.authors.as_ref()?.by_id.get(id))
            .filter_map(|author| author.name.get(lang).map(String::as_str))
            .collect(),
        categories: (article.tags.iter())
            .map(|id| {
                site.content
                    .tags
                    .as_ref()
                    .and_then(|tags| tags.label(id, lang))
                    .unwrap_or(id)
            })
            .collect(),
    })
}

/// The day an article last changed: its latest correction or update, or its publication.
fn last_change(article: &Article) -> PartialDate {
    (article.corrections.iter().map(|c| c.date))
        .chain(article.updated)
        .chain(std::iter::once(article.date))
        .max()
        .unwrap_or(article.date)
}

fn entries<'a>(site: &'a Site, lang: &'a str) -> Result<Vec<FeedEntry<'a>>, Diagnostic> {
    site.articles_in(lang)
        .take(FEED_ENTRIES)
        .map(|article| entry(site, article))
        .collect()
}

fn feed_updated(site: &Site, lang: &str) -> String {
    site.articles_in(lang)
        .map(last_change)
        .max()
        .map_or_else(|| rfc3339(site.today), rfc3339)
}

/// The context of `page`, the Atom feed in `lang`.
pub(super) fn context(site: &Site, page: &Page, lang: &str) -> Result<Context, Diagnostic> {
    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert("site", &site_view(site, lang, ""));
    context.insert(
        "feed_url",
        &site.config.base_url.absolute(&page.site_path()),
    );
    context.insert(
        "home_url",
        &site
            .config
            .base_url
            .absolute(&Page::Home(lang.into()).site_path()),
    );
    context.insert("updated", &feed_updated(site, lang));
    context.insert("entries", &entries(site, lang)?);
    Ok(context)
}

/// The JSON Feed 1.1 in `lang`.
pub(super) fn json_feed(site: &Site, page: &Page, lang: &str) -> Result<Vec<u8>, Diagnostic> {
    let language = site.config.language(lang);
    let base_url = &site.config.base_url;
    let items: Vec<Json> = entries(site, lang)?
        .into_iter()
        .map(|entry| {
            json!({
                "id": entry.url,
                "url": entry.url,
                "title": entry.title,
                "summary": entry.summary,
                "content_html": entry.content,
                "date_published": entry.published,
                "date_modified": entry.updated,
                "authors": entry.authors.iter().map(|name| json!({ "name": name })).collect::<Vec<Json>>(),
                "tags": entry.categories,
                "language": language.map_or(lang, |l| l.locale.as_str()),
            })
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": language.map_or("", |l| l.title.as_str()),
        "description": language.map_or("", |l| l.description.as_str()),
        "home_page_url": base_url.absolute(&Page::Home(lang.into()).site_path()),
        "feed_url": base_url.absolute(&page.site_path()),
        "language": language.map_or(lang, |l| l.locale.as_str()),
        "authors": [{ "name": language.map_or("", |l| l.title.as_str()), "url": base_url.absolute("") }],
        "items": items,
    });
    let mut bytes = serde_json::to_vec_pretty(&feed).map_err(|error| {
        Diagnostic::error(format!("cannot write {}: {error}", page.site_path()))
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// A date as an Atom timestamp (midnight UTC).
pub(super) fn rfc3339(date: PartialDate) -> String {
    let day = date.first_day();
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        day.year().extended_year(),
        day.month().ordinal,
        day.day_of_month().0
    )
}
