//! An article's page: its text, its source, and the timeline event it belongs to.

use serde::Serialize;
use tera::Context;

use super::SharedViews;
use super::page::{Page, event_href};
use super::views::{Common, render_markdown};
use crate::content::Article;
use crate::content::article::Source;
use crate::error::Diagnostic;
use crate::site::Site;

#[derive(Serialize)]
struct ArticleView<'a> {
    title: &'a str,
    summary: &'a str,
    date: String,
    date_iso: String,
    source: Option<&'a Source>,
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

/// The context of `page`, the article `stem` in `lang`.
pub(super) fn context(
    site: &Site,
    page: &Page,
    lang: &str,
    stem: &str,
    shared: &SharedViews,
) -> Result<Context, Diagnostic> {
    let index = site
        .article_index(lang, stem)
        .ok_or_else(|| Diagnostic::error(format!("no article {stem} in {lang}")))?;
    let article = &site.content.articles[index];
    let common = Common::of(site, page, lang, "article");
    let date = shared.article_date(site, index);
    let view = article_view(site, article, &common.root, date)?;
    let mut context = common.context();
    context.insert_value("site", shared.site(site, lang, &common.root));
    context.insert("article", &view);
    Ok(context)
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
            href: event_href(root, lang, &event.id),
        });
    // An event id that exists but not in this language: link the timeline anchor anyway.
    let event = event.or_else(|| {
        article.event.as_deref().map(|id| EventLink {
            id,
            title: id,
            date: String::new(),
            date_iso: String::new(),
            href: event_href(root, lang, id),
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
