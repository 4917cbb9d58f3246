//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough, heading anchors and
//! links between content files.
//!
//! A link whose target starts with `@/` names another content file by its path below `content/`
//! without the language: `[the adoption](@/timeline/general-assembly-adoption.md)` or
//! `[report](@/articles/morocco-signs-cybercrime-treaty.md#reactions)`. It resolves to that page in
//! the language being rendered, so one link works in every translation.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

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
pub fn render(markdown: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    // CommonMark requires NUL to become U+FFFD; pulldown-cmark passes it through, and a NUL in a
    // page is an HTML parse error (and in a feed, invalid XML).
    let markdown: Cow<'_, str> = if markdown.contains('\0') {
        Cow::Owned(markdown.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(markdown)
    };
    let mut events: Vec<Event<'_>> = Parser::new_ext(&markdown, options()).collect();
    add_heading_ids(&mut events);
    let mut unresolved = Vec::new();
    for event in &mut events {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && let Some(target) = dest_url.strip_prefix(INTERNAL_LINK_PREFIX)
        {
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
    }
    if !unresolved.is_empty() {
        return Err(format!(
            "link to a content file that does not exist: {} (expected @/articles/<stem>.md or @/timeline/<id>.md)",
            unresolved.join(", ")
        ));
    }
    let mut output = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut output, events.into_iter());
    Ok(output)
}

/// Gives every heading without an explicit `{#id}` an id made from its text, unique in the page.
fn add_heading_ids(events: &mut [Event<'_>]) {
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    // The next suffix to try per base: starting from 1 each time made n headings with the same
    // text cost n² lookups (20,000 of them took 46 s). Every smaller suffix is already taken.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut index = 0;
    while index < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[index] {
            let mut text = String::new();
            let mut end = index + 1;
            while end < events.len() {
                match &events[end] {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
                end += 1;
            }
            let base = slugify(&text);
            let mut candidate = base.clone();
            if !used.insert(candidate.clone()) {
                let counter = next_suffix.entry(base.clone()).or_insert(1);
                loop {
                    candidate = format!("{base}-{counter}");
                    *counter += 1;
                    if used.insert(candidate.clone()) {
                        break;
                    }
                }
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[index] {
                *id = Some(CowStr::from(candidate));
            }
            index = end;
        }
        index += 1;
    }
}

/// An anchor id from heading text: lowercase letters and digits of any script joined by hyphens,
/// so Arabic headings keep readable Arabic anchors instead of a lossy transliteration.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug.to_owned()
    }
}

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
    fn nul_bytes_become_replacement_characters() {
        let html = render("a\0b\n\n`c\0d`\n", &no_links).expect("renders");
        assert!(!html.contains('\0'), "{html:?}");
        assert!(html.contains("a\u{FFFD}b"), "{html:?}");
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
