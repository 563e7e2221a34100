package web

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSearchPatterns(t *testing.T) {
	t.Parallel()
	cases := []struct {
		typed    string
		patterns []string
		exact    bool
	}{
		{"", []string{}, true},
		{"   ", []string{}, true},
		{"Kim", []string{"%kim%"}, true},
		{"  Kim   Minji ", []string{"%kim%", "%minji%"}, true},
		{"t0042@example.la", []string{"%t0042@example.la%"}, true},
		{"100%", []string{`%100\%%`}, true},
		{"t_42", []string{`%t\_42%`}, true},
		{`a\b`, []string{`%a\\b%`}, true},
		{"김민지", []string{"%김민지%"}, true},
		{"ສຸກສະຫວັນ", []string{"%ສຸກສະຫວັນ%"}, true},
		{"Иванов", []string{"%______%"}, false},
		{"Nguyễn", []string{"%nguy_n%"}, false},
		{"Đào", []string{"%__o%"}, false},
		{"a b c d e f g h i j", []string{"%a%", "%b%", "%c%", "%d%", "%e%", "%f%", "%g%", "%h%"}, true},
		{strings.Repeat("x", 150), []string{"%" + strings.Repeat("x", 100) + "%"}, true},
	}
	for _, tc := range cases {
		s := ParseSearch(tc.typed)
		if got := s.Patterns(); !slices.Equal(got, tc.patterns) || s.Exact() != tc.exact || s.Empty() != (len(tc.patterns) == 0) {
			t.Errorf("ParseSearch(%q): patterns %q exact %v, want %q %v", tc.typed, got, s.Exact(), tc.patterns, tc.exact)
		}
	}
}

func TestSearchMatches(t *testing.T) {
	t.Parallel()
	cases := []struct {
		typed  string
		values []string
		want   bool
	}{
		{"иванов", []string{"Ivanov Pyotr", "Иванов Пётр"}, true},
		{"ИВАНОВ ПЁТР", []string{"Ivanov Pyotr", "Иванов Пётр"}, true},
		{"иванова", []string{"Ivanov Pyotr", "Иванов Пётр"}, false},
		{"đào nguyễn", []string{"Nguyễn Thị Đào"}, true},
		{"ΣΟΦΙΑ", []string{"Σοφία"}, false}, // accents are not folded
		{"ministry kim", []string{"Kim Minji", "", "kim@example.kr", "Ministry of Home Affairs"}, true},
		{"ministry lee", []string{"Kim Minji", "", "kim@example.kr", "Ministry of Home Affairs"}, false},
		{"", []string{"anything"}, true},
	}
	for _, tc := range cases {
		if got := ParseSearch(tc.typed).Matches(tc.values...); got != tc.want {
			t.Errorf("%q in %q: %v, want %v", tc.typed, tc.values, got, tc.want)
		}
	}
}

// FuzzSearch: whatever is typed, every value that holds the words matches
// the patterns' LIKE on LOWER(value) both as SQLite reads it (ASCII folded
// only) and as a Unicode-aware PostgreSQL does, so the SQL never misses
// what Matches would find. (Values with a letter outside ASCII whose lower
// case is ASCII, the Kelvin sign or a dotted capital I, are left out: an
// ASCII word does not find them in SQLite, and they do not occur in names.)
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"Kim", "Иванов", "100%_\\", "Nguyễn Thị Đào", "ສຸກ", "ǅ", "ΣΟΦΙΑ"} {
		f.Add(s, "x"+s+"y")
	}
	f.Fuzz(func(t *testing.T, typed, value string) {
		if !utf8.ValidString(typed) || !utf8.ValidString(value) {
			return
		}
		for _, r := range value {
			if r >= utf8.RuneSelf && unicode.ToLower(r) < utf8.RuneSelf {
				return
			}
		}
		s := ParseSearch(typed)
		if !s.Matches(value) {
			return
		}
		for _, p := range s.Patterns() {
			if !likeSQLite(p, value) || !likeSQLite(p, strings.ToLower(value)) {
				t.Fatalf("%q matches %q, but its pattern %q does not", typed, value, p)
			}
		}
	})
}

// asciiLower is SQLite's LOWER: ASCII letters only.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// likeSQLite is SQLite's LIKE with ESCAPE '\' (ASCII case folded).
func likeSQLite(pattern, s string) bool {
	p, v := []rune(pattern), []rune(asciiLower(s))
	var match func(i, j int) bool
	match = func(i, j int) bool {
		for i < len(p) {
			switch c := p[i]; {
			case c == '%':
				for k := j; k <= len(v); k++ {
					if match(i+1, k) {
						return true
					}
				}
				return false
			case c == '_':
				if j == len(v) {
					return false
				}
			case c == '\\' && i+1 < len(p):
				i++
				if j == len(v) || v[j] != p[i] {
					return false
				}
			default:
				if j == len(v) || asciiLowerRune(v[j]) != asciiLowerRune(c) {
					return false
				}
			}
			i, j = i+1, j+1
		}
		return j == len(v)
	}
	return match(0, 0)
}

func asciiLowerRune(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}
