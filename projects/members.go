package projects

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/i18n"
)

// MemberInput adds a person to a project: by the e-mail of their account
// (trainees of past cohorts have one), or by name alone.
type MemberInput struct {
	Email        string
	Name         string
	Role         string
	Organisation string
}

// AddMember adds a person to a project.
func (s *Service) AddMember(ctx context.Context, actor accounts.Actor, projectID int64, in MemberInput) (*Member, error) {
	var v i18n.ValidationError
	m := &Member{ProjectID: projectID, Name: textField(&v, "name", in.Name, false, 200),
		Role: textField(&v, "role", in.Role, false, 200), Organisation: textField(&v, "organisation", in.Organisation, false, 200)}
	email := strings.TrimSpace(in.Email)
	if email != "" {
		u, err := s.acc.UserByEmail(ctx, email)
		switch {
		case errors.Is(err, accounts.ErrUserNotFound):
			v.Add("email", "error.project.member_no_user")
		case err != nil:
			return nil, err
		default:
			m.UserID = &u.ID
			if m.Name == "" {
				m.Name = u.Name
			}
			if m.Organisation == "" {
				m.Organisation = u.Organisation
			}
		}
	} else if m.Name == "" {
		v.Add("name", "error.field.required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.load(ctx, projectID, true); err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Create(m).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return fieldError("email", "error.project.member_twice")
			}
			return fmt.Errorf("projects: add member to %d: %w", projectID, err)
		}
		return s.acc.Record(ctx, actor, "project.member.add", "project", projectID, map[string]any{
			"after": map[string]any{"member_id": m.ID, "user_id": m.UserID, "name": m.Name, "role": m.Role, "organisation": m.Organisation}})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// RemoveMember takes a person off a project.
func (s *Service) RemoveMember(ctx context.Context, actor accounts.Actor, projectID, memberID int64) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		m, err := part[Member](s.db.Conn(ctx), projectID, memberID, ErrMemberNotFound)
		if err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Delete(m).Error; err != nil {
			return fmt.Errorf("projects: remove member %d: %w", memberID, err)
		}
		return s.acc.Record(ctx, actor, "project.member.remove", "project", projectID, map[string]any{
			"before": map[string]any{"member_id": m.ID, "user_id": m.UserID, "name": m.Name, "role": m.Role}})
	})
}

// MemberView is a member with the cohorts they trained in, if they have
// an account.
type MemberView struct {
	Member
	Email   string
	Country string
	Cohorts []enrollment.Cohort
}

// Members lists a project's people with their cohorts (read through the
// enrolment service), in the order they were added.
func (s *Service) Members(ctx context.Context, projectID int64) ([]MemberView, error) {
	var ms []Member
	if err := s.db.Conn(ctx).Where("project_id = ?", projectID).Order("id").Find(&ms).Error; err != nil {
		return nil, fmt.Errorf("projects: members of %d: %w", projectID, err)
	}
	out := make([]MemberView, len(ms))
	byUser := map[int64][]int64{}
	var cohortIDs []int64
	for i, m := range ms {
		out[i].Member = m
		if m.UserID == nil {
			continue
		}
		u, err := s.acc.User(ctx, *m.UserID)
		if err != nil {
			return nil, err
		}
		out[i].Email, out[i].Country = u.Email, u.Country
		es, err := s.enr.Mine(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if e.CohortID != nil {
				byUser[u.ID] = append(byUser[u.ID], *e.CohortID)
				cohortIDs = append(cohortIDs, *e.CohortID)
			}
		}
	}
	cohorts, err := s.enr.CohortsByID(ctx, cohortIDs)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].UserID == nil {
			continue
		}
		for _, id := range byUser[*out[i].UserID] {
			if c, ok := cohorts[id]; ok {
				out[i].Cohorts = append(out[i].Cohorts, c)
			}
		}
	}
	return out, nil
}
