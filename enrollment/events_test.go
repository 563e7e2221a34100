package enrollment_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/lrs"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestEventsAsStatements: a learner's lesson, quiz attempts and course
// completion are in the LRS as statements, each once, read back by agent
// and registration; a refused attempt records nothing.
func TestEventsAsStatements(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, f, u := setup(t, db, true)
		rec := lrs.NewService(db, accounts.NewService(db), "https://baeum.example.org")
		svc.RecordTo(rec)
		e, err := svc.Enrol(ctx, u, f.Course.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Submit(ctx, u, e.ID, f.Quiz.ID, f.RightAnswers(), "en"); !errors.Is(err, enrollment.ErrLessonLocked) {
			t.Fatalf("locked quiz: %v", err)
		}
		for range 2 { // twice: recorded once
			if _, err := svc.CompleteLesson(ctx, u, e.ID, f.Text.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.Submit(ctx, u, e.ID, f.Quiz.ID, wrongAnswers(f), "en"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Submit(ctx, u, e.ID, f.Quiz.ID, f.RightAnswers(), "ko"); err != nil {
			t.Fatal(err)
		}
		page, err := rec.Statements.Query(ctx, lrs.Filter{Agent: lrs.AgentKey(rec.Learner(u.ID)), Registration: lrs.Registration(e.ID), Ascending: true})
		if err != nil {
			t.Fatal(err)
		}
		type statement struct {
			Verb   struct{ ID string }
			Object struct {
				ID         string
				Definition struct{ Type string }
			}
			Result struct {
				Success    *bool
				Completion *bool
				Score      struct{ Scaled float64 }
			}
			Context struct{ Language string }
		}
		var got []statement
		for _, raw := range page.Statements {
			var s statement
			if err := json.Unmarshal(raw, &s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		want := []struct{ verb, typ string }{
			{lrs.VerbCompleted, lrs.TypeLesson}, {lrs.VerbFailed, lrs.TypeAssessment},
			{lrs.VerbPassed, lrs.TypeAssessment}, {lrs.VerbCompleted, lrs.TypeCourse},
		}
		if len(got) != len(want) {
			t.Fatalf("%d statements, want %d: %+v", len(got), len(want), got)
		}
		for i, w := range want {
			if got[i].Verb.ID != w.verb || got[i].Object.Definition.Type != w.typ {
				t.Errorf("statement %d: %s %s, want %s %s", i, got[i].Verb.ID, got[i].Object.Definition.Type, w.verb, w.typ)
			}
		}
		if p := got[2]; p.Result.Score.Scaled != 1 || p.Result.Success == nil || !*p.Result.Success || p.Context.Language != "ko" {
			t.Errorf("the passed attempt: %+v", p)
		}
		if got[3].Object.ID != "https://baeum.example.org/xapi/activities/course/"+jsonNumber(f.Course.ID) {
			t.Errorf("course activity %s", got[3].Object.ID)
		}
	})
}

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }
