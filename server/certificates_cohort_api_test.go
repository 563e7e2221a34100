package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestCohortCertificatesAPIPages: a coordinator lists a cohort's trainees
// with their certificates a page at a time, with the total the filters
// keep and the whole cohort's counts, filtered by what is left to issue
// and searched by e-mail.
func TestCohortCertificatesAPIPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		fx := newCertFixture(t, a, "CAP")
		tok := a.token("coordinator@example.org")
		type out struct {
			Trainees []struct {
				EnrolmentID int64  `json:"enrolment_id"`
				Serial      string `json:"serial"`
			}
			Total, Issued, Issuable int64
			Page                    int
			PerPage                 int `json:"per_page"`
		}
		get := func(query string) out {
			t.Helper()
			r := a.api(http.MethodGet, fmt.Sprintf("/api/v1/cohorts/%d/certificates?%s", fx.cohort.ID, query), tok, nil)
			if r.status != http.StatusOK {
				t.Fatalf("%s: %d %s", query, r.status, r.body)
			}
			return decode[out](t, r.body)
		}
		if got := get("per_page=1&page=2"); len(got.Trainees) != 1 || got.Total != 3 || got.Page != 2 || got.PerPage != 1 || got.Issued != 1 || got.Issuable != 1 {
			t.Errorf("page 2 of 1: %+v", got)
		}
		if got := get("show=issuable"); len(got.Trainees) != 1 || got.Total != 1 || got.Trainees[0].EnrolmentID != fx.enrolments["learner.vn@example.org"] {
			t.Errorf("issuable: %+v", got)
		}
		if got := get("show=issued"); got.Total != 1 || got.Trainees[0].Serial != fx.cert.Serial {
			t.Errorf("issued: %+v", got)
		}
		if got := get("q=learner.mn"); got.Total != 1 || got.Trainees[0].EnrolmentID != fx.enrolments["learner.mn@example.org"] {
			t.Errorf("search by e-mail: %+v", got)
		}
		if got := get("page=9"); len(got.Trainees) != 0 || got.Total != 3 {
			t.Errorf("past the end: %+v", got)
		}
		if r := a.api(http.MethodGet, fmt.Sprintf("/api/v1/cohorts/%d/certificates?show=everyone", fx.cohort.ID), tok, nil); r.status != http.StatusUnprocessableEntity {
			t.Errorf("an unknown filter: %d", r.status)
		}
	})
}
