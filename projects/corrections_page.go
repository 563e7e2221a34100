package projects

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/baeum-lms/baeum/i18n"
)

// The pages that correct mistakes: each edit is the add form again,
// filled in with what was saved; each delete is a page that asks first
// and says what its button does.

func milestoneFields(*gin.Context, *Handler, *Project) []spec {
	return []spec{{name: "title", label: "form.title", typ: "text", opts: []string{"required"}},
		{name: "due_on", label: "form.project.due_on", typ: "date", opts: []string{"required"}}}
}

func budgetLineFields(*gin.Context, *Handler, *Project) []spec {
	return []spec{{name: "year", label: "form.project.year", typ: "number", opts: []string{"required"}},
		{name: "category", label: "form.project.category", typ: "text", opts: []string{"required", "hint=form.project.category_hint"}},
		{name: "planned", label: "form.project.planned", typ: "text", opts: []string{"required", "hint=form.project.amount_hint"}}}
}

func disbursementFields(c *gin.Context, h *Handler, p *Project) []spec {
	var lines []i18n.Option
	if b, err := h.svc.BudgetOf(c.Request.Context(), p.ID); err == nil {
		for _, r := range b.Rows {
			lines = append(lines, i18n.Option{Value: strconv.FormatInt(r.ID, 10), Label: r.LineLabel()})
		}
	}
	return []spec{{name: "budget_line_id", label: "form.project.budget_line", typ: "select", options: lines, blank: "form.choose"},
		{name: "paid_on", label: "form.project.paid_on", typ: "date", opts: []string{"required"}},
		{name: "amount", label: "form.project.amount", typ: "text", opts: []string{"required", "hint=form.project.amount_hint"}},
		{name: "note", label: "form.project.note", typ: "text"}}
}

func indicatorFields(*gin.Context, *Handler, *Project) []spec {
	return []spec{{name: "unit", label: "form.project.unit", typ: "text", opts: []string{"hint=form.project.unit_hint"}},
		{name: "baseline", label: "form.project.baseline", typ: "text", opts: []string{"required"}},
		{name: "baseline_on", label: "form.project.baseline_on", typ: "date", opts: []string{"required"}},
		{name: "target", label: "form.project.target", typ: "text", opts: []string{"required"}},
		{name: "target_on", label: "form.project.target_on", typ: "date", opts: []string{"required"}}}
}

func valueFields(*gin.Context, *Handler, *Project) []spec {
	return []spec{{name: "value", label: "form.project.value", typ: "text", opts: []string{"required", "hint=form.project.value_hint"}},
		{name: "note", label: "form.project.note", typ: "area"}}
}

// The things in the path, each loaded from the project in the path (an
// id of another project's thing is not found).

func pathMilestone(c *gin.Context, h *Handler, p *Project) (*Milestone, error) {
	id, _ := paramID(c, "mid")
	return h.svc.Milestone(c.Request.Context(), p.ID, id)
}

func pathLine(c *gin.Context, h *Handler, p *Project) (*BudgetLine, error) {
	id, _ := paramID(c, "lid")
	return h.svc.BudgetLine(c.Request.Context(), p.ID, id)
}

func pathDisbursement(c *gin.Context, h *Handler, p *Project) (*Disbursement, error) {
	id, _ := paramID(c, "did")
	return h.svc.Disbursement(c.Request.Context(), p.ID, id)
}

func pathIndicator(c *gin.Context, h *Handler, p *Project) (*Indicator, error) {
	id, _ := paramID(c, "iid")
	return h.svc.Indicator(c.Request.Context(), p.ID, id)
}

func pathValue(c *gin.Context, h *Handler, p *Project) (*Value, error) {
	id, _ := paramID(c, "iid")
	return h.svc.Value(c.Request.Context(), p.ID, id, c.Param("on"))
}

func indicatorURL(p *Project, iid int64) string {
	return projectURL(p, fmt.Sprintf("/indicators/%d", iid))
}

const deleteLead = "page.project.delete_lead"

