package projects

import (
	"context"
	"fmt"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
)

// MilestoneInput is a milestone's title and due date.
type MilestoneInput struct {
	Title string
	DueOn string
}

// AddMilestone adds a milestone due within the project's dates.
func (s *Service) AddMilestone(ctx context.Context, actor accounts.Actor, projectID int64, in MilestoneInput) (*Milestone, error) {
	var v i18n.ValidationError
	m := &Milestone{ProjectID: projectID, Title: textField(&v, "title", in.Title, true, 300)}
	due := dateField(&v, "due_on", in.DueOn, true)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, projectID, true)
		if err != nil {
			return err
		}
		within(&v, "due_on", due, p)
		if err := v.Err(); err != nil {
			return err
		}
		m.DueOn = *due
		if err := s.db.Conn(ctx).Create(m).Error; err != nil {
			return fmt.Errorf("projects: add milestone to %d: %w", projectID, err)
		}
		return s.acc.Record(ctx, actor, "project.milestone.add", "project", projectID, map[string]any{
			"after": map[string]any{"milestone_id": m.ID, "title": m.Title, "due_on": m.DueOn}})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// CompleteMilestone marks a milestone done on a date.
func (s *Service) CompleteMilestone(ctx context.Context, actor accounts.Actor, projectID, milestoneID int64, on string) (*Milestone, error) {
	var v i18n.ValidationError
	done := dateField(&v, "done_on", on, true)
	var m *Milestone
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		var err error
		if m, err = s.Milestone(ctx, projectID, milestoneID); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		before := m.DoneOn
		m.DoneOn = done
		if err := s.db.Conn(ctx).Model(m).Updates(map[string]any{"done_on": *done, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("projects: complete milestone %d: %w", milestoneID, err)
		}
		return s.acc.Record(ctx, actor, "project.milestone.done", "project", projectID, map[string]any{
			"milestone_id": m.ID, "before": map[string]any{"done_on": before}, "after": map[string]any{"done_on": *done}})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Milestones lists a project's milestones by due date.
func (s *Service) Milestones(ctx context.Context, projectID int64) ([]Milestone, error) {
	var out []Milestone
	if err := s.db.Conn(ctx).Where("project_id = ?", projectID).Order("due_on, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("projects: milestones of %d: %w", projectID, err)
	}
	return out, nil
}

// Milestone returns one milestone of a project.
func (s *Service) Milestone(ctx context.Context, projectID, milestoneID int64) (*Milestone, error) {
	return part[Milestone](s.db.Conn(ctx), projectID, milestoneID, ErrMilestoneNotFound)
}

// UpdateMilestone corrects a milestone's title and due date, with the
// rules of AddMilestone; when it was done stays as it was.
func (s *Service) UpdateMilestone(ctx context.Context, actor accounts.Actor, projectID, milestoneID int64, in MilestoneInput) (*Milestone, error) {
	var v i18n.ValidationError
	title := textField(&v, "title", in.Title, true, 300)
	due := dateField(&v, "due_on", in.DueOn, true)
	var m *Milestone
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, projectID, true)
		if err != nil {
			return err
		}
		if m, err = s.Milestone(ctx, projectID, milestoneID); err != nil {
			return err
		}
		within(&v, "due_on", due, p)
		if err := v.Err(); err != nil {
			return err
		}
		before := map[string]any{"title": m.Title, "due_on": m.DueOn}
		m.Title, m.DueOn = title, *due
		if err := s.db.Conn(ctx).Model(m).Updates(map[string]any{"title": m.Title, "due_on": m.DueOn, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("projects: update milestone %d: %w", milestoneID, err)
		}
		return s.acc.Record(ctx, actor, "project.milestone.update", "project", projectID, map[string]any{
			"milestone_id": m.ID, "before": before, "after": map[string]any{"title": m.Title, "due_on": m.DueOn}})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// DeleteMilestone deletes a milestone added by mistake.
func (s *Service) DeleteMilestone(ctx context.Context, actor accounts.Actor, projectID, milestoneID int64) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.load(ctx, projectID, true); err != nil {
			return err
		}
		m, err := s.Milestone(ctx, projectID, milestoneID)
		if err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Delete(m).Error; err != nil {
			return fmt.Errorf("projects: delete milestone %d: %w", milestoneID, err)
		}
		return s.acc.Record(ctx, actor, "project.milestone.delete", "project", projectID, map[string]any{
			"milestone_id": m.ID, "before": map[string]any{"title": m.Title, "due_on": m.DueOn, "done_on": m.DoneOn}})
	})
}
