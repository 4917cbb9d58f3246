//! HTML written in Markdown that runs script or brings in another site: `<script>`, `<iframe>`
//! (from any host), event-handler attributes (`onerror=`…) and `javascript:`/`data:` addresses in
//! `href` or `src`, whether written as HTML or as a Markdown link. Raw HTML is allowed (newsrooms
//! embed), but bodies are often pasted from other sites' pages, which bring their trackers and
//! scripts along: each one is a warning at its file and line.
//!
//! The HTML is found by the Markdown parser (its HTML events) and read by an HTML parser, never
//! matched as text. With `[markdown] raw_html = false` the HTML is shown as text, harmless: only
//! the Markdown links are checked.

use std::path::Path;

use lol_html::{HtmlRewriter, Settings, element};
use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;

use crate::error::{Diagnostic, line_column};
use crate::markdown;
use crate::site::Site;

/// Warnings for every article and event body.
pub fn check_content(site: &Site) -> Vec<Diagnostic> {
    let raw_html = site.config.raw_html;
    let articles = site
        .content
        .articles
        .par_iter()
        .flat_map_iter(|a| warnings(&a.path, a.body(), a.body_line, raw_html));
    let events = site
        .content
        .events
        .par_iter()
        .flat_map_iter(|e| warnings(&e.path, &e.body, e.body_line, raw_html));
    articles.chain(events).collect()
}

/// The warnings for one Markdown `body`, which starts on line `body_line` of `path`.
fn warnings(path: &Path, body: &str, body_line: usize, raw_html: bool) -> Vec<Diagnostic> {
    scan(body, raw_html)
        .into_iter()
        .map(|(offset, message)| {
            let line = line_column(body, offset).0 + body_line - 1;
            Diagnostic::warning(path, message).at(line, None)
        })
        .collect()
}

/// One piece of HTML in the Markdown: where it starts in the body, and where in the HTML put
/// together from all of them.
struct Fragment {
    source: usize,
    html: usize,
}

/// Each problem in the Markdown `body`, at its byte offset: Markdown links and images to
/// `javascript:`/`data:` addresses and, when `raw_html` passes HTML through, what its HTML does.
pub fn scan(body: &str, raw_html: bool) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut html = String::new();
    let mut fragments = Vec::new();
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(scheme) = scripted_scheme(&dest_url) {
                    found.push((range.start, markdown_link_message(scheme, "link")));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(scheme) = scripted_scheme(&dest_url) {
                    found.push((range.start, markdown_link_message(scheme, "image")));
                }
            }
            Event::Html(text) | Event::InlineHtml(text) if raw_html => {
                // Put together, so an element whose lines are separate events parses whole.
                fragments.push(Fragment {
                    source: range.start,
                    html: html.len(),
                });
                html.push_str(&text);
            }
            _ => {}
        }
    }
    if !fragments.is_empty() {
        for (offset, message) in scan_html(&html) {
            // The fragment holding `offset`, and as many lines into it as the HTML is.
            let index = fragments
                .partition_point(|fragment| fragment.html <= offset)
                .saturating_sub(1);
            let fragment = &fragments[index];
            let lines_in = html[fragment.html..offset].matches('\n').count();
            let line_start = nth_line_start(body, fragment.source, lines_in);
            found.push((line_start, message));
        }
    }
    found.sort();
    found
}

/// The offset of the start of the line `lines` below the one holding `offset` in `text` (or
/// `offset` itself when `lines` is 0).
fn nth_line_start(text: &str, offset: usize, lines: usize) -> usize {
    let mut at = offset;
    for _ in 0..lines {
        match text[at..].find('\n') {
            Some(newline) => at += newline + 1,
            None => break,
        }
    }
    at
}

fn markdown_link_message(scheme: &str, what: &str) -> String {
    format!(
        "a Markdown {what} to a `{scheme}:` address: {}; link to a web page (https://…) instead",
        scheme_harm(scheme)
    )
}

fn scheme_harm(scheme: &str) -> &'static str {
    if scheme == "data" {
        "its content is made up in the page itself, a way to smuggle in script or a fake page"
    } else {
        "it runs script in the site's own pages when followed"
    }
}

