//! Walking the site's folders: files in name order, following links, with editor temp files left
//! out and loops or unreadable entries reported against the path where they were found.

use std::cmp::Ordering;
use std::path::Path;

use crate::error::Diagnostic;

/// Whether an editor left this file behind while saving (swap, backup and temp files, and
/// JetBrains' safe-write pair).
pub fn is_editor_temp_file(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with('~')
        || name.ends_with('~')
        || [
            ".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".part", ".crswap",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
        || name.contains(".tmp.")
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// The regular files below `dir` (none if it does not exist), in name order; problems go to
/// `errors` and the walk goes on.
pub fn files_below(dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<walkdir::DirEntry> {
    // Siblings share their folder's path, so comparing whole paths as bytes orders them by
    // name; `sort_by_file_name` parses each path again per comparison, which took 25 ms of a
    // single thread for a folder of 20,000 articles.
    walk(
        walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str())),
        dir,
        errors,
    )
}

/// The regular files below `dir` as [`files_below`] finds them, but in the order the folders
/// list them: for a caller that sorts them itself, in parallel, with [`compare_in_walk_order`]
/// (sorting 20,000 articles in the walk was a third of its time, on one thread).
pub fn files_below_unordered(dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<walkdir::DirEntry> {
    walk(walkdir::WalkDir::new(dir).follow_links(true), dir, errors)
}

/// Orders two paths below the same folder as [`files_below`] yields them: name by name, each
/// folder's files together (`a/z.md` before `a-b/x.md`), without splitting either path.
pub fn compare_in_walk_order(a: &Path, b: &Path) -> Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let is_separator = |byte: &u8| std::path::is_separator(char::from(*byte));
    // Most pairs are siblings: the same folder (one comparison of bytes), then their names.
    let folder = |path: &[u8]| path.iter().rposition(is_separator).unwrap_or(0);
    let (folder_a, folder_b) = (folder(a), folder(b));
    if a[..folder_a] == b[..folder_b] {
        return a[folder_a..].cmp(&b[folder_b..]);
    }
    // A separator sorts before every byte of a name, so a folder's names all come before a
    // sibling whose name merely starts with the folder's.
    let rank = |byte: u8| {
        if is_separator(&byte) {
            0
        } else {
            u16::from(byte) + 1
        }
    };
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(at) => rank(a[at]).cmp(&rank(b[at])),
        None => a.len().cmp(&b.len()),
    }
}

fn walk(
    walker: walkdir::WalkDir,
    dir: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Vec<walkdir::DirEntry> {
    let mut files = Vec::new();
    if !dir.exists() {
        return files;
    }
    for entry in walker {
        match entry {
            Ok(entry) => {
                let temp = is_editor_temp_file(&entry.file_name().to_string_lossy());
                if entry.file_type().is_file() && !temp {
                    files.push(entry);
                }
            }
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                let message = if error.loop_ancestor().is_some() {
                    "a symbolic link loops back to a folder that contains it".to_owned()
                } else {
                    format!("cannot read: {error}")
                };
                errors.push(Diagnostic::in_file(path, message));
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_recognised() {
        for name in [
            ".a.md.swp",
            "a.md~",
            "#a.md#",
            ".#a.md",
            "4913",
            "a.md.tmp.1234",
        ] {
            assert!(is_editor_temp_file(name), "{name}");
        }
        assert!(!is_editor_temp_file("a.en.md"));
    }

    #[test]
    fn files_come_in_name_order_folder_by_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        for path in [
            "c.md",
            "b.md",
            "a-b/x.md",
            "a/z.md",
            "a/y.md",
            "a/.y.md.swp",
            "ab.md",
            "a-b/w/v.md",
        ] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "x").expect("write");
        }
        let mut errors = Vec::new();
        let names: Vec<String> = files_below(dir.path(), &mut errors)
            .iter()
            .map(|entry| {
                let relative = entry.path().strip_prefix(dir.path()).expect("below");
                relative.to_string_lossy().into_owned()
            })
            .collect();
        // `a/` before `a-b/`, as the folder names sort, not as the whole paths' bytes would;
        // files and folders by name alike.
        assert_eq!(
            names,
            [
                "a/y.md",
                "a/z.md",
                "a-b/w/v.md",
                "a-b/x.md",
                "ab.md",
                "b.md",
                "c.md"
            ]
        );
        assert!(errors.is_empty(), "{errors:?}");

        // The unordered walk finds the same files, and sorting puts them in the same order.
        let mut unordered: Vec<std::path::PathBuf> = files_below_unordered(dir.path(), &mut errors)
            .iter()
            .map(|entry| entry.path().to_path_buf())
            .collect();
        unordered.sort_by(|a, b| compare_in_walk_order(a, b));
        let ordered: Vec<std::path::PathBuf> = files_below(dir.path(), &mut errors)
            .iter()
            .map(|entry| entry.path().to_path_buf())
            .collect();
        assert_eq!(unordered, ordered);
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_reported_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        std::fs::write(dir.path().join("sub/a.md"), "x").expect("write");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).expect("symlink");
        let mut errors = Vec::new();
        let files = files_below(dir.path(), &mut errors);
        assert_eq!(files.len(), 1);
        assert!(
            errors.iter().any(|e| e.message.contains("loops back")),
            "{errors:?}"
        );
    }
}
