//! Internal links and anchors in the rendered site: every one must lead to a page (and an element
//! with that `id`) that the build produces, and none may leave the base path.
//!
//! A broken link is reported at the file and line that holds it: the Markdown of the article or
//! events the page shows (the link as written, `@/` links included), else the template line that
//! writes it, else the template the page was rendered with.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
// The link check hashes half a million strings it made itself: no need for SipHash's defence.
use rustc_hash::FxHashSet as HashSet;
use url::Url;

use super::html_scan;
use super::link_path::PageBase;
use super::link_sources::SourceFinder;
use crate::error::{Diagnostic, Severity};
use crate::output::Sink;
use crate::site::Site;

/// The host the site is resolved on while checking; never contacted.
const CHECK_HOST: &str = "http://accord.invalid";

/// What one HTML page links to and which anchors it offers, in one buffer: as a string each,
/// the links and ids of 20,000 pages were a million allocations and 40 MB kept until the check.
#[derive(Debug, Default, Clone)]
pub struct PageLinks {
    /// The links, then the anchors, one after another.
    text: String,
    /// Where each link ends in `text`, in page order.
    link_ends: Vec<u32>,
    /// Where each distinct anchor starts and ends in `text`, sorted by the anchor.
    anchors: Vec<(u32, u32)>,
}

impl PageLinks {
    /// The `href` and `src` values, as written (entities decoded), in page order.
    pub fn links(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.link_ends.iter().copied());
        starts
            .zip(&self.link_ends)
            .map(|(start, &end)| &self.text[start as usize..end as usize])
    }

    /// Every `id` (and `<a name>`) in the page, in order.
    pub fn anchors(&self) -> impl Iterator<Item = &str> {
        self.anchors
            .iter()
            .map(|&(start, end)| &self.text[start as usize..end as usize])
    }

    /// Whether the page has the anchor `anchor`.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.anchors
            .binary_search_by(|&(start, end)| self.text[start as usize..end as usize].cmp(anchor))
            .is_ok()
    }

    /// Links and anchors from their lists (for tests comparing with another reader).
    pub fn from_lists<'a>(
        links: impl IntoIterator<Item = &'a str>,
        anchors: impl IntoIterator<Item = &'a str>,
    ) -> PageLinks {
        let mut found = PageLinks::default();
        for link in links {
            found.text.push_str(link);
            found.link_ends.push(offset(&found.text));
        }
        let mut anchor_text = String::new();
        let mut spans = Vec::new();
        for anchor in anchors {
            let start = offset(&anchor_text);
            anchor_text.push_str(anchor);
            spans.push((start, offset(&anchor_text)));
        }
        found.add_anchors(&anchor_text, spans);
        found
    }

    /// Appends the anchors of `spans` in `anchor_text`, each once, sorted.
    fn add_anchors(&mut self, anchor_text: &str, mut spans: Vec<(u32, u32)>) {
        let text = |&(start, end): &(u32, u32)| &anchor_text[start as usize..end as usize];
        spans.sort_unstable_by(|a, b| text(a).cmp(text(b)));
        spans.dedup_by(|a, b| text(a) == text(b));
        let shift = offset(&self.text);
        self.text.push_str(anchor_text);
        self.anchors = spans
            .into_iter()
            .map(|(start, end)| (start + shift, end + shift))
            .collect();
    }
}

/// The same links in the same order, and the same anchors, however the buffer holds them.
impl PartialEq for PageLinks {
    fn eq(&self, other: &PageLinks) -> bool {
        self.links().eq(other.links()) && self.anchors().eq(other.anchors())
    }
}

impl Eq for PageLinks {}

