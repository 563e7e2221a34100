package server_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/server"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestSignInLimitIsNoLockOut: ten wrong passwords from one address refuse
// that address for the account (429 with Retry-After, pages and API), while
// the real person signs in from another address, on both faces.
func TestSignInLimitIsNoLockOut(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppWith(t, db, func(c *server.Config) { c.TrustedProxies = []string{"127.0.0.1", "::1"} })
		const attacker, victim = "203.0.113.7", "198.51.100.2"
		// Fresh forms each time: post adds the client's CSRF token to them.
		bad := func() url.Values {
			return url.Values{"email": {"coordinator@example.org"}, "password": {"wrong-password"}}
		}
		good := func() url.Values {
			return url.Values{"email": {"coordinator@example.org"}, "password": {demo.Password}}
		}
		mallory := a.client()
		for i := 0; i < 10; i++ {
			if r := mallory.post("/login", bad(), "X-Forwarded-For", attacker); r.status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i+1, r.status)
			}
		}
		// The guessing address is refused for that account, even with the
		// right password, on the page and the API.
		r := mallory.post("/login", good(), "X-Forwarded-For", attacker)
		if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
			t.Fatalf("attacker's 11th attempt: %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
		}
		body := map[string]string{"email": "coordinator@example.org", "password": demo.Password}
		api := a.api(http.MethodPost, "/api/v1/auth/tokens", "", body, "X-Forwarded-For", attacker)
		if api.status != http.StatusTooManyRequests || api.header.Get("Retry-After") == "" {
			t.Fatalf("attacker's API token: %d %q", api.status, api.header.Get("Retry-After"))
		}
		// The real person, from elsewhere, signs in on both faces.
		if r := a.client().post("/login", good(), "X-Forwarded-For", victim); r.status != http.StatusSeeOther {
			t.Fatalf("the real coordinator's page sign-in: %d %s", r.status, regexpFind(t, `(?s)<main[^>]*>(.*)</main>`, r.body))
		}
		if api := a.api(http.MethodPost, "/api/v1/auth/tokens", "", body, "X-Forwarded-For", victim); api.status != http.StatusCreated {
			t.Fatalf("the real coordinator's API token: %d %s", api.status, api.body)
		}
		// Ten failures on one account do not shut the address out of
		// others (an office behind one address shares it): the per-address
		// limit is LoginIPLimit.
		staff := url.Values{"email": {"staff@example.org"}, "password": {demo.Password}}
		if r := a.client().post("/login", staff, "X-Forwarded-For", attacker); r.status != http.StatusSeeOther {
			t.Fatalf("another account from the attacker's address: %d", r.status)
		}
	})
}
