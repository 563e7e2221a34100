package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestProjectPDFByRole: the PDF reports go to those who may read the
// project (its member learner too), as pages and over the API; the list
// holds only what the caller may read.
func TestProjectPDFByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := projectFixture(t, a)
		rp := fmt.Sprintf("/projects/%d/report.pdf", f.project)
		pages := []struct {
			path string
			want want6 // anon, learner (member), coordinator, staff, admin, learner not a member
		}{
			{rp, want6{see, ok, ok, ok, ok, notFound}},
			{"/projects/export.pdf?kind=smu_pilot_village", want6{see, ok, ok, ok, ok, ok}},
			{"/projects/999999/report.pdf", want6{see, notFound, notFound, notFound, notFound, notFound}},
		}
		api := []struct {
			path string
			want want6
		}{
			{fmt.Sprintf("/api/v1/projects/%d/report.pdf", f.project), want6{unauth, ok, ok, ok, ok, notFound}},
			{"/api/v1/projects/export.pdf", want6{unauth, ok, ok, ok, ok, ok}},
		}
		for i, role := range projectRoleOrder {
			c := a.client()
			token := ""
			if email := projectEmails[role]; email != "" {
				c.login(email)
				token = a.token(email)
			}
			for _, p := range pages {
				r := c.get(p.path)
				if r.status != p.want[i] {
					t.Errorf("GET %s as %s: %d, want %d", p.path, role, r.status, p.want[i])
				}
				if r.status == http.StatusOK && (!strings.HasPrefix(r.body, "%PDF") || r.header.Get("Content-Type") != "application/pdf") {
					t.Errorf("GET %s as %s: not a PDF (%s)", p.path, role, r.header.Get("Content-Type"))
				}
			}
			for _, p := range api {
				r := a.api("GET", p.path, token, nil)
				if r.status != p.want[i] {
					t.Errorf("API GET %s as %s: %d, want %d (%.200s)", p.path, role, r.status, p.want[i], r.body)
				}
				if r.status == http.StatusOK && !strings.HasPrefix(r.body, "%PDF") {
					t.Errorf("API GET %s as %s: not a PDF", p.path, role)
				}
			}
		}
	})
}

// TestProjectListLinksKeepTheFilters: the export and dashboard links of a
// filtered list carry the filter, so what is downloaded is what is shown.
func TestProjectListLinksKeepTheFilters(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		projectFixture(t, a)
		c := a.client()
		c.login("staff@example.org")
		page := c.get("/projects?country=LA&kind=smu_pilot_village")
		for _, want := range []string{"/projects/export.csv?country=LA&amp;kind=smu_pilot_village", "/projects/export.xlsx?country=LA&amp;kind=smu_pilot_village",
			"/projects/export.pdf?country=LA&amp;kind=smu_pilot_village", "/projects/export.xml?country=LA&amp;kind=smu_pilot_village",
			"/projects/dashboard?country=LA&amp;kind=smu_pilot_village"} {
			if !strings.Contains(page.body, `href="`+want+`"`) {
				t.Errorf("the list has no link %s", want)
			}
		}
	})
}
