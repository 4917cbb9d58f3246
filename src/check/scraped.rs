//! What a scraper brings along with pasted news: paragraphs that appear twice
//! (`repeated-paragraph`), and page furniture (`scraped-furniture`): weather widgets and weather
//! lines, share and follow prompts, cookie banners, "related articles", newsletter prompts,
//! advertisement labels, copyright and tag lines, in English and Arabic.
//!
//! It reads the Markdown source line by line, so each warning names the line to delete. Every
//! check is linear in the length of the body.

use std::collections::HashMap;
use std::path::Path;

use crate::content::Lint;
use crate::error::Diagnostic;
use crate::site::Site;

use super::scraped_words::*;

/// A line shorter than this (in characters) is too short to call a repeated paragraph.
const MIN_REPEATED_CHARS: usize = 40;

/// A line longer than this (in words) is prose, whatever it starts with.
const MAX_FURNITURE_WORDS: usize = 12;

/// A line of at most this many words that says "all rights reserved" is a copyright line.
const MAX_RIGHTS_WORDS: usize = 8;

/// A line with a temperature ("13.25 °C") and at most this many words is a weather line.
const MAX_WEATHER_WORDS: usize = 6;

/// Checks every article and event of the site, each with the lints its front matter allows.
pub fn check_content(site: &Site) -> Vec<Diagnostic> {
    let articles = site
        .content
        .articles
        .iter()
        .map(|a| (&a.path, a.body(), a.body_line, a.lint_allow.as_slice()));
    let events = site.content.events.iter().map(|e| {
        (
            &e.path,
            e.body.as_str(),
            e.body_line,
            e.lint_allow.as_slice(),
        )
    });
    articles
        .chain(events)
        .flat_map(|(path, body, first_line, allow)| check_allowing(path, body, first_line, allow))
        .collect()
}

/// Checks one Markdown body that starts at `first_line` of `path`.
pub fn check_text(path: &Path, body: &str, first_line: usize) -> Vec<Diagnostic> {
    check_allowing(path, body, first_line, &[])
}

/// Checks one Markdown body that starts at `first_line` of `path`, whose front matter allows
/// the lints `allow`.
pub fn check_allowing(
    path: &Path,
    body: &str,
    first_line: usize,
    allow: &[Lint],
) -> Vec<Diagnostic> {
    let lines = prose_lines(body);
    let report = Report {
        path,
        first_line,
        allow,
    };
    let mut warnings = repeated_lines(&report, &lines);
    let (widgets, in_widget) = weather_widgets(&report, &lines);
    warnings.extend(widgets);
    warnings.extend(furniture(&report, &lines, &in_widget));
    warnings
}

/// Where warnings go: the file, the line its body starts on, the lints it allows.
struct Report<'a> {
    path: &'a Path,
    first_line: usize,
    allow: &'a [Lint],
}

impl Report<'_> {
    /// The warning about body line `index`.
    fn warn(&self, lint: Lint, index: usize, message: impl std::fmt::Display) -> Diagnostic {
        lint.warning(self.path, message, self.allow)
            .at(index + self.first_line, None)
    }
}

/// One line of prose.
struct Line {
    /// Its index in the body.
    index: usize,
    /// Its text, trimmed, with runs of white space as one space.
    text: String,
}

