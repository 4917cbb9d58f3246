//! Save-to-screen latency of `accord serve` in a real browser (issue 22): how long after an
//! article is saved its new text is painted in the tab showing it, in headless Chromium.
//!
//! ```text
//! cargo bench --bench repaint_latency                      # both sites, both ways
//! cargo bench --bench repaint_latency -- --articles 1000 --edits 30 [--site DIR] [--mode morph|reload]
//! ```
//!
//! Sites: the repository's own, then one of `--articles` articles per language made by
//! `bench/generate-site` (or `--site DIR`, a copy of another site). Each is measured two ways:
//! - `morph`: what `accord serve` does, the page fetches itself and morphs in place;
//! - `reload`: the page reloads on every update instead, as the preview did before (its script
//!   is made to call `location.reload()` on each update, which is all the old one did).
//!
//! Each edit adds a new sentence at the end of the article (alternating a save in place and a
//! save by rename-over). The clock starts just before the write; it stops in the page, at the
//! first animation frame whose document holds the sentence (the frame that paints it), through a
//! script Chromium runs in every document. Chromium's clock is calibrated against this process's
//! once per run. Nothing here asserts a time: it prints figures.

#[path = "../tests/serve_support/mod.rs"]
mod serve_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use serve_support::browser::Chromium;
use serve_support::{ARTICLE, EVENTS, Server, TempSite, copy_tree, poll};

/// Runs in every document: reports (through the `accordPainted` binding) the first animation
/// frame whose text holds the sentence the benchmark is waiting for, and when the update event
/// that led to it arrived.
const PROBE: &str = r#"
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const Original = window.EventSource;
  window.EventSource = class extends Original {
    constructor(...args) {
      super(...args);
      super.addEventListener("update", () => {
        if (!sessionStorage.getItem("accord-update-at")) {
          sessionStorage.setItem("accord-update-at", String(now()));
        }
      });
    }
  };
  const check = () => {
    const probe = sessionStorage.getItem("accord-probe");
    if (probe && document.body && document.body.textContent.includes(probe)) {
      const update = Number(sessionStorage.getItem("accord-update-at"));
      sessionStorage.removeItem("accord-probe");
      accordPainted(JSON.stringify({ probe, at: now(), update }));
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"#;

/// The `reload` way: the page's script reloads on every update, as the old one did. (Runs after
/// [`PROBE`], so it wraps the probe's `EventSource`.)
const RELOAD_ONLY: &str = r#"
(() => {
  const Original = window.EventSource;
  window.EventSource = class extends Original {
    addEventListener(type, listener, options) {
      if (type === "update") listener = () => location.reload();
      return super.addEventListener(type, listener, options);
    }
  };
})();
"#;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Morph,
    Reload,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Morph => "morph in place (now)",
            Mode::Reload => "full reload (before)",
        }
    }
}

fn main() {
    let mut articles = 1000;
    let mut edits = 30;
    let mut site: Option<PathBuf> = None;
    let mut modes = vec![Mode::Reload, Mode::Morph];
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--articles" => articles = number(args.next(), "--articles"),
            "--edits" => edits = number(args.next(), "--edits"),
            "--site" => site = args.next().map(PathBuf::from),
            "--mode" => {
                modes = match args.next().as_deref() {
                    Some("morph") => vec![Mode::Morph],
                    Some("reload") => vec![Mode::Reload],
                    _ => {
                        eprintln!("--mode is morph or reload");
                        std::process::exit(2);
                    }
                }
            }
            // `cargo bench` passes `--bench`; ignore it and anything else test-harness-like.
            _ => {}
        }
    }
    println!(
        "Save-to-screen latency of accord serve in headless Chromium ({edits} edits per run, after 3 warm-up edits)"
    );
    let mut sites: Vec<(String, TempSite, PathBuf, String)> = Vec::new();
    match site {
        Some(dir) => {
            let copy = TempSite::copy();
            let root = copy.dir.path().join("other");
            copy_tree(&dir, &root);
            let article = first_article(&root);
            sites.push((format!("site {}", dir.display()), copy, root, article));
        }
        None => {
            let real = TempSite::copy();
            let root = real.root.clone();
            sites.push(("the project's site".into(), real, root, ARTICLE.into()));
            let holder = TempSite::copy();
            let root = holder.dir.path().join("generated");
            let status =
                Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/generate-site"))
                    .args(["--articles", &articles.to_string()])
                    .arg(&root)
                    .stdout(std::process::Stdio::null())
                    .status()
                    .expect("run bench/generate-site (python3)");
            assert!(status.success(), "bench/generate-site failed");
            // Built once, as an editor's site is before they preview it: drawing its cards
            // cold would outlast the wait for the server to start.
            let built = Command::new(env!("CARGO_BIN_EXE_accord"))
                .args(["build", "--root"])
                .arg(&root)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("run accord build");
            assert!(built.success(), "accord build of the generated site failed");
            let article = middle_article(&root);
            sites.push((
                format!("generated site, {articles} articles per language"),
                holder,
                root,
                article,
            ));
        }
    }
    for (label, holder, root, article) in &sites {
        for &mode in &modes {
            let mut latencies = measure(holder, root, article, edits, mode);
            report(&format!("{label}, {}", mode.name()), &mut latencies);
        }
    }
}

fn number(value: Option<String>, flag: &str) -> usize {
    match value.as_deref().map(str::parse) {
        Some(Ok(n)) if n > 0 => n,
        _ => {
            eprintln!("{flag} needs a positive number");
            std::process::exit(2);
        }
    }
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs_f64()
        * 1000.0
}

/// Opens the article's page in Chromium, edits it `edits` times (plus warm-up) and returns the
/// save-to-paint times.
/// Save to paint, and how that splits: save to the update event reaching the page (watcher,
/// rebuild, event), then the event to paint (the page's own work and the next frame).
struct Timing {
    total: Duration,
    to_event: Duration,
}

