//! Checks shared by the small data files that name things in every language (authors, tags).

use std::ops::Range;

use toml::Spanned;

use super::treaty::Localized;
use crate::error::{Diagnostic, xml_forbidden};

/// An id as it appears in a URL: lower-case ASCII letters, digits and hyphens.
pub(super) fn check_id(id: &str) -> Result<(), String> {
    let valid = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not a valid id: use lower-case letters, digits and hyphens (it becomes a web address), e.g. `morocco`"
        ))
    }
}

/// Every one of `languages` has a non-empty text without control characters, and no other
/// language has one; problems go to `errors`, placed with `at`.
pub(super) fn check_localized(
    texts: &Spanned<Localized>,
    languages: &[&str],
    at: &dyn Fn(Range<usize>, String) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
) {
    let span = texts.span();
    for language in languages {
        if texts
            .get_ref()
            .get(*language)
            .is_none_or(|text| text.trim().is_empty())
        {
            errors.push(at(
                span.clone(),
                format!("this text has no `{language}` version: give one per language, e.g. {{ en = \"…\", ar = \"…\" }}"),
            ));
        }
    }
    for (language, text) in texts.get_ref() {
        if !languages.contains(&language.as_str()) {
            errors.push(at(
                span.clone(),
                format!("`{language}` is not a language of the site (site.toml)"),
            ));
        }
        if let Some(c) = xml_forbidden(text) {
            errors.push(at(
                span.clone(),
                format!(
                    "the `{language}` text contains the control character U+{:04X}: remove it",
                    u32::from(c)
                ),
            ));
        }
    }
}
