#!/usr/bin/env bash
# Profiles one full Accord build of the benchmark site and says where the time goes.
#
#   bench/profile.sh [N]          N = articles per language (default 10000)
#
# Uses `perf record -e cpu-clock --call-graph dwarf` (Debian: apt-get install -y linux-perf) on
# the same generated site as bench/run.sh (cached under $CARGO_TARGET_DIR/bench/sites), with the
# site and the output on tmpfs, after one untimed warm-up build. Prints CPU seconds per pipeline
# stage (bench/perf-phases.py), the hottest functions and a timeline of busy cores. Without perf
# it runs valgrind's callgrind instead (slow: use a small N) and prints callgrind_annotate's
# inclusive view. Environment: SEED, BENCH_TMP, CARGO_TARGET_DIR as for bench/run.sh; HZ (perf
# sampling rate, default 1999); KEEP=1 keeps perf.data (its path is printed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
N=${1:-10000}
HZ=${HZ:-1999}
[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number, not '$N'"

build_release
site=$(site_for "$N")
WORK=$(mktemp -d "$BENCH_TMP/accord-profile.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$WORK"' EXIT
cp -r "$site/accord" "$WORK/site"
"$ACCORD" build --root "$WORK/site" --output "$WORK/out" >/dev/null   # warm-up
rm -rf "$WORK/out"
echo "== profiling accord build at N=$N (nproc $(nproc), load $(loadavg))"

if perf record -e cpu-clock -o /dev/null -- true >/dev/null 2>&1; then
    perf record -e cpu-clock -F "$HZ" --call-graph dwarf,32768 -o "$WORK/perf.data" -- \
        "$ACCORD" build --root "$WORK/site" --output "$WORK/out" 2>"$WORK/perf.log"
    perf script -i "$WORK/perf.data" -F comm,tid,time,ip,sym --no-inline 2>/dev/null |
        python3 "$ROOT/bench/perf-phases.py" --hz "$HZ" --cores "$(nproc)"
    [[ -z ${KEEP:-} ]] || echo "perf data: $WORK/perf.data (perf report -i $WORK/perf.data)"
elif command -v valgrind >/dev/null; then
    echo "perf is not usable here; running callgrind (slow)"
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
        "$ACCORD" build --root "$WORK/site" --output "$WORK/out" >/dev/null 2>"$WORK/valgrind.log"
    callgrind_annotate --inclusive=yes "$WORK/callgrind.out" | head -60
else
    die "neither perf nor valgrind is installed: apt-get install -y linux-perf (or valgrind)"
fi
echo "load after: $(loadavg)"
