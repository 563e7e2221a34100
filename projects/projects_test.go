package projects_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/courses/coursetest"
	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/files"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

type env struct {
	db    *store.DB
	acc   *accounts.Service
	crs   *courses.Service
	enr   *enrollment.Service
	svc   *projects.Service
	staff *accounts.User
	actor accounts.Actor
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	fs, err := files.OpenDir(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	acc := accounts.NewService(db)
	crs := courses.NewService(db, acc, fs)
	enr := enrollment.NewService(db, crs, acc)
	staff, err := acc.CreateUser(ctx, accounts.Actor{}, accounts.NewUser{Email: "staff@example.org", Name: "Park Ji-ho", Password: "a-long-password", Role: accounts.RoleStaff})
	if err != nil {
		t.Fatal(err)
	}
	return &env{db: db, acc: acc, crs: crs, enr: enr, svc: projects.NewService(db, acc, enr, fs), staff: staff, actor: accounts.Actor{UserID: staff.ID}}
}

func village(code string) projects.Input {
	return projects.Input{Code: code, Kind: projects.SMUPilotVillage, Title: "Pilot village " + code, Summary: "Better living conditions",
		Country: "LA", Region: "Vientiane", Village: "Ban Nongboua", KoreanOrg: "LOGODI", Sector: "Rural development",
		StartsOn: "2020-01-01", EndsOn: "2024-12-31", Status: projects.Active, BudgetText: "250000.00", Currency: "USD"}
}

func (e *env) create(t *testing.T, in projects.Input) *projects.Project {
	t.Helper()
	p, err := e.svc.Create(context.Background(), e.actor, in)
	if err != nil {
		t.Fatalf("create %s: %v", in.Code, err)
	}
	return p
}

// fields returns the invalid fields of a validation error.
func fields(t *testing.T, err error) []string {
	t.Helper()
	var v *i18n.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("want a validation error, got %v", err)
	}
	var out []string
	for _, f := range v.Fields {
		out = append(out, f.Field)
	}
	return out
}

func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	got := fields(t, err)
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Errorf("fields %v: want %q among them", got, w)
		}
	}
}

func auditCount(t *testing.T, db *store.DB, action string) int64 {
	t.Helper()
	return storetest.Count(t, db, "audit_log", "action = ?", action)
}

func TestCreateValidates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		cases := []struct {
			name  string
			edit  func(*projects.Input)
			field string
		}{
			{"bad currency", func(in *projects.Input) { in.Currency = "ZZZ" }, "currency"},
			{"lower-case currency", func(in *projects.Input) { in.Currency = "usd" + "x" }, "currency"},
			{"negative budget", func(in *projects.Input) { in.BudgetText = "-5" }, "budget"},
			{"negative minor units", func(in *projects.Input) { in.BudgetText, in.Budget = "", -1 }, "budget"},
			{"too many decimals", func(in *projects.Input) { in.BudgetText = "10.005" }, "budget"},
			{"decimals in won", func(in *projects.Input) { in.BudgetText, in.Currency = "10.5", "KRW" }, "budget"},
			{"not a number", func(in *projects.Input) { in.BudgetText = "ten" }, "budget"},
			{"bad country", func(in *projects.Input) { in.Country = "XX" }, "country"},
			{"bad kind", func(in *projects.Input) { in.Kind = "school" }, "kind"},
			{"ends before start", func(in *projects.Input) { in.EndsOn = "2019-01-01" }, "ends_on"},
			{"bad date", func(in *projects.Input) { in.StartsOn = "2020-13-01" }, "starts_on"},
			{"no title", func(in *projects.Input) { in.Title = " " }, "title"},
			{"bad code", func(in *projects.Input) { in.Code = "a b" }, "code"},
		}
		for _, c := range cases {
			in := village("BAD-1")
			c.edit(&in)
			_, err := e.svc.Create(ctx, e.actor, in)
			wantFields(t, err, c.field)
		}
		if n := storetest.Count(t, db, "projects"); n != 0 {
			t.Errorf("%d projects written by bad input", n)
		}
		if n := auditCount(t, db, "project.create"); n != 0 {
			t.Errorf("%d audit entries for bad input", n)
		}
		p := e.create(t, village("LA-2020-01"))
		if p.Phase != "partner_selection" || p.PhaseSince != "2020-01-01" || p.BudgetAmount != 25000000 || p.Currency != "USD" {
			t.Errorf("created %+v", p)
		}
		krw := village("KR-1")
		krw.BudgetText, krw.Currency = "1,000,000", "KRW"
		if p2 := e.create(t, krw); p2.BudgetAmount != 1000000 {
			t.Errorf("KRW budget %d, want 1000000", p2.BudgetAmount)
		}
		if _, err := e.svc.Create(ctx, e.actor, village("LA-2020-01")); !strings.Contains(err.Error(), "code_taken") {
			t.Errorf("duplicate code: %v", err)
		}
		if n := auditCount(t, db, "project.create"); n != 2 {
			t.Errorf("%d create audit entries, want 2", n)
		}
		hist, err := e.svc.History(ctx, p.ID)
		if err != nil || len(hist) != 1 || hist[0].Kind != projects.EventStart {
			t.Errorf("history %+v %v", hist, err)
		}
	})
}

