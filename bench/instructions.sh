#!/usr/bin/env bash
# Counts the instructions of one full Accord build and of the Markdown-only pass on the same
# site, under valgrind's callgrind: a figure that does not move with the machine's load, for
# telling whether a change made the build cheaper when wall times on a shared machine are too
# noisy to say (bench/run.sh gives the wall times the targets are about).
#
#   bench/instructions.sh [N]      N = articles per language (default 1000: callgrind runs the
#                                  build about 50 times slower than the machine does)
#
# Prints user-space instructions (system calls and the kernel's work are not counted), the
# ratio, and the functions with the most inclusive instructions in Accord's build. Same site
# cache and environment (SEED, BENCH_TMP, CARGO_TARGET_DIR) as bench/run.sh; KEEP=1 keeps the
# callgrind files (callgrind_annotate reads them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
N=${1:-1000}
[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number, not '$N'"
command -v valgrind >/dev/null || die "valgrind is missing: apt-get install -y valgrind"

build_release
site=$(site_for "$N")
WORK=$(mktemp -d "$BENCH_TMP/accord-instructions.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$WORK"' EXIT
cp -r "$site/accord" "$WORK/site"

# count NAME COMMAND...: runs COMMAND under callgrind and prints its instruction total.
count() {
    local name=$1; shift
    valgrind --tool=callgrind --callgrind-out-file="$WORK/$name.callgrind" "$@" \
        >"$WORK/$name.out" 2>"$WORK/$name.log" || { cat "$WORK/$name.log" >&2; die "$name failed"; }
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$WORK/$name.log"
}

echo "== N=$N: counting instructions under callgrind (nproc $(nproc))" >&2
accord=$(count accord "$ACCORD" build --root "$WORK/site" --output "$WORK/out")
markdown=$(count markdown "$MDONLY" "$WORK/site" --threads 2)
python3 - "$N" "$accord" "$markdown" <<'PY'
import sys
n, accord, markdown = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
print(f"instructions, one build of N={n:,} articles per language (user space, callgrind):")
print(f"  Accord build     {accord / 1e6:9.1f} M")
print(f"  Markdown-only    {markdown / 1e6:9.1f} M")
print(f"  Accord/MD-only   {accord / markdown:9.2f}")
PY
echo "Accord's build, by inclusive instructions (accord:: functions):"
callgrind_annotate --inclusive=yes "$WORK/accord.callgrind" 2>/dev/null |
    grep -E '\?\?\?:accord::' | head -20 | sed -E 's/ *\?\?\?:/  /; s/ \[.*\]$//'
[[ -z ${KEEP:-} ]] || echo "callgrind files: $WORK/accord.callgrind $WORK/markdown.callgrind"
