//! `content/tags.toml`: the tags articles may carry, each labelled in every language, for the
//! tag lists on articles and the tag pages.
//!
//! ```toml
//! morocco = { en = "Morocco", ar = "المغرب" }
//! signature = { en = "Signature", ar = "التوقيع" }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::labels::{check_id, check_localized};
use super::treaty::Localized;
use crate::error::{Diagnostic, at_span, toml_error_at};
use crate::source::read_text;

/// The tags file, below `content/`.
pub const TAGS_FILE: &str = "tags.toml";

/// Every tag's label per language, by id.
#[derive(Debug, Clone)]
pub struct Tags {
    /// The file they came from.
    pub path: PathBuf,
    /// Labels by id, in id order.
    pub labels: BTreeMap<String, Localized>,
}

impl Tags {
    /// Reads and checks `path`; every label needs each of `languages`.
    pub fn load(path: &Path, languages: &[&str]) -> Result<Tags, Vec<Diagnostic>> {
        let text = read_text(path).map_err(|error| vec![error])?;
        Tags::parse(path, &text, languages)
    }

    /// Checks the text of a tags file.
    pub fn parse(path: &Path, text: &str, languages: &[&str]) -> Result<Tags, Vec<Diagnostic>> {
        let raw: BTreeMap<Spanned<String>, Spanned<Localized>> =
            toml::from_str(text).map_err(|error| vec![toml_error_at(path, text, &error, 1)])?;
        let mut errors = Vec::new();
        let mut labels = BTreeMap::new();
        for (id, label) in raw {
            let at = |span, message| at_span(path, text, span, 1, message);
            if let Err(message) = check_id(id.get_ref()) {
                errors.push(at(id.span(), message));
            }
            check_localized(&label, languages, &at, &mut errors);
            labels.insert(id.into_inner(), label.into_inner());
        }
        if errors.is_empty() {
            Ok(Tags {
                path: path.to_path_buf(),
                labels,
            })
        } else {
            Err(errors)
        }
    }

    /// The label of `id` in `lang`, if the tag is defined.
    pub fn label(&self, id: &str, lang: &str) -> Option<&str> {
        self.labels.get(id)?.get(lang).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_read_and_checked() {
        let path = Path::new("content/tags.toml");
        let tags = Tags::parse(
            path,
            "morocco = { en = \"Morocco\", ar = \"المغرب\" }\n",
            &["en", "ar"],
        )
        .expect("valid");
        assert_eq!(tags.label("morocco", "ar"), Some("المغرب"));
        let errors = Tags::parse(path, "\nmorocco = { en = \"Morocco\" }\n", &["en", "ar"])
            .expect_err("no ar");
        assert_eq!(errors[0].line, Some(2));
    }
}
