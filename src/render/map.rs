//! The world map of the states pages: an SVG drawn at build time from `world_map.tsv` (Natural
//! Earth boundaries, public domain, projected once by `tools/map/`), each participant coloured by
//! what it has done and named in the page's language, the participants' shapes linking to their
//! pages (so the map is a group of links, not one image). No JavaScript; the table beside it is
//! the accessible alternative.

use std::fmt::Write;
use std::sync::LazyLock;

use super::page::Page;
use crate::content::Participants;
use crate::site::Site;

/// `CODE<TAB>path` or `CODE<TAB>@x,y` lines, after a `# … viewBox 0 0 W H …` header.
const MAP_DATA: &str = include_str!("world_map.tsv");

/// One shape of the map.
struct Shape {
    /// ISO code, or `-` for an area that is no state.
    code: &'static str,
    /// An SVG path, or a point for a state too small to see.
    outline: Outline,
}

enum Outline {
    Path(&'static str),
    Point(&'static str, &'static str),
}

struct WorldMap {
    view_box: &'static str,
    shapes: Vec<Shape>,
}

static WORLD: LazyLock<WorldMap> = LazyLock::new(|| {
    let view_box = MAP_DATA
        .lines()
        .filter(|line| line.starts_with('#'))
        .find_map(|line| line.split("viewBox ").nth(1))
        .map_or("0 0 1000 500", |rest| {
            let end = rest
                .match_indices(' ')
                .nth(3)
                .map_or(rest.len(), |(index, _)| index);
            rest[..end].trim_end_matches(|c: char| !c.is_ascii_digit())
        });
    let shapes = MAP_DATA
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| {
            let (code, outline) = line.split_once('\t')?;
            let outline = match outline.strip_prefix('@') {
                Some(point) => {
                    let (x, y) = point.split_once(',')?;
                    Outline::Point(x, y)
                }
                None => Outline::Path(outline),
            };
            Some(Shape { code, outline })
        })
        .collect();
    WorldMap { view_box, shapes }
});

/// What a participant has done, as the map and the table colour it.
pub(super) fn standing(participants: &Participants, code: &str) -> &'static str {
    match participants.get(code) {
        Some(p) if p.deposit.is_some() => "deposited",
        Some(p) if p.signature.is_some() => "signed",
        _ => "none",
    }
}

/// The map in `lang`, for a page whose way to the root is `root`; `title` names it.
pub(super) fn svg(
    site: &Site,
    participants: &Participants,
    lang: &str,
    root: &str,
    title: &str,
) -> String {
    let world = &*WORLD;
    let mut svg = String::with_capacity(MAP_DATA.len() + participants.list.len() * 160 + 8192);
    let _ = write!(
        svg,
        r#"<svg class="world-map" viewBox="{}" role="group" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg"><title id="map-title">{}</title>"#,
        world.view_box,
        escape(title)
    );
    for shape in &world.shapes {
        let standing = if shape.code == "-" {
            "other"
        } else {
            standing(participants, shape.code)
        };
        let link = (standing != "none" && standing != "other")
            .then(|| [root, &Page::state(lang, shape.code).site_path()].concat());
        if let Some(href) = &link {
            let _ = write!(svg, r#"<a href="{href}">"#);
        }
        let name = (shape.code != "-").then(|| site.localisation.region_name(lang, shape.code));
        let title = name
            .map(|name| format!("<title>{}</title>", escape(&name)))
            .unwrap_or_default();
        match shape.outline {
            Outline::Path(d) => {
                let _ = write!(svg, r#"<path class="{standing}" d="{d}">{title}</path>"#);
            }
            Outline::Point(x, y) => {
                let _ = write!(
                    svg,
                    r#"<circle class="{standing}" cx="{x}" cy="{y}" r="2">{title}</circle>"#
                );
            }
        }
        if link.is_some() {
            svg.push_str("</a>");
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Escapes text for XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_data_has_a_view_box_and_every_un_member() {
        let world = &*WORLD;
        assert_eq!(world.view_box.split(' ').count(), 4, "{}", world.view_box);
        for code in ["MA", "VN", "FR", "BR", "MU", "MT", "VA", "PS"] {
            assert!(
                world.shapes.iter().any(|shape| shape.code == code),
                "{code} is not on the map"
            );
        }
        assert!(MAP_DATA.len() < 120_000, "{} bytes", MAP_DATA.len());
    }
}
