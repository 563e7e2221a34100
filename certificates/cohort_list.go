package certificates

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/enrollment"
	"github.com/baeum-lms/baeum/web"
)

// TraineeShow narrows a cohort's trainees by where their certificate
// stands.
type TraineeShow string

// The trainee filters of a cohort's certificates page.
const (
	ShowAll        TraineeShow = ""
	ShowIssuable   TraineeShow = "issuable"    // completed, without a certificate
	ShowIssued     TraineeShow = "issued"      // with a certificate (valid or revoked)
	ShowInProgress TraineeShow = "in_progress" // not completed yet
)

// TraineeShows are the filters a page offers, in order.
var TraineeShows = []TraineeShow{ShowIssuable, ShowIssued, ShowInProgress}

// TraineeFilter narrows a cohort's trainees and chooses one page of them.
type TraineeFilter struct {
	Search web.Search // words in the name, native name, e-mail or organisation
	Show   TraineeShow
	Page   web.PageRequest
}

// TraineePage is one page of a cohort's trainees with their certificates,
// by name, and how many the filter keeps on every page.
type TraineePage struct {
	Rows  []TraineeRow
	Total int64
	Page  web.PageRequest // as bounded
}

// traineeListRow is a TraineeRow with what a search looks at and the
// window total.
type traineeListRow struct {
	TraineeRow
	Email        string
	Organisation string
	Total        int64
}

func (s *Service) traineeWhere(ctx context.Context, cohortID int64, f TraineeFilter) *gorm.DB {
	q := s.db.Conn(ctx).Table("enrolments AS e").
		Joins("JOIN users u ON u.id = e.user_id").
		Joins("LEFT JOIN certificates c ON c.enrolment_id = e.id AND c.status <> ?", Superseded).
		Where("e.cohort_id = ? AND e.status <> ?", cohortID, enrollment.Withdrawn)
	switch f.Show {
	case ShowIssuable:
		q = q.Where("e.status = ? AND c.id IS NULL", enrollment.Completed)
	case ShowIssued:
		q = q.Where("c.id IS NOT NULL")
	case ShowInProgress:
		q = q.Where("e.status <> ?", enrollment.Completed)
	}
	for _, p := range f.Search.Patterns() {
		q = q.Where(`(LOWER(u.name) LIKE ? ESCAPE '\' OR LOWER(u.native_name) LIKE ? ESCAPE '\'
			OR LOWER(u.email) LIKE ? ESCAPE '\' OR LOWER(u.organisation) LIKE ? ESCAPE '\')`, p, p, p, p)
	}
	return q
}

const traineeColumns = "e.id AS enrolment_id, u.name, u.native_name, u.country, u.email, u.organisation, e.status, " +
	"COALESCE(c.id, 0) AS certificate_id, COALESCE(c.serial, '') AS serial, COALESCE(c.status, '') AS cert_status"

// TraineesPage lists one page of a cohort's trainees (not withdrawn) with
// their current certificate, by name, in one query whatever the cohort's
// size, the total from a window function. A search with letters whose case
// SQL cannot fold (see web.Search) reads the rows its pattern finds and
// keeps the right ones in Go; a page past the end counts in a second query.
func (s *Service) TraineesPage(ctx context.Context, cohortID int64, f TraineeFilter) (*TraineePage, error) {
	page := f.Page.Bounded()
	out := &TraineePage{Page: page, Rows: []TraineeRow{}}
	if !f.Search.Exact() {
		q := s.traineeWhere(ctx, cohortID, f).Select(traineeColumns).Order("u.name, e.id")
		rows, err := q.Rows()
		if err != nil {
			return nil, fmt.Errorf("certificates: trainees of cohort %d: %w", cohortID, err)
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			var r traineeListRow
			if err := q.ScanRows(rows, &r); err != nil {
				return nil, fmt.Errorf("certificates: trainees of cohort %d: %w", cohortID, err)
			}
			if !f.Search.Matches(r.Name, r.NativeName, r.Email, r.Organisation) {
				continue
			}
			out.Total++
			if out.Total > int64(page.Offset()) && len(out.Rows) < page.PerPage {
				out.Rows = append(out.Rows, r.TraineeRow)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("certificates: trainees of cohort %d: %w", cohortID, err)
		}
		return out, nil
	}
	var rows []traineeListRow
	err := s.traineeWhere(ctx, cohortID, f).Select(traineeColumns + ", COUNT(*) OVER () AS total").Order("u.name, e.id").
		Limit(page.PerPage).Offset(page.Offset()).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("certificates: trainees of cohort %d: %w", cohortID, err)
	}
	for _, r := range rows {
		out.Rows = append(out.Rows, r.TraineeRow)
		out.Total = r.Total
	}
	if len(rows) == 0 && page.Page > 1 {
		if err := s.traineeWhere(ctx, cohortID, f).Count(&out.Total).Error; err != nil {
			return nil, fmt.Errorf("certificates: count trainees of cohort %d: %w", cohortID, err)
		}
	}
	return out, nil
}

// TraineeCounts counts a whole cohort's trainees with a certificate and
// those completed without one, in one query.
func (s *Service) TraineeCounts(ctx context.Context, cohortID int64) (issued, issuable int64, err error) {
	var out struct{ Issued, Issuable int64 }
	err = s.traineeWhere(ctx, cohortID, TraineeFilter{}).
		Select(`COALESCE(SUM(CASE WHEN c.id IS NOT NULL THEN 1 ELSE 0 END), 0) AS issued,
			COALESCE(SUM(CASE WHEN c.id IS NULL AND e.status = ? THEN 1 ELSE 0 END), 0) AS issuable`, enrollment.Completed).
		Scan(&out).Error
	if err != nil {
		return 0, 0, fmt.Errorf("certificates: count certificates of cohort %d: %w", cohortID, err)
	}
	return out.Issued, out.Issuable, nil
}
