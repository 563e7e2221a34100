package enrollment

import (
	"context"
	"fmt"
	"time"
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
	AtRisk          bool `gorm:"-"`
}

// Roster lists a cohort's trainees (accepted, completed and withdrawn) with
// their progress, by name, in one query whatever the cohort's size: it
// reads the summary row of each enrolment, never the raw progress events.
// A trainee is at risk when their lesson progress is more than 20 points
// behind the share of the cohort's time already past, or their attendance
// is below the cohort's threshold.
func (s *Service) Roster(ctx context.Context, c *Cohort) ([]RosterRow, error) {
	var rows []RosterRow
	err := s.db.Conn(ctx).Table("enrolments AS e").
		Select(`e.id AS enrolment_id, e.user_id, u.email, u.name, u.native_name, u.country, u.position, u.organisation, u.gender,
			e.status, e.lessons_done, e.lessons_required, e.percent, e.best_score, e.attendance_rate, e.last_activity_at, e.completed_at`).
		Joins("JOIN users u ON u.id = e.user_id").
		Where("e.cohort_id = ?", c.ID).Order("u.name, e.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("enrollment: roster of cohort %d: %w", c.ID, err)
	}
	expected := expectedPercent(c, s.now())
	for i := range rows {
		r := &rows[i]
		if r.Status != Active {
			continue
		}
		behind := r.LessonsRequired > 0 && r.Percent+20 < expected
		lowAttendance := r.AttendanceRate != nil && *r.AttendanceRate < c.AttendanceThreshold
		r.AtRisk = behind || lowAttendance
	}
	return rows, nil
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
