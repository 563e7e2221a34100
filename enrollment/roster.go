package enrollment

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/web"
)

// RosterRow is one trainee of a cohort with their progress summary.
type RosterRow struct {
	EnrolmentID     int64
	UserID          int64
	Email           string
	Name            string
	NativeName      string
	Country         string
	Position        string
	Organisation    string
	Gender          string
	Status          Status
	LessonsDone     int
	LessonsRequired int
	Percent         int
	BestScore       *float64
	AttendanceRate  *int
	LastActivityAt  *time.Time
	CompletedAt     *time.Time
	AtRisk          bool
}

// A trainee is at risk while their enrolment is active and their lesson
// progress is more than AtRiskMargin points behind the share of the
// cohort's time already past, or their attendance is below the cohort's
// threshold. The rule is written once, in SQL, so the roster can put those
// trainees first and count them in the query that pages it.
const AtRiskMargin = 20

// atRiskSQL is the rule as an SQL expression (1 at risk, 0 not); its
// arguments come from atRiskArgs.
const atRiskSQL = `CASE WHEN e.status = ? AND ((e.lessons_required > 0 AND e.percent + ? < ?)
	OR (e.attendance_rate IS NOT NULL AND e.attendance_rate < ?)) THEN 1 ELSE 0 END`

func (s *Service) atRiskArgs(c *Cohort) []any {
	return []any{Active, AtRiskMargin, expectedPercent(c, s.now()), c.AttendanceThreshold}
}

// RosterFilter narrows a cohort's roster and chooses one page of it.
type RosterFilter struct {
	Search web.Search // words in the name, native name, e-mail or organisation
	Status Status     // "" for every status
	AtRisk bool       // only the trainees at risk
	Seated bool       // only active and completed trainees (a marking sheet)
	ByName bool       // by name only, not the trainees at risk first
	Page   web.PageRequest
}

// RosterPage is one page of a cohort's roster: the trainees at risk first
// (unless the filter says by name), then by name, and how many trainees the filter keeps on every page.
type RosterPage struct {
	Rows  []RosterRow
	Total int64
	Page  web.PageRequest // as bounded
}

// RosterSummary counts a whole cohort's trainees, whatever a list shows.
type RosterSummary struct {
	Trainees  int64
	Active    int64
	Completed int64
	Withdrawn int64
	AtRisk    int64
}

// rosterColumns are read in the order scanRosterRow scans them.
const rosterColumns = `e.id, e.user_id, u.email, u.name, u.native_name, u.country, u.position, u.organisation, u.gender,
	e.status, e.lessons_done, e.lessons_required, e.percent, e.best_score, e.attendance_rate, e.last_activity_at, e.completed_at`

// rosterWhere is the trainees of c that f keeps (its search only by
// pattern: see web.Search).
func (s *Service) rosterWhere(ctx context.Context, c *Cohort, f RosterFilter) *gorm.DB {
	q := s.db.Conn(ctx).Table("enrolments AS e").Joins("JOIN users u ON u.id = e.user_id").Where("e.cohort_id = ?", c.ID)
	if f.Status != "" {
		q = q.Where("e.status = ?", f.Status)
	}
	if f.AtRisk {
		q = q.Where(atRiskSQL+" = 1", s.atRiskArgs(c)...)
	}
	if f.Seated {
		q = q.Where("e.status IN ?", []Status{Active, Completed})
	}
	for _, p := range f.Search.Patterns() {
		q = q.Where(`(LOWER(u.name) LIKE ? ESCAPE '\' OR LOWER(u.native_name) LIKE ? ESCAPE '\'
			OR LOWER(u.email) LIKE ? ESCAPE '\' OR LOWER(u.organisation) LIKE ? ESCAPE '\')`, p, p, p, p)
	}
	return q
}

// rosterQuery reads the rows of rosterWhere, at risk first unless
// f.ByName, with the window total when withTotal.
func (s *Service) rosterQuery(ctx context.Context, c *Cohort, f RosterFilter, withTotal bool) *gorm.DB {
	cols := rosterColumns + ", " + atRiskSQL + " AS at_risk"
	if withTotal {
		cols += ", COUNT(*) OVER () AS total"
	}
	q := s.rosterWhere(ctx, c, f).Select(cols, s.atRiskArgs(c)...)
	if !f.ByName {
		return q.Order("at_risk DESC, u.name, e.id")
	}
	return q.Order("u.name, e.id")
}

