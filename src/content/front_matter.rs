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
    let front_matter = toml::from_str(split.front_matter)
        .map_err(|error| plain_error(path, split.front_matter, &error, split.front_matter_line))?;
    Ok((front_matter, split))
}

/// What each front-matter field holds, and a line that sets it right.
const FIELDS: &[(&str, &str, &str)] = &[
    (
        "title",
        "a string",
        "title = \"Morocco signs the convention\"",
    ),
    ("date", "a date", "date = 2025-10-25"),
    ("end", "a date", "end = \"2024-12-25\""),
    (
        "summary",
        "a string",
        "summary = \"One or two sentences for lists and feeds.\"",
    ),
    ("draft", "true or false", "draft = true"),
    ("event", "a string", "event = \"hanoi-signing-ceremony\""),
    ("tags", "a list of strings", "tags = [\"mauritius\"]"),
    ("states", "a list of strings", "states = [\"MA\"]"),
    ("kind", "a string", "kind = \"signature\""),
    ("translation", "a string", "translation = \"pending\""),
    (
        "source",
        "a table with `name` and `url`",
        "source = { name = \"Assahifa English\", url = \"https://www.assahifa.com/english/\" }",
    ),
    (
        "sources",
        "a list of tables with `title` and `url`",
        "[[sources]] then title = \"UN Treaty Collection\" and url = \"https://treaties.un.org/\" on the lines below",
    ),
    ("name", "a string", "name = \"Assahifa English\""),
    ("url", "a string", "url = \"https://treaties.un.org/\""),
    (
        "lint",
        "a table with `allow`",
        "lint.allow = [\"repeated-paragraph\"]",
    ),
    (
        "allow",
        "a list of strings",
        "allow = [\"repeated-paragraph\"]",
    ),
];

/// A TOML error in front matter, in plain words: which field, what it must hold, and a line that
/// is right, at the line of the mistake. `text` starts on line `first_line` of `path`.
pub fn plain_error(
    path: &Path,
    text: &str,
    error: &toml::de::Error,
    first_line: usize,
) -> Diagnostic {
    let raw = error.message().trim();
    let Some(message) = plain_message(text, raw, error.span()) else {
        return toml_error_at(path, text, error, first_line);
    };
    let diagnostic = Diagnostic::in_file(path, message);
    match error.span() {
        // A field missing from the whole table: the opening fence is the place to look.
        Some(span) if !raw.starts_with("missing field") => {
            diagnostic.at_offset(text, span.start, first_line)
        }
        _ => diagnostic.at(first_line - 1, None),
    }
}

/// The plain words for the TOML message `raw` about `text` at `span`, if it is a mistake we
/// can explain.
fn plain_message(text: &str, raw: &str, span: Option<std::ops::Range<usize>>) -> Option<String> {
    if let Some(field) = between(raw, "missing field `", "`") {
        let example = example(field).unwrap_or_default();
        return Some(format!(
            "`{field}` is missing: add it to the front matter, e.g. {example}"
        ));
    }
    if let Some(field) = between(raw, "unknown field `", "`") {
        let accepted = quoted_names(raw.split_once("expected").map_or("", |(_, rest)| rest));
        let hint = closest(field, &accepted)
            .map(|name| format!("did you mean `{name}`? "))
            .unwrap_or_default();
        return Some(format!(
            "`{field}` is not a field here: {hint}the fields are {}",
            accepted.join(", ")
        ));
    }
    let field = key_before(text, span.as_ref()?.start)?;
    if let Some(value) = between(raw, "unknown variant `", "`") {
        let accepted = quoted_names(raw.split_once("expected").map_or("", |(_, rest)| rest));
        let suggestion = closest(value, &accepted).or(accepted.first().copied())?;
        return Some(format!(
            "`{field} = \"{value}\"` is not one of the accepted values: use {}, e.g. {field} = \"{suggestion}\"",
            one_of(&accepted)
        ));
    }
    let found = raw.strip_prefix("invalid type: ")?;
    let found = found
        .split_once(", expected")
        .map_or(found, |(found, _)| found);
    let leaf = field.rsplit('.').next().unwrap_or(&field);
    let (_, what, example) = FIELDS.iter().find(|(name, ..)| *name == leaf)?;
    // `tags = "mauritius"`: the list that holds what was written.
    let example = match between(found, "string \"", "\"") {
        Some(value) if what.starts_with("a list of strings") => {
            format!("{field} = [\"{value}\"]")
        }
        _ => (*example).to_owned(),
    };
    Some(format!(
        "`{field}` must be {what}, not {}: e.g. {example}",
        found.replace('"', "")
    ))
}

