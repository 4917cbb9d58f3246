#!/usr/bin/env bash
# Accord's build benchmark (issue 6): Accord against Hugo and against the Markdown+write floor, the
# least any generator that writes its pages can do; the Markdown-only bound is printed as information.
#
#   bench/run.sh [N ...]          N = articles per language (default: 1000 10000)
#
# Environment: RUNS (timed runs per tool, default 5), WARMUP (untimed runs first, default 1),
# SEED (generator seed, default 1), THREADS (Markdown-only threads, default 2), BENCH_TMP (tmpfs
# for the runs, default /dev/shm), NO_HUGO=1 (skip Hugo), HUGO (the hugo binary, default hugo),
# CARGO_TARGET_DIR (default: the repository's target/; the sites are cached under it in bench/).
#
# For each N it:
#  1. builds `accord` and `examples/markdown_only.rs` in release;
#  2. generates, with bench/generate-site, a bilingual site of N English and N Arabic articles
#     (~600 words of Markdown each) using the repository's real site.toml, templates/, Fluent
#     strings, static/, timeline and treaty.toml, and the same content as a Hugo site; both are
#     cached in $CARGO_TARGET_DIR/bench/sites/ and regenerated only when missing or when the
#     generator or the site's templates/settings changed;
#  3. copies both sites to tmpfs and, after WARMUP untimed rounds, runs RUNS rounds of: a full
#     Accord build, a full Hugo build, the Markdown-only pass, the Markdown+write pass, in
#     alternation, each into an emptied output folder on tmpfs; wall time (bash's clock) and peak
#     RSS (/usr/bin/time %M);
#  4. prints medians, ratios and PASS/FAIL against the issue's targets: at N = 10,000, Accord at
#     most 1.5x the Markdown+write floor, at most 0.1x Hugo, peak memory under 400 MB; at
#     N = 1,000, under 0.15 s. The ratio to the Markdown-only bound is printed with no verdict.
#
# What each side does:
#  - Accord: `accord build --root SITE --output OUT`: loads site.toml, 2N articles, 16 timeline
#    events per language, treaty.toml, participants.toml, Fluent strings and Tera templates;
#    renders 2N article pages (with schema.org JSON-LD, Open Graph and a social card each), a
#    home page per language (the latest 20 articles, localised dates, plural count, treaty
#    status), monthly archive pages and their index, a timeline page, the states pages and
#    their feed, a search page with its Pagefind index (taken from the cache when no page
#    changed), an Atom feed (latest 50, full text) and a JSON Feed per language, the open data
#    files, sitemap.xml with hreflang alternates, root redirect, 404, robots.txt, .nojekyll;
#    links the 2N social cards from its cache (drawn in the warm-up round); copies static/;
#    checks every internal link of every page; writes into a staging folder and swaps it in.
#    The generated articles have no tags, authors or images.
#  - Hugo: `hugo --source SITE --destination OUT`: the same 2N articles (same Markdown bytes, same
#    TOML front matter) and timeline events; Goldmark with the same extensions (tables, footnotes,
#    strikethrough, heading attributes, typographer, heading ids; linkify/tasklist/definition lists
#    off); 2N article pages (base layout with canonical, hreflang, Open Graph, navigation, language
#    switcher; title, localised date, summary, body, translation link), a home page per language
#    listing all N articles (title, localised date, summary, link, plural count, treaty status),
#    a timeline page per language, an RSS feed per language (latest 50), sitemaps with hreflang
#    alternates, root redirect, 404 per language, robots.txt; static/ copied. Taxonomies and
#    section listings are off. Hugo does less than Accord here (no archives, states pages,
#    search index, JSON feed, cards or link check): the ratio is against the simpler site.
#  - Markdown-only: examples/markdown_only.rs reads the same 2N article files, strips the front
#    matter and renders the bodies with pulldown-cmark and accord::markdown::options() on THREADS
#    rayon threads; its own in-process wall time (read + render) is the lower bound of rendering
#    alone, printed for information (Accord writes its pages; this pass does not).
#  - Markdown + write: the same, also writing each body into its own folder on tmpfs (mkdir +
#    write, as pretty URLs need): the floor for any generator that puts 2N pages on disk, and the
#    figure the build target is set against.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
THREADS=${THREADS:-2}
HUGO=${HUGO:-hugo}
NO_HUGO=${NO_HUGO:-}

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
fi
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1000 10000)
for n in "${SIZES[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench/run.sh: N must be a positive number, not '$n'" >&2; exit 2; }
done

