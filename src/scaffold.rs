//! `accord new`: the files of a new article or timeline event, one per language of `site.toml`,
//! with their front matter filled in. Nothing is ever overwritten: if any of the files exists,
//! none is written.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::{Config, Language};
use crate::content::{ARTICLES_DIR, ContentFile, EventKind, TIMELINE_DIR, discover};
use crate::date::PartialDate;
use crate::error::Diagnostic;
use crate::paths::SitePaths;

/// The kinds an event can have, as front matter names them.
pub const EVENT_KINDS: [&str; 7] = [
    "proposal",
    "resolution",
    "negotiation",
    "adoption",
    "signature",
    "ratification",
    "entry-into-force",
];

/// The kind `accord new event` writes when `--kind` is not given: most events still to come are
/// deposits of instruments.
pub const DEFAULT_EVENT_KIND: &str = "ratification";

/// `accord new article`.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// The site's folder.
    pub root: PathBuf,
    /// The article's stem: its file names and URL slug.
    pub stem: String,
    /// The timeline event it reports on; it must exist.
    pub event: Option<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its date (today, from the command line).
    pub date: PartialDate,
}

/// `accord new event`.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// The site's folder.
    pub root: PathBuf,
    /// The event's id: its file names and anchor.
    pub id: String,
    /// When it happened, at the precision the sources support.
    pub date: PartialDate,
    /// What kind of step it is, one of [`EVENT_KINDS`].
    pub kind: String,
}

/// Today's date (UTC).
pub fn today() -> PartialDate {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    PartialDate::from_unix_days((seconds / 86_400) as i64)
}

/// Writes `content/articles/{stem}.{lang}.md` for every language as a draft; returns the paths
/// written.
pub fn new_article(new: &NewArticle) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let (paths, config) = open(&new.root)?;
    check_stem(&new.stem, "article")?;
    let mut errors = Vec::new();
    let tags: Vec<&str> = new.tags.iter().map(|tag| tag.trim()).collect();
    if tags.iter().any(|tag| tag.is_empty()) {
        errors.push(Diagnostic::error(
            "`--tags` has an empty tag: separate tags with commas, e.g. --tags morocco,signature",
        ));
    }
    if let Some(event) = &new.event {
        let events = stems(&paths.content.join(TIMELINE_DIR), &config, &mut errors);
        if !events.iter().any(|file| &file.stem == event) {
            let mut ids: Vec<&str> = events.iter().map(|file| file.stem.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            errors.push(Diagnostic::error(format!(
                "`--event {event}` names no timeline event in {}: the events are {}",
                paths.content.join(TIMELINE_DIR).display(),
                if ids.is_empty() {
                    "none yet (create one with `accord new event`)".to_owned()
                } else {
                    ids.join(", ")
                }
            )));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let folder = paths.content.join(ARTICLES_DIR);
    let files = config
        .languages
        .iter()
        .map(|language| {
            let text = article_text(new, &tags, language, &config);
            (
                folder.join(format!("{}.{}.md", new.stem, language.code)),
                text,
            )
        })
        .collect();
    write_all(&folder, &new.stem, &config, files)
}

/// Writes `content/timeline/{id}.{lang}.md` for every language; returns the paths written.
pub fn new_event(new: &NewEvent) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let (paths, config) = open(&new.root)?;
    check_stem(&new.id, "event")?;
    if event_kind(&new.kind).is_none() {
        return Err(vec![Diagnostic::error(format!(
            "`--kind {}` is not a kind of event: use one of {}",
            new.kind,
            EVENT_KINDS.join(", ")
        ))]);
    }
    let folder = paths.content.join(TIMELINE_DIR);
    let files = config
        .languages
        .iter()
        .map(|language| {
            let text = event_text(new, language, &config);
            (
                folder.join(format!("{}.{}.md", new.id, language.code)),
                text,
            )
        })
        .collect();
    write_all(&folder, &new.id, &config, files)
}

/// The kind called `name`.
pub fn event_kind(name: &str) -> Option<EventKind> {
    use serde::Deserialize;
    use serde::de::value::{Error, StrDeserializer};
    EventKind::deserialize(StrDeserializer::<Error>::new(name)).ok()
}

fn open(root: &Path) -> Result<(SitePaths, Config), Vec<Diagnostic>> {
    let paths = SitePaths::open(root).map_err(|error| vec![error])?;
    let config = Config::load(&paths.config).map_err(|error| vec![error])?;
    Ok((paths, config))
}

/// A stem must be a URL slug, the same in every language.
fn check_stem(stem: &str, what: &str) -> Result<(), Vec<Diagnostic>> {
    let valid = !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(vec![Diagnostic::error(format!(
            "`{stem}` cannot name an {what}: use lowercase ASCII letters, digits and hyphens, e.g. morocco-signs (it is the URL slug in every language)"
        ))])
    }
}

