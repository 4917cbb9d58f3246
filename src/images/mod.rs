//! Figures and responsive images (issue 19).
//!
//! Images live in `static/images/` and are written in Markdown as `/images/x.jpg`, from the site
//! root. On a page that address becomes relative (`../../../images/x.jpg`), as every internal
//! link is, so it works at any depth, under a base path, in the preview and from disk.
//!
//! An image alone in its paragraph with a title, `![alt](/images/x.jpg "Caption | Credit")`, or
//! an article's front-matter `image = { src, alt, caption, credit }` becomes a `<figure>`: its
//! `width` and `height` read from the file's header (nothing shifts while it loads), `srcset`
//! with WebP copies 480, 960 and 1440 pixels wide (those narrower than the original; never
//! enlarged) and the original, `sizes`, and `loading="lazy"` for every figure but a page's
//! first. Every raster image under `static/images/` gets those copies at build time, kept in
//! `.accord-cache/images/` by a hash of the file's bytes (see [`cache`]), so an unchanged image
//! costs a copy on the next build.

pub mod cache;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use image::ImageReader;

use crate::error::Diagnostic;
use crate::markdown::{ImageRef, Images};
use crate::output::Sink;
use crate::render::Page;
use crate::site::Site;

pub use cache::{CACHE_DIR, Cache};

/// The widths of the responsive copies, in pixels.
pub const WIDTHS: [u32; 3] = [480, 960, 1440];

/// The folder below `static/` (and the site root) whose images get responsive copies.
pub const IMAGES_DIR: &str = "images";

/// What the browser is told about a figure's displayed width: the article's measure on wide
/// screens, the viewport's width below.
pub const SIZES: &str = "(min-width: 48rem) 45rem, 100vw";

/// Bumped when the copies would come out differently (the resizing filter, the encoder), so
/// cached copies made the old way are not reused.
const VARIANT_VERSION: &[u8] = b"accord-image-variants-1";

/// The widths of the copies an image `width` pixels wide gets: those narrower than it.
pub fn variant_widths(width: u32) -> impl Iterator<Item = u32> {
    WIDTHS.into_iter().filter(move |w| *w < width)
}

/// The output path of the copy of `original` (`images/x.jpg`) `width` pixels wide:
/// `images/x-480w.webp`.
pub fn variant_path(original: &str, width: u32) -> String {
    let stem = match original.rfind('.') {
        Some(dot) if !original[dot..].contains('/') => &original[..dot],
        _ => original,
    };
    format!("{stem}-{width}w.webp")
}

/// Whether Accord makes responsive copies of the file at `path` (JPEG, PNG, WebP).
pub fn is_raster(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// `/images/x.jpg` → `images/x.jpg`: the path below the site root of a root-absolute address;
/// `None` for any other address (relative, `//host/…`, `https://…`).
pub fn root_absolute(src: &str) -> Option<&str> {
    let rest = src.strip_prefix('/')?;
    if rest.starts_with('/') || rest.is_empty() {
        return None;
    }
    Some(rest)
}

/// A figure: one image with its caption and credit.
#[derive(Debug, Clone, Copy)]
pub struct Figure<'a> {
    /// The address as written: `/images/x.jpg` (a file in `static/`) or an external address.
    pub src: &'a str,
    /// The alternative text.
    pub alt: &'a str,
    /// The caption (plain text).
    pub caption: &'a str,
    /// Who made the image (plain text).
    pub credit: &'a str,
    /// Loaded at once (a page's lead image), or lazily.
    pub eager: bool,
}

/// The HTML of `figure` on a page whose way back to the site root is `root`; `static_dir` is
/// where a root-absolute image is read from (its size and its copies).
pub fn figure_html(figure: &Figure<'_>, root: &str, static_dir: &Path) -> String {
    let mut html = String::with_capacity(512);
    html.push_str("<figure class=\"figure\">\n<img src=\"");
    let local = root_absolute(figure.src);
    match local {
        Some(path) => escape_into(&[root, path].concat(), &mut html),
        None => escape_into(figure.src, &mut html),
    }
    html.push('"');
    if let Some(path) = local
        && let Some((width, height)) = (!path.contains(".."))
            .then(|| dimensions(&static_dir.join(path)))
            .flatten()
    {
        if is_raster(path) && path.starts_with("images/") {
            let mut srcset: Vec<String> = variant_widths(width)
                .map(|w| format!("{root}{} {w}w", variant_path(path, w)))
                .collect();
            if !srcset.is_empty() {
                srcset.push(format!("{root}{path} {width}w"));
                html.push_str(" srcset=\"");
                escape_into(&srcset.join(", "), &mut html);
                html.push_str("\" sizes=\"");
                html.push_str(SIZES);
                html.push('"');
            }
        }
        html.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
    }
    html.push_str(" alt=\"");
    escape_into(figure.alt, &mut html);
    html.push('"');
    if figure.eager {
        html.push_str(" decoding=\"async\">");
    } else {
        html.push_str(" loading=\"lazy\" decoding=\"async\">");
    }
    let (caption, credit) = (figure.caption.trim(), figure.credit.trim());
    if !caption.is_empty() || !credit.is_empty() {
        html.push_str("\n<figcaption>");
        if !caption.is_empty() {
            html.push_str("<span class=\"caption\">");
            escape_into(caption, &mut html);
            html.push_str("</span>");
        }
        if !credit.is_empty() {
            if !caption.is_empty() {
                html.push(' ');
            }
            html.push_str("<span class=\"credit\">");
            escape_into(credit, &mut html);
            html.push_str("</span>");
        }
        html.push_str("</figcaption>");
    }
    html.push_str("\n</figure>\n");
    html
}

