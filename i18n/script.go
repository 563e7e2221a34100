package i18n

import (
	"unicode"

	gotext "github.com/go-text/typesetting/language"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// PrintableScripts are the scripts the PDFs (certificates, project
// reports) print correctly, by ISO 15924 code: DejaVu Sans's Latin (with
// Vietnamese), Greek and Cyrillic and NanumGothic's Hangul as fpdf's own
// text, and the scripts pdfdoc shapes with a Noto Sans font each. pdfdoc's
// tests check it has a font for every one. Common and inherited characters
// (digits, punctuation, combining marks) go with any of them. Han,
// Hiragana and Katakana are left out: no CJK font is embedded (NanumGothic
// has only the Hanja of Korean use).
var PrintableScripts = map[string]*unicode.RangeTable{
	"Latn": unicode.Latin, "Grek": unicode.Greek, "Cyrl": unicode.Cyrillic, "Hang": unicode.Hangul,
	"Laoo": unicode.Lao, "Khmr": unicode.Khmer, "Mymr": unicode.Myanmar, "Ethi": unicode.Ethiopic,
	"Beng": unicode.Bengali, "Arab": unicode.Arabic, "Deva": unicode.Devanagari, "Thai": unicode.Thai,
	"Sinh": unicode.Sinhala, "Taml": unicode.Tamil, "Geor": unicode.Georgian, "Armn": unicode.Armenian,
	"Hebr": unicode.Hebrew,
}

var printable = func() []*unicode.RangeTable {
	out := []*unicode.RangeTable{unicode.Common, unicode.Inherited}
	for _, t := range PrintableScripts {
		out = append(out, t)
	}
	return out
}()

// Printable reports whether text can be printed correctly on a certificate
// (see PrintableScripts). It lives here, not with the certificates,
// because the profile forms say when a certificate cannot print a name.
func Printable(text string) bool { return UnprintableScript(text) == "" }

// UnprintableScript is the ISO 15924 code ("Hani") of the first script in
// text that the PDFs cannot print, or "" when they print it all.
func UnprintableScript(text string) string {
	for _, r := range text {
		if r < 0x370 || unicode.In(r, printable...) {
			continue
		}
		return gotext.LookupScript(r).String() // "Hani"; "Zzzz" when not assigned
	}
	return ""
}

// UnprintableScript names, in l's language, the first script in text that
// the PDFs cannot print ("Han", "한자"), or is "" when they print it all.
func (l *Localizer) UnprintableScript(text string) string {
	code := UnprintableScript(text)
	if code == "" {
		return ""
	}
	if s, err := language.ParseScript(code); err == nil {
		if n := display.Scripts(l.tag).Name(s); n != "" {
			return n
		}
	}
	return code
}
