package server_test

import (
	"context"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/projects"
)

// projectRoleOrder adds a learner who is not a member of the project.
var projectRoleOrder = []string{"anon", "learner", "coordinator", "staff", "admin", "outsider"}

var projectEmails = map[string]string{
	"learner": "learner@example.org", "coordinator": "coordinator@example.org", "staff": "staff@example.org",
	"admin": "admin@example.org", "outsider": "learner.gh@example.org",
}

// projectFix is a pilot village with one of everything; the demo learner
// (Laos) is a member.
type projectFix struct {
	svc                                   *projects.Service
	project, indicator, report, line, mid int64
	member                                int64
}

func projectFixture(t testing.TB, a *app) projectFix {
	t.Helper()
	ctx := context.Background()
	fs, err := files.OpenDir(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := projects.NewService(a.db, a.acc, enrollment.NewService(a.db, a.crs, a.acc), fs)
	staff, _ := a.acc.UserByEmail(ctx, "staff@example.org")
	actor := accounts.Actor{UserID: staff.ID}
	p, err := svc.Create(ctx, actor, projects.Input{Code: "LA-SMU-01", Kind: projects.SMUPilotVillage, Title: "Ban Nongboua pilot village",
		Country: "LA", Village: "Ban Nongboua", StartsOn: "2020-01-01", EndsOn: "2030-12-31", Status: projects.Active, Budget: 1000000, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	f := projectFix{svc: svc, project: p.ID}
	m, err := svc.AddMember(ctx, actor, p.ID, projects.MemberInput{Email: "learner@example.org", Role: "Village leader"})
	if err != nil {
		t.Fatal(err)
	}
	f.member = m.ID
	ind, err := svc.AddIndicator(ctx, actor, p.ID, projects.IndicatorInput{Title: "Average household income", Unit: "USD", Baseline: "1000", BaselineOn: "2020-01-01", Target: "2000", TargetOn: "2030-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	f.indicator = ind.ID
	if _, err := svc.RecordValue(ctx, actor, p.ID, ind.ID, projects.ValueInput{On: "2021-12-31", Value: "1250"}); err != nil {
		t.Fatal(err)
	}
	r, err := svc.CreateReport(ctx, actor, p.ID, projects.ReportInput{PeriodStart: "2021-01-01", PeriodEnd: "2021-12-31", Narrative: "Year one"})
	if err != nil {
		t.Fatal(err)
	}
	f.report = r.ID
	l, err := svc.AddBudgetLine(ctx, actor, p.ID, projects.BudgetLineInput{Year: 2021, Category: "Training", Planned: 500000})
	if err != nil {
		t.Fatal(err)
	}
	f.line = l.ID
	ms, err := svc.AddMilestone(ctx, actor, p.ID, projects.MilestoneInput{Title: "Village hall", DueOn: "2021-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	f.mid = ms.ID
	return f
}
