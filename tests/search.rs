//! Search (issue 21): the search pages and the index `build` writes; and, in headless Chromium
//! (ignored by a plain `cargo test`: `cargo test --release -- --ignored`), the relevance set in
//! `tests/search/relevance.toml` with recall@5 per language, typed queries on a site served
//! under a base path, the Arabic rules agreeing between Rust and the page's script, and the index
//! following an edit in `accord serve`.

mod common;
mod serve_support;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use accord::search::arabic::{EXAMPLES, normalize_word};
use common::Fixture;
use serde_json::{Value, json};
use serve_support::browser::{Chromium, Page};
use serve_support::{ARTICLE, Server, TempSite, poll};

/// Builds the repository's own content into `out`, for `base_url`.
fn build_real(out: &Path, base_url: &str) -> Fixture {
    let fixture = Fixture::real();
    build_site(fixture.root(), out, base_url);
    fixture
}

/// Edits the English seed article of the site in `root`: a closing line with a rare word.
fn add_a_line_to_the_seed_article(root: &Path) {
    let article = root.join("content/articles/morocco-signs-cybercrime-treaty.en.md");
    let text = std::fs::read_to_string(&article).expect("article");
    std::fs::write(
        &article,
        format!("{text}\nA new closing line about zyzzyva.\n"),
    )
    .expect("edit");
}

/// Builds the site in `root` into `out`, for `base_url`.
fn build_site(root: &Path, out: &Path, base_url: &str) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(["--base-url", base_url])
        .output()
        .expect("run accord");
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn build_writes_search_pages_and_an_index_per_language() {
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().join("public");
    let _fixture = build_real(&out, "https://example.org/repo/");
    for (lang, dir) in [("en", "ltr"), ("ar", "rtl")] {
        let page = read(&out.join(lang).join("search/index.html"));
        assert!(page.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")));
        assert!(
            page.contains("data-bundle=\"pagefind/\""),
            "{lang}: bundle link"
        );
        assert!(
            page.contains("src=\"../../search/search.js\""),
            "{lang}: script"
        );
        // With JavaScript off: say so, and lead to the articles and the timeline.
        let noscript = &page[page.find("<noscript>").expect("noscript")..];
        let noscript = &noscript[..noscript.find("</noscript>").expect("end")];
        assert!(
            noscript.contains(&format!("href=\"../../{lang}/\"")),
            "{noscript}"
        );
        assert!(
            noscript.contains(&format!("href=\"../../{lang}/timeline/\"")),
            "{noscript}"
        );
        let bundle = out.join(lang).join("search/pagefind");
        for file in [
            "pagefind.js",
            "pagefind-entry.json",
            &format!("wasm.{lang}.pagefind"),
        ] {
            assert!(bundle.join(file).is_file(), "{lang}: {file} missing");
        }
        let entry: Value =
            serde_json::from_str(&read(&bundle.join("pagefind-entry.json"))).expect("entry json");
        assert!(
            entry["languages"][lang]["page_count"].as_u64().unwrap_or(0) > 16,
            "{entry}"
        );
        assert!(
            !bundle.join("pagefind-ui.js").exists(),
            "Pagefind's own UI is not shipped"
        );
        // Every page of the language links to its search page.
        for page in [
            "",
            "timeline/",
            "articles/morocco-signs-cybercrime-treaty/",
            "states/",
        ] {
            let html = read(&out.join(lang).join(page).join("index.html"));
            assert!(
                html.contains("/search/\"") && html.contains(&format!("{lang}/search/\"")),
                "{lang}/{page} has no search link"
            );
        }
    }
    let script = read(&out.join("search/search.js"));
    assert!(
        !script.contains("/*ARABIC_RULES*/"),
        "the rules were not put in"
    );
    assert!(
        script.contains("\"prefixes\":[\"وبال\""),
        "{}",
        &script[..300]
    );
}

#[test]
fn search_off_in_site_toml_writes_no_search_page_index_or_link() {
    let fixture = Fixture::real();
    let config = fixture.root().join("site.toml");
    let text = read(&config);
    // A top-level key goes before the first table.
    let at = text.find("\n[").expect("a table in site.toml");
    std::fs::write(
        &config,
        format!("{}\nsearch = false{}", &text[..at], &text[at..]),
    )
    .expect("write site.toml");
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().join("public");
    build_site(fixture.root(), &out, "https://example.org/repo/");
    // (The page's stylesheet, static/search/search.css, is a static file like any other.)
    assert!(
        !out.join("search/search.js").exists(),
        "search/search.js written"
    );
    for lang in ["en", "ar"] {
        assert!(out.join(lang).join("index.html").is_file());
        assert!(
            !out.join(lang).join("search").exists(),
            "{lang}/search/ written"
        );
        let home = read(&out.join(lang).join("index.html"));
        assert!(!home.contains("/search/\""), "{lang}: a link to search");
    }
    assert!(!fixture.root().join(".accord-cache/search").exists());
}

/// Every file below `dir`, by path relative to it, with its bytes.
fn files_below(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("below").to_path_buf();
                files.insert(relative, std::fs::read(&path).expect("read file"));
            }
        }
    }
    files
}