/// `text`'s length as a position in a page's buffer (a page is far below 4 GB).
fn offset(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

/// Reads the links and anchors out of an HTML page, tokenized as an HTML parser does.
pub fn extract(html: &str) -> PageLinks {
    let mut found = PageLinks::default();
    let mut anchor_text = String::new();
    let mut spans = Vec::new();
    html_scan::start_tags(html, |tag| {
        for name in ["href", "src"] {
            if let Some(value) = tag.attribute(name) {
                decode_entities_into(value, &mut found.text);
                found.link_ends.push(offset(&found.text));
            }
        }
        let id = tag.attribute("id");
        let name = tag.attribute("name");
        // The selectors the check used with lol_html: `[id], a[name]`.
        if id.is_some() || name.is_some() && tag.name.eq_ignore_ascii_case("a") {
            for anchor in id.into_iter().chain(name) {
                let start = offset(&anchor_text);
                decode_entities_into(anchor, &mut anchor_text);
                spans.push((start, offset(&anchor_text)));
            }
        }
    });
    found.add_anchors(&anchor_text, spans);
    found
}

/// What a render produced, as the link check needs it.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Every file written (pages, feeds, static files), by path below the site root.
    pub files: HashSet<String>,
    /// The links and anchors of each HTML page.
    pub pages: BTreeMap<String, PageLinks>,
    /// Pages that failed to render: links to them are not reported (their error is), nor their
    /// anchors checked.
    pub failed: HashSet<String>,
}

impl Rendered {
    /// The links and anchors of the rendered `files` (paths relative to the site root, as a
    /// [`crate::output::MemorySink`] holds them), read in parallel.
    pub fn from_files(files: &BTreeMap<String, Vec<u8>>) -> Rendered {
        Rendered {
            files: files.keys().cloned().collect(),
            pages: files
                .par_iter()
                .filter(|(path, _)| path.ends_with(".html"))
                .map(|(path, bytes)| (path.clone(), extract(&String::from_utf8_lossy(bytes))))
                .collect(),
            failed: HashSet::default(),
        }
    }

    /// Whether `file` was (or would have been, had it rendered) written.
    fn has(&self, file: &str) -> bool {
        self.files.contains(file) || self.failed.contains(file)
    }
}

/// A sink that passes every file on to another and keeps what the link check needs of it (the
/// links and anchors of HTML pages, the paths of the others), so a build can check its links
/// without holding its pages in memory.
pub struct LinkCollector<'a> {
    inner: &'a dyn Sink,
    found: Mutex<Rendered>,
}

impl<'a> LinkCollector<'a> {
    /// A collector writing through to `inner`.
    pub fn new(inner: &'a dyn Sink) -> LinkCollector<'a> {
        LinkCollector {
            inner,
            found: Mutex::default(),
        }
    }

    /// What was collected.
    pub fn into_rendered(self) -> Rendered {
        self.found
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn record(&self, path: &str, links: Option<PageLinks>) {
        let mut found = self
            .found
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        found.files.insert(path.to_owned());
        if let Some(links) = links {
            found.pages.insert(path.to_owned(), links);
        }
    }
}

impl Sink for LinkCollector<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        // Read on the rendering thread, before the bytes move on.
        let links = path
            .ends_with(".html")
            .then(|| extract(&crate::source::utf8_lossy(&bytes)));
        self.inner.put(path, bytes)?;
        self.record(path, links);
        Ok(())
    }

    fn copy(&self, path: &str, source: &Path) -> io::Result<()> {
        let links = if path.ends_with(".html") {
            Some(extract(&String::from_utf8_lossy(&std::fs::read(source)?)))
        } else {
            None
        };
        self.inner.copy(path, source)?;
        self.record(path, links);
        Ok(())
    }

    fn put_cached(&self, path: &str, source: &Path) -> io::Result<()> {
        self.inner.put_cached(path, source)?;
        self.record(path, None);
        Ok(())
    }
}

/// Checks every internal link of every HTML page in `files` (paths relative to the site root).
pub fn check_links(site: &Site, files: &BTreeMap<String, Vec<u8>>) -> Vec<Diagnostic> {
    check_rendered(site, &Rendered::from_files(files))
}

/// The broken links of a build, as warnings: a build still succeeds with them (`check` makes
/// them errors).
pub fn build_warnings(site: &Site, rendered: &Rendered) -> Vec<Diagnostic> {
    let mut warnings = check_rendered(site, rendered);
    for warning in &mut warnings {
        warning.severity = Severity::Warning;
    }
    warnings
}

