package enrollment

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/web"
)

// ApplicationFilter narrows a cohort's applications and chooses one page
// of them.
type ApplicationFilter struct {
	Search   web.Search // words in the applicant's name, native name, e-mail or organisation
	Status   AppStatus  // "" for every status
	Awaiting bool       // only those awaiting a decision (applied or waitlisted)
	Page     web.PageRequest
}

// ApplicationPage is one page of a cohort's applications and how many the
// filter keeps on every page.
type ApplicationPage struct {
	Applications []ApplicationView
	Total        int64
	Page         web.PageRequest // as bounded
}

// applicationWhere is the applications of a cohort that f keeps (its
// search only by pattern: see web.Search).
func (s *Service) applicationWhere(ctx context.Context, cohortID int64, f ApplicationFilter) *gorm.DB {
	q := s.db.Conn(ctx).Table("applications AS a").Joins("JOIN users u ON u.id = a.user_id").Where("a.cohort_id = ?", cohortID)
	if f.Status != "" {
		q = q.Where("a.status = ?", f.Status)
	}
	if f.Awaiting {
		q = q.Where("a.status IN ?", []AppStatus{Applied, Waitlisted})
	}
	for _, p := range f.Search.Patterns() {
		q = q.Where(`(LOWER(u.name) LIKE ? ESCAPE '\' OR LOWER(u.native_name) LIKE ? ESCAPE '\'
			OR LOWER(u.email) LIKE ? ESCAPE '\' OR LOWER(u.organisation) LIKE ? ESCAPE '\')`, p, p, p, p)
	}
	return q
}

// applicationColumns are what an ApplicationView reads.
const applicationColumns = "a.*, u.email, u.name, u.native_name, u.country, u.position, u.organisation"

// applicationOrder puts the applications awaiting a decision first (new
// ones, then the waiting list in its order), then the others, oldest
// first.
const applicationOrder = `CASE a.status WHEN 'applied' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END,
	CASE WHEN a.status = 'waitlisted' THEN a.waitlisted_at END, a.created_at, a.id`

// ApplicationsPage lists one page of a cohort's applications with the
// applicants' profiles, those awaiting a decision first, in two queries
// whatever the cohort's size (see listPage).
func (s *Service) ApplicationsPage(ctx context.Context, cohortID int64, f ApplicationFilter) (*ApplicationPage, error) {
	page := f.Page.Bounded()
	list, total, err := listPage(func() *gorm.DB { return s.applicationWhere(ctx, cohortID, f) }, applicationColumns, applicationOrder,
		f.Search, func(v *ApplicationView) []string { return []string{v.Name, v.NativeName, v.Email, v.Organisation} }, page)
	if err != nil {
		return nil, fmt.Errorf("enrollment: applications of cohort %d: %w", cohortID, err)
	}
	return &ApplicationPage{Applications: list, Total: total, Page: page}, nil
}

// listPage reads one page of the rows where() selects, as cols in order,
// and how many there are on every page: a count and the page's rows, two
// queries whatever the list's length. A search whose patterns are not
// exact (see web.Search) reads every row they find instead, one at a time,
// and keeps those whose searched values (fields) match.
func listPage[T any](where func() *gorm.DB, cols, order string, search web.Search, fields func(*T) []string, page web.PageRequest) ([]T, int64, error) {
	out := []T{}
	var total int64
	if search.Exact() {
		if err := where().Count(&total).Error; err != nil {
			return nil, 0, err
		}
		if total > int64(page.Offset()) {
			if err := where().Select(cols).Order(order).Limit(page.PerPage).Offset(page.Offset()).Scan(&out).Error; err != nil {
				return nil, 0, err
			}
		}
		return out, total, nil
	}
	q := where().Select(cols).Order(order)
	rows, err := q.Rows()
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var v T
		if err := q.ScanRows(rows, &v); err != nil {
			return nil, 0, err
		}
		if !search.Matches(fields(&v)...) {
			continue
		}
		total++
		if total > int64(page.Offset()) && len(out) < page.PerPage {
			out = append(out, v)
		}
	}
	return out, total, rows.Err()
}

// ApplicationCounts counts a cohort's applications by status, in one
// query; a status nobody is in is absent.
func (s *Service) ApplicationCounts(ctx context.Context, cohortID int64) (map[AppStatus]int64, error) {
	var rows []struct {
		Status AppStatus
		N      int64
	}
	err := s.db.Conn(ctx).Table("applications").Select("status, COUNT(*) AS n").Where("cohort_id = ?", cohortID).
		Group("status").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("enrollment: count applications of cohort %d: %w", cohortID, err)
	}
	out := make(map[AppStatus]int64, len(rows))
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}
