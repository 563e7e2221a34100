package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestAdminManagesUsersThroughPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		c.login("admin@example.org")
		c.get("/?lang=en") // the demo admin reads Korean; these checks read English

		// Every field wrong at once: the page shows a summary linking to each.
		r := c.post("/admin/users", url.Values{"email": {"bad"}, "name": {""}, "role": {"pilot"}, "password": {"short"}, "country": {"ZZ"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("invalid create: %d", r.status)
		}
		for _, f := range []string{"email", "name", "role", "password", "country"} {
			if !strings.Contains(r.body, `href="#f-`+f+`"`) {
				t.Errorf("error summary lacks a link to %s", f)
			}
		}
		if !strings.Contains(r.body, `value="bad"`) {
			t.Error("the form lost what was typed")
		}

		r = c.post("/admin/users", url.Values{
			"email": {"Kofi.Mensah@Example.org"}, "name": {"Kofi Mensah"}, "role": {"learner"},
			"password": {"a-long-password"}, "country": {"GH"}, "locale": {"en"},
		})
		if r.status != http.StatusSeeOther {
			t.Fatalf("create: %d %.300s", r.status, r.body)
		}
		loc := r.header.Get("Location")
		u, err := a.acc.UserByEmail(t.Context(), "kofi.mensah@example.org")
		if err != nil || u.Country != "GH" || u.Role != "learner" || !u.Active {
			t.Fatalf("created user: %+v %v", u, err)
		}
		page := c.get(loc)
		if !strings.Contains(page.body, "user.create") || !strings.Contains(page.body, "The user is created.") {
			t.Fatal("user page lacks the audit entry or the confirmation")
		}

		// The new user signs in and gets a token; deactivation ends both.
		kofi := a.client()
		r = kofi.post("/login", url.Values{"email": {"kofi.mensah@example.org"}, "password": {"a-long-password"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("new user's sign-in: %d", r.status)
		}
		tok := a.api(http.MethodPost, "/api/v1/auth/tokens", "", map[string]string{"email": "kofi.mensah@example.org", "password": "a-long-password"})
		token := decode[struct{ Token string }](t, tok.body).Token

		r = c.post(loc, url.Values{"name": {"Kofi Mensah"}, "role": {"coordinator"}, "country": {"GH"}, "locale": {"en"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("deactivate: %d %.300s", r.status, r.body)
		}
		if r := kofi.get("/account"); r.status != http.StatusSeeOther {
			t.Errorf("deactivated user's session still works: %d", r.status)
		}
		if r := a.api(http.MethodGet, "/api/v1/me", token, nil); r.status != http.StatusUnauthorized {
			t.Errorf("deactivated user's token still works: %d", r.status)
		}
		if r := kofi.post("/login", url.Values{"email": {"kofi.mensah@example.org"}, "password": {"a-long-password"}}); r.status != http.StatusUnauthorized {
			t.Errorf("deactivated user can sign in: %d", r.status)
		}
		if n := storetest.Count(t, db, "audit_log", "action = ? AND entity_id = ?", "user.deactivate", u.ID); n != 1 {
			t.Fatalf("user.deactivate entries = %d", n)
		}
		var detail string
		db.Gorm.Table("audit_log").Where("action = ?", "user.deactivate").Select("detail").Scan(&detail)
		if !strings.Contains(detail, `"role":{"from":"learner","to":"coordinator"}`) {
			t.Errorf("audit detail does not record the role change: %s", detail)
		}

		audit := c.get("/admin/audit")
		if audit.status != http.StatusOK || !strings.Contains(audit.body, "user.deactivate") || !strings.Contains(audit.body, "admin@example.org") {
			t.Fatal("audit page does not show the deactivation by the admin")
		}
	})
}

func TestAdminManagesUsersThroughAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		admin := a.token("admin@example.org")
		r := a.api(http.MethodPost, "/api/v1/users", admin, map[string]string{
			"email": "oyun@example.org", "name": "Oyunchimeg Bat", "native_name": "Оюунчимэг Бат",
			"role": "learner", "password": "a-long-password", "country": "MN", "locale": "ru",
		})
		if r.status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		u := decode[struct {
			ID         int64
			NativeName string `json:"native_name"`
		}](t, r.body)
		if u.NativeName != "Оюунчимэг Бат" {
			t.Fatalf("native name: %q", u.NativeName)
		}
		path := "/api/v1/users/" + itoa(u.ID)
		r = a.api(http.MethodPatch, path, admin, map[string]any{"role": "staff", "active": false})
		if r.status != http.StatusOK || !strings.Contains(r.body, `"role":"staff"`) || !strings.Contains(r.body, `"active":false`) {
			t.Fatalf("patch: %d %s", r.status, r.body)
		}
		list := a.api(http.MethodGet, "/api/v1/users?q=oyun&role=staff", admin, nil)
		if !strings.Contains(list.body, `"total":1`) {
			t.Fatalf("filtered list: %s", list.body)
		}
		audit := a.api(http.MethodGet, "/api/v1/audit?entity_type=user&entity_id="+itoa(u.ID), admin, nil)
		body := decode[struct {
			Entries []struct {
				Action     string
				ActorEmail string `json:"actor_email"`
			}
			Total int
		}](t, audit.body)
		if body.Total != 2 || body.Entries[0].Action != "user.deactivate" || body.Entries[1].Action != "user.create" || body.Entries[0].ActorEmail != "admin@example.org" {
			t.Fatalf("audit: %s", audit.body)
		}

		// The last active admin cannot be demoted or deactivated.
		me := decode[struct{ ID int64 }](t, a.api(http.MethodGet, "/api/v1/me", admin, nil).body)
		r = a.api(http.MethodPatch, "/api/v1/users/"+itoa(me.ID), admin, map[string]any{"active": false})
		if r.status != http.StatusConflict {
			t.Fatalf("deactivating the last admin: %d %s", r.status, r.body)
		}
	})
}
