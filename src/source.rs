//! Reading the files a user wrote: as UTF-8 text, without hanging on a FIFO, naming the file and
//! line of an invalid byte.

use std::path::Path;

use crate::error::{Diagnostic, line_column};

/// Reads a file the user wrote as UTF-8 text, naming the file and line of any invalid byte.
///
/// A leading byte-order mark is dropped and CRLF line endings become LF, so editors on any
/// platform produce the same site.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let cannot_read =
        |error: std::io::Error| Diagnostic::in_file(path, format!("cannot read the file: {error}"));
    // Reading a FIFO or a device would block the build forever (or never end): only regular
    // files, after following symbolic links, are sources. Opening without blocking and asking
    // the open file (not the path again) costs no extra system call per source file.
    let mut file = open_without_blocking(path).map_err(cannot_read)?;
    let metadata = file.metadata().map_err(cannot_read)?;
    if !metadata.is_file() {
        let what = if metadata.is_dir() {
            "a folder"
        } else {
            "a FIFO, socket or device"
        };
        return Err(Diagnostic::in_file(
            path,
            format!("cannot read the file: it is {what}, not a regular file"),
        ));
    }
    let size = usize::try_from(metadata.len()).unwrap_or(0);
    let bytes = read_regular_file(&mut file, size).map_err(cannot_read)?;
    decode_text(bytes, path)
}

/// Reads all of `file`, a regular file that held `size` bytes when asked.
///
/// `read_to_end` would ask the file its size and position again and then read once more to
/// see the end: three system calls more per source file, 60,000 for a site of 20,000 articles.
/// Asking for one byte more than `size` gets the end in the first read instead: a short read of
/// exactly `size` bytes is the end, and a file that grew since fills the buffer and is read on.
fn read_regular_file(file: &mut std::fs::File, size: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = vec![0; size.saturating_add(1)];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            bytes.resize(bytes.len().saturating_mul(2), 0);
        }
        let n = match file.read(&mut bytes[filled..]) {
            Ok(n) => n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        filled += n;
        if n == 0 || (filled == size && filled < bytes.len()) {
            bytes.truncate(filled);
            return Ok(bytes);
        }
    }
}

/// Opens `path` for reading; on Unix with `O_NONBLOCK`, so that opening a FIFO returns at once
/// (regular files ignore the flag).
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

/// Decodes the bytes of a file the user wrote as [`read_text`] does; `path` is only used in messages.
pub fn decode_text(bytes: Vec<u8>, path: &Path) -> Result<String, Diagnostic> {
    let text = match simdutf8::compat::from_utf8(&bytes) {
        // SAFETY: simdutf8 has just checked that `bytes` is valid UTF-8, by the same definition
        // as std (the test below compares the two); validating again would double the cost.
        Ok(_) => unsafe { String::from_utf8_unchecked(bytes) },
        Err(error) => {
            let valid = error.valid_up_to();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let (line, column) = line_column(&prefix, prefix.len());
            return Err(Diagnostic::in_file(
                path,
                format!(
                    "the file is not valid UTF-8 (invalid byte at offset {valid}); save it as UTF-8"
                ),
            )
            .at(line, Some(column)));
        }
    };
    let without_bom = text.strip_prefix('\u{feff}');
    Ok(match without_bom {
        _ if memchr::memchr(b'\r', text.as_bytes()).is_some() => {
            without_bom.unwrap_or(&text).replace("\r\n", "\n")
        }
        Some(rest) => rest.to_owned(),
        // Most files: no copy at all.
        None => text,
    })
}

/// `bytes` as text, checked with SIMD (our own output is always UTF-8: the standard library's
/// lossy conversion checked it byte by byte, 4% of a build), any invalid sequence replaced.
pub fn utf8_lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_read_whole_whatever_size_was_seen() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.md");
        let text = "+++\ntitle = \"t\"\n+++\nBody\n".repeat(300);
        std::fs::write(&path, &text).expect("write");
        let read = |size: usize| {
            let mut file = std::fs::File::open(&path).expect("open");
            read_regular_file(&mut file, size).expect("read")
        };
        // The size seen, a file that grew since (read on), one that shrank (the end comes first).
        for size in [text.len(), 10, text.len() + 500, 0] {
            assert_eq!(read(size), text.as_bytes(), "size {size}");
        }
        std::fs::write(&path, "").expect("write");
        assert!(read(0).is_empty());
    }

    #[test]
    fn read_text_strips_bom_and_crlf_and_reports_invalid_utf8() {
        let dir = tempfile::tempdir().expect("temp dir");
        let good = dir.path().join("good.md");
        std::fs::write(&good, b"\xEF\xBB\xBFa\r\nb\r\n").expect("write");
        assert_eq!(read_text(&good).expect("utf-8"), "a\nb\n");

        let bad = dir.path().join("bad.md");
        std::fs::write(&bad, b"ok\nline two \xFF here").expect("write");
        let error = read_text(&bad).expect_err("not utf-8");
        assert_eq!(error.line, Some(2));
        assert!(error.message.contains("UTF-8"));
    }

    #[test]
    fn decode_text_accepts_and_refuses_what_std_does_at_the_same_offset() {
        let long = "نص طويل ".repeat(40);
        let cases: [&[u8]; 12] = [
            b"",
            b"plain ascii",
            "عربي ومزيج".as_bytes(),
            "\u{10FFFF} \u{FFFD} \u{7FF} \u{800}".as_bytes(),
            b"\xFF",
            b"abc\xC3",
            b"abc\xC3(",
            b"\xED\xA0\x80 surrogate",
            b"\xF4\x90\x80\x80 above U+10FFFF",
            b"\xC0\xAF overlong",
            long.as_bytes(),
            b"\xE2\x82",
        ];
        for bytes in cases {
            let decoded = decode_text(bytes.to_vec(), Path::new("x.md"));
            match std::str::from_utf8(bytes) {
                Ok(text) => assert_eq!(decoded.expect("valid"), text),
                Err(error) => {
                    let message = decoded.expect_err("invalid").message;
                    let offset = format!("offset {}", error.valid_up_to());
                    assert!(message.contains(&offset), "{message} (std: {offset})");
                }
            }
        }
    }

    #[test]
    fn read_text_refuses_what_is_not_a_regular_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("x.en.md");
        std::fs::create_dir(&folder).expect("mkdir");
        let error = read_text(&folder).expect_err("a folder");
        assert!(error.message.contains("a folder"), "{error}");
        assert_eq!(error.file.as_deref(), Some(folder.as_path()));

        // A FIFO with no writer would block `fs::read` forever; it must fail at once instead.
        let fifo = dir.path().join("y.en.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|status| status.success()) {
            let error = read_text(&fifo).expect_err("a FIFO");
            assert!(error.message.contains("FIFO"), "{error}");
        }
    }
}
