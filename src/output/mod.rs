//! Writing the rendered site: to a staging folder swapped in only when the whole build succeeded
//! (so a failed build leaves the previous output exactly as it was), or to memory for `check`
//! and `serve`.
//!
//! The output folder is only ever replaced whole, and only if it is safe to: it must not hold
//! the sources, and an existing folder that is not empty must carry the marker file every build
//! writes into its output ([`MARKER`]), or the user must pass `--force`. On Linux the staged
//! folder and the old output trade places in one `renameat2(RENAME_EXCHANGE)`, so the output
//! path holds a whole site at every instant; elsewhere (or on a file system without exchange)
//! it takes two renames, the old output aside and the staged one in. Staging folders carry the
//! building process's id, so a build killed half way is cleaned up by the next one.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::Diagnostic;
use crate::paths::SitePaths;
use crate::walk::files_below;

/// The file every build writes at the top of its output, recognising the folder as Accord's
/// (and so safe to replace) at the next build.
pub const MARKER: &str = ".accord-output";

/// What [`MARKER`] holds: its first line is how it is recognised.
const MARKER_TEXT: &str = "accord-output\n\
This folder was written by `accord build` (or `accord watch`) and is replaced whole by the\n\
next build. Anything you put here will be deleted. Remove this file to make Accord refuse to\n\
write here without --force.\n";

/// Where rendered files go. Paths are relative to the site root and use `/`.
pub trait Sink: Sync {
    /// Stores one file.
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()>;

    /// Stores a copy of the file at `source` (a static file).
    fn copy(&self, path: &str, source: &Path) -> io::Result<()> {
        self.put(path, fs::read(source)?)
    }

    /// Stores the build-cache entry at `source` (read-only, never changed once written): a sink
    /// on disk links it rather than copying it.
    fn put_cached(&self, path: &str, source: &Path) -> io::Result<()> {
        self.copy(path, source)
    }
}

/// Writes files below a folder.
pub struct DirSink {
    dir: PathBuf,
    /// Folders already made: 20,000 pages share a few hundred, and asking the file system again
    /// for each file was 2% of a build.
    made: Mutex<rustc_hash::FxHashSet<PathBuf>>,
}

impl DirSink {
    /// A sink writing below `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> DirSink {
        DirSink {
            dir: dir.into(),
            made: Mutex::default(),
        }
    }

    fn target(&self, path: &str) -> io::Result<PathBuf> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            let made = |made: &Mutex<rustc_hash::FxHashSet<PathBuf>>| {
                made.lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .contains(parent)
            };
            if !made(&self.made) {
                fs::create_dir_all(parent)?;
                self.made
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .insert(parent.to_owned());
            }
        }
        Ok(target)
    }
}

impl Sink for DirSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        fs::write(self.target(path)?, bytes)
    }

    fn copy(&self, path: &str, source: &Path) -> io::Result<()> {
        fs::copy(source, self.target(path)?).map(|_| ())
    }

    /// A hard link where the cache and the output share a file system: 20,000 social cards are
    /// 880 MB, which a copy writes again on every build. The cache's files are read-only, so a
    /// tool rewriting the output in place cannot change the cache through the link.
    fn put_cached(&self, path: &str, source: &Path) -> io::Result<()> {
        let target = self.target(path)?;
        match fs::hard_link(source, &target) {
            Ok(()) => Ok(()),
            Err(_) if !source.is_file() => Err(io::Error::from(io::ErrorKind::NotFound)),
            Err(_) => fs::copy(source, &target).map(|_| ()),
        }
    }
}

/// Keeps files in memory, for `check` and the preview server.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// An empty sink.
    pub fn new() -> MemorySink {
        MemorySink::default()
    }

    /// Takes the files out, by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.insert(path.to_owned(), bytes);
        Ok(())
    }
}

