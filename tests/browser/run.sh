#!/usr/bin/env bash
# The site checked like a real site (issue 7): valid HTML, accessibility and the RTL layout in a
# real browser.
#
#   bash tests/browser/run.sh
#
# 1. builds the site (release) into target/browser-site, for a server on 127.0.0.1 under /accord/;
# 2. runs the Nu HTML Checker (npm `vnu-jar`, needs java) over every .html page and the stylesheet;
# 3. serves the site under /accord/ and loads it in headless Chromium (Debian's /usr/bin/chromium,
#    driven by playwright-core; no browser is ever downloaded): axe-core on the home, an article,
#    the timeline, the states pages and the 404 page in both languages, light and dark, keyboard
#    focus order, and the layout a reader sees on desktop and on a 390 px phone (direction,
#    alignment, the mirrored timeline line and language switcher, the webfonts, the status strip
#    and side panels, no horizontal overflow at 320 px), print media, the root and 404 pages from
#    disk, the favicon and the manifests;
# 4. saves screenshots of every page, light and dark, in target/screenshots/.
#
# Exits non-zero on any failure. Needs node >= 20 and npm, java (17+) and chromium; installs the
# pinned npm packages with `npm ci` when they are missing or stale. Works offline once they are.
# Environment: CHROMIUM (default /usr/bin/chromium), JAVA (default java), CARGO_TARGET_DIR as usual.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

site_dir="target/browser-site"
shots_dir="target/screenshots"
base_path="/accord/"

say() { printf 'browser-tests: %s\n' "$*"; }
die() { printf 'browser-tests: error: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "node is missing (node >= 20 and npm are needed)"
command -v npm >/dev/null || die "npm is missing"
command -v "${JAVA:-java}" >/dev/null || die "java is missing (apt-get install default-jre-headless)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || die "${CHROMIUM:-/usr/bin/chromium} is missing (apt-get install chromium)"

# 0. The pinned npm packages. `npm ci` when node_modules is missing or was installed from another
#    lock file; --ignore-scripts: vnu-jar's install script would try to download a Java runtime.
stamp="$here/node_modules/.accord-package-lock.json"
if [ ! -d "$here/node_modules" ] || ! cmp -s "$here/package-lock.json" "$stamp"; then
  say "installing the pinned npm packages (npm ci)"
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$here/package-lock.json" "$stamp"
fi

# 1. A free port on the loopback, then the site built for it.
port="$(node -e '
  const server = require("node:net").createServer();
  server.listen(0, "127.0.0.1", () => { console.log(server.address().port); server.close(); });
')"
base_url="http://127.0.0.1:${port}${base_path}"
say "building the site for ${base_url} into ${site_dir}"
cargo run --release --quiet -- build --output "$site_dir" --base-url "$base_url"

status=0

# 2. HTML validity.
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
if ! node "$here/validate.js" "$site_dir" | tee "$logs/vnu"; then
  status=1
fi

# 3 and 4. Accessibility, keyboard and layout in Chromium; screenshots.
if ! timeout 600 node "$here/check.js" --site "$site_dir" --port "$port" --base "$base_path" \
  --screenshots "$shots_dir" | tee "$logs/browser"; then
  status=1
fi

# The counts: each validated file is one check, each browser assertion one more.
field() { sed -nE "s/^$1: .*\<$2=([0-9]+).*/\1/p" "$logs/$3" | tail -n 1; }
pages="$(field vnu-counts pages vnu)"
sheets="$(field vnu-counts sheets vnu)"
vnu_failing="$(field vnu-counts files_with_errors vnu)"
vnu_errors="$(field vnu-counts errors vnu)"
axe_pages="$(field browser-counts pages browser)"
axe_rules="$(field browser-counts rules browser)"
axe_applicable="$(field browser-counts applicable browser)"
violations="$(field browser-counts violations browser)"
layout_passed="$(field browser-counts passed browser)"
layout_failed="$(field browser-counts failed browser)"
if [ -z "$pages" ] || [ -z "$layout_passed" ]; then
  status=1
fi
passed=$(( ${pages:-0} + ${sheets:-0} - ${vnu_failing:-0} + ${layout_passed:-0} ))
failed=$(( ${vnu_failing:-0} + ${layout_failed:-0} ))
if [ -z "$pages" ] || [ -z "$layout_passed" ]; then
  failed=$(( failed + 1 ))
fi

echo
say "summary: ${pages:-?} pages validated, ${vnu_errors:-?} vnu errors; axe: ${axe_pages:-?} pages, ${axe_rules:-?} rules run (${axe_applicable:-?} applicable), ${violations:-?} violations; layout, keyboard and page assertions: ${layout_passed:-?} passed, ${layout_failed:-?} failed; screenshots in ${shots_dir}/"
echo "browser: ${passed} passed, ${failed} failed"
if [ "$failed" -gt 0 ]; then
  status=1
fi
exit "$status"
