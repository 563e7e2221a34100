package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
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

// TestPrePostTests: the coordinator in charge chooses a cohort's pre-test
// and post-test on the page (a refused choice keeps what was chosen, the
// error on its field) and through the API, and reads each trainee's gain
// and the cohort's normalised gain from first attempts; nobody else may.
func TestPrePostTests(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ctx := context.Background()
		if _, err := a.acc.CreateUser(ctx, accounts.Actor{}, newCoordinator("other.coord@example.org")); err != nil {
			t.Fatal(err)
		}
		f := coursetest.Build(t, a.crs, "PREPOST", false)
		m := f.Course.Modules[0]
		post, err := a.crs.AddLesson(ctx, accounts.Actor{}, m.ID, courses.LessonInput{Kind: courses.KindQuiz, Title: "Final check", Required: false, PassMark: 60})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.crs.AddQuestion(ctx, accounts.Actor{}, post.ID, courses.QuestionInput{Kind: courses.TrueFalse, Points: 1, Prompt: "Villages chose their projects.", AnswerBool: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.crs.SetStatus(ctx, accounts.Actor{}, f.Course.ID, courses.Published); err != nil {
			t.Fatal(err)
		}
		coord := mustUser(t, a, "coordinator@example.org")
		co, err := a.enr.CreateCohort(ctx, accounts.Actor{UserID: coord.ID}, enrollment.CohortInput{CourseID: f.Course.ID, Code: "PREPOST-01",
			Country: "LA", StartsOn: "2027-03-01", EndsOn: "2027-03-12", Capacity: 10, Delivery: courses.Online})
		if err != nil {
			t.Fatal(err)
		}
		var rows []enrollment.TraineeRow
		for i, email := range []string{"learner@example.org", "learner.vn@example.org", "learner.mn@example.org"} {
			u := mustUser(t, a, email)
			rows = append(rows, enrollment.TraineeRow{Line: i + 2, Email: email, Name: u.Name, NativeName: u.NativeName, Country: u.Country})
		}
		if _, err := a.enr.ImportTrainees(ctx, accounts.Actor{UserID: coord.ID}, co.ID, rows); err != nil {
			t.Fatal(err)
		}
		eid := map[string]int64{}
		for _, r := range rows {
			var id int64
			db.Gorm.Raw("SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = ? AND e.cohort_id = ?", r.Email, co.ID).Scan(&id)
			eid[r.Email] = id
		}
		attempt := func(email string, lesson int64, n int, score float64) {
			now := time.Now().UTC()
			if err := db.Gorm.Create(&enrollment.Attempt{EnrolmentID: eid[email], LessonID: lesson, Number: n, Score: score, Points: score, MaxPoints: 100,
				Passed: score >= 60, Answers: "{}", Locale: "en", CreatedAt: now, UpdatedAt: now}).Error; err != nil {
				t.Fatal(err)
			}
		}
		pre := f.Quiz.ID
		attempt("learner@example.org", pre, 1, 40)
		attempt("learner@example.org", post.ID, 1, 85)
		attempt("learner.vn@example.org", pre, 1, 60)
		attempt("learner.vn@example.org", pre, 2, 90) // a retake: not counted
		attempt("learner.vn@example.org", post.ID, 1, 80)
		attempt("learner.mn@example.org", pre, 1, 50) // no post-test yet

		path := fmt.Sprintf("/coordinate/cohorts/%d/tests", co.ID)
		cc := a.client()
		cc.login("coordinator@example.org")
		if r := cc.get(path); r.status != http.StatusOK || !strings.Contains(r.body, `name="pre_lesson_id"`) {
			t.Fatalf("page: %d", r.status)
		}
		// The same quiz twice: refused on the post-test's field, choices kept.
		r := cc.post(path, url.Values{"pre_lesson_id": {strconv.FormatInt(pre, 10)}, "post_lesson_id": {strconv.FormatInt(pre, 10)}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(r.body), "사후 평가는 사전 평가와 다른 퀴즈여야 합니다") ||
			!strings.Contains(r.body, fmt.Sprintf(`<option value="%d" selected>`, pre)) {
			t.Fatalf("same quiz: %d %.2000s", r.status, r.body)
		}
		// A lesson that is no quiz of this course.
		if r := cc.post(path, url.Values{"pre_lesson_id": {strconv.FormatInt(f.Text.ID, 10)}, "post_lesson_id": {strconv.FormatInt(post.ID, 10)}}); r.status != http.StatusUnprocessableEntity {
			t.Errorf("a text lesson as pre-test: %d", r.status)
		}
		if r := cc.post(path, url.Values{"pre_lesson_id": {strconv.FormatInt(pre, 10)}, "post_lesson_id": {strconv.FormatInt(post.ID, 10)}}); r.status != http.StatusSeeOther {
			t.Fatalf("save: %d %.500s", r.status, r.body)
		}
		page := html.UnescapeString(cc.get(path).body)
		for _, want := range []string{`data-testid="normalised-gain">0.65<`, "+45.0", "0.75", "+20.0", "0.50", "2 / 3", "82.5"} {
			if !strings.Contains(page, want) {
				t.Errorf("results lack %q", want)
			}
		}
		// Korean.
		if r := cc.get(path + "?lang=ko"); !strings.Contains(r.body, "정규화 향상도") {
			t.Error("no Korean")
		}
		// The API says the same.
		tok := a.token("coordinator@example.org")
		g := a.api(http.MethodGet, fmt.Sprintf("/api/v1/cohorts/%d/tests", co.ID), tok, nil)
		if g.status != http.StatusOK || !strings.Contains(g.body, `"normalised_gain":0.65`) || !strings.Contains(g.body, `"with_both":2`) {
			t.Errorf("API: %d %s", g.status, g.body)
		}
		if p := a.api(http.MethodPut, fmt.Sprintf("/api/v1/cohorts/%d/tests", co.ID), tok, map[string]any{"pre_lesson_id": post.ID, "post_lesson_id": post.ID}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "post_lesson_id") {
			t.Errorf("API same quiz: %d %s", p.status, p.body)
		}
		// Nobody else.
		oc := a.client()
		oc.login("other.coord@example.org")
		if r := oc.get(path); r.status == http.StatusOK {
			t.Error("a coordinator not in charge read the gains")
		}
		lc := a.client()
		lc.login("learner@example.org")
		if r := lc.get(path); r.status != http.StatusForbidden {
			t.Errorf("learner: %d", r.status)
		}
		if r := a.api(http.MethodGet, fmt.Sprintf("/api/v1/cohorts/%d/tests", co.ID), a.token("other.coord@example.org"), nil); r.status == http.StatusOK {
			t.Error("API: a coordinator not in charge read the gains")
		}
	})
}
