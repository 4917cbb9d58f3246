//! Watching the site's sources and rebuilding on every change, for `accord watch` (into the
//! output folder) and `accord serve` (into the preview's memory).
//!
//! notify reports raw file-system events; a short debounce turns an editor's burst (write a temp
//! file, rename it over the original, delete the backup) into one batch. A batch is only a list
//! of paths: what to rebuild is decided from what is on disk afterwards, which makes every way of
//! saving (in place, rename-over, delete and recreate) look the same.
//!
//! Only `site.toml`, `content/`, `templates/` and `static/` are watched, never the output folder,
//! so writing the output cannot trigger another build.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::build::{BuildOptions, build};
use crate::error::{BuildError, Diagnostic};
use crate::incremental::is_source_path;
use crate::output::checked_output_dir;
use crate::paths::{CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR};

/// How long the file system must be quiet before a batch of changes is rebuilt. Editors finish
/// a save within a few milliseconds; a longer wait would only delay the preview.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// How long the sources must stay unchanged before the work a rebuild left for later (the
/// preview's search index) starts: a save soon after another is served first, not after it.
pub const FOLLOW_UP_QUIET: Duration = Duration::from_millis(250);

/// Something that brings an output up to date with the sources.
pub trait Rebuild {
    /// Rebuilds after `changed` (paths relative to the site root; empty after a rescan, when
    /// anything may have changed). Returns a short description of what was done.
    fn rebuild(&mut self, changed: &Changes) -> Result<String, BuildError>;

    /// Whether a rebuild left work for when the sources are quiet.
    fn has_follow_up(&self) -> bool {
        false
    }

    /// Does the work [`Rebuild::has_follow_up`] announced; a short description of it.
    fn follow_up(&mut self) -> Result<String, BuildError> {
        Ok(String::new())
    }
}

/// One debounced batch of changed source files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Changed paths relative to the site root: files or folders, present or gone.
    pub paths: BTreeSet<PathBuf>,
    /// The watcher may have missed events (its queue overflowed): rebuild everything.
    pub rescan: bool,
}

impl Changes {
    /// `content/articles/a.en.md and 2 more`-style text for the terminal.
    pub fn describe(&self) -> String {
        if self.rescan {
            return "files changed".into();
        }
        let mut paths = self.paths.iter();
        match (paths.next(), self.paths.len()) {
            (None, _) => "nothing".into(),
            (Some(first), 1) => first.display().to_string(),
            (Some(first), count) => format!("{} and {} more", first.display(), count - 1),
        }
    }
}

enum Message {
    Events(DebounceEventResult),
    Stop,
}

/// Stops a [`SourceWatcher`] from another thread (Ctrl-C).
#[derive(Clone)]
pub struct Stopper(Sender<Message>);

impl Stopper {
    /// Makes the watcher's [`SourceWatcher::wait`] return `None` once the current rebuild is done.
    pub fn stop(&self) {
        let _ = self.0.send(Message::Stop);
    }
}

/// Watches `site.toml`, `content/`, `templates/` and `static/` below a site root.
pub struct SourceWatcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watched: BTreeSet<PathBuf>,
    sender: Sender<Message>,
    receiver: Receiver<Message>,
    /// A [`Stopper`] stopped it.
    stopped: bool,
}

/// The folders watched recursively; `site.toml` is seen through the root, watched on its own,
/// because editors replace the file (a watch on the file itself would be lost).
const WATCHED_DIRS: [&str; 3] = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR];

