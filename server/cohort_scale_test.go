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

// TestConcurrentAcceptsOverHTTP: 200 accepts at once through the API on a
// 50-seat cohort: 50 succeed, 150 get a clear 409, none a 5xx.
func TestConcurrentAcceptsOverHTTP(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "RUSH-1", true)
		coord, _ := a.acc.UserByEmail(ctx, "coordinator@example.org")
		svc := enrollment.NewService(db, a.crs, a.acc)
		c, err := svc.CreateCohort(ctx, accounts.Actor{UserID: coord.ID}, enrollment.CohortInput{CourseID: f.Course.ID,
			Code: "RUSH", Country: "UG", StartsOn: "2027-02-01", EndsOn: "2027-02-12", Capacity: 50, Delivery: courses.InPerson, AttendanceThreshold: 80})
		if err != nil {
			t.Fatal(err)
		}
		users := make([]accounts.User, 200)
		for i := range users {
			users[i] = accounts.User{Email: fmt.Sprintf("rush%03d@example.ug", i), Name: "Rush", PasswordHash: accounts.NoPassword, Role: accounts.RoleLearner, Active: true}
		}
		if err := db.Gorm.CreateInBatches(&users, 100).Error; err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for i := range users {
			ap, err := svc.Apply(ctx, accounts.Actor{}, c.ID, &users[i], &users[i], "")
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, ap.ID)
		}
		tok := a.token("coordinator@example.org")
		codes := make([]int, len(ids))
		done := make(chan struct{})
		for i, id := range ids {
			go func() {
				defer func() { done <- struct{}{} }()
				codes[i] = a.api("POST", fmt.Sprintf("/api/v1/applications/%d/decision", id), tok, map[string]any{"decision": "accept"}).status
			}()
		}
		for range ids {
			<-done
		}
		count := map[int]int{}
		for _, code := range codes {
			count[code]++
		}
		if count[http.StatusOK] != 50 || count[http.StatusConflict] != 150 {
			t.Fatalf("status counts: %v", count)
		}
		if n := storetest.Count(t, db, "enrolments", "cohort_id = ?", c.ID); n != 50 {
			t.Fatalf("%d enrolments", n)
		}
	})
}
