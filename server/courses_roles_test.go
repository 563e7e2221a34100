package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// learnFixture is what the learning routes of the role tables act on: the
// demo learner's self-paced enrolment in a published course and their
// enrolment in a cohort of another course, which the demo coordinator is
// in charge of. The sixth role, "outsider", is a coordinator in charge of
// no cohort.
type learnFixture struct {
	pub, draft, cohortCourse *coursetest.Fixture
	selfPaced, inCohort      int64
}

func newLearnFixture(t *testing.T, a *app, code string) *learnFixture {
	t.Helper()
	ctx := context.Background()
	fx := &learnFixture{pub: coursetest.Build(t, a.crs, code+"-PUB", true), draft: coursetest.Build(t, a.crs, code+"-DRAFT", false),
		cohortCourse: coursetest.Build(t, a.crs, code+"-COH", true)}
	if _, err := a.acc.CreateUser(ctx, accounts.Actor{}, newCoordinator("outsider@example.org")); err != nil {
		t.Fatal(err)
	}
	fx.selfPaced = mustEnrol(t, a, "learner@example.org", fx.pub.Course.ID)
	coord, _ := a.acc.UserByEmail(ctx, "coordinator@example.org")
	learner, _ := a.acc.UserByEmail(ctx, "learner@example.org")
	svc := enrollment.NewService(a.db, a.crs, a.acc)
	co, err := svc.CreateCohort(ctx, accounts.Actor{UserID: coord.ID}, enrollment.CohortInput{CourseID: fx.cohortCourse.Course.ID,
		Code: code + "-LA", Country: "LA", StartsOn: "2027-01-04", EndsOn: "2027-01-15", Capacity: 5, Delivery: courses.Online, AttendanceThreshold: 80})
	if err != nil {
		t.Fatal(err)
	}
	ap, err := svc.Apply(ctx, accounts.Actor{}, co.ID, learner, learner, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Decide(ctx, accounts.Actor{UserID: coord.ID}, ap.ID, enrollment.Accept, ""); err != nil {
		t.Fatal(err)
	}
	e, err := svc.UserCourse(ctx, learner.ID, fx.cohortCourse.Course.ID)
	if err != nil || e == nil {
		t.Fatalf("cohort enrolment: %v", err)
	}
	fx.inCohort = e.ID
	return fx
}

// TestCoursePagesByRole is the route × role table for the course and
// learning pages. Each role's client is fresh, so writes by one role do not
// change what the next one sees; roles go in order, so the learner's own
// progress is made before the others try.
func TestCoursePagesByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		fx := newLearnFixture(t, a, "ROLEP")
		pub, draft := fx.pub, fx.draft
		emails := map[string]string{"outsider": "outsider@example.org"}
		for k, v := range roleEmails {
			emails[k] = v
		}
		// The learn routes: only the learner acts; the self-paced enrolment
		// is read by the learner and admins, the cohort one also by the
		// coordinator in charge; a coordinator in charge of no cohort finds
		// neither.
		learn := fmt.Sprintf("/learn/%d/%d", fx.selfPaced, pub.Text.ID)
		quiz := fmt.Sprintf("/learn/%d/%d/quiz", fx.selfPaced, pub.Quiz.ID)
		cohortLearn := fmt.Sprintf("/learn/%d/%d", fx.inCohort, fx.cohortCourse.Text.ID)
		pc, dc := fmt.Sprint(pub.Course.ID), fmt.Sprint(draft.Course.ID)

		// anon, learner, coordinator (in charge of the cohort), staff, admin, outsider
		routes := []pageRoute[want6]{
			{"GET", "/courses", nil, want6{ok, ok, ok, ok, ok, ok}},
			{"GET", "/courses/" + pc, nil, want6{ok, ok, ok, ok, ok, ok}},
			{"GET", "/courses/" + dc, nil, want6{notFound, notFound, ok, notFound, ok, ok}},
			{"GET", "/courses/999999", nil, want6{notFound, notFound, notFound, notFound, notFound, notFound}},
			{"GET", "/my", nil, want6{see, ok, ok, ok, ok, ok}},
			{"GET", learn, nil, want6{see, ok, notFound, notFound, ok, notFound}},
			{"POST", learn + "/complete", url.Values{}, want6{see, see, notFound, notFound, forbid, notFound}},
			{"POST", quiz, url.Values{}, want6{see, invalid, notFound, notFound, forbid, notFound}},
			{"GET", cohortLearn, nil, want6{see, ok, ok, notFound, ok, notFound}},
			{"POST", cohortLearn + "/complete", url.Values{}, want6{see, see, forbid, notFound, forbid, notFound}},
			{"GET", "/coordinate/courses", nil, want6{see, forbid, ok, forbid, ok, ok}},
			{"GET", "/coordinate/courses/new", nil, want6{see, forbid, ok, forbid, ok, ok}},
			{"GET", "/coordinate/courses/" + dc, nil, want6{see, forbid, ok, forbid, ok, ok}},
			{"GET", "/coordinate/courses/" + dc + "/translate/vi", nil, want6{see, forbid, ok, forbid, ok, ok}},
			{"GET", "/coordinate/courses/" + dc + "/translate/xx", nil, want6{see, forbid, notFound, forbid, notFound, notFound}},
			{"GET", "/coordinate/courses/" + dc + "/export", nil, want6{see, forbid, ok, forbid, ok, ok}},
			{"GET", fmt.Sprintf("/coordinate/lessons/%d", draft.Quiz.ID), nil, want6{see, forbid, ok, forbid, ok, ok}},
			{"POST", "/coordinate/courses/" + dc + "/modules", url.Values{"title": {""}}, want6{see, forbid, invalid, forbid, invalid, invalid}},
			{"POST", "/coordinate/programmes", url.Values{"code": {""}}, want6{see, forbid, invalid, forbid, invalid, invalid}},
			{"POST", "/coordinate/courses", url.Values{"code": {""}}, want6{see, forbid, invalid, forbid, invalid, invalid}},
			{"POST", fmt.Sprintf("/coordinate/lessons/%d/questions", draft.Quiz.ID), url.Values{"kind": {"single"}}, want6{see, forbid, invalid, forbid, invalid, invalid}},
			{"POST", "/courses/" + dc + "/enrol", url.Values{}, want6{see, notFound, conflict, notFound, conflict, conflict}},
		}
		checkPages(t, a, cohortRoleOrder, emails, routes)
		// Nobody but the learner made progress or spent an attempt.
		if n := storetest.Count(t, db, "lesson_progress"); n != 2 {
			t.Errorf("%d lessons done, want the learner's 2", n)
		}
		if n := storetest.Count(t, db, "quiz_attempts"); n != 0 {
			t.Errorf("%d quiz attempts stored, want 0", n)
		}
	})
}

