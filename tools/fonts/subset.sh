#!/usr/bin/env bash
# Makes the site's webfonts in static/fonts/ from Debian's Noto fonts.
#
#   apt-get install fonts-noto-core          # /usr/share/fonts/truetype/noto/*.ttf
#   pip install fonttools brotli             # pyftsubset, and woff2 output
#   bash tools/fonts/subset.sh
#
# Licence: Noto Serif, Noto Sans and Noto Naskh Arabic are © Google LLC / The Noto Project
# Authors, under the SIL Open Font License 1.1 (static/fonts/OFL.txt, which must ship beside the
# fonts). Noto declares no Reserved Font Name, so the subsets keep their family names. Subsetting
# is a modification the licence allows; the subsets may not be sold on their own.
#
# The Latin faces (the English edition's body in Noto Serif, interface text in Noto Sans) keep
# Basic Latin, Latin-1, Latin Extended-A (names such as Türkiye or Curaçao), the general
# punctuation block (dashes, curly quotes, ellipsis, non-breaking and thin spaces) and a few
# symbols. The Arabic face keeps the Arabic block, presentation forms B, joiners and bidi marks,
# Latin digits and the punctuation it draws. Every OpenType layout feature is kept (Arabic shaping
# and Latin kerning need them). Each `unicode-range` in static/style.css matches these lists: keep
# them in step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../../static/fonts"
src="${NOTO_DIR:-/usr/share/fonts/truetype/noto}"

command -v pyftsubset >/dev/null || { echo "pyftsubset is missing: pip install fonttools brotli" >&2; exit 1; }

LATIN="U+0000-00FF,U+0100-017F,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"
ARABIC="U+0020-0021,U+002C,U+002E,U+0030-003A,U+00A0,U+00AB,U+00BB,U+0600-06FF,U+200B-2011,U+204F,U+25CC,U+2E41,U+FE70-FEFF"

subset() { # font-file unicodes output-name
  pyftsubset "$src/$1" --unicodes="$2" --layout-features='*' --flavor=woff2 --no-hinting \
    --desubroutinize --name-IDs='*' --output-file="$out/$3"
  printf '%s  %6d bytes\n' "$3" "$(wc -c <"$out/$3")"
}

for face in Regular Bold Italic; do
  subset "NotoSerif-$face.ttf" "$LATIN" "NotoSerif-$face.latin.woff2"
done
for face in Regular Bold; do
  subset "NotoSans-$face.ttf" "$LATIN" "NotoSans-$face.latin.woff2"
  subset "NotoNaskhArabic-$face.ttf" "$ARABIC" "NotoNaskhArabic-$face.subset.woff2"
done
