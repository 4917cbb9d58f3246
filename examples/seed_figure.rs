//! Draws `static/images/morocco-map.png`, the seed article's figure: Morocco highlighted among
//! its neighbours, from the site's own map data (`src/render/world_map.tsv`, Natural Earth
//! 1:110m boundaries, public domain, in the UN's view: Western Sahara apart).
//!
//! ```sh
//! cargo run --release --example seed_figure
//! ```
//!
//! There is no photograph of the signing in any source the site can credit, so the figure is a
//! map made from data the site already publishes. It carries no text, so both editions use it.

use std::fs;

use resvg::{tiny_skia, usvg};

const WIDTH: u32 = 1600;
const HEIGHT: u32 = 1000;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = fs::read_to_string(root.join("src/render/world_map.tsv")).expect("the map data");
    let shapes: Vec<(&str, &str)> = map
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .filter(|(_, path)| path.starts_with('M'))
        .collect();
    // The view: centred on Morocco, wide enough for Iberia, Algeria and the Atlantic coast.
    let morocco = shapes
        .iter()
        .find(|(code, _)| *code == "MA")
        .expect("Morocco is on the map")
        .1;
    let (min_x, min_y, max_x, max_y) = bounds(morocco);
    let (cx, cy) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
    let view_height = (max_y - min_y) * 3.2;
    let view_width = view_height * WIDTH as f64 / HEIGHT as f64;
    let (x0, y0) = (cx - view_width / 2.0, cy - view_height / 2.0);
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="{x0:.2} {y0:.2} {view_width:.2} {view_height:.2}">
<rect x="{x0:.2}" y="{y0:.2}" width="{view_width:.2}" height="{view_height:.2}" fill="#e8eff6"/>
"##
    );
    for (code, path) in &shapes {
        let (fill, stroke) = if *code == "MA" {
            ("#0b5394", "#ffffff")
        } else {
            ("#ddd8cc", "#ffffff")
        };
        svg.push_str(&format!(
            r#"<path d="{path}" fill="{fill}" stroke="{stroke}" stroke-width="0.25" stroke-linejoin="round"/>
"#
        ));
    }
    svg.push_str("</svg>\n");
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("valid SVG");
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).expect("a canvas");
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    let out = root.join("static/images/morocco-map.png");
    pixmap.save_png(&out).expect("written");
    println!("wrote {}", out.display());
}

/// The bounding box of an SVG path written with `M`, `l` and `z` (as tools/map/ writes them).
fn bounds(path: &str) -> (f64, f64, f64, f64) {
    let mut numbers = Vec::new();
    let mut relative = Vec::new();
    let mut absolute = true;
    let mut token = String::new();
    let mut flush = |token: &mut String, absolute: bool| {
        if let Ok(value) = token.parse::<f64>() {
            numbers.push(value);
            relative.push(!absolute);
        }
        token.clear();
    };
    for c in path.chars() {
        match c {
            'M' | 'l' | 'z' | 'L' | 'm' => {
                flush(&mut token, absolute);
                absolute = c == 'M' || c == 'L';
            }
            ' ' | ',' => flush(&mut token, absolute),
            '-' => {
                flush(&mut token, absolute);
                token.push(c);
            }
            c => token.push(c),
        }
    }
    flush(&mut token, absolute);
    let (mut x, mut y) = (0.0, 0.0);
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (pair, rel) in numbers.chunks(2).zip(relative.iter().step_by(2)) {
        let [dx, dy] = [pair[0], *pair.get(1).unwrap_or(&0.0)];
        if *rel {
            x += dx;
            y += dy;
        } else {
            x = dx;
            y = dy;
        }
        min_x = min_x.min(x);
        min_y = min_y.min(y);
        max_x = max_x.max(x);
        max_y = max_y.max(y);
    }
    (min_x, min_y, max_x, max_y)
}
