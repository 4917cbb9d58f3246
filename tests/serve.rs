//! `accord serve` and `accord watch`, run as the real binary over a temporary copy of the site:
//! every way of saving shows up in the served pages, errors never stop the server, and no
//! request gets a file from outside the site.
//!
//! Timing never decides a result: each check polls for up to ten seconds.

mod serve_support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serve_support::{
    ARTICLE, ARTICLE_PAGE, Accord, PATIENCE, Server, TempSite, article, poll, request,
    request_with_head, retitled,
};

const OVERLAY: &str = "id=\"accord-error-overlay\"";
const RELOAD_SCRIPT: &str = "_accord/events";

#[test]
fn serves_the_site_under_its_base_path_with_reload_and_utf8_types() {
    let site = TempSite::copy();
    let server = Server::start(&site.root, &[]);
    assert_eq!(server.base, "/accord/", "the path of base_url in site.toml");

    let home = server.get("en/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains(RELOAD_SCRIPT), "reload script injected");
    assert!(
        home.body.contains(&format!(
            "<link rel=\"canonical\" href=\"http://{}/accord/en/\">",
            server.address
        )),
        "base_url points at the preview"
    );
    let feed = server.get("en/atom.xml");
    assert_eq!(
        feed.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    assert!(
        feed.body
            .contains(&format!("http://{}/accord/", server.address))
    );
    let css = server.get("style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let robots = server.get("robots.txt");
    assert_eq!(
        robots.header("content-type"),
        Some("text/plain; charset=utf-8")
    );

    // The root and the bare base path lead to the served path; folders get their slash.
    let root = server.raw("GET", "/");
    assert_eq!(
        (root.status, root.header("location")),
        (302, Some("/accord/"))
    );
    let folder = server.get("en");
    assert_eq!(folder.header("location"), Some("/accord/en/"));

    let missing = server.get("en/no-such-page/");
    assert_eq!(missing.status, 404);
    // The site's 404 page, but for the update script's note of the address asked for.
    let without_script = |body: &str| body[..body.find("<script src=").expect("script")].to_owned();
    assert_eq!(without_script(&missing.body), {
        let not_found = server.get("404.html");
        assert_eq!(not_found.status, 200);
        without_script(&not_found.body)
    });
    assert!(
        missing
            .body
            .contains("data-page=\"404.html\" data-target=\"en/no-such-page/index.html\"")
    );
    let outside = server.raw("GET", "/elsewhere/");
    assert_eq!(outside.status, 404);

    let head = server.raw("HEAD", "/accord/en/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(server.raw("POST", "/accord/en/").status, 405);

    // `accord build` output never carries the reload script.
    let mut build = Accord::start(&["build", "--root", &site.root.to_string_lossy()]);
    assert_eq!(build.wait_exit(), Some(true), "build succeeds");
    let built = std::fs::read_to_string(site.path("public/en/index.html")).expect("built page");
    assert!(!built.contains("_accord/") && !built.contains("data-accord-live"));
    assert!(
        !site.path("public/_accord").exists(),
        "the update script is never in the output"
    );
    let script = server.get("_accord/live.js");
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("Idiomorph"), "idiomorph is bundled");
}

#[test]
fn edits_in_place_and_by_rename_over_are_served() {
    let site = TempSite::copy();
    let server = Server::start(&site.root, &[]);
    let original = site.read(ARTICLE);

    site.write(ARTICLE, &retitled(&original, "Edited in place"));
    server.wait_for_page(ARTICLE_PAGE, "showed the in-place edit", |page| {
        page.body.contains("<title>Edited in place")
    });
    server.wait_for_page("en/", "listed the new title", |page| {
        page.body.contains("Edited in place")
    });

    site.write_by_rename(ARTICLE, &retitled(&original, "Renamed over"));
    server.wait_for_page(ARTICLE_PAGE, "showed the rename-over edit", |page| {
        page.body.contains("<title>Renamed over")
    });

    // vim with a backup: move the original aside, write anew, delete the backup.
    let path = site.path(ARTICLE);
    let backup = path.with_file_name("morocco-signs-cybercrime-treaty.en.md~");
    std::fs::rename(&path, &backup).expect("backup");
    std::fs::write(&path, retitled(&original, "Saved by vim")).expect("write");
    std::fs::remove_file(&backup).expect("drop backup");
    server.wait_for_page(ARTICLE_PAGE, "showed vim's save", |page| {
        page.body.contains("<title>Saved by vim")
    });

    // JetBrains' safe write: temp file, original renamed aside, temp renamed in, old deleted.
    let temp = path.with_file_name("morocco-signs-cybercrime-treaty.en.md___jb_tmp___");
    let old = path.with_file_name("morocco-signs-cybercrime-treaty.en.md___jb_old___");
    std::fs::write(&temp, retitled(&original, "Saved by JetBrains")).expect("write");
    std::fs::rename(&path, &old).expect("aside");
    std::fs::rename(&temp, &path).expect("in");
    std::fs::remove_file(&old).expect("delete old");
    server.wait_for_page(ARTICLE_PAGE, "showed JetBrains' save", |page| {
        page.body.contains("<title>Saved by JetBrains")
    });

    // Delete, then recreate (some editors save this way).
    std::fs::remove_file(site.path(ARTICLE)).expect("delete");
    std::fs::write(
        site.path(ARTICLE),
        retitled(&original, "Deleted and recreated"),
    )
    .expect("recreate");
    server.wait_for_page(ARTICLE_PAGE, "showed the recreated file", |page| {
        page.status == 200 && page.body.contains("<title>Deleted and recreated")
    });
    let swap = site.path("content/articles/.morocco-signs-cybercrime-treaty.en.md.swp");
    std::fs::write(swap, "not an article").expect("swap file");
    assert_eq!(
        server.get(ARTICLE_PAGE).status,
        200,
        "swap files are ignored"
    );
    server.accord.assert_settles();
}

#[test]
fn new_deleted_and_renamed_articles_appear_and_disappear() {
    let site = TempSite::copy();
    let server = Server::start(&site.root, &[]);

    site.write(
        "content/articles/brand-new.en.md",
        &article("A brand new article", "2025-11-20"),
    );
    server.wait_for_page("en/articles/brand-new/", "appeared", |page| {
        page.status == 200 && page.body.contains("A brand new article")
    });
    server.wait_for_page("en/", "listed the new article", |page| {
        page.body.contains("A brand new article")
    });
    assert!(
        server
            .get("sitemap.xml")
            .body
            .contains("/en/articles/brand-new/")
    );

    std::fs::rename(
        site.path("content/articles/brand-new.en.md"),
        site.path("content/articles/renamed.en.md"),
    )
    .expect("rename");
    server.wait_for_page("en/articles/renamed/", "appeared", |page| {
        page.status == 200
    });
    server.wait_for_page("en/articles/brand-new/", "disappeared", |page| {
        page.status == 404
    });

    // A renamed folder takes its articles along.
    std::fs::create_dir(site.path("content/articles/folder")).expect("mkdir");
    std::fs::rename(
        site.path("content/articles/renamed.en.md"),
        site.path("content/articles/folder/in-folder.en.md"),
    )
    .expect("move");
    server.wait_for_page("en/articles/in-folder/", "appeared", |page| {
        page.status == 200
    });
    std::fs::rename(
        site.path("content/articles/folder"),
        site.path("content/articles/folder-renamed"),
    )
    .expect("rename folder");
    std::fs::write(
        site.path("content/articles/folder-renamed/second.en.md"),
        article("Second in folder", "2025-11-21"),
    )
    .expect("write");
    server.wait_for_page("en/articles/second/", "appeared", |page| page.status == 200);
    assert_eq!(server.get("en/articles/in-folder/").status, 200);

    std::fs::remove_dir_all(site.path("content/articles/folder-renamed")).expect("delete");
    server.wait_for_page("en/articles/second/", "disappeared", |page| {
        page.status == 404
    });
    server.wait_for_page("en/", "stopped listing it", |page| {
        !page.body.contains("Second in folder")
    });
    assert!(
        !server
            .get("sitemap.xml")
            .body
            .contains("/en/articles/second/")
    );
}

#[test]
fn a_broken_save_shows_the_overlay_and_the_last_good_site() {
    let site = TempSite::copy();
    let server = Server::start(&site.root, &[]);
    let original = site.read(ARTICLE);

    site.write(
        ARTICLE,
        &original.replacen("date = ", "date = not-a-date-", 1),
    );
    server.wait_for_page(ARTICLE_PAGE, "showed the overlay", |page| {
        page.body.contains(OVERLAY)
    });
    let page = server.get(ARTICLE_PAGE);
    assert_eq!(page.status, 200, "the last good page is still served");
    assert!(
        page.body.contains("<title>Morocco signs"),
        "with its content"
    );
    assert!(page.body.contains("morocco-signs-cybercrime-treaty.en.md:"));
    assert!(
        server.get("en/timeline/").body.contains(OVERLAY),
        "on every page"
    );
    assert!(
        !server.get("style.css").body.contains(OVERLAY),
        "but not CSS"
    );
    // File, line and message in the terminal.
    let stderr = poll(|| {
        let text = server.accord.stderr.text();
        text.contains("morocco-signs-cybercrime-treaty.en.md:3:")
            .then_some(text)
    })
    .expect("the error is printed");
    assert!(stderr.contains("error: "), "{stderr}");

    // A template error names the template file and line too.
    let base = site.read("templates/base.html");
    site.write(
        "templates/base.html",
        &base.replacen("{{ lang }}", "{{ lang ", 1),
    );
    server.wait_for_page(ARTICLE_PAGE, "named the template", |page| {
        page.body.contains("base.html:") && page.body.contains(OVERLAY)
    });
    site.write("templates/base.html", &base);

    site.write(ARTICLE, &retitled(&original, "Fixed again"));
    server.wait_for_page(ARTICLE_PAGE, "cleared the overlay", |page| {
        !page.body.contains(OVERLAY) && page.body.contains("<title>Fixed again")
    });
}

#[test]
fn a_site_that_fails_its_first_build_still_starts() {
    let site = TempSite::copy();
    let original = site.read(ARTICLE);
    site.write(ARTICLE, "+++\ntitle = \"No closing fence\"\n");
    let server = Server::start(&site.root, &[]);

    let page = server.get(ARTICLE_PAGE);
    assert_eq!(page.status, 500);
    assert!(page.body.contains(OVERLAY));
    assert!(
        page.body
            .contains("morocco-signs-cybercrime-treaty.en.md:1")
    );
    assert!(page.body.contains(RELOAD_SCRIPT), "it reloads once fixed");

    site.write(ARTICLE, &original);
    server.wait_for_page(ARTICLE_PAGE, "served the fixed site", |page| {
        page.status == 200 && !page.body.contains(OVERLAY)
    });
}

#[test]
fn the_update_event_comes_once_the_new_page_is_served_and_names_it() {
    let site = TempSite::copy();
    let server = Server::start(&site.root, &[]);
    let original = site.read(ARTICLE);
    let own_path = format!("{ARTICLE_PAGE}index.html");
    for round in 0..3 {
        let mut stream = server.reload_stream();
        let title = format!("Reload round {round}");
        // Saved atomically, so the file is never seen half written.
        site.write_by_rename(ARTICLE, &retitled(&original, &title));
        let (name, update) = stream.next_page_update().expect("an update");
        assert_eq!(name, "update");
        let paths: Vec<&str> = update["paths"]
            .as_array()
            .expect("paths")
            .iter()
            .filter_map(|path| path.as_str())
            .collect();
        assert!(paths.contains(&own_path.as_str()), "{update}");
        assert!(
            paths.contains(&"en/index.html"),
            "the home page lists it: {update}"
        );
        assert!(
            !paths.contains(&"style.css"),
            "only files whose bytes changed: {update}"
        );
        assert_eq!(update["reload"], false, "{update}");
        assert_eq!(update["errors"], false, "{update}");
        // No polling: when the browser hears it, the new page must already be there, with the
        // version the update names.
        let page = server.get(ARTICLE_PAGE);
        assert!(
            page.body.contains(&format!("<title>{title}")),
            "round {round}"
        );
        let version = update["version"].as_str().expect("a version");
        assert!(page.body.contains(&format!("data-version=\"{version}\"")));
        // The search index follows in an update of its own, so the page is not kept waiting.
        let (name, index) = stream.next_event_with_data().expect("the index's update");
        assert_eq!(name, "update");
        let index_paths = index["paths"].as_array().expect("paths");
        assert!(
            !index_paths.is_empty()
                && index_paths.iter().all(|path| path
                    .as_str()
                    .is_some_and(|p| p.contains("/search/pagefind/"))),
            "{index}"
        );
    }

    // A failed build says so (pages fetch themselves to show the overlay); a template change
    // asks for a full reload.
    let mut stream = server.reload_stream();
    site.write(ARTICLE, "+++\nbroken");
    let (_, update) = stream.next_page_update().expect("an update");
    assert_eq!(update["errors"], true, "{update}");
    site.write(ARTICLE, &original);
    let (_, update) = stream.next_page_update().expect("an update");
    assert_eq!(update["errors"], false, "{update}");
    assert_eq!(update["reload"], false, "{update}");
    let base = site.read("templates/base.html");
    site.write(
        "templates/base.html",
        &base.replacen("</main>", "</main><!-- x -->", 1),
    );
    let (_, update) = stream.next_page_update().expect("an update");
    assert_eq!(update["reload"], true, "{update}");
}

#[test]
fn a_failed_save_keeps_its_errors_while_the_search_index_waits() {
    let site = TempSite::copy();
    let server = Server::start(&site.root, &[]);
    let original = site.read(ARTICLE);
    let mut stream = server.reload_stream();
    site.write_by_rename(ARTICLE, &retitled(&original, "Saved, then broken"));
    let (_, update) = stream.next_page_update().expect("the page's update");
    assert_eq!(update["errors"], false, "{update}");
    // Broken before the search index's pause is over: the index must not be made from the last
    // good site and served as if the build were fine again.
    site.write_by_rename(ARTICLE, "+++\nbroken");
    let (_, update) = stream.next_page_update().expect("the failure's update");
    assert_eq!(update["errors"], true, "{update}");
    std::thread::sleep(Duration::from_millis(1000));
    let page = server.get(ARTICLE_PAGE);
    assert!(page.body.contains(OVERLAY), "the errors stay on the page");
    site.write_by_rename(ARTICLE, &original);
    let (_, update) = stream.next_page_update().expect("the fix's update");
    assert_eq!(update["errors"], false, "{update}");
    server.wait_for_page(ARTICLE_PAGE, "served the fixed site", |page| {
        page.status == 200 && !page.body.contains(OVERLAY)
    });
}

/// `Host` values a browser sends, with the server's port.
fn with_port(server: &Server, name: &str) -> String {
    let port = server.address.rsplit(':').next().expect("a port");
    format!("{name}:{port}")
}

fn get_with_host(server: &Server, path: &str, host: &str) -> serve_support::Response {
    request_with_head(
        &server.address,
        &format!("GET {}{path} HTTP/1.0\r\nHost: {host}\r\n", server.base),
    )
}

#[test]
fn only_requests_addressed_to_the_preview_are_answered() {
    let site = TempSite::copy();
    let server = Server::start(&site.root, &["--allowed-host", "preview.example.test"]);
    for name in [
        "127.0.0.1",
        "localhost",
        "LocalHost",
        "[::1]",
        "preview.example.test",
    ] {
        let host = with_port(&server, name);
        assert_eq!(get_with_host(&server, "en/", &host).status, 200, "{host}");
    }
    // DNS rebinding: the attacker's own name, with or without the port.
    for host in [
        with_port(&server, "evil.example"),
        "evil.example".to_owned(),
        with_port(&server, "localhost.evil.example"),
        with_port(&server, "other.example.test"),
        "localhost:1".to_owned(),
    ] {
        for path in ["en/", ARTICLE_PAGE, "style.css", "_accord/events", "nope/"] {
            let response = get_with_host(&server, path, &host);
            assert_eq!(response.status, 403, "{host} {path}");
            assert_eq!(
                response.header("content-type"),
                Some("text/plain; charset=utf-8")
            );
            assert!(
                response.body.contains("--allowed-host"),
                "{}",
                response.body
            );
            assert!(!response.body.contains("Morocco"), "nothing of the site");
        }
    }
    // No Host at all, or two.
    let none = request_with_head(
        &server.address,
        &format!("GET {}en/ HTTP/1.0\r\n", server.base),
    );
    assert_eq!(none.status, 403);
    let two = request_with_head(
        &server.address,
        &format!(
            "GET {}en/ HTTP/1.1\r\nHost: {}\r\nHost: evil.example\r\nConnection: close\r\n",
            server.base, server.address
        ),
    );
    assert!(two.status == 403 || two.status == 400, "{}", two.status);
    // A bad --allowed-host is refused at start.
    let root = site.root.to_string_lossy().into_owned();
    let mut bad = Accord::start(&[
        "serve",
        "--root",
        &root,
        "--port",
        "0",
        "--allowed-host",
        "http://x.test/",
    ]);
    assert_eq!(bad.wait_exit(), Some(false));
    assert!(bad.stderr.text().contains("--allowed-host"));
}

/// Whether the server closed `stream` (end of file, or reset) within `limit`.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream.set_read_timeout(Some(limit)).expect("read timeout");
    let mut buffer = [0; 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn slow_and_idle_clients_are_cut_off_but_open_pages_are_not() {
    let site = TempSite::copy();
    let mut command = Server::command(&site.root, &[]);
    command
        .env("ACCORD_SERVE_HEADER_TIMEOUT_MS", "500")
        .env("ACCORD_SERVE_IDLE_TIMEOUT_MS", "3000");
    let server = Server::launch(command);

    // Half a request, then nothing (slowloris).
    let started = Instant::now();
    let mut half = TcpStream::connect(&server.address).expect("connect");
    write!(
        half,
        "GET {}en/ HTTP/1.1\r\nHost: {}\r\nX-Slow: ",
        server.base, server.address
    )
    .expect("send");
    assert!(
        closed_within(&mut half, Duration::from_secs(3)),
        "half a request kept open"
    );
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(400),
        "closed too early: {elapsed:?}"
    );

    // A request trickled a byte at a time is cut off at the same limit.
    let started = Instant::now();
    let mut trickle = TcpStream::connect(&server.address).expect("connect");
    let head = format!(
        "GET {}en/ HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.base, server.address
    );
    let mut cut = false;
    for byte in head.bytes() {
        if trickle.write_all(&[byte]).is_err() {
            cut = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(cut || closed_within(&mut trickle, Duration::from_secs(3)));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    // Connected, nothing sent; and idle after a keep-alive response.
    let mut silent = TcpStream::connect(&server.address).expect("connect");
    assert!(
        closed_within(&mut silent, Duration::from_secs(3)),
        "silent connection kept"
    );
    let mut kept = TcpStream::connect(&server.address).expect("connect");
    write!(
        kept,
        "GET {}style.css HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.base, server.address
    )
    .expect("send");
    assert!(
        closed_within(&mut kept, Duration::from_secs(3)),
        "idle keep-alive kept"
    );

    // An open page's update stream outlives both limits and still hears the next change.
    let mut stream = server.reload_stream();
    std::thread::sleep(Duration::from_millis(3500));
    site.write_by_rename(
        ARTICLE,
        &retitled(&site.read(ARTICLE), "After the timeouts"),
    );
    assert_eq!(stream.next_event().as_deref(), Some("update"));
    assert_eq!(server.get("en/").status, 200, "still answering");
}

#[test]
fn idle_connections_do_not_stop_the_preview_under_a_low_file_limit() {
    let site = TempSite::copy();
    // The server gets 256 file descriptors, as on a machine with a low limit.
    let mut command = std::process::Command::new("sh");
    command
        .args(["-c", "ulimit -n 256 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_accord"))
        .args(["serve", "--root"])
        .arg(&site.root)
        .args(["--port", "0"])
        .env("ACCORD_SERVE_HEADER_TIMEOUT_MS", "2000");
    let server = Server::launch(command);

    // 150 connections that send nothing, and a normal request right after.
    let mut idle: Vec<TcpStream> = (0..150)
        .map(|_| TcpStream::connect(&server.address).expect("connect"))
        .collect();
    let started = Instant::now();
    assert_eq!(server.get("en/").status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );

    // More than the limit: once the idle ones are cut off, it answers again.
    idle.extend((0..200).filter_map(|_| TcpStream::connect(&server.address).ok()));
    let answered = poll(|| (server.get("en/").status == 200).then_some(()));
    assert!(answered.is_some(), "stopped answering");
    assert!(
        server.accord.child.id() > 0 && server.accord.stderr.text().lines().count() < 5,
        "{}",
        server.accord.stderr.text()
    );
    drop(idle);
    // And keeps answering, page after page.
    for _ in 0..20 {
        assert_eq!(server.get(ARTICLE_PAGE).status, 200);
    }
    let _ = PATIENCE;
}

/// The repository's site with `base_url` set to `url` in its site.toml.
fn site_with_base_url(url: &str) -> TempSite {
    let site = TempSite::copy();
    let config = site.read("site.toml");
    let line = config
        .lines()
        .find(|line| line.starts_with("base_url"))
        .expect("base_url");
    site.write(
        "site.toml",
        &config.replacen(line, &format!("base_url = '{url}'"), 1),
    );
    site
}

#[test]
fn base_url_text_is_escaped_wherever_the_preview_writes_it() {
    let site = site_with_base_url("https://example.com/a\"><script>alert(1)</script>/");
    let server = Server::start(&site.root, &[]);
    assert_eq!(server.base, "/a%22%3E%3Cscript%3Ealert(1)%3C/script%3E/");
    let page = server.get("en/");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(!page.body.contains("<script>alert(1)"), "{}", page.body);
    assert!(!page.body.contains("\"><script"), "{}", page.body);
    assert!(
        page.body
            .contains("data-events=\"/a%22%3E%3Cscript%3Ealert(1)%3C/script%3E/_accord/events\"")
    );
    let root = server.raw("GET", "/");
    assert_eq!(root.header("location"), Some(server.base.as_str()));
    // The error overlay, before and after a good build.
    site.write(ARTICLE, "+++\nbroken");
    server.wait_for_page("en/", "showed the overlay", |page| {
        page.body.contains(OVERLAY)
    });
    assert!(!server.get("en/").body.contains("<script>alert(1)"));
}

#[test]
fn a_non_ascii_base_path_serves_its_pages() {
    let site = site_with_base_url("https://example.com/é/");
    let server = Server::start(&site.root, &[]);
    assert_eq!(server.base, "/%C3%A9/");
    for page in ["", "en/", ARTICLE_PAGE, "style.css", "en/atom.xml"] {
        assert_eq!(server.get(page).status, 200, "{page}");
    }
    // However the browser spells it.
    assert_eq!(server.raw("GET", "/%c3%a9/en/").status, 200);
    let root = server.raw("GET", "/");
    assert_eq!(
        (root.status, root.header("location")),
        (302, Some("/%C3%A9/"))
    );
    let bare = server.raw("GET", "/%C3%A9");
    assert_eq!(bare.header("location"), Some("/%C3%A9/"));
    let folder = server.get("en");
    assert_eq!(folder.header("location"), Some("/%C3%A9/en/"));
    assert_eq!(server.raw("GET", "/e/en/").status, 404);
    // Its links lead to pages that are served.
    let home = server.get("en/");
    assert!(
        home.body
            .contains(&format!("href=\"http://{}/%C3%A9/en/\"", server.address)),
        "base_url is the preview's, encoded"
    );
    let mut stream = server.reload_stream();
    site.write_by_rename(ARTICLE, &retitled(&site.read(ARTICLE), "Under é"));
    assert_eq!(stream.next_event().as_deref(), Some("update"));
    assert!(server.get(ARTICLE_PAGE).body.contains("<title>Under é"));
}

#[test]
fn traversal_requests_get_no_file_from_outside_the_site() {
    let site = TempSite::copy();
    let secret = "TOP-SECRET-OUTSIDE-THE-SITE";
    std::fs::write(site.dir.path().join("secret.txt"), secret).expect("secret");
    let server = Server::start(&site.root, &[]);
    let config = site.read("site.toml");
    let config_line = config
        .lines()
        .find(|l| l.starts_with("base_url"))
        .expect("base_url");

    let attempts = [
        "/accord/../secret.txt",
        "/accord/../../secret.txt",
        "/accord/../site/site.toml",
        "/../secret.txt",
        "/accord/%2e%2e/secret.txt",
        "/accord/%2E%2E/%2E%2E/secret.txt",
        "/accord/.%2e/site.toml",
        "/accord/%2e%2e%2fsecret.txt",
        "/accord/en%2f..%2f..%2f..%2fsecret.txt",
        "/accord/%252e%252e/secret.txt",
        "/accord/..%5csecret.txt",
        "/accord/..\\..\\secret.txt",
        "/accord/%5c..%5csecret.txt",
        "/accord//etc/passwd",
        "/accord/%2fetc%2fpasswd",
        "//etc/passwd",
        "/accord/C:%5cWindows%5cwin.ini",
        "/accord/site.toml",
        "/accord/content/articles/morocco-signs-cybercrime-treaty.en.md",
        "/accord/templates/base.html",
        "/accord/static/style.css",
        "/accord/en/%00",
        "/accord/%c0%ae%c0%ae/secret.txt",
        "/etc/passwd",
        "http://127.0.0.1/../secret.txt",
    ];
    for path in attempts {
        let response = request(&server.address, "GET", path);
        assert!(
            !response.body.contains(secret) && !response.body.contains(config_line),
            "{path} leaked a file"
        );
        assert!(
            response.status == 404 || response.status == 400,
            "{path}: status {}",
            response.status
        );
    }
    assert_eq!(server.get("style.css").status, 200, "still serving");
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = TempSite::copy();
    let mut server = Server::start(&site.root, &[]);
    let _stream = server.reload_stream(); // an open page must not keep it alive
    server.accord.interrupt();
    assert_eq!(server.accord.wait_exit(), Some(true), "exits with success");
    assert!(server.accord.stdout.text().contains("Stopped."));
}

#[test]
fn watch_rebuilds_the_output_folder_and_survives_errors() {
    let site = TempSite::copy();
    let root = site.root.to_string_lossy().into_owned();
    let mut watch = Accord::start(&["watch", "--root", &root]);
    watch.wait_for_line("Watching");
    let output = site.path("public").join(ARTICLE_PAGE).join("index.html");
    let read_output = || std::fs::read_to_string(&output).unwrap_or_default();
    assert!(read_output().contains("<title>Morocco signs"));
    assert!(!read_output().contains("livereload"));
    let original = site.read(ARTICLE);

    site.write_by_rename(ARTICLE, &retitled(&original, "Watched edit"));
    poll(|| read_output().contains("<title>Watched edit").then_some(()))
        .expect("the output follows the edit");

    site.write(ARTICLE, "+++\nbroken");
    poll(|| {
        watch
            .stderr
            .text()
            .contains("morocco-signs-cybercrime-treaty.en.md:")
            .then_some(())
    })
    .expect("the error is printed");
    assert!(read_output().contains("<title>Watched edit"), "output kept");
    assert!(
        watch.child.try_wait().expect("status").is_none(),
        "still running"
    );

    site.write(ARTICLE, &retitled(&original, "Fixed while watching"));
    poll(|| {
        read_output()
            .contains("<title>Fixed while watching")
            .then_some(())
    })
    .expect("the output follows the fix");

    watch.assert_settles();
    watch.interrupt();
    assert_eq!(watch.wait_exit(), Some(true));
    let leftovers: Vec<String> = std::fs::read_dir(&site.root)
        .expect("list")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
