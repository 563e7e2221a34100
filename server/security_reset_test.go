package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestPasswordResetEndsAllAccess: setting a new password from a reset link
// revokes every API token and ends every session made with the old one;
// only the browser that set it is signed in afterwards.
func TestPasswordResetEndsAllAccess(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		token := a.token("learner.gh@example.org")
		other := a.client()
		other.login("learner.gh@example.org")

		b := a.client()
		if r := b.post("/password/forgot", url.Values{"email": {"learner.gh@example.org"}}); r.status != http.StatusSeeOther {
			t.Fatalf("forgot: %d", r.status)
		}
		var body string
		db.Gorm.Table("mail_outbox").Where("to_address = ?", "learner.gh@example.org").Select("body").Scan(&body)
		link := reLink.FindStringSubmatch(body)
		if link == nil {
			t.Fatalf("reset mail without a link: %q", body)
		}
		if r := b.post("/password/"+link[1], url.Values{"password": {"a-new-password"}, "confirm": {"a-new-password"}}); r.status != http.StatusSeeOther {
			t.Fatalf("set password: %d", r.status)
		}
		if r := a.api(http.MethodGet, "/api/v1/me", token, nil); r.status != http.StatusUnauthorized {
			t.Errorf("a token made before the reset: %d, want 401", r.status)
		}
		if r := other.get("/account"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login") {
			t.Errorf("another browser's session after the reset: %d %s", r.status, r.header.Get("Location"))
		}
		if r := b.get("/account"); r.status != http.StatusOK {
			t.Errorf("the browser that set the password: %d, want signed in", r.status)
		}
		if n := storetest.Count(t, db, "api_tokens", "revoked_at IS NULL"); n != 0 {
			t.Errorf("%d tokens left unrevoked", n)
		}
	})
}
