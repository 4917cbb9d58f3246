//! Site settings from `site.toml`: the base URL and the languages, each with its locale and direction.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Diagnostic, at_span, toml_error_at};
use crate::source::read_text;

/// Writing direction of a language edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right (English).
    Ltr,
    /// Right to left (Arabic).
    Rtl,
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: Spanned<String>,
    default_language: Spanned<String>,
    languages: Spanned<BTreeMap<Spanned<String>, RawLanguage>>,
    #[serde(default)]
    markdown: RawMarkdown,
    /// How many of the newest articles the home pages list (the rest are in the archives).
    home_articles: Option<Spanned<usize>>,
    /// `cards = true`: a social card (PNG) per article and language (issue 19).
    #[serde(default)]
    cards: bool,
    /// `search = false`: no search pages and no index (issue 21; on by default).
    search: Option<bool>,
}

/// `[markdown]`: how article and event bodies are rendered.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    /// `raw_html = false` shows HTML written in Markdown as text instead of passing it through.
    raw_html: Option<bool>,
}

// Spans let the checks after parsing point at the line to fix, as TOML errors do.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: Spanned<String>,
    locale: Spanned<String>,
    direction: Direction,
    title: Spanned<String>,
    description: Spanned<String>,
}

/// One language edition of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The code used in file names and URLs (`en`, `ar`).
    pub code: String,
    /// The language's name in itself, for the switcher ("English", "العربية").
    pub name: String,
    /// The BCP 47 locale for dates, numbers and plurals (`en-GB`, `ar-MA`).
    pub locale: String,
    /// Writing direction.
    pub direction: Direction,
    /// The site's title in this language.
    pub title: String,
    /// The site's description in this language.
    pub description: String,
}

/// Where the site is published: `https://user.github.io/repo/` splits into origin and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, without a trailing slash: `https://user.github.io`.
    pub origin: String,
    /// The path prefix, starting and ending with `/`: `/repo/` (or `/`).
    pub path: String,
}

impl BaseUrl {
    /// Parses an absolute `http(s)` URL; the message says what was expected.
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| {
                format!("base_url `{url}` must be an absolute http:// or https:// address")
            })?;
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') {
            return Err(format!("base_url `{url}` has no valid host"));
        }
        if path.contains(['?', '#', ' ', '\\']) {
            return Err(format!(
                "base_url `{url}` must be a plain address without query, fragment or spaces"
            ));
        }
        let scheme_len = url.len() - rest.len();
        let trimmed = path.trim_matches('/');
        Ok(BaseUrl {
            origin: format!("{}{host}", &url[..scheme_len]),
            path: if trimmed.is_empty() {
                "/".to_owned()
            } else {
                format!("/{trimmed}/")
            },
        })
    }

    /// The absolute URL of a site-relative path such as `en/articles/x/`.
    pub fn absolute(&self, site_path: &str) -> String {
        // Concatenated, not `format!`: a large site builds several of these per page.
        [self.origin.as_str(), self.path.as_str(), site_path].concat()
    }
}

/// How many articles a home page lists when `site.toml` does not say.
pub const DEFAULT_HOME_ARTICLES: usize = 20;

/// The whole of `site.toml`, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from, for messages.
    pub file: PathBuf,
    /// Where the site is published.
    pub base_url: BaseUrl,
    /// The language the root page sends readers to, and `x-default`.
    pub default_language: String,
    /// The editions, default language first, then the others by code.
    pub languages: Vec<Language>,
    /// Whether HTML written in Markdown reaches the pages as HTML (`[markdown] raw_html`, on by
    /// default: newsrooms embed); off, it is shown as text.
    pub raw_html: bool,
    /// How many of the newest articles each home page lists (`home_articles`, default 20); the
    /// monthly archives list them all.
    pub home_articles: usize,
    /// Whether each article gets a social card, `/{lang}/articles/{stem}/card.png` (`cards =
    /// true`; off by default: drawing one takes tens of milliseconds the first time).
    pub cards: bool,
    /// Whether each language gets a search page and a search index (`search`, on by default;
    /// Zola's `build_search_index`).
    pub search: bool,
}

