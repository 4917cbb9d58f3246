//! The error overlay: the errors of a build that failed, shown over the last good page (or as
//! the page, before any build succeeded), escaped, in English and left to right.

use crate::error::Diagnostic;

/// Escapes text for HTML (text and attribute values).
pub(super) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The id of the error overlay, for tests and for the page's own dismiss button.
pub const OVERLAY_ID: &str = "accord-error-overlay";

/// The errors as a panel over the page, in English and left to right whatever the page is.
fn overlay(errors: &[Diagnostic]) -> String {
    let items: String = errors
        .iter()
        .map(|error| format!("<li>{}</li>", escape(&error.to_string())))
        .collect();
    format!(
        r#"<div id="{OVERLAY_ID}" role="alert" lang="en" dir="ltr" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;background:rgba(24,24,27,.94);color:#fafafa;font:15px/1.5 system-ui,sans-serif;text-align:left">
<div style="max-width:60rem;margin:0 auto">
<p style="margin:0 0 .5rem;font-size:1.25rem;font-weight:600;color:#fca5a5">The site does not build: {count} error(s)</p>
<p style="margin:0 0 1rem">Showing the last version that built. Fix the file and save: this page updates by itself.</p>
<ul style="margin:0 0 1rem;padding:0;list-style:none;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;word-break:break-word">{items}</ul>
<button type="button" onclick="document.getElementById('{OVERLAY_ID}').remove()" style="font:inherit;padding:.25rem .75rem">Dismiss</button>
</div>
</div>
"#,
        count = errors.len()
    )
}

/// `page` with the error overlay inserted before `</body>`.
pub(super) fn with_overlay(page: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    let overlay = overlay(errors);
    let position = page
        .windows(7)
        .rposition(|window| window.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut result = Vec::with_capacity(page.len() + overlay.len());
    result.extend_from_slice(&page[..position]);
    result.extend_from_slice(overlay.as_bytes());
    result.extend_from_slice(&page[position..]);
    result
}

/// What every address shows while no build has succeeded yet.
pub(super) fn error_page(errors: &[Diagnostic]) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>The site does not build</title>\n</head>\n<body>\n{}</body>\n</html>\n",
        overlay(errors)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_goes_before_the_end_of_the_body_and_is_escaped() {
        let errors = [Diagnostic::in_file("content/a.en.md", "bad <tag> & more").at(3, Some(1))];
        let page = with_overlay(b"<html><body><p>x</p></body></html>", &errors);
        let page = String::from_utf8(page).expect("utf-8");
        assert!(page.starts_with("<html><body><p>x</p><div id=\"accord-error-overlay\""));
        assert!(page.ends_with("</body></html>"));
        assert!(page.contains("content/a.en.md:3:1: bad &lt;tag&gt; &amp; more"));
    }
}
