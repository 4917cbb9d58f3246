//! `/{lang}/states/atom.xml`: one entry per signature or deposit after the signing ceremony, so
//! readers can subscribe to "who ratified".

use serde::Serialize;
use tera::Context;

use super::feed::rfc3339;
use super::page::Page;
use super::views::site_view;
use crate::content::participants::Signed;
use crate::date::PartialDate;
use crate::error::Diagnostic;
use crate::localisation::Argument;
use crate::site::Site;

#[derive(Serialize)]
struct ActionEntry {
    title: String,
    url: String,
    id: String,
    updated: String,
}

/// The context of `page`, the treaty-actions feed in `lang`.
pub(super) fn context(site: &Site, page: &Page, lang: &str) -> Result<Context, Diagnostic> {
    let participants = site
        .content
        .participants
        .as_ref()
        .ok_or_else(|| Diagnostic::error("the states feed needs content/participants.toml"))?;
    let ceremony_ends = site
        .content
        .treaty
        .as_ref()
        .and_then(|treaty| treaty.signing_ceremony_ends);
    let in_file = |message: String| Diagnostic::in_file(&participants.path, message);
    let strings = &site.localisation.strings;
    let base_url = &site.config.base_url;
    let mut entries: Vec<(PartialDate, ActionEntry)> = Vec::new();
    for participant in &participants.list {
        let state = site.localisation.region_name(lang, &participant.code);
        let url = base_url.absolute(&Page::state(lang, &participant.code).site_path());
        if let Some((Signed::On(day), _)) = &participant.signature
            && ceremony_ends.is_none_or(|end| *day > end)
        {
            let title = strings
                .format(
                    lang,
                    "states-feed-signature",
                    &[("state", Argument::Text(state.clone()))],
                )
                .map_err(in_file)?;
            entries.push((*day, entry(title, &url, "signature", *day)));
        }
        if let Some((instrument, day, _)) = &participant.deposit {
            let title = strings
                .format(
                    lang,
                    "states-feed-deposit",
                    &[
                        ("state", Argument::Text(state.clone())),
                        ("instrument", Argument::Text(instrument.as_str().into())),
                    ],
                )
                .map_err(in_file)?;
            entries.push((*day, entry(title, &url, "deposit", *day)));
        }
    }
    // Newest first, as feed readers expect.
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let updated = entries
        .first()
        .map_or(participants.as_of, |(day, _)| *day)
        .max(participants.as_of);
    let entries: Vec<ActionEntry> = entries.into_iter().map(|(_, entry)| entry).collect();
    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert("site", &site_view(site, lang, ""));
    context.insert("feed_url", &base_url.absolute(&page.site_path()));
    context.insert(
        "states_url",
        &base_url.absolute(&Page::States(lang.into()).site_path()),
    );
    context.insert("updated", &rfc3339(updated));
    context.insert("entries", &entries);
    Ok(context)
}

fn entry(title: String, url: &str, action: &str, day: PartialDate) -> ActionEntry {
    ActionEntry {
        title,
        url: url.to_owned(),
        id: [url, "#", action].concat(),
        updated: rfc3339(day),
    }
}