impl SourceWatcher {
    /// Starts watching the site in `root`.
    pub fn start(root: &Path, debounce: Duration) -> Result<SourceWatcher, Diagnostic> {
        let root = std::fs::canonicalize(root).map_err(|error| {
            Diagnostic::in_file(root, format!("cannot open the site folder: {error}"))
        })?;
        let (sender, receiver) = channel();
        let events = sender.clone();
        let handler = move |result: DebounceEventResult| {
            let _ = events.send(Message::Events(result));
        };
        let mut debouncer = new_debouncer(debounce, None, handler).map_err(|error| {
            Diagnostic::in_file(&root, format!("cannot watch for changes: {error}"))
        })?;
        debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|error| {
                Diagnostic::in_file(&root, format!("cannot watch for changes: {error}"))
            })?;
        let mut watcher = SourceWatcher {
            root,
            debouncer,
            watched: BTreeSet::new(),
            sender,
            receiver,
            stopped: false,
        };
        watcher.refresh_watches(&BTreeSet::new())?;
        Ok(watcher)
    }

    /// A handle that stops the watcher.
    pub fn stopper(&self) -> Stopper {
        Stopper(self.sender.clone())
    }

    /// Waits for the next batch of source changes; `None` once stopped.
    pub fn wait(&mut self) -> Option<Changes> {
        self.wait_until(None)
    }

    /// Whether a [`Stopper`] stopped it (after which every wait returns `None` at once).
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// Like [`SourceWatcher::wait`], but gives up (`None`) at `deadline`.
    pub fn wait_until(&mut self, deadline: Option<Instant>) -> Option<Changes> {
        if self.stopped {
            return None;
        }
        loop {
            let mut changes = Changes::default();
            let mut absolute = BTreeSet::new();
            let mut message = match deadline {
                None => self.receiver.recv().ok()?,
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    self.receiver.recv_timeout(left).ok()?
                }
            };
            // Everything already queued joins this batch, so a slow rebuild is not followed by
            // one rebuild per queued batch.
            loop {
                match message {
                    Message::Stop => {
                        self.stopped = true;
                        return None;
                    }
                    Message::Events(Ok(events)) => {
                        for event in events {
                            changes.rescan |= event.need_rescan();
                            // Reading a file (as every rebuild does) is not a change: counting
                            // it would rebuild forever.
                            if !matches!(event.kind, EventKind::Access(_)) {
                                absolute.extend(event.paths.iter().cloned());
                            }
                        }
                    }
                    Message::Events(Err(errors)) => {
                        for error in errors {
                            eprintln!("warning: watching for changes: {error}");
                        }
                        changes.rescan = true;
                    }
                }
                match self.receiver.try_recv() {
                    Ok(next) => message = next,
                    Err(_) => break,
                }
            }
            if let Err(error) = self.refresh_watches(&absolute) {
                eprintln!("{error}");
            }
            changes.paths = absolute
                .iter()
                .filter_map(|path| path.strip_prefix(&self.root).ok())
                .filter(|path| is_source_path(path))
                .map(Path::to_path_buf)
                .collect();
            if changes.rescan || !changes.paths.is_empty() {
                return Some(changes);
            }
        }
    }

    /// Watches the source folders that exist and drops those that are gone; a folder that was
    /// itself replaced (deleted and recreated, renamed back) is watched anew.
    fn refresh_watches(&mut self, changed: &BTreeSet<PathBuf>) -> Result<(), Diagnostic> {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let replaced = changed.contains(&dir);
            if self.watched.contains(&dir) && (replaced || !dir.is_dir()) {
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(&dir);
            }
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.debouncer
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|error| {
                        Diagnostic::in_file(&dir, format!("cannot watch for changes: {error}"))
                    })?;
                self.watched.insert(dir);
            }
        }
        Ok(())
    }
}

/// Rebuilds on every change until stopped, printing what changed, how long it took and every
/// error; an error never ends the loop.
pub fn run(watcher: &mut SourceWatcher, rebuild: &mut dyn Rebuild) {
    run_with_quiet(watcher, rebuild, FOLLOW_UP_QUIET);
}

/// [`run`], with follow-up work waiting for `quiet` without a change.
fn run_with_quiet(watcher: &mut SourceWatcher, rebuild: &mut dyn Rebuild, quiet: Duration) {
    loop {
        let next = if rebuild.has_follow_up() {
            watcher.wait_until(Some(Instant::now() + quiet))
        } else {
            watcher.wait()
        };
        let Some(changes) = next else {
            if watcher.stopped() || !rebuild.has_follow_up() {
                return;
            }
            let started = Instant::now();
            match rebuild.follow_up() {
                Ok(done) => println!(
                    "{done} in {:.1} ms",
                    started.elapsed().as_secs_f64() * 1000.0
                ),
                Err(error) => report_failure(&error, "The last change's follow-up failed:"),
            }
            continue;
        };
        let started = Instant::now();
        let what = changes.describe();
        match rebuild.rebuild(&changes) {
            Ok(done) => println!(
                "{what} changed: {done} in {:.1} ms",
                started.elapsed().as_secs_f64() * 1000.0
            ),
            Err(error) => report_failure(
                &error,
                &format!("{what} changed, but the site does not build:"),
            ),
        }
    }
}