/// Every line outside code blocks, in order.
fn prose_lines(body: &str) -> Vec<Line> {
    let mut in_code = false;
    let mut lines = Vec::new();
    for (index, line) in body.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if !in_code && !line.starts_with("    ") && !trimmed.is_empty() {
            lines.push(Line {
                index,
                text: trimmed.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        }
    }
    lines
}

/// Runs of lines that repeat earlier lines, reported once per run. One pass with a map from each
/// paragraph to its first line: linear in the number of lines.
fn repeated_lines(report: &Report, lines: &[Line]) -> Vec<Diagnostic> {
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    // (position in `lines`, body index of the original)
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    for (position, line) in lines.iter().enumerate() {
        let text = line.text.as_str();
        let worth_comparing = text.len() >= MIN_REPEATED_CHARS
            && text.chars().count() >= MIN_REPEATED_CHARS
            && !text.starts_with('|')
            && !text.starts_with('#');
        if !worth_comparing {
            continue;
        }
        match first_seen.get(text) {
            Some(&original) => repeats.push((position, original)),
            None => {
                first_seen.insert(text, line.index);
            }
        }
    }
    let mut warnings = Vec::new();
    let mut run_start = 0;
    for (at, &(position, _)) in repeats.iter().enumerate() {
        let next_follows = repeats
            .get(at + 1)
            .is_some_and(|&(next, _)| next == position + 1);
        if next_follows {
            continue;
        }
        let (first, original) = repeats[run_start];
        let (first, last) = (lines[first].index, lines[position].index);
        let count = at - run_start + 1;
        let what = if count == 1 {
            format!(
                "this paragraph repeats line {}",
                original + report.first_line
            )
        } else {
            format!(
                "{count} paragraphs (lines {}–{}) repeat earlier ones, from line {}",
                first + report.first_line,
                last + report.first_line,
                original + report.first_line
            )
        };
        warnings.push(report.warn(
            Lint::RepeatedParagraph,
            first,
            format_args!("{what}: a scraper may have copied it twice"),
        ));
        run_start = at + 1;
    }
    warnings
}

/// What one word of a line is, as far as weather widgets go.
#[derive(Default)]
struct WeatherWords {
    /// Words that are none of the below.
    other: usize,
    words: usize,
    condition: bool,
    weekday: bool,
    time: bool,
    temperature: bool,
    number: bool,
}

/// Sorts the words of `lower` (a lowercased line).
fn weather_words(lower: &str) -> WeatherWords {
    let mut found = WeatherWords::default();
    let mut previous_number = false;
    for word in lower.split_whitespace() {
        found.words += 1;
        let word = word.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | '،'));
        let has_digit = word.chars().any(|c| c.is_ascii_digit());
        let is_number = has_digit
            && word
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '−'));
        let is_time =
            has_digit && word.contains(':') && word.chars().all(|c| c.is_ascii_digit() || c == ':');
        let is_degree = matches!(word, "°" | "°c" | "°f" | "℃" | "℉" | "درجة" | "درجات");
        if (has_digit && (word.contains('°') || word.contains('℃') || word.contains('℉')))
            || (is_degree && previous_number)
        {
            found.temperature = true;
        } else if is_time {
            found.time = true;
        } else if is_number {
            found.number = true;
        } else if WEEKDAYS.contains(&word) {
            found.weekday = true;
        } else if CONDITIONS.contains(&word) {
            found.condition = true;
        } else if !WEATHER_EXTRAS.contains(&word) {
            found.other += 1;
        }
        previous_number = is_number;
    }
    found
}

/// A word of a multi-line weather widget: a reading, a unit, a weekday or a condition, with
/// times of day left out.
fn is_weather_token(lower: &str) -> bool {
    let words = weather_words(lower);
    words.words > 0 && words.other == 0
}

/// Whether one line is a weather reading by itself: a short line with a temperature
/// ("Rabat 13.25 °C"), or nothing but weather words with a condition ("light rain") or a weekday
/// and a time ("Mon 18:00").
fn is_weather_line(lower: &str) -> bool {
    if lower.starts_with('#') {
        return false;
    }
    let words = weather_words(lower);
    (words.temperature && words.words <= MAX_WEATHER_WORDS)
        || (words.other == 0 && (words.condition || (words.weekday && words.time)))
}

/// Three or more consecutive short lines, most of them weekdays, conditions or temperatures;
/// also which lines (by position) they cover, so the one-line checks skip them.
fn weather_widgets(report: &Report, lines: &[Line]) -> (Vec<Diagnostic>, Vec<bool>) {
    let mut warnings = Vec::new();
    let mut covered = vec![false; lines.len()];
    let mut run: Vec<usize> = Vec::new();
    let mut flush = |run: &mut Vec<usize>| {
        if run.len() >= 3 {
            let (first, last) = (lines[run[0]].index, lines[run[run.len() - 1]].index);
            warnings.push(report.warn(
                Lint::ScrapedFurniture,
                first,
                format_args!(
                    "lines {}–{} look like a weather widget (weekdays, conditions, temperatures), not article text",
                    first + report.first_line,
                    last + report.first_line
                ),
            ));
            for &position in run.iter() {
                covered[position] = true;
            }
        }
        run.clear();
    };
    for (position, line) in lines.iter().enumerate() {
        let short = line.text.split_whitespace().count() <= 3;
        if short && is_weather_token(&line.text.to_lowercase()) {
            run.push(position);
        } else {
            flush(&mut run);
        }
    }
    flush(&mut run);
    (warnings, covered)
}

