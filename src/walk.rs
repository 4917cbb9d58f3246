//! Walking the site's folders: files in name order, following links, with editor temp files left
//! out and loops or unreadable entries reported against the path where they were found.
//!
//! Symbolic links are followed only where they stay inside the site: a link that resolves
//! outside the site's folder (the folder holding `site.toml`), or into a folder Accord writes
//! its output to (one holding [`MARKER`]), is an error naming the link and its target, and the
//! walk does not enter it. Otherwise `ln -s /etc/passwd static/p.txt` would publish that file,
//! and `ln -s ../public static/pub` would nest the output one level deeper at every build.

use std::cmp::Ordering;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::output::MARKER;
use crate::paths::CONFIG_FILE;

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
    let links = Links::below(dir);
    if let Err(error) = links.check_start(dir) {
        errors.push(error);
        return files;
    }
    let mut entries = walker.into_iter();
    while let Some(entry) = entries.next() {
        match entry {
            Ok(entry) => {
                let name = entry.file_name();
                let link = entry.depth() > 0 && entry.path_is_symlink();
                let refused = if link {
                    links.check(entry.path())
                } else if name == MARKER && entry.depth() > 0 {
                    // An output folder reached through a link to a folder around it.
                    links.check_output_reached(dir, entry.path())
                } else {
                    Ok(())
                };
                if let Err(error) = refused {
                    errors.push(error);
                    // Neither what a refused link leads to nor the rest of an output folder.
                    if entry.file_type().is_dir() || !link {
                        entries.skip_current_dir();
                    }
                    continue;
                }
                let temp = is_editor_temp_file(&name.to_string_lossy());
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

/// The symbolic links directly in `dir` (not below it) that break the rule of [`files_below`]:
/// for the files read by name rather than found by a walk (`content/treaty.toml`,
/// `content/participants.toml`).
pub fn links_leaving(dir: &Path) -> Vec<Diagnostic> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let links = Links::below(dir);
    let mut errors: Vec<Diagnostic> = entries
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_symlink()))
        .filter_map(|entry| links.check(&entry.path()).err())
        .collect();
    errors.sort_by(|a, b| a.file.cmp(&b.file));
    errors
}

/// Where the links met in one walk may lead: inside the site's folder, and not into an output.
struct Links {
    /// The site's folder as the walk's paths spell it.
    root: PathBuf,
    /// The same, with every link resolved; `None` if it cannot be resolved (nothing is then
    /// refused: reading will report the problem).
    canonical: Option<PathBuf>,
}

