package projects

import (
	"context"
	"time"

	"github.com/baeum-lms/baeum/web"
)

// RecordOut is a project's full record.
type RecordOut struct {
	ProjectOut
	History    []EventOut     `json:"history"`
	Members    []MemberOut    `json:"members"`
	Milestones []MilestoneOut `json:"milestones"`
	Spending   BudgetOut      `json:"spending" doc:"Budget lines with what was planned and disbursed"`
	Indicators []IndicatorOut `json:"indicators"`
	Reports    []ReportOut    `json:"reports"`
}

// EventOut is one entry of the phase history.
type EventOut struct {
	Kind   EventKind `json:"kind"`
	From   Phase     `json:"from,omitempty"`
	To     Phase     `json:"to"`
	On     string    `json:"on" format:"date"`
	Note   string    `json:"note,omitempty"`
	Reason string    `json:"reason,omitempty"`
}

// MemberOut is a person in a project with the cohorts they trained in.
type MemberOut struct {
	ID           int64    `json:"id"`
	UserID       *int64   `json:"user_id,omitempty"`
	Name         string   `json:"name"`
	Role         string   `json:"role,omitempty"`
	Organisation string   `json:"organisation,omitempty"`
	Cohorts      []string `json:"cohorts" doc:"Codes of the cohorts the person trained in"`
}

// MilestoneOut is a milestone.
type MilestoneOut struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	DueOn   string `json:"due_on" format:"date"`
	DoneOn  string `json:"done_on,omitempty"`
	Overdue bool   `json:"overdue"`
}

// BudgetOut is the budget with planned and disbursed totals in minor units.
type BudgetOut struct {
	Currency  string          `json:"currency"`
	Planned   int64           `json:"planned"`
	Disbursed int64           `json:"disbursed"`
	Lines     []BudgetLineOut `json:"lines"`
}

// BudgetLineOut is one budget line with its payments.
type BudgetLineOut struct {
	ID            int64             `json:"id"`
	Year          int               `json:"year"`
	Category      string            `json:"category"`
	Planned       int64             `json:"planned"`
	Disbursed     int64             `json:"disbursed"`
	Disbursements []DisbursementOut `json:"disbursements"`
}

// DisbursementOut is one payment.
type DisbursementOut struct {
	ID     int64  `json:"id"`
	PaidOn string `json:"paid_on" format:"date"`
	Amount int64  `json:"amount"`
	Note   string `json:"note,omitempty"`
}

// IndicatorOut is a results indicator with its values and progress.
type IndicatorOut struct {
	ID         int64             `json:"id"`
	Title      string            `json:"title"`
	Titles     map[string]string `json:"titles"`
	Unit       string            `json:"unit,omitempty"`
	Baseline   float64           `json:"baseline"`
	BaselineOn string            `json:"baseline_on" format:"date"`
	Target     float64           `json:"target"`
	TargetOn   string            `json:"target_on" format:"date"`
	Progress   *float64          `json:"progress,omitempty" doc:"Percent of the way from baseline to target at the latest value"`
	Values     []ValueOut        `json:"values"`
}

// ValueOut is one actual value.
type ValueOut struct {
	On    string  `json:"on" format:"date"`
	Value float64 `json:"value"`
	Note  string  `json:"note,omitempty"`
}

// ReportOut is a periodic report.
type ReportOut struct {
	ID          int64             `json:"id"`
	PeriodStart string            `json:"period_start" format:"date"`
	PeriodEnd   string            `json:"period_end" format:"date"`
	Status      ReportStatus      `json:"status"`
	Narratives  map[string]string `json:"narratives"`
	SubmittedAt *time.Time        `json:"submitted_at,omitempty"`
	ApprovedAt  *time.Time        `json:"approved_at,omitempty"`
}

