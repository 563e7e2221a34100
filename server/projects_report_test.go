package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

// TestProjectReportFlow: staff attach a file to a draft report through
// the page (a wrong type is refused and nothing stored), submit and
// approve it; members download the file, other learners cannot.
func TestProjectReportFlow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := projectFixture(t, a)
		rp := fmt.Sprintf("/projects/%d/reports/%d", f.project, f.report)
		staff := a.client()
		staff.login("staff@example.org")
		upload := func(name string, content []byte) resp {
			ct, body := multipartBody(t, map[string]string{web.CSRFField: staff.csrf()}, name, content)
			return staff.do(http.MethodPost, rp+"/attachments", body, map[string]string{"Content-Type": ct})
		}
		if r := upload("photos.exe", []byte("MZ")); r.status != invalid || !strings.Contains(r.body, `href="#f-file"`) {
			t.Errorf("wrong type: %d", r.status)
		}
		if n := storetest.Count(t, a.db, "project_report_attachments"); n != 0 {
			t.Errorf("a refused upload stored %d attachments", n)
		}
		if r := upload("field-visit.pdf", minimalPDF); r.status != see {
			t.Fatalf("upload: %d %.300s", r.status, r.body)
		}
		page := staff.get(rp)
		href := regexp.MustCompile(`href="(` + regexp.QuoteMeta(rp) + `/attachments/\d+)"`).FindStringSubmatch(page.body)
		if href == nil {
			t.Fatalf("the report page does not list the attachment")
		}
		if r := staff.get(href[1]); r.status != ok || !strings.HasPrefix(r.body, "%PDF") || r.header.Get("Content-Type") != "application/pdf" {
			t.Errorf("download as staff: %d %s", r.status, r.header.Get("Content-Type"))
		}
		member, outsider := a.client(), a.client()
		member.login("learner@example.org")
		outsider.login("learner.gh@example.org")
		if r := member.get(href[1]); r.status != ok {
			t.Errorf("download as member: %d", r.status)
		}
		if r := outsider.get(href[1]); r.status != notFound {
			t.Errorf("download as outsider: %d", r.status)
		}
		if r := member.get(rp); r.status != ok || strings.Contains(r.body, "/submit") || strings.Contains(r.body, `name="narrative"`) {
			t.Errorf("members read the report without the staff's forms: %d", r.status)
		}
		for _, step := range []string{"/submit", "/approve"} {
			if r := staff.post(rp+step, url.Values{}); r.status != see {
				t.Fatalf("%s: %d %.300s", step, r.status, r.body)
			}
		}
		if r := upload("late.pdf", minimalPDF); r.status != http.StatusConflict {
			t.Errorf("attach to an approved report: %d", r.status)
		}
		if r := staff.get(rp + "?lang=en"); !strings.Contains(r.body, `data-testid="report-status">Approved<`) {
			t.Errorf("the report is not shown approved")
		}
	})
}
