//! The states pages: `/{lang}/states/`, every participant in a table (sorted by the language's
//! collation) and on a map with the count toward entry into force, and `/{lang}/states/{code}/`,
//! one participant's signature, instrument, declarations and the news that names it.

use serde::Serialize;
use tera::{Context, Value};

use super::SharedViews;
use super::map;
use super::page::{DataFile, Page, article_path, event_href};
use super::status::status_view;
use super::views::{Common, LinkView};
use crate::content::participants::Signed;
use crate::content::{Link, Participant, Participants};
use crate::error::Diagnostic;
use crate::site::Site;

/// A participant as the table and its own page show it.
#[derive(Serialize)]
struct ParticipantView<'a> {
    code: &'a str,
    name: String,
    href: String,
    /// `signed`, `deposited` (or `none`, for an accession without signature not yet made).
    standing: &'static str,
    signature: Option<String>,
    signature_iso: Option<String>,
    /// Whether the sources give the ceremony but not the day.
    signature_uncertain: bool,
    signature_source: Option<&'a Link>,
    instrument: Option<&'static str>,
    deposited: Option<String>,
    deposited_iso: Option<String>,
    instrument_source: Option<&'a Link>,
    /// Whether its instrument counts toward the threshold (never for the European Union).
    counts: bool,
    regional_organization: bool,
    declarations: Option<&'a str>,
    declarations_source: Option<&'a Link>,
    note: Option<&'a str>,
    note_source: Option<&'a Link>,
}

/// A link to one of the open data files.
#[derive(Serialize)]
struct DataLink {
    name: &'static str,
    href: String,
}

/// The context of `page`, the states page in `lang`.
pub(super) fn index_context(
    site: &Site,
    page: &Page,
    lang: &str,
    shared: &SharedViews,
) -> Result<Context, Diagnostic> {
    let participants = participants(site)?;
    let common = Common::of(site, page, lang, "states");
    let mut rows: Vec<ParticipantView> = (participants.list.iter())
        .map(|p| participant_view(site, participants, p, lang, &common.root))
        .collect();
    if let Some(names) = site.localisation.region_names(lang) {
        rows.sort_by(|a, b| names.compare(&a.name, &b.name));
    }
    let title = site
        .localisation
        .strings
        .format(lang, "states-map-title", &[])
        .map_err(|message| Diagnostic::in_file(&participants.path, message))?;
    let mut context = common.context();
    context.insert_value("site", shared.site(site, lang, &common.root));
    context.insert("participants", &rows);
    context.insert("as_of", &site.localisation.date(lang, participants.as_of));
    context.insert(
        "threshold",
        &site
            .content
            .treaty
            .as_ref()
            .map_or(0, |treaty| treaty.threshold),
    );
    context.insert("status", &status_view(site, lang, &common.root));
    context.insert_value(
        "map",
        Value::from(map::svg(site, participants, lang, &common.root, &title)),
    );
    let data: Vec<DataLink> = DataFile::ALL
        .iter()
        .map(|file| DataLink {
            name: file.name(),
            href: [common.root.as_str(), &Page::Data(*file).site_path()].concat(),
        })
        .collect();
    context.insert("data", &data);
    context.insert(
        "states_feed_href",
        &[
            common.root.as_str(),
            &Page::StatesFeed(lang.into()).site_path(),
        ]
        .concat(),
    );
    Ok(context)
}

/// The context of `page`, the participant `code`'s page in `lang`.
pub(super) fn state_context(
    site: &Site,
    page: &Page,
    lang: &str,
    code: &str,
    shared: &SharedViews,
) -> Result<Context, Diagnostic> {
    let participants = participants(site)?;
    let participant = participants
        .get(code)
        .ok_or_else(|| Diagnostic::in_file(&participants.path, format!("no participant {code}")))?;
    let common = Common::of(site, page, lang, "states");
    let view = participant_view(site, participants, participant, lang, &common.root);
    let articles: Vec<LinkView> = site
        .articles_in(lang)
        .filter(|article| article.states.iter().any(|c| c == code))
        .map(|article| LinkView {
            title: article.title.clone(),
            href: [common.root.as_str(), &article_path(lang, &article.stem)].concat(),
        })
        .collect();
    let events: Vec<LinkView> = site
        .events_in(lang)
        .filter(|event| event.states.iter().any(|c| c == code))
        .map(|event| LinkView {
            title: event.title.clone(),
            href: event_href(&common.root, lang, &event.id),
        })
        .collect();
    let mut context = common.context();
    context.insert_value("site", shared.site(site, lang, &common.root));
    context.insert("participant", &view);
    context.insert("articles", &articles);
    context.insert("events", &events);
    context.insert("as_of", &site.localisation.date(lang, participants.as_of));
    context.insert("as_of_iso", &participants.as_of.to_string());
    context.insert(
        "states_href",
        &[common.root.as_str(), &Page::States(lang.into()).site_path()].concat(),
    );
    Ok(context)
}

fn participants(site: &Site) -> Result<&Participants, Diagnostic> {
    site.content
        .participants
        .as_ref()
        .ok_or_else(|| Diagnostic::error("the states pages need content/participants.toml"))
}

fn participant_view<'a>(
    site: &Site,
    participants: &Participants,
    participant: &'a Participant,
    lang: &str,
    root: &str,
) -> ParticipantView<'a> {
    let date = |d| site.localisation.date(lang, d);
    let (signature, signature_iso, signature_uncertain, signature_source) =
        match &participant.signature {
            Some((Signed::On(day), source)) => {
                (Some(date(*day)), Some(day.to_string()), false, Some(source))
            }
            Some((Signed::Between(range), source)) => {
                let text = site.localisation.date_range(lang, range.from, range.to);
                (
                    Some(format!("{}{}{}", text.start, text.separator, text.end)),
                    Some(range.from.to_string()),
                    true,
                    Some(source),
                )
            }
            None => (None, None, false, None),
        };
    let deposit = participant.deposit.as_ref();
    let localized = |texts: &'a Option<(crate::content::treaty::Localized, Option<Link>)>| {
        texts
            .as_ref()
            .map(|(text, source)| (text.get(lang).map(String::as_str), source.as_ref()))
            .unwrap_or((None, None))
    };
    let (declarations, declarations_source) = localized(&participant.declarations);
    let (note, note_source) = localized(&participant.note);
    ParticipantView {
        code: &participant.code,
        name: site.localisation.region_name(lang, &participant.code),
        href: [root, &Page::state(lang, &participant.code).site_path()].concat(),
        standing: map::standing(participants, &participant.code),
        signature,
        signature_iso,
        signature_uncertain,
        signature_source,
        instrument: deposit.map(|(instrument, _, _)| instrument.as_str()),
        deposited: deposit.map(|(_, day, _)| date(*day)),
        deposited_iso: deposit.map(|(_, day, _)| day.to_string()),
        instrument_source: deposit.map(|(_, _, source)| source),
        counts: deposit.is_some() && !participant.is_regional_organization(),
        regional_organization: participant.is_regional_organization(),
        declarations,
        declarations_source,
        note,
        note_source,
    }
}
