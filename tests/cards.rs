//! Social cards (issue 19): Arabic headlines joined and right to left, English left to right,
//! long headlines cut with an ellipsis, the ink where the direction puts it.

use accord::render::cards::{
    CardText, HEIGHT, NASKH_BOLD, SERIF_BOLD, WIDTH, card_svg, headline_layout, render_png,
    shape_with,
};

fn card(lang: &str, rtl: bool, headline: &str) -> CardText {
    CardText {
        lang: lang.into(),
        rtl,
        site_title: if rtl { "أكورد" } else { "Accord" }.into(),
        headline: headline.into(),
        date: if rtl {
            "25 أكتوبر 2025"
        } else {
            "25 October 2025"
        }
        .into(),
        count: if rtl {
            "الصكوك المودعة: 3 من أصل 40"
        } else {
            "3 of 40 deposits"
        }
        .into(),
        progress: (3, 40),
    }
}

/// The text of a line's glyphs read in the order the eye meets them: right to left for Arabic.
fn read_in_order(glyphs: &[(u32, f32)], texts: &[String], rtl: bool) -> String {
    let mut placed: Vec<(f32, &str)> = glyphs
        .iter()
        .zip(texts)
        .map(|((_, x), text)| (*x, text.as_str()))
        .collect();
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    if rtl {
        placed.reverse();
    }
    placed
        .iter()
        .map(|(_, text)| *text)
        .collect::<String>()
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect()
}

const ARABIC: &str = "المغرب يوقع اتفاقية الأمم المتحدة";

#[test]
fn an_arabic_headline_is_shaped_joined_and_laid_out_right_to_left() {
    let svg = card_svg(&card("ar", true, ARABIC));
    let lines = headline_layout(&svg).expect("lays out");
    assert_eq!(lines.len(), 1, "a short headline fits one line: {lines:?}");
    let line = &lines[0];

    // The glyphs the card placed are harfrust's for the whole line, shaped right to left in
    // Noto Naskh Arabic Bold: the same ids, in the same visual order.
    let shaped = shape_with(NASKH_BOLD, ARABIC, true);
    // (The bidi embedding around the line gets invisible glyphs of its own: left out.)
    let mut by_x: Vec<(u32, f32)> = (line.glyphs.iter().zip(&line.texts))
        .filter(|(_, text)| !text.chars().all(|c| matches!(c, '\u{202A}'..='\u{202E}')))
        .map(|(glyph, _)| *glyph)
        .collect();
    let placed = by_x.len();
    by_x.sort_by(|a, b| a.1.total_cmp(&b.1));
    let visual: Vec<u32> = by_x.iter().map(|(id, _)| *id).collect();
    let expected: Vec<u32> = shaped.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        visual, expected,
        "left-to-right glyphs of the card vs harfrust's visual order"
    );
    assert_eq!(placed, expected.len());

    // Joined: the word's glyphs are not the letters' isolated forms.
    let isolated: Vec<u32> = "المغرب"
        .chars()
        .flat_map(|c| shape_with(NASKH_BOLD, &c.to_string(), true))
        .map(|(id, _)| id)
        .collect();
    let mut joined: Vec<u32> = shape_with(NASKH_BOLD, "المغرب", true)
        .iter()
        .map(|(id, _)| *id)
        .collect();
    joined.reverse();
    assert_ne!(joined, isolated, "contextual forms, not isolated letters");

    // Right to left: read from the right edge, the glyphs spell the headline.
    assert_eq!(read_in_order(&line.glyphs, &line.texts, true), ARABIC);
}

#[test]
fn numbers_in_an_arabic_headline_keep_their_left_to_right_order() {
    let headline = "المغرب يوقع في 2025";
    let lines = headline_layout(&card_svg(&card("ar", true, headline))).expect("lays out");
    let line = &lines[0];
    let x_of = |digit: &str| {
        (line.glyphs.iter().zip(&line.texts))
            .find(|(_, text)| text.as_str() == digit)
            .map(|((_, x), _)| *x)
            .unwrap_or_else(|| panic!("no glyph for {digit}"))
    };
    // "2025" reads left to right inside the right-to-left line, and sits at its left end.
    assert!(x_of("2") < x_of("0"), "2 before 0");
    assert!(x_of("0") < x_of("5"), "0 before 5");
    let arabic_x = x_of("م");
    assert!(
        x_of("5") < arabic_x,
        "the number ends the line, on its left"
    );
}

#[test]
fn an_english_headline_reads_left_to_right_and_long_ones_end_in_an_ellipsis() {
    let headline = "Morocco signs the UN Convention against Cybercrime in Hanoi";
    let lines = headline_layout(&card_svg(&card("en", false, headline))).expect("lays out");
    let text: Vec<String> = (lines.iter())
        .map(|line| read_in_order(&line.glyphs, &line.texts, false))
        .collect();
    assert_eq!(text.join(" "), headline);
    let shaped = shape_with(SERIF_BOLD, "Morocco", false);
    let first: Vec<u32> = lines[0]
        .glyphs
        .iter()
        .take(shaped.len())
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(first, shaped.iter().map(|(id, _)| *id).collect::<Vec<_>>());

    let long = "Ratification ".repeat(40);
    let lines = headline_layout(&card_svg(&card("en", false, &long))).expect("lays out");
    assert!(lines.len() <= 4, "at most four lines: {}", lines.len());
    let last = lines.last().expect("a line");
    assert_eq!(last.texts.last().map(String::as_str), Some("…"));
}

/// The horizontal extent of dark pixels in rows `rows` of a card.
fn ink_columns(png: &[u8], rows: std::ops::Range<u32>) -> (u32, u32) {
    let image = image::load_from_memory(png).expect("a PNG").to_rgb8();
    assert_eq!(image.dimensions(), (WIDTH, HEIGHT));
    let (mut left, mut right) = (u32::MAX, 0);
    for y in rows {
        for x in 20..WIDTH - 20 {
            let [r, g, b] = image.get_pixel(x, y).0;
            if u32::from(r) + u32::from(g) + u32::from(b) < 200 {
                left = left.min(x);
                right = right.max(x);
            }
        }
    }
    (left, right)
}

#[test]
fn the_headline_starts_at_the_edge_its_language_starts_from() {
    let arabic = render_png(&card_svg(&card("ar", true, "المغرب يوقع"))).expect("draws");
    let (left, right) = ink_columns(&arabic, 150..500);
    assert!(
        right > 1100 && right <= 1122,
        "Arabic ends at the right margin: {right}"
    );
    assert!(
        left > 600,
        "a short Arabic headline leaves the left empty: {left}"
    );

    let english = render_png(&card_svg(&card("en", false, "Morocco signs"))).expect("draws");
    let (left, right) = ink_columns(&english, 150..500);
    assert!(
        (78..100).contains(&left),
        "English starts at the left margin: {left}"
    );
    assert!(
        right < 600,
        "a short English headline leaves the right empty: {right}"
    );
}
