package projects_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

// lastAudit is the newest audit entry of a project with an action; it
// fails the test when there is none.
func lastAudit(t *testing.T, e *env, projectID int64, action string) accounts.AuditEntry {
	t.Helper()
	entries, _, err := e.acc.ListAudit(context.Background(), accounts.AuditFilter{EntityType: "project", EntityID: projectID})
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		if en.Action == action {
			if en.ActorID == nil || *en.ActorID != e.staff.ID {
				t.Errorf("%s: actor %v, want %d", action, en.ActorID, e.staff.ID)
			}
			return en
		}
	}
	t.Fatalf("no %s in the audit log", action)
	return accounts.AuditEntry{}
}

func wantDetail(t *testing.T, en accounts.AuditEntry, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(en.Detail, p) {
			t.Errorf("%s detail %s lacks %s", en.Action, en.Detail, p)
		}
	}
}

func TestCorrectMilestone(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-CM"))
		other := e.create(t, village("LA-CO"))
		m, err := e.svc.AddMilestone(ctx, e.actor, p.ID, projects.MilestoneInput{Title: "Vilage hall", DueOn: "2021-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.UpdateMilestone(ctx, e.actor, p.ID, m.ID, projects.MilestoneInput{Title: " ", DueOn: "2031-01-01"})
		wantFields(t, err, "title", "due_on")
		if _, err := e.svc.UpdateMilestone(ctx, e.actor, other.ID, m.ID, projects.MilestoneInput{Title: "x", DueOn: "2021-01-01"}); !errors.Is(err, projects.ErrMilestoneNotFound) {
			t.Errorf("another project's milestone: %v", err)
		}
		if got, _ := e.svc.Milestone(ctx, p.ID, m.ID); got.Title != "Vilage hall" || got.DueOn != "2021-06-30" {
			t.Errorf("bad input changed the milestone: %+v", got)
		}
		if n := auditCount(t, db, "project.milestone.update"); n != 0 {
			t.Errorf("%d audit entries for bad input", n)
		}
		got, err := e.svc.UpdateMilestone(ctx, e.actor, p.ID, m.ID, projects.MilestoneInput{Title: "Village hall", DueOn: "2021-09-30"})
		if err != nil || got.Title != "Village hall" || got.DueOn != "2021-09-30" {
			t.Fatalf("update: %+v %v", got, err)
		}
		ms, _ := e.svc.Milestones(ctx, p.ID)
		if len(ms) != 1 || ms[0].Title != "Village hall" || ms[0].DueOn != "2021-09-30" {
			t.Errorf("milestones after update %+v", ms)
		}
		wantDetail(t, lastAudit(t, e, p.ID, "project.milestone.update"), `"before":{"due_on":"2021-06-30","title":"Vilage hall"}`, `"after":{"due_on":"2021-09-30","title":"Village hall"}`)
		if err := e.svc.DeleteMilestone(ctx, e.actor, other.ID, m.ID); !errors.Is(err, projects.ErrMilestoneNotFound) {
			t.Errorf("delete through another project: %v", err)
		}
		if err := e.svc.DeleteMilestone(ctx, e.actor, p.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		if n := storetest.Count(t, db, "project_milestones"); n != 0 {
			t.Errorf("%d milestones after delete", n)
		}
		wantDetail(t, lastAudit(t, e, p.ID, "project.milestone.delete"), `"before":{`, `"title":"Village hall"`)
		if err := e.svc.DeleteMilestone(ctx, e.actor, p.ID, m.ID); !errors.Is(err, projects.ErrMilestoneNotFound) {
			t.Errorf("delete twice: %v", err)
		}
	})
}

func TestCorrectBudget(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-CB"))
		line, err := e.svc.AddBudgetLine(ctx, e.actor, p.ID, projects.BudgetLineInput{Year: 2021, Category: "Infrastructure", PlannedText: "10000"})
		if err != nil {
			t.Fatal(err)
		}
		train, err := e.svc.AddBudgetLine(ctx, e.actor, p.ID, projects.BudgetLineInput{Year: 2022, Category: "Training", PlannedText: "5000"})
		if err != nil {
			t.Fatal(err)
		}
		// The create rules hold: the project's years, an amount, one line per year and category.
		_, err = e.svc.UpdateBudgetLine(ctx, e.actor, p.ID, line.ID, projects.BudgetLineInput{Year: 2030, Category: "", PlannedText: "-1"})
		wantFields(t, err, "year", "category", "planned")
		_, err = e.svc.UpdateBudgetLine(ctx, e.actor, p.ID, line.ID, projects.BudgetLineInput{Year: 2022, Category: "Training", PlannedText: "1"})
		wantFields(t, err, "category")
		if got, _ := e.svc.BudgetLine(ctx, p.ID, line.ID); got.Year != 2021 || got.Category != "Infrastructure" || got.Planned != 1000000 {
			t.Errorf("bad input changed the line: %+v", got)
		}
		if n := auditCount(t, db, "project.budget_line.update"); n != 0 {
			t.Errorf("%d audit entries for bad input", n)
		}
		got, err := e.svc.UpdateBudgetLine(ctx, e.actor, p.ID, line.ID, projects.BudgetLineInput{Year: 2021, Category: "Infrastructure", PlannedText: "12000"})
		if err != nil || got.Planned != 1200000 {
			t.Fatalf("update line: %+v %v", got, err)
		}
		wantDetail(t, lastAudit(t, e, p.ID, "project.budget_line.update"), `"before":{"category":"Infrastructure","planned":1000000,"year":2021}`, `"after":{"category":"Infrastructure","planned":1200000,"year":2021}`)

		// A wrongly typed disbursement is corrected; the totals follow.
		d, err := e.svc.AddDisbursement(ctx, e.actor, p.ID, projects.DisbursementInput{BudgetLineID: line.ID, PaidOn: "2021-05-01", AmountText: "25000"})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			in    projects.DisbursementInput
			field string
		}{
			{projects.DisbursementInput{PaidOn: "2021-05-01", AmountText: "0"}, "amount"},
			{projects.DisbursementInput{PaidOn: "2021-05-01", AmountText: "12.345"}, "amount"},
			{projects.DisbursementInput{PaidOn: "2019-05-01", AmountText: "5"}, "paid_on"},
			{projects.DisbursementInput{PaidOn: "", AmountText: "5"}, "paid_on"},
			{projects.DisbursementInput{BudgetLineID: 999999, PaidOn: "2021-05-01", AmountText: "5"}, "budget_line_id"},
		} {
			_, err := e.svc.UpdateDisbursement(ctx, e.actor, p.ID, d.ID, c.in)
			wantFields(t, err, c.field)
		}
		if b, _ := e.svc.BudgetOf(ctx, p.ID); b.Disbursed != 2500000 {
			t.Errorf("bad input changed the disbursed total to %d", b.Disbursed)
		}
		if n := auditCount(t, db, "project.disbursement.update"); n != 0 {
			t.Errorf("%d audit entries for bad input", n)
		}
		dash, err := e.svc.Dashboard(ctx, projects.Filter{})
		if err != nil || len(dash.Budget) == 0 || dash.Budget[0].Year != 2021 || dash.Budget[0].Disbursed != 2500000 {
			t.Fatalf("dashboard before: %+v %v", dash, err)
		}
		if _, err := e.svc.UpdateDisbursement(ctx, e.actor, p.ID, d.ID, projects.DisbursementInput{PaidOn: "2021-05-02", AmountText: "2500", Note: "typo fixed"}); err != nil {
			t.Fatal(err)
		}
		b, _ := e.svc.BudgetOf(ctx, p.ID)
		if b.Disbursed != 250000 || b.Rows[0].Disbursed != 250000 || b.Rows[0].Disbursements[0].PaidOn != "2021-05-02" || b.Rows[0].Disbursements[0].Note != "typo fixed" {
			t.Errorf("budget after the correction %+v", b)
		}
		if dash, _ = e.svc.Dashboard(ctx, projects.Filter{}); dash.Budget[0].Disbursed != 250000 {
			t.Errorf("dashboard after the correction: %+v", dash.Budget)
		}
		wantDetail(t, lastAudit(t, e, p.ID, "project.disbursement.update"), `"before":{"amount":2500000,`, `"after":{"amount":250000,`, `"note":"typo fixed"`)

		// A line with payments is not deleted; once they are gone, it is.
		if err := e.svc.DeleteBudgetLine(ctx, e.actor, p.ID, line.ID); !errors.Is(err, projects.ErrLineHasDisbursements) {
			t.Errorf("delete a line with disbursements: %v", err)
		}
		if n := storetest.Count(t, db, "project_budget_lines"); n != 2 {
			t.Errorf("%d lines after a refused delete", n)
		}
		// Moving the payment to another line is a correction too.
		if _, err := e.svc.UpdateDisbursement(ctx, e.actor, p.ID, d.ID, projects.DisbursementInput{BudgetLineID: train.ID, PaidOn: "2022-01-10", Amount: 250000}); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.DeleteBudgetLine(ctx, e.actor, p.ID, line.ID); err != nil {
			t.Fatalf("delete the emptied line: %v", err)
		}
		wantDetail(t, lastAudit(t, e, p.ID, "project.budget_line.delete"), `"before":{"category":"Infrastructure","currency":"USD","planned":1200000,"year":2021}`)
		if err := e.svc.DeleteDisbursement(ctx, e.actor, p.ID, d.ID); err != nil {
			t.Fatal(err)
		}
		wantDetail(t, lastAudit(t, e, p.ID, "project.disbursement.delete"), `"before":{"amount":250000,`)
		if err := e.svc.DeleteDisbursement(ctx, e.actor, p.ID, d.ID); !errors.Is(err, projects.ErrDisbursementNotFound) {
			t.Errorf("delete twice: %v", err)
		}
		if err := e.svc.DeleteBudgetLine(ctx, e.actor, p.ID, train.ID); err != nil {
			t.Fatal(err)
		}
		if b, _ := e.svc.BudgetOf(ctx, p.ID); len(b.Rows) != 0 || b.Planned != 0 || b.Disbursed != 0 {
			t.Errorf("budget after deletes %+v", b)
		}
	})
}