func TestUpdateAuditsBeforeAndAfter(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-U"))
		in := village("LA-U")
		in.Region, in.Title = "Luang Prabang", "Renamed"
		in.Kind = projects.Consulting
		_, err := e.svc.Update(ctx, e.actor, p.ID, in)
		wantFields(t, err, "kind")
		in.Kind = projects.SMUPilotVillage
		got, err := e.svc.Update(ctx, e.actor, p.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Region != "Luang Prabang" || got.TitleIn("en").Text != "Renamed" {
			t.Errorf("updated %+v", got)
		}
		entries, _, err := e.acc.ListAudit(ctx, accounts.AuditFilter{EntityType: "project", EntityID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) == 0 || entries[0].Action != "project.update" || !strings.Contains(entries[0].Detail, `"before":{`) ||
			!strings.Contains(entries[0].Detail, `"region":"Vientiane"`) || !strings.Contains(entries[0].Detail, `"region":"Luang Prabang"`) ||
			entries[0].ActorID == nil || *entries[0].ActorID != e.staff.ID {
			t.Errorf("audit %+v", entries)
		}
	})
}

func TestTranslationFallback(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := village("LA-T")
		in.DefaultLocale, in.Title = "ko", "시범마을"
		p := e.create(t, in)
		if l := p.TitleIn("vi"); l.Text != "시범마을" || l.Lang != "ko" || !l.Fallback {
			t.Errorf("vi falls back to the default locale: %+v", l)
		}
		if err := e.svc.Translate(ctx, e.actor, p.ID, "en", "Pilot village", "Summary"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Translate(ctx, e.actor, p.ID, "xx", "T", ""); err == nil {
			t.Error("unknown locale accepted")
		}
		p, _ = e.svc.Project(ctx, e.staff, p.ID)
		if l := p.TitleIn("en"); l.Text != "Pilot village" || l.Fallback {
			t.Errorf("en: %+v", l)
		}
		if l := p.TitleIn("ko"); l.Text != "시범마을" {
			t.Errorf("ko: %+v", l)
		}
	})
}

