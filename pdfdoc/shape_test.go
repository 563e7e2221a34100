package pdfdoc

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"

	"github.com/baeum-lms/baeum/i18n"
)

// hbGlyph is one glyph of hb-shape's JSON output (font units).
type hbGlyph struct {
	G  font.GID `json:"g"`
	Ax float32  `json:"ax"`
	Dx float32  `json:"dx"`
	Dy float32  `json:"dy"`
}

// hbShape runs HarfBuzz's own hb-shape on the run's text of line, with
// the rest of the line as context, in the run's direction, script and
// language, with the font file the run was shaped with.
func hbShape(t *testing.T, bin string, line []rune, run glyphRun) []hbGlyph {
	t.Helper()
	file := filepath.Join("fonts", fontFiles[run.font].name)
	dir := "ltr"
	if run.dir.Progression() == di.TowardTopLeft {
		dir = "rtl"
	}
	args := []string{"--no-glyph-names", "--output-format=json", "--font-file=" + file,
		"--direction=" + dir, "--script=" + run.script.String(), "--language=" + string(run.lang),
		"--text-before=" + string(line[:run.start]), "--text-after=" + string(line[run.end:]),
		"--text=" + string(line[run.start:run.end])}
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		t.Fatalf("hb-shape %v: %v", args, err)
	}
	var gs []hbGlyph
	if err := json.Unmarshal(out, &gs); err != nil {
		t.Fatalf("hb-shape output %s: %v", out, err)
	}
	return gs
}

// TestGlyphsAreHarfBuzzs shapes each sample and checks every run against
// hb-shape for the same font file and text: the same glyph ids, and each
// glyph placed where HarfBuzz's advances and offsets put it; runs follow
// each other without gaps, each letter is in its script's font and no
// glyph is missing (.notdef).
func TestGlyphsAreHarfBuzzs(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("hb-shape")
	if err != nil {
		t.Skip("hb-shape not found: install Debian's libharfbuzz-bin to compare the glyphs with HarfBuzz's")
	}
	for _, s := range allNames() {
		t.Run(s.script, func(t *testing.T) {
			l := shape(s.name)
			line := []rune(l.text)
			x := float32(0)
			covered := 0
			for _, run := range l.runs {
				upem := parsed[run.font]().upem
				if math.Abs(float64(run.x-x)) > 1e-4 {
					t.Errorf("run %q starts at %.4f em, the previous one ended at %.4f", string(line[run.start:run.end]), run.x, x)
				}
				want := hbShape(t, bin, line, run)
				if len(want) != len(run.glyphs) {
					t.Fatalf("run %q: %d glyphs, hb-shape gives %d: %v", string(line[run.start:run.end]), len(run.glyphs), len(want), want)
				}
				pen := float32(0)
				for i, g := range run.glyphs {
					w := want[i]
					if g.id != w.G || g.x != pen+w.Dx || g.y != w.Dy {
						t.Errorf("run %q glyph %d: id %d at (%g, %g); hb-shape: id %d at (%g, %g)",
							string(line[run.start:run.end]), i, g.id, g.x, g.y, w.G, pen+w.Dx, w.Dy)
					}
					if g.id == 0 {
						t.Errorf("run %q glyph %d is .notdef in %s", string(line[run.start:run.end]), i, fontFiles[run.font].name)
					}
					pen += w.Ax
				}
				x += pen / upem
				for _, r := range line[run.start:run.end] {
					sc := language.LookupScript(r)
					if id, ok := scriptFont[sc]; ok && id != run.font {
						t.Errorf("%q (%s) drawn in %s", r, sc, fontFiles[run.font].name)
					}
				}
				covered += run.end - run.start
			}
			if covered != len(line) {
				t.Errorf("runs cover %d of %d characters", covered, len(line))
			}
			if math.Abs(float64(l.width-x)) > 1e-4 {
				t.Errorf("width %.4f em, the runs add up to %.4f", l.width, x)
			}
		})
	}
}

// TestRunsInVisualOrder checks the order runs are drawn in, left to right,
// and the direction each is shaped in.
func TestRunsInVisualOrder(t *testing.T) {
	t.Parallel()
	type run struct {
		text string
		rtl  bool
	}
	cases := []struct {
		in     string
		rtl    bool
		want   []run
		visual string
	}{
		{"Somsak ສົມສັກ", false, []run{{"Somsak ", false}, {"ສົມສັກ", false}}, "Somsak ສົມສັກ"},
		// A right-to-left paragraph: the digits stay in their order, left
		// of the name.
		{"محمد 2024", true, []run{{"2024", false}, {"محمد ", true}}, "2024 دمحم"},
		{"דוד Cohen", true, []run{{"Cohen", false}, {"דוד ", true}}, "Cohen דוד"},
		// Left to right with an Arabic name inside: a number after Arabic
		// letters belongs to them (UAX #9, W2 and N1), so 7 is drawn left of
		// the name, as a browser draws it.
		{"Ali محمد 7", false, []run{{"Ali ", false}, {"7", false}, {"محمد ", true}}, "Ali 7 دمحم"},
		{"Ali محمد Ali", false, []run{{"Ali ", false}, {"محمد", true}, {" Ali", false}}, "Ali دمحم Ali"},
		{"", false, nil, ""},
	}
	for _, c := range cases {
		l := shape(c.in)
		var got []run
		line := []rune(l.text)
		for _, r := range l.runs {
			got = append(got, run{string(line[r.start:r.end]), r.dir.Progression() == di.TowardTopLeft})
		}
		if !slices.Equal(got, c.want) || l.rtl != c.rtl || l.visual != c.visual {
			t.Errorf("%q: runs %v (rtl %v), visual %q; want %v (rtl %v), %q", c.in, got, l.rtl, l.visual, c.want, c.rtl, c.visual)
		}
	}
}

