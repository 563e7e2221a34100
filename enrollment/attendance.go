package enrollment

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// ClassSession is one class meeting of an in-person or blended cohort.
type ClassSession struct {
	ID        int64
	CohortID  int64
	StartsAt  time.Time
	Topic     string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Mark is a trainee's attendance at one session.
type Mark string

// The attendance marks.
const (
	Present Mark = "present"
	Late    Mark = "late"
	Absent  Mark = "absent"
	Excused Mark = "excused"
)

// Marks lists every mark.
var Marks = []Mark{Present, Late, Absent, Excused}

// AttendanceRecord is one mark.
type AttendanceRecord struct {
	ID          int64
	SessionID   int64
	EnrolmentID int64
	Mark        Mark
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName keeps gorm on the migrated table name.
func (AttendanceRecord) TableName() string { return "attendance" }

// Attendance errors.
var (
	ErrSessionNotFound = i18n.NewError(i18n.KindNotFound, "error.session.not_found")
	ErrNoSessions      = i18n.NewError(i18n.KindConflict, "error.session.online_cohort")
)

// AddSession adds a class session to an in-person or blended cohort.
func (s *Service) AddSession(ctx context.Context, actor accounts.Actor, cohortID int64, startsAt, topic string) (*ClassSession, error) {
	var v i18n.ValidationError
	at, err := time.Parse("2006-01-02T15:04", strings.TrimSpace(startsAt))
	if err != nil {
		v.Add("starts_at", "error.field.datetime")
	}
	topic = strings.TrimSpace(topic)
	if topic == "" {
		v.Add("topic", "error.field.required")
	} else if utf8.RuneCountInString(topic) > 200 {
		v.Add("topic", "error.field.too_long", "Max", 200)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *ClassSession
	err = s.db.InTx(ctx, func(ctx context.Context) error {
		c, err := s.CohortByID(ctx, cohortID)
		if err != nil {
			return err
		}
		if c.Delivery == courses.Online {
			return ErrNoSessions
		}
		out = &ClassSession{CohortID: cohortID, StartsAt: at.UTC(), Topic: topic}
		if err := s.db.Conn(ctx).Create(out).Error; err != nil {
			return fmt.Errorf("enrollment: add session to cohort %d: %w", cohortID, err)
		}
		return s.audit.Record(ctx, actor, "session.create", "cohort", cohortID, map[string]any{"session_id": out.ID, "starts_at": out.StartsAt, "topic": topic})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Sessions lists a cohort's sessions in time order.
func (s *Service) Sessions(ctx context.Context, cohortID int64) ([]ClassSession, error) {
	var out []ClassSession
	if err := s.db.Conn(ctx).Where("cohort_id = ?", cohortID).Order("starts_at, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("enrollment: sessions of cohort %d: %w", cohortID, err)
	}
	return out, nil
}

// Session returns a session.
func (s *Service) Session(ctx context.Context, id int64) (*ClassSession, error) {
	var cs ClassSession
	if err := s.db.Conn(ctx).First(&cs, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrSessionNotFound
		}
		return nil, fmt.Errorf("enrollment: load session %d: %w", id, err)
	}
	return &cs, nil
}

// SessionMarks returns the marks of a session by enrolment.
func (s *Service) SessionMarks(ctx context.Context, sessionID int64) (map[int64]Mark, error) {
	var rows []AttendanceRecord
	if err := s.db.Conn(ctx).Where("session_id = ?", sessionID).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("enrollment: marks of session %d: %w", sessionID, err)
	}
	out := make(map[int64]Mark, len(rows))
	for _, r := range rows {
		out[r.EnrolmentID] = r.Mark
	}
	return out, nil
}

// MarkAttendance records marks (enrolment id → mark) for one session: every
// enrolment must be an active or completed trainee of the session's
// cohort. The trainees' attendance rates and completion are updated in the
// same transaction.
func (s *Service) MarkAttendance(ctx context.Context, actor accounts.Actor, sessionID int64, marks map[int64]Mark) error {
	var v i18n.ValidationError
	for eid, m := range marks {
		if !contains(Marks, m) {
			v.Add(fmt.Sprintf("mark-%d", eid), "error.field.mark")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		cs, err := s.Session(ctx, sessionID)
		if err != nil {
			return err
		}
		c, err := s.lockCohort(ctx, cs.CohortID)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(marks))
		for id := range marks {
			ids = append(ids, id)
		}
		var n int64
		if err := s.db.Conn(ctx).Model(&Enrolment{}).Where("id IN ? AND cohort_id = ? AND status IN ?", ids, c.ID, []Status{Active, Completed}).Count(&n).Error; err != nil {
			return fmt.Errorf("enrollment: check trainees of cohort %d: %w", c.ID, err)
		}
		if int(n) != len(ids) {
			return fieldError("marks", "error.attendance.foreign")
		}
		now := s.now()
		rows := make([]AttendanceRecord, 0, len(marks))
		for id, m := range marks {
			rows = append(rows, AttendanceRecord{SessionID: sessionID, EnrolmentID: id, Mark: m, CreatedAt: now, UpdatedAt: now})
		}
		if len(rows) > 0 {
			err := s.db.Conn(ctx).Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "session_id"}, {Name: "enrolment_id"}},
				DoUpdates: clause.AssignmentColumns([]string{"mark", "updated_at"}),
			}).Create(&rows).Error
			if err != nil {
				return fmt.Errorf("enrollment: mark session %d: %w", sessionID, err)
			}
		}
		if err := s.refreshAttendance(ctx, c, ids); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "session.attendance", "cohort", c.ID, map[string]any{"session_id": sessionID, "marks": len(marks)})
	})
}