/// Prints a failed rebuild under `headline`: every error with its file and line, then what is
/// still in place.
pub fn report_failure(error: &BuildError, headline: &str) {
    eprintln!("{headline}");
    eprintln!("{error}");
    eprintln!(
        "{} error(s); the last good version stays in place until they are fixed.",
        error.diagnostics.len()
    );
}

/// `accord watch`: a full build into the output folder (staged, as `accord build` does) on every
/// change.
pub struct BuildToDisk {
    /// What to build, and where.
    pub options: BuildOptions,
}

impl Rebuild for BuildToDisk {
    fn rebuild(&mut self, _changed: &Changes) -> Result<String, BuildError> {
        let (site, summary, elapsed) = build(&self.options)?;
        for warning in &summary.warnings {
            eprintln!("{warning}");
        }
        Ok(format!("built {}", summary.describe(&site, elapsed)))
    }
}

/// `accord watch`: builds into the output folder, then again on every change, until Ctrl-C.
/// Only a problem that prevents watching is an error; a failed build is printed and waited out.
pub fn watch_to_disk(options: BuildOptions) -> Result<(), Diagnostic> {
    // Refuse a wrong folder or a dangerous output before anything (every build would anyway).
    checked_output_dir(&options.paths()?, options.force)?;
    let mut watcher = SourceWatcher::start(&options.load.root, DEBOUNCE)?;
    // Before the first build, so Ctrl-C during it also lets it finish cleanly.
    stop_on_signal(watcher.stopper())?;
    let mut rebuild = BuildToDisk { options };
    let everything = Changes {
        rescan: true,
        ..Changes::default()
    };
    match rebuild.rebuild(&everything) {
        Ok(done) => println!("Initial build: {done}"),
        Err(error) => report_failure(&error, "The site does not build:"),
    }
    println!("Watching site.toml, content/, templates/ and static/ for changes (Ctrl-C to stop)");
    run(&mut watcher, &mut rebuild);
    println!("Stopped.");
    Ok(())
}

/// Stops the watcher on Ctrl-C or SIGTERM; a build under way finishes first, so the output
/// folder is never left half swapped.
fn stop_on_signal(stopper: Stopper) -> Result<(), Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Diagnostic::error(format!("cannot listen for Ctrl-C: {error}")))?;
    std::thread::Builder::new()
        .name("accord-signals".into())
        .spawn(move || {
            runtime.block_on(shutdown_signal());
            stopper.stop();
        })
        .map_err(|error| Diagnostic::error(format!("cannot listen for Ctrl-C: {error}")))?;
    Ok(())
}