#[cfg(unix)]
#[test]
fn a_rebuild_takes_the_compressed_index_files_from_the_cache_and_keeps_only_those_it_used() {
    use std::os::unix::fs::MetadataExt;
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().join("public");
    let fixture = build_real(&out, "https://example.org/repo/");
    let cache = fixture.root().join(".accord-cache/search");
    let bundle = |lang: &str| files_below(&out.join(lang).join("search/pagefind"));
    let first = [bundle("en"), bundle("ar")];
    let cached = files_below(&cache);
    assert!(!cached.is_empty(), "nothing cached in {}", cache.display());
    // Each cached file is one of the output's fragments or index chunks, as a hard link.
    let fragment = out.join("en/search/pagefind/fragment");
    for entry in std::fs::read_dir(&fragment).expect("fragments") {
        let metadata = entry.expect("entry").metadata().expect("metadata");
        assert_eq!(metadata.nlink(), 2, "a fragment linked from the cache");
    }
    let made_at = |name: &PathBuf| {
        std::fs::metadata(cache.join(name))
            .and_then(|m| m.modified())
            .expect("mtime")
    };
    let times: Vec<_> = cached.keys().map(made_at).collect();

    // Nothing changed: the same bundle, made from the cache alone.
    build_site(fixture.root(), &out, "https://example.org/repo/");
    assert_eq!(
        [bundle("en"), bundle("ar")],
        first,
        "a rebuild changed the index"
    );
    assert_eq!(
        files_below(&cache).keys().collect::<Vec<_>>(),
        cached.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        cached.keys().map(made_at).collect::<Vec<_>>(),
        times,
        "a cached file was made again"
    );

    // An edit: the page's new fragment is cached, its old one (and the chunks of the words
    // that changed) pruned, so every cached file is still in the output.
    add_a_line_to_the_seed_article(fixture.root());
    build_site(fixture.root(), &out, "https://example.org/repo/");
    let after = files_below(&cache);
    assert_ne!(
        after.keys().collect::<Vec<_>>(),
        cached.keys().collect::<Vec<_>>()
    );
    for name in after.keys() {
        let links = std::fs::metadata(cache.join(name))
            .expect("metadata")
            .nlink();
        // Two or more: a filter file the same in both languages is linked from both bundles.
        assert!(
            links >= 2,
            "{} is cached but not in the output",
            name.display()
        );
    }
}

