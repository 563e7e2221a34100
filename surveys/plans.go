package surveys

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// ActionPlan is what a trainee will apply at home after the training, by
// when and with whom: written by the trainee, read by the cohort's
// coordinators, and asked about again at the follow-up.
type ActionPlan struct {
	ID          int64
	EnrolmentID int64
	What        string
	ByWhen      store.Date
	WithWhom    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName is the action plans' table.
func (ActionPlan) TableName() string { return "action_plans" }

// PlanInput is an action plan as typed.
type PlanInput struct {
	What, ByWhen, WithWhom string
}

// The limits of an action plan's fields.
const (
	planWhatMax = 5000
	planWhoMax  = 1000
)

// ErrNoPlan: the trainee has written no action plan yet.
var ErrNoPlan = i18n.NewError(i18n.KindNotFound, "error.plan.none")

func (in *PlanInput) validate() error {
	in.What, in.ByWhen, in.WithWhom = strings.TrimSpace(in.What), strings.TrimSpace(in.ByWhen), strings.TrimSpace(in.WithWhom)
	var v i18n.ValidationError
	switch n := len([]rune(in.What)); {
	case n == 0:
		v.Add("what", "error.field.required")
	case n > planWhatMax:
		v.Add("what", "error.field.too_long", "Max", planWhatMax)
	}
	if in.ByWhen == "" {
		v.Add("by_when", "error.field.required")
	} else if _, err := store.ParseDate(in.ByWhen); err != nil {
		v.Add("by_when", "error.field.date")
	}
	if len([]rune(in.WithWhom)) > planWhoMax {
		v.Add("with_whom", "error.field.too_long", "Max", planWhoMax)
	}
	return v.Err()
}

// cohortEnrolment is an enrolment the user may read, which must be in a
// cohort: action plans belong to cohort training.
func (s *Service) cohortEnrolment(ctx context.Context, user *accounts.User, enrolmentID int64) (*enrollment.Enrolment, error) {
	e, err := s.enr.EnrolmentFor(ctx, user, enrolmentID)
	if err != nil {
		return nil, err
	}
	if e.CohortID == nil {
		return nil, enrollment.ErrEnrolmentNotFound
	}
	return e, nil
}

// Plan returns the action plan of an enrolment the user may read (the
// trainee, the cohort's coordinators, admins): ErrNoPlan when none was
// written.
func (s *Service) Plan(ctx context.Context, user *accounts.User, enrolmentID int64) (*ActionPlan, error) {
	if _, err := s.cohortEnrolment(ctx, user, enrolmentID); err != nil {
		return nil, err
	}
	var p ActionPlan
	err := s.db.Conn(ctx).Where("enrolment_id = ?", enrolmentID).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNoPlan
	}
	if err != nil {
		return nil, fmt.Errorf("surveys: action plan of %d: %w", enrolmentID, err)
	}
	return &p, nil
}

// SavePlan writes the trainee's own action plan, replacing an earlier one.
// Only the trainee writes it; others who read the enrolment are refused.
func (s *Service) SavePlan(ctx context.Context, actor accounts.Actor, user *accounts.User, enrolmentID int64, in PlanInput) (*ActionPlan, error) {
	e, err := s.cohortEnrolment(ctx, user, enrolmentID)
	if err != nil {
		return nil, err
	}
	if e.UserID != user.ID {
		return nil, enrollment.ErrNotYourEnrolment
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	now := s.now()
	p := &ActionPlan{EnrolmentID: e.ID, What: in.What, ByWhen: store.Date(in.ByWhen), WithWhom: in.WithWhom, CreatedAt: now, UpdatedAt: now}
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		err := s.db.Conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "enrolment_id"}},
			DoUpdates: clause.Assignments(map[string]any{"what": p.What, "by_when": p.ByWhen, "with_whom": p.WithWhom, "updated_at": now})}).Create(p).Error
		if err != nil {
			return fmt.Errorf("surveys: save action plan of %d: %w", e.ID, err)
		}
		return s.acc.Record(ctx, actor, "action_plan.save", "enrolment", e.ID, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.Plan(ctx, user, enrolmentID)
}

// CohortPlan is a trainee's action plan in a cohort's list.
type CohortPlan struct {
	enrollment.RosterRow
	Plan *ActionPlan // nil when not written yet
}

// CohortPlans lists the trainees of a cohort with their action plans, for
// who manages the cohort.
func (s *Service) CohortPlans(ctx context.Context, user *accounts.User, cohortID int64) (*enrollment.Cohort, []CohortPlan, error) {
	co, err := s.enr.ManagedCohort(ctx, user, cohortID)
	if err != nil {
		return nil, nil, err
	}
	roster, err := s.enr.Roster(ctx, co)
	if err != nil {
		return nil, nil, err
	}
	var plans []ActionPlan
	if err := s.db.Conn(ctx).Table("action_plans AS p").Select("p.*").Joins("JOIN enrolments e ON e.id = p.enrolment_id").
		Where("e.cohort_id = ?", co.ID).Scan(&plans).Error; err != nil {
		return nil, nil, fmt.Errorf("surveys: action plans of cohort %d: %w", co.ID, err)
	}
	by := map[int64]*ActionPlan{}
	for i := range plans {
		by[plans[i].EnrolmentID] = &plans[i]
	}
	out := []CohortPlan{}
	for _, r := range roster {
		if r.Status == enrollment.Withdrawn {
			continue
		}
		out = append(out, CohortPlan{RosterRow: r, Plan: by[r.EnrolmentID]})
	}
	return co, out, nil
}
