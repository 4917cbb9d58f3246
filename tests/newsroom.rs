//! End-to-end: a newsroom's article. Bylines and author pages, updates and corrections, tags in
//! both languages with their pages, the home page's latest articles and the monthly archives,
//! structured data (JSON-LD, Open Graph) and full feeds (Atom and JSON Feed).

mod common;

use common::{Fixture, between};

const SEED: &str = "articles/morocco-signs-cybercrime-treaty";

fn built_real_site() -> Fixture {
    let site = Fixture::real();
    site.build();
    site
}

#[test]
fn the_seed_article_has_a_byline_two_tags_and_its_corrections_in_both_languages() {
    let site = built_real_site();
    let en = site.page(&format!("en/{SEED}/index.html"));
    assert!(en.contains(
        r#"<p class="byline">By <a href="../../../en/authors/desk/">Accord news desk</a></p>"#
    ));
    assert!(en.contains(r#"Tags: <a href="../../../en/tags/morocco/">Morocco</a> and <a href="../../../en/tags/signature/">Signature</a>"#));
    let corrections = between(&en, r#"<section class="corrections""#, "</section>");
    assert_eq!(
        corrections.matches(r#"<div class="correction">"#).count(),
        2
    );
    assert!(corrections.contains(r#"<time datetime="2026-11-22">22 November 2026</time>"#));
    let ar = site.page(&format!("ar/{SEED}/index.html"));
    assert!(ar.contains("بقلم <a href=\"../../../ar/authors/desk/\">قسم الأخبار في أكورد</a>"));
    // Arabic joins a list with its own conjunction, written onto the next word.
    assert!(ar.contains(r#"<a href="../../../ar/tags/morocco/">المغرب</a> و<a href="../../../ar/tags/signature/">التوقيع</a>"#));
    let corrections = between(&ar, r#"<section class="corrections""#, "</section>");
    // Set upright: no emphasis markup around an Arabic correction.
    assert!(
        !corrections.contains("<em>") && !corrections.contains("<i>"),
        "{corrections}"
    );
    assert!(corrections.contains("22 نونبر 2026"));
}

#[test]
fn author_and_tag_pages_list_their_articles_in_each_language() {
    let site = built_real_site();
    let author = site.page("en/authors/desk/index.html");
    assert!(author.contains("<h1>Accord news desk</h1>"));
    assert!(author.contains(&format!("../../../en/{SEED}/")));
    let tag = site.page("ar/tags/morocco/index.html");
    assert!(tag.contains("<h1>المغرب</h1>"));
    assert!(tag.contains(&format!("../../../ar/{SEED}/")));
    let index = site.page("en/tags/index.html");
    assert!(index.contains(r#"<a href="../../en/tags/morocco/">Morocco</a>"#));
}

#[test]
fn json_ld_describes_the_news_article_and_its_translation() {
    let site = built_real_site();
    let page = site.page(&format!("en/{SEED}/index.html"));
    let json = between(&page, r#"<script type="application/ld+json">"#, "</script>");
    let data: serde_json::Value = serde_json::from_str(json).expect("valid JSON-LD");
    assert_eq!(data["@context"], "https://schema.org");
    assert_eq!(data["@type"], "NewsArticle");
    assert_eq!(
        data["headline"],
        "Morocco signs the UN Convention against Cybercrime in Hanoi"
    );
    assert_eq!(data["datePublished"], "2025-10-25");
    assert_eq!(data["dateModified"], "2025-10-25");
    assert_eq!(data["inLanguage"], "en-GB");
    assert_eq!(data["author"][0]["@type"], "Organization");
    assert_eq!(data["author"][0]["name"], "Accord news desk");
    assert_eq!(data["publisher"]["@type"], "Organization");
    assert_eq!(data["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(data["correction"].as_array().map(Vec::len), Some(2));
    assert!(
        data["workTranslation"][0]["url"]
            .as_str()
            .is_some_and(|url| url.ends_with(&format!("/ar/{SEED}/")))
    );
    assert_eq!(data["workTranslation"][0]["inLanguage"], "ar-MA");
    let ar = site.page(&format!("ar/{SEED}/index.html"));
    let json = between(&ar, r#"<script type="application/ld+json">"#, "</script>");
    let data: serde_json::Value = serde_json::from_str(json).expect("valid JSON-LD");
    assert!(
        data["translationOfWork"][0]["url"]
            .as_str()
            .is_some_and(|url| url.ends_with(&format!("/en/{SEED}/")))
    );
    // Open Graph: locales in the language_TERRITORY form, the article's dates.
    assert!(page.contains(r#"<meta property="og:locale" content="en_GB">"#));
    assert!(page.contains(r#"<meta property="og:locale:alternate" content="ar_MA">"#));
    assert!(page.contains(r#"<meta property="article:published_time" content="2025-10-25">"#));
    assert!(page.contains(r#"<meta name="twitter:card""#));
}

#[test]
fn feeds_carry_the_full_text_authors_tags_and_corrections_as_updates() {
    let site = built_real_site();
    let atom = site.page("en/atom.xml");
    let document = roxmltree::Document::parse(&atom).expect("well-formed Atom");
    let entry = document
        .descendants()
        .find(|node| node.has_tag_name("entry"))
        .expect("an entry");
    let child = |name: &str| {
        entry
            .children()
            .find(|node| node.has_tag_name(name))
            .unwrap_or_else(|| panic!("no <{name}>"))
    };
    let content = child("content");
    assert_eq!(content.attribute("type"), Some("html"));
    assert!(
        content
            .text()
            .is_some_and(|html| html.contains("<p>Morocco on Saturday signed"))
    );
    assert_eq!(child("published").text(), Some("2025-10-25T00:00:00Z"));
    // The latest correction is the entry's update.
    assert_eq!(child("updated").text(), Some("2026-12-02T00:00:00Z"));
    assert!(
        entry
            .children()
            .any(|n| n.has_tag_name("category") && n.attribute("term") == Some("Morocco"))
    );
    assert!(
        child("author")
            .descendants()
            .any(|n| n.text() == Some("Accord news desk"))
    );
    // Every entry has the elements RFC 4287 requires.
    for entry in document.descendants().filter(|n| n.has_tag_name("entry")) {
        for required in ["id", "title", "updated", "link"] {
            assert!(
                entry.children().any(|n| n.has_tag_name(required)),
                "{required}"
            );
        }
    }

    let json: serde_json::Value =
        serde_json::from_str(&site.page("ar/feed.json")).expect("valid JSON Feed");
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["language"], "ar-MA");
    let item = &json["items"][0];
    assert!(
        item["content_html"]
            .as_str()
            .is_some_and(|html| html.contains("وهبي"))
    );
    assert_eq!(item["authors"][0]["name"], "قسم الأخبار في أكورد");
    assert_eq!(item["tags"][0], "المغرب");
    assert_eq!(item["date_modified"], "2026-12-02T00:00:00Z");
    let home = site.page("en/index.html");
    assert!(home.contains(r#"type="application/feed+json""#));
}

/// A site with three English articles in two months, an author and a tag.
fn small_site() -> Fixture {
    let site = Fixture::new();
    site.write(
        "content/authors.toml",
        "[amina]\nname = { en = \"Amina Idrissi\", ar = \"أمينة الإدريسي\" }\n",
    );
    site.write(
        "content/tags.toml",
        "ratification = { en = \"Ratification\", ar = \"التصديق\" }\n",
    );
    site.article(
        "one",
        "en",
        "One",
        "2026-01-05",
        "authors = [\"amina\"]\ntags = [\"ratification\"]\nupdated = 2026-02-01",
    );
    site.article("two", "en", "Two", "2026-01-20", "");
    site.article("three", "en", "Three", "2026-02-03", "");
    site
}

#[test]
fn the_home_page_lists_the_latest_and_the_archives_list_every_month() {
    let site = small_site();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write("site.toml", &format!("home_articles = 2\n{toml}"));
    site.build();
    let home = site.page("en/index.html");
    let listed = between(&home, r#"<ol class="article-list">"#, "</ol>");
    assert_eq!(listed.matches("<li>").count(), 2);
    assert!(listed.contains("Three") && listed.contains("Two") && !listed.contains(">One<"));
    assert!(home.contains(r#"<a href="../en/archive/">All 3 articles, month by month</a>"#));
    let archives = site.page("en/archive/index.html");
    assert!(archives.contains("February 2026") && archives.contains("January 2026"));
    let january = site.page("en/archive/2026/01/index.html");
    assert!(january.contains(">One<") && january.contains(">Two<") && !january.contains(">Three<"));
    let one = site.page("en/articles/one/index.html");
    assert!(one.contains(r#"Updated <time datetime="2026-02-01">1 February 2026</time>"#));
}

#[test]
fn an_unknown_author_or_tag_is_an_error_at_its_line() {
    let site = small_site();
    site.article("bad", "en", "Bad", "2026-01-05", "authors = [\"nobody\"]");
    let output = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("bad.en.md:5"), "{stderr}");
    assert!(stderr.contains("`authors` names `nobody`"), "{stderr}");

    let site = small_site();
    site.article(
        "bad",
        "en",
        "Bad",
        "2026-01-05",
        "tags = [\"ratification\", \"nope\"]",
    );
    let output = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.en.md:5"), "{stderr}");
    assert!(stderr.contains("the tag `nope` is not defined"), "{stderr}");
}

#[test]
fn check_warns_when_one_language_lacks_a_correction() {
    let site = small_site();
    site.article(
        "two",
        "ar",
        "اثنان",
        "2026-01-20",
        "\n[[corrections]]\ndate = 2026-01-21\ntext = \"صُحّح التاريخ.\"",
    );
    let output = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("two.en.md"), "{stderr}");
    assert!(stderr.contains("correction(s)"), "{stderr}");
}
