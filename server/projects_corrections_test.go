package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// staffActor is the fixture's staff member, for arranging data.
func staffActor(t *testing.T, a *app) accounts.Actor {
	t.Helper()
	u, err := a.acc.UserByEmail(context.Background(), "staff@example.org")
	if err != nil {
		t.Fatal(err)
	}
	return accounts.Actor{UserID: u.ID}
}

// TestProjectCorrectionPagesByRole: every correction page and post is for
// staff and admins; none of these requests succeeds in changing anything,
// so each role sees the same data.
func TestProjectCorrectionPagesByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := projectFixture(t, a)
		d, err := f.svc.AddDisbursement(context.Background(), staffActor(t, a), f.project, projects.DisbursementInput{BudgetLineID: f.line, PaidOn: "2021-03-01", Amount: 1000})
		if err != nil {
			t.Fatal(err)
		}
		pp := fmt.Sprintf("/projects/%d", f.project)
		mp := fmt.Sprintf("%s/milestones/%d", pp, f.mid)
		lp := fmt.Sprintf("%s/budget/%d", pp, f.line)
		dp := fmt.Sprintf("%s/disbursements/%d", pp, d.ID)
		ip := fmt.Sprintf("%s/indicators/%d", pp, f.indicator)
		vp := ip + "/values/2021-12-31"
		rp := fmt.Sprintf("%s/reports/%d", pp, f.report)
		no := url.Values{}
		routes := []struct {
			method, path string
			form         url.Values
			want         want6
		}{
			{"GET", mp + "/edit", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", mp + "/edit", url.Values{"title": {""}, "due_on": {"1999-01-01"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", mp + "/delete", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"GET", pp + "/milestones/999999/edit", nil, want6{see, forbid, forbid, notFound, notFound, forbid}},
			{"POST", pp + "/milestones/999999/delete", no, want6{see, forbid, forbid, notFound, notFound, forbid}},
			{"GET", lp + "/edit", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", lp + "/edit", url.Values{"year": {"2040"}, "category": {"Training"}, "planned": {"-1"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", lp + "/delete", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", lp + "/delete", no, want6{see, forbid, forbid, conflict, conflict, forbid}}, // it has a disbursement
			{"GET", dp + "/edit", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", dp + "/edit", url.Values{"budget_line_id": {fmt.Sprint(f.line)}, "paid_on": {"2021-03-01"}, "amount": {"0"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", dp + "/delete", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", pp + "/disbursements/999999/delete", no, want6{see, forbid, forbid, notFound, notFound, forbid}},
			{"GET", ip + "/edit", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", ip + "/edit", url.Values{"baseline": {"x"}, "baseline_on": {"2020-01-01"}, "target": {"2"}, "target_on": {"2030-01-01"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", ip + "/delete", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", ip + "/delete", no, want6{see, forbid, forbid, conflict, conflict, forbid}}, // it has a value
			{"GET", vp + "/edit", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", vp + "/edit", url.Values{"value": {"lots"}}, want6{see, forbid, forbid, invalid, invalid, forbid}},
			{"GET", vp + "/delete", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"GET", ip + "/values/2021-12-30/edit", nil, want6{see, forbid, forbid, notFound, notFound, forbid}},
			{"POST", ip + "/values/not-a-date/delete", no, want6{see, forbid, forbid, notFound, notFound, forbid}},
			{"GET", rp + "/return", nil, want6{see, forbid, forbid, ok, ok, forbid}},
			{"POST", rp + "/return", url.Values{"reason": {"wrong figures"}}, want6{see, forbid, forbid, conflict, conflict, forbid}}, // a draft
			{"GET", pp + "/reports/999999/return", nil, want6{see, forbid, forbid, notFound, notFound, forbid}},
			// Readers see no correction controls; staff do.
			{"GET", pp, nil, want6{see, ok, ok, ok, ok, notFound}},
		}
		for i, role := range projectRoleOrder {
			c := a.client()
			if email := projectEmails[role]; email != "" {
				c.login(email)
			}
			for _, rt := range routes {
				var r resp
				if rt.method == "GET" {
					r = c.get(rt.path)
				} else {
					r = c.post(rt.path, cloneForm(rt.form))
				}
				if r.status != rt.want[i] {
					t.Errorf("%s %s as %s: %d, want %d (%.200s)", rt.method, rt.path, role, r.status, rt.want[i], r.body)
				}
				if rt.path == pp && r.status == ok {
					hasControls := strings.Contains(r.body, mp+"/edit") && strings.Contains(r.body, lp+"/delete") && strings.Contains(r.body, dp+"/edit") && strings.Contains(r.body, ip+"/delete")
					if canWrite := role == "staff" || role == "admin"; hasControls != canWrite {
						t.Errorf("project page as %s: correction controls shown %v", role, hasControls)
					}
				}
			}
		}
		b, _ := f.svc.BudgetOf(context.Background(), f.project)
		if len(b.Rows) != 1 || b.Disbursed != 1000 {
			t.Errorf("refused corrections changed the budget: %+v", b)
		}
	})
}

// TestProjectCorrectionsByPage: staff correct a wrongly typed
// disbursement and the totals on the project page and the dashboard
// follow; each delete asks first; refusals say what to do.
func TestProjectCorrectionsByPage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := projectFixture(t, a)
		ctx := context.Background()
		d, err := f.svc.AddDisbursement(ctx, staffActor(t, a), f.project, projects.DisbursementInput{BudgetLineID: f.line, PaidOn: "2021-03-01", AmountText: "25000"})
		if err != nil {
			t.Fatal(err)
		}
		c := a.client()
		c.login("staff@example.org")
		pp := fmt.Sprintf("/projects/%d", f.project)
		dp := fmt.Sprintf("%s/disbursements/%d", pp, d.ID)
		lp := fmt.Sprintf("%s/budget/%d", pp, f.line)

		// The edit form is the add form, filled in.
		r := c.get(dp + "/edit?lang=en")
		if r.status != ok || !strings.Contains(r.body, `value="25000.00"`) || !strings.Contains(r.body, `value="2021-03-01"`) || !strings.Contains(r.body, "Save the disbursement") {
			t.Fatalf("edit page: %d %.500s", r.status, r.body)
		}
		if page := c.get(pp + "?lang=en"); !strings.Contains(page.body, "Disbursed 25,000.00 USD of 5,000.00 USD planned (500%).") {
			t.Errorf("budget before: %s", between(page.body, `data-testid="budget-total"`, "</p>"))
		}
		r = c.post(dp+"/edit", url.Values{"budget_line_id": {fmt.Sprint(f.line)}, "paid_on": {"2021-03-01"}, "amount": {"2500"}, "note": {"a zero too many"}})
		if r.status != see || r.header.Get("Location") != pp+"#budget" {
			t.Fatalf("save: %d %s %.300s", r.status, r.header.Get("Location"), r.body)
		}
		page := c.get(pp + "?lang=en")
		if !strings.Contains(page.body, "Disbursed 2,500.00 USD of 5,000.00 USD planned (50%).") || !strings.Contains(page.body, "2,500.00 USD · a zero too many") || strings.Contains(page.body, "25,000.00 USD") {
			t.Errorf("project page after the correction lacks the new amount: %.300s", between(page.body, `data-testid="budget-total"`, "</p>"))
		}
		dash := a.api("GET", "/api/v1/project-dashboard", a.token("staff@example.org"), nil)
		if !strings.Contains(dash.body, `"year":2021,"currency":"USD","planned":500000,"disbursed":250000`) {
			t.Errorf("dashboard after the correction: %.600s", dash.body)
		}

		// The budget line with a payment is not deleted; the page says why and what to do.
		r = c.get(lp + "/delete?lang=en")
		if r.status != ok || !strings.Contains(r.body, "Delete the budget line 2021 Training?") || !strings.Contains(r.body, `class="button-danger">Delete the budget line</button>`) {
			t.Errorf("confirm page: %d %.600s", r.status, r.body)
		}
		r = c.post(lp+"/delete", url.Values{}, "Accept-Language", "en")
		if r.status != conflict || !strings.Contains(r.body, "Delete its disbursements, or move them to another line, before deleting the line.") {
			t.Errorf("refused delete: %d %.600s", r.status, r.body)
		}
		r = c.get(dp + "/delete?lang=en")
		if r.status != ok || !strings.Contains(r.body, "Delete the disbursement of 2,500.00 USD paid on 2021-03-01?") {
			t.Errorf("confirm disbursement: %d %.400s", r.status, r.body)
		}
		if r = c.post(dp+"/delete", url.Values{}); r.status != see {
			t.Fatalf("delete disbursement: %d %.300s", r.status, r.body)
		}
		if r = c.post(lp+"/delete", url.Values{}); r.status != see {
			t.Fatalf("delete the emptied line: %d %.300s", r.status, r.body)
		}
		if b, _ := f.svc.BudgetOf(ctx, f.project); len(b.Rows) != 0 || b.Disbursed != 0 {
			t.Errorf("budget after deletes %+v", b)
		}

		// Milestone: edit, then delete.
		mp := fmt.Sprintf("%s/milestones/%d", pp, f.mid)
		if r = c.post(mp+"/edit", url.Values{"title": {"Village hall finished"}, "due_on": {"2021-08-31"}}); r.status != see {
			t.Fatalf("edit milestone: %d %.300s", r.status, r.body)
		}
		if ms, _ := f.svc.Milestones(ctx, f.project); len(ms) != 1 || ms[0].Title != "Village hall finished" || ms[0].DueOn != "2021-08-31" {
			t.Errorf("milestones %+v", ms)
		}
		if r = c.get(mp + "/delete?lang=en"); !strings.Contains(r.body, "Delete the milestone “Village hall finished”?") {
			t.Errorf("confirm milestone: %.300s", r.body)
		}
		if r = c.post(mp+"/delete", url.Values{}); r.status != see {
			t.Fatalf("delete milestone: %d", r.status)
		}

		// Indicator: the value is corrected, then deleted; then the indicator.
		ip := fmt.Sprintf("%s/indicators/%d", pp, f.indicator)
		vp := ip + "/values/2021-12-31"
		if r = c.get(ip + "?lang=en"); !strings.Contains(r.body, vp+"/edit") || !strings.Contains(r.body, vp+"/delete") {
			t.Errorf("indicator page lacks the value controls")
		}
		if r = c.get(vp + "/edit?lang=en"); r.status != ok || !strings.Contains(r.body, `value="1250"`) || !strings.Contains(r.body, "Change the value measured on 2021-12-31") {
			t.Errorf("value edit page: %d %.400s", r.status, r.body)
		}
		if r = c.post(vp+"/edit", url.Values{"value": {"1300"}, "note": {"recounted"}}); r.status != see {
			t.Fatalf("edit value: %d %.300s", r.status, r.body)
		}
		if r = c.post(ip+"/delete", url.Values{}, "Accept-Language", "en"); r.status != conflict || !strings.Contains(r.body, "Delete its values first") {
			t.Errorf("delete an indicator with values: %d", r.status)
		}
		if r = c.post(vp+"/delete", url.Values{}); r.status != see {
			t.Fatalf("delete value: %d", r.status)
		}
		if r = c.post(ip+"/edit", url.Values{"unit": {"USD/year"}, "baseline": {"900"}, "baseline_on": {"2020-01-01"}, "target": {"1800"}, "target_on": {"2030-12-31"}}); r.status != see {
			t.Fatalf("edit indicator: %d %.300s", r.status, r.body)
		}
		if r = c.get(ip + "/delete?lang=en"); !strings.Contains(r.body, "Delete the indicator “Average household income”?") {
			t.Errorf("confirm indicator: %.300s", r.body)
		}
		if r = c.post(ip+"/delete", url.Values{}); r.status != see || r.header.Get("Location") != pp+"#indicators" {
			t.Fatalf("delete indicator: %d", r.status)
		}

		// Report: submitted → back to draft with a reason; approved stays.
		rp := fmt.Sprintf("%s/reports/%d", pp, f.report)
		if r = c.post(rp+"/submit", url.Values{}); r.status != see {
			t.Fatalf("submit: %d", r.status)
		}
		if r = c.get(rp); !strings.Contains(r.body, rp+"/return") {
			t.Errorf("a submitted report offers no return to draft")
		}
		if r = c.post(rp+"/return", url.Values{"reason": {""}}); r.status != invalid || !strings.Contains(r.body, `href="#f-reason"`) {
			t.Errorf("return without reason: %d", r.status)
		}
		if r = c.post(rp+"/return", url.Values{"reason": {"Figures from the wrong year"}}); r.status != see {
			t.Fatalf("return: %d %.300s", r.status, r.body)
		}
		if rep, _ := f.svc.Report(ctx, f.project, f.report); rep.Status != projects.Draft {
			t.Errorf("report is %s", rep.Status)
		}
		entries, _, err := a.acc.ListAudit(ctx, accounts.AuditFilter{EntityType: "project", EntityID: f.project})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range entries {
			seen[e.Action] = true
		}
		for _, action := range []string{"project.disbursement.update", "project.disbursement.delete", "project.budget_line.delete", "project.milestone.update",
			"project.milestone.delete", "project.indicator.value_update", "project.indicator.value_delete", "project.indicator.update", "project.indicator.delete", "project.report.returned"} {
			if !seen[action] {
				t.Errorf("no %s in the audit log", action)
			}
		}
	})
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// TestProjectCorrectionAPIByRole: the corrections over the API, with the
// same roles as the pages.
func TestProjectCorrectionAPIByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := projectFixture(t, a)
		d, err := f.svc.AddDisbursement(context.Background(), staffActor(t, a), f.project, projects.DisbursementInput{BudgetLineID: f.line, PaidOn: "2021-03-01", Amount: 1000})
		if err != nil {
			t.Fatal(err)
		}
		tokens := map[string]string{}
		for role, email := range projectEmails {
			tokens[role] = a.token(email)
		}
		pp := fmt.Sprintf("/api/v1/projects/%d", f.project)
		ip := fmt.Sprintf("%s/indicators/%d", pp, f.indicator)
		routes := []struct {
			method, path string
			body         any
			want         want6
		}{
			{"PUT", fmt.Sprintf("%s/milestones/%d", pp, f.mid), map[string]any{"title": "x", "due_on": "2040-01-01"}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"DELETE", pp + "/milestones/999999", nil, want6{unauth, forbid, forbid, notFound, notFound, forbid}},
			{"PUT", fmt.Sprintf("%s/budget-lines/%d", pp, f.line), map[string]any{"year": 2040, "category": "Training", "planned": 1}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"DELETE", fmt.Sprintf("%s/budget-lines/%d", pp, f.line), nil, want6{unauth, forbid, forbid, conflict, conflict, forbid}},
			{"PUT", fmt.Sprintf("%s/disbursements/%d", pp, d.ID), map[string]any{"paid_on": "2021-03-01", "amount": 0}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"PUT", fmt.Sprintf("%s/disbursements/%d", pp, d.ID), map[string]any{"paid_on": "2040-03-01", "amount": 5}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"DELETE", pp + "/disbursements/999999", nil, want6{unauth, forbid, forbid, notFound, notFound, forbid}},
			{"PUT", ip, map[string]any{"baseline": 1, "baseline_on": "2025-01-01", "target": 2, "target_on": "2024-01-01"}, want6{unauth, forbid, forbid, invalid, invalid, forbid}},
			{"DELETE", ip, nil, want6{unauth, forbid, forbid, conflict, conflict, forbid}},
			{"PUT", ip + "/values/2021-12-30", map[string]any{"value": 5}, want6{unauth, forbid, forbid, notFound, notFound, forbid}},
			{"DELETE", ip + "/values/2021-12-30", nil, want6{unauth, forbid, forbid, notFound, notFound, forbid}},
			{"POST", fmt.Sprintf("%s/reports/%d/return", pp, f.report), map[string]any{"reason": "x"}, want6{unauth, forbid, forbid, conflict, conflict, forbid}},
		}
		for i, role := range projectRoleOrder {
			for _, rt := range routes {
				r := a.api(rt.method, rt.path, tokens[role], rt.body)
				if r.status != rt.want[i] {
					t.Errorf("%s %s as %s: %d, want %d (%.200s)", rt.method, rt.path, role, r.status, rt.want[i], r.body)
				}
			}
		}
		doc := a.api("GET", "/api/v1/openapi.json", "", nil)
		for _, id := range []string{"update-milestone", "delete-milestone", "update-budget-line", "delete-budget-line", "update-disbursement",
			"delete-disbursement", "update-indicator", "delete-indicator", "update-indicator-value", "delete-indicator-value", "return-report"} {
			if !strings.Contains(doc.body, `"operationId":"`+id+`"`) {
				t.Errorf("the OpenAPI document lacks %s", id)
			}
		}
	})
}

