package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestCohortPageQueriesDoNotGrow: the cohort progress page for 500
// trainees takes as many queries as for 5.
func TestCohortPageQueriesDoNotGrow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "SCALE-1", true)
		coord, _ := a.acc.UserByEmail(ctx, "coordinator@example.org")
		svc := enrollment.NewService(db, a.crs, a.acc)
		queries := map[int]int64{}
		for _, n := range []int{5, 500} {
			c, err := svc.CreateCohort(ctx, accounts.Actor{UserID: coord.ID}, enrollment.CohortInput{CourseID: f.Course.ID,
				Code: fmt.Sprintf("SCALE-%d", n), Country: "VN", StartsOn: "2027-01-04", EndsOn: "2027-01-29", Capacity: n,
				Delivery: courses.Blended, AttendanceThreshold: 80})
			if err != nil {
				t.Fatal(err)
			}
			var rows []enrollment.TraineeRow
			for i := 0; i < n; i++ {
				rows = append(rows, enrollment.TraineeRow{Email: fmt.Sprintf("t%d-%d@example.vn", n, i), Name: fmt.Sprintf("Trainee %d", i), Country: "VN"})
			}
			if _, err := svc.ImportTrainees(ctx, accounts.Actor{UserID: coord.ID}, c.ID, rows); err != nil {
				t.Fatal(err)
			}
			co := a.client()
			co.login("coordinator@example.org")
			qc := storetest.CountQueries(t, db)
			r := co.get(fmt.Sprintf("/coordinate/cohorts/%d", c.ID))
			queries[n] = qc.Count()
			if r.status != http.StatusOK || strings.Count(r.body, "<tr>") < n {
				t.Fatalf("cohort page with %d trainees: %d", n, r.status)
			}
		}
		if queries[500] != queries[5] || queries[500] > 25 {
			t.Fatalf("queries: %d for 5 trainees, %d for 500", queries[5], queries[500])
		}
		t.Logf("cohort page: %d queries for 5 and for 500 trainees", queries[500])
	})
}
