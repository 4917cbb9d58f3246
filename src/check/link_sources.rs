//! Where a broken link was written: the line of the article's or events' Markdown that holds
//! it (`@/` links resolved as rendering resolves them), else the template line that writes it,
//! else the template the page was rendered with.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};
use rustc_hash::FxHashMap;

use crate::error::line_column;
use crate::markdown::{self, INTERNAL_LINK_PREFIX};
use crate::render::page::{article_path, event_href, relative_root};
use crate::render::{Page, all_pages};
use crate::site::Site;
use crate::source::read_text;
use crate::templates::I18N_DIR;

use super::links::percent_decode;

/// Finds the file and line a link on a rendered page comes from.
pub(super) struct SourceFinder<'a> {
    site: &'a Site,
    /// Every page, by output path.
    pages: FxHashMap<String, Page>,
    /// Every template's name (below `templates/`), file and text, sorted by name.
    templates: Vec<(String, PathBuf, String)>,
}

impl<'a> SourceFinder<'a> {
    pub(super) fn new(site: &'a Site) -> SourceFinder<'a> {
        let pages = all_pages(site)
            .into_iter()
            .map(|page| (page.output_path(), page))
            .collect();
        let dir = &site.paths.templates;
        // A template that cannot be read now was read by the build: it is only not searched.
        let templates = crate::walk::files_below(dir, &mut Vec::new())
            .into_iter()
            .filter_map(|entry| {
                let name = entry
                    .path()
                    .strip_prefix(dir)
                    .ok()?
                    .to_string_lossy()
                    .replace('\\', "/");
                if name.starts_with(&format!("{I18N_DIR}/")) {
                    return None;
                }
                let text = read_text(entry.path()).ok()?;
                Some((name, entry.path().to_path_buf(), text))
            })
            .collect();
        SourceFinder {
            site,
            pages,
            templates,
        }
    }

    /// The file (and line, when found) that holds `link` on the rendered page `page_path`: the
    /// Markdown of what the page shows, else a template line writing it, else the page's template.
    pub(super) fn locate(&self, page_path: &str, link: &str) -> (PathBuf, Option<usize>) {
        let Some(page) = self.pages.get(page_path) else {
            // Not a page Accord renders: a static HTML file.
            return (self.site.paths.static_dir.join(page_path), None);
        };
        let lang = page.lang().unwrap_or_default();
        let root = relative_root(&page.site_path());
        let resolve = |target: &str| resolve_internal(self.site, lang, &root, target);
        for (path, body, body_line) in self.markdown_of(page) {
            if let Some(offset) = find_in_markdown(body, link, &resolve) {
                return (
                    path.to_path_buf(),
                    Some(line_column(body, offset).0 + body_line - 1),
                );
            }
        }
        // The link to the article's event: the `event` line of its front matter.
        if let Page::Article { lang, stem } = page
            && let Some(article) = self.site.article(lang, stem)
            && let (Some(event), Some(line)) = (&article.event, article.event_line)
            && link.ends_with(&format!("#{event}"))
        {
            return (article.path.clone(), Some(line));
        }
        if let Some(found) = self.find_in_templates(page, &root, link) {
            return found;
        }
        let template = page.template().map_or_else(
            || self.site.paths.templates.clone(),
            |name| self.site.paths.templates.join(name),
        );
        (template, None)
    }

    /// The Markdown files `page` shows: its article, or the events of its timeline.
    fn markdown_of(&self, page: &Page) -> Vec<(&'a Path, &'a str, usize)> {
        match page {
            Page::Article { lang, stem } => self
                .site
                .article(lang, stem)
                .map(|a| (a.path.as_path(), a.body(), a.body_line))
                .into_iter()
                .collect(),
            Page::Timeline(lang) => self
                .site
                .content
                .events
                .iter()
                .filter(|e| &e.lang == lang)
                .map(|e| (e.path.as_path(), e.body.as_str(), e.body_line))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The template line that writes `link`, searching the page's own template first: the link
    /// quoted as it is, or what follows a `{{ root }}` (and `{{ lang }}/`) in front of it.
    fn find_in_templates(
        &self,
        page: &Page,
        root: &str,
        link: &str,
    ) -> Option<(PathBuf, Option<usize>)> {
        let mut patterns = vec![format!("\"{link}\""), format!("'{link}'")];
        let base_path = self.site.config.base_url.path.as_str();
        let after_root = (!root.is_empty())
            .then(|| link.strip_prefix(root))
            .flatten()
            .or_else(|| link.strip_prefix(base_path));
        if let Some(rest) = after_root.filter(|rest| !rest.is_empty()) {
            patterns.push(format!("}}}}{rest}\""));
            patterns.push(format!("}}}}{rest}'"));
            if let Some(lang) = page.lang()
                && let Some(after_lang) = rest.strip_prefix(lang).and_then(|r| r.strip_prefix('/'))
                && !after_lang.is_empty()
            {
                patterns.push(format!("}}}}/{after_lang}\""));
                patterns.push(format!("}}}}/{after_lang}'"));
            }
        }
        let own = page.template();
        let ordered = self
            .templates
            .iter()
            .filter(|(name, _, _)| Some(name.as_str()) == own)
            .chain(
                self.templates
                    .iter()
                    .filter(|(name, _, _)| Some(name.as_str()) != own),
            );
        for (_, path, text) in ordered {
            let first = patterns
                .iter()
                .filter_map(|pattern| text.find(pattern.as_str()))
                .min();
            if let Some(offset) = first {
                return Some((path.clone(), Some(line_column(text, offset).0)));
            }
        }
        None
    }
}

/// The address an `@/` link (`target` is what follows `@/`) has on a page in `lang` whose way
/// back to the site root is `root`: what rendering made of it.
fn resolve_internal(site: &Site, lang: &str, root: &str, target: &str) -> Option<String> {
    let (file, anchor) = match target.split_once('#') {
        Some((file, anchor)) => (file, Some(anchor)),
        None => (target, None),
    };
    let file = file.strip_suffix(".md").unwrap_or(file);
    let url = if let Some(stem) = file.strip_prefix("articles/") {
        site.article(lang, stem)
            .map(|_| [root, &article_path(lang, stem)].concat())
    } else if let Some(id) = file.strip_prefix("timeline/") {
        site.event(lang, id).map(|_| event_href(root, lang, id))
    } else {
        None
    }?;
    Some(match anchor {
        Some(anchor) if !url.contains('#') => format!("{url}#{anchor}"),
        _ => url,
    })
}

/// The byte offset in the Markdown `body` of the link that rendered as `link`: a Markdown link
/// or image (its `@/` target resolved by `resolve`), or raw HTML holding it, else the first
/// place the text appears.
pub(super) fn find_in_markdown(
    body: &str,
    link: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Option<usize> {
    let wanted = percent_decode(link);
    let same = |dest: &str| dest == link || percent_decode(dest) == wanted;
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let resolved = dest_url
                    .strip_prefix(INTERNAL_LINK_PREFIX)
                    .and_then(resolve)
                    .is_some_and(|url| same(&url));
                if resolved || same(dest_url) {
                    let written = body.get(range.clone()).unwrap_or_default();
                    let at = written.find(dest_url.as_ref()).unwrap_or(0);
                    return Some(range.start + at);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                if let Some(at) = body.get(range.clone()).and_then(|html| html.find(link)) {
                    return Some(range.start + at);
                }
            }
            _ => {}
        }
    }
    body.find(link)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_where_the_markdown_writes_them() {
        let resolve = |target: &str| match target {
            "articles/other.md#gone" => Some("../other/#gone".to_owned()),
            _ => None,
        };
        let body = "Text with ../gone/ in prose.\n\nA [link](../gone/) here.\n\n[ref][r] and [other](@/articles/other.md#gone)\n\n<p><a href=\"../raw/\">raw</a></p>\n\n[r]: ../ref/\n";
        let line =
            |link: &str| find_in_markdown(body, link, &resolve).map(|at| line_column(body, at).0);
        // The Markdown link, not the first place the text appears.
        assert_eq!(line("../gone/"), Some(3));
        assert_eq!(line("../ref/"), Some(5));
        assert_eq!(line("../other/#gone"), Some(5));
        assert_eq!(line("../raw/"), Some(7));
        assert_eq!(line("../nowhere/"), None);
        let arabic = "[خبر](../مقال/)\n";
        assert_eq!(
            find_in_markdown(arabic, "../%D9%85%D9%82%D8%A7%D9%84/", &resolve),
            Some(arabic.find("../").unwrap_or_default())
        );
    }
}
