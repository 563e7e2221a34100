// Package surveys evaluates training: this file holds a cohort's pre-test
// and post-test and the learning gain they show.
package surveys

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// Service keeps evaluations of cohorts.
type Service struct {
	db      *store.DB
	acc     *accounts.Service
	courses *courses.Service
	enr     *enrollment.Service
	now     func() time.Time
}

// NewService returns the evaluation service.
func NewService(db *store.DB, acc *accounts.Service, crs *courses.Service, enr *enrollment.Service) *Service {
	return &Service{db: db, acc: acc, courses: crs, enr: enr, now: time.Now}
}

// CohortTests names a cohort's pre-test and post-test: two quizzes of its
// course.
type CohortTests struct {
	ID           int64
	CohortID     int64
	PreLessonID  int64
	PostLessonID int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// TableName is the table of cohorts' tests.
func (CohortTests) TableName() string { return "cohort_tests" }

// Gain is one trainee's pre and post scores (percent, first attempts) and
// what they show; nil where the trainee has not taken the test.
type Gain struct {
	EnrolmentID int64
	Name        string
	NativeName  string
	Pre, Post   *float64
	Gain        *float64 // post − pre, in points
	Normalised  *float64 // (post − pre) / (100 − pre); nil when pre is 100
}

// Gains is a cohort's pre/post report.
type Gains struct {
	Cohort   *enrollment.Cohort
	Course   *courses.Course
	Tests    *CohortTests // nil when none are set
	Trainees []Gain
	Both     int      // trainees with both scores, whom the means count
	MeanPre  *float64 // over those trainees
	MeanPost *float64
	MeanGain *float64
	// Normalised is the cohort's normalised gain, (mean post − mean pre)
	// / (100 − mean pre) (Hake's ⟨g⟩), nil when no one took both.
	Normalised *float64
}

// quizzes lists the quizzes of a cohort's course, for choosing the tests.
func (s *Service) quizzes(c *courses.Course) []*courses.Lesson {
	var out []*courses.Lesson
	for _, l := range c.OrderedLessons() {
		if l.Kind == courses.KindQuiz {
			out = append(out, l)
		}
	}
	return out
}

// SetTests makes quizzes pre and post the cohort's pre-test and post-test
// (both 0 clears them). Only who manages the cohort may; each must be a
// quiz of the cohort's course, and not the same one.
func (s *Service) SetTests(ctx context.Context, actor accounts.Actor, user *accounts.User, cohortID, pre, post int64) error {
	co, err := s.enr.ManagedCohort(ctx, user, cohortID)
	if err != nil {
		return err
	}
	if pre == 0 && post == 0 {
		return s.db.InTx(ctx, func(ctx context.Context) error {
			if err := s.db.Conn(ctx).Where("cohort_id = ?", co.ID).Delete(&CohortTests{}).Error; err != nil {
				return fmt.Errorf("surveys: clear tests of cohort %d: %w", co.ID, err)
			}
			return s.acc.Record(ctx, actor, "cohort.tests_clear", "cohort", co.ID, nil)
		})
	}
	c, err := s.courses.Course(ctx, co.CourseID)
	if err != nil {
		return err
	}
	isQuiz := func(id int64) bool {
		l, _, ok := c.Lesson(id)
		return ok && l.Kind == courses.KindQuiz
	}
	var v i18n.ValidationError
	if !isQuiz(pre) {
		v.Add("pre_lesson_id", "error.prepost.not_quiz")
	}
	if !isQuiz(post) {
		v.Add("post_lesson_id", "error.prepost.not_quiz")
	} else if pre == post {
		v.Add("post_lesson_id", "error.prepost.same")
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	return s.db.InTx(ctx, func(ctx context.Context) error {
		err := s.db.Conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "cohort_id"}},
			DoUpdates: clause.Assignments(map[string]any{"pre_lesson_id": pre, "post_lesson_id": post, "updated_at": now})}).
			Create(&CohortTests{CohortID: co.ID, PreLessonID: pre, PostLessonID: post, CreatedAt: now, UpdatedAt: now}).Error
		if err != nil {
			return fmt.Errorf("surveys: set tests of cohort %d: %w", co.ID, err)
		}
		return s.acc.Record(ctx, actor, "cohort.tests", "cohort", co.ID, map[string]any{"pre": pre, "post": post})
	})
}

// Gains reports a cohort's pre/post test for who manages it: each
// trainee's first attempt at each test (a retake measures memory of the
// test, not the training), their gain and normalised gain, and the
// cohort's means over the trainees who took both.
func (s *Service) Gains(ctx context.Context, user *accounts.User, cohortID int64) (*Gains, error) {
	co, err := s.enr.ManagedCohort(ctx, user, cohortID)
	if err != nil {
		return nil, err
	}
	c, err := s.courses.Course(ctx, co.CourseID)
	if err != nil {
		return nil, err
	}
	out := &Gains{Cohort: co, Course: c, Trainees: []Gain{}}
	var t CohortTests
	err = s.db.Conn(ctx).Where("cohort_id = ?", co.ID).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("surveys: tests of cohort %d: %w", co.ID, err)
	}
	out.Tests = &t
	roster, err := s.enr.Roster(ctx, co)
	if err != nil {
		return nil, err
	}
	var firsts []struct {
		EnrolmentID int64
		LessonID    int64
		Score       float64
	}
	err = s.db.Conn(ctx).Table("quiz_attempts AS a").Select("a.enrolment_id, a.lesson_id, a.score").
		Joins("JOIN enrolments e ON e.id = a.enrolment_id").
		Where("e.cohort_id = ? AND a.number = 1 AND a.lesson_id IN ?", co.ID, []int64{t.PreLessonID, t.PostLessonID}).Scan(&firsts).Error
	if err != nil {
		return nil, fmt.Errorf("surveys: first attempts in cohort %d: %w", co.ID, err)
	}
	pre, post := map[int64]float64{}, map[int64]float64{}
	for _, f := range firsts {
		if f.LessonID == t.PreLessonID {
			pre[f.EnrolmentID] = f.Score
		} else {
			post[f.EnrolmentID] = f.Score
		}
	}
	var sumPre, sumPost float64
	for _, r := range roster {
		if r.Status == enrollment.Withdrawn {
			continue
		}
		g := Gain{EnrolmentID: r.EnrolmentID, Name: r.Name, NativeName: r.NativeName}
		if v, ok := pre[r.EnrolmentID]; ok {
			g.Pre = ptr(v)
		}
		if v, ok := post[r.EnrolmentID]; ok {
			g.Post = ptr(v)
		}
		if g.Pre != nil && g.Post != nil {
			g.Gain = ptr(*g.Post - *g.Pre)
			g.Normalised = normalised(*g.Pre, *g.Post)
			out.Both++
			sumPre += *g.Pre
			sumPost += *g.Post
		}
		out.Trainees = append(out.Trainees, g)
	}
	if out.Both > 0 {
		n := float64(out.Both)
		out.MeanPre, out.MeanPost = ptr(round(sumPre/n)), ptr(round(sumPost/n))
		out.MeanGain = ptr(round(sumPost/n - sumPre/n))
		out.Normalised = normalised(sumPre/n, sumPost/n)
	}
	return out, nil
}

func ptr(v float64) *float64 { return &v }

func round(v float64) float64 { return math.Round(v*10) / 10 }

// normalised is (post − pre) / (100 − pre), to three places; nil for a
// pre-test score of 100, where nothing was left to learn.
func normalised(pre, post float64) *float64 {
	if pre >= 100 {
		return nil
	}
	return ptr(math.Round((post-pre)/(100-pre)*1000) / 1000)
}
