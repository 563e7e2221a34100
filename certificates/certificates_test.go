package certificates_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/certificates"
)

func TestSerials(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for i := 0; i < 2000; i++ {
		s := certificates.NewSerial(2026)
		if seen[s] {
			t.Fatalf("serial %s twice in 2000", s)
		}
		seen[s] = true
		if len(s) != len("BAEUM-2026-7KQ3-M9XD") || !strings.HasPrefix(s, "BAEUM-2026-") {
			t.Fatalf("serial shape: %s", s)
		}
		got, ok := certificates.NormaliseSerial(strings.ToLower(strings.ReplaceAll(s, "-", " ")))
		if !ok || got != s {
			t.Fatalf("normalise %s: %s %v", s, got, ok)
		}
		// Any single mistyped character is caught.
		body := []byte(strings.ReplaceAll(s, "-", ""))
		for pos := 9; pos < len(body); pos++ {
			orig := body[pos]
			for _, c := range []byte("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") {
				if c == orig {
					continue
				}
				body[pos] = c
				if _, ok := certificates.NormaliseSerial(string(body)); ok {
					t.Fatalf("%s with %q at %d still checks", s, c, pos)
				}
			}
			body[pos] = orig
		}
	}
	for _, bad := range []string{"", "BAEUM", "BAEUM-20X6-7KQ3-M9XD", "BAEUM-2026-7KQ3-M9X", "BAEUM-2026-0KQ3-M9XD", "OTHER-2026-7KQ3-M9XD"} {
		if _, ok := certificates.NormaliseSerial(bad); ok {
			t.Errorf("accepted %q", bad)
		}
	}
}

func sample(name, native string) certificates.Data {
	return certificates.Data{
		Institute: "Local Government Officials Development Institute", InstituteLocal: "지방자치인재개발원",
		Heading: "Certificate of Completion", HeadingLocal: "수료증",
		Statement: "has completed the course", StatementLocal: "위 사람은 다음 과정을 수료하였습니다",
		HolderName: name, HolderNativeName: native,
		CourseTitle: "Saemaul Undong: principles and practice", CourseLocal: "새마을운동: 원리와 실천",
		ProgrammeTitle: "SMU invitational training", Details: "Cohort LA-2027-01 · Laos · 2027-03-08 – 2027-03-19 · 40 hours",
		IssuedLine: "Issued on 2027-03-19", Serial: "BAEUM-2027-7KQ3-M9XD", VerifyURL: "https://baeum.example.org/verify/BAEUM-2027-7KQ3-M9XD",
		Signatories: []certificates.SignatureLine{{Name: "Kim Min-jun", Title: "President"}, {Name: "Lee Seo-yeon", Title: "Programme coordinator"}},
	}
}

// TestRenderScripts renders holders named in Hangul, Vietnamese, Cyrillic
// and Greek and reads the text back with pdftotext, where installed.
func TestRenderScripts(t *testing.T) {
	t.Parallel()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found: install Debian's poppler-utils to check the rendered text")
	}
	cases := []struct{ name, native string }{
		{"Kim Min-jun", "김민준"},
		{"Nguyen Thi Anh", "Nguyễn Thị Ánh"},
		{"Batbayar Dorj", "Батбаяр Дорж"},
		{"Alexandros Papadopoulos", "Αλέξανδρος Παπαδόπουλος"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		var buf bytes.Buffer
		if err := certificates.Render(&buf, sample(c.name, c.native)); err != nil {
			t.Fatalf("%s: %v", c.native, err)
		}
		p := filepath.Join(dir, c.name+".pdf")
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pdftotext, "-layout", p, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", c.name, err)
		}
		text := string(out)
		for _, want := range []string{c.name, c.native, "수료증", "Saemaul Undong: principles and practice", "새마을운동: 원리와 실천", "BAEUM-2027-7KQ3-M9XD"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: %q not in the PDF text:\n%s", c.name, want, text)
			}
		}
	}
}

// TestNativeNamesArePrinted: a Lao name is printed under the Latin one
// (shaped by pdfdoc) and reads back; a name in a script the PDFs still
// cannot print (Han) is left out, and the Latin name is still printed.
func TestNativeNamesArePrinted(t *testing.T) {
	t.Parallel()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found: install Debian's poppler-utils to check the rendered text")
	}
	for native, printed := range map[string]bool{"ສຸກສະຫວັນ ພົມມະຈັນ": true, "王明": false} {
		var buf bytes.Buffer
		if err := certificates.Render(&buf, sample("Souksavanh Phommachanh", native)); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "native.pdf")
		_ = os.WriteFile(p, buf.Bytes(), 0o644)
		out, _ := exec.Command(pdftotext, p, "-").Output()
		if !strings.Contains(string(out), "Souksavanh Phommachanh") || strings.Contains(string(out), native) != printed {
			t.Fatalf("%s printed: %v; PDF text:\n%s", native, printed, out)
		}
	}
}

// BenchmarkRender renders one certificate (its texts in English and
// Korean, a QR code), every text outlined. The issue asked for under 20 ms.
func BenchmarkRender(b *testing.B) {
	d := sample("Nguyen Thi Anh", "Nguyễn Thị Ánh")
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := certificates.Render(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
}
