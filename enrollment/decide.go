package enrollment

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// Decision is what a coordinator does with an application (or an
// applicant with their own: withdraw it).
type Decision string

// The decisions.
const (
	Accept   Decision = "accept"
	Waitlist Decision = "waitlist"
	Reject   Decision = "reject"
	Withdraw Decision = "withdraw"
)

// ErrWithdrawStarted refuses an accepted trainee's own withdrawal once the
// cohort has started: from then on the coordinator withdraws them.
var ErrWithdrawStarted = i18n.NewError(i18n.KindConflict, "error.application.withdraw_started")

var transitions = map[Decision]struct {
	from []AppStatus
	to   AppStatus
}{
	Accept:   {[]AppStatus{Applied, Waitlisted}, Accepted},
	Waitlist: {[]AppStatus{Applied}, Waitlisted},
	Reject:   {[]AppStatus{Applied, Waitlisted}, Rejected},
	Withdraw: {[]AppStatus{Applied, Waitlisted, Accepted}, AppWithdrawn},
}

// ownWithdrawal is the rule for applicants withdrawing their own
// application: while it is pending or waitlisted, and once accepted until
// the cohort starts (their seat then goes back to the waiting list). Once
// the cohort has started, a trainee's record (attendance, progress,
// certificate) is the coordinator's to close.
func ownWithdrawal(a *Application, c *Cohort, today store.Date) error {
	switch {
	case !contains(transitions[Withdraw].from, a.Status):
		return ErrTransition
	case a.Status == Accepted && today >= c.StartsOn:
		return ErrWithdrawStarted
	}
	return nil
}

// actorUser loads the person behind actor, or nil for the system itself
// (no user: the CLI, jobs and seeding), which every rule trusts.
func (s *Service) actorUser(ctx context.Context, actor accounts.Actor) (*accounts.User, error) {
	if actor.UserID == 0 {
		return nil, nil //nolint:nilnil // "no person" is the system, documented above
	}
	return s.audit.User(ctx, actor.UserID)
}

// mayDecide is the one rule of who decides on an application: those who
// may manage its cohort decide anything; the applicant may only withdraw
// it (see ownWithdrawal); to anybody else it does not exist.
func (s *Service) mayDecide(ctx context.Context, actor accounts.Actor, c *Cohort, a *Application, d Decision) error {
	u, err := s.actorUser(ctx, actor)
	if err != nil || u == nil {
		return err
	}
	ok, err := s.CanManage(ctx, u, c.ID)
	switch {
	case err != nil:
		return err
	case ok:
		return nil
	case a.UserID != u.ID || !u.Active:
		return ErrApplicationNotFound
	case d != Withdraw:
		return accounts.ErrForbidden
	}
	return ownWithdrawal(a, c, store.DateOf(s.now()))
}

// Decide applies a decision to an application for actor: a coordinator in
// charge of its cohort (or an administrator) decides anything, the
// applicant may withdraw their own (see ownWithdrawal). Accepting takes a
// seat in one transaction under a lock on the cohort row (SQLite
// serialises writers), so the capacity is never exceeded: when no seat is
// left it returns ErrCohortFull and changes nothing. Withdrawing an
// accepted trainee frees their seat and withdraws their enrolment. A
// rejection needs one of RejectReasons. Every decision is audited and
// mailed to the applicant.
func (s *Service) Decide(ctx context.Context, actor accounts.Actor, appID int64, d Decision, reason string) (*Application, error) {
	if _, ok := transitions[d]; !ok {
		return nil, fieldError("decision", "error.application.decision")
	}
	if d == Reject && !contains(RejectReasons, reason) {
		return nil, fieldError("reason", "error.application.reason")
	}
	var out *Application
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		a, err := s.ApplicationByID(ctx, appID)
		if err != nil {
			return err
		}
		c, err := s.lockCohort(ctx, a.CohortID)
		if err != nil {
			return err
		}
		// Re-read under the cohort lock: another decision may have won.
		if a, err = s.ApplicationByID(ctx, appID); err != nil {
			return err
		}
		if err := s.mayDecide(ctx, actor, c, a, d); err != nil {
			return err
		}
		out, err = s.decide(ctx, actor, c, a, d, reason)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// decide applies d to a, read under the lock of its cohort c.
func (s *Service) decide(ctx context.Context, actor accounts.Actor, c *Cohort, a *Application, d Decision, reason string) (*Application, error) {
	tr := transitions[d]
	if !contains(tr.from, a.Status) {
		return nil, ErrTransition
	}
	now := s.now()
	switch d {
	case Accept:
		if err := s.seat(ctx, c, a.UserID); err != nil {
			return nil, err
		}
	case Withdraw:
		if a.Status == Accepted {
			if err := s.unseat(ctx, c, a.UserID); err != nil {
				return nil, err
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
	if err := s.db.Conn(ctx).Save(a).Error; err != nil {
		return nil, fmt.Errorf("enrollment: save application %d: %w", a.ID, err)
	}
	if err := s.audit.Record(ctx, actor, "application."+string(d), "cohort", c.ID, map[string]any{
		"application_id": a.ID, "user_id": a.UserID, "from": from, "to": a.Status, "reason": a.Reason,
		"by_applicant": actor.UserID == a.UserID,
	}); err != nil {
		return nil, err
	}
	applicant, err := s.audit.User(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	return a, s.notify(ctx, applicant, c, a.Status, a.Reason)
}

// PromoteNext accepts the longest-waiting waitlisted applicant, if a seat
// is free, for actor (who must manage the cohort). It returns ErrCohortFull
// without a seat, ErrNobodyWaiting without anyone waiting. The next person
// is chosen after the cohort's row lock is taken, so concurrent promotions
// each seat another person until the seats or the waiting list run out.
func (s *Service) PromoteNext(ctx context.Context, actor accounts.Actor, cohortID int64) (*Application, error) {
	var out *Application
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.mayManage(ctx, actor, cohortID); err != nil {
			return err
		}
		c, err := s.lockCohort(ctx, cohortID)
		if err != nil {
			return err
		}
		var next Application
		err = s.db.Conn(ctx).Where("cohort_id = ? AND status = ?", cohortID, Waitlisted).
			Order("waitlisted_at, id").Limit(1).Find(&next).Error
		if err != nil {
			return fmt.Errorf("enrollment: next on the waiting list of cohort %d: %w", cohortID, err)
		}
		if next.ID == 0 {
			return ErrNobodyWaiting
		}
		out, err = s.decide(ctx, actor, c, &next, Accept, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// mayManage refuses (as not found) a person who may not manage the
// cohort; the system may.
func (s *Service) mayManage(ctx context.Context, actor accounts.Actor, cohortID int64) error {
	u, err := s.actorUser(ctx, actor)
	if err != nil || u == nil {
		return err
	}
	ok, err := s.CanManage(ctx, u, cohortID)
	if err != nil {
		return err
	}
	if !ok {
		return ErrCohortNotFound
	}
	return nil
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
		if err := s.db.Conn(ctx).Model(&e).Updates(map[string]any{"status": Active, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("enrollment: reactivate enrolment %d: %w", e.ID, err)
		}
		return nil
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
