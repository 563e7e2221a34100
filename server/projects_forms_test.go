package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// A pageForm is one <form> of a rendered page as a browser would send it:
// its method, its action and the values its fields start with.
type pageForm struct {
	method, action string
	values         url.Values
}

var (
	formRe     = regexp.MustCompile(`(?s)<form([^>]*)>(.*?)</form>`)
	attrRe     = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
	inputRe    = regexp.MustCompile(`<input([^>]*)>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea([^>]*)>(.*?)</textarea>`)
	selectRe   = regexp.MustCompile(`(?s)<select([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`<option([^>]*)>`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(s, -1) {
		m[a[1]] = html.UnescapeString(a[2])
	}
	return m
}

// formWith finds the page's form that has a field (or button) named
// field, or the only post form when field is "". An action left out
// posts to the page's own address, as a browser does.
func formWith(t testing.TB, page, pagePath, field string) pageForm {
	t.Helper()
	var found []pageForm
	for _, m := range formRe.FindAllStringSubmatch(page, -1) {
		fa := attrs(m[1])
		f := pageForm{method: strings.ToUpper(fa["method"]), action: fa["action"], values: url.Values{}}
		if f.method == "" {
			f.method = http.MethodGet
		}
		if f.action == "" {
			f.action = pagePath
		}
		for _, in := range inputRe.FindAllStringSubmatch(m[2], -1) {
			a := attrs(in[1])
			if a["name"] != "" && a["type"] != "file" {
				f.values.Set(a["name"], a["value"])
			}
		}
		for _, ta := range textareaRe.FindAllStringSubmatch(m[2], -1) {
			f.values.Set(attrs(ta[1])["name"], html.UnescapeString(ta[2]))
		}
		for _, sel := range selectRe.FindAllStringSubmatch(m[2], -1) {
			name, val := attrs(sel[1])["name"], ""
			for i, o := range optionRe.FindAllStringSubmatch(sel[2], -1) {
				a := attrs(o[1])
				if i == 0 || strings.Contains(o[1], " selected") {
					val = a["value"]
				}
			}
			f.values.Set(name, val)
		}
		if field == "" && f.method == http.MethodPost && !strings.Contains(m[1], `class="inline"`) {
			found = append(found, f)
		} else if _, ok := f.values[field]; ok && field != "" {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s: %d forms with field %q, want 1", pagePath, len(found), field)
	}
	return found[0]
}

// submit fills in a form's fields and sends it the way a browser does.
func (c *client) submit(f pageForm, set url.Values) resp {
	c.a.t.Helper()
	v := url.Values{}
	for k, vs := range f.values {
		v[k] = append([]string(nil), vs...)
	}
	for k, vs := range set {
		v[k] = vs
	}
	if f.method != http.MethodPost {
		c.a.t.Fatalf("form to %s has method %s", f.action, f.method)
	}
	return c.post(f.action, v)
}

// TestStaffCreatesAndEditsProjectThroughForms follows the forms as a
// browser does (the action each page names, not an address the test
// knows): create a project, edit it, add a budget line; a refused form
// comes back with everything typed still in it.
func TestStaffCreatesAndEditsProjectThroughForms(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()
		c.login("staff@example.org")

		page := c.get("/projects/new?lang=en")
		if page.status != http.StatusOK {
			t.Fatalf("GET /projects/new: %d", page.status)
		}
		form := formWith(t, page.body, "/projects/new", "code")
		typed := url.Values{"code": {"MN-EGOV-2012"}, "kind": {"consulting"}, "title": {"e-Government master plan"},
			"summary": {"Plan & roadmap <2012>"}, "country": {"MN"}, "region": {"Ulaanbaatar"}, "partner_org": {"Cabinet Secretariat"},
			"starts_on": {"2012-03-01"}, "ends_on": {"2013-12-31"}, "budget": {"-10"}, "currency": {"USD"}}
		r := c.submit(form, typed)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("new project with a negative budget, posted to %s: %d, want 422 (%.200s)", form.action, r.status, r.body)
		}
		again := formWith(t, r.body, form.action, "code")
		for k := range typed {
			if got := again.values.Get(k); got != typed.Get(k) {
				t.Errorf("after the error, field %s holds %q, want %q as typed", k, got, typed.Get(k))
			}
		}
		if !strings.Contains(r.body, `href="#f-budget"`) || !strings.Contains(r.body, `id="f-budget"`) {
			t.Errorf("the error summary does not link to the budget field")
		}
		typed.Set("budget", "150,000")
		r = c.submit(again, typed)
		if r.status != http.StatusSeeOther {
			t.Fatalf("create a project through the form (to %s): %d %.300s", again.action, r.status, r.body)
		}
		loc := r.header.Get("Location")
		if !regexp.MustCompile(`^/projects/\d+$`).MatchString(loc) {
			t.Fatalf("after create: Location %q", loc)
		}
		if p := c.get(loc + "?lang=en"); !strings.Contains(p.body, "e-Government master plan") || !strings.Contains(p.body, "Cabinet Secretariat") {
			t.Errorf("the new project's page lacks what was typed")
		}

		// Edit: the form starts filled in with what is saved.
		page = c.get(loc + "/edit?lang=en")
		form = formWith(t, page.body, loc+"/edit", "code")
		if form.values.Get("title") != "e-Government master plan" || form.values.Get("budget") != "150000.00" && form.values.Get("budget") != "150000" {
			t.Errorf("edit form starts with title %q, budget %q", form.values.Get("title"), form.values.Get("budget"))
		}
		r = c.submit(form, url.Values{"title": {"e-Government master plan, phase 2"}, "ends_on": {"2011-01-01"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("edit with the end before the start, posted to %s: %d, want 422", form.action, r.status)
		}
		again = formWith(t, r.body, form.action, "code")
		if again.values.Get("title") != "e-Government master plan, phase 2" || again.values.Get("ends_on") != "2011-01-01" {
			t.Errorf("after the error the edit form holds title %q, ends_on %q", again.values.Get("title"), again.values.Get("ends_on"))
		}
		r = c.submit(again, url.Values{"ends_on": {"2014-06-30"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != loc {
			t.Fatalf("edit the project through the form: %d %q %.300s", r.status, r.header.Get("Location"), r.body)
		}
		if p := c.get(loc + "?lang=en"); !strings.Contains(p.body, "e-Government master plan, phase 2") || !strings.Contains(p.body, "2014-06-30") {
			t.Errorf("the project page does not show the edit")
		}

		// A budget line, from the link on the project page.
		page = c.get(loc + "/budget?lang=en")
		form = formWith(t, page.body, loc+"/budget", "category")
		r = c.submit(form, url.Values{"year": {"2012"}, "category": {"Study tour"}, "planned": {"abc"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("budget line with a bad amount: %d", r.status)
		}
		again = formWith(t, r.body, form.action, "category")
		if again.values.Get("category") != "Study tour" || again.values.Get("planned") != "abc" {
			t.Errorf("after the error the budget form holds %v", again.values)
		}
		r = c.submit(again, url.Values{"planned": {"40,000"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("add a budget line through the form: %d %.300s", r.status, r.body)
		}
		if p := c.get(loc + "?lang=en"); !strings.Contains(p.body, "Study tour") || !strings.Contains(p.body, "40,000.00") {
			t.Errorf("the project page does not show the budget line")
		}
	})
}

// TestProjectFormsPostWhereTheyAreRouted: every form on a project's pages
// names an action that is a route for it: posting the form as it is
// never answers 404 or 405.
func TestProjectFormsPostWhereTheyAreRouted(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := projectFixture(t, a)
		ctx := context.Background()
		staff, _ := a.acc.UserByEmail(ctx, "staff@example.org")
		d, err := f.svc.AddDisbursement(ctx, accounts.Actor{UserID: staff.ID}, f.project, projects.DisbursementInput{BudgetLineID: f.line, PaidOn: "2021-03-01", Amount: 1000})
		if err != nil {
			t.Fatal(err)
		}
		c := a.client()
		c.login("staff@example.org")
		pp := fmt.Sprintf("/projects/%d", f.project)
		ip := fmt.Sprintf("%s/indicators/%d", pp, f.indicator)
		pages := []string{ // edits before deletes, so each thing is still there when its form is sent
			"/projects/new", pp + "/edit", pp + "/translate", pp + "/phase", pp + "/hold", pp + "/members", pp + "/milestones",
			pp + "/budget", pp + "/disbursements", pp + "/indicators", pp + "/reports", ip + "/values", ip + "/translate",
			fmt.Sprintf("%s/milestones/%d/edit", pp, f.mid), fmt.Sprintf("%s/budget/%d/edit", pp, f.line),
			fmt.Sprintf("%s/disbursements/%d/edit", pp, d.ID), ip + "/edit", ip + "/values/2021-12-31/edit",
			fmt.Sprintf("%s/reports/%d", pp, f.report),
			ip + "/values/2021-12-31/delete", ip + "/delete", fmt.Sprintf("%s/disbursements/%d/delete", pp, d.ID),
			fmt.Sprintf("%s/milestones/%d/delete", pp, f.mid), fmt.Sprintf("%s/budget/%d/delete", pp, f.line),
		}
		for _, path := range pages {
			page := c.get(path)
			if page.status != http.StatusOK {
				t.Errorf("GET %s: %d", path, page.status)
				continue
			}
			for _, m := range formRe.FindAllStringSubmatch(page.body, -1) {
				fa := attrs(m[1])
				if !strings.EqualFold(fa["method"], "post") || fa["action"] == "/logout" {
					continue
				}
				action := fa["action"]
				if action == "" {
					action = path
				}
				if r := c.post(action, url.Values{}); r.status == http.StatusNotFound || r.status == http.StatusMethodNotAllowed {
					t.Errorf("the form on %s posts to %s, which answers %d", path, action, r.status)
				}
			}
		}
	})
}
