// Generates ../../src/render/world_map.tsv: one line per state shape or point,
// projected with d3-geo's Equal Earth projection into a fixed SVG viewBox.
//
//   cd tools/map && npm ci && node convert.mjs
//
// See README.md in this folder for the output format and licences.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature, merge } from "topojson-client";
import { geoEqualEarth, geoPath, geoCentroid, geoContains } from "d3-geo";
import countries from "i18n-iso-countries";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const OUT = join(here, "..", "..", "src", "states", "world_map.tsv");

// ---- settings -------------------------------------------------------------
const WIDTH = 1000; // viewBox width; the height follows from the projection
const PAD = 5; // margin around the land, so r=2.5 points at the edge are whole
const MIN_AREA = 4; // a coded shape smaller than this (viewBox units²) becomes a point
const MAX_BYTES = 110 * 1024; // size budget for the output file
const ANTARCTICA = "010";
// Features with no ISO 3166-1 numeric id in Natural Earth. Kosovo gets the
// conventional user-assigned code XK; the others are drawn but never matched.
const NAMED_CODES = { Kosovo: "XK" };
// UN members (plus PS) are read from un-members.txt; these must be there too.
const EXTRA_REQUIRED = ["VA"];
// Places in neither the 110m nor the 50m file: [lon, lat] by hand.
// TV: Funafuti atoll, capital of Tuvalu, 8.52° S 179.20° E
// (GeoNames / Wikipedia coordinates of Funafuti).
const HAND_POINTS = { TV: [179.2, -8.52] };

// ---- input ----------------------------------------------------------------
const atlasPkg = JSON.parse(readFileSync(require.resolve("world-atlas/package.json"), "utf8"));
const load = (name) => JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), "utf8"));
const topo110 = load("countries-110m.json");
const topo50 = load("countries-50m.json");

const required = readFileSync(join(here, "un-members.txt"), "utf8")
  .split("\n")
  .map((s) => s.trim())
  .filter(Boolean);
if (required.length !== 194 || new Set(required).size !== 194) {
  fail(`un-members.txt must hold 194 distinct codes (193 UN members + PS), has ${required.length}`);
}
for (const code of [...required, ...EXTRA_REQUIRED]) {
  if (!/^[A-Z]{2}$/.test(code) || !countries.isValid(code)) fail(`not an ISO 3166-1 alpha-2 code: ${code}`);
}
const mustPlace = [...required, ...EXTRA_REQUIRED];

function codeOf(f) {
  if (f.id === undefined || f.id === null || f.id === "" || f.id === "-99") {
    return NAMED_CODES[f.properties?.name] ?? "-";
  }
  const a2 = countries.numericToAlpha2(f.id);
  if (!a2) fail(`no alpha-2 code for ISO numeric ${f.id} (${f.properties?.name})`);
  return a2.toUpperCase();
}

function features(topo, overrides = new Map()) {
  const fc = feature(topo, topo.objects.countries);
  fc.features = fc.features.filter((f) => f.id !== ANTARCTICA);
  for (const f of fc.features) {
    f.code = codeOf(f);
    if (overrides.has(f.id)) f.geometry = overrides.get(f.id);
  }
  return fc;
}

// ---- UN view of two boundaries ----------------------------------------------
// Natural Earth 4.1.0 draws de facto control. For a UN treaty tracker the map
// follows the UN position instead where it is visible at this scale:
//  * Crimea is part of Ukraine (UNGA resolution 68/262): Natural Earth puts it in
//    Russia's MultiPolygon; the polygon holding Simferopol is moved to UA.
//  * Western Sahara is a Non-Self-Governing Territory: Natural Earth gives Morocco
//    everything west of the berm. Morocco + "W. Sahara" are merged and cut again
//    at the 27°40' N parallel, the Morocco / Western Sahara line on UN maps;
//    the southern part is EH (not a state, so never coloured by a status).
// (Golan, about 1 viewBox unit², and Gaza, absent at 1:110m, are not visible.)
const SIMFEROPOL = [34.1, 44.95];
const MA_EH_LAT = 27 + 40 / 60;

