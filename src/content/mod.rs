//! Content: finding and parsing the articles, timeline events and treaty data under `content/`.
//!
//! Files are named `{stem}.{lang}.md`; the stem links translations and is the URL slug in every
//! language. Parsing runs in parallel; every bad file is reported, not just the first.

pub mod article;
pub mod authors;
mod control_characters;
pub mod front_matter;
mod labels;
mod link;
pub mod lint;
pub mod participants;
pub mod tags;
pub mod timeline;
pub mod treaty;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub use article::Article;
pub use authors::{AUTHORS_FILE, Author, Authors};
pub use lint::Lint;
pub use participants::{PARTICIPANTS_FILE, Participant, Participants};
pub use tags::{TAGS_FILE, Tags};
pub use timeline::{Event, EventKind};
pub use treaty::Treaty;

pub(crate) use control_characters::refuse_control_characters;
pub use link::Link;
pub(crate) use link::RawLink;

use crate::config::Config;
use crate::error::{Diagnostic, sorted};
use crate::source::read_text;
pub use crate::walk::is_editor_temp_file;
use crate::walk::{compare_in_walk_order, files_below_unordered};

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
    /// The treaty's constants, if `content/treaty.toml` exists.
    pub treaty: Option<Treaty>,
    /// Who signed and deposited, if `content/participants.toml` exists.
    pub participants: Option<Participants>,
    /// Who writes, if `content/authors.toml` exists.
    pub authors: Option<Authors>,
    /// The tags' labels, if `content/tags.toml` exists (without it, tags are shown as written).
    pub tags: Option<Tags>,
}

/// The folder of articles below `content/`.
pub const ARTICLES_DIR: &str = "articles";
/// The folder of timeline events below `content/`.
pub const TIMELINE_DIR: &str = "timeline";
/// The treaty's constants below `content/`.
pub const TREATY_FILE: &str = "treaty.toml";

/// `content/participants.toml`, checked against the treaty's adoption date; it needs
/// `treaty.toml` beside it.
fn load_participants(
    content_dir: &Path,
    treaty: Option<&Treaty>,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> Option<Participants> {
    let path = content_dir.join(PARTICIPANTS_FILE);
    if !path.exists() {
        return None;
    }
    let Some(treaty) = treaty else {
        if !content_dir.join(TREATY_FILE).exists() {
            errors.push(Diagnostic::in_file(
                &path,
                "participants need content/treaty.toml beside them (its adoption date, threshold and delay)",
            ));
        }
        return None;
    };
    let languages: Vec<&str> = config.language_codes().collect();
    Participants::load(&path, treaty.adopted, &languages)
        .map_err(|found| errors.extend(found))
        .ok()
}

/// An error, at its line, for each article whose `authors` or `tags` name an id the authors or
/// tags file does not define (tags are free labels only on a site without `tags.toml`).
fn unknown_authors_and_tags(
    articles: &[Article],
    authors: Option<&Authors>,
    tags: Option<&Tags>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for article in articles {
        let at = |line: Option<usize>, message: String| {
            let error = Diagnostic::in_file(&article.path, message);
            match line {
                Some(line) => error.at(line, None),
                None => error,
            }
        };
        for id in &article.authors {
            let known = authors.is_some_and(|authors| authors.by_id.contains_key(id));
            if !known {
                errors.push(at(
                    article.authors_line,
                    format!(
                        "`authors` names `{id}`, which content/{AUTHORS_FILE} does not define: add [{id}] with name = {{ en = \"…\", ar = \"…\" }} there, or use one of its ids"
                    ),
                ));
            }
        }
        if let Some(tags) = tags {
            for tag in &article.tags {
                if !tags.labels.contains_key(tag) {
                    errors.push(at(
                        article.tags_line,
                        format!(
                            "the tag `{tag}` is not defined in content/{TAGS_FILE}: add {tag} = {{ en = \"…\", ar = \"…\" }} there, or use one of its ids"
                        ),
                    ));
                }
            }
        }
    }
    errors
}

/// An error, at its line, for each article or event whose `states` names a code that is not in
/// `participants.toml`.
fn unknown_states(
    articles: &[Article],
    events: &[Event],
    participants: &Participants,
) -> Vec<Diagnostic> {
    let named = articles
        .iter()
        .map(|a| (&a.path, &a.states, a.states_line))
        .chain(events.iter().map(|e| (&e.path, &e.states, e.states_line)));
    let mut errors = Vec::new();
    for (path, states, line) in named {
        for code in states {
            if participants.get(code).is_none() {
                let error = Diagnostic::in_file(
                    path,
                    format!(
                        "`states` names `{code}`, which is not in content/{PARTICIPANTS_FILE}: use a participant's code, e.g. states = [\"MA\"]"
                    ),
                );
                errors.push(match line {
                    Some(line) => error.at(line, None),
                    None => error,
                });
            }
        }
    }
    errors
}

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
            Treaty::load(&treaty_path)
                .map_err(|error| errors.push(error))
                .ok()
        } else {
            None
        };
        let participants = load_participants(content_dir, treaty.as_ref(), config, &mut errors);
        let languages: Vec<&str> = config.language_codes().collect();
        let optional = |name: &str| Some(content_dir.join(name)).filter(|path| path.exists());
        let authors = optional(AUTHORS_FILE).and_then(|path| {
            Authors::load(&path, &languages)
                .map_err(|found| errors.extend(found))
                .ok()
        });
        let tags = optional(TAGS_FILE).and_then(|path| {
            Tags::load(&path, &languages)
                .map_err(|found| errors.extend(found))
                .ok()
        });
        errors.extend(unknown_authors_and_tags(
            &articles,
            authors.as_ref(),
            tags.as_ref(),
        ));

        errors.extend(unknown_events(&articles, &events));
        if let Some(participants) = &participants {
            errors.extend(unknown_states(&articles, &events, participants));
        }

        if !errors.is_empty() {
            return Err(sorted(errors));
        }
        let mut content = Content {
            articles,
            events,
            treaty,
            participants,
            authors,
            tags,
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
    fn control_characters_are_refused_in_any_string_at_its_line() {
        let refused = |text: &str| {
            refuse_control_characters(Path::new("f.toml"), text, 2)
                .expect_err("refused")
                .to_string()
        };
        let tags = refused("title = \"t\"\ntags = [\"a\",\n  \"b\\u0000\"]\n");
        assert!(tags.starts_with("error: f.toml:4:"), "{tags}");
        assert!(
            tags.contains("`tags` contains the control character U+0000"),
            "{tags}"
        );
        assert!(tags.contains("remove it"), "{tags}");
        let nested = refused("[source]\nname = \"n\\b\"\nurl = \"u\"\n");
        assert!(
            nested.contains("f.toml:3:") && nested.contains("`source.name`"),
            "{nested}"
        );
        let inline = refused("note = { en = \"ok\", ar = \"\\u001b\" }\n");
        assert!(
            inline.contains("`note.ar`") && inline.contains("U+001B"),
            "{inline}"
        );
        let key = refused("\"k\\u0001\" = 1\n");
        assert!(key.contains("the key `k\u{1}`"), "{key}");
        // The first in the text, not in key order.
        let first = refused("z = \"\\u0002\"\na = \"\\u0003\"\n");
        assert!(
            first.contains("`z`") && first.contains("f.toml:2:"),
            "{first}"
        );
        for fine in [
            "a = \"tab\\t and \\n\"\n",
            "a = 'c:\\path'\n",
            "not = toml = 1",
        ] {
            assert!(
                refuse_control_characters(Path::new("f.toml"), fine, 1).is_ok(),
                "{fine}"
            );
        }
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
