//! Edit-to-served latency of `accord serve` (issue 4): how long after an article is saved the
//! open pages are told of the update, with the new page already being served.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-serve cargo bench --bench serve_latency
//! cargo bench --bench serve_latency -- --articles 1000 --edits 50 [--site DIR]
//! ```
//!
//! It runs the real `accord serve` (release build) on a temporary copy of the repository's site,
//! then on a synthetic site of `--articles` articles per language (default 1,000) generated here
//! from the same templates, Fluent strings, timeline and treaty data. `--site DIR` measures a copy
//! of another site instead (e.g. one made by `bench/generate-site`); the file edited is then its
//! first article in the default language.
//!
//! Each edit changes the article's title (so the page, its translation, the home page, the feed
//! and, when the article links an event, the timeline are re-rendered), alternating a save in place
//! and a save by rename-over. The clock starts just before the write and stops when the page's
//! event stream (the one the browser script listens to) announces the `update`, which the server
//! sends only once the new page is in place; the page is then fetched to check it is the new one.
//! The figure includes the watcher's debounce. Nothing here asserts a time: it prints figures.

#[path = "../tests/serve_support/mod.rs"]
mod serve_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serve_support::{ARTICLE, Server, TempSite, copy_tree, retitled};

fn main() {
    let mut articles = 1000;
    let mut edits = 40;
    let mut site: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--articles" => articles = number(args.next(), "--articles"),
            "--edits" => edits = number(args.next(), "--edits"),
            "--site" => site = args.next().map(PathBuf::from),
            // `cargo bench` passes `--bench`; ignore it and anything else test-harness-like.
            _ => {}
        }
    }

    println!(
        "Edit-to-served latency of accord serve ({edits} edits per site, after 3 warm-up edits)"
    );
    match site {
        Some(dir) => {
            let copy = TempSite::copy();
            let root = copy.dir.path().join("other");
            copy_tree(&dir, &root);
            let article = first_article(&root);
            measure(&format!("site {}", dir.display()), &root, &article, edits);
        }
        None => {
            let real = TempSite::copy();
            measure("real site", &real.root, ARTICLE, edits);

            let synthetic = TempSite::copy();
            generate(&synthetic.root, articles);
            let article = format!("content/articles/{}.en.md", stem(articles / 2));
            measure(
                &format!("synthetic site, {articles} articles per language"),
                &synthetic.root,
                &article,
                edits,
            );
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

/// Runs `accord serve` on `root`, edits `article` (relative to the root) `edits` times and prints
/// the figures.
fn measure(label: &str, root: &Path, article: &str, edits: usize) {
    let server = Server::start(root, &[]);
    let path = root.join(article);
    let original = std::fs::read_to_string(&path).expect("read the article");
    let page = page_of(article);
    let mut latencies = Vec::new();
    for round in 0..edits + 3 {
        let title = format!("Latency probe {round}");
        let text = retitled(&original, &title);
        let mut stream = server.reload_stream();
        let started = Instant::now();
        if round % 2 == 0 {
            std::fs::write(&path, &text).expect("write in place");
        } else {
            let temp = path.with_extension("md.tmp.bench");
            std::fs::write(&temp, &text).expect("write temp");
            std::fs::rename(&temp, &path).expect("rename over");
        }
        let event = stream.next_event();
        let mut elapsed = started.elapsed();
        assert_eq!(
            event.as_deref(),
            Some("update"),
            "no update after edit {round}"
        );
        // A save in place can reach the watcher in two parts (truncated, then written) when
        // this process is descheduled between them; then the first update shows the old page
        // and the clock runs until the new one is served.
        let probe = format!("<title>{title}");
        while !server.get(&page).body.contains(&probe) {
            std::thread::sleep(Duration::from_millis(1));
            elapsed = started.elapsed();
            assert!(
                elapsed < Duration::from_secs(10),
                "edit {round} never served"
            );
        }
        if round >= 3 {
            latencies.push(elapsed);
        }
        // Let the server finish this save's pages and the watcher settle, as between two saves
        // by a person (the search index waits for a pause in the saves).
        let finished = || rebuilds_reported(&server.accord.stdout.text()) > round;
        let waited = Instant::now();
        while !finished() && waited.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    let rebuilds = server_times(&server.accord.stdout.text());
    report(label, &mut latencies, rebuilds);
}

/// How many rebuilds the server has reported (`… changed: … in N ms`).
fn rebuilds_reported(log: &str) -> usize {
    log.lines()
        .filter(|line| line.contains(" changed: "))
        .count()
}

/// The rebuild times the server printed (`… changed: … in N ms`), after the warm-up edits.
fn server_times(log: &str) -> Vec<Duration> {
    log.lines()
        .filter(|line| line.contains(" changed: "))
        .filter_map(|line| {
            line.rsplit_once(" in ")?
                .1
                .strip_suffix(" ms")?
                .parse::<f64>()
                .ok()
        })
        .map(|ms| Duration::from_secs_f64(ms / 1000.0))
        .skip(3)
        .collect()
}

fn report(label: &str, latencies: &mut [Duration], mut rebuilds: Vec<Duration>) {
    latencies.sort();
    rebuilds.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}:\n  edit to update (the new page served): median {:.1} ms, p90 {:.1} ms (min {:.1}, max {:.1}), with a {} ms debounce\n  the server's rebuild of the changed pages: median {:.1} ms, p90 {:.1} ms (the search index follows once saves pause)",
        ms(percentile(latencies, 50)),
        ms(percentile(latencies, 90)),
        ms(latencies[0]),
        ms(latencies[latencies.len() - 1]),
        accord::watch::DEBOUNCE.as_millis(),
        ms(percentile(&rebuilds, 50)),
        ms(percentile(&rebuilds, 90)),
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

/// The first `*.en.md` below `content/articles/` of a site.
fn first_article(root: &Path) -> String {
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
    names.into_iter().next().expect("an English article")
}

fn stem(index: usize) -> String {
    format!("synthetic-article-{index:05}")
}

/// Adds `count` articles per language to the site copy at `root` (which already has the real
/// templates, Fluent strings, timeline and treaty): about 400 words each, with headings, a list,
/// links to other articles and, for one in ten, a timeline event. Deterministic.
fn generate(root: &Path, count: usize) {
    let events: Vec<String> = std::fs::read_dir(root.join("content/timeline"))
        .expect("timeline")
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".en.md").map(str::to_owned)
        })
        .collect();
    let english = "the convention states parties cooperation evidence ratification treaty \
        assembly session delegation safeguards rights privacy data providers cybercrime \
        offences jurisdiction assistance extradition committee draft text vote adopted";
    let arabic = "الاتفاقية الدول الأطراف التعاون الأدلة التصديق المعاهدة الجمعية الدورة الوفد \
        الضمانات الحقوق الخصوصية البيانات مقدمي الجريمة السيبرانية الجرائم الولاية المساعدة \
        التسليم اللجنة المشروع النص التصويت اعتمدت";
    let dir = root.join("content/articles");
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    for index in 0..count {
        let day = index % 28 + 1;
        let month = (index / 28) % 12 + 1;
        let year = 2017 + (index / 336) % 9;
        let event = if index % 10 == 0 && !events.is_empty() {
            format!("event = \"{}\"\n", events[index % events.len()])
        } else {
            String::new()
        };
        for (lang, words) in [("en", english), ("ar", arabic)] {
            let words: Vec<&str> = words.split_whitespace().collect();
            let mut sentence = |length: usize| {
                let mut text: Vec<&str> =
                    (0..length).map(|_| words[next() % words.len()]).collect();
                text.dedup();
                text.join(" ")
            };
            let title = format!("{} {index}", sentence(6));
            let summary = sentence(20);
            let mut body = String::new();
            for section in 0..3 {
                body.push_str(&format!("## {} {section}\n\n", sentence(4)));
                for _ in 0..2 {
                    body.push_str(&format!("{}. {}.\n\n", sentence(30), sentence(25)));
                }
                body.push_str(&format!("- {}\n- {}\n\n", sentence(8), sentence(8)));
            }
            if index > 0 {
                body.push_str(&format!(
                    "See [the previous article](@/articles/{}.md).\n",
                    stem(index - 1)
                ));
            }
            let text = format!(
                "+++\ntitle = \"{title}\"\ndate = {year}-{month:02}-{day:02}\nsummary = \"{summary}\"\n{event}+++\n\n{body}"
            );
            std::fs::write(dir.join(format!("{}.{lang}.md", stem(index))), text)
                .expect("write article");
        }
    }
}