impl Config {
    /// Reads and checks `site.toml`.
    pub fn load(path: &Path) -> Result<Config, Diagnostic> {
        let text = read_text(path)?;
        Config::parse(&text, path)
    }

    /// Parses the text of `site.toml`; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|error| toml_error(path, text, &error))?;
        // Titles and descriptions head every page and feed: no control character anywhere.
        crate::content::refuse_control_characters(path, text, 1)?;
        let fail = |span: Range<usize>, message: String| at_span(path, text, span, 1, message);

        let base_url = BaseUrl::parse(raw.base_url.get_ref())
            .map_err(|message| fail(raw.base_url.span(), message))?;
        let languages_span = raw.languages.span();
        let raw_languages = raw.languages.into_inner();
        if raw_languages.is_empty() {
            return Err(fail(
                languages_span,
                "no languages: add a [languages.en] table with name, locale, direction, title and description".into(),
            ));
        }
        let mut languages = Vec::new();
        for (code, language) in raw_languages {
            check_language(&code, &language).map_err(|(span, message)| fail(span, message))?;
            languages.push(Language {
                code: code.into_inner(),
                name: language.name.into_inner(),
                locale: language.locale.into_inner(),
                direction: language.direction,
                title: language.title.into_inner(),
                description: language.description.into_inner(),
            });
        }
        let default_span = raw.default_language.span();
        let default_language = raw.default_language.into_inner();
        if !languages
            .iter()
            .any(|language| language.code == default_language)
        {
            let known: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
            return Err(fail(
                default_span,
                format!(
                    "default_language `{default_language}` is not one of the [languages] tables ({})",
                    known.join(", ")
                ),
            ));
        }
        languages.sort_by_key(|language| language.code != default_language);
        Ok(Config {
            file: path.to_path_buf(),
            base_url,
            default_language,
            languages,
            raw_html: raw.markdown.raw_html.unwrap_or(true),
            cards: raw.cards,
            search: raw.search.unwrap_or(true),
            home_articles: match raw.home_articles {
                Some(count) if *count.get_ref() == 0 => {
                    return Err(fail(
                        count.span(),
                        "`home_articles` must be at least 1: the home page lists the newest articles".into(),
                    ));
                }
                Some(count) => count.into_inner(),
                None => DEFAULT_HOME_ARTICLES,
            },
        })
    }

    /// The language with this code, if the site has it.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|language| language.code == code)
    }

    /// The language codes, default first.
    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|language| language.code.as_str())
    }
}

/// A language code must be a plain lowercase subtag, and its locale must be a locale of that
/// language; the error carries the span of the value to fix.
fn check_language(
    code: &Spanned<String>,
    language: &RawLanguage,
) -> Result<(), (Range<usize>, String)> {
    let span = code.span();
    let code = code.get_ref();
    let valid_code = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    if !valid_code {
        return Err((
            span,
            format!(
                "[languages.{code}]: a language code must be two or three lowercase letters (like `en` or `ar`)"
            ),
        ));
    }
    let locale_text = language.locale.get_ref();
    let locale: icu_locale_core::Locale = locale_text.parse().map_err(|_| {
        (
            language.locale.span(),
            format!(
                "[languages.{code}] locale `{locale_text}` is not a valid BCP 47 locale (like `ar-MA`)"
            ),
        )
    })?;
    if locale.id.language.as_str() != code {
        return Err((
            language.locale.span(),
            format!(
                "[languages.{code}] locale `{locale_text}` is not a locale of the language `{code}`"
            ),
        ));
    }
    for field in [&language.name, &language.title] {
        if field.get_ref().trim().is_empty() {
            return Err((
                field.span(),
                format!("[languages.{code}] needs a non-empty name and title"),
            ));
        }
    }
    Ok(())
}