#[test]
fn an_unchanged_site_takes_its_index_whole_from_the_cache_and_an_edit_gives_the_index_a_fresh_build_gives()
 {
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().join("public");
    let fixture = build_real(&out, "https://example.org/repo/");
    let bundle = |out: &Path, lang: &str| files_below(&out.join(lang).join("search/pagefind"));
    let first = [bundle(&out, "en"), bundle(&out, "ar")];
    let summary = |root: &Path, out: &Path| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(["build", "--root"])
            .arg(root)
            .arg("--output")
            .arg(out)
            .args(["--base-url", "https://example.org/repo/"])
            .output()
            .expect("run accord");
        assert!(output.status.success(), "{output:?}");
        [output.stdout, output.stderr]
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .concat()
    };

    // Nothing changed: both languages' indexes are the last build's.
    let said = summary(fixture.root(), &out);
    assert!(said.contains("2 search indexes from the cache"), "{said}");
    assert_eq!([bundle(&out, "en"), bundle(&out, "ar")], first);

    // Every page looks different (a template changed outside <main>) but says the same: the
    // indexes are still the last build's, and the note learns the pages as they now look.
    let note = fixture.root().join(".accord-cache/search-index/en.json");
    let noted = std::fs::read(&note).expect("the English note");
    let base = fixture.root().join("templates/base.html");
    let template = std::fs::read_to_string(&base).expect("base template");
    std::fs::write(
        &base,
        template.replace("</footer>", "<!-- restyled --></footer>"),
    )
    .expect("edit the template");
    let said = summary(fixture.root(), &out);
    assert!(said.contains("2 search indexes from the cache"), "{said}");
    assert_eq!([bundle(&out, "en"), bundle(&out, "ar")], first);
    assert_ne!(
        std::fs::read(&note).expect("note"),
        noted,
        "the note was not updated"
    );

    // An English article edited: the English index is made again, from the edited page's words
    // and the other pages' cached fragments, and is the index a build without a cache makes.
    add_a_line_to_the_seed_article(fixture.root());
    let said = summary(fixture.root(), &out);
    assert!(!said.contains("2 search indexes"), "{said}");
    let edited = [bundle(&out, "en"), bundle(&out, "ar")];
    assert_ne!(edited[0], first[0], "the edit is not in the English index");
    let cache = fixture.root().join(".accord-cache");
    std::fs::remove_dir_all(cache.join("search")).expect("delete the search cache");
    std::fs::remove_dir_all(cache.join("search-index")).expect("delete the notes");
    let fresh = out.with_file_name("fresh");
    let said = summary(fixture.root(), &fresh);
    assert!(!said.contains("from the cache"), "{said}");
    assert_eq!([bundle(&fresh, "en"), bundle(&fresh, "ar")], edited);
}

// ── In the browser ──────────────────────────────────────────────────────────────────────────

/// A tiny static server for a built site under `/repo/`, like a GitHub project page.
struct StaticServer {
    origin: String,
    /// The paths whose answers were sent whole, in that order.
    served: Arc<Mutex<Vec<String>>>,
}

/// Serves `root`, answering files whose name ends with `slow` only after `delay` (a slow
/// network for one kind of file).
fn serve_static(root: PathBuf, slow: &'static str, delay: Duration) -> StaticServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let origin = format!("http://{}", listener.local_addr().expect("address"));
    let served = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&served);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                if let Some(path) = answer(stream, &root, slow, delay) {
                    log.lock().expect("log").push(path);
                }
            });
        }
    });
    StaticServer { origin, served }
}

