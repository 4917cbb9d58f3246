//! Social cards (issue 19): one 1200×630 PNG per article and language, at
//! `/{lang}/articles/{stem}/card.png`, for `og:image` and `twitter:image`.
//!
//! A card shows the site's name, the headline (wrapped, at most four lines, an ellipsis if it
//! runs over), the date and the treaty's live count ("3 of 40 deposits"), in the page's
//! language and direction. It is drawn in pure Rust: an SVG written here, laid out by `usvg`
//! (which shapes with harfrust, HarfBuzz's port, and orders with the Unicode bidi algorithm, so
//! Arabic is joined and runs right to left) and rasterised by `resvg`. The fonts are the site's
//! own faces, Noto Serif and Noto Sans for English and Noto Naskh Arabic, as subsets compiled
//! into the binary from `src/render/cards/fonts/` (never copied to the output; made by
//! `subset.sh` there, under the OFL beside them).
//!
//! Drawing a card takes tens of milliseconds, so cards are cached in `.accord-cache/cards/` by
//! a hash of everything they show, the fonts and [`CARD_VERSION`]: a build in which no headline,
//! date, name or count changed draws none.

use std::sync::{Arc, LazyLock};

use harfrust::{Direction, FontRef, ShaperData, UnicodeBuffer};
use resvg::{tiny_skia, usvg};

use super::page::card_path;
use crate::config::Direction as TextDirection;
use crate::error::Diagnostic;
use crate::images::MediaCounter;
use crate::images::cache::{self, Cache};
use crate::localisation::Argument;
use crate::output::Sink;
use crate::site::Site;

/// The card's size in pixels (Open Graph's recommended 1.91:1).
pub const WIDTH: u32 = 1200;
/// The card's height in pixels.
pub const HEIGHT: u32 = 630;

/// Bumped whenever the drawing changes, so cards drawn the old way are not reused.
pub const CARD_VERSION: &str = "accord-card-1";

/// Noto Serif Bold (Latin subset): English headlines.
pub static SERIF_BOLD: &[u8] = include_bytes!("cards/fonts/NotoSerif-Bold.latin.ttf");
/// Noto Sans Regular (Latin subset): the date.
pub static SANS_REGULAR: &[u8] = include_bytes!("cards/fonts/NotoSans-Regular.latin.ttf");
/// Noto Sans Bold (Latin subset): the site's name and the count.
pub static SANS_BOLD: &[u8] = include_bytes!("cards/fonts/NotoSans-Bold.latin.ttf");
/// Noto Naskh Arabic Regular (subset): Arabic dates.
pub static NASKH_REGULAR: &[u8] = include_bytes!("cards/fonts/NotoNaskhArabic-Regular.subset.ttf");
/// Noto Naskh Arabic Bold (subset): Arabic headlines, names and counts.
pub static NASKH_BOLD: &[u8] = include_bytes!("cards/fonts/NotoNaskhArabic-Bold.subset.ttf");

const FONTS: [&[u8]; 5] = [
    SERIF_BOLD,
    SANS_REGULAR,
    SANS_BOLD,
    NASKH_REGULAR,
    NASKH_BOLD,
];

/// The page's margin, left and right.
const MARGIN: f32 = 80.0;
/// The width text may take.
const TEXT_WIDTH: f32 = WIDTH as f32 - 2.0 * MARGIN;
/// At most this many lines of headline.
const MAX_LINES: usize = 4;

const PAPER: &str = "#fbfaf7";
const INK: &str = "#14161a";
const MUTED: &str = "#4a4f57";
const ACCENT: &str = "#0b5394";
const TRACK: &str = "#d5dde7";

/// What one card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardText {
    /// The language's code (`en`, `ar`).
    pub lang: String,
    /// Right to left.
    pub rtl: bool,
    /// The site's name in the language.
    pub site_title: String,
    /// The article's headline.
    pub headline: String,
    /// The date, as the language writes it.
    pub date: String,
    /// The treaty's count, as the language says it ("3 of 40 deposits").
    pub count: String,
    /// Counting deposits and the threshold, for the bar under the count.
    pub progress: (u32, u32),
}

impl CardText {
    /// The card's cache name: a hash of everything it shows, the fonts and the drawing's version.
    pub fn cache_name(&self) -> String {
        let (deposited, threshold) = self.progress;
        let progress = format!("{deposited}/{threshold}");
        let key = cache::key(&[
            CARD_VERSION.as_bytes(),
            FONTS_KEY.as_bytes(),
            self.lang.as_bytes(),
            if self.rtl { b"rtl" } else { b"ltr" },
            self.site_title.as_bytes(),
            self.headline.as_bytes(),
            self.date.as_bytes(),
            self.count.as_bytes(),
            progress.as_bytes(),
        ]);
        format!("{key}.png")
    }
}

