//! What each fuzz target does with its input, shared by the fuzz targets (`fuzz/fuzz_targets/`)
//! and by `tests/fuzz_regressions.rs`, which replays every input the fuzzers once crashed on
//! through the very same functions on stable `cargo test`.
//!
//! Besides "no panic", each function checks what a user relies on: every error names the file,
//! and its line lies inside the file.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use accord::config::Config;
use accord::content::front_matter;
use accord::content::{Article, ContentFile, Event, Participants, Treaty};
use accord::error::{Diagnostic, xml_forbidden};
use accord::localisation::RegionNames;
use accord::localisation::strings::parse_resource;
use accord::markdown;
use accord::source::decode_text;

/// The site settings the content is parsed against: English and Arabic, as the real site.
const SITE_TOML: &str = "base_url = \"https://example.github.io/digest/\"\ndefault_language = \"en\"\n[languages.en]\nname = \"English\"\nlocale = \"en-GB\"\ndirection = \"ltr\"\ntitle = \"t\"\ndescription = \"d\"\n[languages.ar]\nname = \"العربية\"\nlocale = \"ar-MA\"\ndirection = \"rtl\"\ntitle = \"t\"\ndescription = \"d\"\n";

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| match Config::parse(SITE_TOML, Path::new("site.toml")) {
        Ok(config) => config,
        Err(error) => panic!("the harness's own site.toml is invalid: {error}"),
    })
}

/// A diagnostic about `file` must name it, and its line must exist in `text`.
fn check_diagnostic(diagnostic: &Diagnostic, file: &Path, text: &str) {
    assert_eq!(
        diagnostic.file.as_deref(),
        Some(file),
        "the error does not name the file: {diagnostic}"
    );
    if let Some(line) = diagnostic.line {
        let lines = text.matches('\n').count() + 1;
        assert!(
            (1..=lines).contains(&line),
            "line {line} is outside the file's {lines} lines: {diagnostic}"
        );
    }
}

/// Content files: bytes decoded as `read_text` does, split at the `+++` fences, and parsed as an
/// article and as a timeline event; the same text parsed as `site.toml` and `treaty.toml`.
pub fn front_matter(data: &[u8]) {
    let path = PathBuf::from("content/articles/fuzz.en.md");
    let lossy = String::from_utf8_lossy(data).into_owned();
    let text = match decode_text(data.to_vec(), &path) {
        Ok(text) => text,
        Err(error) => {
            check_diagnostic(&error, &path, &lossy);
            return;
        }
    };
    if let Ok(split) = front_matter::split(&text) {
        // The two parts are slices of the text, at the lines they claim to start on.
        let line_of = |part: &str| {
            let offset = part.as_ptr() as usize - text.as_ptr() as usize;
            text[..offset].matches('\n').count() + 1
        };
        assert_eq!(line_of(split.front_matter), split.front_matter_line);
        // An empty body after a closing fence with no newline has no line of its own; it
        // counts as starting on the next one.
        if !split.body.is_empty() || text.ends_with('\n') {
            assert_eq!(line_of(split.body), split.body_line);
        }
    }
    let file = ContentFile {
        path: path.clone(),
        stem: "fuzz".to_owned(),
        lang: "en".to_owned(),
    };
    match Article::parse(&file, text.clone()) {
        Ok(article) => {
            assert!(!article.title.trim().is_empty());
            // Title and summary go into the Atom feed, which one control character spoils.
            assert_eq!(xml_forbidden(&article.title), None);
            assert_eq!(xml_forbidden(&article.summary), None);
        }
        Err(error) => check_diagnostic(&error, &path, &text),
    }
    let event_path = PathBuf::from("content/timeline/fuzz.en.md");
    let event_file = ContentFile {
        path: event_path.clone(),
        ..file
    };
    match Event::parse(&event_file, text.clone()) {
        Ok(event) => assert!(!event.sources.is_empty()),
        Err(error) => check_diagnostic(&error, &event_path, &text),
    }
    // The front matter alone, as if it were one of the site's TOML files.
    let toml = front_matter::split(&text).map_or(text.as_str(), |split| split.front_matter);
    let site_path = Path::new("site.toml");
    if let Err(error) = Config::parse(toml, site_path) {
        check_diagnostic(&error, site_path, toml);
    }
    let treaty_path = Path::new("content/treaty.toml");
    let treaty = match Treaty::parse(treaty_path, toml) {
        Ok(treaty) => Some(treaty),
        Err(error) => {
            check_diagnostic(&error, treaty_path, toml);
            None
        }
    };
    // …and as the participants file, with what the pages compute from it.
    let participants_path = Path::new("content/participants.toml");
    let adopted = accord::date::PartialDate::parse("2024-12-24").expect("a date");
    match Participants::parse(
        participants_path,
        toml,
        adopted,
        &["en", "ar"],
        region_names(),
    ) {
        Ok(participants) => {
            if let Some(treaty) = &treaty {
                let _ = participants.status(treaty);
            }
            let _ = participants.counting_deposits();
        }
        Err(errors) => {
            for error in &errors {
                check_diagnostic(error, participants_path, toml);
            }
        }
    }
}

