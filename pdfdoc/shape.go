package pdfdoc

import (
	"sync"
	"unicode"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// layout is a line of text shaped by HarfBuzz (go-text's port), ready to
// draw at any size: runs of glyphs in visual order, left to right.
type layout struct {
	text string // the line in NFC, as copy-paste must give it back
	// visual is text in the order it is drawn, left to right: right-to-left
	// runs reversed character by character. PDF text extractors (poppler,
	// pdf.js, PDFium) read a page's characters as drawn and reorder the
	// right-to-left ones themselves, so this is what the PDF carries.
	visual string
	runs   []glyphRun
	width  float32 // em
	// top and bottom are how far the glyphs' ink reaches above and below
	// the baseline (em, both positive when ink is there).
	top, bottom float32
	rtl         bool // the paragraph's direction, from its first strong letter
}

// glyphRun is a stretch of the line in one font, script and direction.
type glyphRun struct {
	font   fontID
	x      float32 // where the run starts, em from the line's start
	glyphs []placed
	// What it was shaped from, for the tests that compare with hb-shape.
	start, end int // rune offsets into the line's text
	dir        di.Direction
	script     language.Script
	lang       language.Language
}

// placed is a glyph and its origin in font units from the run's start,
// y up: the pen position plus HarfBuzz's offsets.
type placed struct {
	id   font.GID
	x, y float32
}

// shaper holds what shaping one text needs. HarfBuzz's buffers and
// go-text's Faces are not safe for concurrent use, so each goroutine takes
// one from the pool; the parsed fonts under the Faces are shared.
type shaper struct {
	hb    shaping.HarfbuzzShaper
	seg   shaping.Segmenter
	par   bidi.Paragraph
	faces [numFonts]*font.Face
	hint  language.Script
	runes []rune
}

var shapers = sync.Pool{New: func() any { return new(shaper) }}

func (s *shaper) face(id fontID) *font.Face {
	if s.faces[id] == nil {
		s.faces[id] = font.NewFace(parsed[id]().font)
	}
	return s.faces[id]
}

func (s *shaper) fontOf(f *font.Face) fontID {
	for id, g := range s.faces {
		if g == f {
			return fontID(id)
		}
	}
	return fDejaVu // unreachable: every face comes from s.face
}

func (s *shaper) has(id fontID, r rune) bool {
	_, ok := s.face(id).NominalGlyph(r)
	return ok
}

// SetScript is told the script of the runes ResolveFace is asked about
// next (shaping.FontmapScript): digits, spaces and marks take the font of
// the script they are written in when it has them.
func (s *shaper) SetScript(sc language.Script) { s.hint = sc }

// ResolveFace picks the font for r: its script's font, else DejaVu, else
// NanumGothic (which also has the commonest Hanja), else the script's font
// or DejaVu, which draw the missing-glyph box.
func (s *shaper) ResolveFace(r rune) *font.Face {
	if id, ok := scriptFont[s.hint]; ok && s.has(id, r) {
		return s.face(id)
	}
	own, hasOwn := scriptFont[language.LookupScript(r)]
	switch {
	case hasOwn && s.has(own, r):
		return s.face(own)
	case s.has(fDejaVu, r):
		return s.face(fDejaVu)
	case s.has(fNanum, r):
		return s.face(fNanum)
	case hasOwn:
		return s.face(own)
	}
	return s.face(fDejaVu)
}

// layout shapes one line: bidi runs (the paragraph's direction from its
// first strong letter, as a browser's dir="auto"), script runs within them
// and the font for each, every run shaped with the whole line as context,
// then the runs put in visual order by their bidi levels (UAX #9, L2).
func (s *shaper) layout(text string) *layout {
	text = norm.NFC.String(text)
	l := &layout{text: text}
	s.runes = s.runes[:0]
	for _, r := range text {
		s.runes = append(s.runes, r)
	}
	if len(s.runes) == 0 {
		return l
	}
	// Levels of the bidi runs; the lowest is the paragraph's level.
	br := s.par.Segment(s.runes, bidi.Neutral)
	runs := make([]bidi.Run, br.NumRuns())
	para := bidi.Level(127)
	for i := range runs {
		runs[i] = br.Run(i)
		para = min(para, runs[i].Level)
	}
	l.rtl = para%2 == 1
	dir := di.DirectionLTR
	if l.rtl {
		dir = di.DirectionRTL
	}
	inputs := s.seg.Split(shaping.Input{Text: s.runes, RunEnd: len(s.runes), Direction: dir}, s)
	outs := make([]shaping.Output, len(inputs))
	levels := make([]bidi.Level, len(inputs))
	l.runs = make([]glyphRun, len(inputs))
	for i, in := range inputs {
		// Shaped at the font's own units per em: positions come out in font
		// units, as hb-shape gives them.
		in.Size = fixed.I(int(in.Face.Upem()))
		outs[i] = s.hb.Shape(in)
		levels[i] = levelAt(runs, in.RunStart)
		l.runs[i] = glyphRun{font: s.fontOf(in.Face), start: in.RunStart, end: in.RunEnd, dir: in.Direction,
			script: in.Script, lang: in.Language}
	}
	order := visualOrder(levels)
	sorted := make([]glyphRun, len(order))
	x := float32(0)
	for v, i := range order {
		run, out := l.runs[i], &outs[i]
		upem := float32(out.Face.Upem())
		run.x = x
		run.glyphs = make([]placed, 0, len(out.Glyphs))
		pen := float32(0)
		for _, g := range out.Glyphs {
			gx, gy := pen+f26(g.XOffset), f26(g.YOffset)
			pen += f26(g.Advance)
			run.glyphs = append(run.glyphs, placed{id: g.GlyphID, x: gx, y: gy})
			if g.Width != 0 || g.Height != 0 {
				l.top = max(l.top, (gy+f26(g.YBearing))/upem)
				l.bottom = max(l.bottom, -(gy+f26(g.YBearing)+f26(g.Height))/upem)
			}
		}
		x += pen / upem
		sorted[v] = run
	}
	l.runs, l.width = sorted, x
	vis := make([]rune, 0, len(s.runes))
	for _, run := range l.runs {
		if run.dir.Progression() == di.TowardTopLeft {
			for i := run.end - 1; i >= run.start; i-- {
				vis = append(vis, s.runes[i])
			}
		} else {
			vis = append(vis, s.runes[run.start:run.end]...)
		}
	}
	l.visual = string(vis)
	return l
}

func f26(v fixed.Int26_6) float32 { return float32(v) / 64 }

// levelAt is the bidi level of the rune at offset i.
func levelAt(runs []bidi.Run, i int) bidi.Level {
	for _, r := range runs {
		if i >= r.Start && i < r.End {
			return r.Level
		}
	}
	return 0
}

// visualOrder is the order to draw runs of the given levels in, left to
// right: from the highest level down to the lowest odd one, every sequence
// of runs at that level or above is reversed (UAX #9, rule L2).
func visualOrder(levels []bidi.Level) []int {
	order := make([]int, len(levels))
	var hi, lowOdd bidi.Level = 0, 127
	for i, lv := range levels {
		order[i] = i
		hi = max(hi, lv)
		if lv%2 == 1 {
			lowOdd = min(lowOdd, lv)
		}
	}
	for lv := hi; lv >= lowOdd && lv > 0; lv-- {
		for i := 0; i < len(order); {
			if levels[order[i]] < lv {
				i++
				continue
			}
			j := i
			for j < len(order) && levels[order[j]] >= lv {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
	return order
}

// layouts caches shaped lines by text for the whole process: a cohort's
// certificates repeat the same headings, statements and course titles, so
// those are shaped once per batch. Layouts do not change once made; the
// cache is emptied when it grows past cacheSize entries.
var layouts = struct {
	sync.Mutex
	m map[string]*layout
}{m: map[string]*layout{}}

const cacheSize = 4096

// shape is the layout of text, from the cache or shaped now.
func shape(text string) *layout {
	layouts.Lock()
	l, ok := layouts.m[text]
	layouts.Unlock()
	if ok {
		return l
	}
	s := shapers.Get().(*shaper)
	l = s.layout(text)
	shapers.Put(s)
	layouts.Lock()
	if len(layouts.m) >= cacheSize {
		clear(layouts.m)
	}
	layouts.m[text] = l
	layouts.Unlock()
	return l
}

// plain reports whether fpdf's own text, in DejaVu or the NanumGothic cut,
// prints text as a browser would: Latin, Greek, Cyrillic, Hangul and
// common signs, with no combining mark (text from a form is NFC; a mark
// left over needs positioning fpdf cannot do). Anything else, a script
// that needs shaping or one fpdf has no font for, goes through the shaper.
func plain(text string) bool {
	for _, r := range text {
		if r < 0x300 {
			continue
		}
		if unicode.Is(unicode.Mn, r) || !IsHangul(r) && !unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Common) {
			return false
		}
	}
	return true
}
