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

// Decision is what a coordinator does with an application.
type Decision string

// The decisions.
const (
	Accept   Decision = "accept"
	Waitlist Decision = "waitlist"
	Reject   Decision = "reject"
	Withdraw Decision = "withdraw"
)

var transitions = map[Decision]struct {
	from []AppStatus
	to   AppStatus
}{
	Accept:   {[]AppStatus{Applied, Waitlisted}, Accepted},
	Waitlist: {[]AppStatus{Applied}, Waitlisted},
	Reject:   {[]AppStatus{Applied, Waitlisted}, Rejected},
	Withdraw: {[]AppStatus{Applied, Waitlisted, Accepted}, AppWithdrawn},
}

// Decide applies a coordinator's decision to an application. Accepting
// takes a seat in one transaction under a lock on the cohort row (SQLite
// serialises writers), so the capacity is never exceeded: when no seat is
// left it returns ErrCohortFull and changes nothing. Withdrawing an
// accepted trainee frees their seat and withdraws their enrolment. A
// rejection needs one of RejectReasons. Every decision is audited and
// mailed to the applicant.
func (s *Service) Decide(ctx context.Context, actor accounts.Actor, appID int64, d Decision, reason string) (*Application, error) {
	tr, ok := transitions[d]
	if !ok {
		return nil, fieldError("decision", "error.application.decision")
	}
	if d == Reject && !contains(RejectReasons, reason) {
		return nil, fieldError("reason", "error.application.reason")
	}
	var out *Application
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var a Application
		if err := s.db.Conn(ctx).First(&a, appID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrApplicationNotFound
			}
			return fmt.Errorf("enrollment: load application %d: %w", appID, err)
		}
		c, err := s.lockCohort(ctx, a.CohortID)
		if err != nil {
			return err
		}
		// Re-read under the cohort lock: another decision may have won.
		if err := s.db.Conn(ctx).First(&a, appID).Error; err != nil {
			return fmt.Errorf("enrollment: reload application %d: %w", appID, err)
		}
		if !contains(tr.from, a.Status) {
			return ErrTransition
		}
		now := s.now()
		switch d {
		case Accept:
			if err := s.seat(ctx, c, a.UserID); err != nil {
				return err
			}
		case Withdraw:
			if a.Status == Accepted {
				if err := s.unseat(ctx, c, a.UserID); err != nil {
					return err
				}
			}
		case Waitlist:
			a.WaitlistedAt = &now
		}
		from := a.Status
		a.Status, a.DecidedAt = tr.to, &now
		if d == Reject {
			a.Reason = reason
		}
		if err := s.db.Conn(ctx).Save(&a).Error; err != nil {
			return fmt.Errorf("enrollment: save application %d: %w", appID, err)
		}
		out = &a
		if err := s.audit.Record(ctx, actor, "application."+string(d), "cohort", c.ID, map[string]any{
			"application_id": a.ID, "user_id": a.UserID, "from": from, "to": a.Status, "reason": a.Reason,
		}); err != nil {
			return err
		}
		applicant, err := s.audit.User(ctx, a.UserID)
		if err != nil {
			return err
		}
		return s.notify(ctx, applicant, c, a.Status, a.Reason)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// seat takes a seat in a locked cohort and creates (or reactivates) the
// trainee's enrolment.
func (s *Service) seat(ctx context.Context, c *Cohort, userID int64) error {
	if c.SeatsTaken >= c.Capacity {
		return ErrCohortFull
	}
	res := s.db.Conn(ctx).Model(&Cohort{}).Where("id = ? AND seats_taken < capacity", c.ID).
		Updates(map[string]any{"seats_taken": gorm.Expr("seats_taken + 1"), "updated_at": s.now()})
	if res.Error != nil {
		return fmt.Errorf("enrollment: take a seat in cohort %d: %w", c.ID, res.Error)
	}
	if res.RowsAffected != 1 {
		return ErrCohortFull
	}
	c.SeatsTaken++
	course, err := s.courses.Course(ctx, c.CourseID)
	if err != nil {
		return err
	}
	var e Enrolment
	err = s.db.Conn(ctx).Where("user_id = ? AND cohort_id = ?", userID, c.ID).Limit(1).Find(&e).Error
	if err != nil {
		return fmt.Errorf("enrollment: find enrolment in cohort %d: %w", c.ID, err)
	}
	now := s.now()
	if e.ID != 0 {
		return s.db.Conn(ctx).Model(&e).Updates(map[string]any{"status": Active, "updated_at": now}).Error
	}
	cid := c.ID
	e = Enrolment{UserID: userID, CourseID: c.CourseID, CohortID: &cid, Status: Active, LessonsRequired: course.RequiredLessons(), LastActivityAt: &now}
	if err := s.db.Conn(ctx).Create(&e).Error; err != nil {
		return fmt.Errorf("enrollment: enrol user %d in cohort %d: %w", userID, c.ID, err)
	}
	return nil
}

// unseat frees a seat and withdraws the trainee's enrolment.
func (s *Service) unseat(ctx context.Context, c *Cohort, userID int64) error {
	now := s.now()
	if err := s.db.Conn(ctx).Model(&Cohort{}).Where("id = ? AND seats_taken > 0", c.ID).
		Updates(map[string]any{"seats_taken": gorm.Expr("seats_taken - 1"), "updated_at": now}).Error; err != nil {
		return fmt.Errorf("enrollment: free a seat in cohort %d: %w", c.ID, err)
	}
	c.SeatsTaken--
	if err := s.db.Conn(ctx).Model(&Enrolment{}).Where("user_id = ? AND cohort_id = ?", userID, c.ID).
		Updates(map[string]any{"status": Withdrawn, "updated_at": now}).Error; err != nil {
		return fmt.Errorf("enrollment: withdraw user %d from cohort %d: %w", userID, c.ID, err)
	}
	return nil
}

// PromoteNext accepts the longest-waiting waitlisted applicant, if a seat
// is free. It returns ErrCohortFull without a seat, ErrNobodyWaiting
// without anyone waiting.
func (s *Service) PromoteNext(ctx context.Context, actor accounts.Actor, cohortID int64) (*Application, error) {
	var next Application
	err := s.db.Conn(ctx).Where("cohort_id = ? AND status = ?", cohortID, Waitlisted).
		Order("waitlisted_at, id").Limit(1).Find(&next).Error
	if err != nil {
		return nil, fmt.Errorf("enrollment: next on the waitlist of cohort %d: %w", cohortID, err)
	}
	if next.ID == 0 {
		return nil, ErrNobodyWaiting
	}
	return s.Decide(ctx, actor, next.ID, Accept, "")
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

// Applications lists a cohort's applications, oldest first, with profiles
// (one query).
func (s *Service) Applications(ctx context.Context, cohortID int64) ([]ApplicationView, error) {
	var out []ApplicationView
	err := s.db.Conn(ctx).Table("applications AS a").
		Select("a.*, u.email, u.name, u.native_name, u.country, u.position, u.organisation").
		Joins("JOIN users u ON u.id = a.user_id").Where("a.cohort_id = ?", cohortID).
		Order("a.created_at, a.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("enrollment: applications of cohort %d: %w", cohortID, err)
	}
	return out, nil
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
