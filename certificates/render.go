package certificates

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// Embedded fonts (licences beside them): DejaVu Sans covers Latin with
// Vietnamese, Cyrillic and Greek; NanumGothic covers Hangul. No single font
// here covers both, and fpdf has no fallback, so each run of text gets the
// font of its script. AddUTF8Font with a path prefixes fpdf's font folder,
// so the bytes are embedded and added with AddUTF8FontFromBytes.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVu []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuBold []byte
	//go:embed fonts/NanumGothic.ttf
	nanum []byte
)

// Signatory signs a certificate.
type Signatory struct {
	Name  string
	Title string
}

// Data is everything printed on one certificate. Texts come in English and
// in one second language (Korean by default); empty ones are left out.
type Data struct {
	Institute, InstituteLocal string
	Heading, HeadingLocal     string // "Certificate of completion"
	Statement, StatementLocal string // "has completed the course"
	HolderName                string // Latin letters, as in the passport
	HolderNativeName          string // printed only when Printable
	CourseTitle, CourseLocal  string
	ProgrammeTitle            string
	Details                   string // cohort, country, dates, hours
	IssuedLine                string // "Issued on 2026-11-24"
	Serial                    string
	VerifyURL                 string
	Signatories               []Signatory
	Letter                    bool // US Letter instead of A4
}

// Render writes the certificate as a one-page landscape PDF.
func Render(w io.Writer, d Data) error {
	size := "A4"
	if d.Letter {
		size = "Letter"
	}
	pdf := fpdf.New("L", "mm", size, "")
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddUTF8FontFromBytes("dejavu", "", dejaVu)
	pdf.AddUTF8FontFromBytes("dejavu", "B", dejaVuBold)
	pdf.AddUTF8FontFromBytes("nanum", "", nanum)
	pdf.SetTitle(d.Heading+" — "+d.HolderName, true)
	pdf.SetCreator("Baeum", true)
	pdf.AddPage()
	pw, ph := pdf.GetPageSize()

	// Frame.
	pdf.SetDrawColor(6, 58, 116)
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
	pdf.SetTextColor(6, 58, 116)
	line(d.Heading, 28, true, 11)
	line(d.HeadingLocal, 18, false, 16)
	pdf.SetTextColor(29, 29, 29)
	line(d.HolderName, 26, true, 10)
	if d.HolderNativeName != "" && Printable(d.HolderNativeName) {
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

// run is a stretch of text in one font.
type run struct {
	text  string
	font  string
	style string
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
		r := run{text: cur.String(), font: "dejavu"}
		if curKorean {
			r.font = "nanum" // NanumGothic regular: no bold face embedded
		} else if bold {
			r.style = "B"
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
		pdf.SetFont(r.font, r.style, size)
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
		pdf.SetFont(r.font, r.style, size)
		pdf.Text(left, y, r.text)
		left += pdf.GetStringWidth(r.text)
	}
}