func TestPhaseTransitions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := village("MN-C")
		in.Kind, in.Country = projects.Consulting, "MN"
		p := e.create(t, in)
		// Forward by one needs no reason.
		p, err := e.svc.Transition(ctx, e.actor, p.ID, projects.TransitionInput{To: "policy_discussion", On: "2020-03-01", Note: "Agreed"})
		if err != nil || p.Phase != "policy_discussion" || p.PhaseSince != "2020-03-01" {
			t.Fatalf("forward: %+v %v", p, err)
		}
		bad := []struct {
			in    projects.TransitionInput
			field string
		}{
			{projects.TransitionInput{To: "launch", On: "2020-04-01"}, "reason"},                     // skip
			{projects.TransitionInput{To: "country_selection", On: "2020-04-01"}, "reason"},          // back
			{projects.TransitionInput{To: "korean_org_selection", On: "2025-06-01"}, "on"},           // after the project
			{projects.TransitionInput{To: "korean_org_selection", On: "2020-02-01"}, "on"},           // before the phase began
			{projects.TransitionInput{To: "pilot_project", On: "2020-04-01", Reason: "x"}, "to"},     // another kind's phase
			{projects.TransitionInput{To: "policy_discussion", On: "2020-04-01", Reason: "x"}, "to"}, // same
		}
		for _, b := range bad {
			_, err := e.svc.Transition(ctx, e.actor, p.ID, b.in)
			wantFields(t, err, b.field)
		}
		if p, _ = e.svc.Project(ctx, e.staff, p.ID); p.Phase != "policy_discussion" {
			t.Errorf("a refused move changed the phase to %s", p.Phase)
		}
		if n := auditCount(t, db, "project.phase.forward"); n != 1 {
			t.Errorf("%d forward audit entries, want 1", n)
		}
		// Skip with a reason.
		if p, err = e.svc.Transition(ctx, e.actor, p.ID, projects.TransitionInput{To: "launch", On: "2020-05-01", Reason: "Organisation chosen in the discussion"}); err != nil || p.Phase != "launch" {
			t.Fatalf("skip: %+v %v", p, err)
		}
		// Hold blocks moves until resumed.
		if _, err := e.svc.Hold(ctx, e.actor, p.ID, "2020-06-01", ""); err == nil {
			t.Error("hold without a note accepted")
		}
		if p, err = e.svc.Hold(ctx, e.actor, p.ID, "2020-06-01", "Elections"); err != nil || p.Status != projects.OnHold {
			t.Fatalf("hold: %+v %v", p, err)
		}
		if _, err := e.svc.Transition(ctx, e.actor, p.ID, projects.TransitionInput{To: "seminar", On: "2020-07-01"}); !errors.Is(err, projects.ErrOnHold) {
			t.Errorf("move while on hold: %v", err)
		}
		if _, err := e.svc.Hold(ctx, e.actor, p.ID, "2020-06-02", "again"); !errors.Is(err, projects.ErrOnHold) {
			t.Errorf("hold twice: %v", err)
		}
		if p, err = e.svc.Resume(ctx, e.actor, p.ID, "2020-08-01", ""); err != nil || p.Status != projects.Active || p.Phase != "launch" {
			t.Fatalf("resume: %+v %v", p, err)
		}
		// Back with a reason.
		if p, err = e.svc.Transition(ctx, e.actor, p.ID, projects.TransitionInput{To: "korean_org_selection", On: "2020-09-01", Reason: "Partner withdrew"}); err != nil || p.Phase != "korean_org_selection" {
			t.Fatalf("back: %+v %v", p, err)
		}
		hist, _ := e.svc.History(ctx, p.ID)
		var kinds []string
		for _, h := range hist {
			kinds = append(kinds, string(h.Kind))
		}
		if got := strings.Join(kinds, ","); got != "start,forward,skip,hold,resume,back" {
			t.Errorf("history %s", got)
		}
		entries, _, _ := e.acc.ListAudit(ctx, accounts.AuditFilter{EntityType: "project", EntityID: p.ID, PerPage: 1})
		if len(entries) != 1 || entries[0].Action != "project.phase.back" || !strings.Contains(entries[0].Detail, `"before":{"phase":"launch"`) ||
			!strings.Contains(entries[0].Detail, "Partner withdrew") {
			t.Errorf("audit %+v", entries)
		}
		steps := p.Steps()
		if len(steps) != 7 || !steps[2].Current || !steps[1].Done || steps[3].Done {
			t.Errorf("steps %+v", steps)
		}
	})
}

