package pdfdoc

import (
	"bytes"
	"embed"
	"fmt"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
)

// notoFiles are Noto Sans for the scripts DejaVu and NanumGothic lack, from
// Debian's fonts-noto-core with their hinting dropped (fonts/cut-noto.sh,
// licence in fonts/LICENSE-Noto.txt). They are never embedded in a PDF:
// their glyphs are drawn as outlines (see draw.go), so only the shaper
// reads them.
//
//go:embed fonts/NotoSans*-Regular.ttf
var notoFiles embed.FS

// fontID names one of the fonts the shaper may use.
type fontID uint8

// The shaper's fonts. DejaVu is the fallback for Latin, Greek, Cyrillic and
// the common characters (digits, punctuation) a script's font lacks.
const (
	fDejaVu fontID = iota
	fNanum
	fLao
	fKhmer
	fMyanmar
	fEthiopic
	fBengali
	fArabic
	fDevanagari
	fThai
	fSinhala
	fTamil
	fGeorgian
	fArmenian
	fHebrew
	numFonts
)

// fontFile is where a font comes from and the scripts it is chosen for.
type fontFile struct {
	name    string // file under fonts/ (Noto) or "" for the fonts of pdfdoc.go
	scripts []language.Script
}

var fontFiles = [numFonts]fontFile{
	fDejaVu:     {"DejaVuSans.ttf", []language.Script{language.Latin, language.Greek, language.Cyrillic}},
	fNanum:      {"NanumGothic.ttf", []language.Script{language.Hangul}},
	fLao:        {"NotoSansLao-Regular.ttf", []language.Script{language.Lao}},
	fKhmer:      {"NotoSansKhmer-Regular.ttf", []language.Script{language.Khmer}},
	fMyanmar:    {"NotoSansMyanmar-Regular.ttf", []language.Script{language.Myanmar}},
	fEthiopic:   {"NotoSansEthiopic-Regular.ttf", []language.Script{language.Ethiopic}},
	fBengali:    {"NotoSansBengali-Regular.ttf", []language.Script{language.Bengali}},
	fArabic:     {"NotoSansArabic-Regular.ttf", []language.Script{language.Arabic}},
	fDevanagari: {"NotoSansDevanagari-Regular.ttf", []language.Script{language.Devanagari}},
	fThai:       {"NotoSansThai-Regular.ttf", []language.Script{language.Thai}},
	fSinhala:    {"NotoSansSinhala-Regular.ttf", []language.Script{language.Sinhala}},
	fTamil:      {"NotoSansTamil-Regular.ttf", []language.Script{language.Tamil}},
	fGeorgian:   {"NotoSansGeorgian-Regular.ttf", []language.Script{language.Georgian}},
	fArmenian:   {"NotoSansArmenian-Regular.ttf", []language.Script{language.Armenian}},
	fHebrew:     {"NotoSansHebrew-Regular.ttf", []language.Script{language.Hebrew}},
}

// scriptFont is the font chosen for each script that has one.
var scriptFont = func() map[language.Script]fontID {
	m := map[language.Script]fontID{}
	for id, f := range fontFiles {
		for _, s := range f.scripts {
			m[s] = fontID(id)
		}
	}
	return m
}()

// fontBytes is the file of font id.
func fontBytes(id fontID) []byte {
	switch id {
	case fDejaVu:
		return dejaVu
	case fNanum:
		return nanum
	}
	b, err := notoFiles.ReadFile("fonts/" + fontFiles[id].name)
	if err != nil { // the embed pattern covers every name: a typo in the table
		panic(fmt.Sprintf("pdfdoc: font %s: %v", fontFiles[id].name, err))
	}
	return b
}

// parsed is each font parsed once per process, when a text first needs it:
// a *font.Font is safe for concurrent use (its Faces are not, see shaper).
var parsed = func() (p [numFonts]func() *parsedFont) {
	for i := range p {
		p[i] = sync.OnceValue(func() *parsedFont { return parseFont(fontID(i)) })
	}
	return p
}()

// parsedFont is a parsed font with what drawing needs from it.
type parsedFont struct {
	font *font.Font
	upem float32
	// paths are the glyphs' outlines as PDF path operators in font units,
	// made once per glyph (see glyphPath).
	paths sync.Map // font.GID → string
	outlineState
}

func parseFont(id fontID) *parsedFont {
	face, err := font.ParseTTF(bytes.NewReader(fontBytes(id)))
	if err != nil { // embedded files, checked by the tests
		panic(fmt.Sprintf("pdfdoc: parse %s: %v", fontFiles[id].name, err))
	}
	return &parsedFont{font: face.Font, upem: float32(face.Upem())}
}
