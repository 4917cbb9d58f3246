//! End-to-end: the treaty tracker. The states pages, the map, the open data and the feed of
//! treaty actions, built from the project's own `content/participants.toml`, and the Article
//! 65(1) count with the European Union among the deposits.

mod common;

use std::collections::BTreeMap;

use common::{Fixture, between, repo};

/// The project's participants file, as plain TOML.
fn participants_toml() -> toml::Table {
    let text = std::fs::read_to_string(repo().join("content/participants.toml")).expect("read");
    toml::from_str(&text).expect("valid TOML")
}

fn entries(table: &toml::Table) -> Vec<&toml::Table> {
    table["participants"]
        .as_array()
        .expect("participants")
        .iter()
        .map(|entry| entry.as_table().expect("a table"))
        .collect()
}

fn built_real_site() -> Fixture {
    let site = Fixture::real();
    site.build();
    site
}

#[test]
fn both_states_pages_list_every_participant_with_the_map_and_the_downloads() {
    let site = built_real_site();
    let table = participants_toml();
    let count = entries(&table).len();
    for (lang, morocco, heading) in [("en", "Morocco", "participants"), ("ar", "المغرب", "طرفًا")]
    {
        let page = site.page(&format!("{lang}/states/index.html"));
        let rows = between(&page, "<tbody>", "</tbody>");
        assert_eq!(rows.matches("<tr ").count(), count, "{lang}: one row each");
        assert!(page.contains(&format!("{count} {heading}")), "{lang}");
        assert!(rows.contains(&format!(">{morocco}</a>")), "{lang}");
        // The map: one named shape per state, in the page's language, and small.
        let map = between(&page, "<svg class=\"world-map\"", "</svg>");
        assert!(map.contains(&format!("<title>{morocco}</title>")), "{lang}");
        assert!(map.len() < 200_000, "{lang}: map of {} bytes", map.len());
        assert!(map.contains(r#"class="signed""#));
        // The downloads and the feed are linked.
        for file in [
            "participants.json",
            "participants.csv",
            "participants.schema.json",
            "timeline.json",
        ] {
            assert!(
                page.contains(&format!("../../data/{file}")),
                "{lang}: {file}"
            );
        }
        assert!(
            page.contains(
                r#"href="../../{lang}/states/atom.xml""#.replace("{lang}", lang).as_str()
            )
        );
        // The as-of stamp.
        assert!(page.contains("2026"), "{lang}");
    }
    let ar = site.page("ar/states/index.html");
    assert!(ar.contains(r#"<html lang="ar" dir="rtl">"#));
}

#[test]
fn each_language_lists_participants_in_its_own_alphabetical_order() {
    let site = built_real_site();
    let order = |lang: &str, names: &[&str]| {
        let page = site.page(&format!("{lang}/states/index.html"));
        let rows = between(&page, "<tbody>", "</tbody>").to_owned();
        let positions: Vec<usize> = names
            .iter()
            .map(|name| {
                rows.find(&format!(">{name}</a>"))
                    .unwrap_or_else(|| panic!("{lang}: no {name}"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|pair| pair[0] < pair[1]),
            "{lang}: {names:?} out of order"
        );
    };
    // Accents do not lead: Côte d'Ivoire sorts between Costa Rica and Cuba, not after Z.
    order(
        "en",
        &[
            "Algeria",
            "Angola",
            "Costa Rica",
            "Côte d’Ivoire",
            "Cuba",
            "Viet Nam",
            "Zimbabwe",
        ],
    );
    // Arabic: by letter, the hamza on alef not counting; not by code (MA before MU, DZ after AZ).
    order(
        "ar",
        &["أذربيجان", "أستراليا", "الجزائر", "المغرب", "موريشيوس"],
    );
}

#[test]
fn the_state_page_of_morocco_names_its_article_and_events_in_both_languages() {
    let site = built_real_site();
    let en = site.page("en/states/ma/index.html");
    assert!(en.contains("<h1>Morocco</h1>"));
    assert!(en.contains(r#"<time datetime="2025-10-25">25 October 2025</time>"#));
    assert!(en.contains("../../../en/articles/morocco-signs-cybercrime-treaty/"));
    assert!(en.contains("../../../en/timeline/#hanoi-signing-ceremony"));
    assert!(en.contains("No instrument deposited as of 2 December 2026."));
    let ar = site.page("ar/states/ma/index.html");
    assert!(ar.contains("<h1>المغرب</h1>"));
    assert!(ar.contains("../../../ar/articles/morocco-signs-cybercrime-treaty/"));
    // The European Union's page says its instrument will not count.
    let eu = site.page("en/states/eu/index.html");
    assert!(eu.contains("<h1>European Union</h1>"));
    assert!(eu.contains("is not counted in addition"));
}

#[test]
fn the_csv_and_json_agree_with_the_toml() {
    let site = built_real_site();
    let table = participants_toml();
    let toml_entries = entries(&table);
    let json: serde_json::Value =
        serde_json::from_str(&site.page("data/participants.json")).expect("JSON");
    assert_eq!(json["as_of"], table["as_of"].to_string());
    let listed = json["participants"].as_array().expect("participants");
    assert_eq!(listed.len(), toml_entries.len());
    let by_code: BTreeMap<&str, &serde_json::Value> = listed
        .iter()
        .map(|p| (p["code"].as_str().expect("code"), p))
        .collect();
    for entry in &toml_entries {
        let code = entry["code"].as_str().expect("code");
        let json = by_code[code];
        let date = |value: Option<&toml::Value>| value.map(toml::Value::to_string);
        assert_eq!(
            json["signature"].as_str().map(str::to_owned),
            date(entry.get("signature")),
            "{code}"
        );
        assert_eq!(
            json["deposited"].as_str().map(str::to_owned),
            date(entry.get("deposited")),
            "{code}"
        );
        assert!(
            json["name"]["en"].as_str().is_some_and(|n| !n.is_empty()),
            "{code}"
        );
        assert!(
            json["name"]["ar"].as_str().is_some_and(|n| !n.is_empty()),
            "{code}"
        );
    }
    assert_eq!(by_code["EU"]["counts_toward_entry_into_force"], false);

    let csv_text = site.page("data/participants.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(&header[..4], ["code", "name_en", "name_ar", "signature"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), toml_entries.len());
    for row in &rows {
        let json = by_code[&row[0]];
        assert_eq!(&row[1], json["name"]["en"].as_str().expect("name"));
        assert_eq!(&row[2], json["name"]["ar"].as_str().expect("name"));
        assert_eq!(
            row[3].is_empty(),
            json["signature"].is_null(),
            "{}",
            &row[0]
        );
    }
    let morocco = rows.iter().find(|row| &row[0] == "MA").expect("Morocco");
    assert_eq!(
        (&morocco[1], &morocco[2], &morocco[3]),
        ("Morocco", "المغرب", "2025-10-25")
    );

    let schema: serde_json::Value =
        serde_json::from_str(&site.page("data/participants.schema.json")).expect("schema");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let timeline: serde_json::Value =
        serde_json::from_str(&site.page("data/timeline.json")).expect("timeline");
    let events = timeline["events"].as_array().expect("events");
    assert!(events.iter().any(|e| e["id"] == "hanoi-signing-ceremony"
        && e["title"]["ar"].as_str().is_some_and(|t| !t.is_empty())));
}

#[test]
fn the_treaty_actions_feed_has_later_signatures_and_not_the_ceremony() {
    let site = built_real_site();
    for lang in ["en", "ar"] {
        let feed = site.page(&format!("{lang}/states/atom.xml"));
        let document = roxmltree::Document::parse(&feed).expect("well-formed Atom");
        let entries: Vec<roxmltree::Node> = document
            .descendants()
            .filter(|node| node.has_tag_name("entry"))
            .collect();
        let links: Vec<&str> = entries
            .iter()
            .filter_map(|entry| entry.descendants().find(|n| n.has_tag_name("link")))
            .filter_map(|link| link.attribute("href"))
            .collect();
        assert!(
            links
                .iter()
                .any(|href| href.ends_with(&format!("/{lang}/states/mu/"))),
            "{lang}: Mauritius signed after Hanoi: {links:?}"
        );
        assert!(
            !links.iter().any(|href| href.ends_with("/states/ma/")),
            "{lang}: Morocco signed at the ceremony"
        );
    }
}

#[test]
fn the_home_page_status_comes_from_the_participants_with_its_date() {
    let site = built_real_site();
    let table = participants_toml();
    let signed = entries(&table)
        .iter()
        .filter(|entry| entry.contains_key("signature") || entry.contains_key("signature_range"))
        .count();
    let home = site.page("en/index.html");
    let status = between(&home, r#"<aside class="status""#, "</aside>");
    assert!(
        status.contains(&format!("{signed} signatories")),
        "{status}"
    );
    assert!(status.contains("as of 2 December 2026"), "{status}");
    assert!(status.contains("../en/states/"), "links the states page");
}

/// A site whose participants deposited in this order, the EU among them.
fn deposits_site(order: &[&str]) -> Fixture {
    let site = Fixture::new();
    site.write(
        "content/treaty.toml",
        "adopted = 2024-12-24\nthreshold = 3\ndays_after_threshold = 90\nsignature_closes = 2026-12-31\nsource = { title = \"UN\", url = \"https://treaties.un.org/\" }\n",
    );
    let source = "{ title = \"UN\", url = \"https://treaties.un.org/\" }";
    let mut text = String::from("as_of = 2026-12-01\n");
    for (day, code) in order.iter().enumerate() {
        let instrument = if *code == "EU" {
            "approval"
        } else {
            "ratification"
        };
        text.push_str(&format!(
            "[[participants]]\ncode = \"{code}\"\nsignature = 2025-10-25\nsignature_source = {source}\ninstrument = \"{instrument}\"\ndeposited = 2026-01-{:02}\ninstrument_source = {source}\n",
            day + 1
        ));
    }
    site.write("content/participants.toml", &text);
    site
}

#[test]
fn the_european_union_never_brings_entry_into_force_closer() {
    // Threshold 3. With the EU first, in the middle or last, the third counting deposit is the
    // third state's; entry into force is 90 days after it.
    for (order, third_state_day) in [
        (["EU", "MA", "FR", "VN"], 4),
        (["MA", "EU", "FR", "VN"], 4),
        (["MA", "FR", "VN", "EU"], 3),
    ] {
        let site = deposits_site(&order);
        site.build();
        let home = site.page("en/index.html");
        let status = between(&home, r#"<aside class="status""#, "</aside>");
        assert!(
            status.contains(r#"aria-valuenow="3""#),
            "{order:?}: {status}"
        );
        let entry = format!("2026-01-{third_state_day:02}");
        let expected = match third_state_day {
            4 => "Enters into force on 4 April 2026",
            _ => "Enters into force on 3 April 2026",
        };
        assert!(status.contains(expected), "{order:?} ({entry}): {status}");
        let json: serde_json::Value =
            serde_json::from_str(&site.page("data/participants.json")).expect("JSON");
        assert_eq!(json["status"]["counting_deposits"], 3, "{order:?}");
    }
}