/// A hash of the fonts' bytes, part of every card's cache key.
static FONTS_KEY: LazyLock<String> = LazyLock::new(|| cache::key(&FONTS));

/// The fonts, loaded once for every card.
static FONT_DB: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    for font in FONTS {
        db.load_font_data(font.to_vec());
    }
    Arc::new(db)
});

/// A face measured with harfrust, for wrapping: the same shaper usvg lays the text out with.
struct Face {
    data: &'static [u8],
    shaper: ShaperData,
    units_per_em: f32,
}

impl Face {
    fn new(data: &'static [u8]) -> Face {
        let font = FontRef::new(data).expect("the cards' fonts are compiled in and valid");
        let units_per_em = {
            use read_fonts::TableProvider;
            font.head()
                .map_or(1000.0, |head| f32::from(head.units_per_em()))
        };
        Face {
            data,
            shaper: ShaperData::new(&font),
            units_per_em,
        }
    }

    /// The advance of `text` at `size` pixels, shaped in `direction`.
    fn width(&self, text: &str, size: f32, rtl: bool) -> f32 {
        let Ok(font) = FontRef::new(self.data) else {
            return 0.0;
        };
        let advance: i32 = shape(&self.shaper, &font, text, rtl)
            .iter()
            .map(|(_, advance)| *advance)
            .sum();
        advance as f32 * size / self.units_per_em
    }
}

static SERIF_BOLD_FACE: LazyLock<Face> = LazyLock::new(|| Face::new(SERIF_BOLD));
static NASKH_BOLD_FACE: LazyLock<Face> = LazyLock::new(|| Face::new(NASKH_BOLD));

fn shape(shaper: &ShaperData, font: &FontRef<'_>, text: &str, rtl: bool) -> Vec<(u32, i32)> {
    let shaper = shaper.shaper(font).build();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    buffer.guess_segment_properties();
    let output = shaper.shape(buffer, harfrust::ShapeOptions::new());
    output
        .glyph_infos()
        .iter()
        .zip(output.glyph_positions())
        .map(|(info, position)| (info.glyph_id, position.x_advance))
        .collect()
}

/// `text` shaped with `font` (a card font's bytes) in its direction, as harfrust gives it:
/// glyph ids and advances in font units, in visual order (left to right). The test of Arabic
/// compares this with what the card's layout placed.
pub fn shape_with(font: &'static [u8], text: &str, rtl: bool) -> Vec<(u32, i32)> {
    let Ok(font_ref) = FontRef::new(font) else {
        return Vec::new();
    };
    shape(&ShaperData::new(&font_ref), &font_ref, text, rtl)
}

/// The headline's lines at `size` pixels: words wrapped to the text width, at most `max_lines`,
/// the last ending in an ellipsis if the headline runs over. `None` if a single word is wider
/// than a line (the caller tries a smaller size).
fn wrap(face: &Face, text: &str, size: f32, rtl: bool, max_lines: usize) -> (Vec<String>, bool) {
    let fits = |line: &str| face.width(line, size, rtl) <= TEXT_WIDTH;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            [current.as_str(), " ", word].concat()
        };
        if current.is_empty() || fits(&candidate) {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_owned()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    let overflow = lines.len() > max_lines || lines.iter().any(|line| !fits(line));
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.pop().unwrap_or_default();
        let mut words: Vec<&str> = last.split(' ').collect();
        loop {
            let line = [words.join(" ").as_str(), "…"].concat();
            if fits(&line) || words.len() <= 1 {
                lines.push(line);
                break;
            }
            words.pop();
        }
    }
    // A word wider than the line: cut it, character by character, to fit with an ellipsis.
    for line in &mut lines {
        if !fits(line) {
            let mut chars: Vec<char> = line.trim_end_matches('…').chars().collect();
            while !chars.is_empty() {
                chars.pop();
                let cut: String = chars.iter().collect::<String>() + "…";
                if fits(&cut) {
                    *line = cut;
                    break;
                }
            }
        }
    }
    (lines, overflow)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG of a card. Right-to-left text is wrapped in an embedding (U+202B … U+202C): usvg's
