//! `accord check`: build in memory without writing, and report every problem with its file.
//!
//! - [`links`]: internal links and `#anchors` that lead nowhere (errors), each at the Markdown or
//!   template line that holds it.
//! - [`raw_html`]: HTML in Markdown that runs script or embeds another site: `<script>`,
//!   `<iframe>`, `on…=` attributes, `javascript:` and `data:` addresses (warnings).
//! - [`scraped`]: what pasted news brings along: repeated paragraphs and page furniture such as
//!   weather widgets, share buttons, cookie banners, "related articles" and newsletter prompts
//!   (warnings).
//! - Missing translations (warnings) and everything a build would fail on (errors). Pages are
//!   rendered one by one: a page that fails is an error, and the others are still checked.

pub mod corrections;
mod html_scan;
mod link_path;
mod link_sources;
pub mod links;
pub mod names;
pub mod raw_html;
pub mod scraped;
mod scraped_words;

use serde::Serialize;

use crate::build::render_site;
use crate::error::{Diagnostic, Severity, sorted};
use crate::output::MemorySink;
use crate::render::{all_pages, render_pages};
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
    diagnostics.extend(names::check_content(site));
    diagnostics.extend(corrections::check_content(site));
    diagnostics.extend(raw_html::check_content(site));
    let (rendered, render_errors) = render_each_page(site);
    diagnostics.extend(render_errors);
    diagnostics.extend(links::check_rendered(site, &rendered));
    diagnostics
}

/// Renders the site into memory as a build does, going on past the pages that fail: what
/// rendered (and which pages did not, whose links the link check then passes over) and every
/// error met.
fn render_each_page(site: &Site) -> (links::Rendered, Vec<Diagnostic>) {
    let pages = all_pages(site);
    let sink = MemorySink::new();
    let mut errors = render_site(site, &sink)
        .err()
        .map_or_else(Vec::new, |e| e.diagnostics);
    let mut files = sink.into_files();
    if !errors.is_empty()
        && !pages
            .iter()
            .any(|page| files.contains_key(&page.output_path()))
    {
        // The build stopped before the pages (a static file it could not copy, or one at a
        // page's address): render them anyway, to check them too.
        let sink = MemorySink::new();
        if let Err(error) = render_pages(site, &pages, &sink) {
            errors.extend(error.diagnostics);
        }
        files.extend(sink.into_files());
    }
    let mut rendered = links::Rendered::from_files(&files);
    rendered.failed = pages
        .iter()
        .map(|page| page.output_path())
        .filter(|path| !files.contains_key(path))
        .collect();
    (rendered, errors)
}
