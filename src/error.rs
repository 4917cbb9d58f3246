//! Errors and warnings that point at the file (and line) a user has to fix.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a [`Diagnostic`] is: errors fail a build, warnings only `check --strict`; allowed
/// warnings and notes are listed by `check` and never fail it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A warning the file's front matter allows (`lint.allow`): listed, never counted.
    Allowed,
    /// Worth knowing, nothing to fix (a translation marked `translation = "pending"`).
    Note,
    /// Something a reader would notice but the site still builds.
    Warning,
    /// The site cannot be built correctly.
    Error,
}

/// One problem found in the user's site, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file to open, if the problem lives in one.
    pub file: Option<PathBuf>,
    /// 1-based line in `file`, when known.
    pub line: Option<usize>,
    /// 1-based column in `file`, when known.
    pub column: Option<usize>,
    /// What is wrong, and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// An error about the site as a whole, not one file.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// An error in `file`.
    pub fn in_file(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: Some(file.as_ref().to_path_buf()),
            ..Diagnostic::error(message)
        }
    }

    /// A warning in `file`.
    pub fn warning(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::in_file(file, message)
        }
    }

    /// A note in `file`: listed by `check`, never failing it.
    pub fn note(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::in_file(file, message)
        }
    }

    /// The same diagnostic with `severity`.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The same diagnostic, placed at `line` (and `column`, if known).
    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    /// The same diagnostic, placed at byte `offset` of `text`, a part of the file that starts on
    /// line `first_line` (front matter starts on line 2).
    pub fn at_offset(self, text: &str, offset: usize, first_line: usize) -> Self {
        let (line, column) = line_column(text, offset);
        self.at(line + first_line - 1, Some(column))
    }

    /// Whether this diagnostic fails a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
            Severity::Allowed => "allowed",
        };
        write!(f, "{label}: ")?;
        if let Some(file) = &self.file {
            let shown = file.strip_prefix(".").unwrap_or(file);
            write!(f, "{}", shown.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Why a build failed: every error found, so the user can fix them in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The errors, in the order the pipeline met them.
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildError {
    /// Wraps one diagnostic.
    pub fn one(diagnostic: Diagnostic) -> Self {
        BuildError {
            diagnostics: vec![diagnostic],
        }
    }
}

impl From<Diagnostic> for BuildError {
    fn from(diagnostic: Diagnostic) -> Self {
        BuildError::one(diagnostic)
    }
}

impl From<Vec<Diagnostic>> for BuildError {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        BuildError { diagnostics }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.diagnostics.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// Converts a byte offset in `text` to a 1-based (line, column), counting columns in characters.
///
/// An offset inside a character counts as that character's start.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// A diagnostic in `path` at the start of `span`, a byte range of `text`, which begins on line
/// `first_line` of the file (front matter begins on line 2).
pub fn at_span(
    path: &Path,
    text: &str,
    span: std::ops::Range<usize>,
    first_line: usize,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::in_file(path, message).at_offset(text, span.start, first_line)
}

/// Turns a TOML error into a diagnostic at the right line of `path`, shifted by `first_line - 1`.
pub fn toml_error_at(
    path: &Path,
    text: &str,
    error: &toml::de::Error,
    first_line: usize,
) -> Diagnostic {
    let message = error.message().trim().to_owned();
    match error.span() {
        Some(span) => at_span(path, text, span, first_line, message),
        None => Diagnostic::in_file(path, message),
    }
}

/// Diagnostics in the one order every report uses: errors before warnings, then by file, line,
/// column and message, without repeats, so a report reads the same whichever thread found what
/// first.
pub fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| {
        (
            std::cmp::Reverse(a.severity),
            &a.file,
            a.line,
            a.column,
            &a.message,
        )
            .cmp(&(
                std::cmp::Reverse(b.severity),
                &b.file,
                b.line,
                b.column,
                &b.message,
            ))
    });
    diagnostics.dedup();
    diagnostics
}

/// The first character of `text` that XML 1.0 forbids (C0 controls other than tab, line feed and
/// carriage return, U+FFFE, U+FFFF). TOML escapes such as `\u0001` can put them in a title, and one
/// of them makes the whole Atom feed unreadable.
pub fn xml_forbidden(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    })
}

thread_local! {
    /// Set while [`catch_panic`] runs a closure on this thread.
    static CATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `work`, returning `None` instead of unwinding if it panics, without printing the panic:
/// for a library that panics on input we must report as an error. Other threads' panics print
/// as usual.
pub fn catch_panic<T>(work: impl FnOnce() -> T + std::panic::UnwindSafe) -> Option<T> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CATCHING.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was_catching = CATCHING.with(|catching| catching.replace(true));
    let result = std::panic::catch_unwind(work);
    CATCHING.with(|catching| catching.set(was_catching));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "أ\nبت x";
        let offset = text.find('x').unwrap_or_default();
        assert_eq!(line_column(text, offset), (2, 4));
    }

    #[test]
    fn line_column_inside_a_character_counts_its_start() {
        let text = "a\nبت\nc\nd";
        // Byte 3 is the middle of `ب`: it is on line 2, not at the end of the text.
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 4), (2, 2));
        assert_eq!(line_column(text, 999), (4, 2));
    }

    #[test]
    fn xml_forbidden_finds_controls_but_not_whitespace() {
        assert_eq!(xml_forbidden("tab\tline\nok, عربي"), None);
        assert_eq!(xml_forbidden("a\u{1}b\0"), Some('\u{1}'));
        assert_eq!(xml_forbidden("\u{FFFF}"), Some('\u{FFFF}'));
    }

    #[test]
    fn display_names_file_line_and_column() {
        let diagnostic = Diagnostic::in_file("content/a.en.md", "bad").at(3, Some(7));
        assert_eq!(diagnostic.to_string(), "error: content/a.en.md:3:7: bad");
    }
}
