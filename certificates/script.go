package certificates

import "unicode"

// unsupported are the scripts the embedded fonts do not cover or that fpdf
// cannot shape (joining, reordering, stacking): a name in them would print
// as boxes or broken glyphs.
var unsupported = []*unicode.RangeTable{
	unicode.Arabic, unicode.Hebrew, unicode.Khmer, unicode.Lao, unicode.Myanmar, unicode.Bengali,
	unicode.Ethiopic, unicode.Thai, unicode.Devanagari, unicode.Tamil, unicode.Sinhala, unicode.Tibetan,
	unicode.Mongolian, unicode.Georgian, unicode.Armenian, unicode.Gujarati, unicode.Telugu, unicode.Kannada,
	unicode.Malayalam, unicode.Gurmukhi, unicode.Oriya, unicode.Han, unicode.Hiragana, unicode.Katakana,
}

// Printable reports whether text can be printed correctly on a certificate
// (Latin, including Vietnamese, Cyrillic, Greek and Hangul).
func Printable(text string) bool {
	for _, r := range text {
		if unicode.In(r, unsupported...) {
			return false
		}
	}
	return true
}

// isHangul reports whether r needs the Korean font.
func isHangul(r rune) bool {
	return unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303F) // CJK punctuation
}
