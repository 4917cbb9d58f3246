//! The output folder and symbolic links, end to end with the real binary: `--output` refuses a
//! folder Accord did not write unless `--force`, links out of the site or into the output are
//! errors, the output is replaced in one step (never missing, whole after `kill -9`), and staging
//! folders of killed builds are cleaned up by the next build.
//!
//! Every test works in its own temporary folder holding the site in `site/`, so `../x` outputs
//! stay inside that folder.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Fixture, walk};

const MARKER: &str = ".accord-output";

/// A small site in `{temp}/site`.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let fixture = Fixture::new();
        fixture.article("good", "en", "Good", "2025-01-01", "");
        fixture.article("good", "ar", "جيد", "2025-01-01", "");
        fixture.event("adoption", "en", "Adoption", "2024-12-24", "adoption");
        fixture.event("adoption", "ar", "اعتماد", "2024-12-24", "adoption");
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(fixture.root(), &site.root());
        site
    }

    /// The temporary folder around the site.
    fn around(&self) -> &Path {
        self.dir.path()
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(args)
            .current_dir(self.root())
            .stdin(Stdio::null())
            .output()
            .expect("run accord")
    }

    /// Builds with `args`, failing the test if the build fails.
    fn build(&self, args: &[&str]) {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        assert!(
            output.status.success(),
            "accord {} failed:\n{}",
            all.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for file in walk(from) {
        let target = to.join(file.strip_prefix(from).expect("inside"));
        fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        fs::copy(&file, &target).expect("copy");
    }
}

/// Every file below `dir`, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|file| {
            let bytes = fs::read(&file).expect("read");
            (file.strip_prefix(dir).expect("inside").to_path_buf(), bytes)
        })
        .collect()
}

/// Names in `dir` that a build leaves beside its output while it runs.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".accord-staging-") || name.contains(".accord-old-"))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn folders_accord_did_not_write_are_refused_unless_forced() {
    let site = Site::new();
    /// `--output` as given, the folder it names, and the files in it: `(path, text)`.
    type Target<'a> = (&'a str, PathBuf, &'a [(&'a str, &'a str)]);
    let targets: [Target; 3] = [
        (
            ".git",
            site.root().join(".git"),
            &[
                ("HEAD", "ref: refs/heads/main\n"),
                ("config", "[core]\n"),
                ("objects/ab/cdef", "blob"),
            ],
        ),
        (
            "src",
            site.root().join("src"),
            &[("main.rs", "fn main() {}\n"), ("lib/mod.rs", "// mine\n")],
        ),
        (
            "../some-folder",
            site.around().join("some-folder"),
            &[("notes.txt", "keep me\n"), ("deep/er.txt", "me too\n")],
        ),
    ];
    for (name, folder, files) in &targets {
        for (file, text) in *files {
            let path = folder.join(file);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, text).expect("write");
        }
        let before = snapshot(folder);

        for command in ["build", "watch"] {
            let output = site.run(&[command, "--output", name]);
            let message = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{command} {name}: {message}");
            for words in [
                &format!("refusing --output {name} ("),
                "it holds files Accord did not write (no .accord-output marker)",
                "choose an empty or new folder, or pass --force",
                "nothing was deleted",
            ] {
                assert!(
                    message.contains(words),
                    "{command} {name}: no `{words}` in {message}"
                );
            }
            assert_eq!(
                snapshot(folder),
                before,
                "{command} {name} touched the folder"
            );
            assert!(leftovers(folder.parent().expect("parent")).is_empty());
        }

        site.build(&["--output", name, "--force"]);
        assert!(folder.join("index.html").is_file(), "{name}: no index.html");
        assert!(folder.join(MARKER).is_file(), "{name}: no marker");
        for (file, _) in *files {
            assert!(
                !folder.join(file).exists(),
                "{name}: {file} survived --force"
            );
        }
        // Now it is Accord's: no --force needed any more.
        site.build(&["--output", name]);
        assert!(folder.join("en/index.html").is_file());
    }
}

#[test]
fn watch_with_force_builds_into_a_folder_accord_did_not_write() {
    let site = Site::new();
    let folder = site.root().join("src");
    fs::create_dir_all(&folder).expect("mkdir");
    fs::write(folder.join("main.rs"), "fn main() {}\n").expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["watch", "--output", "src", "--force"])
        .current_dir(site.root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run accord watch");
    let started = Instant::now();
    while !folder.join(MARKER).is_file() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(folder.join(MARKER).is_file(), "watch --force did not build");
    assert!(folder.join("index.html").is_file());
    assert!(!folder.join("main.rs").exists());
}

