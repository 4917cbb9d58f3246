#!/usr/bin/env bash
# Search's budget (issue 21), measured and printed:
#
#   bench/search.sh [N]          N = articles per language (default 10000)
#
# 1. builds `accord` (release) and generates, with bench/generate-site, a bilingual site of N
#    articles per language and the same content as a Hugo site (cached in
#    $CARGO_TARGET_DIR/bench/search-sites/);
# 2. on tmpfs, after one untimed warm-up build that fills the card cache: one build with the
#    search cache and its notes emptied (the index's cold cost), one after an edit to one
#    English article (the index of that language made again: the edited page's words and the
#    other pages' from their cached fragments), then RUNS builds of the site with
#    ACCORD_SEARCH_TIMING=1 (the index's wall time, the page text read while rendering), each
#    after a build of the same site with `search = false`: the medians' ratio is what
#    search adds to the build;
# 3. RUNS of Hugo followed by the Pagefind CLI (`python3 -m pagefind`, from `pip install
#    'pagefind[extended]'`) on the Hugo copy: Accord's whole build, search included, against it;
# 4. in headless Chromium (node + playwright-core from tests/browser/node_modules), the bytes a
#    first query transfers and the time from typing to the first results with a warm cache
#    (bench/search-browser.js), and the same queries through Pagefind's API on Accord's index
#    and on the Pagefind CLI's index of the Hugo copy (the engine's own cost).
#
# Targets: the index adds at most 30 % to the build; a first query at most 300 kB; first results
# within 150 ms; Accord at most 0.15x Hugo + Pagefind. Environment: RUNS, BENCH_TMP
# (default /dev/shm), NO_HUGO=1, HUGO (default hugo), CHROMIUM (default /usr/bin/chromium).
set -euo pipefail

n="${1:-10000}"
runs="${RUNS:-3}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
tmp="${BENCH_TMP:-/dev/shm}/accord-search-bench.$$"
say() { printf 'search-bench: %s\n' "$*"; }
die() { printf 'search-bench: error: %s\n' "$*" >&2; exit 1; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }

cd "$repo"
say "building accord (release)"
cargo build --release --quiet --bin accord
accord="$target/release/accord"

sites="$target/bench/search-sites/n$n"
if [ ! -f "$sites/accord/site.toml" ] || [ ! -f "$sites/hugo/hugo.toml" -a ! -f "$sites/hugo/config.toml" ]; then
  say "generating $n articles per language (and the Hugo copy)"
  rm -rf "$sites"
  mkdir -p "$sites"
  python3 bench/generate-site --articles "$n" --hugo "$sites/hugo" "$sites/accord" >/dev/null
fi
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
cp -r "$sites/accord" "$tmp/site"
# The generated site copies the repository's templates when generated: refresh them.
rm -rf "$tmp/site/templates" "$tmp/site/static"
cp -r templates static "$tmp/site/"

# 2. Accord. One untimed build first, as bench/run.sh's warm-up: it renders the social cards and
# image sizes into the site's cache, so the timed builds measure an editor's rebuild, not the
# one-off cost of 20,000 cards (reported by bench/run.sh's cold line).
say "warm-up build (fills the card and image cache)"
"$accord" build --root "$tmp/site" --output "$tmp/out" >/dev/null 2>"$tmp/log" \
  || { cat "$tmp/log" >&2; die "accord build failed"; }
# The same site with `search = false` (a top-level key, before the first table) and the same
# warm cache: what the build costs without the index.
cp -r "$tmp/site" "$tmp/site-off"
awk 'added == 0 && /^\[/ { print "search = false"; added = 1 } { print }' "$tmp/site/site.toml" \
  >"$tmp/site-off/site.toml"

# One build: its wall time in seconds, and the search timings it printed, into $tmp/log.
timed_build() {
  rm -rf "$tmp/out"
  local start end
  start="$(now)"
  ACCORD_SEARCH_TIMING=1 "$accord" build --root "$1" --output "$tmp/out" >/dev/null 2>"$tmp/log" \
    || { cat "$tmp/log" >&2; die "accord build failed"; }
  end="$(now)"
  echo "$end - $start" | bc
}
index_of_log() { sed -nE 's/^search: index ([0-9]+) ms.*/\1/p' "$tmp/log"; }

# The index with nothing in its cache (a first build, or one after every page changed).
rm -rf "$tmp/site/.accord-cache/search" "$tmp/site/.accord-cache/search-index"
cold_s="$(timed_build "$tmp/site")"
say "accord build, search cache empty: ${cold_s} s, index $(index_of_log) ms wall"
# An editor's rebuild after changing one article: its language's index is made again.
articles=("$tmp/site/content/articles/"*.en.md)
edited="${articles[0]}"
printf '\nOne more paragraph, edited in by the benchmark.\n' >>"$edited"
edit_s="$(timed_build "$tmp/site")"
say "accord build after editing one English article: ${edit_s} s, index $(index_of_log) ms wall"

accord_times=()
text_ms=()
index_ms=()
off_times=()
# (The build with search last: the browser half searches its output.)
for i in $(seq "$runs"); do
  off_times+=("$(timed_build "$tmp/site-off")")
  accord_times+=("$(timed_build "$tmp/site")")
  text_ms+=("$(sed -nE 's/^search: page text ([0-9]+) ms.*/\1/p' "$tmp/log")")
  index_ms+=("$(index_of_log)")
done
accord_s="$(printf '%s\n' "${accord_times[@]}" | median)"
off_s="$(printf '%s\n' "${off_times[@]}" | median)"
text="$(printf '%s\n' "${text_ms[@]}" | median)"
index="$(printf '%s\n' "${index_ms[@]}" | median)"
say "accord build (search included, its cache warm): ${accord_times[*]} s, median ${accord_s} s"
say "  search index: ${index} ms wall (median), page text ${text} ms CPU across threads"
say "accord build with search = false: ${off_times[*]} s, median ${off_s} s"
say "  added by search: $(echo "scale=3; $accord_s / $off_s - 1" | bc) (target <= 0.30)"

# 3. Hugo + Pagefind CLI.
if [ -z "${NO_HUGO:-}" ]; then
  command -v "${HUGO:-hugo}" >/dev/null || die "hugo is missing (apt-get install hugo), or NO_HUGO=1"
  python3 -m pagefind --version >/dev/null 2>&1 || die "pagefind is missing (pip install 'pagefind[extended]'), or NO_HUGO=1"
  cp -r "$sites/hugo" "$tmp/hugo"
  hugo_times=()
  for i in $(seq "$runs"); do
    rm -rf "$tmp/hugo-out"
    start="$(now)"
    "${HUGO:-hugo}" --quiet --source "$tmp/hugo" --destination "$tmp/hugo-out" >/dev/null
    python3 -m pagefind --site "$tmp/hugo-out" >/dev/null
    end="$(now)"
    hugo_times+=("$(echo "$end - $start" | bc)")
  done
  hugo_s="$(printf '%s\n' "${hugo_times[@]}" | median)"
  say "hugo + pagefind CLI: ${hugo_times[*]} s, median ${hugo_s} s"
  say "  accord / (hugo + pagefind): $(echo "scale=3; $accord_s / $hugo_s" | bc) (target <= 0.15)"
fi

# 4. In the browser.
compare=()
[ -d "$tmp/hugo-out/pagefind" ] && compare=(--compare "$tmp/hugo-out")
node bench/search-browser.js --site "$tmp/out" "${compare[@]}" --chromium "${CHROMIUM:-/usr/bin/chromium}"
