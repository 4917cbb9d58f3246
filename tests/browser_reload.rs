//! A page open in a real browser (headless Chromium) reloads by itself after an edit.
//!
//! The server runs with `--verbose`, so its log shows when the page's reload stream is connected
//! and when the page is requested again; the DevTools protocol's target list then gives the
//! title the browser itself shows.
//!
//! It needs `/usr/bin/chromium`, so it is ignored by a plain `cargo test`: run it with
//! `cargo test --release -- --ignored` (as `.ci/run` does). Run without Chromium, it fails and
//! says what to install.

mod serve_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serve_support::{ARTICLE, ARTICLE_PAGE, PATIENCE, Server, TempSite, poll, retitled};

const CHROMIUM: &str = "/usr/bin/chromium";

#[test]
#[ignore = "needs chromium"]
fn an_open_page_reloads_itself_after_an_edit() {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: this test needs headless Chromium (apt-get install chromium)"
    );
    let site = TempSite::copy();
    let server = Server::start(&site.root, &["--verbose"]);
    let page_path = format!("{}{ARTICLE_PAGE}", server.base);
    let url = format!("http://{}{page_path}", server.address);
    let browser = Browser::start(&site.dir.path().join("chromium-profile"), &url);

    // The page is loaded and its script is listening for reloads.
    let page_request = format!("GET {page_path} 200");
    let stream_request = format!("GET {}_accord/livereload/event-stream 200", server.base);
    let log = || server.accord.stdout.text();
    let connected =
        poll(|| (log().contains(&page_request) && log().contains(&stream_request)).then_some(()));
    assert!(
        connected.is_some(),
        "the browser never opened the page and its reload stream.\nserver log:\n{}",
        log()
    );
    let before = poll(|| browser.title().starts_with("Morocco signs").then_some(()));
    assert!(before.is_some(), "the browser shows `{}`", browser.title());

    let original = site.read(ARTICLE);
    site.write(ARTICLE, &retitled(&original, "Reloaded by itself"));
    let reloaded = poll(|| (log().matches(&page_request).count() >= 2).then_some(()));
    assert!(
        reloaded.is_some(),
        "the page was not requested again after the edit.\nserver log:\n{}",
        log()
    );
    let title = poll(|| {
        let title = browser.title();
        title.starts_with("Reloaded by itself").then_some(title)
    });
    assert!(
        title.is_some(),
        "the browser shows `{}`, not the edited title",
        browser.title()
    );
}

/// Headless Chromium in its own process group, closed (the whole group) when dropped.
struct Browser {
    child: Child,
    devtools: String,
}

impl Browser {
    fn start(profile: &Path, url: &str) -> Browser {
        use std::os::unix::process::CommandExt;
        std::fs::create_dir_all(profile).expect("profile folder");
        let child = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start chromium");
        // Chromium writes the port it picked into the profile.
        let port_file: PathBuf = profile.join("DevToolsActivePort");
        let port = poll(|| {
            let text = std::fs::read_to_string(&port_file).ok()?;
            text.lines().next()?.trim().parse::<u16>().ok()
        })
        .expect("chromium's DevTools port");
        Browser {
            child,
            devtools: format!("127.0.0.1:{port}"),
        }
    }

    /// The title of the page tab, as the DevTools protocol's target list reports it.
    fn title(&self) -> String {
        let Some(targets) = self.targets() else {
            return String::new();
        };
        targets
            .as_array()
            .and_then(|targets| targets.iter().find(|target| target["type"] == "page"))
            .and_then(|page| page["title"].as_str())
            .unwrap_or_default()
            .to_owned()
    }

    /// `GET /json/list` from the DevTools server (HTTP/1.1 with a Content-Length, which is what
    /// it speaks).
    fn targets(&self) -> Option<serde_json::Value> {
        let mut stream = TcpStream::connect(&self.devtools).ok()?;
        stream.set_read_timeout(Some(PATIENCE)).ok()?;
        write!(
            stream,
            "GET /json/list HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.devtools
        )
        .ok()?;
        let mut reader = BufReader::new(stream);
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok()?;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        serde_json::from_slice(&body).ok()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The browser's helpers share its process group: end them all, then reap the browser.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
