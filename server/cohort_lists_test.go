package server_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// bigCohort is a cohort built in bulk for list tests and benchmarks.
type bigCohort struct {
	cohort   *enrollment.Cohort
	trainees int // enrolled (active, completed or withdrawn)
	applied  int // applicants awaiting a decision, not enrolled
	atRisk   map[string]bool
	names    []string // every trainee's name
}

// The named trainees of a big cohort, at fixed positions, to search for.
var bigCohortNames = map[int][2]string{
	3: {"Kim Minji", "김민지"},
	5: {"Souksavanh Phommachanh", "ສຸກສະຫວັນ ພົມມະຈັນ"},
	7: {"Ivanov Pyotr", "Иванов Пётр"},
	9: {"Nguyễn Thị Đào", ""},
}

// newBigCohort bulk-inserts a running cohort of course with n trainees
// and n/10 more applicants awaiting a decision (a tenth of them on the
// waiting list). Trainee i is "Trainee %04d" (but for bigCohortNames),
// t%04d@example.la, of the "Ministry of Home Affairs" when i%4 == 0
// (else "Provincial Office i%7"); completed when i%10 == 9, withdrawn when
// i%20 == 18, else active; active trainees have 10% progress when
// i%5 == 0 (behind a cohort half over) and 80% otherwise, and attend 50%
// of sessions when i%13 == 0 (below its 80% threshold) and 95% otherwise.
func newBigCohort(tb testing.TB, a *app, course *courses.Course, code string, n int) *bigCohort {
	tb.Helper()
	ctx := context.Background()
	coord, err := a.acc.UserByEmail(ctx, "coordinator@example.org")
	if err != nil {
		tb.Fatal(err)
	}
	today := time.Now().UTC()
	svc := enrollment.NewService(a.db, a.crs, a.acc)
	co, err := svc.CreateCohort(ctx, accounts.Actor{UserID: coord.ID}, enrollment.CohortInput{CourseID: course.ID, Code: code, Country: "LA",
		StartsOn: today.AddDate(0, 0, -10).Format(time.DateOnly), EndsOn: today.AddDate(0, 0, 9).Format(time.DateOnly),
		Capacity: n + 10, Delivery: courses.Blended, AttendanceThreshold: 80})
	if err != nil {
		tb.Fatal(err)
	}
	bc := &bigCohort{cohort: co, trainees: n, applied: n / 10, atRisk: map[string]bool{}}
	users := make([]accounts.User, 0, n+bc.applied)
	for i := range n + bc.applied {
		name, native := fmt.Sprintf("Trainee %04d", i), ""
		if nn, ok := bigCohortNames[i]; ok {
			name, native = nn[0], nn[1]
		}
		org := fmt.Sprintf("Provincial Office %d", i%7)
		if i%4 == 0 {
			org = "Ministry of Home Affairs"
		}
		users = append(users, accounts.User{Email: fmt.Sprintf("%s-t%04d@example.la", strings.ToLower(code), i), Name: name, NativeName: native,
			Organisation: org, Country: "LA", Role: accounts.RoleLearner, Active: true, PasswordHash: accounts.NoPassword})
	}
	if err := a.db.Gorm.CreateInBatches(&users, 500).Error; err != nil {
		tb.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	cid := co.ID
	var apps []enrollment.Application
	var enrolments []enrollment.Enrolment
	seats := 0
	required := course.RequiredLessons()
	for i, u := range users {
		if i >= n {
			st := enrollment.Applied
			var at *time.Time
			if i%10 == 0 {
				st, at = enrollment.Waitlisted, &now
			}
			apps = append(apps, enrollment.Application{CohortID: co.ID, UserID: u.ID, Status: st, WaitlistedAt: at})
			continue
		}
		e := enrollment.Enrolment{UserID: u.ID, CourseID: course.ID, CohortID: &cid, Status: enrollment.Active, LessonsRequired: required,
			LastActivityAt: &now}
		rate, done := 95, 80
		if i%13 == 0 {
			rate = 50
		}
		if i%5 == 0 {
			done = 10
		}
		app := enrollment.Application{CohortID: co.ID, UserID: u.ID, Status: enrollment.Accepted, DecidedAt: &now}
		switch {
		case i%10 == 9:
			e.Status, e.CompletedAt, done, rate = enrollment.Completed, &now, 100, 95
		case i%20 == 18:
			e.Status, app.Status = enrollment.Withdrawn, enrollment.AppWithdrawn
		}
		e.Percent, e.LessonsDone, e.AttendanceRate = done, required*done/100, &rate
		if e.Status != enrollment.Withdrawn {
			seats++
		}
		if e.Status == enrollment.Active && (done+20 < 50 || rate < 80) {
			bc.atRisk[u.Name] = true
		}
		bc.names = append(bc.names, u.Name)
		apps = append(apps, app)
		enrolments = append(enrolments, e)
	}
	if err := a.db.Gorm.CreateInBatches(&apps, 500).Error; err != nil {
		tb.Fatal(err)
	}
	if err := a.db.Gorm.CreateInBatches(&enrolments, 500).Error; err != nil {
		tb.Fatal(err)
	}
	if err := a.db.Gorm.Model(&enrollment.Cohort{}).Where("id = ?", co.ID).Update("seats_taken", seats).Error; err != nil {
		tb.Fatal(err)
	}
	co.SeatsTaken = seats
	return bc
}

// rosterOut is the roster API's answer.
type rosterOut struct {
	Trainees []struct {
		Name   string `json:"name"`
		Email  string `json:"email"`
		Status string `json:"status"`
		AtRisk bool   `json:"at_risk"`
	} `json:"trainees"`
	Total   int64 `json:"total"`
	Page    int   `json:"page"`
	PerPage int   `json:"per_page"`
}

// TestCohortRosterPages: the roster of a 300-trainee cohort comes 50 a
// page, the trainees at risk first and then by name, in the page and the
// API, with the total; every page together is the whole roster once.
func TestCohortRosterPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "LIST-1", true)
		bc := newBigCohort(t, a, f.Course, "LIST-1", 300)
		tok := a.token("coordinator@example.org")
		api := fmt.Sprintf("/api/v1/cohorts/%d/roster", bc.cohort.ID)

		var seen []string
		for page := 1; ; page++ {
			r := a.api("GET", fmt.Sprintf("%s?page=%d", api, page), tok, nil)
			if r.status != http.StatusOK {
				t.Fatalf("roster page %d: %d %s", page, r.status, r.body)
			}
			out := decode[rosterOut](t, r.body)
			if out.Total != 300 || out.Page != page || out.PerPage != 50 {
				t.Fatalf("page %d: total %d, page %d, per_page %d", page, out.Total, out.Page, out.PerPage)
			}
			if len(out.Trainees) == 0 {
				break
			}
			if page <= 6 && len(out.Trainees) != 50 {
				t.Fatalf("page %d has %d trainees", page, len(out.Trainees))
			}
			for _, tr := range out.Trainees {
				if tr.AtRisk != bc.atRisk[tr.Name] {
					t.Errorf("%s: at_risk %v", tr.Name, tr.AtRisk)
				}
				seen = append(seen, tr.Name)
			}
		}
		// The at-risk first, each group by name, nobody twice or missing.
		risky := len(bc.atRisk)
		if risky < 40 || risky > 100 {
			t.Fatalf("the fixture has %d trainees at risk", risky)
		}
		want := slices.Clone(bc.names)
		slices.SortStableFunc(want, func(x, y string) int {
			if bc.atRisk[x] != bc.atRisk[y] {
				if bc.atRisk[x] {
					return -1
				}
				return 1
			}
			return strings.Compare(x, y)
		})
		if !slices.Equal(seen, want) {
			t.Fatalf("the pages list %d trainees, not the %d of the cohort at risk first then by name:\n%v", len(seen), len(want), seen[:min(len(seen), 60)])
		}

		co := a.client()
		co.login("coordinator@example.org")
		cp := fmt.Sprintf("/coordinate/cohorts/%d", bc.cohort.ID)
		page := co.get(cp + "?lang=en")
		if page.status != http.StatusOK || strings.Count(page.body, `<td data-label="Status">`) != 50 {
			t.Fatalf("cohort page: %d, %d rows", page.status, strings.Count(page.body, `<td data-label="Status">`))
		}
		for _, s := range []string{"Page 1 of 6: 1–50 of 300", `href="` + cp + `?page=2#roster"`, `href="` + cp + `?page=6#roster"`,
			fmt.Sprintf("%d trainees are behind schedule", risky), "more than 20 points of progress behind", "attending less than 80%"} {
			if !strings.Contains(page.body, s) {
				t.Errorf("the cohort page lacks %q", s)
			}
		}
		if n := strings.Count(page.body, `tag tag-off">At risk`); n != min(risky, 50) {
			t.Errorf("page 1 flags %d trainees at risk, want %d", n, min(risky, 50))
		}
		last := co.get(cp + "?page=6&lang=en")
		if n := strings.Count(last.body, `<td data-label="Status">`); n != 50 || !strings.Contains(last.body, "251–300 of 300") || strings.Contains(last.body, `rel="next"`) {
			t.Errorf("last page: %d rows", n)
		}
	})
}

