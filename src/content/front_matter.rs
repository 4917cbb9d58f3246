//! Splitting a content file into its TOML front matter (between `+++` lines) and Markdown body.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::Diagnostic;
use crate::error::toml_error_at;

/// The fence that opens and closes front matter.
const FENCE: &str = "+++";

/// A content file cut in two, remembering where each part starts so errors keep their lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the fences.
    pub front_matter: &'a str,
    /// The 1-based line of the file where the TOML starts.
    pub front_matter_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// The 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Cuts `text` (already BOM-free with LF endings) at its `+++` fences.
///
/// The error gives the line to look at and what was expected there.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let mut lines = text.split_inclusive('\n');
    let opening = lines.next().unwrap_or("");
    if opening.trim_end() != FENCE {
        let message = if text.trim().is_empty() {
            "the file is empty: it needs front matter between `+++` lines, then the text".to_owned()
        } else {
            format!(
                "missing front matter: the first line must be `{FENCE}`, found `{}`",
                abbreviate(opening.trim_end())
            )
        };
        return Err((1, message));
    }
    let front_start = opening.len();
    let mut offset = front_start;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == FENCE {
            let body_start = offset + line.len();
            return Ok(Split {
                front_matter: &text[front_start..offset],
                front_matter_line: 2,
                body: &text[body_start..],
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err((
        1,
        format!("unterminated front matter: the `{FENCE}` on line 1 has no closing `{FENCE}` line"),
    ))
}

/// Splits `text` and deserializes its front matter into `T`, with errors placed in `path`.
pub fn parse<'a, T: DeserializeOwned>(
    path: &Path,
    text: &'a str,
) -> Result<(T, Split<'a>), Diagnostic> {
    let split =
        split(text).map_err(|(line, message)| Diagnostic::in_file(path, message).at(line, None))?;
    let front_matter = toml::from_str(split.front_matter).map_err(|error| {
        toml_error_at(path, split.front_matter, &error, split.front_matter_line)
    })?;
    Ok((front_matter, split))
}

fn abbreviate(line: &str) -> String {
    let mut short: String = line.chars().take(40).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body_with_their_lines() {
        let text = "+++\ntitle = \"x\"\n+++\n\nBody\n";
        let split = split(text).expect("has front matter");
        assert_eq!(split.front_matter, "title = \"x\"\n");
        assert_eq!(split.body, "\nBody\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn body_may_contain_fences_after_the_closing_one() {
        let split = split("+++\na = 1\n+++\nx\n+++\n").expect("has front matter");
        assert_eq!(split.body, "x\n+++\n");
    }

    #[test]
    fn missing_unterminated_and_empty_are_distinct_errors() {
        assert!(
            split("title = 1\n")
                .unwrap_err()
                .1
                .contains("missing front matter")
        );
        assert!(
            split("+++\ntitle = 1\n")
                .unwrap_err()
                .1
                .contains("unterminated")
        );
        assert!(split("").unwrap_err().1.contains("empty"));
        assert!(split("+++").unwrap_err().1.contains("unterminated"));
    }

    #[test]
    fn toml_errors_are_placed_on_the_file_line() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Meta {
            title: String,
        }
        let text = "+++\n\ntitle = 5\n+++\n";
        let error = parse::<Meta>(Path::new("a.en.md"), text).expect_err("wrong type");
        assert_eq!(error.line, Some(3), "{error}");
    }
}