/// Checks every internal link of every rendered page, each error at the file and line that
/// holds the link; one template line that breaks a link on many pages is one error.
pub fn check_rendered(site: &Site, rendered: &Rendered) -> Vec<Diagnostic> {
    let base_path = site.config.base_url.path.as_str();
    let own_site = site.config.base_url.absolute("");
    let broken: Vec<(&str, &str, String)> = rendered
        .pages
        .par_iter()
        .flat_map_iter(|(page, found)| {
            let mut problems = Vec::new();
            let mut seen = HashSet::default();
            let place = PageBase::new(base_path, page);
            for link in found.links() {
                if !seen.insert(link) {
                    continue;
                }
                if let Some(problem) = check_one(&place, link, &own_site, rendered) {
                    problems.push((page.as_str(), link, problem));
                }
            }
            problems
        })
        .collect();
    if broken.is_empty() {
        return Vec::new();
    }
    let finder = SourceFinder::new(site);
    // By place and problem: the pages each broken link is on, in page order.
    let mut by_place: BTreeMap<(PathBuf, Option<usize>, String), Vec<&str>> = BTreeMap::new();
    for (page, link, problem) in broken {
        let (file, line) = finder.locate(page, link);
        by_place
            .entry((file, line, problem))
            .or_default()
            .push(page);
    }
    let diagnostics = by_place
        .into_iter()
        .map(|((file, line, problem), mut pages)| {
            pages.sort_unstable();
            let on = match pages.len() {
                1 => pages[0].to_owned(),
                2 => format!("{} and 1 other page", pages[0]),
                n => format!("{} and {} other pages", pages[0], n - 1),
            };
            let diagnostic = Diagnostic::in_file(file, format!("in {on}: {problem}"));
            match line {
                Some(line) => diagnostic.at(line, None),
                None => diagnostic,
            }
        })
        .collect();
    crate::error::sorted(diagnostics)
}

/// What is wrong with `link` on `page`, if anything.
fn check_one(
    place: &PageBase<'_>,
    link: &str,
    own_site: &str,
    rendered: &Rendered,
) -> Option<String> {
    let (base_path, page) = (place.base_path(), place.page());
    let link = link.trim();
    // Absolute links to our own published address are checked like relative ones.
    let local = match link.strip_prefix(own_site) {
        Some(rest) => Cow::Owned(format!("{base_path}{rest}")),
        None if is_external(link) => return None,
        None => Cow::Borrowed(link),
    };
    // Most links are plain paths; a broken one is looked at again through `Url` for its message.
    if let Some(target) = place.resolve(&local)
        && target_problem(link, target.site_path, target.fragment, rendered).is_none()
    {
        return None;
    }
    let page_url = Url::parse(&format!("{CHECK_HOST}{base_path}{page}")).ok()?;
    let target = match page_url.join(&local) {
        Ok(target) => target,
        Err(error) => return Some(format!("link `{link}` is not a valid address ({error})")),
    };
    let Some(site_path) = target.path().strip_prefix(base_path) else {
        return Some(format!(
            "link `{link}` leaves the site's base path {base_path} (it resolves to {})",
            target.path()
        ));
    };
    target_problem(link, percent_decode(site_path), target.fragment(), rendered)
}

/// What is wrong with a link that resolves to `site_path` (percent-decoded, below the base
/// path) and `fragment` (as `Url` or the link gives it), if anything.
fn target_problem(
    link: &str,
    site_path: String,
    fragment: Option<&str>,
    rendered: &Rendered,
) -> Option<String> {
    let file = if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path
    };
    if !rendered.has(&file) {
        return Some(format!(
            "link `{link}` leads to no page (expected a file {file})"
        ));
    }
    match fragment {
        Some(fragment) if !fragment.is_empty() && !rendered.failed.contains(&file) => {
            let anchor = percent_decode(fragment);
            let found = rendered
                .pages
                .get(file.as_str())
                .is_some_and(|p| p.has_anchor(&anchor));
            (!found)
                .then(|| format!("link `{link}` points at `#{anchor}`, which {file} does not have"))
        }
        _ => None,
    }
}

