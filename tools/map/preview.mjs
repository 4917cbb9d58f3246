// Renders ../../src/render/world_map.tsv into an SVG for a visual check:
//   node preview.mjs [out.svg] [--highlight MA,VN] [--labels]
// Shapes grey, uncoded shapes ("-") lighter, points as r=2.5 circles;
// highlighted codes in red, --labels writes each point's code beside it.
// Then e.g.: rsvg-convert -w 2000 /tmp/map-preview.svg -o /tmp/map-preview.png

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let out = "/tmp/map-preview.svg";
let highlight = new Set();
let labels = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--highlight") highlight = new Set(args[++i].split(","));
  else if (args[i] === "--labels") labels = true;
  else out = args[i];
}

const text = readFileSync(join(here, "..", "..", "src", "states", "world_map.tsv"), "utf8");
const [header, ...lines] = text.trimEnd().split("\n");
const vb = /viewBox ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)/.exec(header);
if (!header.startsWith("#") || !vb) throw new Error("first line must be a # header with a viewBox");
const [, x0, y0, w, h] = vb;

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const parts = [];
for (const line of lines) {
  const [code, d] = line.split("\t");
  const fill = highlight.has(code) ? "#d33" : code === "-" ? "#ddd" : "#999";
  if (d.startsWith("@")) {
    const [x, y] = d.slice(1).split(",");
    parts.push(`<circle cx="${x}" cy="${y}" r="2.5" fill="${fill}" stroke="#fff" stroke-width="0.3"><title>${code}</title></circle>`);
    if (labels) parts.push(`<text x="${+x + 3}" y="${+y + 1.5}" font-size="4" font-family="sans-serif">${code}</text>`);
  } else {
    parts.push(`<path d="${d}" fill="${fill}" stroke="#fff" stroke-width="0.3"><title>${code}</title></path>`);
  }
}

const svg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0} ${y0} ${w} ${h}" width="${w}" height="${h}">\n` +
  `<!-- ${esc(header.slice(1).trim())} -->\n` +
  `<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="#eef4fa"/>\n` +
  parts.join("\n") +
  "\n</svg>\n";
writeFileSync(out, svg);
console.log(`wrote ${out} (${lines.length} lines)`);
