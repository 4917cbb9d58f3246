//! What a scraper brings along with pasted news: paragraphs that appear twice, and page furniture
//! (weather widgets, share buttons, cookie banners, "related articles", newsletter prompts).
//!
//! It reads the Markdown source line by line, so each warning names the line to delete.

use std::collections::HashMap;
use std::path::Path;

use crate::error::Diagnostic;
use crate::site::Site;

/// A line shorter than this (in characters) is too short to call a repeated paragraph.
const MIN_REPEATED_CHARS: usize = 40;

/// A line longer than this (in words) is prose, whatever it starts with.
const MAX_FURNITURE_WORDS: usize = 12;

/// Words of weather widgets: weekdays, conditions and units, in the languages we paste from.
const WEATHER_WORDS: &[&str] = &[
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "light rain",
    "rain",
    "showers",
    "cloudy",
    "mostlycloudy",
    "mostly cloudy",
    "partlycloudy",
    "partly cloudy",
    "sunny",
    "clear",
    "overcast",
    "fog",
    "snow",
    "thunderstorm",
    "drizzle",
    "°",
    "°c",
    "°f",
    "c",
    "f",
    "الإثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الأحد",
    "ممطر",
    "غائم",
    "مشمس",
    "صحو",
];

/// Phrases that are page furniture, with what they are. A one-word phrase must be the whole line
/// ("Facebook"); a longer one may start a short line ("Read also: …", "We use cookies to …").
const FURNITURE: &[(&str, &str)] = &[
    ("share on", "a share button"),
    ("share this", "a share button"),
    ("share", "a share button"),
    ("tweet", "a share button"),
    ("facebook", "a share button"),
    ("twitter", "a share button"),
    ("whatsapp", "a share button"),
    ("linkedin", "a share button"),
    ("telegram", "a share button"),
    ("copy link", "a share button"),
    ("شارك", "a share button"),
    ("مشاركة", "a share button"),
    ("we use cookies", "a cookie banner"),
    ("accept all cookies", "a cookie banner"),
    ("cookie policy", "a cookie banner"),
    ("accept cookies", "a cookie banner"),
    ("nous utilisons des cookies", "a cookie banner"),
    ("ملفات تعريف الارتباط", "a cookie banner"),
    ("related articles", "a \"related articles\" block"),
    ("related posts", "a \"related articles\" block"),
    ("read also", "a \"related articles\" block"),
    ("read more", "a \"related articles\" block"),
    ("you may also like", "a \"related articles\" block"),
    ("lire aussi", "a \"related articles\" block"),
    ("اقرأ أيضا", "a \"related articles\" block"),
    ("اقرأ أيضًا", "a \"related articles\" block"),
    ("مقالات ذات صلة", "a \"related articles\" block"),
    ("subscribe to our newsletter", "a newsletter prompt"),
    ("sign up for our newsletter", "a newsletter prompt"),
    ("newsletter", "a newsletter prompt"),
    ("subscribe", "a newsletter prompt"),
    ("اشترك في النشرة", "a newsletter prompt"),
    ("النشرة البريدية", "a newsletter prompt"),
];

/// Checks every article and event of the site.
pub fn check_content(site: &Site) -> Vec<Diagnostic> {
    let articles = site
        .content
        .articles
        .iter()
        .map(|a| (&a.path, a.body(), a.body_line));
    let events = site
        .content
        .events
        .iter()
        .map(|e| (&e.path, e.body.as_str(), e.body_line));
    articles
        .chain(events)
        .flat_map(|(path, body, first_line)| check_text(path, body, first_line))
        .collect()
}

/// Checks one Markdown body that starts at `first_line` of `path`.
pub fn check_text(path: &Path, body: &str, first_line: usize) -> Vec<Diagnostic> {
    let lines = prose_lines(body);
    let mut warnings = repeated_lines(path, &lines, first_line);
    warnings.extend(weather_widgets(path, &lines, first_line));
    warnings.extend(furniture(path, &lines, first_line));
    warnings
}

