//! Timeline events: `content/timeline/{id}.{lang}.md`, each dated at the precision its sources support.

use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use super::lint::{Lint, RawLint};
use super::{ContentFile, Link, RawLink, front_matter};
use crate::date::PartialDate;
use crate::error::Diagnostic;

/// What kind of step in the treaty's life an event is; labels come from Fluent (`kind-…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// A state proposes the treaty.
    Proposal,
    /// A UN resolution or decision.
    Resolution,
    /// Negotiating sessions.
    Negotiation,
    /// Approval or adoption of the text.
    Adoption,
    /// Signatures.
    Signature,
    /// Ratification steps.
    Ratification,
    /// The treaty enters into force.
    EntryIntoForce,
}

impl EventKind {
    /// The name used in front matter, in CSS classes and in Fluent keys (`kind-{name}`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Proposal => "proposal",
            EventKind::Resolution => "resolution",
            EventKind::Negotiation => "negotiation",
            EventKind::Adoption => "adoption",
            EventKind::Signature => "signature",
            EventKind::Ratification => "ratification",
            EventKind::EntryIntoForce => "entry-into-force",
        }
    }
}

// Spans let the checks after parsing point at the line to fix, as TOML errors do.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Spanned<String>,
    date: PartialDate,
    end: Option<Spanned<PartialDate>>,
    kind: EventKind,
    #[serde(default)]
    sources: Vec<RawLink>,
    /// `lint.allow = [...]`: warnings that are wrong for this file.
    #[serde(default)]
    lint: RawLint,
    #[serde(default)]
    states: Option<Spanned<Vec<String>>>,
}

/// One event in one language.
#[derive(Debug, Clone)]
pub struct Event {
    /// The file it came from.
    pub path: PathBuf,
    /// The shared id of its translations; also its anchor on the timeline.
    pub id: String,
    /// Its language code.
    pub lang: String,
    /// Short title.
    pub title: String,
    /// When it happened (or started).
    pub date: PartialDate,
    /// The last day of a multi-day event.
    pub end: Option<PartialDate>,
    /// The kind of step.
    pub kind: EventKind,
    /// Where the facts come from.
    pub sources: Vec<Link>,
    /// The lints this file allows (`lint.allow`).
    pub lint_allow: Vec<Lint>,
    /// The participants the event is about (codes from `participants.toml`).
    pub states: Vec<String>,
    /// The line of the file that names them, for messages about them.
    pub states_line: Option<usize>,
    /// The Markdown text.
    pub body: String,
    /// The line of the file where the body starts, for messages about the body.
    pub body_line: usize,
}

impl Event {
    /// Parses an event file's text.
    pub fn parse(file: &ContentFile, text: String) -> Result<Event, Diagnostic> {
        let (meta, split) = front_matter::parse::<FrontMatter>(&file.path, &text)?;
        let fail = |message: String, span: std::ops::Range<usize>| {
            Diagnostic::in_file(&file.path, message).at_offset(
                split.front_matter,
                span.start,
                split.front_matter_line,
            )
        };
        if meta.title.get_ref().trim().is_empty() {
            return Err(fail("`title` is empty".into(), meta.title.span()));
        }
        // Title and sources reach the timeline and the feeds: no control character in any string.
        super::refuse_control_characters(&file.path, split.front_matter, split.front_matter_line)?;
        if let Some(end) = &meta.end
            && *end.get_ref() <= meta.date
        {
            return Err(fail(
                format!(
                    "`end = \"{}\"` is not after `date = \"{}\"`",
                    end.get_ref(),
                    meta.date
                ),
                end.span(),
            ));
        }
        if meta.sources.is_empty() {
            return Err(Diagnostic::in_file(
                &file.path,
                "an event must cite at least one source: add a [[sources]] table with title and url",
            ));
        }
        let lint_allow =
            meta.lint
                .check(&file.path, split.front_matter, split.front_matter_line)?;
        let sources = meta
            .sources
            .into_iter()
            .map(|source| source.check(&file.path, split.front_matter, split.front_matter_line))
            .collect::<Result<Vec<Link>, Diagnostic>>()?;
        Ok(Event {
            path: file.path.clone(),
            id: file.stem.clone(),
            lang: file.lang.clone(),
            title: meta.title.into_inner(),
            date: meta.date,
            end: meta.end.map(Spanned::into_inner),
            kind: meta.kind,
            sources,
            lint_allow,
            states_line: meta.states.as_ref().map(|states| {
                crate::error::line_column(split.front_matter, states.span().start).0
                    + split.front_matter_line
                    - 1
            }),
            states: meta.states.map(Spanned::into_inner).unwrap_or_default(),
            body: split.body.to_owned(),
            body_line: split.body_line,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_line(front_matter: &str) -> Option<usize> {
        let file = ContentFile {
            path: "content/timeline/e.en.md".into(),
            stem: "e".into(),
            lang: "en".into(),
        };
        let text = format!("+++\n{front_matter}+++\n\nText\n");
        Event::parse(&file, text).expect_err("invalid").line
    }

    #[test]
    fn checks_after_parsing_name_the_line_to_fix() {
        let source = "[[sources]]\ntitle = \"UN\"\nurl = \"https://un.org/\"\n";
        let event = |middle: &str| {
            format!("title = \"t\"\ndate = \"2025-03\"\nkind = \"adoption\"\n{middle}")
        };
        assert_eq!(
            error_line(&event(&format!("end = \"2025\"\n{source}"))),
            Some(5)
        );
        assert_eq!(error_line(&event(&source.replace("UN", " "))), Some(6));
        assert_eq!(
            error_line(&event(&source.replace("https://", "un:"))),
            Some(7)
        );
    }
}
