// Package pdfdoc is the PDF layer the certificates and the project reports
// share: an fpdf document with Baeum's embedded Unicode fonts. In a
// document made by New, Latin, Greek, Cyrillic and Hangul are fpdf's own
// text, in runs of one script each, since no single font here covers both
// Hangul and Vietnamese and fpdf has no fallback. Every other script (Lao,
// Khmer, Myanmar, Ethiopic, Bengali, Arabic, Devanagari, Thai, Sinhala,
// Tamil, Georgian, Armenian, Hebrew) is shaped as a browser shapes it, by
// go-text's port of HarfBuzz with bidi and a Noto Sans font per script
// (shape.go), and drawn as glyph outlines with the text kept for copy and
// search (draw.go). A document made by NewOutlined draws all its text that
// way (see there).
package pdfdoc

import (
	"bytes"
	_ "embed"
	"net/http"
	"strings"
	"sync"
	"unicode"

	"github.com/go-pdf/fpdf"
)

// Embedded fonts (licences beside them): DejaVu Sans covers Latin with
// Vietnamese, Cyrillic and Greek; NanumGothic covers Hangul. AddUTF8Font
// with a path prefixes fpdf's font folder, so the bytes are embedded and
// added with AddUTF8FontFromBytes.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVu []byte
	//go:embed fonts/NanumGothic.ttf
	nanum []byte
)

// cutFonts are the embedded fonts cut down, once per process, to the
// characters Baeum prints: fpdf parses every font it is given for every
// document (and again to subset it on output), so a 4.7 MB NanumGothic with
// its Hanja cost 10 ms a document. Cut to Hangul and ASCII it parses in a
// third of that; DejaVu keeps Latin (with Vietnamese), combining marks,
// Greek, Cyrillic and punctuation.
var cutFonts = sync.OnceValue(func() (f struct{ latin, korean []byte }) {
	var latin, korean strings.Builder
	for _, rg := range [][2]rune{{0x20, 0x7E}, {0xA0, 0x24F}, {0x300, 0x36F}, {0x370, 0x3FF}, {0x400, 0x52F}, {0x1E00, 0x1EFF}, {0x2000, 0x206F}, {0x20A0, 0x20BF}, {0x2100, 0x214F}, {0x2190, 0x21FF}, {0x25A0, 0x25FF}} {
		for r := rg[0]; r <= rg[1]; r++ {
			latin.WriteRune(r)
		}
	}
	for _, rg := range [][2]rune{{0x20, 0x7E}, {0x1100, 0x11FF}, {0x3000, 0x303F}, {0x3130, 0x318F}, {0xAC00, 0xD7A3}} {
		for r := rg[0]; r <= rg[1]; r++ {
			korean.WriteRune(r)
		}
	}
	f.latin = fpdf.UTF8CutFont(dejaVu, latin.String())
	f.korean = fpdf.UTF8CutFont(nanum, korean.String())
	return f
})

// The font families of a Doc.
const (
	latinFont  = "dejavu"
	koreanFont = "nanum"
)

// Doc is an fpdf document with the fonts added.
type Doc struct {
	*fpdf.Fpdf
	images   int
	outlined bool // every text is shaped and drawn as outlines (NewOutlined)
}

// New starts a document ("P" or "L"; "A4" or "Letter") in millimetres,
// for long documents (reports, lists): Latin, Greek, Cyrillic and Hangul
// are text in embedded font subsets, each glyph stored once however often
// it is printed.
func New(orientation, size string) *Doc {
	pdf := fpdf.New(orientation, "mm", size, "")
	fonts := cutFonts()
	pdf.AddUTF8FontFromBytes(latinFont, "", fonts.latin)
	pdf.AddUTF8FontFromBytes(koreanFont, "", fonts.korean)
	pdf.SetCreator("Baeum", true)
	return &Doc{Fpdf: pdf}
}

// invisibleFont is DejaVu cut to the space alone: the font of the
// invisible text layer (see draw.go) in an outlined document, where no
// glyph of it is ever drawn. Every other character takes its missing
// width, in fpdf's widths and in the PDF's (/DW) alike.
var invisibleFont = sync.OnceValue(func() []byte { return fpdf.UTF8CutFont(dejaVu, " ") })

// NewOutlined starts a one-page document made in bulk, a certificate: every
// text, Latin and Hangul too, is shaped and drawn as glyph outlines made
// once per process, with the text kept for copy and search in an invisible
// layer. fpdf parses and subsets each font of each document anew (the
// embedded DejaVu and NanumGothic cost about 3 ms a document each), so an
// outlined document embeds one font only, the invisible layer's, cut to a
// space; a page of outlines is a few kilobytes larger than one of text.
func NewOutlined(orientation, size string) *Doc {
	pdf := fpdf.New(orientation, "mm", size, "")
	pdf.AddUTF8FontFromBytes(latinFont, "", invisibleFont())
	pdf.SetCreator("Baeum", true)
	return &Doc{Fpdf: pdf, outlined: true}
}

