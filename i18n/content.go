package i18n

import "slices"

// ContentLocales are the languages content (courses, project texts) may be
// written in: the UI languages plus the partner countries' own (Lao,
// Mongolian, Khmer, Burmese, Amharic, …), which readers read even where the
// interface is in English.
var ContentLocales = []string{"en", "ko", "fr", "es", "vi", "ru", "ar", "lo", "mn", "km", "my", "am", "id", "th", "pt", "sw", "uz", "kk", "ne", "si", "bn"}

// ValidLocale reports whether code is a content locale.
func ValidLocale(code string) bool { return slices.Contains(ContentLocales, code) }

// Pick chooses the text to show a reader of locale: their locale, then the
// content's default, then English, then any language that has it. It returns
// the text and the locale it is in.
func Pick(values map[string]string, locale, defaultLocale string) (string, string) {
	for _, loc := range []string{locale, defaultLocale, Default} {
		if v := values[loc]; v != "" {
			return v, loc
		}
	}
	for _, loc := range ContentLocales {
		if v := values[loc]; v != "" {
			return v, loc
		}
	}
	return "", locale
}

// Localized is a text chosen for a reader, with the locale it is really in
// so pages can mark fallback text with its own lang attribute.
type Localized struct {
	Text     string
	Lang     string
	Fallback bool // not in the reader's locale
}

// Localize chooses from values (locale → text) for a reader of locale, as
// Pick does, and says which locale the text is in.
func Localize(values map[string]string, locale, defaultLocale string) Localized {
	v, loc := Pick(values, locale, defaultLocale)
	return Localized{Text: v, Lang: loc, Fallback: loc != locale}
}