/// bidi paragraphs start left to right, and the embedding gives an Arabic line its right-to-left
/// order, numbers and Latin words included.
pub fn card_svg(card: &CardText) -> String {
    let rtl = card.rtl;
    let face: &Face = if rtl {
        &NASKH_BOLD_FACE
    } else {
        &SERIF_BOLD_FACE
    };
    let (headline_family, ui_family) = if rtl {
        (
            "Noto Naskh Arabic, Noto Sans",
            "Noto Naskh Arabic, Noto Sans",
        )
    } else {
        ("Noto Serif, Noto Sans", "Noto Sans")
    };
    // Naskh's marks reach far above and below the line: Arabic lines are set looser.
    let leading = if rtl { 1.55 } else { 1.22 };
    let mut size = 64.0;
    let (mut lines, overflow) = wrap(face, &card.headline, size, rtl, 3);
    if overflow {
        size = 54.0;
        lines = wrap(face, &card.headline, size, rtl, MAX_LINES).0;
    }
    let (x, anchor, bar_x) = if rtl {
        (WIDTH as f32 - MARGIN, "end", WIDTH as f32 - 16.0)
    } else {
        (MARGIN, "start", 0.0)
    };
    let isolate = |text: &str| {
        if rtl {
            format!("\u{202B}{}\u{202C}", escape(text))
        } else {
            escape(text)
        }
    };
    let mut svg = String::with_capacity(2048);
    svg.push_str(&format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">
<rect width="{WIDTH}" height="{HEIGHT}" fill="{PAPER}"/>
<rect x="{bar_x}" width="16" height="{HEIGHT}" fill="{ACCENT}"/>
<text x="{x}" y="104" text-anchor="{anchor}" font-family="{ui_family}" font-weight="700" font-size="30" fill="{ACCENT}">{}</text>
"#,
        isolate(&card.site_title)
    ));
    let line_height = size * leading;
    // The headline's block sits in the space between the name (y 104) and the date (y 520).
    let block = line_height * lines.len() as f32;
    let top = 150.0 + ((350.0 - block) / 2.0).max(0.0);
    for (index, line) in lines.iter().enumerate() {
        let y = top + line_height * index as f32 + size;
        svg.push_str(&format!(
            r#"<text class="headline" x="{x}" y="{y:.1}" text-anchor="{anchor}" font-family="{headline_family}" font-weight="700" font-size="{size}" fill="{INK}">{}</text>
"#,
            isolate(line)
        ));
    }
    let (deposited, threshold) = card.progress;
    let fraction = if threshold == 0 {
        0.0
    } else {
        (deposited.min(threshold) as f32) / threshold as f32
    };
    let filled = TEXT_WIDTH * fraction;
    let filled_x = if rtl {
        MARGIN + TEXT_WIDTH - filled
    } else {
        MARGIN
    };
    let (end_x, end_anchor) = if rtl {
        (MARGIN, "start")
    } else {
        (WIDTH as f32 - MARGIN, "end")
    };
    svg.push_str(&format!(
        r#"<text x="{x}" y="540" text-anchor="{anchor}" font-family="{ui_family}" font-size="28" fill="{MUTED}">{}</text>
<text x="{end_x}" y="540" text-anchor="{end_anchor}" font-family="{ui_family}" font-weight="700" font-size="28" fill="{ACCENT}">{}</text>
<rect x="{MARGIN}" y="568" width="{TEXT_WIDTH}" height="10" rx="5" fill="{TRACK}"/>
<rect x="{filled_x:.1}" y="568" width="{filled:.1}" height="10" rx="5" fill="{ACCENT}"/>
</svg>
"#,
        isolate(&card.date),
        isolate(&card.count)
    ));
    svg
}

fn options() -> usvg::Options<'static> {
    usvg::Options {
        fontdb: Arc::clone(&FONT_DB),
        font_family: "Noto Sans".into(),
        ..usvg::Options::default()
    }
}

/// The card `svg` as a PNG.
pub fn render_png(svg: &str) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, &options()).map_err(|error| error.to_string())?;
    let mut pixmap =
        tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or_else(|| "cannot allocate a card".to_owned())?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|error| error.to_string())
}

/// One line of text as the card's layout placed it.
#[derive(Debug, Clone)]
pub struct PlacedLine {
    /// The font size.
    pub size: f32,
    /// Each glyph: its id and its horizontal position on the card, in the order usvg gives them.
    pub glyphs: Vec<(u32, f32)>,
    /// The text each glyph stands for, in the same order.
    pub texts: Vec<String>,
}

