package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

type certList struct {
	Certificates []struct {
		ID     int64  `json:"id"`
		Serial string `json:"serial"`
	} `json:"certificates"`
	Total int64 `json:"total"`
}

// TestCertificateListByRole: GET /api/v1/certificates gives administrators
// every certificate, with filters; coordinators those of the cohorts in
// their charge; learners their own.
func TestCertificateListByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		if _, err := a.acc.CreateUser(context.Background(), accounts.Actor{}, newCoordinator("outsider@example.org")); err != nil {
			t.Fatal(err)
		}
		fx := newCertFixture(t, a, "LIST-CERT")
		vn, err := a.certs.Issue(context.Background(), accounts.Actor{}, fx.enrolments["learner.vn@example.org"])
		if err != nil {
			t.Fatal(err)
		}
		list := func(email string, q url.Values) certList {
			t.Helper()
			r := a.api(http.MethodGet, "/api/v1/certificates?"+q.Encode(), a.token(email), nil)
			if r.status != http.StatusOK {
				t.Fatalf("%s %v: %d %s", email, q, r.status, r.body)
			}
			return decode[certList](t, r.body)
		}
		for _, c := range []struct {
			who   string
			q     url.Values
			total int64
		}{
			{"admin@example.org", nil, 2},
			{"admin@example.org", url.Values{"cohort": {fmt.Sprint(fx.cohort.ID)}}, 2},
			{"admin@example.org", url.Values{"cohort": {"999999"}}, 0},
			{"admin@example.org", url.Values{"q": {vn.Serial}}, 1},
			{"admin@example.org", url.Values{"q": {"nguyen thi"}}, 1},
			{"admin@example.org", url.Values{"holder": {fmt.Sprint(fx.cert.UserID)}}, 1},
			{"admin@example.org", url.Values{"status": {"revoked"}}, 0},
			{"admin@example.org", url.Values{"per_page": {"1"}, "page": {"2"}}, 2},
			{"coordinator@example.org", nil, 2},
			{"outsider@example.org", nil, 0},
			{"learner@example.org", nil, 1},
			{"learner.vn@example.org", nil, 1},
			{"learner.gh@example.org", nil, 0},
		} {
			got := list(c.who, c.q)
			if got.Total != c.total {
				t.Errorf("%s %v: total %d, want %d", c.who, c.q, got.Total, c.total)
			}
		}
		if got := list("admin@example.org", url.Values{"per_page": {"1"}, "page": {"2"}}); len(got.Certificates) != 1 || got.Certificates[0].ID != fx.cert.ID {
			t.Errorf("second page of one: %+v, want the older certificate", got.Certificates)
		}
		if got := list("learner@example.org", nil); len(got.Certificates) != 1 || got.Certificates[0].ID != fx.cert.ID {
			t.Errorf("the learner sees %+v, want only their own", got.Certificates)
		}
		if r := a.api(http.MethodGet, "/api/v1/certificates?status=lost", a.token("admin@example.org"), nil); r.status != http.StatusUnprocessableEntity {
			t.Errorf("an unknown status: %d", r.status)
		}
	})
}