command -v python3 >/dev/null || die "python3 is needed for the generator"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing: apt-get install -y time"
[[ -d $BENCH_TMP && -w $BENCH_TMP ]] || die "$BENCH_TMP is not a writable folder (set BENCH_TMP to a tmpfs)"
if [[ -z $NO_HUGO ]] && ! command -v "$HUGO" >/dev/null; then
    echo "bench/run.sh: $HUGO not found (apt-get install -y hugo); running without Hugo" >&2
    NO_HUGO=1
fi

build_release
WORK=$(mktemp -d "$BENCH_TMP/accord-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$CARGO_TARGET_DIR/bench/results"
RAW=$CARGO_TARGET_DIR/bench/results/$STAMP.tsv
LOG=$CARGO_TARGET_DIR/bench/results/$STAMP.log
printf 'n\ttool\trun\twall_s\tpeak_kb\tload1\n' >"$RAW"
: >"$LOG"
LOADS=()
OUTPUTS=()

now() { echo "${EPOCHREALTIME/,/.}"; }

# timed NAME N RUN OUTDIR -- COMMAND...: runs COMMAND in an emptied OUTDIR, appends wall and peak.
timed() {
    local name=$1 n=$2 run=$3 out=$4; shift 5
    rm -rf "$out"
    local tf=$WORK/time.txt start end wall load
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(now)
    if ! /usr/bin/time -f '%M' -o "$tf" "$@" >"$WORK/stdout.txt" 2>>"$LOG"; then
        cat "$WORK/stdout.txt" >>"$LOG"
        die "$name failed at N=$n (see $LOG)"
    fi
    end=$(now)
    wall=$(python3 -c "print(f'{$end - $start:.4f}')")
    if [[ $name == markdown || $name == mdwrite ]]; then
        # The lower bound is the program's own wall time (reading and rendering), not its start-up.
        wall=$(sed -n 's/.* wall \([0-9.]*\) s.*/\1/p' "$WORK/stdout.txt")
        [[ -n $wall ]] || die "markdown_only printed no time: $(cat "$WORK/stdout.txt")"
    fi
    if ((run > 0)); then
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$name" "$run" "$wall" "$(tail -n1 "$tf")" "$load" >>"$RAW"
    fi
    printf '  %-8s run %-2s %8s s %8s KB  (load %s)\n' "$name" "$run" "$wall" "$(tail -n1 "$tf")" "$load" >&2
}

for n in "${SIZES[@]}"; do
    site=$(site_for "$n")
    echo "== N=$n: copying the sites to $WORK" >&2
    rm -rf "$WORK/site" "$WORK/hugo" "$WORK/out-"*
    cp -r "$site/accord" "$WORK/site"
    [[ -n $NO_HUGO ]] || cp -r "$site/hugo" "$WORK/hugo"
    load_before=$(loadavg)
    echo "== N=$n: $WARMUP warm-up + $RUNS timed rounds (load $load_before)" >&2
    for ((run = 1 - WARMUP; run <= RUNS; run++)); do
        label=$run; ((run > 0)) || label=0
        timed accord "$n" "$label" "$WORK/out-accord" -- \
            "$ACCORD" build --root "$WORK/site" --output "$WORK/out-accord"
        [[ -n $NO_HUGO ]] || timed hugo "$n" "$label" "$WORK/out-hugo" -- \
            "$HUGO" --quiet --source "$WORK/hugo" --destination "$WORK/out-hugo" --cacheDir "$WORK/hugo-cache"
        timed markdown "$n" "$label" "$WORK/out-md" -- "$MDONLY" "$WORK/site" --threads "$THREADS"
        timed mdwrite "$n" "$label" "$WORK/out-mdw" -- "$MDONLY" "$WORK/site" --threads "$THREADS" --write "$WORK/out-mdw"
        if ((run == 1 - WARMUP)); then
            # What each side wrote, to show they do the same work.
            outputs="accord $(find "$WORK/out-accord" -name '*.html' | wc -l) HTML / $(find "$WORK/out-accord" -type f | wc -l) files"
            [[ -n $NO_HUGO ]] || outputs+=", hugo $(find "$WORK/out-hugo" -name '*.html' | wc -l) HTML / $(find "$WORK/out-hugo" -type f | wc -l) files"
            OUTPUTS+=("$n: $outputs")
        fi
    done
    LOADS+=("$n=$load_before -> $(loadavg)")
done

python3 - "$RAW" "$(nproc)" "$RUNS" "$WARMUP" "$THREADS" "${#LOADS[@]}" "${LOADS[@]}" "${OUTPUTS[@]}" <<'EOF'
import csv, statistics, sys
raw, nproc, runs, warmup, threads, nloads, *rest = sys.argv[1:]
loads, outputs = rest[:int(nloads)], rest[int(nloads):]
rows = list(csv.DictReader(open(raw), delimiter="\t"))
sizes = sorted({int(r["n"]) for r in rows})
def med(n, tool, key):
    v = [float(r[key]) for r in rows if int(r["n"]) == n and r["tool"] == tool]
    return statistics.median(v) if v else None
def f(x, fmt):
    return "n/a" if x is None else format(x, fmt)
print(f"Accord build benchmark: nproc {nproc}, {runs} timed runs per tool after {warmup} warm-up, medians;"
      f" output on tmpfs; Markdown-only on {threads} threads")
for l in loads:
    print(f"  load average (1/5/15 min) N={l}")
print("targets at N=10,000: Accord/MD+write <= 1.5 (the floor for a generator that writes its pages),"
      " Accord/Hugo <= 0.1, peak < 400 MB; at N=1,000: Accord < 0.15 s."
      " Accord/MD-only is information, with no target.")
hdr = ("N/lang", "Accord s", "Accord MB", "Hugo s", "Hugo MB", "Accord/Hugo", "MD+write s", "Accord/MD+write", "MD-only s", "Accord/MD (info)", "targets")
table = []
verdicts = []
for n in sizes:
    a, am = med(n, "accord", "wall_s"), med(n, "accord", "peak_kb")
    h, hm = med(n, "hugo", "wall_s"), med(n, "hugo", "peak_kb")
    m = med(n, "markdown", "wall_s")
    mw = med(n, "mdwrite", "wall_s")
    rw = a / mw if a and mw else None
    rh = a / h if a and h else None
    rm = a / m if a and m else None
    checks = []
    if n == 10000:
        checks = [("Accord/MD+write <= 1.5", rw is not None and rw <= 1.5, rw is None),
                  ("Accord/Hugo <= 0.1", rh is not None and rh <= 0.1, rh is None),
                  ("peak < 400 MB", am / 1024 < 400, False)]
    elif n == 1000:
        checks = [("Accord < 0.15 s", a < 0.15, False)]
    if not checks:
        verdict = "-"
    else:
        verdict = "; ".join(f"{name}: " + ("n/a" if missing else "PASS" if ok else "FAIL") for name, ok, missing in checks)
    verdicts.extend(ok for _, ok, missing in checks if not missing)
    table.append((f"{n:,}", f(a, ".3f"), f(am and am / 1024, ".0f"), f(h, ".3f"), f(hm and hm / 1024, ".0f"),
                  f(rh, ".3f"), f(mw, ".3f"), f(rw, ".2f"), f(m, ".3f"), f(rm, ".2f"), verdict))
widths = [max(len(str(r[i])) for r in [hdr] + table) for i in range(len(hdr))]
for r in [hdr] + table:
    print("  ".join(str(c).rjust(w) if i < len(hdr) - 1 else str(c) for i, (c, w) in enumerate(zip(r, widths))))
print("spread (min / median / max wall s; median 1-min load during the runs):")
for n in sizes:
    for tool in ("accord", "hugo", "markdown", "mdwrite"):
        v = sorted(float(r["wall_s"]) for r in rows if int(r["n"]) == n and r["tool"] == tool)
        l = [float(r["load1"]) for r in rows if int(r["n"]) == n and r["tool"] == tool]
        if v:
            print(f"  N={n:<6} {tool:9} {v[0]:.3f} / {statistics.median(v):.3f} / {v[-1]:.3f}   load {statistics.median(l):.2f}")
for o in outputs:
    print(f"  outputs N={o}")
print(f"raw runs: {raw}")
print("overall:", "PASS" if verdicts and all(verdicts) else "FAIL" if verdicts else "no targets at these sizes")
EOF
echo "log: $LOG"
