package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/demo"
	"github.com/baeum-lms/baeum/server"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

// TestHSTSOnlyBehindHTTPS: pages and the API tell browsers to keep to https
// when the base URL is https, and say nothing of the kind over plain http.
func TestHSTSOnlyBehindHTTPS(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, store.SQLite) // no storage involved
	secure := newAppWith(t, db, func(c *server.Config) { c.Secure, c.BaseURL = true, "https://lms.example.org" })
	plain := newApp(t, storetest.New(t, store.SQLite))
	for _, path := range []string{"/login", "/api/v1/openapi.json", "/nope"} {
		if got := secure.client().get(path).header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
			t.Errorf("https %s: Strict-Transport-Security %q", path, got)
		}
		if got := plain.client().get(path).header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("http %s: Strict-Transport-Security %q", path, got)
		}
	}
}

// rawCookies sends a request with the given cookies by hand (a cookie jar
// keeps Secure cookies away from the test server's http address) and
// returns the status and the cookies set.
func rawCookies(t *testing.T, a *app, method, path string, form url.Values, cookies []*http.Cookie) (int, []*http.Cookie) {
	t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, a.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, ck := range cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	return res.StatusCode, res.Cookies()
}

func cookieNamed(set []*http.Cookie, name string) *http.Cookie {
	for _, ck := range set {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

// TestFlashCookieIsSecureWhenCookiesAre: behind https the one-shot
// confirmation cookie is Secure like the session's, when set and when
// cleared; over http neither is.
func TestFlashCookieIsSecureWhenCookiesAre(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, secure := range []bool{true, false} {
			a := newAppWith(t, db, func(c *server.Config) { c.Secure = secure })
			_, set := rawCookies(t, a, http.MethodGet, "/login", nil, nil)
			csrf := cookieNamed(set, web.CSRFCookie)
			if csrf == nil {
				t.Fatal("no CSRF cookie")
			}
			form := url.Values{"email": {"learner@example.org"}, "password": {demo.Password}, web.CSRFField: {csrf.Value}}
			status, set := rawCookies(t, a, http.MethodPost, "/login", form, []*http.Cookie{csrf})
			flash, session := cookieNamed(set, "baeum_flash"), cookieNamed(set, "baeum_session")
			if status != http.StatusSeeOther || flash == nil || session == nil {
				t.Fatalf("secure=%v: sign-in %d, flash %v, session %v", secure, status, flash, session)
			}
			if flash.Secure != secure || session.Secure != secure {
				t.Errorf("secure=%v: flash Secure %v, session Secure %v", secure, flash.Secure, session.Secure)
			}
			_, set = rawCookies(t, a, http.MethodGet, "/", nil, []*http.Cookie{flash, session})
			cleared := cookieNamed(set, "baeum_flash")
			if cleared == nil || cleared.MaxAge >= 0 || cleared.Secure != secure {
				t.Errorf("secure=%v: flash cleared as %v", secure, cleared)
			}
		}
	})
}

// TestFormPostsCheckTheirOrigin: a form post that a browser says comes
// from another site is refused with 403 before any handler runs, even with
// a valid CSRF token; same-site posts, the base URL's origin and clients
// that send no origin pass; the bearer API is not concerned.
func TestFormPostsCheckTheirOrigin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppWith(t, db, func(c *server.Config) { c.BaseURL = "https://lms.example.org" })
		signIn := func(header ...string) int {
			form := url.Values{"email": {"learner@example.org"}, "password": {demo.Password}}
			return a.client().post("/login", form, header...).status
		}
		for _, h := range [][]string{
			{"Origin", "https://evil.example"},
			{"Origin", "null"},
			{"Origin", "https://lms.example.org.evil.example"},
			{"Sec-Fetch-Site", "cross-site"},
			{"Sec-Fetch-Site", "same-site"}, // a sibling subdomain is another site's page too
			{"Sec-Fetch-Site", "cross-site", "Origin", a.srv.URL},
		} {
			if got := signIn(h...); got != http.StatusForbidden {
				t.Errorf("sign-in with %v: %d, want 403", h, got)
			}
		}
		for _, h := range [][]string{
			nil, // no browser headers: the CSRF token decides
			{"Origin", a.srv.URL},
			{"Origin", "https://lms.example.org"}, // the base URL, when a proxy changes the Host
			{"Sec-Fetch-Site", "same-origin"},
			{"Sec-Fetch-Site", "same-origin", "Origin", a.srv.URL},
		} {
			if got := signIn(h...); got != http.StatusSeeOther {
				t.Errorf("sign-in with %v: %d, want 303", h, got)
			}
		}
		// A signed-in person's change from another site changes nothing.
		c := a.client()
		c.login("learner@example.org")
		r := c.post("/account/profile", url.Values{"name": {"Changed By Evil"}}, "Origin", "https://evil.example")
		if r.status != http.StatusForbidden || strings.Contains(c.get("/account").body, "Changed By Evil") {
			t.Errorf("cross-site profile change: %d", r.status)
		}
		// The API authenticates by bearer token and is not checked.
		api := a.api(http.MethodPost, "/api/v1/auth/tokens", "", map[string]string{"email": "learner@example.org", "password": demo.Password},
			"Origin", "https://evil.example")
		if api.status != http.StatusCreated {
			t.Errorf("API token with a foreign Origin: %d", api.status)
		}
	})
}