/// English region names, made once: every fuzz input is checked against the same table.
fn region_names() -> &'static RegionNames {
    static NAMES: std::sync::OnceLock<RegionNames> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| RegionNames::new("en").expect("English region names"))
}

/// Resolves `@/articles/{stem}.md` and `@/timeline/{id}.md` for lowercase names, as a site with
/// every such page would, and nothing else.
fn resolve(target: &str) -> Option<String> {
    let target = target.strip_suffix(".md")?;
    let slug = |name: &str| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if let Some(stem) = target.strip_prefix("articles/") {
        slug(stem).then(|| format!("../{stem}/"))
    } else if let Some(id) = target.strip_prefix("timeline/") {
        slug(id).then(|| format!("../../timeline/#{id}"))
    } else {
        None
    }
}

/// Markdown bodies rendered with the site's options and link resolution.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match markdown::render(text, &resolve) {
        Ok(html) => {
            assert!(!html.contains('\0'), "NUL in the page");
            // Headings get ids unique in the page, unless the author repeated an explicit one.
            if !text.contains("{#") && !text.contains("<h") {
                let mut ids: Vec<&str> = html
                    .match_indices("<h")
                    .filter_map(|(at, _)| {
                        let rest = html[at + 2..].strip_prefix(|c: char| c.is_ascii_digit())?;
                        let rest = rest.strip_prefix(" id=\"")?;
                        rest.split('"').next()
                    })
                    .collect();
                let count = ids.len();
                ids.sort_unstable();
                ids.dedup();
                assert_eq!(ids.len(), count, "duplicate heading ids in\n{html}");
            }
        }
        Err(message) => assert!(message.contains("@/"), "{message}"),
    }
    let _ = markdown::slugify(text);
}

/// Fluent files parsed into a bundle, then every message and attribute formatted with numbers
/// and text, as templates call them.
pub fn fluent(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let (locale, path) = if selector % 2 == 0 {
        ("en-GB", Path::new("templates/i18n/en.ftl"))
    } else {
        ("ar-MA", Path::new("templates/i18n/ar.ftl"))
    };
    let text = match decode_text(rest.to_vec(), path) {
        Ok(text) => text,
        Err(error) => {
            check_diagnostic(&error, path, &String::from_utf8_lossy(rest));
            return;
        }
    };
    let (bundle, keys) = match parse_resource(&text, locale, path) {
        Ok(loaded) => loaded,
        Err(errors) => {
            assert!(!errors.is_empty());
            for error in &errors {
                check_diagnostic(error, path, &text);
            }
            return;
        }
    };
    let lines = text.matches('\n').count() + 1;
    for (key, &line) in &keys {
        assert!((1..=lines).contains(&line), "`{key}` on line {line}");
        let Some(message) = bundle.get_message(key) else {
            continue;
        };
        let patterns = message
            .value()
            .into_iter()
            .chain(message.attributes().map(|attribute| attribute.value()));
        for pattern in patterns {
            for count in [0.0, 1.0, 2.0, 3.0, 11.0, 100.0, 1234.5, -1.0] {
                let mut args = fluent_bundle::FluentArgs::new();
                args.set("count", count);
                args.set("n", count);
                args.set("start", "1 January 2025");
                args.set("end", "2 January 2025");
                let mut errors = Vec::new();
                let _ = bundle.format_pattern(pattern, Some(&args), &mut errors);
            }
        }
    }
}