function unView(topo) {
  const geoms = topo.objects.countries.geometries;
  const byId = (id) => geoms.find((g) => g.id === id) ?? fail(`no feature ${id}`);
  const overrides = new Map();

  const ru = byId("643");
  const ua = byId("804");
  if (ru.type !== "MultiPolygon") fail("expected Russia as a MultiPolygon");
  const i = ru.arcs.findIndex((poly) => geoContains(feature(topo, { type: "Polygon", arcs: poly }), SIMFEROPOL));
  if (i < 0) fail("Crimea: no Russian polygon contains Simferopol (has the source changed?)");
  const crimea = { type: "Polygon", arcs: ru.arcs[i] };
  const ruRest = { type: "MultiPolygon", arcs: ru.arcs.filter((_, j) => j !== i) };
  overrides.set("643", merge(topo, [ruRest]));
  overrides.set("804", merge(topo, [ua, crimea]));

  const maEh = merge(topo, [byId("504"), byId("732")]);
  overrides.set("504", clipLat(maEh, MA_EH_LAT, +1));
  overrides.set("732", clipLat(maEh, MA_EH_LAT, -1));
  return overrides;
}

// Sutherland–Hodgman clip of a (Multi)Polygon in lon/lat against the half-plane
// lat >= L (side +1) or lat <= L (side -1). The cut is a parallel, which Equal
// Earth draws as a straight line, so both halves share one exact edge.
function clipLat(geom, L, side) {
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
  const inside = (p) => side * (p[1] - L) >= 0;
  const cut = (a, b) => [a[0] + ((L - a[1]) / (b[1] - a[1])) * (b[0] - a[0]), L];
  const out = [];
  for (const poly of polys) {
    const rings = [];
    for (const [r, ring] of poly.entries()) {
      const pts = ring.slice(0, -1); // open ring
      const res = [];
      for (let k = 0; k < pts.length; k++) {
        const a = pts[k];
        const b = pts[(k + 1) % pts.length];
        if (inside(a)) {
          res.push(a);
          if (!inside(b)) res.push(cut(a, b));
        } else if (inside(b)) {
          res.push(cut(a, b));
        }
      }
      if (res.length >= 3) rings.push([...res, res[0]]);
      else if (r === 0) break; // outer ring gone: so are its holes
    }
    if (rings.length) out.push(rings);
  }
  if (!out.length) fail("clipLat: nothing left");
  return { type: "MultiPolygon", coordinates: out };
}

const world110 = features(topo110, unView(topo110));
const world50 = features(topo50);

// ---- projection -----------------------------------------------------------
// The width is fitted to the whole sphere, so every longitude (e.g. the Pacific
// island points next to the antimeridian) lies inside [PAD, WIDTH - PAD]. The
// height is cropped to the land drawn (no Antarctica) plus PAD above and below.
const projection = geoEqualEarth().fitWidth(WIDTH - 2 * PAD, { type: "Sphere" });
const areaPath = geoPath(projection);
let height;
{
  const [tx, ty] = projection.translate();
  const [[, y0], [, y1]] = areaPath.bounds(world110);
  projection.translate([tx + PAD, ty + PAD - y0]);
  height = Math.ceil(y1 - y0 + 2 * PAD);
}

// ---- path serialisation -----------------------------------------------------
// A d3-geo path context that rounds to one decimal (in tenths, as integers, so
// relative steps add up exactly), drops repeated points and degenerate rings,
// and writes "M x y l dx dy dx dy ... z" per ring.
const r10 = (v) => Math.round(v * 10);
const num = (t) => {
  // t is in tenths
  const s = (Math.abs(t) / 10).toString();
  return (t < 0 ? "-" : "") + s;
};
const pair = (a, b) => {
  const s = num(a) + (b < 0 ? "" : " ") + num(b);
  return s;
};

