package enrollment

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/mail"
	"github.com/baeum-lms/baeum/store"
)

// AppStatus is where an application stands.
type AppStatus string

// The application statuses.
const (
	Applied      AppStatus = "applied"
	Waitlisted   AppStatus = "waitlisted"
	Accepted     AppStatus = "accepted"
	Rejected     AppStatus = "rejected"
	AppWithdrawn AppStatus = "withdrawn"
)

// Application is a person's nomination or application to a cohort.
type Application struct {
	ID           int64
	CohortID     int64
	UserID       int64
	Status       AppStatus
	Reason       string // message id of a rejection reason
	Note         string
	NominatedBy  *int64
	WaitlistedAt *time.Time
	DecidedAt    *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// RejectReasons are the reasons a coordinator can give, as message ids so
// the applicant reads them in their own language.
var RejectReasons = []string{"reason.capacity", "reason.eligibility", "reason.documents", "reason.schedule", "reason.other"}

// Application errors.
var (
	ErrApplicationNotFound = i18n.NewError(i18n.KindNotFound, "error.application.not_found")
	ErrAlreadyApplied      = i18n.NewError(i18n.KindConflict, "error.application.exists")
	ErrWindowClosed        = i18n.NewError(i18n.KindConflict, "error.application.window")
	ErrTransition          = i18n.NewError(i18n.KindConflict, "error.application.transition")
	ErrNobodyWaiting       = i18n.NewError(i18n.KindConflict, "error.cohort.nobody_waiting")
)

// Apply records an application of applicant to a cohort, by themselves or
// nominated by a focal point (by != applicant). The cohort's application
// window must be open.
func (s *Service) Apply(ctx context.Context, actor accounts.Actor, cohortID int64, applicant *accounts.User, by *accounts.User, note string) (*Application, error) {
	if len([]rune(note)) > 2000 {
		return nil, fieldError("note", "error.field.too_long", "Max", 2000)
	}
	var out *Application
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		c, err := s.CohortByID(ctx, cohortID)
		if err != nil {
			return err
		}
		today := store.DateOf(s.now())
		if (c.ApplicationsOpenOn != nil && today < *c.ApplicationsOpenOn) || (c.ApplicationsCloseOn != nil && today > *c.ApplicationsCloseOn) {
			return ErrWindowClosed
		}
		a := &Application{CohortID: cohortID, UserID: applicant.ID, Status: Applied, Note: strings.TrimSpace(note)}
		if by != nil && by.ID != applicant.ID {
			id := by.ID
			a.NominatedBy = &id
		}
		if err := s.db.Conn(ctx).Create(a).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return ErrAlreadyApplied
			}
			return fmt.Errorf("enrollment: apply to cohort %d: %w", cohortID, err)
		}
		out = a
		if err := s.audit.Record(ctx, actor, "application.create", "cohort", cohortID, map[string]any{"application_id": a.ID, "user_id": applicant.ID}); err != nil {
			return err
		}
		return s.notify(ctx, applicant, c, Applied, "")
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ApplySelf records actor's own application to a cohort of a course they
// may see (see VisibleCourse); other cohorts do not exist for them.
func (s *Service) ApplySelf(ctx context.Context, actor accounts.Actor, cohortID int64, note string) (*Application, error) {
	u, err := s.actorUser(ctx, actor)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, accounts.ErrForbidden // the system applies nobody by itself
	}
	co, err := s.CohortByID(ctx, cohortID)
	if err != nil {
		return nil, err
	}
	if _, err := s.VisibleCourse(ctx, u, co.CourseID); err != nil {
		return nil, ErrCohortNotFound
	}
	return s.Apply(ctx, actor, co.ID, u, u, note)
}

