package projects

import (
	"context"
	"fmt"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// TransitionInput moves a project to another phase of its procedure on a
// date. Moving to the next phase needs only a note; moving back or
// skipping phases needs a reason.
type TransitionInput struct {
	To     Phase
	On     string
	Note   string
	Reason string
}

// Transition moves a project between phases and records the move in its
// history and the audit log, with the phase before and after.
func (s *Service) Transition(ctx context.Context, actor accounts.Actor, id int64, in TransitionInput) (*Project, error) {
	var v i18n.ValidationError
	on := dateField(&v, "on", in.On, true)
	note := textField(&v, "note", in.Note, false, 2000)
	reason := textField(&v, "reason", in.Reason, false, 2000)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, id, true)
		if err != nil {
			return err
		}
		from, to := PhaseIndex(p.Kind, p.Phase), PhaseIndex(p.Kind, in.To)
		kind := EventForward
		switch {
		case to < 0:
			v.Add("to", "error.project.phase_unknown")
		case to == from:
			v.Add("to", "error.project.phase_same")
		case to < from:
			kind = EventBack
		case to > from+1:
			kind = EventSkip
		}
		if kind != EventForward && reason == "" && !v.Has("to") {
			v.Add("reason", "error.project.reason_needed")
		}
		s.checkMoveDate(&v, "on", on, p)
		if err := v.Err(); err != nil {
			return err
		}
		switch p.Status {
		case OnHold:
			return ErrOnHold
		case Completed, Cancelled:
			return ErrClosed
		}
		before := map[string]any{"phase": p.Phase, "phase_since": p.PhaseSince, "status": p.Status}
		status := p.Status
		if status == Planned {
			status = Active
		}
		if err := s.db.Conn(ctx).Model(&Project{}).Where("id = ?", id).Updates(map[string]any{
			"phase": in.To, "phase_since": *on, "status": status, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("projects: move %d to %s: %w", id, in.To, err)
		}
		ev := PhaseEvent{ProjectID: id, Kind: kind, FromPhase: p.Phase, ToPhase: in.To, OnDate: *on, Note: note, Reason: reason, ActorID: actorID(actor)}
		if err := s.db.Conn(ctx).Create(&ev).Error; err != nil {
			return fmt.Errorf("projects: history of %d: %w", id, err)
		}
		return s.acc.Record(ctx, actor, "project.phase."+string(kind), "project", id, map[string]any{
			"before": before, "after": map[string]any{"phase": in.To, "phase_since": *on, "status": status},
			"note": note, "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, id, false)
}

// checkMoveDate: a phase change happens within the project's dates and
// not before the current phase began.
func (s *Service) checkMoveDate(v *i18n.ValidationError, field string, on *store.Date, p *Project) {
	within(v, field, on, p)
	if on != nil && *on < p.PhaseSince && !v.Has(field) {
		v.Add(field, "error.project.before_phase", "Date", string(p.PhaseSince))
	}
}

// Hold puts a project on hold from a date, with a note saying why.
func (s *Service) Hold(ctx context.Context, actor accounts.Actor, id int64, on, note string) (*Project, error) {
	return s.holdOrResume(ctx, actor, id, on, note, true)
}

// Resume takes a project off hold; it continues in the phase it was in.
func (s *Service) Resume(ctx context.Context, actor accounts.Actor, id int64, on, note string) (*Project, error) {
	return s.holdOrResume(ctx, actor, id, on, note, false)
}

func (s *Service) holdOrResume(ctx context.Context, actor accounts.Actor, id int64, onText, note string, hold bool) (*Project, error) {
	var v i18n.ValidationError
	on := dateField(&v, "on", onText, true)
	note = textField(&v, "note", note, hold, 2000)
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		p, err := s.load(ctx, id, true)
		if err != nil {
			return err
		}
		s.checkMoveDate(&v, "on", on, p)
		if err := v.Err(); err != nil {
			return err
		}
		kind, status := EventHold, OnHold
		switch {
		case p.Status == Completed || p.Status == Cancelled:
			return ErrClosed
		case hold && p.Status == OnHold:
			return ErrOnHold
		case !hold && p.Status != OnHold:
			return ErrNotOnHold
		case !hold:
			kind, status = EventResume, Active
		}
		if err := s.db.Conn(ctx).Model(&Project{}).Where("id = ?", id).Updates(map[string]any{"status": status, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("projects: %s %d: %w", kind, id, err)
		}
		ev := PhaseEvent{ProjectID: id, Kind: kind, FromPhase: p.Phase, ToPhase: p.Phase, OnDate: *on, Note: note, ActorID: actorID(actor)}
		if err := s.db.Conn(ctx).Create(&ev).Error; err != nil {
			return fmt.Errorf("projects: history of %d: %w", id, err)
		}
		return s.acc.Record(ctx, actor, "project."+string(kind), "project", id, map[string]any{
			"before": map[string]any{"status": p.Status}, "after": map[string]any{"status": status}, "on": *on, "note": note})
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, id, false)
}

// History lists a project's phase events, oldest first.
func (s *Service) History(ctx context.Context, id int64) ([]PhaseEvent, error) {
	var out []PhaseEvent
	if err := s.db.Conn(ctx).Where("project_id = ?", id).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("projects: history of %d: %w", id, err)
	}
	return out, nil
}

// Step is one phase of a project's procedure as the project page shows it.
type Step struct {
	Phase   Phase
	Number  int
	Done    bool
	Current bool
}

// Steps lays out the project's procedure with where it stands.
func (p *Project) Steps() []Step {
	cur := PhaseIndex(p.Kind, p.Phase)
	out := make([]Step, 0, len(procedures[p.Kind]))
	for i, ph := range procedures[p.Kind] {
		out = append(out, Step{Phase: ph, Number: i + 1, Done: i < cur || (i == cur && p.Status == Completed), Current: i == cur})
	}
	return out
}

// NextPhase is the phase after the current one, or "" at the last.
func (p *Project) NextPhase() Phase {
	i := PhaseIndex(p.Kind, p.Phase)
	if i < 0 || i+1 >= len(procedures[p.Kind]) {
		return ""
	}
	return procedures[p.Kind][i+1]
}
