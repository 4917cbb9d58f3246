//! `accord check`: build in memory without writing, and report every problem with its file.
//!
//! - [`links`]: internal links and `#anchors` that lead nowhere (errors).
//! - [`scraped`]: what pasted news brings along: repeated paragraphs and page furniture such as
//!   weather widgets, share buttons, cookie banners, "related articles" and newsletter prompts
//!   (warnings).
//! - Missing translations (warnings) and everything a build would fail on (errors).

pub mod links;
pub mod scraped;

use serde::Serialize;

use crate::build::render_in_memory;
use crate::error::{Diagnostic, Severity, sorted};
use crate::site::{LoadOptions, Site};

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site to load.
    pub load: LoadOptions,
}

/// Everything `check` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Errors and warnings, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// How many errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings (allowed ones and notes not counted).
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// How many notes and allowed warnings: listed, never failing the check.
    pub fn notes(&self) -> usize {
        self.count(Severity::Note) + self.count(Severity::Allowed)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Whether the site passes: no errors, and no warnings either when `strict`.
    pub fn passes(&self, strict: bool) -> bool {
        self.errors() == 0 && (!strict || self.warnings() == 0)
    }
}

/// Loads and renders the site in memory and collects every problem.
pub fn check(options: &CheckOptions) -> Report {
    let diagnostics = match Site::load(&options.load) {
        Err(error) => error.diagnostics,
        Ok(site) => check_site(&site),
    };
    Report {
        diagnostics: sorted(diagnostics),
    }
}

fn check_site(site: &Site) -> Vec<Diagnostic> {
    let mut diagnostics = site.content.missing_translations(&site.config);
    diagnostics.extend(scraped::check_content(site));
    match render_in_memory(site) {
        Ok((_, sink)) => diagnostics.extend(links::check_links(site, &sink.into_files())),
        Err(error) => diagnostics.extend(error.diagnostics),
    }
    diagnostics
}
