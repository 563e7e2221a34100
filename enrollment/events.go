package enrollment

import (
	"context"
	"strconv"

	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/lrs"
)

// Recorder records what learners do as xAPI statements (lrs.Service).
type Recorder interface {
	Record(ctx context.Context, e lrs.Event) error
}

// RecordTo makes the service record lessons completed, quiz attempts and
// course completions through r, each in the transaction of the change
// itself. Without a recorder nothing is recorded.
func (s *Service) RecordTo(r Recorder) { s.events = r }

func (s *Service) record(ctx context.Context, e lrs.Event) error {
	if s.events == nil {
		return nil
	}
	if e.At.IsZero() {
		e.At = s.now()
	}
	return s.events.Record(ctx, e)
}

func lessonNames(l *courses.Lesson) map[string]string {
	out := make(map[string]string, len(l.Translations))
	for _, t := range l.Translations {
		out[t.Locale] = t.Title
	}
	return out
}

func courseNames(c *courses.Course) map[string]string {
	out := make(map[string]string, len(c.Translations))
	for _, t := range c.Translations {
		out[t.Locale] = t.Title
	}
	return out
}

func coursePath(c *courses.Course) string { return "course/" + strconv.FormatInt(c.ID, 10) }

func lessonPath(l *courses.Lesson) string { return "lesson/" + strconv.FormatInt(l.ID, 10) }

// lessonCompleted records that the learner of e finished lesson l.
func (s *Service) lessonCompleted(ctx context.Context, e *Enrolment, c *courses.Course, l *courses.Lesson) error {
	done := true
	return s.record(ctx, lrs.Event{UserID: e.UserID, Verb: lrs.VerbCompleted, Activity: lessonPath(l), ActivityType: lrs.TypeLesson,
		Name: lessonNames(l), Parent: coursePath(c), Enrolment: e.ID, Completion: &done})
}

// attempted records a graded quiz attempt: passed or failed, with its
// score.
func (s *Service) attempted(ctx context.Context, e *Enrolment, c *courses.Course, l *courses.Lesson, a *Attempt) error {
	ev := lrs.Event{UserID: e.UserID, Verb: lrs.VerbFailed, Activity: lessonPath(l), ActivityType: lrs.TypeAssessment,
		Name: lessonNames(l), Parent: coursePath(c), Enrolment: e.ID, Success: &a.Passed, Language: a.Locale}
	if a.Passed {
		ev.Verb = lrs.VerbPassed
	}
	if a.MaxPoints > 0 {
		ev.Score = &lrs.Score{Scaled: a.Score / 100, Raw: a.Points, Min: 0, Max: a.MaxPoints}
	}
	return s.record(ctx, ev)
}

// courseCompleted records that the learner of e completed course c.
func (s *Service) courseCompleted(ctx context.Context, e *Enrolment, c *courses.Course) error {
	done := true
	return s.record(ctx, lrs.Event{UserID: e.UserID, Verb: lrs.VerbCompleted, Activity: coursePath(c), ActivityType: lrs.TypeCourse,
		Name: courseNames(c), Enrolment: e.ID, Completion: &done})
}
