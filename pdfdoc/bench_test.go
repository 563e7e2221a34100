package pdfdoc

import (
	"io"
	"testing"
)

// BenchmarkShape shapes one name per script, uncached: bidi, script and
// font runs, HarfBuzz and the visual order (fonts already parsed).
func BenchmarkShape(b *testing.B) {
	for _, s := range allNames() {
		b.Run(s.script, func(b *testing.B) {
			sh := shapers.Get().(*shaper)
			defer shapers.Put(sh)
			sh.layout(s.name) // parse the fonts outside the timing
			b.ReportAllocs()
			for b.Loop() {
				sh.layout(s.name)
			}
		})
	}
}

// BenchmarkNamePage writes a one-page landscape PDF with an English
// heading and a name in each script, bold and regular, as a cohort's
// certificates do: the name's layout and glyph outlines come from the
// process's caches after the first page. "Latin" is the page without a
// shaped name, for comparison; "fonts" pages are made by New, "outlined"
// ones by NewOutlined, as certificates are.
func BenchmarkNamePage(b *testing.B) {
	names := append([]struct{ script, name string }{{"Latin", "Kim Min-jun"}}, allNames()...)
	for _, m := range modes {
		for _, s := range names {
			b.Run(m.name+"/"+s.script, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					d := m.new("L", "A4")
					d.SetAutoPageBreak(false, 0)
					d.AddPage()
					d.Centred(148, 40, "Certificate of completion", 28, true, 250)
					d.CentredIn(148, 70, s.name, 26, true, 250, 9, 4)
					d.CentredIn(148, 85, s.name, 18, false, 250, 9, 4)
					if err := d.Output(io.Discard); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
