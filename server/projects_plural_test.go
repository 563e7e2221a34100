package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestDashboardCountsInPlural: the dashboard's counts take their
// language's plural form ("1 project", not "1 projects"; Arabic's dual).
func TestDashboardCountsInPlural(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		projectFixture(t, a) // one project, one indicator with a value
		c := a.client()
		c.login("staff@example.org")
		for lang, want := range map[string]string{
			"en": "1 project, 1 indicator, 1 with measured values.",
			"ru": "1 проект, 1 показатель, с измеренными значениями: 1.",
			"ar": "مشروع واحد، مؤشر واحد، واحد منها له قيم مقيسة.",
			"fr": "1 projet, 1 indicateur, dont 1 avec des valeurs mesurées.",
		} {
			r := c.get("/projects/dashboard?lang=" + lang)
			if r.status != http.StatusOK || !strings.Contains(r.body, want) {
				t.Errorf("dashboard in %s: %d, want %q in the summary", lang, r.status, want)
			}
		}
	})
}