fn measure(holder: &TempSite, root: &Path, article: &str, edits: usize, mode: Mode) -> Vec<Timing> {
    let server = Server::start(root, &["--verbose"]);
    let url = format!(
        "http://{}{}{}",
        server.address,
        server.base,
        page_of(article)
    );
    let profile = holder.dir.path().join(match mode {
        Mode::Morph => "profile-morph",
        Mode::Reload => "profile-reload",
    });
    let browser = Chromium::start(&profile, "about:blank");
    let mut page = browser.page();
    page.call("Runtime.enable", json!({}));
    page.call("Page.enable", json!({}));
    page.call("Runtime.addBinding", json!({ "name": "accordPainted" }));
    page.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PROBE }),
    );
    if mode == Mode::Reload {
        page.call(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": RELOAD_ONLY }),
        );
    }
    page.call("Page.navigate", json!({ "url": url }));
    let streams = || {
        server
            .accord
            .stdout
            .text()
            .matches(&format!("GET {}{EVENTS} 200", server.base))
            .count()
    };
    poll(|| (streams() >= 1).then_some(())).expect("the page opened its update stream");

    // Chromium's clock against ours.
    let mut offsets: Vec<f64> = (0..5)
        .map(|_| {
            let before = now_ms();
            let theirs = page
                .evaluate("performance.timeOrigin + performance.now()")
                .as_f64()
                .expect("a time");
            let after = now_ms();
            theirs - (before + after) / 2.0
        })
        .collect();
    offsets.sort_by(f64::total_cmp);
    let offset = offsets[offsets.len() / 2];

    let path = root.join(article);
    let original = std::fs::read_to_string(&path).expect("read the article");
    let mut latencies = Vec::new();
    let mut connections = streams();
    for round in 0..edits + 3 {
        // In the `reload` way every reload opens a new stream: wait for it, as a person would
        // not edit before the page is back.
        poll(|| (streams() >= connections).then_some(())).expect("the page reconnected");
        std::thread::sleep(Duration::from_millis(150));
        page.forget_events();
        let sentence = format!("Repaint probe {round} reached the screen.");
        page.evaluate(&format!(
            "sessionStorage.removeItem('accord-update-at'); sessionStorage.setItem('accord-probe', {})",
            Value::from(sentence.clone())
        ));
        let text = format!("{original}\n{sentence}\n");
        let started = now_ms();
        if round % 2 == 0 {
            std::fs::write(&path, &text).expect("write in place");
        } else {
            let temp = path.with_extension("md.tmp.bench");
            std::fs::write(&temp, &text).expect("write temp");
            std::fs::rename(&temp, &path).expect("rename over");
        }
        let painted = loop {
            let event = page
                .next_event("Runtime.bindingCalled", Duration::from_secs(10))
                .unwrap_or_else(|| panic!("edit {round} never reached the screen"));
            let payload: Value =
                serde_json::from_str(event["params"]["payload"].as_str().unwrap_or("{}"))
                    .unwrap_or(Value::Null);
            if payload["probe"] == sentence.as_str() {
                let at = payload["at"].as_f64().expect("a time") - offset;
                let update = payload["update"].as_f64().unwrap_or(0.0) - offset;
                break (at, update);
            }
        };
        let since = |at: f64| Duration::from_secs_f64((at - started).max(0.0) / 1000.0);
        if round >= 3 {
            latencies.push(Timing {
                total: since(painted.0),
                to_event: since(painted.1),
            });
        }
        if mode == Mode::Reload {
            connections += 1;
        }
    }
    std::fs::write(&path, &original).expect("restore the article");
    latencies
}

fn report(label: &str, timings: &mut [Timing]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut totals: Vec<Duration> = timings.iter().map(|timing| timing.total).collect();
    let mut events: Vec<Duration> = timings.iter().map(|timing| timing.to_event).collect();
    let mut pages: Vec<Duration> = timings
        .iter()
        .map(|timing| timing.total.saturating_sub(timing.to_event))
        .collect();
    totals.sort();
    events.sort();
    pages.sort();
    println!(
        "{label}:\n  save to new text on screen: median {:.1} ms, p90 {:.1} ms (min {:.1}, max {:.1}, {} edits)\n    of which save to update event in the page: median {:.1} ms; event to paint: median {:.1} ms, p90 {:.1} ms",
        ms(percentile(&totals, 50)),
        ms(percentile(&totals, 90)),
        ms(totals[0]),
        ms(totals[totals.len() - 1]),
        totals.len(),
        ms(percentile(&events, 50)),
        ms(percentile(&pages, 50)),
        ms(percentile(&pages, 90)),
    );
}

fn percentile(sorted: &[Duration], percent: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = (sorted.len() * percent).div_ceil(100).saturating_sub(1);
    sorted[index.min(sorted.len() - 1)]
}

/// `content/articles/x.en.md` → `en/articles/x/`.
fn page_of(article: &str) -> String {
    let name = article.rsplit('/').next().unwrap_or(article);
    let base = name.strip_suffix(".md").unwrap_or(name);
    let (stem, lang) = base.rsplit_once('.').unwrap_or((base, "en"));
    format!("{lang}/articles/{stem}/")
}

fn english_articles(root: &Path) -> Vec<String> {
    let dir = root.join("content/articles");
    let mut names: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".en.md"))
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(root).ok()?;
            Some(relative.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}

fn first_article(root: &Path) -> String {
    english_articles(root)
        .into_iter()
        .next()
        .expect("an English article")
}

fn middle_article(root: &Path) -> String {
    let names = english_articles(root);
    names[names.len() / 2].clone()
}
