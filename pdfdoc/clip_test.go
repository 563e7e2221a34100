package pdfdoc

import (
	"strings"
	"testing"
)

// TestNamesFitTheirBox centres each name, asked for at a size too large,
// in a box like the native name's on a certificate (one row of the page
// each), renders the page and checks that ink is drawn in every box (the
// text is really there) and none outside them: stacks above and below the
// baseline shrink the name until they fit.
func TestNamesFitTheirBox(t *testing.T) {
	t.Parallel()
	const dpi = 150
	const cx, width, above, below, row = 105.0, 90.0, 9.0, 4.0, 14.0
	names := allNames()
	for _, bold := range []bool{false, true} {
		t.Run(map[bool]string{false: "regular", true: "bold"}[bold], func(t *testing.T) {
			t.Parallel()
			sizes := make([]float64, len(names))
			data := render(t, "P", func(d *Doc) {
				for i, s := range names {
					baseline := 10 + row*float64(i) + above
					sizes[i] = d.CentredIn(cx, baseline, s.name, 40, bold, width, above, below)
					w := d.Width(s.name, sizes[i])
					top, bottom := d.Extent(s.name, sizes[i])
					if w > width || top > above || bottom > below {
						t.Errorf("%s at %.1f pt: %.1f mm wide, %.1f above and %.1f below the baseline; the box is %.0f × (%.0f + %.0f)",
							s.script, sizes[i], w, top, bottom, width, above, below)
					}
				}
			})
			dark := darkPixels(pdftoppm(t, data, "names", dpi))
			outside := len(dark)
			for i, s := range names {
				y0 := 10 + row*float64(i)
				in := inBox(dark, dpi, cx-width/2, y0, cx+width/2, y0+above+below, 2)
				if in < 300 {
					t.Errorf("%s at %.1f pt: only %d dark pixels in its box", s.script, sizes[i], in)
				}
				outside -= in
			}
			if outside > 0 {
				t.Errorf("%d dark pixels outside the boxes", outside)
			}
		})
	}
}

// TestLongNameShrinks checks that a name too long for its width is made
// smaller, not cut or left to overflow, and that a short one keeps its
// size.
func TestLongNameShrinks(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ສົມສັກ ພົມມະຈັນ ", 3) + "ວົງສະຫວັນ"
	const dpi = 150
	var size, short, tiny float64
	data := render(t, "P", func(d *Doc) {
		size = d.CentredIn(105, 60, long, 26, true, 60, 0, 0)
		short = d.CentredIn(105, 90, "ສົມສັກ", 18, false, 60, 0, 0)
		// Too long even at 6 pt: smaller still, never spilling out.
		tiny = d.CentredIn(105, 120, strings.Repeat(long+" ", 3), 26, false, 60, 0, 0)
	})
	if size >= 26 || size < 6 || size != float64(int(size*2))/2 || short != 18 || tiny >= 6 {
		t.Fatalf("sizes %.2f, %.2f and %.2f: the long name should shrink from 26 in half points, the short one keep 18, the longest go under 6",
			size, short, tiny)
	}
	dark := darkPixels(pdftoppm(t, data, "long-name", dpi))
	in := inBox(dark, dpi, 75, 40, 135, 130, 2)
	if out := len(dark) - in; out > 0 || in < 300 {
		t.Errorf("%d dark pixels outside the 60 mm column, %d inside", out, in)
	}
}

// TestFitCutsBetweenGraphemes checks that a shaped text cut to a width
// keeps whole clusters (a Khmer consonant with its subscript) and fits.
func TestFitCutsBetweenGraphemes(t *testing.T) {
	t.Parallel()
	d := New("P", "A4")
	d.AddPage()
	text := strings.Repeat("ក្សេត្រ ", 10)
	got := d.Fit(text, 12, 40)
	if !strings.HasSuffix(got, "…") || d.Width(got, 12) > 40 {
		t.Fatalf("Fit gives %q, %.1f mm wide", got, d.Width(got, 12))
	}
	body := strings.TrimSuffix(got, "…")
	if !strings.HasPrefix(text, body) {
		t.Fatalf("%q is not a prefix of the text", body)
	}
	cuts := graphemes(text)
	ok := false
	for _, c := range cuts {
		ok = ok || c == len(body) || strings.TrimRight(text[:c], " ") == body
	}
	if !ok {
		t.Errorf("%q ends inside a grapheme", body)
	}
	if d.Fit("ក្ស", 12, 40) != "ក្ស" {
		t.Error("a text that fits was changed")
	}
}

// TestParagraphStaysInColumn wraps a long Lao narrative (no spaces inside
// its phrases) and a Myanmar one in a column and checks, on the rendered
// page, that nothing is drawn outside the column.
func TestParagraphStaysInColumn(t *testing.T) {
	t.Parallel()
	const dpi = 150
	var bottom float64
	data := render(t, "P", func(d *Doc) {
		d.SetXY(30, 30)
		d.Paragraph(strings.Repeat("ບ້ານສີວິໄລແຂວງວຽງຈັນ ", 12)+strings.Repeat("ສົມສັກພົມມະຈັນ", 8), 10, 120, 5)
		d.SetX(30)
		d.Paragraph(strings.Repeat("ဥက္ကဋ္ဌ ကြွေး အောင်ကျော် ", 12), 10, 120, 5)
		d.SetX(30)
		d.Paragraph(strings.Repeat("قرية الأمل في محافظة الجيزة ", 8), 10, 120, 5)
		bottom = d.GetY()
	})
	dark := darkPixels(pdftoppm(t, data, "paragraphs", dpi))
	in := inBox(dark, dpi, 30, 30, 150, bottom, 2)
	if out := len(dark) - in; out > 0 || in < 1000 {
		t.Errorf("%d dark pixels outside the column, %d inside", out, in)
	}
}
