package enrollment_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

type cohortEnv struct {
	db    *store.DB
	svc   *enrollment.Service
	acc   *accounts.Service
	f     *coursetest.Fixture
	coord *accounts.User
	other *accounts.User
}

func newCohortEnv(t *testing.T, db *store.DB) *cohortEnv { return newCohortEnvTB(t, db) }

func newCohortEnvTB(t testing.TB, db *store.DB) *cohortEnv {
	t.Helper()
	acc := accounts.NewService(db)
	crs := courses.NewService(db, acc, nil)
	f := coursetest.Build(t, crs, "COH-1", true)
	mk := func(email string, role accounts.Role) *accounts.User {
		u, err := acc.CreateUser(context.Background(), accounts.Actor{}, accounts.NewUser{Email: email, Name: email, Password: "long-enough-pw", Role: role, Locale: "fr"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	return &cohortEnv{db: db, svc: enrollment.NewService(db, crs, acc), acc: acc, f: f,
		coord: mk("coord@example.org", accounts.RoleCoordinator), other: mk("other.coord@example.org", accounts.RoleCoordinator)}
}

func (e *cohortEnv) cohort(t *testing.T, code string, capacity int) *enrollment.Cohort {
	return e.cohortTB(t, code, capacity)
}

func (e *cohortEnv) cohortTB(t testing.TB, code string, capacity int) *enrollment.Cohort {
	t.Helper()
	c, err := e.svc.CreateCohort(context.Background(), accounts.Actor{UserID: e.coord.ID}, enrollment.CohortInput{
		CourseID: e.f.Course.ID, Code: code, Country: "LA", StartsOn: "2026-03-02", EndsOn: "2026-03-13", Capacity: capacity,
		Delivery: courses.Blended, Languages: []string{"en", "lo"}, AttendanceThreshold: 80,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *cohortEnv) learners(t *testing.T, n int) []*accounts.User {
	t.Helper()
	// Inserted directly: hashing 200 passwords would only slow the test.
	users := make([]accounts.User, n)
	for i := range users {
		users[i] = accounts.User{Email: fmt.Sprintf("official%03d@example.org", i), Name: fmt.Sprintf("Official %d", i),
			PasswordHash: accounts.NoPassword, Role: accounts.RoleLearner, Active: true}
	}
	if err := e.db.Gorm.CreateInBatches(&users, 100).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]*accounts.User, n)
	for i := range users {
		out[i] = &users[i]
	}
	return out
}

func TestCohortValidation(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, store.SQLite)
	e := newCohortEnv(t, db)
	_, err := e.svc.CreateCohort(context.Background(), accounts.Actor{UserID: e.coord.ID}, enrollment.CohortInput{
		CourseID: e.f.Course.ID, Code: "bad code", Country: "XX", StartsOn: "2026-03-10", EndsOn: "2026-03-01", Capacity: 0,
		Delivery: "postal", Languages: []string{"zz"}, AttendanceThreshold: 120, ApplicationsOpenOn: "yesterday",
	})
	var v *i18n.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("err = %v", err)
	}
	for _, f := range []string{"code", "country", "ends_on", "capacity", "delivery", "languages", "attendance_threshold", "applications_open_on"} {
		if !v.Has(f) {
			t.Errorf("no error for %s (%v)", f, v)
		}
	}
	if n := storetest.Count(t, db, "cohorts"); n != 0 {
		t.Fatal("an invalid cohort was stored")
	}
}

// TestCapacityUnderConcurrency fires 200 concurrent accepts at a 50-seat
// cohort: exactly 50 are seated, every other one is refused as full.
func TestCapacityUnderConcurrency(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newCohortEnv(t, db)
		c := e.cohort(t, "LA-2026-01", 50)
		people := e.learners(t, 200)
		apps := make([]*enrollment.Application, len(people))
		for i, u := range people {
			a, err := e.svc.Apply(ctx, accounts.Actor{UserID: u.ID}, c.ID, u, u, "")
			if err != nil {
				t.Fatal(err)
			}
			apps[i] = a
		}
		var wg sync.WaitGroup
		errs := make([]error, len(apps))
		for i, a := range apps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.svc.Decide(ctx, accounts.Actor{UserID: e.coord.ID}, a.ID, enrollment.Accept, "")
			}()
		}
		wg.Wait()
		seated, full := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				seated++
			case errors.Is(err, enrollment.ErrCohortFull):
				full++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if seated != 50 || full != 150 {
			t.Fatalf("seated %d, refused as full %d", seated, full)
		}
		if n := storetest.Count(t, db, "enrolments", "cohort_id = ? AND status = ?", c.ID, "active"); n != 50 {
			t.Fatalf("%d enrolments, want 50", n)
		}
		got, _ := e.svc.CohortByID(ctx, c.ID)
		if got.SeatsTaken != 50 {
			t.Fatalf("seats taken %d", got.SeatsTaken)
		}
		if n := storetest.Count(t, db, "applications", "status = ?", "accepted"); n != 50 {
			t.Fatalf("%d accepted applications", n)
		}
	})
}

