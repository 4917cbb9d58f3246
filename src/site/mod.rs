//! The loaded site: settings, content, localisation and templates, read once and shared by every
//! page render. [`changes`] updates it in place for the preview, with an undo.

pub mod changes;
pub mod listings;

use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::config::{BaseUrl, Config};
use crate::content::{Article, Content, Event};
use crate::date::PartialDate;
use crate::error::{BuildError, Diagnostic};
use crate::localisation::Localisation;
use crate::paths::SitePaths;
use crate::render::Page;
use crate::templates::{I18N_DIR, Templates};

/// What to load and how.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The site's folder (holding `site.toml`).
    pub root: PathBuf,
    /// Overrides `base_url` from `site.toml` (GitHub Pages passes its own).
    pub base_url: Option<String>,
    /// Whether articles marked `draft = true` are published.
    pub include_drafts: bool,
    /// The date the timeline treats as today (for what is current and what is still to come);
    /// the system date when not given.
    pub today: Option<PartialDate>,
}

impl LoadOptions {
    /// Options for the site in `root`, with defaults for everything else.
    pub fn new(root: impl Into<PathBuf>) -> LoadOptions {
        LoadOptions {
            root: root.into(),
            base_url: None,
            include_drafts: false,
            today: None,
        }
    }
}

/// Everything a build needs, loaded and checked.
pub struct Site {
    /// Where the site's files are.
    pub paths: SitePaths,
    /// `site.toml`.
    pub config: Config,
    /// Articles, events and treaty status.
    pub content: Content,
    /// Fluent strings and ICU4X formatters.
    pub localisation: Arc<Localisation>,
    /// Parsed templates.
    pub templates: Templates,
    /// The date that counts as today.
    pub today: PartialDate,
    /// Article index by language, then stem; nested so lookups borrow instead of allocating.
    articles_by_key: FxHashMap<String, FxHashMap<String, usize>>,
    /// Event index by language, then id.
    events_by_key: FxHashMap<String, FxHashMap<String, usize>>,
    /// What each language's listing pages show.
    listings: FxHashMap<String, listings::LanguageArticles>,
}

impl Site {
    /// Loads the site in `options.root`, reporting every error found in content, Fluent files and
    /// templates together.
    pub fn load(options: &LoadOptions) -> Result<Site, BuildError> {
        let paths = SitePaths::open(&options.root)?;
        let mut config = Config::load(&paths.config)?;
        if let Some(base_url) = &options.base_url {
            config.base_url = BaseUrl::parse(base_url)
                .map_err(|message| Diagnostic::error(format!("--base-url: {message}")))?;
        }

        let loaded = rayon::join(
            || Content::load(&paths.content, &config, options.include_drafts),
            || {
                let localisation = Localisation::load(&paths.templates.join(I18N_DIR), &config)?;
                let localisation = Arc::new(localisation);
                let templates = Templates::load(
                    &paths.templates,
                    Arc::clone(&localisation),
                    &Page::required_templates(),
                )?;
                Ok::<_, Vec<Diagnostic>>((localisation, templates))
            },
        );
        let (content, (localisation, templates)) = match loaded {
            (Ok(content), Ok(rest)) => (content, rest),
            (content, rest) => {
                let mut errors = content.err().unwrap_or_default();
                errors.extend(rest.err().unwrap_or_default());
                return Err(errors.into());
            }
        };

        Ok(Site {
            paths,
            config,
            content,
            localisation,
            templates,
            today: options.today.unwrap_or_else(system_today),
            articles_by_key: FxHashMap::default(),
            events_by_key: FxHashMap::default(),
            listings: FxHashMap::default(),
        }
        .reindexed())
    }

    /// Rebuilds the lookups after `content` changed.
    fn reindex(&mut self) {
        self.listings = listings::by_language(&self.content.articles, self.config.language_codes());
        self.articles_by_key.clear();
        // It runs on one thread, between loading and rendering: no language code is
        // copied per article, and each language's map is allocated once, at its full size.
        for language in &self.config.languages {
            let count = self.articles_in(&language.code).count();
            let stems = FxHashMap::with_capacity_and_hasher(count, Default::default());
            self.articles_by_key.insert(language.code.clone(), stems);
        }
        for (index, article) in self.content.articles.iter().enumerate() {
            if !self.articles_by_key.contains_key(&article.lang) {
                self.articles_by_key
                    .insert(article.lang.clone(), FxHashMap::default());
            }
            if let Some(stems) = self.articles_by_key.get_mut(&article.lang) {
                stems.insert(article.stem.clone(), index);
            }
        }
        self.events_by_key.clear();
        for (index, event) in self.content.events.iter().enumerate() {
            self.events_by_key
                .entry(event.lang.clone())
                .or_default()
                .insert(event.id.clone(), index);
        }
    }

    fn reindexed(mut self) -> Site {
        self.reindex();
        self
    }

    /// The article `stem` in `lang`, if it exists.
    pub fn article(&self, lang: &str, stem: &str) -> Option<&Article> {
        self.content.articles.get(self.article_index(lang, stem)?)
    }

    /// Where the article `stem` in `lang` is in `content.articles`, if it exists.
    pub fn article_index(&self, lang: &str, stem: &str) -> Option<usize> {
        self.articles_by_key.get(lang)?.get(stem).copied()
    }

    /// The event `id` in `lang`, if it exists.
    pub fn event(&self, lang: &str, id: &str) -> Option<&Event> {
        let index = *self.events_by_key.get(lang)?.get(id)?;
        self.content.events.get(index)
    }

    /// The articles in `lang`, newest first.
    pub fn articles_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Article> + 'a {
        self.articles_at(
            self.listings(lang)
                .map_or(&[], |lists| lists.all.as_slice()),
        )
    }

    /// What the listing pages of `lang` show (none if it has no articles).
    pub fn listings(&self, lang: &str) -> Option<&listings::LanguageArticles> {
        self.listings.get(lang)
    }

    /// The articles at `indexes` in `content.articles`, as a listing gives them.
    pub fn articles_at<'a>(
        &'a self,
        indexes: &'a [usize],
    ) -> impl Iterator<Item = &'a Article> + 'a {
        indexes
            .iter()
            .filter_map(|&index| self.content.articles.get(index))
    }

    /// The events in `lang`, oldest first.
    pub fn events_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.content.events.iter().filter(move |e| e.lang == lang)
    }
}

/// Today's date in UTC, from the system clock.
fn system_today() -> PartialDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    PartialDate::from_unix_days((seconds / 86_400) as i64)
}
