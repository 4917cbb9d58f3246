#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time and prints the executions per target.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s each, all targets)
#
# The stable toolchain refuses the nightly-only flags cargo-fuzz passes (-Zsanitizer, …);
# RUSTC_BOOTSTRAP=1 lets it accept them. SANITIZER=none skips AddressSanitizer for about
# twice the executions per second (the code under test is safe Rust; overflow checks and
# debug assertions stay on either way). CODEGEN_UNITS (default 16) is passed to cargo-fuzz.
#
# A crash stops the run and leaves the input in fuzz/artifacts/<target>/: copy it into
# tests/fuzz_regressions/<target>/ so `cargo test --test fuzz_regressions` replays it forever.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(front_matter markdown fluent)
fi
sanitizer=${SANITIZER:-address}
export RUSTC_BOOTSTRAP=1

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

# Seeds: the project's own sources (kept out of git, like everything under corpus/), plus every
# input that once crashed a target.
seed() {
  local target=$1
  mkdir -p "corpus/$target"
  if [ -d "../tests/fuzz_regressions/$target" ]; then
    cp -n ../tests/fuzz_regressions/"$target"/* "corpus/$target/" 2>/dev/null || true
  fi
  [ -z "$(ls -A "corpus/$target")" ] || return 0
  case $target in
    front_matter)
      for file in ../content/*/*.md ../content/*.toml ../site.toml; do
        cp "$file" "corpus/$target/$(basename "$file")"
      done
      ;;
    markdown)
      # The bodies only: everything after the closing `+++`.
      for file in ../content/*/*.md; do
        awk 'done {print} /^\+\+\+/ && ++fences == 2 {done = 1}' "$file" >"corpus/$target/$(basename "$file")"
      done
      ;;
    fluent)
      # The first byte picks the locale: even for en-GB, odd for ar-MA.
      { printf '\0'; cat ../templates/i18n/en.ftl; } >"corpus/$target/seed-0"
      { printf '\1'; cat ../templates/i18n/ar.ftl; } >"corpus/$target/seed-1"
      ;;
  esac
}

# Codegen units: cargo-fuzz's default of 1 builds the whole tree on one core per crate (11 of
# CI's minutes on 2 cores); 16 builds in parallel, for somewhat fewer executions per second.
build_flags=(-s "$sanitizer" --codegen-units "${CODEGEN_UNITS:-16}")
cargo fuzz build "${build_flags[@]}"

summary=()
for target in "${targets[@]}"; do
  seed "$target"
  log="artifacts/$target.log"
  mkdir -p artifacts
  status=0
  dict=()
  if [ -f "dictionaries/$target.dict" ]; then
    dict=(-dict="dictionaries/$target.dict")
  fi
  cargo fuzz run "${build_flags[@]}" "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    "${dict[@]}" -print_final_stats=1 >"$log" 2>&1 || status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  if [ "$status" -ne 0 ]; then
    summary+=("$target: CRASHED after ${execs:-?} executions (exit $status); see fuzz/$log and fuzz/artifacts/$target/")
  else
    summary+=("$target: ${execs:-?} executions in ${seconds}s, no crash")
  fi
  echo "${summary[-1]}"
done

echo
echo "Summary (${seconds}s per target, sanitizer: $sanitizer):"
printf '  %s\n' "${summary[@]}"
for line in "${summary[@]}"; do
  case $line in *CRASHED*) exit 1 ;; esac
done
