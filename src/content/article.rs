//! News articles: `content/articles/{stem}.{lang}.md`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::date::{PartialDate, Precision};
use super::{ContentFile, Link, front_matter};
use crate::error::Diagnostic;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    date: PartialDate,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    draft: bool,
    event: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    source: Option<Source>,
}

/// The publication an article reports from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The publication's name.
    pub name: String,
    /// The original article's address.
    pub url: String,
}

/// One article in one language.
#[derive(Debug, Clone)]
pub struct Article {
    /// The file it came from.
    pub path: PathBuf,
    /// The shared name of its translations, and its URL slug.
    pub stem: String,
    /// Its language code.
    pub lang: String,
    /// Headline.
    pub title: String,
    /// Publication date (a full date).
    pub date: PartialDate,
    /// One or two sentences for lists and feeds.
    pub summary: String,
    /// Unpublished unless the build asks for drafts.
    pub draft: bool,
    /// The id of the timeline event this article reports on.
    pub event: Option<String>,
    /// Free-form labels.
    pub tags: Vec<String>,
    /// Where the news was first published.
    pub source: Option<Source>,
    /// The Markdown body.
    pub body: String,
    /// The line of the file where the body starts, for messages about the body.
    pub body_line: usize,
}

impl Article {
    /// Parses an article file's text.
    pub fn parse(file: &ContentFile, text: &str) -> Result<Article, Diagnostic> {
        let (meta, split) = front_matter::parse::<FrontMatter>(&file.path, text)?;
        let fail = |message: String| Diagnostic::in_file(&file.path, message);
        if meta.title.trim().is_empty() {
            return Err(fail("`title` is empty".into()));
        }
        if meta.date.precision() != Precision::Day {
            return Err(fail(format!(
                "`date = \"{}\"`: an article needs a full date, like 2025-10-25",
                meta.date
            )));
        }
        if let Some(source) = &meta.source {
            check_url(&file.path, &source.url)?;
        }
        for tag in &meta.tags {
            if tag.trim().is_empty() {
                return Err(fail("`tags` has an empty tag".into()));
            }
        }
        Ok(Article {
            path: file.path.clone(),
            stem: file.stem.clone(),
            lang: file.lang.clone(),
            title: meta.title,
            date: meta.date,
            summary: meta.summary,
            draft: meta.draft,
            event: meta.event,
            tags: meta.tags,
            source: meta.source,
            body: split.body.to_owned(),
            body_line: split.body_line,
        })
    }

    /// The page's path below the site root: `en/articles/{stem}/`.
    pub fn site_path(lang: &str, stem: &str) -> String {
        format!("{lang}/articles/{stem}/")
    }
}

/// Source addresses must be absolute web links, so readers can follow them.
pub(crate) fn check_url(path: &Path, url: &str) -> Result<(), Diagnostic> {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "https://".len()
        && !url.contains(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(Diagnostic::in_file(
            path,
            format!("`{url}` is not a web address: expected https://…"),
        ))
    }
}

impl Link {
    /// Checks a source link's address.
    pub(crate) fn check(&self, path: &Path) -> Result<(), Diagnostic> {
        if self.title.trim().is_empty() {
            return Err(Diagnostic::in_file(path, "a source has an empty `title`"));
        }
        check_url(path, &self.url)
    }
}
