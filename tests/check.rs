//! `accord check` end to end: it reports every problem even when a page fails to render, each
//! broken link at the file and line that holds it (the Markdown, or the template), raw HTML that
//! runs script as warnings at their lines; and `accord build` prints broken links as warnings and
//! shows raw HTML as text when `site.toml` turns it off.

mod common;

use std::fs;

use common::{Fixture, HANG};

/// Writes the article `stem` in English dated `date`, with `front` (more front matter lines)
/// and `body`: its body starts on line 6 plus the lines of `front`.
fn article(site: &Fixture, stem: &str, date: &str, front: &str, body: &str) {
    site.write(
        &format!("content/articles/{stem}.en.md"),
        &format!("+++\ntitle = \"{stem}\"\ndate = {date}\nsummary = \"s\"\n{front}+++\n{body}"),
    );
}

/// Replaces the first `from` in the file at `relative` by `to`.
fn replace(site: &Fixture, relative: &str, from: &str, to: &str) {
    let path = site.root().join(relative);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "`{from}` is not in {relative}");
    fs::write(path, text.replacen(from, to, 1)).expect("write");
}

/// The 1-based line of the first `needle` in the file at `relative`.
fn line_of(site: &Fixture, relative: &str, needle: &str) -> usize {
    let text = fs::read_to_string(site.root().join(relative)).expect("read");
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in {relative}"));
    text[..at].matches('\n').count() + 1
}

/// Runs `accord` with `args`: its exit status and standard error.
fn run(site: &Fixture, args: &[&str]) -> (Option<i32>, String) {
    let output = site.run_within(args, HANG).expect("accord hung");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code(), stderr)
}

fn assert_has(stderr: &str, expected: &str) {
    assert!(stderr.contains(expected), "no `{expected}` in:\n{stderr}");
}

#[test]
fn a_page_that_fails_to_render_does_not_hide_the_link_errors() {
    let site = Fixture::new();
    // Only articles with a source render the credit line, which now lacks its Fluent variable.
    replace(
        &site,
        "templates/article.html",
        r#"t(key="article-source-credit", name=article.source.name)"#,
        r#"t(key="article-source-credit")"#,
    );
    let credit_line = line_of(&site, "templates/article.html", "article-source-credit");
    article(
        &site,
        "sourced",
        "2025-01-02",
        "[source]\nname = \"Paper\"\nurl = \"https://paper.example/\"\n",
        "\nText.\n",
    );
    article(
        &site,
        "linking",
        "2025-01-01",
        "",
        "\nFirst paragraph.\n\nSee [the archive](../archive/).\n",
    );
    let (status, stderr) = run(&site, &["check"]);
    assert_eq!(status, Some(1), "{stderr}");
    assert_has(&stderr, &format!("templates/article.html:{credit_line}"));
    assert_has(
        &stderr,
        "error: content/articles/linking.en.md:9: in en/articles/linking/index.html: link `../archive/` leads to no page",
    );
    // The page that failed is still linked to from the home page: no error for that.
    assert!(
        !stderr.contains("articles/sourced/` leads to no page"),
        "{stderr}"
    );
}

#[test]
fn a_broken_link_is_blamed_on_the_file_and_line_that_hold_it() {
    let site = Fixture::new();
    // The newer article mentions the same address in prose; only the older one links to it.
    article(
        &site,
        "mentions",
        "2025-02-01",
        "",
        "\nThe old address was `../gone/`, as ../gone/ shows.\n",
    );
    article(
        &site,
        "links",
        "2025-01-01",
        "",
        "\nIntro.\n\nMore.\n\nRead [it](../gone/) or [the other](@/articles/mentions.md#nope).\n",
    );
    let (status, stderr) = run(&site, &["check"]);
    assert_eq!(status, Some(1), "{stderr}");
    assert_has(
        &stderr,
        "error: content/articles/links.en.md:11: in en/articles/links/index.html: link `../gone/` leads to no page",
    );
    assert_has(
        &stderr,
        "error: content/articles/links.en.md:11: in en/articles/links/index.html: link `../../../en/articles/mentions/#nope` points at `#nope`",
    );
    assert!(
        !stderr.contains("error: content/articles/mentions.en.md"),
        "{stderr}"
    );
    let blamed_on_templates = stderr
        .lines()
        .filter(|line| line.contains("templates/") && line.contains("articles/links/"));
    assert_eq!(blamed_on_templates.count(), 0, "{stderr}");
}

