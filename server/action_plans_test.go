package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestActionPlans: a trainee writes an action plan on the page (a refused
// one keeps what was typed, each error on its field) and through the API;
// the cohort's coordinator reads every plan on the cohort's page and the
// API; nobody else reads or writes it.
func TestActionPlans(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		if _, err := a.acc.CreateUser(context.Background(), accountsActor(), newCoordinator("other.coord@example.org")); err != nil {
			t.Fatal(err)
		}
		fx := newCertFixture(t, a, "PLANS")
		eid := fx.enrolments["learner@example.org"]
		path := fmt.Sprintf("/action-plans/%d", eid)
		lc := a.client()
		lc.login("learner@example.org")
		if r := lc.get(fmt.Sprintf("/courses/%d", fx.cohort.CourseID)); !strings.Contains(r.body, `data-testid="action-plan-link"`) {
			t.Error("the course page does not link the action plan")
		}
		what := "ຈັດກອງປະຊຸມບ້ານ — hold a village meeting on the road project"
		r := lc.post(path, url.Values{"what": {what}, "by_when": {"next spring"}, "with_whom": {"district office"}})
		page := html.UnescapeString(r.body)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(page, "YYYY-MM-DD") || !strings.Contains(page, what) || !strings.Contains(page, "district office") {
			t.Fatalf("bad date: %d %.1500s", r.status, page)
		}
		if r := lc.post(path, url.Values{"what": {"  "}, "by_when": {"2027-06-30"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="e-what"`) {
			t.Errorf("empty plan: %d", r.status)
		}
		if r := lc.post(path, url.Values{"what": {what}, "by_when": {"2027-06-30"}, "with_whom": {"district office"}}); r.status != http.StatusSeeOther {
			t.Fatalf("save: %d %.500s", r.status, r.body)
		}
		if r := lc.get(path); !strings.Contains(html.UnescapeString(r.body), what) || !strings.Contains(r.body, `value="2027-06-30"`) {
			t.Error("the saved plan is not shown again")
		}
		// The API: the trainee updates it; others may not write.
		tok := a.token("learner@example.org")
		if r := a.api(http.MethodPut, fmt.Sprintf("/api/v1/enrolments/%d/action-plan", eid), tok, map[string]any{"what": what + ", then a second one", "by_when": "2027-07-31"}); r.status != http.StatusOK || !strings.Contains(r.body, `"by_when":"2027-07-31"`) {
			t.Errorf("API save: %d %s", r.status, r.body)
		}
		if r := a.api(http.MethodPut, fmt.Sprintf("/api/v1/enrolments/%d/action-plan", eid), tok, map[string]any{"what": "x", "by_when": "31/07/2027"}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "by_when") {
			t.Errorf("API bad date: %d %s", r.status, r.body)
		}
		// The coordinator in charge reads them all, and may not write one.
		cc := a.client()
		cc.login("coordinator@example.org")
		list := cc.get(fmt.Sprintf("/coordinate/cohorts/%d/action-plans", fx.cohort.ID))
		if list.status != http.StatusOK || !strings.Contains(html.UnescapeString(list.body), "then a second one") || !strings.Contains(list.body, "2027-07-31") {
			t.Errorf("cohort plans: %d", list.status)
		}
		if r := cc.post(path, url.Values{"what": {"coordinator's words"}, "by_when": {"2027-01-01"}}); r.status != http.StatusForbidden {
			t.Errorf("coordinator writing a trainee's plan: %d", r.status)
		}
		ct := a.token("coordinator@example.org")
		if r := a.api(http.MethodGet, fmt.Sprintf("/api/v1/cohorts/%d/action-plans", fx.cohort.ID), ct, nil); r.status != http.StatusOK || !strings.Contains(r.body, "then a second one") {
			t.Errorf("API cohort plans: %d %s", r.status, r.body)
		}
		// Others: another coordinator, another trainee.
		oc := a.client()
		oc.login("other.coord@example.org")
		if r := oc.get(fmt.Sprintf("/coordinate/cohorts/%d/action-plans", fx.cohort.ID)); r.status == http.StatusOK {
			t.Error("a coordinator not in charge read the plans")
		}
		if r := oc.get(path); r.status == http.StatusOK {
			t.Error("a coordinator not in charge read a plan")
		}
		vc := a.client()
		vc.login("learner.vn@example.org")
		if r := vc.get(path); r.status == http.StatusOK {
			t.Error("another trainee read the plan")
		}
	})
}
