//! Writing the rendered site: to a staging folder swapped in only when the whole build succeeded
//! (so a failed build leaves the previous output exactly as it was), or to memory for `check`
//! and `serve`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::Diagnostic;
use crate::paths::SitePaths;
use crate::walk::files_below;

/// Where rendered files go. Paths are relative to the site root and use `/`.
pub trait Sink: Sync {
    /// Stores one file.
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()>;

    /// Stores a copy of the file at `source` (a static file).
    fn copy(&self, path: &str, source: &Path) -> io::Result<()> {
        self.put(path, fs::read(source)?)
    }
}

/// Writes files below a folder.
pub struct DirSink {
    dir: PathBuf,
}

impl DirSink {
    /// A sink writing below `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> DirSink {
        DirSink { dir: dir.into() }
    }

    fn target(&self, path: &str) -> io::Result<PathBuf> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
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

/// Resolves the site's output folder and refuses any folder whose replacement could destroy the
/// sources: the root itself, `content/`, `templates/`, `static/`, anything inside them, any folder
/// containing the root, or anything outside the root's parent.
pub fn checked_output_dir(paths: &SitePaths) -> Result<PathBuf, Diagnostic> {
    let root = fs::canonicalize(&paths.root).map_err(|error| {
        Diagnostic::in_file(&paths.root, format!("cannot open the site folder: {error}"))
    })?;
    let relative = paths
        .output
        .strip_prefix(&paths.root)
        .unwrap_or(&paths.output);
    let output = resolve(&root.join(relative));
    let refuse = |why: &str| {
        Diagnostic::error(format!(
            "refusing --output {}: {why}; nothing was deleted",
            output.display()
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
    if output.is_file() {
        return Err(refuse("it is a file, not a folder"));
    }
    Ok(output)
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

/// A folder beside `output` to render into, removed again if the build fails.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder next to `output` (same file system, so the swap is a rename).
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let parent = output.parent().unwrap_or(Path::new("."));
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        fs::create_dir_all(parent).map_err(|error| {
            Diagnostic::in_file(
                parent,
                format!("cannot create the output's folder: {error}"),
            )
        })?;
        let dir = parent.join(format!(".{name}.accord-staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|error| {
                Diagnostic::in_file(&dir, format!("cannot clear an old staging folder: {error}"))
            })?;
        }
        fs::create_dir(&dir).map_err(|error| {
            Diagnostic::in_file(&dir, format!("cannot create the staging folder: {error}"))
        })?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
        })
    }

    /// Where to render.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces the output folder with the staged one.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let fail = |error: io::Error| {
            Diagnostic::in_file(
                &self.output,
                format!("cannot replace the output folder: {error}"),
            )
        };
        let previous = self.dir.with_file_name(format!(
            "{}-previous",
            self.dir
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        let had_output = self.output.exists();
        if had_output {
            fs::rename(&self.output, &previous).map_err(fail)?;
        }
        if let Err(error) = fs::rename(&self.dir, &self.output) {
            if had_output {
                // Put the previous site back so a failed swap loses nothing.
                let _ = fs::rename(&previous, &self.output);
            }
            return Err(fail(error));
        }
        if had_output {
            remove_tree(&previous).map_err(fail)?;
        }
        Ok(())
    }
}

/// Deletes a folder and everything in it, in parallel: the previous output of a large site holds
/// tens of thousands of files, and one thread unlinking them would dominate the build.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.dir.exists() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

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
            let result = checked_output_dir(&SitePaths::new(&root).with_output(Path::new(output)));
            assert!(result.is_err(), "{output} should be refused");
        }
        let paths = SitePaths::new(&root).with_output(Path::new("content/../content"));
        assert!(checked_output_dir(&paths).is_err());
    }

    #[test]
    fn ordinary_outputs_are_accepted() {
        let dir = site_folder();
        let root = dir.path().join("site");
        let canonical_root = fs::canonicalize(&root).expect("canonical");
        assert_eq!(
            checked_output_dir(&SitePaths::new(&root)).expect("accepted"),
            canonical_root.join("public")
        );
        let sibling = SitePaths::new(&root).with_output(Path::new("../site-public"));
        assert!(checked_output_dir(&sibling).is_ok());
    }

    #[test]
    fn remove_tree_deletes_nested_folders() {
        let dir = tempfile::tempdir().expect("temp dir");
        let tree = dir.path().join("tree");
        fs::create_dir_all(tree.join("a/b/c")).expect("mkdir");
        fs::write(tree.join("a/b/c/file"), "x").expect("write");
        fs::write(tree.join("top"), "x").expect("write");
        remove_tree(&tree).expect("removed");
        assert!(!tree.exists());
    }

    #[test]
    fn staging_replaces_output_only_on_commit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let output = dir.path().join("public");
        fs::create_dir(&output).expect("mkdir");
        fs::write(output.join("old.html"), "old").expect("write");

        let staging = Staging::create(&output).expect("staging");
        fs::write(staging.dir().join("new.html"), "new").expect("write");
        drop(staging);
        assert!(
            output.join("old.html").exists(),
            "a dropped staging leaves the output alone"
        );

        let staging = Staging::create(&output).expect("staging");
        fs::write(staging.dir().join("new.html"), "new").expect("write");
        staging.commit().expect("commit");
        assert!(output.join("new.html").exists());
        assert!(!output.join("old.html").exists());
        let leftovers = fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "only the output folder remains");
    }
}