/// Answers one request; returns its path once the answer is sent.
fn answer(mut stream: TcpStream, root: &Path, slow: &str, delay: Duration) -> Option<String> {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return None;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    let file = path
        .strip_prefix("/repo/")
        .filter(|relative| !relative.split('/').any(|part| part == ".."))
        .map(|relative| {
            let file = root.join(relative);
            if file.is_dir() {
                file.join("index.html")
            } else {
                file
            }
        });
    let (status, body, kind) = match file.as_ref().and_then(|file| std::fs::read(file).ok()) {
        Some(body) => {
            let name = file
                .as_ref()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let kind = match name.rsplit('.').next() {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("css") => "text/css",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            ("200 OK", body, kind)
        }
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    if !slow.is_empty() && path.ends_with(slow) {
        std::thread::sleep(delay);
    }
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(&body).ok()?;
    Some(path)
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        if let Some(byte) = hex {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The real site built for, and served under, `/repo/`; Chromium on its English search page.
struct BrowserSite {
    out: tempfile::TempDir,
    _fixture: Fixture,
    server: StaticServer,
    _browser: Chromium,
    page: Page,
}

fn open_site() -> BrowserSite {
    open_site_with("", Duration::ZERO)
}

/// [`open_site`], with the files whose name ends with `slow` answered after `delay`.
fn open_site_with(slow: &'static str, delay: Duration) -> BrowserSite {
    let out = tempfile::tempdir().expect("temp dir");
    let public = out.path().join("public");
    // The build's base URL only matters for absolute links; the server's port is not known yet.
    let fixture = build_real(&public, "http://127.0.0.1/repo/");
    let server = serve_static(public, slow, delay);
    let url = format!("{}/repo/en/search/", server.origin);
    let browser = Chromium::start(&out.path().join("chromium-profile"), &url);
    let page = browser.page();
    BrowserSite {
        out,
        _fixture: fixture,
        server,
        _browser: browser,
        page,
    }
}

/// Opens `url` and waits until the search page is ready.
fn open(page: &mut Page, url: &str) {
    page.call("Page.navigate", json!({ "url": url }));
    let ready = poll(|| {
        (page.evaluate("document.readyState === 'complete' && document.getElementById('search')?.dataset.ready === 'true'")
            == Value::Bool(true))
        .then_some(())
    });
    assert!(ready.is_some(), "{url}: the search page never got ready");
}

/// Types `query` into the open search page (as `input` events) and returns the result links as
/// site paths, and how long the results took to appear.
fn search(page: &mut Page, query: &str) -> (Vec<String>, f64) {
    let expression = format!(
        r#"(async () => {{
            await window.accordSearch.ready;
            const page = document.getElementById('search');
            const input = document.getElementById('search-input');
            input.value = '';
            const done = new Promise((resolve) => page.addEventListener('search-results', resolve, {{ once: true }}));
            const started = performance.now();
            input.value = {query};
            input.dispatchEvent(new Event('input', {{ bubbles: true }}));
            await done;
            const ms = performance.now() - started;
            return {{ ms, links: [...document.querySelectorAll('.search-results h2 a')].map((a) => a.getAttribute('href')) }};
        }})()"#,
        query = serde_json::to_string(query).expect("json")
    );
    let value = page.evaluate(&expression);
    let links = value["links"]
        .as_array()
        .map(|links| {
            links
                .iter()
                .filter_map(Value::as_str)
                .map(|href| href.trim_start_matches("../").to_owned())
                .collect()
        })
        .unwrap_or_default();
    (links, value["ms"].as_f64().unwrap_or(f64::NAN))
}

#[derive(serde::Deserialize)]
struct RelevanceSet {
    query: Vec<Query>,
}

#[derive(serde::Deserialize)]
struct Query {
    lang: String,
    q: String,
    expect: Vec<String>,
    /// Why this query misses on purpose.
    miss: Option<String>,
}

#[test]
#[ignore = "needs chromium"]
fn relevance_set_recall_at_5_in_both_languages() {
    let set: RelevanceSet =
        toml::from_str(&read(&common::repo().join("tests/search/relevance.toml")))
            .expect("relevance.toml");
    let mut site = open_site();
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    for lang in ["ar", "en"] {
        let url = format!("{}/repo/{lang}/search/", site.server.origin);
        open(&mut site.page, &url);
        let (mut found, mut expected, mut queries) = (0, 0, 0);
        for query in set.query.iter().filter(|query| query.lang == lang) {
            queries += 1;
            let (links, _) = search(&mut site.page, &query.q);
            let top: Vec<&String> = links.iter().take(5).collect();
            let hits = query
                .expect
                .iter()
                .filter(|page| top.contains(page))
                .count();
            found += hits;
            expected += query.expect.len();
            if hits < query.expect.len() && query.miss.is_none() {
                failures.push(format!(
                    "{lang} {:?}: expected {:?}, got {:?}",
                    query.q, query.expect, top
                ));
            }
        }
        let recall = found as f64 / expected.max(1) as f64;
        summary.push(format!(
            "{lang}: recall@5 = {recall:.3} ({found}/{expected} pages, {queries} queries)"
        ));
    }
    println!("{}", summary.join("\n"));
    assert!(
        failures.is_empty(),
        "{}\n{}",
        summary.join("\n"),
        failures.join("\n")
    );
}

#[test]
#[ignore = "needs chromium"]
fn typed_queries_find_the_expected_page_first_under_a_base_path() {
    let mut site = open_site();
    for (lang, typed, first) in [
        (
            "ar",
            "بالاتفاقية وهبي",
            "ar/articles/morocco-signs-cybercrime-treaty/",
        ),
        (
            "en",
            "historic moment Ouahbi",
            "en/articles/morocco-signs-cybercrime-treaty/",
        ),
    ] {
        let url = format!("{}/repo/{lang}/search/", site.server.origin);
        open(&mut site.page, &url);
        // Typed key by key, as a reader does.
        site.page
            .evaluate("document.getElementById('search-input').focus()");
        for c in typed.chars() {
            site.page
                .call("Input.insertText", json!({ "text": c.to_string() }));
        }
        let wanted = format!("../../{first}");
        let shown = poll(|| {
            let href = site.page.evaluate(
                "document.querySelector('.search-results h2 a')?.getAttribute('href') ?? null",
            );
            (href.as_str() == Some(wanted.as_str())).then_some(())
        });
        let state = site.page.evaluate(
            "JSON.stringify([document.querySelector('.search-status')?.textContent, [...document.querySelectorAll('.search-results h2 a')].map(a => a.getAttribute('href'))])",
        );
        assert!(
            shown.is_some(),
            "{lang} {typed:?}: expected {first} first, page shows {state}"
        );
        // Title, date, kind and a marked excerpt.
        let result = site.page.evaluate(
            "(() => { const r = document.querySelector('.search-result'); return { kind: r.querySelector('.kind')?.textContent, date: r.querySelector('.date')?.textContent, mark: r.querySelector('.excerpt mark')?.textContent }; })()",
        );
        assert!(
            result["kind"].as_str().is_some_and(|k| !k.is_empty()),
            "{result}"
        );
        assert!(
            result["date"].as_str().is_some_and(|d| !d.is_empty()),
            "{result}"
        );
        assert!(
            result["mark"].as_str().is_some_and(|m| !m.is_empty()),
            "{result}"
        );
        // The link leads to the page, under the base path.
        let href = site
            .page
            .evaluate("document.querySelector('.search-results h2 a').href");
        assert_eq!(
            href.as_str(),
            Some(format!("{}/repo/{first}", site.server.origin).as_str())
        );
    }
}

#[test]
#[ignore = "needs chromium"]
fn the_page_is_ready_only_once_the_search_engine_is_loaded_and_warmed() {
    // Pagefind's wasm answered late: a page that said it was ready before the wasm arrived
    // would make the reader's first query wait for it.
    let mut site = open_site_with(".pagefind", Duration::from_millis(400));
    for (lang, query) in [("en", "Ouahbi"), ("ar", "وهبي")] {
        let url = format!("{}/repo/{lang}/search/", site.server.origin);
        open(&mut site.page, &url);
        let served = site.server.served.lock().expect("log").clone();
        let wasm = format!("/repo/{lang}/search/pagefind/wasm.{lang}.pagefind");
        let meta = format!("/repo/{lang}/search/pagefind/pagefind.");
        assert!(
            served.contains(&wasm),
            "{lang}: ready before the wasm arrived: {served:#?}"
        );
        assert!(
            served
                .iter()
                .any(|path| path.starts_with(&meta) && path.ends_with(".pf_meta")),
            "{lang}: ready before the index's metadata arrived: {served:#?}"
        );
        // Before any query, the page warmed the engine with the build's word: its chunk (and
        // only it: a warm-up that loaded more would cost every reader's transfer) was served.
        let warm_up = format!("/repo/{lang}/search/pagefind/warm-up.txt");
        assert!(served.contains(&warm_up), "{lang}: no warm-up: {served:#?}");
        let index = format!("/repo/{lang}/search/pagefind/index/");
        let chunks = served.iter().filter(|path| path.starts_with(&index));
        assert_eq!(chunks.count(), 1, "{lang}: {served:#?}");
        let warmed = site.page.evaluate(
            r#"(async () => {
                const word = (await (await fetch('pagefind/warm-up.txt')).text()).trim();
                const pagefind = await import(new URL('pagefind/pagefind.js', location.href).href);
                return [word, (await pagefind.search(word)).results.length];
            })()"#,
        );
        let (word, results) = (warmed[0].as_str().unwrap_or(""), warmed[1].as_u64());
        assert!(
            !word.is_empty() && results.unwrap_or(0) > 0,
            "{lang}: the warm-up word {word:?} finds {results:?} pages"
        );
        let (links, _) = search(&mut site.page, query);
        assert!(!links.is_empty(), "{lang}: no result once ready");
    }
}

