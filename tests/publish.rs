//! Publishing under a GitHub Pages project path: crawl the built site served on loopback under
//! the subpath, parse the feeds and sitemap, and prove `accord check` catches each class of problem.

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::thread;

use accord::check::links::extract;
use common::{Fixture, repo};
use url::Url;

const BASE: &str = "/accord-test/";

/// Serves `public` under `BASE` on a free loopback port, the way GitHub Pages serves a project.
fn serve(public: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let public = public.clone();
            thread::spawn(move || answer(stream, &public));
        }
    });
    port
}

fn answer(mut stream: TcpStream, public: &Path) {
    let mut request = Vec::new();
    let mut buffer = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => request.extend_from_slice(&buffer[..read]),
        }
    }
    let request = String::from_utf8_lossy(&request);
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let path = path.split(['?', '#']).next().unwrap_or("");
    let file = path.strip_prefix(BASE).and_then(|rest| {
        if rest.split('/').any(|part| part == "..") {
            return None;
        }
        let candidate = public.join(rest);
        if candidate.is_dir() {
            Some(candidate.join("index.html"))
        } else {
            Some(candidate)
        }
    });
    let (status, body) = match file.filter(|f| f.is_file()) {
        Some(file) => ("200 OK", std::fs::read(file).unwrap_or_default()),
        None => (
            "404 Not Found",
            std::fs::read(public.join("404.html")).unwrap_or_default(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn every_link_works_under_a_project_subpath_and_none_escapes_it() {
    let site = Fixture::real();
    let base_url = format!("https://someone.github.io{BASE}");
    let output = site.run(&["build", "--base-url", &base_url]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let port = serve(site.root().join("public"));
    let origin = format!("http://127.0.0.1:{port}");

    let mut queue = VecDeque::from([format!("{origin}{BASE}")]);
    let mut visited = BTreeSet::new();
    let mut anchors_to_check = Vec::new();
    let mut pages = std::collections::BTreeMap::new();
    while let Some(address) = queue.pop_front() {
        if !visited.insert(address.clone()) {
            continue;
        }
        let url = Url::parse(&address).expect("url");
        assert!(url.path().starts_with(BASE), "{address} escapes {BASE}");
        let (status, body) = get(port, url.path());
        assert_eq!(status, 200, "{address} is broken");
        if !(url.path().ends_with('/') || url.path().ends_with(".html")) {
            continue;
        }
        let found = extract(&body);
        for link in found.links() {
            // Absolute links to the published address are rewritten onto the local server.
            let link = link.replace(&base_url, &format!("{origin}{BASE}"));
            let target = url.join(&link).expect("resolvable link");
            if target.origin() != url.origin() {
                continue;
            }
            assert!(
                target.path().starts_with(BASE),
                "{address} links outside {BASE}: {link}"
            );
            if let Some(fragment) = target.fragment() {
                anchors_to_check.push((address.clone(), target.clone(), fragment.to_owned()));
            }
            let mut target = target;
            target.set_fragment(None);
            queue.push_back(target.to_string());
        }
        pages.insert(address, found);
    }
    for (from, target, fragment) in anchors_to_check {
        let mut page = target.clone();
        page.set_fragment(None);
        let decoded = percent_decode(&fragment);
        let found = pages
            .get(page.as_str())
            .unwrap_or_else(|| panic!("{page} not crawled"));
        assert!(
            found.has_anchor(&decoded),
            "{from} links to missing #{decoded} on {page}"
        );
    }
    // Both editions, every article, both timelines, the feeds and the stylesheet were reached.
    for path in [
        "en/",
        "ar/",
        "en/timeline/",
        "ar/timeline/",
        "style.css",
        "en/atom.xml",
        "ar/atom.xml",
    ] {
        assert!(
            visited.contains(&format!("{origin}{BASE}{path}")),
            "{path} not reachable from the root"
        );
    }
    assert!(
        visited
            .iter()
            .any(|v| v.contains("/ar/articles/morocco-signs-cybercrime-treaty/"))
    );
    // An unknown address gets the 404 page, whose links still work from any depth.
    let (status, body) = get(port, &format!("{BASE}no/such/page/"));
    assert_eq!(status, 404);
    assert!(body.contains(&format!(r#"href="{BASE}ar/""#)));
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

#[test]
fn github_pages_files_are_written() {
    let site = Fixture::real();
    site.write("static/CNAME", "digest.example.org\n");
    site.build();
    assert!(site.root().join("public/.nojekyll").exists());
    assert_eq!(site.page("CNAME"), "digest.example.org\n");
    let robots = site.page("robots.txt");
    assert!(
        robots.contains("Sitemap: https://accord-digest.github.io/accord/sitemap.xml"),
        "{robots}"
    );
    let not_found = site.page("404.html");
    assert!(
        not_found.contains(r#"lang="ar" dir="rtl""#)
            && not_found.contains(r#"lang="en" dir="ltr""#)
    );
}

#[test]
fn feeds_are_atom_with_language_and_absolute_links() {
    let site = Fixture::real();
    let output = site.run(&["build", "--base-url", "https://someone.github.io/repo"]);
    assert!(output.status.success());
    for lang in ["en", "ar"] {
        let text = site.page(&format!("{lang}/atom.xml"));
        let document = roxmltree::Document::parse(&text).expect("the feed is well-formed XML");
        let feed = document.root_element();
        assert_eq!(feed.tag_name().name(), "feed");
        assert_eq!(
            feed.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        assert_eq!(
            feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(lang)
        );
        let child = |node: roxmltree::Node, name: &str| {
            node.children()
                .find(|c| c.has_tag_name(name))
                .and_then(|c| c.text().map(str::to_owned))
        };
        assert!(child(feed, "title").is_some() && child(feed, "id").is_some());
        assert!(child(feed, "updated").is_some_and(|u| u.ends_with('Z')));
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.has_tag_name("entry"))
            .collect();
        assert!(!entries.is_empty());
        for entry in entries {
            let link = entry
                .children()
                .find(|c| c.has_tag_name("link"))
                .and_then(|l| l.attribute("href"));
            let expected = format!("https://someone.github.io/repo/{lang}/articles/");
            assert!(link.is_some_and(|l| l.starts_with(&expected)), "{link:?}");
            assert!(child(entry, "updated").is_some() && child(entry, "id").is_some());
        }
        // Every page advertises its feed.
        let home = site.page(&format!("{lang}/index.html"));
        assert!(home.contains(r#"<link rel="alternate" type="application/atom+xml" title="#));
        assert!(home.contains(&format!(
            r#"href="https://someone.github.io/repo/{lang}/atom.xml">"#
        )));
    }
}

#[test]
fn sitemap_alternates_pair_up_with_x_default() {
    let site = Fixture::real();
    site.article("english-only", "en", "English only", "2025-01-01", "");
    site.article("arabic-only", "ar", "بالعربية فقط", "2025-01-02", "");
    site.build();
    let text = site.page("sitemap.xml");
    let arabic_only = "https://accord-digest.github.io/accord/ar/articles/arabic-only/";
    let document = roxmltree::Document::parse(&text).expect("well-formed sitemap");
    let xhtml = "http://www.w3.org/1999/xhtml";
    let mut pairs = BTreeSet::new();
    let mut locations = BTreeSet::new();
    for url in document
        .root_element()
        .children()
        .filter(|c| c.has_tag_name("url"))
    {
        let loc = url
            .children()
            .find(|c| c.has_tag_name("loc"))
            .and_then(|l| l.text())
            .expect("loc")
            .to_owned();
        let mut has_default = false;
        for link in url.children().filter(|c| c.has_tag_name((xhtml, "link"))) {
            let (hreflang, href) = (
                link.attribute("hreflang").expect("hreflang"),
                link.attribute("href").expect("href"),
            );
            if hreflang == "x-default" {
                has_default = true;
                assert!(href.contains("/en/"));
            } else {
                pairs.insert((loc.clone(), href.to_owned()));
            }
        }
        // A page with no version in the default language has no default to point at.
        assert_eq!(has_default, loc != arabic_only, "{loc}: x-default");
        locations.insert(loc);
    }
    assert!(locations.contains("https://accord-digest.github.io/accord/ar/timeline/"));
    for (from, to) in &pairs {
        assert!(
            pairs.contains(&(to.clone(), from.clone())),
            "{from} → {to} has no way back"
        );
        assert!(locations.contains(to), "{to} is not itself listed");
    }
    let english_only = "https://accord-digest.github.io/accord/en/articles/english-only/";
    for alone in [english_only, arabic_only] {
        assert!(locations.contains(alone), "{alone} is listed");
        assert!(
            !pairs.iter().any(|(from, to)| from == alone && to != alone),
            "{alone} has no other language"
        );
        assert!(pairs.contains(&(alone.to_owned(), alone.to_owned())));
    }
}

fn check(site: &Fixture, args: &[&str]) -> (bool, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let output = site.run(&all);
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn check_passes_the_real_site_strictly() {
    let (ok, report) = check(&Fixture::real(), &["--strict"]);
    assert!(ok, "{report}");
    assert!(report.contains("0 error(s), 0 warning(s)"), "{report}");
}

#[test]
fn check_reports_broken_links_and_anchors_with_their_file() {
    let site = Fixture::real();
    site.write(
        "content/articles/broken.en.md",
        "+++\ntitle = \"Broken\"\ndate = 2025-01-01\n+++\n\n[gone](../nowhere/) and [bad anchor](../morocco-signs-cybercrime-treaty/#no-such-heading) and [ok](../morocco-signs-cybercrime-treaty/)\n",
    );
    let (ok, report) = check(&site, &[]);
    assert!(!ok, "broken links are errors");
    assert!(
        report.contains("error: content/articles/broken.en.md"),
        "{report}"
    );
    assert!(
        report.contains("`../nowhere/` leads to no page"),
        "{report}"
    );
    assert!(report.contains("`#no-such-heading`"), "{report}");
    assert_eq!(
        report
            .matches("broken.en.md:6: in en/articles/broken/index.html")
            .count(),
        2,
        "{report}"
    );
    assert!(!site.root().join("public").exists(), "check writes nothing");
}

#[test]
fn check_reports_a_fluent_key_missing_in_one_language() {
    let site = Fixture::real();
    let path = site.root().join("templates/i18n/ar.ftl");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("nav-timeline = الخط الزمني\n", "")).expect("write");
    let (ok, report) = check(&site, &[]);
    assert!(!ok);
    assert!(
        report.contains("`nav-timeline` is defined in") && report.contains("ar.ftl"),
        "{report}"
    );
}

#[test]
fn check_points_at_the_defects_of_the_raw_seed_articles() {
    let site = Fixture::real();
    for lang in ["en", "ar"] {
        let seed = std::fs::read_to_string(repo().join(format!(
            "tests/fixtures/seeds/morocco-signs-cybercrime-treaty.{lang}.txt"
        )))
        .expect("seed");
        site.write(
            &format!("content/articles/raw-seed.{lang}.md"),
            &format!("+++\ntitle = \"Raw seed\"\ndate = 2025-10-25\n+++\n{seed}"),
        );
    }
    let (ok, report) = check(&site, &["--strict"]);
    assert!(!ok, "warnings fail under --strict");
    assert!(
        report.contains(
            "warning: content/articles/raw-seed.en.md:31: lines 31–50 look like a weather widget"
        ),
        "{report}"
    );
    assert!(
        report.contains("warning: content/articles/raw-seed.ar.md:11: 5 paragraphs (lines 11–15) repeat earlier ones, from line 6"),
        "{report}"
    );
    let (ok, _) = check(&site, &[]);
    assert!(ok, "warnings alone pass without --strict");
}

#[test]
fn check_speaks_json_for_tools() {
    let site = Fixture::real();
    site.article("lonely", "en", "Lonely", "2025-01-01", "");
    let output = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let diagnostics = report["diagnostics"].as_array().expect("a list");
    assert!(diagnostics.iter().any(|d| {
        d["severity"] == "warning"
            && d["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("lonely.en.md"))
            && d["message"]
                .as_str()
                .is_some_and(|m| m.contains("translation"))
    }));
}

#[test]
fn feeds_carry_the_newest_fifty_articles() {
    let site = Fixture::new();
    for day in 1..=60 {
        site.article(
            &format!("a{day:02}"),
            "en",
            &format!("Day {day}"),
            &format!("2025-03-{:02}", (day - 1) % 28 + 1),
            "",
        );
    }
    site.build();
    let feed = site.page("en/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 50);
    assert!(feed.contains("<updated>2025-03-28T00:00:00Z</updated>"));
}
