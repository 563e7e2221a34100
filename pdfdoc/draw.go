package pdfdoc

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// Shaped text goes into the fpdf document as glyph outlines, since fpdf's
// fonts map characters to glyphs through the cmap and cannot draw the
// glyph ids HarfBuzz chooses (conjuncts, reordered vowels, joining forms,
// marks placed by GPOS). Each line is one marked-content span,
//
//	/Span <</ActualText <FEFF…>>> BDC … EMC
//
// whose ActualText is the line's Unicode text, which pdftotext and PDF
// readers give back on copy; inside it the same text is written once more,
// invisibly (render mode 3) in DejaVu, stretched to the line's width, so
// readers that ignore ActualText still find it where it is drawn (and
// poppler only reports a span's ActualText when some text is drawn inside
// it). Both are in visual order (layout.visual): extractors take the
// characters of a page as drawn, left to right, and put right-to-left runs
// back in logical order themselves; poppler does so with ActualText too.

// drawLayout draws l from x on baseline y (mm) at size (pt) in the text
// colour, bold as outlines filled and stroked, and returns where it ended.
func (d *Doc) drawLayout(x, y float64, l *layout, size float64, bold bool) float64 {
	if len(l.text) == 0 {
		return x
	}
	k := d.GetConversionRatio()
	_, ph := d.GetPageSize()
	em := size / k // mm per em
	width := float64(l.width) * em

	var b strings.Builder
	b.WriteString("/Span <</ActualText <FEFF")
	for _, u := range utf16.Encode([]rune(l.visual)) {
		const hex = "0123456789ABCDEF"
		b.WriteByte(hex[u>>12])
		b.WriteByte(hex[u>>8&15])
		b.WriteByte(hex[u>>4&15])
		b.WriteByte(hex[u&15])
	}
	b.WriteString(">>> BDC")
	d.RawWriteStr(b.String())
	d.invisible(x, y, l.visual, size, width)

	b.Reset()
	cr, cg, cb := d.GetTextColor()
	colour := num(float64(cr)/255, 3) + " " + num(float64(cg)/255, 3) + " " + num(float64(cb)/255, 3)
	b.WriteString("q " + colour + " rg")
	paint := " f Q\n"
	if bold {
		b.WriteString(" " + colour + " RG 1 j")
		paint = " B Q\n"
	}
	b.WriteByte('\n')
	for _, run := range l.runs {
		pf := parsed[run.font]()
		scale := size / float64(pf.upem) // pt per font unit
		b.WriteString("q " + num(scale, 6) + " 0 0 " + num(scale, 6) + " " + num((x+float64(run.x)*em)*k, 2) + " " + num((ph-y)*k, 2) + " cm")
		if bold { // as fpdf's bold (see Text): a stroke of 0.018 em, in font units here
			b.WriteString(" " + num(0.018*size*k/scale, 1) + " w")
		}
		b.WriteByte('\n')
		for _, g := range run.glyphs {
			p := pf.glyphPath(g.id)
			if p == "" {
				continue
			}
			b.WriteString("q 1 0 0 1 " + num(float64(g.x), 1) + " " + num(float64(g.y), 1) + " cm ")
			b.WriteString(p)
			b.WriteString(paint)
		}
		b.WriteString("Q\n")
	}
	b.WriteString("Q EMC")
	d.RawWriteStr(b.String())
	return x + width
}

// invisible writes text in DejaVu with render mode 3 from x on baseline y,
// scaled horizontally (Tz) to width. Characters DejaVu lacks are written
// all the same: fpdf's fonts map codes to Unicode one to one (ToUnicode),
// so they read back as themselves. Only the Basic Multilingual Plane is
// written, as fpdf's two-byte codes and width table hold no more.
func (d *Doc) invisible(x, y float64, text string, size, width float64) {
	t := []rune(text)
	for i, r := range t {
		if r > 0xFFFF {
			t[i] = '\uFFFD'
		}
	}
	text = string(t)
	d.SetFont(latinFont, "", size)
	natural := d.GetStringWidth(text)
	if natural <= 0 {
		return
	}
	d.SetTextRenderingMode(3)
	d.RawWriteStr(num(100*width/natural, 2) + " Tz")
	d.Fpdf.Text(x, y, text)
	d.RawWriteStr("100 Tz")
	d.SetTextRenderingMode(0)
}

