//! End-to-end: the timeline page and the treaty status computed from `content/participants.toml`
//! under the threshold and delay of `content/treaty.toml`.

mod common;

use common::{Fixture, between};

/// Codes of real states, for fixtures that need many participants.
const CODES: &str = "AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF TD CL CN CO KM CG CR CI HR CU CY CZ CD DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE";

/// Writes `treaty.toml` (Article 65(1)'s 40 and 90 days) and `participants.toml` with
/// `signatories` states that signed, the first of which deposited on `deposits`.
fn write_status(site: &Fixture, signatories: usize, deposits: &[&str]) {
    site.write(
        "content/treaty.toml",
        "adopted = 2024-12-24\nthreshold = 40\ndays_after_threshold = 90\nsignature_closes = 2026-12-31\nsource = { title = \"UN Treaty Collection\", url = \"https://treaties.un.org/\" }\n",
    );
    let source = "{ title = \"UN Treaty Collection\", url = \"https://treaties.un.org/\" }";
    let mut text = String::from(
        "as_of = 2026-12-01\nnote = { en = \"Counting the European Union.\", ar = \"باحتساب الاتحاد الأوروبي.\" }\n",
    );
    for (index, code) in CODES
        .split(' ')
        .take(signatories.max(deposits.len()))
        .enumerate()
    {
        text.push_str(&format!(
            "\n[[participants]]\ncode = \"{code}\"\nsignature = 2025-10-25\nsignature_source = {source}\n"
        ));
        if let Some(date) = deposits.get(index) {
            text.push_str(&format!(
                "instrument = \"ratification\"\ndeposited = {date}\ninstrument_source = {source}\n"
            ));
        }
    }
    site.write("content/participants.toml", &text);
}

fn timeline_site() -> Fixture {
    let site = Fixture::new();
    for lang in ["en", "ar"] {
        site.event(
            "committee",
            lang,
            "Committee set up",
            "2019-12-27",
            "resolution",
        );
        site.event("draft", lang, "Draft circulated", "2017-10", "proposal");
        site.event("proposal", lang, "Russia proposes", "2017", "proposal");
        site.event("adoption", lang, "Adopted", "2024-12", "adoption");
        site.event(
            "closing",
            lang,
            "Signature closes",
            "2099-12-31",
            "signature",
        );
    }
    write_status(&site, 72, &[]);
    site
}

