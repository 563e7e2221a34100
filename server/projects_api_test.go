package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestProjectAPIByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := projectFixture(t, a)
		tokens := map[string]string{}
		for role, email := range projectEmails {
			tokens[role] = a.token(email)
		}
		pp := fmt.Sprintf("/api/v1/projects/%d", f.project)
		ip := fmt.Sprintf("%s/indicators/%d", pp, f.indicator)
		rp := fmt.Sprintf("%s/reports/%d", pp, f.report)
		conflict := http.StatusConflict
		newProject := map[string]any{"code": "GH-2013", "kind": "consulting", "title": "Capacity building", "country": "GH",
			"starts_on": "2013-01-01", "ends_on": "2013-12-31", "budget": 100, "currency": "USD"}
		routes := []apiRoute[want6]{
			{"GET", "/api/v1/projects", nil, want6{unauth, ok, ok, ok, ok, ok}},
			{"POST", "/api/v1/projects", map[string]any{"code": "X"}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"GET", pp, nil, want6{unauth, ok, ok, ok, ok, notFound}},
			{"PUT", pp, map[string]any{"code": ""}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"PUT", pp + "/texts/ko", map[string]any{"title": "시범마을"}, want6{unauth, forbid, forbid, ok, ok, forbid}},
			{"POST", pp + "/transitions", map[string]any{"to": "pilot_project", "on": "2021-01-01"}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"POST", pp + "/resume", map[string]any{"on": "2021-01-01"}, want6{unauth, forbid, forbid, conflict, conflict, forbid}},
			{"POST", pp + "/hold", map[string]any{"on": "2021-01-01"}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"POST", pp + "/members", map[string]any{"email": "nobody@example.org"}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"DELETE", pp + "/members/999999", nil, want6{unauth, forbid, forbid, notFound, notFound, forbid}},
			{"POST", pp + "/milestones", map[string]any{"title": "x", "due_on": "2040-01-01"}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"POST", fmt.Sprintf("%s/milestones/%d/done", pp, f.mid), map[string]any{"done_on": "x"}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"POST", pp + "/budget-lines", map[string]any{"year": 2021, "category": "x", "planned": -1}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"POST", pp + "/disbursements", map[string]any{"budget_line_id": f.line, "paid_on": "2021-01-01", "amount": 12.5}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"POST", pp + "/disbursements", map[string]any{"budget_line_id": f.line, "paid_on": "2021-01-01", "amount": -5}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"POST", pp + "/indicators", map[string]any{"title": ""}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"POST", ip + "/values", map[string]any{"on": "2040-01-01", "value": 5}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"POST", pp + "/indicators/999999/values", map[string]any{"on": "2021-01-01", "value": 5}, want6{unauth, forbid, forbid, notFound, notFound, forbid}},
			{"POST", pp + "/reports", map[string]any{"period_start": "2021-01-01"}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"PUT", rp + "/narratives/ko", map[string]any{"narrative": ""}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"POST", rp + "/approve", nil, want6{unauth, forbid, forbid, conflict, conflict, forbid}},
			{"GET", "/api/v1/project-dashboard", nil, want6{unauth, forbid, ok, ok, ok, forbid}},
			{"POST", "/api/v1/projects", newProject, want6{unauth, forbid, forbid, created, invalid, forbid}}, // the code is taken the second time
		}
		checkAPI(t, a, projectRoleOrder, tokens, routes)
	})
}

// TestProjectAPIRecord runs a consulting project through its procedure
// over the API and reads the full record back.
func TestProjectAPIRecord(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		tok := a.token("staff@example.org")
		r := a.api("POST", "/api/v1/projects", tok, map[string]any{"code": "VN-2014", "kind": "consulting", "title": "e-Government development",
			"country": "VN", "starts_on": "2014-01-01", "ends_on": "2015-12-31", "budget": 30000000, "currency": "USD", "korean_org": "NIA"})
		if r.status != created {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		p := decode[struct {
			ID          int64
			Phase       string
			PhaseNumber int `json:"phase_number"`
		}](t, r.body)
		if p.Phase != "country_selection" || p.PhaseNumber != 1 {
			t.Errorf("created %+v", p)
		}
		pp := fmt.Sprintf("/api/v1/projects/%d", p.ID)
		// Currency that is not ISO 4217: a translated problem naming the field.
		r = a.api("PUT", pp, tok, map[string]any{"code": "VN-2014", "kind": "consulting", "title": "x", "country": "VN",
			"starts_on": "2014-01-01", "ends_on": "2015-12-31", "budget": 1, "currency": "ZZZ"}, "Accept-Language", "en")
		pr := decode[problem](t, r.body)
		if r.status != invalid || len(pr.Errors) != 1 || pr.Errors[0].Location != "body.currency" || !strings.Contains(pr.Errors[0].Message, "ISO 4217") {
			t.Errorf("bad currency: %d %s", r.status, r.body)
		}
		for i, to := range []string{"policy_discussion", "korean_org_selection", "launch", "seminar", "follow_up", "evaluation"} {
			r = a.api("POST", pp+"/transitions", tok, map[string]any{"to": to, "on": fmt.Sprintf("2014-%02d-01", i+2), "note": "step"})
			if r.status != ok {
				t.Fatalf("move to %s: %d %s", to, r.status, r.body)
			}
		}
		r = a.api("POST", pp+"/transitions", tok, map[string]any{"to": "launch", "on": "2015-01-01"}, "Accept-Language", "en")
		if pr := decode[problem](t, r.body); r.status != invalid || pr.Errors[0].Location != "body.reason" {
			t.Errorf("back without reason: %d %s", r.status, r.body)
		}
		r = a.api("POST", pp+"/indicators", tok, map[string]any{"title": "Services online", "unit": "services", "baseline": 5, "baseline_on": "2014-01-01", "target": 25, "target_on": "2015-12-31"})
		if r.status != created {
			t.Fatalf("indicator: %d %s", r.status, r.body)
		}
		ind := decode[struct{ ID int64 }](t, r.body)
		r = a.api("POST", fmt.Sprintf("%s/indicators/%d/values", pp, ind.ID), tok, map[string]any{"on": "2015-06-30", "value": 15, "note": "mid-term"})
		if r.status != created {
			t.Fatalf("value: %d %s", r.status, r.body)
		}
		r = a.api("GET", pp, tok, nil)
		rec := decode[struct {
			Phase      string
			History    []struct{ Kind string }
			Indicators []struct {
				Progress *float64
				Values   []struct{ Value float64 }
			}
		}](t, r.body)
		if rec.Phase != "evaluation" || len(rec.History) != 7 || len(rec.Indicators) != 1 || rec.Indicators[0].Progress == nil || *rec.Indicators[0].Progress != 50 {
			t.Errorf("record %d %s", r.status, r.body)
		}
		if r := a.api("GET", "/api/v1/openapi.json", "", nil); !strings.Contains(r.body, "move-project-phase") || !strings.Contains(r.body, "project-dashboard") {
			t.Errorf("OpenAPI document lacks the project operations")
		}
	})
}