func TestWaitlistAndPromotion(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newCohortEnv(t, db)
		c := e.cohort(t, "GH-2026-01", 1)
		ppl := e.learners(t, 3)
		actor := accounts.Actor{UserID: e.coord.ID}
		var apps []*enrollment.Application
		for _, u := range ppl {
			a, err := e.svc.Apply(ctx, actor, c.ID, u, e.coord, "nominated by the ministry")
			if err != nil {
				t.Fatal(err)
			}
			apps = append(apps, a)
		}
		if _, err := e.svc.Apply(ctx, actor, c.ID, ppl[0], ppl[0], ""); !errors.Is(err, enrollment.ErrAlreadyApplied) {
			t.Fatalf("second application: %v", err)
		}
		mustDecide := func(a *enrollment.Application, d enrollment.Decision, reason string) {
			t.Helper()
			if _, err := e.svc.Decide(ctx, actor, a.ID, d, reason); err != nil {
				t.Fatalf("%s %d: %v", d, a.ID, err)
			}
		}
		mustDecide(apps[0], enrollment.Accept, "")
		mustDecide(apps[1], enrollment.Waitlist, "")
		mustDecide(apps[2], enrollment.Waitlist, "")
		if _, err := e.svc.Decide(ctx, actor, apps[1].ID, enrollment.Accept, ""); !errors.Is(err, enrollment.ErrCohortFull) {
			t.Fatalf("accept beyond capacity: %v", err)
		}
		if _, err := e.svc.PromoteNext(ctx, actor, c.ID); !errors.Is(err, enrollment.ErrCohortFull) {
			t.Fatalf("promote without a seat: %v", err)
		}
		if _, err := e.svc.Decide(ctx, actor, apps[2].ID, enrollment.Reject, "no such reason"); err == nil {
			t.Fatal("a rejection without a known reason was accepted")
		}
		// The accepted trainee withdraws: the first on the waitlist moves up.
		mustDecide(apps[0], enrollment.Withdraw, "")
		promoted, err := e.svc.PromoteNext(ctx, actor, c.ID)
		if err != nil || promoted.ID != apps[1].ID || promoted.Status != enrollment.Accepted {
			t.Fatalf("promote: %+v %v", promoted, err)
		}
		mustDecide(apps[2], enrollment.Reject, "reason.capacity")
		if _, err := e.svc.Decide(ctx, actor, apps[2].ID, enrollment.Accept, ""); !errors.Is(err, enrollment.ErrTransition) {
			t.Fatalf("accepting a rejected application: %v", err)
		}
		if n := storetest.Count(t, db, "audit_log", "entity_type = ? AND action LIKE ?", "cohort", "application.%"); n < 9 {
			t.Fatalf("%d application audit entries", n)
		}
		// Every transition mailed the applicant, in French (their language).
		var subjects []string
		db.Gorm.Table("mail_outbox").Order("id").Pluck("body", &subjects)
		if len(subjects) < 9 {
			t.Fatalf("%d mails queued", len(subjects))
		}
	})
}

func TestOnlyCoordinatorsInChargeManage(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, store.SQLite)
	ctx := context.Background()
	e := newCohortEnv(t, db)
	c := e.cohort(t, "MN-2026-01", 10)
	if ok, _ := e.svc.CanManage(ctx, e.coord, c.ID); !ok {
		t.Fatal("the coordinator in charge cannot manage")
	}
	if ok, _ := e.svc.CanManage(ctx, e.other, c.ID); ok {
		t.Fatal("another coordinator can manage")
	}
	if _, err := e.svc.ManagedCohort(ctx, e.other, c.ID); !errors.Is(err, enrollment.ErrCohortNotFound) {
		t.Fatalf("another coordinator sees the cohort: %v", err)
	}
	mine, _ := e.svc.Cohorts(ctx, enrollment.CohortFilter{InCharge: e.other.ID})
	if len(mine) != 0 {
		t.Fatal("another coordinator lists the cohort")
	}
}

