package server_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// cohortRoles adds a coordinator who is not in charge of the cohort.
var cohortRoleOrder = []string{"anon", "learner", "coordinator", "staff", "admin", "outsider"}

type want6 [6]int

func cohortFixture(t *testing.T, a *app) (cohortID, appID, sessionID int64) {
	t.Helper()
	ctx := context.Background()
	f := coursetest.Build(t, a.crs, "ROLE-C", true)
	coord, _ := a.acc.UserByEmail(ctx, "coordinator@example.org")
	if _, err := a.acc.CreateUser(ctx, accounts.Actor{}, newCoordinator("outsider@example.org")); err != nil {
		t.Fatal(err)
	}
	svc := enrollment.NewService(a.db, a.crs, a.acc)
	c, err := svc.CreateCohort(ctx, accounts.Actor{UserID: coord.ID}, enrollment.CohortInput{CourseID: f.Course.ID, Code: "ROLE-1",
		Country: "LA", StartsOn: "2027-01-04", EndsOn: "2027-01-15", Capacity: 5, Delivery: courses.InPerson, AttendanceThreshold: 80})
	if err != nil {
		t.Fatal(err)
	}
	learner, _ := a.acc.UserByEmail(ctx, "learner.kh@example.org")
	ap, err := svc.Apply(ctx, accounts.Actor{}, c.ID, learner, learner, "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := svc.AddSession(ctx, accounts.Actor{}, c.ID, "2027-01-04T09:00", "Opening")
	if err != nil {
		t.Fatal(err)
	}
	return c.ID, ap.ID, s.ID
}

func TestCohortPagesByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		cid, aid, sid := cohortFixture(t, a)
		emails := map[string]string{"outsider": "outsider@example.org"}
		for k, v := range roleEmails {
			emails[k] = v
		}
		cp := fmt.Sprintf("/coordinate/cohorts/%d", cid)
		routes := []pageRoute[want6]{
			{"GET", "/coordinate/cohorts", nil, want6{see, forbid, ok, forbid, ok, ok}},
			{"GET", "/coordinate/cohorts/new", nil, want6{see, forbid, ok, forbid, ok, ok}},
			{"POST", "/coordinate/cohorts", url.Values{"code": {""}}, want6{see, forbid, invalid, forbid, invalid, invalid}},
			{"GET", cp, nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/edit", nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/applications", nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/certificates?q=x&show=issuable&page=2", nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"POST", cp, url.Values{"code": {""}}, want6{see, forbid, invalid, forbid, invalid, notFound}},
			{"GET", cp + "/import", nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/tests", nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"POST", cp + "/tests", url.Values{"pre_lesson_id": {"999999"}, "post_lesson_id": {"999998"}}, want6{see, forbid, invalid, forbid, invalid, notFound}},
			{"GET", cp + "/action-plans", nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/roster.csv", nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/roster.xlsx", nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/sessions", nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"POST", cp + "/sessions", url.Values{"topic": {""}}, want6{see, forbid, invalid, forbid, invalid, notFound}},
			{"GET", fmt.Sprintf("/coordinate/sessions/%d", sid), nil, want6{see, forbid, ok, forbid, ok, notFound}},
			{"POST", fmt.Sprintf("/coordinate/sessions/%d", sid), url.Values{"mark-999999": {"present"}}, want6{see, forbid, invalid, forbid, invalid, notFound}},
			{"POST", fmt.Sprintf("/coordinate/applications/%d", aid), url.Values{"decision": {"nonsense"}}, want6{see, forbid, invalid, forbid, invalid, notFound}},
			{"POST", cp + "/promote", url.Values{}, want6{see, forbid, conflict, forbid, conflict, notFound}},
			{"POST", cp + "/nominate", url.Values{"email": {"nobody@example.org"}}, want6{see, forbid, invalid, forbid, invalid, notFound}},
			{"POST", fmt.Sprintf("/cohorts/%d/apply", cid), url.Values{}, want6{see, see, see, see, see, see}},
			// learner.kh's application: the decision rule of the service, so the
			// coordinator in charge may withdraw it (then it is withdrawn for the
			// admin) and to anybody else it does not exist.
			{"POST", fmt.Sprintf("/my/applications/%d/withdraw", aid), url.Values{}, want6{see, notFound, see, notFound, conflict, notFound}},
		}
		checkPages(t, a, cohortRoleOrder, emails, routes)
	})
}

func TestCohortAPIByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		cid, aid, sid := cohortFixture(t, a)
		tokens := map[string]string{"outsider": a.token("outsider@example.org")}
		for role, email := range roleEmails {
			if email != "" {
				tokens[role] = a.token(email)
			}
		}
		cp := fmt.Sprintf("/api/v1/cohorts/%d", cid)
		routes := []apiRoute[want6]{
			{"GET", "/api/v1/cohorts", nil, want6{unauth, forbid, ok, forbid, ok, ok}},
			{"POST", "/api/v1/cohorts", map[string]any{}, want6{unauth, forbid, invalid, forbid, invalid, invalid}},
			{"GET", cp, nil, want6{unauth, forbid, ok, forbid, ok, notFound}},
			{"PUT", cp, map[string]any{}, want6{unauth, forbid, invalid, forbid, invalid, invalid}},
			{"GET", cp + "/applications", nil, want6{unauth, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/roster", nil, want6{unauth, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/roster?q=x&status=active&at_risk=true&page=2&per_page=10", nil, want6{unauth, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/applications?status=awaiting&page=3", nil, want6{unauth, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/sessions", nil, want6{unauth, forbid, ok, forbid, ok, notFound}},
			{"GET", cp + "/tests", nil, want6{unauth, forbid, ok, forbid, ok, notFound}},
			{"PUT", cp + "/tests", map[string]any{"pre_lesson_id": 999999, "post_lesson_id": 999998}, want6{unauth, forbid, invalid, forbid, invalid, notFound}},
			{"GET", cp + "/action-plans", nil, want6{unauth, forbid, ok, forbid, ok, notFound}},
			{"POST", cp + "/sessions", map[string]any{"starts_at": "x", "topic": "t"}, want6{unauth, forbid, invalid, forbid, invalid, notFound}},
			{"PUT", fmt.Sprintf("/api/v1/sessions/%d/attendance", sid), map[string]any{"marks": map[string]string{}}, want6{unauth, forbid, noContent, forbid, noContent, notFound}},
			// Open to every signed-in caller since applicants withdraw their own
			// (learner_withdraw_test.go); to others an application they may not
			// decide on does not exist.
			{"POST", fmt.Sprintf("/api/v1/applications/%d/decision", aid), map[string]any{"decision": "waitlist"}, want6{unauth, notFound, ok, notFound, conflict, notFound}},
			{"POST", cp + "/promote", nil, want6{unauth, forbid, ok, forbid, conflict, notFound}},
			{"POST", cp + "/applications", map[string]any{"email": "learner@example.org"}, want6{unauth, forbid, created, forbid, conflict, forbid}},
			{"GET", "/api/v1/applications", nil, want6{unauth, ok, ok, ok, ok, ok}},
		}
		checkAPI(t, a, cohortRoleOrder, tokens, routes)
	})
}
