//! Figures and responsive images (issue 19): `![alt](/images/x.png "Caption | Credit")` and the
//! front-matter `image` in both languages, relative at any depth, under a base path and from disk,
//! in the preview; WebP sizes and cards made once and then taken from the cache; missing
//! alternative text an error at its line; the seed article's map.

mod common;
mod serve_support;

use std::fs;
use std::path::Path;

use common::{Fixture, between};

/// A PNG `width` × `height` pixels: a gradient, so the copies have something to resample.
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("encodes");
    bytes
}

const LEAD_EN: &str = r#"image = { src = "/images/lead.png", alt = "A map of Morocco", caption = "Morocco on the map.", credit = "Accord, from Natural Earth boundaries" }"#;
const LEAD_AR: &str = r#"image = { src = "/images/lead.png", alt = "خريطة المغرب", caption = "المغرب على الخريطة.", credit = "أكورد، من حدود Natural Earth" }"#;

fn site() -> Fixture {
    let fixture = Fixture::new();
    fixture.write("site.toml", &format!("cards = true\n{}", common::SITE_TOML));
    fixture.write_bytes("static/images/lead.png", &png(2000, 1000));
    fixture.write_bytes("static/images/small.png", &png(600, 300));
    fixture.write(
        "content/articles/signing.en.md",
        &format!(
            "+++\ntitle = \"Morocco signs\"\ndate = 2025-10-25\n{LEAD_EN}\n+++\n\nText.\n\n![The hall in Hanoi](/images/small.png \"The ceremony. | Photo: the desk\")\n\nInline ![icon](/images/small.png) here.\n"
        ),
    );
    fixture.write(
        "content/articles/signing.ar.md",
        &format!(
            "+++\ntitle = \"المغرب يوقع\"\ndate = 2025-10-25\n{LEAD_AR}\n+++\n\nنص.\n\n![القاعة في هانوي](/images/small.png \"الحفل. | تصوير: المكتب\")\n"
        ),
    );
    fixture
}

/// The `<img …>` tag of the figure that holds `needle`.
fn figure_with<'a>(page: &'a str, needle: &str) -> &'a str {
    page.split("<figure class=\"figure\">")
        .skip(1)
        .map(|rest| &rest[..rest.find("</figure>").expect("closed")])
        .find(|figure| figure.contains(needle))
        .unwrap_or_else(|| panic!("no figure with {needle} in:\n{page}"))
}

