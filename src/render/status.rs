//! The treaty's status box, shown on the home and timeline pages: signatories, deposits, the
//! count toward entry into force.

use serde::Serialize;

use super::page::Page;
use crate::content::Link;
use crate::site::Site;

#[derive(Serialize)]
pub(super) struct StatusView<'a> {
    signatories: u32,
    signatories_as_of: String,
    signatories_source: &'a Link,
    signatories_note: Option<&'a str>,
    deposited: u32,
    threshold: u32,
    still_needed: u32,
    /// Progress toward the threshold, 0–100.
    percent: u32,
    days_after_threshold: i64,
    entry_into_force: Option<String>,
    entry_into_force_iso: Option<String>,
    signature_closes: String,
    signature_closes_iso: String,
    ratifications: Vec<RatificationView>,
    timeline_href: String,
}

#[derive(Serialize)]
struct RatificationView {
    state: String,
    date: String,
    date_iso: String,
}

/// The status in `lang`, for a page whose way to the root is `root`; `None` without treaty data.
pub(super) fn status_view<'a>(site: &'a Site, lang: &str, root: &str) -> Option<StatusView<'a>> {
    let treaty = site.content.treaty.as_ref()?;
    let deposited = treaty.deposited();
    Some(StatusView {
        signatories: treaty.signatories.count,
        signatories_as_of: site.localisation.date(lang, treaty.signatories.as_of),
        signatories_source: &treaty.signatories.source,
        signatories_note: treaty.signatories.note.get(lang).map(String::as_str),
        deposited,
        threshold: treaty.threshold,
        still_needed: treaty.still_needed(),
        percent: (deposited.min(treaty.threshold) * 100) / treaty.threshold,
        days_after_threshold: treaty.days_after_threshold,
        entry_into_force: treaty
            .entry_into_force()
            .map(|d| site.localisation.date(lang, d)),
        entry_into_force_iso: treaty.entry_into_force().map(|d| d.to_string()),
        signature_closes: site.localisation.date(lang, treaty.signature_closes),
        signature_closes_iso: treaty.signature_closes.to_string(),
        ratifications: treaty
            .ratifications
            .iter()
            .map(|r| RatificationView {
                state: r.state.get(lang).cloned().unwrap_or_default(),
                date: site.localisation.date(lang, r.date),
                date_iso: r.date.to_string(),
            })
            .collect(),
        timeline_href: [root, &Page::Timeline(lang.into()).site_path()].concat(),
    })
}