// correctionEntries are the edits and deletes on one project, each at
// /projects/:id/<path>.
var correctionEntries = []entry{
	{
		path: "milestones/:mid/edit", title: "page.project_milestone_edit.title", submit: "page.project_milestone_edit.save",
		fields: milestoneFields,
		defaults: func(c *gin.Context, h *Handler, p *Project) (url.Values, error) {
			m, err := pathMilestone(c, h, p)
			if err != nil {
				return nil, err
			}
			return url.Values{"title": {m.Title}, "due_on": {string(m.DueOn)}}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			mid, _ := paramID(c, "mid")
			_, err := h.svc.UpdateMilestone(c.Request.Context(), actor(c), p.ID, mid, MilestoneInput{Title: f.Get("title"), DueOn: f.Get("due_on")})
			return projectURL(p, "#milestones"), "flash.project_milestone_saved", err
		},
	},
	{
		path: "milestones/:mid/delete", title: "page.project_milestone_delete.title", submit: "page.project_milestone_delete.save",
		lead: deleteLead, danger: true,
		args: func(c *gin.Context, h *Handler, p *Project) ([]any, error) {
			m, err := pathMilestone(c, h, p)
			if err != nil {
				return nil, err
			}
			return []any{"Title", m.Title}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, _ url.Values) (string, string, error) {
			mid, _ := paramID(c, "mid")
			return projectURL(p, "#milestones"), "flash.project_milestone_deleted", h.svc.DeleteMilestone(c.Request.Context(), actor(c), p.ID, mid)
		},
	},
	{
		path: "budget/:lid/edit", title: "page.project_budget_line_edit.title", submit: "page.project_budget_line_edit.save",
		fields: budgetLineFields,
		defaults: func(c *gin.Context, h *Handler, p *Project) (url.Values, error) {
			l, err := pathLine(c, h, p)
			if err != nil {
				return nil, err
			}
			return url.Values{"year": {strconv.Itoa(l.Year)}, "category": {l.Category}, "planned": {AmountInput(l.Planned, p.Currency)}}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			lid, _ := paramID(c, "lid")
			year, _ := strconv.Atoi(f.Get("year"))
			_, err := h.svc.UpdateBudgetLine(c.Request.Context(), actor(c), p.ID, lid, BudgetLineInput{Year: year, Category: f.Get("category"), PlannedText: f.Get("planned")})
			return projectURL(p, "#budget"), "flash.project_budget_line_saved", err
		},
	},
	{
		path: "budget/:lid/delete", title: "page.project_budget_line_delete.title", submit: "page.project_budget_line_delete.save",
		lead: deleteLead, danger: true,
		args: func(c *gin.Context, h *Handler, p *Project) ([]any, error) {
			l, err := pathLine(c, h, p)
			if err != nil {
				return nil, err
			}
			return []any{"Year", l.Year, "Category", l.Category}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, _ url.Values) (string, string, error) {
			lid, _ := paramID(c, "lid")
			return projectURL(p, "#budget"), "flash.project_budget_line_deleted", h.svc.DeleteBudgetLine(c.Request.Context(), actor(c), p.ID, lid)
		},
	},
	{
		path: "disbursements/:did/edit", title: "page.project_disbursement_edit.title", submit: "page.project_disbursement_edit.save",
		fields: disbursementFields,
		defaults: func(c *gin.Context, h *Handler, p *Project) (url.Values, error) {
			d, err := pathDisbursement(c, h, p)
			if err != nil {
				return nil, err
			}
			return url.Values{"budget_line_id": {strconv.FormatInt(d.BudgetLineID, 10)}, "paid_on": {string(d.PaidOn)},
				"amount": {AmountInput(d.Amount, p.Currency)}, "note": {d.Note}}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			did, _ := paramID(c, "did")
			line, _ := strconv.ParseInt(f.Get("budget_line_id"), 10, 64)
			if line == 0 {
				line = -1 // the empty choice is no line, not "keep the line"
			}
			_, err := h.svc.UpdateDisbursement(c.Request.Context(), actor(c), p.ID, did, DisbursementInput{BudgetLineID: line, PaidOn: f.Get("paid_on"), AmountText: f.Get("amount"), Note: f.Get("note")})
			return projectURL(p, "#budget"), "flash.project_disbursement_saved", err
		},
	},
	{
		path: "disbursements/:did/delete", title: "page.project_disbursement_delete.title", submit: "page.project_disbursement_delete.save",
		lead: deleteLead, danger: true,
		args: func(c *gin.Context, h *Handler, p *Project) ([]any, error) {
			d, err := pathDisbursement(c, h, p)
			if err != nil {
				return nil, err
			}
			return []any{"Amount", FormatAmount(d.Amount, p.Currency), "Date", string(d.PaidOn)}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, _ url.Values) (string, string, error) {
			did, _ := paramID(c, "did")
			return projectURL(p, "#budget"), "flash.project_disbursement_deleted", h.svc.DeleteDisbursement(c.Request.Context(), actor(c), p.ID, did)
		},
	},
	{
		path: "indicators/:iid/edit", title: "page.project_indicator_edit.title", submit: "page.project_indicator_edit.save",
		lead: "page.project_indicator_edit.lead", fields: indicatorFields,
		defaults: func(c *gin.Context, h *Handler, p *Project) (url.Values, error) {
			ind, err := pathIndicator(c, h, p)
			if err != nil {
				return nil, err
			}
			return url.Values{"unit": {ind.Unit}, "baseline": {num(ind.BaselineValue)}, "baseline_on": {string(ind.BaselineOn)},
				"target": {num(ind.TargetValue)}, "target_on": {string(ind.TargetOn)}}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			iid, _ := paramID(c, "iid")
			_, err := h.svc.UpdateIndicator(c.Request.Context(), actor(c), p.ID, iid, IndicatorInput{Unit: f.Get("unit"),
				Baseline: f.Get("baseline"), BaselineOn: f.Get("baseline_on"), Target: f.Get("target"), TargetOn: f.Get("target_on")})
			return indicatorURL(p, iid), "flash.project_indicator_saved", err
		},
	},
	{
		path: "indicators/:iid/delete", title: "page.project_indicator_delete.title", submit: "page.project_indicator_delete.save",
		lead: deleteLead, danger: true,
		args: func(c *gin.Context, h *Handler, p *Project) ([]any, error) {
			ind, err := pathIndicator(c, h, p)
			if err != nil {
				return nil, err
			}
			iv := IndicatorView{Indicator: *ind}
			return []any{"Title", iv.Title(loc(c).Code(), p.DefaultLocale).Text}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, _ url.Values) (string, string, error) {
			iid, _ := paramID(c, "iid")
			return projectURL(p, "#indicators"), "flash.project_indicator_deleted", h.svc.DeleteIndicator(c.Request.Context(), actor(c), p.ID, iid)
		},
	},
	{
		path: "indicators/:iid/values/:on/edit", title: "page.project_value_edit.title", submit: "page.project_value_edit.save",
		fields: valueFields,
		args: func(c *gin.Context, h *Handler, p *Project) ([]any, error) {
			v, err := pathValue(c, h, p)
			if err != nil {
				return nil, err
			}
			return []any{"Date", string(v.MeasuredOn)}, nil
		},
		defaults: func(c *gin.Context, h *Handler, p *Project) (url.Values, error) {
			v, err := pathValue(c, h, p)
			if err != nil {
				return nil, err
			}
			return url.Values{"value": {num(v.Value)}, "note": {v.Note}}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			iid, _ := paramID(c, "iid")
			_, err := h.svc.UpdateValue(c.Request.Context(), actor(c), p.ID, iid, c.Param("on"), ValueInput{Value: f.Get("value"), Note: f.Get("note")})
			return indicatorURL(p, iid), "flash.project_value_saved", err
		},
	},
	{
		path: "indicators/:iid/values/:on/delete", title: "page.project_value_delete.title", submit: "page.project_value_delete.save",
		lead: deleteLead, danger: true,
		args: func(c *gin.Context, h *Handler, p *Project) ([]any, error) {
			v, err := pathValue(c, h, p)
			if err != nil {
				return nil, err
			}
			return []any{"Date", string(v.MeasuredOn)}, nil
		},
		save: func(c *gin.Context, h *Handler, p *Project, _ url.Values) (string, string, error) {
			iid, _ := paramID(c, "iid")
			return indicatorURL(p, iid), "flash.project_value_deleted", h.svc.DeleteValue(c.Request.Context(), actor(c), p.ID, iid, c.Param("on"))
		},
	},
	{
		path: "reports/:rid/return", title: "page.project_report_return.title", submit: "page.project_report_return.save",
		lead: "page.project_report_return.lead",
		fields: func(*gin.Context, *Handler, *Project) []spec {
			return []spec{{name: "reason", label: "form.project.return_reason", typ: "area", opts: []string{"required"}}}
		},
		args: func(c *gin.Context, h *Handler, p *Project) ([]any, error) {
			rid, _ := paramID(c, "rid")
			_, err := h.svc.Report(c.Request.Context(), p.ID, rid)
			return nil, err
		},
		save: func(c *gin.Context, h *Handler, p *Project, f url.Values) (string, string, error) {
			rid, _ := paramID(c, "rid")
			_, err := h.svc.ReturnToDraft(c.Request.Context(), actor(c), p.ID, rid, f.Get("reason"))
			return projectURL(p, fmt.Sprintf("/reports/%d", rid)), "flash.project_report_returned", err
		},
	},
}