/// Resolves on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // Without a handler, Ctrl-C keeps its default effect: never resolve here.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::CONFIG_FILE;

    fn wait_for(watcher: &mut SourceWatcher) -> Changes {
        let deadline = Instant::now() + Duration::from_secs(10);
        watcher
            .wait_until(Some(deadline))
            .expect("a change within 10 s")
    }

    #[test]
    fn watcher_reports_source_changes_and_ignores_the_rest() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for name in WATCHED_DIRS {
            std::fs::create_dir_all(root.join(name).join("articles")).expect("mkdir");
        }
        std::fs::write(root.join(CONFIG_FILE), "a").expect("write");
        let mut watcher = SourceWatcher::start(root, DEBOUNCE).expect("watch");

        // Output and editor temp files first: they must not show up in the batch.
        std::fs::create_dir_all(root.join("public")).expect("mkdir");
        std::fs::write(root.join("public/index.html"), "x").expect("write");
        std::fs::write(root.join("content/articles/.a.en.md.swp"), "x").expect("write");
        let article = root.join("content/articles/a.en.md");
        let temp = root.join("content/articles/a.en.md.tmp.1");
        std::fs::write(&temp, "new").expect("write");
        std::fs::rename(&temp, &article).expect("rename over");
        let changes = wait_for(&mut watcher);
        assert!(
            changes
                .paths
                .contains(Path::new("content/articles/a.en.md")),
            "{changes:?}"
        );
        assert!(
            changes
                .paths
                .iter()
                .all(|path| path.starts_with("content/articles")
                    && !path.to_string_lossy().contains("tmp")
                    && !path.to_string_lossy().contains("swp")),
            "{changes:?}"
        );

        // site.toml replaced by rename is still seen, and so is a recreated folder's content.
        std::fs::write(root.join("site.toml.tmp.2"), "b").expect("write");
        std::fs::rename(root.join("site.toml.tmp.2"), root.join(CONFIG_FILE)).expect("rename");
        let changes = wait_for(&mut watcher);
        assert!(
            changes.paths.contains(Path::new(CONFIG_FILE)),
            "{changes:?}"
        );

        std::fs::remove_dir_all(root.join(STATIC_DIR)).expect("remove");
        let _ = wait_for(&mut watcher);
        std::fs::create_dir(root.join(STATIC_DIR)).expect("mkdir");
        let _ = wait_for(&mut watcher);
        std::fs::write(root.join("static/style.css"), "x").expect("write");
        let mut seen = BTreeSet::new();
        while !seen.contains(Path::new("static/style.css")) {
            seen.extend(wait_for(&mut watcher).paths);
        }
    }

    /// Records what [`run`] asked of it: each rebuild leaves follow-up work.
    struct Recorder {
        calls: std::sync::Arc<std::sync::Mutex<Vec<&'static str>>>,
        pending: bool,
    }

    impl Rebuild for Recorder {
        fn rebuild(&mut self, _changed: &Changes) -> Result<String, BuildError> {
            self.calls.lock().expect("calls").push("rebuild");
            self.pending = true;
            Ok(String::new())
        }

        fn has_follow_up(&self) -> bool {
            self.pending
        }

        fn follow_up(&mut self) -> Result<String, BuildError> {
            self.calls.lock().expect("calls").push("follow-up");
            self.pending = false;
            Ok(String::new())
        }
    }

    #[test]
    fn follow_up_work_waits_for_the_sources_to_be_quiet() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/articles")).expect("mkdir");
        let mut watcher = SourceWatcher::start(root, DEBOUNCE).expect("watch");
        let stopper = watcher.stopper();
        let calls = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut recorder = Recorder {
            calls: std::sync::Arc::clone(&calls),
            pending: false,
        };
        // A quiet time no save here comes near, however slow the machine.
        let quiet = Duration::from_secs(2);
        let running =
            std::thread::spawn(move || run_with_quiet(&mut watcher, &mut recorder, quiet));
        let count = |what: &str| {
            calls
                .lock()
                .expect("calls")
                .iter()
                .filter(|c| **c == what)
                .count()
        };
        let wait = |what: &str, n: usize| {
            let deadline = Instant::now() + Duration::from_secs(10);
            while count(what) < n {
                assert!(
                    Instant::now() < deadline,
                    "no {what} {n}: {:?}",
                    calls.lock()
                );
                std::thread::sleep(Duration::from_millis(2));
            }
        };
        let article = root.join("content/articles/a.en.md");
        // Three saves well within the quiet time of each other: three rebuilds, then one
        // follow-up, once they stop.
        for save in 1..=3 {
            std::fs::write(&article, format!("save {save}")).expect("write");
            wait("rebuild", save);
            assert_eq!(count("follow-up"), 0, "{:?}", calls.lock());
        }
        wait("follow-up", 1);
        // Quiet again: nothing more to do until the next save.
        std::thread::sleep(quiet + Duration::from_millis(500));
        assert_eq!(
            *calls.lock().expect("calls"),
            ["rebuild", "rebuild", "rebuild", "follow-up"]
        );
        stopper.stop();
        running.join().expect("the loop ends when stopped");
    }
}