func TestCorrectIndicator(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-CI"))
		ind, err := e.svc.AddIndicator(ctx, e.actor, p.ID, projects.IndicatorInput{Title: "Household income", Unit: "USD", Baseline: "100", BaselineOn: "2020-01-01", Target: "200", TargetOn: "2024-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.UpdateIndicator(ctx, e.actor, p.ID, ind.ID, projects.IndicatorInput{Unit: "USD", Baseline: "x", BaselineOn: "2024-01-01", Target: "", TargetOn: "2023-01-01"})
		wantFields(t, err, "baseline", "target", "target_on")
		if got, _ := e.svc.Indicator(ctx, p.ID, ind.ID); got.BaselineValue != 100 || got.TargetOn != "2024-12-31" {
			t.Errorf("bad input changed the indicator %+v", got)
		}
		if n := auditCount(t, db, "project.indicator.update"); n != 0 {
			t.Errorf("%d audit entries for bad input", n)
		}
		got, err := e.svc.UpdateIndicator(ctx, e.actor, p.ID, ind.ID, projects.IndicatorInput{Unit: "USD/year", Baseline: "120", BaselineOn: "2020-03-01", Target: "240", TargetOn: "2024-06-30"})
		if err != nil || got.Unit != "USD/year" || got.BaselineValue != 120 || got.TargetValue != 240 || got.BaselineOn != "2020-03-01" || got.TargetOn != "2024-06-30" {
			t.Fatalf("update: %+v %v", got, err)
		}
		if got.Translations[0].Title != "Household income" {
			t.Errorf("the title changed: %+v", got.Translations)
		}
		wantDetail(t, lastAudit(t, e, p.ID, "project.indicator.update"), `"before":{"baseline":100,`, `"after":{"baseline":120,`, `"unit":"USD/year"`)

		// Values: the date is the key.
		if _, err := e.svc.RecordValue(ctx, e.actor, p.ID, ind.ID, projects.ValueInput{On: "2021-12-31", Value: "1500"}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.UpdateValue(ctx, e.actor, p.ID, ind.ID, "2021-12-31", projects.ValueInput{Value: "lots"})
		wantFields(t, err, "value")
		if _, err := e.svc.UpdateValue(ctx, e.actor, p.ID, ind.ID, "2021-12-30", projects.ValueInput{Value: "150"}); !errors.Is(err, projects.ErrValueNotFound) {
			t.Errorf("no value on that date: %v", err)
		}
		if v, _ := e.svc.Value(ctx, p.ID, ind.ID, "2021-12-31"); v.Value != 1500 {
			t.Errorf("bad input changed the value: %+v", v)
		}
		v, err := e.svc.UpdateValue(ctx, e.actor, p.ID, ind.ID, "2021-12-31", projects.ValueInput{Value: "150", Note: "a zero too many"})
		if err != nil || v.Value != 150 || v.Note != "a zero too many" || v.MeasuredOn != "2021-12-31" {
			t.Fatalf("update value: %+v %v", v, err)
		}
		iv, _ := e.svc.Indicators(ctx, p.ID)
		if len(iv[0].Values) != 1 || iv[0].Latest.Value != 150 || iv[0].Progress == nil || *iv[0].Progress != 25 {
			t.Errorf("indicator after the correction %+v", iv[0])
		}
		wantDetail(t, lastAudit(t, e, p.ID, "project.indicator.value_update"), `"before":{"note":"","value":1500}`, `"after":{"note":"a zero too many","value":150}`)

		// An indicator with values is not deleted.
		if err := e.svc.DeleteIndicator(ctx, e.actor, p.ID, ind.ID); !errors.Is(err, projects.ErrIndicatorHasValues) {
			t.Errorf("delete with values: %v", err)
		}
		if n := storetest.Count(t, db, "project_indicators"); n != 1 {
			t.Errorf("%d indicators after a refused delete", n)
		}
		if err := e.svc.DeleteValue(ctx, e.actor, p.ID, ind.ID, "2021-12-31"); err != nil {
			t.Fatal(err)
		}
		wantDetail(t, lastAudit(t, e, p.ID, "project.indicator.value_delete"), `"before":{"note":"a zero too many","value":150}`)
		if err := e.svc.DeleteValue(ctx, e.actor, p.ID, ind.ID, "2021-12-31"); !errors.Is(err, projects.ErrValueNotFound) {
			t.Errorf("delete twice: %v", err)
		}
		if err := e.svc.DeleteIndicator(ctx, e.actor, p.ID, ind.ID); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"project_indicators", "project_indicator_translations", "project_indicator_values"} {
			if n := storetest.Count(t, db, table); n != 0 {
				t.Errorf("%d rows left in %s", n, table)
			}
		}
		wantDetail(t, lastAudit(t, e, p.ID, "project.indicator.delete"), `"before":{`, `"titles":{"en":"Household income"}`)
		if err := e.svc.DeleteIndicator(ctx, e.actor, p.ID, ind.ID); !errors.Is(err, projects.ErrIndicatorNotFound) {
			t.Errorf("delete twice: %v", err)
		}
	})
}