func TestVisualOrder(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		levels []bidi.Level
		want   []int
	}{
		{[]bidi.Level{0, 0, 0}, []int{0, 1, 2}},
		{[]bidi.Level{1, 1}, []int{1, 0}},
		{[]bidi.Level{0, 1, 1, 0}, []int{0, 2, 1, 3}},
		{[]bidi.Level{1, 2, 1}, []int{2, 1, 0}},
		{[]bidi.Level{0, 1, 2, 2, 1, 0}, []int{0, 4, 2, 3, 1, 5}},
		{nil, []int{}},
	} {
		if got := visualOrder(c.levels); !slices.Equal(got, c.want) {
			t.Errorf("visualOrder(%v) = %v, want %v", c.levels, got, c.want)
		}
	}
}

// TestCutFontsShapeLikeDebians checks that dropping the hinting
// (fonts/cut-noto.sh) changed nothing HarfBuzz uses: each sample shapes
// the same with Debian's original file.
func TestCutFontsShapeLikeDebians(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("hb-shape")
	if err != nil {
		t.Skip("hb-shape not found: install Debian's libharfbuzz-bin")
	}
	for _, s := range allNames() {
		l := shape(s.name)
		for _, run := range l.runs {
			name := fontFiles[run.font].name
			if !strings.HasPrefix(name, "NotoSans") {
				continue
			}
			orig := filepath.Join("/usr/share/fonts/truetype/noto", name)
			if _, err := os.Stat(orig); err != nil {
				t.Skipf("%s not found: install Debian's fonts-noto-core", orig)
			}
			text := string([]rune(l.text)[run.start:run.end])
			a, errA := exec.Command(bin, "--no-glyph-names", "--font-file=fonts/"+name, "--text="+text).Output()
			b, errB := exec.Command(bin, "--no-glyph-names", "--font-file="+orig, "--text="+text).Output()
			if errA != nil || errB != nil || string(a) != string(b) {
				t.Errorf("%s %q: cut font gives %s, Debian's %s (%v, %v)", name, text, a, b, errA, errB)
			}
		}
	}
}

// TestEveryFontParses parses each embedded font and checks it has a glyph
// for a letter of its scripts.
func TestEveryFontParses(t *testing.T) {
	t.Parallel()
	letter := map[fontID]rune{fDejaVu: 'A', fNanum: '한', fLao: 'ສ', fKhmer: 'ក', fMyanmar: 'က', fEthiopic: 'አ', fBengali: 'ক',
		fArabic: 'م', fDevanagari: 'क', fThai: 'ก', fSinhala: 'ක', fTamil: 'க', fGeorgian: 'ა', fArmenian: 'Ա', fHebrew: 'ד'}
	for id := range numFonts {
		face := font.NewFace(parsed[id]().font)
		if _, ok := face.NominalGlyph(letter[id]); !ok {
			t.Errorf("%s has no %q", fontFiles[id].name, letter[id])
		}
	}
}

// TestAFontForEveryPrintableScript checks that every script the forms
// call printable (i18n.PrintableScripts) has a font here that covers most
// of its letters and marks; what is left are recent additions for
// historic or minority use, such as Lao's Pali letters (U+0E86…) or
// Arabic's U+0870 block, which these fonts predate.
func TestAFontForEveryPrintableScript(t *testing.T) {
	t.Parallel()
	s := shapers.Get().(*shaper)
	defer shapers.Put(s)
	for code, table := range i18n.PrintableScripts {
		sc, err := language.ParseScript(code)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		id, ok := scriptFont[sc]
		if !ok {
			t.Errorf("no font for %s", code)
			continue
		}
		total, has := 0, 0
		for _, rg := range table.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				if unicode.IsLetter(r) || unicode.IsMark(r) {
					total++
					if s.has(id, r) {
						has++
					}
				}
			}
		}
		if has*10 < total*7 {
			t.Errorf("%s: %s has %d of its %d letters and marks", code, fontFiles[id].name, has, total)
		}
	}
}