func reportOut(r *Report) ReportOut {
	o := ReportOut{ID: r.ID, PeriodStart: string(r.PeriodStart), PeriodEnd: string(r.PeriodEnd), Status: r.Status,
		Narratives: map[string]string{}, SubmittedAt: r.SubmittedAt, ApprovedAt: r.ApprovedAt}
	for _, t := range r.Translations {
		o.Narratives[t.Locale] = t.Narrative
	}
	return o
}

func indicatorOut(iv *IndicatorView, locale, defaultLocale string) IndicatorOut {
	o := IndicatorOut{ID: iv.ID, Title: iv.Title(locale, defaultLocale).Text, Titles: map[string]string{}, Unit: iv.Unit,
		Baseline: iv.BaselineValue, BaselineOn: string(iv.BaselineOn), Target: iv.TargetValue, TargetOn: string(iv.TargetOn),
		Progress: iv.Progress, Values: []ValueOut{}}
	for _, t := range iv.Translations {
		o.Titles[t.Locale] = t.Title
	}
	for _, v := range iv.Values {
		o.Values = append(o.Values, ValueOut{On: string(v.MeasuredOn), Value: v.Value, Note: v.Note})
	}
	return o
}

// Record loads everything about a project, with texts for a reader of
// locale: for the API's full record and the exports. The caller has
// checked that the reader may see p.
func (s *Service) Record(ctx context.Context, p *Project, locale string) (*RecordOut, error) {
	out := &RecordOut{ProjectOut: projectOut(ctx, p), History: []EventOut{}, Members: []MemberOut{}, Milestones: []MilestoneOut{},
		Indicators: []IndicatorOut{}, Reports: []ReportOut{}}
	hist, err := s.History(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range hist {
		out.History = append(out.History, EventOut{Kind: e.Kind, From: e.FromPhase, To: e.ToPhase, On: string(e.OnDate), Note: e.Note, Reason: e.Reason})
	}
	ms, err := s.Members(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		mo := MemberOut{ID: m.ID, UserID: m.UserID, Name: m.Name, Role: m.Role, Organisation: m.Organisation, Cohorts: []string{}}
		for _, c := range m.Cohorts {
			mo.Cohorts = append(mo.Cohorts, c.Code)
		}
		out.Members = append(out.Members, mo)
	}
	mss, err := s.Milestones(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	for _, m := range mss {
		mo := MilestoneOut{ID: m.ID, Title: m.Title, DueOn: string(m.DueOn), Overdue: m.Overdue(today)}
		if m.DoneOn != nil {
			mo.DoneOn = string(*m.DoneOn)
		}
		out.Milestones = append(out.Milestones, mo)
	}
	b, err := s.BudgetOf(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	out.Spending = BudgetOut{Currency: p.Currency, Planned: b.Planned, Disbursed: b.Disbursed, Lines: []BudgetLineOut{}}
	for _, r := range b.Rows {
		lo := BudgetLineOut{ID: r.ID, Year: r.Year, Category: r.Category, Planned: r.Planned, Disbursed: r.Disbursed, Disbursements: []DisbursementOut{}}
		for _, d := range r.Disbursements {
			lo.Disbursements = append(lo.Disbursements, DisbursementOut{ID: d.ID, PaidOn: string(d.PaidOn), Amount: d.Amount, Note: d.Note})
		}
		out.Spending.Lines = append(out.Spending.Lines, lo)
	}
	inds, err := s.Indicators(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for i := range inds {
		out.Indicators = append(out.Indicators, indicatorOut(&inds[i], locale, p.DefaultLocale))
	}
	reps, err := s.Reports(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for i := range reps {
		out.Reports = append(out.Reports, reportOut(&reps[i]))
	}
	return out, nil
}

type recordBody struct{ Body *RecordOut }

func (h *Handler) apiRecord(ctx context.Context, in *idIn) (*recordBody, error) {
	p, err := h.apiProject(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	rec, err := h.svc.Record(ctx, p, web.Localizer(ctx).Code())
	if err != nil {
		return nil, web.APIError(ctx, err)
	}
	return &recordBody{Body: rec}, nil
}
