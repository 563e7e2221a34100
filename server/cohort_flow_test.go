package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
	"github.com/baeum-lms/baeum/web"
)

// TestCoordinatorRunsACohortThroughPages: open a cohort, import a list
// (a bad one first), take an application, waitlist and promote, run a
// session's attendance, export the roster.
func TestCoordinatorRunsACohortThroughPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "SMU-C1", true)
		co := a.client()
		co.login("coordinator@example.org")
		var coordID int64
		db.Gorm.Table("users").Select("id").Where("email = ?", "coordinator@example.org").Scan(&coordID)

		expect(t, co.get("/coordinate/cohorts/new"), http.StatusOK, "new cohort form")
		bad := expect(t, co.post("/coordinate/cohorts", url.Values{"course_id": {itoa(f.Course.ID)}, "code": {"LA 2026"}, "country": {"XX"},
			"starts_on": {"2027-03-02"}, "ends_on": {"2027-02-01"}, "capacity": {"3"}, "delivery": {"in_person"}, "attendance_threshold": {"80"},
			"coordinators": {itoa(coordID)}}), http.StatusUnprocessableEntity, "invalid cohort")
		for _, f := range []string{"code", "country", "ends_on"} {
			if !strings.Contains(bad.body, `href="#f-`+f+`"`) {
				t.Errorf("no error link for %s", f)
			}
		}
		r := expect(t, co.post("/coordinate/cohorts", url.Values{"course_id": {itoa(f.Course.ID)}, "code": {"LA-2026-01"}, "country": {"LA"},
			"starts_on": {"2027-03-02"}, "ends_on": {"2027-03-13"}, "capacity": {"3"}, "delivery": {"in_person"}, "venue": {"LOGODI, Wanju"},
			"languages": {"en, lo"}, "attendance_threshold": {"80"}, "coordinators": {itoa(coordID)}}), http.StatusSeeOther, "open cohort")
		cohortPath := r.header.Get("Location")
		cohortID := regexp.MustCompile(`\d+$`).FindString(cohortPath)
		page := expect(t, co.get(cohortPath), http.StatusOK, "cohort page")
		if !strings.Contains(page.body, "라오스") || !strings.Contains(page.body, `data-testid="seats"`) {
			t.Fatalf("cohort page lacks the country name or the seats:\n%.3000s", page.body)
		}

		// A list with a bad row: every problem shown, nothing written.
		upload := func(path, name, content string) resp {
			ct, body := multipartBody(t, map[string]string{web.CSRFField: co.csrf()}, name, []byte(content))
			return co.do(http.MethodPost, path, body, map[string]string{"Content-Type": ct})
		}
		list := "email,name,country,native_name\nsouk@example.la,Souksavanh,LA,ສຸກສະຫວັນ\nbad-address,Noy,LA,\n"
		r = expect(t, upload(cohortPath+"/import", "list.csv", list), http.StatusUnprocessableEntity, "bad list")
		if !strings.Contains(r.body, `data-testid="import-errors"`) || !strings.Contains(r.body, ">3<") {
			t.Fatalf("the import page does not show the row error:\n%.2000s", r.body)
		}
		if n := storetest.Count(t, db, "enrolments"); n != 0 {
			t.Fatal("a bad list wrote enrolments")
		}
		list = strings.Replace(list, "bad-address", "noy@example.la", 1)
		r = expect(t, upload(cohortPath+"/import", "list.csv", list), http.StatusOK, "preview")
		key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(r.body)
		if key == nil || !strings.Contains(r.body, `data-testid="import-preview"`) {
			t.Fatalf("no preview:\n%.2000s", r.body)
		}
		// A key of another cohort's folder is refused.
		expect(t, co.post(cohortPath+"/import/commit", url.Values{"key": {"imports/999/x.csv"}}), http.StatusBadRequest, "foreign key")
		expect(t, co.post(cohortPath+"/import/commit", url.Values{"key": {key[1]}}), http.StatusSeeOther, "commit")
		if n := storetest.Count(t, db, "enrolments", "cohort_id = ?", cohortID); n != 2 {
			t.Fatalf("%d enrolments after the import", n)
		}

		// A learner applies from the course page; one seat is left.
		le := a.client()
		le.get("/?lang=fr")
		le.login("learner.gh@example.org")
		cp := expect(t, le.get(fmt.Sprintf("/courses/%d", f.Course.ID)), http.StatusOK, "course page")
		if !strings.Contains(cp.body, "/cohorts/"+cohortID+"/apply") {
			t.Fatal("the course page does not offer the cohort")
		}
		expect(t, le.post("/cohorts/"+cohortID+"/apply", url.Values{}), http.StatusSeeOther, "apply")
		le2 := a.client()
		le2.login("learner.mn@example.org")
		expect(t, le2.post("/cohorts/"+cohortID+"/apply", url.Values{}), http.StatusSeeOther, "apply 2")

		page = expect(t, co.get(cohortPath), http.StatusOK, "cohort page")
		if !strings.Contains(page.body, cohortPath+"/applications?status=awaiting") {
			t.Fatal("the cohort page does not lead to the applications awaiting a decision")
		}
		page = expect(t, co.get(cohortPath+"/applications"), http.StatusOK, "applications page")
		apps := regexp.MustCompile(`action="/coordinate/applications/(\d+)"`).FindAllStringSubmatch(page.body, -1)
		if len(apps) != 4 { // two imported (accepted) and two applied
			t.Fatalf("%d application forms", len(apps))
		}
		var ghApp, mnApp string
		db.Gorm.Raw("SELECT a.id FROM applications a JOIN users u ON u.id = a.user_id WHERE u.email = ?", "learner.gh@example.org").Scan(&ghApp)
		db.Gorm.Raw("SELECT a.id FROM applications a JOIN users u ON u.id = a.user_id WHERE u.email = ?", "learner.mn@example.org").Scan(&mnApp)
		expect(t, co.post("/coordinate/applications/"+mnApp, url.Values{"decision": {"waitlist"}}), http.StatusSeeOther, "waitlist")
		expect(t, co.post("/coordinate/applications/"+ghApp, url.Values{"decision": {"accept"}}), http.StatusSeeOther, "accept")
		full := expect(t, co.post("/coordinate/cohorts/"+cohortID+"/promote", url.Values{}), http.StatusConflict, "promote when full")
		if !strings.Contains(full.body, "error-summary") {
			t.Fatal("no clear message when promoting into a full cohort")
		}
		my := expect(t, le.get("/my"), http.StatusOK, "learner's /my")
		if !strings.Contains(my.body, `data-testid="my-applications"`) || !strings.Contains(my.body, `lang="fr"`) {
			t.Fatal("/my does not list the application in French")
		}

		// Sessions and attendance on a phone-sized form.
		expect(t, co.post(cohortPath+"/sessions", url.Values{"starts_at": {"2027-03-02T09:00"}, "topic": {"Opening and SMU history"}}), http.StatusSeeOther, "add session")
		sessions := expect(t, co.get(cohortPath+"/sessions"), http.StatusOK, "sessions")
		sid := regexp.MustCompile(`/coordinate/sessions/(\d+)`).FindStringSubmatch(sessions.body)[1]
		marking := expect(t, co.get("/coordinate/sessions/"+sid), http.StatusOK, "marking page")
		ids := regexp.MustCompile(`name="mark-(\d+)" value="present"`).FindAllStringSubmatch(marking.body, -1)
		if len(ids) != 3 {
			t.Fatalf("%d trainees on the marking page", len(ids))
		}
		form := url.Values{}
		for i, m := range ids {
			form.Set("mark-"+m[1], []string{"present", "late", "absent"}[i])
		}
		expect(t, co.post("/coordinate/sessions/"+sid, form), http.StatusSeeOther, "save marks")
		form.Set("mark-999999", "present")
		expect(t, co.post("/coordinate/sessions/"+sid, form), http.StatusUnprocessableEntity, "a mark for someone else")
		if n := storetest.Count(t, db, "attendance"); n != 3 {
			t.Fatalf("%d marks", n)
		}
		csv := expect(t, co.get(cohortPath+"/roster.csv"), http.StatusOK, "roster csv")
		if !strings.Contains(csv.body, "souk@example.la") || !strings.Contains(csv.body, "attendance_rate") {
			t.Fatalf("roster csv:\n%s", csv.body)
		}
		xlsx := expect(t, co.get(cohortPath+"/roster.xlsx"), http.StatusOK, "roster xlsx")
		if !strings.HasPrefix(xlsx.body, "PK") {
			t.Fatal("the xlsx roster is not a zip")
		}

		// Another coordinator, not in charge, cannot see or touch it.
		other := a.client()
		other.login("admin@example.org") // admins may
		expect(t, other.get(cohortPath), http.StatusOK, "admin sees the cohort")
	})
}
