//! Shared by the `serve` tests, the browser test and the latency benchmark: a copy of the
//! repository's site in a temporary folder, the real `accord` binary running on it, and a tiny
//! HTTP client that sends paths exactly as written (no normalisation), so traversal attempts
//! reach the server as an attacker would send them.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

pub mod browser;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a change may take to show up before a test gives up: generous, for slow CI.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The article every test edits.
pub const ARTICLE: &str = "content/articles/morocco-signs-cybercrime-treaty.en.md";
/// Its page, below the served path.
pub const ARTICLE_PAGE: &str = "en/articles/morocco-signs-cybercrime-treaty/";

/// A temporary folder holding `site/`, a copy of the repository's site.
pub struct TempSite {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
    /// The site's root.
    pub root: PathBuf,
}

impl TempSite {
    /// Copies `site.toml`, `content/`, `templates/` and `static/` from the repository.
    pub fn copy() -> TempSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let source = Path::new(env!("CARGO_MANIFEST_DIR"));
        for top in ["site.toml", "content", "templates", "static"] {
            copy_tree(&source.join(top), &root.join(top));
        }
        TempSite { dir, root }
    }

    /// A path inside the site.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Reads a file of the site.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).expect("read site file")
    }

    /// Writes a file of the site in place (truncate and write, as most editors do).
    pub fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.path(relative), text).expect("write site file");
    }

    /// Saves the way vim and JetBrains do: write a temp file beside it, rename it over.
    pub fn write_by_rename(&self, relative: &str, text: &str) {
        let target = self.path(relative);
        let temp = target.with_file_name(format!(
            "{}.tmp.{}",
            target.file_name().expect("file name").to_string_lossy(),
            std::process::id()
        ));
        std::fs::write(&temp, text).expect("write temp file");
        std::fs::rename(&temp, &target).expect("rename over");
    }
}

/// Copies a file or a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let relative = entry.path().strip_prefix(from).expect("inside");
        let target = if relative.as_os_str().is_empty() {
            to.to_path_buf()
        } else {
            to.join(relative)
        };
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Everything a child process printed so far.
#[derive(Clone, Default)]
pub struct Output(Arc<Mutex<String>>);

impl Output {
    /// The text so far.
    pub fn text(&self) -> String {
        self.0.lock().map(|text| text.clone()).unwrap_or_default()
    }

    fn collect(&self, stream: impl Read + Send + 'static) {
        let output = self.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if let Ok(mut text) = output.0.lock() {
                    text.push_str(&line);
                    text.push('\n');
                }
            }
        });
    }
}

/// A running `accord` process, killed when dropped.
pub struct Accord {
    /// The process.
    pub child: Child,
    /// What it printed on stdout.
    pub stdout: Output,
    /// What it printed on stderr.
    pub stderr: Output,
}

impl Accord {
    /// Starts `accord` with `args`.
    pub fn start(args: &[&str]) -> Accord {
        let mut command = Command::new(env!("CARGO_BIN_EXE_accord"));
        command.args(args);
        Accord::spawn(command)
    }

    /// Starts `command` (which runs `accord`, perhaps through a shell).
    pub fn spawn(mut command: Command) -> Accord {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start accord");
        let stdout = Output::default();
        let stderr = Output::default();
        stdout.collect(child.stdout.take().expect("stdout"));
        stderr.collect(child.stderr.take().expect("stderr"));
        Accord {
            child,
            stdout,
            stderr,
        }
    }

    /// Waits until stdout has a line containing `text`, returning that line.
    pub fn wait_for_line(&mut self, text: &str) -> String {
        let found = poll(|| {
            self.stdout
                .text()
                .lines()
                .find(|line| line.contains(text))
                .map(str::to_owned)
        });
        match found {
            Some(line) => line,
            None => panic!(
                "accord never printed `{text}`.\nstdout:\n{}\nstderr:\n{}",
                self.stdout.text(),
                self.stderr.text()
            ),
        }
    }

    /// Sends SIGINT (Ctrl-C).
    pub fn interrupt(&self) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -INT failed");
    }

    /// Waits for the process to exit, returning whether it exited successfully.
    pub fn wait_exit(&mut self) -> Option<bool> {
        poll(|| {
            self.child
                .try_wait()
                .ok()
                .flatten()
                .map(|status| status.success())
        })
    }
}

impl Accord {
    /// How many rebuilds it reported (`… changed: …` on stdout, `… changed, but …` on stderr).
    pub fn rebuilds(&self) -> usize {
        let count = |text: String| text.lines().filter(|l| l.contains(" changed")).count();
        count(self.stdout.text()) + count(self.stderr.text())
    }

    /// Checks that it stops rebuilding once the files stop changing: its own reads and writes
    /// (the output folder, for `watch`) must not count as changes.
    pub fn assert_settles(&self) {
        let quiet = poll(|| {
            let before = self.rebuilds();
            std::thread::sleep(Duration::from_millis(500));
            (self.rebuilds() == before).then_some(before)
        });
        let Some(settled) = quiet else {
            panic!("it keeps rebuilding:\n{}", self.stdout.text());
        };
        std::thread::sleep(Duration::from_secs(1));
        assert_eq!(self.rebuilds(), settled, "it rebuilt with nothing changed");
    }
}