// shaped reports whether text goes through the shaper in d: always in an
// outlined document, else when fpdf's own text cannot print it.
func (d *Doc) shaped(text string) bool { return d.outlined || !plain(text) }

// IsHangul reports whether r needs the Korean font.
func IsHangul(r rune) bool {
	return unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303F) // CJK punctuation
}

// hangulCutHas reports whether the Hangul cut of NanumGothic has every
// character of text.
func hangulCutHas(text string) bool {
	for _, r := range text {
		if r >= 0x7F && !IsHangul(r) && (r < 0x3130 || r > 0x318F) {
			return false
		}
	}
	return true
}

// run is a stretch of text in one font.
type run struct {
	text string
	font string
}

// runs splits text where the script changes between Hangul and the rest.
func runs(text string) []run {
	var out []run
	var cur strings.Builder
	curKorean := false
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		r := run{text: cur.String(), font: latinFont}
		if curKorean {
			r.font = koreanFont
		}
		out = append(out, r)
		cur.Reset()
	}
	for i, r := range text {
		k := IsHangul(r)
		// Spaces stay with the run they are in, so a name keeps one font.
		if r != ' ' && i > 0 && k != curKorean {
			flush()
		}
		if r != ' ' || cur.Len() > 0 {
			curKorean = k || (r == ' ' && curKorean)
		}
		cur.WriteRune(r)
	}
	flush()
	return out
}

// Width is the width of text at size (points), in millimetres.
func (d *Doc) Width(text string, size float64) float64 {
	if d.shaped(text) {
		return float64(shape(text).width) * size / d.GetConversionRatio()
	}
	w := 0.0
	for _, r := range runs(text) {
		d.SetFont(r.font, "", size)
		w += d.GetStringWidth(r.text)
	}
	return w
}

// Text writes text from x at baseline y and returns the x where it ended.
// Latin, Greek, Cyrillic and Hangul are fpdf's own text, switching fonts
// between runs of different scripts (unless d is outlined); any other
// script is shaped by
// HarfBuzz, laid out right to left where bidi says so, and drawn as glyph
// outlines carrying the text for copy and search (see draw.go). Bold is the
// regular face filled and outlined in the text's colour: one font file
// fewer to parse for every document, and scripts with no bold face here
// are emboldened the same way as Latin.
func (d *Doc) Text(x, y float64, text string, size float64, bold bool) float64 {
	if d.shaped(text) {
		return d.drawLayout(x, y, shape(text), size, bold)
	}
	for _, r := range runs(text) {
		d.SetFont(r.font, "", size)
		if bold {
			cr, cg, cb := d.GetTextColor()
			d.SetDrawColor(cr, cg, cb)
			d.SetLineWidth(size * 0.018)
			d.SetTextRenderingMode(2)
		}
		d.Fpdf.Text(x, y, r.text)
		if bold {
			d.SetTextRenderingMode(0)
		}
		x += d.GetStringWidth(r.text)
	}
	return x
}

// Paragraph writes text wrapped to width from the current position. Text
// fpdf can print in one font is fpdf's MultiCell: in the Korean font when
// it holds Hangul (NanumGothic has ASCII too) and in DejaVu otherwise, since
// fpdf wraps in one font only. Anything else (a script to shape, or Hangul
// with letters the Hangul cut lacks, such as Vietnamese), and every text
// of an outlined document, is shaped and wrapped here (paragraphShaped).
func (d *Doc) Paragraph(text string, size, width, lineHeight float64) {
	font := latinFont
	if strings.ContainsFunc(text, IsHangul) {
		font = koreanFont
	}
	if d.shaped(text) || (font == koreanFont && !hangulCutHas(text)) {
		d.paragraphShaped(text, size, width, lineHeight)
		return
	}
	d.SetFont(font, "", size)
	d.MultiCell(width, lineHeight, text, "", "L", false)
}

// Image places a PNG or JPEG (checked at upload) in the box at x, y of
// width w and height h, keeping its aspect ratio; a zero w or h leaves that
// side free.
func (d *Doc) Image(data []byte, x, y, w, h float64) {
	tp := "PNG"
	if http.DetectContentType(data) == "image/jpeg" {
		tp = "JPG"
	}
	d.images++
	name := "img" + string(rune('a'+d.images%26)) + strings.Repeat("x", d.images/26)
	opt := fpdf.ImageOptions{ImageType: tp}
	info := d.RegisterImageOptionsReader(name, opt, bytes.NewReader(data))
	if info == nil {
		return
	}
	if w > 0 && h > 0 { // fit inside the box
		iw, ih := info.Extent()
		if iw*h > ih*w {
			h = 0
		} else {
			w = 0
		}
	}
	d.ImageOptions(name, x, y, w, h, false, opt, 0, "")
}
