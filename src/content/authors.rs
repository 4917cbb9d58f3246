//! `content/authors.toml`: who writes for the site, named in every language, for bylines and the
//! author pages.
//!
//! ```toml
//! [editorial]                       # the id articles give in `authors = ["editorial"]`
//! name = { en = "Accord editors", ar = "هيئة تحرير أكورد" }
//! role = { en = "Editors", ar = "التحرير" }   # optional
//! link = "https://example.org/team"           # optional
//! organization = true                         # optional: a desk or newsroom, not a person
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::labels::{check_id, check_localized};
use super::treaty::Localized;
use crate::error::{Diagnostic, at_span, toml_error_at};
use crate::source::read_text;

/// The authors file, below `content/`.
pub const AUTHORS_FILE: &str = "authors.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthor {
    name: Spanned<Localized>,
    role: Option<Spanned<Localized>>,
    link: Option<Spanned<String>>,
    #[serde(default)]
    organization: bool,
}

/// One author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// The id articles use, and the author page's slug.
    pub id: String,
    /// The name, per language.
    pub name: Localized,
    /// What they do, per language.
    pub role: Option<Localized>,
    /// A page about them elsewhere.
    pub link: Option<String>,
    /// A desk or newsroom rather than a person (schema.org `Organization`).
    pub organization: bool,
}

/// Every author, by id.
#[derive(Debug, Clone)]
pub struct Authors {
    /// The file they came from.
    pub path: PathBuf,
    /// By id, in id order.
    pub by_id: BTreeMap<String, Author>,
}

impl Authors {
    /// Reads and checks `path`; every name and role needs each of `languages`.
    pub fn load(path: &Path, languages: &[&str]) -> Result<Authors, Vec<Diagnostic>> {
        let text = read_text(path).map_err(|error| vec![error])?;
        Authors::parse(path, &text, languages)
    }

    /// Checks the text of an authors file.
    pub fn parse(path: &Path, text: &str, languages: &[&str]) -> Result<Authors, Vec<Diagnostic>> {
        let raw: BTreeMap<Spanned<String>, RawAuthor> =
            toml::from_str(text).map_err(|error| vec![toml_error_at(path, text, &error, 1)])?;
        let mut errors = Vec::new();
        let mut by_id = BTreeMap::new();
        for (id, author) in raw {
            let at = |span, message| at_span(path, text, span, 1, message);
            if let Err(message) = check_id(id.get_ref()) {
                errors.push(at(id.span(), message));
            }
            check_localized(&author.name, languages, &at, &mut errors);
            if let Some(role) = &author.role {
                check_localized(role, languages, &at, &mut errors);
            }
            if let Some(link) = &author.link
                && let Err(error) = super::article::check_url(path, link.get_ref())
            {
                errors.push(error.at_offset(text, link.span().start, 1));
            }
            let id = id.into_inner();
            by_id.insert(
                id.clone(),
                Author {
                    id,
                    name: author.name.into_inner(),
                    role: author.role.map(Spanned::into_inner),
                    link: author.link.map(Spanned::into_inner),
                    organization: author.organization,
                },
            );
        }
        if errors.is_empty() {
            Ok(Authors {
                path: path.to_path_buf(),
                by_id,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Authors, Vec<Diagnostic>> {
        Authors::parse(Path::new("content/authors.toml"), text, &["en", "ar"])
    }

    #[test]
    fn authors_are_read_by_id_with_names_in_every_language() {
        let authors = parse(
            "[editorial]\nname = { en = \"Editors\", ar = \"التحرير\" }\nlink = \"https://example.org/\"\n",
        )
        .expect("valid");
        assert_eq!(authors.by_id["editorial"].name["ar"], "التحرير");
    }

    #[test]
    fn a_name_missing_a_language_or_a_bad_id_is_refused_at_its_line() {
        let errors = parse("[editorial]\nname = { en = \"Editors\" }\n").expect_err("no ar");
        assert_eq!(errors[0].line, Some(2));
        assert!(errors[0].message.contains("`ar`"), "{}", errors[0]);
        let errors = parse("[\"Bad Id\"]\nname = { en = \"E\", ar = \"ت\" }\n").expect_err("id");
        assert_eq!(errors[0].line, Some(1));
    }
}
