//! An article's page: its text, byline, updates and corrections, tags, its source, the timeline
//! event it belongs to, and the structured data (schema.org `NewsArticle`) search engines and
//! social networks read.

use serde::Serialize;
use tera::Context;

use super::SharedViews;
use super::page::{Page, card_path, event_href};
use super::views::{Common, render_markdown, render_markdown_after};
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
    updated: Option<String>,
    updated_iso: Option<String>,
    source: Option<&'a Source>,
    tags: Vec<TagLink<'a>>,
    /// The tags as one phrase with links, joined as the language joins lists.
    tags_html: String,
    authors: Vec<AuthorLink<'a>>,
    /// The byline: the authors' names with links, joined as the language joins lists.
    byline_html: String,
    corrections: Vec<CorrectionView>,
    body: String,
    event: Option<EventLink<'a>>,
    /// schema.org `NewsArticle` as JSON, safe inside `<script type="application/ld+json">`.
    json_ld: String,
    /// The lead image's `<figure>` (front-matter `image`).
    figure: Option<String>,
    /// The social card, for `og:image` and `twitter:image`.
    card: Option<CardView>,
}

#[derive(Serialize)]
struct CardView {
    /// Absolute, as Open Graph requires.
    url: String,
    width: u32,
    height: u32,
    alt: String,
}

#[derive(Serialize)]
struct TagLink<'a> {
    id: &'a str,
    label: &'a str,
    href: Option<String>,
}

#[derive(Serialize)]
struct AuthorLink<'a> {
    id: &'a str,
    name: &'a str,
    role: Option<&'a str>,
    href: String,
}

#[derive(Serialize)]
struct CorrectionView {
    date: String,
    date_iso: String,
    /// The correction's text, from Markdown.
    text: String,
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

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `links` (text, href) as one phrase: the language's list pattern around the linked names.
fn linked_list(site: &Site, lang: &str, links: &[(&str, Option<&str>)]) -> String {
    // Private-use placeholders stand for the links while ICU4X joins the list, so the pattern's
    // words and punctuation ("and", "،", "و") come from CLDR and the links stay whole.
    let placeholders: Vec<String> = (0..links.len())
        .map(|index| format!("\u{E000}{index}\u{E001}"))
        .collect();
    let refs: Vec<&str> = placeholders.iter().map(String::as_str).collect();
    let mut html = escape(&site.localisation.join_list(lang, &refs));
    for (placeholder, (text, href)) in placeholders.iter().zip(links) {
        let link = match href {
            Some(href) => format!(r#"<a href="{}">{}</a>"#, escape(href), escape(text)),
            None => escape(text),
        };
        html = html.replace(placeholder.as_str(), &link);
    }
    html
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
    let tags: Vec<TagLink> = (article.tags.iter())
        .map(|id| match site.content.tags.as_ref() {
            Some(tags) => TagLink {
                id,
                label: tags.label(id, lang).unwrap_or(id),
                href: Some(
                    [
                        root,
                        &Page::Tag {
                            lang: lang.into(),
                            id: id.clone(),
                        }
                        .site_path(),
                    ]
                    .concat(),
                ),
            },
            None => TagLink {
                id,
                label: id,
                href: None,
            },
        })
        .collect();
    let authors: Vec<AuthorLink> = (article.authors.iter())
        .filter_map(|id| {
            let author = site.content.authors.as_ref()?.by_id.get(id)?;
            Some(AuthorLink {
                id,
                name: author.name.get(lang).map_or(id.as_str(), String::as_str),
                role: author
                    .role
                    .as_ref()
                    .and_then(|role| role.get(lang))
                    .map(String::as_str),
                href: [
                    root,
                    &Page::Author {
                        lang: lang.into(),
                        id: id.clone(),
                    }
                    .site_path(),
                ]
                .concat(),
            })
        })
        .collect();
    let tag_links: Vec<(&str, Option<&str>)> = tags
        .iter()
        .map(|tag| (tag.label, tag.href.as_deref()))
        .collect();
    let author_links: Vec<(&str, Option<&str>)> = authors
        .iter()
        .map(|author| (author.name, Some(author.href.as_str())))
        .collect();
    let figure = match &article.image {
        Some(image) => Some(lead_figure(site, article, image, root)?),
        None => None,
    };
    if let Some(line) = crate::markdown::images_without_alt(article.body()).first() {
        return Err(Diagnostic::in_file(
            &article.path,
            "this image has no alternative text: write what it shows between the brackets, ![Morocco on the map](/images/x.png)",
        )
        .at(article.body_line + line - 1, None));
    }
    let mut corrections = Vec::with_capacity(article.corrections.len());
    for correction in &article.corrections {
        corrections.push(CorrectionView {
            date: site.localisation.date(lang, correction.date),
            date_iso: correction.date.to_string(),
            text: render_markdown(site, lang, root, &correction.text, &article.path)?,
        });
    }
    Ok(ArticleView {
        title: &article.title,
        summary: &article.summary,
        date,
        date_iso: article.date.to_string(),
        updated: article.updated.map(|d| site.localisation.date(lang, d)),
        updated_iso: article.updated.map(|d| d.to_string()),
        source: article.source.as_ref(),
        tags_html: linked_list(site, lang, &tag_links),
        byline_html: linked_list(site, lang, &author_links),
        tags,
        authors,
        corrections,
        body: render_markdown_after(
            site,
            lang,
            root,
            article.body(),
            &article.path,
            usize::from(figure.is_some()),
        )?,
        event,
        json_ld: super::json_ld::json_ld(site, article),
        figure,
        card: super::cards::enabled(site).then(|| CardView {
            url: site
                .config
                .base_url
                .absolute(&card_path(lang, &article.stem)),
            width: super::cards::WIDTH,
            height: super::cards::HEIGHT,
            alt: article.title.clone(),
        }),
    })
}

/// The lead image's figure; an error at its line if it names a file `static/` does not have.
fn lead_figure(
    site: &Site,
    article: &Article,
    image: &crate::content::article::LeadImage,
    root: &str,
) -> Result<String, Diagnostic> {
    if let Some(path) = crate::images::root_absolute(&image.src)
        && !site.paths.static_dir.join(path).is_file()
    {
        return Err(Diagnostic::in_file(
            &article.path,
            format!(
                "`image.src = \"{}\"`: there is no static/{path}; put the image there",
                image.src
            ),
        )
        .at(image.line, None));
    }
    Ok(crate::images::figure_html(
        &crate::images::Figure {
            src: &image.src,
            alt: &image.alt,
            caption: &image.caption,
            credit: &image.credit,
            eager: true,
        },
        root,
        &site.paths.static_dir,
    ))
}
