package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestLocaleChoice(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)

		cases := []struct {
			name   string
			path   string
			header []string
			lang   string
			dir    string
		}{
			{"default is English", "/", nil, "en", "ltr"},
			{"Accept-Language", "/", []string{"Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5"}, "ko", "ltr"},
			{"Accept-Language regional variant", "/", []string{"Accept-Language", "es-MX"}, "es", "ltr"},
			{"unsupported Accept-Language", "/", []string{"Accept-Language", "sw"}, "en", "ltr"},
			{"query beats header", "/?lang=vi", []string{"Accept-Language", "ko"}, "vi", "ltr"},
			{"Arabic is right to left", "/?lang=ar", nil, "ar", "rtl"},
			{"unknown query ignored", "/?lang=xx", []string{"Accept-Language", "ru"}, "ru", "ltr"},
			{"garbage header", "/", []string{"Accept-Language", strings.Repeat("q=;,", 500)}, "en", "ltr"},
		}
		for _, tc := range cases {
			r := a.client().get(tc.path, tc.header...)
			want := `<html lang="` + tc.lang + `" dir="` + tc.dir + `">`
			if !strings.Contains(r.body, want) {
				t.Errorf("%s: want %s in page", tc.name, want)
			}
		}

		// The cookie remembers ?lang=, and beats Accept-Language.
		c := a.client()
		c.get("/?lang=fr")
		if r := c.get("/", "Accept-Language", "ko"); !strings.Contains(r.body, `lang="fr"`) {
			t.Error("cookie did not keep French")
		}
		// A signed-in user's profile beats the cookie; ?lang= updates the profile.
		c.login("learner.mn@example.org") // profile: ru
		if r := c.get("/"); !strings.Contains(r.body, `<html lang="ru"`) {
			t.Error("profile locale did not beat the cookie")
		}
		c.get("/?lang=ko")
		if r := c.get("/"); !strings.Contains(r.body, `<html lang="ko"`) {
			t.Error("?lang= did not stick for a signed-in user")
		}
		u, _ := a.acc.UserByEmail(t.Context(), "learner.mn@example.org")
		if u.Locale != "ko" {
			t.Errorf("profile locale = %q, want ko", u.Locale)
		}
		// Saving a language on the account page sets profile and cookie.
		if r := c.post("/account/locale", url.Values{"locale": {"ar"}}); r.status != http.StatusSeeOther {
			t.Fatalf("save locale: %d", r.status)
		}
		if r := c.get("/account"); !strings.Contains(r.body, `dir="rtl"`) {
			t.Error("account page not in Arabic after saving it")
		}
	})
}

func TestHealthAndMetrics(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, store.SQLite)
	a := newApp(t, db)
	c := a.client()
	if r := c.get("/healthz"); r.status != http.StatusOK {
		t.Fatalf("healthz: %d", r.status)
	}
	if r := c.get("/readyz"); r.status != http.StatusOK {
		t.Fatalf("readyz: %d", r.status)
	}
	c.get("/login")
	m := c.get("/metrics")
	if !strings.Contains(m.body, `baeum_http_requests_total{method="GET",route="/login",status="200"}`) ||
		!strings.Contains(m.body, `baeum_http_request_duration_seconds_bucket{method="GET",route="/login"`) {
		t.Fatalf("metrics lack the /login series:\n%.1500s", m.body)
	}
	// Without the database, the process is alive but not ready.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if r := c.get("/readyz"); r.status != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database closed: %d", r.status)
	}
	if r := c.get("/healthz"); r.status != http.StatusOK {
		t.Fatalf("healthz with the database closed: %d", r.status)
	}
}

func TestPagesMapHTTPErrors(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		if r := c.get("/nope?lang=ko"); r.status != http.StatusNotFound || !strings.Contains(r.body, `lang="ko"`) {
			t.Errorf("404 page: %d", r.status)
		}
		if r := c.do(http.MethodDelete, "/login", nil, nil); r.status != http.StatusMethodNotAllowed {
			t.Errorf("DELETE /login: %d", r.status)
		}
		big := url.Values{"email": {strings.Repeat("x", 2<<20)}}
		if r := c.post("/login", big); r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized form: %d", r.status)
		}
		static := c.get("/static/0000/style.css")
		if static.status != http.StatusNotFound {
			t.Errorf("stale asset path: %d", static.status)
		}
	})
}
