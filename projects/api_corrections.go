package projects

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/web"
)

// The API's corrections: change or delete milestones, budget lines,
// disbursements, indicators and their values; return a submitted report
// to draft.

type milestoneUpdateIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Sub  int64 `path:"mid" minimum:"1"`
	Body struct {
		Title string `json:"title" maxLength:"300"`
		DueOn string `json:"due_on" doc:"YYYY-MM-DD, within the project"`
	}
}

func (h *Handler) apiUpdateMilestone(ctx context.Context, in *milestoneUpdateIn) (*milestoneBody, error) {
	m, err := h.svc.UpdateMilestone(ctx, accounts.ActorFrom(ctx), in.ID, in.Sub, MilestoneInput{Title: in.Body.Title, DueOn: in.Body.DueOn})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.milestoneBody(m), nil
}

func (h *Handler) apiDeleteMilestone(ctx context.Context, in *subIn) (*struct{}, error) {
	if err := h.svc.DeleteMilestone(ctx, accounts.ActorFrom(ctx), in.ID, in.Sub); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

type lineIDIn struct {
	ID  int64 `path:"id" minimum:"1"`
	LID int64 `path:"lid" minimum:"1"`
}

type lineUpdateIn struct {
	ID   int64 `path:"id" minimum:"1"`
	LID  int64 `path:"lid" minimum:"1"`
	Body struct {
		Year     int    `json:"year" minimum:"1990" maximum:"2100"`
		Category string `json:"category" maxLength:"100"`
		Planned  int64  `json:"planned" minimum:"0" doc:"Minor units of the project's currency"`
	}
}

// lineOut is a budget line with what was paid against it.
func (h *Handler) lineOut(ctx context.Context, projectID, lineID int64) (*lineBody, error) {
	b, err := h.svc.BudgetOf(ctx, projectID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	for _, r := range b.Rows {
		if r.ID == lineID {
			o := BudgetLineOut{ID: r.ID, Year: r.Year, Category: r.Category, Planned: r.Planned, Disbursed: r.Disbursed, Disbursements: []DisbursementOut{}}
			for _, d := range r.Disbursements {
				o.Disbursements = append(o.Disbursements, DisbursementOut{ID: d.ID, PaidOn: string(d.PaidOn), Amount: d.Amount, Note: d.Note})
			}
			return &lineBody{Body: o}, nil
		}
	}
	return nil, web.APIError(ctx, ErrLineNotFound)
}

func (h *Handler) apiUpdateLine(ctx context.Context, in *lineUpdateIn) (*lineBody, error) {
	if _, err := h.svc.UpdateBudgetLine(ctx, accounts.ActorFrom(ctx), in.ID, in.LID, BudgetLineInput{Year: in.Body.Year, Category: in.Body.Category, Planned: in.Body.Planned}); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return h.lineOut(ctx, in.ID, in.LID)
}

func (h *Handler) apiDeleteLine(ctx context.Context, in *lineIDIn) (*struct{}, error) {
	if err := h.svc.DeleteBudgetLine(ctx, accounts.ActorFrom(ctx), in.ID, in.LID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

type disbursementIDIn struct {
	ID  int64 `path:"id" minimum:"1"`
	DID int64 `path:"did" minimum:"1"`
}

type disbursementUpdateIn struct {
	ID   int64 `path:"id" minimum:"1"`
	DID  int64 `path:"did" minimum:"1"`
	Body struct {
		BudgetLineID int64  `json:"budget_line_id,omitempty" minimum:"0" doc:"Move the payment to this line of the project; 0 or absent keeps its line"`
		PaidOn       string `json:"paid_on" doc:"YYYY-MM-DD, within the project"`
		Amount       int64  `json:"amount" minimum:"1" doc:"Minor units of the project's currency"`
		Note         string `json:"note,omitempty" maxLength:"1000"`
	}
}

func (h *Handler) apiUpdateDisbursement(ctx context.Context, in *disbursementUpdateIn) (*disbursementBody, error) {
	b := in.Body
	d, err := h.svc.UpdateDisbursement(ctx, accounts.ActorFrom(ctx), in.ID, in.DID, DisbursementInput{BudgetLineID: b.BudgetLineID, PaidOn: b.PaidOn, Amount: b.Amount, Note: b.Note})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &disbursementBody{Body: DisbursementOut{ID: d.ID, PaidOn: string(d.PaidOn), Amount: d.Amount, Note: d.Note}}, nil
}

func (h *Handler) apiDeleteDisbursement(ctx context.Context, in *disbursementIDIn) (*struct{}, error) {
	if err := h.svc.DeleteDisbursement(ctx, accounts.ActorFrom(ctx), in.ID, in.DID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

type indicatorIDIn struct {
	ID  int64 `path:"id" minimum:"1"`
	IID int64 `path:"iid" minimum:"1"`
}

type indicatorUpdateIn struct {
	ID   int64 `path:"id" minimum:"1"`
	IID  int64 `path:"iid" minimum:"1"`
	Body struct {
		Unit       string  `json:"unit,omitempty" maxLength:"50"`
		Baseline   float64 `json:"baseline"`
		BaselineOn string  `json:"baseline_on" doc:"YYYY-MM-DD"`
		Target     float64 `json:"target"`
		TargetOn   string  `json:"target_on" doc:"YYYY-MM-DD"`
	}
}

func (h *Handler) apiUpdateIndicator(ctx context.Context, in *indicatorUpdateIn) (*indicatorBody, error) {
	b := in.Body
	if _, err := h.svc.UpdateIndicator(ctx, accounts.ActorFrom(ctx), in.ID, in.IID, IndicatorInput{Unit: b.Unit,
		Baseline: num(b.Baseline), BaselineOn: b.BaselineOn, Target: num(b.Target), TargetOn: b.TargetOn}); err != nil {
		return nil, web.APIError(ctx, err)
	}
	p, err := h.apiProject(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	list, err := h.svc.Indicators(ctx, in.ID)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	for i := range list {
		if list[i].ID == in.IID {
			return &indicatorBody{Body: indicatorOut(&list[i], web.Localizer(ctx).Code(), p.DefaultLocale)}, nil
		}
	}
	return nil, web.APIError(ctx, ErrIndicatorNotFound)
}

func (h *Handler) apiDeleteIndicator(ctx context.Context, in *indicatorIDIn) (*struct{}, error) {
	if err := h.svc.DeleteIndicator(ctx, accounts.ActorFrom(ctx), in.ID, in.IID); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

type valueKeyIn struct {
	ID  int64  `path:"id" minimum:"1"`
	IID int64  `path:"iid" minimum:"1"`
	On  string `path:"on" maxLength:"10" doc:"YYYY-MM-DD, the date the value was measured"`
}

type valueUpdateIn struct {
	ID   int64  `path:"id" minimum:"1"`
	IID  int64  `path:"iid" minimum:"1"`
	On   string `path:"on" maxLength:"10" doc:"YYYY-MM-DD, the date the value was measured"`
	Body struct {
		Value float64 `json:"value"`
		Note  string  `json:"note,omitempty" maxLength:"2000"`
	}
}

func (h *Handler) apiUpdateValue(ctx context.Context, in *valueUpdateIn) (*valueBody, error) {
	v, err := h.svc.UpdateValue(ctx, accounts.ActorFrom(ctx), in.ID, in.IID, in.On, ValueInput{Value: num(in.Body.Value), Note: in.Body.Note})
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &valueBody{Body: ValueOut{On: string(v.MeasuredOn), Value: v.Value, Note: v.Note}}, nil
}

func (h *Handler) apiDeleteValue(ctx context.Context, in *valueKeyIn) (*struct{}, error) {
	if err := h.svc.DeleteValue(ctx, accounts.ActorFrom(ctx), in.ID, in.IID, in.On); err != nil {
		return nil, web.APIError(ctx, err)
	}
	return nil, nil
}

type reportReturnIn struct {
	ID   int64 `path:"id" minimum:"1"`
	RID  int64 `path:"rid" minimum:"1"`
	Body struct {
		Reason string `json:"reason" maxLength:"2000" doc:"Why the report goes back; required"`
	}
}

func (h *Handler) apiReturnReport(ctx context.Context, in *reportReturnIn) (*reportBody, error) {
	r, err := h.svc.ReturnToDraft(ctx, accounts.ActorFrom(ctx), in.ID, in.RID, in.Body.Reason)
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &reportBody{Body: reportOut(r)}, nil
}

// registerCorrections adds the corrections under /api/v1/projects/{id}.
func (h *Handler) registerCorrections(api huma.API, op func(id, method, path, summary string, mw huma.Middlewares, status int) huma.Operation, staff huma.Middlewares, one string) {
	del := http.StatusNoContent
	huma.Register(api, op("update-milestone", http.MethodPut, one+"/milestones/{mid}", "Correct a milestone's title and due date (staff)", staff, 0), h.apiUpdateMilestone)
	huma.Register(api, op("delete-milestone", http.MethodDelete, one+"/milestones/{mid}", "Delete a milestone added by mistake (staff)", staff, del), h.apiDeleteMilestone)
	huma.Register(api, op("update-budget-line", http.MethodPut, one+"/budget-lines/{lid}", "Correct a budget line's year, category and plan (staff)", staff, 0), h.apiUpdateLine)
	huma.Register(api, op("delete-budget-line", http.MethodDelete, one+"/budget-lines/{lid}",
		"Delete a budget line; refused (409) while it has disbursements (staff)", staff, del), h.apiDeleteLine)
	huma.Register(api, op("update-disbursement", http.MethodPut, one+"/disbursements/{did}", "Correct a payment: date, amount, note, line (staff)", staff, 0), h.apiUpdateDisbursement)
	huma.Register(api, op("delete-disbursement", http.MethodDelete, one+"/disbursements/{did}", "Delete a payment recorded by mistake (staff)", staff, del), h.apiDeleteDisbursement)
	huma.Register(api, op("update-indicator", http.MethodPut, one+"/indicators/{iid}",
		"Correct an indicator's unit, baseline and target; titles are set per locale (staff)", staff, 0), h.apiUpdateIndicator)
	huma.Register(api, op("delete-indicator", http.MethodDelete, one+"/indicators/{iid}",
		"Delete an indicator; refused (409) while it has values (staff)", staff, del), h.apiDeleteIndicator)
	huma.Register(api, op("update-indicator-value", http.MethodPut, one+"/indicators/{iid}/values/{on}",
		"Correct the value measured on a date (staff)", staff, 0), h.apiUpdateValue)
	huma.Register(api, op("delete-indicator-value", http.MethodDelete, one+"/indicators/{iid}/values/{on}",
		"Delete the value measured on a date (staff)", staff, del), h.apiDeleteValue)
	huma.Register(api, op("return-report", http.MethodPost, one+"/reports/{rid}/return",
		"Return a submitted report to draft, with a reason; approved reports stay approved (staff)", staff, 0), h.apiReturnReport)
}
