package enrollment

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// Domain errors.
var (
	ErrEnrolmentNotFound = i18n.NewError(i18n.KindNotFound, "error.enrolment.not_found")
	ErrNotSelfEnrol      = i18n.NewError(i18n.KindConflict, "error.enrolment.not_open")
	ErrLessonNotInCourse = i18n.NewError(i18n.KindInvalid, "error.lesson.not_in_course")
	ErrLessonLocked      = i18n.NewError(i18n.KindConflict, "error.lesson.locked")
	ErrQuizByAttempt     = i18n.NewError(i18n.KindInvalid, "error.lesson.quiz_by_attempt")
	ErrNoAttemptsLeft    = i18n.NewError(i18n.KindConflict, "error.quiz.no_attempts_left")
	ErrNotActive         = i18n.NewError(i18n.KindConflict, "error.enrolment.not_active")
	ErrNotYourEnrolment  = i18n.NewError(i18n.KindForbidden, "error.enrolment.not_yours")
)

// Service holds the rules of enrolment, progress and completion.
type Service struct {
	db      *store.DB
	courses *courses.Service
	audit   *accounts.Service
	events  Recorder
	now     func() time.Time
}

// NewService returns the enrolment service; changes are audited through acc.
func NewService(db *store.DB, cs *courses.Service, acc *accounts.Service) *Service {
	return &Service{db: db, courses: cs, audit: acc, now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
}

// Enrol lets a learner enrol themselves in a published course open to
// self-enrolment. Enrolling again returns the existing enrolment; the
// unique index on (user, course) makes that true under concurrency too.
func (s *Service) Enrol(ctx context.Context, user *accounts.User, courseID int64) (*Enrolment, error) {
	c, err := s.courses.Course(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if c.Status != courses.Published && !user.Can(accounts.RoleCoordinator) {
		return nil, courses.ErrCourseNotFound // a draft does not exist for learners
	}
	if c.Status != courses.Published || !c.SelfEnrol {
		return nil, ErrNotSelfEnrol
	}
	now := s.now()
	e := &Enrolment{UserID: user.ID, CourseID: courseID, Status: Active, LessonsRequired: c.RequiredLessons(), LastActivityAt: &now}
	res := s.db.Conn(ctx).Clauses(clause.OnConflict{
		Columns:     []clause.Column{{Name: "user_id"}, {Name: "course_id"}},
		TargetWhere: clause.Where{Exprs: []clause.Expression{clause.Expr{SQL: "cohort_id IS NULL"}}},
		DoNothing:   true,
	}).Create(e)
	if res.Error != nil {
		return nil, fmt.Errorf("enrollment: enrol user %d in course %d: %w", user.ID, courseID, res.Error)
	}
	var out Enrolment
	if err := s.db.Conn(ctx).Where("user_id = ? AND course_id = ? AND cohort_id IS NULL", user.ID, courseID).First(&out).Error; err != nil {
		return nil, fmt.Errorf("enrollment: load enrolment of user %d in course %d: %w", user.ID, courseID, err)
	}
	return &out, nil
}

// Enrolment returns an enrolment by id.
func (s *Service) Enrolment(ctx context.Context, id int64) (*Enrolment, error) {
	var e Enrolment
	err := s.db.Conn(ctx).First(&e, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrEnrolmentNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("enrollment: load enrolment %d: %w", id, err)
	}
	return &e, nil
}

// UserCourse returns the user's enrolment in a course, or nil.
func (s *Service) UserCourse(ctx context.Context, userID, courseID int64) (*Enrolment, error) {
	var out []Enrolment
	if err := s.db.Conn(ctx).Where("user_id = ? AND course_id = ?", userID, courseID).Order("id DESC").Limit(1).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("enrollment: enrolment of user %d in course %d: %w", userID, courseID, err)
	}
	if len(out) == 0 {
		return nil, nil //nolint:nilnil // "not enrolled" is a normal answer here, documented above
	}
	return &out[0], nil
}

// Mine lists a user's enrolments, most recently active first.
func (s *Service) Mine(ctx context.Context, userID int64) ([]Enrolment, error) {
	var out []Enrolment
	if err := s.db.Conn(ctx).Where("user_id = ?", userID).Order("last_activity_at DESC, id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("enrollment: enrolments of user %d: %w", userID, err)
	}
	return out, nil
}

// Progress is what a learner has done in one enrolment.
type Progress struct {
	Done     map[int64]time.Time // lesson id → when completed
	Attempts map[int64][]Attempt // quiz lesson id → attempts, oldest first
}

// progress loads an enrolment's per-lesson progress and attempts (two
// queries).
func (s *Service) progress(ctx context.Context, enrolmentID int64) (*Progress, error) {
	var done []LessonProgress
	if err := s.db.Conn(ctx).Where("enrolment_id = ?", enrolmentID).Find(&done).Error; err != nil {
		return nil, fmt.Errorf("enrollment: progress of %d: %w", enrolmentID, err)
	}
	var attempts []Attempt
	if err := s.db.Conn(ctx).Where("enrolment_id = ?", enrolmentID).Order("lesson_id, number").Find(&attempts).Error; err != nil {
		return nil, fmt.Errorf("enrollment: attempts of %d: %w", enrolmentID, err)
	}
	p := &Progress{Done: map[int64]time.Time{}, Attempts: map[int64][]Attempt{}}
	for _, d := range done {
		p.Done[d.LessonID] = d.CompletedAt
	}
	for _, a := range attempts {
		p.Attempts[a.LessonID] = append(p.Attempts[a.LessonID], a)
	}
	return p, nil
}

// Unlocked reports whether a learner may open lesson: every required
// lesson before it must be done (lessons are taken in order).
func Unlocked(c *courses.Course, p *Progress, lessonID int64) bool {
	first, in := firstToFinish(c, p, lessonID)
	return in && first == nil
}

// firstToFinish is the first required lesson before lessonID that is not
// done yet (nil when there is none), and whether lessonID is in the course.
func firstToFinish(c *courses.Course, p *Progress, lessonID int64) (*courses.Lesson, bool) {
	var first *courses.Lesson
	for _, l := range c.OrderedLessons() {
		if l.ID == lessonID {
			return first, true
		}
		if _, done := p.Done[l.ID]; first == nil && l.Required && !done {
			first = l
		}
	}
	return nil, false
}

// lockForLesson locks the enrolment for a progress event on lessonID and
// checks, under the lock, that the lesson is unlocked.
func (s *Service) lockForLesson(ctx context.Context, id int64, c *courses.Course, lessonID int64) (*Enrolment, *Progress, error) {
	cur, err := s.lockEnrolment(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.progress(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := lockedError(cur, c, p, lessonID); err != nil {
		return nil, nil, err
	}
	return cur, p, nil
}

func (s *Service) lockEnrolment(ctx context.Context, id int64) (*Enrolment, error) {
	var e Enrolment
	if err := s.db.ForUpdate(s.db.Conn(ctx)).First(&e, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrEnrolmentNotFound
		}
		return nil, fmt.Errorf("enrollment: lock enrolment %d: %w", id, err)
	}
	if e.Status == Withdrawn {
		return nil, ErrNotActive
	}
	return &e, nil
}

// markDone records lesson lessonID done in enrolment enrolmentID and
// reports whether it was not done before.
func (s *Service) markDone(ctx context.Context, enrolmentID, lessonID int64) (bool, error) {
	now := s.now()
	res := s.db.Conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "enrolment_id"}, {Name: "lesson_id"}}, DoNothing: true}).
		Create(&LessonProgress{EnrolmentID: enrolmentID, LessonID: lessonID, CompletedAt: now, CreatedAt: now, UpdatedAt: now})
	if res.Error != nil {
		return false, fmt.Errorf("enrollment: mark lesson %d done in %d: %w", lessonID, enrolmentID, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// refresh recomputes the enrolment's summary from its progress rows and the
// course, records completion the first time every required lesson is done,
// and saves it.
func (s *Service) refresh(ctx context.Context, e *Enrolment, c *courses.Course) (*Enrolment, error) {
	p, err := s.progress(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	required, done := 0, 0
	for _, l := range c.OrderedLessons() {
		if !l.Required {
			continue
		}
		required++
		if _, ok := p.Done[l.ID]; ok {
			done++
		}
	}
	var best *float64
	for _, as := range p.Attempts {
		for _, a := range as {
			if best == nil || a.Score > *best {
				v := a.Score
				best = &v
			}
		}
	}
	now := s.now()
	e.LessonsRequired, e.LessonsDone, e.BestScore, e.LastActivityAt = required, done, best, &now
	e.Percent = 100
	if required > 0 {
		e.Percent = 100 * done / required
	}
	lessonsMet := done == required && (required > 0 || e.CohortID != nil)
	if lessonsMet && e.CompletedAt == nil && e.Status == Active {
		met, err := s.attendanceMet(ctx, e)
		if err != nil {
			return nil, err
		}
		if met {
			e.Status, e.CompletedAt = Completed, &now
			if err := s.courseCompleted(ctx, e, c); err != nil {
				return nil, err
			}
		}
	}
	err = s.db.Conn(ctx).Model(e).Select("lessons_required", "lessons_done", "percent", "best_score", "last_activity_at", "status", "completed_at", "updated_at").Updates(e).Error
	if err != nil {
		return nil, fmt.Errorf("enrollment: save summary of %d: %w", e.ID, err)
	}
	return e, nil
}
