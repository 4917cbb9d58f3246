//! A language's home page: its articles, newest first, and the treaty's status.

use tera::Context;

use super::SharedViews;
use super::page::Page;
use super::status::status_view;
use super::views::{ArticleSummary, Common, article_summary};
use crate::error::Diagnostic;
use crate::site::Site;

/// The context of `page`, the home page in `lang`.
pub(super) fn context(
    site: &Site,
    page: &Page,
    lang: &str,
    shared: &SharedViews,
) -> Result<Context, Diagnostic> {
    let common = Common::of(site, page, lang, "home");
    let articles: Vec<ArticleSummary> = (site.content.articles.iter().enumerate())
        .filter(|(_, article)| article.lang == *lang)
        .take(site.config.home_articles)
        .map(|(index, article)| {
            let date = shared.article_date(site, index);
            article_summary(site, article, &common.root, date)
        })
        .collect();
    let mut context = common.context();
    context.insert_value("site", shared.site(site, lang, &common.root));
    context.insert("articles", &articles);
    context.insert("total_articles", &site.articles_in(lang).count());
    context.insert(
        "archives_href",
        &[
            common.root.as_str(),
            &Page::Archives(lang.into()).site_path(),
        ]
        .concat(),
    );
    context.insert("status", &status_view(site, lang, &common.root));
    Ok(context)
}