func TestIndicatorsAndProgress(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-I"))
		other := e.create(t, village("LA-J"))
		_, err := e.svc.AddIndicator(ctx, e.actor, p.ID, projects.IndicatorInput{Title: "Income", Baseline: "x", BaselineOn: "2020-01-01", Target: "2000", TargetOn: "2019-01-01"})
		wantFields(t, err, "baseline", "target_on")
		ind, err := e.svc.AddIndicator(ctx, e.actor, p.ID, projects.IndicatorInput{Title: "Average household income", Unit: "USD/year",
			Baseline: "1000", BaselineOn: "2020-01-01", Target: "2000", TargetOn: "2024-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		// An unknown indicator, or one of another project, is refused.
		if _, err := e.svc.RecordValue(ctx, e.actor, p.ID, 999999, projects.ValueInput{On: "2021-12-31", Value: "1200"}); !errors.Is(err, projects.ErrIndicatorNotFound) {
			t.Errorf("unknown indicator: %v", err)
		}
		if _, err := e.svc.RecordValue(ctx, e.actor, other.ID, ind.ID, projects.ValueInput{On: "2021-12-31", Value: "1200"}); !errors.Is(err, projects.ErrIndicatorNotFound) {
			t.Errorf("indicator of another project: %v", err)
		}
		_, err = e.svc.RecordValue(ctx, e.actor, p.ID, ind.ID, projects.ValueInput{On: "2026-01-01", Value: "1200"})
		wantFields(t, err, "on")
		_, err = e.svc.RecordValue(ctx, e.actor, p.ID, ind.ID, projects.ValueInput{On: "2021-12-31", Value: "lots"})
		wantFields(t, err, "value")
		if n := storetest.Count(t, db, "project_indicator_values"); n != 0 {
			t.Errorf("%d values written by bad input", n)
		}
		for _, v := range []projects.ValueInput{{On: "2021-12-31", Value: "1200"}, {On: "2022-12-31", Value: "1400", Note: "Mushroom farm"}, {On: "2022-12-31", Value: "1500"}} {
			if _, err := e.svc.RecordValue(ctx, e.actor, p.ID, ind.ID, v); err != nil {
				t.Fatal(err)
			}
		}
		list, err := e.svc.Indicators(ctx, p.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("indicators %+v %v", list, err)
		}
		iv := list[0]
		if len(iv.Values) != 2 || iv.Latest.Value != 1500 || iv.Progress == nil || *iv.Progress != 50 || iv.Bar() != 50 {
			t.Errorf("indicator view %+v", iv)
		}
		if got := iv.Title("ko", p.DefaultLocale); got.Text != "Average household income" || !got.Fallback {
			t.Errorf("title %+v", got)
		}
		entries, _, _ := e.acc.ListAudit(ctx, accounts.AuditFilter{EntityType: "project", EntityID: p.ID, PerPage: 1})
		if !strings.Contains(entries[0].Detail, `"before":{"note":"Mushroom farm","value":1400}`) {
			t.Errorf("replacing a value is audited with the value before: %s", entries[0].Detail)
		}
	})
}

func TestBudget(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-B"))
		other := e.create(t, village("LA-C"))
		_, err := e.svc.AddBudgetLine(ctx, e.actor, p.ID, projects.BudgetLineInput{Year: 2030, Category: "Training", PlannedText: "-1"})
		wantFields(t, err, "year", "planned")
		line, err := e.svc.AddBudgetLine(ctx, e.actor, p.ID, projects.BudgetLineInput{Year: 2021, Category: "Training", PlannedText: "10000"})
		if err != nil {
			t.Fatal(err)
		}
		otherLine, err := e.svc.AddBudgetLine(ctx, e.actor, other.ID, projects.BudgetLineInput{Year: 2021, Category: "Training", Planned: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range []projects.DisbursementInput{
			{BudgetLineID: line.ID, PaidOn: "2021-05-01", AmountText: "-20"},
			{BudgetLineID: line.ID, PaidOn: "2021-05-01", AmountText: "0"},
			{BudgetLineID: line.ID, PaidOn: "2021-05-01", AmountText: "12.345"},
			{BudgetLineID: line.ID, PaidOn: "2021-05-01", Amount: -3},
		} {
			_, err := e.svc.AddDisbursement(ctx, e.actor, p.ID, in)
			wantFields(t, err, "amount")
		}
		_, err = e.svc.AddDisbursement(ctx, e.actor, p.ID, projects.DisbursementInput{BudgetLineID: otherLine.ID, PaidOn: "2030-01-01", AmountText: "5"})
		wantFields(t, err, "budget_line_id", "paid_on")
		if n := storetest.Count(t, db, "project_disbursements"); n != 0 {
			t.Errorf("%d disbursements written by bad input", n)
		}
		if _, err := e.svc.AddDisbursement(ctx, e.actor, p.ID, projects.DisbursementInput{BudgetLineID: line.ID, PaidOn: "2021-05-01", AmountText: "2500.50"}); err != nil {
			t.Fatal(err)
		}
		b, err := e.svc.BudgetOf(ctx, p.ID)
		if err != nil || b.Planned != 1000000 || b.Disbursed != 250050 || b.Percent() != 25 || len(b.Rows) != 1 || b.Rows[0].Disbursed != 250050 {
			t.Errorf("budget %+v %v", b, err)
		}
		if got := projects.FormatAmount(250050, "USD"); got != "2,500.50 USD" {
			t.Errorf("format %q", got)
		}
	})
}

