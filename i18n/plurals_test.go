package i18n

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// pluralForms are the CLDR cardinal plural categories of each interface
// language, for whole numbers and the large ones ("1 000 000 de projets").
var pluralForms = map[string][]string{
	"en": {"one", "other"}, "ko": {"other"}, "vi": {"other"},
	"fr": {"one", "many", "other"}, "es": {"one", "many", "other"},
	"ru": {"one", "few", "many", "other"}, "ar": {"zero", "one", "two", "few", "many", "other"},
}

// TestPluralForms: in every message file (main and per feature), a message
// that counts has a plural form for every category of every language and
// none the language lacks, and no English message writes {{.Count}} into a
// single form ("1 projects").
func TestPluralForms(t *testing.T) {
	t.Parallel()
	read := func(name string) map[string]any {
		b, err := fs.ReadFile(localeFiles, path.Join("locales", name))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := toml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return m
	}
	english, err := fs.Glob(localeFiles, "locales/*en.toml")
	if err != nil || len(english) == 0 {
		t.Fatalf("no English message files: %v", err)
	}
	for _, file := range english {
		area := strings.TrimSuffix(path.Base(file), "en.toml") // "" or "projects."
		counted := map[string]bool{}
		for id, v := range read(area + "en.toml") {
			s, isText := v.(string)
			if isText && strings.Contains(s, "{{.Count}}") {
				t.Errorf("%sen %q counts without plural forms: %q", area, id, s)
			}
			if !isText {
				counted[id] = true
			}
		}
		for loc, want := range pluralForms {
			for id, v := range read(area + loc + ".toml") {
				if !counted[id] {
					continue
				}
				var have []string
				if m, ok := v.(map[string]any); ok {
					for k := range m {
						have = append(have, k)
					}
				} else {
					have = []string{"other"}
				}
				slices.Sort(have)
				w := slices.Clone(want)
				slices.Sort(w)
				if !slices.Equal(have, w) {
					t.Errorf("%s%s %q has the forms %v, want %v", area, loc, id, have, w)
				}
			}
		}
	}
}
