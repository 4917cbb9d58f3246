//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough, heading anchors and
//! links between content files.
//!
//! A link whose target starts with `@/` names another content file by its path below `content/`
//! without the language: `[the adoption](@/timeline/general-assembly-adoption.md)` or
//! `[report](@/articles/morocco-signs-cybercrime-treaty.md#reactions)`. It resolves to that page in
//! the language being rendered, so one link works in every translation.
//!
//! Images go through an [`Images`] handler when the caller has one: a root-absolute source
//! (`/images/x.jpg`, a file in `static/`) is made relative to the page, and an image alone in its
//! paragraph with a title (`![alt](/images/x.jpg "Caption | Credit")`) becomes a `<figure>`.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// The prefix of a link to another content file.
pub const INTERNAL_LINK_PREFIX: &str = "@/";

/// The Markdown extensions every page gets.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders `markdown` to HTML. `resolve` turns the part of an internal link after `@/` (anchor
/// removed) into a URL; an internal link it cannot resolve is an error naming the link.
///
/// The events stream from the parser to the HTML writer: only a heading's own events are held
/// back, until its text (and so its id) is known.
pub fn render(markdown: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    render_with(markdown, resolve, true)
}

/// [`render`], passing HTML written in the Markdown through as HTML when `raw_html`, or showing
/// it as text (escaped, each HTML block as a paragraph) when not: `[markdown] raw_html = false`.
pub fn render_with(
    markdown: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    raw_html: bool,
) -> Result<String, String> {
    render_with_images(markdown, resolve, raw_html, None)
}

/// An image written in Markdown: `![alt](src "title")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// The address as written (after `@/` resolution), not yet made relative.
    pub src: &'a str,
    /// The alternative text, as plain text.
    pub alt: &'a str,
    /// The title: a figure's caption, and its credit after a `|`.
    pub title: &'a str,
}

