//! Fixture sites for end-to-end tests: a temporary folder with the project's real templates,
//! Fluent strings and stylesheet, a small `site.toml`, and whatever content a test writes.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's own folder, whose templates the fixtures use.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub const SITE_TOML: &str = r#"base_url = "https://example.github.io/digest/"
default_language = "en"

[languages.en]
name = "English"
locale = "en-GB"
direction = "ltr"
title = "Test digest"
description = "A test site."

[languages.ar]
name = "العربية"
locale = "ar-MA"
direction = "rtl"
title = "نشرة تجريبية"
description = "موقع للاختبار."
"#;

/// A site in a temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A site with the real templates and no content.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixture = Fixture { dir };
        copy_dir(&repo().join("templates"), &fixture.root().join("templates"));
        copy_dir(&repo().join("static"), &fixture.root().join("static"));
        fixture.write("site.toml", SITE_TOML);
        fs::create_dir_all(fixture.root().join("content/articles")).expect("mkdir");
        fs::create_dir_all(fixture.root().join("content/timeline")).expect("mkdir");
        fixture
    }

    /// A site with the project's real content too.
    pub fn real() -> Fixture {
        let fixture = Fixture::new();
        copy_dir(&repo().join("content"), &fixture.root().join("content"));
        fixture.write(
            "site.toml",
            &fs::read_to_string(repo().join("site.toml")).expect("site.toml"),
        );
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file below the root, creating folders.
    pub fn write(&self, relative: &str, text: &str) {
        self.write_bytes(relative, text.as_bytes());
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, bytes).expect("write");
    }

    /// Adds an article in one language.
    pub fn article(&self, stem: &str, lang: &str, title: &str, date: &str, extra: &str) {
        self.write(
            &format!("content/articles/{stem}.{lang}.md"),
            &format!(
                "+++\ntitle = \"{title}\"\ndate = {date}\nsummary = \"Summary of {title}\"\n{extra}\n+++\n\nBody of {title}.\n\n## A heading\n\nMore text.\n"
            ),
        );
    }

    /// Adds a timeline event in one language.
    pub fn event(&self, id: &str, lang: &str, title: &str, date: &str, kind: &str) {
        self.write(
            &format!("content/timeline/{id}.{lang}.md"),
            &format!(
                "+++\ntitle = \"{title}\"\ndate = \"{date}\"\nkind = \"{kind}\"\n\n[[sources]]\ntitle = \"UN Treaty Collection\"\nurl = \"https://treaties.un.org/\"\n+++\n\nText of {title}.\n"
            ),
        );
    }

    /// Runs the real `accord` binary with `args`, in the site's folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run accord")
    }

    /// Builds the site, failing the test with accord's output if the build fails.
    pub fn build(&self) {
        let output = self.run(&["build"]);
        assert!(
            output.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// A built page's text.
    pub fn page(&self, relative: &str) -> String {
        fs::read_to_string(self.root().join("public").join(relative))
            .unwrap_or_else(|error| panic!("cannot read public/{relative}: {error}"))
    }

    /// Every file of the output, by relative path, for byte-for-byte comparisons.
    pub fn snapshot(&self, folder: &str) -> BTreeMap<String, Vec<u8>> {
        let base = self.root().join(folder);
        let mut files = BTreeMap::new();
        if base.exists() {
            for entry in walk(&base) {
                let relative = entry
                    .strip_prefix(&base)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                files.insert(relative, fs::read(&entry).expect("read"));
            }
        }
        files
    }
}

/// Every file below `dir`.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn copy_dir(from: &Path, to: &Path) {
    for file in walk(from) {
        let target = to.join(file.strip_prefix(from).expect("inside"));
        fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        fs::copy(&file, &target).expect("copy");
    }
}

/// Text between the first occurrence of `start` and the next `end` after it.
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found"))
        + start.len();
    let to = text[from..].find(end).map_or(text.len(), |i| from + i);
    &text[from..to]
}

/// How long one run of `accord` may take before a test calls it a hang.
pub const HANG: std::time::Duration = std::time::Duration::from_secs(60);

impl Fixture {
    /// A copy of this site in a new temporary folder, previous output included, so a test can
    /// break it without building a fresh site first.
    pub fn copy(&self) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(self.root(), dir.path());
        Fixture { dir }
    }

    /// Creates a symbolic link at `link` (below the root) pointing at `target`, as written.
    pub fn symlink(&self, target: &str, link: &str) {
        let path = self.root().join(link);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(target, path).expect("symlink");
    }

    /// Creates a FIFO (named pipe) at `relative`: reading it blocks until a writer comes.
    pub fn fifo(&self, relative: &str) {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let status = Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("run mkfifo");
        assert!(status.success(), "mkfifo {}", path.display());
    }

    /// Removes a file, link or folder below the root.
    pub fn remove(&self, relative: &str) {
        let path = self.root().join(relative);
        let result = if path.is_dir() && !path.is_symlink() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        result.unwrap_or_else(|error| panic!("cannot remove {relative}: {error}"));
    }

    /// Runs `accord` like [`Fixture::run`], but kills it after `limit`: `None` means it hung.
    pub fn run_within(&self, args: &[&str], limit: std::time::Duration) -> Option<Output> {
        use std::io::Read;
        let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(args)
            .current_dir(self.root())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run accord");
        // Drain both pipes while waiting, so a chatty child cannot block on a full pipe.
        let mut stdout = child.stdout.take().expect("stdout");
        let mut stderr = child.stderr.take().expect("stderr");
        let out = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stdout.read_to_end(&mut bytes);
            bytes
        });
        let err = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            bytes
        });
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break Some(status);
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        };
        let stdout = out.join().expect("stdout reader");
        let stderr = err.join().expect("stderr reader");
        status.map(|status| Output {
            status,
            stdout,
            stderr,
        })
    }
}
