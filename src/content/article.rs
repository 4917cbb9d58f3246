//! News articles: `content/articles/{stem}.{lang}.md`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::lint::{Lint, RawLint};
use super::{ContentFile, front_matter};
use crate::date::{PartialDate, Precision};
use crate::error::Diagnostic;

// Spans let the checks after parsing point at the line to fix, as TOML errors do.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Spanned<String>,
    date: Spanned<PartialDate>,
    summary: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    event: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    source: Option<RawSource>,
    /// `translation = "pending"`: the other languages' editions are on their way.
    translation: Option<Translation>,
    /// `lint.allow = [...]`: warnings that are wrong for this file.
    #[serde(default)]
    lint: RawLint,
    #[serde(default)]
    states: Option<Spanned<Vec<String>>>,
    /// `authors = ["id"]`, ids from `content/authors.toml`.
    authors: Option<Spanned<Vec<String>>>,
    /// The day the article was last changed in substance.
    updated: Option<Spanned<PartialDate>>,
    #[serde(default)]
    corrections: Vec<RawCorrection>,
    /// `image = { src, alt, caption, credit }`: the lead image, shown as a figure above the text.
    image: Option<Spanned<RawImage>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImage {
    src: Spanned<String>,
    alt: Spanned<String>,
    #[serde(default)]
    caption: String,
    #[serde(default)]
    credit: String,
}

/// An article's lead image (`image = { src, alt, caption, credit }` in its front matter).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LeadImage {
    /// `/images/x.jpg` (a file in `static/images/`) or an `https://` address.
    pub src: String,
    /// What the image shows, for readers who cannot see it.
    pub alt: String,
    /// The caption (plain text).
    pub caption: String,
    /// Who made it (plain text).
    pub credit: String,
    /// The line of the file that names it, for messages about it.
    pub line: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorrection {
    date: Spanned<PartialDate>,
    text: Spanned<String>,
}

/// A correction made after publication, shown at the end of the article and in the feeds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Correction {
    /// When it was made.
    pub date: PartialDate,
    /// What was wrong and what is right, in the article's language (Markdown).
    pub text: String,
}

/// The state of an article's translations, when the editor says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Translation {
    /// Being translated: `check` notes the missing editions, and pages say they are coming.
    Pending,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: String,
    url: Spanned<String>,
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
    /// The line of the file that names the event, for messages about it.
    pub event_line: Option<usize>,
    /// Free-form labels.
    pub tags: Vec<String>,
    /// The participants the article is about (codes from `participants.toml`).
    pub states: Vec<String>,
    /// The line of the file that names them, for messages about them.
    pub states_line: Option<usize>,
    /// Where the news was first published.
    pub source: Option<Source>,
    /// `translation = "pending"`: the missing editions are a note in `check`, and the
    /// switcher says they are coming.
    pub translation_pending: bool,
    /// The lints this file allows (`lint.allow`).
    pub lint_allow: Vec<Lint>,
    /// Who wrote it (ids from `content/authors.toml`).
    pub authors: Vec<String>,
    /// The line of the file that names them, and the line of the first tag.
    pub authors_line: Option<usize>,
    /// The line of the first tag, for messages about tags.
    pub tags_line: Option<usize>,
    /// The last substantive change, if any.
    pub updated: Option<PartialDate>,
    /// Corrections, oldest first.
    pub corrections: Vec<Correction>,
    /// The lead image, if any.
    pub image: Option<LeadImage>,
    /// The line of the file where the body starts, for messages about the body.
    pub body_line: usize,
    /// The whole file as read; the body is its tail, kept in place rather than copied.
    text: String,
    /// Where the body starts in `text`.
    body_start: usize,
}

