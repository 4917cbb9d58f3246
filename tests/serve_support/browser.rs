//! Headless Chromium driven over the DevTools protocol, for the browser test and the repaint
//! benchmark: a minimal WebSocket client (RFC 6455, text frames only, which is all DevTools
//! speaks) over a plain TCP stream, so no crate is needed.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{PATIENCE, poll};

/// Debian's Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Headless Chromium in its own process group, closed (the whole group) when dropped.
pub struct Chromium {
    child: Child,
    /// `127.0.0.1:PORT` of its DevTools server.
    pub devtools: String,
}

impl Chromium {
    /// Starts Chromium with a fresh `profile`, showing `url`. Panics, saying what to install,
    /// without `/usr/bin/chromium`.
    pub fn start(profile: &Path, url: &str) -> Chromium {
        use std::os::unix::process::CommandExt;
        assert!(
            Path::new(CHROMIUM).exists(),
            "{CHROMIUM} is missing: this needs headless Chromium (apt-get install chromium)"
        );
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
                "--disable-renderer-backgrounding",
                "--disable-background-timer-throttling",
                "--disable-backgrounding-occluded-windows",
                "--window-size=1280,800",
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
        Chromium {
            child,
            devtools: format!("127.0.0.1:{port}"),
        }
    }

    /// The page tab's targets, from `GET /json/list`.
    pub fn targets(&self) -> Option<Value> {
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

    /// A DevTools session with the page tab.
    pub fn page(&self) -> Page {
        let url = poll(|| {
            let targets = self.targets()?;
            let page = targets
                .as_array()?
                .iter()
                .find(|target| target["type"] == "page")?;
            page["webSocketDebuggerUrl"].as_str().map(str::to_owned)
        })
        .expect("a page target");
        Page::connect(&url)
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        // The browser's helpers share its process group: end them all, then reap the browser.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A DevTools protocol session over a WebSocket.
pub struct Page {
    writer: TcpStream,
    messages: Receiver<Value>,
    events: VecDeque<Value>,
    next_id: u64,
}

impl Page {
    /// Opens `ws://127.0.0.1:PORT/devtools/page/ID`.
    fn connect(url: &str) -> Page {
        let rest = url.strip_prefix("ws://").expect("a ws:// URL");
        let (host, path) = rest.split_at(rest.find('/').expect("a path"));
        let mut stream = TcpStream::connect(host).expect("connect to DevTools");
        stream.set_nodelay(true).expect("nodelay");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: YWNjb3JkLWRldnRvb2xzIQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .expect("handshake");
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut status = String::new();
        reader.read_line(&mut status).expect("handshake answer");
        assert!(status.contains(" 101 "), "DevTools refused: {status}");
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("handshake headers");
            if line.trim_end().is_empty() {
                break;
            }
        }
        let (sender, messages) = channel();
        let mut pong = stream.try_clone().expect("clone");
        std::thread::spawn(move || {
            let mut message = Vec::new();
            loop {
                let Some((opcode, fin, payload)) = read_frame(&mut reader) else {
                    return;
                };
                match opcode {
                    0..=2 => {
                        message.extend_from_slice(&payload);
                        if fin {
                            let value = serde_json::from_slice(&message).unwrap_or(Value::Null);
                            message.clear();
                            if sender.send(value).is_err() {
                                return;
                            }
                        }
                    }
                    8 => return,
                    9 => {
                        let _ = write_frame(&mut pong, 10, &payload);
                    }
                    _ => {}
                }
            }
        });
        Page {
            writer: stream,
            messages,
            events: VecDeque::new(),
            next_id: 1,
        }
    }

    /// Calls a DevTools method and returns its `result`; panics on a protocol error.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({ "id": id, "method": method, "params": params }).to_string();
        write_frame(&mut self.writer, 1, message.as_bytes()).expect("send to DevTools");
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.messages.recv_timeout(left) {
                Ok(message) => message,
                Err(_) => panic!("DevTools never answered {method}"),
            };
            if message["id"].as_u64() == Some(id) {
                if let Some(error) = message.get("error") {
                    panic!("{method}: {error}");
                }
                return message["result"].clone();
            }
            if message.get("method").is_some() {
                self.events.push_back(message);
            }
        }
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value.
    pub fn evaluate(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        result["result"]["value"].clone()
    }

    /// The next event named `method` within `timeout`, skipping others.
    pub fn next_event(&mut self, method: &str, timeout: Duration) -> Option<Value> {
        if let Some(index) = self
            .events
            .iter()
            .position(|event| event["method"] == method)
        {
            return self.events.remove(index);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if message["method"] == method => return Some(message),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Drops the events received so far.
    pub fn forget_events(&mut self) {
        self.events.clear();
        while self.messages.try_recv().is_ok() {}
    }
}

fn read_frame(reader: &mut impl Read) -> Option<(u8, bool, Vec<u8>)> {
    let mut head = [0; 2];
    reader.read_exact(&mut head).ok()?;
    let fin = head[0] & 0x80 != 0;
    let opcode = head[0] & 0x0f;
    let masked = head[1] & 0x80 != 0;
    let length = match head[1] & 0x7f {
        126 => {
            let mut bytes = [0; 2];
            reader.read_exact(&mut bytes).ok()?;
            u64::from(u16::from_be_bytes(bytes))
        }
        127 => {
            let mut bytes = [0; 8];
            reader.read_exact(&mut bytes).ok()?;
            u64::from_be_bytes(bytes)
        }
        short => u64::from(short),
    };
    let mut mask = [0; 4];
    if masked {
        reader.read_exact(&mut mask).ok()?;
    }
    let mut payload = vec![0; usize::try_from(length).ok()?];
    reader.read_exact(&mut payload).ok()?;
    if masked {
        for (index, byte) in payload.iter_mut().enumerate() {
            *byte ^= mask[index % 4];
        }
    }
    Some((opcode, fin, payload))
}

/// One final frame, masked as a client's must be.
fn write_frame(writer: &mut impl Write, opcode: u8, payload: &[u8]) -> std::io::Result<()> {
    let mask = [0x5a, 0x17, 0xc3, 0x8e];
    let mut frame = vec![0x80 | opcode];
    match payload.len() {
        length if length < 126 => frame.push(0x80 | length as u8),
        length if length <= usize::from(u16::MAX) => {
            frame.push(0x80 | 126);
            frame.extend_from_slice(&(length as u16).to_be_bytes());
        }
        length => {
            frame.push(0x80 | 127);
            frame.extend_from_slice(&(length as u64).to_be_bytes());
        }
    }
    frame.extend_from_slice(&mask);
    frame.extend(
        payload
            .iter()
            .enumerate()
            .map(|(index, byte)| byte ^ mask[index % 4]),
    );
    writer.write_all(&frame)
}