// TestCohortRosterSearchAndFilters: the roster's search finds trainees by
// name (Latin, Korean, Lao, and Cyrillic in either case), e-mail or
// organisation, typed wildcards match only themselves, filters combine,
// and every link of a filtered page keeps the filters.
func TestCohortRosterSearchAndFilters(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "LIST-2", true)
		bc := newBigCohort(t, a, f.Course, "LIST-2", 300)
		tok := a.token("coordinator@example.org")
		api := fmt.Sprintf("/api/v1/cohorts/%d/roster", bc.cohort.ID)
		ministry := 0
		for i := range 300 {
			if i%4 == 0 {
				ministry++
			}
		}
		cases := []struct {
			name, query string
			total       int64
			first       string
		}{
			{"a name", "q=trainee+0042", 1, "Trainee 0042"},
			{"a name in any case", "q=TRAINEE+0042", 1, "Trainee 0042"},
			{"words in any order", "q=0042+trainee", 1, "Trainee 0042"},
			{"an e-mail", "q=list-2-t0042%40example", 1, "Trainee 0042"},
			{"an organisation", "q=ministry+of+home", int64(ministry), ""},
			{"a Korean name", "q=" + url.QueryEscape("민지"), 1, "Kim Minji"},
			{"a Lao name", "q=" + url.QueryEscape("ສຸກສະຫວັນ"), 1, "Souksavanh Phommachanh"},
			{"a Cyrillic name as written", "q=" + url.QueryEscape("Иванов"), 1, "Ivanov Pyotr"},
			{"a Cyrillic name in lower case", "q=" + url.QueryEscape("иванов пётр"), 1, "Ivanov Pyotr"},
			{"a Cyrillic name in capitals", "q=" + url.QueryEscape("ИВАНОВ"), 1, "Ivanov Pyotr"},
			{"Vietnamese in capitals", "q=" + url.QueryEscape("ĐÀO"), 1, "Nguyễn Thị Đào"},
			{"a typed percent sign", "q=%25", 0, ""},
			{"a typed underscore", "q=t_042", 0, ""},
			{"a status", "status=completed", 30, ""},
			{"at risk only", "at_risk=1", int64(len(bc.atRisk)), ""},
			{"a search and a status", "q=ministry&status=withdrawn", 0, ""},
			{"a search and a status, some", "q=office&status=withdrawn", 15, ""},
			{"nobody", "q=nobody-at-all", 0, ""},
		}
		for _, tc := range cases {
			r := a.api("GET", api+"?"+tc.query, tok, nil)
			if r.status != http.StatusOK {
				t.Errorf("%s: %d %s", tc.name, r.status, r.body)
				continue
			}
			out := decode[rosterOut](t, r.body)
			if out.Total != tc.total || int64(len(out.Trainees)) != min(tc.total, 50) {
				t.Errorf("%s: total %d, %d on the page, want %d", tc.name, out.Total, len(out.Trainees), tc.total)
				continue
			}
			if tc.first != "" && out.Trainees[0].Name != tc.first {
				t.Errorf("%s: found %q", tc.name, out.Trainees[0].Name)
			}
		}

		co := a.client()
		co.login("coordinator@example.org")
		cp := fmt.Sprintf("/coordinate/cohorts/%d", bc.cohort.ID)
		r := co.get(cp + "?q=office&status=active&lang=en")
		if r.status != http.StatusOK {
			t.Fatalf("filtered page: %d", r.status)
		}
		for _, s := range []string{`href="` + cp + `?page=2&amp;q=office&amp;status=active#roster"`, `value="office"`, `<option value="active" selected>`,
			`href="` + cp + `/roster.csv?q=office&amp;status=active"`, "The files hold every trainee that this search"} {
			if !strings.Contains(r.body, s) {
				t.Errorf("the filtered page lacks %s", s)
			}
		}
		r = co.get(cp + "?q=" + url.QueryEscape("김민지") + "&lang=en")
		if !strings.Contains(r.body, "Kim Minji") || strings.Count(r.body, `<td data-label="Status">`) != 1 {
			t.Errorf("the page does not find the Korean name")
		}
		r = co.get(cp + "?q=nobody-at-all&lang=en")
		if !strings.Contains(r.body, "Nothing matches this search") {
			t.Errorf("no message for a search that finds nobody")
		}

		// The export holds every trainee the filters keep, on all pages.
		rows := func(path string) [][]string {
			r := co.get(path)
			if r.status != http.StatusOK {
				t.Fatalf("%s: %d", path, r.status)
			}
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\uFEFF"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return recs
		}
		if all := rows(cp + "/roster.csv"); len(all) != 301 || all[0][0] != "email" {
			t.Errorf("the whole export has %d lines", len(all))
		}
		if some := rows(cp + "/roster.csv?q=office&status=withdrawn"); len(some) != 16 {
			t.Errorf("the filtered export has %d lines", len(some))
		}
		if cy := rows(cp + "/roster.csv?q=" + url.QueryEscape("пётр")); len(cy) != 2 || cy[1][1] != "Ivanov Pyotr" {
			t.Errorf("the Cyrillic export: %v", cy)
		}
	})
}

