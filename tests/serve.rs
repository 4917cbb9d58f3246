//! `accord serve` and `accord watch`, run as the real binary over a temporary copy of the site:
//! every way of saving shows up in the served pages, errors never stop the server, and no
//! request gets a file from outside the site.
//!
//! Timing never decides a result: each check polls for up to ten seconds.

mod serve_support;

use serve_support::{
    ARTICLE, ARTICLE_PAGE, Accord, Server, TempSite, article, poll, request, retitled,
};

const OVERLAY: &str = "id=\"accord-error-overlay\"";
const RELOAD_SCRIPT: &str = "_accord/livereload/event-stream";

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
    assert_eq!(missing.body, {
        let not_found = server.get("404.html");
        assert_eq!(not_found.status, 200);
        not_found.body
    });
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
    assert!(!built.contains("livereload"));
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
fn the_reload_event_comes_once_the_new_page_is_served() {
    let site = TempSite::copy();
    let server = Server::start(&site.root, &[]);
    let original = site.read(ARTICLE);
    for round in 0..3 {
        let mut stream = server.reload_stream();
        let title = format!("Reload round {round}");
        // Saved atomically, so the file is never seen half written.
        site.write_by_rename(ARTICLE, &retitled(&original, &title));
        assert_eq!(stream.next_event().as_deref(), Some("reload"));
        // No polling: when the browser hears `reload`, the new page must already be there.
        let page = server.get(ARTICLE_PAGE);
        assert!(
            page.body.contains(&format!("<title>{title}")),
            "round {round}"
        );
    }
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