// RosterPage lists one page of a cohort's trainees (accepted, completed and
// withdrawn) with their progress, the trainees at risk first, in one query
// whatever the cohort's size: it reads the summary row of each enrolment,
// never the raw progress events, and the total comes from a window
// function. (A search with letters whose case SQL cannot fold reads the
// rows its pattern finds and keeps the right ones in Go; a page past the
// end counts the list in a second query.)
func (s *Service) RosterPage(ctx context.Context, c *Cohort, f RosterFilter) (*RosterPage, error) {
	page := f.Page.Bounded()
	out := &RosterPage{Page: page, Rows: []RosterRow{}}
	if !f.Search.Exact() {
		err := s.eachRoster(s.rosterQuery(ctx, c, f, false), false, func(r *RosterRow, _ int64) error {
			if !f.Search.Matches(r.Name, r.NativeName, r.Email, r.Organisation) {
				return nil
			}
			out.Total++
			if out.Total > int64(page.Offset()) && len(out.Rows) < page.PerPage {
				out.Rows = append(out.Rows, *r)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("enrollment: roster of cohort %d: %w", c.ID, err)
		}
		return out, nil
	}
	q := s.rosterQuery(ctx, c, f, true).Limit(page.PerPage).Offset(page.Offset())
	err := s.eachRoster(q, true, func(r *RosterRow, total int64) error {
		out.Rows = append(out.Rows, *r)
		out.Total = total
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("enrollment: roster of cohort %d: %w", c.ID, err)
	}
	if len(out.Rows) == 0 && page.Page > 1 {
		if err := s.rosterWhere(ctx, c, f).Count(&out.Total).Error; err != nil {
			return nil, fmt.Errorf("enrollment: count roster of cohort %d: %w", c.ID, err)
		}
	}
	return out, nil
}

// EachRosterRow calls fn with every trainee of a cohort that f keeps (all
// pages; f.Page is ignored), in the order of RosterPage, reading the rows one at a time
// so an export of thousands never holds the roster in memory.
func (s *Service) EachRosterRow(ctx context.Context, c *Cohort, f RosterFilter, fn func(*RosterRow) error) error {
	err := s.eachRoster(s.rosterQuery(ctx, c, f, false), false, func(r *RosterRow, _ int64) error {
		if !f.Search.Exact() && !f.Search.Matches(r.Name, r.NativeName, r.Email, r.Organisation) {
			return nil
		}
		return fn(r)
	})
	if err != nil {
		return fmt.Errorf("enrollment: roster of cohort %d: %w", c.ID, err)
	}
	return nil
}

// Roster lists every trainee of a cohort by name (see RosterPage for the
// lists people read).
func (s *Service) Roster(ctx context.Context, c *Cohort) ([]RosterRow, error) {
	var out []RosterRow
	err := s.eachRoster(s.rosterQuery(ctx, c, RosterFilter{ByName: true}, false), false, func(r *RosterRow, _ int64) error {
		out = append(out, *r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("enrollment: roster of cohort %d: %w", c.ID, err)
	}
	return out, nil
}

// eachRoster runs q and calls fn with each row it reads (one RosterRow,
// reused) and, when withTotal, the window total that ends the row.
func (s *Service) eachRoster(q *gorm.DB, withTotal bool, fn func(*RosterRow, int64) error) error {
	rows, err := q.Rows()
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }()
	var (
		r      RosterRow
		atRisk int
		total  int64
	)
	dest := []any{&r.EnrolmentID, &r.UserID, &r.Email, &r.Name, &r.NativeName, &r.Country, &r.Position, &r.Organisation, &r.Gender,
		&r.Status, &r.LessonsDone, &r.LessonsRequired, &r.Percent, &r.BestScore, &r.AttendanceRate, nullTime{&r.LastActivityAt},
		nullTime{&r.CompletedAt}, &atRisk}
	if withTotal {
		dest = append(dest, &total)
	}
	for rows.Next() {
		r.BestScore, r.AttendanceRate = nil, nil
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		r.AtRisk = atRisk == 1
		if err := fn(&r, total); err != nil {
			return err
		}
	}
	return rows.Err()
}

// nullTime scans a nullable time into a *time.Time, nil for NULL, with a
// fresh value each row (the row struct is reused).
type nullTime struct{ p **time.Time }

func (n nullTime) Scan(src any) error {
	var t sql.NullTime
	if err := t.Scan(src); err != nil {
		return err
	}
	*n.p = nil
	if t.Valid {
		v := t.Time.UTC()
		*n.p = &v
	}
	return nil
}

// RosterSummary counts a cohort's trainees by status and those at risk, in
// one query.
func (s *Service) RosterSummary(ctx context.Context, c *Cohort) (RosterSummary, error) {
	var out RosterSummary
	args := append([]any{Active, Completed, Withdrawn}, s.atRiskArgs(c)...)
	err := s.db.Conn(ctx).Table("enrolments AS e").
		Select(`COUNT(*) AS trainees, COALESCE(SUM(CASE WHEN e.status = ? THEN 1 ELSE 0 END), 0) AS active,
			COALESCE(SUM(CASE WHEN e.status = ? THEN 1 ELSE 0 END), 0) AS completed,
			COALESCE(SUM(CASE WHEN e.status = ? THEN 1 ELSE 0 END), 0) AS withdrawn,
			COALESCE(SUM(`+atRiskSQL+`), 0) AS at_risk`, args...).
		Where("e.cohort_id = ?", c.ID).Scan(&out).Error
	if err != nil {
		return out, fmt.Errorf("enrollment: count trainees of cohort %d: %w", c.ID, err)
	}
	return out, nil
}

// expectedPercent is the share of the cohort's period already past.
func expectedPercent(c *Cohort, now time.Time) int {
	start, end := c.StartsOn.Time(), c.EndsOn.Time().Add(24*time.Hour)
	switch {
	case now.Before(start):
		return 0
	case !now.Before(end):
		return 100
	}
	return int(100 * now.Sub(start) / end.Sub(start))
}
