package enrollment_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func setup(t *testing.T, db *store.DB, publish bool) (*enrollment.Service, *coursetest.Fixture, *accounts.User) {
	t.Helper()
	crs := coursetest.Service(t, db)
	f := coursetest.Build(t, crs, "ENR-1", publish)
	acc := accounts.NewService(db)
	u, err := acc.CreateUser(context.Background(), accounts.Actor{}, accounts.NewUser{
		Email: "trainee@example.org", Name: "Trainee", Password: "long-enough-pw", Role: accounts.RoleLearner,
	})
	if err != nil {
		t.Fatal(err)
	}
	return enrollment.NewService(db, crs, acc), f, u
}

func TestConcurrentEnrolMakesOneEnrolment(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, f, u := setup(t, db, true)
		var wg sync.WaitGroup
		ids := make([]int64, 50)
		errs := make([]error, 50)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e, err := svc.Enrol(context.Background(), u, f.Course.ID)
				errs[i] = err
				if e != nil {
					ids[i] = e.ID
				}
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("enrol %d: %v", i, err)
			}
			if ids[i] != ids[0] {
				t.Fatalf("enrolment ids differ: %d and %d", ids[0], ids[i])
			}
		}
		if n := storetest.Count(t, db, "enrolments"); n != 1 {
			t.Fatalf("%d enrolments, want 1", n)
		}
	})
}

func TestEnrolRefusesDraftsAndClosedCourses(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, store.SQLite)
	svc, f, u := setup(t, db, false)
	if _, err := svc.Enrol(context.Background(), u, f.Course.ID); !errors.Is(err, courses.ErrCourseNotFound) {
		t.Fatalf("draft: %v", err)
	}
	if n := storetest.Count(t, db, "enrolments"); n != 0 {
		t.Fatal("a refused enrolment was stored")
	}
}

func TestProgressOrderAndCompletion(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, f, u := setup(t, db, true)
		e, err := svc.Enrol(ctx, u, f.Course.ID)
		if err != nil {
			t.Fatal(err)
		}
		if e.LessonsRequired != 2 || e.Percent != 0 {
			t.Fatalf("new enrolment: %+v", e)
		}
		// The quiz comes after the required text lesson: locked.
		if _, err := svc.Submit(ctx, u, e.ID, f.Quiz.ID, f.RightAnswers(), "en"); !errors.Is(err, enrollment.ErrLessonLocked) {
			t.Fatalf("quiz before text: %v", err)
		}
		if _, err := svc.CompleteLesson(ctx, u, e.ID, f.Quiz.ID); !errors.Is(err, enrollment.ErrQuizByAttempt) {
			t.Fatalf("completing a quiz by hand: %v", err)
		}
		lr, err := svc.CompleteLesson(ctx, u, e.ID, f.Text.ID)
		if err != nil {
			t.Fatal(err)
		}
		e = lr.Enrolment
		if e.LessonsDone != 1 || e.Percent != 50 || e.Status != enrollment.Active {
			t.Fatalf("after the text lesson: %+v %v", e, err)
		}
		// Twice changes nothing.
		if lr2, err := svc.CompleteLesson(ctx, u, e.ID, f.Text.ID); err != nil || lr2.Enrolment.LessonsDone != 1 {
			t.Fatalf("completing twice: %+v %v", lr2, err)
		}
		// The optional video needs nothing; a wrong attempt does not pass.
		res, err := svc.Submit(ctx, u, e.ID, f.Quiz.ID, wrongAnswers(f), "en")
		if err != nil || res.Result.Passed || res.Result.Score != 0 || res.Enrolment.Status != enrollment.Active {
			t.Fatalf("wrong attempt: %+v %v", res, err)
		}
		res, err = svc.Submit(ctx, u, e.ID, f.Quiz.ID, f.RightAnswers(), "ko")
		if err != nil || !res.Result.Passed || res.Result.Score != 100 {
			t.Fatalf("right attempt: %+v %v", res, err)
		}
		e = res.Enrolment
		if e.Status != enrollment.Completed || e.CompletedAt == nil || e.Percent != 100 || e.BestScore == nil || *e.BestScore != 100 {
			t.Fatalf("after passing: %+v", e)
		}
		// The third attempt is the last (limit 3); a fourth is refused.
		if _, err := svc.Submit(ctx, u, e.ID, f.Quiz.ID, wrongAnswers(f), "en"); err != nil {
			t.Fatalf("third attempt: %v", err)
		}
		if _, err := svc.Submit(ctx, u, e.ID, f.Quiz.ID, wrongAnswers(f), "en"); !errors.Is(err, enrollment.ErrNoAttemptsLeft) {
			t.Fatalf("fourth attempt: %v", err)
		}
		if n := storetest.Count(t, db, "quiz_attempts"); n != 3 {
			t.Fatalf("%d attempts stored, want 3", n)
		}
		// Completion is recorded once: a later event keeps the first time.
		first := *e.CompletedAt
		lr3, err := svc.CompleteLesson(ctx, u, e.ID, f.Video.ID)
		if err != nil || !lr3.Enrolment.CompletedAt.Equal(first) {
			t.Fatalf("completion time moved: %v → %+v (%v)", first, lr3, err)
		}
	})
}

func TestConcurrentAttemptsRespectTheLimit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, f, u := setup(t, db, true)
		e, _ := svc.Enrol(ctx, u, f.Course.ID)
		if _, err := svc.CompleteLesson(ctx, u, e.ID, f.Text.ID); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _ = svc.Submit(ctx, u, e.ID, f.Quiz.ID, wrongAnswers(f), "en")
			}()
		}
		wg.Wait()
		if n := storetest.Count(t, db, "quiz_attempts"); n != 3 {
			t.Fatalf("%d attempts stored under concurrency, limit is 3", n)
		}
	})
}

// wrongAnswers answers every question of the fixture's quiz, all wrongly.
func wrongAnswers(f *coursetest.Fixture) map[int64]courses.Answer {
	no, n := false, 7.0
	q := f.Questions
	return map[int64]courses.Answer{
		q[0].ID: {Choices: []int64{q[0].Choices[1].ID}},
		q[1].ID: {Choices: []int64{q[1].Choices[3].ID}},
		q[2].ID: {Bool: &no},
		q[3].ID: {Text: "Green Revolution"},
		q[4].ID: {Number: &n},
	}
}