impl Links {
    /// The rule for a walk of `dir`: the site is the nearest folder around it holding
    /// `site.toml` (or, outside any site, the folder around `dir`).
    fn below(dir: &Path) -> Links {
        let nonempty = |path: &Path| {
            if path.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                path.to_path_buf()
            }
        };
        let root = dir
            .ancestors()
            .skip(1)
            .find(|folder| nonempty(folder).join(CONFIG_FILE).is_file())
            .or_else(|| dir.parent())
            .map_or_else(|| nonempty(dir), nonempty);
        let canonical = fs::canonicalize(&root).ok();
        Links { root, canonical }
    }

    /// The walk's own folder must lie inside the site (`content/` may itself be a link).
    fn check_start(&self, dir: &Path) -> Result<(), Diagnostic> {
        let Some(root) = &self.canonical else {
            return Ok(());
        };
        let Ok(resolved) = fs::canonicalize(dir) else {
            return Ok(());
        };
        if resolved.starts_with(root) {
            return self.check_not_output(dir, &resolved);
        }
        // Name the link that leads away: the folder itself or one around it, below the root.
        let link = dir
            .ancestors()
            .take_while(|folder| *folder != self.root.as_path())
            .find(|folder| fs::symlink_metadata(folder).is_ok_and(|m| m.is_symlink()))
            .unwrap_or(dir);
        Err(self.outside(link, &resolved, root))
    }

    /// A link met in the walk: its target must be inside the site and outside every output.
    fn check(&self, link: &Path) -> Result<(), Diagnostic> {
        let Some(root) = &self.canonical else {
            return Ok(());
        };
        // A link that does not resolve is reported by the walk or by reading it.
        let Ok(resolved) = fs::canonicalize(link) else {
            return Ok(());
        };
        if !resolved.starts_with(root) {
            return Err(self.outside(link, &resolved, root));
        }
        self.check_not_output(link, &resolved)
    }

    /// `resolved` (where `link` leads) must not be in a folder holding the output marker.
    fn check_not_output(&self, link: &Path, resolved: &Path) -> Result<(), Diagnostic> {
        let Some(root) = &self.canonical else {
            return Ok(());
        };
        let output = resolved
            .ancestors()
            .take_while(|folder| *folder != root.as_path())
            .find(|folder| folder.join(MARKER).is_file());
        match output {
            Some(output) => Err(Diagnostic::in_file(
                link,
                format!(
                    "this symbolic link leads to {}, inside {}, a folder Accord writes its output \
                     to (it holds {MARKER}): every build would copy the previous output into \
                     the next; remove the link",
                    target_text(link, resolved),
                    output.display()
                ),
            )),
            None => Ok(()),
        }
    }

    /// The walk found an output's marker at `marker`: refuse the link that led there (the
    /// nearest link around it below `dir`), if one did.
    fn check_output_reached(&self, dir: &Path, marker: &Path) -> Result<(), Diagnostic> {
        let Some(output) = marker.parent() else {
            return Ok(());
        };
        let link = output
            .ancestors()
            .take_while(|folder| *folder != dir)
            .find(|folder| fs::symlink_metadata(folder).is_ok_and(|m| m.is_symlink()));
        match (link, fs::canonicalize(output)) {
            (Some(link), Ok(resolved)) => Err(Diagnostic::in_file(
                link,
                format!(
                    "this symbolic link leads to {}, which holds {}, a folder Accord writes its \
                     output to (it holds {MARKER}): every build would copy the previous output \
                     into the next; remove the link",
                    target_text(link, &fs::canonicalize(link).unwrap_or_default()),
                    resolved.display()
                ),
            )),
            _ => Ok(()),
        }
    }

    /// The error for `link`, which resolves to `resolved` outside the site's folder `root`.
    fn outside(&self, link: &Path, resolved: &Path, root: &Path) -> Diagnostic {
        Diagnostic::in_file(
            link,
            format!(
                "this symbolic link leads to {}, outside the site's folder {}: a link under \
                 content/, templates/ or static/ must stay inside the site; copy the file into \
                 the site instead",
                target_text(link, resolved),
                root.display()
            ),
        )
    }
}

