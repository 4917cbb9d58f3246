//! Content: finding and parsing the articles, timeline events and treaty data under `content/`.
//!
//! Files are named `{stem}.{lang}.md`; the stem links translations and is the URL slug in every
//! language. Parsing runs in parallel; every bad file is reported, not just the first.

pub mod article;
pub mod front_matter;
pub mod lint;
pub mod participants;
pub mod timeline;
pub mod treaty;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Deserialize;

pub use article::Article;
pub use lint::Lint;
pub use timeline::{Event, EventKind};
pub use treaty::Treaty;

use crate::config::Config;
use crate::error::{Diagnostic, sorted};
use crate::source::read_text;
pub use crate::walk::is_editor_temp_file;
use crate::walk::{compare_in_walk_order, files_below_unordered};

/// A titled link to a source.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// What the source is called.
    pub title: String,
    /// Its address.
    pub url: String,
}

/// A [`Link`] as written, with the place of each field so checks can name the line to fix.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLink {
    title: toml::Spanned<String>,
    url: toml::Spanned<String>,
}

impl RawLink {
    /// Checks the link; `text` is the TOML it came from, starting on line `first_line` of `path`.
    pub(crate) fn check(
        self,
        path: &Path,
        text: &str,
        first_line: usize,
    ) -> Result<Link, Diagnostic> {
        if self.title.get_ref().trim().is_empty() {
            return Err(
                Diagnostic::in_file(path, "a source has an empty `title`").at_offset(
                    text,
                    self.title.span().start,
                    first_line,
                ),
            );
        }
        article::check_url(path, self.url.get_ref())
            .map_err(|error| error.at_offset(text, self.url.span().start, first_line))?;
        Ok(Link {
            title: self.title.into_inner(),
            url: self.url.into_inner(),
        })
    }
}

/// A content file, with the stem and language read from its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFile {
    /// Where it is.
    pub path: PathBuf,
    /// The shared name of its translations.
    pub stem: String,
    /// Its language code.
    pub lang: String,
}

/// Everything under `content/`, parsed.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Articles in every language, drafts included only when asked for.
    pub articles: Vec<Article>,
    /// Timeline events in every language, in date order.
    pub events: Vec<Event>,
    /// The treaty's status, if `content/treaty.toml` exists.
    pub treaty: Option<Treaty>,
}

/// The folder of articles below `content/`.
pub const ARTICLES_DIR: &str = "articles";
/// The folder of timeline events below `content/`.
pub const TIMELINE_DIR: &str = "timeline";
/// The treaty status file below `content/`.
pub const TREATY_FILE: &str = "treaty.toml";

impl Content {
    /// Loads all content below `content_dir`; the error lists every bad file.
    pub fn load(
        content_dir: &Path,
        config: &Config,
        include_drafts: bool,
    ) -> Result<Content, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let article_files = discover(&content_dir.join(ARTICLES_DIR), config, &mut errors);
        let event_files = discover(&content_dir.join(TIMELINE_DIR), config, &mut errors);

        let articles = parse_all(&article_files, Article::parse, &mut errors);
        let articles: Vec<Article> = articles
            .into_iter()
            .filter(|article| include_drafts || !article.draft)
            .collect();
        let events = parse_all(&event_files, Event::parse, &mut errors);

        let treaty_path = content_dir.join(TREATY_FILE);
        let treaty = if treaty_path.exists() {
            Treaty::load(&treaty_path, config)
                .map_err(|error| errors.push(error))
                .ok()
        } else {
            None
        };

        errors.extend(unknown_events(&articles, &events));

