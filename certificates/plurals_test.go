package certificates_test

import (
	"os"
	"path/filepath"
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

// checkPlurals: a message that counts ({{.Count}} in English) has a
// plural form for every category of every language, and none that the
// language lacks.
func checkPlurals(t *testing.T, area string) {
	t.Helper()
	read := func(loc string) map[string]any {
		b, err := os.ReadFile(filepath.Join("..", "i18n", "locales", area+"."+loc+".toml"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := toml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s.%s: %v", area, loc, err)
		}
		return m
	}
	counted := map[string]bool{}
	for id, v := range read("en") {
		s, isText := v.(string)
		if isText && strings.Contains(s, "{{.Count}}") {
			t.Errorf("%s.en %q counts without plural forms: %q", area, id, s)
		}
		if !isText {
			counted[id] = true
		}
	}
	for loc, want := range pluralForms {
		for id, v := range read(loc) {
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
				t.Errorf("%s.%s %q has the forms %v, want %v", area, loc, id, have, w)
			}
		}
	}
}

func TestCertificatePlurals(t *testing.T) {
	checkPlurals(t, "certificates")
}
