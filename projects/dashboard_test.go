package projects_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/projects/projecttest"
	"github.com/baeum-lms/baeum/store"
	"github.com/baeum-lms/baeum/store/storetest"
)

func TestDashboardCounts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		la := e.create(t, village("LA-D1"))
		mn := village("MN-D1")
		mn.Kind, mn.Country, mn.StartsOn = projects.Consulting, "MN", "2021-02-01"
		mnp := e.create(t, mn)
		ind, _ := e.svc.AddIndicator(ctx, e.actor, la.ID, projects.IndicatorInput{Title: "Income", Baseline: "0", BaselineOn: "2020-01-01", Target: "100", TargetOn: "2024-12-31"})
		if _, err := e.svc.RecordValue(ctx, e.actor, la.ID, ind.ID, projects.ValueInput{On: "2021-01-01", Value: "30"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.RecordValue(ctx, e.actor, la.ID, ind.ID, projects.ValueInput{On: "2022-01-01", Value: "60"}); err != nil {
			t.Fatal(err)
		}
		line, _ := e.svc.AddBudgetLine(ctx, e.actor, la.ID, projects.BudgetLineInput{Year: 2021, Category: "Training", Planned: 1000})
		if _, err := e.svc.AddDisbursement(ctx, e.actor, la.ID, projects.DisbursementInput{BudgetLineID: line.ID, PaidOn: "2021-03-01", Amount: 250}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddMilestone(ctx, e.actor, mnp.ID, projects.MilestoneInput{Title: "Seminar held", DueOn: "2021-06-30"}); err != nil {
			t.Fatal(err)
		}
		d, err := e.svc.Dashboard(ctx, projects.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if d.Projects != 2 || len(d.ByCountry) != 2 || len(d.ByKind) != 2 || len(d.ByYear) != 2 || d.Indicators != 1 || d.Measured != 1 ||
			d.Buckets[2] != 1 || len(d.Progress) != 1 || d.Progress[0].Average != 60 {
			t.Errorf("dashboard %+v", d)
		}
		if len(d.Budget) != 1 || d.Budget[0].Planned != 1000 || d.Budget[0].Disbursed != 250 || d.Budget[0].Percent() != 25 {
			t.Errorf("budget %+v", d.Budget)
		}
		if d.OverdueTotal != 1 || len(d.Overdue) != 1 || d.Overdue[0].Code != "MN-D1" {
			t.Errorf("overdue %+v", d.Overdue)
		}
		f, err := e.svc.Dashboard(ctx, projects.Filter{Country: "LA"})
		if err != nil || f.Projects != 1 || f.OverdueTotal != 0 || len(f.Budget) != 1 {
			t.Errorf("filtered %+v %v", f, err)
		}
		if ph, _ := e.svc.Dashboard(ctx, projects.Filter{Phase: "country_selection", Year: 2021}); ph.Projects != 1 || ph.ByPhase[0].Key != "country_selection" {
			t.Errorf("phase filter %+v", ph)
		}
	})
}

// TestDashboardQueriesBounded: the dashboard takes as many queries for
// many projects, indicators and values as for a few.
func TestDashboardQueriesBounded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		qc := storetest.CountQueries(t, db)
		counts := map[int]int64{}
		done := 0
		for _, n := range []int{3, 60} {
			projecttest.Seed(t, db, projecttest.Size{Projects: n - done, Indicators: 3, Periods: 4, Prefix: fmt.Sprintf("S%d-", n)})
			done = n
			qc.Reset()
			d, err := e.svc.Dashboard(ctx, projects.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			counts[n] = qc.Count()
			if d.Projects != n || d.Indicators != 3*n {
				t.Errorf("%d projects: dashboard saw %d projects, %d indicators", n, d.Projects, d.Indicators)
			}
		}
		if counts[3] != counts[60] || counts[60] > 6 {
			t.Errorf("dashboard queries: %v, want equal and at most 6", counts)
		}
	})
}

func BenchmarkDashboard(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.New(b, d)
			projecttest.Seed(b, db, projecttest.Size{Projects: 2000, Indicators: 10, Periods: 10, Prefix: "B-"})
			svc := projects.NewService(db, nil, nil, nil)
			qc := storetest.CountQueries(b, db)
			b.ResetTimer()
			for b.Loop() {
				if _, err := svc.Dashboard(context.Background(), projects.Filter{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(qc.Count())/float64(b.N), "queries/op")
		})
	}
}
