package i18n

import "unicode"

// unprintable are the scripts the certificate fonts do not cover or that
// the PDF writer cannot shape (joining, reordering, stacking): a name in
// them would print as boxes or broken glyphs.
var unprintable = []*unicode.RangeTable{
	unicode.Arabic, unicode.Hebrew, unicode.Khmer, unicode.Lao, unicode.Myanmar, unicode.Bengali,
	unicode.Ethiopic, unicode.Thai, unicode.Devanagari, unicode.Tamil, unicode.Sinhala, unicode.Tibetan,
	unicode.Mongolian, unicode.Georgian, unicode.Armenian, unicode.Gujarati, unicode.Telugu, unicode.Kannada,
	unicode.Malayalam, unicode.Gurmukhi, unicode.Oriya, unicode.Han, unicode.Hiragana, unicode.Katakana,
}

// Printable reports whether text can be printed correctly on a certificate:
// Latin (including Vietnamese), Cyrillic, Greek and Hangul. It lives here,
// not with the certificates, because the profile forms refuse names that a
// certificate could not print.
func Printable(text string) bool {
	for _, r := range text {
		if unicode.In(r, unprintable...) {
			return false
		}
	}
	return true
}
