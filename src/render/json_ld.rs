//! An article's schema.org `NewsArticle` (issue 19), as the JSON-LD in its page's head.
//!
//! Written from typed records rather than a `serde_json::Value` tree: 20,000 trees of maps were
//! 5 % of a build. Fields are declared in the order of their names, so the JSON reads as it did
//! when a map sorted them.

use serde::Serialize;

use super::page::{Page, article_path, card_path};
use crate::content::Article;
use crate::site::Site;

/// schema.org `NewsArticle` for `article`, as JSON that is safe inside a `<script>` element.
pub(super) fn json_ld(site: &Site, article: &Article) -> String {
    let lang = article.lang.as_str();
    let base_url = &site.config.base_url;
    let url = base_url.absolute(&article_path(lang, &article.stem));
    let language = site.config.language(lang);
    let authors: Vec<Person> = (article.authors.iter())
        .filter_map(|id| site.content.authors.as_ref()?.by_id.get(id))
        .map(|author| Person {
            kind: if author.organization {
                "Organization"
            } else {
                "Person"
            },
            name: author.name.get(lang).map(String::as_str),
            same_as: author.link.as_deref(),
            url: base_url.absolute(
                &Page::Author {
                    lang: lang.into(),
                    id: author.id.clone(),
                }
                .site_path(),
            ),
        })
        .collect();
    let keywords: Vec<&str> = (article.tags.iter())
        .map(|id| {
            (site.content.tags.as_ref())
                .and_then(|tags| tags.label(id, lang))
                .unwrap_or(id)
        })
        .collect();
    // The same story in the other languages: each is a translation of the work.
    let translations: Vec<Translation> = (site.config.languages.iter())
        .filter(|other| other.code != lang)
        .filter(|other| site.article(&other.code, &article.stem).is_some())
        .map(|other| Translation {
            kind: "NewsArticle",
            in_language: &other.locale,
            url: base_url.absolute(&article_path(&other.code, &article.stem)),
        })
        .collect();
    let (translation_of_work, work_translation) = if lang == site.config.default_language {
        (Vec::new(), translations)
    } else {
        (translations, Vec::new())
    };
    let data = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        author: authors,
        correction: (article.corrections.iter())
            .map(|correction| Correction {
                kind: "CorrectionComment",
                date_published: correction.date.to_string(),
                text: &correction.text,
            })
            .collect(),
        date_modified: article.updated.unwrap_or(article.date).to_string(),
        date_published: article.date.to_string(),
        description: &article.summary,
        headline: &article.title,
        image: images(site, article),
        in_language: language.map_or(lang, |l| l.locale.as_str()),
        keywords,
        main_entity_of_page: url.clone(),
        publisher: Publisher {
            kind: "Organization",
            name: language.map_or("", |l| l.title.as_str()),
            url: base_url.absolute(""),
        },
        translation_of_work,
        url,
        work_translation,
    };
    // `</` inside a string would end the script element: JSON allows `<\/` for it.
    serde_json::to_string(&data)
        .unwrap_or_default()
        .replace("</", "<\\/")
}

/// The images of `article`: the lead image, then the social card.
fn images<'a>(site: &Site, article: &'a Article) -> Vec<Image<'a>> {
    let mut images = Vec::new();
    if let Some(image) = &article.image {
        let local = crate::images::root_absolute(&image.src);
        let size =
            local.and_then(|path| crate::images::dimensions(&site.paths.static_dir.join(path)));
        images.push(Image {
            kind: "ImageObject",
            caption: Some(image.caption.as_str()).filter(|text| !text.is_empty()),
            credit_text: Some(image.credit.as_str()).filter(|text| !text.is_empty()),
            description: Some(&image.alt),
            height: size.map(|(_, height)| height),
            url: match local {
                Some(path) => site.config.base_url.absolute(path),
                None => image.src.clone(),
            },
            width: size.map(|(width, _)| width),
        });
    }
    if super::cards::enabled(site) {
        images.push(Image {
            kind: "ImageObject",
            caption: None,
            credit_text: None,
            description: None,
            height: Some(super::cards::HEIGHT),
            url: (site.config.base_url).absolute(&card_path(&article.lang, &article.stem)),
            width: Some(super::cards::WIDTH),
        });
    }
    images
}

#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Person<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<Correction<'a>>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    description: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    image: Vec<Image<'a>>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'a str>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: String,
    publisher: Publisher<'a>,
    #[serde(rename = "translationOfWork", skip_serializing_if = "Vec::is_empty")]
    translation_of_work: Vec<Translation<'a>>,
    url: String,
    #[serde(rename = "workTranslation", skip_serializing_if = "Vec::is_empty")]
    work_translation: Vec<Translation<'a>>,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: Option<&'a str>,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct Correction<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished")]
    date_published: String,
    text: &'a str,
}

#[derive(Serialize)]
struct Image<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<&'a str>,
    #[serde(rename = "creditText", skip_serializing_if = "Option::is_none")]
    credit_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
}

#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Translation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    url: String,
}
