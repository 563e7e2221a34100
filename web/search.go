package web

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The bounds of what a search box takes: more words or longer ones find
// nothing more and only cost the database.
const (
	maxSearchWords    = 8
	maxSearchWordRune = 100
)

// Search is what a person typed into a list's search box, as lower-case
// words that must each appear in one of the searched values. It builds the
// SQL LIKE patterns and the precise test that backs them, for both
// dialects:
//
// SQLite's LOWER and LIKE fold ASCII letters only, and PostgreSQL's LOWER
// follows the database's locale (ASCII only under "C"). So a pattern keeps
// ASCII letters and every character without case (Hangul, Lao, Thai, digits,
// "@") literal, which both dialects compare exactly, and puts the
// one-character wildcard "_" for each letter that has a case outside ASCII
// (Cyrillic, Greek, Vietnamese "Đ"…). The pattern then finds every value
// that holds the word and maybe some more; Exact says whether it finds only
// those, and where it does not, Matches picks the right ones in Go. No
// stored column needs to be folded for it.
type Search struct {
	words []string
}

// ParseSearch splits q into at most eight lower-case words of at most 100
// characters each.
func ParseSearch(q string) Search {
	var s Search
	for _, w := range strings.Fields(q) {
		if len(s.words) == maxSearchWords {
			break
		}
		if utf8.RuneCountInString(w) > maxSearchWordRune {
			w = string([]rune(w)[:maxSearchWordRune])
		}
		s.words = append(s.words, strings.ToLower(w))
	}
	return s
}

// Empty reports whether nothing was typed.
func (s Search) Empty() bool { return len(s.words) == 0 }

// Patterns are the LIKE patterns of the words, one each, for
// `LOWER(column) LIKE ? ESCAPE '\'`: "%", "_" and "\" typed by the person
// are escaped, so they match only themselves.
func (s Search) Patterns() []string {
	out := make([]string, len(s.words))
	for i, w := range s.words {
		var b strings.Builder
		b.WriteByte('%')
		for _, r := range w {
			switch {
			case r == '\\' || r == '%' || r == '_':
				b.WriteByte('\\')
				b.WriteRune(r)
			case hasCaseBeyondASCII(r):
				b.WriteByte('_')
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('%')
		out[i] = b.String()
	}
	return out
}

// Exact reports whether the patterns find exactly the values that hold
// every word (no word has a letter with a case outside ASCII); when not,
// the rows they find must pass Matches.
func (s Search) Exact() bool {
	for _, w := range s.words {
		for _, r := range w {
			if hasCaseBeyondASCII(r) {
				return false
			}
		}
	}
	return true
}

// Matches reports whether every word appears, ignoring case, in one of
// values.
func (s Search) Matches(values ...string) bool {
	lower := make([]string, len(values))
	for i, v := range values {
		lower[i] = strings.ToLower(v)
	}
	for _, w := range s.words {
		found := false
		for _, v := range lower {
			if strings.Contains(v, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// hasCaseBeyondASCII reports whether r is a letter outside ASCII that has
// another case (which SQLite's LOWER would not fold).
func hasCaseBeyondASCII(r rune) bool {
	return r >= utf8.RuneSelf && unicode.SimpleFold(r) != r
}
