//! A titled link to a source, as the data files write it (`{ title, url }`), checked with the
//! line of each field.

use std::path::Path;

use serde::Deserialize;

use crate::error::Diagnostic;

/// A titled link to a source.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// What the source is called.
    pub title: String,
    /// Its address.
    pub url: String,
}

/// A [`Link`] as written, with the place of each field so checks can name the line to fix.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLink {
    title: toml::Spanned<String>,
    url: toml::Spanned<String>,
}

impl RawLink {
    /// Checks the link; `text` is the TOML it came from, starting on line `first_line` of `path`.
    pub(crate) fn check(
        self,
        path: &Path,
        text: &str,
        first_line: usize,
    ) -> Result<Link, Diagnostic> {
        if self.title.get_ref().trim().is_empty() {
            return Err(
                Diagnostic::in_file(path, "a source has an empty `title`").at_offset(
                    text,
                    self.title.span().start,
                    first_line,
                ),
            );
        }
        super::article::check_url(path, self.url.get_ref())
            .map_err(|error| error.at_offset(text, self.url.span().start, first_line))?;
        Ok(Link {
            title: self.title.into_inner(),
            url: self.url.into_inner(),
        })
    }
}
