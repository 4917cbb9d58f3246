//! End-to-end: fixture sites built by the real binary, asserting on the HTML that comes out.

mod common;

use common::{Fixture, between, walk};

fn two_language_site() -> Fixture {
    let site = Fixture::new();
    site.article(
        "adoption",
        "en",
        "Assembly adopts the convention",
        "2024-12-24",
        "",
    );
    site.article(
        "adoption",
        "ar",
        "الجمعية العامة تعتمد الاتفاقية",
        "2024-12-24",
        "",
    );
    site.article("hanoi", "en", "Hanoi signing", "2025-10-25", "");
    site.article("hanoi", "ar", "التوقيع في هانوي", "2025-10-25", "");
    site
}

#[test]
fn hreflang_pairs_point_both_ways_with_x_default() {
    let site = two_language_site();
    site.build();
    let base = "https://example.github.io/digest/";
    for (lang, other) in [("en", "ar"), ("ar", "en")] {
        let page = site.page(&format!("{lang}/articles/adoption/index.html"));
        for code in [lang, other] {
            let link = format!(
                r#"<link rel="alternate" hreflang="{code}" href="{base}{code}/articles/adoption/">"#
            );
            assert!(page.contains(&link), "{lang} page lacks {link}");
        }
        assert!(page.contains(&format!(
            r#"hreflang="x-default" href="{base}en/articles/adoption/""#
        )));
        assert!(page.contains(&format!(
            r#"<link rel="canonical" href="{base}{lang}/articles/adoption/">"#
        )));
        // The switcher goes to the same article in the other language, relatively.
        let switcher = between(&page, r#"class="language-switcher""#, "</nav>");
        assert!(
            switcher.contains(&format!(r#"href="../../../{other}/articles/adoption/""#)),
            "{switcher}"
        );
    }
}

#[test]
fn every_arabic_page_is_rtl_and_every_english_page_ltr() {
    let site = two_language_site();
    site.build();
    let mut checked = 0;
    for (lang, dir) in [("ar", "rtl"), ("en", "ltr")] {
        for file in walk(&site.root().join("public").join(lang)) {
            if file.extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(&file).expect("read");
                assert!(
                    html.contains(&format!(r#"<html lang="{lang}" dir="{dir}">"#)),
                    "{} lacks lang/dir",
                    file.display()
                );
                assert!(html.contains(r#"<meta charset="utf-8">"#));
                checked += 1;
            }
        }
    }
    // Per language: home, timeline, search, two articles, the archive index and its month(s).
    assert_eq!(checked, 16, "every page of both languages");
}

#[test]
fn dates_follow_each_locale() {
    let site = two_language_site();
    site.build();
    let ar = site.page("ar/articles/adoption/index.html");
    assert!(
        ar.contains(r#"<time datetime="2024-12-24">24 دجنبر 2024</time>"#),
        "ar-MA date missing"
    );
    let ar_home = site.page("ar/index.html");
    assert!(ar_home.contains("25 أكتوبر 2025"));
    let en = site.page("en/articles/hanoi/index.html");
    assert!(en.contains(r#"<time datetime="2025-10-25">25 October 2025</time>"#));
}

#[test]
fn home_lists_articles_newest_first() {
    let site = two_language_site();
    site.build();
    let home = site.page("en/index.html");
    let hanoi = home.find("Hanoi signing").expect("listed");
    let adoption = home.find("Assembly adopts").expect("listed");
    assert!(hanoi < adoption, "newest first");
    assert!(home.contains(r#"href="../en/articles/hanoi/""#));
}

#[test]
fn arabic_article_counts_use_all_six_plural_forms() {
    let expected = [
        (0, "لا توجد مقالات بعد"),
        (1, "مقال واحد"),
        (2, "مقالان"),
        (3, "3 مقالات"),
        (11, "11 مقالًا"),
        (100, "100 مقال"),
    ];
    for (count, text) in expected {
        let site = Fixture::new();
        for index in 0..count {
            site.article(
                &format!("a{index}"),
                "ar",
                &format!("مقال {index}"),
                "2025-01-01",
                "",
            );
        }
        site.build();
        let home = site.page("ar/index.html");
        let shown = between(&home, r#"<p class="count">"#, "</p>");
        assert_eq!(shown, text, "{count} articles");
    }
}

#[test]
fn english_counts_read_naturally() {
    let site = Fixture::new();
    site.build();
    assert!(
        site.page("en/index.html")
            .contains(r#"<p class="count">No articles yet</p>"#)
    );
    site.article("one", "en", "One", "2025-01-01", "");
    site.build();
    assert!(
        site.page("en/index.html")
            .contains(r#"<p class="count">One article</p>"#)
    );
}

#[test]
fn article_page_has_source_body_and_translation_link() {
    let site = Fixture::new();
    site.article(
        "signing",
        "en",
        "Morocco signs",
        "2025-10-25",
        "[source]\nname = \"Assahifa English\"\nurl = \"https://www.assahifa.com/english/?p=31530\"",
    );
    site.article("signing", "ar", "المغرب يوقع", "2025-10-25", "");
    site.build();
    let page = site.page("en/articles/signing/index.html");
    assert!(page.contains(r#"<a href="https://www.assahifa.com/english/?p=31530" rel="external"><bdi>Assahifa English</bdi></a>"#));
    assert!(page.contains(r#"<h2 id="a-heading">A heading</h2>"#));
    assert!(page.contains("<title>Morocco signs · Test digest</title>"));
    assert!(page.contains(r#"<meta property="og:title" content="Morocco signs">"#));
    let footer = between(&page, r#"class="article-footer""#, "</footer>");
    assert!(
        footer.contains(r#"href="../../../ar/articles/signing/" hreflang="ar""#),
        "{footer}"
    );
}

#[test]
fn a_page_without_translation_builds_without_a_dead_link() {
    let site = Fixture::new();
    site.article("only-english", "en", "Only in English", "2025-01-01", "");
    site.build();
    let page = site.page("en/articles/only-english/index.html");
    assert!(!page.contains("/ar/articles/only-english/"));
    assert!(!page.contains(r#"hreflang="ar""#));
    assert!(page.contains("This article is only available in English."));
    assert!(!site.root().join("public/ar/articles/only-english").exists());

    let check = site.run(&["check"]);
    let report = String::from_utf8_lossy(&check.stderr);
    assert!(report.contains("only-english.en.md"), "{report}");
    assert!(report.contains("no العربية translation"), "{report}");
    assert!(check.status.success(), "a missing translation is a warning");
    assert!(!site.run(&["check", "--strict"]).status.success());
}

#[test]
fn root_page_offers_both_editions_and_picks_the_readers_language() {
    let site = Fixture::new();
    site.build();
    let root = site.page("index.html");
    // No meta refresh (from disk it would open a folder listing): a script picks the edition of
    // the browser's language, naming index.html from file://.
    assert!(!root.contains("http-equiv"));
    assert!(root.contains(r#"location.protocol === "file:" ? "index.html" : """#));
    assert!(root.contains(r#"<a href="en/" hreflang="en">"#));
    assert!(root.contains(r#"<a href="ar/" hreflang="ar">"#));
    let not_found = site.page("404.html");
    assert!(not_found.contains(r#"<section lang="ar" dir="rtl""#));
    assert!(
        not_found.contains(r#"href="/digest/ar/""#),
        "404 links start from the base path"
    );
    assert!(not_found.contains(r#"href="/digest/style.css""#));
    assert!(
        not_found.contains(r#"<nav class="site-nav""#),
        "the 404 page has the site's header and navigation"
    );
}

#[test]
fn static_files_are_copied_and_drafts_skipped_unless_asked() {
    let site = Fixture::new();
    site.write("static/CNAME", "digest.example.org\n");
    site.article("draft", "en", "Draft", "2025-01-01", "draft = true");
    site.build();
    assert_eq!(site.page("CNAME"), "digest.example.org\n");
    assert!(site.page("style.css").contains("margin-inline"));
    assert!(!site.root().join("public/en/articles/draft").exists());
    let output = site.run(&["build", "--drafts"]);
    assert!(output.status.success());
    assert!(
        site.root()
            .join("public/en/articles/draft/index.html")
            .exists()
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let site = Fixture::new();
    site.write_bytes(
        "content/articles/windows.en.md",
        b"\xEF\xBB\xBF+++\r\ntitle = \"Saved on Windows\"\r\ndate = 2025-01-02\r\n+++\r\n\r\nBody line.\r\n",
    );
    site.build();
    let page = site.page("en/articles/windows/index.html");
    assert!(page.contains("<h1>Saved on Windows</h1>"));
    assert!(page.contains("<p>Body line.</p>"));
}

#[test]
fn base_url_flag_overrides_site_toml() {
    let site = Fixture::new();
    let output = site.run(&["build", "--base-url", "https://user.github.io/other/"]);
    assert!(output.status.success());
    let page = site.page("en/index.html");
    assert!(page.contains(r#"<link rel="canonical" href="https://user.github.io/other/en/">"#));
}

#[test]
fn build_prints_a_summary_with_pages_per_language() {
    let site = two_language_site();
    let output = site.run(&["build"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("Built 14 pages (7 English, 7 العربية)"),
        "{text}"
    );
    assert!(text.contains(" ms"));
}

#[test]
fn markdown_links_between_content_files_resolve_per_language() {
    let site = two_language_site();
    site.event("adopted", "en", "Adopted", "2024-12-24", "adoption");
    site.event("adopted", "ar", "اعتماد", "2024-12-24", "adoption");
    site.write(
        "content/articles/links.en.md",
        "+++\ntitle = \"Links\"\ndate = 2025-01-01\n+++\n\nSee [Hanoi](@/articles/hanoi.md) and [the adoption](@/timeline/adopted.md).\n",
    );
    site.build();
    let page = site.page("en/articles/links/index.html");
    assert!(
        page.contains(r#"<a href="../../../en/articles/hanoi/">Hanoi</a>"#),
        "{page}"
    );
    assert!(page.contains(r##"<a href="../../../en/timeline/#adopted">the adoption</a>"##));
}