/// Copies the static folder `dir` into the sink as it is, returning the output paths it copied.
pub fn copy_static(dir: &Path, sink: &dyn Sink) -> Result<BTreeSet<String>, Vec<Diagnostic>> {
    let mut copied = BTreeSet::new();
    if !dir.is_dir() {
        return Ok(copied);
    }
    let mut errors = Vec::new();
    for entry in files_below(dir, &mut errors) {
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = relative.to_string_lossy().replace('\\', "/");
        match sink.copy(&name, entry.path()) {
            Ok(()) => {
                copied.insert(name);
            }
            Err(error) => errors.push(Diagnostic::in_file(
                entry.path(),
                format!("cannot copy to the output: {error}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(copied)
    } else {
        Err(errors)
    }
}

/// Resolves the site's output folder and refuses any folder whose replacement could destroy
/// something: the root itself, `content/`, `templates/`, `static/`, anything inside them, any
/// folder containing the root, anything outside the root's parent, and, unless `force`, any
/// existing folder that is not empty and is not a previous output (it has no [`MARKER`]).
pub fn checked_output_dir(paths: &SitePaths, force: bool) -> Result<PathBuf, Diagnostic> {
    let root = fs::canonicalize(&paths.root).map_err(|error| {
        Diagnostic::in_file(&paths.root, format!("cannot open the site folder: {error}"))
    })?;
    let relative = paths
        .output
        .strip_prefix(&paths.root)
        .unwrap_or(&paths.output);
    let output = resolve(&root.join(relative));
    // The folder as the user wrote it, and where it really is when that differs.
    let shown = if relative.is_absolute() && relative == output {
        output.display().to_string()
    } else {
        format!("{} ({})", relative.display(), output.display())
    };
    let refuse = |why: &str| {
        Diagnostic::error(format!(
            "refusing --output {shown}: {why}; nothing was deleted"
        ))
    };
    if output == root {
        return Err(refuse("it is the site's own folder"));
    }
    if root.starts_with(&output) {
        return Err(refuse("it contains the site's sources"));
    }
    for source in SitePaths::new(&root).sources() {
        if output.starts_with(source) {
            return Err(refuse(&format!(
                "it is or is inside {}, which holds the site's sources",
                source.display()
            )));
        }
    }
    let parent = root.parent().unwrap_or(&root);
    if !output.starts_with(parent) {
        return Err(refuse(&format!(
            "it is outside {}, the folder around the site",
            parent.display()
        )));
    }
    if output.exists() && !output.is_dir() {
        return Err(refuse("it is a file, not a folder"));
    }
    if !force && output.is_dir() && !is_accord_output(&output) {
        let empty = fs::read_dir(&output)
            .map_err(|error| refuse(&format!("cannot list it: {error}")))?
            .next()
            .is_none();
        if !empty {
            return Err(refuse(&format!(
                "it holds files Accord did not write (no {MARKER} marker); choose an empty or \
                 new folder, or pass --force to replace it and delete everything in it"
            )));
        }
    }
    Ok(output)
}

/// Whether `dir` holds the marker a build writes into its output.
pub fn is_accord_output(dir: &Path) -> bool {
    let marker = dir.join(MARKER);
    let Ok(metadata) = fs::symlink_metadata(&marker) else {
        return false;
    };
    if !metadata.is_file() || metadata.len() > 4096 {
        return false;
    }
    fs::read(&marker).is_ok_and(|text| text.starts_with(b"accord-output\n"))
}

/// An absolute path with `.`/`..` and symbolic links resolved as far as the path exists.
fn resolve(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        match Path::new(&name).components().next() {
            Some(Component::ParentDir) => {
                resolved.pop();
            }
            Some(Component::CurDir) | None => {}
            Some(_) => resolved.push(name),
        }
    }
    resolved
}

mod staging;

pub use staging::Staging;

#[cfg(test)]
mod tests {
    use super::*;

    fn site_folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        for sub in ["content", "templates", "static"] {
            fs::create_dir_all(site.join(sub)).expect("mkdir");
        }
        fs::write(site.join("site.toml"), "").expect("write");
        dir
    }

    #[test]
    fn dangerous_outputs_are_refused() {
        let dir = site_folder();
        let root = dir.path().join("site");
        for output in [
            ".",
            "content",
            "templates",
            "static/x",
            "..",
            "../..",
            "/tmp",
            "site.toml",
        ] {
            let paths = SitePaths::new(&root).with_output(Path::new(output));
            assert!(
                checked_output_dir(&paths, true).is_err(),
                "{output} should be refused, even with --force"
            );
        }
        let paths = SitePaths::new(&root).with_output(Path::new("content/../content"));
        assert!(checked_output_dir(&paths, true).is_err());
    }

    #[test]
    fn ordinary_outputs_are_accepted() {
        let dir = site_folder();
        let root = dir.path().join("site");
        let canonical_root = fs::canonicalize(&root).expect("canonical");
        assert_eq!(
            checked_output_dir(&SitePaths::new(&root), false).expect("accepted"),
            canonical_root.join("public")
        );
        let sibling = SitePaths::new(&root).with_output(Path::new("../site-public"));
        assert!(checked_output_dir(&sibling, false).is_ok());
    }

    #[test]
    fn a_folder_accord_did_not_write_needs_force() {
        let dir = site_folder();
        let root = dir.path().join("site");
        let paths = SitePaths::new(&root).with_output(Path::new("src"));
        // Missing, then empty: nothing to lose.
        assert!(checked_output_dir(&paths, false).is_ok());
        fs::create_dir(root.join("src")).expect("mkdir");
        assert!(checked_output_dir(&paths, false).is_ok());
        fs::write(root.join("src/main.rs"), "fn main() {}").expect("write");
        let error = checked_output_dir(&paths, false).expect_err("refused");
        assert!(
            error.message.starts_with("refusing --output src (")
                && error.message.contains("no .accord-output marker")
                && error.message.contains("--force"),
            "{error}"
        );
        assert!(checked_output_dir(&paths, true).is_ok());
        // A marker that says something else is not Accord's.
        fs::write(root.join("src").join(MARKER), "mine\n").expect("write");
        assert!(checked_output_dir(&paths, false).is_err());
        fs::write(root.join("src").join(MARKER), MARKER_TEXT).expect("write");
        assert!(checked_output_dir(&paths, false).is_ok());
    }
}
