package certificates_test

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/baeum-lms/baeum/certificates"
)

// nativeNames are a trainee's name in scripts the certificates now print,
// with the tallest stacks among them, and taller ones.
var nativeNames = map[string]string{
	"Lao": "ສົມສັກ ພົມມະຈັນ", "Lao-tall": "ເຊື້ອ ນ້ຳ ຫຼ້າ", "Khmer": "សុខ វណ្ណា", "Khmer-tall": "ស្ត្រី ក្សេត្រ",
	"Myanmar": "အောင်ကျော်", "Myanmar-tall": "ဥက္ကဋ္ဌ ကြွေး", "Amharic": "አበበ ቢቂላ", "Bengali": "মোহাম্মদ রহমান",
	"Arabic": "محمد عبد الله", "Devanagari": "राम प्रसाद", "Thai": "สมชาย", "Sinhala": "ශ්\u200dරියානි පෙරේරා",
	"Tamil": "முருகன் செல்வம்", "Georgian": "გიორგი ბერიძე", "Armenian": "Արմեն Սարգսյան", "Hebrew": "דָּוִד כֹּהֵן",
	// Not a name anyone has, but what a form accepts: marks stacked three
	// deep above and subscripts below.
	"stacked": "ກີ່ີ່ີ່ ស្ត្រ្រ្រ្រ",
}

// TestNativeNameHasItsOwnLine renders, for each script, a certificate
// with the Latin name (descenders and all), the native name and the
// statement, and the same certificate with an invisible native name (a
// zero-width space, which keeps the layout); the pixels only the first
// has are the native name's. None may touch the other lines' ink: a tall
// stack above or below the native name shrinks it instead. pdftotext reads
// the native name back.
func TestNativeNameHasItsOwnLine(t *testing.T) {
	t.Parallel()
	pdftoppm, err1 := exec.LookPath("pdftoppm")
	pdftotext, err2 := exec.LookPath("pdftotext")
	if err1 != nil || err2 != nil {
		t.Skip("pdftoppm or pdftotext not found: install Debian's poppler-utils")
	}
	for script, native := range nativeNames {
		t.Run(script, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			page := func(name, native string) (string, *image.Gray) {
				var buf bytes.Buffer
				d := certificates.Data{HolderName: "Phongsaly Yupaqvij", HolderNativeName: native, Statement: "has completed the course"}
				if err := certificates.Render(&buf, d); err != nil {
					t.Fatal(err)
				}
				p := filepath.Join(dir, name+".pdf")
				if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				// The top 90 mm, where the three lines are, at 120 dpi.
				if o, err := exec.Command(pdftoppm, "-png", "-singlefile", "-r", "120", "-H", "425", p, filepath.Join(dir, name)).CombinedOutput(); err != nil {
					t.Fatalf("pdftoppm: %v %s", err, o)
				}
				f, err := os.Open(filepath.Join(dir, name+".png"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				img, err := png.Decode(f)
				if err != nil {
					t.Fatal(err)
				}
				g := image.NewGray(img.Bounds())
				draw.Draw(g, g.Rect, img, img.Bounds().Min, draw.Src)
				return p, g
			}
			withName, a := page("with", native)
			_, b := page("without", "\u200b")
			t.Logf("page rendered for review: %s", strings.TrimSuffix(withName, ".pdf")+".png")
			out, _ := exec.Command(pdftotext, withName, "-").Output()
			if !strings.Contains(norm.NFC.String(strings.Map(dropBidiControls, string(out))), norm.NFC.String(native)) {
				t.Errorf("native name not read back:\n%s", out)
			}
			dark := func(img *image.Gray, x, y int) bool { return img.GrayAt(x, y).Y < 0xE0 }
			bounds := a.Bounds()
			own, touching := 0, 0
			for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
				for x := bounds.Min.X; x < bounds.Max.X; x++ {
					if !dark(a, x, y) || dark(b, x, y) {
						continue
					}
					own++
					for dy := -2; dy <= 2; dy++ {
						for dx := -2; dx <= 2; dx++ {
							if image.Pt(x+dx, y+dy).In(bounds) && dark(b, x+dx, y+dy) {
								touching++
								dy, dx = 3, 3
							}
						}
					}
				}
			}
			if own < 200 || touching > 0 {
				t.Errorf("the native name has %d pixels of ink, %d of them touching the other lines", own, touching)
			}
		})
	}
}

func dropBidiControls(r rune) rune {
	if r >= 0x202A && r <= 0x202E { // poppler's marks around right-to-left text
		return -1
	}
	return r
}
