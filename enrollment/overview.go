package enrollment

import (
	"context"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/store"
)

// VisibleCourse loads a course user may see: learners and visitors (nil)
// only published ones; coordinators and administrators any, to preview.
func (s *Service) VisibleCourse(ctx context.Context, user *accounts.User, id int64) (*courses.Course, error) {
	c, err := s.courses.Course(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Status != courses.Published && !user.Can(accounts.RoleCoordinator) {
		return nil, courses.ErrCourseNotFound // a draft does not exist for learners
	}
	return c, nil
}

// CourseOverview is a course as one person sees it on its page: their own
// enrolment and progress in it, the cohorts open for applications and the
// person's applications to them.
type CourseOverview struct {
	Course    *courses.Course
	Enrolment *Enrolment // nil when not enrolled or signed out
	Progress  *Progress  // the enrolment's; nil without one
	CanEnrol  bool
	Cohorts   []Cohort
	Applied   map[int64]AppStatus // cohort id → the person's application
}

// CourseOverview loads the course page's contents for user (nil when
// signed out).
func (s *Service) CourseOverview(ctx context.Context, user *accounts.User, courseID int64) (*CourseOverview, error) {
	c, err := s.VisibleCourse(ctx, user, courseID)
	if err != nil {
		return nil, err
	}
	out := &CourseOverview{Course: c, Applied: map[int64]AppStatus{}}
	if out.Cohorts, err = s.OpenCohorts(ctx, c.ID); err != nil {
		return nil, err
	}
	if user == nil {
		return out, nil
	}
	if out.Enrolment, err = s.UserCourse(ctx, user.ID, c.ID); err != nil {
		return nil, err
	}
	if out.Enrolment != nil {
		if out.Progress, err = s.progress(ctx, out.Enrolment.ID); err != nil {
			return nil, err
		}
	}
	out.CanEnrol = out.Enrolment == nil && c.SelfEnrol && c.Status == courses.Published
	apps, err := s.MyApplications(ctx, user.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range apps {
		out.Applied[a.CohortID] = a.Status
	}
	return out, nil
}

// MyLearning is what /my shows a person: their enrolments and their
// applications, each with its course.
type MyLearning struct {
	Enrolments   []MyEnrolment
	Applications []MyApplication
}

// MyEnrolment is one of a person's enrolments with its course.
type MyEnrolment struct {
	Enrolment Enrolment
	Course    *courses.Course
}

// MyApplication is one of a person's applications with its cohort and
// course, and whether they may withdraw it themselves.
type MyApplication struct {
	Application Application
	Cohort      Cohort
	Course      *courses.Course
	CanWithdraw bool
}

// MyLearning loads user's enrolments (most recently active first) and
// applications (newest first) with their courses, in four queries.
func (s *Service) MyLearning(ctx context.Context, user *accounts.User) (*MyLearning, error) {
	es, err := s.Mine(ctx, user.ID)
	if err != nil {
		return nil, err
	}
	apps, err := s.MyApplications(ctx, user.ID)
	if err != nil {
		return nil, err
	}
	cids := make([]int64, len(apps))
	for i, a := range apps {
		cids[i] = a.CohortID
	}
	cohorts, err := s.CohortsByID(ctx, cids)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(es)+len(cohorts))
	for _, e := range es {
		ids = append(ids, e.CourseID)
	}
	for _, co := range cohorts {
		ids = append(ids, co.CourseID)
	}
	heads, err := s.courses.Headers(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &MyLearning{}
	for _, e := range es {
		if c, ok := heads[e.CourseID]; ok {
			out.Enrolments = append(out.Enrolments, MyEnrolment{Enrolment: e, Course: c})
		}
	}
	today := store.DateOf(s.now())
	for _, a := range apps {
		co := cohorts[a.CohortID]
		if c, ok := heads[co.CourseID]; ok {
			out.Applications = append(out.Applications, MyApplication{Application: a, Cohort: co, Course: c,
				CanWithdraw: ownWithdrawal(&a, &co, today) == nil})
		}
	}
	return out, nil
}