fn toml_error(path: &Path, text: &str, error: &toml::de::Error) -> Diagnostic {
    toml_error_at(path, text, error, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
base_url = "https://user.github.io/accord"
default_language = "en"

[languages.ar]
name = "العربية"
locale = "ar-MA"
direction = "rtl"
title = "أكورد"
description = "د"

[languages.en]
name = "English"
locale = "en-GB"
direction = "ltr"
title = "Accord"
description = "d"
"#;

    #[test]
    fn parses_languages_default_first_and_base_path() {
        let config = Config::parse(GOOD, Path::new("site.toml")).expect("valid config");
        assert_eq!(config.language_codes().collect::<Vec<_>>(), ["en", "ar"]);
        assert_eq!(config.base_url.origin, "https://user.github.io");
        assert_eq!(config.base_url.path, "/accord/");
        assert_eq!(
            config.base_url.absolute("en/"),
            "https://user.github.io/accord/en/"
        );
        assert_eq!(
            config.language("ar").map(|l| l.direction),
            Some(Direction::Rtl)
        );
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let text = GOOD.replace("default_language", "colour = \"red\"\ndefault_language");
        let error = Config::parse(&text, Path::new("site.toml")).expect_err("unknown key");
        assert!(error.message.contains("colour"), "{error}");
        assert_eq!(error.line, Some(3));
    }

    #[test]
    fn locale_of_another_language_is_refused() {
        let text = GOOD.replace("ar-MA", "fr-FR");
        let error = Config::parse(&text, Path::new("site.toml")).expect_err("wrong locale");
        assert!(error.message.contains("languages.ar"), "{error}");
    }

    #[test]
    fn default_language_must_exist() {
        let text = GOOD.replace("default_language = \"en\"", "default_language = \"fr\"");
        let error = Config::parse(&text, Path::new("site.toml")).expect_err("unknown default");
        assert!(error.message.contains("`fr`"), "{error}");
        assert_eq!(error.line, Some(3), "{error}");
    }

    #[test]
    fn checks_after_parsing_name_the_line_to_fix() {
        let line_of = |text: &str| {
            Config::parse(text, Path::new("site.toml"))
                .expect_err("invalid")
                .line
        };
        assert_eq!(line_of(&GOOD.replace("https://", "ftp://")), Some(2));
        assert_eq!(line_of(&GOOD.replace("en-GB", "en_GB!")), Some(14));
        assert_eq!(line_of(&GOOD.replace("ar-MA", "fr-FR")), Some(7));
        assert_eq!(
            line_of(&GOOD.replace("[languages.en]", "[languages.EN]")),
            Some(12)
        );
        assert_eq!(line_of(&GOOD.replace("\"Accord\"", "\" \"")), Some(16));
        assert_eq!(line_of(&GOOD.replace("\"d\"", "\"\\u001b\"")), Some(17));
    }

    #[test]
    fn raw_html_is_on_unless_turned_off() {
        let config = Config::parse(GOOD, Path::new("site.toml")).expect("valid config");
        assert!(config.raw_html);
        let off = GOOD.replace(
            "default_language = \"en\"\n",
            "default_language = \"en\"\n\n[markdown]\nraw_html = false\n",
        );
        let config = Config::parse(&off, Path::new("site.toml")).expect("valid config");
        assert!(!config.raw_html);
        let typo = GOOD.replace(
            "default_language = \"en\"\n",
            "default_language = \"en\"\n[markdown]\nraw-html = false\n",
        );
        let error = Config::parse(&typo, Path::new("site.toml")).expect_err("unknown key");
        assert_eq!(error.line, Some(5), "{error}");
    }

    #[test]
    fn base_url_without_scheme_is_refused() {
        assert!(BaseUrl::parse("user.github.io/repo").is_err());
        assert_eq!(
            BaseUrl::parse("https://example.org").map(|b| b.path),
            Ok("/".to_owned())
        );
    }
}