func TestMilestonesMembersAccess(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-M"))
		_, err := e.svc.AddMilestone(ctx, e.actor, p.ID, projects.MilestoneInput{Title: "Well", DueOn: "2019-01-01"})
		wantFields(t, err, "due_on")
		m, err := e.svc.AddMilestone(ctx, e.actor, p.ID, projects.MilestoneInput{Title: "Village hall built", DueOn: "2021-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		if !m.Overdue("2021-07-01") || m.Overdue("2021-06-30") {
			t.Error("overdue flag")
		}
		if m, err = e.svc.CompleteMilestone(ctx, e.actor, p.ID, m.ID, "2021-06-20"); err != nil || m.Overdue("2022-01-01") {
			t.Errorf("completed milestone %+v %v", m, err)
		}
		// A trainee of a past cohort leads the pilot.
		f := coursetest.Build(t, e.crs, "SMU-1", true)
		co, err := e.enr.CreateCohort(ctx, accounts.Actor{}, enrollment.CohortInput{CourseID: f.Course.ID, Code: "SMU-LA-2019", Country: "LA",
			StartsOn: "2019-05-01", EndsOn: "2019-05-20", Capacity: 5, Delivery: courses.InPerson, AttendanceThreshold: 0, Coordinators: []int64{mustAdmin(t, e).ID}})
		if err != nil {
			t.Fatal(err)
		}
		leader, err := e.acc.CreateUser(ctx, accounts.Actor{}, accounts.NewUser{Email: "leader@example.org", Name: "Village Leader", Password: "a-long-password", Role: accounts.RoleLearner, Country: "LA"})
		if err != nil {
			t.Fatal(err)
		}
		ap, err := e.enr.Apply(ctx, accounts.Actor{}, co.ID, leader, leader, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.enr.Decide(ctx, accounts.Actor{}, ap.ID, enrollment.Accept, ""); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.AddMember(ctx, e.actor, p.ID, projects.MemberInput{Email: "nobody@example.org"})
		wantFields(t, err, "email")
		if _, err := e.svc.AddMember(ctx, e.actor, p.ID, projects.MemberInput{Email: "leader@example.org", Role: "Village leader"}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.AddMember(ctx, e.actor, p.ID, projects.MemberInput{Email: "leader@example.org"})
		wantFields(t, err, "email")
		if _, err := e.svc.AddMember(ctx, e.actor, p.ID, projects.MemberInput{Name: "Local consultant"}); err != nil {
			t.Fatal(err)
		}
		ms, err := e.svc.Members(ctx, p.ID)
		if err != nil || len(ms) != 2 || ms[0].Name != "Village Leader" || len(ms[0].Cohorts) != 1 || ms[0].Cohorts[0].Code != "SMU-LA-2019" || len(ms[1].Cohorts) != 0 {
			t.Errorf("members %+v %v", ms, err)
		}
		// Learners see only their own projects; coordinators read all.
		outsider, _ := e.acc.CreateUser(ctx, accounts.Actor{}, accounts.NewUser{Email: "out@example.org", Name: "Out", Password: "a-long-password", Role: accounts.RoleLearner})
		coord, _ := e.acc.CreateUser(ctx, accounts.Actor{}, accounts.NewUser{Email: "c@example.org", Name: "C", Password: "a-long-password", Role: accounts.RoleCoordinator})
		e.create(t, village("LA-N"))
		if _, err := e.svc.Project(ctx, leader, p.ID); err != nil {
			t.Errorf("member reads: %v", err)
		}
		if _, err := e.svc.Project(ctx, outsider, p.ID); !errors.Is(err, projects.ErrProjectNotFound) {
			t.Errorf("outsider reads: %v", err)
		}
		for _, c := range []struct {
			u    *accounts.User
			want int
		}{{leader, 1}, {outsider, 0}, {coord, 2}, {e.staff, 2}} {
			if list, err := e.svc.List(ctx, c.u, projects.Filter{}); err != nil || len(list) != c.want {
				t.Errorf("%s lists %d projects (%v), want %d", c.u.Email, len(list), err, c.want)
			}
		}
		if list, _ := e.svc.List(ctx, e.staff, projects.Filter{Search: "la-m"}); len(list) != 1 {
			t.Errorf("search found %d", len(list))
		}
		if list, _ := e.svc.List(ctx, e.staff, projects.Filter{Year: 2030}); len(list) != 0 {
			t.Errorf("year filter found %d", len(list))
		}
	})
}

func mustAdmin(t *testing.T, e *env) *accounts.User {
	t.Helper()
	u, err := e.acc.CreateUser(context.Background(), accounts.Actor{}, accounts.NewUser{Email: "admin@example.org", Name: "Admin", Password: "a-long-password", Role: accounts.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestReports(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		p := e.create(t, village("LA-R"))
		_, err := e.svc.CreateReport(ctx, e.actor, p.ID, projects.ReportInput{PeriodStart: "2019-01-01", PeriodEnd: "2019-12-31"})
		wantFields(t, err, "period_start", "narrative")
		r, err := e.svc.CreateReport(ctx, e.actor, p.ID, projects.ReportInput{PeriodStart: "2021-01-01", PeriodEnd: "2021-12-31", Narrative: "Year one"})
		if err != nil || r.Status != projects.Draft {
			t.Fatalf("report %+v %v", r, err)
		}
		if err := e.svc.SetNarrative(ctx, e.actor, p.ID, r.ID, "ko", "1년차"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Approve(ctx, e.actor, p.ID, r.ID); !errors.Is(err, projects.ErrReportState) {
			t.Errorf("approve a draft: %v", err)
		}
		_, err = e.svc.Attach(ctx, e.actor, p.ID, r.ID, "evil.exe", strings.NewReader("MZ"))
		wantFields(t, err, "file")
		_, err = e.svc.Attach(ctx, e.actor, p.ID, r.ID, "fake.pdf", strings.NewReader("not a pdf"))
		wantFields(t, err, "file")
		a, err := e.svc.Attach(ctx, e.actor, p.ID, r.ID, "photos.pdf", strings.NewReader("%PDF-1.4\n%test\n"))
		if err != nil {
			t.Fatal(err)
		}
		if r, err = e.svc.Submit(ctx, e.actor, p.ID, r.ID); err != nil || r.Status != projects.Submitted || r.SubmittedAt == nil {
			t.Fatalf("submit %+v %v", r, err)
		}
		if err := e.svc.SetNarrative(ctx, e.actor, p.ID, r.ID, "en", "changed"); !errors.Is(err, projects.ErrReportState) {
			t.Errorf("edit a submitted report: %v", err)
		}
		if r, err = e.svc.Approve(ctx, e.actor, p.ID, r.ID); err != nil || r.Status != projects.Approved || r.ApprovedBy == nil {
			t.Fatalf("approve %+v %v", r, err)
		}
		if got := r.NarrativeIn("ko").Text; got != "1년차" {
			t.Errorf("ko narrative %q", got)
		}
		if len(r.Attachments) != 1 {
			t.Fatalf("attachments %+v", r.Attachments)
		}
		_, rc, err := e.svc.OpenAttachment(ctx, p.ID, r.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		_ = rc.Close()
		if !strings.HasPrefix(string(data), "%PDF") {
			t.Errorf("attachment content %q", data)
		}
		for _, action := range []string{"project.report.create", "project.report.narrative", "project.report.attach", "project.report.submitted", "project.report.approved"} {
			if n := auditCount(t, db, action); n != 1 {
				t.Errorf("%s audited %d times", action, n)
			}
		}
	})
}
