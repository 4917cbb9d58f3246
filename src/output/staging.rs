//! The staging folder a build writes into and the swap that puts it in place of the output:
//! names that carry the building process's id (cleaned up once that process is gone), the
//! one-step exchange on Linux and the two renames elsewhere.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{MARKER, MARKER_TEXT};
use crate::error::Diagnostic;

/// Output names up to this length appear whole in staging names; longer ones by a hash, so a
/// name near the file system's 255-byte limit still leaves room for the suffix.
const LONGEST_NAME_IN_STAGING: usize = 64;

/// The part of staging names that stands for the output `name`: the name itself, or a hash of
/// it when it is long.
fn staging_stem(name: &OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    let text = name.to_string_lossy();
    if bytes.len() <= LONGEST_NAME_IN_STAGING && !text.contains('\u{fffd}') {
        return text.into_owned();
    }
    // FNV-1a: stable across builds and versions, unlike std's hasher.
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// What a staging folder's name says between the stem and the process id.
const STAGING_TAG: &str = ".accord-staging-";
/// What the name of an old output moved aside (by the two-rename swap) says.
const OLD_TAG: &str = ".accord-old-";

/// `.{stem}{tag}{pid}`.
fn side_name(stem: &str, tag: &str, pid: u32) -> String {
    format!(".{stem}{tag}{pid}")
}

/// The stem, tag and process id of a staging or old-output folder's name.
fn parse_side_name(name: &str) -> Option<(&str, &'static str, u32)> {
    let rest = name.strip_prefix('.')?;
    for tag in [STAGING_TAG, OLD_TAG] {
        if let Some((stem, pid)) = rest.rsplit_once(tag)
            && !stem.is_empty()
            && !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
        {
            return Some((stem, tag, pid.parse().ok()?));
        }
    }
    None
}

/// Whether process `pid` may still be running (anything but a definite "no such process").
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        if pid <= 0 {
            return true;
        }
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        let result = unsafe { libc::kill(pid, 0) };
        !(result == -1 && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH))
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Cleans up after builds that were killed: staging folders of processes that are gone (and of
/// this process), and old outputs moved aside by an interrupted two-rename swap: one of this
/// output, when the output itself is missing, is moved back; the others are deleted.
fn remove_leftovers(parent: &Path, output: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let own_stem = output.file_name().map(staging_stem);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some((stem, tag, pid)) = name.to_str().and_then(parse_side_name) else {
            continue;
        };
        let own = pid == std::process::id();
        if !own && process_alive(pid) {
            continue;
        }
        if !entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            continue;
        }
        let path = entry.path();
        if tag == OLD_TAG
            && own_stem.as_deref() == Some(stem)
            && fs::symlink_metadata(output).is_err()
            && fs::rename(&path, output).is_ok()
        {
            continue;
        }
        let _ = remove_tree(&path);
    }
}

/// A folder beside `output` to render into, removed again if the build fails.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
}

impl Staging {
    /// Creates a staging folder next to `output` (same file system, so the swap is a rename)
    /// holding only the [`MARKER`], after removing what killed builds left behind.
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let parent = output.parent().unwrap_or(Path::new("."));
        let stem = staging_stem(output.file_name().unwrap_or(OsStr::new("public")));
        fs::create_dir_all(parent).map_err(|error| {
            Diagnostic::in_file(
                parent,
                format!("cannot create the output's folder: {error}"),
            )
        })?;
        remove_leftovers(parent, output);
        let dir = parent.join(side_name(&stem, STAGING_TAG, std::process::id()));
        if fs::symlink_metadata(&dir).is_ok() {
            remove_any(&dir).map_err(|error| {
                Diagnostic::in_file(&dir, format!("cannot clear an old staging folder: {error}"))
            })?;
        }
        fs::create_dir(&dir).map_err(|error| {
            Diagnostic::in_file(&dir, format!("cannot create the staging folder: {error}"))
        })?;
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
        };
        fs::write(staging.dir.join(MARKER), MARKER_TEXT).map_err(|error| {
            Diagnostic::in_file(
                staging.dir.join(MARKER),
                format!("cannot write the output marker: {error}"),
            )
        })?;
        Ok(staging)
    }

    /// Where to render.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces the output folder with the staged one. `Ok(Some(warning))` when the new site is
    /// in place but the previous one could not be deleted (the next build tries again).
    pub fn commit(self) -> Result<Option<Diagnostic>, Diagnostic> {
        let fail = |error: io::Error| {
            Diagnostic::in_file(
                &self.output,
                format!("cannot replace the output folder: {error}"),
            )
        };
        if fs::symlink_metadata(&self.output).is_err() {
            fs::rename(&self.dir, &self.output).map_err(fail)?;
            return Ok(None);
        }
        // The previous output ends up here, to be deleted.
        let previous = match exchange(&self.dir, &self.output) {
            Ok(()) => self.dir.clone(),
            Err(error) if !exchange_unsupported(&error) => return Err(fail(error)),
            Err(_) => {
                // Two renames: between them the output path does not exist.
                let stem = staging_stem(self.output.file_name().unwrap_or(OsStr::new("public")));
                let previous =
                    self.dir
                        .with_file_name(side_name(&stem, OLD_TAG, std::process::id()));
                fs::rename(&self.output, &previous).map_err(fail)?;
                if let Err(error) = fs::rename(&self.dir, &self.output) {
                    // Put the previous site back so a failed swap loses nothing.
                    let _ = fs::rename(&previous, &self.output);
                    return Err(fail(error));
                }
                previous
            }
        };
        Ok(remove_any(&previous).err().map(|error| {
            Diagnostic::warning(
                &self.output,
                format!(
                    "the new site is in place; the previous output could not be deleted from \
                     {}: {error} (the next build tries again)",
                    previous.display()
                ),
            )
        }))
    }
}