// refreshAttendance recomputes the attendance rate of enrolments (all of
// the cohort when ids is nil): present or late over the sessions that have
// begun, excused sessions left out; then re-evaluates their completion.
func (s *Service) refreshAttendance(ctx context.Context, c *Cohort, ids []int64) error {
	now := s.now()
	var held int64
	if err := s.db.Conn(ctx).Model(&ClassSession{}).Where("cohort_id = ? AND starts_at <= ?", c.ID, now).Count(&held).Error; err != nil {
		return fmt.Errorf("enrollment: sessions held in cohort %d: %w", c.ID, err)
	}
	type tally struct {
		EnrolmentID int64
		Attended    int64
		Excused     int64
	}
	var tallies []tally
	q := s.db.Conn(ctx).Table("attendance AS a").
		Select(`a.enrolment_id,
			SUM(CASE WHEN a.mark IN ('present', 'late') THEN 1 ELSE 0 END) AS attended,
			SUM(CASE WHEN a.mark = 'excused' THEN 1 ELSE 0 END) AS excused`).
		Joins("JOIN class_sessions cs ON cs.id = a.session_id").
		Where("cs.cohort_id = ? AND cs.starts_at <= ?", c.ID, now).Group("a.enrolment_id")
	if ids != nil {
		q = q.Where("a.enrolment_id IN ?", ids)
	}
	if err := q.Scan(&tallies).Error; err != nil {
		return fmt.Errorf("enrollment: attendance of cohort %d: %w", c.ID, err)
	}
	course, err := s.courses.Course(ctx, c.CourseID)
	if err != nil {
		return err
	}
	for _, t := range tallies {
		var rate *int
		if due := held - t.Excused; due > 0 {
			r := int(100 * t.Attended / due)
			rate = &r
		}
		var e Enrolment
		if err := s.db.Conn(ctx).First(&e, t.EnrolmentID).Error; err != nil {
			return fmt.Errorf("enrollment: load enrolment %d: %w", t.EnrolmentID, err)
		}
		e.AttendanceRate = rate
		if err := s.db.Conn(ctx).Model(&e).Select("attendance_rate", "updated_at").Updates(&e).Error; err != nil {
			return fmt.Errorf("enrollment: save attendance of %d: %w", e.ID, err)
		}
		if _, err := s.refresh(ctx, &e, course); err != nil {
			return err
		}
	}
	return nil
}

// attendanceMet reports whether a cohort enrolment meets the cohort's
// attendance rule: online cohorts have none; others need the cohort to have
// ended and the rate at or above the threshold.
func (s *Service) attendanceMet(ctx context.Context, e *Enrolment) (bool, error) {
	if e.CohortID == nil {
		return true, nil
	}
	var c Cohort
	if err := s.db.Conn(ctx).First(&c, *e.CohortID).Error; err != nil {
		return false, fmt.Errorf("enrollment: load cohort %d: %w", *e.CohortID, err)
	}
	if c.Delivery == courses.Online {
		return true, nil
	}
	if store.DateOf(s.now()) < c.EndsOn {
		return false, nil
	}
	return e.AttendanceRate != nil && *e.AttendanceRate >= c.AttendanceThreshold, nil
}