        if !errors.is_empty() {
            return Err(sorted(errors));
        }
        let mut content = Content {
            articles,
            events,
            treaty,
        };
        content.sort();
        Ok(content)
    }

    /// Puts articles newest first and events oldest first, as pages list them; translations
    /// of one date and name come in the order of their files' names, so the order never
    /// depends on how the folders listed the files.
    pub fn sort(&mut self) {
        self.articles.par_sort_unstable_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.stem.cmp(&b.stem))
                .then_with(|| compare_in_walk_order(&a.path, &b.path))
        });
        self.events.sort_unstable_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| a.id.cmp(&b.id))
                .then_with(|| compare_in_walk_order(&a.path, &b.path))
        });
    }

    /// Reports content that exists in some languages but not all: a `missing-translation`
    /// warning, a note when an article of the set says `translation = "pending"`, an allowed
    /// line when one of its files has `lint.allow = ["missing-translation"]`.
    pub fn missing_translations(&self, config: &Config) -> Vec<Diagnostic> {
        /// The files of one set of translations.
        #[derive(Default)]
        struct Set<'a> {
            paths: Vec<&'a Path>,
            langs: Vec<&'a str>,
            pending: bool,
            allow: Vec<Lint>,
        }
        let mut sets: BTreeMap<(&str, &str), Set> = BTreeMap::new();
        for article in &self.articles {
            let set = sets.entry(("article", &article.stem)).or_default();
            set.paths.push(&article.path);
            set.langs.push(&article.lang);
            set.pending |= article.translation_pending;
            set.allow.extend(&article.lint_allow);
        }
        for event in &self.events {
            let set = sets.entry(("event", &event.id)).or_default();
            set.paths.push(&event.path);
            set.langs.push(&event.lang);
            set.allow.extend(&event.lint_allow);
        }
        let mut found = Vec::new();
        for ((kind, stem), set) in sets {
            for code in config.language_codes() {
                if set.langs.contains(&code) {
                    continue;
                }
                let name = config.language(code).map_or(code, |l| l.name.as_str());
                let path = set.paths[0];
                found.push(if set.pending {
                    Diagnostic::note(
                        path,
                        format!(
                            "this {kind}'s {name} translation is pending (`translation = \"pending\"`): the page says it is coming [{}]",
                            Lint::MissingTranslation
                        ),
                    )
                } else {
                    Lint::MissingTranslation.warning(
                        path,
                        format_args!(
                            "this {kind} has no {name} translation (expected a file `{stem}.{code}.md` beside it)"
                        ),
                        &set.allow,
                    )
                });
            }
        }
        found
    }
}

/// An error, at its line, for each article whose `event` names no event of `events`: the one
/// check that both a full load and the preview's partial update make.
pub fn unknown_events(articles: &[Article], events: &[Event]) -> Vec<Diagnostic> {
    articles
        .iter()
        .filter_map(|article| {
            let event = article.event.as_ref()?;
            if events.iter().any(|e| &e.id == event) {
                return None;
            }
            let error = Diagnostic::in_file(
                &article.path,
                format!(
                    "`event = \"{event}\"` names no timeline event: expected the stem of a file in content/{TIMELINE_DIR}/"
                ),
            );
            Some(match article.event_line {
                Some(line) => error.at(line, None),
                None => error,
            })
        })
        .collect()
}

/// Reads and parses `files` in parallel, moving their errors to `errors`.
pub fn parse_all<T: Send>(
    files: &[ContentFile],
    parse: fn(&ContentFile, String) -> Result<T, Diagnostic>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let results: Vec<Result<T, Diagnostic>> = files
        .par_iter()
        .map(|file| read_text(&file.path).and_then(|text| parse(file, text)))
        .collect();
    keep_ok(results, errors)
}

/// The values of `results` in order, their errors moved to `errors`.
fn keep_ok<T>(results: Vec<Result<T, Diagnostic>>, errors: &mut Vec<Diagnostic>) -> Vec<T> {
    let mut kept = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => kept.push(value),
            Err(error) => errors.push(error),
        }
    }
    kept
}

/// Lists the `.md` files below `dir` (recursively, following links), reading stem and language
/// from each name; a name that maps to the same page as another is an error. The files come in
/// no particular order ([`Content::sort`] orders what they hold); names are read in parallel,
/// since a folder can hold tens of thousands of articles.
pub fn discover(dir: &Path, config: &Config, errors: &mut Vec<Diagnostic>) -> Vec<ContentFile> {
    let entries = files_below_unordered(dir, errors);
    let named: Vec<Result<ContentFile, Diagnostic>> = entries
        .par_iter()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy();
            let base = name.strip_suffix(".md")?;
            Some(match parse_file_name(base, config) {
                Ok((stem, lang)) => Ok(ContentFile {
                    path: entry.path().to_path_buf(),
                    stem,
                    lang,
                }),
                Err(message) => Err(Diagnostic::in_file(entry.path(), message)),
            })
        })
        .collect();
    let files = keep_ok(named, errors);
    // Of files that share a page, the first in name order keeps it and each other one is the
    // error, whatever order the folder listed them in.
    let mut first_of: FxHashMap<(&str, &str), &Path> = FxHashMap::default();
    for file in &files {
        first_of
            .entry((&file.stem, &file.lang))
            .and_modify(|first| {
                if compare_in_walk_order(&file.path, first).is_lt() {
                    *first = &file.path;
                }
            })
            .or_insert(&file.path);
    }
    for file in &files {
        let first = first_of[&(file.stem.as_str(), file.lang.as_str())];
        if first != file.path {
            errors.push(Diagnostic::in_file(
                &file.path,
                format!(
                    "maps to the same page as {}: two files cannot share the stem `{}` in language `{}`",
                    first.display(),
                    file.stem,
                    file.lang
                ),
            ));
        }
    }
    files
}