// TestProjectCorrectionsByAPI corrects each kind of thing over the API on
// both databases and reads the record back.
func TestProjectCorrectionsByAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := projectFixture(t, a)
		tok := a.token("admin@example.org")
		pp := fmt.Sprintf("/api/v1/projects/%d", f.project)
		r := a.api("POST", pp+"/disbursements", tok, map[string]any{"budget_line_id": f.line, "paid_on": "2021-03-01", "amount": 2500000})
		if r.status != created {
			t.Fatalf("disbursement: %d %s", r.status, r.body)
		}
		d := decode[struct{ ID int64 }](t, r.body)
		steps := []struct {
			method, path string
			body         any
			want         int
		}{
			{"PUT", fmt.Sprintf("%s/disbursements/%d", pp, d.ID), map[string]any{"paid_on": "2021-03-02", "amount": 250000, "note": "typo"}, ok},
			{"PUT", fmt.Sprintf("%s/budget-lines/%d", pp, f.line), map[string]any{"year": 2022, "category": "Training", "planned": 600000}, ok},
			{"PUT", fmt.Sprintf("%s/milestones/%d", pp, f.mid), map[string]any{"title": "Village hall finished", "due_on": "2021-08-31"}, ok},
			{"PUT", fmt.Sprintf("%s/indicators/%d", pp, f.indicator), map[string]any{"unit": "USD/year", "baseline": 900, "baseline_on": "2020-01-01", "target": 1800, "target_on": "2030-12-31"}, ok},
			{"PUT", fmt.Sprintf("%s/indicators/%d/values/2021-12-31", pp, f.indicator), map[string]any{"value": 1300, "note": "recounted"}, ok},
			{"POST", fmt.Sprintf("%s/reports/%d/submit", pp, f.report), nil, ok},
			{"POST", fmt.Sprintf("%s/reports/%d/return", pp, f.report), map[string]any{"reason": ""}, invalid},
			{"POST", fmt.Sprintf("%s/reports/%d/return", pp, f.report), map[string]any{"reason": "Figures from the wrong year"}, ok},
		}
		for _, s := range steps {
			if r := a.api(s.method, s.path, tok, s.body); r.status != s.want {
				t.Fatalf("%s %s: %d, want %d (%s)", s.method, s.path, r.status, s.want, r.body)
			}
		}
		rec := decode[struct {
			Milestones []struct {
				Title string
				DueOn string `json:"due_on"`
			}
			Spending struct {
				Planned   int64
				Disbursed int64
				Lines     []struct{ Year int }
			}
			Indicators []struct {
				Unit   string
				Values []struct {
					Value float64
					Note  string
				}
			}
			Reports []struct{ Status string }
		}](t, a.api("GET", pp, tok, nil).body)
		if len(rec.Milestones) != 1 || rec.Milestones[0].Title != "Village hall finished" || rec.Spending.Disbursed != 250000 || rec.Spending.Planned != 600000 ||
			rec.Spending.Lines[0].Year != 2022 || rec.Indicators[0].Unit != "USD/year" || rec.Indicators[0].Values[0].Value != 1300 || rec.Reports[0].Status != "draft" {
			t.Errorf("record after corrections %+v", rec)
		}
		for _, s := range []string{
			fmt.Sprintf("%s/disbursements/%d", pp, d.ID), fmt.Sprintf("%s/budget-lines/%d", pp, f.line), fmt.Sprintf("%s/milestones/%d", pp, f.mid),
			fmt.Sprintf("%s/indicators/%d/values/2021-12-31", pp, f.indicator), fmt.Sprintf("%s/indicators/%d", pp, f.indicator),
		} {
			if r := a.api("DELETE", s, tok, nil); r.status != noContent {
				t.Fatalf("DELETE %s: %d %s", s, r.status, r.body)
			}
		}
		rec2 := decode[struct {
			Milestones []struct{ ID int64 }
			Spending   struct{ Lines []struct{ ID int64 } }
			Indicators []struct{ ID int64 }
		}](t, a.api("GET", pp, tok, nil).body)
		if len(rec2.Milestones) != 0 || len(rec2.Spending.Lines) != 0 || len(rec2.Indicators) != 0 {
			t.Errorf("record after deletes %+v", rec2)
		}
	})
}
