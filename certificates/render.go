package certificates

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/baeum-lms/baeum/i18n"
)

// Embedded fonts (licences beside them): DejaVu Sans covers Latin with
// Vietnamese, Cyrillic and Greek; NanumGothic covers Hangul. No single font
// here covers both, and fpdf has no fallback, so each run of text gets the
// font of its script. AddUTF8Font with a path prefixes fpdf's font folder,
// so the bytes are embedded and added with AddUTF8FontFromBytes.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVu []byte
	//go:embed fonts/NanumGothic.ttf
	nanum []byte
)

// cutFonts are the embedded fonts cut down, once per process, to the
// characters a certificate can print: fpdf parses every font it is given
// for every document (and again to subset it on output), so a 4.7 MB
// NanumGothic with its Hanja cost 10 ms a certificate. Cut to Hangul and
// ASCII it parses in a third of that; DejaVu keeps Latin (with Vietnamese),
// combining marks, Greek, Cyrillic and punctuation.
var cutFonts = sync.OnceValue(func() (f struct{ regular, korean []byte }) {
	var latin, korean strings.Builder
	for _, rg := range [][2]rune{{0x20, 0x7E}, {0xA0, 0x24F}, {0x300, 0x36F}, {0x370, 0x3FF}, {0x400, 0x52F}, {0x1E00, 0x1EFF}, {0x2000, 0x206F}, {0x20A0, 0x20BF}, {0x2100, 0x214F}} {
		for r := rg[0]; r <= rg[1]; r++ {
			latin.WriteRune(r)
		}
	}
	for _, rg := range [][2]rune{{0x20, 0x7E}, {0x1100, 0x11FF}, {0x3000, 0x303F}, {0x3130, 0x318F}, {0xAC00, 0xD7A3}} {
		for r := rg[0]; r <= rg[1]; r++ {
			korean.WriteRune(r)
		}
	}
	f.regular = fpdf.UTF8CutFont(dejaVu, latin.String())
	f.korean = fpdf.UTF8CutFont(nanum, korean.String())
	return f
})

// SignatureLine is one signatory as printed: the signature image (PNG or
// JPEG, optional) above a line, the name and the title under it.
type SignatureLine struct {
	Name  string
	Title string
	Image []byte
}

// Data is everything printed on one certificate. Texts come in English and
// in one second language (Korean by default); empty ones are left out.
type Data struct {
	Institute, InstituteLocal string
	Heading, HeadingLocal     string // "Certificate of completion"
	Statement, StatementLocal string // "has completed the course"
	HolderName                string // Latin letters, as in the passport
	HolderNativeName          string // printed only when i18n.Printable
	CourseTitle, CourseLocal  string
	ProgrammeTitle            string
	Details                   string // cohort, country, dates, hours
	IssuedLine                string // "Issued on 2026-11-24"
	Serial                    string
	VerifyURL                 string
	Signatories               []SignatureLine
	Logo                      []byte // PNG or JPEG, optional
	Colour                    [3]int // the frame and heading colour; zero is the institute's blue
	Letter                    bool   // US Letter instead of A4
	// KoreanFont, when set, is a cut of NanumGothic that holds every Hangul
	// character the texts use (see HangulFont); nil means the whole Hangul
	// cut, 1.9 MB that fpdf parses for every document.
	KoreanFont []byte
}

// texts are every text the certificate prints.
func (d *Data) texts() []string {
	out := []string{d.Institute, d.InstituteLocal, d.Heading, d.HeadingLocal, d.Statement, d.StatementLocal, d.HolderName,
		d.HolderNativeName, d.CourseTitle, d.CourseLocal, d.ProgrammeTitle, d.Details, d.IssuedLine, d.Serial}
	for _, s := range d.Signatories {
		out = append(out, s.Name, s.Title)
	}
	return out
}

// hangul adds the Hangul characters of d's texts to set and reports
// whether set already held them all.
func (d *Data) hangul(set map[rune]bool) bool {
	had := true
	for _, t := range d.texts() {
		for _, r := range t {
			if isHangul(r) && !set[r] {
				set[r], had = true, false
			}
		}
	}
	return had
}

// HangulFont cuts NanumGothic down to the Hangul characters of set (and
// ASCII). A cohort's certificates share their Korean texts, so a batch cuts
// once and each PDF then parses a font of a few kilobytes instead of the
// whole Hangul cut.
func HangulFont(set map[rune]bool) []byte {
	var b strings.Builder
	for r := rune(0x20); r < 0x7F; r++ {
		b.WriteRune(r)
	}
	for r := range set {
		b.WriteRune(r)
	}
	return fpdf.UTF8CutFont(cutFonts().korean, b.String())
}

