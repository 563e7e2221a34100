package certificates

import (
	"context"
	"fmt"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/enrollment"
)

// SetAuto turns automatic issuing on completion on or off for a cohort.
func (s *Service) SetAuto(ctx context.Context, actor accounts.Actor, cohortID int64, on bool) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		before, err := s.Auto(ctx, cohortID)
		if err != nil {
			return err
		}
		if before == on {
			return nil
		}
		conn := s.db.Conn(ctx)
		if on {
			err = conn.Exec("INSERT INTO certificate_auto_cohorts (cohort_id, created_at) VALUES (?, ?)", cohortID, s.now()).Error
		} else {
			err = conn.Exec("DELETE FROM certificate_auto_cohorts WHERE cohort_id = ?", cohortID).Error
		}
		if err != nil {
			return fmt.Errorf("certificates: auto issue of cohort %d: %w", cohortID, err)
		}
		return s.acc.Record(ctx, actor, "certificates.auto", "cohort", cohortID, map[string]any{"before": before, "after": on})
	})
}

// Auto reports whether a cohort issues its certificates on completion.
func (s *Service) Auto(ctx context.Context, cohortID int64) (bool, error) {
	var n int64
	if err := s.db.Conn(ctx).Table("certificate_auto_cohorts").Where("cohort_id = ?", cohortID).Count(&n).Error; err != nil {
		return false, fmt.Errorf("certificates: auto issue of cohort %d: %w", cohortID, err)
	}
	return n > 0, nil
}

// AutoIssue issues the certificates of every completed trainee without one
// in the cohorts that issue on completion; the periodic job calls it. It
// returns how many it made.
func (s *Service) AutoIssue(ctx context.Context) (int, error) {
	var rows []struct {
		ID       int64
		CohortID int64
	}
	if err := s.db.Conn(ctx).Table("enrolments AS e").Select("e.id, e.cohort_id").
		Joins("JOIN certificate_auto_cohorts a ON a.cohort_id = e.cohort_id").Where("e.status = ?", enrollment.Completed).
		Where("NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = e.id AND c.status <> ?)", Superseded).
		Order("e.cohort_id, e.id").Limit(1000).Find(&rows).Error; err != nil {
		return 0, fmt.Errorf("certificates: auto issue: %w", err)
	}
	n := 0
	var is *issuing
	for _, r := range rows {
		if is == nil || is.cohort.ID != r.CohortID {
			co, err := s.enr.CohortByID(ctx, r.CohortID)
			if err != nil {
				return n, err
			}
			if is, err = s.prepare(ctx, co.CourseID, &co.ID); err != nil {
				return n, err
			}
		}
		_, made, err := s.issue(ctx, accounts.Actor{}, is, r.ID)
		if err != nil {
			return n, err
		}
		if made {
			n++
		}
	}
	return n, nil
}