/// An image's width and height in pixels, from its header only.
pub fn dimensions(path: &Path) -> Option<(u32, u32)> {
    let size = imagesize::size(path).ok()?;
    Some((
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}

fn escape_into(text: &str, html: &mut String) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            c => html.push(c),
        }
    }
}

/// The [`Images`] handler of one page: sources made relative, figures with sizes and copies.
pub struct Figures<'a> {
    /// The way back to the site root.
    pub root: &'a str,
    /// `static/`.
    pub static_dir: &'a Path,
    /// The index the page's first Markdown figure has: 1 when a lead image comes before it, so
    /// only the lead image is loaded eagerly.
    pub first_index: usize,
}

impl Images for Figures<'_> {
    fn src(&self, src: &str) -> Option<String> {
        root_absolute(src).map(|path| [self.root, path].concat())
    }

    fn figure(&self, image: &ImageRef<'_>, index: usize) -> String {
        let (caption, credit) = match image.title.split_once('|') {
            Some((caption, credit)) => (caption, credit),
            None => (image.title, ""),
        };
        figure_html(
            &Figure {
                src: image.src,
                alt: image.alt,
                caption,
                credit,
                eager: index + self.first_index == 0,
            },
            self.root,
            self.static_dir,
        )
    }
}

/// What the image and card pages did, for the build's summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MediaSummary {
    /// Responsive copies encoded (not taken from the cache).
    pub images_rendered: usize,
    /// Responsive copies in the output, cached or not.
    pub images: usize,
    /// Social cards drawn (not taken from the cache).
    pub cards_rendered: usize,
    /// Social cards in the output, cached or not.
    pub cards: usize,
}

impl MediaSummary {
    /// `2 images, 2 cards rendered` or `0 images, 0 cards rendered (all cached)`.
    pub fn describe(&self) -> String {
        let cached = if self.images_rendered == 0
            && self.cards_rendered == 0
            && self.images + self.cards > 0
        {
            " (all cached)"
        } else {
            ""
        };
        format!(
            "{} images, {} cards rendered{cached}",
            self.images_rendered, self.cards_rendered
        )
    }
}

/// Counts what one rendering pass made and copied, and keeps what every card of a language
/// shares (the treaty's count) so it is worked out once.
#[derive(Default)]
pub struct MediaCounter {
    images_rendered: AtomicUsize,
    images: AtomicUsize,
    cards_rendered: AtomicUsize,
    cards: AtomicUsize,
    /// The treaty's count per language, as cards show it.
    pub(crate) counts: Mutex<Vec<(String, crate::render::cards::Count)>>,
}

impl MediaCounter {
    /// The counts so far.
    pub fn summary(&self) -> MediaSummary {
        MediaSummary {
            images_rendered: self.images_rendered.load(Ordering::Relaxed),
            images: self.images.load(Ordering::Relaxed),
            cards_rendered: self.cards_rendered.load(Ordering::Relaxed),
            cards: self.cards.load(Ordering::Relaxed),
        }
    }
}

/// The pages of the responsive copies of every raster image under `static/images/`: one per
/// width narrower than the image (read from its header).
pub fn size_pages(static_dir: &Path) -> Vec<Page> {
    raster_images(&static_dir.join(IMAGES_DIR))
        .into_iter()
        .filter_map(|(file, output)| {
            let (width, _) = dimensions(&file)?;
            Some(variant_widths(width).map(move |w| Page::ImageSize {
                path: output.clone(),
                width: w,
            }))
        })
        .flatten()
        .collect()
}

