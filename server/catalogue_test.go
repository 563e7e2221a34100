package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestCatalogueQueryCount proves the catalogue takes a fixed number of
// queries whatever the page size: no query per course.
func TestCatalogueQueryCount(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		coursetest.SeedCatalogue(t, db, 60, coursetest.Locales4)
		token := a.token("learner@example.org")
		a.api("GET", "/api/v1/me", token, nil) // the token's last-used time is now fresh
		qc := storetest.CountQueries(t, db)

		// The page for a visitor: the catalogue query and the programme list.
		req := httptest.NewRequest(http.MethodGet, "/courses?lang=ko", nil)
		w := httptest.NewRecorder()
		a.engine.ServeHTTP(w, req)
		if w.Code != http.StatusOK || strings.Count(w.Body.String(), `class="card"`) != 20 {
			t.Fatalf("catalogue page: %d, %d cards", w.Code, strings.Count(w.Body.String(), `class="card"`))
		}
		if n := qc.Count(); n != 2 {
			t.Errorf("catalogue page ran %d queries, want 2", n)
		}

		// The API: the token's user from the cache, one catalogue query.
		qc.Reset()
		r := a.api("GET", "/api/v1/courses?lang=ko&page=1&per_page=50", token, nil)
		if r.status != http.StatusOK || !strings.Contains(r.body, `"total":60`) {
			t.Fatalf("catalogue API: %d %.300s", r.status, r.body)
		}
		if n := qc.Count(); n != 1 {
			t.Errorf("catalogue API ran %d queries, want 1 (the token's user is cached since /me)", n)
		}
	})
}

// TestLearnerPagesWeight keeps the learner pages under 100 KB (HTML and
// CSS) on a phone.
func TestLearnerPagesWeight(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		coursetest.SeedCatalogue(t, a.db, 40, coursetest.Locales4)
		f := coursetest.Build(t, a.crs, "WEIGHT-1", true)
		e := mustEnrol(t, a, "learner@example.org", f.Course.ID)
		c := a.client()
		c.login("learner@example.org")
		home := c.get("/")
		css := c.get(regexpFind(t, `href="(/static/[^"]+\.css)"`, home.body))
		for _, path := range []string{"/courses", "/courses?lang=vi", "/courses/" + itoa(f.Course.ID), "/learn/" + itoa(e) + "/" + itoa(f.Text.ID), "/my"} {
			r := c.get(path, "User-Agent", "Mozilla/5.0 (Linux; Android 10; 360px)")
			if r.status != http.StatusOK {
				t.Fatalf("%s: %d", path, r.status)
			}
			if total := len(r.body) + len(css.body); total > 100*1024 {
				t.Errorf("%s weighs %d bytes with its CSS, more than 100 KB", path, total)
			}
		}
	})
}
