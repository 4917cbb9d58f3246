//! The pages Accord renders, and the one place their addresses, output files and templates are
//! decided. Every URL of the site is built from a [`Page`] here: nothing else spells out
//! `articles/` or `timeline/`.

/// One file Accord renders.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Page {
    /// `/index.html`: sends readers to the default language, offers all.
    Root,
    /// `/404.html`, in every language.
    NotFound,
    /// `/{lang}/`: the articles, newest first, and the treaty's status.
    Home(String),
    /// `/{lang}/articles/{stem}/`.
    Article {
        /// Language code.
        lang: String,
        /// The article's stem.
        stem: String,
    },
    /// `/{lang}/timeline/`: every event, grouped by year.
    Timeline(String),
    /// `/{lang}/atom.xml`.
    Feed(String),
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// `/.nojekyll`, so GitHub Pages publishes the files as they are.
    NoJekyll,
    /// `/{lang}/states/`: every participant in a table and on a map, and the count toward 40.
    States(String),
    /// `/{lang}/states/{code}/` (the code in lower case): one participant's actions and news.
    State {
        /// Language code.
        lang: String,
        /// The participant's code, as in `participants.toml` (upper case).
        code: String,
    },
    /// `/{lang}/states/atom.xml`: signatures and deposits after the Hanoi ceremony.
    StatesFeed(String),
    /// `/data/…`: the participants and the timeline as open data.
    Data(DataFile),
    /// `/{lang}/search/`: search over the language's articles, events and state pages.
    Search(String),
    /// `/{lang}/authors/{id}/`: an author's articles, newest first.
    Author {
        /// Language code.
        lang: String,
        /// The author's id in `authors.toml`.
        id: String,
    },
    /// `/{lang}/tags/`: every tag, with how many articles carry it.
    Tags(String),
    /// `/{lang}/tags/{id}/`: the articles with one tag.
    Tag {
        /// Language code.
        lang: String,
        /// The tag's id.
        id: String,
    },
    /// `/{lang}/archive/`: every month that has articles.
    Archives(String),
    /// `/{lang}/archive/{yyyy}/{mm}/`: one month's articles.
    Archive {
        /// Language code.
        lang: String,
        /// The year.
        year: i32,
        /// The month, 1–12.
        month: u8,
    },
    /// `/{lang}/feed.json`: the newest articles as JSON Feed 1.1.
    JsonFeed(String),
    /// `/{lang}/articles/{stem}/card.png`: the article's social card (`cards = true`).
    Card {
        /// Language code.
        lang: String,
        /// The article's stem.
        stem: String,
    },
    /// `/images/{name}-{width}w.webp`: a smaller copy of an image in `static/images/`.
    ImageSize {
        /// The original's output path, `images/x.jpg`.
        path: String,
        /// The copy's width in pixels.
        width: u32,
    },
}

/// The open data files, at stable addresses below `/data/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataFile {
    /// `participants.json`.
    ParticipantsJson,
    /// `participants.schema.json`: the JSON Schema of `participants.json`.
    ParticipantsSchema,
    /// `participants.csv`.
    ParticipantsCsv,
    /// `timeline.json`.
    TimelineJson,
}

impl DataFile {
    /// Every data file.
    pub const ALL: [DataFile; 4] = [
        DataFile::ParticipantsJson,
        DataFile::ParticipantsSchema,
        DataFile::ParticipantsCsv,
        DataFile::TimelineJson,
    ];

    /// The file's name below `data/`.
    pub fn name(self) -> &'static str {
        match self {
            DataFile::ParticipantsJson => "participants.json",
            DataFile::ParticipantsSchema => "participants.schema.json",
            DataFile::ParticipantsCsv => "participants.csv",
            DataFile::TimelineJson => "timeline.json",
        }
    }
}

impl Page {
    /// The article `stem` in `lang`.
    pub fn article(lang: &str, stem: &str) -> Page {
        Page::Article {
            lang: lang.to_owned(),
            stem: stem.to_owned(),
        }
    }

    /// The participant `code`'s page in `lang`.
    pub fn state(lang: &str, code: &str) -> Page {
        Page::State {
            lang: lang.to_owned(),
            code: code.to_owned(),
        }
    }

