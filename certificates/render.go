package certificates

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/pdfdoc"
)

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
	HolderNativeName          string // printed under it when i18n.Printable (shaped for Lao, Khmer, Arabic…)
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
	// Credential is the signed Open Badges credential (JSON), attached to
	// the PDF as credential.json so the PDF alone can be checked offline.
	Credential []byte
}

// CredentialFile is the name of the credential attached to the PDF.
const CredentialFile = "credential.json"

// Render writes the certificate as a one-page landscape PDF, its text drawn
// as shaped outlines (pdfdoc.NewOutlined): a batch renders a thousand, and
// the texts shared by a cohort are shaped once per process.
func Render(w io.Writer, d Data) error {
	size := "A4"
	if d.Letter {
		size = "Letter"
	}
	pdf := pdfdoc.NewOutlined("L", size)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetTitle(d.Heading+" — "+d.HolderName, true)
	if len(d.Credential) > 0 {
		pdf.SetAttachments([]fpdf.Attachment{{Content: d.Credential, Filename: CredentialFile,
			Description: "Open Badges 3.0 credential signed by the issuer (eddsa-rdfc-2022)"}})
	}
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
		pdf.Centred(pw/2, y, text, size, bold, pw-40)
		y += gap
	}
	pdf.SetTextColor(70, 76, 83)
	line(d.Institute, 12, false, 6)
	line(d.InstituteLocal, 11, false, 12)
	if len(d.Logo) > 0 {
		pdf.Image(d.Logo, 20, 18, 0, 18)
	}
	pdf.SetTextColor(colour[0], colour[1], colour[2])
	line(d.Heading, 28, true, 11)
	line(d.HeadingLocal, 18, false, 16)
	pdf.SetTextColor(29, 29, 29)
	line(d.HolderName, 26, true, 10)
	if d.HolderNativeName != "" && i18n.Printable(d.HolderNativeName) && strings.TrimSpace(d.HolderNativeName) != "" {
		// The native name's box lies under the Latin name's descenders and
		// over the statement's capitals: a tall Lao, Myanmar or Khmer stack
		// shrinks the name rather than touch them (pdfdoc shapes the script).
		pdf.CentredIn(pw/2, y, d.HolderNativeName, 18, false, pw-40, 7.5, 8)
		y += 12
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
				pdf.Image(s.Image, cx-20, ph-56, 40, 16)
			}
			pdf.SetDrawColor(29, 29, 29)
			pdf.SetLineWidth(0.3)
			pdf.Line(cx-30, ph-38, cx+30, ph-38)
			pdf.Centred(cx, ph-33, s.Name, 11, true, slot-4)
			pdf.Centred(cx, ph-28, s.Title, 9, false, slot-4)
		}
	}
	if d.VerifyURL != "" {
		qr, err := qrcode.New(d.VerifyURL, qrcode.Medium)
		if err != nil {
			return fmt.Errorf("certificates: QR code: %w", err)
		}
		grid := qr.Bitmap() // with its quiet zone, white as the page
		pdf.SetFillColor(0, 0, 0)
		pdf.Modules(grid, pw-52, ph-62, 34/float64(len(grid)))
	}
	pdf.SetTextColor(70, 76, 83)
	pdf.Centred(pw-35, ph-23, d.Serial, 8, false, 40)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("certificates: render: %w", err)
	}
	return pdf.Output(w)
}