// num formats v with at most prec decimals and no trailing zeros.
func num(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// glyphPath is glyph id's outline as PDF path operators in whole font
// units (y up), made once per process: quadratic TrueType curves become
// cubic Béziers, and every contour is closed so a bold stroke has no gap.
func (pf *parsedFont) glyphPath(id font.GID) string {
	if p, ok := pf.paths.Load(id); ok {
		return p.(string)
	}
	pf.outlineMu.Lock()
	if pf.outlineFace == nil {
		pf.outlineFace = font.NewFace(pf.font)
	}
	data := pf.outlineFace.GlyphData(id)
	pf.outlineMu.Unlock()
	outline, _ := data.(font.GlyphOutline)
	var b []byte
	var cx, cy float32 // the current point
	open := false
	pt := func(x, y float32) {
		b = strconv.AppendInt(b, roundUnit(x), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, roundUnit(y), 10)
		b = append(b, ' ')
	}
	for _, s := range outline.Segments {
		a := s.Args
		switch s.Op {
		case ot.SegmentOpMoveTo:
			if open {
				b = append(b, "h "...)
			}
			pt(a[0].X, a[0].Y)
			b = append(b, "m "...)
			cx, cy, open = a[0].X, a[0].Y, true
		case ot.SegmentOpLineTo:
			pt(a[0].X, a[0].Y)
			b = append(b, "l "...)
			cx, cy = a[0].X, a[0].Y
		case ot.SegmentOpQuadTo: // control point a[0], end a[1]
			pt(cx+2*(a[0].X-cx)/3, cy+2*(a[0].Y-cy)/3)
			pt(a[1].X+2*(a[0].X-a[1].X)/3, a[1].Y+2*(a[0].Y-a[1].Y)/3)
			pt(a[1].X, a[1].Y)
			b = append(b, "c "...)
			cx, cy = a[1].X, a[1].Y
		case ot.SegmentOpCubeTo:
			pt(a[0].X, a[0].Y)
			pt(a[1].X, a[1].Y)
			pt(a[2].X, a[2].Y)
			b = append(b, "c "...)
			cx, cy = a[2].X, a[2].Y
		}
	}
	if open {
		b = append(b, 'h')
	}
	p := string(b)
	pf.paths.Store(id, p)
	return p
}

// roundUnit rounds v to whole font units: TrueType's points are whole
// already, and the cubic control points made from quadratic ones move by
// at most half a unit (a 2,000th of an em), while a page of outlines is a
// third smaller than with a decimal.
func roundUnit(v float32) int64 {
	if v < 0 {
		return -int64(-v + 0.5)
	}
	return int64(v + 0.5)
}

// outline state of a parsedFont: one Face for reading outlines, guarded,
// since Faces are not safe for concurrent use.
type outlineState struct {
	outlineMu   sync.Mutex
	outlineFace *font.Face
}

// Modules fills the true cells of grid, rows from the top, as squares of
// side cell (mm) from x, y (the top left corner) in the fill colour: a QR
// code drawn as vectors, sharp at any zoom, with no image to encode and
// compress for every document. Each row's runs of cells are one rectangle.
func (d *Doc) Modules(grid [][]bool, x, y, cell float64) {
	k := d.GetConversionRatio()
	_, ph := d.GetPageSize()
	var b strings.Builder
	b.WriteString("q\n")
	for r, row := range grid {
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			end := c
			for end < len(row) && row[end] {
				end++
			}
			top := y + float64(r)*cell
			b.WriteString(num((x+float64(c)*cell)*k, 3) + " " + num((ph-top-cell)*k, 3) + " " +
				num(float64(end-c)*cell*k, 3) + " " + num(cell*k, 3) + " re\n")
			c = end
		}
	}
	b.WriteString("f Q")
	d.RawWriteStr(b.String())
}
