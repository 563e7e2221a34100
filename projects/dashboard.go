package projects

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/store"
)

// Count is one group of a dashboard breakdown.
type Count struct {
	Key   string `json:"key"`
	Kind  Kind   `json:"kind"` // for phases: the procedure the phase belongs to
	Count int    `json:"count"`
}

// CountryProgress is the average indicator progress of a country's projects.
type CountryProgress struct {
	Country    string  `json:"country"`
	Indicators int     `json:"indicators"`
	Average    float64 `json:"average"` // percent toward target
}

// BudgetYear is what was planned and paid in one year and currency.
type BudgetYear struct {
	Year      int    `json:"year"`
	Currency  string `json:"currency"`
	Planned   int64  `json:"planned"`
	Disbursed int64  `json:"disbursed"`
}

// Percent is the share of the plan paid.
func (b BudgetYear) Percent() int {
	if b.Planned == 0 {
		return 0
	}
	return int(100 * b.Disbursed / b.Planned)
}

// OverdueMilestone is an open milestone past its due date.
type OverdueMilestone struct {
	ProjectID int64      `json:"project_i_d"`
	Code      string     `json:"code"`
	Country   string     `json:"country"`
	Title     string     `json:"title"`
	DueOn     store.Date `json:"due_on"`
}

// Dashboard is the staff's overview of the projects matching a filter.
type Dashboard struct {
	Filter       Filter             `json:"filter"`
	Projects     int                `json:"projects"`
	ByCountry    []Count            `json:"by_country"`
	ByYear       []Count            `json:"by_year"` // by start year
	ByKind       []Count            `json:"by_kind"`
	ByPhase      []Count            `json:"by_phase"`
	Indicators   int                `json:"indicators"`
	Measured     int                `json:"measured"` // indicators with at least one actual value
	Buckets      [5]int             `json:"buckets"`  // progress <25, 25–50, 50–75, 75–100, ≥100 percent
	Progress     []CountryProgress  `json:"progress"`
	Budget       []BudgetYear       `json:"budget"`
	Overdue      []OverdueMilestone `json:"overdue"`
	OverdueTotal int                `json:"overdue_total"`
}

// OverdueShown is how many overdue milestones the dashboard lists.
const OverdueShown = 50

// Dashboard computes the overview in six queries, whatever the number of
// projects, indicators and values: aggregation happens in the database or
// in one pass over one result each.
func (s *Service) Dashboard(ctx context.Context, f Filter) (*Dashboard, error) {
	d := &Dashboard{Filter: f}
	if err := s.dashProjects(ctx, d, f); err != nil {
		return nil, err
	}
	if err := s.dashIndicators(ctx, d, f); err != nil {
		return nil, err
	}
	if err := s.dashBudget(ctx, d, f); err != nil {
		return nil, err
	}
	if err := s.dashOverdue(ctx, d, f); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Service) dashProjects(ctx context.Context, d *Dashboard, f Filter) error {
	var rows []struct {
		Kind     Kind
		Country  string
		StartsOn store.Date
		Phase    Phase
	}
	if err := f.apply(s.db.Conn(ctx).Table("projects")).Select("projects.kind, projects.country, projects.starts_on, projects.phase").
		Scan(&rows).Error; err != nil {
		return fmt.Errorf("projects: dashboard projects: %w", err)
	}
	country, year, kind, phase := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	kindOf := map[string]Kind{}
	for _, r := range rows {
		country[r.Country]++
		if len(r.StartsOn) >= 4 {
			year[string(r.StartsOn)[:4]]++
		}
		kind[string(r.Kind)]++
		key := string(r.Kind) + "/" + string(r.Phase)
		phase[key]++
		kindOf[key] = r.Kind
	}
	d.Projects = len(rows)
	d.ByCountry = counts(country, nil, func(a, b Count) int { return cmp.Or(b.Count-a.Count, cmp.Compare(a.Key, b.Key)) })
	d.ByYear = counts(year, nil, func(a, b Count) int { return cmp.Compare(a.Key, b.Key) })
	d.ByKind = counts(kind, nil, func(a, b Count) int { return cmp.Compare(a.Key, b.Key) })
	// Phases in procedure order, kind by kind.
	d.ByPhase = counts(phase, kindOf, func(a, b Count) int {
		ka, pa, _ := cutPhase(a.Key)
		kb, pb, _ := cutPhase(b.Key)
		return cmp.Or(cmp.Compare(ka, kb), cmp.Compare(PhaseIndex(Kind(ka), Phase(pa)), PhaseIndex(Kind(kb), Phase(pb))))
	})
	for i := range d.ByPhase {
		_, p, _ := cutPhase(d.ByPhase[i].Key)
		d.ByPhase[i].Key = p
	}
	return nil
}

