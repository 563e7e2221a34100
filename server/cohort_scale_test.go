package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestCohortPageQueriesDoNotGrow: each page of a cohort's lists (the
// cohort page with its roster, the applications, the certificates, the
// marking sheet and the roster API) takes as many queries for 500
// trainees as for 5, and shows at most 50 of them.
func TestCohortPageQueriesDoNotGrow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "SCALE-1", true)
		coord, _ := a.acc.UserByEmail(ctx, "coordinator@example.org")
		svc := enrollment.NewService(db, a.crs, a.acc)
		tok := a.token("coordinator@example.org")
		queries := map[string]map[int]int64{}
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
			s, err := svc.AddSession(ctx, accounts.Actor{UserID: coord.ID}, c.ID, "2027-01-04T09:00", "Opening")
			if err != nil {
				t.Fatal(err)
			}
			co := a.client()
			co.login("coordinator@example.org")
			cp := fmt.Sprintf("/coordinate/cohorts/%d", c.ID)
			pages := []struct {
				name, path, row string
				api             bool
			}{
				{"cohort page", cp, `<td data-label="Status">`, false},
				{"applications", cp + "/applications", `action="/coordinate/applications/`, false},
				{"certificates", cp + "/certificates", `<td data-label="Status">`, false},
				{"marking sheet", fmt.Sprintf("/coordinate/sessions/%d", s.ID), `<fieldset class="card">`, false},
				{"roster API", "/api/v1/cohorts/" + fmt.Sprint(c.ID) + "/roster", `"enrolment_id"`, true},
				{"applications API", "/api/v1/cohorts/" + fmt.Sprint(c.ID) + "/applications", `"cohort_id"`, true},
			}
			for _, p := range pages {
				get := func() resp {
					if p.api {
						return a.api("GET", p.path, tok, nil)
					}
					return co.get(p.path + "?lang=en")
				}
				// A first request may save the page's language as the
				// user's (which drops their cached identity) and note the
				// session or token in use; the second is answered as all
				// later ones are, the identity from the cache.
				get()
				get()
				qc := storetest.CountQueries(t, db)
				r := get()
				if queries[p.name] == nil {
					queries[p.name] = map[int]int64{}
				}
				queries[p.name][n] = qc.Count()
				if got := strings.Count(r.body, p.row); r.status != http.StatusOK || got != min(n, 50) {
					t.Fatalf("%s with %d trainees: %d, %d rows", p.name, n, r.status, got)
				}
			}
		}
		for name, q := range queries {
			if q[500] != q[5] || q[500] > 25 {
				t.Errorf("%s: %d queries for 5 trainees, %d for 500", name, q[5], q[500])
			}
			t.Logf("%s: %d queries for 5 and for 500 trainees", name, q[500])
		}
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

// BenchmarkCohort5000 serves the lists of an online-sized cohort: 5,000
// trainees (plus 500 applicants) in a 130-lesson course, on each dialect.
// Each sub-benchmark reports the bytes it sends; the roster exports hold
// the whole cohort.
//
//	go test ./server -run '^$' -bench Cohort5000 -benchtime 20x
func BenchmarkCohort5000(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			ctx := context.Background()
			a := newApp(b, storetest.New(b, d))
			f := coursetest.Build(b, a.crs, "BIG-1", true)
			m, err := a.crs.AddModule(ctx, accounts.Actor{}, f.Course.ID, "Village development in practice")
			if err != nil {
				b.Fatal(err)
			}
			for i := range 127 {
				if _, err := a.crs.AddLesson(ctx, accounts.Actor{}, m.ID, courses.LessonInput{Kind: courses.KindText,
					Title: fmt.Sprintf("Practice %d", i+1), Body: "Read and discuss.", Required: true}); err != nil {
					b.Fatal(err)
				}
			}
			course, err := a.crs.Course(ctx, f.Course.ID)
			if err != nil {
				b.Fatal(err)
			}
			if n := len(course.OrderedLessons()); n != 130 {
				b.Fatalf("%d lessons", n)
			}
			bc := newBigCohort(b, a, course, "BIG-1", 5000)
			coord, err := a.acc.UserByEmail(ctx, "coordinator@example.org")
			if err != nil {
				b.Fatal(err)
			}
			secret, err := a.acc.StartSession(ctx, coord, "127.0.0.1", "bench")
			if err != nil {
				b.Fatal(err)
			}
			tok := a.token("coordinator@example.org")
			cp := fmt.Sprintf("/coordinate/cohorts/%d", bc.cohort.ID)
			api := fmt.Sprintf("/api/v1/cohorts/%d", bc.cohort.ID)
			for _, tc := range []struct{ name, path string }{
				{"cohort-page", cp},
				{"cohort-page-100", cp + "?page=100"},
				{"cohort-page-at-risk", cp + "?at_risk=1"},
				{"cohort-page-search", cp + "?q=office+0042"},
				{"cohort-page-search-cyrillic", cp + "?q=" + url.QueryEscape("иванов")},
				{"applications-page", cp + "/applications"},
				{"certificates-page", cp + "/certificates"},
				{"roster-api", api + "/roster"},
				{"applications-api", api + "/applications"},
				{"roster-csv", cp + "/roster.csv"},
				{"roster-xlsx", cp + "/roster.xlsx"},
			} {
				b.Run(tc.name, func(b *testing.B) {
					req := httptest.NewRequest(http.MethodGet, tc.path, nil)
					if strings.HasPrefix(tc.path, "/api/") {
						req.Header.Set("Authorization", "Bearer "+tok)
					} else {
						req.AddCookie(&http.Cookie{Name: "baeum_session", Value: secret})
					}
					var size int
					b.ReportAllocs()
					for b.Loop() {
						w := httptest.NewRecorder()
						a.engine.ServeHTTP(w, req)
						if w.Code != http.StatusOK {
							b.Fatalf("%s: status %d %.300s", tc.path, w.Code, w.Body.String())
						}
						size = w.Body.Len()
					}
					b.ReportMetric(float64(size), "bytes/op")
				})
			}
		})
	}
}