#[test]
fn figures_render_with_sizes_captions_credits_and_lazy_loading_in_both_languages() {
    let fixture = site();
    fixture.build();
    let en = fixture.page("en/articles/signing/index.html");
    let lead = figure_with(&en, "lead.png");
    assert!(
        lead.contains(r#"<img src="../../../images/lead.png" srcset="../../../images/lead-480w.webp 480w, ../../../images/lead-960w.webp 960w, ../../../images/lead-1440w.webp 1440w, ../../../images/lead.png 2000w" sizes="(min-width: 48rem) 45rem, 100vw" width="2000" height="1000" alt="A map of Morocco" decoding="async">"#),
        "{lead}"
    );
    assert!(
        !lead.contains("loading="),
        "the lead image loads at once: {lead}"
    );
    assert!(lead.contains(r#"<figcaption><span class="caption">Morocco on the map.</span> <span class="credit">Accord, from Natural Earth boundaries</span></figcaption>"#), "{lead}");
    // The body's figure comes after the lead image: lazy; only widths under 600 px are made.
    let body = figure_with(&en, "The hall in Hanoi");
    assert!(
        body.contains(
            r#"srcset="../../../images/small-480w.webp 480w, ../../../images/small.png 600w""#
        ),
        "{body}"
    );
    assert!(body.contains(r#"width="600" height="300""#), "{body}");
    assert!(body.contains(r#"loading="lazy""#), "{body}");
    assert!(body.contains(r#"<span class="caption">The ceremony.</span> <span class="credit">Photo: the desk</span>"#), "{body}");
    // An image inside a paragraph stays an image, its address made relative.
    assert!(
        en.contains(r#"<img src="../../../images/small.png" alt="icon""#),
        "inline image"
    );

    let ar = fixture.page("ar/articles/signing/index.html");
    let lead = figure_with(&ar, "lead.png");
    assert!(lead.contains(r#"alt="خريطة المغرب""#), "{lead}");
    assert!(lead.contains(r#"width="2000" height="1000""#), "{lead}");
    assert!(lead.contains(r#"<span class="caption">المغرب على الخريطة.</span> <span class="credit">أكورد، من حدود Natural Earth</span>"#), "{lead}");
    let body = figure_with(&ar, "القاعة في هانوي");
    assert!(body.contains(r#"loading="lazy""#), "{body}");
    assert!(
        body.contains(r#"<span class="credit">تصوير: المكتب</span>"#),
        "{body}"
    );

    // The copies exist, at their widths, never wider than the original.
    for (name, width) in [
        ("lead-480w", 480),
        ("lead-960w", 960),
        ("lead-1440w", 1440),
        ("small-480w", 480),
    ] {
        let bytes =
            fs::read(fixture.root().join(format!("public/images/{name}.webp"))).expect(name);
        let image = image::load_from_memory(&bytes).expect("WebP decodes");
        assert_eq!(image.width(), width, "{name}");
    }
    assert!(
        !fixture
            .root()
            .join("public/images/small-960w.webp")
            .exists(),
        "never enlarged"
    );
}

#[test]
fn article_heads_carry_the_card_as_og_image_and_in_the_json_ld() {
    let fixture = site();
    fixture.build();
    for lang in ["en", "ar"] {
        let page = fixture.page(&format!("{lang}/articles/signing/index.html"));
        let url = format!("https://example.github.io/digest/{lang}/articles/signing/card.png");
        assert!(
            page.contains(&format!(r#"<meta property="og:image" content="{url}">"#)),
            "{page}"
        );
        assert!(page.contains(r#"<meta property="og:image:width" content="1200">"#));
        assert!(page.contains(r#"<meta property="og:image:height" content="630">"#));
        assert!(page.contains(r#"<meta property="og:image:alt" content=""#));
        assert!(page.contains(&format!(r#"<meta name="twitter:image" content="{url}">"#)));
        let json: serde_json::Value = serde_json::from_str(between(
            &page,
            r#"<script type="application/ld+json">"#,
            "</script>",
        ))
        .expect("JSON-LD");
        let images = json["image"].as_array().expect("image list");
        assert_eq!(
            images[0]["url"],
            "https://example.github.io/digest/images/lead.png"
        );
        assert_eq!(images[0]["width"], 2000);
        assert_eq!(images[1]["url"], url.as_str());
        let card = fs::read(
            fixture
                .root()
                .join(format!("public/{lang}/articles/signing/card.png")),
        )
        .expect("card written");
        let image = image::load_from_memory(&card).expect("PNG");
        assert_eq!((image.width(), image.height()), (1200, 630));
    }
}

/// Where `src`, relative to the page at `page` (below `public/`), leads.
fn resolve(page: &str, src: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in src.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            part => parts.push(part),
        }
    }
    parts.join("/")
}

#[test]
fn figure_addresses_work_under_a_base_path_and_from_disk() {
    let fixture = site();
    let output = fixture.run(&["build", "--base-url", "https://example.org/deep/path/"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page_path = "en/articles/signing/index.html";
    let page = fixture.page(page_path);
    // Relative, whatever the base path: the same links work from disk and under /deep/path/.
    let src = between(figure_with(&page, "lead.png"), "<img src=\"", "\"");
    assert_eq!(src, "../../../images/lead.png");
    let srcset = between(figure_with(&page, "lead.png"), "srcset=\"", "\"");
    for candidate in srcset.split(", ") {
        let address = candidate.split(' ').next().expect("address");
        let on_disk = fixture
            .root()
            .join("public")
            .join(resolve(page_path, address));
        assert!(
            on_disk.is_file(),
            "{address} from disk: {}",
            on_disk.display()
        );
    }
    assert!(
        page.contains(r#"content="https://example.org/deep/path/en/articles/signing/card.png""#)
    );
    assert!(Path::new(&fixture.root().join("public").join(resolve(page_path, src))).is_file());
}

#[test]
fn a_second_build_renders_no_image_and_no_card() {
    let fixture = site();
    let first = fixture.run(&["build"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let first = String::from_utf8_lossy(&first.stdout).into_owned();
    // lead: 480, 960, 1440; small: 480; the repository's static/images/morocco-map.png (1600
    // px): 480, 960, 1440. Two articles, two cards.
    assert!(first.contains("(7 images, 2 cards rendered)"), "{first}");
    let card = fs::read(fixture.root().join("public/ar/articles/signing/card.png")).expect("card");
    assert!(fixture.root().join(".accord-cache/cards").is_dir());
    assert!(fixture.root().join(".accord-cache/images").is_dir());

    let second = fixture.run(&["build"]);
    let second = String::from_utf8_lossy(&second.stdout).into_owned();
    assert!(
        second.contains("(0 images, 0 cards rendered (all cached)"),
        "{second}"
    );
    assert_eq!(
        fs::read(fixture.root().join("public/ar/articles/signing/card.png")).expect("card"),
        card
    );
    assert!(
        fixture
            .root()
            .join("public/images/lead-960w.webp")
            .is_file(),
        "copied from the cache"
    );
    // Linked from the cache, not copied (the cards of 10,000 articles are 880 MB), and the cache
    // is read-only, so rewriting the output in place cannot reach it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let output =
            fs::metadata(fixture.root().join("public/ar/articles/signing/card.png")).expect("card");
        assert_eq!(output.nlink(), 2, "a hard link to the cache's card");
        assert!(output.permissions().readonly());
    }

    // A new headline draws that card again, and only it.
    let path = fixture.root().join("content/articles/signing.en.md");
    let text = fs::read_to_string(&path).expect("read");
    fs::write(
        &path,
        text.replace("Morocco signs", "Morocco signs the convention"),
    )
    .expect("write");
    let third = fixture.run(&["build"]);
    let third = String::from_utf8_lossy(&third.stdout).into_owned();
    assert!(third.contains("(0 images, 1 cards rendered"), "{third}");
}

#[test]
fn an_image_without_alternative_text_is_an_error_at_its_line() {
    let fixture = Fixture::new();
    fixture.write_bytes("static/images/small.png", &png(600, 300));
    fixture.write(
        "content/articles/a.en.md",
        "+++\ntitle = \"A\"\ndate = 2025-10-25\n+++\n\nText.\n\n![](/images/small.png \"Caption\")\n",
    );
    let output = fixture.run(&["check"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("content/articles/a.en.md:8"), "{stderr}");
    assert!(stderr.contains("no alternative text"), "{stderr}");

    fixture.write(
        "content/articles/a.en.md",
        "+++\ntitle = \"A\"\ndate = 2025-10-25\nimage = { src = \"/images/small.png\", alt = \" \" }\n+++\n\nText.\n",
    );
    let output = fixture.run(&["check"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("content/articles/a.en.md:4"), "{stderr}");
    assert!(stderr.contains("`alt`"), "{stderr}");

    fixture.write(
        "content/articles/a.en.md",
        "+++\ntitle = \"A\"\ndate = 2025-10-25\nimage = { src = \"/images/missing.png\", alt = \"x\" }\n+++\n\nText.\n",
    );
    let output = fixture.run(&["build"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("content/articles/a.en.md:4")
            && stderr.contains("static/images/missing.png"),
        "{stderr}"
    );
}

#[test]
fn the_seed_article_has_its_map_in_each_language() {
    let fixture = Fixture::real();
    fixture.build();
    for (lang, credit) in [("en", "Natural Earth"), ("ar", "Natural Earth")] {
        let page = fixture.page(&format!(
            "{lang}/articles/morocco-signs-cybercrime-treaty/index.html"
        ));
        let figure = figure_with(&page, "morocco-map.png");
        assert!(figure.contains(r#"width="1600" height="1000""#), "{figure}");
        assert!(figure.contains("<figcaption>"), "{figure}");
        assert!(figure.contains(credit), "{figure}");
        assert!(!figure.contains("alt=\"\""), "{figure}");
    }
    assert!(
        fixture
            .root()
            .join("public/images/morocco-map-1440w.webp")
            .is_file()
    );
}

#[test]
fn the_preview_serves_figures_their_sizes_and_cards() {
    let site = serve_support::TempSite::copy();
    let server = serve_support::Server::start(&site.root, &[]);
    let page = server.get(serve_support::ARTICLE_PAGE);
    assert_eq!(page.status, 200);
    let figure = figure_with(&page.body, "morocco-map.png");
    let src = between(figure, "<img src=\"", "\"");
    assert!(src.starts_with("../../../"), "relative: {src}");
    let image = server.get(&resolve(
        &format!("{}index.html", serve_support::ARTICLE_PAGE),
        src,
    ));
    assert_eq!(image.status, 200, "{src}");
    assert_eq!(image.header("content-type"), Some("image/png"));
    let webp = server.get("images/morocco-map-960w.webp");
    assert_eq!(webp.status, 200);
    let card = server.get(&format!("{}card.png", serve_support::ARTICLE_PAGE));
    assert_eq!(card.status, 200);
    assert_eq!(card.header("content-type"), Some("image/png"));
}