/// The content files below `dir` (none if it does not exist yet).
fn stems(dir: &Path, config: &Config, errors: &mut Vec<Diagnostic>) -> Vec<ContentFile> {
    if dir.is_dir() {
        discover(dir, config, errors)
    } else {
        Vec::new()
    }
}

/// Writes every file, or none: each must be new, and no file below `folder` may already have
/// the stem (in a subfolder, it would map to the same page).
fn write_all(
    folder: &Path,
    stem: &str,
    config: &Config,
    files: Vec<(PathBuf, String)>,
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut ignored = Vec::new();
    let mut existing: Vec<PathBuf> = stems(folder, config, &mut ignored)
        .into_iter()
        .filter(|file| file.stem == stem)
        .map(|file| file.path)
        .collect();
    for (path, _) in &files {
        if path.exists() && !existing.contains(path) {
            existing.push(path.clone());
        }
    }
    if !existing.is_empty() {
        existing.sort();
        return Err(existing
            .iter()
            .map(|path| {
                Diagnostic::in_file(
                    path,
                    format!(
                        "already exists: `{stem}` is taken, nothing was written (choose another name, or edit the existing files)"
                    ),
                )
            })
            .collect());
    }
    fs::create_dir_all(folder).map_err(|error| {
        vec![Diagnostic::in_file(
            folder,
            format!("cannot create the folder: {error}"),
        )]
    })?;
    let mut written = Vec::new();
    for (path, text) in files {
        let result = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| file.write_all(text.as_bytes()));
        if let Err(error) = result {
            // All or nothing: take back what this command wrote.
            for done in &written {
                let _ = fs::remove_file(done);
            }
            return Err(vec![Diagnostic::in_file(
                &path,
                format!("cannot write: {error}; nothing was written"),
            )]);
        }
        written.push(path);
    }
    Ok(written)
}

/// A TOML string holding `text`.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// "Morocco signs" from `morocco-signs`.
fn title_from_stem(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The title and first paragraph of a file in `language`: the default language's are ready to
/// edit; the others ask for the translation.
fn placeholders(
    stem: &str,
    folder: &str,
    language: &Language,
    config: &Config,
    what: &str,
) -> (String, String) {
    let title = title_from_stem(stem);
    let original = format!("content/{folder}/{stem}.{}.md", config.default_language);
    if language.code == config.default_language {
        let body = match what {
            "article" => "Write the article here, in Markdown.".to_owned(),
            _ => "What happened, in the site's own words.".to_owned(),
        };
        (title, body)
    } else if language.code == "ar" {
        (
            format!("{title} (يُرجى ترجمة العنوان)"),
            format!("يُرجى كتابة النص بالعربية هنا، ترجمةً للملف {original}."),
        )
    } else {
        (
            format!("{title} (translate this title into {})", language.name),
            format!("Translate {original} into {} here.", language.name),
        )
    }
}

fn article_text(new: &NewArticle, tags: &[&str], language: &Language, config: &Config) -> String {
    let (title, body) = placeholders(&new.stem, ARTICLES_DIR, language, config, "article");
    let mut front = format!(
        "title = {}\ndate = {}\n# summary = \"One or two sentences for lists and feeds.\"\ndraft = true    # delete this line to publish\n",
        quoted(&title),
        new.date
    );
    if let Some(event) = &new.event {
        front.push_str(&format!("event = {}\n", quoted(event)));
    }
    if !tags.is_empty() {
        let tags: Vec<String> = tags.iter().map(|tag| quoted(tag)).collect();
        front.push_str(&format!("tags = [{}]\n", tags.join(", ")));
    }
    front.push_str(
        "\n# [source]    # the original publication, credited on the page\n# name = \"…\"\n# url = \"https://…\"\n",
    );
    format!("+++\n{front}+++\n\n{body}\n")
}

fn event_text(new: &NewEvent, language: &Language, config: &Config) -> String {
    let (title, body) = placeholders(&new.id, TIMELINE_DIR, language, config, "event");
    format!(
        "+++\ntitle = {}\ndate = \"{}\"\nkind = {}\n\n[[sources]]    # at least one: replace with this event's own source\ntitle = \"UN Treaty Collection, chapter XVIII-16\"\nurl = \"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18&clang=_en\"\n+++\n\n{body}\n",
        quoted(&title),
        new.date,
        quoted(&new.kind)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_stems() {
        assert_eq!(title_from_stem("morocco-signs"), "Morocco signs");
        assert_eq!(title_from_stem("un_vote-2024"), "Un vote 2024");
    }

    #[test]
    fn every_kind_name_is_a_kind() {
        for name in EVENT_KINDS {
            assert_eq!(event_kind(name).map(EventKind::as_str), Some(name));
        }
        assert!(event_kind(DEFAULT_EVENT_KIND).is_some());
        assert!(event_kind("signing").is_none());
    }

    #[test]
    fn today_is_a_full_date() {
        assert!(today().to_string().len() == 10);
    }
}
