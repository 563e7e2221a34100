package certificates

import (
	"context"
	"fmt"

	"github.com/baeum-lms/baeum/enrollment"
)

// TraineeRow is one trainee of a cohort with their current certificate
// (CertificateID 0, Serial and CertStatus "" for none), for the
// coordinator's certificates page and API.
type TraineeRow struct {
	EnrolmentID   int64
	Name          string
	NativeName    string
	Country       string
	Status        enrollment.Status
	CertificateID int64
	Serial        string
	CertStatus    Status
}

// Completed reports whether the trainee may get a certificate.
func (r *TraineeRow) Completed() bool { return r.Status == enrollment.Completed }

// Trainees lists a cohort's trainees with their current certificate in one
// query, by name.
func (s *Service) Trainees(ctx context.Context, cohortID int64) ([]TraineeRow, error) {
	var out []TraineeRow
	err := s.db.Conn(ctx).Table("enrolments AS e").
		Select("e.id AS enrolment_id, u.name, u.native_name, u.country, e.status, "+
			"COALESCE(c.id, 0) AS certificate_id, COALESCE(c.serial, '') AS serial, COALESCE(c.status, '') AS cert_status").
		Joins("JOIN users u ON u.id = e.user_id").
		Joins("LEFT JOIN certificates c ON c.enrolment_id = e.id AND c.status <> ?", Superseded).
		Where("e.cohort_id = ? AND e.status <> ?", cohortID, enrollment.Withdrawn).
		Order("u.name, e.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("certificates: trainees of cohort %d: %w", cohortID, err)
	}
	return out, nil
}