/// What a page does with the images in its Markdown (see [`crate::images::Figures`]).
pub trait Images {
    /// The address to use instead of `src` (a root-absolute `/images/x.jpg` made relative to the
    /// page), or `None` to keep it.
    fn src(&self, src: &str) -> Option<String>;
    /// The HTML of the figure for `image`, an image alone in its paragraph with a title;
    /// `index` counts the figures of the page from 0.
    fn figure(&self, image: &ImageRef<'_>, index: usize) -> String;
}

/// [`render_with`], with the page's [`Images`] handler for image sources and figures.
pub fn render_with_images(
    markdown: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    raw_html: bool,
    images: Option<&dyn Images>,
) -> Result<String, String> {
    // CommonMark requires NUL to become U+FFFD; pulldown-cmark passes it through, and a NUL in a
    // page is an HTML parse error (and in a feed, invalid XML).
    let markdown: Cow<'_, str> = if memchr::memchr(0, markdown.as_bytes()).is_some() {
        Cow::Owned(markdown.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(markdown)
    };
    let mut unresolved = Vec::new();
    let mut output = String::with_capacity(markdown.len() * 3 / 2);
    let events = PageEvents {
        parser: Parser::new_ext(&markdown, options()),
        ids: HeadingIds::new(explicit_heading_ids(&markdown)),
        held: VecDeque::new(),
        resolve,
        unresolved: &mut unresolved,
        raw_html,
        images,
        figures: 0,
    };
    html::push_html(&mut output, events);
    if unresolved.is_empty() {
        Ok(output)
    } else {
        Err(format!(
            "link to a content file that does not exist: {} (expected @/articles/<stem>.md or @/timeline/<id>.md)",
            unresolved.join(", ")
        ))
    }
}

/// Points an `@/` link at the page it names, or records it as unresolved.
#[inline]
fn resolve_internal_link(
    event: &mut Event<'_>,
    resolve: &dyn Fn(&str) -> Option<String>,
    unresolved: &mut Vec<String>,
) {
    let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event else {
        return;
    };
    let Some(target) = dest_url.strip_prefix(INTERNAL_LINK_PREFIX) else {
        return;
    };
    let (file, anchor) = match target.split_once('#') {
        Some((file, anchor)) => (file, Some(anchor)),
        None => (target, None),
    };
    match resolve(file) {
        Some(url) => {
            // A timeline event already resolves to an anchor on the timeline page.
            let full = match anchor {
                Some(anchor) if !url.contains('#') => format!("{url}#{anchor}"),
                _ => url,
            };
            *dest_url = CowStr::from(full);
        }
        None => unresolved.push(format!("{INTERNAL_LINK_PREFIX}{target}")),
    }
}

/// The ids given explicitly (`## Title {#id}`), which generated ids must not take. Only a page
/// with a `{` can have any, so most pages are parsed once.
fn explicit_heading_ids(markdown: &str) -> FxHashSet<String> {
    if memchr::memchr(b'{', markdown.as_bytes()).is_none() {
        return FxHashSet::default();
    }
    Parser::new_ext(markdown, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

/// Parser events with an id on every heading that has none and `@/` links resolved: one
/// adapter between parser and writer, since every event of every page passes through it.
struct PageEvents<'a, 'r> {
    parser: Parser<'a>,
    ids: HeadingIds,
    /// A heading's events after its start, waiting for the start to be given its id.
    held: VecDeque<Event<'a>>,
    resolve: &'r dyn Fn(&str) -> Option<String>,
    /// `@/` links that name no page, as written.
    unresolved: &'r mut Vec<String>,
    /// Whether HTML in the Markdown passes through (or is shown as text).
    raw_html: bool,
    /// The page's image handler, if it has one.
    images: Option<&'r dyn Images>,
    /// Figures made so far.
    figures: usize,
}

impl<'a> Iterator for PageEvents<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let (mut event, fresh) = match self.held.pop_front() {
            Some(event) => (event, false),
            None => (self.parser.next()?, true),
        };
        if fresh
            && matches!(event, Event::Start(Tag::Paragraph))
            && let Some(images) = self.images
            && let Some(figure) = self.figure(images)
        {
            return Some(Event::Html(CowStr::from(figure)));
        }
        if let Event::Start(Tag::Heading { id: id @ None, .. }) = &mut event {
            let mut text = String::new();
            for inner in self.parser.by_ref() {
                let end = matches!(inner, Event::End(TagEnd::Heading(_)));
                if let Event::Text(t) | Event::Code(t) = &inner {
                    text.push_str(t);
                }
                self.held.push_back(inner);
                if end {
                    break;
                }
            }
            *id = Some(CowStr::from(self.ids.unique(&text)));
        }
        resolve_internal_link(&mut event, self.resolve, self.unresolved);
        if let (Some(images), Event::Start(Tag::Image { dest_url, .. })) = (self.images, &mut event)
            && let Some(src) = images.src(dest_url)
        {
            *dest_url = CowStr::from(src);
        }
        if !self.raw_html {
            event = html_as_text(event);
        }
        Some(event)
    }
}

impl<'a> PageEvents<'a, '_> {
    /// After a paragraph's start: if the paragraph is one image with a title, its figure's HTML;
    /// otherwise `None`, with the events read ahead held to be given out next.
    fn figure(&mut self, images: &dyn Images) -> Option<String> {
        let first = self.parser.next()?;
        let Event::Start(Tag::Image { title, .. }) = &first else {
            self.held.push_back(first);
            return None;
        };
        if title.trim().is_empty() {
            self.held.push_back(first);
            return None;
        }
        let mut read = vec![first];
        let mut alt = String::new();
        for inner in self.parser.by_ref() {
            let end = matches!(inner, Event::End(TagEnd::Image));
            if let Event::Text(text) | Event::Code(text) = &inner {
                alt.push_str(text);
            }
            read.push(inner);
            if end {
                break;
            }
        }
        let after = self.parser.next();
        if !matches!(after, Some(Event::End(TagEnd::Paragraph))) {
            self.held.extend(read);
            self.held.extend(after);
            return None;
        }
        let mut image = read.swap_remove(0);
        resolve_internal_link(&mut image, self.resolve, self.unresolved);
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &image
        else {
            return None;
        };
        let figure = images.figure(
            &ImageRef {
                src: dest_url,
                alt: &alt,
                title,
            },
            self.figures,
        );
        self.figures += 1;
        Some(figure)
    }
}

