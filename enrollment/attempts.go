package enrollment

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
)

// CompleteLesson records that the learner finished a text, video or file
// lesson and updates the enrolment's summary (and completion) in the same
// transaction. Only the learner may: others who may read the enrolment get
// ErrNotYourEnrolment, anybody else ErrEnrolmentNotFound. Doing it twice
// changes nothing. It returns the enrolment after the change with its
// course and the lesson.
func (s *Service) CompleteLesson(ctx context.Context, user *accounts.User, enrolmentID, lessonID int64) (*Learning, error) {
	return s.complete(ctx, user, enrolmentID, lessonID, "")
}

// complete marks a lesson done; pkg is courses.KindPackage when package
// packages asks for a package lesson, "" when the learner does.
func (s *Service) complete(ctx context.Context, user *accounts.User, enrolmentID, lessonID int64, pkg courses.LessonKind) (*Learning, error) {
	e, err := s.ownEnrolment(ctx, user, enrolmentID)
	if err != nil {
		return nil, err
	}
	c, err := s.courses.Course(ctx, e.CourseID)
	if err != nil {
		return nil, err
	}
	l, m, ok := c.Lesson(lessonID)
	if !ok {
		return nil, ErrLessonNotInCourse
	}
	if l.Kind == courses.KindQuiz {
		return nil, ErrQuizByAttempt
	}
	if (l.Kind == courses.KindPackage) != (pkg == courses.KindPackage) {
		return nil, ErrPackageByPlayer
	}
	out := &Learning{Course: c, Lesson: l, Module: m, Own: true}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		cur, _, err := s.lockForLesson(ctx, e.ID, c, lessonID)
		if err != nil {
			return err
		}
		first, err := s.markDone(ctx, e.ID, lessonID)
		if err != nil {
			return err
		}
		if first {
			if err := s.lessonCompleted(ctx, cur, c, l); err != nil {
				return err
			}
		}
		out.Enrolment, err = s.refresh(ctx, cur, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AttemptResult is a submitted attempt with its grading and the enrolment
// after it.
type AttemptResult struct {
	Attempt   *Attempt
	Result    courses.Result
	Enrolment *Enrolment
}

// NextAttempt is the number the learner's next attempt at quiz l will have.
func NextAttempt(l *courses.Lesson, p *Progress) int { return len(p.Attempts[l.ID]) + 1 }

// AttemptOrder is the order of the questions (and their choices) in
// attempt number n at quiz l of enrolment e: the order the learner answers
// in, and the order the attempt is shown in afterwards.
func AttemptOrder(e *Enrolment, l *courses.Lesson, n int) []courses.Question {
	return courses.Order(l, courses.Seed(e.ID, n))
}

// AnswerField is the field of a question's answer in a form's and the
// API's errors ("answers.12"); on the quiz page the question's fieldset
// has the id "f-answers.12" that the error summary links to.
func AnswerField(questionID int64) string { return "answers." + strconv.FormatInt(questionID, 10) }

// Submit grades answers to a quiz lesson and stores the attempt, for the
// learner alone (like CompleteLesson). It refuses, without writing
// anything and without spending an attempt: answers for questions or
// choices of another quiz, a locked lesson, attempts beyond the quiz's
// limit, and a submission that leaves any question unanswered or gives a
// number question something that is not a number (a NaN or infinite
// Number: the quiz page's reading of text that is not a number). Each of
// those last two is reported at AnswerField of its question, numbered as
// the learner sees it. A passed attempt completes the lesson.
//
// Every question must be answered because an attempt is a limited thing:
// a question left blank is almost always one missed on a small screen,
// and grading it as wrong would spend an attempt on a slip. A learner who
// does not know an answer can still guess.
func (s *Service) Submit(ctx context.Context, user *accounts.User, enrolmentID, lessonID int64, answers map[int64]courses.Answer, locale string) (*AttemptResult, error) {
	e, err := s.ownEnrolment(ctx, user, enrolmentID)
	if err != nil {
		return nil, err
	}
	c, err := s.courses.Course(ctx, e.CourseID)
	if err != nil {
		return nil, err
	}
	l, _, ok := c.Lesson(lessonID)
	if !ok {
		return nil, ErrLessonNotInCourse
	}
	if l.Kind != courses.KindQuiz {
		return nil, courses.ErrNotQuiz
	}
	res, err := courses.Grade(l, answers, c.PassMark)
	if err != nil {
		return nil, err
	}
	out := &AttemptResult{Result: res}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		cur, p, err := s.lockForLesson(ctx, e.ID, c, lessonID)
		if err != nil {
			return err
		}
		n := len(p.Attempts[lessonID])
		if l.AttemptLimit > 0 && n >= l.AttemptLimit {
			return ErrNoAttemptsLeft
		}
		if err := checkAnswers(AttemptOrder(cur, l, n+1), answers); err != nil {
			return err
		}
		raw, err := json.Marshal(answers)
		if err != nil {
			return fmt.Errorf("enrollment: encode answers: %w", err)
		}
		a := &Attempt{EnrolmentID: e.ID, LessonID: lessonID, Number: n + 1, Score: res.Score, Points: res.Points,
			MaxPoints: res.MaxPoints, Passed: res.Passed, Answers: string(raw), Locale: locale}
		if err := s.db.Conn(ctx).Create(a).Error; err != nil {
			return fmt.Errorf("enrollment: store attempt: %w", err)
		}
		out.Attempt = a
		if err := s.attempted(ctx, cur, c, l, a); err != nil {
			return err
		}
		if res.Passed {
			if _, err := s.markDone(ctx, e.ID, lessonID); err != nil {
				return err
			}
		}
		out.Enrolment, err = s.refresh(ctx, cur, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkAnswers reports every question of an attempt (in its order) that is
// unanswered or has a number that is not one.
func checkAnswers(order []courses.Question, answers map[int64]courses.Answer) error {
	var v i18n.ValidationError
	for i := range order {
		q := &order[i]
		a, ok := answers[q.ID]
		switch {
		case !ok || !answered(q, a):
			v.Add(AnswerField(q.ID), "error.quiz.unanswered", "Number", i+1)
		case q.Kind == courses.Numeric && (math.IsNaN(*a.Number) || math.IsInf(*a.Number, 0)):
			v.Add(AnswerField(q.ID), "error.quiz.not_a_number", "Number", i+1)
		}
	}
	return v.Err()
}

// answered reports whether a gives q an answer of its kind.
func answered(q *courses.Question, a courses.Answer) bool {
	switch q.Kind {
	case courses.SingleChoice, courses.MultipleChoice:
		return len(a.Choices) > 0
	case courses.TrueFalse:
		return a.Bool != nil
	case courses.ShortAnswer:
		return strings.TrimSpace(a.Text) != ""
	case courses.Numeric:
		return a.Number != nil
	}
	return false
}

// AttemptsLeft is how many more attempts a quiz allows (-1: no limit).
func AttemptsLeft(l *courses.Lesson, p *Progress) int {
	if l.AttemptLimit == 0 {
		return -1
	}
	return max(0, l.AttemptLimit-len(p.Attempts[l.ID]))
}
