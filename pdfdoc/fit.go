package pdfdoc

import (
	"strings"

	"github.com/go-text/typesetting/segmenter"
	"golang.org/x/text/unicode/norm"
)

// Centred writes text centred on x at baseline y, scaled down until it is
// at most maxWidth wide.
func (d *Doc) Centred(x, y float64, text string, size float64, bold bool, maxWidth float64) {
	d.CentredIn(x, y, text, size, bold, maxWidth, 0, 0)
}

// CentredIn writes text centred on x at baseline y, scaled down (in steps
// of half a point, to 6 pt, and below only as far as it must) until it is
// at most maxWidth wide and,
// when above and below are not zero, its ink reaches at most above the
// baseline and below it (mm): the box a tall Lao, Myanmar or Khmer stack
// must not leave. It returns the size used.
func (d *Doc) CentredIn(x, y float64, text string, size float64, bold bool, maxWidth, above, below float64) float64 {
	w := d.Width(text, size)
	var top, bottom float64
	if above > 0 || below > 0 {
		top, bottom = d.Extent(text, size)
		if bold { // half the outline's stroke (see Text) lies outside the ink
			stroke := 0.009 * size / d.GetConversionRatio()
			top, bottom = top+stroke, bottom+stroke
		}
	}
	for range 100 { // each step fits better; 100 is only a bound
		f := 1.0
		if w > maxWidth {
			f = maxWidth / w
		}
		if above > 0 && top > above {
			f = min(f, above/top)
		}
		if below > 0 && bottom > below {
			f = min(f, below/bottom)
		}
		if f >= 1 {
			break
		}
		// Width and extents scale with the size: step down from the size
		// that fits, not from the one asked for. Under 6 pt, smaller type
		// beats a name cut short or spilling out of its box.
		next := size * f * 0.9999
		if size > 6 {
			next = max(6, min(size-0.5, float64(int(size*f*2))/2))
		}
		w, top, bottom = w*next/size, top*next/size, bottom*next/size
		size = next
	}
	d.Text(x-d.Width(text, size)/2, y, text, size, bold)
	return size
}

// Extent is how far text's ink reaches above and below its baseline at
// size (mm, from the shaped glyphs' bounds).
func (d *Doc) Extent(text string, size float64) (above, below float64) {
	l := shape(text)
	em := size / d.GetConversionRatio()
	return float64(l.top) * em, float64(l.bottom) * em
}

// Fit cuts text to at most maxWidth at size, ending it with "…" when cut.
// Shaped text is cut between graphemes, never inside a cluster.
func (d *Doc) Fit(text string, size, maxWidth float64) string {
	if d.shaped(text) {
		return d.fitShaped(text, size, maxWidth)
	}
	if d.Width(text, size) <= maxWidth {
		return text
	}
	rs := []rune(text)
	for len(rs) > 0 && d.Width(string(rs)+"…", size) > maxWidth {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

// graphemes are the offsets (bytes) where text may be cut without
// splitting a user-perceived character: a base with its marks, a Khmer or
// Indic consonant with its subscripts (UAX #29 extended grapheme clusters).
// The last offset is len(text).
func graphemes(text string) []int {
	var seg segmenter.Segmenter
	if err := seg.InitWithString(text); err != nil {
		return []int{len(text)}
	}
	var out []int
	it := seg.GraphemeIterator()
	for it.Next() {
		g := it.Grapheme()
		out = append(out, g.OffsetInBytes+g.LengthInBytes)
	}
	return out
}

// longestPrefix is the longest prefix of text, cut between graphemes, whose
// layout with suffix added is at most maxEm wide; "" when none is.
func longestPrefix(text, suffix string, maxEm float32) string {
	cuts := graphemes(text)
	lo, hi := 0, len(cuts) // cuts[:lo] fit, cuts[hi:] do not
	for lo < hi {
		mid := (lo + hi) / 2
		if shape(strings.TrimRight(text[:cuts[mid]], " ")+suffix).width <= maxEm {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return ""
	}
	return strings.TrimRight(text[:cuts[lo-1]], " ")
}

// fitShaped is Fit for text that goes through the shaper.
func (d *Doc) fitShaped(text string, size, maxWidth float64) string {
	maxEm := float32(maxWidth * d.GetConversionRatio() / size)
	if shape(text).width <= maxEm {
		return text
	}
	return longestPrefix(norm.NFC.String(text), "…", maxEm) + "…"
}
