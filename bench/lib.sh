# Shared by bench/run.sh and bench/profile.sh (sourced, not run).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case $CARGO_TARGET_DIR in /*) ;; *) CARGO_TARGET_DIR=$ROOT/$CARGO_TARGET_DIR ;; esac
SEED=${SEED:-1}
BENCH_TMP=${BENCH_TMP:-/dev/shm}
ACCORD=$CARGO_TARGET_DIR/release/accord
MDONLY=$CARGO_TARGET_DIR/release/examples/markdown_only
CACHE=$CARGO_TARGET_DIR/bench/sites

die() { echo "bench: $*" >&2; exit 1; }

# Builds the accord binary and the Markdown-only example in release.
build_release() {
    echo "== building accord and examples/markdown_only in release (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)" >&2
    (cd "$ROOT" && cargo build --release --quiet --bin accord --example markdown_only) >&2
}

# The cache key: the generator and everything of the repository's site that it copies.
cache_key() {
    (cd "$ROOT" && find bench/generate-site site.toml templates static content/timeline content/treaty.toml content/participants.toml \
        -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}

# site_for N: prints the cached folder holding accord/ and hugo/ for N articles per language,
# generating both when missing or stale.
site_for() {
    local n=$1 key site
    key=$(cache_key)
    site=$CACHE/n$n-seed$SEED
    if [[ ! -f $site/key || $(cat "$site/key") != "$key" || ! -d $site/hugo ]]; then
        echo "== generating N=$n (seed $SEED) in $site" >&2
        rm -rf "$site"
        mkdir -p "$site"
        "$ROOT/bench/generate-site" --articles "$n" --seed "$SEED" "$site/accord" --hugo "$site/hugo" >&2
        echo "$key" >"$site/key"
    fi
    echo "$site"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