impl Drop for Accord {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `accord serve` on a free port, and where it serves.
pub struct Server {
    /// The process.
    pub accord: Accord,
    /// `127.0.0.1:PORT`.
    pub address: String,
    /// The served path, `/accord/` for the repository's site.
    pub base: String,
}

impl Server {
    /// Starts `accord serve --port 0` on `root` (plus `extra` arguments) and waits until it
    /// answers.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::launch(Server::command(root, extra))
    }

    /// The command that [`Server::start`] runs, to add to (environment, a shell around it).
    pub fn command(root: &Path, extra: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_accord"));
        command
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", "0"])
            .args(extra);
        command
    }

    /// Runs `command` (an `accord serve`) and waits until it answers.
    pub fn launch(command: Command) -> Server {
        let mut accord = Accord::spawn(command);
        let line = accord.wait_for_line("Serving the site at http://");
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .expect("a URL")
            .trim_start_matches("http://");
        let (address, base) = url.split_at(url.find('/').expect("a path"));
        Server {
            address: address.to_owned(),
            base: base.to_owned(),
            accord,
        }
    }

    /// GET of a path below the served one.
    pub fn get(&self, page: &str) -> Response {
        self.raw("GET", &format!("{}{page}", self.base))
    }

    /// A request of `path` exactly as given.
    pub fn raw(&self, method: &str, path: &str) -> Response {
        request(&self.address, method, path)
    }

    /// Polls `page` until its body satisfies `check`.
    pub fn wait_for_page(&self, page: &str, what: &str, check: impl Fn(&Response) -> bool) {
        let found = poll(|| {
            let response = self.get(page);
            check(&response).then_some(())
        });
        if found.is_none() {
            let response = self.get(page);
            panic!(
                "{page}: never {what}.\nlast response {}:\n{}\nstdout:\n{}\nstderr:\n{}",
                response.status,
                response.body,
                self.accord.stdout.text(),
                self.accord.stderr.text()
            );
        }
    }

    /// Opens the update stream as the script in a page does, and waits for its first event.
    pub fn reload_stream(&self) -> ReloadStream {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(PATIENCE))
            .expect("read timeout");
        let path = format!("{}{EVENTS}", self.base);
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.address
        )
        .expect("send");
        let mut events = ReloadStream {
            reader: BufReader::new(stream),
        };
        assert_eq!(events.next_event().as_deref(), Some("init"));
        events
    }
}

/// Where the pages' update stream is, below the served path.
pub const EVENTS: &str = "_accord/events";

/// The server-sent events of the update script.
pub struct ReloadStream {
    reader: BufReader<TcpStream>,
}

impl ReloadStream {
    /// The name of the next event, or `None` if the stream ends or nothing comes in time.
    pub fn next_event(&mut self) -> Option<String> {
        self.next_event_with_data().map(|(name, _)| name)
    }

    /// The name and data of the next event about pages: the update that follows a change to
    /// the search index alone (sent after the changed pages', issue 21) is passed over.
    pub fn next_page_update(&mut self) -> Option<(String, serde_json::Value)> {
        loop {
            let (name, data) = self.next_event_with_data()?;
            let index_only = data["paths"].as_array().is_some_and(|paths| {
                !paths.is_empty()
                    && paths.iter().all(|path| {
                        path.as_str()
                            .is_some_and(|path| path.contains("/search/pagefind/"))
                    })
            });
            if !index_only || data["errors"] == true {
                return Some((name, data));
            }
        }
    }

    /// The name and data (JSON) of the next event.
    pub fn next_event_with_data(&mut self) -> Option<(String, serde_json::Value)> {
        let mut line = String::new();
        let mut name = None;
        let mut data = String::new();
        loop {
            line.clear();
            if self.reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end();
            if let Some(value) = line.strip_prefix("event:") {
                name = Some(value.trim().to_owned());
            } else if let Some(value) = line.strip_prefix("data:") {
                data.push_str(value.trim_start());
            } else if line.is_empty()
                && let Some(name) = name.take()
            {
                let data = serde_json::from_str(&data).unwrap_or(serde_json::Value::Null);
                return Some((name, data));
            }
        }
    }
}

/// An HTTP response, read to the end.
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The header lines, lower-cased names.
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy).
    pub body: String,
}

impl Response {
    /// The value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Sends one HTTP/1.0 request (the server closes the connection after the body, so no chunked
/// decoding is needed) with `path` exactly as given.
pub fn request(address: &str, method: &str, path: &str) -> Response {
    request_with_head(
        address,
        &format!("{method} {path} HTTP/1.0\r\nHost: {address}\r\n"),
    )
}

/// Like [`request`], with the request line and headers exactly as given (each line ending in
/// CRLF; the empty line is added).
pub fn request_with_head(address: &str, head: &str) -> Response {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(PATIENCE))
        .expect("read timeout");
    write!(stream, "{head}\r\n").expect("send");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read response");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// Calls `check` every 20 ms until it gives a value or [`PATIENCE`] runs out.
pub fn poll<T>(mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(value) = check() {
            return Some(value);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// An article's text with a new title.
pub fn retitled(text: &str, title: &str) -> String {
    let start = text.find("title = \"").expect("a title") + "title = \"".len();
    let end = start + text[start..].find('"').expect("closing quote");
    format!("{}{title}{}", &text[..start], &text[end..])
}

/// A minimal valid article.
pub fn article(title: &str, date: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\nsummary = \"About {title}.\"\n+++\n\nThe text of {title}.\n"
    )
}
