#!/bin/sh
# Makes the Noto Sans files here from Debian's fonts-noto-core: the hinting
# (TrueType instructions, unused since pdfdoc draws glyph outlines) is dropped,
# a third of each file; every character, glyph id (--retain-gids), outline,
# name and OpenType layout table stays, so shaping is unchanged
# (TestCutFontsShapeLikeDebians checks it against the originals).
set -eu
src=/usr/share/fonts/truetype/noto
for s in Lao Khmer Myanmar Ethiopic Bengali Arabic Devanagari Thai Sinhala Tamil Georgian Armenian Hebrew; do
	hb-subset --no-hinting --retain-gids --unicodes='*' --layout-features='*' --layout-scripts='*' \
		--name-IDs='*' --name-languages='*' --notdef-outline \
		--output-file="$(dirname "$0")/NotoSans$s-Regular.ttf" "$src/NotoSans$s-Regular.ttf"
done