// TestCohortListBounds: a page past the end is an empty page that says so
// and links back; in the API a page or a size out of range is a 422 that
// names the parameter, and in the page it falls back to a sane one.
func TestCohortListBounds(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "LIST-3", true)
		bc := newBigCohort(t, a, f.Course, "LIST-3", 120)
		tok := a.token("coordinator@example.org")
		api := fmt.Sprintf("/api/v1/cohorts/%d", bc.cohort.ID)
		for _, path := range []string{"/roster", "/applications"} {
			for _, tc := range []struct{ query, field string }{
				{"page=0", "page"}, {"page=-3", "page"}, {"page=two", "page"},
				{"per_page=0", "per_page"}, {"per_page=201", "per_page"}, {"per_page=x", "per_page"},
			} {
				r := a.api("GET", api+path+"?"+tc.query, tok, nil)
				p := decode[problem](t, r.body)
				if r.status != http.StatusUnprocessableEntity || len(p.Errors) == 0 || p.Errors[0].Location != "query."+tc.field {
					t.Errorf("%s?%s: %d %s", path, tc.query, r.status, r.body)
				}
			}
		}
		r := a.api("GET", api+"/roster?page=99", tok, nil)
		if out := decode[rosterOut](t, r.body); r.status != http.StatusOK || out.Total != 120 || len(out.Trainees) != 0 {
			t.Errorf("roster page 99: %d %s", r.status, r.body)
		}
		r = a.api("GET", api+"/roster?per_page=200", tok, nil)
		if out := decode[rosterOut](t, r.body); len(out.Trainees) != 120 || out.PerPage != 200 {
			t.Errorf("roster per_page=200: %d", len(out.Trainees))
		}

		co := a.client()
		co.login("coordinator@example.org")
		cp := fmt.Sprintf("/coordinate/cohorts/%d", bc.cohort.ID)
		rows := func(body string) int { return strings.Count(body, `<td data-label="Status">`) }
		cases := []struct {
			query string
			rows  int
			has   string
		}{
			{"page=99", 0, "There is no page 99: this list has 3 pages."},
			{"page=abc", 50, "Page 1 of 3"},
			{"page=-1", 50, "Page 1 of 3"},
			{"page=99999999999999999999", 50, "Page 1 of 3"},
			{"per_page=100000", 120, "Page 1 of 1"},
			{"per_page=20&page=2", 20, "Page 2 of 6: 21–40 of 120"},
			{"status=nonsense&at_risk=maybe", 50, "Page 1 of 3"},
		}
		for _, tc := range cases {
			r := co.get(cp + "?lang=en&" + tc.query)
			if r.status != http.StatusOK || rows(r.body) != tc.rows || !strings.Contains(r.body, tc.has) {
				t.Errorf("?%s: %d, %d rows, want %d and %q", tc.query, r.status, rows(r.body), tc.rows, tc.has)
			}
		}
		beyond := co.get(cp + "?page=99&q=office&lang=en")
		if !strings.Contains(beyond.body, `href="`+cp+`?page=2&amp;q=office#roster"`) {
			t.Errorf("the page past the end does not lead back to the last page")
		}
		if r := co.get(cp + "?per_page=20&page=2&lang=en"); !strings.Contains(r.body, `href="`+cp+`?page=3&amp;per_page=20#roster"`) ||
			!strings.Contains(r.body, `name="per_page" value="20"`) {
			t.Errorf("a page size of 20 is not kept in the links and the search form")
		}
	})
}

