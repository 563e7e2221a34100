package pdfdoc

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// samples are a trainee's name in each script the shaper has a font for
// (the issue's, and common names for the others), mixed Latin and native
// names, and right-to-left names with Latin letters or digits inside.
var samples = []struct{ script, name string }{
	{"Lao", "ສົມສັກ ພົມມະຈັນ"},
	{"Khmer", "សុខ វណ្ណា"},
	{"Myanmar", "အောင်ကျော်"},
	{"Amharic", "አበበ ቢቂላ"},
	{"Bengali", "মোহাম্মদ রহমান"},
	{"Arabic", "محمد عبد الله"},
	{"Devanagari", "राम प्रसाद"},
	{"Thai", "สมชาย"},
	{"Sinhala", "ශ්\u200dරියානි පෙරේරා"}, // a ZWJ after the virama makes the rakaransaya
	{"Tamil", "முருகன் செல்வம்"},
	{"Georgian", "გიორგი ბერიძე"},
	{"Armenian", "Արմեն Սարգսյան"},
	{"Hebrew", "דָּוִד כֹּהֵן"}, // with points, placed by GPOS
	{"Latin+Lao", "Somsak ສົມສັກ"},
	{"Vietnamese+Khmer", "Nguyễn Thị សុខ"},
	{"Arabic+digits", "محمد 2024"},
	{"Hebrew+Latin", "דוד Cohen"},
}

// tall are stacks that reach far above and below the baseline.
var tall = []struct{ script, name string }{
	{"Lao-tall", "ເຊື້ອ ນ້ຳ ຫຼ້າ"},
	{"Khmer-tall", "ស្ត្រី ក្សេត្រ"},
	{"Myanmar-tall", "ဥက္ကဋ္ဌ ကြွေး"},
}

// allNames are samples and tall.
func allNames() []struct{ script, name string } { return slices.Concat(samples, tall) }

// modes are the two kinds of document: text in embedded fonts where fpdf
// can print it (New), and every text outlined (NewOutlined).
var modes = []struct {
	name string
	new  func(orientation, size string) *Doc
}{{"fonts", New}, {"outlined", NewOutlined}}

// render writes a one-page document made by draw and returns its bytes.
func render(t testing.TB, orientation string, draw func(d *Doc)) []byte {
	t.Helper()
	return renderIn(t, New, orientation, draw)
}

// renderIn is render in a document made by newDoc.
func renderIn(t testing.TB, newDoc func(orientation, size string) *Doc, orientation string, draw func(d *Doc)) []byte {
	t.Helper()
	d := newDoc(orientation, "A4")
	d.SetAutoPageBreak(false, 0)
	d.AddPage()
	draw(d)
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func tool(t testing.TB, name, pkg string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found: install Debian's %s to run this test", name, pkg)
	}
	return bin
}

// pdftotext is the text of page (from 1) of the PDF in data, as poppler
// reads it.
func pdftotext(t testing.TB, data []byte, page int) string {
	t.Helper()
	bin := tool(t, "pdftotext", "poppler-utils")
	p := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	n := strconv.Itoa(page)
	out, err := exec.Command(bin, "-f", n, "-l", n, p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// pdftoppm renders the first page of the PDF in data at dpi into the
// test's temp dir (or under $PDFDOC_REVIEW_DIR, to keep it), logs where for
// a reviewer, and returns the image.
func pdftoppm(t testing.TB, data []byte, name string, dpi int) image.Image {
	t.Helper()
	bin := tool(t, "pdftoppm", "poppler-utils")
	dir := t.TempDir()
	if keep := os.Getenv("PDFDOC_REVIEW_DIR"); keep != "" { // kept after the test, for a reviewer
		dir = filepath.Join(keep, strings.ReplaceAll(t.Name(), "/", "-"))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	prefix := filepath.Join(dir, name)
	if out, err := exec.Command(bin, "-png", "-singlefile", "-r", strconv.Itoa(dpi), p, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("page rendered for review: %s.png", prefix)
	return img
}

// darkPixels are the points of img darker than mid-grey.
func darkPixels(img image.Image) []image.Point {
	var out []image.Point
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); (r+g+bl)/3 < 0x8000 {
				out = append(out, image.Pt(x, y))
			}
		}
	}
	return out
}

// inBox counts the points inside the box (mm, on a page rendered at dpi,
// with margin pixels of slack for anti-aliasing).
func inBox(pts []image.Point, dpi int, x0, y0, x1, y1 float64, margin int) int {
	px := func(mm float64) int { return int(mm / 25.4 * float64(dpi)) }
	r := image.Rect(px(x0)-margin, px(y0)-margin, px(x1)+margin+1, px(y1)+margin+1)
	n := 0
	for _, p := range pts {
		if p.In(r) {
			n++
		}
	}
	return n
}

// stripBidiControls drops the embedding controls (U+202A–U+202E) poppler
// wraps right-to-left text in when it writes text out; they are not in the
// PDF.
func stripBidiControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E {
			return -1
		}
		return r
	}, s)
}
