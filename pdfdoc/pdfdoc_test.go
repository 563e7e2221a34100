package pdfdoc

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunsSplitByScript(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want []run
	}{
		{"Kim Min-jun", []run{{"Kim Min-jun", latinFont}}},
		{"김민준", []run{{"김민준", koreanFont}}},
		{"수료증 Certificate", []run{{"수료증 ", koreanFont}, {"Certificate", latinFont}}},
		{"Cohort 기수 VN-2026", []run{{"Cohort ", latinFont}, {"기수 ", koreanFont}, {"VN-2026", latinFont}}},
		{"Nguyễn Thị Ánh", []run{{"Nguyễn Thị Ánh", latinFont}}},
		{"", nil},
	}
	for _, c := range cases {
		got := runs(c.in)
		if len(got) != len(c.want) {
			t.Errorf("runs(%q) = %v, want %v", c.in, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("runs(%q)[%d] = %v, want %v", c.in, i, got[i], c.want[i])
			}
		}
	}
}

// TestDocumentText writes mixed-script text and a fitted line in each
// kind of document, and reads them back with pdftotext where installed.
func TestDocumentText(t *testing.T) {
	t.Parallel()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) { t.Parallel(); documentText(t, m.new) })
	}
}

func documentText(t *testing.T, newDoc func(orientation, size string) *Doc) {
	d := newDoc("P", "A4")
	d.AddPage()
	d.Text(20, 30, "새마을운동 보고서 · Báo cáo · Отчёт", 14, true)
	long := d.Fit(strings.Repeat("Saemaul Undong ", 20), 10, 80)
	if !strings.HasSuffix(long, "…") || d.Width(long, 10) > 80 {
		t.Fatalf("Fit: %q is %.1f mm", long, d.Width(long, 10))
	}
	d.Centred(105, 50, long, 10, false, 80)
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found: install Debian's poppler-utils to read the PDF back")
	}
	p := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"새마을운동 보고서", "Báo cáo", "Отчёт", "Saemaul Undong"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("%q not in the PDF:\n%s", want, out)
		}
	}
}