#[test]
fn events_of_mixed_precision_are_ordered_and_grouped_by_year() {
    let site = timeline_site();
    site.build();
    let page = site.page("en/timeline/index.html");
    let position = |id: &str| {
        page.find(&format!(r#"<li id="{id}""#))
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    assert!(position("proposal") < position("draft"));
    assert!(position("draft") < position("committee"));
    assert!(position("committee") < position("adoption"));
    let year_2017 = between(&page, r#"<h2 id="year-2017" class="year">"#, "</section>");
    assert!(year_2017.contains(r#"id="proposal""#) && year_2017.contains(r#"id="draft""#));
    assert!(!year_2017.contains(r#"id="committee""#));
    // Each date is shown at its own precision.
    assert!(page.contains(r#"<time datetime="2017">2017</time>"#));
    assert!(page.contains(r#"<time datetime="2017-10">October 2017</time>"#));
    assert!(page.contains(r#"<time datetime="2019-12-27">27 December 2019</time>"#));
}

#[test]
fn arabic_timeline_is_rtl_with_moroccan_month_names_and_fluent_kinds() {
    let site = timeline_site();
    site.build();
    let page = site.page("ar/timeline/index.html");
    assert!(page.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(page.contains(r#"<time datetime="2024-12">دجنبر 2024</time>"#));
    assert!(page.contains(r#"<span class="kind">اعتماد</span>"#));
    assert!(page.contains(r#"<span class="kind">قرار</span>"#));
    assert!(page.contains(r#"<ol class="events">"#));
    assert!(
        page.contains(r##"<a href="#adoption">Adopted</a>"##),
        "each event has an anchor link"
    );
    // The timeline's line is drawn on the start side, which the stylesheet mirrors for RTL.
    let css = site.page("style.css");
    assert!(css.contains(".events {") && css.contains("border-inline-start: 3px solid"));
}

#[test]
fn the_latest_past_event_is_current_and_future_ones_are_upcoming() {
    let site = timeline_site();
    site.build();
    let page = site.page("en/timeline/index.html");
    let adoption = between(&page, r#"<li id="adoption""#, ">");
    assert!(
        adoption.contains("current") && adoption.contains(r#"aria-current="step""#),
        "{adoption}"
    );
    let closing = between(&page, r#"<li id="closing""#, ">");
    assert!(closing.contains("future"), "{closing}");
    assert_eq!(page.matches(r#"aria-current="step""#).count(), 1);
    // The timeline is in every page's navigation, marked current on its own page.
    assert!(page.contains(r#"<a href="../../en/timeline/" aria-current="page">Timeline</a>"#));
    assert!(
        site.page("en/index.html")
            .contains(r#"<a href="../en/timeline/">Timeline</a>"#)
    );
}

#[test]
fn multi_day_events_show_a_range() {
    let site = Fixture::new();
    site.write(
        "content/timeline/hanoi.en.md",
        "+++\ntitle = \"Hanoi\"\ndate = \"2025-10-25\"\nend = \"2025-10-26\"\nkind = \"signature\"\n[[sources]]\ntitle = \"UN\"\nurl = \"https://un.org/\"\n+++\nText.\n",
    );
    site.build();
    // What both ends share is said once, and each end is its own <time>.
    assert!(site.page("en/timeline/index.html").contains(
        r#"<time datetime="2025-10-25">25</time>–<time datetime="2025-10-26">26 October 2025</time>"#
    ));
}

#[test]
fn articles_and_events_link_to_each_other() {
    let site = timeline_site();
    site.article(
        "signing",
        "en",
        "Morocco signs",
        "2025-10-25",
        "event = \"adoption\"",
    );
    site.build();
    let article = site.page("en/articles/signing/index.html");
    assert!(
        article.contains(r##"<a href="../../../en/timeline/#adoption">Adopted</a>"##),
        "{article}"
    );
    let timeline = site.page("en/timeline/index.html");
    let adoption = between(&timeline, r#"<li id="adoption""#, "</li>");
    assert!(
        adoption.contains(r#"<a href="../../en/articles/signing/">Morocco signs</a>"#),
        "{adoption}"
    );
}

#[test]
fn status_shows_signatories_progress_and_what_is_still_needed() {
    let site = timeline_site();
    write_status(&site, 72, &["2026-01-10", "2026-02-01"]);
    site.build();
    let home = site.page("en/index.html");
    let status = between(&home, r#"<aside class="status""#, "</aside>");
    assert!(status.contains("72 signatories"), "{status}");
    assert!(
        status.contains("2 of the 40 deposits needed for entry into force; 38 to go"),
        "{status}"
    );
    assert!(status.contains(r#"aria-valuenow="2""#) && status.contains("inline-size: 5%"));
    assert!(status.contains("on the 90th day after the deposit of the 40th instrument"));
    assert!(status.contains("Signature closes on 31 December 2026"));
    assert!(!status.contains("Enters into force"));
    assert!(
        status.contains(r#"href="../en/timeline/""#),
        "links to the timeline"
    );
    assert!(
        site.page("ar/index.html")
            .contains(r#"<aside class="status""#)
    );
}

#[test]
fn arabic_status_uses_the_right_plural_for_each_count() {
    let expected = [
        (0, "لا توجد جهات موقّعة"),
        (1, "جهة موقّعة واحدة"),
        (2, "جهتان موقّعتان"),
        (3, "3 جهات موقّعة"),
        (11, "11 جهة موقّعة"),
        (72, "72 جهة موقّعة"),
    ];
    for (count, text) in expected {
        let site = Fixture::new();
        write_status(&site, count, &[]);
        site.build();
        let home = site.page("ar/index.html");
        let shown = between(&home, r#"<p class="status-signatories">"#, "</p>");
        assert_eq!(shown, text, "{count} signatories");
    }
    let site = Fixture::new();
    write_status(&site, 72, &["2026-01-01", "2026-01-02", "2026-01-03"]);
    site.build();
    let home = site.page("ar/index.html");
    assert!(
        home.contains("40 صكًّا يلزم إيداعها"),
        "many form for the 40 needed"
    );
    assert!(home.contains("بقي 37 صكًّا"), "many form for 37 still to go");
    let site = Fixture::new();
    let deposits: Vec<String> = (1..=35)
        .map(|day| format!("2026-01-{:02}", day % 28 + 1))
        .collect();
    let deposits: Vec<&str> = deposits.iter().map(String::as_str).collect();
    write_status(&site, 72, &deposits);
    site.build();
    let home = site.page("ar/index.html");
    assert!(home.contains("بقيت 5 صكوك"), "few form for 5 still to go");
}

#[test]
fn the_fortieth_deposit_sets_the_entry_into_force_date_everywhere() {
    let site = timeline_site();
    let mut deposits: Vec<String> = (1..=39)
        .map(|day| format!("2026-01-{:02}", day % 28 + 1))
        .collect();
    deposits.push("2026-03-01".into());
    let deposits: Vec<&str> = deposits.iter().map(String::as_str).collect();
    write_status(&site, 72, &deposits);
    site.build();
    let home = site.page("en/index.html");
    assert!(
        home.contains("Enters into force on 30 May 2026"),
        "{}",
        between(&home, "<aside", "</aside>")
    );
    assert!(home.contains("the threshold is reached"));
    let timeline = site.page("en/timeline/index.html");
    let event = between(&timeline, r#"<li id="entry-into-force""#, "</li>");
    assert!(
        event.contains(r#"<time datetime="2026-05-30">30 May 2026</time>"#),
        "{event}"
    );
    assert!(event.contains("Entry into force"));
    let ar = site.page("ar/timeline/index.html");
    assert!(ar.contains(r#"<time datetime="2026-05-30">30 ماي 2026</time>"#));
}

fn assert_build_error(site: &Fixture, file: &str, words: &str) {
    let output = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(file), "no `{file}` in\n{stderr}");
    assert!(stderr.contains(words), "no `{words}` in\n{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn an_article_naming_no_event_is_an_error() {
    let site = timeline_site();
    site.article(
        "signing",
        "en",
        "Morocco signs",
        "2025-10-25",
        "event = \"no-such-event\"",
    );
    assert_build_error(
        &site,
        "signing.en.md",
        "`event = \"no-such-event\"` names no timeline event",
    );
}

#[test]
fn an_event_date_that_does_not_parse_is_an_error() {
    let site = timeline_site();
    site.event("bad", "en", "Bad", "October 2017", "proposal");
    assert_build_error(&site, "bad.en.md:3", "not a date");
}

#[test]
fn an_unknown_kind_is_an_error() {
    let site = timeline_site();
    site.event("bad", "en", "Bad", "2020", "celebration");
    assert_build_error(&site, "bad.en.md:4", "celebration");
}

#[test]
fn an_event_without_sources_is_an_error() {
    let site = timeline_site();
    site.write(
        "content/timeline/bare.en.md",
        "+++\ntitle = \"Bare\"\ndate = \"2020\"\nkind = \"proposal\"\n+++\n",
    );
    assert_build_error(&site, "bare.en.md", "at least one source");
}

#[test]
fn a_ratification_before_adoption_is_an_error() {
    let site = timeline_site();
    write_status(&site, 72, &["2024-06-01"]);
    assert_build_error(
        &site,
        "participants.toml:9",
        "before the convention was adopted",
    );
}

#[test]
fn an_event_missing_in_one_language_is_reported_by_check() {
    let site = timeline_site();
    site.event("only-english", "en", "Only English", "2021", "negotiation");
    site.build();
    assert!(
        site.page("en/timeline/index.html")
            .contains(r#"id="only-english""#)
    );
    let check = site.run(&["check", "--strict"]);
    let report = String::from_utf8_lossy(&check.stderr);
    assert!(!check.status.success());
    assert!(
        report.contains("only-english.en.md") && report.contains("this event has no"),
        "{report}"
    );
}
