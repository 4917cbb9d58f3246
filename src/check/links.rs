//! Internal links and anchors in the rendered site: every one must lead to a page (and an element
//! with that `id`) that the build produces, and none may leave the base path.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use lol_html::{HtmlRewriter, Settings, element};
use rayon::prelude::*;
use url::Url;

use crate::error::Diagnostic;
use crate::site::Site;

/// The host the site is resolved on while checking; never contacted.
const CHECK_HOST: &str = "http://accord.invalid";

/// What one HTML page links to and which anchors it offers.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageLinks {
    /// `href` and `src` values, as written.
    pub links: Vec<String>,
    /// Every `id` (and `<a name>`) in the page.
    pub anchors: HashSet<String>,
}

/// Reads the links and anchors out of an HTML page with a real HTML parser.
pub fn extract(html: &str) -> PageLinks {
    let mut links = Vec::new();
    let mut anchors = HashSet::new();
    {
        let settings = Settings::new()
            .append_element_content_handler(element!("[href], [src]", |el| {
                for name in ["href", "src"] {
                    if let Some(value) = el.get_attribute(name) {
                        links.push(decode_entities(&value));
                    }
                }
                Ok(())
            }))
            .append_element_content_handler(element!("[id], a[name]", |el| {
                for name in ["id", "name"] {
                    if let Some(value) = el.get_attribute(name) {
                        anchors.insert(decode_entities(&value));
                    }
                }
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // The pages are our own UTF-8 output; a parser error only means fewer links to check.
        let _ = rewriter.write(html.as_bytes());
        let _ = rewriter.end();
    }
    PageLinks { links, anchors }
}

/// Checks every internal link of every HTML page in `files` (paths relative to the site root).
pub fn check_links(site: &Site, files: &BTreeMap<String, Vec<u8>>) -> Vec<Diagnostic> {
    let pages: BTreeMap<&str, PageLinks> = files
        .par_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path.as_str(), extract(&String::from_utf8_lossy(bytes))))
        .collect();
    let base_path = site.config.base_url.path.as_str();
    let own_site = site.config.base_url.absolute("");
    let diagnostics: Vec<Diagnostic> = pages
        .par_iter()
        .flat_map_iter(|(page, found)| {
            let mut problems = Vec::new();
            let mut seen = HashSet::new();
            for link in &found.links {
                if !seen.insert(link) {
                    continue;
                }
                if let Some(problem) = check_one(page, link, base_path, &own_site, files, &pages) {
                    problems.push(Diagnostic::in_file(
                        source_of(site, page, link),
                        format!("in {page}: {problem}"),
                    ));
                }
            }
            problems
        })
        .collect();
    crate::error::sorted(diagnostics)
}

/// What is wrong with `link` on `page`, if anything.
fn check_one(
    page: &str,
    link: &str,
    base_path: &str,
    own_site: &str,
    files: &BTreeMap<String, Vec<u8>>,
    pages: &BTreeMap<&str, PageLinks>,
) -> Option<String> {
    let link = link.trim();
    // Absolute links to our own published address are checked like relative ones.
    let local = match link.strip_prefix(own_site) {
        Some(rest) => format!("{base_path}{rest}"),
        None if is_external(link) => return None,
        None => link.to_owned(),
    };
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
    let site_path = percent_decode(site_path);
    let file = if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path
    };
    if !files.contains_key(&file) {
        return Some(format!(
            "link `{link}` leads to no page (expected a file {file})"
        ));
    }
    match target.fragment() {
        Some(fragment) if !fragment.is_empty() => {
            let anchor = percent_decode(fragment);
            let found = pages
                .get(file.as_str())
                .is_some_and(|p| p.anchors.contains(&anchor));
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

/// The file a broken link most likely comes from: the Markdown that contains it, or the templates.
fn source_of(site: &Site, page: &str, link: &str) -> PathBuf {
    let markdown_files = site
        .content
        .articles
        .iter()
        .map(|a| (&a.path, a.body(), &a.lang))
        .chain(
            site.content
                .events
                .iter()
                .map(|e| (&e.path, e.body.as_str(), &e.lang)),
        );
    for (path, body, lang) in markdown_files {
        if page.starts_with(lang.as_str()) && body.contains(link) {
            return path.clone();
        }
    }
    site.paths.templates.clone()
}

fn decode_entities(value: &str) -> String {
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
fn percent_decode(text: &str) -> String {
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
        let pages: BTreeMap<&str, PageLinks> = site
            .iter()
            .map(|(path, bytes)| (path.as_str(), extract(&String::from_utf8_lossy(bytes))))
            .collect();
        check_one(
            page,
            link,
            "/repo/",
            "https://u.github.io/repo/",
            site,
            &pages,
        )
    }

    #[test]
    fn extract_reads_links_and_anchors_through_the_parser() {
        let found = extract(
            r#"<a href="../x/">x</a><img src="a.png" alt=""><h2 id="لماذا">h</h2><a name="old"></a><script>var s = 'href="nope"';</script>"#,
        );
        assert_eq!(found.links, ["../x/", "a.png"]);
        assert!(found.anchors.contains("لماذا") && found.anchors.contains("old"));
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
