#!/usr/bin/env python3
"""Where an Accord build's time goes, from a `perf record --call-graph dwarf` profile.

    perf script -i perf.data -F comm,tid,time,ip,sym --no-inline | bench/perf-phases.py [--hz HZ] [--cores C]

Every sample is put in one pipeline stage: its stack is walked from the leaf towards the root and
the first frame that names a stage decides (so malloc under the Markdown renderer counts as
Markdown). Prints CPU seconds and share per stage, the hottest leaf functions, and a timeline of
the build in slices with the busiest stage and how many of the cores were busy in each: a slice
with one busy core out of two is a serial phase. Used by bench/profile.sh.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys

# (stage, patterns): the first frame (leaf first) matching a pattern names the stage.
STAGES = [
    ("markdown: pulldown-cmark + heading ids", [r"^accord::markdown::"]),
    ("templates: Tera rendering (+ HTML escaping)", [r"^accord::templates::Templates::render"]),
    ("templates: Fluent t() calls", [r"^accord::localisation::strings::", r"^fluent_bundle::"]),
    ("localised dates (ICU4X)", [r"^accord::localisation::dates::", r"^accord::localisation::Localisation::date"]),
    ("page context: views, URLs, serde -> tera::Context", [r"^accord::render::context_for", r"^accord::render::common",
                                                          r"^tera::context::Context::from_serialize"]),
    ("write: mkdir + write files", [r"^<accord::output::DirSink as accord::output::Sink>::put", r"^accord::output::DirSink::"]),
    ("copy static/", [r"^accord::output::copy_static"]),
    ("staging: swap in, remove old output", [r"^accord::output::Staging", r"^<accord::output::Staging"]),
    ("render: other (rayon, page list)", [r"^accord::render::render_pages", r"^accord::render::render_page",
                                         r"^accord::render::all_pages"]),
    ("load: read + decode files", [r"^accord::error::read_text", r"^accord::error::decode_text"]),
    # The TOML crates' own frames too: the front-matter parser is inlined into its callers.
    ("load: front matter (TOML)", [r"^accord::content::front_matter::", r"^toml::", r"^toml_parser::",
                                   r"^<toml::", r"^<toml_parser::"]),
    ("load: Fluent + ICU4X setup", [r"^accord::localisation::Localisation::load"]),
    ("load: Tera template parsing", [r"^accord::templates::Templates::load"]),
    ("load: content other (walk, sort, index)", [r"^accord::content::", r"^accord::site::Site::load",
                                                 r"^accord::site::Site::reindex"]),
    # Serial work on the main thread; check_static_collisions is inlined into render_site.
    ("main thread: static-collision check (stat per page)", [r"^accord::build::render_site"]),
    ("main thread: exit (dropping the Site)", [r"drop_in_place<accord::site::Site>"]),
    ("main thread: other", [r"^accord::build::build", r"^accord::main$"]),
    ("process start (dynamic loading)", [r"^_dl_", r"^_start$"]),
]
COMPILED = [(name, [re.compile(p) for p in pats]) for name, pats in STAGES]
OTHER = "other (unattributed)"

HEADER = re.compile(r"^(\S.*?)\s+(\d+)\s+([\d.]+):")


def samples(lines):
    """Yields (tid, time, [frames leaf first]) from `perf script` text."""
    head, frames = None, []
    for line in lines:
        if not line.strip():
            if head:
                yield head[0], head[1], frames
            head, frames = None, []
            continue
        m = HEADER.match(line)
        if m and not line.startswith(("\t", " ")):
            if head:
                yield head[0], head[1], frames
            head, frames = (int(m.group(2)), float(m.group(3))), []
        elif head:
            parts = line.strip().split(None, 1)
            frames.append(parts[1] if len(parts) > 1 else parts[0])
    if head:
        yield head[0], head[1], frames


def stage_of(frames):
    for frame in frames:
        for name, pats in COMPILED:
            if any(p.search(frame) for p in pats):
                return name
    return OTHER


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hz", type=float, default=1999, help="perf record -F (samples per second per core)")
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--slices", type=int, default=20)
    args = ap.parse_args()

    per_stage = collections.Counter()
    leaves = collections.Counter()
    timeline = []
    for tid, t, frames in samples(sys.stdin):
        stage = stage_of(frames)
        per_stage[stage] += 1
        leaf = frames[0] if frames else "?"
        leaf = re.sub(r"\+0x[0-9a-f]+$", "", leaf)
        leaves[leaf] += 1
        timeline.append((t, tid, stage))
    total = sum(per_stage.values())
    if not total:
        sys.exit("perf-phases: no samples")
    hz = args.hz
    t0 = min(t for t, _, _ in timeline)
    t1 = max(t for t, _, _ in timeline)
    span = max(t1 - t0, 1e-9)
    print(f"{total} samples = {total / hz:.2f} CPU s over {span:.2f} s of wall time "
          f"({total / hz / span:.2f} cores busy on average, of {args.cores})")
    print()
    print(f"{'stage':52} {'CPU s':>7} {'share':>6}")
    for name, count in per_stage.most_common():
        print(f"{name:52} {count / hz:7.3f} {100 * count / total:5.1f}%")
    print()
    print("hottest leaf functions (self time):")
    for leaf, count in leaves.most_common(15):
        print(f"  {100 * count / total:5.1f}%  {leaf[:110]}")
    print()
    n = args.slices
    width = span / n
    print(f"timeline in {n} slices of {1000 * width:.0f} ms: busy cores, then the main stages")
    buckets = [collections.Counter() for _ in range(n)]
    for t, _, stage in timeline:
        buckets[min(int((t - t0) / width), n - 1)][stage] += 1
    for i, bucket in enumerate(buckets):
        busy = sum(bucket.values()) / hz / width
        top = ", ".join(f"{name.split(' (')[0]} {100 * c / max(sum(bucket.values()), 1):.0f}%"
                        for name, c in bucket.most_common(2))
        print(f"  {1000 * i * width:6.0f} ms  {busy:4.2f}  {top}")


if __name__ == "__main__":
    main()
