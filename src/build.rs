//! Running the whole pipeline: load the site, render every page, and put the result in place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::error::{BuildError, Diagnostic};
use crate::output::{DirSink, MemorySink, Sink, Staging, checked_output_dir, copy_static};
use crate::paths::SitePaths;
use crate::progress::with_progress;
use crate::render::{Page, all_pages, render_pages};
use crate::site::{LoadOptions, Site};

/// What `accord build` needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// What to load.
    pub load: LoadOptions,
    /// The output folder, relative to the root unless absolute.
    pub output: PathBuf,
}

impl BuildOptions {
    /// The site's paths with this output folder; an error if the root has no `site.toml`.
    pub fn paths(&self) -> Result<SitePaths, Diagnostic> {
        Ok(SitePaths::open(&self.load.root)?.with_output(&self.output))
    }
}

/// What a build produced, for the one-line summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// HTML pages per language code, in the site's language order.
    pub pages_per_language: Vec<(String, usize)>,
    /// Every file written, static files and feeds included.
    pub files: usize,
    /// Static files copied.
    pub static_files: usize,
}

impl Summary {
    /// `Built 14 pages in English, 14 in Arabic (45 files) in 38 ms`-style text.
    pub fn describe(&self, site: &Site, elapsed: Duration) -> String {
        let per_language: Vec<String> = self
            .pages_per_language
            .iter()
            .map(|(code, count)| {
                let name = site
                    .config
                    .language(code)
                    .map_or(code.as_str(), |l| l.name.as_str());
                format!("{count} {name}")
            })
            .collect();
        format!(
            "{} pages ({}), {} files in all, in {} ms",
            self.pages_per_language
                .iter()
                .map(|(_, n)| n)
                .sum::<usize>(),
            per_language.join(", "),
            self.files,
            elapsed.as_millis()
        )
    }
}

/// Loads the site and writes it to the output folder, replacing the previous output only if
/// everything succeeded.
pub fn build(options: &BuildOptions) -> Result<(Site, Summary, Duration), BuildError> {
    let started = Instant::now();
    let output = checked_output_dir(&options.paths()?)?;
    let site = Site::load(&options.load)?;
    let staging = Staging::create(&output)?;
    let pages = all_pages(&site).len();
    let summary = with_progress(pages, &DirSink::new(staging.dir()), |sink| {
        render_site(&site, sink)
    })?;
    staging.commit()?;
    Ok((site, summary, started.elapsed()))
}

/// Renders the whole site (pages and static files) into `sink`.
pub fn render_site(site: &Site, sink: &dyn Sink) -> Result<Summary, BuildError> {
    let pages = all_pages(site);
    let static_files = copy_static(&site.paths.static_dir, sink)?;
    static_collisions(site, &pages, &static_files)?;
    render_pages(site, &pages, sink)?;
    let pages_per_language = site
        .config
        .language_codes()
        .map(|code| {
            let count = pages
                .iter()
                .filter(|page| page.is_language_page() && page.lang() == Some(code))
                .count();
            (code.to_owned(), count)
        })
        .collect();
    Ok(Summary {
        pages_per_language,
        files: pages.len() + static_files.len(),
        static_files: static_files.len(),
    })
}

/// Renders the whole site into memory, for `check` and the preview server.
pub fn render_in_memory(site: &Site) -> Result<(Summary, MemorySink), BuildError> {
    let sink = MemorySink::new();
    let summary = render_site(site, &sink)?;
    Ok((summary, sink))
}

/// Renders `pages` into memory, by output path, refusing a page at the address of one of
/// `static_files`: what the preview serves after a change.
pub fn render_pages_in_memory(
    site: &Site,
    pages: &[Page],
    static_files: &BTreeSet<String>,
) -> Result<BTreeMap<String, Vec<u8>>, BuildError> {
    static_collisions(site, pages, static_files)?;
    let sink = MemorySink::new();
    render_pages(site, pages, &sink)?;
    Ok(sink.into_files())
}

/// A static file at the address of a page would be silently replaced: refuse it. `static_files`
/// are the output paths `static/` provides.
pub fn static_collisions(
    site: &Site,
    pages: &[Page],
    static_files: &BTreeSet<String>,
) -> Result<(), BuildError> {
    let errors: Vec<Diagnostic> = pages
        .iter()
        .map(Page::output_path)
        .filter(|path| static_files.contains(path))
        .map(|path| static_collision(site, &path))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.into())
    }
}

/// The error for a static file at `path` that has the address of a page.
pub fn static_collision(site: &Site, path: &str) -> Diagnostic {
    Diagnostic::in_file(
        site.paths.static_dir.join(path),
        "this static file has the same address as a page Accord generates; rename or remove it",
    )
}
