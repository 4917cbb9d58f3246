//! Site settings from `site.toml`: the base URL and the languages, each with its locale and direction.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, line_column, read_text};

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
    base_url: String,
    default_language: String,
    languages: BTreeMap<String, RawLanguage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    locale: String,
    direction: Direction,
    title: String,
    description: String,
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
        format!("{}{}{}", self.origin, self.path, site_path)
    }
}

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
        let fail = |message: String| Diagnostic::in_file(path, message);

        let base_url = BaseUrl::parse(&raw.base_url).map_err(fail)?;
        if raw.languages.is_empty() {
            return Err(fail(
                "no languages: add a [languages.en] table with name, locale, direction, title and description".into(),
            ));
        }
        let mut languages = Vec::new();
        for (code, language) in raw.languages {
            check_language(&code, &language).map_err(fail)?;
            languages.push(Language {
                code,
                name: language.name,
                locale: language.locale,
                direction: language.direction,
                title: language.title,
                description: language.description,
            });
        }
        if !languages
            .iter()
            .any(|language| language.code == raw.default_language)
        {
            let known: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
            return Err(fail(format!(
                "default_language `{}` is not one of the [languages] tables ({})",
                raw.default_language,
                known.join(", ")
            )));
        }
        languages.sort_by_key(|language| language.code != raw.default_language);
        Ok(Config {
            file: path.to_path_buf(),
            base_url,
            default_language: raw.default_language,
            languages,
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

/// A language code must be a plain lowercase subtag, and its locale must be a locale of that language.
fn check_language(code: &str, language: &RawLanguage) -> Result<(), String> {
    let valid_code = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    if !valid_code {
        return Err(format!(
            "[languages.{code}]: a language code must be two or three lowercase letters (like `en` or `ar`)"
        ));
    }
    let locale: icu_locale_core::Locale = language.locale.parse().map_err(|_| {
        format!(
            "[languages.{code}] locale `{}` is not a valid BCP 47 locale (like `ar-MA`)",
            language.locale
        )
    })?;
    if locale.id.language.as_str() != code {
        return Err(format!(
            "[languages.{code}] locale `{}` is not a locale of the language `{code}`",
            language.locale
        ));
    }
    if language.name.trim().is_empty() || language.title.trim().is_empty() {
        return Err(format!(
            "[languages.{code}] needs a non-empty name and title"
        ));
    }
    Ok(())
}

/// Turns a TOML error into a diagnostic at the right line of `path`, shifted by `first_line - 1`.
pub fn toml_error_at(
    path: &Path,
    text: &str,
    error: &toml::de::Error,
    first_line: usize,
) -> Diagnostic {
    let message = error.message().trim().to_owned();
    let diagnostic = Diagnostic::in_file(path, message);
    match error.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            diagnostic.at(line + first_line - 1, Some(column))
        }
        None => diagnostic,
    }
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
