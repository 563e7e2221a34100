// Package projecttest fills a database with many projects quickly, by bulk
// inserts that bypass the service's rules and audit log, for scale tests
// and benchmarks.
package projecttest

import (
	"fmt"
	"testing"
	"time"

	"github.com/baeum-lms/baeum/projects"
	"github.com/baeum-lms/baeum/store"
)

// Size says how much to seed.
type Size struct {
	Projects   int
	Indicators int // per project
	Periods    int // actual values per indicator
	Prefix     string
}

var countries = []string{"LA", "UG", "TZ", "MM", "MN", "KH", "DO", "GH", "BD", "VN", "ET"}

// Seed inserts s.Projects projects, each with indicators, values, two
// budget lines with a disbursement each and an open milestone in the past.
func Seed(tb testing.TB, db *store.DB, s Size) {
	tb.Helper()
	now := time.Now().UTC().Truncate(time.Microsecond)
	const batch = 500
	for start := 0; start < s.Projects; start += batch {
		n := min(batch, s.Projects-start)
		ps := make([]projects.Project, n)
		for i := range ps {
			k := start + i
			kind := projects.SMUPilotVillage
			if k%3 == 0 {
				kind = projects.Consulting
			}
			y := 2012 + k%12
			ph := projects.Procedure(kind)
			ps[i] = projects.Project{Code: fmt.Sprintf("%s%05d", s.Prefix, k), Kind: kind, DefaultLocale: "en", Country: countries[k%len(countries)],
				StartsOn: store.Date(fmt.Sprintf("%d-01-01", y)), EndsOn: store.Date(fmt.Sprintf("%d-12-31", y+4)), Status: projects.Active,
				Phase: ph[k%len(ph)], PhaseSince: store.Date(fmt.Sprintf("%d-01-01", y)), BudgetAmount: 100000, Currency: "USD",
				CreatedAt: now, UpdatedAt: now}
		}
		must(tb, db.Gorm.Omit("Translations").CreateInBatches(ps, 250).Error)
		var ts []projects.ProjectTranslation
		var ms []projects.Milestone
		var ls []projects.BudgetLine
		var inds []projects.Indicator
		for _, p := range ps {
			ts = append(ts, projects.ProjectTranslation{ProjectID: p.ID, Locale: "en", Title: "Project " + p.Code, CreatedAt: now, UpdatedAt: now})
			ms = append(ms, projects.Milestone{ProjectID: p.ID, Title: "Milestone", DueOn: p.StartsOn, CreatedAt: now, UpdatedAt: now})
			y := p.StartsOn.Time().Year()
			ls = append(ls, projects.BudgetLine{ProjectID: p.ID, Year: y, Category: "Training", Planned: 50000, CreatedAt: now, UpdatedAt: now},
				projects.BudgetLine{ProjectID: p.ID, Year: y + 1, Category: "Equipment", Planned: 50000, CreatedAt: now, UpdatedAt: now})
			for j := 0; j < s.Indicators; j++ {
				inds = append(inds, projects.Indicator{ProjectID: p.ID, Unit: "USD", BaselineValue: 100, BaselineOn: p.StartsOn,
					TargetValue: 200, TargetOn: p.EndsOn, CreatedAt: now, UpdatedAt: now})
			}
		}
		must(tb, db.Gorm.CreateInBatches(ts, 250).Error)
		must(tb, db.Gorm.CreateInBatches(ms, 250).Error)
		must(tb, db.Gorm.CreateInBatches(ls, 250).Error)
		var ds []projects.Disbursement
		for _, l := range ls {
			ds = append(ds, projects.Disbursement{ProjectID: l.ProjectID, BudgetLineID: l.ID, PaidOn: store.Date(fmt.Sprintf("%d-06-30", l.Year)), Amount: 20000, CreatedAt: now, UpdatedAt: now})
		}
		must(tb, db.Gorm.CreateInBatches(ds, 250).Error)
		if len(inds) == 0 {
			continue
		}
		must(tb, db.Gorm.Omit("Translations").CreateInBatches(inds, 250).Error)
		var its []projects.IndicatorTranslation
		var vs []projects.Value
		for j, ind := range inds {
			its = append(its, projects.IndicatorTranslation{IndicatorID: ind.ID, Locale: "en", Title: "Indicator", CreatedAt: now, UpdatedAt: now})
			y := ind.BaselineOn.Time().Year()
			for k := 0; k < s.Periods; k++ {
				vs = append(vs, projects.Value{IndicatorID: ind.ID, MeasuredOn: store.Date(fmt.Sprintf("%d-%02d-28", y+k/12, k%12+1)),
					Value: 100 + float64((j+k*10)%120), CreatedAt: now, UpdatedAt: now})
			}
		}
		must(tb, db.Gorm.CreateInBatches(its, 250).Error)
		must(tb, db.Gorm.CreateInBatches(vs, 500).Error)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("projecttest: %v", err)
	}
}
