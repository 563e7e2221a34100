package server_test

import (
	"encoding/xml"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// iatiIDs reads the activity identifiers of an IATI file.
func iatiIDs(t *testing.T, body string) []string {
	t.Helper()
	var doc struct {
		Version    string   `xml:"version,attr"`
		Identifier []string `xml:"iati-activity>iati-identifier"`
	}
	if err := xml.Unmarshal([]byte(body), &doc); err != nil || doc.Version != "2.03" {
		t.Fatalf("not an IATI 2.03 file (%v): %.300s", err, body)
	}
	return doc.Identifier
}

// TestProjectIATIByRole: the IATI exports, as pages and API, answer whoever
// may read the projects, and hold only what the reader may see.
func TestProjectIATIByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := projectFixture(t, a)
		one := fmt.Sprintf("/projects/%d/iati.xml", f.project)
		const id = "KR-GOV-LOGODI-LA-SMU-01"
		// anon, learner (member), coordinator, staff, admin, outsider (learner, not a member)
		pages := []struct {
			path string
			want want6
			ids  [6]int // activities in the file, per role
		}{
			{"/projects/export.xml", want6{see, ok, ok, ok, ok, ok}, [6]int{0, 1, 1, 1, 1, 0}},
			{"/projects/export.xml?country=LA&kind=smu_pilot_village&year=2021", want6{see, ok, ok, ok, ok, ok}, [6]int{0, 1, 1, 1, 1, 0}},
			{"/projects/export.xml?kind=consulting", want6{see, ok, ok, ok, ok, ok}, [6]int{}},
			{one, want6{see, ok, ok, ok, ok, notFound}, [6]int{0, 1, 1, 1, 1, 0}},
			{"/projects/999999/iati.xml", want6{see, notFound, notFound, notFound, notFound, notFound}, [6]int{}},
			{"/projects/x/iati.xml", want6{see, notFound, notFound, notFound, notFound, notFound}, [6]int{}},
		}
		api := []struct {
			path string
			want want6
			ids  [6]int
		}{
			{"/api/v1/projects/iati.xml", want6{unauth, ok, ok, ok, ok, ok}, [6]int{0, 1, 1, 1, 1, 0}},
			{"/api/v1/projects/iati.xml?country=MN", want6{unauth, ok, ok, ok, ok, ok}, [6]int{}},
			{"/api/v1" + one, want6{unauth, ok, ok, ok, ok, notFound}, [6]int{0, 1, 1, 1, 1, 0}},
			{"/api/v1/projects/999999/iati.xml", want6{unauth, notFound, notFound, notFound, notFound, notFound}, [6]int{}},
			{"/api/v1/projects/iati.xml?kind=nonsense", want6{unauth, invalid, invalid, invalid, invalid, invalid}, [6]int{}},
		}
		check := func(what, role string, r resp, want, ids int) {
			t.Helper()
			if r.status != want {
				t.Errorf("%s as %s: %d, want %d (%.200s)", what, role, r.status, want, r.body)
				return
			}
			if r.status != ok {
				return
			}
			if ct, cd := r.header.Get("Content-Type"), r.header.Get("Content-Disposition"); ct != "application/xml" || !strings.HasPrefix(cd, "attachment; filename=") ||
				!strings.HasSuffix(cd, `.xml"`) && !strings.HasSuffix(cd, ".xml") {
				t.Errorf("%s as %s: Content-Type %q, Content-Disposition %q", what, role, ct, cd)
			}
			got := iatiIDs(t, r.body)
			if len(got) != ids || ids == 1 && got[0] != id {
				t.Errorf("%s as %s: activities %v, want %d", what, role, got, ids)
			}
		}
		for i, role := range projectRoleOrder {
			c := a.client()
			token := ""
			if email := projectEmails[role]; email != "" {
				c.login(email)
				token = a.token(email)
			}
			for _, p := range pages {
				check("GET "+p.path, role, c.get(p.path), p.want[i], p.ids[i])
			}
			for _, rt := range api {
				check("API GET "+rt.path, role, a.api("GET", rt.path, token, nil), rt.want[i], rt.ids[i])
			}
		}
		if r := a.client().get(one); r.header.Get("Content-Disposition") != "" {
			t.Errorf("a redirect to the login page is no download")
		}
		staff := a.client()
		staff.login("staff@example.org")
		if r := staff.get(one); !strings.Contains(r.header.Get("Content-Disposition"), "iati-activity-LA-SMU-01.xml") {
			t.Errorf("download name %q", r.header.Get("Content-Disposition"))
		}
		// The list page's link keeps its filters, and following it applies them.
		for q, n := range map[string]int{"country=LA&kind=smu_pilot_village": 1, "q=ban+nongboua&year=2021": 1} {
			page := staff.get("/projects?lang=en&" + q)
			if !strings.Contains(page.body, "Download as IATI XML") {
				t.Errorf("the list page lacks the IATI link")
			}
			href := html.UnescapeString(regexpFind(t, `href="(/projects/export\.xml[^"]*)"`, page.body))
			if got := iatiIDs(t, staff.get(href).body); href != "/projects/export.xml?"+q || len(got) != n {
				t.Errorf("list filtered by %s: IATI link %s gives %v", q, href, got)
			}
		}
		if r := staff.get(fmt.Sprintf("/projects/%d?lang=ko", f.project)); !strings.Contains(r.body, `href="`+one+`"`) || !strings.Contains(r.body, "IATI XML(원조 투명성)로 내려받기") {
			t.Errorf("the project page lacks the IATI link, in Korean")
		}
		doc := a.api("GET", "/api/v1/openapi.json", "", nil)
		for _, want := range []string{`"project-list-iati"`, `"project-iati"`, `"/api/v1/projects/{id}/iati.xml"`, `"application/xml"`} {
			if !strings.Contains(doc.body, want) {
				t.Errorf("the OpenAPI document lacks %s", want)
			}
		}
	})
}