// TestCohortApplicationPages: applications come 50 a page, those awaiting
// a decision first, in the page and the API; a decision on page 2 of a
// filtered list returns there.
func TestCohortApplicationPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "LIST-4", true)
		bc := newBigCohort(t, a, f.Course, "LIST-4", 300) // 300 decided, 30 awaiting (3 waitlisted)
		tok := a.token("coordinator@example.org")
		api := fmt.Sprintf("/api/v1/cohorts/%d/applications", bc.cohort.ID)
		type appsOut struct {
			Applications []struct {
				ID     int64  `json:"id"`
				Name   string `json:"name"`
				Status string `json:"status"`
			} `json:"applications"`
			Total   int64 `json:"total"`
			PerPage int   `json:"per_page"`
		}
		r := a.api("GET", api, tok, nil)
		out := decode[appsOut](t, r.body)
		if r.status != http.StatusOK || out.Total != 330 || len(out.Applications) != 50 || out.PerPage != 50 {
			t.Fatalf("applications: %d, total %d, %d listed", r.status, out.Total, len(out.Applications))
		}
		for i, ap := range out.Applications {
			want := "applied"
			switch {
			case i >= 30:
				want = "accepted"
			case i >= 27:
				want = "waitlisted"
			}
			if ap.Status != want && (want != "accepted" || ap.Status != "withdrawn") {
				t.Fatalf("application %d is %s, want %s: those awaiting a decision come first", i, ap.Status, want)
			}
		}
		for _, tc := range []struct {
			query string
			total int64
		}{{"status=awaiting", 30}, {"status=waitlisted", 3}, {"status=withdrawn", 15}, {"q=trainee+0301", 1}, {"q=" + url.QueryEscape("민지"), 1}} {
			if out := decode[appsOut](t, a.api("GET", api+"?"+tc.query, tok, nil).body); out.Total != tc.total {
				t.Errorf("applications ?%s: total %d, want %d", tc.query, out.Total, tc.total)
			}
		}

		co := a.client()
		co.login("coordinator@example.org")
		cp := fmt.Sprintf("/coordinate/cohorts/%d", bc.cohort.ID)
		cohort := co.get(cp + "?lang=en")
		for _, s := range []string{"330 applications and nominations", "30 awaiting a decision", "3 on the waiting list", cp + "/applications?status=awaiting"} {
			if !strings.Contains(cohort.body, s) {
				t.Errorf("the cohort page lacks %q", s)
			}
		}
		if strings.Contains(cohort.body, `action="/coordinate/applications/`) {
			t.Error("the cohort page still holds a decision form per application")
		}
		page := co.get(cp + "/applications?status=accepted&page=2&lang=en")
		forms := strings.Count(page.body, `action="/coordinate/applications/`)
		if page.status != http.StatusOK || forms != 50 || !strings.Contains(page.body, "Page 2 of 6: 51–100 of 285") {
			t.Fatalf("applications page 2: %d, %d forms", page.status, forms)
		}
		id := regexpFind(t, `action="/coordinate/applications/(\d+)"`, page.body)
		list := regexpFind(t, `name="list" value="([^"]+)"`, page.body)
		if list != "page=2&amp;status=accepted" {
			t.Fatalf("the decision form posts back %q", list)
		}
		r = co.post("/coordinate/applications/"+id, url.Values{"decision": {"withdraw"}, "list": {"page=2&status=accepted&evil=https://x.example"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != cp+"/applications?page=2&status=accepted" {
			t.Errorf("a decision on page 2 returns to %d %q", r.status, r.header.Get("Location"))
		}
		r = co.post("/coordinate/applications/"+id, url.Values{"decision": {"nonsense"}, "list": {"status=withdrawn"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "error-summary") || !strings.Contains(r.body, `<option value="withdrawn" selected>`) {
			t.Errorf("a refused decision does not show the same list again: %d", r.status)
		}
	})
}

// TestCohortsAndCertificatesPages: the coordinator's list of cohorts and a
// cohort's certificates page come 50 a page with a search.
func TestCohortsAndCertificatesPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f := coursetest.Build(t, a.crs, "LIST-5", true)
		bc := newBigCohort(t, a, f.Course, "LIST-5", 120)
		ctx := context.Background()
		coord, _ := a.acc.UserByEmail(ctx, "coordinator@example.org")
		svc := enrollment.NewService(a.db, a.crs, a.acc)
		for i := range 54 {
			if _, err := svc.CreateCohort(ctx, accounts.Actor{UserID: coord.ID}, enrollment.CohortInput{CourseID: f.Course.ID,
				Code: fmt.Sprintf("MANY-%02d", i), Country: "VN", PartnerOrg: "Bộ Nội vụ", StartsOn: "2027-01-04", EndsOn: "2027-01-29", Capacity: 10,
				Delivery: courses.Online}); err != nil {
				t.Fatal(err)
			}
		}
		co := a.client()
		co.login("coordinator@example.org")
		list := co.get("/coordinate/cohorts?lang=en")
		if n := strings.Count(list.body, `<td data-label="Code">`); n != 50 || !strings.Contains(list.body, "Page 1 of 2: 1–50 of 55") {
			t.Errorf("cohorts page 1: %d rows", n)
		}
		if r := co.get("/coordinate/cohorts?q=many-0&lang=en"); strings.Count(r.body, `<td data-label="Code">`) != 10 {
			t.Errorf("searching cohorts by code finds %d", strings.Count(r.body, `<td data-label="Code">`))
		}
		if r := co.get("/coordinate/cohorts?q=" + url.QueryEscape("BỘ NỘI") + "&lang=en"); strings.Count(r.body, `<td data-label="Code">`) != 50 ||
			!strings.Contains(r.body, "of 54") {
			t.Errorf("searching cohorts by partner organisation in capitals fails")
		}
		tok := a.token("coordinator@example.org")
		type cohortsOut struct {
			Cohorts []struct{ Code string } `json:"cohorts"`
			Total   int64                   `json:"total"`
		}
		if out := decode[cohortsOut](t, a.api("GET", "/api/v1/cohorts?per_page=10&page=6", tok, nil).body); out.Total != 55 || len(out.Cohorts) != 5 {
			t.Errorf("cohorts API page 6 of 10: total %d, %d listed", out.Total, len(out.Cohorts))
		}

		cp := fmt.Sprintf("/coordinate/cohorts/%d/certificates", bc.cohort.ID)
		page := co.get(cp + "?lang=en")
		boxes := strings.Count(page.body, `name="enrolment"`)
		if page.status != http.StatusOK || strings.Count(page.body, `<td data-label="Status">`) != 50 || !strings.Contains(page.body, "Page 1 of 3: 1–50 of 114") {
			t.Fatalf("certificates page: %d", page.status)
		}
		if !strings.Contains(page.body, "Completed, still without a certificate: 12.") {
			t.Error("the certificates page does not count the whole cohort")
		}
		issuable := co.get(cp + "?show=issuable&lang=en")
		if n := strings.Count(issuable.body, `name="enrolment"`); n != 12 || boxes > n {
			t.Errorf("%d issuable trainees listed (%d on page 1)", n, boxes)
		}
		if r := co.get(cp + "?q=" + url.QueryEscape("ສຸກ") + "&lang=en"); !strings.Contains(r.body, "Souksavanh Phommachanh") ||
			strings.Count(r.body, `<td data-label="Status">`) != 1 {
			t.Error("the certificates page does not find the Lao name")
		}
		form := url.Values{"list": {"show=issuable&page=1"}}
		for _, m := range regexpAll(`name="enrolment" value="(\d+)"`, issuable.body)[:2] {
			form.Add("enrolment", m)
		}
		r := co.post(cp+"/issue", form)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != cp+"?show=issuable" {
			t.Errorf("issuing from a filtered list returns to %d %q", r.status, r.header.Get("Location"))
		}
		if n := strings.Count(co.get(cp+"?show=issuable").body, `name="enrolment"`); n != 10 {
			t.Errorf("%d issuable after issuing two of 12", n)
		}
	})
}

// regexpAll returns the first group of every match of pattern in s.
func regexpAll(pattern, s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}