// TestCompletionNeedsAttendance: in a blended cohort that has ended, a
// trainee completes when the lessons are done and attendance reaches the
// threshold; the one below it does not, whatever their lessons.
func TestCompletionNeedsAttendance(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newCohortEnv(t, db)
		actor := accounts.Actor{UserID: e.coord.ID}
		c, err := e.svc.CreateCohort(ctx, actor, enrollment.CohortInput{CourseID: e.f.Course.ID, Code: "PAST-1", Country: "MN",
			StartsOn: "2026-01-05", EndsOn: "2026-01-09", Capacity: 5, Delivery: courses.Blended, AttendanceThreshold: 80})
		if err != nil {
			t.Fatal(err)
		}
		ppl := e.learners(t, 2)
		var rows []enrollment.TraineeRow
		for _, u := range ppl {
			rows = append(rows, enrollment.TraineeRow{Email: u.Email, Name: u.Name, Country: "MN"})
		}
		if _, err := e.svc.ImportTrainees(ctx, actor, c.ID, rows); err != nil {
			t.Fatal(err)
		}
		roster, _ := e.svc.Roster(ctx, c)
		good, poor := roster[0].EnrolmentID, roster[1].EnrolmentID
		// Both finish every lesson first.
		for i, id := range []int64{good, poor} {
			learner, err := e.acc.User(ctx, roster[i].UserID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.CompleteLesson(ctx, learner, id, e.f.Text.ID); err != nil {
				t.Fatal(err)
			}
			if res, err := e.svc.Submit(ctx, learner, id, e.f.Quiz.ID, e.f.RightAnswers(), "en"); err != nil || !res.Result.Passed {
				t.Fatalf("quiz: %v", err)
			}
			if en, _ := e.svc.Enrolment(ctx, id); en.Status != enrollment.Active {
				t.Fatalf("completed before any attendance: %s", en.Status)
			}
		}
		s1, _ := e.svc.AddSession(ctx, actor, c.ID, "2026-01-05T09:00", "Day 1")
		s2, _ := e.svc.AddSession(ctx, actor, c.ID, "2026-01-06T09:00", "Day 2")
		if err := e.svc.MarkAttendance(ctx, actor, s1.ID, map[int64]enrollment.Mark{good: enrollment.Present, poor: enrollment.Present}); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.MarkAttendance(ctx, actor, s2.ID, map[int64]enrollment.Mark{good: enrollment.Late, poor: enrollment.Absent}); err != nil {
			t.Fatal(err)
		}
		g, _ := e.svc.Enrolment(ctx, good)
		p, _ := e.svc.Enrolment(ctx, poor)
		if g.Status != enrollment.Completed || g.AttendanceRate == nil || *g.AttendanceRate != 100 {
			t.Fatalf("good attendance: %s %v", g.Status, g.AttendanceRate)
		}
		if p.Status != enrollment.Active || p.AttendanceRate == nil || *p.AttendanceRate != 50 {
			t.Fatalf("poor attendance: %s %v", p.Status, p.AttendanceRate)
		}
		// An excused absence leaves the session out of the rate.
		if err := e.svc.MarkAttendance(ctx, actor, s2.ID, map[int64]enrollment.Mark{poor: enrollment.Excused}); err != nil {
			t.Fatal(err)
		}
		if p, _ = e.svc.Enrolment(ctx, poor); p.Status != enrollment.Completed || *p.AttendanceRate != 100 {
			t.Fatalf("after an excused absence: %s %v", p.Status, *p.AttendanceRate)
		}
	})
}

func TestEveryStatusHasAMail(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []enrollment.AppStatus{enrollment.Applied, enrollment.Waitlisted, enrollment.Accepted, enrollment.Rejected, enrollment.AppWithdrawn} {
		for _, id := range []string{"mail.application." + string(s), "application_status." + string(s)} {
			if !b.Has("en", id) {
				t.Errorf("no message %s", id)
			}
		}
	}
	for _, m := range enrollment.Marks {
		if !b.Has("en", "attendance."+string(m)) {
			t.Errorf("no message attendance.%s", m)
		}
	}
	for _, r := range enrollment.RejectReasons {
		if !b.Has("en", r) {
			t.Errorf("no message %s", r)
		}
	}
}
