package enrollment

import (
	"context"
	"strconv"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/web"
)

// SessionOut is a class session.
type SessionOut struct {
	ID       int64     `json:"id"`
	CohortID int64     `json:"cohort_id"`
	StartsAt time.Time `json:"starts_at"`
	Topic    string    `json:"topic"`
}

type sessionsOut struct {
	Body struct {
		Sessions []SessionOut `json:"sessions"`
	}
}

func (h *Handler) apiSessions(ctx context.Context, in *cohortIDIn) (*sessionsOut, error) {
	if _, err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	list, err := h.svc.Sessions(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &sessionsOut{}
	out.Body.Sessions = make([]SessionOut, len(list))
	for i, s := range list {
		out.Body.Sessions[i] = SessionOut{ID: s.ID, CohortID: s.CohortID, StartsAt: s.StartsAt, Topic: s.Topic}
	}
	return out, nil
}

type sessionCreateIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		StartsAt string `json:"starts_at" doc:"YYYY-MM-DDTHH:MM, UTC"`
		Topic    string `json:"topic" maxLength:"200"`
	}
}

type sessionBody struct {
	Body SessionOut
}

func (h *Handler) apiAddSession(ctx context.Context, in *sessionCreateIn) (*sessionBody, error) {
	if _, err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	s, err := h.svc.AddSession(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.StartsAt, in.Body.Topic)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &sessionBody{Body: SessionOut{ID: s.ID, CohortID: s.CohortID, StartsAt: s.StartsAt, Topic: s.Topic}}, nil
}

type attendanceIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Marks map[string]Mark `json:"marks" doc:"Enrolment id → present, late, absent or excused"`
	}
}

func (h *Handler) apiAttendance(ctx context.Context, in *attendanceIn) (*struct{}, error) {
	s, err := h.svc.Session(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	if _, err := h.svc.ManagedCohort(ctx, accounts.CurrentUser(ctx), s.CohortID); err != nil {
		return nil, web.APIError(ctx, ErrSessionNotFound)
	}
	marks := make(map[int64]Mark, len(in.Body.Marks))
	for k, m := range in.Body.Marks {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			return nil, web.APIError(ctx, fieldError("marks", "error.attendance.foreign"))
		}
		marks[id] = m
	}
	if err := h.svc.MarkAttendance(ctx, accounts.ActorFrom(ctx), in.ID, marks); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}