/// Writes `page` into `sink` if it is an image size or a card, from the cache or made (and
/// counted); `None` for any other page.
pub fn write_media_page(
    site: &Site,
    page: &Page,
    sink: &dyn Sink,
    counter: &MediaCounter,
) -> Option<Result<(), Diagnostic>> {
    match page {
        Page::ImageSize { path, width } => {
            let result = write_size(site, path, *width, sink);
            counter.images.fetch_add(1, Ordering::Relaxed);
            if let Ok(true) = result {
                counter.images_rendered.fetch_add(1, Ordering::Relaxed);
            }
            Some(result.map(|_| ()))
        }
        Page::Card { lang, stem } => {
            let result = crate::render::cards::write_card(site, lang, stem, sink, counter);
            counter.cards.fetch_add(1, Ordering::Relaxed);
            if let Ok(true) = result {
                counter.cards_rendered.fetch_add(1, Ordering::Relaxed);
            }
            Some(result.map(|_| ()))
        }
        _ => None,
    }
}

/// Writes the copy of `static/{path}` `width` pixels wide: `Ok(true)` if it was made, `Ok(false)`
/// if it came from the cache.
fn write_size(site: &Site, path: &str, width: u32, sink: &dyn Sink) -> Result<bool, Diagnostic> {
    let file = site.paths.static_dir.join(path);
    let target = variant_path(path, width);
    let fail = |message: String| Diagnostic::in_file(&file, message);
    let bytes = fs::read(&file).map_err(|error| fail(format!("cannot read the image: {error}")))?;
    let cache = Cache::new(&site.paths.root, "images");
    let name = format!("{}-{width}.webp", cache::key(&[VARIANT_VERSION, &bytes]));
    if cache
        .copy_to(&name, sink, &target)
        .map_err(|error| fail(format!("cannot write {target}: {error}")))?
    {
        return Ok(false);
    }
    let image = ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|error| fail(format!("cannot read the image: {error}")))?
        .decode()
        .map_err(|error| fail(format!("cannot decode the image: {error}")))?;
    let webp = encode_variant(&image, width)
        .map_err(|error| fail(format!("cannot make {target}: {error}")))?;
    cache.store(&name, &webp);
    sink.put(&target, webp)
        .map_err(|error| fail(format!("cannot write {target}: {error}")))?;
    Ok(true)
}

/// The raster images below `dir`, with their output paths (`images/x.jpg`). Symbolic links are
/// not followed: `copy_static` has already refused those that leave the site.
fn raster_images(dir: &Path) -> Vec<(PathBuf, String)> {
    let Some(parent) = dir.parent() else {
        return Vec::new();
    };
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut found: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(parent).ok()?;
            let output = relative.to_string_lossy().replace('\\', "/");
            let name = entry.file_name().to_string_lossy();
            (is_raster(&output) && !name.starts_with('.'))
                .then(|| (entry.path().to_owned(), output))
        })
        .collect();
    found.sort();
    found
}

/// `image` scaled to `width` pixels wide (keeping its proportions), as lossless WebP: the
/// `image` crate's encoder, pure Rust, has no lossy mode.
fn encode_variant(image: &image::DynamicImage, width: u32) -> Result<Vec<u8>, image::ImageError> {
    let height = ((u64::from(image.height()) * u64::from(width)) / u64::from(image.width().max(1)))
        .max(1) as u32;
    let resized = image.resize_exact(width, height, image::imageops::FilterType::Lanczos3);
    // WebP holds 8-bit RGB or RGBA only.
    let resized = if resized.color().has_alpha() {
        image::DynamicImage::ImageRgba8(resized.to_rgba8())
    } else {
        image::DynamicImage::ImageRgb8(resized.to_rgb8())
    };
    let mut bytes = Vec::new();
    resized.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::WebP,
    )?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_never_wider_than_the_original() {
        assert_eq!(variant_widths(2000).collect::<Vec<_>>(), [480, 960, 1440]);
        assert_eq!(variant_widths(960).collect::<Vec<_>>(), [480]);
        assert!(variant_widths(300).next().is_none());
        assert_eq!(
            variant_path("images/a.b/x.jpg", 480),
            "images/a.b/x-480w.webp"
        );
        assert_eq!(variant_path("images/x", 480), "images/x-480w.webp");
    }

    #[test]
    fn only_root_absolute_sources_are_rewritten() {
        assert_eq!(root_absolute("/images/x.jpg"), Some("images/x.jpg"));
        assert_eq!(root_absolute("//cdn.example/x.jpg"), None);
        assert_eq!(root_absolute("https://x.example/a.jpg"), None);
        assert_eq!(root_absolute("x.jpg"), None);
    }
}
