//! Walking the site's folders: files in name order, following links, with editor temp files left
//! out and loops or unreadable entries reported against the path where they were found.

use std::path::Path;

use crate::error::Diagnostic;

/// Whether an editor left this file behind while saving (swap, backup and temp files).
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
}

/// The regular files below `dir` (none if it does not exist), in name order; problems go to
/// `errors` and the walk goes on.
pub fn files_below(dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<walkdir::DirEntry> {
    let mut files = Vec::new();
    if !dir.exists() {
        return files;
    }
    // Siblings share their folder's path, so comparing whole paths as bytes orders them by
    // name; `sort_by_file_name` parses each path again per comparison, which took 25 ms of a
    // single thread for a folder of 20,000 articles.
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
    {
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
        // `a/` before `a-b/`, as the folder names sort, not as the whole paths' bytes would.
        assert_eq!(names, ["a/y.md", "a/z.md", "a-b/x.md", "b.md", "c.md"]);
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