#[test]
fn a_broken_link_in_a_template_is_blamed_on_the_template_line() {
    let site = Fixture::new();
    replace(
        &site,
        "templates/article.html",
        "<footer class=\"article-footer\">",
        "<footer class=\"article-footer\">\n    <p><a href=\"{{ root }}{{ lang }}/no-such-page/\">archive</a></p>",
    );
    let line = line_of(&site, "templates/article.html", "/no-such-page/");
    article(&site, "one", "2025-01-01", "", "\nText.\n");
    article(&site, "two", "2025-01-02", "", "\nText.\n");
    let (status, stderr) = run(&site, &["check"]);
    assert_eq!(status, Some(1), "{stderr}");
    // One error for the line, whatever the number of pages it breaks.
    assert_has(
        &stderr,
        &format!(
            "error: templates/article.html:{line}: in en/articles/one/index.html and 1 other page: link `../../../en/no-such-page/` leads to no page"
        ),
    );
    assert!(!stderr.contains("error: content/articles"), "{stderr}");
}

#[test]
fn raw_html_that_runs_script_is_a_warning_at_its_line() {
    let site = Fixture::new();
    let body = "\nIntro.\n\n<script src=\"https://tracker.example/t.js\"></script>\n\n<iframe src=\"https://video.example/embed/1\"></iframe>\n\nA photo <img src=\"https://photos.example/p.jpg\" onerror=\"alert(1)\"> here.\n\n<a href=\"javascript:alert(1)\">click</a> and [data](data:text/html,x).\n";
    article(&site, "x", "2025-01-01", "", body);
    let file = "content/articles/x.en.md";
    let (status, stderr) = run(&site, &["check"]);
    // Warnings: the check passes unless --strict.
    assert_eq!(status, Some(0), "{stderr}");
    assert_has(&stderr, &format!("warning: {file}:9: raw HTML `<script>`"));
    assert_has(&stderr, &format!("warning: {file}:11: raw HTML `<iframe>`"));
    assert_has(&stderr, "`https://video.example/embed/1`");
    assert_has(&stderr, &format!("warning: {file}:13: raw HTML `<img>`"));
    assert_has(&stderr, "`onerror=`");
    assert_has(
        &stderr,
        &format!(
            "warning: {file}:15: raw HTML `<a>` in the Markdown has a `javascript:` address in `href`"
        ),
    );
    assert_has(
        &stderr,
        &format!("warning: {file}:15: a Markdown link to a `data:` address"),
    );
    let (strict, stderr) = run(&site, &["check", "--strict"]);
    assert_eq!(strict, Some(1), "{stderr}");
}

#[test]
fn raw_html_can_be_turned_off_and_is_then_shown_as_text() {
    let site = Fixture::new();
    article(
        &site,
        "x",
        "2025-01-01",
        "",
        "\nText <b onclick=\"steal()\">bold</b>.\n\n<script>alert(1)</script>\n",
    );
    // On by default: the HTML passes through.
    site.build();
    let page = site.page("en/articles/x/index.html");
    assert!(page.contains("<script>alert(1)</script>"), "{page}");
    let toml = fs::read_to_string(site.root().join("site.toml")).expect("read");
    site.write(
        "site.toml",
        &format!("{toml}\n[markdown]\nraw_html = false\n"),
    );
    site.build();
    let page = site.page("en/articles/x/index.html");
    assert!(
        !page.contains("<script>alert") && !page.contains("<b onclick"),
        "{page}"
    );
    assert!(
        page.contains("<p>&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(
        page.contains("Text &lt;b onclick=\"steal()\"&gt;bold&lt;/b&gt;."),
        "{page}"
    );
    // Shown as text, it is harmless: no warning.
    let (status, stderr) = run(&site, &["check", "--strict"]);
    assert!(!stderr.contains("raw HTML"), "{stderr}");
    assert_eq!(status, Some(1), "missing translation only:\n{stderr}");
}

#[test]
fn build_succeeds_with_broken_links_and_prints_them() {
    let site = Fixture::new();
    article(&site, "x", "2025-01-01", "", "\nSee [this](../missing/).\n");
    let (status, stderr) = run(&site, &["build"]);
    assert_eq!(status, Some(0), "{stderr}");
    assert_has(
        &stderr,
        "warning: content/articles/x.en.md:7: in en/articles/x/index.html: link `../missing/` leads to no page",
    );
    assert!(
        site.page("en/articles/x/index.html")
            .contains("../missing/")
    );
}