/// `link`'s target as written, and where it resolves when that differs.
fn target_text(link: &Path, resolved: &Path) -> String {
    match fs::read_link(link) {
        Ok(written) if written != resolved => {
            format!("{} ({})", written.display(), resolved.display())
        }
        Ok(_) | Err(_) => resolved.display().to_string(),
    }
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

    #[cfg(unix)]
    #[test]
    fn links_must_stay_in_the_site_and_out_of_the_output() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = dir.path().join("outside");
        let root = dir.path().join("site");
        for folder in [
            "static/css",
            "public/en",
            "content/articles",
            "shared/nested",
        ] {
            std::fs::create_dir_all(root.join(folder)).expect("mkdir");
        }
        std::fs::create_dir_all(&outside).expect("mkdir");
        std::fs::write(root.join(CONFIG_FILE), "").expect("write");
        std::fs::write(root.join("static/css/style.css"), "x").expect("write");
        std::fs::write(root.join("public").join(MARKER), "accord-output\n").expect("write");
        std::fs::write(root.join("public/en/index.html"), "x").expect("write");
        std::fs::write(outside.join("secret"), "x").expect("write");
        std::fs::write(root.join("shared/nested/a.css"), "x").expect("write");
        let static_dir = root.join("static");
        let walk_static = || {
            let mut errors = Vec::new();
            let files = files_below(&static_dir, &mut errors);
            let names: Vec<String> = files
                .iter()
                .map(|entry| {
                    let relative = entry.path().strip_prefix(&static_dir).expect("below");
                    relative.to_string_lossy().into_owned()
                })
                .collect();
            (names, errors)
        };

        // Links that stay inside the site are followed.
        symlink("css/style.css", static_dir.join("copy.css")).expect("symlink");
        symlink("../shared", static_dir.join("shared")).expect("symlink");
        let (names, errors) = walk_static();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(names, ["copy.css", "css/style.css", "shared/nested/a.css"]);

        // Out of the site, into the output, or to a folder holding the output: refused, and
        // what they lead to is not listed.
        symlink(outside.join("secret"), static_dir.join("p.txt")).expect("symlink");
        symlink("../../outside", static_dir.join("out")).expect("symlink");
        symlink("../public", static_dir.join("pub")).expect("symlink");
        symlink("../public/en/index.html", static_dir.join("page.html")).expect("symlink");
        symlink("../shared", static_dir.join("again")).expect("symlink");
        std::fs::create_dir(root.join("shared/public")).expect("mkdir");
        std::fs::write(root.join("shared/public").join(MARKER), "accord-output\n").expect("write");
        std::fs::write(root.join("shared/public/index.html"), "x").expect("write");
        let (names, errors) = walk_static();
        // The rest of a folder that holds an output is still walked (the errors fail the build).
        assert_eq!(
            names,
            [
                "again/nested/a.css",
                "copy.css",
                "css/style.css",
                "shared/nested/a.css"
            ],
            "{errors:?}"
        );
        let message = |link: &str| {
            errors
                .iter()
                .find(|error| error.file.as_deref() == Some(static_dir.join(link).as_path()))
                .map(|error| error.message.clone())
                .unwrap_or_else(|| panic!("no error for {link}: {errors:?}"))
        };
        assert!(message("p.txt").contains("outside the site's folder"));
        assert!(message("p.txt").contains(&outside.join("secret").display().to_string()));
        assert!(
            message("out").contains("../../outside ("),
            "{}",
            message("out")
        );
        assert!(message("pub").contains("../public ("), "{}", message("pub"));
        assert!(message("pub").contains("Accord writes its output"));
        assert!(message("page.html").contains("Accord writes its output"));
        assert!(message("again").contains("Accord writes its output"));
        assert!(message("shared").contains("Accord writes its output"));
        assert_eq!(errors.len(), 6, "{errors:?}");

        // A source folder that is itself a link out of the site.
        std::fs::remove_dir_all(root.join("content")).expect("remove");
        std::fs::create_dir_all(outside.join("content/articles")).expect("mkdir");
        std::fs::write(outside.join("content/articles/a.en.md"), "x").expect("write");
        symlink(outside.join("content"), root.join("content")).expect("symlink");
        let mut errors = Vec::new();
        let files = files_below_unordered(&root.join("content/articles"), &mut errors);
        assert!(files.is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].file.as_deref(),
            Some(root.join("content").as_path())
        );

        // Files read by name: the links directly in a folder.
        std::fs::remove_file(root.join("content")).expect("remove");
        std::fs::create_dir(root.join("content")).expect("mkdir");
        std::fs::write(root.join("content/participants.toml"), "").expect("write");
        symlink(outside.join("secret"), root.join("content/treaty.toml")).expect("symlink");
        symlink("participants.toml", root.join("content/copy.toml")).expect("symlink");
        let errors = links_leaving(&root.join("content"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].file.as_deref(),
            Some(root.join("content/treaty.toml").as_path())
        );
    }
}
