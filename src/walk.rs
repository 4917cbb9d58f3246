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
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
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
