package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestProjectPagesByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := projectFixture(t, a)
		pp := fmt.Sprintf("/projects/%d", f.project)
		ip := fmt.Sprintf("%s/indicators/%d", pp, f.indicator)
		rp := fmt.Sprintf("%s/reports/%d", pp, f.report)
		// anon, learner (member), coordinator, staff, admin, outsider (learner, not a member)
		routes := []pageRoute[want6]{
			{"GET", "/projects", nil, want6{see, ok, ok, ok, ok, ok}},
			{"GET", "/projects/dashboard", nil, want6{see, forbid, ok, ok, ok, forbid}},
			{"GET", "/projects/export.csv?country=LA", nil, want6{see, ok, ok, ok, ok, ok}},
			{"GET", "/projects/export.xlsx", nil, want6{see, ok, ok, ok, ok, ok}},
			{"GET", "/projects/dashboard?kind=consulting&country=LA&year=2021&phase=launch&status=active", nil, want6{see, forbid, ok, ok, ok, forbid}},
			{"GET", "/projects/new", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", "/projects", url.Values{"code": {""}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", pp, nil, want6{see, ok, ok, ok, ok, notFound}},
			{"GET", pp + "/export.xlsx", nil, want6{see, ok, ok, ok, ok, notFound}},
			{"GET", pp + "/export.csv", nil, want6{see, ok, ok, ok, ok, notFound}},
			{"GET", "/projects/999999", nil, want6{see, notFound, notFound, notFound, notFound, notFound}},
			{"GET", pp + "/edit", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", pp, url.Values{"code": {""}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", pp + "/translate", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", pp + "/translate", url.Values{"locale": {"xx"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", pp + "/phase", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", pp + "/phase", url.Values{"to": {"pilot_project"}, "on": {"2021-01-01"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", pp + "/hold", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", pp + "/hold", url.Values{"on": {"2021-01-01"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"POST", pp + "/resume", url.Values{"on": {"2021-01-01"}}, want6{see, forbid, forbid, http.StatusConflict, http.StatusConflict, forbid}},
			{"GET", pp + "/members", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", pp + "/members", url.Values{"email": {"nobody@example.org"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", pp + "/milestones", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", pp + "/milestones", url.Values{"title": {"x"}, "due_on": {"1999-01-01"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", pp + "/budget", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", pp + "/budget", url.Values{"year": {"2021"}, "category": {"x"}, "planned": {"-1"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", pp + "/disbursements", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", pp + "/disbursements", url.Values{"budget_line_id": {fmt.Sprint(f.line)}, "paid_on": {"2021-02-01"}, "amount": {"1.234"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", pp + "/indicators", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", pp + "/indicators", url.Values{"title": {""}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", ip, nil, want6{see, ok, ok, ok, ok, notFound}},
			{"GET", ip + "/values", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", ip + "/values", url.Values{"on": {"2040-01-01"}, "value": {"5"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"POST", pp + "/indicators/999999/values", url.Values{"on": {"2021-01-01"}, "value": {"5"}}, want6{see, forbid, forbid, notFound, notFound, forbid}},
			{"GET", ip + "/translate", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"GET", pp + "/reports", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", pp + "/reports", url.Values{"period_start": {"2021-01-01"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", rp, nil, want6{see, ok, ok, ok, ok, notFound}},
			{"POST", rp + "/narrative", url.Values{"locale": {"en"}, "narrative": {""}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"POST", rp + "/approve", url.Values{}, want6{see, forbid, forbid, http.StatusConflict, http.StatusConflict, forbid}},
			{"POST", fmt.Sprintf("%s/members/%d/remove", pp, 999999), url.Values{}, want6{see, forbid, forbid, notFound, notFound, forbid}},
			{"POST", fmt.Sprintf("%s/milestones/%d/done", pp, f.mid), url.Values{"done_on": {"bad"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
		}
		checkPages(t, a, projectRoleOrder, projectEmails, routes)
	})
}

// TestProjectFormsShowErrors: a bad form comes back with the error summary
// linking to the field, the message beside it, and the values kept.
func TestProjectFormsShowErrors(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		c.login("staff@example.org")
		r := c.post("/projects", url.Values{"code": {"MN-2012"}, "kind": {"consulting"}, "title": {"e-Government"}, "country": {"MN"},
			"starts_on": {"2012-03-01"}, "ends_on": {"2012-12-31"}, "status": {"planned"}, "budget": {"-10"}, "currency": {"ABC"}, "default_locale": {"en"}})
		if r.status != invalid {
			t.Fatalf("bad project: %d", r.status)
		}
		for _, want := range []string{`href="#f-budget"`, `href="#f-currency"`, `id="e-budget"`, `value="MN-2012"`, `aria-invalid="true"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("error page lacks %s", want)
			}
		}
		r = c.post("/projects", url.Values{"code": {"MN-2012"}, "kind": {"consulting"}, "title": {"e-Government"}, "country": {"MN"},
			"starts_on": {"2012-03-01"}, "ends_on": {"2013-12-31"}, "status": {"planned"}, "budget": {"150000"}, "currency": {"USD"}, "default_locale": {"en"}})
		if r.status != see || !strings.HasPrefix(r.header.Get("Location"), "/projects/") {
			t.Fatalf("create: %d %s %.300s", r.status, r.header.Get("Location"), r.body)
		}
		loc := r.header.Get("Location")
		// The demo staff member reads Korean.
		page := c.get(loc)
		if page.status != ok || !strings.Contains(page.body, "사업을 만들었습니다.") || !strings.Contains(page.body, `aria-current="step"`) ||
			!strings.Contains(page.body, "협력국 및 분야 선정") || !strings.Contains(page.body, "사업 진행 단계") {
			t.Errorf("project page: %d %.300s", page.status, page.body)
		}
		if en := c.get(loc + "?lang=en"); !strings.Contains(en.body, "Selection of partner country and area") {
			t.Errorf("English project page lacks the phase names")
		}
		// Skipping a phase without a reason is refused with the reason field named.
		r = c.post(loc+"/phase", url.Values{"to": {"launch"}, "on": {"2012-04-01"}})
		if r.status != invalid || !strings.Contains(r.body, `href="#f-reason"`) {
			t.Errorf("skip without reason: %d", r.status)
		}
		r = c.post(loc+"/phase", url.Values{"to": {"policy_discussion"}, "on": {"2012-04-01"}, "note": {"Agreed with the ministry"}})
		if r.status != see {
			t.Fatalf("forward: %d %.300s", r.status, r.body)
		}
		if page := c.get(loc); !strings.Contains(page.body, "Prior policy discussion") || !strings.Contains(page.body, "Agreed with the ministry") {
			t.Errorf("the page does not show the new phase and note")
		}
	})
}
