#!/usr/bin/env bash
# Renders the PNG icons from static/favicon.svg: favicon.png (48 px, for browsers without SVG
# favicons) and icon-192.png / icon-512.png (the web app manifests, apple-touch-icon).
#
#   apt-get install librsvg2-bin      # rsvg-convert
#   bash tools/icons/render.sh
set -euo pipefail
static="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../static" && pwd)"
for size in 48 192 512; do
  name="icon-$size.png"
  [ "$size" = 48 ] && name="favicon.png"
  rsvg-convert --width "$size" --height "$size" "$static/favicon.svg" --output "$static/$name"
  echo "static/$name"
done
