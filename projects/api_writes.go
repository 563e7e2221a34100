package projects

import (
	"context"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/web"
)

// The API's writes on the parts of a project: members, milestones, budget
// lines, disbursements, indicators and their values, reports.

type memberIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Email        string `json:"email,omitempty" maxLength:"254" doc:"E-mail of the person's account; or give name"`
		Name         string `json:"name,omitempty" maxLength:"200"`
		Role         string `json:"role,omitempty" maxLength:"200"`
		Organisation string `json:"organisation,omitempty" maxLength:"200"`
	}
}

type memberBody struct{ Body MemberOut }

func (h *Handler) apiAddMember(ctx context.Context, in *memberIn) (*memberBody, error) {
	m, err := h.svc.AddMember(ctx, accounts.ActorFrom(ctx), in.ID, MemberInput{Email: in.Body.Email, Name: in.Body.Name, Role: in.Body.Role, Organisation: in.Body.Organisation})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &memberBody{Body: MemberOut{ID: m.ID, UserID: m.UserID, Name: m.Name, Role: m.Role, Organisation: m.Organisation, Cohorts: []string{}}}, nil
}

type subIn struct {
	ID  int64 `path:"id" minimum:"1"`
	Sub int64 `path:"mid" minimum:"1"`
}

func (h *Handler) apiRemoveMember(ctx context.Context, in *subIn) (*struct{}, error) {
	if err := h.svc.RemoveMember(ctx, accounts.ActorFrom(ctx), in.ID, in.Sub); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

type milestoneIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Title string `json:"title" maxLength:"300"`
		DueOn string `json:"due_on" doc:"YYYY-MM-DD, within the project"`
	}
}

type milestoneBody struct{ Body MilestoneOut }

func (h *Handler) milestoneBody(m *Milestone) *milestoneBody {
	o := MilestoneOut{ID: m.ID, Title: m.Title, DueOn: string(m.DueOn), Overdue: m.Overdue(h.svc.Today())}
	if m.DoneOn != nil {
		o.DoneOn = string(*m.DoneOn)
	}
	return &milestoneBody{Body: o}
}

func (h *Handler) apiAddMilestone(ctx context.Context, in *milestoneIn) (*milestoneBody, error) {
	m, err := h.svc.AddMilestone(ctx, accounts.ActorFrom(ctx), in.ID, MilestoneInput{Title: in.Body.Title, DueOn: in.Body.DueOn})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.milestoneBody(m), nil
}

type milestoneDoneIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Sub  int64 `path:"mid" minimum:"1"`
	Body struct {
		DoneOn string `json:"done_on" doc:"YYYY-MM-DD"`
	}
}

func (h *Handler) apiMilestoneDone(ctx context.Context, in *milestoneDoneIn) (*milestoneBody, error) {
	m, err := h.svc.CompleteMilestone(ctx, accounts.ActorFrom(ctx), in.ID, in.Sub, in.Body.DoneOn)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.milestoneBody(m), nil
}

type lineIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Year     int    `json:"year" minimum:"1990" maximum:"2100"`
		Category string `json:"category" maxLength:"100"`
		Planned  int64  `json:"planned" minimum:"0" doc:"Minor units of the project's currency"`
	}
}

type lineBody struct{ Body BudgetLineOut }

func (h *Handler) apiAddLine(ctx context.Context, in *lineIn) (*lineBody, error) {
	l, err := h.svc.AddBudgetLine(ctx, accounts.ActorFrom(ctx), in.ID, BudgetLineInput{Year: in.Body.Year, Category: in.Body.Category, Planned: in.Body.Planned})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &lineBody{Body: BudgetLineOut{ID: l.ID, Year: l.Year, Category: l.Category, Planned: l.Planned, Disbursements: []DisbursementOut{}}}, nil
}

type disbursementIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		BudgetLineID int64  `json:"budget_line_id" minimum:"1"`
		PaidOn       string `json:"paid_on" doc:"YYYY-MM-DD, within the project"`
		Amount       int64  `json:"amount" minimum:"1" doc:"Minor units of the project's currency"`
		Note         string `json:"note,omitempty" maxLength:"1000"`
	}
}

type disbursementBody struct{ Body DisbursementOut }

func (h *Handler) apiAddDisbursement(ctx context.Context, in *disbursementIn) (*disbursementBody, error) {
	d, err := h.svc.AddDisbursement(ctx, accounts.ActorFrom(ctx), in.ID, DisbursementInput{BudgetLineID: in.Body.BudgetLineID, PaidOn: in.Body.PaidOn, Amount: in.Body.Amount, Note: in.Body.Note})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &disbursementBody{Body: DisbursementOut{ID: d.ID, PaidOn: string(d.PaidOn), Amount: d.Amount, Note: d.Note}}, nil
}

type indicatorIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Locale     string  `json:"locale,omitempty" maxLength:"5" doc:"Language of the title; the project's default when empty"`
		Title      string  `json:"title" maxLength:"300"`
		Unit       string  `json:"unit,omitempty" maxLength:"50"`
		Baseline   float64 `json:"baseline"`
		BaselineOn string  `json:"baseline_on" doc:"YYYY-MM-DD"`
		Target     float64 `json:"target"`
		TargetOn   string  `json:"target_on" doc:"YYYY-MM-DD"`
	}
}

type indicatorBody struct{ Body IndicatorOut }

func (h *Handler) apiAddIndicator(ctx context.Context, in *indicatorIn) (*indicatorBody, error) {
	b := in.Body
	ind, err := h.svc.AddIndicator(ctx, accounts.ActorFrom(ctx), in.ID, IndicatorInput{Locale: b.Locale, Title: b.Title, Unit: b.Unit,
		Baseline: num(b.Baseline), BaselineOn: b.BaselineOn, Target: num(b.Target), TargetOn: b.TargetOn})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	iv := IndicatorView{Indicator: *ind}
	return &indicatorBody{Body: indicatorOut(&iv, web.Localizer(ctx).Code(), b.Locale)}, nil
}

type valueIn struct {
	ID   int64 `path:"id" minimum:"1"`
	IID  int64 `path:"iid" minimum:"1"`
	Body struct {
		On    string  `json:"on" doc:"YYYY-MM-DD, within the project"`
		Value float64 `json:"value"`
		Note  string  `json:"note,omitempty" maxLength:"2000"`
	}
}

type valueBody struct{ Body ValueOut }

func (h *Handler) apiRecordValue(ctx context.Context, in *valueIn) (*valueBody, error) {
	v, err := h.svc.RecordValue(ctx, accounts.ActorFrom(ctx), in.ID, in.IID, ValueInput{On: in.Body.On, Value: num(in.Body.Value), Note: in.Body.Note})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &valueBody{Body: ValueOut{On: string(v.MeasuredOn), Value: v.Value, Note: v.Note}}, nil
}

type reportIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		PeriodStart string `json:"period_start" doc:"YYYY-MM-DD"`
		PeriodEnd   string `json:"period_end" doc:"YYYY-MM-DD"`
		Locale      string `json:"locale,omitempty" maxLength:"5"`
		Narrative   string `json:"narrative" maxLength:"50000"`
	}
}

type reportBody struct{ Body ReportOut }

func (h *Handler) apiCreateReport(ctx context.Context, in *reportIn) (*reportBody, error) {
	r, err := h.svc.CreateReport(ctx, accounts.ActorFrom(ctx), in.ID, ReportInput{PeriodStart: in.Body.PeriodStart, PeriodEnd: in.Body.PeriodEnd, Locale: in.Body.Locale, Narrative: in.Body.Narrative})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &reportBody{Body: reportOut(r)}, nil
}

type narrativeIn struct {
	ID     int64  `path:"id" minimum:"1"`
	RID    int64  `path:"rid" minimum:"1"`
	Locale string `path:"locale" maxLength:"5"`
	Body   struct {
		Narrative string `json:"narrative" maxLength:"50000"`
	}
}

func (h *Handler) apiNarrative(ctx context.Context, in *narrativeIn) (*reportBody, error) {
	if err := h.svc.SetNarrative(ctx, accounts.ActorFrom(ctx), in.ID, in.RID, in.Locale, in.Body.Narrative); err != nil {
		return nil, web.APIError(ctx, err)
	}
	r, err := h.svc.Report(ctx, in.ID, in.RID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &reportBody{Body: reportOut(r)}, nil
}

type reportIDIn struct {
	ID  int64 `path:"id" minimum:"1"`
	RID int64 `path:"rid" minimum:"1"`
}

func (h *Handler) apiReportMove(approve bool) func(ctx context.Context, in *reportIDIn) (*reportBody, error) {
	return func(ctx context.Context, in *reportIDIn) (*reportBody, error) {
		var r *Report
		var err error
		if approve {
			r, err = h.svc.Approve(ctx, accounts.ActorFrom(ctx), in.ID, in.RID)
		} else {
			r, err = h.svc.Submit(ctx, accounts.ActorFrom(ctx), in.ID, in.RID)
		}
		if err != nil {
			return nil, web.APIError(ctx, err)
		}
		return &reportBody{Body: reportOut(r)}, nil
	}
}

type dashboardBody struct{ Body *Dashboard }

func (h *Handler) apiDashboard(ctx context.Context, in *listIn) (*dashboardBody, error) {
	d, err := h.svc.Dashboard(ctx, in.filter())
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &dashboardBody{Body: d}, nil
}
