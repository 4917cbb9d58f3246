//! Timeline events: `content/timeline/{id}.{lang}.md`, each dated at the precision its sources support.

use std::path::PathBuf;

use serde::Deserialize;

use super::date::PartialDate;
use super::{ContentFile, Link, front_matter};
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    date: PartialDate,
    end: Option<PartialDate>,
    kind: EventKind,
    #[serde(default)]
    sources: Vec<Link>,
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
    /// The Markdown text.
    pub body: String,
    /// The line of the file where the body starts, for messages about the body.
    pub body_line: usize,
}

impl Event {
    /// Parses an event file's text.
    pub fn parse(file: &ContentFile, text: &str) -> Result<Event, Diagnostic> {
        let (meta, split) = front_matter::parse::<FrontMatter>(&file.path, text)?;
        let fail = |message: String| Diagnostic::in_file(&file.path, message);
        if meta.title.trim().is_empty() {
            return Err(fail("`title` is empty".into()));
        }
        if let Some(end) = meta.end
            && end <= meta.date
        {
            return Err(fail(format!(
                "`end = \"{end}\"` is not after `date = \"{}\"`",
                meta.date
            )));
        }
        if meta.sources.is_empty() {
            return Err(fail(
                "an event must cite at least one source: add a [[sources]] table with title and url"
                    .into(),
            ));
        }
        for source in &meta.sources {
            source.check(&file.path)?;
        }
        Ok(Event {
            path: file.path.clone(),
            id: file.stem.clone(),
            lang: file.lang.clone(),
            title: meta.title,
            date: meta.date,
            end: meta.end,
            kind: meta.kind,
            sources: meta.sources,
            body: split.body.to_owned(),
            body_line: split.body_line,
        })
    }
}