/// The lines (from 1) of the images in `markdown` that have no alternative text: a reader who
/// cannot see them gets nothing. Cheap when the text has no image.
pub fn images_without_alt(markdown: &str) -> Vec<usize> {
    if memchr::memmem::find(markdown.as_bytes(), b"![").is_none() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    // (start offset, alt text so far) of the image being read.
    let mut open: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { .. }) => open = Some((range.start, String::new())),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, alt)) = &mut open {
                    alt.push_str(&text);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, alt)) = open.take()
                    && alt.trim().is_empty()
                {
                    lines.push(crate::error::line_column(markdown, start).0);
                }
            }
            _ => {}
        }
    }
    lines
}

/// HTML written in the Markdown as text the writer escapes: an HTML block becomes a paragraph.
fn html_as_text(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        other => other,
    }
}

/// Heading ids given so far in a page, to keep each one unique.
struct HeadingIds {
    used: FxHashSet<String>,
    /// The next suffix to try per base: starting from 1 each time made n headings with the same
    /// text cost n² lookups (20,000 of them took 46 s). Every smaller suffix is already taken.
    next_suffix: FxHashMap<String, usize>,
}

impl HeadingIds {
    /// Ids for a page whose headings already use `explicit`.
    fn new(explicit: FxHashSet<String>) -> HeadingIds {
        HeadingIds {
            used: explicit,
            next_suffix: FxHashMap::default(),
        }
    }