impl Article {
    /// Parses an article file's text, keeping it for the body.
    pub fn parse(file: &ContentFile, text: String) -> Result<Article, Diagnostic> {
        let (meta, split) = front_matter::parse::<FrontMatter>(&file.path, &text)?;
        let place = |error: Diagnostic, span: std::ops::Range<usize>| {
            error.at_offset(split.front_matter, span.start, split.front_matter_line)
        };
        let fail = |message: String, span| place(Diagnostic::in_file(&file.path, message), span);
        if meta.title.get_ref().trim().is_empty() {
            return Err(fail("`title` is empty".into(), meta.title.span()));
        }
        // Every string (title, summary, tags, source…) reaches a page or the Atom feed, where
        // one control character spoils it all.
        super::refuse_control_characters(&file.path, split.front_matter, split.front_matter_line)?;
        if meta.date.get_ref().precision() != Precision::Day {
            return Err(fail(
                format!(
                    "`date = \"{}\"`: an article needs a full date, like 2025-10-25",
                    meta.date.get_ref()
                ),
                meta.date.span(),
            ));
        }
        let source = match meta.source {
            Some(source) => {
                check_url(&file.path, source.url.get_ref())
                    .map_err(|error| place(error, source.url.span()))?;
                Some(Source {
                    name: source.name,
                    url: source.url.into_inner(),
                })
            }
            None => None,
        };
        let lint_allow =
            meta.lint
                .check(&file.path, split.front_matter, split.front_matter_line)?;
        for tag in &meta.tags {
            if tag.get_ref().trim().is_empty() {
                return Err(fail("`tags` has an empty tag".into(), tag.span()));
            }
        }
        let line_of = |span: std::ops::Range<usize>| {
            crate::error::line_column(split.front_matter, span.start).0 + split.front_matter_line
                - 1
        };
        let published = *meta.date.get_ref();
        let updated = match meta.updated {
            Some(updated) if *updated.get_ref() < published => {
                return Err(fail(
                    format!(
                        "`updated = {}` is before the article's `date = {published}`",
                        updated.get_ref()
                    ),
                    updated.span(),
                ));
            }
            Some(updated) => Some(updated.into_inner()),
            None => None,
        };
        let mut corrections = Vec::with_capacity(meta.corrections.len());
        for correction in meta.corrections {
            if *correction.date.get_ref() < published {
                return Err(fail(
                    format!(
                        "a correction dated {} comes before the article's `date = {published}`",
                        correction.date.get_ref()
                    ),
                    correction.date.span(),
                ));
            }
            if correction.text.get_ref().trim().is_empty() {
                return Err(fail(
                    "a correction needs its `text`: what was wrong and what is right".into(),
                    correction.text.span(),
                ));
            }
            corrections.push(Correction {
                date: correction.date.into_inner(),
                text: correction.text.into_inner(),
            });
        }
        corrections.sort_by_key(|correction| correction.date);
        let image = match meta.image {
            Some(image) => {
                let line = line_of(image.span());
                let image = image.into_inner();
                if image.alt.get_ref().trim().is_empty() {
                    return Err(fail(
                        "`image` needs its `alt`: what the image shows, for readers who cannot see it".into(),
                        image.alt.span(),
                    ));
                }
                let src = image.src.get_ref();
                let local = src.starts_with('/') && !src.starts_with("//") && !src.contains("..");
                if !local && check_url(&file.path, src).is_err() {
                    return Err(fail(
                        format!(
                            "`image.src = \"{src}\"`: expected /images/NAME (a file in static/images/) or https://…"
                        ),
                        image.src.span(),
                    ));
                }
                Some(LeadImage {
                    src: image.src.into_inner(),
                    alt: image.alt.into_inner(),
                    caption: image.caption,
                    credit: image.credit,
                    line,
                })
            }
            None => None,
        };
        Ok(Article {
            image,
            authors_line: meta.authors.as_ref().map(|authors| line_of(authors.span())),
            authors: meta.authors.map(Spanned::into_inner).unwrap_or_default(),
            tags_line: meta.tags.first().map(|tag| line_of(tag.span())),
            updated,
            corrections,
            path: file.path.clone(),
            stem: file.stem.clone(),
            lang: file.lang.clone(),
            title: meta.title.into_inner(),
            date: meta.date.into_inner(),
            summary: meta.summary.map(Spanned::into_inner).unwrap_or_default(),
            draft: meta.draft,
            event_line: meta.event.as_ref().map(|event| {
                crate::error::line_column(split.front_matter, event.span().start).0
                    + split.front_matter_line
                    - 1
            }),
            event: meta.event.map(Spanned::into_inner),
            tags: meta.tags.into_iter().map(Spanned::into_inner).collect(),
            states_line: meta.states.as_ref().map(|states| {
                crate::error::line_column(split.front_matter, states.span().start).0
                    + split.front_matter_line
                    - 1
            }),
            states: meta.states.map(Spanned::into_inner).unwrap_or_default(),
            source,
            translation_pending: meta.translation == Some(Translation::Pending),
            lint_allow,
            body_line: split.body_line,
            body_start: text.len() - split.body.len(),
            text,
        })
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn error_line(front_matter: &str) -> Option<usize> {
        let file = ContentFile {
            path: "content/articles/a.en.md".into(),
            stem: "a".into(),
            lang: "en".into(),
        };
        let text = format!("+++\n{front_matter}+++\n\nBody\n");
        Article::parse(&file, text).expect_err("invalid").line
    }

    #[test]
    fn the_event_keeps_its_line() {
        let file = ContentFile {
            path: "content/articles/a.en.md".into(),
            stem: "a".into(),
            lang: "en".into(),
        };
        let text = "+++\ntitle = \"t\"\ndate = 2025-01-01\n\nevent = \"adoption\"\n+++\nBody\n";
        let article = Article::parse(&file, text.to_owned()).expect("valid");
        assert_eq!(article.event.as_deref(), Some("adoption"));
        assert_eq!(article.event_line, Some(5));
        assert_eq!(article.body(), "Body\n");
        assert_eq!(article.body_line, 7);
    }

    #[test]
    fn checks_after_parsing_name_the_line_to_fix() {
        assert_eq!(error_line("date = 2025-01-01\n\ntitle = \" \"\n"), Some(4));
        assert_eq!(error_line("title = \"t\"\ndate = \"2025-01\"\n"), Some(3));
        assert_eq!(
            error_line("title = \"t\"\ndate = 2025-01-01\ntags = [\"a\",\n  \"\"]\n"),
            Some(5)
        );
        assert_eq!(
            error_line("title = \"t\"\ndate = 2025-01-01\nsummary = \"bell \\u0007\"\n"),
            Some(4)
        );
        assert_eq!(
            error_line("title = \"t\"\ndate = 2025-01-01\ntags = [\"a\",\n  \"\\u0000\"]\n"),
            Some(5)
        );
        assert_eq!(
            error_line(
                "title = \"t\"\ndate = 2025-01-01\n[source]\nname = \"\\u0000\"\nurl = \"https://x.org/\"\n"
            ),
            Some(5)
        );
        assert_eq!(
            error_line("title = \"t\"\ndate = 2025-01-01\n[source]\nname = \"n\"\nurl = \"x\"\n"),
            Some(6)
        );
    }
}
