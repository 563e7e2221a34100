package enrollment_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// person makes an active user with a role.
func (e *cohortEnv) person(t *testing.T, email string, role accounts.Role) *accounts.User {
	t.Helper()
	u, err := e.acc.CreateUser(context.Background(), accounts.Actor{}, accounts.NewUser{Email: email, Name: email, Password: "long-enough-pw", Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// seated accepts learner into cohort c and returns their enrolment.
func (e *cohortEnv) seated(t *testing.T, c *enrollment.Cohort, learner *accounts.User) *enrollment.Enrolment {
	t.Helper()
	ctx := context.Background()
	a, err := e.svc.Apply(ctx, accounts.Actor{}, c.ID, learner, learner, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Decide(ctx, accounts.Actor{UserID: e.coord.ID}, a.ID, enrollment.Accept, ""); err != nil {
		t.Fatal(err)
	}
	roster, err := e.svc.Roster(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roster {
		if r.UserID == learner.ID {
			en, err := e.svc.Enrolment(ctx, r.EnrolmentID)
			if err != nil {
				t.Fatal(err)
			}
			return en
		}
	}
	t.Fatal("the accepted learner is not on the roster")
	return nil
}

// TestWhoReadsAndActsInAnEnrolment is the one rule of enrolments, per
// person: the learner reads and acts; administrators and the coordinator in
// charge of the cohort read but may not act; a coordinator in charge of
// another cohort (or of none), staff and other learners find nothing. A
// self-paced enrolment has nobody in charge: only the learner and
// administrators read it. Nothing refused changes the enrolment.
func TestWhoReadsAndActsInAnEnrolment(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newCohortEnv(t, db)
		learner := e.person(t, "learner.la@example.org", accounts.RoleLearner)
		people := map[string]*accounts.User{
			"learner":     learner,
			"admin":       e.person(t, "admin.x@example.org", accounts.RoleAdmin),
			"in charge":   e.coord,
			"not charged": e.other,
			"staff":       e.person(t, "staff.x@example.org", accounts.RoleStaff),
			"classmate":   e.person(t, "learner.gh@example.org", accounts.RoleLearner),
		}
		inCohort := e.seated(t, e.cohort(t, "LA-2026-09", 5), learner)
		selfPaced, err := e.svc.Enrol(ctx, learner, e.f.Course.ID)
		if err != nil {
			t.Fatal(err)
		}
		type rule struct{ reads, acts bool }
		cases := []struct {
			name string
			en   *enrollment.Enrolment
			want map[string]rule
		}{
			{"cohort", inCohort, map[string]rule{"learner": {true, true}, "admin": {true, false}, "in charge": {true, false},
				"not charged": {}, "staff": {}, "classmate": {}}},
			{"self-paced", selfPaced, map[string]rule{"learner": {true, true}, "admin": {true, false}, "in charge": {},
				"not charged": {}, "staff": {}, "classmate": {}}},
		}
		for _, tc := range cases {
			for who, want := range tc.want {
				u := people[who]
				lr, err := e.svc.Learning(ctx, u, tc.en.ID)
				if reads := err == nil; reads != want.reads {
					t.Errorf("%s enrolment, %s: reads=%v (%v), want %v", tc.name, who, reads, err, want.reads)
				}
				if err == nil && lr.Own != want.acts {
					t.Errorf("%s enrolment, %s: Own=%v, want %v", tc.name, who, lr.Own, want.acts)
				}
				if !want.reads && !errors.Is(err, enrollment.ErrEnrolmentNotFound) {
					t.Errorf("%s enrolment, %s: %v, want not found", tc.name, who, err)
				}
				if _, err := e.svc.Lesson(ctx, u, tc.en.ID, e.f.Text.ID); (err == nil) != want.reads {
					t.Errorf("%s enrolment, %s: lesson: %v", tc.name, who, err)
				}
				if want.acts {
					continue // the learner acts below, once everybody else was refused
				}
				wantErr := enrollment.ErrEnrolmentNotFound
				if want.reads {
					wantErr = enrollment.ErrNotYourEnrolment
				}
				if _, err := e.svc.CompleteLesson(ctx, u, tc.en.ID, e.f.Text.ID); !errors.Is(err, wantErr) {
					t.Errorf("%s enrolment, %s completes a lesson: %v, want %v", tc.name, who, err, wantErr)
				}
				if _, err := e.svc.Submit(ctx, u, tc.en.ID, e.f.Quiz.ID, e.f.RightAnswers(), "en"); !errors.Is(err, wantErr) {
					t.Errorf("%s enrolment, %s submits an attempt: %v, want %v", tc.name, who, err, wantErr)
				}
			}
			if n := storetest.Count(t, db, "lesson_progress", "enrolment_id = ?", tc.en.ID); n != 0 {
				t.Fatalf("%s enrolment: %d lessons done by others", tc.name, n)
			}
			if n := storetest.Count(t, db, "quiz_attempts", "enrolment_id = ?", tc.en.ID); n != 0 {
				t.Fatalf("%s enrolment: %d attempts by others", tc.name, n)
			}
			if _, err := e.svc.CompleteLesson(ctx, learner, tc.en.ID, e.f.Text.ID); err != nil {
				t.Fatalf("%s enrolment: the learner completes a lesson: %v", tc.name, err)
			}
			if res, err := e.svc.Submit(ctx, learner, tc.en.ID, e.f.Quiz.ID, e.f.RightAnswers(), "en"); err != nil || !res.Result.Passed {
				t.Fatalf("%s enrolment: the learner's attempt: %+v %v", tc.name, res, err)
			}
		}
	})
}

// TestIncompleteAttemptsSpendNothing: an empty or partly answered
// submission, or a number that is not one, is refused at each question
// (numbered as the learner sees them) without storing an attempt.
func TestIncompleteAttemptsSpendNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, f, u := setup(t, db, true)
		en, err := svc.Enrol(ctx, u, f.Course.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CompleteLesson(ctx, u, en.ID, f.Text.ID); err != nil {
			t.Fatal(err)
		}
		q := f.Questions
		nan := math.NaN()
		partly := f.RightAnswers()
		delete(partly, q[1].ID)
		partly[q[3].ID] = courses.Answer{Text: "   "}
		notANumber := f.RightAnswers()
		notANumber[q[4].ID] = courses.Answer{Number: &nan}
		cases := []struct {
			name    string
			answers map[int64]courses.Answer
			want    map[string]string // field → message id
		}{
			{"empty", map[int64]courses.Answer{}, map[string]string{
				enrollment.AnswerField(q[0].ID): "error.quiz.unanswered", enrollment.AnswerField(q[1].ID): "error.quiz.unanswered",
				enrollment.AnswerField(q[2].ID): "error.quiz.unanswered", enrollment.AnswerField(q[3].ID): "error.quiz.unanswered",
				enrollment.AnswerField(q[4].ID): "error.quiz.unanswered"}},
			{"partly", partly, map[string]string{
				enrollment.AnswerField(q[1].ID): "error.quiz.unanswered", enrollment.AnswerField(q[3].ID): "error.quiz.unanswered"}},
			{"not a number", notANumber, map[string]string{enrollment.AnswerField(q[4].ID): "error.quiz.not_a_number"}},
		}
		for _, tc := range cases {
			_, err := svc.Submit(ctx, u, en.ID, f.Quiz.ID, tc.answers, "en")
			var v *i18n.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("%s: %v, want a validation error", tc.name, err)
			}
			if len(v.Fields) != len(tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, v.Fields, tc.want)
			}
			for _, fe := range v.Fields {
				if tc.want[fe.Field] != fe.Msg.ID {
					t.Errorf("%s: %s at %s, want %q", tc.name, fe.Msg.ID, fe.Field, tc.want[fe.Field])
				}
				// The quiz does not shuffle: question n is the n-th.
				for i, qq := range q {
					if enrollment.AnswerField(qq.ID) == fe.Field && fe.Msg.Data["Number"] != i+1 {
						t.Errorf("%s: %s numbered %v, want %d", tc.name, fe.Field, fe.Msg.Data["Number"], i+1)
					}
				}
			}
		}
		if n := storetest.Count(t, db, "quiz_attempts"); n != 0 {
			t.Fatalf("%d attempts stored for refused submissions", n)
		}
		lr, err := svc.Lesson(ctx, u, en.ID, f.Quiz.ID)
		if err != nil || enrollment.AttemptsLeft(lr.Lesson, lr.Progress) != 3 {
			t.Fatalf("attempts left after refused submissions: %v", err)
		}
	})
}

