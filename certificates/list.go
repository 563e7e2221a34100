package certificates

import (
	"context"
	"fmt"
	"strings"

	"github.com/baeum-lms/baeum/accounts"
)

// Filter narrows a list of certificates.
type Filter struct {
	CohortID int64  // 0: any
	UserID   int64  // the holder; 0: any
	Status   Status // "": any
	Query    string // part of the holder's name, or a serial
	Page     int    // from 1
	PerPage  int    // at most 200; 50 when 0
}

// List is the certificates user may read, newest first, and how many
// there are: administrators see every certificate, coordinators theirs
// and those of the cohorts in their charge (and of self-paced courses,
// as Readable allows), everyone else their own.
func (s *Service) List(ctx context.Context, user *accounts.User, f Filter) ([]Certificate, int64, error) {
	if user == nil || !user.Active {
		return nil, 0, ErrForbidden
	}
	q := s.db.Conn(ctx).Model(&Certificate{})
	switch {
	case user.Can(accounts.RoleAdmin):
	case user.Can(accounts.RoleCoordinator):
		q = q.Where("(user_id = ? OR cohort_id IS NULL OR cohort_id IN (SELECT cohort_id FROM cohort_coordinators WHERE user_id = ?))", user.ID, user.ID)
	default:
		q = q.Where("user_id = ?", user.ID)
	}
	if f.CohortID != 0 {
		q = q.Where("cohort_id = ?", f.CohortID)
	}
	if f.UserID != 0 {
		q = q.Where("user_id = ?", f.UserID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if text := strings.TrimSpace(f.Query); text != "" {
		like := "%" + likeEscaper.Replace(strings.ToLower(text)) + "%"
		if serial, ok := NormaliseSerial(text); ok {
			q = q.Where("serial = ?", serial)
		} else {
			q = q.Where(`LOWER(holder_name) LIKE ? ESCAPE '\'`, like)
		}
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("certificates: count list: %w", err)
	}
	page, per := max(f.Page, 1), f.PerPage
	if per < 1 || per > 200 {
		per = 50
	}
	var out []Certificate
	if err := q.Order("id DESC").Limit(per).Offset((page - 1) * per).Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("certificates: list: %w", err)
	}
	return out, total, nil
}

// likeEscaper keeps LIKE's wildcards literal in what a person typed.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
