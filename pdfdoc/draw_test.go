package pdfdoc

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestPDFDrawsTheShapedGlyphs reads the page's content stream and checks
// that each sample's glyphs are drawn there in the shaper's order, each at
// its place, as the outline of its glyph id, in the text colour, inside a
// span whose ActualText is the name in drawing order, together with an
// invisible text run.
func TestPDFDrawsTheShapedGlyphs(t *testing.T) {
	t.Parallel()
	for _, s := range allNames() {
		d := New("P", "A4")
		d.SetCompression(false)
		d.AddPage()
		d.SetTextColor(6, 58, 116)
		d.Text(20, 40, s.name, 18, s.script == "Khmer")
		var buf bytes.Buffer
		if err := d.Output(&buf); err != nil {
			t.Fatal(err)
		}
		pdf := buf.String()
		l := shape(s.name)
		span := "/Span <</ActualText <FEFF" + hexUTF16(l.visual) + ">>> BDC"
		at := strings.Index(pdf, span)
		if at < 0 {
			t.Errorf("%s: no span with the ActualText of %q", s.script, l.visual)
			continue
		}
		end := strings.Index(pdf[at:], "EMC")
		body := pdf[at : at+end]
		if !strings.Contains(body, "3 Tr") || !strings.Contains(body, ") Tj ET") {
			t.Errorf("%s: no invisible text in the span", s.script)
		}
		if !strings.Contains(body, "q 0.024 0.227 0.455 rg") {
			t.Errorf("%s: glyphs not filled in the text colour", s.script)
		}
		paint := " f Q"
		if s.script == "Khmer" {
			paint = " B Q"
		}
		pos := 0
		for _, run := range l.runs {
			pf := parsed[run.font]()
			for _, g := range run.glyphs {
				p := pf.glyphPath(g.id)
				if p == "" {
					continue
				}
				op := "q 1 0 0 1 " + num(float64(g.x), 1) + " " + num(float64(g.y), 1) + " cm " + p + paint
				i := strings.Index(body[pos:], op)
				if i < 0 {
					t.Errorf("%s: glyph %d of %s at (%g, %g) not drawn in order", s.script, g.id, fontFiles[run.font].name, g.x, g.y)
					break
				}
				pos += i + len(op)
			}
		}
	}
}

// hexUTF16 is s in UTF-16BE as hexadecimal digits.
func hexUTF16(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}

// TestGlyphPath checks the outline of a glyph made of straight lines and
// quadratic curves: one closed contour per TrueType contour, quadratics
// turned into cubics.
func TestGlyphPath(t *testing.T) {
	t.Parallel()
	s := shapers.Get().(*shaper)
	defer shapers.Put(s)
	pf := parsed[fDejaVu]()
	l, _ := s.face(fDejaVu).NominalGlyph('l')
	o, _ := s.face(fDejaVu).NominalGlyph('o')
	if got := pf.glyphPath(l); strings.Count(got, " m ") != 1 || strings.Count(got, " l ") != 4 || strings.Contains(got, " c ") || !strings.HasSuffix(got, "h") {
		t.Errorf("l is %q: want one closed contour of four lines (the last back to the start)", got)
	}
	got := pf.glyphPath(o)
	if strings.Count(got, " m ") != 2 || strings.Count(got, "h") != 2 || !strings.Contains(got, " c ") || strings.Contains(got, " l ") {
		t.Errorf("o is %q: want two closed contours of curves", got)
	}
	if pf.glyphPath(o) != got {
		t.Error("the cached path differs")
	}
	for _, c := range []struct {
		v    float64
		prec int
		want string
	}{{1.5, 1, "1.5"}, {2, 2, "2"}, {-0.04, 1, "0"}, {0.125, 6, "0.125"}, {100, 0, "100"}} {
		if got := num(c.v, c.prec); got != c.want {
			t.Errorf("num(%v, %d) = %q, want %q", c.v, c.prec, got, c.want)
		}
	}
}
