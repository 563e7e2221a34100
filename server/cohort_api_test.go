package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestCohortThroughAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "API-C1", true)
		co := a.token("coordinator@example.org")
		cohort := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/cohorts", co, map[string]any{
			"course_id": f.Course.ID, "code": "ET-2027-01", "country": "ET", "starts_on": "2027-05-03", "ends_on": "2027-05-14",
			"capacity": 2, "delivery": "blended", "languages": []string{"en", "am"}, "attendance_threshold": 80,
		}), http.StatusCreated, "create cohort").body)
		cid := itoa(cohort.ID)
		// Dry run, then a real import, of a list with an Amharic name.
		csv := "email,name,native_name,country\nabebe@example.et,Abebe Kebede,አበበ ከበደ,ET\n"
		ct, body := multipartBody(t, nil, "list.csv", []byte(csv))
		r := (&client{a: a, http: http.DefaultClient}).do("POST", "/api/v1/cohorts/"+cid+"/import?dry_run=true", body, map[string]string{"Content-Type": ct, "Authorization": "Bearer " + co})
		if r.status != http.StatusOK || !strings.Contains(r.body, `"to_seat":1`) || !strings.Contains(r.body, `"new_accounts":`) {
			t.Fatalf("dry run: %d %s", r.status, r.body)
		}
		if n := storetest.Count(t, db, "enrolments"); n != 0 {
			t.Fatal("a dry run wrote enrolments")
		}
		bad := "email,name,country\nnope,Someone,ET\n"
		ct, body = multipartBody(t, nil, "list.csv", []byte(bad))
		r = (&client{a: a, http: http.DefaultClient}).do("POST", "/api/v1/cohorts/"+cid+"/import", body, map[string]string{"Content-Type": ct, "Authorization": "Bearer " + co, "Accept-Language": "ko"})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"location":"file[2].email"`) {
			t.Fatalf("bad list: %d %s", r.status, r.body)
		}
		ct, body = multipartBody(t, nil, "list.csv", []byte(csv))
		r = (&client{a: a, http: http.DefaultClient}).do("POST", "/api/v1/cohorts/"+cid+"/import", body, map[string]string{"Content-Type": ct, "Authorization": "Bearer " + co})
		if r.status != http.StatusOK {
			t.Fatalf("import: %d %s", r.status, r.body)
		}
		// Two learners apply; one seat is left.
		gh, mn := a.token("learner.gh@example.org"), a.token("learner.mn@example.org")
		app1 := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/cohorts/"+cid+"/applications", gh, map[string]any{}), http.StatusCreated, "apply 1").body)
		app2 := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/cohorts/"+cid+"/applications", mn, map[string]any{"note": "Village leader"}), http.StatusCreated, "apply 2").body)
		apiExpect(t, a.api("POST", "/api/v1/cohorts/"+cid+"/applications", gh, map[string]any{}), http.StatusConflict, "apply twice")
		// A learner cannot nominate someone else.
		apiExpect(t, a.api("POST", "/api/v1/cohorts/"+cid+"/applications", gh, map[string]any{"email": "learner.et@example.org"}), http.StatusForbidden, "learner nominates")
		apiExpect(t, a.api("POST", fmt.Sprintf("/api/v1/applications/%d/decision", app1.ID), co, map[string]any{"decision": "accept"}), http.StatusOK, "accept")
		full := apiExpect(t, a.api("POST", fmt.Sprintf("/api/v1/applications/%d/decision", app2.ID), co, map[string]any{"decision": "accept"}, "Accept-Language", "ko"), http.StatusConflict, "accept beyond capacity")
		if !containsHangul(full.body) {
			t.Fatalf("the full-cohort error is not in Korean: %s", full.body)
		}
		apiExpect(t, a.api("POST", fmt.Sprintf("/api/v1/applications/%d/decision", app2.ID), co, map[string]any{"decision": "reject"}), http.StatusUnprocessableEntity, "reject without reason")
		rej := apiExpect(t, a.api("POST", fmt.Sprintf("/api/v1/applications/%d/decision", app2.ID), co, map[string]any{"decision": "reject", "reason": "reason.capacity"}), http.StatusOK, "reject")
		if !strings.Contains(rej.body, `"reason_text":"All seats are taken."`) && !strings.Contains(rej.body, `"reason":"reason.capacity"`) {
			t.Fatalf("reject: %s", rej.body)
		}
		mine := apiExpect(t, a.api("GET", "/api/v1/applications", mn, nil), http.StatusOK, "my applications")
		if !strings.Contains(mine.body, `"status":"rejected"`) {
			t.Fatalf("my applications: %s", mine.body)
		}
		// Sessions and attendance.
		s := decode[struct{ ID int64 }](t, apiExpect(t, a.api("POST", "/api/v1/cohorts/"+cid+"/sessions", co, map[string]any{"starts_at": "2027-05-03T09:00", "topic": "Opening"}), http.StatusCreated, "session").body)
		roster := decode[struct {
			Trainees []struct {
				EnrolmentID int64  `json:"enrolment_id"`
				NativeName  string `json:"native_name"`
			}
		}](t, apiExpect(t, a.api("GET", "/api/v1/cohorts/"+cid+"/roster", co, nil), http.StatusOK, "roster").body)
		if len(roster.Trainees) != 2 {
			t.Fatalf("roster: %+v", roster)
		}
		marks := map[string]string{}
		for _, tr := range roster.Trainees {
			marks[itoa(tr.EnrolmentID)] = "present"
		}
		apiExpect(t, a.api("PUT", fmt.Sprintf("/api/v1/sessions/%d/attendance", s.ID), co, map[string]any{"marks": marks}), http.StatusNoContent, "attendance")
		marks["999999"] = "present"
		apiExpect(t, a.api("PUT", fmt.Sprintf("/api/v1/sessions/%d/attendance", s.ID), co, map[string]any{"marks": marks}), http.StatusUnprocessableEntity, "foreign mark")

		// An admin sees every cohort; a coordinator not in charge sees none of it.
		adm := a.token("admin@example.org")
		apiExpect(t, a.api("GET", "/api/v1/cohorts/"+cid, adm, nil), http.StatusOK, "admin reads")
		if _, err := a.acc.CreateUser(t.Context(), accountsActor(), newCoordinator("coord2@example.org")); err != nil {
			t.Fatal(err)
		}
		other := a.token("coord2@example.org")
		apiExpect(t, a.api("GET", "/api/v1/cohorts/"+cid, other, nil), http.StatusNotFound, "another coordinator")
		apiExpect(t, a.api("GET", "/api/v1/cohorts/"+cid+"/roster", other, nil), http.StatusNotFound, "another coordinator's roster")
		apiExpect(t, a.api("POST", fmt.Sprintf("/api/v1/applications/%d/decision", app1.ID), other, map[string]any{"decision": "withdraw"}), http.StatusNotFound, "another coordinator decides")
		list := apiExpect(t, a.api("GET", "/api/v1/cohorts", other, nil), http.StatusOK, "another coordinator's list")
		if strings.Contains(list.body, "ET-2027-01") {
			t.Fatal("a coordinator lists a cohort not in their charge")
		}
		apiExpect(t, a.api("GET", "/api/v1/cohorts", gh, nil), http.StatusForbidden, "learner lists cohorts")
	})
}