/// The problems in a piece of HTML, at their byte offsets, read with a real HTML parser.
fn scan_html(html: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    {
        let settings = Settings::new().append_element_content_handler(element!("*", |el| {
            let at = el.source_location().bytes().start;
            let tag = el.tag_name();
            match tag.as_str() {
                "script" => found.push((
                    at,
                    "raw HTML `<script>` in the Markdown: it runs in the site's own pages (often a tracker or widget pasted with the article); remove it, or set `raw_html = false` under [markdown] in site.toml to show raw HTML as text".to_owned(),
                )),
                "iframe" => found.push((
                    at,
                    format!(
                        "raw HTML `<iframe>` in the Markdown embeds {} in the page: keep it only if it is meant to be there (a video, a document), not a pasted ad or widget",
                        el.get_attribute("src")
                            .filter(|src| !src.trim().is_empty())
                            .map_or_else(|| "another page".to_owned(), |src| format!("`{src}`"))
                    ),
                )),
                _ => {}
            }
            for attribute in el.attributes() {
                let name = attribute.name();
                if name.len() > 2 && name.starts_with("on") {
                    found.push((
                        at,
                        format!(
                            "raw HTML `<{tag}>` in the Markdown has the event handler `{name}=`, which runs script: remove the attribute"
                        ),
                    ));
                } else if (name == "href" || name == "src")
                    && let Some(scheme) = scripted_scheme(&decode_entities(&attribute.value()))
                {
                    found.push((
                        at,
                        format!(
                            "raw HTML `<{tag}>` in the Markdown has a `{scheme}:` address in `{name}`: {}",
                            scheme_harm(scheme)
                        ),
                    ));
                }
            }
            Ok(())
        }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // A parser error only means less HTML to check.
        let _ = rewriter.write(html.as_bytes());
        let _ = rewriter.end();
    }
    found
}

/// `javascript`, `vbscript` or `data` when `url` has that scheme, as a browser reads it: blanks
/// and control characters around and inside the scheme are ignored, and case does not matter.
fn scripted_scheme(url: &str) -> Option<&'static str> {
    if !url.contains(':') {
        return None;
    }
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take_while(|&c| c != ':')
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|&known| known == scheme)
}

/// Character references in an attribute value (`&#106;avascript:`), as the browser decodes them.
fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    let mut decoded = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&end| end <= 12);
        let replacement = end.and_then(|end| {
            let name = &rest[1..end];
            let code = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(decimal) = name.strip_prefix('#') {
                decimal.parse().ok()
            } else {
                match name {
                    "colon" => Some(u32::from(':')),
                    "Tab" => Some(u32::from('\t')),
                    "NewLine" => Some(u32::from('\n')),
                    "amp" => Some(u32::from('&')),
                    _ => None,
                }
            };
            code.and_then(char::from_u32).map(|c| (c, end))
        });
        match replacement {
            Some((c, end)) => {
                decoded.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 1-based lines of the problems `scan` finds, and their messages.
    fn lines(body: &str, raw_html: bool) -> Vec<(usize, String)> {
        scan(body, raw_html)
            .into_iter()
            .map(|(offset, message)| (line_column(body, offset).0, message))
            .collect()
    }

    #[test]
    fn each_kind_is_found_at_its_line() {
        let body = "Intro.\n\n<script src=\"https://t.example/a.js\"></script>\n\nText <img src=x onerror=\"alert(1)\"> more.\n\n<div>\n<iframe src=\"https://video.example/e/1\"></iframe>\n</div>\n\n<a href=\"JavaScript:alert(1)\">x</a>\n\n[click](javascript:alert(2)) and ![i](data:image/png;base64,AAAA)\n\n<a href=\"&#106;avascript:x\">y</a>\n";
        let found = lines(body, true);
        let at: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
        assert_eq!(at, [3, 5, 8, 11, 13, 13, 15], "{found:#?}");
        assert!(found[0].1.contains("<script>"), "{found:#?}");
        assert!(found[1].1.contains("`onerror=`"), "{found:#?}");
        assert!(
            found[2].1.contains("https://video.example/e/1"),
            "{found:#?}"
        );
        assert!(found[3].1.contains("`javascript:`"), "{found:#?}");
        assert!(found[5].1.contains("`data:`"), "{found:#?}");
        assert!(found[6].1.contains("`javascript:`"), "{found:#?}");
    }

    #[test]
    fn a_script_over_several_lines_is_one_warning_at_its_start() {
        let body = "a\n\n<script>\nvar x = '<iframe>';\n</script>\n";
        let found = lines(body, true);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].0, 3);
    }

    #[test]
    fn harmless_html_and_text_are_not_warned() {
        let body = "A <b>bold</b> <a href=\"https://un.org/\">link</a>, `<script>` in code,\n\n```\n<script>alert(1)</script>\n```\n\nonerror=1 and javascript: in prose. [ok](https://x.example/data:1)\n";
        assert_eq!(lines(body, true), []);
    }

    #[test]
    fn without_raw_html_only_markdown_links_are_warned() {
        let body = "<script>x</script>\n\n[a](javascript:x)\n";
        let found = lines(body, false);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].0, 3);
    }

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        assert_eq!(scripted_scheme(" java\tscript:x"), Some("javascript"));
        assert_eq!(scripted_scheme("DATA:text/html,x"), Some("data"));
        assert_eq!(scripted_scheme("https://x/javascript:"), None);
        assert_eq!(scripted_scheme("javascript"), None);
        assert_eq!(decode_entities("&#x6A;ava&colon;&amp;"), "java:&");
    }
}