const conflict = http.StatusConflict

func mustEnrol(t *testing.T, a *app, email string, courseID int64) int64 {
	t.Helper()
	tok := a.token(email)
	r := a.api("POST", fmt.Sprintf("/api/v1/courses/%d/enrolments", courseID), tok, nil)
	if r.status != http.StatusOK {
		t.Fatalf("enrol %s: %d %s", email, r.status, r.body)
	}
	return decode[struct{ ID int64 }](t, r.body).ID
}

// TestCourseAPIByRole is the route × role table for the course and
// learning API.
func TestCourseAPIByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		fx := newLearnFixture(t, a, "ROLEA")
		pub, draft, e, ce := fx.pub, fx.draft, fx.selfPaced, fx.inCohort
		tokens := map[string]string{"outsider": a.token("outsider@example.org")}
		for role, email := range roleEmails {
			if email != "" {
				tokens[role] = a.token(email)
			}
		}
		cohortText := fx.cohortCourse.Text.ID
		pc, dc := fmt.Sprint(pub.Course.ID), fmt.Sprint(draft.Course.ID)
		// anon, learner, coordinator (in charge of the cohort), staff, admin, outsider
		routes := []apiRoute[want6]{
			{"GET", "/api/v1/programmes", nil, want6{unauth, ok, ok, ok, ok, ok}},
			{"POST", "/api/v1/programmes", map[string]any{}, want6{unauth, forbid, invalid, forbid, invalid, invalid}},
			{"PUT", fmt.Sprintf("/api/v1/programmes/%d/texts/ko", pub.Programme.ID), map[string]any{"title": "과정"}, want6{unauth, forbid, ok, forbid, ok, ok}},
			{"GET", "/api/v1/courses", nil, want6{unauth, ok, ok, ok, ok, ok}},
			{"GET", "/api/v1/courses?status=all", nil, want6{unauth, forbid, ok, forbid, ok, ok}},
			{"GET", "/api/v1/courses?language=zz", nil, want6{unauth, invalid, invalid, invalid, invalid, invalid}},
			{"POST", "/api/v1/courses", map[string]any{}, want6{unauth, forbid, invalid, forbid, invalid, invalid}},
			{"GET", "/api/v1/courses/" + pc, nil, want6{unauth, ok, ok, ok, ok, ok}},
			{"GET", "/api/v1/courses/" + dc, nil, want6{unauth, notFound, ok, notFound, ok, ok}},
			{"PUT", "/api/v1/courses/" + dc, map[string]any{}, want6{unauth, forbid, invalid, forbid, invalid, invalid}},
			{"POST", "/api/v1/courses/" + dc + "/status", map[string]any{"status": "draft"}, want6{unauth, forbid, ok, forbid, ok, ok}},
			{"GET", "/api/v1/courses/" + dc + "/texts", nil, want6{unauth, forbid, ok, forbid, ok, ok}},
			{"PUT", "/api/v1/courses/" + dc + "/texts/vi", map[string]any{"values": map[string]string{}}, want6{unauth, forbid, ok, forbid, ok, ok}},
			{"POST", "/api/v1/courses/" + dc + "/modules", map[string]any{"title": ""}, want6{unauth, forbid, invalid, forbid, invalid, invalid}},
			{"POST", fmt.Sprintf("/api/v1/modules/%d/lessons", draft.Course.Modules[0].ID), map[string]any{}, want6{unauth, forbid, invalid, forbid, invalid, invalid}},
			{"PUT", fmt.Sprintf("/api/v1/lessons/%d", draft.Video.ID), map[string]any{"required": false, "video_url": "notaurl"}, want6{unauth, forbid, invalid, forbid, invalid, invalid}},
			{"DELETE", "/api/v1/lessons/999999", nil, want6{unauth, forbid, notFound, forbid, notFound, notFound}},
			{"POST", fmt.Sprintf("/api/v1/lessons/%d/questions", draft.Quiz.ID), map[string]any{}, want6{unauth, forbid, invalid, forbid, invalid, invalid}},
			{"DELETE", "/api/v1/questions/999999", nil, want6{unauth, forbid, notFound, forbid, notFound, notFound}},
			{"GET", "/api/v1/courses/" + dc + "/export", nil, want6{unauth, forbid, ok, forbid, ok, ok}},
			{"POST", "/api/v1/courses/import", "{}", want6{unauth, forbid, invalid, forbid, invalid, invalid}},
			{"POST", "/api/v1/courses/" + dc + "/enrolments", nil, want6{unauth, notFound, conflict, notFound, conflict, conflict}},
			{"GET", "/api/v1/enrolments", nil, want6{unauth, ok, ok, ok, ok, ok}},
			{"GET", fmt.Sprintf("/api/v1/enrolments/%d", e), nil, want6{unauth, ok, notFound, notFound, ok, notFound}},
			{"GET", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d", e, pub.Text.ID), nil, want6{unauth, ok, notFound, notFound, ok, notFound}},
			{"GET", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d", e, draft.Text.ID), nil, want6{unauth, invalid, notFound, notFound, invalid, notFound}},
			{"GET", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d", e, pub.Quiz.ID), nil, want6{unauth, conflict, notFound, notFound, ok, notFound}}, // open once the learner did the text
			{"POST", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d/complete", e, pub.Text.ID), nil, want6{unauth, ok, notFound, notFound, forbid, notFound}},
			{"POST", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d/attempts", e, pub.Quiz.ID), map[string]any{"answers": map[string]any{}}, want6{unauth, invalid, notFound, notFound, forbid, notFound}},
			{"GET", fmt.Sprintf("/api/v1/enrolments/%d", ce), nil, want6{unauth, ok, ok, notFound, ok, notFound}},
			{"GET", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d", ce, cohortText), nil, want6{unauth, ok, ok, notFound, ok, notFound}},
			{"POST", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d/complete", ce, cohortText), nil, want6{unauth, ok, forbid, notFound, forbid, notFound}},
		}
		checkAPI(t, a, cohortRoleOrder, tokens, routes)
		if n := storetest.Count(t, db, "lesson_progress"); n != 2 {
			t.Errorf("%d lessons done, want the learner's 2", n)
		}
		if n := storetest.Count(t, db, "quiz_attempts"); n != 0 {
			t.Errorf("%d quiz attempts stored, want 0", n)
		}
	})
}
