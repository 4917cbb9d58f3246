#!/usr/bin/env bash
# Validates every GitHub workflow in .github/workflows/ against GitHub's workflow schema, with
# check-jsonschema's builtin copy of it (vendor.github-workflows): no network needed once the
# tool is installed. Prints one line per file; exits non-zero if any file fails.
#
#   bash tests/workflows.sh            # every workflow of the repository
#   bash tests/workflows.sh FILE...    # only these files
#
# Installs the pinned check-jsonschema (from PyPI, once) under ~/.cache/accord-tools/ (or
# $ACCORD_TOOLS_DIR) unless that version is already on PATH.
set -euo pipefail

# Files named on the command line are relative to where the script was started.
args=()
for file in "$@"; do
  args+=("$(realpath -- "$file")")
done
cd "$(dirname "$0")/.."

VERSION=0.39.0

# The command that runs the checker, as an array.
checker=()
if command -v check-jsonschema >/dev/null 2>&1 &&
  [[ "$(check-jsonschema --version 2>/dev/null)" == *" $VERSION"* ]]; then
  checker=(check-jsonschema)
else
  dir="${ACCORD_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/accord-tools}/check-jsonschema-$VERSION"
  if [[ -x "$dir/bin/check-jsonschema" ]]; then
    checker=("$dir/bin/check-jsonschema")
  elif [[ -d "$dir/lib/check_jsonschema" ]]; then
    checker=(env "PYTHONPATH=$dir/lib" python3 -m check_jsonschema)
  else
    echo "installing check-jsonschema $VERSION into $dir" >&2
    rm -rf "$dir"
    # A virtual environment; where python3-venv is missing (Debian's own Python), pip --target.
    if python3 -m venv "$dir" >/dev/null 2>&1; then
      "$dir/bin/pip" install --quiet --disable-pip-version-check "check-jsonschema==$VERSION"
      checker=("$dir/bin/check-jsonschema")
    elif python3 -m pip --version >/dev/null 2>&1; then
      rm -rf "$dir"
      python3 -m pip install --quiet --disable-pip-version-check --target "$dir/lib" \
        "check-jsonschema==$VERSION"
      checker=(env "PYTHONPATH=$dir/lib" python3 -m check_jsonschema)
    else
      echo "tests/workflows.sh needs python3 with venv or pip (apt-get install python3-venv)" >&2
      exit 1
    fi
  fi
fi

if ((${#args[@]} > 0)); then
  files=("${args[@]}")
else
  shopt -s nullglob
  files=(.github/workflows/*.yml .github/workflows/*.yaml)
  shopt -u nullglob
fi
if ((${#files[@]} == 0)); then
  echo "no workflow files in .github/workflows/" >&2
  exit 1
fi

failed=0
for file in "${files[@]}"; do
  if output="$("${checker[@]}" --builtin-schema vendor.github-workflows "$file" 2>&1)"; then
    echo "ok   $file"
  else
    echo "FAIL $file"
    # The checker's own report, indented under the file's line.
    # shellcheck disable=SC2001 # sed indents every line of it
    sed 's/^/     /' <<<"$output"
    failed=1
  fi
done
exit "$failed"