/// The headline's lines of the card `svg` as laid out for drawing: for tests, which compare
/// them with harfrust's own shaping.
pub fn headline_layout(svg: &str) -> Result<Vec<PlacedLine>, String> {
    let tree = usvg::Tree::from_str(svg, &options()).map_err(|error| error.to_string())?;
    let mut lines = Vec::new();
    for node in tree.root().children() {
        let usvg::Node::Text(text) = node else {
            continue;
        };
        // The headline is set at 54 or 64 px, and nothing else on the card is.
        for span in text.layouted() {
            if span.font_size.get() < 50.0 {
                continue;
            }
            lines.push(PlacedLine {
                size: span.font_size.get(),
                glyphs: (span.positioned_glyphs.iter())
                    .map(|glyph| (glyph.id.0, glyph.transform().tx))
                    .collect(),
                texts: (span.positioned_glyphs.iter())
                    .map(|glyph| glyph.text.clone())
                    .collect(),
            });
        }
    }
    Ok(lines)
}

/// Whether the site gets cards: `cards = true` in `site.toml`.
pub fn enabled(site: &Site) -> bool {
    site.config.cards
}

/// The treaty's count as a card shows it, and the numbers for its bar.
pub type Count = Option<(String, (u32, u32))>;

/// The treaty's count in `lang` ("3 of 40 deposits"), and the numbers; `None` without treaty
/// and participants data.
fn count_text(site: &Site, lang: &str) -> Count {
    let treaty = site.content.treaty.as_ref()?;
    let participants = site.content.participants.as_ref()?;
    let status = participants.status(treaty);
    let arguments = [
        (
            "deposited",
            Argument::Number(f64::from(status.counting_deposits)),
        ),
        ("threshold", Argument::Number(f64::from(status.threshold))),
    ];
    let strings = &site.localisation.strings;
    let text = strings
        .format(lang, "card-deposits", &arguments)
        .or_else(|_| strings.format(lang, "status-progress-value", &arguments))
        .unwrap_or_else(|_| format!("{} / {}", status.counting_deposits, status.threshold));
    Some((text, (status.counting_deposits, status.threshold)))
}

/// What the card of `article` shows; `count` is its language's treaty count.
pub fn card_text(site: &Site, article: &crate::content::Article, count: Count) -> CardText {
    let lang = article.lang.as_str();
    let language = site.config.language(lang);
    let (count, progress) = count.unwrap_or_default();
    CardText {
        lang: lang.to_owned(),
        rtl: language.is_some_and(|l| l.direction == TextDirection::Rtl),
        site_title: language.map_or_else(String::new, |l| l.title.clone()),
        headline: article.title.clone(),
        date: site.localisation.date(lang, article.date),
        count,
        progress,
    }
}

/// Writes the card of the article `stem` in `lang` into `sink`: `Ok(true)` if it was drawn,
/// `Ok(false)` if it came from the cache.
pub fn write_card(
    site: &Site,
    lang: &str,
    stem: &str,
    sink: &dyn Sink,
    counter: &MediaCounter,
) -> Result<bool, Diagnostic> {
    let article = site
        .article(lang, stem)
        .ok_or_else(|| Diagnostic::error(format!("no article {stem} in {lang}")))?;
    let count = {
        let mut counts = counter
            .counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match counts.iter().find(|(l, _)| l == lang) {
            Some((_, count)) => count.clone(),
            None => {
                let count = count_text(site, lang);
                counts.push((lang.to_owned(), count.clone()));
                count
            }
        }
    };
    let card = card_text(site, article, count);
    let output = card_path(lang, stem);
    let name = card.cache_name();
    let fail = |message: String| Diagnostic::in_file(&article.path, message);
    let cache = Cache::new(&site.paths.root, "cards");
    if cache
        .copy_to(&name, sink, &output)
        .map_err(|error| fail(format!("cannot write {output}: {error}")))?
    {
        return Ok(false);
    }
    let png = render_png(&card_svg(&card))
        .map_err(|error| fail(format!("cannot draw the card {output}: {error}")))?;
    cache.store(&name, &png);
    sink.put(&output, png)
        .map_err(|error| fail(format!("cannot write {output}: {error}")))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_headlines_end_in_an_ellipsis() {
        let headline = "word ".repeat(200);
        let (lines, overflow) = wrap(&SERIF_BOLD_FACE, &headline, 54.0, false, MAX_LINES);
        assert!(overflow);
        assert_eq!(lines.len(), MAX_LINES);
        assert!(lines[MAX_LINES - 1].ends_with('…'), "{lines:?}");
        let (lines, overflow) = wrap(&SERIF_BOLD_FACE, "Short", 64.0, false, 3);
        assert_eq!((lines, overflow), (vec!["Short".to_owned()], false));
    }
}