    /// An id made from heading `text`, with a `-n` suffix if another heading has it.
    fn unique(&mut self, text: &str) -> String {
        let base = slugify(text);
        if self.used.insert(base.clone()) {
            return base;
        }
        let counter = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{counter}");
            *counter += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// An anchor id from heading text: lowercase letters and digits of any script joined by hyphens,
/// so Arabic headings keep readable Arabic anchors instead of a lossy transliteration.
pub fn slugify(text: &str) -> String {
    let table = &*SLUG_TABLE;
    let mut slug = String::with_capacity(text.len());
    // Whether the slug ends in a hyphen, kept as it grows rather than read back per character.
    let mut after_hyphen = false;
    for c in text.chars() {
        match table.get(c as usize).copied().unwrap_or(SlugChar::Unicode) {
            SlugChar::Keep(kept) => {
                slug.push(kept);
                after_hyphen = false;
            }
            SlugChar::Hyphen if !after_hyphen => {
                slug.push('-');
                after_hyphen = true;
            }
            SlugChar::Hyphen | SlugChar::Drop => {}
            SlugChar::Unicode => {
                slug_char_by_unicode(c, &mut slug);
                after_hyphen = slug.ends_with('-');
            }
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug.to_owned()
    }
}

/// What [`slugify`] does with one character: the Unicode rule, for any character.
fn slug_char_by_unicode(c: char, slug: &mut String) {
    if c.is_alphanumeric() {
        slug.extend(c.to_lowercase());
    } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
        slug.push('-');
    }
}

/// [`slug_char_by_unicode`] for one character, worked out ahead of time.
#[derive(Debug, Clone, Copy, PartialEq)]
enum SlugChar {
    /// Push this (lowercase) character.
    Keep(char),
    /// A hyphen, unless the slug already ends in one.
    Hyphen,
    /// Leave the character out.
    Drop,
    /// Ask the Unicode tables (a character outside the table, or one that lowercases to several).
    Unicode,
}

/// The characters below U+0800 (Latin, Greek, Cyrillic, Hebrew, Arabic) cover nearly every
/// heading on the site; looking them up once per build instead of in Unicode's alphabetic and
/// lowercase tables per character made heading ids cost a third of all Markdown rendering.
const SLUG_TABLE_SIZE: usize = 0x800;

static SLUG_TABLE: LazyLock<Vec<SlugChar>> = LazyLock::new(|| {
    (0..SLUG_TABLE_SIZE as u32)
        .map(|code| match char::from_u32(code) {
            Some(c) => {
                let mut slug = String::new();
                slug_char_by_unicode(c, &mut slug);
                let mut chars = slug.chars();
                match (chars.next(), chars.next()) {
                    (None, _) => SlugChar::Drop,
                    (Some('-'), None) if !c.is_alphanumeric() => SlugChar::Hyphen,
                    (Some(kept), None) => SlugChar::Keep(kept),
                    (Some(_), Some(_)) => SlugChar::Unicode,
                }
            }
            None => SlugChar::Unicode,
        })
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    fn no_links(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn tables_footnotes_and_strikethrough_render() {
        let html = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n[^1]: note\n",
            &no_links,
        )
        .expect("renders");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn headings_get_stable_unique_ids_in_any_script() {
        let html = render(
            "## Why it matters\n\n## Why it matters\n\n## لماذا يهم\n\n## Custom {#mine}\n",
            &no_links,
        )
        .expect("renders");
        assert!(html.contains(r#"<h2 id="why-it-matters">"#), "{html}");
        assert!(html.contains(r#"<h2 id="why-it-matters-1">"#), "{html}");
        assert!(html.contains(r#"<h2 id="لماذا-يهم">"#), "{html}");
        assert!(html.contains(r#"<h2 id="mine">"#), "{html}");
    }

    #[test]
    fn internal_links_resolve_and_keep_anchors() {
        let resolve = |target: &str| match target {
            "timeline/adoption.md" => Some("../../timeline/#adoption".to_owned()),
            "articles/other.md" => Some("../other/".to_owned()),
            _ => None,
        };
        let html = render(
            "[a](@/timeline/adoption.md) [c](@/articles/other.md#x)",
            &resolve,
        )
        .expect("resolves");
        assert!(
            html.contains(r##"href="../../timeline/#adoption""##),
            "{html}"
        );
        assert!(html.contains(r##"href="../other/#x""##), "{html}");
        let error = render("[b](@/articles/missing.md)", &resolve).expect_err("unresolved");
        assert!(error.contains("@/articles/missing.md"), "{error}");
    }

    #[test]
    fn many_headings_with_the_same_text_take_linear_time() {
        // Quadratic, this took 46 s in a debug build (a hang in the suite); linear, milliseconds.
        let html = render(&"# a\n".repeat(20_000), &no_links).expect("renders");
        assert!(html.contains(r#"<h1 id="a-19999">"#), "last id");
    }

    #[test]
    fn suffixes_skip_ids_taken_by_other_headings() {
        let html = render("# a-1\n# a\n# a\n# a-1\n# A {#a-2}\n# a\n", &no_links).expect("renders");
        let ids: Vec<&str> = html
            .split("id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert_eq!(ids, ["a-1", "a", "a-3", "a-1-1", "a-2", "a-4"]);
    }

    #[test]
    fn raw_html_passes_through_or_shows_as_text() {
        let markdown = "Text <b onclick=\"x()\">bold</b>.\n\n<script>alert(1)</script>\n\n<iframe src=\"https://v.example/\"></iframe>\n";
        let passed = render(markdown, &no_links).expect("renders");
        assert!(passed.contains("<script>alert(1)</script>"), "{passed}");
        assert!(passed.contains(r#"<b onclick="x()">"#), "{passed}");
        let escaped = render_with(markdown, &no_links, false).expect("renders");
        assert!(
            !escaped.contains("<script") && !escaped.contains("<iframe"),
            "{escaped}"
        );
        assert!(!escaped.contains("<b "), "{escaped}");
        assert!(
            escaped.contains("<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>"),
            "{escaped}"
        );
        assert!(
            escaped.contains(r#"Text &lt;b onclick="x()"&gt;bold&lt;/b&gt;."#),
            "{escaped}"
        );
    }

    #[test]
    fn nul_bytes_become_replacement_characters() {
        let html = render("a\0b\n\n`c\0d`\n", &no_links).expect("renders");
        assert!(!html.contains('\0'), "{html:?}");
        assert!(html.contains("a\u{FFFD}b"), "{html:?}");
    }

    #[test]
    fn the_slug_table_agrees_with_the_unicode_rule() {
        for c in (0..SLUG_TABLE_SIZE as u32 + 64).filter_map(char::from_u32) {
            let mut expected = String::from("x");
            slug_char_by_unicode(c, &mut expected);
            assert_eq!(
                slugify(&format!("x{c}")),
                expected.trim_matches('-'),
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(slugify("İstanbul Ωmega"), "i\u{307}stanbul-ωmega");
        assert_eq!(slugify("المادة ٦٥ (1)"), "المادة-٦٥-1");
    }

    #[test]
    fn slugify_handles_punctuation_and_empty_text() {
        assert_eq!(
            slugify("  Article 65(1): entry into force "),
            "article-651-entry-into-force"
        );
        assert_eq!(slugify("!!!"), "section");
    }
}