    /// The page's address below the site root (`en/articles/x/`); empty for the root page.
    pub fn site_path(&self) -> String {
        match self {
            Page::Root => String::new(),
            Page::NotFound => "404.html".into(),
            Page::Home(lang) => [lang, "/"].concat(),
            Page::Article { lang, stem } => article_path(lang, stem),
            Page::Timeline(lang) => [lang, "/timeline/"].concat(),
            Page::Feed(lang) => [lang, "/atom.xml"].concat(),
            Page::Sitemap => "sitemap.xml".into(),
            Page::Robots => "robots.txt".into(),
            Page::NoJekyll => ".nojekyll".into(),
            Page::States(lang) => [lang, "/states/"].concat(),
            Page::State { lang, code } => {
                [lang, "/states/", &code.to_ascii_lowercase(), "/"].concat()
            }
            Page::StatesFeed(lang) => [lang, "/states/atom.xml"].concat(),
            Page::Data(file) => ["data/", file.name()].concat(),
            Page::Search(lang) => [lang, "/search/"].concat(),
            Page::Author { lang, id } => [lang, "/authors/", id, "/"].concat(),
            Page::Tags(lang) => [lang, "/tags/"].concat(),
            Page::Tag { lang, id } => [lang, "/tags/", id, "/"].concat(),
            Page::Archives(lang) => [lang, "/archive/"].concat(),
            Page::Archive { lang, year, month } => format!("{lang}/archive/{year:04}/{month:02}/"),
            Page::JsonFeed(lang) => [lang, "/feed.json"].concat(),
            Page::Card { lang, stem } => card_path(lang, stem),
            Page::ImageSize { path, width } => crate::images::variant_path(path, *width),
        }
    }

    /// The file the page is written to: pretty URLs end in `index.html`.
    pub fn output_path(&self) -> String {
        let mut path = self.site_path();
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        path
    }

    /// The template that renders the page; `None` for files written without one.
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Page::Root => "root.html",
            Page::NotFound => "404.html",
            Page::Home(_) => "index.html",
            Page::Article { .. } => "article.html",
            Page::Timeline(_) => "timeline.html",
            Page::Feed(_) => "atom.xml",
            Page::Sitemap => "sitemap.xml",
            Page::States(_) => "states.html",
            Page::State { .. } => "state.html",
            Page::StatesFeed(_) => "states-atom.xml",
            Page::Search(_) => "search.html",
            Page::Author { .. } => "author.html",
            Page::Tags(_) => "tags.html",
            Page::Tag { .. } => "tag.html",
            Page::Archives(_) => "archives.html",
            Page::Archive { .. } => "archive.html",
            Page::Robots
            | Page::NoJekyll
            | Page::Data(_)
            | Page::JsonFeed(_)
            | Page::Card { .. }
            | Page::ImageSize { .. } => return None,
        })
    }

    /// Every template some page needs: a site without one of them cannot be built.
    pub fn required_templates() -> Vec<&'static str> {
        let lang = String::new();
        [
            Page::Root,
            Page::NotFound,
            Page::Home(lang.clone()),
            Page::article("", ""),
            Page::Timeline(lang.clone()),
            Page::Feed(lang),
            Page::Sitemap,
            Page::Robots,
            Page::NoJekyll,
            Page::States(String::new()),
            Page::state("", ""),
            Page::StatesFeed(String::new()),
            Page::Search(String::new()),
            Page::Author {
                lang: String::new(),
                id: String::new(),
            },
            Page::Tags(String::new()),
            Page::Tag {
                lang: String::new(),
                id: String::new(),
            },
            Page::Archives(String::new()),
            Page::Archive {
                lang: String::new(),
                year: 0,
                month: 1,
            },
        ]
        .iter()
        .filter_map(Page::template)
        .collect()
    }

    /// The language of the page, for pages that have one.
    pub fn lang(&self) -> Option<&str> {
        match self {
            Page::Home(lang)
            | Page::Timeline(lang)
            | Page::Feed(lang)
            | Page::States(lang)
            | Page::StatesFeed(lang)
            | Page::Search(lang)
            | Page::Tags(lang)
            | Page::Archives(lang)
            | Page::JsonFeed(lang) => Some(lang),
            Page::Article { lang, .. }
            | Page::State { lang, .. }
            | Page::Author { lang, .. }
            | Page::Tag { lang, .. }
            | Page::Archive { lang, .. }
            | Page::Card { lang, .. } => Some(lang),
            _ => None,
        }
    }

    /// The same page in another language.
    pub fn in_language(&self, lang: &str) -> Page {
        match self {
            Page::Home(_) => Page::Home(lang.into()),
            Page::Timeline(_) => Page::Timeline(lang.into()),
            Page::Feed(_) => Page::Feed(lang.into()),
            Page::Article { stem, .. } => Page::article(lang, stem),
            Page::States(_) => Page::States(lang.into()),
            Page::State { code, .. } => Page::state(lang, code),
            Page::StatesFeed(_) => Page::StatesFeed(lang.into()),
            Page::Search(_) => Page::Search(lang.into()),
            Page::Author { id, .. } => Page::Author {
                lang: lang.into(),
                id: id.clone(),
            },
            Page::Tags(_) => Page::Tags(lang.into()),
            Page::Tag { id, .. } => Page::Tag {
                lang: lang.into(),
                id: id.clone(),
            },
            Page::Archives(_) => Page::Archives(lang.into()),
            Page::Archive { year, month, .. } => Page::Archive {
                lang: lang.into(),
                year: *year,
                month: *month,
            },
            Page::JsonFeed(_) => Page::JsonFeed(lang.into()),
            Page::Card { stem, .. } => Page::Card {
                lang: lang.into(),
                stem: stem.clone(),
            },
            other => other.clone(),
        }
    }

    /// Whether the page is an HTML page a reader visits in one language.
    pub fn is_language_page(&self) -> bool {
        matches!(
            self,
            Page::Home(_)
                | Page::Article { .. }
                | Page::Timeline(_)
                | Page::States(_)
                | Page::State { .. }
                | Page::Author { .. }
                | Page::Tags(_)
                | Page::Tag { .. }
                | Page::Archives(_)
                | Page::Archive { .. }
        )
    }
}