#[test]
#[ignore = "needs chromium"]
fn a_bundle_without_its_warm_up_word_still_gets_ready_and_searches() {
    // A bundle from before the warm-up, or a host that lost the file: its 404 page's text must
    // not be searched for ("not found" here), and the page must not wait for a word.
    let mut site = open_site();
    let word = site
        .out
        .path()
        .join("public/en/search/pagefind/warm-up.txt");
    std::fs::remove_file(&word).expect("the build wrote the warm-up word");
    let url = format!("{}/repo/en/search/", site.server.origin);
    open(&mut site.page, &url);
    let served = site.server.served.lock().expect("log").clone();
    assert!(
        !served.iter().any(|path| path.ends_with(".pf_index")),
        "no word, no warm-up search: {served:#?}"
    );
    let (links, _) = search(&mut site.page, "Ouahbi");
    assert!(!links.is_empty(), "no result without a warm-up");
}

#[test]
#[ignore = "needs chromium"]
fn keys_typed_during_a_search_make_one_more_search_not_one_each() {
    // Each key used to start a search; Pagefind's worker runs them one after the other, so a
    // quick typist's last key waited for all the others' searches.
    let mut site = open_site();
    let url = format!("{}/repo/en/search/", site.server.origin);
    open(&mut site.page, &url);
    let value = site.page.evaluate(
        r#"(async () => {
            await window.accordSearch.ready;
            const asked = [];
            const post = Worker.prototype.postMessage;
            Worker.prototype.postMessage = function (message, ...rest) {
                if (message && message.method === 'search') asked.push(message.args[0]);
                return post.call(this, message, ...rest);
            };
            const page = document.getElementById('search');
            const input = document.getElementById('search-input');
            const done = new Promise((resolve) => page.addEventListener('search-results', (event) => {
                if (event.detail.query === 'Ouahbi') resolve();
            }));
            for (const key of 'Ouahbi') {
                input.value += key;
                input.dispatchEvent(new Event('input', { bubbles: true }));
            }
            await done;
            Worker.prototype.postMessage = post;
            return { asked, links: [...document.querySelectorAll('.search-results h2 a')].length };
        })()"#,
    );
    let asked: Vec<&str> = (value["asked"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(asked, ["O", "Ouahbi"], "{value}");
    assert!(value["links"].as_u64() > Some(0), "{value}");
}

#[test]
#[ignore = "needs chromium"]
fn arabic_rules_agree_between_rust_and_the_page() {
    let mut site = open_site();
    let url = format!("{}/repo/ar/search/", site.server.origin);
    open(&mut site.page, &url);
    let inputs: Vec<&str> = EXAMPLES.iter().map(|(_, input, _)| *input).collect();
    let expression = format!(
        "{}.map((word) => window.accordSearch.normalizeWord(word))",
        serde_json::to_string(&inputs).expect("json")
    );
    let from_js = site.page.evaluate(&expression);
    for (index, (rule, input, output)) in EXAMPLES.iter().enumerate() {
        assert_eq!(normalize_word(input), *output, "Rust, {rule}");
        assert_eq!(
            from_js[index].as_str(),
            Some(*output),
            "JS, {rule}: {input}"
        );
    }
}

#[test]
#[ignore = "needs chromium"]
fn the_index_follows_an_edit_in_serve() {
    let site = TempSite::copy();
    let server = Server::start(&site.root, &[]);
    let url = format!("http://{}{}en/search/", server.address, server.base);
    let browser = Chromium::start(&site.dir.path().join("chromium-profile"), &url);
    let mut page = browser.page();
    open(&mut page, &url);
    let (before, _) = search(&mut page, "zanzibarite");
    assert!(before.is_empty(), "{before:?}");
    let text = site.read(ARTICLE);
    site.write(
        ARTICLE,
        &format!("{text}\nA zanzibarite delegation attended.\n"),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        open(&mut page, &url);
        let (after, _) = search(&mut page, "zanzibarite");
        if after.first().map(String::as_str) == Some("en/articles/morocco-signs-cybercrime-treaty/")
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the index never found the edit: {after:?}\n{}",
            server.accord.stderr.text()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

#[test]
#[ignore = "needs chromium"]
fn from_disk_the_page_says_search_needs_a_server() {
    let out = tempfile::tempdir().expect("temp dir");
    let public = out.path().join("public");
    let _fixture = build_real(&public, "https://example.org/repo/");
    let url = format!("file://{}/ar/search/index.html", public.display());
    let browser = Chromium::start(&out.path().join("chromium-profile"), &url);
    let mut page = browser.page();
    let shown = poll(|| {
        let state = page.evaluate(
            "document.readyState === 'complete' && !document.querySelector('.search-from-disk').hidden && document.querySelector('.search-form').hidden",
        );
        (state == Value::Bool(true)).then_some(())
    });
    assert!(
        shown.is_some(),
        "the page opened from disk does not say search needs a server"
    );
    let links = page.evaluate(
        // (From disk, the site's own script may point folder links at their index.html.)
        "[...document.querySelectorAll('.search-from-disk a')].map((a) => a.getAttribute('href').replace(/index\\.html$/, ''))",
    );
    assert_eq!(
        links,
        json!(["#serve-instructions", "../../ar/", "../../ar/timeline/"]),
        "{links}"
    );
}