func cutPhase(key string) (string, string, bool) {
	for i := range key {
		if key[i] == '/' {
			return key[:i], key[i+1:], true
		}
	}
	return key, "", false
}

func counts(m map[string]int, kinds map[string]Kind, less func(a, b Count) int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, Count: n, Kind: kinds[k]})
	}
	slices.SortFunc(out, less)
	return out
}

func (s *Service) dashIndicators(ctx context.Context, d *Dashboard, f Filter) error {
	var rows []struct {
		Country  string
		Baseline float64
		Target   float64
		Latest   *float64
	}
	// The latest value of each indicator comes from a correlated subquery
	// on the (indicator_id, measured_on) index: one row per indicator.
	err := f.apply(s.db.Conn(ctx).Table("project_indicators i").Joins("JOIN projects ON projects.id = i.project_id")).
		Select(`projects.country AS country, i.baseline_value AS baseline, i.target_value AS target,
			(SELECT v.value FROM project_indicator_values v WHERE v.indicator_id = i.id ORDER BY v.measured_on DESC LIMIT 1) AS latest`).
		Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("projects: dashboard indicators: %w", err)
	}
	type acc struct {
		n   int
		sum float64
	}
	by := map[string]*acc{}
	for _, r := range rows {
		d.Indicators++
		if r.Latest == nil {
			continue
		}
		pct, ok := Progress(r.Baseline, r.Target, *r.Latest)
		if !ok {
			continue
		}
		d.Measured++
		d.Buckets[min(4, max(0, int(pct)/25))]++
		a := by[r.Country]
		if a == nil {
			a = &acc{}
			by[r.Country] = a
		}
		a.n++
		a.sum += min(100, max(0, pct))
	}
	for c, a := range by {
		d.Progress = append(d.Progress, CountryProgress{Country: c, Indicators: a.n, Average: a.sum / float64(a.n)})
	}
	slices.SortFunc(d.Progress, func(a, b CountryProgress) int { return cmp.Compare(a.Country, b.Country) })
	return nil
}

func (s *Service) dashBudget(ctx context.Context, d *Dashboard, f Filter) error {
	type row struct {
		Year     int
		Currency string
		Total    int64
	}
	var planned, paid []row
	if err := f.apply(s.db.Conn(ctx).Table("project_budget_lines l").Joins("JOIN projects ON projects.id = l.project_id")).
		Select("l.year AS year, projects.currency AS currency, SUM(l.planned) AS total").Group("l.year, projects.currency").
		Scan(&planned).Error; err != nil {
		return fmt.Errorf("projects: dashboard budget: %w", err)
	}
	if err := f.apply(s.db.Conn(ctx).Table("project_disbursements x").Joins("JOIN project_budget_lines l ON l.id = x.budget_line_id").
		Joins("JOIN projects ON projects.id = x.project_id")).
		Select("l.year AS year, projects.currency AS currency, SUM(x.amount) AS total").Group("l.year, projects.currency").
		Scan(&paid).Error; err != nil {
		return fmt.Errorf("projects: dashboard disbursements: %w", err)
	}
	by := map[string]*BudgetYear{}
	get := func(y int, c string) *BudgetYear {
		k := strconv.Itoa(y) + c
		if by[k] == nil {
			by[k] = &BudgetYear{Year: y, Currency: c}
		}
		return by[k]
	}
	for _, r := range planned {
		get(r.Year, r.Currency).Planned += r.Total
	}
	for _, r := range paid {
		get(r.Year, r.Currency).Disbursed += r.Total
	}
	for _, b := range by {
		d.Budget = append(d.Budget, *b)
	}
	slices.SortFunc(d.Budget, func(a, b BudgetYear) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Currency, b.Currency))
	})
	return nil
}

func (s *Service) dashOverdue(ctx context.Context, d *Dashboard, f Filter) error {
	today := s.Today()
	q := func() *gorm.DB {
		return f.apply(s.db.Conn(ctx).Table("project_milestones m").Joins("JOIN projects ON projects.id = m.project_id")).
			Where("m.done_on IS NULL AND m.due_on < ?", today)
	}
	var n int64
	if err := q().Count(&n).Error; err != nil {
		return fmt.Errorf("projects: count overdue milestones: %w", err)
	}
	d.OverdueTotal = int(n)
	if err := q().Select("m.project_id AS project_id, projects.code AS code, projects.country AS country, m.title AS title, m.due_on AS due_on").
		Order("m.due_on, m.id").Limit(OverdueShown).Scan(&d.Overdue).Error; err != nil {
		return fmt.Errorf("projects: overdue milestones: %w", err)
	}
	return nil
}
