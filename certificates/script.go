package certificates

import "unicode"

// isHangul reports whether r needs the Korean font.
func isHangul(r rune) bool {
	return unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303F) // CJK punctuation
}
