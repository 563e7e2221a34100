package pdfdoc

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestNamesComeBack writes each sample name on a page of its own, under an
// English line as on a certificate, plain and bold, and reads the page
// back with pdftotext: the name must come back exactly, in NFC.
//
// poppler reads a line's characters left to right as drawn and puts
// right-to-left runs back in logical order by its own simple rules, taking
// the page's direction from the majority of its letters. On a page that
// is mostly left to right, a right-to-left name with Latin letters or
// digits after them comes back with those first ("2024 محمد"): poppler
// cannot give "محمد 2024" for any drawing of it (its left-to-right reading
// always starts with what is drawn leftmost). Those names are checked on
// a right-to-left page, where it reads them right.
func TestNamesComeBack(t *testing.T) {
	t.Parallel()
	for _, m := range modes {
		for _, s := range allNames() {
			t.Run(m.name+"/"+s.script, func(t *testing.T) {
				t.Parallel()
				want := norm.NFC.String(s.name)
				mixedRTL := shape(s.name).rtl && strings.ContainsAny(s.name, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
				heading := "Certificate of completion"
				if mixedRTL {
					heading = "شهادة إتمام الدورة التدريبية"
				}
				data := renderIn(t, m.new, "L", func(d *Doc) {
					d.Centred(148, 40, heading, 20, true, 250)
					d.Centred(148, 70, s.name, 18, false, 250)
					d.Centred(148, 100, s.name, 26, true, 250)
				})
				out := strings.Split(strings.TrimSpace(stripBidiControls(pdftotext(t, data, 1))), "\n")
				var got []string
				for _, line := range out {
					if line = strings.TrimSpace(line); line != "" {
						got = append(got, norm.NFC.String(line))
					}
				}
				if len(got) != 3 || got[0] != heading || got[1] != want || got[2] != want {
					t.Errorf("pdftotext gives %q, want %q twice under %q", got, want, heading)
				}
			})
		}
	}
}

// TestMixedRightToLeftOnEnglishPage pins down poppler's reading of a
// right-to-left name with digits on a left-to-right page (see
// TestNamesComeBack): visual order, digits first.
func TestMixedRightToLeftOnEnglishPage(t *testing.T) {
	t.Parallel()
	for _, m := range modes {
		data := renderIn(t, m.new, "L", func(d *Doc) {
			d.Text(20, 40, "Certificate of completion for", 14, false)
			d.Text(20, 60, "محمد 2024", 14, false)
			d.Text(20, 80, "דוד Cohen", 14, false)
		})
		got := strings.Fields(stripBidiControls(pdftotext(t, data, 1)))
		want := []string{"Certificate", "of", "completion", "for", "2024", "محمد", "Cohen", "דוד"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: pdftotext gives %q, want %q", m.name, got, want)
		}
	}
}

// TestTextAcrossPages writes a long Lao and Arabic narrative wrapped in a
// column with page breaks, as the project reports do, and reads every word
// back in order.
func TestTextAcrossPages(t *testing.T) {
	t.Parallel()
	lao := strings.Repeat("ບ້ານ ສີວິໄລ ແຂວງ ວຽງຈັນ ", 150)
	arabic := strings.Repeat("قرية الأمل في محافظة الجيزة ", 100)
	d := New("P", "A4")
	d.AddPage()
	d.SetAutoPageBreak(true, 18)
	d.SetXY(15, 20)
	d.Paragraph(lao, 10, 180, 5)
	d.Paragraph(arabic, 10, 180, 5)
	if d.PageNo() < 2 {
		t.Fatalf("%d page(s): the text should run onto a second", d.PageNo())
	}
	var buf strings.Builder
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	var words []string
	for p := 1; p <= d.PageNo(); p++ {
		words = append(words, strings.Fields(stripBidiControls(pdftotext(t, []byte(buf.String()), p)))...)
	}
	want := append(strings.Fields(lao), strings.Fields(arabic)...)
	if strings.Join(words, " ") != strings.Join(want, " ") {
		t.Errorf("pdftotext gives %d words, want %d:\n%s", len(words), len(want), strings.Join(words, " "))
	}
}

// TestParagraphMixesHangulAndVietnamese: a paragraph with Hangul and
// Vietnamese, which fpdf would write in NanumGothic alone (boxes for ễ ị),
// is shaped with each script in its font and reads back whole.
func TestParagraphMixesHangulAndVietnamese(t *testing.T) {
	t.Parallel()
	text := "새마을운동 연수생 Nguyễn Thị Ánh, Lê Văn Hiển"
	fonts := map[fontID]bool{}
	for _, run := range shape(text).runs {
		fonts[run.font] = true
		for _, g := range run.glyphs {
			if g.id == 0 {
				t.Errorf("missing glyph in %s", fontFiles[run.font].name)
			}
		}
	}
	if !fonts[fNanum] || !fonts[fDejaVu] || len(fonts) != 2 {
		t.Errorf("fonts %v: want NanumGothic and DejaVu", fonts)
	}
	data := render(t, "P", func(d *Doc) {
		d.SetXY(20, 20)
		d.Paragraph(text, 10, 170, 5)
	})
	if got := strings.Join(strings.Fields(pdftotext(t, data, 1)), " "); got != text {
		t.Errorf("pdftotext gives %q", got)
	}
}
