//! A language's timeline: every event grouped by year, the current one marked, and the entry
//! into force added by itself once the threshold is reached.

use serde::Serialize;
use tera::Context;

use super::SharedViews;
use super::page::{Page, article_path};
use super::status::status_view;
use super::views::{Common, LinkView, render_markdown};
use crate::content::{Event, EventKind, Link};
use crate::date::PartialDate;
use crate::error::Diagnostic;
use crate::localisation::Argument;
use crate::markdown;
use crate::site::Site;

#[derive(Serialize)]
struct YearView {
    year: String,
    year_iso: String,
    events: Vec<EventView>,
}

#[derive(Serialize)]
struct EventView {
    id: String,
    title: String,
    kind: &'static str,
    /// The date, or the start of the range without what its end repeats.
    date: String,
    date_iso: String,
    /// The end of a range, in full, and what goes between the two.
    end: Option<String>,
    range_separator: &'static str,
    end_iso: Option<String>,
    body: String,
    sources: Vec<Link>,
    articles: Vec<LinkView>,
    /// The latest event that has happened: what the treaty's state is now.
    current: bool,
    /// Still to come.
    future: bool,
}

/// The context of `page`, the timeline in `lang`.
pub(super) fn context(
    site: &Site,
    page: &Page,
    lang: &str,
    shared: &SharedViews,
) -> Result<Context, Diagnostic> {
    let common = Common::of(site, page, lang, "timeline");
    let years = timeline_view(site, lang, &common.root)?;
    let mut context = common.context();
    context.insert_value("site", shared.site(site, lang, &common.root));
    context.insert("years", &years);
    context.insert("status", &status_view(site, lang, &common.root));
    Ok(context)
}

fn timeline_view(site: &Site, lang: &str, root: &str) -> Result<Vec<YearView>, Diagnostic> {
    let mut events: Vec<EventView> = Vec::new();
    for event in site.events_in(lang) {
        events.push(event_view(site, event, lang, root)?);
    }
    if let Some(event) = entry_into_force_event(site, lang)? {
        events.push(event);
        events.sort_by(|a, b| a.date_iso.cmp(&b.date_iso));
    }
    let today = site.today;
    let current = site
        .events_in(lang)
        .filter(|event| event.date <= today)
        .map(|event| event.id.clone())
        .last();
    let mut years: Vec<YearView> = Vec::new();
    for mut event in events {
        event.current = Some(&event.id) == current.as_ref();
        let year_text = event.date_iso.get(..4).unwrap_or_default().to_owned();
        let year = PartialDate::parse(&year_text)
            .map(|date| site.localisation.date(lang, date))
            .unwrap_or_else(|_| year_text.clone());
        match years.last_mut() {
            Some(group) if group.year_iso == year_text => group.events.push(event),
            _ => years.push(YearView {
                year,
                year_iso: year_text,
                events: vec![event],
            }),
        }
    }
    Ok(years)
}

fn event_view(site: &Site, event: &Event, lang: &str, root: &str) -> Result<EventView, Diagnostic> {
    let articles = site
        .articles_in(lang)
        .filter(|article| article.event.as_deref() == Some(event.id.as_str()))
        .map(|article| LinkView {
            title: article.title.clone(),
            href: [root, &article_path(lang, &article.stem)].concat(),
        })
        .collect();
    let (date, range_separator, end) = match event.end {
        Some(end) => {
            let range = site.localisation.date_range(lang, event.date, end);
            (range.start, range.separator, Some(range.end))
        }
        None => (site.localisation.date(lang, event.date), "", None),
    };
    Ok(EventView {
        id: event.id.clone(),
        title: event.title.clone(),
        kind: event.kind.as_str(),
        date,
        date_iso: event.date.to_string(),
        end,
        range_separator,
        end_iso: event.end.map(|end| end.to_string()),
        body: render_markdown(site, lang, root, &event.body, &event.path)?,
        sources: event.sources.clone(),
        articles,
        current: false,
        future: event.date > site.today,
    })
}

/// Once the threshold-th deposit is recorded, the entry into force joins the timeline by itself.
fn entry_into_force_event(site: &Site, lang: &str) -> Result<Option<EventView>, Diagnostic> {
    let (Some(treaty), Some(participants)) = (&site.content.treaty, &site.content.participants)
    else {
        return Ok(None);
    };
    let status = participants.status(treaty);
    let (Some(date), Some(reached)) = (status.entry_into_force, status.threshold_reached_on) else {
        return Ok(None);
    };
    let strings = &site.localisation.strings;
    let in_file = |message: String| Diagnostic::in_file(&treaty.path, message);
    let title = strings
        .format(lang, "entry-into-force-title", &[])
        .map_err(in_file)?;
    let body = strings
        .format(
            lang,
            "entry-into-force-body",
            &[
                ("threshold", Argument::Number(f64::from(treaty.threshold))),
                (
                    "deposit_date",
                    Argument::Text(site.localisation.date(lang, reached)),
                ),
                ("days", Argument::Number(treaty.days_after_threshold as f64)),
            ],
        )
        .map_err(in_file)?;
    Ok(Some(EventView {
        id: "entry-into-force".into(),
        title,
        kind: EventKind::EntryIntoForce.as_str(),
        date: site.localisation.date(lang, date),
        date_iso: date.to_string(),
        end: None,
        range_separator: "",
        end_iso: None,
        body: markdown::render(&body, &|_| None).map_err(in_file)?,
        sources: vec![treaty.source.clone()],
        articles: Vec::new(),
        current: false,
        future: date > site.today,
    }))
}
