//! The pages that list articles by something they share: an author's page, the tags index and a
//! tag's page, the archive index and a month's page. Each shows the articles newest first, as
//! the home page does.

use serde::Serialize;
use tera::Context;

use super::SharedViews;
use super::page::Page;
use super::views::{ArticleSummary, Common, article_summary};
use crate::date::PartialDate;
use crate::error::Diagnostic;
use crate::site::Site;
use crate::site::listings::LanguageArticles;

/// The articles in `lang` that `pick` lists, as list entries for a page whose way to the root
/// is `root`.
fn listed<'a>(
    site: &'a Site,
    lang: &str,
    root: &str,
    shared: &SharedViews,
    pick: impl Fn(&LanguageArticles) -> &[usize],
) -> Vec<ArticleSummary<'a>> {
    let Some(lists) = site.listings(lang) else {
        return Vec::new();
    };
    (pick(lists).iter())
        .filter_map(|&index| Some((index, site.content.articles.get(index)?)))
        .map(|(index, article)| {
            article_summary(site, article, root, shared.article_date(site, index))
        })
        .collect()
}

/// The context of an author's page.
pub(super) fn author_context(
    site: &Site,
    page: &Page,
    lang: &str,
    id: &str,
    shared: &SharedViews,
) -> Result<Context, Diagnostic> {
    let author = (site.content.authors.as_ref())
        .and_then(|authors| authors.by_id.get(id))
        .ok_or_else(|| Diagnostic::error(format!("no author {id}")))?;
    let common = Common::of(site, page, lang, "authors");
    let articles = listed(site, lang, &common.root, shared, |lists| lists.by(id));
    let mut context = common.context();
    context.insert_value("site", shared.site(site, lang, &common.root));
    context.insert("name", &author.name.get(lang));
    context.insert(
        "role",
        &author.role.as_ref().and_then(|role| role.get(lang)),
    );
    context.insert("link", &author.link);
    context.insert("articles", &articles);
    Ok(context)
}

#[derive(Serialize)]
struct TagEntry<'a> {
    id: &'a str,
    label: &'a str,
    href: String,
    count: usize,
}

/// The context of the tags index.
pub(super) fn tags_context(
    site: &Site,
    page: &Page,
    lang: &str,
    shared: &SharedViews,
) -> Result<Context, Diagnostic> {
    let common = Common::of(site, page, lang, "tags");
    let mut tags: Vec<TagEntry> = (site.content.tags.iter())
        .flat_map(|tags| tags.labels.iter())
        .map(|(id, labels)| TagEntry {
            id,
            label: labels.get(lang).map_or(id.as_str(), String::as_str),
            href: [
                common.root.as_str(),
                &Page::Tag {
                    lang: lang.into(),
                    id: id.clone(),
                }
                .site_path(),
            ]
            .concat(),
            count: site
                .listings(lang)
                .map_or(0, |lists| lists.tagged(id).len()),
        })
        .filter(|entry| entry.count > 0)
        .collect();
    if let Some(names) = site.localisation.region_names(lang) {
        tags.sort_by(|a, b| names.compare(a.label, b.label));
    }
    let mut context = common.context();
    context.insert_value("site", shared.site(site, lang, &common.root));
    context.insert("tags", &tags);
    Ok(context)
}

/// The context of one tag's page.
pub(super) fn tag_context(
    site: &Site,
    page: &Page,
    lang: &str,
    id: &str,
    shared: &SharedViews,
) -> Result<Context, Diagnostic> {
    let label = (site.content.tags.as_ref())
        .and_then(|tags| tags.label(id, lang))
        .ok_or_else(|| Diagnostic::error(format!("no tag {id}")))?;
    let common = Common::of(site, page, lang, "tags");
    let articles = listed(site, lang, &common.root, shared, |lists| lists.tagged(id));
    let mut context = common.context();
    context.insert_value("site", shared.site(site, lang, &common.root));
    context.insert("label", label);
    context.insert("articles", &articles);
    context.insert(
        "tags_href",
        &[common.root.as_str(), &Page::Tags(lang.into()).site_path()].concat(),
    );
    Ok(context)
}

#[derive(Serialize)]
struct MonthEntry {
    /// The month in the language ("October 2025", "أكتوبر 2025").
    label: String,
    href: String,
    count: usize,
}

/// The months, newest first, that have articles in `lang`, with how many.
pub(super) fn months(site: &Site, lang: &str) -> Vec<((i32, u8), usize)> {
    site.listings(lang)
        .map_or_else(Vec::new, |lists| lists.months().collect())
}

/// The context of the archive index.
pub(super) fn archives_context(
    site: &Site,
    page: &Page,
    lang: &str,
    shared: &SharedViews,
) -> Result<Context, Diagnostic> {
    let common = Common::of(site, page, lang, "archive");
    let entries: Vec<MonthEntry> = months(site, lang)
        .into_iter()
        .map(|((year, month), count)| MonthEntry {
            label: month_label(site, lang, year, month),
            href: [
                common.root.as_str(),
                &Page::Archive {
                    lang: lang.into(),
                    year,
                    month,
                }
                .site_path(),
            ]
            .concat(),
            count,
        })
        .collect();
    let mut context = common.context();
    context.insert_value("site", shared.site(site, lang, &common.root));
    context.insert("months", &entries);
    Ok(context)
}

/// The context of one month's page.
pub(super) fn archive_context(
    site: &Site,
    page: &Page,
    lang: &str,
    (year, month): (i32, u8),
    shared: &SharedViews,
) -> Result<Context, Diagnostic> {
    let common = Common::of(site, page, lang, "archive");
    let articles = listed(site, lang, &common.root, shared, |lists| {
        lists.in_month((year, month))
    });
    let mut context = common.context();
    context.insert_value("site", shared.site(site, lang, &common.root));
    context.insert("month", &month_label(site, lang, year, month));
    context.insert("articles", &articles);
    context.insert(
        "archives_href",
        &[
            common.root.as_str(),
            &Page::Archives(lang.into()).site_path(),
        ]
        .concat(),
    );
    Ok(context)
}

fn month_label(site: &Site, lang: &str, year: i32, month: u8) -> String {
    PartialDate::parse(&format!("{year:04}-{month:02}"))
        .map(|date| site.localisation.date(lang, date))
        .unwrap_or_else(|_| format!("{year:04}-{month:02}"))
}
