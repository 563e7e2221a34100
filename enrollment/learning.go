package enrollment

import (
	"context"
	"fmt"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
)

// Learning is an enrolment as one person reads it: with its course, its
// progress and, when it was loaded for one, a lesson of the course and the
// lesson's module.
type Learning struct {
	Enrolment *Enrolment
	Course    *courses.Course
	Progress  *Progress
	Lesson    *courses.Lesson
	Module    *courses.Module
	// Own is true when the reader is the learner, the one person who may
	// complete lessons and submit attempts in this enrolment.
	Own bool
}

// mayRead is the one rule of who reads an enrolment and its progress: the
// learner, administrators, and coordinators in charge of the enrolment's
// cohort. A self-paced enrolment (no cohort) has no coordinator in charge,
// so only the learner and administrators read it: being a coordinator of
// some cohort gives no view into the self-paced learning of others.
func (s *Service) mayRead(ctx context.Context, user *accounts.User, e *Enrolment) (bool, error) {
	switch {
	case user == nil || !user.Active:
		return false, nil
	case e.UserID == user.ID, user.Can(accounts.RoleAdmin):
		return true, nil
	case e.CohortID != nil:
		return s.CanManage(ctx, user, *e.CohortID)
	}
	return false, nil
}

// EnrolmentFor returns an enrolment user may read (see Learning); to
// anybody else it does not exist.
func (s *Service) EnrolmentFor(ctx context.Context, user *accounts.User, id int64) (*Enrolment, error) {
	e, err := s.Enrolment(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.mayRead(ctx, user, e)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrEnrolmentNotFound
	}
	return e, nil
}

// ownEnrolment returns an enrolment for its learner to act in. Others who
// may read it are refused (ErrNotYourEnrolment); to anybody else it does
// not exist.
func (s *Service) ownEnrolment(ctx context.Context, user *accounts.User, id int64) (*Enrolment, error) {
	e, err := s.EnrolmentFor(ctx, user, id)
	if err != nil {
		return nil, err
	}
	if e.UserID != user.ID {
		return nil, ErrNotYourEnrolment
	}
	return e, nil
}

// Learning loads an enrolment user may read, with its course and progress.
func (s *Service) Learning(ctx context.Context, user *accounts.User, id int64) (*Learning, error) {
	e, err := s.EnrolmentFor(ctx, user, id)
	if err != nil {
		return nil, err
	}
	c, err := s.courses.Course(ctx, e.CourseID)
	if err != nil {
		return nil, err
	}
	p, err := s.progress(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	return &Learning{Enrolment: e, Course: c, Progress: p, Own: e.UserID == user.ID}, nil
}

// Lesson loads an enrolment user may read at one of its course's lessons.
// A lesson of another course is ErrLessonNotInCourse; a lesson that is not
// open yet is a *LockedError naming the lesson to finish first.
func (s *Service) Lesson(ctx context.Context, user *accounts.User, enrolmentID, lessonID int64) (*Learning, error) {
	lr, err := s.Learning(ctx, user, enrolmentID)
	if err != nil {
		return nil, err
	}
	l, m, ok := lr.Course.Lesson(lessonID)
	if !ok {
		return nil, ErrLessonNotInCourse
	}
	if err := lockedError(lr.Enrolment, lr.Course, lr.Progress, lessonID); err != nil {
		return nil, err
	}
	lr.Lesson, lr.Module = l, m
	return lr, nil
}

// LockedError is ErrLessonLocked with what the learner needs to go on: the
// lesson to finish first.
type LockedError struct {
	EnrolmentID int64
	Course      *courses.Course
	Lesson      *courses.Lesson // the lesson that is not open yet
	First       *courses.Lesson // the first required lesson before it that is not done
}

// lockedError is a *LockedError when lessonID is not open yet, else nil.
func lockedError(e *Enrolment, c *courses.Course, p *Progress, lessonID int64) error {
	first, in := firstToFinish(c, p, lessonID)
	if !in {
		return ErrLessonNotInCourse
	}
	if first == nil {
		return nil
	}
	l, _, _ := c.Lesson(lessonID)
	return &LockedError{EnrolmentID: e.ID, Course: c, Lesson: l, First: first}
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("enrollment: lesson %d of enrolment %d opens after lesson %d", e.Lesson.ID, e.EnrolmentID, e.First.ID)
}

// Unwrap makes a LockedError an ErrLessonLocked for errors.Is and for the
// web layer's status (409) and generic message.
func (e *LockedError) Unwrap() error { return ErrLessonLocked }

// FirstTitle is the title of the lesson to finish first, in locale.
func (e *LockedError) FirstTitle(locale string) i18n.Localized {
	return e.First.TitleIn(locale, e.Course.DefaultLocale)
}

// Message says which lesson to finish first, its title in locale.
func (e *LockedError) Message(locale string) i18n.Message {
	return i18n.Msg("error.lesson.locked_by", "Lesson", e.FirstTitle(locale).Text)
}