/// The example line for `field`.
fn example(field: &str) -> Option<&'static str> {
    FIELDS
        .iter()
        .find(|(name, ..)| *name == field)
        .map(|(.., example)| *example)
}

/// The text of `raw` between `start` and the next `end`.
fn between<'a>(raw: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &raw[raw.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// The names between backticks in serde's "expected one of `a`, `b`".
fn quoted_names(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// "a, b or c".
fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The name among `names` closest to `typed`, if it is close (a shared start of three letters
/// or at most two edits).
fn closest<'a>(typed: &str, names: &[&'a str]) -> Option<&'a str> {
    names
        .iter()
        .map(|name| {
            let shared = typed
                .chars()
                .zip(name.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let distance = edit_distance(typed, name);
            (name, shared, distance)
        })
        .filter(|(_, shared, distance)| *shared >= 3 || *distance <= 2)
        .max_by_key(|(_, shared, distance)| (*shared, std::cmp::Reverse(*distance)))
        .map(|(name, ..)| *name)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The key whose value holds byte `offset` of the TOML `text`: the last key before it, strings
/// skipped (`lint.allow` for a dotted key).
fn key_before(text: &str, offset: usize) -> Option<String> {
    let mut key = None;
    let mut token_start = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if at >= offset {
            break;
        }
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                token_start = at + 1;
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '=' => {
                    let name = text[token_start..at].trim();
                    if !name.is_empty() {
                        key = Some(name.to_owned());
                    }
                }
                '\n' | '{' | ',' | '[' => token_start = at + 1,
                '#' => {}
                _ => {}
            },
        }
    }
    key
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

    fn article_error(front_matter: &str) -> Diagnostic {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Meta {
            title: String,
            #[serde(default)]
            tags: Vec<String>,
            kind: Option<crate::content::EventKind>,
            lint: Option<Lint>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Lint {
            allow: Vec<String>,
        }
        let text = format!("+++\n{front_matter}+++\n");
        parse::<Meta>(Path::new("a.en.md"), &text).expect_err("invalid")
    }

    #[test]
    fn common_mistakes_are_explained_with_an_example() {
        let error = article_error("title = \"t\"\ntags = \"mauritius\"\n");
        assert_eq!(
            error.message,
            "`tags` must be a list of strings, not string mauritius: e.g. tags = [\"mauritius\"]"
        );
        assert_eq!(error.line, Some(3));
        let error = article_error("title = \"t = u\"\n\nkind = \"signing\"\n");
        assert!(
            error.message.starts_with("`kind = \"signing\"` is not one of the accepted values: use proposal, resolution, negotiation, adoption, signature, ratification or entry-into-force, e.g. kind = \"signature\""),
            "{}",
            error.message
        );
        assert_eq!(error.line, Some(4));
        let error = article_error("tags = []\n");
        assert_eq!(
            error.message,
            "`title` is missing: add it to the front matter, e.g. title = \"Morocco signs the convention\""
        );
        assert_eq!(error.line, Some(1));
        let error = article_error("title = \"t\"\ntitel = \"t\"\n");
        assert!(
            error
                .message
                .starts_with("`titel` is not a field here: did you mean `title`?"),
            "{}",
            error.message
        );
        let error = article_error("title = \"t\"\nlint.allow = \"x\"\n");
        assert!(
            error
                .message
                .starts_with("`lint.allow` must be a list of strings"),
            "{}",
            error.message
        );
        let error = article_error("title = 5\n");
        assert!(
            error
                .message
                .starts_with("`title` must be a string, not integer"),
            "{}",
            error.message
        );
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