// TestLockedLessonNamesTheLessonToFinish: the quiz opens after the required
// text lesson; asking for it first names that lesson.
func TestLockedLessonNamesTheLessonToFinish(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, store.SQLite)
	ctx := context.Background()
	svc, f, u := setup(t, db, true)
	en, err := svc.Enrol(ctx, u, f.Course.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, try := range []func() error{
		func() error { _, err := svc.Lesson(ctx, u, en.ID, f.Quiz.ID); return err },
		func() error { _, err := svc.Submit(ctx, u, en.ID, f.Quiz.ID, f.RightAnswers(), "en"); return err },
	} {
		err := try()
		var le *enrollment.LockedError
		if !errors.As(err, &le) || !errors.Is(err, enrollment.ErrLessonLocked) {
			t.Fatalf("%v, want a LockedError", err)
		}
		if le.First.ID != f.Text.ID || le.Lesson.ID != f.Quiz.ID || le.EnrolmentID != en.ID {
			t.Fatalf("locked %d until %d in %d; want %d until %d in %d", le.Lesson.ID, le.First.ID, le.EnrolmentID, f.Quiz.ID, f.Text.ID, en.ID)
		}
		if m := le.Message("ko"); m.ID != "error.lesson.locked_by" || m.Data["Lesson"] != "[ko] The 1970 village programme" {
			t.Fatalf("message %+v", m)
		}
	}
	// Once the text is done, the optional video does not hold the quiz back.
	if _, err := svc.CompleteLesson(ctx, u, en.ID, f.Text.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Lesson(ctx, u, en.ID, f.Quiz.ID); err != nil {
		t.Fatalf("quiz after the text: %v", err)
	}
}
