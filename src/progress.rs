//! A progress bar over the pages a build writes, on stderr when it is a terminal and the build
//! takes long enough to need one; nothing at all otherwise.
//!
//! Rendering threads only add one to an atomic counter per page; a thread of its own reads the
//! counter ten times a second and moves the bar (indicatif draws it, at most as often).

use std::io::{self, IsTerminal};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::output::Sink;

/// A build shorter than this shows no bar.
const QUIET_FOR: Duration = Duration::from_millis(300);

/// How often the bar reads the counter.
const TICK: Duration = Duration::from_millis(100);

/// A sink that counts the pages put into it (static files, copied, are not counted).
struct Counting<'a> {
    sink: &'a dyn Sink,
    pages: AtomicU64,
}

impl Sink for Counting<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        let result = self.sink.put(path, bytes);
        self.pages.fetch_add(1, Ordering::Relaxed);
        result
    }

    fn copy(&self, path: &str, source: &Path) -> io::Result<()> {
        self.sink.copy(path, source)
    }

    fn put_cached(&self, path: &str, source: &Path) -> io::Result<()> {
        self.sink.put_cached(path, source)
    }
}

/// Runs `work` on `sink`, showing a bar over `pages` pages on stderr if it is a terminal.
pub fn with_progress<T>(pages: usize, sink: &dyn Sink, work: impl FnOnce(&dyn Sink) -> T) -> T {
    if !io::stderr().is_terminal() {
        return work(sink);
    }
    let counting = Counting {
        sink,
        pages: AtomicU64::new(0),
    };
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let ticker = scope.spawn(|| tick(pages as u64, &counting.pages, &finished));
        let result = work(&counting);
        finished.store(true, Ordering::Release);
        ticker.thread().unpark();
        result
    })
}

/// Moves the bar until `finished`, then clears it.
fn tick(total: u64, done: &AtomicU64, finished: &AtomicBool) {
    let started = Instant::now();
    let mut bar: Option<ProgressBar> = None;
    while !finished.load(Ordering::Acquire) {
        std::thread::park_timeout(TICK);
        if bar.is_none() && started.elapsed() >= QUIET_FOR {
            let style = ProgressStyle::with_template("{bar:40} {pos}/{len} pages ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar = Some(
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
                    .with_style(style),
            );
        }
        if let Some(bar) = &bar {
            bar.set_position(done.load(Ordering::Relaxed).min(total));
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}