/// `en/articles/{stem}/`: the address of an article page, without building a [`Page`].
pub fn article_path(lang: &str, stem: &str) -> String {
    // Concatenated, not `format!`: every page asks for several of these.
    [lang, "/articles/", stem, "/"].concat()
}

/// `en/articles/{stem}/card.png`: an article's social card (see `render::cards`).
pub fn card_path(lang: &str, stem: &str) -> String {
    [lang, "/articles/", stem, "/card.png"].concat()
}

/// `{root}{lang}/timeline/#{id}`: an event's place on its language's timeline, from a page whose
/// way back to the site root is `root`.
pub fn event_href(root: &str, lang: &str, id: &str) -> String {
    [root, lang, "/timeline/#", id].concat()
}

/// `{lang}/search/pagefind/`: the folder of a language's Pagefind bundle, next to its search page.
pub fn search_bundle_dir(lang: &str) -> String {
    [lang, "/search/pagefind/"].concat()
}

/// The relative prefix that leads from a page at `site_path` back to the site root.
pub fn relative_root(site_path: &str) -> String {
    "../".repeat(site_path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_root_climbs_one_level_per_folder() {
        assert_eq!(relative_root(""), "");
        assert_eq!(relative_root("en/"), "../");
        assert_eq!(relative_root("en/articles/x/"), "../../../");
    }

    #[test]
    fn pretty_urls_write_index_files() {
        assert_eq!(
            Page::article("ar", "x").output_path(),
            "ar/articles/x/index.html"
        );
        assert_eq!(Page::Root.output_path(), "index.html");
        assert_eq!(Page::Feed("en".into()).output_path(), "en/atom.xml");
    }

    #[test]
    fn every_template_page_names_its_template() {
        let required = Page::required_templates();
        assert_eq!(required.len(), 16);
        assert_eq!(Page::state("ar", "MA").site_path(), "ar/states/ma/");
        assert_eq!(
            Page::Data(DataFile::ParticipantsCsv).output_path(),
            "data/participants.csv"
        );
        assert!(required.contains(&"article.html"));
        assert_eq!(Page::Robots.template(), None);
    }
}