/// Reads `stem.lang` (or `stem`, in the default language) from a file name without `.md`.
pub fn parse_file_name(base: &str, config: &Config) -> Result<(String, String), String> {
    let (stem, lang) = match base.rsplit_once('.') {
        Some((stem, lang)) => (stem, lang),
        None => (base, config.default_language.as_str()),
    };
    if config.language(lang).is_none() {
        let known: Vec<&str> = config.language_codes().collect();
        return Err(format!(
            "unknown language suffix `.{lang}`: the site's languages are {} (name files like `{stem}.{}.md`)",
            known.join(", "),
            config.default_language
        ));
    }
    let valid = !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !valid {
        return Err(format!(
            "the name `{stem}` cannot be a URL slug: use lowercase ASCII letters, digits and hyphens (the slug is shared by all languages)"
        ));
    }
    Ok((stem.to_owned(), lang.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            "base_url = \"https://e.org\"\ndefault_language = \"en\"\n[languages.en]\nname = \"English\"\nlocale = \"en-GB\"\ndirection = \"ltr\"\ntitle = \"t\"\ndescription = \"d\"\n[languages.ar]\nname = \"العربية\"\nlocale = \"ar-MA\"\ndirection = \"rtl\"\ntitle = \"t\"\ndescription = \"d\"\n",
            Path::new("site.toml"),
        )
        .expect("valid config")
    }

    #[test]
    fn files_sharing_a_page_name_the_first_in_name_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        for path in ["b/x.en.md", "a/x.en.md", "x.md", "y.ar.md", "y.en.md"] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "+++\n+++\n").expect("write");
        }
        let mut errors = Vec::new();
        let files = discover(dir.path(), &config(), &mut errors);
        assert_eq!(files.len(), 5);
        let mut refused: Vec<(String, String)> = errors
            .iter()
            .map(|error| {
                let file = error.file.as_deref().expect("file");
                let relative = file.strip_prefix(dir.path()).expect("below");
                let first = error.message.split(" as ").nth(1).expect("names the first");
                let first = first.split(':').next().expect("path");
                let first = Path::new(first).strip_prefix(dir.path()).expect("below");
                (relative.display().to_string(), first.display().to_string())
            })
            .collect();
        refused.sort();
        // `a/x.en.md` comes first by name (folders before the files beside them sort by name
        // too: `a/` < `b/` < `x.md`), whatever order the folder listed them in.
        assert_eq!(
            refused,
            [
                ("b/x.en.md".to_owned(), "a/x.en.md".to_owned()),
                ("x.md".to_owned(), "a/x.en.md".to_owned()),
            ]
        );
    }

    #[test]
    fn articles_of_one_date_sort_by_stem_then_file_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let articles = dir.path().join(ARTICLES_DIR);
        std::fs::create_dir(&articles).expect("mkdir");
        for (name, date) in [
            ("k.en.md", "2025-10-25"),
            ("j.en.md", "2025-10-25"),
            ("k.ar.md", "2025-10-25"),
            ("old.en.md", "2024-12-24"),
        ] {
            let text = format!("+++\ntitle = \"t\"\ndate = {date}\n+++\nBody\n");
            std::fs::write(articles.join(name), text).expect("write");
        }
        let content = Content::load(dir.path(), &config(), false).expect("loads");
        let order: Vec<String> = content
            .articles
            .iter()
            .map(|article| format!("{}.{}", article.stem, article.lang))
            .collect();
        assert_eq!(order, ["j.en", "k.ar", "k.en", "old.en"]);
    }

    #[test]
    fn file_names_give_stem_and_language() {
        let config = config();
        assert_eq!(
            parse_file_name("morocco-signs.ar", &config),
            Ok(("morocco-signs".into(), "ar".into()))
        );
        assert_eq!(
            parse_file_name("hello", &config),
            Ok(("hello".into(), "en".into()))
        );
        assert!(
            parse_file_name("hello.fr", &config)
                .unwrap_err()
                .contains("`.fr`")
        );
        assert!(
            parse_file_name("Hello World.en", &config)
                .unwrap_err()
                .contains("slug")
        );
    }
}
