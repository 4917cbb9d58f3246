//! The build cache: `.accord-cache/` in the site's folder, outside the output, holding what is
//! costly to make and depends only on its inputs: image sizes under `images/`, social cards
//! under `cards/`, the search index's compressed files under `search/`. Each file is named by a
//! hash of everything it is made from, so a file that exists is right, and nothing is ever
//! invalidated: a changed input makes a new name (the search files, which change at every
//! edit, are pruned to what the last build used). Deleting the folder only makes the next build
//! slower.

use std::fs;
use std::hash::Hasher;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashSet;
use siphasher::sip128::{Hasher128, SipHasher13};

use crate::output::Sink;

/// The cache folder's name, in the site's folder.
pub const CACHE_DIR: &str = ".accord-cache";

/// One kind of cached file (`images`, `cards`) in the cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The `kind` folder of the cache of the site in `root` (created when first written).
    pub fn new(root: &Path, kind: &str) -> Cache {
        Cache {
            dir: root.join(CACHE_DIR).join(kind),
        }
    }

    /// The `kind` folder beside this one.
    pub fn sibling(&self, kind: &str) -> Cache {
        Cache {
            dir: self.dir.with_file_name(kind),
        }
    }

    /// Where the file named `name` is kept.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Copies the cached file `name` to `output` in `sink`: `Ok(false)` if it is not cached.
    pub fn copy_to(&self, name: &str, sink: &dyn Sink, output: &str) -> io::Result<bool> {
        let path = self.path(name);
        match sink.put_cached(output, &path) {
            Ok(()) => Ok(true),
            // Not cached (or the cache folder is gone): the caller makes it.
            Err(_) if !path.is_file() => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// Keeps `bytes` as `name`, through a temporary file renamed over it, so a build running at
    /// the same time (the preview) never reads half a file; `false` if it could not. A cache
    /// that cannot be written is not an error: the build has the bytes, the next one makes them
    /// again.
    pub fn store(&self, name: &str, bytes: &[u8]) -> bool {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        if fs::create_dir_all(&self.dir).is_err() {
            return false;
        }
        let temporary = self.dir.join(format!(
            ".{name}.{}-{}.tmp",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        // Read-only: the output may hold hard links to it (`Sink::put_cached`).
        let read_only = |path: &Path| {
            let mut permissions = fs::metadata(path)?.permissions();
            permissions.set_readonly(true);
            fs::set_permissions(path, permissions)
        };
        if fs::write(&temporary, bytes).is_err()
            || read_only(&temporary).is_err()
            || fs::rename(&temporary, self.path(name)).is_err()
        {
            let _ = fs::remove_file(&temporary);
            return false;
        }
        true
    }

    /// The names of the files in the folder (none if it cannot be read), but those being
    /// written (named with a leading dot).
    pub fn names(&self) -> FxHashSet<String> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return FxHashSet::default();
        };
        entries
            .filter_map(Result::ok)
            .filter_map(|entry| entry.file_name().into_string().ok())
            .filter(|name| !name.starts_with('.'))
            .collect()
    }

    /// Deletes the cached files whose names `keep` refuses (a file being written, named with a
    /// leading dot, is left alone); returns how many went. For a kind of file that changes with
    /// every edit, so the folder holds what the last build used, not every build's.
    pub fn prune(&self, keep: impl Fn(&str) -> bool) -> usize {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return 0;
        };
        entries
            .filter_map(Result::ok)
            .filter(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                !name.starts_with('.') && !keep(&name)
            })
            .filter(|entry| fs::remove_file(entry.path()).is_ok())
            .count()
    }
}

/// A 128-bit hash of several parts, as 32 hexadecimal digits: a cache file's name. Each part is
/// prefixed with its length, so `("ab", "c")` and `("a", "bc")` differ.
pub fn key(parts: &[&[u8]]) -> String {
    let mut hasher = SipHasher13::new();
    for part in parts {
        hasher.write_u64(part.len() as u64);
        hasher.write(part);
    }
    format!("{:032x}", hasher.finish128().as_u128())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lists_the_kept_files_but_those_being_written() {
        let root = tempfile::tempdir().expect("temp dir");
        let cache = Cache::new(root.path(), "kind");
        assert!(cache.names().is_empty(), "no folder yet");
        assert!(cache.store("a.9", b"x") && cache.store("b.1", b"y"));
        fs::write(cache.path(".c.1-2.tmp"), b"half").expect("write");
        let mut names: Vec<String> = cache.names().into_iter().collect();
        names.sort();
        assert_eq!(names, ["a.9", "b.1"]);
    }

    #[test]
    fn keys_separate_their_parts() {
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
        assert_eq!(key(&[b"x"]), key(&[b"x"]));
        assert_eq!(key(&[b"x"]).len(), 32);
    }
}
