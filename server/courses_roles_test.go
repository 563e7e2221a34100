package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestCoursePagesByRole is the route × role table for the course and
// learning pages. Each role's client is fresh, so writes by one role do not
// change what the next one sees.
func TestCoursePagesByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		pub := coursetest.Build(t, a.crs, "PUB-1", true)
		draft := coursetest.Build(t, a.crs, "DRAFT-1", false)
		// The learner is enrolled in the published course; its enrolment id
		// is used for the learn routes, which only its owner may open.
		learner, _ := a.acc.UserByEmail(t.Context(), "learner@example.org")
		e := mustEnrol(t, a, learner.Email, pub.Course.ID)
		learn := fmt.Sprintf("/learn/%d/%d", e, pub.Text.ID)
		pc, dc := fmt.Sprint(pub.Course.ID), fmt.Sprint(draft.Course.ID)

		routes := []pageRoute[want]{
			{"GET", "/courses", nil, want{ok, ok, ok, ok, ok}},
			{"GET", "/courses/" + pc, nil, want{ok, ok, ok, ok, ok}},
			{"GET", "/courses/" + dc, nil, want{notFound, notFound, ok, notFound, ok}},
			{"GET", "/courses/999999", nil, want{notFound, notFound, notFound, notFound, notFound}},
			{"GET", "/my", nil, want{see, ok, ok, ok, ok}},
			{"GET", learn, nil, want{see, ok, ok, notFound, ok}},
			{"POST", learn + "/complete", url.Values{}, want{see, see, see, notFound, see}},
			{"GET", "/coordinate/courses", nil, want{see, forbid, ok, forbid, ok}},
			{"GET", "/coordinate/courses/new", nil, want{see, forbid, ok, forbid, ok}},
			{"GET", "/coordinate/courses/" + dc, nil, want{see, forbid, ok, forbid, ok}},
			{"GET", "/coordinate/courses/" + dc + "/translate/vi", nil, want{see, forbid, ok, forbid, ok}},
			{"GET", "/coordinate/courses/" + dc + "/translate/xx", nil, want{see, forbid, notFound, forbid, notFound}},
			{"GET", "/coordinate/courses/" + dc + "/export", nil, want{see, forbid, ok, forbid, ok}},
			{"GET", fmt.Sprintf("/coordinate/lessons/%d", draft.Quiz.ID), nil, want{see, forbid, ok, forbid, ok}},
			{"POST", "/coordinate/courses/" + dc + "/modules", url.Values{"title": {""}}, want{see, forbid, invalid, forbid, invalid}},
			{"POST", "/coordinate/programmes", url.Values{"code": {""}}, want{see, forbid, invalid, forbid, invalid}},
			{"POST", "/coordinate/courses", url.Values{"code": {""}}, want{see, forbid, invalid, forbid, invalid}},
			{"POST", fmt.Sprintf("/coordinate/lessons/%d/questions", draft.Quiz.ID), url.Values{"kind": {"single"}}, want{see, forbid, invalid, forbid, invalid}},
			{"POST", "/courses/" + dc + "/enrol", url.Values{}, want{see, notFound, conflict, notFound, conflict}},
		}
		checkPages(t, a, roleOrder, roleEmails, routes)
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
		pub := coursetest.Build(t, a.crs, "PUB-2", true)
		draft := coursetest.Build(t, a.crs, "DRAFT-2", false)
		e := mustEnrol(t, a, "learner@example.org", pub.Course.ID)
		tokens := map[string]string{}
		for role, email := range roleEmails {
			if email != "" {
				tokens[role] = a.token(email)
			}
		}
		pc, dc := fmt.Sprint(pub.Course.ID), fmt.Sprint(draft.Course.ID)
		routes := []apiRoute[want]{
			{"GET", "/api/v1/programmes", nil, want{unauth, ok, ok, ok, ok}},
			{"POST", "/api/v1/programmes", map[string]any{}, want{unauth, forbid, invalid, forbid, invalid}},
			{"PUT", fmt.Sprintf("/api/v1/programmes/%d/texts/ko", pub.Programme.ID), map[string]any{"title": "과정"}, want{unauth, forbid, ok, forbid, ok}},
			{"GET", "/api/v1/courses", nil, want{unauth, ok, ok, ok, ok}},
			{"GET", "/api/v1/courses?status=all", nil, want{unauth, forbid, ok, forbid, ok}},
			{"GET", "/api/v1/courses?language=zz", nil, want{unauth, invalid, invalid, invalid, invalid}},
			{"POST", "/api/v1/courses", map[string]any{}, want{unauth, forbid, invalid, forbid, invalid}},
			{"GET", "/api/v1/courses/" + pc, nil, want{unauth, ok, ok, ok, ok}},
			{"GET", "/api/v1/courses/" + dc, nil, want{unauth, notFound, ok, notFound, ok}},
			{"PUT", "/api/v1/courses/" + dc, map[string]any{}, want{unauth, forbid, invalid, forbid, invalid}},
			{"POST", "/api/v1/courses/" + dc + "/status", map[string]any{"status": "draft"}, want{unauth, forbid, ok, forbid, ok}},
			{"GET", "/api/v1/courses/" + dc + "/texts", nil, want{unauth, forbid, ok, forbid, ok}},
			{"PUT", "/api/v1/courses/" + dc + "/texts/vi", map[string]any{"values": map[string]string{}}, want{unauth, forbid, ok, forbid, ok}},
			{"POST", "/api/v1/courses/" + dc + "/modules", map[string]any{"title": ""}, want{unauth, forbid, invalid, forbid, invalid}},
			{"POST", fmt.Sprintf("/api/v1/modules/%d/lessons", draft.Course.Modules[0].ID), map[string]any{}, want{unauth, forbid, invalid, forbid, invalid}},
			{"PUT", fmt.Sprintf("/api/v1/lessons/%d", draft.Video.ID), map[string]any{"required": false, "video_url": "notaurl"}, want{unauth, forbid, invalid, forbid, invalid}},
			{"DELETE", "/api/v1/lessons/999999", nil, want{unauth, forbid, notFound, forbid, notFound}},
			{"POST", fmt.Sprintf("/api/v1/lessons/%d/questions", draft.Quiz.ID), map[string]any{}, want{unauth, forbid, invalid, forbid, invalid}},
			{"DELETE", "/api/v1/questions/999999", nil, want{unauth, forbid, notFound, forbid, notFound}},
			{"GET", "/api/v1/courses/" + dc + "/export", nil, want{unauth, forbid, ok, forbid, ok}},
			{"POST", "/api/v1/courses/import", "{}", want{unauth, forbid, invalid, forbid, invalid}},
			{"POST", "/api/v1/courses/" + dc + "/enrolments", nil, want{unauth, notFound, conflict, notFound, conflict}},
			{"GET", "/api/v1/enrolments", nil, want{unauth, ok, ok, ok, ok}},
			{"GET", fmt.Sprintf("/api/v1/enrolments/%d", e), nil, want{unauth, ok, ok, notFound, ok}},
			{"GET", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d", e, pub.Text.ID), nil, want{unauth, ok, ok, notFound, ok}},
			{"GET", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d", e, draft.Text.ID), nil, want{unauth, invalid, invalid, notFound, invalid}},
			{"POST", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d/complete", e, pub.Text.ID), nil, want{unauth, ok, notFound, notFound, notFound}},
			{"POST", fmt.Sprintf("/api/v1/enrolments/%d/lessons/%d/attempts", e, pub.Quiz.ID), map[string]any{"answers": map[string]any{}}, want{unauth, created, notFound, notFound, notFound}},
		}
		checkAPI(t, a, roleOrder, tokens, routes)
	})
}