class RingContext {
  constructor() {
    this.rings = [];
    this.ring = null;
  }
  moveTo(x, y) {
    this.flush();
    this.ring = [[r10(x), r10(y)]];
  }
  lineTo(x, y) {
    const p = [r10(x), r10(y)];
    const last = this.ring[this.ring.length - 1];
    if (last[0] !== p[0] || last[1] !== p[1]) this.ring.push(p);
  }
  closePath() {
    this.flush();
  }
  arc() {
    throw new Error("unexpected point geometry");
  }
  flush() {
    const ring = this.ring;
    this.ring = null;
    if (!ring) return;
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop();
    if (ring.length < 3) return;
    // shoelace area in (tenths)²; a ring with no area is invisible
    let a = 0;
    for (let i = 0; i < ring.length; i++) {
      const [x0, y0] = ring[i];
      const [x1, y1] = ring[(i + 1) % ring.length];
      a += x0 * y1 - x1 * y0;
    }
    if (a === 0) return;
    this.rings.push(ring);
  }
  toString() {
    this.flush();
    let d = "";
    for (const ring of this.rings) {
      d += "M" + pair(ring[0][0], ring[0][1]) + "l";
      for (let i = 1; i < ring.length; i++) {
        const dx = ring[i][0] - ring[i - 1][0];
        const dy = ring[i][1] - ring[i - 1][1];
        d += (i > 1 && dx >= 0 ? " " : "") + pair(dx, dy);
      }
      d += "z";
    }
    return d;
  }
}

function svgPath(f) {
  const ctx = new RingContext();
  geoPath(projection, ctx)(f);
  return ctx.toString();
}

function point([lon, lat]) {
  const [x, y] = projection([lon, lat]);
  return `@${num(r10(x))},${num(r10(y))}`;
}

// ---- lines ----------------------------------------------------------------
const shapes = [];
const points = [];
const placed = new Map(); // code -> "shape" | "point (50m centroid)" | ...
const centroid50 = new Map();
for (const f of world50.features) if (f.code !== "-") centroid50.set(f.code, geoCentroid(f));

for (const f of world110.features) {
  const code = f.code;
  if (code !== "-" && placed.has(code)) fail(`duplicate feature for ${code} in 110m`);
  if (code !== "-" && areaPath.area(f) < MIN_AREA) {
    const c = centroid50.get(code) ?? geoCentroid(f);
    points.push([code, point(c)]);
    placed.set(code, "point (tiny at 110m; 50m centroid)");
    continue;
  }
  const d = svgPath(f);
  if (!d) fail(`empty path for ${code} (${f.properties?.name})`);
  shapes.push([code, d]);
  if (code !== "-") placed.set(code, "shape");
}

for (const code of mustPlace) {
  if (placed.has(code)) continue;
  if (centroid50.has(code)) {
    points.push([code, point(centroid50.get(code))]);
    placed.set(code, "point (50m centroid)");
  } else if (HAND_POINTS[code]) {
    points.push([code, point(HAND_POINTS[code])]);
    placed.set(code, "point (hand table)");
  }
}

const missing = mustPlace.filter((c) => !placed.has(c));
if (missing.length) fail(`codes with neither shape nor point: ${missing.join(" ")}`);
if (placed.has("EU")) fail("EU must not be on the map");

// shapes first (so points are drawn on top), each group sorted by code
const byCode = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
shapes.sort(byCode);
points.sort(byCode);

const header =
  `# world-atlas ${atlasPkg.version} countries-110m (Natural Earth 1:110m, public domain; ` +
  `points: countries-50m centroids + hand table) | projection d3-geo geoEqualEarth ` +
  `scale ${projection.scale().toFixed(4)} translate ${projection.translate().map((v) => v.toFixed(4)).join(",")} | ` +
  `UN view: Crimea in UA, W. Sahara (EH) cut from MA at 27d40'N | Antarctica dropped | viewBox 0 0 ${WIDTH} ${height} | generated by tools/map/convert.mjs`;

const body = [...shapes, ...points].map(([c, d]) => `${c}\t${d}`).join("\n");
const text = header + "\n" + body + "\n";
const bytes = Buffer.byteLength(text, "utf8");
if (bytes > MAX_BYTES) fail(`output is ${bytes} bytes, over the ${MAX_BYTES} byte budget`);

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, text);

const list = (kind) => mustPlace.filter((c) => placed.get(c).startsWith(kind)).sort();
console.log(`wrote ${OUT}`);
console.log(`${bytes} bytes, viewBox 0 0 ${WIDTH} ${height}`);
console.log(`${shapes.length} shapes (${shapes.filter((s) => s[0] === "-").length} uncoded), ${points.length} points`);
console.log(`required codes as shapes (${list("shape").length}): ${list("shape").join(" ")}`);
console.log(`required codes as points (${list("point").length}): ${list("point").join(" ")}`);

function fail(msg) {
  console.error(`convert.mjs: ERROR: ${msg}`);
  process.exit(1);
}
