//! Changing a loaded [`Site`] in place, for the preview: the content loaded again, or only the
//! article files that changed read again, each with the undo the preview needs when the pages
//! they affect then fail to render.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Site;
use crate::content::{
    ARTICLES_DIR, Article, Content, ContentFile, discover, is_editor_temp_file, parse_file_name,
    unknown_events,
};
use crate::error::{BuildError, Diagnostic, sorted};
use crate::source::read_text;

/// What a change did to the site, with what it takes to undo it.
#[derive(Debug, Default)]
pub struct Applied {
    /// The articles that were taken out (old versions of edited files, deleted files).
    pub removed: Vec<Article>,
    /// The articles that were put in (new versions, new files).
    pub added: Vec<Article>,
    /// When all content was loaded again: what it replaced.
    previous_content: Option<Box<Content>>,
}

impl Site {
    /// Loads `content/` again, keeping settings, templates and strings.
    pub fn reload_content(&mut self, include_drafts: bool) -> Result<Applied, BuildError> {
        let content = Content::load(&self.paths.content, &self.config, include_drafts)?;
        let previous = std::mem::replace(&mut self.content, content);
        self.reindex();
        Ok(Applied {
            previous_content: Some(Box::new(previous)),
            ..Applied::default()
        })
    }

    /// Reads again the article files at `changed` (paths relative to the root: files, present or
    /// gone, or folders standing for every file below them). Nothing changes on error.
    pub fn apply_article_changes(
        &mut self,
        changed: &BTreeSet<PathBuf>,
        include_drafts: bool,
    ) -> Result<Applied, BuildError> {
        let targets: Vec<PathBuf> = changed.iter().map(|p| self.paths.root.join(p)).collect();

        // What is on disk now at the changed paths.
        let mut errors = Vec::new();
        let mut files: BTreeMap<PathBuf, ContentFile> = BTreeMap::new();
        for target in &targets {
            for file in self.article_files_at(target, &mut errors) {
                files.insert(file.path.clone(), file);
            }
        }
        // A file the site did not have may share its page with another, draft or not: check
        // names the way a full load does. An edit in place cannot, so it skips the walk.
        let known = |file: &ContentFile| {
            self.article(&file.lang, &file.stem)
                .is_some_and(|article| article.path == file.path)
        };
        if !files.values().all(known) {
            discover(
                &self.paths.content.join(ARTICLES_DIR),
                &self.config,
                &mut errors,
            );
        }
        let parsed: Vec<Result<Article, Diagnostic>> = files
            .values()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|file| read_text(&file.path).and_then(|text| Article::parse(file, text)))
            .collect();
        let mut added = Vec::new();
        for result in parsed {
            match result {
                Ok(article) if include_drafts || !article.draft => added.push(article),
                Ok(_) => {}
                Err(error) => errors.push(error),
            }
        }
        errors.extend(unknown_events(&added, &self.content.events));
        if !errors.is_empty() {
            return Err(sorted(errors).into());
        }

        // Taken out in place: moving 20,000 articles into new lists cost a preview save 20 ms.
        // A byte prefix is a cheap first test before comparing path components.
        let articles = &mut self.content.articles;
        let mut removed = Vec::new();
        let mut index = 0;
        while index < articles.len() {
            let path = &articles[index].path;
            let affected = targets.iter().any(|target| {
                path.as_os_str()
                    .as_encoded_bytes()
                    .starts_with(target.as_os_str().as_encoded_bytes())
                    && path.starts_with(target)
            });
            if affected {
                // The order is restored by the sort below.
                removed.push(articles.swap_remove(index));
            } else {
                index += 1;
            }
        }
        articles.extend(added.iter().cloned());
        self.content.sort();
        self.reindex();
        Ok(Applied {
            removed,
            added,
            previous_content: None,
        })
    }

    /// Puts the site back as it was before `applied`.
    pub fn undo(&mut self, applied: Applied) {
        if let Some(previous) = applied.previous_content {
            self.content = *previous;
        } else {
            let added: HashSet<PathBuf> = applied.added.into_iter().map(|a| a.path).collect();
            self.content
                .articles
                .retain(|article| !added.contains(&article.path));
            self.content.articles.extend(applied.removed);
            self.content.sort();
        }
        self.reindex();
    }

    /// The article files at `target`: the file itself, every file below a folder, or none if
    /// gone.
    fn article_files_at(&self, target: &Path, errors: &mut Vec<Diagnostic>) -> Vec<ContentFile> {
        if target.is_dir() {
            let mut found = Vec::new();
            let files = discover(target, &self.config, &mut found);
            // Duplicates are judged over the whole folder later; keep only naming errors here.
            errors.extend(
                found
                    .into_iter()
                    .filter(|error| !error.message.starts_with("maps to the same page")),
            );
            return files;
        }
        let Some(name) = target.file_name().map(|name| name.to_string_lossy()) else {
            return Vec::new();
        };
        let Some(base) = name.strip_suffix(".md") else {
            return Vec::new();
        };
        if !target.is_file() || is_editor_temp_file(&name) {
            return Vec::new();
        }
        match parse_file_name(base, &self.config) {
            Ok((stem, lang)) => vec![ContentFile {
                path: target.to_path_buf(),
                stem,
                lang,
            }],
            Err(message) => {
                errors.push(Diagnostic::in_file(target, message));
                Vec::new()
            }
        }
    }
}
