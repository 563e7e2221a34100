package courses_test

import (
	"context"
	"errors"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// TestCourseCache: a course tree read again costs no query and is a copy
// of its own (changing it changes no later read); a new lesson shows on the
// next read; inside a transaction the course is read from the database.
func TestCourseCache(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := coursetest.Service(t, db)
		f := coursetest.Build(t, svc, "TREE-1", true)
		first, err := svc.Course(ctx, f.Course.ID)
		if err != nil {
			t.Fatal(err)
		}
		lessons := len(first.OrderedLessons())
		// The caller's copy is theirs to change.
		first.Modules[0].Lessons[0].Translations[0].Title = "changed by a caller"
		first.Modules[0].Lessons = first.Modules[0].Lessons[:1]
		first.Translations = nil

		qc := storetest.CountQueries(t, db)
		again, err := svc.Course(ctx, f.Course.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := qc.Count(); n != 0 {
			t.Errorf("a cached course ran %d queries", n)
		}
		if len(again.OrderedLessons()) != lessons || again.Title("en").Text != "Saemaul Undong basics" ||
			again.Modules[0].Lessons[0].Translations[0].Title == "changed by a caller" {
			t.Fatalf("a caller's change reached the cache: %d lessons, %q", len(again.OrderedLessons()), again.Title("en").Text)
		}

		if _, err := svc.AddLesson(ctx, accounts.Actor{}, f.Course.Modules[0].ID, courses.LessonInput{Kind: courses.KindText, Title: "Added", Body: "New."}); err != nil {
			t.Fatal(err)
		}
		after, err := svc.Course(ctx, f.Course.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.OrderedLessons()) != lessons+1 {
			t.Errorf("after a new lesson: %d lessons, want %d", len(after.OrderedLessons()), lessons+1)
		}

		// Inside a transaction that changed the course, its own change shows.
		err = db.InTx(ctx, func(ctx context.Context) error {
			if err := db.Conn(ctx).Table("course_translations").Where("course_id = ? AND locale = ?", f.Course.ID, "en").
				Update("title", "Inside the transaction").Error; err != nil {
				return err
			}
			c, err := svc.Course(ctx, f.Course.ID)
			if err != nil {
				return err
			}
			if got := c.Title("en").Text; got != "Inside the transaction" {
				t.Errorf("inside the transaction: %q", got)
			}
			return context.Canceled
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
	})
}
