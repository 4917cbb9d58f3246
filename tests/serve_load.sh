#!/usr/bin/env bash
# The preview under load (issue 7): wrk hammers `accord serve` on loopback while another loop
# keeps editing the site, and every request must succeed.
#
#   bash tests/serve_load.sh [SECONDS]        (default 20 s of load)
#
# 1. builds `accord` (release) and copies the repository's site to a temporary folder;
# 2. starts `accord serve` on a free loopback port (served under base_url's path, /accord/);
# 3. runs wrk (Debian's `wrk`; 2 threads, 32 connections) for SECONDS over the home pages,
#    both articles, the timelines, the feed, the stylesheet and the webfont, while an editor loop
#    saves the English article every 50 ms: in place, by renaming a temp file over it (as vim
#    does), and every tenth save a Fluent file, which re-renders the whole site;
# 4. fails if wrk saw any socket error or any response other than 2xx, if the server died, or if
#    the last edit is not what the server finally serves. Prints requests per second, the
#    latency distribution and how many rebuilds ran under load.
#
# Environment: WRK (default wrk), THREADS (wrk threads, default 2), CONNECTIONS (default 32).
set -euo pipefail

seconds=${1:-20}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "serve_load: SECONDS must be a positive number" >&2; exit 2; }
WRK=${WRK:-wrk}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

say() { printf 'serve-load: %s\n' "$*"; }
die() { printf 'serve-load: error: %s\n' "$*" >&2; exit 1; }
command -v "$WRK" >/dev/null || die "$WRK is missing (apt-get install wrk)"

cargo build --release --quiet
accord="${CARGO_TARGET_DIR:-$repo/target}/release/accord"

work="$(mktemp -d)"
server_pid=
editor_pid=
cleanup() {
    [[ -z $editor_pid ]] || kill "$editor_pid" 2>/dev/null || true
    [[ -z $server_pid ]] || kill -INT "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

site="$work/site"
mkdir -p "$site"
cp -r site.toml content templates static "$site/"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$accord" serve --root "$site" --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port/accord/"
for _ in $(seq 100); do
    curl -fsS -o /dev/null "${base}en/" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || die "accord serve exited at start: $(cat "$work/serve.log")"
    sleep 0.1
done
curl -fsS -o /dev/null "${base}en/" || die "accord serve never answered on $base"

article="$site/content/articles/morocco-signs-cybercrime-treaty.en.md"
fluent="$site/templates/i18n/en.ftl"
original_article="$(cat "$article")"
original_fluent="$(cat "$fluent")"

# The editor: every save changes the title, so the last one is easy to find in the page. It
# stops between two saves when asked (a kill could land between a save and the count of saves,
# or halfway through writing the count, and the check below would look for the wrong edit).
edit_loop() {
    local n=0
    while [[ ! -e $work/stop-editing ]]; do
        n=$((n + 1))
        local text="${original_article/title = \"/title = \"Load edit $n: }"
        if ((n % 2)); then
            printf '%s\n' "$text" >"$article"
        else
            printf '%s\n' "$text" >"$article.tmp~"
            mv "$article.tmp~" "$article"
        fi
        if ((n % 10 == 0)); then
            printf '%s\n# load edit %s\n' "$original_fluent" "$n" >"$fluent"
        fi
        echo "$n" >"$work/edits"
        sleep 0.05
    done
}
edit_loop &
editor_pid=$!

cat >"$work/paths.lua" <<EOF
local paths = {
  "/accord/en/", "/accord/ar/",
  "/accord/en/articles/morocco-signs-cybercrime-treaty/",
  "/accord/ar/articles/morocco-signs-cybercrime-treaty/",
  "/accord/en/timeline/", "/accord/ar/timeline/",
  "/accord/en/atom.xml", "/accord/style.css",
  "/accord/fonts/NotoNaskhArabic-Regular.subset.woff2",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
EOF

say "wrk: ${seconds}s, $THREADS threads, $CONNECTIONS connections on ${base} while the site is edited every 50 ms"
"$WRK" -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$work/paths.lua" "$base" | tee "$work/wrk.txt"

touch "$work/stop-editing"
wait "$editor_pid" 2>/dev/null || true
editor_pid=
edits="$(cat "$work/edits")"
status=0

kill -0 "$server_pid" 2>/dev/null || { say "FAIL: accord serve died under load"; status=1; }
if grep -q 'Socket errors' "$work/wrk.txt"; then
    say "FAIL: $(grep 'Socket errors' "$work/wrk.txt" | sed 's/^ *//')"
    status=1
fi
if grep -q 'Non-2xx or 3xx responses' "$work/wrk.txt"; then
    say "FAIL: $(grep 'Non-2xx or 3xx responses' "$work/wrk.txt" | sed 's/^ *//')"
    status=1
fi
requests="$(sed -nE 's/^ *([0-9]+) requests in.*/\1/p' "$work/wrk.txt")"
rate="$(sed -nE 's/^Requests\/sec: *([0-9.]+).*/\1/p' "$work/wrk.txt")"
[[ -n $requests && $requests -gt 0 ]] || { say "FAIL: wrk made no requests"; status=1; }

# After the last save, the served page must catch up with it.
caught_up=
for _ in $(seq 100); do
    page="$(curl -fsS "${base}en/articles/morocco-signs-cybercrime-treaty/" || true)"
    if [[ $page == *"Load edit $edits:"* ]]; then
        caught_up=1
        break
    fi
    sleep 0.1
done
[[ -n $caught_up ]] || { say "FAIL: the server never served edit $edits"; status=1; }
rebuilds="$(grep -c ' changed: ' "$work/serve.log" || true)"
errors_logged="$(grep -c 'does not build' "$work/serve.log" || true)"

say "summary: ${requests:-0} requests in ${seconds}s, ${rate:-0} requests/s, $([[ $status == 0 ]] && echo "no failed requests" || echo "FAILED"); $edits saves ($((edits / 10)) Fluent saves re-rendering everything), ${rebuilds} rebuilds, ${errors_logged} failed rebuilds; server alive: $(kill -0 "$server_pid" 2>/dev/null && echo yes || echo no)"
if ((status != 0)); then
    say "server log:"
    tail -n 30 "$work/serve.log" >&2
fi
exit "$status"