// Render writes the certificate as a one-page landscape PDF.
func Render(w io.Writer, d Data) error {
	size := "A4"
	if d.Letter {
		size = "Letter"
	}
	pdf := fpdf.New("L", "mm", size, "")
	pdf.SetAutoPageBreak(false, 0)
	fonts := cutFonts()
	korean := fonts.korean
	if d.KoreanFont != nil {
		korean = d.KoreanFont
	}
	pdf.AddUTF8FontFromBytes("dejavu", "", fonts.regular)
	pdf.AddUTF8FontFromBytes("nanum", "", korean)
	pdf.SetTitle(d.Heading+" — "+d.HolderName, true)
	pdf.SetCreator("Baeum", true)
	pdf.AddPage()
	pw, ph := pdf.GetPageSize()

	colour := d.Colour
	if colour == [3]int{} {
		colour = [3]int{6, 58, 116}
	}
	// Frame.
	pdf.SetDrawColor(colour[0], colour[1], colour[2])
	pdf.SetLineWidth(1.2)
	pdf.Rect(10, 10, pw-20, ph-20, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(13, 13, pw-26, ph-26, "D")

	y := 30.0
	line := func(text string, size float64, bold bool, gap float64) {
		if strings.TrimSpace(text) == "" {
			return
		}
		centred(pdf, text, size, bold, pw, y)
		y += gap
	}
	pdf.SetTextColor(70, 76, 83)
	line(d.Institute, 12, false, 6)
	line(d.InstituteLocal, 11, false, 12)
	if len(d.Logo) > 0 {
		image(pdf, "logo", d.Logo, 20, 18, 0, 18)
	}
	pdf.SetTextColor(colour[0], colour[1], colour[2])
	line(d.Heading, 28, true, 11)
	line(d.HeadingLocal, 18, false, 16)
	pdf.SetTextColor(29, 29, 29)
	line(d.HolderName, 26, true, 10)
	if d.HolderNativeName != "" && i18n.Printable(d.HolderNativeName) {
		line(d.HolderNativeName, 18, false, 12)
	} else {
		y += 4
	}
	line(d.Statement, 12, false, 6)
	line(d.StatementLocal, 11, false, 9)
	line(d.CourseTitle, 18, true, 8)
	line(d.CourseLocal, 14, false, 8)
	pdf.SetTextColor(70, 76, 83)
	line(d.ProgrammeTitle, 11, false, 6)
	line(d.Details, 11, false, 6)
	line(d.IssuedLine, 11, false, 6)

	// Signatories along the bottom, the QR code and serial at the right.
	pdf.SetTextColor(29, 29, 29)
	if n := len(d.Signatories); n > 0 {
		slot := (pw - 90) / float64(n)
		for i, s := range d.Signatories {
			cx := 25 + slot*float64(i) + slot/2
			if len(s.Image) > 0 {
				image(pdf, fmt.Sprintf("sig%d", i), s.Image, cx-20, ph-56, 40, 16)
			}
			pdf.SetDrawColor(29, 29, 29)
			pdf.SetLineWidth(0.3)
			pdf.Line(cx-30, ph-38, cx+30, ph-38)
			centredAt(pdf, s.Name, 11, true, cx, ph-33)
			centredAt(pdf, s.Title, 9, false, cx, ph-28)
		}
	}
	if d.VerifyURL != "" {
		png, err := qrcode.Encode(d.VerifyURL, qrcode.Medium, 256)
		if err != nil {
			return fmt.Errorf("certificates: QR code: %w", err)
		}
		pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
		pdf.ImageOptions("qr", pw-52, ph-62, 34, 34, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	pdf.SetTextColor(70, 76, 83)
	centredAt(pdf, d.Serial, 8, false, pw-35, ph-23)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("certificates: render: %w", err)
	}
	return pdf.Output(w)
}

// image places a PNG or JPEG (checked at upload) in the box at x, y of
// width w and height h; a zero w keeps the aspect ratio.
func image(pdf *fpdf.Fpdf, name string, data []byte, x, y, w, h float64) {
	tp := "PNG"
	if http.DetectContentType(data) == "image/jpeg" {
		tp = "JPG"
	}
	opt := fpdf.ImageOptions{ImageType: tp}
	info := pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(data))
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
	pdf.ImageOptions(name, x, y, w, h, false, opt, 0, "")
}

// run is a stretch of text in one font.
type run struct {
	text string
	font string
	bold bool
}

// runs splits text where the script changes between Hangul and the rest.
func runs(text string, bold bool) []run {
	var out []run
	var cur strings.Builder
	curKorean := false
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		r := run{text: cur.String(), font: "dejavu", bold: bold}
		if curKorean {
			r.font = "nanum"
		}
		out = append(out, r)
		cur.Reset()
	}
	for i, r := range text {
		k := isHangul(r)
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

func width(pdf *fpdf.Fpdf, rs []run, size float64) float64 {
	w := 0.0
	for _, r := range rs {
		pdf.SetFont(r.font, "", size)
		w += pdf.GetStringWidth(r.text)
	}
	return w
}

func centred(pdf *fpdf.Fpdf, text string, size float64, bold bool, pw, y float64) {
	centredAt(pdf, text, size, bold, pw/2, y)
}

// centredAt writes text centred on x at baseline y, switching fonts
// between runs of different scripts. Text too wide for the page is scaled
// down to fit.
func centredAt(pdf *fpdf.Fpdf, text string, size float64, bold bool, x, y float64) {
	rs := runs(text, bold)
	pw, _ := pdf.GetPageSize()
	for w := width(pdf, rs, size); w > pw-40 && size > 6; w = width(pdf, rs, size) {
		size -= 0.5
	}
	left := x - width(pdf, rs, size)/2
	for _, r := range rs {
		pdf.SetFont(r.font, "", size)
		if r.bold {
			// Bold is the regular face filled and outlined in the text's
			// colour: one font file fewer to parse for every certificate
			// (a third of its time), and Hangul, which has no bold face
			// here, is emboldened the same way as Latin.
			cr, cg, cb := pdf.GetTextColor()
			pdf.SetDrawColor(cr, cg, cb)
			pdf.SetLineWidth(size * 0.018)
			pdf.SetTextRenderingMode(2)
		}
		pdf.Text(left, y, r.text)
		if r.bold {
			pdf.SetTextRenderingMode(0)
		}
		left += pdf.GetStringWidth(r.text)
	}
}
