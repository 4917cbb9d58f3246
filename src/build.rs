//! Running the whole pipeline: load the site, render every page, and put the result in place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::check::links::{LinkCollector, build_warnings};
use crate::error::{BuildError, Diagnostic};
use crate::output::{DirSink, MemorySink, Sink, Staging, checked_output_dir, copy_static};
use crate::paths::SitePaths;
use crate::progress::with_progress;
use crate::render::{Page, all_pages, render_pages, render_pages_counting};
use crate::site::{LoadOptions, Site};
use crate::walk::links_leaving;

/// What `accord build` needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// What to load.
    pub load: LoadOptions,
    /// The output folder, relative to the root unless absolute.
    pub output: PathBuf,
    /// Replace the output folder even if it is not empty and holds no sign that Accord wrote
    /// it (`--force`); the refusals that protect the sources stay.
    pub force: bool,
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
    /// Problems that did not stop the build (the previous output could not be deleted).
    pub warnings: Vec<Diagnostic>,
    /// Responsive image sizes and social cards: how many were made, how many came from the
    /// cache (they are among the files).
    pub media: crate::images::MediaSummary,
    /// Languages whose search index was the previous build's, taken whole from the cache.
    pub search_reused: usize,
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
        let search = match self.search_reused {
            0 => String::new(),
            1 => ", 1 search index from the cache".to_owned(),
            n => format!(", {n} search indexes from the cache"),
        };
        format!(
            "{} pages ({}), {} files in all ({}{search}), in {} ms",
            self.pages_per_language
                .iter()
                .map(|(_, n)| n)
                .sum::<usize>(),
            per_language.join(", "),
            self.files,
            self.media.describe(),
            elapsed.as_millis()
        )
    }
}

/// Loads the site and writes it to the output folder, replacing the previous output only if
/// everything succeeded. The summary's file count is the site's files: the output also holds
/// the [`crate::output::MARKER`], which is not counted.
pub fn build(options: &BuildOptions) -> Result<(Site, Summary, Duration), BuildError> {
    let started = Instant::now();
    let paths = options.paths()?;
    let output = checked_output_dir(&paths, options.force)?;
    // The walks check the links they meet; the data files in content/ are read by name.
    let links = links_leaving(&paths.content);
    if !links.is_empty() {
        return Err(links.into());
    }
    let site = Site::load(&options.load)?;
    lap("loaded", started);
    let staging = Staging::create(&output)?;
    let dir = DirSink::new(staging.dir());
    // Keeps each page's links as it is written, so broken ones are warnings (issue 22).
    let collector = LinkCollector::new(&dir);
    let pages = all_pages(&site).len();
    let mut summary = with_progress(pages, &collector, |sink| render_site(&site, sink))?;
    lap("rendered", started);
    summary.warnings.extend(staging.commit()?);
    lap("committed", started);
    let rendered = collector.into_rendered();
    summary.warnings.extend(build_warnings(&site, &rendered));
    lap("links checked", started);
    // The file names and link lists of 20,000 pages take 12 ms to free on one thread:
    // `accord build` would wait for it before exiting, `watch` before showing the result.
    // Where no thread can be made, `spawn` frees them here, as before.
    let freeing = std::thread::Builder::new().name("free link lists".into());
    let _detached = freeing.spawn(move || drop(rendered));
    Ok((site, summary, started.elapsed()))
}

/// Set to print when each stage of a build ends (for `bench/run.sh` and profiling).
pub const TIMING_VARIABLE: &str = "ACCORD_TIMING";

/// Prints how long after `started` the build reached `stage`, when [`TIMING_VARIABLE`] is set.
fn lap(stage: &str, started: Instant) {
    if std::env::var_os(TIMING_VARIABLE).is_some() {
        eprintln!("build: {stage} at {} ms", started.elapsed().as_millis());
    }
}

/// Renders the whole site (pages and static files) into `sink`.
pub fn render_site(site: &Site, sink: &dyn Sink) -> Result<Summary, BuildError> {
    let pages = all_pages(site);
    let static_files = copy_static(&site.paths.static_dir, sink)?;
    static_collisions(site, &pages, &static_files)?;
    // A page that fails does not stop the others, nor what is made from them: `check` reports
    // every problem and checks the links of every page that rendered.
    let (rendered, search_files) = if site.config.search {
        // The search index is made from the pages as they are rendered (issue 21).
        let collector = crate::search::Collector::new(site, &pages, sink);
        let rendered = render_pages_counting(site, &pages, &collector);
        let written = collector.write_index()?;
        (rendered, written)
    } else {
        (
            render_pages_counting(site, &pages, sink),
            crate::search::Written::default(),
        )
    };
    let media = rendered?;
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
        files: pages.len() + static_files.len() + search_files.files,
        search_reused: search_files.reused,
        static_files: static_files.len(),
        warnings: Vec::new(),
        media,
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
