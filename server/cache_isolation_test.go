package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

// TestCachesNeverCrossUsers: with the identity and catalogue caches warm,
// two learners and a visitor who take turns on the same pages each see
// only themselves: their own name, their own form token, their own
// enrolment state, and the API's /me answers each token with its own user.
func TestCachesNeverCrossUsers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "ISO-1", true)
		e := mustEnrol(t, a, "learner@example.org", f.Course.ID)
		type who struct {
			name, email string
			c           *client
			token       string
			enrolled    bool
		}
		people := []*who{
			{name: "Souksavanh", email: "learner@example.org", enrolled: true},
			{name: "Ama Owusu", email: "learner.gh@example.org"},
		}
		for _, p := range people {
			p.c = a.client()
			p.c.login(p.email)
			p.c.get("/?lang=en")
			p.token = a.token(p.email)
		}
		visitor := a.client()
		course := fmt.Sprintf("/courses/%d?lang=en", f.Course.ID)
		for round := range 3 {
			for _, p := range people {
				for _, path := range []string{"/courses?lang=en", course, "/my"} {
					r := p.c.get(path)
					if r.status != http.StatusOK {
						t.Fatalf("round %d, %s, %s: %d", round, p.email, path, r.status)
					}
					for _, q := range people {
						if has := strings.Contains(r.body, q.name); has != (q == p) {
							t.Errorf("round %d, %s sees %s on %s: %v", round, p.email, q.name, path, has)
						}
					}
					if tok := regexpFind(t, `name="`+web.CSRFField+`" value="([^"]+)"`, r.body); tok != p.c.csrf() {
						t.Errorf("round %d, %s on %s: a form token that is not theirs", round, p.email, path)
					}
					if got := r.header.Get("Cache-Control"); got != "no-store" {
						t.Errorf("%s on %s: Cache-Control %q, want no-store", p.email, path, got)
					}
				}
				page := p.c.get(course)
				learnLink := fmt.Sprintf("/learn/%d", e)
				if p.enrolled != strings.Contains(page.body, learnLink) || p.enrolled == strings.Contains(page.body, "/enrol\"") {
					t.Errorf("round %d, %s: the course page shows the wrong enrolment state (enrolled %v)", round, p.email, p.enrolled)
				}
				me := a.api(http.MethodGet, "/api/v1/me", p.token, nil)
				if me.status != http.StatusOK || !strings.Contains(me.body, `"email":"`+p.email+`"`) {
					t.Errorf("round %d, /me for %s's token: %d %s", round, p.email, me.status, me.body)
				}
			}
			r := visitor.get("/courses?lang=en")
			for _, q := range people {
				if strings.Contains(r.body, q.name) {
					t.Errorf("round %d, the visitor sees %s", round, q.name)
				}
			}
		}
		if people[0].c.csrf() == people[1].c.csrf() {
			t.Error("the two learners share a form token")
		}
	})
}
