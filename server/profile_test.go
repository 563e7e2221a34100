package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestLearnersKeepTheirProfile: an applicant fills in position,
// organisation and gender on the account page and through the API, and can
// never change their own role that way.
func TestLearnersKeepTheirProfile(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		c.login("learner.et@example.org")
		r := c.post("/account/profile", url.Values{"name": {"Abebe Kebede"}, "native_name": {"አበበ ከበደ"}, "position": {"Planning officer"},
			"organisation": {"Ministry of Urban Development"}, "country": {"ET"}, "gender": {"robot"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#f-gender"`) {
			t.Fatalf("bad gender: %d", r.status)
		}
		r = c.post("/account/profile", url.Values{"name": {"Abebe Kebede"}, "native_name": {"አበበ ከበደ"}, "position": {"Planning officer"},
			"organisation": {"Ministry of Urban Development"}, "country": {"ET"}, "gender": {"male"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("save profile: %d %.300s", r.status, r.body)
		}
		u, _ := a.acc.UserByEmail(t.Context(), "learner.et@example.org")
		if u.Position != "Planning officer" || u.Organisation != "Ministry of Urban Development" || u.Gender != "male" || u.Role != "learner" {
			t.Fatalf("profile: %+v", u)
		}
		tok := a.token("learner.et@example.org")
		me := apiExpect(t, a.api("PATCH", "/api/v1/me", tok, map[string]any{"position": "Director"}), http.StatusOK, "patch me")
		if !strings.Contains(me.body, `"position":"Director"`) {
			t.Fatalf("patch me: %s", me.body)
		}
		apiExpect(t, a.api("PATCH", "/api/v1/me", tok, map[string]any{"role": "admin"}), http.StatusUnprocessableEntity, "raise own role")
		if u, _ = a.acc.UserByEmail(t.Context(), "learner.et@example.org"); u.Role != "learner" {
			t.Fatal("a learner made themselves admin")
		}
		if n := storetest.Count(t, db, "audit_log", "action = ?", "user.profile"); n != 2 {
			t.Fatalf("%d profile audit entries", n)
		}
	})
}
