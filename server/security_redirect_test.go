package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestSignInNeverRedirectsOffSite: the ?next= of the sign-in page (already
// signed in, and after a successful sign-in) stays on this site, however it
// is disguised; a clean local target is kept with its query.
func TestSignInNeverRedirectsOffSite(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		hostile := []string{"/./%5Cevil.example", "/%09/evil.example", "//evil.example", "/%5C%5Cevil.example",
			"https://evil.example", "/%0d%0a/evil.example", "/%E2%80%8B/evil.example"}
		for _, next := range hostile {
			// A successful POST /login with the target in its hidden field.
			c := a.client()
			r := c.post("/login", url.Values{"email": {"learner@example.org"}, "password": {demo.Password}, "next": {mustUnescape(t, next)}})
			if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
				t.Errorf("POST /login next=%s: %d Location %q, want 303 to /", next, r.status, r.header.Get("Location"))
			}
			// The form carries only the cleaned target.
			if f := a.client().get("/login?next=" + next); strings.Contains(f.body, "evil.example") {
				t.Errorf("GET /login?next=%s puts the target in the form", next)
			}
			// Already signed in, GET /login?next= redirects at once.
			r = c.get("/login?next=" + next)
			if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
				t.Errorf("GET /login?next=%s signed in: %d Location %q, want 303 to /", next, r.status, r.header.Get("Location"))
			}
		}
		c := a.client()
		r := c.post("/login", url.Values{"email": {"learner@example.org"}, "password": {demo.Password}, "next": {"/courses/../courses?q=rural&page=2"}})
		if loc := r.header.Get("Location"); r.status != http.StatusSeeOther || loc != "/courses?q=rural&page=2" {
			t.Errorf("local target: %d %q, want /courses?q=rural&page=2", r.status, loc)
		}
	})
}

func mustUnescape(t *testing.T, s string) string {
	t.Helper()
	v, err := url.QueryUnescape(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