#[test]
fn a_previous_output_is_replaced_and_an_empty_folder_is_used() {
    let site = Site::new();
    site.build(&[]);
    let public = site.root().join("public");
    let marker = fs::read_to_string(public.join(MARKER)).expect("marker");
    assert!(marker.starts_with("accord-output\n"), "{marker}");
    assert!(marker.contains("accord build"), "{marker}");
    fs::write(public.join("stale.html"), "stale").expect("write");
    site.build(&[]);
    assert!(
        !public.join("stale.html").exists(),
        "the old output was not replaced"
    );
    assert!(public.join(MARKER).is_file());
    assert!(leftovers(&site.root()).is_empty());

    let empty = site.around().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    site.build(&["--output", "../empty"]);
    assert!(empty.join("index.html").is_file());

    // check and serve write nothing, marker included.
    let fresh = Site::new();
    let output = fresh.run(&["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!fresh.root().join("public").exists());
}

#[test]
fn the_existing_refusals_hold_even_with_force() {
    let site = Site::new();
    for output in [".", "content", "static", "templates/x", "..", "/tmp"] {
        let before = snapshot(&site.root());
        let result = site.run(&["build", "--output", output, "--force"]);
        assert_eq!(
            result.status.code(),
            Some(1),
            "{output}: {}",
            stderr(&result)
        );
        assert!(stderr(&result).contains("refusing --output"), "{output}");
        assert_eq!(snapshot(&site.root()), before, "{output}");
    }
}

/// Builds `site`, expecting failure with an error at `link` (relative to the root) that names
/// `words` (the target); nothing of the target may reach the output.
fn refused_link(site: &Site, link: &str, words: &[&str]) {
    let before = snapshot(&site.root().join("public"));
    let output = site.run(&["build"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{link}: {message}");
    assert!(
        message.contains(&format!("error: {link}: this symbolic link leads to ")),
        "{link}: {message}"
    );
    for words in words {
        assert!(message.contains(words), "{link}: no `{words}` in {message}");
    }
    assert_eq!(
        snapshot(&site.root().join("public")),
        before,
        "{link}: the output changed"
    );
    assert!(leftovers(&site.root()).is_empty());
    // check loads the same way and says the same.
    let checked = site.run(&["check"]);
    assert_eq!(checked.status.code(), Some(1), "{link}");
    assert!(
        stderr(&checked).contains(&format!("{link}: this symbolic link")),
        "{}",
        stderr(&checked)
    );
    fs::remove_file(site.root().join(link)).expect("remove the link");
}

#[test]
fn links_out_of_the_site_or_into_the_output_are_refused() {
    let site = Site::new();
    site.build(&[]);
    let static_dir = site.root().join("static");

    // The environment of whatever reads the link.
    symlink("/proc/self/environ", static_dir.join("env.txt")).expect("symlink");
    refused_link(
        &site,
        "static/env.txt",
        &["/proc/self/environ (/proc/", "outside the site's folder"],
    );

    // A system file, and a file of the user's next to the site.
    symlink("/etc/passwd", static_dir.join("p.txt")).expect("symlink");
    refused_link(
        &site,
        "static/p.txt",
        &["/etc/passwd", "outside the site's folder"],
    );
    let secret = site.around().join("secret.txt");
    fs::write(&secret, "password=hunter2").expect("write");
    symlink("../../secret.txt", static_dir.join("s.txt")).expect("symlink");
    refused_link(
        &site,
        "static/s.txt",
        &[
            &format!("../../secret.txt ({})", secret.display()),
            "outside the site's folder",
        ],
    );
    symlink(&secret, site.root().join("content/articles/x.en.md")).expect("symlink");
    refused_link(&site, "content/articles/x.en.md", &["secret.txt"]);
    symlink(&secret, site.root().join("templates/i18n/extra.ftl")).expect("symlink");
    refused_link(&site, "templates/i18n/extra.ftl", &["secret.txt"]);
    // A data file read by name: build refuses it before reading it.
    let treaty = site.root().join("content/treaty.toml");
    symlink(&secret, &treaty).expect("symlink");
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("error: content/treaty.toml: this symbolic link leads to ")
            && !stderr(&output).contains("hunter2"),
        "{}",
        stderr(&output)
    );
    fs::remove_file(&treaty).expect("remove the link");
    symlink(site.around(), static_dir.join("up")).expect("symlink");
    refused_link(&site, "static/up", &["outside the site's folder"]);

    // Into the output: each build would nest the previous one deeper.
    symlink("../public", static_dir.join("pub")).expect("symlink");
    refused_link(
        &site,
        "static/pub",
        &["../public (", "a folder Accord writes its output to"],
    );
    symlink("../public/en/index.html", static_dir.join("copy.html")).expect("symlink");
    refused_link(
        &site,
        "static/copy.html",
        &["a folder Accord writes its output to"],
    );

    // A link that stays in the site is followed.
    symlink("style.css", static_dir.join("same.css")).expect("symlink");
    site.build(&[]);
    assert_eq!(
        fs::read(site.root().join("public/same.css")).expect("linked copy"),
        fs::read(static_dir.join("style.css")).expect("style")
    );
    let published = snapshot(&site.root().join("public"));
    assert!(
        !published
            .values()
            .any(|bytes| bytes.windows(7).any(|w| w == b"hunter2")),
        "the secret was published"
    );
}

#[test]
fn a_239_byte_output_name_builds_twice() {
    let site = Site::new();
    for length in [239, 255] {
        let name = "o".repeat(length);
        for round in 1..=2 {
            site.build(&["--output", &name]);
            let output = site.root().join(&name);
            assert!(
                output.join("index.html").is_file() && output.join(MARKER).is_file(),
                "{length} bytes, build {round}"
            );
        }
        assert!(leftovers(&site.root()).is_empty());
    }
}

#[test]
fn the_output_never_goes_missing_during_rebuilds() {
    let site = Site::new();
    site.build(&[]);
    let page = site.root().join("public/index.html");
    let stop = Arc::new(AtomicBool::new(false));
    let (polls, misses) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let poller = {
        let (stop, polls, misses, page) = (
            Arc::clone(&stop),
            Arc::clone(&polls),
            Arc::clone(&misses),
            page.clone(),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match fs::read(&page) {
                    Ok(bytes) if !bytes.is_empty() => {}
                    _ => {
                        misses.fetch_add(1, Ordering::Relaxed);
                    }
                }
                polls.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let started = Instant::now();
    for _ in 0..30 {
        site.build(&[]);
    }
    stop.store(true, Ordering::Relaxed);
    poller.join().expect("poller");
    let (polls, misses) = (
        polls.load(Ordering::Relaxed),
        misses.load(Ordering::Relaxed),
    );
    eprintln!(
        "30 builds in {:.1} s; public/index.html read {polls} times, missing {misses} times",
        started.elapsed().as_secs_f64()
    );
    assert!(polls > 1000, "only {polls} polls");
    assert_eq!(
        misses, 0,
        "public/index.html was missing {misses} of {polls} times"
    );
    assert!(leftovers(&site.root()).is_empty());
}

/// Files below `dir`, by count.
fn file_count(dir: &Path) -> usize {
    walk(dir).len()
}

#[test]
fn a_killed_build_leaves_the_output_whole_and_the_next_build_cleans_up() {
    let test_started = Instant::now();
    // 12,000 source and output files: on tmpfs where there is one, as the benchmark does, so
    // a busy disk does not make the test slow.
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("temp dir");
    let root = dir.path().join("site");
    let generated = Command::new("python3")
        .arg(common::repo().join("bench/generate-site"))
        .args(["--articles", "3000"])
        .arg(&root)
        .stdout(Stdio::null())
        .output()
        .expect("run python3 bench/generate-site");
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    let build = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_accord"));
        command
            .arg("build")
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        command
    };
    eprintln!("site generated in {:?}", test_started.elapsed());
    let first = build().output().expect("build");
    assert!(first.status.success(), "{}", stderr(&first));
    // Timed with a previous output to replace, as every build after the first.
    let started = Instant::now();
    let second = build().output().expect("build");
    let full = started.elapsed();
    assert!(second.status.success(), "{}", stderr(&second));
    let public = root.join("public");
    let files = file_count(&public);
    eprintln!("full build of 3,000 articles per language: {full:?}, {files} files");

    // Fixed delays, and points through the build's own length (rendering, the swap, deleting
    // the previous output), by SIGKILL, SIGTERM and SIGINT: none has a handler in `build`.
    let full_ms = u64::try_from(full.as_millis()).unwrap_or(u64::MAX);
    let mut points: Vec<(u64, i32)> = [20, 50, 100, 200]
        .into_iter()
        .map(|ms| (ms, libc::SIGKILL))
        .collect();
    for (percent, signal) in [
        (60, libc::SIGTERM),
        (85, libc::SIGKILL),
        (95, libc::SIGINT),
        (105, libc::SIGKILL),
    ] {
        points.push((full_ms * percent / 100, signal));
    }
    let mut left_behind = 0;
    for (ms, signal) in points {
        let child = build().spawn().expect("build");
        std::thread::sleep(Duration::from_millis(ms));
        let pid = libc::pid_t::try_from(child.id()).expect("pid");
        // SAFETY: the child is ours and not yet waited for, so its id is still its own.
        unsafe { libc::kill(pid, signal) };
        let result = child.wait_with_output().expect("wait");
        let stale = leftovers(&root);
        left_behind += stale.len();
        eprintln!(
            "signal {signal} after {ms} ms: {}; left beside the output: {stale:?}",
            match result.status.code() {
                Some(code) => format!("had finished with {code}"),
                None => "killed".to_owned(),
            }
        );
        assert!(
            public.join("index.html").is_file(),
            "no index.html after {ms} ms"
        );
        assert!(public.join(MARKER).is_file(), "no marker after {ms} ms");
        assert_eq!(
            file_count(&public),
            files,
            "public/ not whole after {ms} ms"
        );
    }
    eprintln!("{left_behind} leftover folder(s) seen across the kills");
    assert!(
        left_behind > 0,
        "no kill landed while a staging folder existed"
    );

    eprintln!("kills done at {:?}", test_started.elapsed());
    let last = build().output().expect("build");
    assert!(last.status.success(), "{}", stderr(&last));
    assert_eq!(
        leftovers(&root),
        Vec::<String>::new(),
        "the next build left staging behind"
    );
    assert_eq!(file_count(&public), files);
    eprintln!("kill test done in {:?}", test_started.elapsed());
}
