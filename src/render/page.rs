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
}

impl Page {
    /// The article `stem` in `lang`.
    pub fn article(lang: &str, stem: &str) -> Page {
        Page::Article {
            lang: lang.to_owned(),
            stem: stem.to_owned(),
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
            Page::Robots | Page::NoJekyll => return None,
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
        ]
        .iter()
        .filter_map(Page::template)
        .collect()
    }

    /// The language of the page, for pages that have one.
    pub fn lang(&self) -> Option<&str> {
        match self {
            Page::Home(lang) | Page::Timeline(lang) | Page::Feed(lang) => Some(lang),
            Page::Article { lang, .. } => Some(lang),
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
            other => other.clone(),
        }
    }

    /// Whether the page is an HTML page a reader visits in one language.
    pub fn is_language_page(&self) -> bool {
        matches!(
            self,
            Page::Home(_) | Page::Article { .. } | Page::Timeline(_)
        )
    }
}

/// `en/articles/{stem}/`: the address of an article page, without building a [`Page`].
pub fn article_path(lang: &str, stem: &str) -> String {
    // Concatenated, not `format!`: every page asks for several of these.
    [lang, "/articles/", stem, "/"].concat()
}

/// `{root}{lang}/timeline/#{id}`: an event's place on its language's timeline, from a page whose
/// way back to the site root is `root`.
pub fn event_href(root: &str, lang: &str, id: &str) -> String {
    [root, lang, "/timeline/#", id].concat()
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
        assert_eq!(required.len(), 7);
        assert!(required.contains(&"article.html"));
        assert_eq!(Page::Robots.template(), None);
    }
}
