package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/i18n"
)

func load(t testing.TB) *i18n.Bundle {
	t.Helper()
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// usedID matches a message id written as a string in Go code or templates:
// "page.home.title", or after "=" in template options ("hint=form.x").
var usedID = regexp.MustCompile(`["=]((?:app|nav|page|form|error|flash|role|mail|status|label|quiz|field|delivery|lesson_kind|question_kind|programme_type|enrolment_status|reason|application_status|decision|attendance|gender|certificate|template|bulk|project|project_kind|project_status|phase|milestone|indicator|budget|report|report_status)\.[a-z0-9_.]*[a-z0-9_])"`)

// usedIDs scans the repository's Go files and templates for message ids.
func usedIDs(t *testing.T) map[string][]string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string][]string{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "baeum-data") {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(p, "_test.go") || !strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, ".html") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		for _, m := range usedID.FindAllStringSubmatch(string(data), -1) {
			ids[m[1]] = append(ids[m[1]], rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 50 {
		t.Fatalf("found only %d message ids; is the scan looking in the right place (%s)?", len(ids), root)
	}
	return ids
}

func TestEveryUsedIDIsInEnglish(t *testing.T) {
	b := load(t)
	for id, files := range usedIDs(t) {
		if !b.Has("en", id) {
			t.Errorf("message id %q (used in %s) is missing from locales/en.toml", id, strings.Join(slices.Compact(files), ", "))
		}
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*\.([A-Za-z]+)\s*\}\}`)

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestLocalesInStepWithEnglish fails on ids that English no longer has and
// on translations that use placeholders English does not give, and reports
// the share each locale translates. Korean must be complete.
func TestLocalesInStepWithEnglish(t *testing.T) {
	b := load(t)
	en := b.IDs("en")
	for _, loc := range i18n.Supported {
		l := b.Localizer(loc)
		for _, id := range b.IDs(loc) {
			if !slices.Contains(en, id) {
				t.Errorf("%s: id %q is not in English (stale or misspelt)", loc, id)
				continue
			}
			have := placeholders(l.T(id, "Count", 2))
			want := placeholders(b.Localizer("en").T(id, "Count", 2))
			for _, p := range have {
				if !slices.Contains(want, p) && p != "Count" {
					t.Errorf("%s: %q uses {{.%s}}, which English does not pass", loc, id, p)
				}
			}
		}
	}
	for _, c := range b.Coverage() {
		t.Logf("%-3s %-12s %4d / %d  %5.1f%%", c.Locale, i18n.LanguageName(c.Locale), c.Translated, c.Total, c.Percent())
		if c.Locale == "ko" && c.Translated != c.Total {
			t.Errorf("Korean must be complete; missing: %s", strings.Join(c.Missing, ", "))
		}
	}
}

func TestPluralForms(t *testing.T) {
	b := load(t)
	cases := []struct {
		loc   string
		count int
		want  string
	}{
		{"en", 1, "1 user"},
		{"en", 5, "5 users"},
	}
	for _, c := range cases {
		if got := b.Localizer(c.loc).T("page.users.count", "Count", c.count); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.loc, c.count, got, c.want)
		}
	}
	// Russian has distinct one/few/many forms: 1, 3 and 5 must not all read alike.
	ru := b.Localizer("ru")
	if a, f, m := ru.T("page.users.count", "Count", 1), ru.T("page.users.count", "Count", 3), ru.T("page.users.count", "Count", 5); a == f && f == m {
		t.Errorf("Russian plurals do not vary: %q %q %q", a, f, m)
	}
}

func TestChooseOrder(t *testing.T) {
	b := load(t)
	cases := []struct {
		query, profile, cookie, accept, want string
	}{
		{"", "", "", "", "en"},
		{"ko", "ru", "fr", "vi", "ko"},
		{"", "ru", "fr", "vi", "ru"},
		{"", "", "fr", "vi", "fr"},
		{"", "", "", "vi-VN,vi;q=0.9", "vi"},
		{"xx", "", "zz", "ar-EG", "ar"},
		{"KO", "", "", "", "ko"},
		{"", "", "", "de-DE,de;q=0.9", "en"},
		{"", "", "", "zh-Hant-TW, ko;q=0.3", "ko"},
	}
	for _, c := range cases {
		if got := b.Choose(c.query, c.profile, c.cookie, c.accept); got != c.want {
			t.Errorf("Choose(%q, %q, %q, %q) = %q, want %q", c.query, c.profile, c.cookie, c.accept, got, c.want)
		}
	}
}

func TestDirection(t *testing.T) {
	b := load(t)
	if b.Localizer("ar").Dir() != "rtl" || b.Localizer("ko").Dir() != "ltr" {
		t.Fatal("ar must be rtl and ko ltr")
	}
}

func TestCountryNamesInReadersLanguage(t *testing.T) {
	b := load(t)
	cases := []struct{ loc, code, want string }{
		{"en", "LA", "Laos"},
		{"ko", "LA", "라오스"},
		{"ru", "MN", "Монголия"},
		{"vi", "GH", "Ghana"},
		{"en", "ZZ", "ZZ"},
	}
	for _, c := range cases {
		if got := b.Localizer(c.loc).CountryName(c.code); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.loc, c.code, got, c.want)
		}
	}
	if !i18n.ValidCountry("ET") || i18n.ValidCountry("ZZ") || i18n.ValidCountry("et") || i18n.ValidCountry("EU") {
		t.Error("ValidCountry accepts or refuses the wrong codes")
	}
	opts := b.Localizer("ko").Countries("KR")
	if len(opts) < 240 {
		t.Fatalf("only %d countries", len(opts))
	}
	var selected int
	for _, o := range opts {
		if o.Selected {
			selected++
		}
	}
	if selected != 1 {
		t.Errorf("%d countries selected, want 1", selected)
	}
}

func FuzzMatchAcceptLanguage(f *testing.F) {
	b := load(f)
	for _, s := range []string{"ko-KR,ko;q=0.9", "", "*", "en;q=abc", "ar-EG, fr;q=0.2", strings.Repeat("a-", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		got := b.Match(header)
		if got != "" && !i18n.IsSupported(got) {
			t.Fatalf("Match(%q) = %q, not a supported locale", header, got)
		}
		if c := b.Choose("", "", "", header); !i18n.IsSupported(c) {
			t.Fatalf("Choose with header %q = %q", header, c)
		}
	})
}
