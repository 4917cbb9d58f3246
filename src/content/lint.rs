//! The names of `check`'s warnings about a content file, and the front matter's `[lint]` table
//! that allows some of them for that one file:
//!
//! ```toml
//! lint.allow = ["repeated-paragraph"]
//! ```

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Diagnostic, Severity};

/// A warning `check` gives about one content file, with a stable name for `lint.allow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lint {
    /// A paragraph that appears twice in one body.
    RepeatedParagraph,
    /// A line that looks like the source page's furniture: weather, share buttons, cookie
    /// banners, "related articles", newsletter prompts, advertisements, copyright and tag lines.
    ScrapedFurniture,
    /// An article or event that exists in some languages but not all.
    MissingTranslation,
}

impl Lint {
    /// Every lint, in the order messages list them.
    pub const ALL: [Lint; 3] = [
        Lint::RepeatedParagraph,
        Lint::ScrapedFurniture,
        Lint::MissingTranslation,
    ];

    /// The name used in `lint.allow` and shown at the end of each warning.
    pub fn name(self) -> &'static str {
        match self {
            Lint::RepeatedParagraph => "repeated-paragraph",
            Lint::ScrapedFurniture => "scraped-furniture",
            Lint::MissingTranslation => "missing-translation",
        }
    }

    /// The lint called `name`.
    pub fn from_name(name: &str) -> Option<Lint> {
        Lint::ALL.into_iter().find(|lint| lint.name() == name)
    }

    /// The warning about `path`, its message ending with the lint's name; `allow` is the file's
    /// `lint.allow`, which turns it into an allowed line.
    pub fn warning(self, path: &Path, message: impl fmt::Display, allow: &[Lint]) -> Diagnostic {
        let severity = if allow.contains(&self) {
            Severity::Allowed
        } else {
            Severity::Warning
        };
        Diagnostic::warning(path, format!("{message} [{}]", self.name())).with_severity(severity)
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The `[lint]` table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLint {
    #[serde(default)]
    allow: Vec<Spanned<String>>,
}

impl RawLint {
    /// The lints allowed; an unknown name is an error at its line listing the names. `text` is
    /// the front matter, starting on line `first_line` of `path`.
    pub(crate) fn check(
        self,
        path: &Path,
        text: &str,
        first_line: usize,
    ) -> Result<Vec<Lint>, Diagnostic> {
        self.allow
            .into_iter()
            .map(|name| {
                Lint::from_name(name.get_ref()).ok_or_else(|| {
                    let names: Vec<&str> = Lint::ALL.iter().map(|lint| lint.name()).collect();
                    Diagnostic::in_file(
                        path,
                        format!(
                            "`lint.allow` names `{}`, which is not a lint: the lints are {}, e.g. lint.allow = [\"repeated-paragraph\"]",
                            name.get_ref(),
                            names.join(", ")
                        ),
                    )
                    .at_offset(text, name.span().start, first_line)
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for lint in Lint::ALL {
            assert_eq!(Lint::from_name(lint.name()), Some(lint));
        }
        assert_eq!(Lint::from_name("repeated"), None);
    }

    #[test]
    fn an_allowed_lint_is_listed_not_warned() {
        let path = Path::new("a.en.md");
        let warned = Lint::RepeatedParagraph.warning(path, "twice", &[]);
        assert_eq!(warned.severity, Severity::Warning);
        assert_eq!(warned.message, "twice [repeated-paragraph]");
        let allowed = Lint::RepeatedParagraph.warning(path, "twice", &[Lint::RepeatedParagraph]);
        assert_eq!(allowed.severity, Severity::Allowed);
        assert!(allowed.to_string().starts_with("allowed: a.en.md: twice"));
    }
}
