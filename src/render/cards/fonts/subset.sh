#!/usr/bin/env bash
# Makes the social cards' fonts (src/render/cards/fonts/*.ttf) from Debian's Noto fonts. They are
# compiled into the binary (include_bytes! in src/render/cards.rs) and never copied to the output.
#
#   apt-get install fonts-noto-core          # /usr/share/fonts/truetype/noto/*.ttf
#   pip install fonttools                    # pyftsubset
#   bash src/render/cards/fonts/subset.sh
#
# Licence: Noto Serif, Noto Sans and Noto Naskh Arabic are © Google LLC / The Noto Project
# Authors, under the SIL Open Font License 1.1 (OFL.txt here, which must stay beside them). The
# character lists are those of tools/fonts/subset.sh (the webfonts), plus the ellipsis and the
# bidi embedding and isolate controls the cards' Arabic lines use. Every OpenType layout feature
# is kept: Arabic joining and Latin kerning need them. Changing the fonts changes every card's
# cache key (a hash of the font bytes), so the next build draws them all again.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="${NOTO_DIR:-/usr/share/fonts/truetype/noto}"

command -v pyftsubset >/dev/null || { echo "pyftsubset is missing: pip install fonttools" >&2; exit 1; }

LATIN="U+0000-00FF,U+0100-017F,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"
ARABIC="U+0020-0021,U+002C,U+002E,U+0030-003A,U+00A0,U+00AB,U+00BB,U+0600-06FF,U+200B-2011,U+2026,U+202A-202E,U+204F,U+2066-2069,U+25CC,U+2E41,U+FE70-FEFF"

subset() { # font-file unicodes output-name
  pyftsubset "$src/$1" --unicodes="$2" --layout-features='*' --no-hinting \
    --desubroutinize --name-IDs='*' --output-file="$here/$3"
  printf '%s  %6d bytes\n' "$3" "$(wc -c <"$here/$3")"
}

subset NotoSerif-Bold.ttf "$LATIN" NotoSerif-Bold.latin.ttf
subset NotoSans-Regular.ttf "$LATIN" NotoSans-Regular.latin.ttf
subset NotoSans-Bold.ttf "$LATIN" NotoSans-Bold.latin.ttf
subset NotoNaskhArabic-Regular.ttf "$ARABIC" NotoNaskhArabic-Regular.subset.ttf
subset NotoNaskhArabic-Bold.ttf "$ARABIC" NotoNaskhArabic-Bold.subset.ttf
