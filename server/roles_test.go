package server_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// roleEmails are the demo accounts by role; "" is an anonymous visitor.
var roleEmails = map[string]string{
	"anon":        "",
	"learner":     "learner@example.org",
	"coordinator": "coordinator@example.org",
	"staff":       "staff@example.org",
	"admin":       "admin@example.org",
}

var roleOrder = []string{"anon", "learner", "coordinator", "staff", "admin"}

// want lists the expected status per role, in roleOrder.
type want [5]int

const (
	ok        = http.StatusOK
	created   = http.StatusCreated
	noContent = http.StatusNoContent
	see       = http.StatusSeeOther
	unauth    = http.StatusUnauthorized
	forbid    = http.StatusForbidden
	notFound  = http.StatusNotFound
	invalid   = http.StatusUnprocessableEntity
)

// TestPageRoutesByRole is the route × role table for every page this
// foundation adds.
func TestPageRoutesByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		learner, err := a.acc.UserByEmail(t.Context(), "learner@example.org")
		if err != nil {
			t.Fatal(err)
		}
		userPath := "/admin/users/" + itoa(learner.ID)

		routes := []struct {
			method, path string
			form         url.Values
			want         want
		}{
			{"GET", "/", nil, want{ok, ok, ok, ok, ok}},
			{"GET", "/login", nil, want{ok, see, see, see, see}},
			{"GET", "/account", nil, want{see, ok, ok, ok, ok}},
			{"GET", "/password/forgot", nil, want{ok, ok, ok, ok, ok}},
			{"GET", "/password/p_notatoken", nil, want{notFound, notFound, notFound, notFound, notFound}},
			{"POST", "/password/p_notatoken", url.Values{"password": {"long-enough-pw"}, "confirm": {"long-enough-pw"}}, want{notFound, notFound, notFound, notFound, notFound}},
			{"POST", "/account/locale", url.Values{"locale": {"ko"}}, want{see, see, see, see, see}},
			{"POST", "/account/locale", url.Values{"locale": {"xx"}}, want{see, invalid, invalid, invalid, invalid}},
			{"GET", "/account/tokens", nil, want{see, ok, ok, ok, ok}},
			{"POST", "/account/profile", url.Values{"name": {""}}, want{see, invalid, invalid, invalid, invalid}},
			{"POST", "/account/tokens", url.Values{"name": {"script"}}, want{see, created, created, created, created}},
			{"POST", "/account/tokens/999999/revoke", url.Values{}, want{see, notFound, notFound, notFound, notFound}},
			{"GET", "/admin/users", nil, want{see, forbid, forbid, forbid, ok}},
			{"POST", "/admin/users", url.Values{"email": {""}}, want{see, forbid, forbid, forbid, invalid}},
			{"GET", userPath, nil, want{see, forbid, forbid, forbid, ok}},
			{"POST", userPath, url.Values{"name": {""}, "role": {"learner"}, "active": {"1"}}, want{see, forbid, forbid, forbid, invalid}},
			{"GET", "/admin/users/999999", nil, want{see, forbid, forbid, forbid, notFound}},
			{"GET", "/admin/audit", nil, want{see, forbid, forbid, forbid, ok}},
			{"GET", "/healthz", nil, want{ok, ok, ok, ok, ok}},
			{"GET", "/readyz", nil, want{ok, ok, ok, ok, ok}},
			{"GET", "/metrics", nil, want{ok, ok, ok, ok, ok}},
			{"GET", "/no-such-page", nil, want{notFound, notFound, notFound, notFound, notFound}},
			{"POST", "/login", url.Values{"email": {"x@example.org"}, "password": {"wrong-password"}}, want{unauth, unauth, unauth, unauth, unauth}},
			{"POST", "/logout", url.Values{}, want{see, see, see, see, see}},
		}
		for i, role := range roleOrder {
			c := a.client()
			if email := roleEmails[role]; email != "" {
				c.login(email)
			}
			for _, rt := range routes {
				if rt.path == "/logout" || (rt.path == "/login" && rt.method == "POST") {
					continue // run last: they end the session
				}
				var r resp
				if rt.method == "GET" {
					r = c.get(rt.path)
				} else {
					r = c.post(rt.path, cloneForm(rt.form))
				}
				if r.status != rt.want[i] {
					t.Errorf("%s %s as %s: %d, want %d", rt.method, rt.path, role, r.status, rt.want[i])
				}
			}
			for _, rt := range routes {
				if rt.path == "/logout" || (rt.path == "/login" && rt.method == "POST") {
					if r := c.post(rt.path, cloneForm(rt.form)); r.status != rt.want[i] {
						t.Errorf("%s %s as %s: %d, want %d", rt.method, rt.path, role, r.status, rt.want[i])
					}
				}
			}
		}
	})
}

// TestAPIRoutesByRole is the route × role table for every API operation this
// foundation adds. Unauthorised callers are refused before the body is
// validated.
func TestAPIRoutesByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		tokens := map[string]string{}
		for role, email := range roleEmails {
			if email != "" {
				tokens[role] = a.token(email)
			}
		}
		learner, _ := a.acc.UserByEmail(t.Context(), "learner.gh@example.org")
		userPath := "/api/v1/users/" + itoa(learner.ID)

		routes := []struct {
			method, path string
			body         any
			want         want
		}{
			{"POST", "/api/v1/auth/tokens", map[string]string{"email": "x@example.org", "password": "wrong"}, want{unauth, unauth, unauth, unauth, unauth}},
			{"GET", "/api/v1/auth/tokens", nil, want{unauth, ok, ok, ok, ok}},
			{"DELETE", "/api/v1/auth/tokens/999999", nil, want{unauth, notFound, notFound, notFound, notFound}},
			{"GET", "/api/v1/me", nil, want{unauth, ok, ok, ok, ok}},
			{"PATCH", "/api/v1/me", map[string]string{"name": ""}, want{unauth, invalid, invalid, invalid, invalid}},
			{"GET", "/api/v1/users", nil, want{unauth, forbid, forbid, forbid, ok}},
			{"POST", "/api/v1/users", map[string]string{}, want{unauth, forbid, forbid, forbid, invalid}},
			{"GET", userPath, nil, want{unauth, forbid, forbid, forbid, ok}},
			{"GET", "/api/v1/users/999999", nil, want{unauth, forbid, forbid, forbid, notFound}},
			{"PATCH", userPath, map[string]string{"name": ""}, want{unauth, forbid, forbid, forbid, invalid}},
			{"GET", "/api/v1/audit", nil, want{unauth, forbid, forbid, forbid, ok}},
			{"GET", "/api/v1/openapi.json", nil, want{ok, ok, ok, ok, ok}},
		}
		for i, role := range roleOrder {
			for _, rt := range routes {
				r := a.api(rt.method, rt.path, tokens[role], rt.body)
				if r.status != rt.want[i] {
					t.Errorf("%s %s as %s: %d, want %d (%.200s)", rt.method, rt.path, role, r.status, rt.want[i], r.body)
				}
			}
		}
	})
}

func cloneForm(f url.Values) url.Values {
	out := url.Values{}
	for k, v := range f {
		out[k] = append([]string(nil), v...)
	}
	return out
}