/// Swaps two paths in one step, so each always names one of the two folders.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let path = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a NUL byte in the path"))
    };
    let (a, b) = (path(a)?, path(b)?);
    // The raw system call rather than glibc's wrapper (2.28 and later): any C library will do.
    // SAFETY: both paths are NUL-terminated strings that live across the call.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Without an exchange, the caller falls back to two renames.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether `exchange` failed because the system or file system cannot exchange (an old
/// kernel, a file system without it), rather than for a reason a rename would meet too.
fn exchange_unsupported(error: &io::Error) -> bool {
    if error.kind() == io::ErrorKind::Unsupported {
        return true;
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        matches!(
            error.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
        )
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        false
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

/// Deletes a folder with everything in it, or a file or link.
fn remove_any(path: &Path) -> io::Result<()> {
    if fs::symlink_metadata(path)?.is_dir() {
        remove_tree(path)
    } else {
        fs::remove_file(path)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if fs::symlink_metadata(&self.dir).is_ok() {
            let _ = remove_any(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::is_accord_output;

    #[test]
    fn staging_names_stay_short_and_parse_back() {
        let long = "x".repeat(255);
        let stem = staging_stem(OsStr::new(&long));
        assert_eq!(stem.len(), 16);
        assert_eq!(stem, staging_stem(OsStr::new(&long)), "stable");
        assert_ne!(stem, staging_stem(OsStr::new(&"y".repeat(255))));
        assert_eq!(staging_stem(OsStr::new("public")), "public");
        let name = side_name("public", STAGING_TAG, 4242);
        assert_eq!(name, ".public.accord-staging-4242");
        assert_eq!(parse_side_name(&name), Some(("public", STAGING_TAG, 4242)));
        assert_eq!(
            parse_side_name(".my.site.accord-old-7"),
            Some(("my.site", OLD_TAG, 7))
        );
        for other in [
            "public",
            ".public.accord-staging-",
            ".public.accord-staging-12a",
            "..accord-staging-1",
        ] {
            assert_eq!(parse_side_name(other), None, "{other}");
        }
    }

    /// The id of a process that has ended.
    #[cfg(unix)]
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true")
            .spawn()
            .expect("run true");
        let pid = child.id();
        child.wait().expect("wait");
        pid
    }

    #[cfg(unix)]
    #[test]
    fn leftovers_of_dead_builds_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let output = dir.path().join("public");
        let dead = dead_pid();
        let stale = dir.path().join(side_name("public", STAGING_TAG, dead));
        let other_stale = dir.path().join(side_name("elsewhere", STAGING_TAG, dead));
        let live = dir.path().join(side_name(
            "public",
            STAGING_TAG,
            std::os::unix::process::parent_id(),
        ));
        for folder in [&stale, &other_stale, &live] {
            fs::create_dir_all(folder.join("en")).expect("mkdir");
            fs::write(folder.join("en/index.html"), "x").expect("write");
        }
        // An old output moved aside by a two-rename swap killed half way, output missing.
        let old = dir.path().join(side_name("public", OLD_TAG, dead));
        fs::create_dir(&old).expect("mkdir");
        fs::write(old.join("index.html"), "old").expect("write");

        let staging = Staging::create(&output).expect("staging");
        assert!(
            !stale.exists() && !other_stale.exists(),
            "dead leftovers removed"
        );
        assert!(live.exists(), "a running build's staging is left alone");
        assert!(!old.exists());
        assert_eq!(
            fs::read_to_string(output.join("index.html")).expect("moved back"),
            "old"
        );
        assert!(staging.dir().join(MARKER).is_file());
        drop(staging);
    }

    #[cfg(unix)]
    #[test]
    fn a_previous_output_that_cannot_be_deleted_is_a_truthful_warning() {
        use std::os::unix::fs::PermissionsExt;
        // Root may delete anything: permissions cannot make deletion fail for it.
        if unsafe { libc::geteuid() } == 0 {
            return;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let output = dir.path().join("public");
        fs::create_dir_all(output.join("locked")).expect("mkdir");
        fs::write(output.join("locked/file"), "x").expect("write");
        fs::set_permissions(output.join("locked"), fs::Permissions::from_mode(0o500))
            .expect("chmod");
        let staging = Staging::create(&output).expect("staging");
        fs::write(staging.dir().join("new.html"), "new").expect("write");
        let warning = staging.commit().expect("committed").expect("a warning");
        assert!(
            warning
                .message
                .starts_with("the new site is in place; the previous output could not be deleted"),
            "{warning}"
        );
        assert!(output.join("new.html").exists());
        for entry in fs::read_dir(dir.path()).expect("list").flatten() {
            let locked = entry.path().join("locked");
            if locked.exists() {
                fs::set_permissions(&locked, fs::Permissions::from_mode(0o700)).expect("chmod");
            }
        }
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
        assert_eq!(staging.commit().expect("commit"), None);
        assert!(output.join("new.html").exists());
        assert!(output.join(MARKER).exists());
        assert!(is_accord_output(&output));
        assert!(!output.join("old.html").exists());
        let leftovers = fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "only the output folder remains");

        // No output yet: a plain rename.
        let fresh = dir.path().join("fresh");
        let staging = Staging::create(&fresh).expect("staging");
        assert_eq!(staging.commit().expect("commit"), None);
        assert!(is_accord_output(&fresh));
    }
}
