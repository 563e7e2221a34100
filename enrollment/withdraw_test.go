package enrollment_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// cohortFrom opens a cohort that starts days from today (negative: it has
// started) and runs for ten days.
func (e *cohortEnv) cohortFrom(t *testing.T, code string, days int) *enrollment.Cohort {
	t.Helper()
	start := time.Now().UTC().AddDate(0, 0, days)
	c, err := e.svc.CreateCohort(context.Background(), accounts.Actor{UserID: e.coord.ID}, enrollment.CohortInput{
		CourseID: e.f.Course.ID, Code: code, Country: "KH", StartsOn: string(store.DateOf(start)),
		EndsOn: string(store.DateOf(start.AddDate(0, 0, 10))), Capacity: 5, Delivery: courses.Online, AttendanceThreshold: 80})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestApplicantsWithdrawTheirOwn: applicants withdraw their own
// application while it is pending or waitlisted, and once accepted until
// the cohort starts; they decide nothing else, nobody else's, and nothing
// refused changes anything. Each withdrawal is audited as theirs.
func TestApplicantsWithdrawTheirOwn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newCohortEnv(t, db)
		coord := accounts.Actor{UserID: e.coord.ID}
		ppl := e.learners(t, 4)
		as := func(u *accounts.User) accounts.Actor { return accounts.Actor{UserID: u.ID, IP: "192.0.2.7"} }
		soon, started := e.cohortFrom(t, "KH-SOON", 30), e.cohortFrom(t, "KH-NOW", -1)
		apply := func(c *enrollment.Cohort, u *accounts.User, d enrollment.Decision) *enrollment.Application {
			t.Helper()
			a, err := e.svc.Apply(ctx, as(u), c.ID, u, u, "")
			if err != nil {
				t.Fatal(err)
			}
			if d != "" {
				if a, err = e.svc.Decide(ctx, coord, a.ID, d, ""); err != nil {
					t.Fatal(err)
				}
			}
			return a
		}
		pending := apply(soon, ppl[0], "")
		acceptedSoon := apply(soon, ppl[1], enrollment.Accept)
		acceptedStarted := apply(started, ppl[1], enrollment.Accept)
		waitingStarted := apply(started, ppl[2], enrollment.Waitlist)

		my, err := e.svc.MyLearning(ctx, ppl[1])
		if err != nil {
			t.Fatal(err)
		}
		can := map[int64]bool{}
		for _, a := range my.Applications {
			can[a.Application.ID] = a.CanWithdraw
		}
		if !can[acceptedSoon.ID] || can[acceptedStarted.ID] {
			t.Fatalf("may withdraw: %v; want the cohort that has not started only", can)
		}

		refused := []struct {
			name  string
			actor accounts.Actor
			app   *enrollment.Application
			d     enrollment.Decision
			want  error
		}{
			{"accept one's own", as(ppl[0]), pending, enrollment.Accept, accounts.ErrForbidden},
			{"waitlist one's own", as(ppl[0]), pending, enrollment.Waitlist, accounts.ErrForbidden},
			{"withdraw another's", as(ppl[3]), pending, enrollment.Withdraw, enrollment.ErrApplicationNotFound},
			{"a coordinator not in charge", accounts.Actor{UserID: e.other.ID}, pending, enrollment.Withdraw, enrollment.ErrApplicationNotFound},
			{"withdraw once the cohort started", as(ppl[1]), acceptedStarted, enrollment.Withdraw, enrollment.ErrWithdrawStarted},
		}
		for _, tc := range refused {
			if _, err := e.svc.Decide(ctx, tc.actor, tc.app.ID, tc.d, ""); !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
		}
		if _, err := e.svc.PromoteNext(ctx, accounts.Actor{UserID: e.other.ID}, started.ID); !errors.Is(err, enrollment.ErrCohortNotFound) {
			t.Errorf("a coordinator not in charge promotes: %v", err)
		}
		if n := storetest.Count(t, db, "applications", "status = ?", "withdrawn"); n != 0 {
			t.Fatalf("%d withdrawn after refusals", n)
		}

		for _, tc := range []struct {
			name string
			u    *accounts.User
			app  *enrollment.Application
		}{
			{"pending", ppl[0], pending},
			{"accepted, before the start", ppl[1], acceptedSoon},
			{"waitlisted, after the start", ppl[2], waitingStarted},
		} {
			a, err := e.svc.Decide(ctx, as(tc.u), tc.app.ID, enrollment.Withdraw, "")
			if err != nil || a.Status != enrollment.AppWithdrawn {
				t.Fatalf("%s: %+v %v", tc.name, a, err)
			}
			var entry accounts.AuditEntry
			if err := db.Gorm.Where("action = ? AND detail LIKE ?", "application.withdraw", "%\"application_id\":"+itoa(a.ID)+",%").
				First(&entry).Error; err != nil {
				t.Fatalf("%s: no audit entry: %v", tc.name, err)
			}
			if entry.ActorID == nil || *entry.ActorID != tc.u.ID || entry.IP != "192.0.2.7" {
				t.Fatalf("%s: audited as %v from %q", tc.name, entry.ActorID, entry.IP)
			}
		}
		c, _ := e.svc.CohortByID(ctx, soon.ID)
		if c.SeatsTaken != 0 {
			t.Fatalf("the withdrawn trainee's seat is still taken: %d", c.SeatsTaken)
		}
		if n := storetest.Count(t, db, "enrolments", "cohort_id = ? AND status = ?", soon.ID, "withdrawn"); n != 1 {
			t.Fatalf("%d withdrawn enrolments, want 1", n)
		}
		if c, _ = e.svc.CohortByID(ctx, started.ID); c.SeatsTaken != 1 {
			t.Fatalf("the started cohort lost a seat: %d", c.SeatsTaken)
		}
	})
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
