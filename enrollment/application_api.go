package enrollment

import (
	"context"
	"time"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/web"
)

// ApplicationOut is an application as the API shows it.
type ApplicationOut struct {
	ID           int64      `json:"id"`
	CohortID     int64      `json:"cohort_id"`
	UserID       int64      `json:"user_id"`
	Email        string     `json:"email,omitempty"`
	Name         string     `json:"name,omitempty"`
	Status       AppStatus  `json:"status"`
	Reason       string     `json:"reason,omitempty" doc:"Message id of the rejection reason"`
	ReasonText   string     `json:"reason_text,omitempty" doc:"The reason in the caller's language"`
	Note         string     `json:"note,omitempty"`
	NominatedBy  *int64     `json:"nominated_by,omitempty"`
	WaitlistedAt *time.Time `json:"waitlisted_at,omitempty"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
}

func appOut(ctx context.Context, a *Application) ApplicationOut {
	o := ApplicationOut{ID: a.ID, CohortID: a.CohortID, UserID: a.UserID, Status: a.Status, Reason: a.Reason, Note: a.Note,
		NominatedBy: a.NominatedBy, WaitlistedAt: a.WaitlistedAt, DecidedAt: a.DecidedAt, CreatedAt: a.CreatedAt}
	if a.Reason != "" {
		o.ReasonText = web.Localizer(ctx).T(a.Reason)
	}
	return o
}

type applicationsOut struct {
	Body struct {
		Applications []ApplicationOut `json:"applications"`
	}
}

type cohortApplicationsIn struct {
	ID      int64  `path:"id" minimum:"1"`
	Q       string `query:"q" maxLength:"200" doc:"Words in the applicant's name, native name, e-mail or organisation"`
	Status  string `query:"status" enum:"applied,waitlisted,accepted,rejected,withdrawn,awaiting," doc:"Only applications in this state; awaiting: applied or waitlisted"`
	Page    int    `query:"page" minimum:"1" default:"1"`
	PerPage int    `query:"per_page" minimum:"1" maximum:"200" default:"50"`
}

type cohortApplicationsOut struct {
	Body struct {
		Applications []ApplicationOut `json:"applications"`
		Total        int64            `json:"total" doc:"Applications the filters keep, on every page"`
		Page         int              `json:"page"`
		PerPage      int              `json:"per_page"`
	}
}

func (h *Handler) apiApplications(ctx context.Context, in *cohortApplicationsIn) (*cohortApplicationsOut, error) {
	if _, err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	f := ApplicationFilter{Search: web.ParseSearch(in.Q), Page: web.PageRequest{Page: in.Page, PerPage: in.PerPage}}
	if in.Status == awaitingFilter {
		f.Awaiting = true
	} else {
		f.Status = AppStatus(in.Status)
	}
	list, err := h.svc.ApplicationsPage(ctx, in.ID, f)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &cohortApplicationsOut{}
	out.Body.Applications = make([]ApplicationOut, len(list.Applications))
	for i := range list.Applications {
		o := appOut(ctx, &list.Applications[i].Application)
		o.Email, o.Name = list.Applications[i].Email, list.Applications[i].Name
		out.Body.Applications[i] = o
	}
	out.Body.Total, out.Body.Page, out.Body.PerPage = list.Total, list.Page.Page, list.Page.PerPage
	return out, nil
}

func (h *Handler) apiMyApplications(ctx context.Context, _ *struct{}) (*applicationsOut, error) {
	list, err := h.svc.MyApplications(ctx, accounts.CurrentUser(ctx).ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	out := &applicationsOut{}
	out.Body.Applications = make([]ApplicationOut, len(list))
	for i := range list {
		out.Body.Applications[i] = appOut(ctx, &list[i])
	}
	return out, nil
}

type applyIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Email string `json:"email,omitempty" maxLength:"254" doc:"Nominate this person (coordinators in charge); empty applies yourself"`
		Note  string `json:"note,omitempty" maxLength:"2000"`
	}
}

type applicationBody struct {
	Body ApplicationOut
}

func (h *Handler) apiApply(ctx context.Context, in *applyIn) (*applicationBody, error) {
	actor := accounts.ActorFrom(ctx)
	var a *Application
	var err error
	if in.Body.Email != "" {
		a, err = h.svc.Nominate(ctx, actor, in.ID, in.Body.Email, in.Body.Note)
	} else {
		a, err = h.svc.ApplySelf(ctx, actor, in.ID, in.Body.Note)
	}
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &applicationBody{Body: appOut(ctx, a)}, nil
}

type decideIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Decision Decision `json:"decision" enum:"accept,waitlist,reject,withdraw"`
		Reason   string   `json:"reason,omitempty" enum:"reason.capacity,reason.eligibility,reason.documents,reason.schedule,reason.other," doc:"Required to reject"`
	}
}

func (h *Handler) apiDecide(ctx context.Context, in *decideIn) (*applicationBody, error) {
	out, err := h.svc.Decide(ctx, accounts.ActorFrom(ctx), in.ID, in.Body.Decision, in.Body.Reason)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &applicationBody{Body: appOut(ctx, out)}, nil
}

func (h *Handler) apiPromote(ctx context.Context, in *cohortIDIn) (*applicationBody, error) {
	if _, err := h.apiManaged(ctx, in.ID); err != nil {
		return nil, err
	}
	a, err := h.svc.PromoteNext(ctx, accounts.ActorFrom(ctx), in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &applicationBody{Body: appOut(ctx, a)}, nil
}
