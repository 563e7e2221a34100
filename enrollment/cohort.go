package enrollment

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/baeum-lms/baeum/accounts"
	"github.com/baeum-lms/baeum/courses"
	"github.com/baeum-lms/baeum/i18n"
	"github.com/baeum-lms/baeum/store"
)

// Cohort is a group that takes a course together: for one partner
// country, between two dates, with a number of seats.
type Cohort struct {
	ID                  int64
	CourseID            int64
	Code                string
	Country             string // ISO 3166-1 alpha-2
	PartnerOrg          string
	StartsOn            store.Date
	EndsOn              store.Date
	Capacity            int
	SeatsTaken          int // accepted and completed trainees; never above Capacity (CHECK)
	ApplicationsOpenOn  *store.Date
	ApplicationsCloseOn *store.Date
	Delivery            courses.Delivery
	Venue               string
	Languages           string // comma-separated content locales
	AttendanceThreshold int    // percent of sessions needed to complete
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// CohortCoordinator puts a coordinator in charge of a cohort.
type CohortCoordinator struct {
	ID        int64
	CohortID  int64
	UserID    int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// LanguageList splits Languages.
func (c *Cohort) LanguageList() []string {
	var out []string
	for _, l := range strings.Split(c.Languages, ",") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// SeatsLeft is how many trainees can still be accepted.
func (c *Cohort) SeatsLeft() int { return max(0, c.Capacity-c.SeatsTaken) }

// Cohort errors.
var (
	ErrCohortNotFound = i18n.NewError(i18n.KindNotFound, "error.cohort.not_found")
	ErrCohortFull     = i18n.NewError(i18n.KindConflict, "error.cohort.full")
)

// CohortInput is what opening or changing a cohort takes.
type CohortInput struct {
	CourseID            int64
	Code                string
	Country             string
	PartnerOrg          string
	StartsOn            string
	EndsOn              string
	Capacity            int
	ApplicationsOpenOn  string
	ApplicationsCloseOn string
	Delivery            courses.Delivery
	Venue               string
	Languages           []string
	AttendanceThreshold int
	Coordinators        []int64 // users in charge; the creator when empty
}

func (in *CohortInput) build(v *i18n.ValidationError) *Cohort {
	in.Code = strings.TrimSpace(in.Code)
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	c := &Cohort{CourseID: in.CourseID, Code: in.Code, Country: in.Country, PartnerOrg: strings.TrimSpace(in.PartnerOrg),
		Capacity: in.Capacity, Delivery: in.Delivery, Venue: strings.TrimSpace(in.Venue), AttendanceThreshold: in.AttendanceThreshold}
	if in.CourseID <= 0 {
		v.Add("course_id", "error.field.required")
	}
	if !courseCodePattern(in.Code) {
		v.Add("code", "error.field.code")
	}
	if !i18n.ValidCountry(in.Country) {
		v.Add("country", "error.field.country")
	}
	if utf8.RuneCountInString(c.PartnerOrg) > 200 {
		v.Add("partner_org", "error.field.too_long", "Max", 200)
	}
	if utf8.RuneCountInString(c.Venue) > 200 {
		v.Add("venue", "error.field.too_long", "Max", 200)
	}
	if in.Capacity < 1 || in.Capacity > 10000 {
		v.Add("capacity", "error.field.range", "Min", 1, "Max", 10000)
	}
	if in.AttendanceThreshold < 0 || in.AttendanceThreshold > 100 {
		v.Add("attendance_threshold", "error.field.range", "Min", 0, "Max", 100)
	}
	if !slices.Contains(courses.Deliveries, in.Delivery) {
		v.Add("delivery", "error.field.delivery")
	}
	var langs []string
	for _, l := range in.Languages {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if !i18n.ValidLocale(l) {
			v.Add("languages", "error.field.content_locale", "Locale", l)
			continue
		}
		if !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	c.Languages = strings.Join(langs, ",")
	start := i18n.DateField(v, "starts_on", in.StartsOn, true)
	end := i18n.DateField(v, "ends_on", in.EndsOn, true)
	c.ApplicationsOpenOn = i18n.DateField(v, "applications_open_on", in.ApplicationsOpenOn, false)
	c.ApplicationsCloseOn = i18n.DateField(v, "applications_close_on", in.ApplicationsCloseOn, false)
	if start != nil && end != nil {
		c.StartsOn, c.EndsOn = *start, *end
		if *end < *start {
			v.Add("ends_on", "error.cohort.ends_before_start")
		}
	}
	if c.ApplicationsOpenOn != nil && c.ApplicationsCloseOn != nil && *c.ApplicationsCloseOn < *c.ApplicationsOpenOn {
		v.Add("applications_close_on", "error.cohort.window")
	}
	return c
}

func courseCodePattern(code string) bool {
	if code == "" || len(code) > 40 {
		return false
	}
	for i, r := range code {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || (i > 0 && (r == '-' || r == '_' || r == '.'))
		if !ok {
			return false
		}
	}
	return true
}

// checkCoordinators verifies that every id is an active coordinator or
// admin.
func (s *Service) checkCoordinators(ctx context.Context, v *i18n.ValidationError, ids []int64) {
	if len(ids) == 0 {
		v.Add("coordinators", "error.field.required")
		return
	}
	var n int64
	err := s.db.Conn(ctx).Model(&accounts.User{}).Where("id IN ? AND active = ? AND role IN ?", ids, true,
		[]accounts.Role{accounts.RoleCoordinator, accounts.RoleAdmin}).Count(&n).Error
	if err != nil || int(n) != len(slices.Compact(slices.Sorted(slices.Values(ids)))) {
		v.Add("coordinators", "error.cohort.coordinators")
	}
}

// CreateCohort opens a cohort for a course.
func (s *Service) CreateCohort(ctx context.Context, actor accounts.Actor, in CohortInput) (*Cohort, error) {
	if len(in.Coordinators) == 0 && actor.UserID != 0 {
		in.Coordinators = []int64{actor.UserID}
	}
	var v i18n.ValidationError
	c := in.build(&v)
	var out *Cohort
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		s.checkCoordinators(ctx, &v, in.Coordinators)
		if in.CourseID > 0 {
			if _, err := s.courses.Course(ctx, in.CourseID); err != nil {
				v.Add("course_id", "error.course.not_found")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Create(c).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return fieldError("code", "error.field.code_taken")
			}
			return fmt.Errorf("enrollment: create cohort %s: %w", c.Code, err)
		}
		if err := s.setCoordinators(ctx, c.ID, in.Coordinators); err != nil {
			return err
		}
		out = c
		return s.audit.Record(ctx, actor, "cohort.create", "cohort", c.ID, map[string]any{
			"code": c.Code, "course_id": c.CourseID, "country": c.Country, "capacity": c.Capacity, "coordinators": in.Coordinators,
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Service) setCoordinators(ctx context.Context, cohortID int64, ids []int64) error {
	if err := s.db.Conn(ctx).Where("cohort_id = ?", cohortID).Delete(&CohortCoordinator{}).Error; err != nil {
		return fmt.Errorf("enrollment: clear coordinators of cohort %d: %w", cohortID, err)
	}
	rows := make([]CohortCoordinator, 0, len(ids))
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		rows = append(rows, CohortCoordinator{CohortID: cohortID, UserID: id})
	}
	if err := s.db.Conn(ctx).Create(&rows).Error; err != nil {
		return fmt.Errorf("enrollment: set coordinators of cohort %d: %w", cohortID, err)
	}
	return nil
}

// UpdateCohort changes a cohort, for actor (who must manage it). Its
// capacity cannot drop below the seats already taken. The audit entry
// keeps every field as it was and as it became.
func (s *Service) UpdateCohort(ctx context.Context, actor accounts.Actor, id int64, in CohortInput) (*Cohort, error) {
	var v i18n.ValidationError
	next := in.build(&v)
	var out *Cohort
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.mayManage(ctx, actor, id); err != nil {
			return err
		}
		cur, err := s.lockCohort(ctx, id)
		if err != nil {
			return err
		}
		was, err := s.Coordinators(ctx, id)
		if err != nil {
			return err
		}
		s.checkCoordinators(ctx, &v, in.Coordinators)
		if in.CourseID != cur.CourseID {
			v.Add("course_id", "error.cohort.course_fixed")
		}
		if in.Capacity < cur.SeatsTaken {
			v.Add("capacity", "error.cohort.capacity_below_seats", "Seats", cur.SeatsTaken)
		}
		if err := v.Err(); err != nil {
			return err
		}
		next.ID, next.SeatsTaken, next.CreatedAt = cur.ID, cur.SeatsTaken, cur.CreatedAt
		if err := s.db.Conn(ctx).Save(next).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return fieldError("code", "error.field.code_taken")
			}
			return fmt.Errorf("enrollment: update cohort %d: %w", id, err)
		}
		if err := s.setCoordinators(ctx, id, in.Coordinators); err != nil {
			return err
		}
		out = next
		now, err := s.Coordinators(ctx, id)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, "cohort.update", "cohort", id, map[string]any{
			"code": next.Code, "before": cohortAudit(cur, was), "after": cohortAudit(next, now),
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// cohortAudit is what an audit entry keeps of a cohort's fields.
func cohortAudit(c *Cohort, coordinators []int64) map[string]any {
	opt := func(d *store.Date) string {
		if d == nil {
			return ""
		}
		return string(*d)
	}
	return map[string]any{"code": c.Code, "country": c.Country, "partner_org": c.PartnerOrg, "starts_on": string(c.StartsOn),
		"ends_on": string(c.EndsOn), "capacity": c.Capacity, "applications_open_on": opt(c.ApplicationsOpenOn),
		"applications_close_on": opt(c.ApplicationsCloseOn), "delivery": string(c.Delivery), "venue": c.Venue,
		"languages": c.Languages, "attendance_threshold": c.AttendanceThreshold, "coordinators": coordinators}
}
