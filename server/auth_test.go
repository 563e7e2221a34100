package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestSignInAndOut(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()

		if r := c.get("/login"); r.status != http.StatusOK || !strings.Contains(r.body, `name="csrf_token"`) {
			t.Fatalf("GET /login: %d", r.status)
		}
		// A wrong password and an unknown e-mail get the same answer.
		wrong := c.post("/login", url.Values{"email": {"learner@example.org"}, "password": {"not-the-password"}})
		unknown := c.post("/login", url.Values{"email": {"nobody@example.org"}, "password": {"not-the-password"}})
		if wrong.status != http.StatusUnauthorized || unknown.status != http.StatusUnauthorized {
			t.Fatalf("failed logins: %d and %d, want 401", wrong.status, unknown.status)
		}
		const msg = "The e-mail address or password is not right."
		if !strings.Contains(wrong.body, msg) || !strings.Contains(unknown.body, msg) {
			t.Fatalf("failed login pages do not both say %q", msg)
		}
		if !strings.Contains(wrong.body, `href="#f-email"`) {
			t.Error("error summary does not link to the e-mail field")
		}

		c.login("learner@example.org")
		home := c.get("/")
		if !strings.Contains(home.body, "Souksavanh Phommachanh") {
			t.Fatalf("home after sign-in does not show the learner's name")
		}
		if n := storetest.Count(t, db, "sessions"); n != 1 {
			t.Fatalf("sessions after sign-in = %d, want 1", n)
		}
		var hash string
		db.Gorm.Table("sessions").Select("token_hash").Scan(&hash)
		u, _ := url.Parse(a.srv.URL)
		for _, ck := range c.http.Jar.Cookies(u) {
			if ck.Name == "baeum_session" && (ck.Value == hash || ck.Value == "") {
				t.Fatal("the session cookie is stored in the database as is")
			}
		}

		if r := c.post("/logout", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("logout: %d", r.status)
		}
		if n := storetest.Count(t, db, "sessions"); n != 0 {
			t.Fatalf("sessions after sign-out = %d, want 0", n)
		}
		if strings.Contains(c.get("/").body, "Souksavanh") {
			t.Fatal("home still shows the user after sign-out")
		}
		if r := c.get("/account"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login") {
			t.Fatalf("GET /account after sign-out: %d %s", r.status, r.header.Get("Location"))
		}
	})
}

func TestSessionCookieFlags(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		r := c.post("/login", url.Values{"email": {"admin@example.org"}, "password": {"baeum-demo"}})
		var found bool
		for _, sc := range r.header.Values("Set-Cookie") {
			if strings.HasPrefix(sc, "baeum_session=") {
				found = true
				if !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Lax") {
					t.Errorf("session cookie flags: %s", sc)
				}
			}
		}
		if !found {
			t.Fatal("no session cookie set")
		}
	})
}

func TestCSRFRejected(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		c.login("admin@example.org")
		before := storetest.Count(t, a.db, "users")
		form := url.Values{"email": {"new@example.org"}, "name": {"New Person"}, "role": {"learner"}, "password": {"long-enough-pw"}}

		// No token, a wrong token, and a token from another browser are refused.
		other := a.client().csrf()
		for _, tok := range []string{"", "wrong", other} {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set("csrf_token", tok)
			if r := c.post("/admin/users", f); r.status != http.StatusForbidden {
				t.Errorf("token %q: status %d, want 403", tok, r.status)
			}
		}
		if n := storetest.Count(t, a.db, "users"); n != before {
			t.Fatalf("a forged form created a user (%d → %d)", before, n)
		}
		// Sign-out is a state change too.
		if r := c.post("/logout", url.Values{"csrf_token": {"x"}}); r.status != http.StatusForbidden {
			t.Errorf("logout without token: %d", r.status)
		}
		if r := c.post("/admin/users", form); r.status != http.StatusSeeOther {
			t.Fatalf("with the right token: %d %.200s", r.status, r.body)
		}
	})
}

func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		bad := url.Values{"email": {"coordinator@example.org"}, "password": {"wrong-password"}}
		for i := 0; i < 10; i++ {
			if r := c.post("/login", bad); r.status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i+1, r.status)
			}
		}
		r := c.post("/login", url.Values{"email": {"coordinator@example.org"}, "password": {"baeum-demo"}})
		if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
			t.Fatalf("11th attempt with the right password: %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
		}
		if !strings.Contains(r.body, "Too many failed sign-in attempts") {
			t.Error("429 page does not explain the block")
		}
		// The API's token endpoint shares the limit.
		api := a.api(http.MethodPost, "/api/v1/auth/tokens", "", map[string]string{"email": "coordinator@example.org", "password": "baeum-demo"})
		if api.status != http.StatusTooManyRequests || api.header.Get("Retry-After") == "" {
			t.Fatalf("API token during the block: %d %q", api.status, api.header.Get("Retry-After"))
		}
		// Another account from the same address still signs in: ten
		// failures refuse the address for one account; the address as a
		// whole is refused only past LoginIPLimit (TestSignInLimitPerAddress).
		r = c.post("/login", url.Values{"email": {"staff@example.org"}, "password": {"baeum-demo"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("another account from the address: %d", r.status)
		}
	})
}

// TestSignInReplacesTheOldSession: signing in again in the same browser
// (as someone else) ends the session the browser had.
func TestSignInReplacesTheOldSession(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		c.login("learner@example.org")
		c.login("learner.gh@example.org")
		if n := storetest.Count(t, a.db, "sessions"); n != 1 {
			t.Fatalf("%d sessions after signing in twice, want 1", n)
		}
		if !strings.Contains(c.get("/").body, "Ama Owusu") {
			t.Fatal("the browser is not signed in as the second account")
		}
	})
}
