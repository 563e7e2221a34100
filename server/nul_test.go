package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// A NUL character anywhere a handler could store or query it is a
// translated 422 that names the field, on both databases, before and after
// sign-in; PostgreSQL answered 500 to each of these.
func TestNULIsRefusedNamingTheField(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		co := a.token("coordinator@example.org")
		learner := a.token("learner@example.org")
		prog := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/programmes", co, map[string]any{
			"code": "LOGODI-EL", "type": "e_learning", "default_locale": "en", "title": "E-learning",
		}), http.StatusCreated, "programme").body)
		course := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/courses", co, map[string]any{
			"programme_id": prog.ID, "code": "EL-101", "delivery": "online", "duration_hours": 3, "default_locale": "en",
			"pass_mark": 50, "title": "Local finance", "summary": "Budgets.",
		}), http.StatusCreated, "course").body)
		modules := "/api/v1/courses/" + itoa(course.ID) + "/modules"
		api := []struct {
			name, method, path, token string
			body                      any
			location                  string
		}{
			{"token e-mail", "POST", "/api/v1/auth/tokens", "", `{"email":"a\u0000@x.org","password":"x","name":"n"}`, "body.email"},
			{"own profile", "PATCH", "/api/v1/me", learner, `{"position":"Head\u0000"}`, "body.position"},
			{"module title", "POST", modules, co, `{"title":"Bud\u0000gets"}`, "body.title"},
			{"nested", "POST", modules, co, `{"title":"ok","x":[{"y":"\u0000"}]}`, "body.x[0].y"},
			{"course search", "GET", "/api/v1/courses?q=a%00b", co, nil, "query.q"},
			{"project search", "GET", "/api/v1/projects?q=a%00b", a.token("staff@example.org"), nil, "query.q"},
			{"user search", "GET", "/api/v1/users?q=a%00b", a.token("admin@example.org"), nil, "query.q"},
		}
		for _, tc := range api {
			r := a.api(tc.method, tc.path, tc.token, tc.body, "Accept-Language", "ko")
			if r.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422 (%.300s)", tc.name, r.status, r.body)
				continue
			}
			if !strings.Contains(r.body, `"location":"`+tc.location+`"`) || !strings.Contains(r.body, "NUL 문자") {
				t.Errorf("%s: the problem does not name %s in Korean: %s", tc.name, tc.location, r.body)
			}
		}
		// Pages: the catalogue's search and a signed-in form post.
		c := a.client()
		if r := c.get("/courses?q=a%00b"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "“q”") {
			t.Errorf("/courses?q= with NUL: %d %.300s", r.status, r.body)
		}
		c.login("learner@example.org")
		r := c.post("/account", url.Values{"name": {"Somsak\x00"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "“name”") {
			t.Errorf("/account with NUL: %d %.300s", r.status, r.body)
		}
		// Nothing with a NUL was stored, and ordinary requests still work.
		if r := a.api("GET", "/api/v1/courses?q=budget", co, nil); r.status != http.StatusOK {
			t.Errorf("ordinary search: %d", r.status)
		}
		if r := a.api("POST", modules, co, `{"title":"Back\\u0000slash is text"}`); r.status != http.StatusCreated {
			t.Errorf("an escaped backslash before u0000 is not a NUL: %d %s", r.status, r.body)
		}
	})
}