// Nominate records actor's nomination of the person with e-mail address
// email to a cohort actor manages (others are refused). An address of
// nobody is an error at "email".
func (s *Service) Nominate(ctx context.Context, actor accounts.Actor, cohortID int64, email, note string) (*Application, error) {
	if err := s.mayManage(ctx, actor, cohortID); err != nil {
		if errors.Is(err, ErrCohortNotFound) {
			return nil, accounts.ErrForbidden
		}
		return nil, err
	}
	by, err := s.actorUser(ctx, actor)
	if err != nil {
		return nil, err
	}
	applicant, err := s.audit.UserByEmail(ctx, email)
	if errors.Is(err, accounts.ErrUserNotFound) {
		return nil, fieldError("email", "error.cohort.no_such_person")
	}
	if err != nil {
		return nil, err
	}
	return s.Apply(ctx, actor, cohortID, applicant, by, note)
}

// ApplicationView is an application with the applicant's profile, for the
// coordinator's list.
type ApplicationView struct {
	Application
	Email        string
	Name         string
	NativeName   string
	Country      string
	Position     string
	Organisation string
}

// MyApplications lists a user's applications, newest first.
func (s *Service) MyApplications(ctx context.Context, userID int64) ([]Application, error) {
	var out []Application
	if err := s.db.Conn(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("enrollment: applications of user %d: %w", userID, err)
	}
	return out, nil
}

// notify queues an e-mail to the applicant in their language.
func (s *Service) notify(ctx context.Context, to *accounts.User, c *Cohort, status AppStatus, reason string) error {
	b, err := i18n.Load()
	if err != nil {
		return err
	}
	l := b.Localizer(to.Locale)
	course, err := s.courses.Course(ctx, c.CourseID)
	if err != nil {
		return err
	}
	title := course.Title(l.Code()).Text
	subject := l.T("mail.application.subject", "Course", title, "Cohort", c.Code)
	body := l.T("mail.application."+string(status), "Name", to.Name, "Course", title, "Cohort", c.Code,
		"Starts", string(c.StartsOn), "Ends", string(c.EndsOn))
	if reason != "" {
		body += "\n\n" + l.T("mail.application.reason", "Reason", l.T(reason))
	}
	return mail.Enqueue(ctx, s.db, to.Email, subject, body)
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// OpenCohorts lists a course's cohorts whose application window is open
// today and that have not ended.
func (s *Service) OpenCohorts(ctx context.Context, courseID int64) ([]Cohort, error) {
	today := store.DateOf(s.now())
	var out []Cohort
	err := s.db.Conn(ctx).Where("course_id = ? AND ends_on >= ?", courseID, today).
		Where("(applications_open_on IS NULL OR applications_open_on <= ?) AND (applications_close_on IS NULL OR applications_close_on >= ?)", today, today).
		Order("starts_on, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("enrollment: open cohorts of course %d: %w", courseID, err)
	}
	return out, nil
}

// ApplicationByID returns an application.
func (s *Service) ApplicationByID(ctx context.Context, id int64) (*Application, error) {
	var a Application
	if err := s.db.Conn(ctx).First(&a, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrApplicationNotFound
		}
		return nil, fmt.Errorf("enrollment: load application %d: %w", id, err)
	}
	return &a, nil
}

// CohortsByID loads cohorts by id.
func (s *Service) CohortsByID(ctx context.Context, ids []int64) (map[int64]Cohort, error) {
	out := map[int64]Cohort{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []Cohort
	if err := s.db.Conn(ctx).Where("id IN ?", ids).Find(&list).Error; err != nil {
		return nil, fmt.Errorf("enrollment: load cohorts: %w", err)
	}
	for _, c := range list {
		out[c.ID] = c
	}
	return out, nil
}

// Staff lists the active coordinators and administrators, by name, who can
// be put in charge of a cohort.
func (s *Service) Staff(ctx context.Context) ([]accounts.User, error) {
	var out []accounts.User
	err := s.db.Conn(ctx).Where("role IN ? AND active = ?", []accounts.Role{accounts.RoleCoordinator, accounts.RoleAdmin}, true).
		Order("name").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("enrollment: list staff: %w", err)
	}
	return out, nil
}