func TestReturnReportToDraft(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-CR"))
		r, err := e.svc.CreateReport(ctx, e.actor, p.ID, projects.ReportInput{PeriodStart: "2021-01-01", PeriodEnd: "2021-12-31", Narrative: "Year one"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.ReturnToDraft(ctx, e.actor, p.ID, r.ID, "why"); !errors.Is(err, projects.ErrReportNotSubmitted) {
			t.Errorf("a draft returned: %v", err)
		}
		if _, err := e.svc.Submit(ctx, e.actor, p.ID, r.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.ReturnToDraft(ctx, e.actor, p.ID, r.ID, "  ")
		wantFields(t, err, "reason")
		if got, _ := e.svc.Report(ctx, p.ID, r.ID); got.Status != projects.Submitted {
			t.Errorf("no reason, yet the report is %s", got.Status)
		}
		got, err := e.svc.ReturnToDraft(ctx, e.actor, p.ID, r.ID, "The income figures are from the wrong year")
		if err != nil || got.Status != projects.Draft || got.SubmittedAt != nil {
			t.Fatalf("return: %+v %v", got, err)
		}
		wantDetail(t, lastAudit(t, e, p.ID, "project.report.returned"), `"before":{"status":"submitted"`, `"after":{"status":"draft"}`, `"reason":"The income figures are from the wrong year"`)
		// The draft can be corrected and submitted again, then approved; approved stays approved.
		if err := e.svc.SetNarrative(ctx, e.actor, p.ID, r.ID, "en", "Year one, corrected"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Submit(ctx, e.actor, p.ID, r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Approve(ctx, e.actor, p.ID, r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.ReturnToDraft(ctx, e.actor, p.ID, r.ID, "why"); !errors.Is(err, projects.ErrReportNotSubmitted) {
			t.Errorf("an approved report returned: %v", err)
		}
		if got, _ := e.svc.Report(ctx, p.ID, r.ID); got.Status != projects.Approved {
			t.Errorf("approved report is now %s", got.Status)
		}
		if n := auditCount(t, db, "project.report.returned"); n != 1 {
			t.Errorf("%d return audit entries, want 1", n)
		}
	})
}

// TestDeleteLineRacesDisbursement: a payment recorded while its line is
// deleted either lands (and the delete is refused) or is refused (the line
// is gone); it is never recorded and then lost with the line.
func TestDeleteLineRacesDisbursement(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-RACE"))
		for i := range 8 {
			line, err := e.svc.AddBudgetLine(ctx, e.actor, p.ID, projects.BudgetLineInput{Year: 2020 + i%5, Category: "Race " + string(rune('a'+i)), Planned: 100})
			if err != nil {
				t.Fatal(err)
			}
			addErr, delErr := make(chan error, 1), make(chan error, 1)
			go func() {
				_, err := e.svc.AddDisbursement(ctx, e.actor, p.ID, projects.DisbursementInput{BudgetLineID: line.ID, PaidOn: "2021-01-01", Amount: 5})
				addErr <- err
			}()
			go func() { delErr <- e.svc.DeleteBudgetLine(ctx, e.actor, p.ID, line.ID) }()
			a, d := <-addErr, <-delErr
			paid := storetest.Count(t, db, "project_disbursements", "budget_line_id = ?", line.ID)
			lines := storetest.Count(t, db, "project_budget_lines", "id = ?", line.ID)
			switch {
			case a == nil && errors.Is(d, projects.ErrLineHasDisbursements):
				if paid != 1 || lines != 1 {
					t.Errorf("payment first: %d payments, %d lines", paid, lines)
				}
			case d == nil && a != nil:
				wantFields(t, a, "budget_line_id")
				if paid != 0 || lines != 0 {
					t.Errorf("delete first: %d payments, %d lines", paid, lines)
				}
			default:
				t.Errorf("add: %v, delete: %v (%d payments, %d lines)", a, d, paid, lines)
			}
		}
	})
}