/// Whether a link leaves the site: it has a scheme (`https:`, `mailto:`) or is protocol-relative.
fn is_external(link: &str) -> bool {
    if link.starts_with("//") {
        return true;
    }
    match link.find(':') {
        Some(colon) => !link[..colon].contains(['/', '?', '#']),
        None => false,
    }
}

/// Appends `value` to `out` with the entities [`decode_entities`] knows decoded.
fn decode_entities_into(value: &str, out: &mut String) {
    if value.contains('&') {
        out.push_str(&decode_entities(value));
    } else {
        out.push_str(value);
    }
}

pub(super) fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Decodes `%XX` escapes (an Arabic anchor arrives as UTF-8 percent-escapes).
pub(super) fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pages: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pages
            .iter()
            .map(|(path, html)| ((*path).to_owned(), html.as_bytes().to_vec()))
            .collect()
    }

    fn problem(page: &str, link: &str, site: &BTreeMap<String, Vec<u8>>) -> Option<String> {
        check_one(
            &PageBase::new("/repo/", page),
            link,
            "https://u.github.io/repo/",
            &Rendered::from_files(site),
        )
    }

    #[test]
    fn extract_reads_links_and_anchors_through_the_parser() {
        let found = extract(
            r#"<a href="../x/">x</a><img src="a.png" alt=""><h2 id="لماذا">h</h2><a name="old"></a><script>var s = 'href="nope"';</script>"#,
        );
        assert_eq!(found.links().collect::<Vec<_>>(), ["../x/", "a.png"]);
        assert!(found.has_anchor("لماذا") && found.has_anchor("old") && !found.has_anchor("x"));
        assert_eq!(found.anchors().collect::<Vec<_>>(), ["old", "لماذا"]);
    }

    #[test]
    fn relative_links_resolve_against_the_page() {
        let site = files(&[
            ("en/articles/a/index.html", r#"<h2 id="top">t</h2>"#),
            ("en/index.html", ""),
            ("style.css", ""),
        ]);
        assert_eq!(problem("en/articles/a/index.html", "../../", &site), None);
        assert_eq!(
            problem("en/articles/a/index.html", "../../../style.css", &site),
            None
        );
        assert_eq!(problem("en/index.html", "articles/a/#top", &site), None);
        assert_eq!(
            problem("en/index.html", "https://elsewhere.org/x", &site),
            None
        );
        assert_eq!(problem("en/index.html", "mailto:x@y.z", &site), None);
        assert!(
            problem("en/index.html", "articles/b/", &site).is_some_and(|p| p.contains("no page"))
        );
        assert!(
            problem("en/index.html", "articles/a/#nope", &site)
                .is_some_and(|p| p.contains("#nope"))
        );
    }

    #[test]
    fn links_may_not_escape_the_base_path() {
        let site = files(&[("en/index.html", "")]);
        let escaping = problem("en/index.html", "../../elsewhere/", &site);
        assert!(escaping.is_some_and(|p| p.contains("leaves the site's base path")));
        assert!(
            problem("en/index.html", "/en/", &site).is_some(),
            "root-relative without the base path"
        );
        assert_eq!(problem("404.html", "/repo/en/", &site), None);
    }

    #[test]
    fn absolute_links_to_the_site_itself_are_checked() {
        let site = files(&[("en/index.html", "")]);
        assert_eq!(
            problem("en/index.html", "https://u.github.io/repo/en/", &site),
            None
        );
        assert!(problem("en/index.html", "https://u.github.io/repo/fr/", &site).is_some());
    }

    #[test]
    fn arabic_anchors_match_when_percent_encoded() {
        let site = files(&[("ar/index.html", r#"<h2 id="لماذا-يهم">x</h2>"#)]);
        let encoded = "#%D9%84%D9%85%D8%A7%D8%B0%D8%A7-%D9%8A%D9%87%D9%85";
        assert_eq!(problem("ar/index.html", encoded, &site), None);
        assert_eq!(problem("ar/index.html", "#لماذا-يهم", &site), None);
    }
}