/// Whether `phrase` occurs in `text` between word boundaries.
fn contains_words(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The phrase of [`ANYWHERE`] that `lower` contains, with what it is.
fn anywhere(lower: &str) -> Option<(String, &'static str)> {
    for &(phrase, what) in ANYWHERE {
        match phrase.strip_suffix("{network}") {
            None => {
                if contains_words(lower, phrase) {
                    return Some((phrase.to_owned(), what));
                }
            }
            Some(prefix) => {
                if !lower.contains(prefix) {
                    continue;
                }
                for network in NETWORKS {
                    let phrase = format!("{prefix}{network}");
                    if contains_words(lower, &phrase) {
                        return Some((phrase, what));
                    }
                }
            }
        }
    }
    None
}

/// What kind of one-line furniture `text` is, and the words that show it.
fn furniture_line(text: &str) -> Option<(String, &'static str)> {
    let lower = text.to_lowercase();
    // The line without Markdown or punctuation around it: "**Tags:** …" starts with "tags".
    let bare = lower
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '°' && c != '©')
        .to_owned();
    let words = bare.split_whitespace().count();
    if is_weather_line(&lower) {
        return Some((bare, "a weather widget"));
    }
    if let Some(found) = anywhere(&lower) {
        return Some(found);
    }
    if ADVERTISEMENT.contains(&bare.as_str()) {
        return Some((bare, "an advertisement label"));
    }
    let copyright = bare.starts_with('©')
        || bare.contains("© 1")
        || bare.contains("© 2")
        || ((bare.starts_with("copyright") || bare.starts_with("(c)"))
            && bare.split_whitespace().nth(1).is_some_and(|word| {
                word.starts_with('©') || word.starts_with(|c: char| c.is_ascii_digit())
            }));
    if copyright {
        return Some(("©".to_owned(), "a copyright line"));
    }
    if let Some(phrase) = RIGHTS_RESERVED
        .iter()
        .find(|p| bare.starts_with(*p) || (words <= MAX_RIGHTS_WORDS && contains_words(&bare, p)))
    {
        return Some(((*phrase).to_owned(), "a copyright line"));
    }
    if FOLLOW.contains(&bare.as_str()) {
        return Some((bare, "a follow prompt"));
    }
    for label in TAG_LABELS {
        if let Some(rest) = bare.strip_prefix(label)
            && rest.trim_start().starts_with(':')
        {
            return Some((format!("{label}:"), "a tag line"));
        }
    }
    if words > MAX_FURNITURE_WORDS {
        return None;
    }
    FURNITURE
        .iter()
        .find(|(phrase, _)| bare == *phrase || (phrase.contains(' ') && bare.starts_with(phrase)))
        .map(|&(phrase, what)| (phrase.to_owned(), what))
}

/// Lines that are a known piece of page furniture, except those a weather widget covers.
fn furniture(report: &Report, lines: &[Line], in_widget: &[bool]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (line, _) in lines
        .iter()
        .zip(in_widget)
        .filter(|(_, covered)| !**covered)
    {
        if let Some((phrase, what)) = furniture_line(&line.text) {
            warnings.push(report.warn(
                Lint::ScrapedFurniture,
                line.index,
                format_args!(
                    "`{}` looks like {what} from the source page (\"{phrase}\"), not article text",
                    abbreviate(&line.text)
                ),
            ));
        }
    }
    warnings
}

/// `text`, cut at 60 characters.
fn abbreviate(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(body: &str) -> Vec<String> {
        check_text(Path::new("a.md"), body, 10)
            .into_iter()
            .map(|d| format!("{}: {}", d.line.unwrap_or(0), d.message))
            .collect()
    }

    #[test]
    fn a_repeated_paragraph_is_reported_at_its_second_copy() {
        let body = "The minister spoke of a historic moment for cooperation.\n\nOther text.\n\nThe minister spoke of a historic moment for cooperation.\n";
        let found = warnings(body);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("14: this paragraph repeats line 10"),
            "{found:?}"
        );
    }

    #[test]
    fn a_repeated_run_is_one_warning() {
        let a = "First paragraph that is long enough to count as prose.";
        let b = "Second paragraph that is long enough to count as prose.";
        let body = format!("{a}\n{b}\n{a}\n{b}\n");
        let found = warnings(&body);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("2 paragraphs (lines 12–13)"), "{found:?}");
    }

    #[test]
    fn weather_widget_lines_are_flagged() {
        let body = "Real text of the article goes here.\n\nMon 18:00\nlight rain\n13.25\n°\nC\nTue\n16.01\nmostlycloudy\n";
        let found = warnings(body);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("12: lines 12–19 look like a weather widget"),
            "{found:?}"
        );
    }

    #[test]
    fn furniture_phrases_are_flagged_and_prose_is_not() {
        let body = "Share on Facebook\n\nRead also: another story\n\nWe use cookies to improve your experience.\n\nSubscribe to our newsletter\n\nاقرأ أيضا\n\nThe council will share its findings on Monday with the public.\n";
        let found = warnings(body);
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(found.iter().any(|w| w.contains("share button")));
        assert!(found.iter().any(|w| w.contains("cookie banner")));
        assert!(found.iter().any(|w| w.contains("newsletter")));
        assert!(
            found
                .iter()
                .filter(|w| w.contains("related articles"))
                .count()
                == 2
        );
    }

    #[test]
    fn code_blocks_and_tables_are_not_prose() {
        let body = "```\nsame line of code that is long enough to count\nsame line of code that is long enough to count\n```\n";
        assert!(warnings(body).is_empty());
    }
}
