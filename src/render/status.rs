//! The treaty's status box, shown on the home, timeline and states pages: signatories, deposits
//! counting toward entry into force, and the date the list was checked.

use serde::Serialize;

use super::page::Page;
use crate::content::Link;
use crate::site::Site;

#[derive(Serialize)]
pub(super) struct StatusView<'a> {
    signatories: usize,
    /// The day the participants list was last checked.
    as_of: String,
    as_of_iso: String,
    note: Option<&'a str>,
    /// Deposits that count toward the threshold.
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
    /// Every deposit, oldest first, counting or not.
    ratifications: Vec<DepositView>,
    source: &'a Link,
    timeline_href: String,
    states_href: String,
}

#[derive(Serialize)]
struct DepositView {
    state: String,
    href: String,
    date: String,
    date_iso: String,
    /// Whether it counts toward the threshold (a regional organization's does not).
    counts: bool,
}

/// The status in `lang`, for a page whose way to the root is `root`; `None` without treaty and
/// participants data.
pub(super) fn status_view<'a>(site: &'a Site, lang: &str, root: &str) -> Option<StatusView<'a>> {
    let treaty = site.content.treaty.as_ref()?;
    let participants = site.content.participants.as_ref()?;
    let status = participants.status(treaty);
    let date = |d| site.localisation.date(lang, d);
    let mut ratifications: Vec<DepositView> = (participants.list.iter())
        .filter_map(|p| {
            let (_, deposited, _) = p.deposit.as_ref()?;
            Some(DepositView {
                state: site.localisation.region_name(lang, &p.code),
                href: [root, &Page::state(lang, &p.code).site_path()].concat(),
                date: date(*deposited),
                date_iso: deposited.to_string(),
                counts: !p.is_regional_organization(),
            })
        })
        .collect();
    ratifications.sort_by(|a, b| a.date_iso.cmp(&b.date_iso));
    Some(StatusView {
        signatories: status.signatories,
        as_of: date(participants.as_of),
        as_of_iso: participants.as_of.to_string(),
        note: participants.note.get(lang).map(String::as_str),
        deposited: status.counting_deposits,
        threshold: status.threshold,
        still_needed: status.still_needed,
        percent: (status.counting_deposits.min(status.threshold) * 100) / status.threshold,
        days_after_threshold: treaty.days_after_threshold,
        entry_into_force: status.entry_into_force.map(date),
        entry_into_force_iso: status.entry_into_force.map(|d| d.to_string()),
        signature_closes: date(treaty.signature_closes),
        signature_closes_iso: treaty.signature_closes.to_string(),
        ratifications,
        source: &treaty.source,
        timeline_href: [root, &Page::Timeline(lang.into()).site_path()].concat(),
        states_href: [root, &Page::States(lang.into()).site_path()].concat(),
    })
}
