//! A language's Atom feed: the newest articles.

use serde::Serialize;
use tera::Context;

use super::page::{Page, article_path};
use super::views::site_view;
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
    updated: String,
}

/// The context of `page`, the feed in `lang`.
pub(super) fn context(site: &Site, page: &Page, lang: &str) -> Result<Context, Diagnostic> {
    let entries: Vec<FeedEntry> = site
        .articles_in(lang)
        .take(FEED_ENTRIES)
        .map(|article| FeedEntry {
            title: &article.title,
            summary: &article.summary,
            url: site
                .config
                .base_url
                .absolute(&article_path(lang, &article.stem)),
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
        &site
            .config
            .base_url
            .absolute(&Page::Home(lang.into()).site_path()),
    );
    context.insert("updated", &updated);
    context.insert("entries", &entries);
    Ok(context)
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
