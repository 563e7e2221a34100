package server_test

import (
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// signedInBoth signs a browser in as the learner and gets an API token.
func signedInBoth(a *app) (*client, string) {
	c := a.client()
	c.login("learner@example.org")
	return c, a.token("learner@example.org")
}

// checkUnavailable asserts that a page and an API call answer 503 (the
// error page; problem+json) and that the browser keeps its session cookie.
func checkUnavailable(t *testing.T, a *app, c *client, token, when string) {
	t.Helper()
	r := c.get("/account")
	if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, `data-status="503"`) {
		t.Errorf("%s: GET /account = %d, want the 503 error page", when, r.status)
	}
	for _, sc := range r.header.Values("Set-Cookie") {
		if strings.HasPrefix(sc, "baeum_session=") {
			t.Errorf("%s: the session cookie was touched: %s", when, sc)
		}
	}
	api := a.api(http.MethodGet, "/api/v1/me", token, nil)
	if api.status != http.StatusServiceUnavailable || !strings.HasPrefix(api.header.Get("Content-Type"), "application/problem+json") ||
		api.header.Get("WWW-Authenticate") != "" {
		t.Errorf("%s: GET /api/v1/me = %d %q (WWW-Authenticate %q), want a 503 problem", when, api.status,
			api.header.Get("Content-Type"), api.header.Get("WWW-Authenticate"))
	}
	if p := decode[problem](t, api.body); p.Status != http.StatusServiceUnavailable || p.Detail == "" {
		t.Errorf("%s: problem %+v", when, p)
	}
}

// TestStorageFailureKeepsTheSession: while loading the signed-in user fails
// (connections being cut), pages and API answer 503 and nobody is signed
// out; once storage is back, the same cookie and token work.
func TestStorageFailureKeepsTheSession(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c, token := signedInBoth(a)
		var cut atomic.Bool
		err := db.Gorm.Callback().Query().Before("gorm:query").Register("test:cut_users", func(tx *gorm.DB) {
			if cut.Load() && tx.Statement.Table == "users" {
				_ = tx.AddError(errors.New("read tcp 127.0.0.1:5432: connection reset by peer"))
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		cut.Store(true)
		checkUnavailable(t, a, c, token, "user load failing")
		cut.Store(false)
		if r := c.get("/account"); r.status != http.StatusOK || !strings.Contains(r.body, "learner@example.org") {
			t.Errorf("after the hiccup: GET /account = %d, want the signed-in page", r.status)
		}
		if r := a.api(http.MethodGet, "/api/v1/me", token, nil); r.status != http.StatusOK {
			t.Errorf("after the hiccup: GET /api/v1/me = %d", r.status)
		}
	})
}

// TestClosedDatabaseIsUnavailableNotSignedOut: with the database gone
// altogether, a signed-in browser and a token get 503, not 401 or a
// cleared cookie.
func TestClosedDatabaseIsUnavailableNotSignedOut(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c, token := signedInBoth(a)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		checkUnavailable(t, a, c, token, "database closed")
	})
}
