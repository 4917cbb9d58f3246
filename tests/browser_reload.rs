//! A page open in a real browser (headless Chromium, driven over the DevTools protocol) follows
//! the sources: an article edit is morphed in place (a marker set on `window` survives, the
//! scroll position is kept), a stylesheet edit is swapped in without a reload, a broken save
//! shows the error overlay and the fix clears it, and a template change reloads the page.
//!
//! It needs `/usr/bin/chromium`, so it is ignored by a plain `cargo test`: run it with
//! `cargo test --release -- --ignored` (as `.ci/run` does). Run without Chromium, it fails and
//! says what to install.

mod serve_support;

use serde_json::Value;
use serve_support::browser::{Chromium, Page};
use serve_support::{ARTICLE, ARTICLE_PAGE, EVENTS, Server, TempSite, poll, retitled};

/// Waits until `expression` is true in the page.
fn wait_until(page: &mut Page, expression: &str, what: &str, server: &Server) {
    let done = poll(|| (page.evaluate(expression) == Value::Bool(true)).then_some(()));
    assert!(
        done.is_some(),
        "the page never {what} ({expression}).\nserver log:\n{}\n{}",
        server.accord.stdout.text(),
        server.accord.stderr.text()
    );
}

fn marker(page: &mut Page) -> Value {
    page.evaluate("window.accordMarker ?? null")
}

#[test]
#[ignore = "needs chromium"]
fn an_open_page_updates_in_place_and_reloads_only_for_templates() {
    let site = TempSite::copy();
    let server = Server::start(&site.root, &["--verbose"]);
    let page_path = format!("{}{ARTICLE_PAGE}", server.base);
    let url = format!("http://{}{page_path}", server.address);
    let browser = Chromium::start(&site.dir.path().join("chromium-profile"), &url);
    let mut page = browser.page();

    // The page is loaded and its script is listening for updates.
    let stream_request = format!("GET {}{EVENTS} 200", server.base);
    let connected = poll(|| {
        server
            .accord
            .stdout
            .text()
            .contains(&stream_request)
            .then_some(())
    });
    assert!(
        connected.is_some(),
        "the browser never opened the update stream.\nserver log:\n{}",
        server.accord.stdout.text()
    );
    wait_until(
        &mut page,
        "document.readyState === 'complete' && document.title.startsWith('Morocco signs')",
        "loaded the article",
        &server,
    );
    // A short window, so the article scrolls.
    page.call(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({ "width": 800, "height": 400, "deviceScaleFactor": 1, "mobile": false }),
    );
    let scrolled =
        page.evaluate("window.accordMarker = 'kept'; window.scrollTo(0, 250); window.scrollY");
    let scrolled = scrolled.as_f64().expect("a scroll position");
    assert!(scrolled > 0.0, "the article is too short to scroll");

    // An edit of the text and the title: morphed in place.
    let original = site.read(ARTICLE);
    let edited = retitled(&original, "Morphed in place") + "\nA sentence added by the test.\n";
    site.write(ARTICLE, &edited);
    wait_until(
        &mut page,
        "document.body.textContent.includes('A sentence added by the test.')",
        "showed the new text",
        &server,
    );
    assert_eq!(
        marker(&mut page),
        "kept",
        "the page was reloaded, not morphed"
    );
    assert_eq!(
        page.evaluate("document.title")
            .as_str()
            .map(|title| title.starts_with("Morphed in place")),
        Some(true)
    );
    assert_eq!(
        page.evaluate("window.scrollY").as_f64(),
        Some(scrolled),
        "scroll kept"
    );

    // A stylesheet edit: swapped without a reload.
    let css = site.read("static/style.css");
    site.write(
        "static/style.css",
        &format!("{css}\nbody {{ outline: 3px solid rgb(1, 2, 3); }}\n"),
    );
    wait_until(
        &mut page,
        "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
        "applied the new stylesheet",
        &server,
    );
    assert_eq!(
        marker(&mut page),
        "kept",
        "a stylesheet change reloaded the page"
    );
    assert_eq!(
        page.evaluate("document.querySelectorAll('link[rel=stylesheet]').length"),
        1,
        "the old stylesheet is gone"
    );

    // A broken save shows the overlay; the fix clears it, still without a reload.
    site.write(
        ARTICLE,
        &original.replacen("date = ", "date = not-a-date-", 1),
    );
    wait_until(
        &mut page,
        "document.getElementById('accord-error-overlay') !== null",
        "showed the error overlay",
        &server,
    );
    site.write(
        ARTICLE,
        &edited.replace("added by the test", "fixed by the test"),
    );
    wait_until(
        &mut page,
        "document.getElementById('accord-error-overlay') === null && document.body.textContent.includes('fixed by the test')",
        "cleared the overlay",
        &server,
    );
    assert_eq!(marker(&mut page), "kept");

    // A template change reloads the page.
    let base = site.read("templates/base.html");
    site.write(
        "templates/base.html",
        &base.replacen("</main>", "</main><p>Template changed by the test.</p>", 1),
    );
    wait_until(
        &mut page,
        "document.body.textContent.includes('Template changed by the test.')",
        "showed the template change",
        &server,
    );
    assert_eq!(
        marker(&mut page),
        Value::Null,
        "a template change must reload"
    );
}