/// (index in body, normalised text) of every line outside code blocks.
fn prose_lines(body: &str) -> Vec<(usize, String)> {
    let mut in_code = false;
    let mut lines = Vec::new();
    for (index, line) in body.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if !in_code && !line.starts_with("    ") && !trimmed.is_empty() {
            lines.push((
                index,
                trimmed.split_whitespace().collect::<Vec<_>>().join(" "),
            ));
        }
    }
    lines
}

/// Runs of lines that repeat earlier lines, reported once per run.
fn repeated_lines(path: &Path, lines: &[(usize, String)], first_line: usize) -> Vec<Diagnostic> {
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    for (index, text) in lines {
        let worth_comparing = text.chars().count() >= MIN_REPEATED_CHARS
            && !text.starts_with('|')
            && !text.starts_with('#');
        if !worth_comparing {
            continue;
        }
        match first_seen.get(text.as_str()) {
            Some(&original) => repeats.push((*index, original)),
            None => {
                first_seen.insert(text, *index);
            }
        }
    }
    let mut warnings = Vec::new();
    let mut run_start = 0;
    for position in 0..repeats.len() {
        let next_follows = repeats
            .get(position + 1)
            .is_some_and(|next| lines_adjacent(lines, repeats[position].0, next.0));
        if !next_follows {
            let (first, original) = repeats[run_start];
            let (last, _) = repeats[position];
            let count = position - run_start + 1;
            let what = if count == 1 {
                format!("this paragraph repeats line {}", original + first_line)
            } else {
                format!(
                    "{count} paragraphs (lines {}–{}) repeat earlier ones, from line {}",
                    first + first_line,
                    last + first_line,
                    original + first_line
                )
            };
            warnings.push(
                Diagnostic::warning(path, format!("{what}: a scraper may have copied it twice"))
                    .at(first + first_line, None),
            );
            run_start = position + 1;
        }
    }
    warnings
}

/// Whether body lines `a` and `b` follow each other among the prose lines.
fn lines_adjacent(lines: &[(usize, String)], a: usize, b: usize) -> bool {
    lines
        .iter()
        .position(|(index, _)| *index == a)
        .is_some_and(|position| {
            lines
                .get(position + 1)
                .is_some_and(|(index, _)| *index == b)
        })
}

fn is_weather_token(text: &str) -> bool {
    let lower = text.to_lowercase();
    let without_time = lower
        .split_whitespace()
        .filter(|word| !word.contains(':'))
        .collect::<Vec<_>>()
        .join(" ");
    let is_reading = !lower.is_empty()
        && lower
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '°' | ' '));
    is_reading
        || WEATHER_WORDS.contains(&without_time.as_str())
        || WEATHER_WORDS.contains(&lower.as_str())
}

/// Three or more consecutive short lines, most of them weekdays, conditions or temperatures.
fn weather_widgets(path: &Path, lines: &[(usize, String)], first_line: usize) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut flush = |run: &mut Vec<usize>| {
        let weather = run.len();
        if weather >= 3 {
            let (first, last) = (run[0] + first_line, run[weather - 1] + first_line);
            warnings.push(
                Diagnostic::warning(
                    path,
                    format!(
                        "lines {first}–{last} look like a weather widget (weekdays, conditions, temperatures), not article text"
                    ),
                )
                .at(first, None),
            );
        }
        run.clear();
    };
    for (index, text) in lines {
        let short = text.split_whitespace().count() <= 3;
        if short && is_weather_token(text) {
            run.push(*index);
        } else {
            flush(&mut run);
        }
    }
    flush(&mut run);
    warnings
}

/// Short lines that are exactly a known piece of page furniture.
fn furniture(path: &Path, lines: &[(usize, String)], first_line: usize) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (index, text) in lines {
        let lower = text
            .to_lowercase()
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '°')
            .to_owned();
        if lower.split_whitespace().count() > MAX_FURNITURE_WORDS {
            continue;
        }
        let found = FURNITURE.iter().find(|(phrase, _)| {
            lower == *phrase || (phrase.contains(' ') && lower.starts_with(phrase))
        });
        if let Some((phrase, what)) = found {
            warnings.push(
                Diagnostic::warning(
                    path,
                    format!("`{text}` looks like {what} from the source page (\"{phrase}\"), not article text"),
                )
                .at(index + first_line, None),
            );
        }
    }
    warnings
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
